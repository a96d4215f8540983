package importrules

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rule is a valid [[forbidden]] table, lines 1-3 of the documents below
// that use it.
const rule = `[[forbidden]]
name = "raw-dynamodb"
packages = ["github.com/aws/aws-sdk-go-v2/service/dynamodb/..."]
`

// wantErr is one error a test expects: its line, its key, and fragments
// of its message (what is wrong and what is allowed).
type wantErr struct {
	line int
	key  string
	msg  []string
}

// configErrors returns the *Error values in err, which Load and Parse join.
func configErrors(t *testing.T, err error) []*Error {
	t.Helper()
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var out []*Error
	for _, e := range errs {
		var ce *Error
		if !errors.As(e, &ce) {
			t.Fatalf("error %q (%T) is not an *importrules.Error", e, e)
		}
		out = append(out, ce)
	}
	return out
}

// writeConfig writes doc as importrules.toml in a new directory, with
// the extra files (relative paths) created empty, and returns its path.
func writeConfig(t *testing.T, doc string, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if strings.HasSuffix(f, "/") {
			mkdir(t, p)
			continue
		}
		mkdir(t, filepath.Dir(p))
		writeFile(t, p, "package main\n")
	}
	p := filepath.Join(dir, FileName)
	writeFile(t, p, doc)
	return p
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadErrors(t *testing.T) {
	const excHead = rule + `[[exception]]
rule = "raw-dynamodb"
`
	tests := []struct {
		name  string
		doc   string
		files []string // created next to the config
		want  []wantErr
	}{
		{
			name: "unknown top-level key",
			doc:  "roots = [\"migrations\"]\n[migrations]\nretention_months = 12\n",
			want: []wantErr{{1, "roots", []string{"unknown key", "allowed at the top level: migrations, versionguard, forbidden, exception, ledger, runner"}}},
		},
		{
			name: "unknown top-level table",
			doc:  "# comment\n[migration]\nroots = [\"migrations\"]\n",
			want: []wantErr{{2, "migration", []string{"unknown key", "allowed at the top level: migrations, versionguard, forbidden, exception, ledger, runner"}}},
		},
		{
			name:  "unknown key in migrations",
			doc:   "[migrations]\nroots = [\"migrations\"]\nretention = 12\n",
			files: []string{"migrations/"},
			want:  []wantErr{{3, "migrations.retention", []string{"unknown key", "allowed in [migrations]: roots, retention_months, cleanup_months"}}},
		},
		{
			name:  "unknown sub-table of migrations",
			doc:   "[migrations]\nroots = [\"migrations\"]\n\n[migrations.extra]\nx = 1\n",
			files: []string{"migrations/"},
			want:  []wantErr{{4, "migrations.extra", []string{"unknown key", "allowed in [migrations]: roots, retention_months, cleanup_months"}}},
		},
		{
			name:  "unknown key, CRLF line ends",
			doc:   "[migrations]\r\nroots = [\"migrations\"]\r\n\r\nretention = 12\r\n",
			files: []string{"migrations/"},
			want:  []wantErr{{4, "migrations.retention", []string{"unknown key"}}},
		},
		{
			name: "unknown key in versionguard",
			doc:  "[versionguard]\nattribute = [\"version\"]\n",
			want: []wantErr{{2, "versionguard.attribute", []string{"unknown key", "allowed in [versionguard]: attributes, writers"}}},
		},
		{
			name: "unknown key in the second forbidden rule",
			doc:  rule + "\n[[forbidden]]\nname = \"other\"\npackages = [\"example.com/x\"]\npackage = \"example.com/y\"\n",
			want: []wantErr{{8, "forbidden[2].package", []string{"unknown key", "allowed in [forbidden]: name, packages, allow, from, via, indirect, message"}}},
		},
		{
			name: "same unknown key in two forbidden rules",
			doc:  rule + "indirekt = false\n[[forbidden]]\nname = \"other\"\npackages = [\"example.com/x\"]\nindirekt = true\n",
			want: []wantErr{
				{4, "forbidden[1].indirekt", []string{"unknown key", "allowed in [forbidden]:"}},
				{8, "forbidden[2].indirekt", []string{"unknown key", "allowed in [forbidden]:"}},
			},
		},
		{
			name:  "unknown key in exception",
			doc:   excHead + "file = \"main.go\"\nimport = \"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\nreason = \"because\"\nexpiry = 2027-01-01\n",
			files: []string{"main.go"},
			want:  []wantErr{{9, "exception[1].expiry", []string{"unknown key", "allowed in [exception]: rule, file, import, reason, expires"}}},
		},
		{
			name: "string where an integer belongs",
			doc:  "[migrations]\nretention_months = \"12\"\n",
			want: []wantErr{{2, "migrations.retention_months", []string{"TOML value has type string", "integer", "takes a number of months, e.g. retention_months = 12"}}},
		},
		{
			name: "string where an array belongs",
			doc:  "[migrations]\n\nroots = \"migrations\"\n",
			want: []wantErr{{3, "migrations.roots", []string{"type string", `takes an array of folders, e.g. roots = ["migrations"]`}}},
		},
		{
			name: "string where a bool belongs",
			doc:  rule + "indirect = \"yes\"\n",
			want: []wantErr{{4, "forbidden[1].indirect", []string{"type string", "takes true or false"}}},
		},
		{
			name: "quoted expiry date",
			doc:  excHead + "expires = \"2027-06-30\"\n",
			want: []wantErr{{6, "exception[1].expires", []string{"takes a date without quotes, e.g. expires = 2027-06-30"}}},
		},
		{
			name: "TOML syntax error",
			doc:  "[migrations]\nroots = [\"migrations\"]\nretention_months = = 12\n",
			want: []wantErr{{3, "migrations.retention_months", []string{"expected"}}},
		},
		{
			name: "unterminated array",
			doc:  "[migrations]\ncleanup_months = [1, 7\n",
			want: []wantErr{{2, "migrations.cleanup_months", []string{"array terminator"}}},
		},
		{
			name: "unterminated table array name",
			doc:  "[[forbidden]\nname = \"raw-dynamodb\"\n",
			want: []wantErr{{1, "", []string{"end of table array name delimiter"}}},
		},
		{
			name: "unterminated table name after a table",
			doc:  "[migrations]\nretention_months = 12\n[versionguard\nattributes = [\"version\"]\n",
			want: []wantErr{{3, "migrations", []string{"to end table name"}}},
		},
		{
			name: "table defined twice",
			doc:  "[migrations]\nretention_months = 12\n\n[migrations]\n",
			want: []wantErr{{4, "", []string{"already been defined"}}},
		},
		{
			name: "missing rule name",
			doc:  "# rules\n[[forbidden]]\npackages = [\"example.com/x\"]\n",
			want: []wantErr{{2, "forbidden[1].name", []string{"is required", `name = "raw-dynamodb"`}}},
		},
		{
			name: "blank rule name",
			doc:  "[[forbidden]]\nname = \"  \"\npackages = [\"example.com/x\"]\n",
			want: []wantErr{{2, "forbidden[1].name", []string{"is required"}}},
		},
		{
			name: "duplicate rule names",
			doc:  rule + "\n[[forbidden]]\nname = \"raw-dynamodb\"\npackages = [\"example.com/x\"]\n",
			want: []wantErr{{6, "forbidden[2].name", []string{`"raw-dynamodb" is already the name of the rule at line 1`, "must be unique"}}},
		},
		{
			name: "missing packages",
			doc:  "[[forbidden]]\nname = \"raw-dynamodb\"\nmessage = \"no\"\n",
			want: []wantErr{{1, "forbidden[1].packages", []string{"is required", "forbidden import paths"}}},
		},
		{
			name: "empty packages",
			doc:  "[[forbidden]]\nname = \"raw-dynamodb\"\npackages = []\n",
			want: []wantErr{{3, "forbidden[1].packages", []string{"is required"}}},
		},
		{
			name: "glob pattern",
			doc:  "[[forbidden]]\nname = \"raw-dynamodb\"\npackages = [\"github.com/aws/*\"]\n",
			want: []wantErr{{3, "forbidden[1].packages", []string{`"github.com/aws/*" uses a glob`, "whole path segments", `"example.com/app/dbmodel/..."`}}},
		},
		{
			name: "dots in the middle",
			doc:  rule + "allow = [\"github.com/.../types\"]\n",
			want: []wantErr{{4, "forbidden[1].allow", []string{`"..." before its end`, `only a final "/..." is allowed`}}},
		},
		{
			name: "trailing slash",
			doc:  rule + "via = [\"example.com/app/dbmodel/\"]\n",
			want: []wantErr{{4, "forbidden[1].via", []string{"ends with a slash"}}},
		},
		{
			name: "empty pattern",
			doc:  rule + "from = [\"\"]\n",
			want: []wantErr{{4, "forbidden[1].from", []string{"empty pattern", "write an import path"}}},
		},
		{
			name: "dots inside a segment",
			doc:  "[[forbidden]]\nname = \"raw-dynamodb\"\npackages = [\"github.com/aws/aws-sdk-go-v2/service/dynamodb...\"]\n",
			want: []wantErr{{3, "forbidden[1].packages", []string{`"..." inside a segment`, "match whole segments"}}},
		},
		{
			name: "month 0",
			doc:  "[migrations]\ncleanup_months = [0, 7]\n",
			want: []wantErr{{2, "migrations.cleanup_months", []string{"0 is not a month", "1 (January) to 12 (December)"}}},
		},
		{
			name: "month 13",
			doc:  "[migrations]\nretention_months = 6\ncleanup_months = [13]\n",
			want: []wantErr{{3, "migrations.cleanup_months", []string{"13 is not a month", "1 (January) to 12 (December)"}}},
		},
		{
			name: "duplicate month",
			doc:  "[migrations]\ncleanup_months = [7, 1, 7]\n",
			want: []wantErr{{2, "migrations.cleanup_months", []string{"month 7 is listed twice"}}},
		},
		{
			name: "no months",
			doc:  "[migrations]\ncleanup_months = []\n",
			want: []wantErr{{2, "migrations.cleanup_months", []string{"is empty", "numbers 1-12"}}},
		},
		{
			name: "retention_months 0",
			doc:  "[migrations]\nretention_months = 0\n",
			want: []wantErr{{2, "migrations.retention_months", []string{"0 is out of range", "from 1 to 1200"}}},
		},
		{
			name: "retention_months too large",
			doc:  "[migrations]\nretention_months = 1201\n",
			want: []wantErr{{2, "migrations.retention_months", []string{"1201 is out of range", "from 1 to 1200"}}},
		},
		{
			name: "empty roots",
			doc:  "[migrations]\nroots = []\n",
			want: []wantErr{{2, "migrations.roots", []string{"is empty", `["migrations"]`}}},
		},
		{
			name: "absolute root",
			doc:  "[migrations]\nroots = [\"/srv/migrations\"]\n",
			want: []wantErr{{2, "migrations.roots", []string{`"/srv/migrations" must be a folder inside this config's directory`, "relative to it"}}},
		},
		{
			name:  "root above the config",
			doc:   "[migrations]\nroots = [\"migrations\", \"../x\"]\n",
			files: []string{"migrations/"},
			want:  []wantErr{{2, "migrations.roots", []string{`"../x" must be a folder inside`}}},
		},
		{
			name: "root that climbs out after descending",
			doc:  "[migrations]\nroots = [\"a/../../x\"]\n",
			want: []wantErr{{2, "migrations.roots", []string{`"a/../../x" must be a folder inside`}}},
		},
		{
			name: "empty root",
			doc:  "[migrations]\nroots = [\"\"]\n",
			want: []wantErr{{2, "migrations.roots", []string{`"" must be a folder`}}},
		},
		{
			name: "empty attributes",
			doc:  "[versionguard]\nattributes = []\n",
			want: []wantErr{{2, "versionguard.attributes", []string{"is empty", `["version"]`}}},
		},
		{
			name: "blank attribute",
			doc:  "[versionguard]\nattributes = [\"version\", \" \"]\n",
			want: []wantErr{{2, "versionguard.attributes", []string{"has an empty name"}}},
		},
		{
			name: "writers not functions",
			doc:  "[versionguard]\nwriters = [\"Put\", \"example.com/app/dbmodel\", \"example.com/app/dbmodel.\", \"dbmodel Put\"]\n",
			want: []wantErr{
				{2, "versionguard.writers", []string{`"Put" is not a function`, `"importpath.Func" or "importpath.Type.Method"`}},
				{2, "versionguard.writers", []string{`"example.com/app/dbmodel" is not a function`}},
				{2, "versionguard.writers", []string{`"example.com/app/dbmodel." is not a function`}},
				{2, "versionguard.writers", []string{`"dbmodel Put" is not a function`}},
			},
		},
		{
			name:  "exception for an unknown rule",
			doc:   rule + "\n[[exception]]\nrule = \"raw-dynamo\"\nfile = \"main.go\"\nimport = \"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\nreason = \"parallel scan\"\n",
			files: []string{"main.go"},
			want:  []wantErr{{6, "exception[1].rule", []string{`no [[forbidden]] rule is named "raw-dynamo"`, `rules are: "raw-dynamodb"`}}},
		},
		{
			name:  "exception without any rules",
			doc:   "[[exception]]\nrule = \"raw-dynamodb\"\nfile = \"main.go\"\nimport = \"example.com/x\"\nreason = \"parallel scan\"\n",
			files: []string{"main.go"},
			want:  []wantErr{{2, "exception[1].rule", []string{"add a [[forbidden]] rule first"}}},
		},
		{
			name: "exception for a missing file",
			doc:  excHead + "file = \"migrations/0608_remove_root_url/main.go\"\nimport = \"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\nreason = \"parallel scan\"\n",
			want: []wantErr{{6, "exception[1].file", []string{`"migrations/0608_remove_root_url/main.go" does not exist`, "relative to importrules.toml", "remove the exception"}}},
		},
		{
			name:  "exception for a directory",
			doc:   excHead + "file = \"migrations\"\nimport = \"example.com/x\"\nreason = \"parallel scan\"\n",
			files: []string{"migrations/"},
			want:  []wantErr{{6, "exception[1].file", []string{`"migrations" is a directory`, "one Go file"}}},
		},
		{
			name: "exception file outside the config's directory",
			doc:  excHead + "file = \"../main.go\"\nimport = \"example.com/x\"\nreason = \"parallel scan\"\n",
			want: []wantErr{{6, "exception[1].file", []string{`"../main.go" is not inside this config's directory`, "relative to importrules.toml"}}},
		},
		{
			name: "absolute exception file",
			doc:  excHead + "file = \"/etc/passwd\"\nimport = \"example.com/x\"\nreason = \"parallel scan\"\n",
			want: []wantErr{{6, "exception[1].file", []string{`"/etc/passwd" is not inside`}}},
		},
		{
			name:  "exception without reason",
			doc:   excHead + "file = \"main.go\"\nimport = \"example.com/x\"\n",
			files: []string{"main.go"},
			want:  []wantErr{{4, "exception[1].reason", []string{"is required", "say why this file needs the exception"}}},
		},
		{
			name:  "exception reason of spaces",
			doc:   excHead + "file = \"main.go\"\nimport = \"example.com/x\"\nreason = \"   \"\n",
			files: []string{"main.go"},
			want:  []wantErr{{8, "exception[1].reason", []string{"is required"}}},
		},
		{
			name: "exception with nothing but a rule",
			doc:  excHead,
			want: []wantErr{
				{4, "exception[1].file", []string{"is required", `file = "migrations/`}},
				{4, "exception[1].import", []string{"is required", "import ="}},
				{4, "exception[1].reason", []string{"is required"}},
			},
		},
		{
			name:  "exception import pattern",
			doc:   excHead + "file = \"main.go\"\nimport = \"github.com/aws/*\"\nreason = \"parallel scan\"\n",
			files: []string{"main.go"},
			want:  []wantErr{{7, "exception[1].import", []string{"uses a glob"}}},
		},
		{
			name:  "exception expiring at a time of day",
			doc:   excHead + "file = \"main.go\"\nimport = \"example.com/x\"\nreason = \"parallel scan\"\nexpires = 10:00:00\n",
			files: []string{"main.go"},
			want:  []wantErr{{9, "exception[1].expires", []string{"is a time of day, not a date", "expires = 2027-06-30"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.doc, tt.files...)
			c, err := Load(path)
			if err == nil {
				t.Fatalf("Load succeeded (%+v); want %d error(s)", c, len(tt.want))
			}
			if c != nil {
				t.Errorf("Load returned a config along with the error")
			}
			checkErrors(t, path, err, tt.want)
		})
	}
}

// checkErrors checks that err holds exactly the wanted errors, in order,
// each naming the file, line and key.
func checkErrors(t *testing.T, path string, err error, want []wantErr) {
	t.Helper()
	got := configErrors(t, err)
	for i, g := range got {
		if i >= len(want) {
			t.Errorf("unexpected error %q", g)
			continue
		}
		w := want[i]
		if g.File != path {
			t.Errorf("error %q: File = %q, want %q", g, g.File, path)
		}
		if g.Line != w.line || g.Key != w.key {
			t.Errorf("error %q: at line %d key %q, want line %d key %q", g, g.Line, g.Key, w.line, w.key)
		}
		for _, m := range w.msg {
			if !strings.Contains(g.Msg, m) {
				t.Errorf("error %q: message lacks %q", g, m)
			}
		}
		// What users read: "FILE:LINE: KEY: message", or "FILE:LINE:
		// message" where no key is at fault.
		prefix := path + ":" + strconv.Itoa(w.line) + ": "
		if w.key != "" {
			prefix += w.key + ": "
		}
		if !strings.HasPrefix(g.Error(), prefix) {
			t.Errorf("error text %q does not start with %q", g.Error(), prefix)
		}
		if !strings.Contains(err.Error(), g.Error()) {
			t.Errorf("joined error %q lacks %q", err, g)
		}
	}
	for _, w := range want[min(len(got), len(want)):] {
		t.Errorf("missing error at line %d key %q (%v)", w.line, w.key, w.msg)
	}
}

func TestLoadReportsEveryMistake(t *testing.T) {
	doc := `colour = "blue"
[migrations]
roots = ["/abs"]
retention_months = 0
cleanup_months = [0, 13, 1, 1]

[[forbidden]]
packages = ["a/*", "a/.../b"]
allow = ["x/"]

[[forbidden]]
name = "r"
packages = ["example.com/x"]

[[forbidden]]
name = "r"
packages = ["example.com/y"]

[[exception]]
rule = "nope"
file = "missing.go"
import = "example.com/x"
reason = " "
`
	path := writeConfig(t, doc)
	_, err := Load(path)
	if err == nil {
		t.Fatal("Load succeeded")
	}
	want := []wantErr{
		{1, "colour", []string{"unknown key"}},
		{3, "migrations.roots", []string{`"/abs"`}},
		{4, "migrations.retention_months", []string{"0 is out of range"}},
		{5, "migrations.cleanup_months", []string{"0 is not a month"}},
		{5, "migrations.cleanup_months", []string{"13 is not a month"}},
		{5, "migrations.cleanup_months", []string{"month 1 is listed twice"}},
		{7, "forbidden[1].name", []string{"is required"}},
		{8, "forbidden[1].packages", []string{`"a/*" uses a glob`}},
		{8, "forbidden[1].packages", []string{`"a/.../b"`}},
		{9, "forbidden[1].allow", []string{`"x/"`}},
		{16, "forbidden[3].name", []string{`"r" is already the name of the rule at line 11`}},
		{23, "exception[1].reason", []string{"is required"}},
		{20, "exception[1].rule", []string{`no [[forbidden]] rule is named "nope"`, `"r"`}},
		{21, "exception[1].file", []string{`"missing.go" does not exist`}},
	}
	checkErrors(t, path, err, want)
	if n := strings.Count(err.Error(), "\n") + 1; n != len(want) {
		t.Errorf("joined message has %d lines, want %d:\n%s", n, len(want), err)
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "colour" {
		t.Errorf("errors.As found %v, want the first error", ce)
	}
	// The same file gives the same message every time.
	for range 20 {
		if _, again := Load(path); again.Error() != err.Error() {
			t.Fatalf("messages differ between runs:\n%s\n---\n%s", err, again)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	_, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), path) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v; want an error naming the file that is os.ErrNotExist", err)
	}
}

func TestLoadValid(t *testing.T) {
	doc := `[migrations]
roots = ["migrations", "legacy/migrations/"]
retention_months = 6
cleanup_months = [10, 4]

[versionguard]
attributes = ["version", "Revision"]
writers = ["example.com/app/dbmodel.Put", "example.com/app/dbmodel.Store.Put"]

[[forbidden]]
name = "raw-dynamodb"
packages = ["github.com/aws/aws-sdk-go-v2/service/dynamodb/..."]
allow = ["github.com/aws/aws-sdk-go-v2/service/dynamodb/types"]
from = ["..."]
via = ["example.com/app/dbmodel/..."]
indirect = false
message = "use dbmodel"

[[forbidden]]
name = "no-net"
packages = ["net/http"]

[[exception]]
rule = "no-net"
file = "./..data//main.go"
import = "net/http"
reason = "fetches the mapping table"
expires = 2027-06-30
`
	path := writeConfig(t, doc, "..data/main.go", "migrations/", "legacy/migrations/")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	if c.Path != path || c.Dir != dir {
		t.Errorf("Path, Dir = %q, %q; want %q, %q", c.Path, c.Dir, path, dir)
	}
	if want := (Migrations{Roots: []string{"migrations", "legacy/migrations/"}, RetentionMonths: 6, CleanupMonths: []time.Month{time.April, time.October}}); !equalMigrations(c.Migrations, want) {
		t.Errorf("Migrations = %+v, want %+v", c.Migrations, want)
	}
	if got, want := c.RootDirs(), []string{filepath.Join(dir, "migrations"), filepath.Join(dir, "legacy", "migrations")}; !slices.Equal(got, want) {
		t.Errorf("RootDirs = %q, want %q", got, want)
	}
	if !slices.Equal(c.VersionGuard.Attributes, []string{"version", "Revision"}) || len(c.VersionGuard.Writers) != 2 {
		t.Errorf("VersionGuard = %+v", c.VersionGuard)
	}
	if len(c.Forbidden) != 2 {
		t.Fatalf("Forbidden = %+v", c.Forbidden)
	}
	r := c.Forbidden[0]
	if r.Name != "raw-dynamodb" || r.Indirect || r.Message != "use dbmodel" || r.Line != 10 ||
		!slices.Equal(r.Packages, []string{"github.com/aws/aws-sdk-go-v2/service/dynamodb/..."}) ||
		!slices.Equal(r.Allow, []string{"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"}) ||
		!slices.Equal(r.From, []string{"..."}) || !slices.Equal(r.Via, []string{"example.com/app/dbmodel/..."}) {
		t.Errorf("Forbidden[0] = %+v", r)
	}
	if r := c.Forbidden[1]; r.Name != "no-net" || !r.Indirect || r.Line != 19 {
		t.Errorf("Forbidden[1] = %+v; want indirect by default, line 19", r)
	}
	want := Exception{Rule: "no-net", File: "..data/main.go", Import: "net/http", Reason: "fetches the mapping table",
		Expires: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), Line: 23}
	if len(c.Exceptions) != 1 || c.Exceptions[0] != want {
		t.Errorf("Exceptions = %+v, want [%+v]", c.Exceptions, want)
	}
}

