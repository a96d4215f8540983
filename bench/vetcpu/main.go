// Command vetcpu is a vet tool that runs another and records what each of
// its package processes cost, so that a go vet run's CPU time can be split
// into the vet tool's processes and the rest (the go command, and vetcpu's
// own processes):
//
//	VETCPU_TOOL=/path/to/miglint VETCPU_LOG=/tmp/log go vet -vettool=vetcpu ./...
//
// For every package (an invocation whose last argument is a vet.cfg) it
// appends one line to VETCPU_LOG: the tool process's user and system CPU
// time in microseconds, its minor page faults, and "dep" for a package
// analysed only for its facts (VetxOnly) or "root" for one go vet reports
// on. Other invocations (-V=full, -flags) pass through unrecorded.
//
// With VETCPU_PAIR=/path/to/noop it runs that tool on every package too,
// right before or right after VETCPU_TOOL (the order alternates from
// package to package, and VETCPU_FLIP=1 flips it for a whole run), and
// appends its three figures, which of the two ran first ("pair" or
// "tool"), and vetcpu's own CPU time in microseconds to the line, so that
// what the go command itself spent in the run can be told apart from it. The pair reads and writes vetx files of its own
// (each path with ".pair" added, in a copy of the vet.cfg), so each tool
// sees the facts its own runs wrote, as in a go vet run of its own; go vet
// sees only VETCPU_TOOL's output and exit code. Each package's two
// processes then run in the same moment of the machine, in the same slot
// of go vet's parallelism, and a drift of the machine's speed, which
// moves the CPU time of whole go vet runs by 10 to 25 points from one run
// to the next here, cancels out of the ratio of their sums.
//
// bench/run.sh uses it for its "inside go vet" split and its paired runs:
// the replay times each package's process alone on an idle machine, while
// go vet runs them two at a time next to its own work, and the two need
// not agree.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("vetcpu: ")
	tool, logFile := os.Getenv("VETCPU_TOOL"), os.Getenv("VETCPU_LOG")
	if tool == "" || logFile == "" {
		log.Fatal("set VETCPU_TOOL (the vet tool to run) and VETCPU_LOG (the file to append to)")
	}
	args := os.Args[1:]
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		os.Exit(run(tool, args, os.Stdout, os.Stderr).code)
	}
	cfg := args[len(args)-1]
	data, err := os.ReadFile(cfg)
	if err != nil {
		log.Fatal(err)
	}
	kind := "root"
	if bytes.Contains(data, []byte(`"VetxOnly": true`)) {
		kind = "dep"
	}
	pairTool := os.Getenv("VETCPU_PAIR")
	if pairTool == "" {
		r := run(tool, args, os.Stdout, os.Stderr)
		record(logFile, fmt.Sprintf("%s %s", r, kind))
		os.Exit(r.code)
	}

	pairArgs := append(args[:len(args)-1:len(args)-1], pairConfig(cfg, data))
	var r, p result
	pairFirst := first(data)
	if pairFirst {
		p = run(pairTool, pairArgs, io.Discard, io.Discard)
	}
	r = run(tool, args, os.Stdout, os.Stderr)
	if !pairFirst {
		p = run(pairTool, pairArgs, io.Discard, io.Discard)
	}
	if p.code != 0 {
		log.Fatalf("%s failed on %s (exit %d): the pair's figures would not be of the same work", pairTool, cfg, p.code)
	}
	order := "tool"
	if pairFirst {
		order = "pair"
	}
	var self syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &self); err != nil {
		log.Fatal(err)
	}
	record(logFile, fmt.Sprintf("%s %s %s %s %d", r, kind, p, order, (self.Utime.Nano()+self.Stime.Nano())/1000))
	os.Exit(r.code)
}

// result is what one run of a vet tool cost.
type result struct {
	code              int
	userUs, sysUs, pf int64
}

func (r result) String() string { return fmt.Sprintf("%d %d %d", r.userUs, r.sysUs, r.pf) }

// run runs a vet tool with args and returns its exit code and cost.
func run(tool string, args []string, stdout, stderr io.Writer) result {
	cmd := exec.Command(tool, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	err := cmd.Run()
	var r result
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		log.Fatal(err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		log.Fatal("no resource usage on this system")
	}
	r.userUs, r.sysUs, r.pf = ru.Utime.Nano()/1000, ru.Stime.Nano()/1000, ru.Minflt
	return r
}

// pairConfig writes a copy of the vet.cfg at cfg in which every vetx file
// and the output files have ".pair" added, and returns its path.
func pairConfig(cfg string, data []byte) string {
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		log.Fatalf("%s: %v", cfg, err)
	}
	if vetx, ok := c["PackageVetx"].(map[string]any); ok {
		for path, file := range vetx {
			vetx[path] = file.(string) + ".pair"
		}
	}
	for _, key := range []string{"VetxOutput", "Stdout", "FixArchive"} {
		if s, ok := c[key].(string); ok && s != "" {
			c[key] = s + ".pair"
		}
	}
	out, err := json.Marshal(c)
	if err != nil {
		log.Fatal(err)
	}
	name := strings.TrimSuffix(cfg, ".cfg") + ".pair.cfg"
	if err := os.WriteFile(name, out, 0o644); err != nil {
		log.Fatal(err)
	}
	return name
}

// first reports whether the pair runs before the tool on this package:
// half the packages, by a hash of the vet.cfg's ID; the other half with
// VETCPU_FLIP=1.
func first(data []byte) bool {
	var c struct{ ID string }
	if err := json.Unmarshal(data, &c); err != nil {
		log.Fatal(err)
	}
	h := fnv.New64a()
	h.Write([]byte(c.ID))
	// The low bits of an FNV hash follow the parity of the bytes' low
	// bits, which IDs like those of bench/gen's migrations share: take one
	// that the multiplications have mixed.
	return (h.Sum64()>>40)&1 == 0 != (os.Getenv("VETCPU_FLIP") == "1")
}

// record appends one line; one write with O_APPEND, so that the lines of
// processes go vet runs at once do not interleave.
func record(logFile, line string) {
	f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		log.Fatal(err)
	}
}
