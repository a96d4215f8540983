package checker

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Loading dependencies from source is most of what the standalone checker
// costs: on 1,000 migrations, type-checking the standard library and the
// AWS SDK took 0.8 of 1.8 s (BENCHMARKS.md). Most analyzers never look
// into their function bodies: forbiddenimport reads only the imports of
// packages outside the main module, versionguard lets go every package of
// the standard library (none reaches the DynamoDB client) and of the SDK's
// own modules, and the others check migrations alone. So, unless an
// analyzer declares that it reads them (NeedsDependencyBodies), the bodies
// of those files are dropped before type checking, as gopls once did for
// dependencies, and so are the elements of their tables: their
// declarations, and so every type a migration sees, stay the same.
// blankBodies (blank.go) does it to the source; parseWithoutBodies to the
// syntax tree of a file it declines. TestTrimmingIsInvisible holds every
// registered analyzer to that.

// sdkModules are the module paths (with what follows) of the AWS SDK for
// Go v2 and of the runtime it is built on; smithy-go imports nothing of
// the SDK.
var sdkModules = []string{"github.com/aws/aws-sdk-go-v2", "github.com/aws/smithy-go"}

// bodylessDirs returns the directories whose Go files are loaded without
// function bodies: GOROOT's src and the SDK's modules in the module cache,
// as the go command sees them. None when go env did not say.
func (env goEnvironment) bodylessDirs() []string {
	if env.GOROOT == "" || env.GOMODCACHE == "" {
		return nil
	}
	dirs := []string{filepath.Join(env.GOROOT, "src") + string(filepath.Separator)}
	for _, m := range sdkModules {
		// Module cache paths are lower case here, so need no escaping;
		// "smithy-go@v1.2.3" and "aws-sdk-go-v2/service/dynamodb@v1.4.0" alike.
		dirs = append(dirs, filepath.Join(env.GOMODCACHE, filepath.FromSlash(m)))
	}
	return dirs
}

// bodyless reports whether filename lies in one of dirs: a directory
// ending in a separator holds it anywhere below; a module path prefix
// holds the module itself ("...@v") and modules below it (".../").
func bodyless(dirs []string, filename string) bool {
	for _, d := range dirs {
		if strings.HasSuffix(d, string(filepath.Separator)) {
			if strings.HasPrefix(filename, d) {
				return true
			}
		} else if rest, ok := strings.CutPrefix(filename, d); ok && (strings.HasPrefix(rest, "@") || strings.HasPrefix(rest, string(filepath.Separator))) {
			return true
		}
	}
	return false
}

// parseWithoutBodies is a packages.Config.ParseFile that replaces each
// function body in the files of dirs by an endless loop: a body is still
// there (go/types requires one of init and of generic functions) and it
// terminates (no "missing return"), without a single identifier that
// could resolve to something else.
func parseWithoutBodies(dirs []string) func(*token.FileSet, string, []byte) (*ast.File, error) {
	return func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
		const mode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution
		if !bodyless(dirs, filename) {
			return parser.ParseFile(fset, filename, src, mode)
		}
		// Nor their comments: what reads comments reads the module's own
		// (headers, //miglint: directives), and the type checker takes
		// //go:build versions from the parser either way. Collecting
		// them was 3% of a cold run.
		const bodylessMode = mode &^ parser.ParseComments
		if blanked, ok := blankBodies(src); ok {
			if f, err := parser.ParseFile(fset, filename, blanked, bodylessMode); err == nil {
				return f, nil
			}
		}
		// Source blankBodies does not vouch for (or that does not parse):
		// parse it whole and drop the bodies from the syntax tree.
		f, err := parser.ParseFile(fset, filename, src, bodylessMode)
		if f == nil {
			return f, err
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				at := fd.Body.Lbrace
				loop := &ast.ForStmt{For: at, Body: &ast.BlockStmt{Lbrace: at, Rbrace: at}}
				fd.Body = &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{loop}, Rbrace: fd.Body.Rbrace}
			}
		}
		return f, err
	}
}

// unusedImport reports whether a type error is the one that dropping
// bodies causes, an import used only inside them: `"fmt" imported and not
// used` or `"math/rand" imported as mathrand and not used`.
func unusedImport(msg string) bool {
	path, rest, ok := strings.Cut(strings.TrimPrefix(msg, `"`), `" imported `)
	return ok && path != "" && strings.HasPrefix(msg, `"`) && strings.HasSuffix(rest, "and not used") &&
		(rest == "and not used" || strings.HasPrefix(rest, "as ") && strings.Count(rest, " ") == 4)
}

// forgiveUnusedImports removes unused-import errors from the packages
// whose files lost their bodies, then recomputes IllTyped (a package is
// ill-typed when it or one of its imports has an error), which
// go/packages set from those errors.
func forgiveUnusedImports(pkgs []*packages.Package, dirs []string) {
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.GoFiles) == 0 || !bodyless(dirs, p.GoFiles[0]) {
			return
		}
		var errs []packages.Error
		for _, e := range p.Errors {
			if e.Kind != packages.TypeError || !unusedImport(e.Msg) {
				errs = append(errs, e)
			}
		}
		p.Errors = errs
		var typeErrs = p.TypeErrors[:0]
		for _, e := range p.TypeErrors {
			if !unusedImport(e.Msg) {
				typeErrs = append(typeErrs, e)
			}
		}
		p.TypeErrors = typeErrs
	})
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		p.IllTyped = len(p.Errors) > 0
		for _, q := range p.Imports {
			p.IllTyped = p.IllTyped || q.IllTyped
		}
	})
}
