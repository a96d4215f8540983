package checker

import (
	"go/ast"
	"go/importer"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"testing"
)

func TestBodyless(t *testing.T) {
	root := filepath.FromSlash("/go/root/src") + string(filepath.Separator)
	cache := filepath.FromSlash("/mod")
	dirs := []string{root,
		filepath.Join(cache, "github.com", "aws", "aws-sdk-go-v2"),
		filepath.Join(cache, "github.com", "aws", "smithy-go")}
	for path, want := range map[string]bool{
		"/go/root/src/fmt/print.go":                                                    true,
		"/mod/github.com/aws/aws-sdk-go-v2@v1.47.7/aws/config.go":                      true,
		"/mod/github.com/aws/aws-sdk-go-v2/service/dynamodb@v1.73.1/api_op_PutItem.go": true,
		"/mod/github.com/aws/smithy-go@v1.28.8/document.go":                            true,
		"/mod/github.com/aws/aws-sdk-go-v2-fork@v1.0.0/x.go":                           false,
		"/mod/github.com/aws/smithy-gox@v1.0.0/x.go":                                   false,
		"/mod/github.com/guregu/dynamo/v2@v2.1.1/put.go":                               false,
		"/work/shop/migrations/0001_x/main.go":                                         false,
		"/go/root/srcs/x.go":                                                           false,
	} {
		if got := bodyless(dirs, filepath.FromSlash(path)); got != want {
			t.Errorf("bodyless(%s) = %v, want %v", path, got, want)
		}
	}
}

// TestParseWithoutBodies type-checks a file whose bodies were dropped: its
// declarations keep their types, and the only error left is an import that
// only a body used.
func TestParseWithoutBodies(t *testing.T) {
	const src = `package p

import (
	"fmt"
	str "strings"
)

func init() { fmt.Println("x") }

func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func Join(s []string) (string, error) { return str.Join(s, ","), nil }

type T struct{ N int }

func (t *T) String() string { return fmt.Sprint(t.N) }

var V = Max(1, 2)
`
	dir := filepath.FromSlash("/src") + string(filepath.Separator)
	fset := token.NewFileSet()
	f, err := parseWithoutBodies([]string{dir})(fset, filepath.Join(dir, "p", "p.go"), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && (len(fd.Body.List) != 1 || fd.Body.List[0].(*ast.ForStmt).Cond != nil) {
			t.Errorf("%s: body not replaced by an endless loop", fd.Name.Name)
		}
	}
	var errs []string
	conf := types.Config{Importer: importer.Default(), Error: func(err error) { errs = append(errs, err.(types.Error).Msg) }}
	pkg, _ := conf.Check("p", fset, []*ast.File{f}, nil)
	for _, e := range errs {
		if !unusedImport(e) {
			t.Errorf("error other than an unused import: %s", e)
		}
	}
	if len(errs) != 2 {
		t.Errorf("errors = %q, want the two imports only bodies used", errs)
	}
	if got := pkg.Scope().Lookup("V").Type().String(); got != "int" {
		t.Errorf("type of V = %s, want int", got)
	}
	if got := pkg.Scope().Lookup("Join").Type().String(); !strings.Contains(got, "(string, error)") {
		t.Errorf("type of Join = %s", got)
	}

	for msg, want := range map[string]bool{
		`"fmt" imported and not used`:                     true,
		`"math/rand" imported as mathrand and not used`:   true,
		`"x" imported as a b and not used`:                false,
		`declared and not used: x`:                        false,
		`"fmt" imported and not used; and something else`: false,
		`imported and not used`:                           false,
		`"" imported and not used`:                        false,
	} {
		if unusedImport(msg) != want {
			t.Errorf("unusedImport(%q) = %v, want %v", msg, !want, want)
		}
	}

	// Files outside the directories keep their bodies.
	f, _ = parseWithoutBodies([]string{dir})(token.NewFileSet(), filepath.FromSlash("/work/p.go"), []byte(src))
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "Max" && len(fd.Body.List) != 2 {
			t.Errorf("a file outside the directories lost its bodies")
		}
	}
}
