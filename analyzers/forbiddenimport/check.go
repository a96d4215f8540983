package forbiddenimport

import (
	"fmt"
	"go/ast"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/importrules"
)

// class is what a rule makes of a package.
type class int8

const (
	unclassified class = iota
	ordinary           // chains go on through it
	forbidden          // reaching it is a finding; chains end there
	allowed            // a carve-out of allow; chains end there
	via                // reaching a forbidden package through it is fine
)

// classify applies a rule to a package path. The longest matching pattern
// wins between packages and allow; on a tie the carve-out wins. A package
// the rule forbids is forbidden even if via names it too.
func classify(r *importrules.Rule, path string) class {
	fp, isForbidden := importrules.LongestMatch(r.Packages, path)
	ap, isAllowed := importrules.LongestMatch(r.Allow, path)
	switch {
	case isForbidden && (!isAllowed || importrules.Specificity(fp) > importrules.Specificity(ap)):
		return forbidden
	case isAllowed:
		return allowed
	}
	if _, ok := importrules.LongestMatch(r.Via, path); ok {
		return via
	}
	return ordinary
}

// checker checks one package against every rule.
type checker struct {
	pass        *analysis.Pass
	cfg         *importrules.Config
	now         time.Time
	g           *graph
	root        int
	isMigration bool
	checked     map[*ast.File]bool // the non-test files
	sitesOf     map[*ast.File][]importSite
	exceptions  *exceptionIndex
}

// exceptionIndex is what check needs of a configuration's exceptions. A
// process checks every migration of a module against one configuration
// (importrules loads each once), and building this for each package was
// 5% of a cold standalone run on 1,000 migrations with 150 exceptions;
// under go vet each process checks one package, so it takes the
// exceptions as they are, keyed by the path they name.
type exceptionIndex struct {
	byFile map[string][]*importrules.Exception // Exception.File -> its exceptions, in order
	rules  map[string]bool                     // the rules that have exceptions
}

var indexes sync.Map // *importrules.Config -> *exceptionIndex

// indexOf returns cfg's index, built on first use.
func indexOf(cfg *importrules.Config) *exceptionIndex {
	if idx, ok := indexes.Load(cfg); ok {
		return idx.(*exceptionIndex)
	}
	idx := &exceptionIndex{byFile: make(map[string][]*importrules.Exception, len(cfg.Exceptions)), rules: map[string]bool{}}
	for i := range cfg.Exceptions {
		e := &cfg.Exceptions[i]
		idx.byFile[e.File] = append(idx.byFile[e.File], e)
		idx.rules[e.Rule] = true
	}
	actual, _ := indexes.LoadOrStore(cfg, idx)
	return actual.(*exceptionIndex)
}

// naming returns the exceptions that name the file at abs, a clean
// absolute path: Exception.File is clean and relative to dir, and a valid
// configuration's exceptions name files inside it.
func (idx *exceptionIndex) naming(dir, abs string) []*importrules.Exception {
	rest, ok := strings.CutPrefix(abs, dir)
	if !ok {
		return nil
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		if rest, ok = strings.CutPrefix(rest, string(filepath.Separator)); !ok {
			return nil
		}
	}
	return idx.byFile[filepath.ToSlash(rest)]
}

// ruleCheck is the state of one rule on one package.
type ruleCheck struct {
	*checker
	rule    *importrules.Rule
	classes []class
	// hasExceptions: the configuration excuses some file from this rule,
	// so a chain may pass through an excused import.
	hasExceptions bool
	chains        map[int][][]int // by first hop
}

func (rc *ruleCheck) class(i int) class {
	if rc.classes[i] == unclassified {
		rc.classes[i] = classify(rc.rule, rc.g.paths[i])
	}
	return rc.classes[i]
}

// candidate is the shortest chain found so far from one file to one
// forbidden package.
type candidate struct {
	site  importSite
	chain []int // from the first hop to the forbidden package
}