func equalMigrations(a, b Migrations) bool {
	return slices.Equal(a.Roots, b.Roots) && a.RetentionMonths == b.RetentionMonths && slices.Equal(a.CleanupMonths, b.CleanupMonths)
}

func TestLoadEmptyIsDefault(t *testing.T) {
	path := writeConfig(t, "# nothing configured\n")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	d := Default(filepath.Dir(path))
	if !equalMigrations(c.Migrations, d.Migrations) || !slices.Equal(c.VersionGuard.Attributes, []string{"version"}) ||
		len(c.VersionGuard.Writers) != 0 || len(c.Forbidden) != 0 || len(c.Exceptions) != 0 {
		t.Errorf("empty file gave %+v, want the defaults %+v", c, d)
	}
	if c.Path != path {
		t.Errorf("Path = %q, want %q", c.Path, path)
	}
}

func TestDefault(t *testing.T) {
	c := Default("/repo")
	if c.Path != "" || c.Dir != "/repo" {
		t.Errorf("Path, Dir = %q, %q", c.Path, c.Dir)
	}
	if !equalMigrations(c.Migrations, Migrations{Roots: []string{"migrations"}, RetentionMonths: 12, CleanupMonths: []time.Month{time.January, time.July}}) {
		t.Errorf("Migrations = %+v", c.Migrations)
	}
	if !slices.Equal(c.VersionGuard.Attributes, []string{"version"}) || c.Forbidden != nil || c.Exceptions != nil {
		t.Errorf("Default = %+v", c)
	}
}

