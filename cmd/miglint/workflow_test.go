package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Tests of the workflow commands (stale, new, hook) through the real
// binary, in temporary directories, with and without git.

// writeFiles creates files (slash-separated paths relative to dir).
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

func migrationSource(desc, exec, fin string) string {
	return "// " + desc + "\n//\n// Execution Time:    " + exec + "\n// Finalization Time: " + fin +
		"\npackage main\n\nfunc main() {\n\tprintln(\"migrating\")\n}\n"
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// gitEnv makes commits work without a user's git configuration.
var gitEnv = []string{
	"GIT_AUTHOR_NAME=miglint test", "GIT_AUTHOR_EMAIL=test@example.com",
	"GIT_COMMITTER_NAME=miglint test", "GIT_COMMITTER_EMAIL=test@example.com",
	"GIT_CONFIG_NOSYSTEM=1", "HOME=" + os.TempDir(),
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// staleFixture is a module with every kind of migration a clean-up meets,
// at MIGLINT_NOW=2026-11-21 with 12 months of retention and clean-ups in
// January and July. It returns the module directory and a directory
// outside it that a symbolic link points into.
func staleFixture(t *testing.T) (dir, outside string) {
	t.Helper()
	dir, outside = t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod": "module example.com/shop\n\ngo 1.26.0\n",
		"importrules.toml": `[migrations]
roots = ["migrations"]

[[forbidden]]
name = "raw-dynamodb"
packages = ["github.com/aws/aws-sdk-go-v2/service/dynamodb/..."]

[[exception]]
rule = "raw-dynamodb"
file = "migrations/0001_old_overdue/main.go"
import = "github.com/aws/aws-sdk-go-v2/service/dynamodb"
reason = "needs a parallel scan"
`,
		// Stale since 2025-03-01: missed the July 2025 clean-up.
		"migrations/0001_old_overdue/main.go":   migrationSource("Backfill the totals of every cart.", "2024-03-01 at 10:00:00 UTC", "2024-03-01 at 10:30:00 UTC"),
		"migrations/0001_old_overdue/helper.go": "package main\n\nfunc helper() {}\n",
		// Stale since 2026-09-01, the next clean-up is January 2027.
		"migrations/0002_stale_not_overdue/main.go": migrationSource("Rename the sku attribute of products.", "2025-09-01 at 10:00:00 UTC", "2025-09-01 at 10:30:00 UTC"),
		"migrations/0003_fresh/main.go":             migrationSource("Add a currency to every price.", "2026-10-01 at 10:00:00 UTC", "2026-10-01 at 10:30:00 UTC"),
		"migrations/0004_pending/main.go":           migrationSource("Split the full name of users.", "pending", "pending"),
		// Old, but its file does not parse: nobody can tell what it is.
		"migrations/0005_unreadable/main.go": "// Drop the session tokens.\n//\n// Execution Time:    2020-01-01 at 10:00:00 UTC\n// Finalization Time: 2020-01-01 at 10:30:00 UTC\npackge main\n",
		// Old by its Execution Time, but its Finalization Time is not a time.
		"migrations/0007_bad_time/main.go": migrationSource("Lower-case every email address.", "2020-01-01 at 10:00:00 UTC", "last Tuesday"),
		// Old, but not a migration directory: never touched.
		"migrations/shared/main.go": migrationSource("Shared helpers for migrations.", "2020-01-01 at 10:00:00 UTC", "2020-01-01 at 10:30:00 UTC"),
		// Old, but outside the roots.
		"tools/0001_old_tool/main.go": migrationSource("An old tool that looks like a migration.", "2020-01-01 at 10:00:00 UTC", "2020-01-01 at 10:30:00 UTC"),
	})
	// An old migration that lives elsewhere, linked into the root.
	writeFiles(t, outside, map[string]string{
		"0006_linked/main.go": migrationSource("A migration behind a symbolic link.", "2020-01-01 at 10:00:00 UTC", "2020-01-01 at 10:30:00 UTC"),
	})
	if err := os.Symlink(filepath.Join(outside, "0006_linked"), filepath.Join(dir, "migrations", "0006_linked")); err != nil {
		t.Fatal(err)
	}
	return dir, outside
}

var staleEnv = []string{"MIGLINT_NOW=2026-11-21"}

