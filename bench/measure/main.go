// Command measure runs a command and prints its wall time in seconds, its
// peak resident memory in MiB, its exit code and the CPU time (user plus
// system, in seconds) of it and every process it started, on one line:
//
//	measure [-C DIR] -- COMMAND [ARGS...]
//	12.345 812.4 1 20.210
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
	"syscall"
	"time"
)

func main() {
	dir := flag.String("C", "", "run the command in this directory")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		log.Fatal("usage: measure [-C DIR] -- COMMAND [ARGS...]")
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
