package runner

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/miglint/miglint/internal/dynalitetest"
	"github.com/miglint/miglint/ledger"
)

// These tests call Run in-process on small modules they write, which
// need only the standard library: the refusals and the pieces that the
// end-to-end tests of cmd/miglint cannot reach (the test hook between
// lint and build, a typed confirmation on a terminal).

// writeFiles writes files (slash-separated paths relative to dir).
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// markerMigration is a migration that lints clean and, when it runs,
// writes "ran" to the file named by MIGLINT_TEST_MARKER, using a helper
// package of the module.
const markerMigration = `// Write a marker file so that the test can tell whether this migration
// ran at all.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"log"
	"os"

	"example.com/mod/helper"
)

func main() {
	if err := os.WriteFile(os.Getenv("MIGLINT_TEST_MARKER"), []byte(helper.Word+" "+os.Getenv("MIGLINT_ENV")), 0o644); err != nil {
		log.Fatal(err)
	}
}
`

// newModule writes a module with one clean migration, 0301_write_marker,
// and returns the module's directory and the marker file's path.
func newModule(t *testing.T) (dir, marker string) {
	t.Helper()
	dir = t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":                                "module example.com/mod\n\ngo 1.26.0\n",
		"helper/helper.go":                      "// Package helper is a package the migration imports.\npackage helper\n\n// Word is what the migration writes.\nconst Word = \"ran\"\n",
		"migrations/0301_write_marker/main.go":  markerMigration,
		"migrations/0301_write_marker/notes.md": "notes that travel with the migration\n",
	})
	return dir, filepath.Join(t.TempDir(), "marker")
}

type result struct {
	code           int
	stdout, stderr string
}

func runIn(t *testing.T, dir, marker string, o Options) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	o.Dir = dir
	o.Stdout, o.Stderr = &stdout, &stderr
	if o.Env == nil {
		o.Env = append(os.Environ(), "MIGLINT_TEST_MARKER="+marker)
	}
	if o.Mode == Dev && o.Endpoint == "" {
		o.Endpoint = devServer(t).URL
	}
	code := Run(context.Background(), o)
	return result{code, stdout.String(), stderr.String()}
}

// devServers holds each test's dynalite: a dev run records itself in the
// dev ledger at its endpoint, so it needs a DynamoDB there.
var devServers sync.Map // test name -> *dynalitetest.Server

func devServer(t *testing.T) *dynalitetest.Server {
	t.Helper()
	if s, ok := devServers.Load(t.Name()); ok {
		return s.(*dynalitetest.Server)
	}
	s := dynalitetest.Start(t)
	devServers.Store(t.Name(), s)
	t.Cleanup(func() { devServers.Delete(t.Name()) })
	return s
}

