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
	if *diff {
		if err := printFixes(findings); err != nil {
			fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
			return exitError
		}
		return exitCode(findings)
	}
	if *fix && hasFixes(findings) {
		if err := applyFixes(findings); err != nil {
			fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
			return exitError
		}
		// What is left is what a new run reports: a fix may settle
		// findings beside its own, or leave a new one (a skeleton's
		// placeholder description).
		if findings, err = checker.Check(".", patterns, analyzers.All); err != nil {
			fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
			return exitError
		}
	}
	if err := report.Write(os.Stdout, *format, findings, analyzers.All); err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		return exitError
	}
	return exitCode(findings)
}

// printFixes prints the suggested fixes as a unified diff.
func printFixes(findings []report.Finding) error {
	fixed, err := checker.Fix(findings)
	if err != nil {
		return err
	}
	return fixed.Diff(os.Stdout)
}

// applyFixes writes the suggested fixes into the files.
func applyFixes(findings []report.Finding) error {
	fixed, err := checker.Fix(findings)
	if err != nil {
		return err
	}
	if err := fixed.Write(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "miglint: fixes applied: %d; files changed: %d\n", fixed.Applied, len(fixed.Files))
	if fixed.Conflicts > 0 {
		fmt.Fprintf(os.Stderr, "miglint: fixes left out because they overlap others: %d; run miglint -fix again\n", fixed.Conflicts)
	}
	return nil
}

func hasFixes(findings []report.Finding) bool {
	for _, f := range findings {
		if len(f.Fixes) > 0 {
			return true
		}
	}
	return false
}

func exitCode(findings []report.Finding) int {
	if len(findings) > 0 {
		return exitFindings
	}
	return exitClean
}
