// Command measure runs a command and prints its wall time in seconds, its
// peak resident memory in MiB and its exit code, on one line:
//
//	measure [-C DIR] -- COMMAND [ARGS...]
//	12.345 812.4 1
//
// bench/run.sh uses it where /usr/bin/time may not be installed. The peak
// is that of the command's own process (the kernel's ru_maxrss), not of
// processes it starts.
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
	fmt.Printf("%.3f %.1f %d\n", wall.Seconds(), peakMiB, code)
	os.Exit(0)
}