// prodServer starts a dynalite for the prod ledger, reached through the
// AWS configuration as a user's account would be, with the ledger table
// created.
func prodServer(t *testing.T) *dynalitetest.Server {
	t.Helper()
	s := dynalitetest.Start(t)
	for _, kv := range s.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	if _, _, err := ledger.Init(context.Background(), ledger.Options{Env: ledger.Prod, Table: "miglint_ledger"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func ran(t *testing.T, marker string) bool {
	t.Helper()
	_, err := os.Stat(marker)
	return err == nil
}

func TestDevRunsCleanMigration(t *testing.T) {
	dir, marker := newModule(t)
	for _, target := range []string{"0301_write_marker", "0301", "migrations/0301_write_marker", filepath.Join(dir, "migrations", "0301_write_marker")} {
		os.Remove(marker)
		res := runIn(t, dir, marker, Options{Mode: Dev, Target: target})
		if res.code != 0 {
			t.Fatalf("%s: exit %d, want 0:\n%s", target, res.code, res.stderr)
		}
		data, err := os.ReadFile(marker)
		if err != nil || string(data) != "ran dev" {
			t.Errorf("%s: marker %q (%v), want \"ran dev\"", target, data, err)
		}
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`(?m)^Execution Time:    \d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC$`),
			regexp.MustCompile(`(?m)^Finalization Time: \d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC$`),
		} {
			if !want.MatchString(res.stderr) {
				t.Errorf("%s: stderr lacks %s:\n%s", target, want, res.stderr)
			}
		}
	}
}

func TestRefusesFindings(t *testing.T) {
	dir, marker := newModule(t)
	writeFiles(t, dir, map[string]string{
		"migrations/0302_no_header/main.go": "package main\n\nimport \"os\"\n\nfunc main() { os.WriteFile(os.Getenv(\"MIGLINT_TEST_MARKER\"), nil, 0o644) }\n",
	})
	res := runIn(t, dir, marker, Options{Mode: Dev, Target: "0302"})
	if res.code != ExitRefused {
		t.Errorf("exit %d, want %d", res.code, ExitRefused)
	}
	if !strings.Contains(res.stderr, "main.go:1:1: migration has no header") || !strings.Contains(res.stderr, "(header)") {
		t.Errorf("stderr does not show the finding as miglint prints it:\n%s", res.stderr)
	}
	if ran(t, marker) {
		t.Error("the migration ran despite a finding")
	}
}

func TestRefusesLoadAndConfigErrors(t *testing.T) {
	dir, marker := newModule(t)
	writeFiles(t, dir, map[string]string{"migrations/0301_write_marker/broken.go": "package main\n\nfunc broken( {\n"})
	res := runIn(t, dir, marker, Options{Mode: Dev, Target: "0301"})
	if res.code != ExitRefused || !strings.Contains(res.stderr, "broken.go:3") {
		t.Errorf("load error: exit %d, stderr:\n%s", res.code, res.stderr)
	}

	dir, marker = newModule(t)
	writeFiles(t, dir, map[string]string{"importrules.toml": "[migrations]\nretention_months = \"twelve\"\n"})
	res = runIn(t, dir, marker, Options{Mode: Dev, Target: "0301"})
	if res.code != ExitRefused || !strings.Contains(res.stderr, "retention_months") {
		t.Errorf("config error: exit %d, stderr:\n%s", res.code, res.stderr)
	}
	if ran(t, marker) {
		t.Error("the migration ran despite the errors")
	}
}

// TestRefusesBytesChangedAfterLint edits a file after the lint read it:
// the binary might then not be what linted clean, so nothing runs.
func TestRefusesBytesChangedAfterLint(t *testing.T) {
	for _, tc := range []struct {
		name, file, text string
		appendText       bool
	}{
		{"migration file", "migrations/0301_write_marker/main.go", "\n// edited after the lint\n", true},
		{"non-Go file of the migration", "migrations/0301_write_marker/notes.md", "more notes\n", true},
		{"new file in the migration", "migrations/0301_write_marker/extra.go", "package main\n", false},
		{"imported package", "helper/helper.go", "\n// edited after the lint\n", true},
		{"new file in an imported package", "helper/more.go", "package helper\n", false},
		{"go.mod", "go.mod", "\n// edited\n", true},
		{"new go.sum", "go.sum", "", false},
		{"new importrules.toml", "importrules.toml", "[migrations]\nretention_months = 12\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, marker := newModule(t)
			p := filepath.Join(dir, filepath.FromSlash(tc.file))
			edited := false
			o := Options{Mode: Dev, Target: "0301"}
			o.afterLint = func() {
				edited = true
				flag := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
				if tc.appendText {
					flag = os.O_APPEND | os.O_WRONLY
				}
				f, err := os.OpenFile(p, flag, 0o644)
				if err != nil {
					t.Error(err)
					return
				}
				f.WriteString(tc.text)
				f.Close()
			}
			res := runIn(t, dir, marker, o)
			if !edited {
				t.Fatal("the test hook was not called")
			}
			if res.code != ExitRefused {
				t.Errorf("exit %d, want %d; stderr:\n%s", res.code, ExitRefused, res.stderr)
			}
			if !strings.Contains(res.stderr, "changed while miglint linted and built") || !strings.Contains(res.stderr, filepath.Base(tc.file)) {
				t.Errorf("stderr does not name the changed file %s:\n%s", tc.file, res.stderr)
			}
			if ran(t, marker) {
				t.Error("the migration ran although its bytes changed after the lint")
			}
		})
	}

	// Unrelated files may change: a file of another migration is neither
	// linted nor built.
	dir, marker := newModule(t)
	writeFiles(t, dir, map[string]string{"migrations/0302_other/main.go": markerMigration})
	o := Options{Mode: Dev, Target: "0301"}
	o.afterLint = func() { writeFiles(t, dir, map[string]string{"migrations/0302_other/main.go": "package main\n"}) }
	if res := runIn(t, dir, marker, o); res.code != 0 {
		t.Errorf("an edit to another migration refused the run: exit %d\n%s", res.code, res.stderr)
	}
}

