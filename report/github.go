package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// writeGitHub prints GitHub Actions workflow commands, which turn into
// annotations on the pull request's files.
func writeGitHub(w io.Writer, findings []Finding) error {
	root := repoRoot()
	for _, f := range findings {
		file := filepath.ToSlash(relTo(root, f.Posn.Filename))
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
