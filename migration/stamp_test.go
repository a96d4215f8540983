package migration

import (
	"strings"
	"testing"
	"time"
)

const pendingFile = `// Remove the legacy root_url attribute from every git root. The URL now
// lives in the root's environment list: Execution Time: stays prose here.
//
// Execution Time:    pending
// Finalization Time: pending
package main

// Execution Time: pending (not the header)
func main() {}
`

func TestStamp(t *testing.T) {
	exec := time.Date(2026, 3, 2, 9, 5, 11, 0, time.FixedZone("EST", -5*3600))
	fin := time.Date(2026, 3, 2, 14, 31, 40, 123, time.UTC)
	const e, f = "2026-03-02 at 14:05:11 UTC", "2026-03-02 at 14:31:40 UTC"
	tests := []struct {
		name, src, want string
	}{
		{
			name: "pending header",
			src:  pendingFile,
			want: strings.Replace(strings.Replace(pendingFile, "Execution Time:    pending", "Execution Time:    "+e, 1), "Finalization Time: pending", "Finalization Time: "+f, 1),
		},
		{
			name: "restamp times in another zone, trailing spaces kept",
			src:  "// Backfill the status attribute.\n//\n//   Execution Time:  2021-01-17 at 16:30:22 UTC-05  \n//   Finalization Time:  2021-01-17 at 16:45:00 UTC-05\npackage main\n",
			want: "// Backfill the status attribute.\n//\n//   Execution Time:  " + e + "  \n//   Finalization Time:  " + f + "\npackage main\n",
		},
		{
			name: "Finalization line first",
			src:  "// Backfill the status attribute.\n// Finalization Time: pending\n// Execution Time: pending\n// More prose.\npackage main\n",
			want: "// Backfill the status attribute.\n// Finalization Time: " + f + "\n// Execution Time: " + e + "\n// More prose.\npackage main\n",
		},
		{
			name: "empty values",
			src:  "// Backfill the status attribute.\n// Execution Time:\n// Finalization Time:\npackage main\n",
			want: "// Backfill the status attribute.\n// Execution Time: " + e + "\n// Finalization Time: " + f + "\npackage main\n",
		},
		{
			name: "malformed values are replaced whole",
			src:  "// Backfill the status attribute.\n// Execution Time: some day soon\n// Finalization Time: pending\npackage main\n",
			want: "// Backfill the status attribute.\n// Execution Time: " + e + "\n// Finalization Time: " + f + "\npackage main\n",
		},
		{
			name: "CRLF line comments",
			src:  "// Backfill the status attribute.\r\n//\r\n// Execution Time:    pending\r\n// Finalization Time: pending\r\npackage main\r\n",
			want: "// Backfill the status attribute.\r\n//\r\n// Execution Time:    " + e + "\r\n// Finalization Time: " + f + "\r\npackage main\r\n",
		},
		{
			name: "CRLF line comments with empty values",
			src:  "// Backfill the status attribute.\r\n// Execution Time:\r\n// Finalization Time:\r\npackage main\r\n",
			want: "// Backfill the status attribute.\r\n// Execution Time: " + e + "\r\n// Finalization Time: " + f + "\r\npackage main\r\n",
		},
		{
			name: "CRLF block comment",
			src:  "/*\r\nBackfill the status attribute.\r\n\r\nExecution Time:    pending\r\nFinalization Time: pending\r\n*/\r\npackage main\r\n",
			want: "/*\r\nBackfill the status attribute.\r\n\r\nExecution Time:    " + e + "\r\nFinalization Time: " + f + "\r\n*/\r\npackage main\r\n",
		},
		{
			name: "carriage return inside a line",
			src:  "// Backfill the\r status attribute.\n// Execution Time: \rpending\n// Finalization Time: pen\rding\npackage main\n",
			want: "// Backfill the\r status attribute.\n// Execution Time: " + e + "\n// Finalization Time: " + f + "\npackage main\n",
		},
		{
			name: "duplicate line: the first is stamped",
			src:  "// Backfill the status attribute.\n// Execution Time: pending\n// Execution Time: pending\n// Finalization Time: pending\npackage main\n",
			want: "// Backfill the status attribute.\n// Execution Time: " + e + "\n// Execution Time: pending\n// Finalization Time: " + f + "\npackage main\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Stamp("main.go", []byte(tt.src), exec, fin)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("Stamp =\n%q\nwant\n%q", out, tt.want)
			}
			h, _ := ParseHeader(docLines(t, string(out)), fin.Add(time.Hour))
			if !h.Execution.Equal(exec) || !h.Finalization.Equal(fin.Truncate(time.Second)) {
				t.Errorf("stamped header reads %v, %v; want %v, %v", h.Execution, h.Finalization, exec, fin.Truncate(time.Second))
			}
		})
	}
}

func TestStampTwice(t *testing.T) {
	e1, f1 := time.Date(2026, 3, 2, 14, 5, 11, 0, time.UTC), time.Date(2026, 3, 2, 14, 31, 40, 0, time.UTC)
	e2, f2 := time.Date(2026, 4, 10, 1, 2, 3, 0, time.UTC), time.Date(2026, 4, 10, 11, 22, 33, 0, time.UTC)
	once, err := Stamp("main.go", []byte(pendingFile), e1, f1)
	if err != nil {
		t.Fatal(err)
	}
	twice, err := Stamp("main.go", once, e2, f2)
	if err != nil {
		t.Fatal(err)
	}
	direct, err := Stamp("main.go", []byte(pendingFile), e2, f2)
	if err != nil {
		t.Fatal(err)
	}
	if string(twice) != string(direct) {
		t.Errorf("stamping twice gave\n%s\nwant\n%s", twice, direct)
	}
	if !strings.Contains(string(twice), "// Execution Time:    2026-04-10 at 01:02:03 UTC\n// Finalization Time: 2026-04-10 at 11:22:33 UTC\n") {
		t.Errorf("restamped file:\n%s", twice)
	}
	// Everything but the values is byte-for-byte the input.
	if len(twice) != len(pendingFile)+2*(len(FormatTime(e2))-len(Pending)) {
		t.Errorf("restamped file has %d bytes, want only the values to change", len(twice))
	}
}

func TestStampErrors(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 5, 11, 0, time.UTC)
	tests := []struct {
		name, src, err string
	}{
		{"missing Finalization line", "// Backfill the status attribute.\n// Execution Time: pending\npackage main\n", `main.go: the header needs an "Execution Time:" and a "Finalization Time:" line`},
		{"missing Execution line", "// Backfill the status attribute.\n// Finalization Time: pending\npackage main\n", `needs an "Execution Time:"`},
		{"no header", "package main\n", `needs an "Execution Time:"`},
		{"header not attached", "// Backfill.\n// Execution Time: pending\n// Finalization Time: pending\n\npackage main\n", "needs an"},
		{"not Go", "Execution Time: pending\n", "main.go:1:1: expected 'package'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Stamp("main.go", []byte(tt.src), at, at)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Stamp = %q, %v; want an error with %q", out, err, tt.err)
			}
		})
	}
}