func TestCheckDevEndpoint(t *testing.T) {
	for _, ok := range []string{
		"http://127.0.0.1:8000", "http://localhost:8000", "https://LOCALHOST", "http://127.3.4.5:1234",
		"http://[::1]:8000", "http://127.0.0.1:8000/",
	} {
		if err := CheckDevEndpoint(ok); err != nil {
			t.Errorf("CheckDevEndpoint(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{
		"https://dynamodb.us-east-1.amazonaws.com", "http://10.0.0.5:8000", "http://192.168.1.10:8000",
		"http://0.0.0.0:8000", "http://127.0.0.1.nip.io:8000", "http://localhost.example.com", "http://[::]:8000",
		"127.0.0.1:8000", "ftp://127.0.0.1", "http://", "http://2130706433:8000", "http://0x7f000001",
	} {
		if err := CheckDevEndpoint(bad); err == nil {
			t.Errorf("CheckDevEndpoint(%q) = nil, want a refusal", bad)
		}
	}
}

func TestRefusesNonLoopbackEndpoint(t *testing.T) {
	dir, marker := newModule(t)
	res := runIn(t, dir, marker, Options{Mode: Dev, Target: "0301", Endpoint: "https://dynamodb.eu-west-1.amazonaws.com"})
	if res.code != ExitRefused || !strings.Contains(res.stderr, "not on this machine") {
		t.Errorf("exit %d, stderr:\n%s", res.code, res.stderr)
	}
	if ran(t, marker) {
		t.Error("the migration ran with a remote endpoint")
	}
}

func TestDevEnv(t *testing.T) {
	parent := []string{
		"PATH=/bin", "HOME=/home/me", "MIGLINT_ENV=prod",
		"AWS_PROFILE=prod", "AWS_DEFAULT_PROFILE=prod", "AWS_ACCESS_KEY_ID=AKIAREAL", "AWS_SECRET_ACCESS_KEY=real",
		"AWS_SESSION_TOKEN=tok", "AWS_ROLE_ARN=arn", "AWS_ROLE_SESSION_NAME=me", "AWS_WEB_IDENTITY_TOKEN_FILE=/tok",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.2/x", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/x",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=t", "AWS_CONFIG_FILE=/home/me/.aws/config",
		"AWS_SHARED_CREDENTIALS_FILE=/home/me/.aws/credentials", "AWS_ENDPOINT_URL=https://example.com",
		"AWS_ENDPOINT_URL_DYNAMODB=https://dynamodb.amazonaws.com", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true",
		"AWS_DEFAULT_REGION=eu-west-3",
	}
	env := devEnv(parent, "http://127.0.0.1:9999", "/tmp/x")
	got := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if _, dup := got[k]; dup {
			t.Errorf("%s set twice", k)
		}
		got[k] = v
	}
	want := map[string]string{
		"PATH": "/bin", "HOME": "/home/me", "MIGLINT_ENV": "dev",
		"AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9999", "AWS_ACCESS_KEY_ID": devAccessKeyID,
		"AWS_SECRET_ACCESS_KEY": devSecretAccessKey, "AWS_REGION": devRegion,
		"AWS_CONFIG_FILE": filepath.Join("/tmp/x", "no-aws-config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join("/tmp/x", "no-aws-credentials"),
		"AWS_EC2_METADATA_DISABLED": "true",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s=%q, want %q", k, got[k], v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s reaches the dev child", k)
		}
	}
	if region := lookupEnv(devEnv([]string{"PATH=/bin"}, "http://localhost", "/t"), "AWS_REGION"); region != devRegion {
		t.Errorf("no region in the parent: AWS_REGION=%q, want %q", region, devRegion)
	}
}

func TestProdConfirmation(t *testing.T) {
	dir, marker := newModule(t)
	prodServer(t)
	prod := func(o Options) result {
		o.Mode, o.Target, o.AllowDirty = Prod, "0301", true
		o.SkipDryRun = "the confirmation is under test"
		return runIn(t, dir, marker, o)
	}

	res := prod(Options{Stdin: strings.NewReader("0301_write_marker\n")})
	if res.code != ExitRefused || !strings.Contains(res.stderr, "--yes") || ran(t, marker) {
		t.Errorf("no terminal, no --yes: exit %d, ran %v, stderr:\n%s", res.code, ran(t, marker), res.stderr)
	}
	res = prod(Options{Terminal: true, Stdin: strings.NewReader("0301\n")})
	if res.code != ExitRefused || !strings.Contains(res.stderr, `is not "0301_write_marker"`) || ran(t, marker) {
		t.Errorf("wrong name typed: exit %d, ran %v, stderr:\n%s", res.code, ran(t, marker), res.stderr)
	}
	res = prod(Options{Terminal: true, Stdin: strings.NewReader("")})
	if res.code != ExitRefused || ran(t, marker) {
		t.Errorf("nothing typed: exit %d, ran %v, stderr:\n%s", res.code, ran(t, marker), res.stderr)
	}

	res = prod(Options{Terminal: true, Stdin: strings.NewReader("0301_write_marker\n")})
	if res.code != 0 || !strings.Contains(res.stderr, "Type the migration's name (0301_write_marker)") {
		t.Fatalf("confirmed: exit %d, stderr:\n%s", res.code, res.stderr)
	}
	if data, _ := os.ReadFile(marker); string(data) != "ran prod" {
		t.Errorf("marker %q, want \"ran prod\"", data)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "migrations", "0301_write_marker", "main.go"))
	if strings.Contains(string(src), "pending") {
		t.Errorf("the header was not stamped:\n%s", src)
	}
}

