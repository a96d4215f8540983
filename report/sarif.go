package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// SARIF 2.1.0, the part of it that GitHub code scanning reads; the test
// validates the output against the OASIS schema (testdata).
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool sarifTool `json:"tool"`
		// OriginalURIBaseIDs says where %SRCROOT% is on this machine;
		// every result's URI is relative to it, so a result names the
		// same file wherever the repository was checked out.
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
		ColumnKind         string                           `json:"columnKind"`
		Results            []sarifResult                    `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string      `json:"id"`
		Name                 string      `json:"name"`
		ShortDescription     sarifText   `json:"shortDescription"`
		FullDescription      sarifText   `json:"fullDescription"`
		Help                 sarifText   `json:"help"`
		HelpURI              string      `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfig `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifText       `json:"message"`
		Locations []sarifLocation `json:"locations"`
		// PartialFingerprints keep a result's identity across pushes
		// (GitHub matches alerts by them): see fingerprint.
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent *sarifText  `json:"insertedContent,omitempty"`
	}
)

const (
	srcRoot = "%SRCROOT%"
	// fingerprintKey names miglint's partial fingerprint; the version
	// changes if the recipe ever does, so old and new never collide.
	fingerprintKey = "miglint/v1"
)

func writeSARIF(w io.Writer, findings []Finding, as []*analysis.Analyzer) error {
	root := repoRoot()
	rules, index := sarifRules(findings, as)
	src := sources{}
	seen := map[string]int{} // fingerprint input -> occurrences so far
	results := []sarifResult{}
	for _, f := range findings {
		uri := uriPath(relTo(root, f.Posn.Filename))
		r := sarifResult{
			RuleID: f.Rule(), RuleIndex: index[f.Rule()], Level: "error", Message: sarifText{f.Message},
			Locations: []sarifLocation{{sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: srcRoot},
				Region:           src.region(f.Posn, f.End),
			}}},
			PartialFingerprints: map[string]string{fingerprintKey: fingerprint(f.Rule(), uri, src.line(f.Posn.Filename, f.Posn.Line), seen)},
		}
		for _, fix := range f.Fixes {
			r.Fixes = append(r.Fixes, src.fix(root, fix))
		}
		results = append(results, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:               sarifTool{sarifDriver{Name: "miglint", InformationURI: "https://pkg.go.dev/github.com/miglint/miglint/cmd/miglint", Rules: rules}},
			OriginalURIBaseIDs: map[string]sarifArtifactLocation{srcRoot: {URI: dirURI(root)}},
			ColumnKind:         "utf16CodeUnits",
			Results:            results,
		}},
	})
}

// sarifRules describes each analyzer as a rule, in the order given, then
// each analyzer/category that a finding has (sorted), so that every
// result's ruleId has a rule; index maps rule ids to their place.
func sarifRules(findings []Finding, as []*analysis.Analyzer) (rules []sarifRule, index map[string]int) {
	byName := map[string]*analysis.Analyzer{}
	index = map[string]int{}
	add := func(id string, a *analysis.Analyzer, category string) {
		if _, ok := index[id]; ok {
			return
		}
		index[id] = len(rules)
		r := sarifRule{ID: id, Name: id, DefaultConfiguration: sarifConfig{"error"}}
		if a != nil {
			short, _, _ := strings.Cut(a.Doc, "\n")
			r.ShortDescription, r.FullDescription, r.Help, r.HelpURI = sarifText{short}, sarifText{a.Doc}, sarifText{a.Doc}, a.URL
		} else {
			r.ShortDescription = sarifText{id}
			r.FullDescription, r.Help = r.ShortDescription, r.ShortDescription
		}
		if category != "" {
			r.ShortDescription.Text += " (" + category + ")"
		}
		rules = append(rules, r)
	}
	for _, a := range as {
		byName[a.Name] = a
		add(a.Name, a, "")
	}
	var extra []Finding
	for _, f := range findings {
		if _, ok := index[f.Rule()]; !ok {
			extra = append(extra, f)
		}
	}
	slices.SortFunc(extra, func(a, b Finding) int { return strings.Compare(a.Rule(), b.Rule()) })
	for _, f := range extra {
		add(f.Rule(), byName[f.Analyzer], f.Category)
	}
	return rules, index
}

// fingerprint identifies a finding across pushes by what does not move
// when lines are added above it: its rule, its file and the text of its
// line (trimmed, so re-indenting keeps it), plus how many findings with
// those same three came before it in this run. Not its line number, and
// not its message, which may cite line numbers elsewhere.
func fingerprint(rule, uri, line string, seen map[string]int) string {
	key := rule + "\x00" + uri + "\x00" + strings.TrimSpace(line)
	n := seen[key]
	seen[key]++
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", key, n))
	return hex.EncodeToString(sum[:16])
}

// sources reads the files that findings point into, once each: for the
// text of a line and for SARIF's columns, which count UTF-16 code units
// where Go counts bytes.
type sources map[string][][]byte

func (s sources) lines(filename string) [][]byte {
	if l, ok := s[filename]; ok {
		return l
	}
	data, _ := os.ReadFile(filename)
	l := bytes.SplitAfter(data, []byte("\n"))
	s[filename] = l
	return l
}

func (s sources) line(filename string, n int) string {
	if l := s.lines(filename); n >= 1 && n <= len(l) {
		return string(l[n-1])
	}
	return ""
}

// column converts a byte column of line n into a UTF-16 one.
func (s sources) column(filename string, n, col int) int {
	l := s.lines(filename)
	if n < 1 || n > len(l) || col < 1 {
		return max(col, 1)
	}
	b := l[n-1]
	prefix := b[:min(col-1, len(b))]
	units := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix) // an invalid byte is U+FFFD, one unit
		units += utf16.RuneLen(r)
		prefix = prefix[size:]
	}
	return units + 1 + max(col-1-len(b), 0)
}

// region is the SARIF region from start to end (end may be invalid:
// then the region is only its start).
func (s sources) region(start, end token.Position) sarifRegion {
	r := sarifRegion{StartLine: max(start.Line, 1), StartColumn: s.column(start.Filename, start.Line, start.Column)}
	if end.IsValid() && end.Line >= 1 {
		r.EndLine, r.EndColumn = end.Line, s.column(end.Filename, end.Line, end.Column)
	}
	return r
}

// fix turns a suggested fix into SARIF: one artifact change per file, in
// the order the fix first edits each.
func (s sources) fix(root string, fix Fix) sarifFix {
	out := sarifFix{Description: sarifText{fix.Message}}
	at := map[string]int{}
	for _, e := range fix.Edits {
		i, ok := at[e.Start.Filename]
		if !ok {
			i = len(out.ArtifactChanges)
			at[e.Start.Filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{
				ArtifactLocation: sarifArtifactLocation{URI: uriPath(relTo(root, e.Start.Filename)), URIBaseID: srcRoot}})
		}
		r := sarifReplacement{DeletedRegion: s.region(e.Start, e.End)}
		if e.NewText != "" {
			r.InsertedContent = &sarifText{e.NewText}
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, r)
	}
	return out
}

// uriPath turns a relative file path into a relative URI reference.
func uriPath(p string) string {
	segs := strings.Split(filepath.ToSlash(p), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// dirURI is the file URI of an absolute directory, ending in a slash as
// SARIF requires of a base.
func dirURI(dir string) string {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x
	}
	return (&url.URL{Scheme: "file", Path: strings.TrimSuffix(p, "/") + "/"}).String()
}
