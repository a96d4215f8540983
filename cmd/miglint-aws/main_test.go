package main

import (
	"testing"

	"github.com/miglint/miglint/internal/testcache"
)

// TestMain keeps the tests off the user's cache directory: miglint batch
// lints through the checker, which caches configurations and results.
func TestMain(m *testing.M) { testcache.Main(m) }
