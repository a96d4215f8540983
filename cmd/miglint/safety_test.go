package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/dynalitetest"
)

// End-to-end tests of what miglint's own commands must never do: lose a
// file git cannot bring back, pass without checking, let broken staged
// code through, or record a run of bytes that never ran. Each builds a
// scratch repository with real files (and real git where it matters) and
// runs the real binary.

// oldSource is a migration that finished long before MIGLINT_NOW=2026-11-21:
// stale under the default policy.
var oldSource = migrationSource("Backfill the totals of every cart.", "2024-03-01 at 10:00:00 UTC", "2024-03-01 at 10:30:00 UTC")

// brokenSource has no header and an empty main.
const brokenSource = "package main\n\nfunc main() {}\n"

// safetyEnv is the environment of these tests: a fixed clock, git without
// the user's configuration, and miglint's cache in a temporary directory.
func safetyEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	env := append([]string{"MIGLINT_NOW=2026-11-21", "XDG_CACHE_HOME=" + t.TempDir()}, gitEnv...)
	return append(env, extra...)
}

// commitAll makes dir a git repository holding everything in it.
func commitAll(t *testing.T, dir string) {
	t.Helper()
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "initial")
}

// Case 1: stale --delete never deletes what git could not restore.
func TestStaleDeleteKeepsWhatGitCannotRestore(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":                              "module example.com/shop\n\ngo 1.26.0\n",
		".gitignore":                          "backup*.json\ntooling/\n",
		"migrations/0001_with_backup/main.go": oldSource,
		"migrations/0002_nested_repo/main.go": oldSource,
		"migrations/0003_plain/main.go":       oldSource,
	})
	commitAll(t, dir)
	// Never committed, ignored: the only copy.
	backup := filepath.Join(dir, "migrations", "0001_with_backup", "backup-prod.json")
	writeFiles(t, dir, map[string]string{"migrations/0001_with_backup/backup-prod.json": `{"items": "the only copy"}`})
	// An ignored repository of its own, with history.
	nested := filepath.Join(dir, "migrations", "0002_nested_repo", "tooling")
	writeFiles(t, nested, map[string]string{"README": "tools with their own history\n"})
	commitAll(t, nested)

	out, stderr, code := runIn(t, dir, safetyEnv(t), miglintBin, "stale", "--delete")
	if code != exitClean {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	if !exists(backup) {
		t.Error("the ignored, never-committed backup-prod.json was deleted")
	}
	if !exists(filepath.Join(nested, ".git")) || !exists(filepath.Join(nested, "README")) {
		t.Error("the ignored nested repository was deleted")
	}
	for _, want := range []string{
		"skipped migrations/0001_with_backup: refused: it holds what git could not bring back", "backup-prod.json (ignored by git, never committed)",
		"skipped migrations/0002_nested_repo: refused:", "tooling/ (ignored by git, never committed)",
		"deleted migrations/0003_plain (git rm -r)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !exists(filepath.Join(dir, "migrations", "0001_with_backup", "main.go")) || !exists(filepath.Join(dir, "migrations", "0002_nested_repo", "main.go")) {
		t.Error("a refused migration lost its tracked files")
	}
	if exists(filepath.Join(dir, "migrations", "0003_plain")) {
		t.Error("the plain stale migration was not deleted")
	}
}

// Case 9: a migration git cannot remove (a submodule) is reported, and the
// clean-up goes on with the others.
func TestStaleDeleteGoesOnPastASubmodule(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":                                 "module example.com/shop\n\ngo 1.26.0\n",
		"migrations/0001_with_submodule/main.go": oldSource,
		"migrations/0002_plain/main.go":          oldSource,
	})
	sub := filepath.Join(dir, "migrations", "0001_with_submodule", "vendored")
	writeFiles(t, sub, map[string]string{"README": "a submodule with its own commits\n"})
	commitAll(t, sub)
	git(t, dir, "init", "-q")
	git(t, dir, "add", "go.mod", "migrations/0001_with_submodule/main.go", "migrations/0002_plain/main.go")
	head := strings.TrimSpace(git(t, sub, "rev-parse", "HEAD"))
	git(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+head+",migrations/0001_with_submodule/vendored")
	git(t, dir, "commit", "-qm", "with a gitlink")

	out, stderr, code := runIn(t, dir, safetyEnv(t), miglintBin, "stale", "--delete")
	if code != exitClean {
		t.Errorf("exit %d\n%s%s", code, out, stderr)
	}
	if exists(filepath.Join(dir, "migrations", "0002_plain")) {
		t.Errorf("the clean-up stopped before 0002_plain:\n%s", out)
	}
	if !exists(filepath.Join(sub, ".git")) || !exists(filepath.Join(dir, "migrations", "0001_with_submodule", "main.go")) {
		t.Error("the migration holding a submodule was deleted")
	}
	if !strings.Contains(out, "skipped migrations/0001_with_submodule: refused:") || !strings.Contains(out, "vendored (a submodule") {
		t.Errorf("output does not say why 0001 was kept:\n%s", out)
	}
}

