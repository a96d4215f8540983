package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/batch"

	"github.com/miglint/miglint/internal/dynalitetest"
	"github.com/miglint/miglint/runner"
)

var updateBatch = flag.Bool("update", false, "rewrite the golden files under testdata")

const batchCleanMigration = `// Print a line, for the tests of miglint batch: a migration that lints
// clean and needs nothing but the standard library.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("segment", os.Getenv("AWS_BATCH_JOB_ARRAY_INDEX"), "of", os.Getenv("MIGLINT_TOTAL_SEGMENTS"))
}
`

// repo writes a module with two migrations, 0001_print_segment (clean)
// and 0002_no_header (a finding), and a dynalite as its dev endpoint,
// commits it with real git, makes it the working directory, and returns
// its HEAD.
func batchRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	dev := dynalitetest.Start(t)
	for name, text := range map[string]string{
		"go.mod":                                "module example.com/jobs\n\ngo 1.26.0\n",
		"importrules.toml":                      "[runner]\ndev_endpoint = \"" + dev.URL + "\"\n",
		"migrations/0001_print_segment/main.go": batchCleanMigration,
		"migrations/0002_no_header/main.go":     "package main\n\nfunc main() { println(\"no header\") }\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "two migrations")
	t.Chdir(dir)
	return git("rev-parse", "HEAD")
}

// batchDryRun runs 0001_print_segment in dev in-process, in segments
// (total > 0) or in one piece, as the dry run miglint batch looks for.
func batchDryRun(t *testing.T, total int) {
	t.Helper()
	var stderr bytes.Buffer
	if code := runner.Run(context.Background(), runner.Options{Mode: runner.Dev, Target: "0001", Segments: runner.Segments{Total: total}, Stderr: &stderr}); code != 0 {
		t.Fatalf("dry run of 0001 (%d segments): exit %d\n%s", total, code, stderr.String())
	}
}

// batchRun runs miglint batch in-process.
func batchRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = batchMain(context.Background(), args, os.Environ(), &out, &errb)
	return out.String(), errb.String(), code
}

var batchContentHash = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

// placeholders replaces the commit and the content hash, which depend on
// git and on the runner's snapshot, by names; the test checks them apart.
func batchPlaceholders(t *testing.T, text, commit string) string {
	t.Helper()
	hashes := slices.Compact(batchContentHash.FindAllString(text, -1))
	if len(hashes) != 1 {
		t.Errorf("want one content hash, found %v in:\n%s", hashes, text)
	}
	text = batchContentHash.ReplaceAllLiteralString(text, "${CONTENT_HASH}")
	text = strings.ReplaceAll(text, commit, "${COMMIT}")
	return strings.ReplaceAll(text, commit[:12], "${COMMIT:12}")
}

func batchGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(batchTestdata, name)
	if *updateBatch {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run TestBatch -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -run TestBatch -update rewrites it)\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

// batchTestdata is the package's testdata, found before any test changes
// the working directory.
var batchTestdata = func() string {
	wd, _ := os.Getwd()
	return filepath.Join(wd, "testdata", "batch")
}()

