// Package importrules loads and validates importrules.toml, miglint's one
// configuration file, and matches the import-path patterns it holds.
//
// The file is found by walking up from a package's directory to the
// directory holding go.mod; MIGLINT_CONFIG names a file instead. No file
// means the defaults: migrations under "migrations/", 12 months of
// retention, clean-ups in January and July, the "version" attribute, and no
// import rules.
package importrules

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miglint/miglint/internal/text"

	"github.com/BurntSushi/toml"
)

// FileName is the name of the configuration file.
const FileName = "importrules.toml"

// EnvConfig names a configuration file that overrides discovery.
const EnvConfig = "MIGLINT_CONFIG"

// Config is a loaded and validated importrules.toml.
type Config struct {
	// Path is the absolute path of the file, or "" for the defaults.
	Path string
	// Dir is the directory that relative paths (roots, exception files)
	// are resolved against: the file's directory, or for the defaults the
	// module root.
	Dir string

	Migrations   Migrations
	VersionGuard VersionGuard
	Forbidden    []Rule
	Exceptions   []Exception
	Ledger       Ledger
	Runner       Runner
}

// Migrations is the [migrations] table.
type Migrations struct {
	Roots           []string // folders, relative to Config.Dir
	RetentionMonths int
	CleanupMonths   []time.Month
}

// VersionGuard is the [versionguard] table.
type VersionGuard struct {
	Attributes []string // version attribute names, matched case-insensitively
	Writers    []string // extra write functions, "importpath.Func" or "importpath.Type.Method"
}

// Ledger is the [ledger] table: where miglint run records its runs.
type Ledger struct {
	Table        string // the ledger's table, in each environment's DynamoDB
	LeaseSeconds int    // how long a run's lock lasts without a heartbeat
}

// Runner is the [runner] table.
type Runner struct {
	DevEndpoint   string // the local DynamoDB of dev runs and of the dev ledger
	RequireDryRun bool   // prod needs a succeeded dev run of the same bytes
}

// Rule is one [[forbidden]] entry.
type Rule struct {
	Name     string
	Packages []string
	Allow    []string
	From     []string // empty: the migrations
	Via      []string
	Indirect bool
	Message  string
	Line     int // line of the [[forbidden]] header
}

// Exception is one [[exception]] entry.
type Exception struct {
	Rule    string
	File    string // relative to Config.Dir, slash-separated and clean
	Import  string
	Reason  string
	Expires time.Time // zero: never; otherwise the last day it is valid, at 00:00 UTC
	Line    int       // line of the [[exception]] header
}

// Expired reports whether the exception has expired at now: it is valid
// through the whole of its Expires day (UTC).
func (e Exception) Expired(now time.Time) bool {
	return !e.Expires.IsZero() && !now.Before(e.Expires.AddDate(0, 0, 1))
}

// Default returns the configuration used when there is no file; dir is the
// directory relative paths are resolved against.
func Default(dir string) *Config {
	return &Config{
		Dir: dir,
		Migrations: Migrations{
			Roots:           []string{"migrations"},
			RetentionMonths: 12,
			CleanupMonths:   []time.Month{time.January, time.July},
		},
		VersionGuard: VersionGuard{Attributes: []string{"version"}},
		Ledger:       Ledger{Table: "miglint_ledger", LeaseSeconds: 30},
		Runner:       Runner{DevEndpoint: "http://127.0.0.1:8000", RequireDryRun: true},
	}
}

// RootDirs returns the absolute, cleaned migrations roots.
func (c *Config) RootDirs() []string {
	dirs := make([]string, len(c.Migrations.Roots))
	for i, r := range c.Migrations.Roots {
		dirs[i] = filepath.Join(c.Dir, filepath.FromSlash(r))
	}
	return dirs
}

