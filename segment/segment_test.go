package segment

import (
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	unset := "<unset>"
	for _, tc := range []struct {
		index, total string
		want         Segment
		err          string // a part of the error; "" for none
	}{
		{index: unset, total: unset, want: Segment{0, 1}},
		{index: "0", total: "4", want: Segment{0, 4}},
		{index: "3", total: "4", want: Segment{3, 4}},
		{index: "9999", total: "10000", want: Segment{9999, 10000}},
		{index: unset, total: "1", want: Segment{0, 1}},
		{index: "0", total: "1", want: Segment{0, 1}},

		{index: "4", total: "4", err: "AWS_BATCH_JOB_ARRAY_INDEX=4 is not below MIGLINT_TOTAL_SEGMENTS=4: segments are numbered 0 to 3"},
		{index: "7", total: "4", err: "is not below"},
		{index: "-1", total: "4", err: `AWS_BATCH_JOB_ARRAY_INDEX="-1" is not a segment number`},
		{index: "one", total: "4", err: `AWS_BATCH_JOB_ARRAY_INDEX="one" is not a segment number`},
		{index: "", total: "4", err: `AWS_BATCH_JOB_ARRAY_INDEX="" is not a segment number`},
		{index: " 1", total: "4", err: "is not a segment number"},
		{index: "0", total: "four", err: `MIGLINT_TOTAL_SEGMENTS="four" is not a number of segments from 1 to 10000`},
		{index: "0", total: "0", err: "is not a number of segments from 1 to 10000"},
		{index: "0", total: "10001", err: "is not a number of segments from 1 to 10000"},
		{index: "0", total: "99999999999", err: "is not a number of segments"},
		{index: "0", total: "", err: "is not a number of segments"},
		{index: "2", total: unset, err: "AWS_BATCH_JOB_ARRAY_INDEX=2 is set but MIGLINT_TOTAL_SEGMENTS is not"},
		{index: unset, total: "4", err: "MIGLINT_TOTAL_SEGMENTS=4 is set but AWS_BATCH_JOB_ARRAY_INDEX is not"},
	} {
		env := map[string]string{}
		if tc.index != unset {
			env[EnvIndex] = tc.index
		}
		if tc.total != unset {
			env[EnvTotal] = tc.total
		}
		got, err := Lookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
		name := "index " + tc.index + ", total " + tc.total
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case tc.err == "" && got != tc.want:
			t.Errorf("%s: got %v, want %v", name, got, tc.want)
		case tc.err != "" && err == nil:
			t.Errorf("%s: got %v, want an error containing %q", name, got, tc.err)
		case tc.err != "" && !strings.Contains(err.Error(), tc.err):
			t.Errorf("%s: error %q does not contain %q", name, err, tc.err)
		}
	}
}

// TestFromEnvReadsProcessEnvironment checks FromEnv itself and that Env
// writes what it reads back.
func TestFromEnvReadsProcessEnvironment(t *testing.T) {
	want := Segment{Index: 2, Total: 5}
	for _, kv := range want.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	got, err := FromEnv()
	if err != nil || got != want {
		t.Fatalf("FromEnv after Setenv(%v) = %v, %v; want %v", want.Env(), got, err, want)
	}
	if got.String() != "segment 2 of 5" {
		t.Errorf("String() = %q", got.String())
	}
}