func TestMigrationRoot(t *testing.T) {
	dir := t.TempDir()
	c := Default(dir)
	c.Migrations.Roots = []string{"migrations", "old/migrations/"}
	tests := []struct {
		dir, root string
	}{
		{filepath.Join(dir, "migrations", "0001_a"), filepath.Join(dir, "migrations")},
		{filepath.Join(dir, "migrations", "0001_a") + string(filepath.Separator), filepath.Join(dir, "migrations")},
		{filepath.Join(dir, "old", "migrations", "0002_b"), filepath.Join(dir, "old", "migrations")},
		{filepath.Join(dir, "migrations"), ""},
		{filepath.Join(dir, "migrations", "0001_a", "sub"), ""},
		{filepath.Join(dir, "other", "0001_a"), ""},
	}
	for _, tt := range tests {
		root, ok := c.MigrationRoot(tt.dir)
		if root != tt.root || ok != (tt.root != "") {
			t.Errorf("MigrationRoot(%q) = %q, %v; want %q", tt.dir, root, ok, tt.root)
		}
	}
}

func TestExpired(t *testing.T) {
	e := Exception{Expires: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		now  time.Time
		want bool
	}{
		{time.Date(2027, 6, 29, 12, 0, 0, 0, time.UTC), false},
		{time.Date(2027, 6, 30, 23, 59, 59, 0, time.UTC), false},
		{time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		if got := e.Expired(tt.now); got != tt.want {
			t.Errorf("Expired(%v) = %v, want %v", tt.now, got, tt.want)
		}
	}
	if (Exception{}).Expired(time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("an exception without expires expired")
	}
}

// exampleConfig returns the text of the documented example, the
// importrules.toml at the top of the module.
func exampleConfig(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", FileName))
	if err != nil {
		t.Fatalf("reading the example config: %v", err)
	}
	return string(data)
}

// lineOf returns the 1-based line of the first line of text equal to s.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == s {
			return i + 1
		}
	}
	t.Fatalf("no line %q in the example config", s)
	return 0
}