func (c *checker) check() {
	pkgPath := c.pass.Pkg.Path()
	// The exceptions naming this package's files, by file.
	c.exceptions = indexOf(c.cfg)
	own := map[*ast.File][]*importrules.Exception{}
	for _, f := range c.pass.Files {
		if es := c.exceptions.naming(c.cfg.Dir, c.pass.Fset.File(f.Pos()).Name()); len(es) > 0 {
			own[f] = es
		}
	}
	used := map[*importrules.Exception]bool{}

	for ri := range c.cfg.Forbidden {
		rule := &c.cfg.Forbidden[ri]
		applies := c.isMigration
		if len(rule.From) > 0 {
			_, applies = importrules.LongestMatch(rule.From, pkgPath)
		}
		rc := &ruleCheck{checker: c, rule: rule, classes: make([]class, len(c.g.paths)),
			hasExceptions: c.exceptions.rules[rule.Name], chains: map[int][][]int{}}
		if rc.class(c.root) != ordinary {
			continue // the rule is about this package, not for it
		}
		for _, f := range c.pass.Files {
			var mine []*importrules.Exception
			for _, e := range own[f] {
				if e.Rule == rule.Name {
					mine = append(mine, e)
				}
			}
			if !c.checked[f] || !applies && len(mine) == 0 {
				continue
			}
			for _, cand := range rc.reach(f) {
				forbiddenPath := c.g.paths[cand.chain[len(cand.chain)-1]]
				var active, expired []*importrules.Exception
				for _, e := range mine {
					if importrules.Match(e.Import, forbiddenPath) {
						used[e] = true
						if e.Expired(c.now) {
							expired = append(expired, e)
						} else {
							active = append(active, e)
						}
					}
				}
				if applies && len(active) == 0 {
					c.pass.Report(analysis.Diagnostic{Pos: cand.site.spec.Pos(), End: cand.site.spec.End(), Message: rc.message(cand, expired)})
				}
			}
		}
	}

	for _, f := range c.pass.Files {
		for _, e := range own[f] {
			if used[e] {
				continue
			}
			rule := c.rule(e.Rule)
			why := fmt.Sprintf("this file no longer reaches %s", e.Import)
			if strings.HasSuffix(e.Import, "...") {
				why = fmt.Sprintf("this file no longer reaches anything %s matches", e.Import)
			}
			switch {
			case !c.checked[f]:
				why = "forbiddenimport does not check test files"
			case rule == nil:
				why = "no rule has that name"
			case classify(rule, pkgPath) != ordinary:
				why = fmt.Sprintf("the rule does not check %s, which its packages, allow or via name", pkgPath)
			}
			if e.Expired(c.now) {
				why += fmt.Sprintf(", and it expired on %s", e.Expires.Format(time.DateOnly))
			}
			c.pass.Reportf(f.Package, "the exception at %s (rule %q, import %s) excuses nothing: %s; remove it",
				c.configLine(e.Line), e.Rule, e.Import, why)
		}
	}
}

func (c *checker) rule(name string) *importrules.Rule {
	for i := range c.cfg.Forbidden {
		if c.cfg.Forbidden[i].Name == name {
			return &c.cfg.Forbidden[i]
		}
	}
	return nil
}

func (c *checker) configLine(line int) string {
	return fmt.Sprintf("%s:%d", filepath.Base(c.cfg.Path), line)
}

// reach returns, for each forbidden package that file f reaches, the
// shortest chain to it, in the order of the imports that start them.
func (rc *ruleCheck) reach(f *ast.File) []*candidate {
	best := map[int]*candidate{}
	var order []int
	consider := func(s importSite, chain []int) {
		target := chain[len(chain)-1]
		b, ok := best[target]
		if !ok {
			order = append(order, target)
		}
		if !ok || len(chain) < len(b.chain) {
			best[target] = &candidate{site: s, chain: chain}
		}
	}
	for _, s := range rc.sitesOf[f] {
		first := rc.g.index[s.path]
		switch rc.class(first) {
		case forbidden:
			consider(s, []int{first})
		case ordinary:
			if rc.rule.Indirect {
				for _, chain := range rc.chainsFrom(first) {
					consider(s, chain)
				}
			}
		}
	}
	cands := make([]*candidate, len(order))
	for i, t := range order {
		cands[i] = best[t]
	}
	slices.SortStableFunc(cands, func(a, b *candidate) int {
		if a.site.spec.Pos() != b.site.spec.Pos() {
			return int(a.site.spec.Pos() - b.site.spec.Pos())
		}
		return strings.Compare(rc.g.paths[a.chain[len(a.chain)-1]], rc.g.paths[b.chain[len(b.chain)-1]])
	})
	return cands
}

// chainsFrom returns a shortest chain from first (an ordinary package) to
// each forbidden package it reaches.
func (rc *ruleCheck) chainsFrom(first int) [][]int {
	if chains, ok := rc.chains[first]; ok {
		return chains
	}
	targets, pred := rc.search(first, nil)
	var chains [][]int
	for _, t := range targets {
		if rc.hasExceptions {
			// Excused imports depend on the target: search again
			// without the ones excused for this one.
			excused := func(from, to int) bool { return rc.excused(from, to, rc.g.paths[t]) }
			var found []int
			found, pred = rc.search(first, excused)
			if !slices.Contains(found, t) {
				continue
			}
		}
		chains = append(chains, path(pred, t))
	}
	rc.chains[first] = chains
	return chains
}

// search walks the graph breadth first from first, never past a package
// that is not ordinary nor along an edge that skip excludes. It returns
// the forbidden packages it reaches, in order of distance, and each
// reached package's predecessor.
func (rc *ruleCheck) search(first int, skip func(from, to int) bool) (targets []int, pred []int) {
	pred = make([]int, len(rc.g.paths))
	for i := range pred {
		pred[i] = -2 // not reached
	}
	pred[first] = -1
	queue := []int{first}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		for _, next := range rc.g.imports[q] {
			if pred[next] != -2 || skip != nil && skip(q, next) {
				continue
			}
			pred[next] = q
			switch rc.class(next) {
			case forbidden:
				targets = append(targets, next)
			case ordinary:
				queue = append(queue, next)
			}
		}
	}
	return targets, pred
}

