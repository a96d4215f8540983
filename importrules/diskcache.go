package importrules

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/wire"
)

// go vet starts one miglint process per package, and each loads the
// configuration. Decoding a TOML file with a hundred-odd exceptions took
// about 1.7 ms of a 15 ms process for a small migration (BENCHMARKS.md), so
// a valid configuration, once parsed, is kept in the user's cache directory
// and the next process decodes it from there.
//
// An entry is named by a hash of the file's absolute path (relative paths
// resolve against it) and the running executable (path, size and
// modification time), so a rebuilt miglint never reads what an older build
// wrote. It holds the configuration with a hash of the bytes it was parsed
// from, and the file's stat signature (statSig) when those bytes were
// read. A process whose stat of the file gives that signature takes the
// entry without reading the file; any other reads it and takes the entry
// only if the hash matches. A file changed within settleTime of its
// reading gets no signature: a second change in the same tick of the
// file system's clock could keep size and times (git's "racy" case), so
// its readers compare the bytes until one of them, after settleTime, can
// record a signature again. What the cache cannot vouch for, that each
// exception's file still exists, is checked again on every hit. Anything
// unusual (no cache directory, an unreadable or corrupt entry, a
// read-only disk) falls back to parsing: the cache only saves time, it
// never changes a result.

// cacheFormat changes whenever Config's layout or Parse's meaning does,
// for builds whose executable keeps its size and time (go run, tests).
const cacheFormat = "miglint importrules cache 6"

// cacheMaxAge is how long an entry unused by any process is kept.
const cacheMaxAge = 30 * 24 * time.Hour

// settleTime is how long after a file's last change its stat signature is
// trusted to tell its next change; file system clocks tick in at most a
// few milliseconds. Tests change it.
var settleTime = 2 * time.Second

// cacheEntry returns the cache file for a configuration file, or "" when
// there is no cache directory or no executable to key on.
func cacheEntry(configPath string) string {
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
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00%s", cacheFormat, exe, st.Size(), st.ModTime().UnixNano(), configPath)
	return filepath.Join(base, "miglint", "importrules", hex.EncodeToString(h.Sum(nil)[:20])+".bin")
}

// cached is a cache entry.
type cached struct {
	sig string // the file's statSig when it was read, "" if it had not settled
	sum string // the SHA-256 of the bytes the configuration was parsed from
	// config is the rest of the entry, decoded by decodeConfig.
	config []byte
}

// settledSig returns the stat signature to record for a file read at now,
// or "" while it may still change within the same tick.
func settledSig(st os.FileInfo, now time.Time) string {
	if now.Sub(changeTime(st)) < settleTime {
		return ""
	}
	return statSig(st)
}

// statSig is what a stat of the file says of its content: size,
// modification time, and where the system has them the change time and
// the file's identity, which no tool can set back.
func statSig(st os.FileInfo) string {
	b := binary.LittleEndian.AppendUint64(nil, uint64(st.Size()))
	b = binary.LittleEndian.AppendUint64(b, uint64(st.ModTime().UnixNano()))
	return string(append(b, sysSig(st)...))
}

// readCached returns the entry stored at path, or nil.
func readCached(path string) *cached {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
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
	r := wire.Reader{Buf: data}
	e := &cached{sig: r.String(), sum: r.String(), config: r.Buf}
	if r.Err() != nil {
		return nil
	}
	// Keep entries in use from being pruned, touching each at most daily.
	if time.Since(st.ModTime()) > 24*time.Hour {
		now := time.Now()
		os.Chtimes(path, now, now)
	}
	return e
}

