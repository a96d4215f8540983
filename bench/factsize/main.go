// Command factsize reports how large forbiddenimport's Reach facts are:
// it runs the analyzer over the packages matching its arguments (default
// ./..., with tests) and all their dependencies, gob-encodes each
// package's fact as go vet would, and prints the distribution.
//
//	go run ./bench/factsize -C DIR [packages]
package main

import (
	"bytes"
	"encoding/gob"
	"flag"
	"fmt"
	"log"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/analyzers/forbiddenimport"
)

func main() {
	dir := flag.String("C", ".", "directory to load the packages from")
	flag.Parse()
	patterns := flag.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: *dir, Tests: true}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		log.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{forbiddenimport.Analyzer}, pkgs, nil)
	if err != nil {
		log.Fatal(err)
	}
	var sizes, reached []int
	total := 0
	for act := range graph.All() {
		if act.Err != nil {
			log.Fatalf("%s: %v", act, act.Err)
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package != act.Package.Types {
				continue
			}
			r := f.Fact.(*forbiddenimport.Reach)
			var buf bytes.Buffer
			// One encoder per fact, as each vetx file has its own.
			if err := gob.NewEncoder(&buf).Encode(r); err != nil {
				log.Fatal(err)
			}
			paths, err := r.Packages()
			if err != nil {
				log.Fatal(err)
			}
			sizes = append(sizes, buf.Len())
			reached = append(reached, len(paths)-1)
			total += buf.Len()
		}
	}
	if len(sizes) == 0 {
		log.Fatal("no facts")
	}
	fmt.Printf("facts: %d (packages and test variants)\n", len(sizes))
	fmt.Printf("bytes: total %d, mean %d, median %d, p90 %d, max %d\n", total, total/len(sizes), quantile(sizes, 0.5), quantile(sizes, 0.9), quantile(sizes, 1))
	fmt.Printf("packages reached: median %d, p90 %d, max %d\n", quantile(reached, 0.5), quantile(reached, 0.9), quantile(reached, 1))
}

func quantile(xs []int, q float64) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}
