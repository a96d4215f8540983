package versionguard

import (
	"go/types"
	"slices"
	"strings"

	"github.com/miglint/miglint/analyzers/internal/dynamo"
)

// isInterfaceMethod reports whether fn is the method of an interface
// other than the SDK's (whose methods take the inputs, and are found so).
func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil || fn.Pkg() == nil || strings.HasPrefix(fn.Pkg().Path(), dynamo.SDKPrefix) {
		return false
	}
	return types.IsInterface(recv.Type())
}

// implementationWrites returns the writes of a call through the
// interface method fn: those of the methods that implement it in the
// types this package or a package it imports declares. An application's
// repository interface (Save(ctx, item) error) names no SDK type, so only
// its implementations tell that a call of it writes.
func (c *checker) implementationWrites(fn *types.Func) []write {
	iface, ok := fn.Signature().Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []write
	for _, m := range c.implementations(iface, fn) {
		for _, w := range c.calleeWrites(m) {
			ref := funcOf(fn)
			ref.Interface = true
			w.Via = append([]funcRef{ref}, w.Via...)
			out = append(out, w)
		}
	}
	return out
}

// implementations returns the concrete methods that implement fn of
// iface, among the named types of this package and of the packages it
// imports, transitively, that can write.
func (c *checker) implementations(iface *types.Interface, fn *types.Func) []*types.Func {
	if !c.typesListed {
		c.typesListed = true
		seen := map[*types.Package]bool{}
		var visit func(p *types.Package)
		visit = func(p *types.Package) {
			if seen[p] || !c.mayImplement(p) {
				return
			}
			seen[p] = true
			scope := p.Scope()
			for _, name := range scope.Names() {
				if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() {
					if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() == 0 && !types.IsInterface(n) {
						c.typeNames = append(c.typeNames, n)
					}
				}
			}
			for _, imp := range p.Imports() {
				visit(imp)
			}
		}
		visit(c.pass.Pkg)
	}
	var out []*types.Func
	for _, n := range c.typeNames {
		var t types.Type = n
		if !types.Implements(t, iface) {
			t = types.NewPointer(n)
			if !types.Implements(t, iface) {
				continue
			}
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, fn.Pkg(), fn.Name())
		if m, ok := obj.(*types.Func); ok && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// mayImplement reports whether the types of p are worth looking at for
// an application's implementations: p must reach the SDK's dynamodb
// package to write (the standard library does not), and be neither the
// SDK nor guregu/dynamo.
func (c *checker) mayImplement(p *types.Package) bool {
	if strings.HasPrefix(p.Path(), dynamo.SDKPrefix) || isGuregu(p) {
		return false
	}
	reaches, ok := c.reaches[p]
	if !ok {
		reaches = dynamo.Reaches(p)
		c.reaches[p] = reaches
	}
	return reaches
}
