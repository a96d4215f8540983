// Package migration models one data migration: a package main in a
// directory NNNN_snake_case_slug directly under a migrations root, whose
// package doc comment is its header (a description, then an
// "Execution Time:" and a "Finalization Time:" line). It finds migrations,
// reads and stamps headers, computes ages against the retention policy and
// selects the stale ones for a clean-up, and names a new migration and
// gives its header skeleton.
package migration

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miglint/miglint/importrules"
)

// ParseName splits a migration directory name into its sequence number and
// slug, or reports why it is not one.
func ParseName(name string) (seq int, slug string, err error) {
	digits, slug, ok := strings.Cut(name, "_")
	if !ok || len(digits) < 4 || strings.Trim(digits, "0123456789") != "" || !ValidSlug(slug) {
		return 0, "", fmt.Errorf("directory name %q is not NNNN_snake_case_slug (a sequence number of 4 or more digits, an underscore, lower-case words joined by underscores), e.g. 0608_remove_root_url", name)
	}
	seq, err = strconv.Atoi(digits)
	if err != nil {
		return 0, "", fmt.Errorf("directory name %q: sequence number too large", name)
	}
	return seq, slug, nil
}

// ValidSlug reports whether slug is lower-case words (letters a-z and
// digits) joined by single underscores, as in remove_root_url. It is
// written out rather than a regular expression, which every go vet
// process would compile.
func ValidSlug(slug string) bool {
	for w := range strings.SplitSeq(slug, "_") {
		if w == "" || strings.Trim(w, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			return false
		}
	}
	return true
}

// Migration is one migration directory.
type Migration struct {
	Name    string // directory name, e.g. 0608_remove_root_url
	Dir     string // absolute path
	Root    string // the migrations root holding it
	Seq     int
	Slug    string
	Symlink bool // the directory entry is a symbolic link

	// HeaderFile is the file that carries the header (see HeaderFile);
	// Header is what it says; Problems are its rule violations. HeaderErr
	// is set when the files could not be read or parsed at all.
	HeaderFile string
	Header     *Header
	Problems   []Problem
	HeaderErr  error
}

// Find lists the migration directories directly under cfg's roots, in
// sequence order, with their headers read and checked at now. Directories
// whose names are not NNNN_slug are not migrations and are left out.
func Find(cfg *importrules.Config, now time.Time) ([]*Migration, error) {
	var ms []*Migration
	for _, root := range cfg.RootDirs() {
		entries, err := os.ReadDir(root)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			seq, slug, err := ParseName(e.Name())
			if err != nil {
				continue
			}
			m := &Migration{Name: e.Name(), Dir: filepath.Join(root, e.Name()), Root: root, Seq: seq, Slug: slug}
			if e.Type()&os.ModeSymlink != 0 {
				m.Symlink = true
			} else if !e.IsDir() {
				continue
			}
			ms = append(ms, m)
		}
	}
	// Reading headers is file I/O and parsing per migration: spread it over
	// the cores, since a long-lived repository holds thousands.
	var wg sync.WaitGroup
	next := make(chan *Migration)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for m := range next {
				m.readHeader(now)
			}
		})
	}
	for _, m := range ms {
		next <- m
	}
	close(next)
	wg.Wait()
	slices.SortStableFunc(ms, func(a, b *Migration) int { return a.Seq - b.Seq })
	return ms, nil
}

func (m *Migration) readHeader(now time.Time) {
	if m.Symlink {
		m.HeaderErr = fmt.Errorf("%s is a symbolic link", m.Dir)
		return
	}
	fset := token.NewFileSet()
	var files []*ast.File
	entries, err := os.ReadDir(m.Dir)
	if err != nil {
		m.HeaderErr = err
		return
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			names = append(names, e.Name())
		}
	}
	// With one file, that file carries the header whatever it declares, so
	// reading up to the package clause is enough; with several, the one
	// declaring main does, which takes a full parse.
	mode := parser.ParseComments | parser.SkipObjectResolution
	if len(names) == 1 {
		mode |= parser.PackageClauseOnly
	}
	for _, name := range names {
		f, err := parser.ParseFile(fset, filepath.Join(m.Dir, name), nil, mode)
		if err != nil {
			m.HeaderErr = err
			return
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		m.HeaderErr = fmt.Errorf("%s has no Go files", m.Dir)
		return
	}
	hf := HeaderFile(files)
	m.HeaderFile = fset.Position(hf.Package).Filename
	m.Header, m.Problems = ParseHeader(CommentLines(fset, hf.Doc), now)
}

// HeaderFile picks the file that must carry the header: the one declaring
// func main, else the first with a package doc comment, else the first.
func HeaderFile(files []*ast.File) *ast.File {
	for _, f := range files {
		if MainFunc(f) != nil {
			return f
		}
	}
	for _, f := range files {
		if f.Doc != nil {
			return f
		}
	}
	return files[0]
}

// MainFunc returns the declaration of func main in f, or nil.
func MainFunc(f *ast.File) *ast.FuncDecl {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
			return fn
		}
	}
	return nil
}
