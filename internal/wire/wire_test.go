package wire

import (
	"errors"
	"reflect"
	"testing"
	"unsafe"
)

func TestRoundTrip(t *testing.T) {
	var w Writer
	w.Uint(0)
	w.Uint(MaxUint)
	w.Bool(true)
	w.String("github.com/aws/aws-sdk-go-v2/service/dynamodb")
	w.Strings(nil)
	w.Strings([]string{})
	w.Strings([]string{"a", ""})
	r := Reader{Buf: w.Buf}
	got := []any{r.Uint(), r.Uint(), r.Bool(), r.String(), r.Strings(), r.Strings(), r.Strings()}
	want := []any{0, MaxUint, true, "github.com/aws/aws-sdk-go-v2/service/dynamodb", []string(nil), []string{}, []string{"a", ""}}
	if !reflect.DeepEqual(got, want) || r.Done() != nil {
		t.Errorf("read back %#v, %v; want %#v", got, r.Done(), want)
	}
}

// TestCorrupt: every truncation of a valid encoding, an oversized number
// and a count past the end are errors, never panics or huge allocations.
func TestCorrupt(t *testing.T) {
	var w Writer
	w.Strings([]string{"abc", "de"})
	w.Bool(false)
	for n := range len(w.Buf) {
		r := Reader{Buf: w.Buf[:n]}
		r.Strings()
		r.Bool()
		if !errors.Is(r.Done(), ErrCorrupt) {
			t.Errorf("truncated to %d bytes: Done = %v; want ErrCorrupt", n, r.Done())
		}
	}
	for name, buf := range map[string][]byte{
		"too large":  {0xff, 0xff, 0xff, 0xff, 0x0f},
		"long count": {100, 'x'},
		"bad bool":   {2},
		"left over":  {0, 0},
	} {
		r := Reader{Buf: buf}
		switch name {
		case "long count":
			r.Bytes()
		case "bad bool":
			r.Bool()
		default:
			r.Uint()
		}
		if !errors.Is(r.Done(), ErrCorrupt) {
			t.Errorf("%s: Done = %v; want ErrCorrupt", name, r.Done())
		}
	}
}

// TestStringReusing: an equal value is prev itself (no new allocation),
// another value is read as it is, and neither aliases Buf.
func TestStringReusing(t *testing.T) {
	var w Writer
	w.String("raw-dynamodb")
	w.String("raw-dynamodb")
	w.String("other")
	w.String("")
	r := Reader{Buf: w.Buf}
	first := r.StringReusing("")
	second := r.StringReusing(first)
	third := r.StringReusing(second)
	fourth := r.StringReusing(third)
	if first != "raw-dynamodb" || second != "raw-dynamodb" || third != "other" || fourth != "" || r.Done() != nil {
		t.Fatalf("read %q %q %q %q, %v", first, second, third, fourth, r.Done())
	}
	if unsafe.StringData(second) != unsafe.StringData(first) {
		t.Error("an equal value was allocated again, not shared with prev")
	}
	for i := range w.Buf {
		w.Buf[i] = 'x'
	}
	if first != "raw-dynamodb" || third != "other" {
		t.Errorf("after Buf changed, read %q %q: the strings alias Buf", first, third)
	}
}