func TestStaleLists(t *testing.T) {
	dir, _ := staleFixture(t)
	out, stderr, code := runIn(t, dir, staleEnv, miglintBin, "stale")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"migrations/0001_old_overdue", "yes, missed the July 2025 clean-up",
		"migrations/0002_stale_not_overdue",
		"skipped migrations/0004_pending: header is pending",
		"skipped migrations/0005_unreadable: header cannot be read",
		"skipped migrations/0006_linked: is a symbolic link",
		`skipped migrations/0007_bad_time: header has no valid Finalization Time: Finalization Time "last Tuesday" is not`,
		"2 stale (1 overdue) of 7 migrations",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, never := range []string{"0003_fresh", "shared", "0001_old_tool"} {
		if strings.Contains(out, never) {
			t.Errorf("output mentions %s:\n%s", never, out)
		}
	}

	// --json, with the flag after DIR.
	out, _, code = runIn(t, t.TempDir(), staleEnv, miglintBin, "stale", dir, "--json")
	if code != 0 {
		t.Fatalf("--json exit %d", code)
	}
	var entries []struct {
		Name          string `json:"name"`
		Overdue       bool   `json:"overdue"`
		MissedCleanup string `json:"missed_cleanup"`
		Age           string `json:"age"`
	}
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(entries) != 2 || entries[0].Name != "0001_old_overdue" || !entries[0].Overdue || entries[0].MissedCleanup != "July 2025" ||
		entries[1].Name != "0002_stale_not_overdue" || entries[1].Overdue {
		t.Errorf("entries = %+v", entries)
	}
	if entries[0].Age != "32 months 19 days" {
		t.Errorf("age of 0001 = %q", entries[0].Age)
	}
}

// assertUntouched checks that delete left everything but the stale
// migrations alone.
func assertUntouched(t *testing.T, dir, outside string) {
	t.Helper()
	for _, p := range []string{
		"migrations/0003_fresh/main.go", "migrations/0004_pending/main.go", "migrations/0005_unreadable/main.go", "migrations/0007_bad_time/main.go",
		"migrations/shared/main.go", "tools/0001_old_tool/main.go", "migrations/0006_linked",
	} {
		if !exists(filepath.Join(dir, p)) {
			t.Errorf("%s was deleted", p)
		}
	}
	if !exists(filepath.Join(outside, "0006_linked", "main.go")) {
		t.Error("the symbolic link's target was deleted")
	}
}

