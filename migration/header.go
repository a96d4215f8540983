package migration

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/text"
)

// Header is what a migration's package doc comment says.
type Header struct {
	Description string
	// Pending is true when both time lines say "pending": the migration has
	// not run in prod yet. Execution and Finalization are then zero.
	Pending      bool
	Execution    time.Time
	Finalization time.Time
	// ExecutionLine and FinalizationLine locate each time line's value, or
	// are nil when the line is missing.
	ExecutionLine, FinalizationLine *TimeLine
}

// TimeLine is one "Execution Time:" or "Finalization Time:" line.
type TimeLine struct {
	Value  string // as written, trimmed
	Offset int    // byte offset of the value in the file (or of the line's end when empty)
	Line   Line   // the whole comment line
}

// A Line is one line of comment text, without its comment markers, and the
// byte offset in the file where Text starts.
type Line struct {
	Text   string
	Offset int
}

// Problem is one way a header breaks the rules; Offset is the byte offset
// in the file it is about.
type Problem struct {
	Offset int
	Msg    string
	// Rule is the kind of problem, a stable name for tools that track
	// findings (SARIF rule ids): one of the Rule* constants.
	Rule string
}

// The kinds of header problem.
const (
	RuleMissing     = "missing"     // no header at all
	RuleDescription = "description" // too short, or a placeholder
	RuleTimeLines   = "time-lines"  // a time line missing, twice, or misspelt
	RulePending     = "pending"     // one time line pending, the other not
	RuleTimeValue   = "time-value"  // a time that does not parse
	RuleTimeOrder   = "time-order"  // finalized before executed
	RuleFuture      = "future"      // a time after now
)

// TimeLayout is how header times are written, before the zone.
const TimeLayout = "2006-01-02 at 15:04:05"

// Pending is the value of both time lines before a migration has run.
const Pending = "pending"

// FormatTime writes t the way a header states times, in UTC.
func FormatTime(t time.Time) string {
	return t.UTC().Format(TimeLayout) + " UTC"
}

// CommentLines splits a comment group into lines with their file offsets.
func CommentLines(fset *token.FileSet, g *ast.CommentGroup) []Line {
	if g == nil {
		return nil
	}
	var lines []Line
	for _, c := range g.List {
		off := fset.Position(c.Slash).Offset
		if text, ok := strings.CutPrefix(c.Text, "//"); ok {
			lines = append(lines, Line{Text: text, Offset: off + 2})
			continue
		}
		// go/scanner drops the carriage returns of CRLF line ends from
		// comment text, so counting bytes of c.Text drifts by one per
		// line; take each line's start from the file's line table.
		tf := fset.File(c.Slash)
		first := tf.Line(c.Slash)
		body := strings.TrimSuffix(strings.TrimPrefix(c.Text, "/*"), "*/")
		off += 2
		for i, text := range strings.Split(body, "\n") {
			if i > 0 {
				if n := first + i; n <= tf.LineCount() {
					off = tf.Offset(tf.LineStart(n))
				}
			}
			lines = append(lines, Line{Text: text, Offset: off})
			off += len(text) + 1
		}
	}
	return lines
}

// go vet runs the header analyzer in a process of its own for every
// migration, and compiling the regular expressions below took 0.8% of
// one (BENCHMARKS.md); most lines need none of them. So a time line and
// its value are read by hand (timeLine and splitTime, held to regular
// expressions by TestTimeLine and TestSplitTime), and the other two are
// compiled only for a line that holds one of the words they look for
// (mayNearMiss, mayBePlaceholder).
var (
	nearMiss = text.LazyRegexp(`(?i)^\s*\W*\s*(execution|finali[sz]ation|executed|finalized)[ _-]*(time|at|on)?\s*[:=-]`)
	// placeholders that mean nobody wrote a description yet.
	// The markers count in capitals only: "every todo item" is prose.
	placeholder = text.LazyRegexp(`\b(TODO|FIXME|TBD|XXX)\b|(?i:your code goes here|describe (this|the) migration|add a description|description goes here|lorem ipsum)`)
)

// timeLine reads a time line, what ^(\s*)(Execution|Finalization)
// Time:(\s*)(.*?)\s*$ matches: the kind and where the value, trimmed,
// starts and ends; ok is false for any other line.
func timeLine(s string) (kind string, start, end int, ok bool) {
	const space = "\t\n\f\r " // \s
	rest := strings.TrimLeft(s, space)
	switch {
	case strings.HasPrefix(rest, "Execution Time:"):
		kind = "Execution"
	case strings.HasPrefix(rest, "Finalization Time:"):
		kind = "Finalization"
	default:
		return "", 0, 0, false
	}
	start = len(s) - len(rest) + len(kind) + len(" Time:")
	start = len(s) - len(strings.TrimLeft(s[start:], space))
	end = len(strings.TrimRight(s, space))
	if end < start {
		end = start
	}
	if strings.Contains(s[start:end], "\n") { // . does not match it
		return "", 0, 0, false
	}
	return kind, start, end, true
}

