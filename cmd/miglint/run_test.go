//go:build unix

package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/miglint/miglint/internal/dynalitetest"
)

// Tests of miglint run through the real binary. DynamoDB is dynalite,
// started on a free loopback port per test (./test.sh installs it); the
// tests create tables and items with the real aws-sdk-go-v2 client and
// read them back the same way.

const cartMigration = "0300_default_cart_currency"

// runEnv is the test's environment without any AWS_ variable or
// MIGLINT_ENV, plus extra: what a user's shell would hand miglint.
func runEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") || k == "MIGLINT_ENV" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// miglintRun runs miglint with args in dir, with exactly env and no
// standard input (as in CI), and returns its output and exit code.
func miglintRun(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(miglintBin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("miglint %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

var (
	execLine = regexp.MustCompile(`(?m)^Execution Time:    (\d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC)$`)
	finLine  = regexp.MustCompile(`(?m)^Finalization Time: (\d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC)$`)
)

// runTimes returns the two times a run printed, failing the test when it
// did not print both in the header's format.
func runTimes(t *testing.T, stderr string) (exec, fin string) {
	t.Helper()
	e, f := execLine.FindStringSubmatch(stderr), finLine.FindStringSubmatch(stderr)
	if e == nil || f == nil {
		t.Fatalf("miglint run did not print Execution Time and Finalization Time in the header's format:\n%s", stderr)
	}
	return e[1], f[1]
}

// seedCarts creates the carts table with carts at several versions.
func seedCarts(t *testing.T, db *dynalitetest.Server) {
	t.Helper()
	S, N := dynalitetest.S, dynalitetest.N
	db.CreateTable(t, "carts")
	db.Put(t, "carts",
		map[string]types.AttributeValue{"id": S("c1"), "version": N(1), "total": N(10)},
		map[string]types.AttributeValue{"id": S("c2"), "version": N(1), "currency": S("USD")},
		map[string]types.AttributeValue{"id": S("c3"), "version": N(2), "currency": S("GBP"), "total": N(3)},
		map[string]types.AttributeValue{"id": S("c4"), "total": N(5)},
	)
}

// migratedCarts is what 0300_default_cart_currency makes of seedCarts.
var migratedCarts = map[string]map[string]string{
	"c1": {"id": "S:c1", "version": "N:2", "total": "N:10", "currency": "S:EUR"},
	"c2": {"id": "S:c2", "version": "N:2", "currency": "S:USD"},
	"c3": {"id": "S:c3", "version": "N:2", "currency": "S:GBP", "total": "N:3"},
	"c4": {"id": "S:c4", "total": "N:5"},
}

func equalItems(a, b map[string]map[string]string) bool {
	return maps.EqualFunc(a, b, func(x, y map[string]string) bool { return maps.Equal(x, y) })
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestRunDevAgainstDynalite runs the sample's real migration as a dev run
// twice: the first run migrates, the second changes nothing. A migration
// with a finding never starts.
func TestRunDevAgainstDynalite(t *testing.T) {
	db := dynalitetest.Start(t)
	dir := copySample(t)
	seedCarts(t, db)
	S, N := dynalitetest.S, dynalitetest.N
	db.CreateTable(t, "users")
	db.Put(t, "users", map[string]types.AttributeValue{"id": S("u1"), "email": S("Ann@Example.COM"), "version": N(1)})
	users := db.Items(t, "users")
	header := filepath.Join(dir, "migrations", cartMigration, "main.go")
	original := readFile(t, header)
	env := runEnv()

	stdout, stderr, code := miglintRun(t, dir, env, "run", "dev", cartMigration, "--endpoint", db.URL)
	if code != 0 {
		t.Fatalf("first dev run: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	runTimes(t, stderr)
	if !strings.Contains(stdout, "carts: migrated 2, skipped 2") {
		t.Errorf("first run's output:\n%s", stdout)
	}
	if got := db.Items(t, "carts"); !equalItems(got, migratedCarts) {
		t.Errorf("after the first run:\n got %v\nwant %v", got, migratedCarts)
	}

	// Again, flags first and a number for the name: nothing left to do.
	stdout, stderr, code = miglintRun(t, dir, env, "run", "-endpoint="+db.URL, "dev", "0300")
	if code != 0 {
		t.Fatalf("second dev run: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "carts: migrated 0, skipped 4") {
		t.Errorf("second run's output:\n%s", stdout)
	}
	if got := db.Items(t, "carts"); !equalItems(got, migratedCarts) {
		t.Errorf("the second run changed items:\n got %v\nwant %v", got, migratedCarts)
	}
	if readFile(t, header) != original {
		t.Error("a dev run changed the header")
	}

	// 0004_lowercase_emails would write to users, but it has no header.
	stdout, stderr, code = miglintRun(t, dir, env, "run", "dev", "migrations/0004_lowercase_emails", "--endpoint", db.URL)
	if code != 3 {
		t.Errorf("migration with a finding: exit %d, want 3", code)
	}
	if !strings.Contains(stderr, filepath.FromSlash("migrations/0004_lowercase_emails/main.go")+":1:1: migration has no header") || !strings.Contains(stderr, "refused") {
		t.Errorf("the finding is not printed as miglint prints it:\n%s", stderr)
	}
	if execLine.MatchString(stderr) || stdout != "" {
		t.Errorf("the migration started:\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
	if got := db.Items(t, "users"); !equalItems(got, users) {
		t.Errorf("users changed although the migration was refused:\n got %v\nwant %v", got, users)
	}
}

// envMigration prints what the migration sees of its AWS settings: the
// variables, and the credentials and region the real SDK resolves.
const envMigration = `// Print what the migration sees of its AWS settings, for the tests of
// miglint run.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"example.com/shop/dbmodel"
)

func main() {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "MIGLINT_") {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	for _, kv := range env {
		fmt.Println("env", kv)
	}
	for _, v := range []string{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"} {
		if _, err := os.Stat(os.Getenv(v)); err == nil {
			fmt.Println("exists", v)
		}
	}
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	o := store.DB.Options()
	creds, err := o.Credentials.Retrieve(ctx)
	if err != nil {
		fmt.Println("credentials:", err)
		os.Exit(1)
	}
	fmt.Println("region", o.Region)
	fmt.Println("key", creds.AccessKeyID, "secret", creds.SecretAccessKey, "token", creds.SessionToken)
}
`

// TestRunDevIsolation gives miglint every kind of AWS setting a developer's
// shell may hold and checks that none reaches a dev run.
func TestRunDevIsolation(t *testing.T) {
	dir := copySample(t)
	writeFiles(t, dir, map[string]string{"migrations/0390_print_aws_settings/main.go": envMigration})

	// A home with a default profile, and explicit files with another.
	home := t.TempDir()
	writeFiles(t, home, map[string]string{
		".aws/credentials": "[default]\naws_access_key_id = AKIAPARENTHOMEKEY001\naws_secret_access_key = parent-home-secret\n",
		".aws/config":      "[default]\nregion = ap-south-1\n",
	})
	files := t.TempDir()
	writeFiles(t, files, map[string]string{
		"credentials":    "[parentprofile]\naws_access_key_id = AKIAPARENTFILEKEY001\naws_secret_access_key = parent-file-secret\n",
		"config":         "[profile parentprofile]\nregion = ap-southeast-2\nrole_arn = arn:aws:iam::123456789012:role/parent-profile-role\nsource_profile = parentprofile\n",
		"web-identity":   "parent-web-identity-token\n",
		"unused/go.keep": "",
	})
	// The go command must keep its caches and settings although HOME moves.
	var goEnv []string
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOENV"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatal(err)
		}
		goEnv = append(goEnv, k+"="+strings.TrimSpace(string(out)))
	}
	parent := runEnv(append(goEnv,
		"HOME="+home,
		"MIGLINT_ENV=prod",
		"AWS_PROFILE=parentprofile",
		"AWS_DEFAULT_PROFILE=parentprofile",
		"AWS_ACCESS_KEY_ID=AKIAPARENTENVKEY0001",
		"AWS_SECRET_ACCESS_KEY=parent-env-secret",
		"AWS_SESSION_TOKEN=parent-session-token",
		"AWS_ROLE_ARN=arn:aws:iam::123456789012:role/parent-role",
		"AWS_ROLE_SESSION_NAME=parent-session",
		"AWS_WEB_IDENTITY_TOKEN_FILE="+filepath.Join(files, "web-identity"),
		"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:1/parent-container-creds",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/parent-container-creds",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN=parent-container-token",
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(files, "credentials"),
		"AWS_CONFIG_FILE="+filepath.Join(files, "config"),
		"AWS_ENDPOINT_URL=http://127.0.0.2:1/parent-endpoint",
		"AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.2:1/parent-dynamodb-endpoint",
		"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true",
		"AWS_REGION=eu-west-3",
	)...)
	endpoint := strings.Replace(dynalitetest.Start(t).URL, "127.0.0.1", "localhost", 1) // the dev ledger is there too
	stdout, stderr, code := miglintRun(t, dir, parent, "run", "dev", "0390", "--endpoint", endpoint)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, leak := range []string{"PARENT", "parent", "arn:aws", "ap-south", "ap-southeast", "eu-west-3", "exists AWS_"} {
		if strings.Contains(stdout, leak) {
			t.Errorf("the dev child sees %q of the parent's settings:\n%s", leak, stdout)
		}
	}
	allowed := []string{"AWS_ACCESS_KEY_ID", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_ENDPOINT_URL_DYNAMODB",
		"AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SHARED_CREDENTIALS_FILE", "MIGLINT_ENV"}
	var keys []string
	for _, line := range strings.Split(stdout, "\n") {
		if kv, ok := strings.CutPrefix(line, "env "); ok {
			k, _, _ := strings.Cut(kv, "=")
			keys = append(keys, k)
		}
	}
	if !slices.Equal(keys, allowed) {
		t.Errorf("the dev child's AWS_ and MIGLINT_ variables are %v, want exactly %v", keys, allowed)
	}
	for _, want := range []string{"env MIGLINT_ENV=dev\n", "env AWS_ENDPOINT_URL_DYNAMODB=" + endpoint + "\n", "region us-east-1\n", " token \n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the dev child's output lacks %q:\n%s", want, stdout)
		}
	}
	if !regexp.MustCompile(`(?m)^key \w+ secret \w+ token $`).MatchString(stdout) {
		t.Errorf("the SDK in the dev child did not resolve static dummy credentials:\n%s", stdout)
	}
}

// signalModule is a module of migrations that need only the standard
// library, for signals and exit codes.
func signalModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	header := func(what string) string {
		return "// " + what + "\n//\n// Execution Time:    pending\n// Finalization Time: pending\npackage main\n\n"
	}
	writeFiles(t, dir, map[string]string{
		"go.mod": "module example.com/signals\n\ngo 1.26.0\n",
		"migrations/0391_trap_signals/main.go": header("Wait for a signal, report it and exit with a code of its own.") + `import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 4)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	fmt.Println("pid", os.Getpid())
	fmt.Println("ready")
	s := <-c
	fmt.Println("migration got", s)
	select {
	case s2 := <-c:
		fmt.Println("migration got a second signal", s2)
		os.Exit(9)
	case <-time.After(500 * time.Millisecond):
	}
	if s == os.Interrupt {
		os.Exit(7)
	}
	os.Exit(8)
}
`,
		"migrations/0392_exit_with_code/main.go": header("Exit with the code given as the first argument.") + `import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	code, err := strconv.Atoi(os.Args[1])
	if err != nil {
		panic(err)
	}
	fmt.Println("exiting with", code)
	os.Exit(code)
}
`,
		"migrations/0393_sleep/main.go": header("Sleep without handling any signal.") + `import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Println("pid", os.Getpid())
	fmt.Println("ready")
	time.Sleep(time.Minute)
}
`,
	})
	return dir
}

// startRun starts miglint run in a process group of its own (as a shell
// would) and returns once the migration has printed "ready". The
// migration prints its process ID first, so that the test can kill it
// however the run ends: it runs in a process group of its own.
func startRun(t *testing.T, dir string, args ...string) (cmd *exec.Cmd, output func() string) {
	t.Helper()
	return startRunEnv(t, dir, runEnv(), args...)
}

// startRunEnv is startRun with the environment env.
func startRunEnv(t *testing.T, dir string, env []string, args ...string) (cmd *exec.Cmd, output func() string) {
	t.Helper()
	cmd = exec.Command(miglintBin, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = 5 * time.Second // a stray migration must not hold Wait up
	var errb syncBuffer
	cmd.Stderr = &errb
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var childPID atomic.Int64
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if pid := childPID.Load(); pid > 0 {
			syscall.Kill(int(pid), syscall.SIGKILL)
		}
	})
	var out syncBuffer
	ready := make(chan bool, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(pipe)
		sent := false
		for sc.Scan() {
			out.Write([]byte(sc.Text() + "\n"))
			line := segmentPrefix.ReplaceAllLiteralString(sc.Text(), "") // of a segmented run
			if pid, ok := strings.CutPrefix(line, "pid "); ok && childPID.Load() == 0 {
				n, _ := strconv.Atoi(pid)
				childPID.Store(int64(n))
			}
			if line == "ready" && !sent {
				sent = true
				ready <- true
			}
		}
		if !sent {
			ready <- false
		}
	}()
	select {
	case ok := <-ready:
		if !ok {
			cmd.Wait()
			t.Fatalf("the migration never got ready:\n%s", errb.String())
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the migration did not get ready within 2 minutes")
	}
	return cmd, func() string {
		select {
		case <-copied:
		case <-time.After(5 * time.Second): // the migration still holds its output open
		}
		return out.String() + errb.String()
	}
}

var segmentPrefix = regexp.MustCompile(`^\[segment \d+\] `)

// syncBuffer is a bytes.Buffer that a test may read while a process
// writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// exitOf waits for miglint to exit, at most a minute: a signal that is not
// passed on leaves the migration waiting for ever.
func exitOf(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatal("miglint run did not exit within a minute of the signal: the migration never got it")
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode()
}

func TestRunForwardsSignals(t *testing.T) {
	dir := signalModule(t)
	db := dynalitetest.Start(t) // for the dev ledger
	for _, tc := range []struct {
		name   string
		group  bool // to miglint's process group, as a Ctrl-C on a terminal
		sig    syscall.Signal
		code   int
		prints string
	}{
		{"SIGINT to miglint", false, syscall.SIGINT, 7, "migration got interrupt"},
		{"SIGTERM to miglint", false, syscall.SIGTERM, 8, "migration got terminated"},
		{"Ctrl-C to the terminal's process group", true, syscall.SIGINT, 7, "migration got interrupt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd, output := startRun(t, dir, "run", "dev", "0391", "--endpoint", db.URL)
			pid := cmd.Process.Pid
			if tc.group {
				pid = -pid
			}
			if err := syscall.Kill(pid, tc.sig); err != nil {
				t.Fatal(err)
			}
			code := exitOf(t, cmd)
			out := output()
			if code != tc.code {
				t.Errorf("exit code %d, want the migration's %d:\n%s", code, tc.code, out)
			}
			if !strings.Contains(out, tc.prints) {
				t.Errorf("output lacks %q:\n%s", tc.prints, out)
			}
			if strings.Contains(out, "second signal") {
				t.Errorf("the migration got the signal twice:\n%s", out)
			}
			if _, fin := runTimes(t, out); fin == "" {
				t.Error("no Finalization Time")
			}
		})
	}

	t.Run("a migration killed by the signal", func(t *testing.T) {
		cmd, output := startRun(t, dir, "run", "dev", "0393", "--endpoint", db.URL)
		syscall.Kill(cmd.Process.Pid, syscall.SIGTERM)
		if code := exitOf(t, cmd); code != 128+int(syscall.SIGTERM) {
			t.Errorf("exit code %d, want %d:\n%s", code, 128+int(syscall.SIGTERM), output())
		}
		if out := output(); !strings.Contains(out, "killed by terminated") {
			t.Errorf("output does not say how the migration ended:\n%s", out)
		}
	})
}

func TestRunExitCodePassthrough(t *testing.T) {
	dir := signalModule(t)
	db := dynalitetest.Start(t) // for the dev ledger
	for _, want := range []int{0, 1, 42} {
		stdout, stderr, code := miglintRun(t, dir, runEnv(), "run", "dev", "0392_exit_with_code", "--endpoint", db.URL, "--", fmt.Sprint(want))
		if code != want {
			t.Errorf("exit code %d, want the migration's %d\n%s%s", code, want, stdout, stderr)
		}
		if !strings.Contains(stdout, fmt.Sprintf("exiting with %d", want)) {
			t.Errorf("the migration's output is not passed on:\n%s", stdout)
		}
		if want != 0 && !strings.Contains(stderr, fmt.Sprintf("failed (exit code %d)", want)) {
			t.Errorf("stderr does not say the migration failed:\n%s", stderr)
		}
	}
}

func TestRunUsageAndRefusals(t *testing.T) {
	dir := signalModule(t)
	env := runEnv(dynalitetest.Start(t).Env()...) // the prod ledger's account
	if _, stderr, code := miglintRun(t, dir, env, "ledger", "init", "prod"); code != 0 {
		t.Fatalf("miglint ledger init prod: exit %d\n%s", code, stderr)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no arguments", []string{"run"}, 2, "want a mode and a migration"},
		{"no migration", []string{"run", "dev"}, 2, "want a mode and a migration"},
		{"unknown mode", []string{"run", "staging", "0392"}, 2, `unknown mode "staging"`},
		{"unknown flag", []string{"run", "dev", "0392", "--frobnicate"}, 2, "flag provided but not defined"},
		{"unknown migration", []string{"run", "dev", "0999"}, 2, `no migration named "0999"`},
		{"remote dev endpoint", []string{"run", "dev", "0392", "--endpoint", "https://dynamodb.us-east-1.amazonaws.com"}, 3, "not on this machine"},
		{"private-range dev endpoint", []string{"run", "--endpoint=http://10.1.2.3:8000", "dev", "0392"}, 3, "not on this machine"},
		{"prod without --yes and no terminal", []string{"run", "prod", "0392", "--allow-dirty"}, 3, "needs --yes or a typed confirmation"},
		{"prod outside git", []string{"run", "prod", "0392", "--yes", "--skip-dry-run", "not under test"}, 3, "--allow-dirty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := miglintRun(t, dir, env, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, want %d with %q; stderr:\n%s", code, tc.code, tc.stderr, stderr)
			}
			if stdout != "" || execLine.MatchString(stderr) {
				t.Errorf("the migration ran:\n%s%s", stdout, stderr)
			}
		})
	}
	if _, stderr, code := miglintRun(t, dir, env, "run", "--help"); code != 0 || !strings.Contains(stderr, "miglint run dev|prod NAME|PATH") {
		t.Errorf("miglint run --help: exit %d\n%s", code, stderr)
	}
}

