// Package setup defines the Analyzer that tells every other miglint
// analyzer what the package it checks is: a migration or not, a package
// of the main module or of a dependency, the configuration that governs
// it and the clock. Every analyzer Requires it and calls For(pass); no
// analyzer finds or loads configuration itself (the staticcheck
// config.Analyzer pattern), so there is one route from importrules.toml
// to a finding.
package setup

import (
	"go/ast"
	"go/build"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// Analyzer computes a *Package for every package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "setup",
	Doc:        "describe the package under analysis for miglint's analyzers: migration, configuration, clock",
	Run:        run,
	ResultType: reflect.TypeFor[*Package](),
}

// Package is what an analyzer needs to know about the package it checks.
type Package struct {
	Dir string // the package's directory ("" for a package without files)
	// Config governs the package; nil only for a package without files.
	Config *importrules.Config
	// IsMigration: directly under a migrations root of the main module.
	IsMigration bool
	// IsDependency: a package of the standard library or of a dependency
	// module (one with a version). It is never a migration, its own
	// importrules.toml is never read (a mistake in it cannot fail its
	// importer's lint), and it gets the default configuration.
	IsDependency bool
	Now          time.Time
	// Files are the package's non-test files: a migration's test files
	// are not part of the program that runs.
	Files []*ast.File
}

// For returns the description of pass's package.
func For(pass *analysis.Pass) *Package {
	return pass.ResultOf[Analyzer].(*Package)
}

// Retention returns the configured retention policy.
func (p *Package) Retention() migration.Retention {
	return migration.Retention{Months: p.Config.Migrations.RetentionMonths, CleanupMonths: p.Config.Migrations.CleanupMonths}
}

// The loading options are the analyzer's flags, set by the program that
// runs the analyzers (they are not offered to users: go vet and the
// standalone checker expose only the flags of the analyzers they list,
// and this one is only required).
var (
	// configFile names the configuration file instead of discovery, as
	// MIGLINT_CONFIG does (the golangci-lint plugin's setting).
	configFile string
	// validated says that every configuration this process can load was
	// validated in full, exception files included, before the run began:
	// go vet's -V=full step does that once per run, so each package's
	// process need not stat every excused file again.
	validated bool
)

func init() {
	Analyzer.Flags.StringVar(&configFile, "config", "", "configuration file to use instead of discovery (as MIGLINT_CONFIG)")
	Analyzer.Flags.BoolVar(&validated, "validated", false, "every configuration was validated before the run (go vet's -V=full)")
}

func run(pass *analysis.Pass) (any, error) {
	p := &Package{IsDependency: IsDependency(pass)}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if p.Dir == "" {
			p.Dir = filepath.Dir(name)
		}
		if !strings.HasSuffix(name, "_test.go") {
			p.Files = append(p.Files, f)
		}
	}
	var err error
	if p.Now, err = migration.Now(); err != nil {
		return nil, err
	}
	if p.Dir == "" {
		return p, nil
	}
	if p.IsDependency {
		p.Config = importrules.Default(p.Dir)
		return p, nil
	}
	if p.Config, err = configFor(p.Dir); err != nil {
		return nil, err
	}
	if len(p.Files) > 0 {
		_, p.IsMigration = p.Config.MigrationRoot(p.Dir)
	}
	return p, nil
}

// IsDependency reports whether pass's package belongs to the standard
// library or to a dependency module.
func IsDependency(pass *analysis.Pass) bool {
	if m := pass.Module; m != nil && m.Path != "" {
		return m.Version != ""
	}
	// Without module information: the standard library, or GOPATH mode
	// (analysistest), where only the standard library lies under GOROOT;
	// or golangci-lint, which passes an empty Module, where a dependency's
	// files lie in the module cache.
	if len(pass.Files) == 0 {
		first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
		return !strings.Contains(first, ".")
	}
	name := pass.Fset.File(pass.Files[0].Pos()).Name()
	return build.Default.GOROOT != "" && strings.HasPrefix(name, filepath.Join(build.Default.GOROOT, "src")+string(filepath.Separator)) ||
		strings.HasPrefix(name, modCache()+string(filepath.Separator))
}

// modCache returns the go command's module cache directory.
func modCache() string {
	if dir := os.Getenv("GOMODCACHE"); dir != "" {
		return filepath.Clean(dir)
	}
	gopath := filepath.SplitList(build.Default.GOPATH)
	if len(gopath) == 0 || gopath[0] == "" {
		return "\x00" // matches no file
	}
	return filepath.Join(gopath[0], "pkg", "mod")
}

// loaded memoizes configurations per directory: a process (the standalone
// checker, a golangci-lint run) checks many packages under one file.
var loaded sync.Map // dir -> loadResult

type loadResult struct {
	cfg *importrules.Config
	err error
}

// Forget drops what this process remembers of configurations, for a run
// that validates them anew and must see them as they are now.
func Forget() {
	loaded.Clear()
	importrules.ForgetValidated()
}

func configFor(dir string) (*importrules.Config, error) {
	if r, ok := loaded.Load(dir); ok {
		return r.(loadResult).cfg, r.(loadResult).err
	}
	cfg, err := importrules.ForDir(dir, importrules.Options{File: configFile, Validated: validated})
	loaded.Store(dir, loadResult{cfg, err})
	return cfg, err
}