// TestBatchWritesJobFiles writes the two files for 0001_print_segment,
// compares them with the golden files, loads them into the SDK's input
// types (no unknown field), serializes those again and gets the same
// bytes; and a segment run with the job's environment accepts the bytes
// here as the ones that linted clean.
func TestBatchWritesJobFiles(t *testing.T) {
	commit := batchRepo(t)
	batchDryRun(t, 2)
	out := filepath.Join(t.TempDir(), "job")
	_, stderr, code := batchRun(t, "0001_print_segment", "--segments", "4", "--image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/migrations:"+commit[:12],
		"--queue", "migrations", "--job-role", "arn:aws:iam::123456789012:role/migrate-carts", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, want := range []string{"aws batch register-job-definition --cli-input-json file://" + filepath.ToSlash(filepath.Join(out, "job-definition.json")), "aws batch submit-job --cli-input-json file://"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	def, sub := readBatchFile(t, filepath.Join(out, "job-definition.json")), readBatchFile(t, filepath.Join(out, "submit-job.json"))
	batchGolden(t, "job-definition.json", batchPlaceholders(t, def, commit))
	batchGolden(t, "submit-job.json", batchPlaceholders(t, sub, commit))

	var defIn batch.RegisterJobDefinitionInput
	var subIn batch.SubmitJobInput
	loadJSON(t, def, &defIn)
	loadJSON(t, sub, &subIn)
	again, againSub, err := (&batchJob{Definition: &defIn, Submit: &subIn}).files()
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != def || string(againSub) != sub {
		t.Errorf("the files do not survive a round trip through the SDK's types:\n%s\n%s", again, againSub)
	}
	if got := *subIn.ArrayProperties.Size; got != 4 {
		t.Errorf("array size %d, want 4", got)
	}

	// The job's environment, as Batch gives it to child 3, is accepted
	// by the segment run here: the content hash is the runner's own.
	env := os.Environ()
	for _, kv := range defIn.ContainerProperties.Environment {
		env = append(env, *kv.Name+"="+*kv.Value)
	}
	env = append(env, "AWS_BATCH_JOB_ARRAY_INDEX=3")
	var stdout, runErr bytes.Buffer
	code = runner.Run(context.Background(), runner.Options{Mode: runner.Dev, Target: "0001", Env: env,
		Segments: runner.Segments{FromEnv: true}, Stdout: &stdout, Stderr: &runErr})
	if code != 0 || stdout.String() != "[segment 3] segment 3 of 4\n" {
		t.Errorf("segment 3 with the job's environment: exit %d, stdout %q:\n%s", code, stdout.String(), runErr.String())
	}
}

func readBatchFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// load decodes an API JSON file into an SDK input type: encoding/json
// matches the API's member names (jobDefinitionName) to the SDK's fields
// (JobDefinitionName); a member the type lacks fails.
func loadJSON(t *testing.T, text string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("loading into %T: %v", v, err)
	}
}

// TestBatchRefuses checks that nothing is written for a migration with a
// finding (exit 3), without a segmented dry run (a dry run in one piece
// does not count) or with uncommitted changes, and the flag checks.
func TestBatchRefuses(t *testing.T) {
	batchRepo(t)
	out := filepath.Join(t.TempDir(), "job")
	common := []string{"--image", "img", "--queue", "q", "--out", out}
	_, stderr, code := batchRun(t, append([]string{"0002", "--segments", "4"}, common...)...)
	if code != runner.ExitRefused || !strings.Contains(stderr, "migration has no header") {
		t.Errorf("a finding: exit %d, want %d:\n%s", code, runner.ExitRefused, stderr)
	}
	for _, dry := range []string{"no dry run", "a dry run in one piece"} {
		_, stderr, code = batchRun(t, append([]string{"0001", "--segments", "4"}, common...)...)
		if code != runner.ExitRefused || !strings.Contains(stderr, "holds no succeeded dev run in segments, every one of which succeeded, of these exact bytes") || !strings.Contains(stderr, "run miglint run dev 0001_print_segment --segments 4 first") {
			t.Errorf("%s: exit %d, want %d:\n%s", dry, code, runner.ExitRefused, stderr)
		}
		batchDryRun(t, 0)
	}
	batchDryRun(t, 3)
	if err := os.WriteFile(filepath.Join("migrations", "0001_print_segment", "notes.md"), []byte("uncommitted"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = batchRun(t, append([]string{"0001", "--segments", "4"}, common...)...)
	if code != runner.ExitRefused || !strings.Contains(stderr, "notes.md (untracked)") {
		t.Errorf("uncommitted: exit %d, want %d:\n%s", code, runner.ExitRefused, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was written although miglint batch refused", out)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"0001", "--segments", "1", "--image", "i", "--queue", "q"}, "--segments 1: an array job has 2 to 10000 children"},
		{[]string{"0001", "--segments", "10001", "--image", "i", "--queue", "q"}, "--segments 10001"},
		{[]string{"0001", "--segments", "4", "--queue", "q"}, "--image is missing"},
		{[]string{"0001", "--segments", "4", "--image", "i"}, "--queue is missing"},
		{[]string{"0001", "--segments", "4", "--image", "i", "--queue", "q", "--attempts", "11"}, "--attempts 11: AWS Batch allows 1 to 10"},
		{[]string{"0001", "--segments", "4", "--image", "i", "--queue", "q", "--timeout", "30s"}, "--timeout 30s: AWS Batch needs at least 1m"},
		{[]string{"--segments", "4", "--image", "i", "--queue", "q"}, "want one migration, got 0 arguments"},
	} {
		if _, stderr, code := batchRun(t, tc.args...); code != exitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s", tc.args, code, exitError, tc.want, stderr)
		}
	}
}

// TestBatchSubmit points the SDK at a local listener with
// AWS_ENDPOINT_URL_BATCH, as a user's configuration would, and records
// the requests --submit sends: register, then submit of the revision
// registered. The listener answers with the smallest valid bodies.
func TestBatchSubmit(t *testing.T) {
	commit := batchRepo(t)
	batchDryRun(t, 2)
	var mu sync.Mutex
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		pretty, err := canonicalJSON(body) // the tags come in random order
		if err != nil {
			pretty = body
		}
		auth := r.Header.Get("Authorization")
		signed := strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDMIGLINTTEST/") && strings.Contains(auth, "/us-west-2/batch/aws4_request")
		mu.Lock()
		requests = append(requests, fmt.Sprintf("%s %s\nContent-Type: %s\nsigned for batch in us-west-2: %v\n\n%s", r.Method, r.URL.Path, r.Header.Get("Content-Type"), signed, pretty))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/registerjobdefinition":
			fmt.Fprint(w, `{"jobDefinitionArn":"arn:aws:batch:us-west-2:123456789012:job-definition/miglint-0001_print_segment:7","jobDefinitionName":"miglint-0001_print_segment","revision":7}`)
		case "/v1/submitjob":
			fmt.Fprint(w, `{"jobArn":"arn:aws:batch:us-west-2:123456789012:job/4b5c","jobId":"4b5c","jobName":"miglint-0001_print_segment"}`)
		default:
			http.Error(w, "unexpected", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	home := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_BATCH": srv.URL, "AWS_REGION": "us-west-2",
		"AWS_ACCESS_KEY_ID": "AKIDMIGLINTTEST", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "",
		"AWS_PROFILE": "", "AWS_CONFIG_FILE": filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"),
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": "",
	} {
		t.Setenv(k, v)
	}
	stdout, stderr, code := batchRun(t, "0001", "--segments", "3", "--image", "img:1", "--queue", "migrations", "--out", filepath.Join(t.TempDir(), "job"), "--submit", "--attempts", "2", "--timeout", "30m")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if stdout != "4b5c\n" || !strings.Contains(stderr, "submitted job 4b5c (3 segments) to migrations") {
		t.Errorf("stdout %q, stderr:\n%s", stdout, stderr)
	}
	batchGolden(t, "submit-requests.txt", batchPlaceholders(t, strings.Join(requests, "----\n"), commit))
}
