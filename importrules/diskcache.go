package importrules

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
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
const cacheFormat = "miglint importrules cache 1"

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
	return filepath.Join(base, "miglint", "importrules", hex.EncodeToString(h.Sum(nil)[:20])+".gob")
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
	c := new(Config)
	if err := gob.NewDecoder(f).Decode(c); err != nil {
		return nil
	}
	// Keep entries in use from being pruned, touching each at most daily.
	if st, err := f.Stat(); err == nil && time.Since(st.ModTime()) > 24*time.Hour {
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
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
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
	_, werr := tmp.Write(buf.Bytes())
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
		if (strings.HasSuffix(e.Name(), ".gob") && age > cacheMaxAge) ||
			(strings.HasPrefix(e.Name(), "tmp-") && age > time.Hour) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
