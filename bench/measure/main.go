// Command measure runs a command and prints its wall time in seconds, its
// peak resident memory in MiB, its exit code and the CPU time (user plus
// system, in seconds) of it and every process it started, on one line:
//
//	measure [-C DIR] [-evict FILE,...] -- COMMAND [ARGS...]
//	12.345 812.4 1 20.210
//
// -evict drops each file's pages from the page cache before the command
// starts, so that the first process to map an executable reads it afresh.
// How a vet tool's pages came into the cache moves what each of its
// processes costs: the same build took 1,996 or 2,117 page faults per
// migration's process, and 3 to 4% more or less CPU time, from one
// filling of the cache to the next. Evicting noop and miglint before each
// run makes every run draw its own fill, where otherwise one fill decides
// every run of a stretch (BENCHMARKS.md).
//
// bench/run.sh uses it where /usr/bin/time may not be installed. The peak
// is that of the command's own process (the kernel's ru_maxrss), not of
// processes it starts; the CPU time counts them all (go vet's vet tool
// processes, say), as long as each was waited for.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("C", "", "run the command in this directory")
	evictFiles := flag.String("evict", "", "comma-separated files to drop from the page cache first")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		log.Fatal("usage: measure [-C DIR] [-evict FILE,...] -- COMMAND [ARGS...]")
	}
	if *evictFiles != "" {
		for _, f := range strings.Split(*evictFiles, ",") {
			if err := evict(f); err != nil {
				log.Fatalf("evicting %s from the page cache: %v", f, err)
			}
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = *dir
	cmd.Stdout, cmd.Stderr = nil, nil // discard: only the figures matter
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		log.Fatal(err)
	}
	peakMiB := 0.0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peakMiB = float64(ru.Maxrss) / 1024 // Linux reports KiB
	}
	// This process waited for the command, which waited for its own
	// children: all of them are in RUSAGE_CHILDREN.
	var all syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &all); err != nil {
		log.Fatal(err)
	}
	cpu := time.Duration(all.Utime.Nano() + all.Stime.Nano())
	fmt.Printf("%.3f %.1f %d %.3f\n", wall.Seconds(), peakMiB, code, cpu.Seconds())
	os.Exit(0)
}
