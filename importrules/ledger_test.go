package importrules

import "testing"

// The [ledger] and [runner] tables: defaults, values, and every mistake
// with its line and key.

func TestLedgerRunnerDefaults(t *testing.T) {
	c, err := Load(writeConfig(t, "# nothing configured\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Ledger != (Ledger{Table: "miglint_ledger", LeaseSeconds: 30}) {
		t.Errorf("Ledger = %+v", c.Ledger)
	}
	if c.Runner != (Runner{DevEndpoint: "http://127.0.0.1:8000", RequireDryRun: true}) {
		t.Errorf("Runner = %+v", c.Runner)
	}
}

func TestLedgerRunnerValues(t *testing.T) {
	c, err := Load(writeConfig(t, "[ledger]\ntable = \"team.runs-1\"\nlease_seconds = 6\n\n[runner]\ndev_endpoint = \"http://localhost:4567\"\nrequire_dry_run = false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Ledger != (Ledger{Table: "team.runs-1", LeaseSeconds: 6}) || c.Runner != (Runner{DevEndpoint: "http://localhost:4567", RequireDryRun: false}) {
		t.Errorf("Ledger = %+v, Runner = %+v", c.Ledger, c.Runner)
	}
}

func TestLedgerRunnerErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		doc  string
		want []wantErr
	}{
		{"bad table name", "[ledger]\ntable = \"my ledger\"\n", []wantErr{{2, "ledger.table", []string{`"my ledger" is not a DynamoDB table name`, "miglint_ledger"}}}},
		{"short table name", "[ledger]\n\ntable = \"ab\"\n", []wantErr{{3, "ledger.table", []string{"3 to 255"}}}},
		{"lease too short", "[ledger]\nlease_seconds = 1\n", []wantErr{{2, "ledger.lease_seconds", []string{"1 is out of range", "3 to 3600"}}}},
		{"lease of the wrong type", "[ledger]\nlease_seconds = \"30\"\n", []wantErr{{2, "ledger.lease_seconds", []string{"lease_seconds = 30"}}}},
		{"unknown ledger key", "[ledger]\nlease = 30\n", []wantErr{{2, "ledger.lease", []string{"allowed in [ledger]: table, lease_seconds"}}}},
		{"remote dev endpoint", "[runner]\ndev_endpoint = \"https://dynamodb.eu-west-1.amazonaws.com\"\n", []wantErr{{2, "runner.dev_endpoint", []string{"is not on this machine", "127.0.0.0/8"}}}},
		{"dev endpoint not a URL", "[runner]\n# the local DynamoDB\ndev_endpoint = \"127.0.0.1:8000\"\n", []wantErr{{3, "runner.dev_endpoint", []string{"not an http:// or https:// URL"}}}},
		{"require_dry_run not a bool", "[runner]\nrequire_dry_run = \"yes\"\n", []wantErr{{2, "runner.require_dry_run", []string{"true or false"}}}},
		{"unknown runner key", "[runner]\nendpoint = \"http://127.0.0.1:8000\"\n", []wantErr{{2, "runner.endpoint", []string{"allowed in [runner]: dev_endpoint, require_dry_run"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.doc)
			c, err := Load(path)
			if err == nil {
				t.Fatalf("Load = %+v, want an error", c)
			}
			checkErrors(t, path, err, tt.want)
		})
	}
}

// The documented example shows the defaults of both tables.
func TestExampleConfigLedgerRunner(t *testing.T) {
	c, err := Load("../" + FileName)
	if err != nil {
		t.Fatal(err)
	}
	if d := Default(""); c.Ledger != d.Ledger || c.Runner != d.Runner {
		t.Errorf("the example's [ledger] %+v and [runner] %+v differ from the defaults %+v, %+v", c.Ledger, c.Runner, d.Ledger, d.Runner)
	}
}
