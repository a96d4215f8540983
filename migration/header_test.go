package migration

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"
)

// testNow is the present in these tests, well after every valid header.
var testNow = time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)

const goCode = "package main\n\nfunc main() {}\n"

// docLines parses src and returns the lines of its package doc comment.
func docLines(t testing.TB, src string) []Line {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatalf("parsing %q: %v", src, err)
	}
	return CommentLines(fset, f.Doc)
}

func utc(y int, mo time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

func TestParseHeaderValid(t *testing.T) {
	const desc = "// Remove the legacy root_url attribute from every git root. The URL now\n// lives in the root's environment list.\n//\n"
	tests := []struct {
		name     string
		src      string
		desc     string
		pending  bool
		exec     time.Time
		fin      time.Time
		execText string // ExecutionLine.Value
	}{
		{
			name:     "UTC",
			src:      desc + "// Execution Time:    2026-03-02 at 14:05:11 UTC\n// Finalization Time: 2026-03-02 at 14:31:40 UTC\n",
			exec:     utc(2026, 3, 2, 14, 5, 11),
			fin:      utc(2026, 3, 2, 14, 31, 40),
			execText: "2026-03-02 at 14:05:11 UTC",
		},
		{
			name:     "UTC-05",
			src:      desc + "// Execution Time: 2021-01-17 at 16:30:22 UTC-05\n// Finalization Time: 2021-01-17 at 16:45:00 UTC-05\n",
			exec:     utc(2021, 1, 17, 21, 30, 22),
			fin:      utc(2021, 1, 17, 21, 45, 0),
			execText: "2021-01-17 at 16:30:22 UTC-05",
		},
		{
			name:     "UTC+05:30",
			src:      desc + "// Execution Time: 2025-12-31 at 23:00:00 UTC+05:30\n// Finalization Time: 2026-01-01 at 01:00:00 UTC+05:30\n",
			exec:     utc(2025, 12, 31, 17, 30, 0),
			fin:      utc(2025, 12, 31, 19, 30, 0),
			execText: "2025-12-31 at 23:00:00 UTC+05:30",
		},
		{
			name:     "-05",
			src:      desc + "// Execution Time:    2026-03-02 at 09:05:11 -05\n// Finalization Time: 2026-03-02 at 09:31:40 -05\n",
			exec:     utc(2026, 3, 2, 14, 5, 11),
			fin:      utc(2026, 3, 2, 14, 31, 40),
			execText: "2026-03-02 at 09:05:11 -05",
		},
		{
			name:     "-0500",
			src:      desc + "// Execution Time:    2026-03-02 at 09:05:11 -0500\n// Finalization Time: 2026-03-02 at 09:31:40 -0500\n",
			exec:     utc(2026, 3, 2, 14, 5, 11),
			fin:      utc(2026, 3, 2, 14, 31, 40),
			execText: "2026-03-02 at 09:05:11 -0500",
		},
		{
			name:     "-05:00 and +14:00 mixed",
			src:      desc + "// Execution Time:    2026-03-02 at 09:05:11 -05:00\n// Finalization Time: 2026-03-03 at 04:31:40 +14:00\n",
			exec:     utc(2026, 3, 2, 14, 5, 11),
			fin:      utc(2026, 3, 2, 14, 31, 40),
			execText: "2026-03-02 at 09:05:11 -05:00",
		},
		{
			name:     "equal times, trailing spaces",
			src:      desc + "// Execution Time:    2026-03-02 at 14:05:11 UTC   \n// Finalization Time: 2026-03-02 at 14:05:11 UTC\n",
			exec:     utc(2026, 3, 2, 14, 5, 11),
			fin:      utc(2026, 3, 2, 14, 5, 11),
			execText: "2026-03-02 at 14:05:11 UTC",
		},
		{
			name:     "Finalization line first, text after the time lines",
			src:      desc + "// Finalization Time: 2026-03-02 at 14:31:40 UTC\n// Execution Time:    2026-03-02 at 14:05:11 UTC\n//\n// See ticket DATA-12.\n",
			exec:     utc(2026, 3, 2, 14, 5, 11),
			fin:      utc(2026, 3, 2, 14, 31, 40),
			execText: "2026-03-02 at 14:05:11 UTC",
		},
		{
			name:     "pending",
			src:      desc + "// Execution Time:    pending\n// Finalization Time: pending\n",
			pending:  true,
			execText: "pending",
		},
		{
			name:     "block comment",
			src:      "/*\nRemove the legacy root_url attribute from every git root. The URL now\nlives in the root's environment list.\n\nExecution Time:    pending\nFinalization Time: pending\n*/\n",
			pending:  true,
			execText: "pending",
		},
		{
			name:     "block comment with CRLF line ends",
			src:      "/*\r\nRemove the legacy root_url attribute from every git root. The URL now\r\nlives in the root's environment list.\r\n\r\nExecution Time:    2026-03-02 at 14:05:11 UTC\r\nFinalization Time: 2026-03-02 at 14:31:40 UTC\r\n*/\r\n",
			exec:     utc(2026, 3, 2, 14, 5, 11),
			fin:      utc(2026, 3, 2, 14, 31, 40),
			execText: "2026-03-02 at 14:05:11 UTC",
		},
		{
			name:     "line comments with CRLF line ends",
			src:      strings.ReplaceAll(desc+"// Execution Time:    pending\n// Finalization Time: pending\n", "\n", "\r\n"),
			pending:  true,
			execText: "pending",
		},
	}
	const wantDesc = "Remove the legacy root_url attribute from every git root. The URL now\nlives in the root's environment list."
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src + goCode
			h, probs := ParseHeader(docLines(t, src), testNow)
			for _, p := range probs {
				t.Errorf("problem at %d: %s", p.Offset, p.Msg)
			}
			if h.Description != wantDesc {
				t.Errorf("Description = %q, want %q", h.Description, wantDesc)
			}
			if h.Pending != tt.pending || !h.Execution.Equal(tt.exec) || !h.Finalization.Equal(tt.fin) {
				t.Errorf("Pending, Execution, Finalization = %v, %v, %v; want %v, %v, %v", h.Pending, h.Execution, h.Finalization, tt.pending, tt.exec, tt.fin)
			}
			if tt.pending && (!h.Execution.IsZero() || !h.Finalization.IsZero()) {
				t.Errorf("pending header has times %v, %v", h.Execution, h.Finalization)
			}
			checkTimeLine(t, src, h.ExecutionLine, "Execution", tt.execText)
			checkTimeLine(t, src, h.FinalizationLine, "Finalization", "")
		})
	}
}