// writeCached stores e with c at entry, atomically (a reader sees the whole entry
// or none), and prunes entries nobody used for cacheMaxAge. Errors are
// ignored: the next process parses again.
func writeCached(entry string, e cached, c *Config) {
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
	var w wire.Writer
	w.String(e.sig)
	w.String(e.sum)
	_, werr := tmp.Write(append(w.Buf, encodeConfig(c)...))
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

// encodeConfig writes c in internal/wire's form, which a fresh process
// decodes several times faster than encoding/json (BENCHMARKS.md);
// TestCacheRoundTrip fills every field of Config to catch one that this
// misses. A number the form cannot hold (a negative one) makes the entry
// unreadable, and so a parse: the cache never changes a result.
func encodeConfig(c *Config) []byte {
	var w wire.Writer
	w.String(c.Path)
	w.String(c.Dir)
	w.Strings(c.Migrations.Roots)
	w.Uint(c.Migrations.RetentionMonths)
	if c.Migrations.CleanupMonths == nil {
		w.Uint(0)
	} else {
		w.Uint(len(c.Migrations.CleanupMonths) + 1)
	}
	for _, m := range c.Migrations.CleanupMonths {
		w.Uint(int(m))
	}
	w.Strings(c.VersionGuard.Attributes)
	w.Strings(c.VersionGuard.Writers)
	w.Uint(len(c.Forbidden))
	for _, r := range c.Forbidden {
		w.String(r.Name)
		w.Strings(r.Packages)
		w.Strings(r.Allow)
		w.Strings(r.From)
		w.Strings(r.Via)
		w.Bool(r.Indirect)
		w.String(r.Message)
		w.Uint(r.Line)
	}
	w.Uint(len(c.Exceptions))
	for _, x := range c.Exceptions {
		w.String(x.Rule)
		w.String(x.File)
		w.String(x.Import)
		w.String(x.Reason)
		w.Bool(!x.Expires.IsZero())
		if !x.Expires.IsZero() {
			// Expires is a day at 00:00 UTC: its number since 1970.
			w.Uint(int(x.Expires.Unix() / secondsPerDay))
		}
		w.Uint(x.Line)
	}
	w.String(c.Ledger.Table)
	w.Uint(c.Ledger.LeaseSeconds)
	w.String(c.Runner.DevEndpoint)
	w.Bool(c.Runner.RequireDryRun)
	return w.Buf
}

const secondsPerDay = 24 * 60 * 60

func decodeConfig(data []byte) (*Config, error) {
	r := wire.Reader{Buf: data}
	c := &Config{Path: r.String(), Dir: r.String()}
	c.Migrations.Roots = r.Strings()
	c.Migrations.RetentionMonths = r.Uint()
	if n := r.Count(); n > 0 {
		c.Migrations.CleanupMonths = make([]time.Month, n-1)
		for i := range c.Migrations.CleanupMonths {
			c.Migrations.CleanupMonths[i] = time.Month(r.Uint())
		}
	}
	c.VersionGuard.Attributes = r.Strings()
	c.VersionGuard.Writers = r.Strings()
	if n := r.Count(); n > 0 {
		c.Forbidden = make([]Rule, n)
		for i := range c.Forbidden {
			f := &c.Forbidden[i]
			f.Name = r.String()
			f.Packages, f.Allow, f.From, f.Via = r.Strings(), r.Strings(), r.Strings(), r.Strings()
			f.Indirect = r.Bool()
			f.Message = r.String()
			f.Line = r.Uint()
		}
	}
	if n := r.Count(); n > 0 {
		c.Exceptions = make([]Exception, n)
		// Exceptions mostly repeat the rule, import and reason of the one
		// before; sharing those strings leaves a go vet process about a
		// quarter of the allocations in reading a configuration of many
		// exceptions (BenchmarkDecodeConfig).
		var prev Exception
		for i := range c.Exceptions {
			x := &c.Exceptions[i]
			x.Rule, x.File = r.StringReusing(prev.Rule), r.String()
			x.Import, x.Reason = r.StringReusing(prev.Import), r.StringReusing(prev.Reason)
			if r.Bool() {
				x.Expires = time.Unix(int64(r.Uint())*secondsPerDay, 0).UTC()
			}
			x.Line = r.Uint()
			prev = *x
		}
	}
	c.Ledger.Table, c.Ledger.LeaseSeconds = r.String(), r.Uint()
	c.Runner.DevEndpoint, c.Runner.RequireDryRun = r.String(), r.Bool()
	if err := r.Done(); err != nil {
		return nil, fmt.Errorf("importrules: cache entry: %w", err)
	}
	return c, nil
}
