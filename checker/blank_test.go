package checker

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestBlankBodiesIsInvisible holds blankBodies to its promise on every
// file of the standard library: the file parses to the same declarations,
// at the same positions, as when its bodies are dropped from the syntax
// tree, and its lines start at the same offsets. It also checks that
// blankBodies declines few files, or the time it saves would be lost.
func TestBlankBodiesIsInvisible(t *testing.T) {
	env, err := goEnv(".")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	root := filepath.Join(env.GOROOT, "src")
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return nil
	})
	if len(files) < 1000 {
		t.Fatalf("found %d files in %s; want the standard library", len(files), root)
	}
	var declined atomic.Int32
	var wg sync.WaitGroup
	next := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for name := range next {
				if !blanksInvisibly(t, name) {
					declined.Add(1)
				}
			}
		})
	}
	for _, name := range files {
		next <- name
	}
	close(next)
	wg.Wait()
	if n := int(declined.Load()); n > len(files)/100 {
		t.Errorf("blankBodies declined %d of %d files; want at most 1%%", n, len(files))
	}
}

// TestBlankBodies covers what the standard library may not: each source
// is blanked (or declined, as want says) and then parses to the same
// declarations at the same positions.
func TestBlankBodies(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		ok    bool
		loops int    // bodies blanked
		gone  string // text blanked, if any
		kept  string // text kept, if any
	}{
		{"struct and interface results", "package p\n\nfunc F() struct{ A int } {\n\treturn struct{ A int }{1}\n}\n\nfunc G() interface{ M() } { return nil }\n", true, 2, "", ""},
		{"a function result", "package p\n\nfunc F() func() int {\n\treturn func() int { return 1 }\n}\n", true, 1, "", ""},
		{"generics and a generic receiver", "package p\n\ntype S[T any] struct{ v T }\n\nfunc (s *S[T]) Get() T {\n\treturn s.v\n}\n\nfunc Map[T, U any](x []T, f func(T) U) []U { return nil }\n", true, 2, "", ""},
		{"no body (assembly)", "package p\n\nfunc Sqrt(x float64) float64\n\nfunc Abs(x float64) float64 {\n\treturn x\n}\n", true, 1, "", ""},
		{"braces in strings, runes and comments", "package p\n\nfunc F() string {\n\t// }\n\t/* { */\n\t_ = '}'\n\treturn \"}\" + `\n}`\n}\n\nvar X = 1\n", true, 1, "", ""},
		{"a multi-line signature", "package p\n\nfunc F(\n\ta int,\n\tb string,\n) (\n\tn int,\n\terr error,\n) {\n\treturn\n}\n", true, 1, "", ""},
		{"a function literal in a var", "package p\n\nvar f = func() int {\n\treturn 1\n}\n", true, 1, "", ""},
		{"var tables", "package p\n\nvar (\n\tm = map[string]int{\n\t\t\"a\": 1,\n\t}\n\tfs = []func(){F, G}\n\tt = struct{ A int }{A: 1}\n\tg func() int\n)\n\nvar n = [...]int{1, 2, 3}\n\nvar k = [...]string{\n\t\"a\",\n\t\"b\",\n}\n\nvar z = [...]int{2: 1}\n\nvar c = F(func() { _ = 1 })\n\nfunc F() {}\nfunc G() {}\n", true, 1, `"a": 1`, "1:"},
		{"a line directive", "package p\n\nfunc F() int {\n//line other.go:10\n\treturn 1\n}\n", false, 0, "", ""},
		{"an unterminated comment", "package p\n\nfunc F() {\n/* \n}\n", false, 0, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blanked, ok := blankBodies([]byte(tc.src))
			if ok != tc.ok {
				t.Fatalf("blankBodies said %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			wantSet, gotSet := token.NewFileSet(), token.NewFileSet()
			want, err := parser.ParseFile(wantSet, "p.go", tc.src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parser.ParseFile(gotSet, "p.go", blanked, parser.ParseComments)
			if err != nil {
				t.Fatalf("blanked, it does not parse: %v\n%s", err, blanked)
			}
			if d := declDifference(wantSet, want, gotSet, got); d != "" {
				t.Fatalf("%s\n%s", d, blanked)
			}
			if n := bytes.Count(blanked, []byte("for{}")); n != tc.loops {
				t.Errorf("%d bodies blanked, want %d:\n%s", n, tc.loops, blanked)
			}
			if tc.gone != "" && bytes.Contains(blanked, []byte(tc.gone)) || !bytes.Contains(blanked, []byte(tc.kept)) {
				t.Errorf("want %q blanked and %q kept:\n%s", tc.gone, tc.kept, blanked)
			}
		})
	}
}

// blanksInvisibly checks one file, and reports false when blankBodies
// declined it.
func blanksInvisibly(t *testing.T, name string) bool {
	src, err := os.ReadFile(name)
	if err != nil {
		t.Error(err)
		return true
	}
	blanked, ok := blankBodies(src)
	if !ok {
		return false
	}
	const mode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution
	wantSet, gotSet := token.NewFileSet(), token.NewFileSet()
	want, werr := parser.ParseFile(wantSet, name, src, mode)
	got, gerr := parser.ParseFile(gotSet, name, blanked, mode)
	switch {
	case werr != nil:
		// Not Go the parser takes (a file for a code generator).
	case gerr != nil:
		t.Errorf("%s: blanked, it does not parse: %v", name, gerr)
	case !slices.Equal(wantSet.File(want.Pos()).Lines(), gotSet.File(got.Pos()).Lines()):
		t.Errorf("%s: blanked, its lines start elsewhere", name)
	default:
		if d := declDifference(wantSet, want, gotSet, got); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
	return true
}

// declDifference describes the first difference between the declarations
// of two files, or returns "". What blankBodies may drop is left out of
// the comparison (outline), and the files are changed for it.
func declDifference(wantSet *token.FileSet, want *ast.File, gotSet *token.FileSet, got *ast.File) string {
	if len(want.Decls) != len(got.Decls) {
		return "its number of declarations changed"
	}
	for i, w := range want.Decls {
		g := got.Decls[i]
		if w.Pos() != g.Pos() || w.End() != g.End() {
			return "a declaration moved: " + wantSet.Position(w.Pos()).String()
		}
		if wf, ok := w.(*ast.FuncDecl); ok {
			gf := g.(*ast.FuncDecl)
			if (wf.Body == nil) != (gf.Body == nil) {
				return "a body appeared or vanished: " + wantSet.Position(w.Pos()).String()
			}
			if wf.Body != nil && (wf.Body.Lbrace != gf.Body.Lbrace || wf.Body.Rbrace != gf.Body.Rbrace) {
				return "a body's braces moved: " + wantSet.Position(w.Pos()).String()
			}
			wf.Body, gf.Body = nil, nil
		}
		outline(w)
		outline(g)
		var wp, gp bytes.Buffer
		printer.Fprint(&wp, wantSet, w)
		printer.Fprint(&gp, gotSet, g)
		if wp.String() != gp.String() {
			return "a declaration changed: " + wantSet.Position(w.Pos()).String()
		}
	}
	return ""
}

// outline drops from a var declaration what blankBodies may blank: the
// elements of composite literals (of arrays sized by them, [...]T, all
// but their number) and the bodies of function literals.
func outline(d ast.Decl) {
	if gd, ok := d.(*ast.GenDecl); !ok || gd.Tok != token.VAR {
		return
	}
	ast.Inspect(d, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			if at, ok := n.Type.(*ast.ArrayType); !ok || at.Len == nil || !isEllipsis(at.Len) {
				n.Elts = nil
			} else if l := arrayLen(n); l >= 0 {
				// What counts is the length, not the elements.
				n.Elts = []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(l)}}
			}
		case *ast.FuncLit:
			n.Body = &ast.BlockStmt{Lbrace: n.Body.Lbrace, Rbrace: n.Body.Rbrace}
			return false
		}
		return true
	})
}

// arrayLen is the length of a [...]T array literal whose keys, if any,
// are integer literals, or -1.
func arrayLen(lit *ast.CompositeLit) int {
	n, next := 0, 0
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.BasicLit)
			if !ok || key.Kind != token.INT {
				return -1
			}
			i, err := strconv.ParseInt(key.Value, 0, 64)
			if err != nil {
				return -1
			}
			next = int(i)
		}
		next++
		n = max(n, next)
	}
	return n
}

func isEllipsis(e ast.Expr) bool {
	_, ok := e.(*ast.Ellipsis)
	return ok
}
