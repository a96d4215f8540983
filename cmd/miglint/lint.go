package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/checker"
	"github.com/miglint/miglint/report"
)

// standalone is the standalone checker: miglint [-format F] [-fix|-diff] [packages].
func standalone(args []string) int {
	fs := flag.NewFlagSet("miglint", flag.ContinueOnError)
	format := fs.String("format", "text", "output format: "+strings.Join(report.Formats, ", "))
	fix := fs.Bool("fix", false, "apply the suggested fixes, then report what is left")
	diff := fs.Bool("diff", false, "print the suggested fixes as a unified diff instead of the findings; change nothing")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	if !report.IsFormat(*format) {
		fmt.Fprintf(os.Stderr, "miglint: unknown -format %q; use %s\n", *format, strings.Join(report.Formats, ", "))
		return exitError
	}
	if *fix && *diff {
		fmt.Fprintln(os.Stderr, "miglint: -fix and -diff exclude each other: -diff shows what -fix would change")
		return exitError
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	findings, err := checker.Check(".", patterns, analyzers.All)
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		return exitError
	}
	if *fix || *diff {
		if findings, err = applyFixes(findings, *diff); err != nil {
			fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
			return exitError
		}
		if *diff {
			return exitCode(findings)
		}
	}
	if err := report.Write(os.Stdout, *format, findings, analyzers.All); err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		return exitError
	}
	return exitCode(findings)
}

// applyFixes prints the fixes as a diff (diff) or writes them, and
// returns the findings a fix does not settle; with diff, every finding
// stays (nothing changed), so the exit code still says there are some.
func applyFixes(findings []report.Finding, diff bool) ([]report.Finding, error) {
	fixed, err := checker.Fix(findings)
	if err != nil {
		return nil, err
	}
	if diff {
		return findings, fixed.Diff(os.Stdout)
	}
	if err := fixed.Write(); err != nil {
		return nil, err
	}
	if fixed.Applied > 0 {
		fmt.Fprintf(os.Stderr, "miglint: fixes applied: %d; files changed: %d\n", fixed.Applied, len(fixed.Files))
	}
	if fixed.Conflicts > 0 {
		fmt.Fprintf(os.Stderr, "miglint: fixes left out because they overlap others: %d; run miglint -fix again\n", fixed.Conflicts)
	}
	return fixed.Remaining, nil
}

func exitCode(findings []report.Finding) int {
	if len(findings) > 0 {
		return exitFindings
	}
	return exitClean
}
