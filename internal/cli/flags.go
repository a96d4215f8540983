package cli

import (
	"errors"
	"flag"
)

// ParseInterspersed parses args with fs, allowing flags after positional
// arguments too (miglint stale DIR --delete), and returns the positionals.
// A lone "--" ends the flags.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// ParseFlags parses a subcommand's args with ParseInterspersed. When ok
// is false the subcommand exits with code: ExitClean after -h (fs printed
// the usage), ExitError after a bad flag (fs said what is wrong).
func ParseFlags(fs *flag.FlagSet, args []string) (positional []string, code int, ok bool) {
	positional, err := ParseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return nil, ExitClean, false
	case err != nil:
		return nil, ExitError, false
	}
	return positional, ExitClean, true
}