// TestRunProd runs prod against dynalite, reached through the parent's
// AWS_ENDPOINT_URL_DYNAMODB, in a git repository.
func TestRunProd(t *testing.T) {
	db := dynalitetest.Start(t)
	seedCarts(t, db)
	seeded := db.Items(t, "carts")
	dir := copySample(t)
	writeFiles(t, dir, map[string]string{
		"migrations/0398_fail_on_purpose/main.go": "// Fail on purpose, for the tests of miglint run prod.\n//\n// Execution Time:    pending\n// Finalization Time: pending\npackage main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"failing on purpose\")\n\tos.Exit(5)\n}\n",
	})
	// The ledger's own tests cover dry runs; these runs need none.
	writeFiles(t, dir, map[string]string{"importrules.toml": readFile(t, filepath.Join(dir, "importrules.toml")) + "\n[runner]\nrequire_dry_run = false\n"})
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "sample")
	env := runEnv(db.Env()...)
	if _, stderr, code := miglintRun(t, dir, env, "ledger", "init", "prod"); code != 0 {
		t.Fatalf("miglint ledger init prod: exit %d\n%s", code, stderr)
	}
	header := filepath.Join(dir, "migrations", cartMigration, "main.go")
	original := readFile(t, header)
	untouched := func(step string) {
		t.Helper()
		if got := db.Items(t, "carts"); !equalItems(got, seeded) {
			t.Fatalf("%s: the refused run changed items: %v", step, got)
		}
		if readFile(t, header) != original {
			t.Fatalf("%s: the refused run changed the header", step)
		}
	}

	// No terminal and no --yes.
	if _, stderr, code := miglintRun(t, dir, env, "run", "prod", cartMigration); code != 3 || !strings.Contains(stderr, "--yes") {
		t.Errorf("prod without confirmation: exit %d\n%s", code, stderr)
	}
	untouched("no confirmation")

	// Uncommitted changes: an edit, then a new file.
	if err := os.WriteFile(header, []byte(original+"\n// an uncommitted edit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := miglintRun(t, dir, env, "run", "prod", cartMigration, "--yes")
	if code != 3 || !strings.Contains(stderr, filepath.FromSlash("migrations/"+cartMigration+"/main.go")+" (modified)") || !strings.Contains(stderr, "--allow-dirty") {
		t.Errorf("prod with a modified file: exit %d\n%s", code, stderr)
	}
	if err := os.WriteFile(header, []byte(original), 0o644); err != nil {
		t.Fatal(err)
	}
	untouched("modified file")
	extra := filepath.Join(dir, "migrations", cartMigration, "helper.go")
	writeFiles(t, dir, map[string]string{"migrations/" + cartMigration + "/helper.go": "package main\n"})
	if _, stderr, code := miglintRun(t, dir, env, "run", "prod", cartMigration, "--yes"); code != 3 || !strings.Contains(stderr, "helper.go (untracked)") {
		t.Errorf("prod with an untracked file: exit %d\n%s", code, stderr)
	}
	os.Remove(extra)
	untouched("untracked file")

	// A successful run migrates and stamps the header.
	stdout, stderr, code := miglintRun(t, dir, env, "run", "prod", "--yes", cartMigration)
	if code != 0 {
		t.Fatalf("prod run: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if got := db.Items(t, "carts"); !equalItems(got, migratedCarts) {
		t.Errorf("after the prod run:\n got %v\nwant %v", got, migratedCarts)
	}
	execTime, finTime := runTimes(t, stderr)
	want := strings.Replace(original, "// Execution Time:    pending\n", "// Execution Time:    "+execTime+"\n", 1)
	want = strings.Replace(want, "// Finalization Time: pending\n", "// Finalization Time: "+finTime+"\n", 1)
	if want == original {
		t.Fatal("the sample migration's header is not pending")
	}
	if got := readFile(t, header); got != want {
		t.Errorf("stamped header file:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(stderr, "Commit it") {
		t.Errorf("stderr does not ask to commit the header:\n%s", stderr)
	}
	if entries, _ := os.ReadDir(filepath.Dir(header)); len(entries) != 1 {
		t.Errorf("the migration's directory holds %d entries after stamping, want main.go alone", len(entries))
	}
	if st := git(t, dir, "status", "--porcelain"); strings.TrimSpace(st) != "M migrations/"+cartMigration+"/main.go" {
		t.Errorf("git status after the prod run:\n%s", st)
	}
	// The stamped header lints clean.
	if _, stderr, code := runIn(t, dir, nil, miglintBin, "./migrations/"+cartMigration); code != 0 {
		t.Errorf("the stamped migration does not lint clean:\n%s", stderr)
	}
	git(t, dir, "commit", "-q", "-am", "Record the prod run")

	// It ran: a second prod run is refused unless --rerun.
	stdout, stderr, code = miglintRun(t, dir, env, "run", "prod", cartMigration, "--yes")
	if code != 3 || !strings.Contains(stderr, "already ran in prod") || !strings.Contains(stderr, "--rerun") || stdout != "" {
		t.Errorf("prod of a stamped migration: exit %d\n%s%s", code, stdout, stderr)
	}
	time.Sleep(1100 * time.Millisecond) // so that the new times differ
	stdout, stderr, code = miglintRun(t, dir, env, "run", "prod", cartMigration, "--yes", "--rerun")
	if code != 0 || !strings.Contains(stdout, "carts: migrated 0") {
		t.Fatalf("--rerun: exit %d\n%s%s", code, stdout, stderr)
	}
	execAgain, finAgain := runTimes(t, stderr)
	if got := readFile(t, header); !strings.Contains(got, "// Execution Time:    "+execAgain+"\n") || !strings.Contains(got, "// Finalization Time: "+finAgain+"\n") || execAgain == execTime {
		t.Errorf("--rerun did not write the new times (%s, %s):\n%s", execAgain, finAgain, got)
	}

	// A failed run leaves the header alone and passes the exit code on.
	failing := filepath.Join(dir, "migrations", "0398_fail_on_purpose", "main.go")
	before := readFile(t, failing)
	stdout, stderr, code = miglintRun(t, dir, env, "run", "prod", "0398", "--yes")
	if code != 5 || !strings.Contains(stdout, "failing on purpose") {
		t.Errorf("failing prod run: exit %d, want 5\n%s%s", code, stdout, stderr)
	}
	if readFile(t, failing) != before {
		t.Error("a failed prod run changed the header")
	}
	if !strings.Contains(stderr, "is unchanged") {
		t.Errorf("stderr does not say the header is unchanged:\n%s", stderr)
	}
}
