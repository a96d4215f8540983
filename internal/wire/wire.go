// Package wire is the compact binary form that miglint writes where every
// microsecond of a fresh process counts: forbiddenimport's Reach facts
// (decoded once per import in every go vet process) and the parsed
// configuration cache (BENCHMARKS.md: encoding/json costs a fresh process
// about 0.33 ms more than this on a configuration with 140 exceptions,
// some 3% of a small migration's vet process; gob about 0.2 ms).
//
// Numbers are unsigned varints; byte strings are a length and the bytes.
// A Reader never panics on corrupt input: past the first error every read
// returns zero, and Err reports it.
package wire

import (
	"encoding/binary"
	"errors"
)

// MaxUint is the largest number a Reader accepts: more means corruption.
const MaxUint = 1 << 30

// A Writer appends to Buf.
type Writer struct{ Buf []byte }

// Uint appends v, which must lie in [0, MaxUint].
func (w *Writer) Uint(v int) { w.Buf = binary.AppendUvarint(w.Buf, uint64(v)) }

// Bool appends b as 0 or 1.
func (w *Writer) Bool(b bool) {
	if b {
		w.Uint(1)
	} else {
		w.Uint(0)
	}
}

// String appends s with its length.
func (w *Writer) String(s string) {
	w.Uint(len(s))
	w.Buf = append(w.Buf, s...)
}

// Strings appends ss, keeping nil apart from empty (0 is nil, else the
// length plus one).
func (w *Writer) Strings(ss []string) {
	if ss == nil {
		w.Uint(0)
		return
	}
	w.Uint(len(ss) + 1)
	for _, s := range ss {
		w.String(s)
	}
}

// A Reader reads what a Writer wrote from Buf.
type Reader struct {
	Buf []byte
	err error
}

// ErrCorrupt is the error of a Reader that met input no Writer writes.
var ErrCorrupt = errors.New("corrupt data")

// Err returns the first error met, or nil.
func (r *Reader) Err() error { return r.err }

// Done returns the first error met, or ErrCorrupt when bytes are left.
func (r *Reader) Done() error {
	if r.err == nil && len(r.Buf) > 0 {
		r.fail()
	}
	return r.err
}

func (r *Reader) fail() {
	if r.err == nil {
		r.err = ErrCorrupt
	}
	r.Buf = nil
}

// Uint reads a number.
func (r *Reader) Uint() int {
	v, n := binary.Uvarint(r.Buf)
	if n <= 0 || v > MaxUint {
		r.fail()
		return 0
	}
	r.Buf = r.Buf[n:]
	return int(v)
}

// Bool reads a boolean.
func (r *Reader) Bool() bool {
	switch r.Uint() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail()
	return false
}

// Count reads a number of items that follow, each at least a byte long,
// so that a corrupt count cannot make a huge allocation.
func (r *Reader) Count() int {
	v := r.Uint()
	if v > len(r.Buf) {
		r.fail()
		return 0
	}
	return v
}

// Bytes reads a byte string; the result aliases Buf.
func (r *Reader) Bytes() []byte {
	n := r.Count()
	b := r.Buf[:n:n]
	r.Buf = r.Buf[n:]
	return b
}

// String reads a string.
func (r *Reader) String() string { return string(r.Bytes()) }

// StringReusing reads a string and returns prev itself when it holds the
// same bytes, so that a run of equal values costs one allocation.
func (r *Reader) StringReusing(prev string) string {
	if b := r.Bytes(); string(b) != prev {
		return string(b)
	}
	return prev
}

// Strings reads what Writer.Strings wrote.
func (r *Reader) Strings() []string {
	n := r.Count()
	if n == 0 {
		return nil
	}
	ss := make([]string, n-1)
	for i := range ss {
		ss[i] = r.String()
	}
	return ss
}
