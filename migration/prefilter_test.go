package migration

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The regular expression timeLine reads by hand.
var timeLineRE = regexp.MustCompile(`^(\s*)(Execution|Finalization) Time:(\s*)(.*?)\s*$`)

// The regular expression splitTime reads by hand.
var timeValueRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2} at \d{2}:\d{2}:\d{2}) (UTC|UTC[+-]\d{2}(?::\d{2})?|[+-]\d{2}(?::?\d{2})?)$`)

// headerPieces are what random header lines are made of: the words the
// expressions look for, in several cases, the spaces \s matches and the
// ones it does not, and letters that fold to ASCII ones.
var headerPieces = []string{
	"Execution", "Finalization", "EXECUTION", "finalisation", "Executed", "finalized", " Time:", "Time", ":", "=", "-", "_",
	" ", "\t", "\n", "\r", "\f", "\v", "\u00a0", "pending", "2026-03-02 at 14:05:11 UTC", "at", "on",
	"TODO", "todo", "FIXME", "TBD", "XXX", "your code goes here", "Describe this migration", "describe the migration",
	"add a description", "description goes here", "Lorem Ipsum", "deſcribe", "ſ", "K", "x", "é", "\xff",
}

func randomLine(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(8) {
		b.WriteString(headerPieces[r.IntN(len(headerPieces))])
	}
	return b.String()
}

// TestTimeLine holds timeLine to the regular expression it replaces, on
// lines made at random of the pieces that matter and on some by hand.
func TestTimeLine(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lines := []string{"", " Execution Time:", "Execution Time:   ", " Finalization Time: pending  ", "\tExecution Time:\tx y\t",
		"Execution Time: a\nb", "Execution Time: a\n", "\nFinalization Time: b", "Execution Time:\n", "Execution  Time: x", "execution Time: x"}
	for range 200000 {
		lines = append(lines, randomLine(r))
	}
	for _, l := range lines {
		kind, start, end, ok := timeLine(l)
		m := timeLineRE.FindStringSubmatchIndex(l)
		if ok != (m != nil) {
			t.Fatalf("timeLine(%q) ok = %v, the expression says %v", l, ok, m != nil)
		}
		if ok && (kind != l[m[4]:m[5]] || start != m[8] || end != m[9]) {
			t.Fatalf("timeLine(%q) = %q [%d:%d], the expression says %q [%d:%d]", l, kind, start, end, l[m[4]:m[5]], m[8], m[9])
		}
	}
}

// TestSplitTime holds splitTime to the regular expression it replaces, on
// values made at random of the pieces that matter (every valid zone, a
// valid date and time, and its characters one at a time) and on each
// valid value with one byte changed or cut.
func TestSplitTime(t *testing.T) {
	pieces := []string{"2026-03-02 at 14:05:11", "2026-03-02 at 14:05:1", " ", "UTC", "+", "-", ":", "05", "0", "5", "30", "0530",
		"UTC+05", "UTC-05:30", "+05", "-0530", "+05:30", "Z", "utc", "٣", "\n", "\xff", "at", "a", "d", "dddd-dd-dd at dd:dd:dd"}
	r := rand.New(rand.NewPCG(5, 6))
	values := []string{"", " ", "2026-03-02 at 14:05:11", "2026-03-02 at 14:05:11 ", "2026-03-02 at 14:05:11 UTC\n"}
	for range 200000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		values = append(values, b.String())
	}
	for _, zone := range []string{"UTC", "UTC+05", "UTC-05:30", "+05", "-0530", "+05:30"} {
		v := "2026-03-02 at 14:05:11 " + zone
		for i := range len(v) {
			for _, c := range []byte{'0', '9', ' ', ':', '-', '+', 'U', 'd', 'x', 0xff} {
				values = append(values, v[:i]+string(c)+v[i+1:])
			}
			values = append(values, v[:i], v[:i]+v[i+1:])
		}
		values = append(values, v)
	}
	matched := 0
	for _, v := range values {
		clock, zone, ok := splitTime(v)
		m := timeValueRE.FindStringSubmatch(v)
		if ok != (m != nil) {
			t.Fatalf("splitTime(%q) ok = %v, the expression says %v", v, ok, m != nil)
		}
		if ok {
			matched++
			if clock != m[1] || zone != m[2] {
				t.Fatalf("splitTime(%q) = %q, %q; the expression says %q, %q", v, clock, zone, m[1], m[2])
			}
		}
	}
	if matched < 100 {
		t.Errorf("only %d of %d values are times: the test says little", matched, len(values))
	}
}

// TestPrefilters: wherever nearMiss or placeholder matches, its prefilter
// says it may. The prefilters lower ASCII letters only, which is right
// when no letter of their words folds to one outside ASCII.
func TestPrefilters(t *testing.T) {
	for _, word := range []string{"execut", "finali", "your code", "migration", "add a de", "cription", "lorem ip"} {
		for _, c := range word {
			for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
				if f > unicode.MaxASCII {
					t.Errorf("%q of %q folds to %q: the prefilter would miss it", c, word, f)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	matched := 0
	for range 200000 {
		l := randomLine(r)
		if nearMiss().MatchString(l) {
			matched++
			if !mayNearMiss(l) {
				t.Fatalf("nearMiss matches %q, mayNearMiss says no", l)
			}
		}
		if placeholder().MatchString(l) {
			matched++
			if !mayBePlaceholder(l) {
				t.Fatalf("placeholder matches %q, mayBePlaceholder says no", l)
			}
		}
	}
	if matched < 10000 {
		t.Errorf("only %d random lines matched; the test would prove little", matched)
	}
	for _, l := range []string{"Remove the legacy root_url attribute.", "every todo item"} {
		if mayNearMiss(l) || mayBePlaceholder(l) {
			t.Errorf("prefilters let %q through; they should save the expressions' compilation for it", l)
		}
	}
}