func TestExampleConfig(t *testing.T) {
	path, err := filepath.Abs(filepath.Join("..", FileName))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatalf("the documented example does not load: %v", err)
	}
	text := exampleConfig(t)
	if !equalMigrations(c.Migrations, Default("").Migrations) {
		t.Errorf("the example's [migrations] %+v differ from the defaults it documents", c.Migrations)
	}
	if len(c.Forbidden) != 1 {
		t.Fatalf("Forbidden = %+v, want the one documented rule", c.Forbidden)
	}
	r := c.Forbidden[0]
	if r.Name == "" || len(r.Packages) == 0 || r.Message == "" || r.Line != lineOf(t, text, "[[forbidden]]") {
		t.Errorf("Forbidden[0] = %+v", r)
	}
	if len(c.Exceptions) != 0 {
		t.Errorf("Exceptions = %+v; the example's exception is commented out", c.Exceptions)
	}
	// The example documents every key miglint reads.
	for table, keys := range allowedKeys {
		for _, k := range keys {
			if table == "" {
				if !regexp.MustCompile(`(?m)^#?\[{1,2}` + k + `\]{1,2}`).MatchString(text) {
					t.Errorf("the example has no [%s] table", k)
				}
				continue
			}
			if !regexp.MustCompile(`(?m)^#?` + k + ` = `).MatchString(text) {
				t.Errorf("the example does not show key %s.%s", table, k)
			}
		}
	}
}