// MigrationRoot returns the migrations root that directly holds dir, if
// any: only a directory directly under a root is a migration.
func (c *Config) MigrationRoot(dir string) (string, bool) {
	parent := filepath.Dir(filepath.Clean(dir))
	for _, root := range c.RootDirs() {
		if parent == root {
			return root, true
		}
	}
	return "", false
}

// Error is a mistake in a configuration file. Load returns all of them,
// joined, so that one run shows every one.
type Error struct {
	File string
	Line int    // 0 when unknown
	Key  string // dotted key, e.g. "forbidden[1].name"; may be ""
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// file mirrors the TOML document. Pointers tell a missing key from a zero
// value.
type file struct {
	Migrations *struct {
		Roots           *[]string `toml:"roots"`
		RetentionMonths *int      `toml:"retention_months"`
		CleanupMonths   *[]int    `toml:"cleanup_months"`
	} `toml:"migrations"`
	VersionGuard *struct {
		Attributes *[]string `toml:"attributes"`
		Writers    *[]string `toml:"writers"`
	} `toml:"versionguard"`
	Forbidden []struct {
		Name     *string  `toml:"name"`
		Packages []string `toml:"packages"`
		Allow    []string `toml:"allow"`
		From     []string `toml:"from"`
		Via      []string `toml:"via"`
		Indirect *bool    `toml:"indirect"`
		Message  string   `toml:"message"`
	} `toml:"forbidden"`
	Exception []struct {
		Rule    *string    `toml:"rule"`
		File    *string    `toml:"file"`
		Import  *string    `toml:"import"`
		Reason  *string    `toml:"reason"`
		Expires *time.Time `toml:"expires"`
	} `toml:"exception"`
	Ledger *struct {
		Table        *string `toml:"table"`
		LeaseSeconds *int    `toml:"lease_seconds"`
	} `toml:"ledger"`
	Runner *struct {
		DevEndpoint   *string `toml:"dev_endpoint"`
		RequireDryRun *bool   `toml:"require_dry_run"`
	} `toml:"runner"`
}

var allowedKeys = map[string][]string{
	"":             {"migrations", "versionguard", "forbidden", "exception", "ledger", "runner"},
	"migrations":   {"roots", "retention_months", "cleanup_months"},
	"versionguard": {"attributes", "writers"},
	"forbidden":    {"name", "packages", "allow", "from", "via", "indirect", "message"},
	"exception":    {"rule", "file", "import", "reason", "expires"},
	"ledger":       {"table", "lease_seconds"},
	"runner":       {"dev_endpoint", "require_dry_run"},
}

// Load reads and validates the configuration file at path; its relative
// paths resolve against its own directory.
func Load(path string) (*Config, error) {
	return load(path, "", false)
}

// LoadFor reads and validates the configuration file at path as the one
// governing the package in dir: its relative paths resolve against its
// own directory, or against the module root of dir when the file lies
// outside that module (a shared file).
func LoadFor(path, dir string) (*Config, error) {
	return load(path, dir, false)
}

func load(path, dir string, trustFiles bool) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	base := baseDir(abs, dir)
	if c, ok := validatedHere.Load(abs + "\x00" + base); ok && trustFiles {
		return c.(*Config), nil
	}
	validated := func(c *Config) *Config {
		if !trustFiles {
			validatedHere.Store(abs+"\x00"+base, c)
		}
		return c
	}
	// usable reports whether c, parsed earlier from the file's bytes, is
	// still valid: only the files it names can have changed since.
	usable := func(c *Config) bool {
		return trustFiles || c.exceptionFilesExist() && c.rootsStillExist()
	}
	// fromEntry is the configuration of a cache entry whose bytes are the
	// file's, from this process's memory if it decoded them before.
	fromEntry := func(e *cached) *Config {
		key := abs + "\x00" + base + "\x00" + e.sum
		if c, ok := loadedHere.Load(key); ok {
			return c.(*Config)
		}
		c, err := decodeConfig(e.config)
		if err != nil {
			return nil
		}
		actual, _ := loadedHere.LoadOrStore(key, c)
		return actual.(*Config)
	}

	entry := cacheEntry(abs + "\x00" + base)
	e := readCached(entry)
	st, statErr := os.Stat(abs)
	if e != nil && statErr == nil && e.sig != "" && e.sig == statSig(st) {
		if c := fromEntry(e); c != nil && usable(c) {
			return validated(c), nil
		}
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sum := sha256.Sum256(data)
	fresh := cached{sum: string(sum[:])}
	if statErr == nil {
		fresh.sig = settledSig(st, time.Now())
	}
	if e != nil && e.sum == fresh.sum {
		if c := fromEntry(e); c != nil && usable(c) {
			if fresh.sig != "" && e.sig != fresh.sig {
				writeCached(entry, fresh, c) // the next process need not read the file
			}
			return validated(c), nil
		}
	}
	if c, ok := loadedHere.Load(abs + "\x00" + base + "\x00" + fresh.sum); ok && usable(c.(*Config)) {
		writeCached(entry, fresh, c.(*Config))
		return validated(c.(*Config)), nil
	}
	c, err := parse(abs, base, data)
	if err != nil {
		return nil, err
	}
	writeCached(entry, fresh, c)
	loadedHere.Store(abs+"\x00"+base+"\x00"+fresh.sum, c)
	return validated(c), nil
}

// validatedHere keeps, by path and base, the configuration this process
// last validated in full. A load that trusts its files (Options.Validated:
// the run validated every configuration as it began, as the standalone
// checker does before each analysis) takes it without reading the file
// again: 1,300 reads and hashes of the same file on 1,000 migrations, 3%
// of a cold run. The next run's validation replaces it; a run that may
// not validate every file again starts with ForgetValidated.
var validatedHere sync.Map // path + "\x00" + base -> *Config

// ForgetValidated drops what this process validated, for a new run.
func ForgetValidated() { validatedHere.Clear() }

// loadedHere keeps every configuration this process parsed or read from
// the cache, by path, base and content: the standalone checker and
// golangci-lint load the one file of a module for each of its packages
// (decoding it 1,000 times was 8% of a run on 1,000 migrations). Nobody
// changes a Config once loaded.
var loadedHere sync.Map // string -> *Config

var tomlLine = text.LazyRegexp(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)$`)

// Parse validates data as the configuration file at path (absolute);
// exception files are checked against the file system relative to
// path's directory.
func Parse(configPath string, data []byte) (*Config, error) {
	return parse(configPath, filepath.Dir(configPath), data)
}

// parse is Parse with relative paths resolved against base.
func parse(configPath, base string, data []byte) (*Config, error) {
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, decodeError(configPath, string(data), err)
	}
	v := &validator{path: configPath, lines: scanKeyLines(string(data)), base: base, shared: base != filepath.Dir(configPath)}
	v.unknownKeys(md.Undecoded())

	c := Default(base)
	c.Path = configPath
	explicitRoots := false
	if m := f.Migrations; m != nil {
		if m.Roots != nil {
			c.Migrations.Roots = v.roots(*m.Roots)
			explicitRoots = true
		}
		if m.RetentionMonths != nil {
			c.Migrations.RetentionMonths = *m.RetentionMonths
			if n := *m.RetentionMonths; n < 1 || n > 1200 {
				v.errorf("migrations", 0, "retention_months", "%d is out of range; use a number of months from 1 to 1200 (default 12)", n)
			}
		}
		if m.CleanupMonths != nil {
			c.Migrations.CleanupMonths = v.months(*m.CleanupMonths)
		}
	}
	if g := f.VersionGuard; g != nil {
		if g.Attributes != nil {
			c.VersionGuard.Attributes = *g.Attributes
			if len(*g.Attributes) == 0 {
				v.errorf("versionguard", 0, "attributes", `is empty; name at least one version attribute, e.g. ["version"]`)
			}
			for _, a := range *g.Attributes {
				if strings.TrimSpace(a) == "" {
					v.errorf("versionguard", 0, "attributes", "has an empty name; remove it or write the attribute's name")
				}
			}
		}
		if g.Writers != nil {
			c.VersionGuard.Writers = *g.Writers
			for _, w := range *g.Writers {
				if !validWriter(w) {
					v.errorf("versionguard", 0, "writers", `%q is not a function; write "importpath.Func" or "importpath.Type.Method", e.g. "example.com/app/dbmodel.Put"`, w)
				}
			}
		}
	}

	if l := f.Ledger; l != nil {
		if l.Table != nil {
			c.Ledger.Table = *l.Table
			if !validTableName(*l.Table) {
				v.errorf("ledger", 0, "table", `%q is not a DynamoDB table name; use 3 to 255 letters, digits, "_", "-" or ".", e.g. "miglint_ledger"`, *l.Table)
			}
		}
		if l.LeaseSeconds != nil {
			c.Ledger.LeaseSeconds = *l.LeaseSeconds
			if n := *l.LeaseSeconds; n < 3 || n > 3600 {
				v.errorf("ledger", 0, "lease_seconds", "%d is out of range; use 3 to 3600 seconds (default 30; a run renews its lease every third of it)", n)
			}
		}
	}
	if r := f.Runner; r != nil {
		if r.DevEndpoint != nil {
			c.Runner.DevEndpoint = *r.DevEndpoint
			if problem := devEndpointProblem(*r.DevEndpoint); problem != "" {
				v.errorf("runner", 0, "dev_endpoint", "%q %s", *r.DevEndpoint, problem)
			}
		}
		if r.RequireDryRun != nil {
			c.Runner.RequireDryRun = *r.RequireDryRun
		}
	}

	names := map[string]int{}
	for i, r := range f.Forbidden {
		rule := Rule{Packages: r.Packages, Allow: r.Allow, From: r.From, Via: r.Via, Indirect: true, Message: r.Message, Line: v.lines.tableLine("forbidden", i)}
		if r.Name == nil || strings.TrimSpace(*r.Name) == "" {
			v.errorf("forbidden", i, "name", `is required; give the rule a unique name, e.g. name = "raw-dynamodb"`)
		} else {
			rule.Name = *r.Name
			if first, dup := names[rule.Name]; dup {
				v.errorf("forbidden", i, "name", "%q is already the name of the rule at line %d; rule names must be unique", rule.Name, first)
			} else {
				names[rule.Name] = rule.Line
			}
		}
		if r.Indirect != nil {
			rule.Indirect = *r.Indirect
		}
		if len(r.Packages) == 0 {
			v.errorf("forbidden", i, "packages", `is required; list the forbidden import paths, e.g. ["github.com/aws/aws-sdk-go-v2/service/dynamodb/..."]`)
		}
		// A slice, not a map: errors come out in the same order every run.
		for _, kv := range []struct {
			key  string
			list []string
		}{{"packages", r.Packages}, {"allow", r.Allow}, {"from", r.From}, {"via", r.Via}} {
			for _, p := range kv.list {
				if err := CheckPattern(p); err != nil {
					v.errorf("forbidden", i, kv.key, "%v", err)
				}
			}
		}
		c.Forbidden = append(c.Forbidden, rule)
	}

	for i, e := range f.Exception {
		ex := Exception{Line: v.lines.tableLine("exception", i)}
		ex.Rule = v.required("exception", i, "rule", e.Rule, `name the [[forbidden]] rule it excuses, e.g. rule = "raw-dynamodb"`)
		ex.File = v.required("exception", i, "file", e.File, `name the excused file relative to this config, e.g. file = "migrations/0608_remove_root_url/main.go"`)
		ex.Import = v.required("exception", i, "import", e.Import, `name the import it may reach, e.g. import = "github.com/aws/aws-sdk-go-v2/service/dynamodb"`)
		ex.Reason = v.required("exception", i, "reason", e.Reason, `say why this file needs the exception, e.g. reason = "needs a parallel Scan that dbmodel lacks"`)
		if ex.Rule != "" {
			if _, ok := names[ex.Rule]; !ok {
				v.errorf("exception", i, "rule", "no [[forbidden]] rule is named %q; rules are: %s", ex.Rule, quotedList(names))
			}
		}
		if ex.File != "" {
			ex.File = filepath.ToSlash(ex.File)
			if problem := exceptionFileProblem(c.Dir, ex.File); problem != "" {
				v.errorf("exception", i, "file", "%q %s", ex.File, problem)
			}
			ex.File = path.Clean(ex.File) // one spelling per file, as the analyzers match it
		}
		if ex.Import != "" {
			if err := CheckPattern(ex.Import); err != nil {
				v.errorf("exception", i, "import", "%v", err)
			}
		}
		if e.Expires != nil {
			y, m, d := e.Expires.Date()
			if y == 0 {
				// A TOML local time (expires = 10:00:00) decodes to year 0
				// and would expire the exception at once.
				v.errorf("exception", i, "expires", "is a time of day, not a date; write the last day the exception holds, e.g. expires = 2027-06-30")
			}
			ex.Expires = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
		c.Exceptions = append(c.Exceptions, ex)
	}
	v.rootsExist(c, explicitRoots)
	v.rulesSpareMigrations(c)
	if len(v.errs) > 0 {
		return nil, errors.Join(v.errs...)
	}
	return c, nil
}

// validTableName reports whether name is a valid DynamoDB table name.
func validTableName(name string) bool {
	if len(name) < 3 || len(name) > 255 {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// devEndpointProblem says what is wrong with a dev endpoint, or "" when
// it is an http(s) URL on this machine: a dev run must not reach a real
// table however the name resolves (the runner checks --endpoint the same
// way).
func devEndpointProblem(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return `is not an http:// or https:// URL; write e.g. dev_endpoint = "http://127.0.0.1:8000"`
	}
	if host := u.Hostname(); strings.EqualFold(host, "localhost") {
		return ""
	} else if ip, err := netip.ParseAddr(host); err == nil && ip.Unmap().IsLoopback() {
		return ""
	}
	return "is not on this machine; the dev endpoint must be localhost, 127.0.0.0/8 or [::1] (a local DynamoDB such as DynamoDB Local or dynalite)"
}

