// Package golangci is miglint's golangci-lint v2 module plugin: it
// registers miglint's analyzers as the linter "miglint". Build a
// golangci-lint that includes it with `golangci-lint custom` (see the
// README, "Use with golangci-lint") and enable it in .golangci.yml:
//
//	linters:
//	  enable: [miglint]
//	  settings:
//	    custom:
//	      miglint:
//	        type: module
//	        settings:
//	          config: importrules.toml       # optional
//	          analyzers: [header, versionguard]  # optional; default: all
//
// config names the importrules.toml to use instead of discovery; a
// relative path is relative to the module root (the directory of the
// go.mod above the directory golangci-lint runs in), wherever
// golangci-lint is started.
//
// golangci-lint caches each package's findings under a salt of its own
// version string, the YAML of linters.settings and go.mod. It hashes
// neither the files an analyzer reads (importrules.toml) nor the clock
// (retention counts from today) nor, for a plugin given by module and
// version, the plugin's code. So New writes a digest of all of them
// (checker.BuildID, the identity go vet's cache gets too) into these
// settings as the key "digest", before golangci-lint computes its salt
// from them: any change misses the cache. That needs a settings mapping
// to write into, so New refuses a configuration without one.
package golangci

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/checker"
	"github.com/miglint/miglint/importrules"
)

// Name is the linter's name in .golangci.yml.
const Name = "miglint"

// digestKey is the settings key New writes its digest under.
const digestKey = "digest"

// settingsPath is where users write the settings, for error messages.
const settingsPath = "linters.settings.custom." + Name + ".settings"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings in .golangci.yml.
type Settings struct {
	// Analyzers to run, by name; empty means every analyzer.
	Analyzers []string `json:"analyzers"`
	// Config is the importrules.toml to use instead of discovery,
	// relative to the module root unless absolute.
	Config string `json:"config"`
}

type plugin struct {
	analyzers []*analysis.Analyzer
}

func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return p.analyzers, nil }

func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// New builds the plugin from its settings, the value golangci-lint
// decoded from .golangci.yml, and writes the digest into them.
func New(raw any) (register.LinterPlugin, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: missing (got %T); write at least `settings: {}`: miglint records a digest of importrules.toml, the clock and its build there, so that golangci-lint's cache never serves findings computed under other ones", settingsPath, raw)
	}
	user := make(map[string]any, len(m))
	for k, v := range m {
		if k != digestKey { // ours, from an earlier New in this process
			user[k] = v
		}
	}
	s, err := register.DecodeSettings[Settings](user)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (keys: analyzers, config)", settingsPath, err)
	}
	as, err := selectAnalyzers(s.Analyzers)
	if err != nil {
		return nil, err
	}
	config, err := configPath(s.Config)
	if err != nil {
		return nil, err
	}
	if config != "" {
		if err := analyzers.Setup.Flags.Set("config", config); err != nil {
			return nil, err
		}
	}
	id, configs, err := checker.BuildID(config)
	if err != nil {
		return nil, fmt.Errorf("miglint: %w", err)
	}
	// Validate every configuration once, here, as go vet's -V=full does:
	// a mistake is reported once with file, line and key, not by every
	// package, and the packages need not check the exception files again.
	var errs []error
	for _, p := range configs {
		if _, err := importrules.Load(p); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("miglint: invalid configuration:\n%w", errors.Join(errs...))
	}
	if err := analyzers.Setup.Flags.Set("validated", "true"); err != nil {
		return nil, err
	}
	m[digestKey] = hex.EncodeToString(id)
	return &plugin{analyzers: as}, nil
}

// selectAnalyzers returns the analyzers named, in registry order, or all
// of them for none.
func selectAnalyzers(names []string) ([]*analysis.Analyzer, error) {
	if len(names) == 0 {
		return analyzers.All, nil
	}
	var known []string
	for _, a := range analyzers.All {
		known = append(known, a.Name)
	}
	var as []*analysis.Analyzer
	for _, n := range names {
		if !slices.Contains(known, n) {
			return nil, fmt.Errorf("%s.analyzers: no analyzer is named %q; analyzers are: %s", settingsPath, n, strings.Join(known, ", "))
		}
	}
	for _, a := range analyzers.All {
		if slices.Contains(names, a.Name) {
			as = append(as, a)
		}
	}
	return as, nil
}

// configPath resolves the config setting: a relative path against the
// module root above the working directory (where .golangci.yml usually
// lives, whichever directory golangci-lint runs in), else against the
// working directory. The file must exist.
func configPath(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	if !filepath.IsAbs(p) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		base := importrules.ModuleRoot(wd)
		if base == "" {
			base = wd
		}
		p = filepath.Join(base, p)
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%s.config: %w (a relative path is relative to the module root)", settingsPath, err)
	}
	return p, nil
}
