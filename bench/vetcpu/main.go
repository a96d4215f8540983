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
// bench/run.sh uses it for its "inside go vet" split: the replay times
// each package's process alone on an idle machine, while go vet runs them
// two at a time next to its own work, and the two need not agree.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"
	"syscall"
)

func main() {
	tool, logFile := os.Getenv("VETCPU_TOOL"), os.Getenv("VETCPU_LOG")
	if tool == "" || logFile == "" {
		log.Fatal("vetcpu: set VETCPU_TOOL (the vet tool to run) and VETCPU_LOG (the file to append to)")
	}
	args := os.Args[1:]
	cmd := exec.Command(tool, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		log.Fatal(err)
	}
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		record(logFile, args[len(args)-1], cmd.ProcessState)
	}
	os.Exit(code)
}

// record appends the process's line; one write with O_APPEND, so that the
// lines of processes go vet runs at once do not interleave.
func record(logFile, cfg string, ps *os.ProcessState) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		log.Fatal("vetcpu: no resource usage on this system")
	}
	kind := "root"
	if data, err := os.ReadFile(cfg); err == nil && bytes.Contains(data, []byte(`"VetxOnly": true`)) {
		kind = "dep"
	}
	f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if _, err := fmt.Fprintf(f, "%d %d %d %s\n", ru.Utime.Nano()/1000, ru.Stime.Nano()/1000, ru.Minflt, kind); err != nil {
		log.Fatal(err)
	}
}