// exceptionFileProblem says what is wrong with an exception's file (a
// slash-separated path relative to dir), or "" when it names an existing
// file inside dir.
func exceptionFileProblem(dir, file string) string {
	if filepath.IsAbs(file) || outside(file) {
		return "is not inside this config's directory; write the path relative to " + FileName
	}
	switch st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(file))); {
	case err != nil:
		return "does not exist; fix the path (relative to " + FileName + ") or remove the exception"
	case st.IsDir():
		return "is a directory; name one Go file"
	}
	return ""
}

// exceptionFilesExist reports whether every exception still names an
// existing file: Parse checked that against the file system, which a
// cached result cannot vouch for.
func (c *Config) exceptionFilesExist() bool {
	for _, ex := range c.Exceptions {
		if exceptionFileProblem(c.Dir, ex.File) != "" {
			return false
		}
	}
	return true
}

type validator struct {
	path   string
	lines  *keyLines
	errs   []error
	base   string // what relative paths resolve against
	shared bool   // base is the module root, not the file's directory
}

func (v *validator) errorf(table string, index int, key, format string, args ...any) {
	name := key
	if table != "" {
		if table == "forbidden" || table == "exception" {
			name = fmt.Sprintf("%s[%d].%s", table, index+1, key)
		} else {
			name = table + "." + key
		}
	}
	v.errs = append(v.errs, &Error{File: v.path, Line: v.lines.line(table, index, key), Key: name, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) required(table string, index int, key string, val *string, hint string) string {
	if val == nil || strings.TrimSpace(*val) == "" {
		v.errorf(table, index, key, "is required; %s", hint)
		return ""
	}
	return *val
}

func (v *validator) unknownKeys(keys []toml.Key) {
	seen := map[string]int{} // undecoded keys of arrays of tables repeat, one per table
	for _, k := range keys {
		parent := strings.Join(k[:len(k)-1], ".")
		allowed, known := allowedKeys[parent]
		if !known {
			continue // reported at its parent
		}
		name, last := k.String(), k[len(k)-1]
		line := 0
		if parent == "" {
			// A plain key before the first table, or a table of its own.
			if line = v.lines.keys[tableSlot("", 0)][last]; line == 0 {
				line = v.lines.tableLine(last, 0)
			}
		} else {
			n := seen[name]
			seen[name]++
			index := -1
			line, index = v.lines.nthKeyLine(parent, last, n)
			if index >= 0 && (parent == "forbidden" || parent == "exception") {
				name = fmt.Sprintf("%s[%d].%s", parent, index+1, last)
			}
		}
		where := "at the top level"
		if parent != "" {
			where = "in [" + parent + "]"
		}
		v.errs = append(v.errs, &Error{File: v.path, Line: line, Key: name,
			Msg: fmt.Sprintf("unknown key; allowed %s: %s", where, strings.Join(allowed, ", "))})
	}
}

func (v *validator) roots(roots []string) []string {
	if len(roots) == 0 {
		v.errorf("migrations", 0, "roots", `is empty; name at least one folder, e.g. ["migrations"]`)
	}
	for _, r := range roots {
		if r == "" || filepath.IsAbs(r) || outside(r) {
			v.errorf("migrations", 0, "roots", "%q must be a folder inside %s, written relative to it", r, v.baseName())
		}
	}
	return roots
}

// outside reports whether the relative path p leaves the directory it is
// relative to. "..data/x.go" stays inside: only a ".." segment leaves.
func outside(p string) bool {
	clean := path.Clean(filepath.ToSlash(p))
	return clean == ".." || strings.HasPrefix(clean, "../")
}

func (v *validator) months(ms []int) []time.Month {
	if len(ms) == 0 {
		v.errorf("migrations", 0, "cleanup_months", "is empty; list the clean-up months as numbers 1-12 (default [1, 7])")
	}
	var out []time.Month
	for _, m := range ms {
		if m < 1 || m > 12 {
			v.errorf("migrations", 0, "cleanup_months", "%d is not a month; use numbers 1 (January) to 12 (December)", m)
			continue
		}
		if slices.Contains(out, time.Month(m)) {
			v.errorf("migrations", 0, "cleanup_months", "month %d is listed twice", m)
			continue
		}
		out = append(out, time.Month(m))
	}
	slices.Sort(out)
	return out
}

// nthKeyLine finds the line of the n'th occurrence (from 0) of key in the
// occurrences of table, and the index of the table occurrence holding it;
// undecoded keys of arrays of tables carry no index. A key it cannot place
// (a sub-table such as [migrations.extra]) gets the line of a table of that
// name, else of the table's first occurrence, and index -1.
func (kl *keyLines) nthKeyLine(table, key string, n int) (line, index int) {
	for i := range kl.tables[table] {
		if l, ok := kl.keys[tableSlot(table, i)][key]; ok {
			if n == 0 {
				return l, i
			}
			n--
		}
	}
	if l := kl.tableLine(table+"."+key, 0); l > 0 {
		return l, -1
	}
	return kl.tableLine(table, 0), -1
}

var writerForm = text.LazyRegexp(`^[^\s"]+\.[A-Za-z_][A-Za-z0-9_]*$`)

func validWriter(w string) bool {
	i := strings.LastIndex(w, "/")
	return writerForm().MatchString(w) && strings.Contains(w[i+1:], ".")
}

func quotedList(names map[string]int) string {
	if len(names) == 0 {
		return "none (add a [[forbidden]] rule first)"
	}
	var qs []string
	for n := range names {
		qs = append(qs, strconv.Quote(n))
	}
	slices.Sort(qs)
	return strings.Join(qs, ", ")
}

// keyForms says what each key takes, for errors about a value of the
// wrong type.
var keyForms = map[string]string{
	"migrations":                  `a table: [migrations]`,
	"migrations.roots":            `an array of folders, e.g. roots = ["migrations"]`,
	"migrations.retention_months": `a number of months, e.g. retention_months = 12`,
	"migrations.cleanup_months":   `an array of month numbers, e.g. cleanup_months = [1, 7]`,
	"versionguard":                `a table: [versionguard]`,
	"versionguard.attributes":     `an array of attribute names, e.g. attributes = ["version"]`,
	"versionguard.writers":        `an array of functions, e.g. writers = ["example.com/app/dbmodel.Put"]`,
	"forbidden":                   `an array of tables: [[forbidden]]`,
	"forbidden.name":              `a string, e.g. name = "raw-dynamodb"`,
	"forbidden.packages":          `an array of import-path patterns, e.g. packages = ["github.com/aws/aws-sdk-go-v2/service/dynamodb/..."]`,
	"forbidden.allow":             `an array of import-path patterns`,
	"forbidden.from":              `an array of import-path patterns`,
	"forbidden.via":               `an array of import-path patterns`,
	"forbidden.indirect":          `true or false`,
	"forbidden.message":           `a string`,
	"exception":                   `an array of tables: [[exception]]`,
	"exception.rule":              `a string, e.g. rule = "raw-dynamodb"`,
	"exception.file":              `a string, e.g. file = "migrations/0608_remove_root_url/main.go"`,
	"exception.import":            `a string, e.g. import = "github.com/aws/aws-sdk-go-v2/service/dynamodb"`,
	"exception.reason":            `a string`,
	"exception.expires":           `a date without quotes, e.g. expires = 2027-06-30`,
	"ledger":                      `a table: [ledger]`,
	"ledger.table":                `a string, e.g. table = "miglint_ledger"`,
	"ledger.lease_seconds":        `a number of seconds, e.g. lease_seconds = 30`,
	"runner":                      `a table: [runner]`,
	"runner.dev_endpoint":         `a string, e.g. dev_endpoint = "http://127.0.0.1:8000"`,
	"runner.require_dry_run":      `true or false`,
}

func decodeError(file, text string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if u := strings.TrimSpace(pe.Usage); u != "" {
			msg += "; " + strings.Join(strings.Fields(u), " ")
		}
		line := errorLine(text, pe.Position)
		return &Error{File: file, Line: line, Key: entryKey(scanKeyLines(text), pe.LastKey, line), Msg: withForm(pe.LastKey, msg)}
	}
	if m := tomlLine().FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{File: file, Line: line, Key: entryKey(scanKeyLines(text), m[2], line), Msg: withForm(m[2], m[3])}
	}
	return &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}

// errorLine is the line of a TOML syntax error: the one that holds the
// byte it points at. The library's own line count has already moved past
// a newline it consumed, so an unterminated "[[forbidden]" on line 1 came
// out as line 2.
func errorLine(text string, pos toml.Position) int {
	if pos.Start < 0 || pos.Start > len(text) {
		return pos.Line
	}
	return 1 + strings.Count(text[:pos.Start], "\n")
}

// withForm adds what key takes to a decoding error about its value; syntax
// errors ("expected a comma ...") already say what is missing.
func withForm(key, msg string) string {
	if form, ok := keyForms[key]; ok && !strings.HasPrefix(msg, "expected") {
		return msg + "; " + key + " takes " + form
	}
	return msg
}
