package retention_test

import (
	"testing"

	"github.com/miglint/miglint/internal/testcache"
)

// TestMain keeps the tests off the user's cache directory.
func TestMain(m *testing.M) { testcache.Main(m) }
