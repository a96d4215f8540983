package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// LoadConfig loads the configuration that governs dir for the subcommand
// cmd ("miglint stale"), saying what is wrong on standard error; ok is
// false when the command must exit with ExitError.
func LoadConfig(cmd, dir string) (cfg *importrules.Config, ok bool) {
	cfg, err := importrules.ForDir(dir, importrules.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid configuration:\n%v\n", cmd, err)
		return nil, false
	}
	return cfg, true
}

// LoadConfigAndClock is LoadConfig and the clock (MIGLINT_NOW or now).
func LoadConfigAndClock(cmd, dir string) (*importrules.Config, time.Time, bool) {
	cfg, ok := LoadConfig(cmd, dir)
	if !ok {
		return nil, time.Time{}, false
	}
	now, err := migration.Now()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", cmd, err)
		return nil, time.Time{}, false
	}
	return cfg, now, true
}
