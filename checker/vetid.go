package checker

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// PrepareVet sets up a process that serves the vet protocol, before
// unitchecker.Main. It installs the -V flag that answers go vet's
// -V=full (unitchecker registers its own -V only when none exists), and
// it tells the setup analyzer that this step validated every
// configuration (its -validated flag). It tunes the runtime for a
// process that lives for one package. miglint and the benchmark's vet
// tools share it, so that they are cached, and miss the cache, alike,
// and run alike.
func PrepareVet() {
	flag.Var(versionFlag{}, "V", "print version and exit")
	if err := analyzers.Setup.Flags.Set("validated", "true"); err != nil {
		panic(err)
	}
	// Each process lives for one package: it type-checks, analyses and
	// exits, so its heap is mostly live until the end and a collection
	// frees little. Collecting a quarter as often took a fifth off go vet
	// on 1,000 migrations, for about 50 MB more in the largest process
	// (BENCHMARKS.md).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	// go vet runs as many of these processes at once as there are cores,
	// so a second thread in one of them has no core of its own to run on:
	// it only starts up and trades wake-ups with the first over the
	// analyzers' goroutines, which mostly wait for setup. The same
	// executable run on one migration's vet.cfg, with and without
	// GOMAXPROCS=2 in turn, took 0.7 to 2.3% less CPU time on one thread,
	// as bench/noop did (1.6 to 1.8%), so it lowers go vet's floor and
	// miglint alike (BENCHMARKS.md).
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
}

func toolName() string {
	if exe, err := os.Executable(); err == nil {
		return filepath.Base(exe)
	}
	return "miglint"
}

// versionFlag answers go vet's -V=full. go vet caches a package's results
// under the build ID printed here, the tool's flags and the package's own
// inputs. miglint's results also depend on importrules.toml, on
// MIGLINT_CONFIG and MIGLINT_NOW, and on today's date (retention, times in
// the future), so all of them go into the ID: any change to them makes the
// cached results miss.
//
// go vet asks for the ID once per run, before any package, so this is
// also where every configuration is validated in full: a mistake is
// reported once, not by every package, and the packages' processes need
// not check the exception files again.
type versionFlag struct{}

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }
func (versionFlag) Set(s string) error {
	if s != "full" {
		return fmt.Errorf("unsupported flag value: -V=%s (use -V=full)", s)
	}
	id, configs, err := BuildID("")
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		os.Exit(2)
	}
	// Load each as its packages see it: a discovered file governs its own
	// folder's packages, a shared MIGLINT_CONFIG those of the module go vet
	// runs in, against whose root it then resolves.
	wd, _ := os.Getwd()
	var errs []error
	for _, p := range configs {
		governed := filepath.Dir(p)
		if os.Getenv(importrules.EnvConfig) != "" {
			governed = wd
		}
		if err := func() error { _, err := importrules.LoadFor(p, governed); return err }(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		// The same words as the standalone checker's; go vet adds that it
		// could not get the tool's build ID and stops before any package.
		fmt.Fprintf(os.Stderr, "miglint: invalid configuration:\n%s\n", relativeText(errors.Join(errs...).Error()))
		os.Exit(2)
	}
	fmt.Printf("%s version devel buildID=%x\n", toolName(), id)
	os.Exit(0)
	return nil
}

// BuildID returns the identity of everything besides a package's own
// files that miglint's findings depend on (the executable, the clock, the
// configuration files), and the configuration files it covers:
// configFile if set (the setup analyzer's -config, as golangci-lint's
// plugin passes it), else MIGLINT_CONFIG, else every importrules.toml
// that can govern a package of the workspace around the working
// directory. go vet's -V=full and the golangci-lint plugin report it to
// their caches.
func BuildID(configFile string) (id []byte, configs []string, err error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, nil, err
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(h, "\x00%s=%s", migration.EnvNow, os.Getenv(migration.EnvNow))
	if os.Getenv(migration.EnvNow) == "" {
		fmt.Fprintf(h, "\x00today=%s", time.Now().UTC().Format(time.DateOnly))
	}
	if configFile == "" {
		configFile = os.Getenv(importrules.EnvConfig)
	}
	if configFile != "" {
		// The file wins over discovery everywhere (importrules.ForDir).
		configs = []string{configFile}
	} else {
		cwd, err := os.Getwd()
		if err != nil {
			return nil, nil, err
		}
		configs = configFiles(cwd)
	}
	for _, p := range configs {
		hashFile(h, p)
	}
	return h.Sum(nil), configs, nil
}

// hashFile adds a file's name and content (or its absence) to h.
func hashFile(h io.Writer, path string) {
	data, err := os.ReadFile(path)
	fmt.Fprintf(h, "\x00%s\x00%v\x00%d\x00", path, err != nil, len(data))
	h.Write(data)
}

// configFiles lists every importrules.toml that can govern a package of
// the workspace around dir: those in the module (or go.work) tree, and
// those above dir up to the module root. Directories the go command
// ignores (testdata, vendor, names starting with . or _) are skipped, and
// so, outside a go.work, are nested modules, whose packages ./... leaves
// out.
func configFiles(dir string) []string {
	root, isWork := workspaceRoot(dir)
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p == root {
				return nil
			}
			name := d.Name()
			if name == "testdata" || name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && !isWork {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == importrules.FileName {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// workspaceRoot returns the directory of the go.work above dir, else of
// the go.mod, else dir.
func workspaceRoot(dir string) (root string, isWork bool) {
	switch gowork := os.Getenv("GOWORK"); gowork {
	case "off":
	case "":
		if d, ok := paths.FindUp(dir, "go.work"); ok {
			return d, true
		}
	default:
		return filepath.Dir(gowork), true
	}
	if root := importrules.ModuleRoot(dir); root != "" {
		return root, false
	}
	return dir, false
}