func TestStaleDeleteWithoutGit(t *testing.T) {
	dir, outside := staleFixture(t)
	out, stderr, code := runIn(t, dir, staleEnv, miglintBin, "stale", "--delete")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	for _, p := range []string{"migrations/0001_old_overdue", "migrations/0002_stale_not_overdue"} {
		if exists(filepath.Join(dir, p)) {
			t.Errorf("%s still exists", p)
		}
		if !strings.Contains(out, "deleted "+p+" (removed)") {
			t.Errorf("output does not report deleting %s:\n%s", p, out)
		}
	}
	assertUntouched(t, dir, outside)
	for _, want := range []string{"Deleted 2 of 2 stale migrations; 4 skipped.",
		`importrules.toml:8: rule "raw-dynamodb", file "migrations/0001_old_overdue/main.go"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "migrations"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".miglint") {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

func TestStaleDeleteWithGit(t *testing.T) {
	dir, outside := staleFixture(t)
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "migrations")
	// An uncommitted edit in a stale migration: git rm would refuse it, so
	// miglint skips it whole.
	writeFiles(t, dir, map[string]string{"migrations/0002_stale_not_overdue/notes.go": "package main\n"})

	out, stderr, code := runIn(t, dir, append(staleEnv, gitEnv...), miglintBin, "stale", "--delete")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	if exists(filepath.Join(dir, "migrations/0001_old_overdue")) {
		t.Error("0001 still exists")
	}
	if !strings.Contains(out, "deleted migrations/0001_old_overdue (git rm -r)") ||
		!strings.Contains(out, "skipped migrations/0002_stale_not_overdue: refused: it holds what git could not bring back after the removal: notes.go (untracked)") {
		t.Errorf("output:\n%s", out)
	}
	if !exists(filepath.Join(dir, "migrations/0002_stale_not_overdue/main.go")) {
		t.Error("0002, with uncommitted files, was deleted")
	}
	status := git(t, dir, "status", "--porcelain")
	for _, want := range []string{"D  migrations/0001_old_overdue/helper.go", "D  migrations/0001_old_overdue/main.go"} {
		if !strings.Contains(status, want) {
			t.Errorf("git status lacks staged %q:\n%s", want, status)
		}
	}
	assertUntouched(t, dir, outside)
}

// A git failure is reported for each migration it stops, and the exit
// code says that the clean-up is not done.
func TestStaleDeleteFailureIsReported(t *testing.T) {
	dir, outside := staleFixture(t)
	git(t, dir, "init", "-q")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "migrations")
	// Another git process holds the index: git rm fails before removing
	// anything.
	lock := filepath.Join(dir, ".git", "index.lock")
	writeFiles(t, dir, map[string]string{".git/index.lock": ""})

	out, stderr, code := runIn(t, dir, append(staleEnv, gitEnv...), miglintBin, "stale", "--delete")
	if code == 0 {
		t.Fatalf("exit 0 although git rm failed\n%s%s", out, stderr)
	}
	for _, want := range []string{"could not delete migrations/0001_old_overdue", "index.lock",
		"Deleted 0 of 2 stale migrations", "not deleted (2): migrations/0001_old_overdue, migrations/0002_stale_not_overdue"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, p := range []string{"migrations/0001_old_overdue/main.go", "migrations/0001_old_overdue/helper.go", "migrations/0002_stale_not_overdue/main.go"} {
		if !exists(filepath.Join(dir, p)) {
			t.Errorf("%s is gone after a failed clean-up", p)
		}
	}
	assertUntouched(t, dir, outside)

	// Once the lock is gone, the same command finishes the job.
	os.Remove(lock)
	if _, stderr, code := runIn(t, dir, append(staleEnv, gitEnv...), miglintBin, "stale", "--delete"); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if exists(filepath.Join(dir, "migrations/0001_old_overdue")) {
		t.Error("second run did not delete 0001")
	}
}

func TestStaleRefusesSymlinkedRoot(t *testing.T) {
	dir, real := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{"go.mod": "module x\n\ngo 1.26.0\n"})
	writeFiles(t, real, map[string]string{
		"0001_old/main.go": migrationSource("Backfill the totals of every cart.", "2020-01-01 at 10:00:00 UTC", "2020-01-01 at 10:30:00 UTC"),
	})
	// The whole root is a link: deleting through it would delete outside
	// the repository.
	if err := os.Symlink(real, filepath.Join(dir, "migrations")); err != nil {
		t.Fatal(err)
	}
	out, _, code := runIn(t, dir, staleEnv, miglintBin, "stale", "--delete")
	if code != 0 || !strings.Contains(out, "skipped migrations/0001_old: refused") || !strings.Contains(out, "symbolic link") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if !exists(filepath.Join(real, "0001_old", "main.go")) {
		t.Error("deleted through a symbolic link")
	}
}

func TestStaleUsageErrors(t *testing.T) {
	dir, _ := staleFixture(t)
	for _, args := range [][]string{{"stale", "a", "b"}, {"stale", "--frobnicate"}, {"stale", filepath.Join(dir, "nope")}} {
		if _, _, code := runIn(t, dir, staleEnv, miglintBin, args...); code != exitError {
			t.Errorf("miglint %v: exit %d, want %d", args, code, exitError)
		}
	}
	writeFiles(t, dir, map[string]string{"importrules.toml": "[migrations]\ncleanup_months = [13]\n"})
	if _, stderr, code := runIn(t, dir, staleEnv, miglintBin, "stale"); code != exitError || !strings.Contains(stderr, "importrules.toml:2: migrations.cleanup_months") {
		t.Errorf("bad config: exit %d: %s", code, stderr)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod": "module example.com/shop\n\ngo 1.26.0\n",
		"migrations/0007_remove_root_url/main.go": migrationSource("Remove the root URL of every root.", "pending", "pending"),
		"migrations/notes/README":                 "not a migration",
	})
	out, stderr, code := runIn(t, dir, staleEnv, miglintBin, "new", "add_currency")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got, want := strings.TrimSpace(out), filepath.Join("migrations", "0008_add_currency", "main.go"); got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	if !strings.Contains(stderr, "replace the TODO description") {
		t.Errorf("stderr does not tell what to do next: %s", stderr)
	}
	// The fresh migration fails header until its description is written.
	lintOut, _, code := runIn(t, dir, staleEnv, miglintBin, "./...")
	if code != exitFindings || !strings.Contains(lintOut, "migrations/0008_add_currency/main.go:1:3: header description") {
		t.Errorf("a fresh migration must fail header; exit %d:\n%s", code, lintOut)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "migrations", "0008_add_currency", "main.go"))
	for _, want := range []string{"// Execution Time:    pending\n", "// Finalization Time: pending\n", "package main\n", "already migrated"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("new file lacks %q:\n%s", want, src)
		}
	}

	// Wider numbers stay as wide.
	writeFiles(t, dir, map[string]string{"migrations/00120_wide/main.go": migrationSource("A widely numbered migration.", "pending", "pending")})
	if out, _, _ := runIn(t, dir, nil, miglintBin, "new", "next_one"); !strings.Contains(out, "00121_next_one") {
		t.Errorf("after 00120: %s", out)
	}

	for _, tc := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"new", "Bad-Slug"}, `slug "Bad-Slug" is not lower-case words joined by underscores`},
		{[]string{"new", "add_currency"}, "already exists with that slug"},
		{[]string{"new"}, "usage: miglint new SLUG"},
	} {
		if _, stderr, code := runIn(t, dir, nil, miglintBin, tc.args...); code != exitError || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("miglint %v: exit %d, stderr %q; want %q", tc.args, code, stderr, tc.stderr)
		}
	}

	noRoot := t.TempDir()
	writeFiles(t, noRoot, map[string]string{"go.mod": "module x\n\ngo 1.26.0\n"})
	if _, stderr, code := runIn(t, noRoot, nil, miglintBin, "new", "first"); code != exitError || !strings.Contains(stderr, "no migrations root") {
		t.Errorf("no root: exit %d, %s", code, stderr)
	}
}

// TestPreCommitHook installs the hook in a real repository and commits
// through it.
func TestPreCommitHook(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":                        "module example.com/shop\n\ngo 1.26.0\n",
		"migrations/0001_clean/main.go": migrationSource("Backfill the totals of every cart.", "pending", "pending"),
	})
	git(t, dir, "init", "-q")
	env := append(staleEnv, gitEnv...)
	out, stderr, code := runIn(t, dir, env, miglintBin, "hook", "install")
	if code != 0 || !strings.Contains(out, "Installed the miglint pre-commit hook") {
		t.Fatalf("install: exit %d: %s%s", code, out, stderr)
	}
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "a clean migration")

	writeFiles(t, dir, map[string]string{"migrations/0002_broken/main.go": "package main\n\nfunc main() {}\n"})
	git(t, dir, "add", "-A")
	commit := exec.Command("git", "commit", "-qm", "a broken migration")
	commit.Dir, commit.Env = dir, append(os.Environ(), env...)
	blocked, err := commit.CombinedOutput()
	if err == nil {
		t.Fatalf("the commit of a broken migration went through:\n%s", blocked)
	}
	for _, want := range []string{"migrations/0002_broken/main.go:1:1: migration has no header", "func main is empty", "commit blocked"} {
		if !strings.Contains(string(blocked), want) {
			t.Errorf("hook output lacks %q:\n%s", want, blocked)
		}
	}

	writeFiles(t, dir, map[string]string{"migrations/0002_broken/main.go": migrationSource("Fix the broken migration for real.", "pending", "pending")})
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-qm", "fixed")

	// Someone else's hook is never replaced without --force, nor removed.
	hook := filepath.Join(dir, ".git", "hooks", "pre-commit")
	writeFiles(t, dir, map[string]string{".git/hooks/pre-commit": "#!/bin/sh\necho theirs\n"})
	if _, stderr, code := runIn(t, dir, env, miglintBin, "hook", "install"); code != exitError || !strings.Contains(stderr, "already exists and miglint did not write it") {
		t.Errorf("install over a foreign hook: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runIn(t, dir, env, miglintBin, "hook", "uninstall"); code != exitError || !strings.Contains(stderr, "was not written by miglint") {
		t.Errorf("uninstall of a foreign hook: exit %d: %s", code, stderr)
	}
	if data, _ := os.ReadFile(hook); string(data) != "#!/bin/sh\necho theirs\n" {
		t.Errorf("foreign hook changed: %q", data)
	}
	if _, _, code := runIn(t, dir, env, miglintBin, "hook", "install", "--force"); code != 0 {
		t.Errorf("install --force: exit %d", code)
	}
	if _, _, code := runIn(t, dir, env, miglintBin, "hook", "uninstall"); code != 0 || exists(hook) {
		t.Errorf("uninstall: exit %d, hook still there: %v", code, exists(hook))
	}

	// core.hooksPath decides where hooks live.
	git(t, dir, "config", "core.hooksPath", ".githooks")
	if _, _, code := runIn(t, dir, env, miglintBin, "hook", "install"); code != 0 || !exists(filepath.Join(dir, ".githooks", "pre-commit")) {
		t.Errorf("with core.hooksPath: exit %d, .githooks/pre-commit exists: %v", code, exists(filepath.Join(dir, ".githooks", "pre-commit")))
	}
}
