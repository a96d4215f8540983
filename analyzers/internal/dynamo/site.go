package dynamo

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
)

// A Site is where an SDK call (or a call of a wrapper that performs one)
// stands, recorded in analysis facts: names and positions, never a
// verdict, and nothing that depends on the machine the analysis runs on.
type Site struct {
	Op      Op
	PkgPath string
	File    string // base name
	Line    int
	// Via lists the functions between the function the site belongs to
	// and the call, outermost first.
	Via []FuncRef
}

// SiteAt returns the site of op at pos in package pkg.
func SiteAt(fset *token.FileSet, pkg *types.Package, op Op, pos token.Pos) Site {
	p := fset.Position(pos)
	return Site{Op: op, PkgPath: pkg.Path(), File: filepath.Base(p.Filename), Line: p.Line}
}

// At is where the call is, as seen from package pkgPath: file:line in the
// same package, importpath/file:line elsewhere.
func (s Site) At(pkgPath string) string {
	if s.PkgPath == pkgPath {
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return fmt.Sprintf("%s/%s:%d", s.PkgPath, s.File, s.Line)
}

// Through returns the site as seen from a caller of fn: fn joins the
// front of Via.
func (s Site) Through(fn FuncRef) Site {
	s.Via = append([]FuncRef{fn}, s.Via...)
	return s
}

// String describes the site in a fact's text: "Scan at pkg/file.go:3 via f, g".
func (s Site) String() string {
	str := string(s.Op) + " at " + s.At("")
	var via []string
	for _, f := range s.Via {
		via = append(via, f.In(""))
	}
	if len(via) > 0 {
		str += " via " + strings.Join(via, ", ")
	}
	return str
}

// JoinSites describes sites in a fact's text, "; "-separated.
func JoinSites(sites []Site) string {
	parts := make([]string, len(sites))
	for i, s := range sites {
		parts[i] = s.String()
	}
	return strings.Join(parts, "; ")
}

// A FuncRef names a function in a fact or a message.
type FuncRef struct {
	PkgPath string
	PkgName string
	Name    string // "Touch", "(*Store).Touch"
}

// RefOf returns the reference to fn.
func RefOf(fn *types.Func) FuncRef {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		ptr := ""
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		if n := NamedOf(t); n != nil {
			name = fmt.Sprintf("(%s%s).%s", ptr, n.Obj().Name(), name)
		}
	}
	ref := FuncRef{Name: name}
	if fn.Pkg() != nil {
		ref.PkgPath, ref.PkgName = fn.Pkg().Path(), fn.Pkg().Name()
	}
	return ref
}

// In is how the code of package pkgPath names the function, in the
// style of a stack trace: "dbmodel.(*Store).Touch", or "(*Store).Touch"
// inside its own package.
func (f FuncRef) In(pkgPath string) string {
	if f.PkgPath == pkgPath {
		return f.Name
	}
	return f.PkgName + "." + f.Name
}

// ViaText is " (through f, g)" for a site reached through functions, as
// seen from package pkgPath, or "".
func (s Site) ViaText(pkgPath string) string {
	if len(s.Via) == 0 {
		return ""
	}
	var names []string
	for _, f := range s.Via {
		names = append(names, f.In(pkgPath))
	}
	return " (through " + strings.Join(names, ", ") + ")"
}

// Compact drops repeated sites, keeping the first of each, and keeps at
// most max of them, so that facts stay small where helpers call helpers.
func Compact(sites []Site, max int) []Site {
	seen := map[string]bool{}
	var out []Site
	for _, s := range sites {
		if k := s.String(); !seen[k] && len(out) < max {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}
