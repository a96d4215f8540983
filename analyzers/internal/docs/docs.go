// Package docs cuts an analyzer's documentation out of its doc.go, so the
// package comment is the one copy: go doc, pkg.go.dev, miglint help and
// the README's table all read it.
package docs

import (
	"fmt"
	"slices"
	"strings"
)

// MustExtract returns the part of the package comment of the Go source
// content that documents the analyzer name: the text after a line
// "# Analyzer NAME", up to the next line starting with "#", with the
// first line ("NAME: summary") reduced to the summary. It panics when
// there is no such section, as a build mistake would: every analyzer's
// doc.go has one.
func MustExtract(content, name string) string {
	doc, err := extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

func extract(content, name string) (string, error) {
	doc, ok := packageComment(content)
	if !ok {
		return "", fmt.Errorf("doc.go of %s has no package comment", name)
	}
	return section(doc, name)
}

// packageComment returns the text of the // comment lines right above
// the package clause, as go/ast's CommentGroup.Text gives it. go/parser
// would do, but every process that go vet starts builds the analyzers'
// docs, and parsing eight doc.go files cost 1.5% of a migration's
// (BENCHMARKS.md); TestPackageComment holds the two to the same text.
func packageComment(content string) (string, bool) {
	lines := strings.Split(content, "\n")
	clause := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "package ") })
	start := clause
	for start > 0 && strings.HasPrefix(lines[start-1], "//") {
		start--
	}
	if clause < 0 || start == clause {
		return "", false
	}
	var text []string
	for _, l := range lines[start:clause] {
		l = strings.TrimPrefix(l, "//")
		l = strings.TrimPrefix(l, " ")
		text = append(text, strings.TrimRight(l, " \t\r"))
	}
	// Leading and trailing blank lines go, and runs of blank lines
	// become one, as in CommentGroup.Text.
	var out []string
	for _, l := range text {
		if l == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n") + "\n", true
}

func section(text, name string) (string, error) {
	_, rest, ok := strings.Cut(text, "# Analyzer "+name+"\n")
	if !ok {
		return "", fmt.Errorf("doc.go of %s lacks a line %q", name, "# Analyzer "+name)
	}
	var lines []string
	for _, l := range strings.Split(rest, "\n") {
		if strings.HasPrefix(l, "#") {
			break
		}
		lines = append(lines, l)
	}
	body := strings.TrimSpace(strings.Join(lines, "\n"))
	prefix := name + ": "
	if !strings.HasPrefix(body, prefix) {
		return "", fmt.Errorf("doc.go of %s: the section must start %q", name, prefix)
	}
	return strings.TrimPrefix(body, prefix), nil
}
