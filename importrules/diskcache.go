package importrules

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// go vet starts one miglint process per package, and each loads the
// configuration. Decoding a TOML file with a hundred-odd exceptions took
// about 1.7 ms of a 15 ms process for a small migration (BENCHMARKS.md), so
// a valid configuration, once parsed, is kept in the user's cache directory
// and the next process decodes it from there.
//
// An entry is named by a hash of everything its content depends on: the
// file's bytes and absolute path (relative paths resolve against it), and
// the running executable (path, size and modification time), so a rebuilt
// miglint never reads what an older build wrote. What the cache cannot
// vouch for, that each exception's file still exists, is checked again on
// every hit. Anything unusual (no cache directory, an unreadable or corrupt
// entry, a read-only disk) falls back to parsing: the cache only saves
// time, it never changes a result.

// cacheFormat changes whenever Config's layout or Parse's meaning does,
// for builds whose executable keeps its size and time (go run, tests).
const cacheFormat = "miglint importrules cache 3"

// cacheMaxAge is how long an entry unused by any process is kept.
const cacheMaxAge = 30 * 24 * time.Hour

// cacheEntry returns the cache file for a configuration file's bytes, or ""
// when there is no cache directory or no executable to key on.
func cacheEntry(configPath string, data []byte) string {
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%s\x00", cacheFormat, exe, st.Size(), st.ModTime().UnixNano(), configPath)
	h.Write(data)
	return filepath.Join(base, "miglint", "importrules", hex.EncodeToString(h.Sum(nil)[:20])+".bin")
}

// readCached returns the configuration stored at entry, or nil.
func readCached(entry string) *Config {
	if entry == "" {
		return nil
	}
	f, err := os.Open(entry)
	if err != nil {
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil {
		return nil
	}
	c, err := decodeConfig(data)
	if err != nil {
		return nil
	}
	// Keep entries in use from being pruned, touching each at most daily.
	if time.Since(st.ModTime()) > 24*time.Hour {
		now := time.Now()
		os.Chtimes(entry, now, now)
	}
	return c
}

// writeCached stores c at entry, atomically (a reader sees the whole entry
// or none), and prunes entries nobody used for cacheMaxAge. Errors are
// ignored: the next process parses again.
func writeCached(entry string, c *Config) {
	if entry == "" {
		return
	}
	dir := filepath.Dir(entry)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, "tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(encodeConfig(c))
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), entry) != nil {
		os.Remove(tmp.Name())
		return
	}
	pruneCache(dir)
}

func pruneCache(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			continue
		}
		age := time.Since(info.ModTime())
		// A temporary file older than an hour belongs to a process that died.
		if (strings.HasSuffix(e.Name(), ".bin") && age > cacheMaxAge) ||
			(strings.HasPrefix(e.Name(), "tmp-") && age > time.Hour) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// encodeConfig writes c in a plain binary form: varints, and strings as a
// length and bytes. It is written by hand rather than with encoding/gob
// because a fresh process pays for gob's reflection on every run, and
// reading the cache happens once per process; TestCacheRoundTrip fills
// every field of Config to catch one that this misses.
func encodeConfig(c *Config) []byte {
	var e encoder
	e.str(c.Path)
	e.str(c.Dir)
	e.strs(c.Migrations.Roots)
	e.int(c.Migrations.RetentionMonths)
	if c.Migrations.CleanupMonths == nil {
		e.int(-1)
	} else {
		e.int(len(c.Migrations.CleanupMonths))
	}
	for _, m := range c.Migrations.CleanupMonths {
		e.int(int(m))
	}
	e.strs(c.VersionGuard.Attributes)
	e.strs(c.VersionGuard.Writers)
	e.int(len(c.Forbidden))
	for _, r := range c.Forbidden {
		e.str(r.Name)
		e.strs(r.Packages)
		e.strs(r.Allow)
		e.strs(r.From)
		e.strs(r.Via)
		e.bool(r.Indirect)
		e.str(r.Message)
		e.int(r.Line)
	}
	e.int(len(c.Exceptions))
	for _, x := range c.Exceptions {
		e.str(x.Rule)
		e.str(x.File)
		e.str(x.Import)
		e.str(x.Reason)
		e.bool(!x.Expires.IsZero())
		if !x.Expires.IsZero() {
			e.int(int(x.Expires.Unix()))
		}
		e.int(x.Line)
	}
	e.str(c.Ledger.Table)
	e.int(c.Ledger.LeaseSeconds)
	e.str(c.Runner.DevEndpoint)
	e.bool(c.Runner.RequireDryRun)
	return e.b
}

func decodeConfig(data []byte) (*Config, error) {
	d := decoder{b: data}
	c := &Config{Path: d.str(), Dir: d.str()}
	c.Migrations.Roots = d.strs()
	c.Migrations.RetentionMonths = d.int()
	if n := d.len(); n >= 0 {
		c.Migrations.CleanupMonths = make([]time.Month, n)
		for i := range c.Migrations.CleanupMonths {
			c.Migrations.CleanupMonths[i] = time.Month(d.int())
		}
	}
	c.VersionGuard.Attributes = d.strs()
	c.VersionGuard.Writers = d.strs()
	if n := d.len(); n > 0 {
		c.Forbidden = make([]Rule, n)
		for i := range c.Forbidden {
			r := &c.Forbidden[i]
			r.Name = d.str()
			r.Packages, r.Allow, r.From, r.Via = d.strs(), d.strs(), d.strs(), d.strs()
			r.Indirect = d.bool()
			r.Message = d.str()
			r.Line = d.int()
		}
	}
	if n := d.len(); n > 0 {
		c.Exceptions = make([]Exception, n)
		for i := range c.Exceptions {
			x := &c.Exceptions[i]
			x.Rule, x.File, x.Import, x.Reason = d.str(), d.str(), d.str(), d.str()
			if d.bool() {
				x.Expires = time.Unix(int64(d.int()), 0).UTC()
			}
			x.Line = d.int()
		}
	}
	c.Ledger.Table, c.Ledger.LeaseSeconds = d.str(), d.int()
	c.Runner.DevEndpoint, c.Runner.RequireDryRun = d.str(), d.bool()
	if d.err != nil || len(d.b) != 0 {
		return nil, errors.New("importrules: corrupt cache entry")
	}
	return c, nil
}

type encoder struct{ b []byte }

func (e *encoder) int(n int) { e.b = binary.AppendVarint(e.b, int64(n)) }

func (e *encoder) bool(v bool) {
	if v {
		e.int(1)
	} else {
		e.int(0)
	}
}

func (e *encoder) str(s string) {
	e.int(len(s))
	e.b = append(e.b, s...)
}

// strs keeps nil and empty apart: Parse leaves a key that is not in the
// file nil.
func (e *encoder) strs(ss []string) {
	if ss == nil {
		e.int(-1)
		return
	}
	e.int(len(ss))
	for _, s := range ss {
		e.str(s)
	}
}

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) int() int {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.err, d.b = errors.New("truncated"), nil
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

func (d *decoder) bool() bool { return d.int() != 0 }

// len reads a length: -1 stands for nil; a length longer than what is
// left is an error (and reads as -1).
func (d *decoder) len() int {
	n := d.int()
	if n < -1 || n > len(d.b) {
		d.err, d.b = errors.New("bad length"), nil
		return -1
	}
	return n
}

func (d *decoder) str() string {
	n := d.len()
	if n < 0 {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) strs() []string {
	n := d.len()
	if n < 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}
