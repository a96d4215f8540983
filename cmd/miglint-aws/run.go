package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/miglint/miglint/runner"
)

const runUsage = `Usage: miglint run dev|prod NAME|PATH [flags] [-- ARGS for the migration]

Lints the migration with every analyzer and refuses on any finding, builds
the exact bytes it linted, and runs it, recorded in the ledger of its
environment and holding the migration's lock there (miglint status shows
the runs). NAME is the migration's directory
name (0608_remove_root_url) or number (0608); PATH is its directory.
Flags may come before or after NAME and take - or --.

  dev    a dry run against a local DynamoDB: AWS_ENDPOINT_URL_DYNAMODB is
         --endpoint (loopback only), credentials are dummies, and no AWS
         setting of your environment reaches the migration.
  prod   the real thing, with your AWS settings; asks you to type the
         migration's name unless --yes; needs a succeeded dev run of the
         same bytes ([runner] require_dry_run); after a successful run
         writes Execution Time and Finalization Time into the header.

Flags:
  --endpoint URL         dev: the local DynamoDB (default [runner] dev_endpoint, else ` + runner.DefaultEndpoint + `)
  --yes                  prod: do not ask for a typed confirmation
  --allow-dirty          prod: run even though the migration's files are not committed
  --rerun                run again after an interrupted run; prod: even though the header already holds times
  --skip-dry-run REASON  prod: run without a succeeded dry run; the reason is recorded in the ledger
  --segments N           run N processes, one per parallel-scan segment (2 to 10000):
                         each gets AWS_BATCH_JOB_ARRAY_INDEX=I and MIGLINT_TOTAL_SEGMENTS=N,
                         as an AWS Batch array child does (read them with segment.FromEnv)
  --parallel P           with --segments: at most P at once (default all)
  --segment I            with --segments: run only segment I (to retry a failed one)
  --segment-from-env
                         run the one segment AWS_BATCH_JOB_ARRAY_INDEX and
                         MIGLINT_TOTAL_SEGMENTS name (what miglint batch's job runs)

Exit codes: 3 refused (nothing ran), 2 usage, otherwise the migration's own.
`

// runCmd is miglint run.
func runCmd(args []string) int {
	o, code, ok := parseRunArgs(args, os.Stderr)
	if !ok {
		return code
	}
	o.Stdin, o.Stdout, o.Stderr = os.Stdin, os.Stdout, os.Stderr
	o.Terminal = term.IsTerminal(int(os.Stdin.Fd()))
	return runner.Run(context.Background(), o)
}

// parseRunArgs reads miglint run's arguments: flags may stand before,
// between or after the two positionals; "--" ends them, and what follows
// goes to the migration. ok is false when the command is done (help or a
// usage error), with code its exit code.
func parseRunArgs(args []string, stderr io.Writer) (o runner.Options, code int, ok bool) {
	fs := flag.NewFlagSet("miglint run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, runUsage) }
	fs.BoolVar(&o.Yes, "yes", false, "prod: do not ask for a typed confirmation")
	fs.StringVar(&o.Endpoint, "endpoint", "", "dev: the local DynamoDB endpoint")
	fs.BoolVar(&o.AllowDirty, "allow-dirty", false, "prod: run with uncommitted changes")
	fs.BoolVar(&o.Rerun, "rerun", false, "run after an interrupted run; prod: a migration whose header already holds times")
	fs.Func("skip-dry-run", "prod: run without a succeeded dry run, for this reason", func(reason string) error {
		if strings.TrimSpace(reason) == "" {
			return errors.New(`give a reason, e.g. --skip-dry-run "the dev data cannot show this"`)
		}
		o.SkipDryRun = reason
		return nil
	})
	fs.IntVar(&o.Segments.Total, "segments", 0, "run N parallel-scan segments")
	fs.IntVar(&o.Segments.Parallel, "parallel", 0, "with --segments: at most P at once")
	fs.Func("segment", "with --segments: run only segment I", func(v string) error {
		i, err := strconv.Atoi(v)
		o.Segments.Single, o.Segments.Index = true, i
		return err
	})
	fs.BoolVar(&o.Segments.FromEnv, "segment-from-env", false, "run the segment AWS Batch names")

	var positional []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return o, exitClean, false
			}
			return o, exitError, false // the flag package has said what is wrong
		}
		rest = fs.Args()
		// flag.Parse stops at "--" and drops it; find out whether it did.
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			o.Args = rest
			break
		}
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args, rest = rest[1:], rest[1:]
	}
	if len(positional) != 2 {
		got := "nothing"
		if len(positional) > 0 {
			got = strings.Join(positional, " ")
		}
		fmt.Fprintf(stderr, "miglint run: want a mode and a migration, got %s; e.g. miglint run dev 0608_remove_root_url\n\n%s", got, runUsage)
		return o, exitError, false
	}
	switch runner.Mode(positional[0]) {
	case runner.Dev, runner.Prod:
	default:
		fmt.Fprintf(stderr, "miglint run: unknown mode %q; use dev (a dry run against a local DynamoDB) or prod\n", positional[0])
		return o, exitError, false
	}
	o.Mode, o.Target = runner.Mode(positional[0]), positional[1]
	return o, 0, true
}
