package runner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// A snapshot is the hash of every file whose bytes decide what the lint
// gate sees and what the build produces, outside the read-only module
// cache (whose contents go.sum pins):
//
//   - every file under the migration's directory, at any depth;
//   - in the directory of every package the migration builds from that
//     lies in a main module, a vendor directory or a module replaced by a
//     local directory: the files the go command compiles (by extension)
//     and the package's embedded files;
//   - go.mod and go.sum of those modules, go.work and go.work.sum;
//   - the importrules.toml in force (MIGLINT_CONFIG or the one found).
//
// Hashing the same directories again finds files that appeared or
// disappeared as well as changed ones.
type snapshot struct {
	files map[string][sha256.Size]byte // absolute path -> hash; a zero hash: missing
	// listed are the directories whose files are hashed, and whether
	// recursively (the migration's) or only the build files directly in
	// them (the packages it imports).
	listed map[string]bool
}

// buildExts are the file name extensions of the files the go command
// reads when it builds a package.
var buildExts = []string{".go", ".s", ".S", ".sx", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx",
	".m", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx"}

// takeSnapshot lists the migration's packages with go list and hashes
// their files.
func takeSnapshot(ctx context.Context, m *migration.Migration) (*snapshot, error) {
	pkgs, err := listDeps(ctx, m.Dir)
	if err != nil {
		return nil, err
	}
	s := &snapshot{files: map[string][sha256.Size]byte{}, listed: map[string]bool{}}
	s.listed[m.Dir] = true

	var mainRoots []string
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main {
			mainRoots = append(mainRoots, p.Module.Dir)
		}
	}
	extra := map[string]bool{}
	for _, p := range pkgs {
		if p.Standard || p.Dir == "" {
			continue
		}
		local := p.Module == nil || p.Module.Main || within(p.Dir, mainRoots...)
		if p.Module != nil && p.Module.Replace != nil && p.Module.Replace.Version == "" {
			local = true // replaced by a directory on disk
		}
		if !local {
			continue
		}
		if !within(p.Dir, m.Dir) {
			if _, seen := s.listed[p.Dir]; !seen {
				s.listed[p.Dir] = false
			}
		}
		for _, e := range p.EmbedFiles {
			extra[filepath.Join(p.Dir, e)] = true
		}
		if mod := p.Module; mod != nil {
			if mod.GoMod != "" {
				extra[mod.GoMod] = true
			}
			if mod.Main && mod.Dir != "" {
				extra[filepath.Join(mod.Dir, "go.sum")] = true
			}
		}
	}
	if work := goWork(m.Dir); work != "" {
		extra[work] = true
		extra[work+".sum"] = true
	}
	// The configuration in force, and every place one could appear that
	// would take over: a file that appears counts as a change too.
	if cfgPath, _ := importrules.Find(m.Dir); cfgPath != "" {
		extra[cfgPath] = true
	}
	if root := importrules.ModuleRoot(m.Dir); root != "" {
		for d := m.Dir; within(d, root); d = filepath.Dir(d) {
			extra[filepath.Join(d, importrules.FileName)] = true
			if d == root {
				break
			}
		}
	}

	for dir, recursive := range s.listed {
		if err := s.addDir(dir, recursive); err != nil {
			return nil, err
		}
	}
	for f := range extra {
		if err := s.addFile(f); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// goPackage is the part of go list -json this needs.
type goPackage struct {
	Dir        string
	Standard   bool
	EmbedFiles []string
	Module     *struct {
		Path    string
		Main    bool
		Dir     string
		GoMod   string
		Replace *struct {
			Version string
		}
	}
}

func listDeps(ctx context.Context, dir string) ([]goPackage, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-e", "-deps", "-json=Dir,Standard,EmbedFiles,Module", ".")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("cannot list the packages of %s (go list: %v):\n%s", paths.Display(dir), err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []goPackage
	dec := json.NewDecoder(&stdout)
	for {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list's output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// goWork returns the go.work file the go command uses in dir, or "".
func goWork(dir string) string {
	switch v := os.Getenv("GOWORK"); v {
	case "off":
		return ""
	case "":
	default:
		return v
	}
	if d, ok := paths.FindUp(dir, "go.work"); ok {
		return filepath.Join(d, "go.work")
	}
	return ""
}

// within reports whether p is one of dirs or below one of them.
func within(p string, dirs ...string) bool {
	for _, d := range dirs {
		if paths.Within(p, d) {
			return true
		}
	}
	return false
}

// addDir hashes the files of dir that matter: all of them, at any depth,
// when recursive; else those with a build extension directly in it.
func (s *snapshot) addDir(dir string, recursive bool) error {
	if recursive {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			return s.addFile(p)
		})
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", paths.Display(dir), err)
		}
	} else {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", paths.Display(dir), err)
		}
		for _, e := range entries {
			if e.IsDir() || !slices.Contains(buildExts, filepath.Ext(e.Name())) {
				continue
			}
			if err := s.addFile(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *snapshot) addFile(p string) error {
	data, err := os.ReadFile(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.files[p] = [sha256.Size]byte{}
		return nil
	case err != nil:
		return fmt.Errorf("cannot read %s: %v", paths.Display(p), err)
	}
	s.files[p] = sha256.Sum256(data)
	return nil
}

// again hashes the same files and directories anew.
func (s *snapshot) again() (*snapshot, error) {
	t := &snapshot{files: map[string][sha256.Size]byte{}, listed: s.listed}
	for dir, recursive := range s.listed {
		if err := t.addDir(dir, recursive); err != nil {
			return nil, err
		}
	}
	for f := range s.files {
		if _, done := t.files[f]; !done {
			if err := t.addFile(f); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

// changed lists what differs between s and t: files whose bytes changed,
// appeared or disappeared.
func (s *snapshot) changed(t *snapshot) []string {
	set := map[string]bool{}
	for f, h := range s.files {
		if t.files[f] != h {
			set[f] = true
		}
	}
	for f := range t.files {
		if _, ok := s.files[f]; !ok {
			set[f] = true
		}
	}
	var out []string
	for f := range set {
		out = append(out, paths.Display(f))
	}
	slices.Sort(out)
	return out
}

// paths lists the files of the snapshot that exist, sorted.
func (s *snapshot) paths() []string {
	var out []string
	for f, h := range s.files {
		if h != ([sha256.Size]byte{}) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}
