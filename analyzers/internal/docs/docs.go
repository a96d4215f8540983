// Package docs cuts an analyzer's documentation out of its doc.go, so the
// package comment is the one copy: go doc, pkg.go.dev, miglint help and
// the README's table all read it.
package docs

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
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
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("doc.go of %s: %v", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go of %s has no package comment", name)
	}
	return section(f.Doc, name)
}

func section(doc *ast.CommentGroup, name string) (string, error) {
	text := doc.Text()
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