// Case 2: a root that does not exist, or is a file, is an error in both
// modes and for stale, not a pass that checked nothing.
func TestRootMustExist(t *testing.T) {
	for _, tc := range []struct{ roots, problem string }{
		{`["migration"]`, `"migration" does not exist`},
		{`["notes"]`, `"notes" is a file, not a folder`},
	} {
		t.Run(tc.roots, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"go.mod":                         "module example.com/shop\n\ngo 1.26.0\n",
				"importrules.toml":               "[migrations]\nroots = " + tc.roots + "\n",
				"notes":                          "not a folder\n",
				"migrations/0001_broken/main.go": brokenSource,
			})
			want := "importrules.toml:2: migrations.roots: " + tc.problem
			env := safetyEnv(t)
			for _, args := range [][]string{{miglintBin, "./..."}, {miglintBin, "stale"}} {
				if _, stderr, code := runIn(t, dir, env, args[0], args[1:]...); code != exitError || !strings.Contains(stderr, want) {
					t.Errorf("%v: exit %d, want %d and %q; stderr:\n%s", args[1:], code, exitError, want, stderr)
				}
			}
			if _, stderr, code := runIn(t, dir, env, "go", "vet", "-vettool="+miglintBin, "./..."); code == 0 || !strings.Contains(stderr, want) {
				t.Errorf("go vet: exit %d, want a failure with %q; stderr:\n%s", code, want, stderr)
			}
		})
	}
}

// Case 3: a shared config outside the module serves the module: its roots
// are the module's folders, and a module without them is an error.
func TestSharedConfigServesTheModule(t *testing.T) {
	shared := filepath.Join(t.TempDir(), "shared.toml")
	writeFiles(t, filepath.Dir(shared), map[string]string{"shared.toml": "[migrations]\nroots = [\"migrations\"]\n"})
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{
		"go.mod":                         "module example.com/shop\n\ngo 1.26.0\n",
		"migrations/0001_broken/main.go": brokenSource,
	})
	env := safetyEnv(t, "MIGLINT_CONFIG="+shared)
	out, stderr, code := runIn(t, repo, env, miglintBin, "./...")
	if code != exitFindings || !strings.Contains(out, "migrations/0001_broken/main.go:1:1: migration has no header") {
		t.Errorf("standalone with a shared config: exit %d, want %d and the finding\n%s%s", code, exitFindings, out, stderr)
	}
	out, stderr, code = runIn(t, repo, env, "go", "vet", "-vettool="+miglintBin, "./...")
	if code == 0 || !strings.Contains(stderr, "0001_broken/main.go:1:1: migration has no header") {
		t.Errorf("go vet with a shared config: exit %d, want the finding\n%s%s", code, out, stderr)
	}

	empty := t.TempDir()
	writeFiles(t, empty, map[string]string{"go.mod": "module example.com/other\n\ngo 1.26.0\n", "tools/tool.go": "package tools\n"})
	want := `shared.toml:2: migrations.roots: "migrations" does not exist in the module root ` + empty
	if _, stderr, code := runIn(t, empty, env, miglintBin, "./..."); code != exitError || !strings.Contains(stderr, want) {
		t.Errorf("a module without the shared config's root: exit %d, want %d and %q; stderr:\n%s", code, exitError, want, stderr)
	}
}

// Case 4: a rule about the migrations themselves checks none of them: an
// error that says so.
func TestRuleAboutTheMigrationsIsAnError(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":                        "module example.com/shop\n\ngo 1.26.0\n",
		"importrules.toml":              "[[forbidden]]\nname = \"no-net\"\npackages = [\"example.com/...\", \"net/http\"]\n",
		"migrations/0001_fetch/main.go": "// Fetch the price list over HTTP.\n//\n// Execution Time:    pending\n// Finalization Time: pending\npackage main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.Get(\"http://127.0.0.1:1/\")\n}\n",
	})
	want := `importrules.toml:3: forbidden[1].packages: "example.com/..." matches the migrations themselves`
	env := safetyEnv(t)
	if _, stderr, code := runIn(t, dir, env, miglintBin, "./..."); code != exitError || !strings.Contains(stderr, want) {
		t.Errorf("standalone: exit %d, want %d and %q; stderr:\n%s", code, exitError, want, stderr)
	}
	if _, stderr, code := runIn(t, dir, env, "go", "vet", "-vettool="+miglintBin, "./..."); code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("go vet: exit %d, want a failure with %q; stderr:\n%s", code, want, stderr)
	}
}