func TestUsageErrors(t *testing.T) {
	dir, marker := newModule(t)
	writeFiles(t, dir, map[string]string{"migrations/0301_twin/main.go": markerMigration, "lib/lib.go": "package lib\n"})
	for _, tc := range []struct {
		target, want string
	}{
		{"0999", `no migration named "0999"`},
		{"write_marker", `no migration named "write_marker"`},
		{"0301", `"0301" names 2 migrations`},
		{"lib", "lib is not a migration"},
		{"migrations/0301_missing", "is not a directory"},
	} {
		res := runIn(t, dir, marker, Options{Mode: Dev, Target: tc.target})
		if res.code != ExitUsage || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d with %q; stderr:\n%s", tc.target, res.code, ExitUsage, tc.want, res.stderr)
		}
	}
	if res := runIn(t, dir, marker, Options{Mode: "staging", Target: "0301_twin"}); res.code != ExitUsage {
		t.Errorf("mode staging: exit %d", res.code)
	}
	if res := runIn(t, dir, marker, Options{Mode: Prod, Target: "0301_twin", Endpoint: "http://localhost:1", Yes: true}); res.code != ExitUsage {
		t.Errorf("prod with --endpoint: exit %d", res.code)
	}
}

func TestDirtyFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed: prod runs check the migration is committed")
	}
	dir, _ := newModule(t)
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	mig := filepath.Join(dir, "migrations", "0301_write_marker")
	helper := filepath.Join(dir, "helper", "helper.go")
	if _, err := dirtyFiles(mig, []string{helper}); err == nil {
		t.Error("outside a git work tree: no error")
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "init")
	if d, err := dirtyFiles(mig, []string{helper}); err != nil || len(d) != 0 {
		t.Errorf("committed: %v, %v", d, err)
	}
	writeFiles(t, dir, map[string]string{"helper/helper.go": "package helper\n", "migrations/0301_write_marker/new.go": "package main\n", "elsewhere.go": "package x\n"})
	d, err := dirtyFiles(mig, []string{helper})
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(d, "\n")
	if len(d) != 2 || !strings.Contains(joined, "helper.go (modified)") || !strings.Contains(joined, "new.go (untracked)") {
		t.Errorf("dirty = %q, want helper.go modified and new.go untracked, nothing else", d)
	}
}

func TestDescribeAWS(t *testing.T) {
	env := []string{
		"PATH=/bin", "AWS_ROLE_ARN=arn:aws:iam::123456789012:role/deploy", "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/token",
		"AWS_SHARED_CREDENTIALS_FILE=/etc/aws/credentials", "AWS_CONFIG_FILE=/etc/aws/config", "AWS_CA_BUNDLE=/etc/ca.pem",
		"AWS_ACCESS_KEY_ID=AKIAEXAMPLEKEY1234", "AWS_SECRET_ACCESS_KEY=very-secret", "AWS_SESSION_TOKEN=session-secret",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=container-secret", "AWS_SOMETHING_NEW=unknown-value",
		"AWS_ENDPOINT_URL_DYNAMODB=https://ddb.example.com", "HTTPS_PROXY=http://me:proxy-secret@proxy:3128",
	}
	got := describeAWS(env)
	for _, want := range []string{
		"AWS_ROLE_ARN=arn:aws:iam::123456789012:role/deploy", "AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/token",
		"AWS_SHARED_CREDENTIALS_FILE=/etc/aws/credentials", "AWS_CONFIG_FILE=/etc/aws/config", "AWS_CA_BUNDLE=/etc/ca.pem",
		"AWS_ACCESS_KEY_ID=...1234", "AWS_SECRET_ACCESS_KEY (set; value not shown)", "AWS_SESSION_TOKEN (set; value not shown)",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN (set; value not shown)", "AWS_SOMETHING_NEW (set; value not shown)",
		"AWS_ENDPOINT_URL_DYNAMODB=https://ddb.example.com", "HTTPS_PROXY=http://me:xxxxx@proxy:3128",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("describeAWS lacks %q:\n%s", want, got)
		}
	}
	for _, secret := range []string{"very-secret", "session-secret", "container-secret", "unknown-value", "proxy-secret", "AKIAEXAMPLE"} {
		if strings.Contains(got, secret) {
			t.Errorf("describeAWS shows %q:\n%s", secret, got)
		}
	}
	if got := describeAWS([]string{"PATH=/bin"}); !strings.Contains(got, "no AWS_ variable is set") {
		t.Errorf("describeAWS(no AWS_) = %q", got)
	}
}