// mayNearMiss reports whether s may match nearMiss: it holds "execut" or
// "finali" in any case, which every match does (none of their letters
// folds to a letter outside ASCII; TestPrefilters checks).
func mayNearMiss(s string) bool {
	l := asciiLower(s)
	return strings.Contains(l, "execut") || strings.Contains(l, "finali")
}

// mayBePlaceholder reports whether s may match placeholder: every match
// holds a marker, or a piece without s or k (which fold to ſ and K, the
// Kelvin sign) of one of the phrases, in any case.
func mayBePlaceholder(s string) bool {
	for _, m := range []string{"TODO", "FIXME", "TBD", "XXX"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	l := asciiLower(s)
	for _, piece := range []string{"your code", "migration", "add a de", "cription", "lorem ip"} {
		if strings.Contains(l, piece) {
			return true
		}
	}
	return false
}

// asciiLower lowers the ASCII letters of s alone, as the prefilters
// compare: a non-ASCII letter that folds to one of theirs must stay as
// it is, so that the prefilter cannot match where the expression does not.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// ParseHeader reads a header from the lines of a package doc comment and
// checks it against the rules in DESIGN.md, with now as the present. It
// returns what it could read and every problem it found.
func ParseHeader(lines []Line, now time.Time) (*Header, []Problem) {
	h := &Header{}
	var probs []Problem
	add := func(off int, rule, format string, args ...any) {
		probs = append(probs, Problem{Offset: off, Rule: rule, Msg: fmt.Sprintf(format, args...)})
	}

	var desc []string
	firstTime := -1
	for i, l := range lines {
		kind, start, end, ok := timeLine(l.Text)
		if !ok {
			if mayNearMiss(l.Text) && nearMiss().MatchString(l.Text) {
				add(l.Offset, RuleTimeLines, "header line %q is not a time line; write exactly \"Execution Time: VALUE\" or \"Finalization Time: VALUE\"", strings.TrimSpace(l.Text))
			}
			if firstTime < 0 {
				desc = append(desc, strings.TrimSpace(l.Text))
			}
			continue
		}
		if firstTime < 0 {
			firstTime = i
		}
		tl := &TimeLine{Value: l.Text[start:end], Offset: l.Offset + start, Line: l}
		slot := &h.ExecutionLine
		if kind == "Finalization" {
			slot = &h.FinalizationLine
		}
		if *slot != nil {
			add(tl.Line.Offset, RuleTimeLines, "%q appears twice in the header; keep exactly one", kind+" Time:")
			continue
		}
		*slot = tl
	}

	h.Description = strings.TrimSpace(strings.Join(desc, "\n"))
	descOff := 0
	if len(lines) > 0 {
		descOff = lines[0].Offset
	}
	switch words := len(strings.Fields(h.Description)); {
	case len(lines) == 0:
		add(0, RuleMissing, "migration has no header; above \"package main\" write a description of what it changes, then \"// Execution Time:    pending\" and \"// Finalization Time: pending\"")
		return h, probs
	case mayBePlaceholder(h.Description) && placeholder().MatchString(h.Description):
		add(descOff, RuleDescription, "header description %q is a placeholder; say in a sentence or more what this migration changes and why", firstWords(h.Description))
	case words < 3:
		add(descOff, RuleDescription, "header description has %d word(s); say in at least 3 words what this migration changes and why", words)
	}

	for _, missing := range []struct {
		line *TimeLine
		name string
	}{{h.ExecutionLine, "Execution"}, {h.FinalizationLine, "Finalization"}} {
		if missing.line == nil {
			off := descOff
			if n := len(lines); n > 0 {
				off = lines[n-1].Offset
			}
			add(off, RuleTimeLines, "header has no %q line; add \"// %s Time: pending\" (it gets the real time when the migration runs in prod)", missing.name+" Time:", missing.name)
		}
	}
	if h.ExecutionLine == nil || h.FinalizationLine == nil {
		return h, probs
	}

	ePending, fPending := h.ExecutionLine.Value == Pending, h.FinalizationLine.Value == Pending
	if ePending != fPending {
		set, unset := h.ExecutionLine, h.FinalizationLine
		if ePending {
			set, unset = h.FinalizationLine, h.ExecutionLine
		}
		add(unset.Offset, RulePending, "one time line is %q and the other is %q; both stay pending until the migration runs in prod, then both hold times", Pending, set.Value)
		return h, probs
	}
	if ePending {
		h.Pending = true
		return h, probs
	}

	var ok = true
	var err error
	if h.Execution, err = ParseTime(h.ExecutionLine.Value); err != nil {
		add(h.ExecutionLine.Offset, RuleTimeValue, "Execution Time %v", err)
		ok = false
	}
	if h.Finalization, err = ParseTime(h.FinalizationLine.Value); err != nil {
		add(h.FinalizationLine.Offset, RuleTimeValue, "Finalization Time %v", err)
		ok = false
	}
	if !ok {
		return h, probs
	}
	if h.Execution.After(h.Finalization) {
		add(h.FinalizationLine.Offset, RuleTimeOrder, "Finalization Time %s is before Execution Time %s; a migration finishes after it starts: copy both from the run's output", h.FinalizationLine.Value, h.ExecutionLine.Value)
	}
	for _, tl := range []struct {
		t    time.Time
		line *TimeLine
		name string
	}{{h.Execution, h.ExecutionLine, "Execution"}, {h.Finalization, h.FinalizationLine, "Finalization"}} {
		if tl.t.After(now) {
			add(tl.line.Offset, RuleFuture, "%s Time %s is in the future (now is %s); write the time the migration really ran, or %q if it has not run in prod yet", tl.name, tl.line.Value, FormatTime(now), Pending)
		}
	}
	return h, probs
}

// ParseTime parses a header time value, "YYYY-MM-DD at HH:MM:SS ZONE".
func ParseTime(v string) (time.Time, error) {
	clock, zone, ok := splitTime(v)
	if !ok {
		if v == "" {
			return time.Time{}, fmt.Errorf("is empty; write \"YYYY-MM-DD at HH:MM:SS UTC\" (e.g. \"2026-03-02 at 14:05:11 UTC\") or %q", Pending)
		}
		return time.Time{}, fmt.Errorf("%q is not \"YYYY-MM-DD at HH:MM:SS ZONE\"; write e.g. \"2026-03-02 at 14:05:11 UTC\" (zones: UTC, UTC-05, UTC+05:30, -05, -0500, -05:00) or %q", v, Pending)
	}
	offset, err := zoneOffset(zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: %v", v, err)
	}
	t, err := time.ParseInLocation(TimeLayout, clock, time.FixedZone(zone, offset))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a real date and time; write e.g. \"2026-03-02 at 14:05:11 UTC\"", v)
	}
	return t, nil
}

