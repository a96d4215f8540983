package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/ledger"
	"github.com/miglint/miglint/runner"
)

const ledgerUsage = `usage: miglint ledger init dev|prod [--endpoint URL]

Creates the run ledger's table ([ledger] table, default miglint_ledger),
keyed by pk and sk (strings), billed per request, unless it exists.
dev: in the local DynamoDB at --endpoint, else [runner] dev_endpoint (dev
runs also create it on first use). prod: in the AWS account and region of
your AWS configuration (AWS_PROFILE, AWS_REGION, ...); a prod run refuses
to start without it. An existing table of another shape is an error.

Exit codes: 0 created or already there, 2 usage or configuration error,
3 the table could not be created or checked.
`

func ledgerCmd(args []string) int {
	fs := flag.NewFlagSet("miglint ledger", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "", "dev: the local DynamoDB")
	fs.Usage = func() { fmt.Fprint(fs.Output(), ledgerUsage) }
	pos, code, ok := cli.ParseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 || pos[0] != "init" || (pos[1] != ledger.Dev && pos[1] != ledger.Prod) {
		fmt.Fprintf(os.Stderr, "miglint ledger: want init dev or init prod, got %q\n%s", pos, ledgerUsage)
		return exitError
	}
	env := pos[1]
	if env == ledger.Prod && *endpoint != "" {
		fmt.Fprintln(os.Stderr, "miglint ledger: --endpoint is for dev; the prod ledger is where your AWS configuration points (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB)")
		return exitError
	}
	cfg, ok := cli.LoadConfig("miglint ledger", ".")
	if !ok {
		return exitError
	}
	o := ledger.Options{Env: env, Table: cfg.Ledger.Table, Lease: time.Duration(cfg.Ledger.LeaseSeconds) * time.Second}
	if env == ledger.Dev {
		o.Endpoint = cfg.Runner.DevEndpoint
		if *endpoint != "" {
			o.Endpoint = *endpoint
		}
		if err := runner.CheckDevEndpoint(o.Endpoint); err != nil {
			fmt.Fprintf(os.Stderr, "miglint ledger: %v\n", err)
			return exitError
		}
	}
	created, l, err := ledger.Init(context.Background(), o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint ledger: %v\n", err)
		return exitRefused
	}
	if created {
		fmt.Printf("created the %s ledger table %q %s\n", env, l.Table(), l.Where())
	} else {
		fmt.Printf("the %s ledger table %q %s already exists; nothing to do\n", env, l.Table(), l.Where())
	}
	return exitClean
}