// checkTimeLine checks that tl's offsets point at its value in src.
func checkTimeLine(t *testing.T, src string, tl *TimeLine, kind, value string) {
	t.Helper()
	if tl == nil {
		t.Fatalf("no %s line", kind)
	}
	if value != "" && tl.Value != value {
		t.Errorf("%s value = %q, want %q", kind, tl.Value, value)
	}
	if got := src[tl.Offset:min(len(src), tl.Offset+len(tl.Value))]; got != tl.Value {
		t.Errorf("%s Offset %d points at %q, want %q", kind, tl.Offset, got, tl.Value)
	}
	if !strings.HasPrefix(src[tl.Line.Offset:], strings.TrimRight(tl.Line.Text, "\r")) || !strings.Contains(tl.Line.Text, kind+" Time:") {
		t.Errorf("%s Line %+v does not point at its text", kind, tl.Line)
	}
}

// wantProblem is a problem a test expects: src[Offset:] starts with at, and
// the message holds each of msg.
type wantProblem struct {
	at  string
	msg []string
}

func TestParseHeaderProblems(t *testing.T) {
	const desc = "// Backfill the status attribute of every order.\n//\n"
	const pend = "// Execution Time:    pending\n// Finalization Time: pending\n"
	tests := []struct {
		name string
		src  string // without the code
		now  time.Time
		want []wantProblem
	}{
		{
			name: "no header",
			src:  "",
			want: []wantProblem{{"package main", []string{"migration has no header", `"// Execution Time:    pending"`}}},
		},
		{
			name: "description too short",
			src:  "// Fix orders.\n//\n" + pend,
			want: []wantProblem{{" Fix orders.", []string{"has 2 word(s)", "at least 3 words"}}},
		},
		{
			name: "no description",
			src:  pend,
			want: []wantProblem{{" Execution Time:", []string{"has 0 word(s)"}}},
		},
		{
			name: "TODO placeholder",
			src:  "// TODO: describe what this migration changes and why.\n//\n" + pend,
			want: []wantProblem{{" TODO: describe", []string{`"TODO: describe what this migration changes and why." is a placeholder`, "say in a sentence or more"}}},
		},
		{
			name: "FIXME placeholder",
			src:  "// Moves orders around, FIXME before merging.\n" + pend,
			want: []wantProblem{{" Moves orders", []string{"is a placeholder"}}},
		},
		{
			name: "Your code goes here",
			src:  "// Your code goes here.\n//\n" + pend,
			want: []wantProblem{{" Your code goes here", []string{"is a placeholder"}}},
		},
		{
			name: "describe this migration",
			src:  "//\n// Describe this migration in one sentence.\n" + pend,
			want: []wantProblem{{"\n// Describe", []string{"is a placeholder"}}},
		},
		{
			name: "long placeholder is shortened",
			src:  "// TODO one two three four five six seven eight nine ten.\n" + pend,
			want: []wantProblem{{" TODO one", []string{`"TODO one two three four five six seven ..."`}}},
		},
		{
			name: "missing Execution Time",
			src:  desc + "// Finalization Time: pending\n",
			want: []wantProblem{{" Finalization Time: pending", []string{`header has no "Execution Time:" line`, `add "// Execution Time: pending"`}}},
		},
		{
			name: "missing Finalization Time",
			src:  desc + "// Execution Time: pending\n",
			want: []wantProblem{{" Execution Time: pending", []string{`header has no "Finalization Time:" line`, `"// Finalization Time: pending"`}}},
		},
		{
			name: "missing both time lines",
			src:  "// Backfill the status attribute of every order.\n",
			want: []wantProblem{
				{" Backfill", []string{`no "Execution Time:" line`}},
				{" Backfill", []string{`no "Finalization Time:" line`}},
			},
		},
		{
			name: "duplicate Execution Time",
			src:  desc + "// Execution Time:    2026-03-02 at 14:05:11 UTC\n// Execution Time:    2026-03-03 at 10:00:00 UTC\n// Finalization Time: 2026-03-02 at 14:31:40 UTC\n",
			want: []wantProblem{{" Execution Time:    2026-03-03", []string{`"Execution Time:" appears twice in the header; keep exactly one`}}},
		},
		{
			name: "duplicate Finalization Time",
			src:  desc + pend + "// Finalization Time: pending\n",
			want: []wantProblem{{" Finalization Time: pending\npackage", []string{`"Finalization Time:" appears twice`}}},
		},
		{
			name: "only Execution pending",
			src:  desc + "// Execution Time:    pending\n// Finalization Time: 2026-03-02 at 14:31:40 UTC\n",
			want: []wantProblem{{"pending\n// Finalization", []string{`one time line is "pending" and the other is "2026-03-02 at 14:31:40 UTC"`, "both stay pending"}}},
		},
		{
			name: "only Finalization pending",
			src:  desc + "// Execution Time:    2026-03-02 at 14:05:11 UTC\n// Finalization Time: pending\n",
			want: []wantProblem{{"pending\npackage", []string{`one time line is "pending" and the other is "2026-03-02 at 14:05:11 UTC"`}}},
		},
		{
			name: "malformed values",
			src:  desc + "// Execution Time:    yesterday\n// Finalization Time: 2026/03/02 14:31:40\n",
			want: []wantProblem{
				{"yesterday", []string{`Execution Time "yesterday" is not "YYYY-MM-DD at HH:MM:SS ZONE"`, "UTC+05:30", `or "pending"`}},
				{"2026/03/02", []string{`Finalization Time "2026/03/02 14:31:40" is not "YYYY-MM-DD at HH:MM:SS ZONE"`}},
			},
		},
		{
			name: "empty values",
			src:  desc + "// Execution Time:\n// Finalization Time: 2026-03-02 at 14:31:40 UTC\n",
			want: []wantProblem{{"\n// Finalization", []string{"Execution Time is empty", `"2026-03-02 at 14:05:11 UTC"`}}},
		},
		{
			name: "Pending with a capital",
			src:  desc + "// Execution Time:    Pending\n// Finalization Time: Pending\n",
			want: []wantProblem{
				{"Pending\n// Final", []string{`"Pending" is not`}},
				{"Pending\npackage", []string{`"Pending" is not`}},
			},
		},
		{
			name: "zone without UTC offset form",
			src:  desc + "// Execution Time:    2026-03-02 at 14:05:11 EST\n// Finalization Time: 2026-03-02 at 14:31:40 UTC-0500\n",
			want: []wantProblem{
				{"2026-03-02 at 14:05:11 EST", []string{`"2026-03-02 at 14:05:11 EST" is not "YYYY-MM-DD at HH:MM:SS ZONE"`}},
				{"2026-03-02 at 14:31:40 UTC-0500", []string{`is not "YYYY-MM-DD`}},
			},
		},
		{
			name: "impossible date",
			src:  desc + "// Execution Time:    2026-02-30 at 14:05:11 UTC\n// Finalization Time: 2026-03-02 at 24:00:00 UTC\n",
			want: []wantProblem{
				{"2026-02-30 at", []string{`Execution Time "2026-02-30 at 14:05:11 UTC" is not a real date and time`}},
				{"2026-03-02 at 24:00:00", []string{`Finalization Time "2026-03-02 at 24:00:00 UTC" is not a real date and time`}},
			},
		},
		{
			name: "zone beyond 14 hours",
			src:  desc + "// Execution Time:    2026-03-02 at 14:05:11 +15:00\n// Finalization Time: 2026-03-02 at 14:31:40 UTC-14:30\n",
			want: []wantProblem{
				{"2026-03-02 at 14:05:11 +15:00", []string{`zone +15:00 is not a UTC offset between -14:00 and +14:00`}},
				{"2026-03-02 at 14:31:40 UTC-14:30", []string{`zone UTC-14:30 is not a UTC offset`}},
			},
		},
		{
			name: "zone minutes out of range",
			src:  desc + "// Execution Time:    2026-03-02 at 14:05:11 +0560\n// Finalization Time: 2026-03-02 at 14:31:40 UTC\n",
			want: []wantProblem{{"2026-03-02 at 14:05:11 +0560", []string{"zone +0560 is not a UTC offset"}}},
		},
		{
			name: "Execution after Finalization",
			src:  desc + "// Execution Time:    2026-03-02 at 14:31:40 UTC\n// Finalization Time: 2026-03-02 at 14:05:11 UTC\n",
			want: []wantProblem{{"2026-03-02 at 14:05:11 UTC\npackage", []string{"Finalization Time 2026-03-02 at 14:05:11 UTC is before Execution Time 2026-03-02 at 14:31:40 UTC", "finishes after it starts"}}},
		},
		{
			name: "Execution after Finalization across zones",
			src:  desc + "// Execution Time:    2026-03-02 at 10:00:00 -05\n// Finalization Time: 2026-03-02 at 14:59:59 UTC\n",
			want: []wantProblem{{"2026-03-02 at 14:59:59 UTC", []string{"is before Execution Time 2026-03-02 at 10:00:00 -05"}}},
		},
		{
			name: "in the future",
			src:  desc + "// Execution Time:    2026-06-30 at 23:00:00 UTC\n// Finalization Time: 2026-07-01 at 12:00:01 UTC\n",
			want: []wantProblem{{"2026-07-01 at 12:00:01", []string{"Finalization Time 2026-07-01 at 12:00:01 UTC is in the future (now is 2026-07-01 at 12:00:00 UTC)", `or "pending" if it has not run`}}},
		},
		{
			name: "both in the future by the zone",
			src:  desc + "// Execution Time:    2026-07-01 at 08:00:01 -04\n// Finalization Time: 2026-07-01 at 08:30:00 -04\n",
			want: []wantProblem{
				{"2026-07-01 at 08:00:01 -04", []string{"Execution Time 2026-07-01 at 08:00:01 -04 is in the future"}},
				{"2026-07-01 at 08:30:00 -04", []string{"Finalization Time 2026-07-01 at 08:30:00 -04 is in the future"}},
			},
		},
		{
			name: "near-miss time lines",
			src:  desc + "// Executed at: 2026-03-02 at 14:05:11 UTC\n// Finalisation time: 2026-03-02 at 14:31:40 UTC\n",
			want: []wantProblem{
				{" Executed at:", []string{`header line "Executed at: 2026-03-02 at 14:05:11 UTC" is not a time line`, `write exactly "Execution Time: VALUE"`}},
				{" Finalisation time:", []string{`"Finalisation time: 2026-03-02 at 14:31:40 UTC" is not a time line`}},
				{" Finalisation time:", []string{`no "Execution Time:" line`}},
				{" Finalisation time:", []string{`no "Finalization Time:" line`}},
			},
		},
		{
			name: "problems in a CRLF block comment point at the text",
			src:  "/*\r\nBackfill the status attribute of every order.\r\n\r\nExecution Time:    2026-02-30 at 14:05:11 UTC\r\nFinalization Time: 2026-03-02 at 14:31:40 UTC\r\n*/\r\n",
			want: []wantProblem{{"2026-02-30 at", []string{"is not a real date"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			src := tt.src + goCode
			_, probs := ParseHeader(docLines(t, src), now)
			checkProblems(t, src, probs, tt.want)
		})
	}
}

func checkProblems(t *testing.T, src string, probs []Problem, want []wantProblem) {
	t.Helper()
	for i, p := range probs {
		if p.Rule == "" {
			t.Errorf("problem %q has no Rule (SARIF needs a stable kind)", p.Msg)
		}
		if i >= len(want) {
			t.Errorf("unexpected problem at %d: %s", p.Offset, p.Msg)
			continue
		}
		if p.Offset < 0 || p.Offset > len(src) || !strings.HasPrefix(src[p.Offset:], want[i].at) {
			t.Errorf("problem %q is at offset %d (%.20q), want at %q", p.Msg, p.Offset, src[min(max(p.Offset, 0), len(src)):], want[i].at)
		}
		for _, m := range want[i].msg {
			if !strings.Contains(p.Msg, m) {
				t.Errorf("problem %q lacks %q", p.Msg, m)
			}
		}
	}
	for _, w := range want[min(len(probs), len(want)):] {
		t.Errorf("missing problem at %q: %v", w.at, w.msg)
	}
}

func TestParseHeaderDescriptions(t *testing.T) {
	tests := []struct {
		desc string
		ok   bool
	}{
		{"Backfill the status.", true},
		{"Move every todo item to the new table.", true}, // prose, not a marker
		{"Fix the xxx-large size name.", true},
		{"Backfill the status. TODO", false},
		{"TBD before launch day", false},
		{"XXX write this later", false},
		{"Add a description of the change.", false},
		{"Lorem ipsum dolor sit amet.", false},
		{"two words", false},
		{"", false},
	}
	for _, tt := range tests {
		src := "// " + tt.desc + "\n//\n// Execution Time:    pending\n// Finalization Time: pending\n" + goCode
		h, probs := ParseHeader(docLines(t, src), testNow)
		if ok := len(probs) == 0; ok != tt.ok {
			t.Errorf("description %q: problems %v, want ok = %v", tt.desc, probs, tt.ok)
		}
		if h.Description != tt.desc || !h.Pending {
			t.Errorf("description %q: got %q, pending %v", tt.desc, h.Description, h.Pending)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		value string
		want  time.Time
		err   string // "" for success
	}{
		{"2026-03-02 at 14:05:11 UTC", utc(2026, 3, 2, 14, 5, 11), ""},
		{"2021-01-17 at 16:30:22 UTC-05", utc(2021, 1, 17, 21, 30, 22), ""},
		{"2021-01-17 at 16:30:22 UTC+05", utc(2021, 1, 17, 11, 30, 22), ""},
		{"2021-01-17 at 16:30:22 UTC+05:30", utc(2021, 1, 17, 11, 0, 22), ""},
		{"2021-01-17 at 16:30:22 UTC-09:30", utc(2021, 1, 18, 2, 0, 22), ""},
		{"2021-01-17 at 16:30:22 -05", utc(2021, 1, 17, 21, 30, 22), ""},
		{"2021-01-17 at 16:30:22 +05", utc(2021, 1, 17, 11, 30, 22), ""},
		{"2021-01-17 at 16:30:22 -0500", utc(2021, 1, 17, 21, 30, 22), ""},
		{"2021-01-17 at 16:30:22 +0545", utc(2021, 1, 17, 10, 45, 22), ""},
		{"2021-01-17 at 16:30:22 -05:00", utc(2021, 1, 17, 21, 30, 22), ""},
		{"2021-01-17 at 16:30:22 +14:00", utc(2021, 1, 17, 2, 30, 22), ""},
		{"2021-01-17 at 16:30:22 -14", utc(2021, 1, 18, 6, 30, 22), ""},
		{"2024-02-29 at 00:00:00 UTC", utc(2024, 2, 29, 0, 0, 0), ""},
		{"", time.Time{}, "is empty"},
		{"pending", time.Time{}, `"pending" is not "YYYY-MM-DD at HH:MM:SS ZONE"`},
		{"2026-03-02 14:05:11 UTC", time.Time{}, "is not"},
		{"2026-03-02 at 14:05 UTC", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11 utc", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11 Z", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11 UTC-5", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11 UTC-0500", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11 +5", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11 +05:3", time.Time{}, "is not"},
		{" 2026-03-02 at 14:05:11 UTC", time.Time{}, "is not"},
		{"2026-03-02 at 14:05:11 UTC ", time.Time{}, "is not"},
		{"26-03-02 at 14:05:11 UTC", time.Time{}, "is not"},
		{"2026-02-30 at 14:05:11 UTC", time.Time{}, "is not a real date and time"},
		{"2025-02-29 at 14:05:11 UTC", time.Time{}, "is not a real date and time"},
		{"2026-13-01 at 14:05:11 UTC", time.Time{}, "is not a real date and time"},
		{"2026-00-01 at 14:05:11 UTC", time.Time{}, "is not a real date and time"},
		{"2026-03-02 at 14:60:11 UTC", time.Time{}, "is not a real date and time"},
		{"2026-03-02 at 14:05:60 UTC", time.Time{}, "is not a real date and time"},
		{"2026-03-02 at 14:05:11 +15:00", time.Time{}, "zone +15:00 is not a UTC offset between -14:00 and +14:00"},
		{"2026-03-02 at 14:05:11 -14:01", time.Time{}, "zone -14:01 is not a UTC offset"},
		{"2026-03-02 at 14:05:11 UTC+99", time.Time{}, "zone UTC+99 is not a UTC offset"},
		{"2026-03-02 at 14:05:11 +0099", time.Time{}, "zone +0099 is not a UTC offset"},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.value)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseTime(%q): %v", tt.value, err)
		case tt.err == "" && !got.Equal(tt.want):
			t.Errorf("ParseTime(%q) = %v, want %v", tt.value, got, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseTime(%q) = %v, %v; want an error with %q", tt.value, got, err, tt.err)
		}
	}
}

func TestFormatTime(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 5, 11, 999, time.FixedZone("EST", -5*3600))
	if got, want := FormatTime(at), "2026-03-02 at 14:05:11 UTC"; got != want {
		t.Errorf("FormatTime = %q, want %q", got, want)
	}
	back, err := ParseTime(FormatTime(at))
	if err != nil || !back.Equal(at.Truncate(time.Second)) {
		t.Errorf("ParseTime(FormatTime(t)) = %v, %v; want %v", back, err, at.Truncate(time.Second))
	}
}

func TestCommentLines(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		lines []string
	}{
		{"line comments", "// One two.\n//\n//Three\npackage main\n", []string{" One two.", "", "Three"}},
		{"block comment", "/* One two.\n\n   Three */\npackage main\n", []string{" One two.", "", "   Three "}},
		{"block comment CRLF", "/*\r\nOne two.\r\n\r\nThree\r\n*/\r\npackage main\r\n", []string{"", "One two.", "", "Three", ""}},
		{"mixed", "// One\n/* two\nthree */\n// four\npackage main\n", []string{" One", " two", "three ", " four"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := docLines(t, tt.src)
			if len(lines) != len(tt.lines) {
				t.Fatalf("got %d lines %+v, want %q", len(lines), lines, tt.lines)
			}
			for i, l := range lines {
				if l.Text != tt.lines[i] {
					t.Errorf("line %d = %q, want %q", i, l.Text, tt.lines[i])
				}
				if !strings.HasPrefix(tt.src[l.Offset:], l.Text) {
					t.Errorf("line %d %q: offset %d points at %.20q", i, l.Text, l.Offset, tt.src[l.Offset:])
				}
			}
		})
	}
	if lines := CommentLines(token.NewFileSet(), nil); lines != nil {
		t.Errorf("CommentLines(nil) = %v", lines)
	}
}