// A decoding error names the entry, as every other error does.
func TestDecodeErrorNamesTheEntry(t *testing.T) {
	dir := t.TempDir()
	exception := "[[exception]]\nrule = \"no-net\"\nfile = \"migrations/0001_fetch/main.go\"\nimport = \"net/http\"\nreason = \"fetches prices\"\n"
	writeFiles(t, dir, map[string]string{
		"go.mod":                        "module example.com/shop\n\ngo 1.26.0\n",
		"importrules.toml":              "[[forbidden]]\nname = \"no-net\"\npackages = [\"net/http\"]\n\n" + exception + "\n" + exception + "expires = \"2027-06-30\"\n",
		"migrations/0001_fetch/main.go": migrationSource("Fetch the price list over HTTP.", "pending", "pending"),
	})
	want := "importrules.toml:16: exception[2].expires:"
	if _, stderr, code := runIn(t, dir, safetyEnv(t), miglintBin, "./..."); code != exitError || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, want %d and %q; stderr:\n%s", code, exitError, want, stderr)
	}
}

// miglint new numbers the migration itself: a slug that starts with a
// number is refused, not turned into 0002_0001_x.
func TestNewRefusesANumberedSlug(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":                    "module example.com/shop\n\ngo 1.26.0\n",
		"migrations/0001_a/main.go": migrationSource("The first migration of all.", "pending", "pending"),
	})
	_, stderr, code := runIn(t, dir, safetyEnv(t), miglintBin, "new", "0001_x")
	if code != exitError || !strings.Contains(stderr, `slug "0001_x" starts with a number`) {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitError, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "migrations")); len(entries) != 1 {
		t.Errorf("migrations/ holds %d entries, want only 0001_a", len(entries))
	}
}

