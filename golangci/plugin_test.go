package golangci_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/golangci"
)

// newPlugin calls the constructor golangci-lint finds under "miglint",
// with settings as golangci-lint decodes them from YAML, and undoes what
// it sets in the process.
func newPlugin(t *testing.T, settings any) (register.LinterPlugin, error) {
	t.Helper()
	t.Cleanup(func() {
		analyzers.Setup.Flags.Set("config", "")
		analyzers.Setup.Flags.Set("validated", "false")
	})
	newFn, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	return newFn(settings)
}

// module writes a module with an importrules.toml and a subdirectory, and
// makes the subdirectory the working directory.
func module(t *testing.T, config string) (root string) {
	t.Helper()
	root = t.TempDir()
	writeFile(t, filepath.Join(root, "go.mod"), "module example.com/m\n\ngo 1.26.0\n")
	writeFile(t, filepath.Join(root, "importrules.toml"), config)
	writeFile(t, filepath.Join(root, "sub", "x.go"), "package sub\n")
	t.Chdir(filepath.Join(root, "sub"))
	return root
}

func TestNewAnalyzers(t *testing.T) {
	module(t, "")
	p, err := newPlugin(t, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	all, _ := p.BuildAnalyzers()
	if len(all) != len(analyzers.All) {
		t.Errorf("no analyzers setting: %d analyzers, want all %d", len(all), len(analyzers.All))
	}

	p, err = newPlugin(t, map[string]any{"analyzers": []any{"versionguard", "header"}})
	if err != nil {
		t.Fatal(err)
	}
	some, _ := p.BuildAnalyzers()
	var names []string
	for _, a := range some {
		names = append(names, a.Name)
	}
	if strings.Join(names, ",") != "header,versionguard" {
		t.Errorf("analyzers [versionguard, header]: got %v, want [header versionguard]", names)
	}
}

func TestNewRefuses(t *testing.T) {
	module(t, "[migrations]\nretention_months = \"twelve\"\n")
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"no settings", nil, `settings: missing .*settings: \{\}`},
		{"unknown key", map[string]any{"analyser": []any{"header"}}, `settings: .*unknown field "analyser"`},
		{"unknown analyzer", map[string]any{"analyzers": []any{"headers"}}, `no analyzer is named "headers"; analyzers are: forbiddenimport, header`},
		{"missing config", map[string]any{"config": "rules.toml"}, `settings.config: .*rules.toml.* relative to the module root`},
		{"invalid config", map[string]any{}, `invalid configuration:\n.*importrules.toml:2: migrations.retention_months: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newPlugin(t, tc.settings)
			if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("New(%v): error %v, want one matching %q", tc.settings, err, tc.want)
			}
		})
	}
}

// TestNewDigest: New writes the digest into the settings golangci-lint
// hashes, and the digest follows the configuration file and the clock.
func TestNewDigest(t *testing.T) {
	root := module(t, "[migrations]\nretention_months = 12\n")
	t.Setenv("MIGLINT_NOW", "2026-11-21")
	digest := func() string {
		t.Helper()
		settings := map[string]any{"config": "importrules.toml"}
		if _, err := newPlugin(t, settings); err != nil {
			t.Fatal(err)
		}
		d, _ := settings["digest"].(string)
		if len(d) != 64 {
			t.Fatalf("settings after New: %v, want a digest", settings)
		}
		// The config setting is relative to the module root, not to
		// the working directory (root/sub).
		if got := analyzers.Setup.Flags.Lookup("config").Value.String(); got != filepath.Join(root, "importrules.toml") {
			t.Errorf("setup -config = %q, want the module root's importrules.toml", got)
		}
		return d
	}
	first := digest()
	if again := digest(); again != first {
		t.Errorf("same inputs, different digests: %s, %s", first, again)
	}
	writeFile(t, filepath.Join(root, "importrules.toml"), "[migrations]\nretention_months = 120\n")
	if d := digest(); d == first {
		t.Errorf("importrules.toml edited, digest unchanged")
	}
	writeFile(t, filepath.Join(root, "importrules.toml"), "[migrations]\nretention_months = 12\n")
	t.Setenv("MIGLINT_NOW", "2026-11-22")
	if d := digest(); d == first {
		t.Errorf("MIGLINT_NOW changed, digest unchanged")
	}

	// A digest already in the settings (an earlier New of this process)
	// is replaced, not rejected as an unknown key.
	settings := map[string]any{"digest": "stale"}
	if _, err := newPlugin(t, settings); err != nil {
		t.Fatal(err)
	}
	if settings["digest"] == "stale" {
		t.Error("stale digest kept")
	}
}
