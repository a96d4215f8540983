package directive

import (
	"slices"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		text   string
		names  []string
		reason string
		ok     bool
	}{
		{"//miglint:ignore pagination -- one item", []string{"pagination"}, "one item", true},
		{"//miglint:ignore writeerr,pagination -- both", []string{"writeerr", "pagination"}, "both", true},
		{"//miglint:ignore pagination", []string{"pagination"}, "", true},
		{"//miglint:ignore pagination --", []string{"pagination"}, "", true},
		{"//miglint:ignore pagination because", []string{"pagination"}, "", true},
		{"//miglint:ignore\tpagination\t--\tx", []string{"pagination"}, "x", true},
		{"//miglint:ignore", nil, "", true},
		{"//miglint:ignored pagination -- x", nil, "", false},
		{"// miglint:ignore pagination -- x", nil, "", false},
	} {
		names, reason, ok := parse(tc.text)
		if !slices.Equal(names, tc.names) || reason != tc.reason || ok != tc.ok {
			t.Errorf("parse(%q) = %q, %q, %v; want %q, %q, %v", tc.text, names, reason, ok, tc.names, tc.reason, tc.ok)
		}
	}
}
