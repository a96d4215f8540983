// Command replay measures the CPU time that vet tools spend on the same
// packages, pairing every invocation so that load from other processes
// weighs on both sides alike. bench/forbiddenimport.sh uses it.
//
//	replay [-runs N] NAME=TOOL:WORKDIR ...
//
// Each WORKDIR is one kept by `go vet -work -vettool=TOOL`: it holds the
// vet.cfg that go vet wrote for each package (dependencies included) and
// whose inputs, the vetx files of the package's imports, that same tool
// produced. replay runs every package's cfg with every tool, runs times in
// rotating order, takes for each package and tool the least CPU time (user
// plus system) over the runs, and prints the sums and their ratios to the
// first tool's.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

type tool struct {
	name, exe string
	cfgs      map[string]string // package ID -> rewritten cfg file
	class     map[string]string // package ID -> classOf its import path
	vetx      map[string]string // package ID -> the vetx file its run writes
	total     time.Duration
	byClass   map[string]time.Duration // class of package (see classOf) -> CPU time
}

// classes of packages, in the order replay prints them.
var classes = []string{"migrations", "module", "std", "deps"}

// classOf tells where a package's cost comes from: a migration (a path
// with /migrations/), another package of the main module (no module
// version), the standard library (no dot in the first path element), or
// another module.
func classOf(importPath, moduleVersion string) string {
	first, _, _ := strings.Cut(importPath, "/")
	switch {
	case strings.Contains(importPath, "/migrations/"):
		return "migrations"
	case !strings.Contains(first, "."):
		return "std"
	case moduleVersion == "":
		return "module"
	}
	return "deps"
}

func main() {
	runs := flag.Int("runs", 5, "runs per package and tool")
	flag.Parse()
	tmp, err := os.MkdirTemp("", "replay")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	var tools []*tool
	for i, arg := range flag.Args() {
		name, rest, ok1 := strings.Cut(arg, "=")
		exe, work, ok2 := strings.Cut(rest, ":")
		if !ok1 || !ok2 {
			log.Fatalf("want NAME=TOOL:WORKDIR, got %q", arg)
		}
		t := &tool{name: name, exe: exe, cfgs: map[string]string{}, vetx: map[string]string{}, class: map[string]string{}, byClass: map[string]time.Duration{}}
		if err := t.load(work, filepath.Join(tmp, fmt.Sprint(i))); err != nil {
			log.Fatal(err)
		}
		tools = append(tools, t)
	}
	if len(tools) < 2 {
		log.Fatal("name at least two tools")
	}
	var ids []string
	for id := range tools[0].cfgs {
		if all(tools, func(t *tool) bool { _, ok := t.cfgs[id]; return ok }) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)

	for k, id := range ids {
		best := make([]time.Duration, len(tools))
		for r := range *runs {
			for j := range tools {
				t := tools[(j+r+k)%len(tools)]
				cpu, err := t.run(id)
				if err != nil {
					log.Fatalf("%s on %s: %v", t.name, id, err)
				}
				i := slices.Index(tools, t)
				if r == 0 || cpu < best[i] {
					best[i] = cpu
				}
			}
		}
		for i, t := range tools {
			t.total += best[i]
			t.byClass[tools[0].class[id]] += best[i]
		}
	}
	fmt.Printf("%d packages, least CPU time of %d runs each\n\n", len(ids), *runs)
	fmt.Println("| vet tool | CPU user+sys (s) | vs " + tools[0].name + " |")
	fmt.Println("| --- | --- | --- |")
	for _, t := range tools {
		fmt.Printf("| %s | %.2f | %+.1f%% |\n", t.name, t.total.Seconds(), 100*(t.total.Seconds()/tools[0].total.Seconds()-1))
	}
	fmt.Println("\nBy kind of package (CPU s, and against " + tools[0].name + "):\n")
	fmt.Print("| vet tool |")
	for _, c := range classes {
		fmt.Printf(" %s |", c)
	}
	fmt.Print("\n| --- |" + strings.Repeat(" --- |", len(classes)) + "\n")
	for _, t := range tools {
		fmt.Printf("| %s |", t.name)
		for _, c := range classes {
			fmt.Printf(" %.2f (%+.1f%%) |", t.byClass[c].Seconds(), 100*(t.byClass[c].Seconds()/tools[0].byClass[c].Seconds()-1))
		}
		fmt.Println()
	}
}

func all(tools []*tool, f func(*tool) bool) bool {
	for _, t := range tools {
		if !f(t) {
			return false
		}
	}
	return true
}

// load reads the cfgs of a work directory and writes copies whose
// outputs go to out, so that replays never overwrite the vetx files other
// cfgs read.
func (t *tool) load(work, out string) error {
	files, err := filepath.Glob(filepath.Join(work, "*", "vet.cfg"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no vet.cfg under %s (%v)", work, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var cfg map[string]any
		if err := json.Unmarshal(data, &cfg); err != nil {
			return fmt.Errorf("%s: %v", f, err)
		}
		id, _ := cfg["ID"].(string)
		importPath, _ := cfg["ImportPath"].(string)
		version, _ := cfg["ModuleVersion"].(string)
		t.class[id] = classOf(importPath, version)
		t.vetx[id] = filepath.Join(out, fmt.Sprintf("%d.vetx", i))
		cfg["VetxOutput"] = t.vetx[id]
		cfg["Stdout"] = filepath.Join(out, fmt.Sprintf("%d.stdout", i))
		data, err = json.Marshal(cfg)
		if err != nil {
			return err
		}
		name := filepath.Join(out, fmt.Sprintf("%d.cfg", i))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return err
		}
		t.cfgs[id] = name
	}
	return nil
}

// run runs the tool on one package and returns the CPU time it took. A
// vet tool exits 1 both on findings and on failure, so success is the
// vetx file it writes.
func (t *tool) run(id string) (time.Duration, error) {
	os.Remove(t.vetx[id])
	cmd := exec.Command(t.exe, t.cfgs[id])
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil {
		return 0, err
	}
	if _, statErr := os.Stat(t.vetx[id]); statErr != nil {
		return 0, fmt.Errorf("no vetx file written (%v)\n%s", err, out)
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}
