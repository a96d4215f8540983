package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestJSON: paths relative to the working directory, the rule id, and
// the end only when the analyzer gave one.
func TestJSON(t *testing.T) {
	root := repo(t, map[string]string{})
	file := filepath.Join(root, "m", "main.go")
	var b bytes.Buffer
	err := Write(&b, "json", []Finding{
		{Analyzer: "forbiddenimport", Posn: pos(file, 3, 2, 0), End: pos(file, 3, 40, 0), Message: "imports x"},
		{Analyzer: "header", Category: "missing", Posn: pos(file, 1, 1, 0), Message: "no header"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"analyzer": "forbiddenimport", "rule": "forbiddenimport", "file": filepath.Join("m", "main.go"), "line": 3.0, "column": 2.0, "endLine": 3.0, "endColumn": 40.0, "message": "imports x"},
		{"analyzer": "header", "rule": "header/missing", "file": filepath.Join("m", "main.go"), "line": 1.0, "column": 1.0, "message": "no header"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Errorf("finding %d: %v, want %v", i, got[i], want[i])
		}
		for k, v := range want[i] {
			if got[i][k] != v {
				t.Errorf("finding %d: %s = %v, want %v", i, k, got[i][k], v)
			}
		}
	}
	if err := Write(&b, "xml", nil, nil); err == nil {
		t.Error("Write accepted format xml")
	}
}
