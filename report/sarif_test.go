package report

import (
	"bytes"
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/internal/jsonschema"
)

var (
	headerAnalyzer   = &analysis.Analyzer{Name: "header", Doc: "check headers\n\nThe rules.", URL: "https://example.com/header"}
	mainfuncAnalyzer = &analysis.Analyzer{Name: "mainfunc", Doc: "check main"}
)

// repo makes a git work tree (a .git folder is all repoRoot looks for)
// holding the files, enters it and returns its path.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(root)
	return root
}

func pos(file string, line, col, off int) token.Position {
	return token.Position{Filename: file, Line: line, Column: col, Offset: off}
}

type sarifOut struct {
	Runs []struct {
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region sarifRegion `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			Fixes []sarifFix `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

func sarifFor(t *testing.T, fs []Finding) ([]byte, sarifOut) {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, "sarif", fs, []*analysis.Analyzer{headerAnalyzer, mainfuncAnalyzer}); err != nil {
		t.Fatal(err)
	}
	var out sarifOut
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), out
}

func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSARIF checks miglint's SARIF against the OASIS SARIF 2.1.0 schema
// (the one GitHub code scanning validates uploads with) and what code
// scanning relies on: a rule for every ruleId, %SRCROOT%-relative URIs,
// UTF-16 columns, end positions and fixes.
func TestSARIF(t *testing.T) {
	wd, _ := os.Getwd()
	sch := schema(t)
	const src = "package main\n\nfunc main() { s := \"é😀\"; _ = s }\n"
	root := repo(t, map[string]string{"migrations/0001 x/main.go": src})
	file := filepath.Join(root, "migrations", "0001 x", "main.go")
	at := strings.Index(src, "_ =")
	fs := []Finding{
		{Analyzer: "header", Category: "missing", Posn: pos(file, 1, 1, 0), Message: "migration has no header",
			Fixes: []Fix{{Message: "Insert a header", Edits: []Edit{{Start: pos(file, 1, 1, 0), End: pos(file, 1, 1, 0), NewText: "// Doc.\n"}}}}},
		{Analyzer: "mainfunc", Posn: pos(file, 3, 34, at), End: pos(file, 3, 40, at+6), Message: "main is odd"},
	}
	data, out := sarifFor(t, fs)
	errs, err := sch.Validate(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("not valid SARIF 2.1.0: %s", e)
	}
	if t.Failed() {
		t.Logf("%s", data)
	}

	run := out.Runs[0]
	if got := run.OriginalURIBaseIDs[srcRoot].URI; got != "file://"+filepath.ToSlash(root)+"/" {
		t.Errorf("%%SRCROOT%% is %q, want the repository's root %q", got, root)
	}
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if want := "header mainfunc header/missing"; strings.Join(ids, " ") != want {
		t.Errorf("rules %q, want %q: every analyzer given, then each analyzer/category found", ids, want)
	}
	for i, r := range run.Results {
		if ids[r.RuleIndex] != r.RuleID {
			t.Errorf("result %d: ruleIndex %d is %s, not %s", i, r.RuleIndex, ids[r.RuleIndex], r.RuleID)
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != "migrations/0001%20x/main.go" || loc.ArtifactLocation.URIBaseID != srcRoot {
			t.Errorf("result %d: location %+v, want migrations/0001%%20x/main.go under %%SRCROOT%%", i, loc.ArtifactLocation)
		}
	}
	// é is one UTF-16 unit (two bytes), 😀 two (four bytes): byte column
	// 34 is UTF-16 column 31.
	if got, want := run.Results[1].Locations[0].PhysicalLocation.Region, (sarifRegion{3, 31, 3, 37}); got != want {
		t.Errorf("region %+v, want %+v (UTF-16 columns, with the end)", got, want)
	}
	if fx := run.Results[0].Fixes; len(fx) != 1 || fx[0].ArtifactChanges[0].Replacements[0].InsertedContent.Text != "// Doc.\n" ||
		fx[0].ArtifactChanges[0].Replacements[0].DeletedRegion != (sarifRegion{1, 1, 1, 1}) {
		t.Errorf("fixes %+v, want the header insertion at 1:1", fx)
	}

	// The validator is not a rubber stamp: what GitHub rejected from
	// other tools, it rejects.
	t.Chdir(wd)
	for _, broken := range []struct{ from, to, want string }{
		{`"replacements": [`, `"replacements": [], "x": [`, "replacements"},
		{`"startLine": 3`, `"startLine": 0`, "startLine: 0 is less than 1"},
		{`"level": "error"`, `"level": "fatal"`, "level"},
	} {
		bad := strings.Replace(string(data), broken.from, broken.to, 1)
		errs, _ := sch.Validate([]byte(bad))
		if !strings.Contains(strings.Join(errs, "\n"), broken.want) {
			t.Errorf("replacing %s by %s: errors %q, want one about %s", broken.from, broken.to, errs, broken.want)
		}
	}
}

// TestFingerprints: a finding keeps its fingerprint when lines are added
// above it (GitHub then keeps the alert), and gets a new one when its
// line changes; two alike on one line stay apart.
func TestFingerprints(t *testing.T) {
	root := repo(t, map[string]string{
		"a.go": "package main\n\nfunc main() { put() }\n",
		"b.go": "package main\n\n// moved\n\n\nfunc main() { put() }\n",
		"c.go": "package main\n\nfunc main() { put(); put() }\n",
	})
	fp := func(fs ...Finding) []string {
		t.Helper()
		_, out := sarifFor(t, fs)
		var got []string
		for _, r := range out.Runs[0].Results {
			got = append(got, r.PartialFingerprints[fingerprintKey])
		}
		return got
	}
	at := func(file string, line int, msg string) Finding {
		// The same file name in the URI: copy b's and c's text under a's name.
		return Finding{Analyzer: "mainfunc", Posn: pos(filepath.Join(root, file), line, 15, 0), Message: msg}
	}
	a := fp(at("a.go", 3, "unguarded put at other.go:10"))[0]
	if err := os.Rename(filepath.Join(root, "b.go"), filepath.Join(root, "a.go")); err != nil {
		t.Fatal(err)
	}
	if moved := fp(at("a.go", 6, "unguarded put at other.go:12"))[0]; moved != a {
		t.Errorf("fingerprint changed when the line moved from 3 to 6: %s then %s", a, moved)
	}
	if err := os.Rename(filepath.Join(root, "c.go"), filepath.Join(root, "a.go")); err != nil {
		t.Fatal(err)
	}
	two := fp(at("a.go", 3, "put"), at("a.go", 3, "put"))
	if two[0] == a || two[0] == two[1] {
		t.Errorf("fingerprints %q: a changed line keeps %s, or two findings on one line collide", two, a)
	}
}