func path(pred []int, t int) []int {
	var chain []int
	for i := t; i >= 0; i = pred[i] {
		chain = append(chain, i)
	}
	slices.Reverse(chain)
	return chain
}

// excused reports whether every file of package from that imports to has
// an exception of this rule for the forbidden package target.
func (rc *ruleCheck) excused(from, to int, target string) bool {
	sites := rc.sites(from, to)
	if len(sites) == 0 {
		return false // not a package of this module: no exception can name it
	}
	l := rc.g.local[from]
	for _, s := range sites {
		if !rc.siteExcused(l, s, target) {
			return false
		}
	}
	return true
}

// siteExcused reports whether an exception of this rule excuses the file
// of s reaching target.
func (rc *ruleCheck) siteExcused(l *local, s site, target string) bool {
	for _, e := range rc.exceptions.naming(rc.cfg.Dir, filepath.Join(l.dir, filepath.FromSlash(l.files[s.file]))) {
		if e.Rule == rc.rule.Name && !e.Expired(rc.now) && importrules.Match(e.Import, target) {
			return true
		}
	}
	return false
}

// sites returns where package from imports package to, if known.
func (rc *ruleCheck) sites(from, to int) []site {
	l := rc.g.local[from]
	if l == nil {
		return nil
	}
	i := slices.Index(rc.g.imports[from], to)
	if i < 0 || i >= len(l.sites) {
		return nil
	}
	return l.sites[i]
}

// message describes a finding: the rule, its message and the chain.
func (rc *ruleCheck) message(cand *candidate, expired []*importrules.Exception) string {
	g := rc.g
	target := g.paths[cand.chain[len(cand.chain)-1]]
	var b strings.Builder
	if len(cand.chain) == 1 {
		fmt.Fprintf(&b, "imports %s, forbidden by rule %q", target, rc.rule.Name)
	} else {
		fmt.Fprintf(&b, "imports %s, which reaches %s, forbidden by rule %q", g.paths[cand.chain[0]], target, rc.rule.Name)
	}
	if rc.rule.Message != "" {
		fmt.Fprintf(&b, " (%s)", rc.rule.Message)
	}
	if len(cand.chain) > 1 {
		b.WriteString("; chain: ")
		b.WriteString(g.paths[rc.root])
		if rel, ok := rc.relative(cand.site.posn.Filename); ok {
			fmt.Fprintf(&b, " (%s:%d)", rel, cand.site.posn.Line)
		}
		for i, hop := range cand.chain {
			b.WriteString(" -> ")
			b.WriteString(g.paths[hop])
			if i+1 < len(cand.chain) {
				if where, ok := rc.where(hop, cand.chain[i+1], target); ok {
					fmt.Fprintf(&b, " (%s)", where)
				}
			}
		}
	}
	for _, e := range expired {
		fmt.Fprintf(&b, "; the exception at %s expired on %s", rc.configLine(e.Line), e.Expires.Format(time.DateOnly))
	}
	// An exception for a hop that has expired explains why the chain is
	// no longer excused.
	prev := -1
	for _, hop := range cand.chain {
		if prev >= 0 {
			for _, e := range rc.expiredAt(prev, hop, target) {
				fmt.Fprintf(&b, "; the exception at %s for %s expired on %s", rc.configLine(e.Line), e.File, e.Expires.Format(time.DateOnly))
			}
		}
		prev = hop
	}
	return b.String()
}

// where returns the file:line at which package from imports package to,
// for a package inside the configuration's directory: the first file
// that no exception excuses for target, since that is the one to fix.
func (rc *ruleCheck) where(from, to int, target string) (string, bool) {
	sites := rc.sites(from, to)
	if len(sites) == 0 {
		return "", false
	}
	l := rc.g.local[from]
	shown := sites[0]
	for _, s := range sites {
		if !rc.siteExcused(l, s, target) {
			shown = s
			break
		}
	}
	rel, ok := rc.relative(filepath.Join(l.dir, filepath.FromSlash(l.files[shown.file])))
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%s:%d", rel, shown.line), true
}

// relative returns file relative to the configuration's directory, if it
// lies inside it.
func (rc *ruleCheck) relative(file string) (string, bool) {
	rel, err := filepath.Rel(rc.cfg.Dir, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// expiredAt returns the expired exceptions of this rule that would have
// excused an import of package from for the forbidden package target.
func (rc *ruleCheck) expiredAt(from, to int, target string) []*importrules.Exception {
	sites := rc.sites(from, to)
	if len(sites) == 0 {
		return nil
	}
	l := rc.g.local[from]
	var out []*importrules.Exception
	for _, s := range sites {
		for _, e := range rc.exceptions.naming(rc.cfg.Dir, filepath.Join(l.dir, filepath.FromSlash(l.files[s.file]))) {
			if e.Rule == rc.rule.Name && e.Expired(rc.now) && importrules.Match(e.Import, target) {
				out = append(out, e)
			}
		}
	}
	return out
}
