package migration

import (
	"go/ast"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/importrules"
)

// Package is what an analyzer needs to know about the package it checks.
type Package struct {
	Dir         string // the package's directory ("" for a package without files)
	Config      *importrules.Config
	IsMigration bool // directly under a migrations root
	Now         time.Time
	// Files are the package's non-test files: a migration's test files
	// are not part of the program that runs.
	Files []*ast.File
}

// ForPass describes the package of pass. It fails when the configuration
// or MIGLINT_NOW is invalid.
func ForPass(pass *analysis.Pass) (*Package, error) {
	p := &Package{}
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if p.Dir == "" {
			p.Dir = filepath.Dir(name)
		}
		if !strings.HasSuffix(name, "_test.go") {
			p.Files = append(p.Files, f)
		}
	}
	if p.Dir == "" || len(p.Files) == 0 {
		return p, nil // nothing but tests: never a migration
	}
	var err error
	if p.Now, err = Now(); err != nil {
		return nil, err
	}
	// A package of a dependency module (one with a version) is never a
	// migration, and no configuration applies to it: an importrules.toml
	// that the module ships is not read, so a mistake in it cannot fail
	// the importer's go vet.
	if m := pass.Module; m != nil && m.Version != "" {
		p.Config = importrules.Default(p.Dir)
		return p, nil
	}
	if p.Config, err = importrules.ForDir(p.Dir); err != nil {
		return nil, err
	}
	_, p.IsMigration = p.Config.MigrationRoot(p.Dir)
	return p, nil
}

// Retention returns the configured retention policy.
func (p *Package) Retention() Retention {
	return Retention{Months: p.Config.Migrations.RetentionMonths, CleanupMonths: p.Config.Migrations.CleanupMonths}
}