var commentedKey = regexp.MustCompile(`^#(\[\[[a-z]+\]\]|[a-z_]+ = .*)$`)

func TestExampleConfigException(t *testing.T) {
	text := exampleConfig(t)
	lines := strings.Split(text, "\n")
	marker := slices.Index(lines, "#[[exception]]")
	if marker < 0 {
		t.Fatal(`the example has no "#[[exception]]" block`)
	}
	values := map[string]string{} // key -> value as written
	for i := marker; i < len(lines); i++ {
		if m := commentedKey.FindStringSubmatch(lines[i]); m != nil {
			lines[i] = m[1]
			if k, v, ok := strings.Cut(m[1], " = "); ok {
				values[k] = v
			}
		}
	}
	if want := allowedKeys["exception"]; len(values) != len(want) {
		t.Errorf("uncommented keys %v, want all of %v", values, want)
	}
	unquote := func(k string) string { return strings.Trim(values[k], `"`) }
	path := writeConfig(t, strings.Join(lines, "\n"), unquote("file"))
	c, err := Load(path)
	if err != nil {
		t.Fatalf("the example with its exception uncommented does not load: %v", err)
	}
	if len(c.Exceptions) != 1 {
		t.Fatalf("Exceptions = %+v, want one", c.Exceptions)
	}
	e := c.Exceptions[0]
	expires, err := time.Parse(time.DateOnly, values["expires"])
	if err != nil {
		t.Fatalf("expires = %s: %v", values["expires"], err)
	}
	want := Exception{Rule: unquote("rule"), File: unquote("file"), Import: unquote("import"), Reason: unquote("reason"),
		Expires: expires, Line: marker + 1}
	if e != want {
		t.Errorf("exception = %+v, want %+v", e, want)
	}
	if e.Rule != c.Forbidden[0].Name {
		t.Errorf("the example exception excuses %q, but the example rule is %q", e.Rule, c.Forbidden[0].Name)
	}
	if !e.Expired(expires.AddDate(0, 0, 1)) || e.Expired(expires) {
		t.Errorf("exception should hold through %s and expire the day after", values["expires"])
	}
}
