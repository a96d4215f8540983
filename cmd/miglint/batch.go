package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
)

// batchBinary is the program behind miglint batch. It links the AWS
// SDK's HTTP client (net, cgo), which miglint keeps out of its own
// binary (TestNoCgo); go install ./cmd/... installs both.
const batchBinary = "miglint-batch"

// batchCmd is miglint batch: it runs miglint-batch from miglint's own
// directory, else from PATH, with the same arguments, and exits with its
// code.
func batchCmd(args []string) int {
	bin := ""
	if self, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(self), batchBinary+exeSuffix()); isFile(p) {
			bin = p
		}
	}
	if bin == "" {
		p, err := exec.LookPath(batchBinary)
		if err != nil {
			fmt.Fprintf(os.Stderr, "miglint batch: %s is not installed next to miglint or on PATH; install it with go install github.com/miglint/miglint/cmd/%s (from a clone: go install ./cmd/...)\n", batchBinary, batchBinary)
			return exitError
		}
		bin = p
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// A Ctrl-C reaches both processes (the terminal's process group);
	// miglint waits for miglint-batch to finish with it.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		if code := exit.ExitCode(); code >= 0 {
			return code
		}
		return 1
	case err != nil:
		fmt.Fprintf(os.Stderr, "miglint batch: %v\n", err)
		return exitError
	}
	return exitClean
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func exeSuffix() string {
	if filepath.Separator == '\\' {
		return ".exe"
	}
	return ""
}
