//go:build !unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
)

func execAWS(exe string, argv, env []string) int {
	cmd := exec.Command(exe, argv[1:]...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Ctrl-C reaches miglint-aws too, which stops the migration and
	// records it; this process waits for its exit code.
	signal.Ignore(os.Interrupt)
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint %s: starting %s: %v\n", argv[1], exe, err)
		return exitError
	}
	return exitClean
}
