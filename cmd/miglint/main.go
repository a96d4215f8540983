// Command miglint checks DynamoDB data migrations before they run.
//
// One binary has three faces:
//
//	miglint help | version | stale | run | status | ledger | new | hook ...   subcommands
//	go vet -vettool=$(command -v miglint) ./...            the vet protocol
//	miglint [-format text|json|sarif|github] [-fix|-diff] [packages]   the standalone checker
//
// run, status, ledger and batch are served by miglint-aws, installed
// beside this binary (delegate.go says why).
//
// Exit codes: 0 clean, 1 findings, 2 usage, configuration or load error,
// 3 (miglint run) refused: nothing ran (findings, a held lock, no dry
// run, a ledger that cannot be reached); miglint status and ledger init:
// a ledger that cannot be reached or read.
package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/internal/cli"
)

const (
	exitClean    = cli.ExitClean
	exitFindings = cli.ExitFindings
	exitError    = cli.ExitError
)

func main() {
	os.Exit(dispatch(os.Args[1:]))
}

func dispatch(args []string) int {
	if len(args) > 0 {
		if cmd, ok := subcommands[args[0]]; ok {
			return cmd(args[1:])
		}
		if slices.Contains(awsCommands, args[0]) {
			return delegate(args[0], args[1:])
		}
	}
	if isVetInvocation(args) {
		runVet() // exits
	}
	return standalone(args)
}

var subcommands = map[string]func(args []string) int{
	"help":    help,
	"version": version,
	"stale":   staleCmd,
	"new":     newCmd,
	"hook":    hookCmd,
}

func help(args []string) int {
	if len(args) == 0 {
		fmt.Print(usage)
		fmt.Println("\nAnalyzers:")
		for _, a := range analyzers.All {
			fmt.Printf("  %-16s %s\n", a.Name, strings.SplitN(a.Doc, "\n", 2)[0])
		}
		fmt.Println("\nmiglint help ANALYZER prints an analyzer's documentation.")
		return exitClean
	}
	for _, a := range analyzers.All {
		if a.Name == args[0] {
			fmt.Printf("%s: %s\n", a.Name, a.Doc)
			return exitClean
		}
	}
	fmt.Fprintf(os.Stderr, "miglint help: no analyzer named %q; miglint help lists them\n", args[0])
	return exitError
}

const usage = `miglint checks DynamoDB data migrations before they run.

Usage:
  miglint [-format text|json|sarif|github] [-fix|-diff] [packages]
                                                         lint (default ./...); -fix applies suggested fixes, -diff prints them
  go vet -vettool=$(command -v miglint) ./...            lint through go vet
  miglint stale [--delete] [--json] [DIR]                list (and delete) stale migrations
  miglint run dev|prod NAME|PATH [--yes] [--endpoint URL] [--allow-dirty] [--rerun]
                               [--skip-dry-run REASON] [-- ARGS]
                                                         lint, build and run a migration (exit 3: refused)
  miglint run dev|prod NAME --segments N [--parallel P] [--segment I]
                                                         run N parallel-scan segments as N processes
  miglint batch NAME --segments N --image IMAGE --queue QUEUE [--job-role ARN] [--out DIR] [--submit]
                                                         write (and submit) an AWS Batch array job
  miglint status [--env dev|prod] [--json] [NAME]        each migration's last run per environment, from the ledger
  miglint ledger init dev|prod                           create the run ledger's table
  miglint new [--segmented] SLUG                         start a new migration
  miglint hook install|uninstall                         git pre-commit hook
  miglint help [ANALYZER]                                this help, or an analyzer's
  miglint version                                        the module version

Exit codes: 0 clean, 1 findings, 2 usage, configuration or load error;
miglint run: 3 refused, else the migration's own exit code; miglint status
and ledger init: 3 when a ledger cannot be reached or read.
`
