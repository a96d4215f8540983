package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/miglint/miglint/analyzers"
)

// Formats are the output formats of miglint -format, by name.
var Formats = map[string]func(io.Writer, []Finding) error{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  writeSARIF,
	"github": writeGitHub,
}

// relPath makes a path relative to base when it lies below it.
func relPath(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

func cwd() string {
	d, _ := os.Getwd()
	return d
}

// repoRoot is the top of the git work tree around the working directory,
// or the working directory: SARIF and GitHub annotations want paths
// relative to the repository.
func repoRoot() string {
	wd := cwd()
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return wd
		}
	}
}

// writeText prints path:line:col: message (analyzer), paths relative to
// the working directory.
func writeText(w io.Writer, fs []Finding) error {
	wd := cwd()
	for _, f := range fs {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", relPath(wd, f.Posn.Filename), f.Posn.Line, f.Posn.Column, f.Message, f.Analyzer); err != nil {
			return err
		}
	}
	return nil
}

type jsonFinding struct {
	Analyzer string `json:"analyzer"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, fs []Finding) error {
	wd := cwd()
	out := make([]jsonFinding, len(fs))
	for i, f := range fs {
		out[i] = jsonFinding{f.Analyzer, relPath(wd, f.Posn.Filename), f.Posn.Line, f.Posn.Column, f.Message}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeGitHub prints GitHub Actions workflow commands, which turn into
// annotations on the pull request's files.
func writeGitHub(w io.Writer, fs []Finding) error {
	root := repoRoot()
	for _, f := range fs {
		file := filepath.ToSlash(relPath(root, f.Posn.Filename))
		if _, err := fmt.Fprintf(w, "::error file=%s,line=%d,col=%d,title=%s::%s\n",
			ghProperty(file), max(f.Posn.Line, 1), max(f.Posn.Column, 1), ghProperty("miglint/"+f.Analyzer), ghData(f.Message)); err != nil {
			return err
		}
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// SARIF 2.1.0, the subset GitHub code scanning reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string    `json:"id"`
		Name             string    `json:"name"`
		ShortDescription sarifText `json:"shortDescription"`
		FullDescription  sarifText `json:"fullDescription"`
		Help             sarifText `json:"help"`
		HelpURI          string    `json:"helpUri,omitempty"`
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
	}
	sarifLocation struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine   int `json:"startLine"`
				StartColumn int `json:"startColumn"`
			} `json:"region"`
		} `json:"physicalLocation"`
	}
)

func writeSARIF(w io.Writer, fs []Finding) error {
	root := repoRoot()
	driver := sarifDriver{Name: "miglint", InformationURI: "https://pkg.go.dev/github.com/miglint/miglint/cmd/miglint"}
	index := map[string]int{}
	for i, a := range analyzers.All {
		index[a.Name] = i
		short, _, _ := strings.Cut(a.Doc, "\n")
		driver.Rules = append(driver.Rules, sarifRule{ID: a.Name, Name: a.Name,
			ShortDescription: sarifText{short}, FullDescription: sarifText{a.Doc}, Help: sarifText{a.Doc}, HelpURI: a.URL})
	}
	results := []sarifResult{}
	for _, f := range fs {
		r := sarifResult{RuleID: f.Analyzer, RuleIndex: index[f.Analyzer], Level: "error", Message: sarifText{f.Message}}
		var loc sarifLocation
		loc.PhysicalLocation.ArtifactLocation.URI = uriPath(relPath(root, f.Posn.Filename))
		loc.PhysicalLocation.ArtifactLocation.URIBaseID = "%SRCROOT%"
		loc.PhysicalLocation.Region.StartLine = max(f.Posn.Line, 1)
		loc.PhysicalLocation.Region.StartColumn = max(f.Posn.Column, 1)
		r.Locations = []sarifLocation{loc}
		results = append(results, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{driver}, Results: results}},
	})
}

// uriPath turns a relative file path into a relative URI reference.
func uriPath(p string) string {
	segs := strings.Split(filepath.ToSlash(p), "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
