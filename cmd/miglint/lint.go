package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/lint"
)

// standalone is the standalone checker: miglint [-format F] [packages].
func standalone(args []string) int {
	fs := flag.NewFlagSet("miglint", flag.ContinueOnError)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	write, ok := lint.Formats[*format]
	if !ok {
		fmt.Fprintf(os.Stderr, "miglint: unknown -format %q; use text, json, sarif or github\n", *format)
		return exitError
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	findings, err := lint.Check(".", patterns, analyzers.All)
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		return exitError
	}
	if err := write(os.Stdout, findings); err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		return exitError
	}
	if len(findings) > 0 {
		return exitFindings
	}
	return exitClean
}
