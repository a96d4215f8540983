// Command miglint-aws serves the miglint subcommands that talk to
// DynamoDB or AWS Batch: run, status, ledger and batch. Users type them
// as miglint run, miglint status, ...; miglint starts this binary, which
// go install puts beside it, in its place.
//
// It is a binary of its own so that miglint stays lean: go vet starts
// miglint once per package, and the AWS SDK's package initialisation and
// the dynamic linking that net brings made each of those processes 4-5 ms
// slower before main (BENCHMARKS.md, "Keeping go vet's processes lean").
//
// Exit codes are miglint's: 0 done, 2 usage, configuration or load error,
// 3 refused; miglint run: otherwise the migration's own exit code.
package main

import (
	"fmt"
	"os"

	"github.com/miglint/miglint/internal/cli"
)

const (
	exitClean = cli.ExitClean
	exitError = cli.ExitError
)

var subcommands = map[string]func(args []string) int{
	"run":    runCmd,
	"status": statusCmd,
	"ledger": ledgerCmd,
	"batch":  batchCmd,
}

func main() {
	os.Exit(dispatch(os.Args[1:]))
}

func dispatch(args []string) int {
	// A miglint of another build would have linted by other rules than
	// the ones miglint run applies here.
	if caller := os.Getenv(cli.BuildEnv); caller != "" && caller != cli.Build() {
		fmt.Fprintf(os.Stderr, "miglint: miglint-aws is build %s, miglint is %s; install both from one version: go install github.com/miglint/miglint/cmd/...@VERSION (in a clone: go install ./cmd/...)\n", cli.Build(), caller)
		return exitError
	}
	os.Unsetenv(cli.BuildEnv)
	if len(args) > 0 {
		if cmd, ok := subcommands[args[0]]; ok {
			return cmd(args[1:])
		}
	}
	fmt.Fprintln(os.Stderr, "usage: miglint run|status|ledger|batch ...; miglint help lists every command")
	return exitError
}