// splitTime splits a value of the form "YYYY-MM-DD at HH:MM:SS ZONE" into
// the date and time and the zone, which is one of UTC, UTC±HH,
// UTC±HH:MM, ±HH, ±HHMM or ±HH:MM, HH and MM two ASCII digits each. It
// checks the form only; ParseTime checks the values.
func splitTime(v string) (clock, zone string, ok bool) {
	const form = "dddd-dd-dd at dd:dd:dd "
	if len(v) <= len(form) {
		return "", "", false
	}
	for i := range len(form) {
		if form[i] == 'd' && !isDigit(v[i]) || form[i] != 'd' && form[i] != v[i] {
			return "", "", false
		}
	}
	clock, zone = v[:len(form)-1], v[len(form):]
	z := strings.TrimPrefix(zone, "UTC")
	if z == "" { // zone is not empty: v is longer than form
		return clock, zone, true
	}
	if len(z) < 3 || z[0] != '+' && z[0] != '-' || !isDigit(z[1]) || !isDigit(z[2]) {
		return "", "", false
	}
	switch mm := z[3:]; {
	case mm == "",
		len(mm) == 3 && mm[0] == ':' && isDigit(mm[1]) && isDigit(mm[2]),
		// ±HHMM, without the colon, has no UTC before it.
		len(mm) == 2 && len(z) == len(zone) && isDigit(mm[0]) && isDigit(mm[1]):
		return clock, zone, true
	}
	return "", "", false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// zoneOffset converts UTC, UTC±HH, UTC±HH:MM, ±HH, ±HHMM or ±HH:MM into
// seconds east of UTC.
func zoneOffset(zone string) (int, error) {
	z := strings.TrimPrefix(zone, "UTC")
	if z == "" {
		return 0, nil
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	hours, _ := strconv.Atoi(digits[:2])
	minutes := 0
	if len(digits) == 4 {
		minutes, _ = strconv.Atoi(digits[2:])
	}
	if hours > 14 || minutes > 59 || hours == 14 && minutes > 0 {
		return 0, fmt.Errorf("zone %s is not a UTC offset between -14:00 and +14:00", zone)
	}
	return sign * (hours*3600 + minutes*60), nil
}

func firstWords(s string) string {
	if f := strings.Fields(s); len(f) > 8 {
		return strings.Join(f[:8], " ") + " ..."
	}
	return strings.Join(strings.Fields(s), " ")
}
