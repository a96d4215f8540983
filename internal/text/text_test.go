package text

import "testing"

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 days", 1: "1 day", 2: "2 days"} {
		if got := Plural(n, "day"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLazyRegexp(t *testing.T) {
	re := LazyRegexp(`^a+$`)
	if !re().MatchString("aa") || re() != re() {
		t.Error("LazyRegexp: wrong match, or compiled twice")
	}
}
