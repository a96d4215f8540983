package main

import (
	"io"
	"slices"
	"testing"
)

func TestParseRunArgs(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		mode     string
		target   string
		endpoint string
		yes      bool
		rest     []string
	}{
		{[]string{"dev", "0301"}, "dev", "0301", "", false, nil},
		{[]string{"--endpoint", "http://localhost:1", "dev", "0301"}, "dev", "0301", "http://localhost:1", false, nil},
		{[]string{"dev", "-endpoint=http://localhost:1", "0301"}, "dev", "0301", "http://localhost:1", false, nil},
		{[]string{"prod", "0301", "--yes"}, "prod", "0301", "", true, nil},
		{[]string{"prod", "0301", "-yes", "--", "--not-a-flag", "x"}, "prod", "0301", "", true, []string{"--not-a-flag", "x"}},
		{[]string{"dev", "--", "0301"}, "", "", "", false, nil}, // the migration's name must come before --
	} {
		o, code, ok := parseRunArgs(tc.args, io.Discard)
		if tc.mode == "" {
			if ok || code != exitError {
				t.Errorf("%q: ok %v, code %d; want a usage error", tc.args, ok, code)
			}
			continue
		}
		if !ok || string(o.Mode) != tc.mode || o.Target != tc.target || o.Endpoint != tc.endpoint || o.Yes != tc.yes || !slices.Equal(o.Args, tc.rest) {
			t.Errorf("%q: %+v (ok %v)", tc.args, o, ok)
		}
	}
	o, _, _ := parseRunArgs([]string{"prod", "x", "--allow-dirty", "-rerun"}, io.Discard)
	if !o.AllowDirty || !o.Rerun {
		t.Errorf("--allow-dirty -rerun: %+v", o)
	}
}
