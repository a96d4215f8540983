package forbiddenimport

import (
	"reflect"
	"testing"
)

// sampleGraph is a small graph with a cycle-free chain, a shared
// dependency and one package with import positions.
func sampleGraph() (*graph, int) {
	g := newGraph(0)
	root := g.node("example.com/shop/migrations/0101_x")
	legacy := g.node("example.com/shop/legacy")
	sdk := g.node("github.com/aws/aws-sdk-go-v2/service/dynamodb")
	types := g.node("github.com/aws/aws-sdk-go-v2/service/dynamodb/types")
	unsafe := g.node("unsafe")
	g.imports[root] = []int{legacy, sdk}
	g.imports[legacy] = []int{sdk, types}
	g.imports[sdk] = []int{types, unsafe}
	g.imports[types] = []int{}
	g.imports[unsafe] = []int{}
	for i := range g.known {
		g.known[i] = true
	}
	g.local[legacy] = &local{dir: "/src/shop/legacy", files: []string{"a.go", "b.go"},
		sites: [][]site{{{0, 3}, {1, 5}}, {{1, 6}}}}
	return g, root
}

func TestFactRoundTrip(t *testing.T) {
	g, root := sampleGraph()
	fact := g.fact(root)

	got := newGraph(0)
	if err := got.merge(fact); err != nil {
		t.Fatal(err)
	}
	// The fact orders packages by path after the root: compare by path.
	if got.paths[0] != g.paths[root] {
		t.Errorf("first package %q, want the root %q", got.paths[0], g.paths[root])
	}
	for id, path := range g.paths {
		gid, ok := got.index[path]
		if !ok {
			t.Errorf("%s lost", path)
			continue
		}
		var want, have []string
		for _, i := range g.imports[id] {
			want = append(want, g.paths[i])
		}
		for _, i := range got.imports[gid] {
			have = append(have, got.paths[i])
		}
		if !reflect.DeepEqual(want, have) {
			t.Errorf("%s imports %v, want %v", path, have, want)
		}
		if !reflect.DeepEqual(g.local[id], got.local[gid]) {
			t.Errorf("%s positions %+v, want %+v", path, got.local[gid], g.local[id])
		}
	}

	// A second fact over the same packages changes nothing known.
	again, _ := sampleGraph()
	again.local[again.index["example.com/shop/legacy"]].dir = "/elsewhere"
	if err := got.merge(again.fact(root)); err != nil {
		t.Fatal(err)
	}
	if dir := got.local[got.index["example.com/shop/legacy"]].dir; dir != "/src/shop/legacy" {
		t.Errorf("a later fact replaced known positions: dir %s", dir)
	}
}

func TestCorruptFact(t *testing.T) {
	g, root := sampleGraph()
	data := g.fact(root).Graph
	for n := range len(data) {
		if err := newGraph(0).merge(&Reach{Graph: data[:n]}); err == nil {
			t.Errorf("truncated to %d of %d bytes: no error", n, len(data))
		}
	}
	if err := newGraph(0).merge(&Reach{Graph: append(data, 0)}); err == nil {
		t.Error("trailing byte: no error")
	}
}

func FuzzMerge(f *testing.F) {
	g, root := sampleGraph()
	f.Add(g.fact(root).Graph)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := newGraph(0)
		if g.merge(&Reach{Graph: data}) != nil {
			return
		}
		// Whatever decodes must encode and decode to the same graph.
		if len(g.paths) == 0 {
			return
		}
		again := newGraph(0)
		if err := again.merge(g.fact(0)); err != nil {
			t.Fatalf("re-encoded graph does not decode: %v", err)
		}
		if len(again.paths) != len(g.paths) {
			t.Fatalf("re-encoded graph has %d packages, want %d", len(again.paths), len(g.paths))
		}
	})
}

// A fact says whether its graph holds only paths like the standard
// library's, which a main package then need not merge under rules that
// name only dotted paths; one dotted path anywhere in the graph, a module
// named without a dot at the root included, must keep it merged.
func TestStandardPathsOnly(t *testing.T) {
	std := newGraph(0)
	strconv := std.node("strconv")
	bits := std.node("math/bits")
	std.imports[strconv], std.imports[bits] = []int{bits}, []int{}
	if !std.fact(strconv).StandardPathsOnly {
		t.Error("strconv -> math/bits: StandardPathsOnly false, want true")
	}

	plain := newGraph(0)
	helper := plain.node("plainhelper")
	sdk := plain.node("github.com/aws/aws-sdk-go-v2/service/dynamodb")
	plain.imports[helper], plain.imports[sdk] = []int{sdk}, []int{}
	if plain.fact(helper).StandardPathsOnly {
		t.Error("plainhelper -> github.com/aws/...: StandardPathsOnly true, want false")
	}

	g, root := sampleGraph()
	if g.fact(root).StandardPathsOnly {
		t.Error("sample graph: StandardPathsOnly true, want false")
	}
}
