package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/cli"
)

// awsCommands are the subcommands that talk to DynamoDB or AWS Batch.
// They live in miglint-aws, installed beside miglint, because linking the
// AWS SDK (and net, and with it cgo) made every process that go vet starts
// 4-5 ms slower before main: go vet took 1.28 times the no-op vet tool's
// time on 1,000 migrations with it, 1.07-1.12 without (BENCHMARKS.md,
// "Keeping go vet's processes lean").
var awsCommands = []string{"run", "status", "ledger", "batch"}

// awsBinary is the name of the binary that serves awsCommands.
const awsBinary = "miglint-aws"

// delegate runs miglint-aws with the subcommand cmd and its args, in place
// of this process where the system allows it (so the pid the run ledger
// records is the one the user started, and signals reach miglint-aws
// directly), and returns its exit code otherwise.
func delegate(cmd string, args []string) int {
	exe, err := awsExecutable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint %s: %v\n", cmd, err)
		return exitError
	}
	argv := append([]string{"miglint", cmd}, args...)
	// The first of two entries of a name wins in exec: drop any inherited.
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, cli.BuildEnv+"=") })
	env = append(env, cli.BuildEnv+"="+cli.Build())
	return execAWS(exe, argv, env)
}

// awsExecutable finds miglint-aws in the directory of this executable,
// where go install puts both.
func awsExecutable() (string, error) {
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	if err != nil {
		return "", fmt.Errorf("cannot find this executable to look for %s beside it: %v", awsBinary, err)
	}
	name := awsBinary
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	exe := filepath.Join(filepath.Dir(self), name)
	if _, err := os.Stat(exe); errors.Is(err, fs.ErrNotExist) {
		version := cli.ModuleVersion()
		if version == "(devel)" {
			version = "VERSION"
		}
		return "", fmt.Errorf("%s is missing beside %s; it serves run, status, ledger and batch: install both with go install github.com/miglint/miglint/cmd/...@%s (in a clone: go install ./cmd/...)", awsBinary, self, version)
	} else if err != nil {
		return "", err
	}
	return exe, nil
}