// Case 5: the hook lints exactly what is committed: a broken staged file
// is blocked although the work tree holds a fix, and untracked work in
// progress does not block an unrelated commit.
func TestHookLintsWhatIsStaged(t *testing.T) {
	dir := t.TempDir()
	clean := migrationSource("Backfill the totals of every cart.", "pending", "pending")
	writeFiles(t, dir, map[string]string{
		"go.mod":                        "module example.com/shop\n\ngo 1.26.0\n",
		"migrations/0001_clean/main.go": clean,
	})
	git(t, dir, "init", "-q")
	env := safetyEnv(t)
	if out, stderr, code := runIn(t, dir, env, miglintBin, "hook", "install"); code != 0 {
		t.Fatalf("install: exit %d: %s%s", code, out, stderr)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "a clean migration")

	commit := func(msg string) (string, error) {
		cmd := exec.Command("git", "commit", "-qm", msg)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	// Staged: broken. Work tree: fixed, not staged.
	writeFiles(t, dir, map[string]string{"migrations/0002_next/main.go": brokenSource})
	git(t, dir, "add", "migrations/0002_next/main.go")
	writeFiles(t, dir, map[string]string{"migrations/0002_next/main.go": migrationSource("Add a currency to every price.", "pending", "pending")})
	out, err := commit("a broken migration, fixed only in the work tree")
	if err == nil {
		t.Fatalf("the broken staged migration was committed:\n%s", out)
	}
	if !strings.Contains(out, "migrations/0002_next/main.go:1:1: migration has no header") || !strings.Contains(out, "commit blocked") {
		t.Errorf("hook output:\n%s", out)
	}
	if committed := git(t, dir, "log", "--oneline"); strings.Count(committed, "\n") != 1 {
		t.Errorf("history after the blocked commit:\n%s", committed)
	}

	// Staging the fix lets it through.
	git(t, dir, "add", "migrations/0002_next/main.go")
	if out, err := commit("the fixed migration"); err != nil {
		t.Fatalf("the fixed migration was blocked:\n%s", out)
	}

	// Untracked, broken work in progress does not block a clean commit.
	writeFiles(t, dir, map[string]string{"migrations/0003_wip/main.go": brokenSource})
	writeFiles(t, dir, map[string]string{"migrations/0001_clean/main.go": strings.Replace(clean, "every cart", "every shopping cart", 1)})
	git(t, dir, "add", "migrations/0001_clean/main.go")
	if out, err := commit("an unrelated clean change"); err != nil {
		t.Errorf("untracked work in progress blocked an unrelated commit:\n%s", out)
	}
	if !exists(filepath.Join(dir, "migrations", "0003_wip", "main.go")) {
		t.Error("the hook removed the untracked work in progress")
	}
}

// prodModule is a committed module of migrations that need only the
// standard library, for prod runs that touch no AWS account; prodLedger
// is the environment of its prod ledger, a dynalite whose table exists.
// (Dry runs are the ledger's tests' business: not required here.)
func prodModule(t *testing.T, files map[string]string) (dir string, prodLedger []string) {
	t.Helper()
	dir = t.TempDir()
	files["go.mod"] = "module example.com/shop\n\ngo 1.26.0\n"
	files["importrules.toml"] = "[runner]\nrequire_dry_run = false\n"
	writeFiles(t, dir, files)
	commitAll(t, dir)
	prodLedger = dynalitetest.Start(t).Env()
	if _, stderr, code := miglintRun(t, dir, runEnv(prodLedger...), "ledger", "init", "prod"); code != 0 {
		t.Fatalf("miglint ledger init prod: exit %d\n%s", code, stderr)
	}
	return dir, prodLedger
}

// caBundle writes a PEM file holding one self-signed certificate, as
// AWS_CA_BUNDLE names, and returns its path.
func caBundle(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "corp CA"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "corp.pem")
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Case 6: a prod run whose migration file changed during the run is not
// stamped: the bytes there never linted, built or ran.
func TestRunProdStampsOnlyWhatRan(t *testing.T) {
	const rewriting = `// Rewrite this file during the run, as an editor might.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import "os"

func main() {
	src, err := os.ReadFile("main.go")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile("main.go", append(src, "\n// edited during the run\n"...), 0o644); err != nil {
		panic(err)
	}
}
`
	dir, prodLedger := prodModule(t, map[string]string{"migrations/0001_rewrite_self/main.go": rewriting})
	_, stderr, code := miglintRun(t, dir, runEnv(safetyEnv(t, prodLedger...)...), "run", "prod", "0001", "--yes")
	if code != 1 {
		t.Errorf("exit %d, want 1 (the run succeeded, the header was not written)\n%s", code, stderr)
	}
	execTime, finTime := runTimes(t, stderr)
	for _, want := range []string{"its header was not written", "changed while the migration ran",
		"// Execution Time:    " + execTime + "\n", "// Finalization Time: " + finTime + "\n"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if got := readFile(t, filepath.Join(dir, "migrations", "0001_rewrite_self", "main.go")); got != rewriting+"\n// edited during the run\n" {
		t.Errorf("the file that changed during the run was stamped:\n%s", got)
	}
}

// Case 7: the prod prompt names every setting that decides where the
// migration writes or as whom, and never a secret.
func TestRunProdPromptShowsEveryAWSSetting(t *testing.T) {
	dir, prodLedger := prodModule(t, map[string]string{"migrations/0001_say_hello/main.go": migrationSource("Say hello to the operator.", "pending", "pending")})
	// Real files where the SDK reads them: the prod ledger loads the same
	// AWS configuration (its static keys, from prodLedger, come first).
	files := t.TempDir()
	writeFiles(t, files, map[string]string{"token": "eyJ0b2tlbg", "credentials": "", "config": ""})
	settings := []string{
		"AWS_ROLE_ARN=arn:aws:iam::123456789012:role/deploy",
		"AWS_WEB_IDENTITY_TOKEN_FILE=" + filepath.Join(files, "token"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(files, "credentials"),
		"AWS_CONFIG_FILE=" + filepath.Join(files, "config"),
		"AWS_CA_BUNDLE=" + caBundle(t),
	}
	secrets := []string{"AWS_SECRET_ACCESS_KEY=s3cr3t-value", "AWS_SESSION_TOKEN=t0ken-value"}
	var ledgerEnv []string
	for _, kv := range prodLedger {
		if !strings.HasPrefix(kv, "AWS_SECRET_ACCESS_KEY=") {
			ledgerEnv = append(ledgerEnv, kv)
		}
	}
	env := runEnv(append(append(safetyEnv(t, ledgerEnv...), settings...), secrets...)...)
	_, stderr, code := miglintRun(t, dir, env, "run", "prod", "0001", "--yes")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	prompt, _, _ := strings.Cut(stderr[strings.Index(stderr, "will run in PROD"):], "\n")
	for _, want := range append(settings, "AWS_SECRET_ACCESS_KEY (set; value not shown)", "AWS_SESSION_TOKEN (set; value not shown)") {
		if !strings.Contains(prompt, want) {
			t.Errorf("the prompt lacks %q:\n%s", want, prompt)
		}
	}
	for _, never := range []string{"s3cr3t-value", "t0ken-value", "no AWS_"} {
		if strings.Contains(stderr, never) {
			t.Errorf("the output shows %q:\n%s", never, stderr)
		}
	}
}
