// Package docs cuts an analyzer's documentation out of its doc.go, so the
// package comment is the one copy: go doc, pkg.go.dev, miglint help and
// the README's table all read it.
package docs

import (
	"fmt"
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

// extract reads the package comment (the // lines right above the package
// clause) as go/ast's CommentGroup.Text gives it, keeping only the lines
// of name's section. Every process that go vet starts builds the
// analyzers' docs: parsing the eight doc.go files cost a migration's
// process 1.5%, cutting each whole comment into lines 0.9% (BENCHMARKS.md),
// so it walks the file once and copies nothing outside the section;
// TestExtractAsParsed holds it to go/parser's reading.
func extract(content, name string) (string, error) {
	heading := "# Analyzer " + name
	var (
		comment          bool // the lines so far end in a run of // lines
		inSection, ended bool
		found            bool
		lines            []string
	)
	for rest := content; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.HasPrefix(line, "package ") {
			switch {
			case !comment:
				return "", fmt.Errorf("doc.go of %s has no package comment", name)
			case !found:
				return "", fmt.Errorf("doc.go of %s lacks a line %q", name, heading)
			}
			body := strings.TrimSpace(strings.Join(lines, "\n"))
			prefix := name + ": "
			if !strings.HasPrefix(body, prefix) {
				return "", fmt.Errorf("doc.go of %s: the section must start %q", name, prefix)
			}
			return strings.TrimPrefix(body, prefix), nil
		}
		if !strings.HasPrefix(line, "//") {
			// Not a comment line: whatever came before is not the
			// package comment (a licence above a blank line, say).
			comment, inSection, ended, found, lines = false, false, false, false, lines[:0]
			continue
		}
		comment = true
		text := strings.TrimRight(strings.TrimPrefix(strings.TrimPrefix(line, "//"), " "), " \t\r")
		switch {
		case ended:
		case inSection && strings.HasPrefix(text, "#"):
			ended = true
		case inSection:
			// Runs of blank lines become one, as in CommentGroup.Text.
			if text != "" || len(lines) > 0 && lines[len(lines)-1] != "" {
				lines = append(lines, text)
			}
		case text == heading:
			inSection, found = true, true
		}
	}
	return "", fmt.Errorf("doc.go of %s has no package comment", name)
}
