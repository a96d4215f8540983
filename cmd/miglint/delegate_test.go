package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAWSCommandsNeedMiglintAWS: a miglint installed without miglint-aws
// (go install .../cmd/miglint) lints, and says how to install what run,
// status, ledger and batch need instead of failing obscurely.
func TestAWSCommandsNeedMiglintAWS(t *testing.T) {
	alone := copyMiglint(t) // without miglint-aws beside it
	for _, cmd := range awsCommands {
		c := exec.Command(alone, cmd, "--help")
		c.Dir = sampleDir(t)
		out, err := c.CombinedOutput()
		exit, _ := err.(*exec.ExitError)
		if exit == nil || exit.ExitCode() != exitError || !strings.Contains(string(out), "miglint-aws is missing beside") || !strings.Contains(string(out), "go install ./cmd/...") {
			t.Errorf("miglint %s without miglint-aws: %v\n%s", cmd, err, out)
		}
	}
	c := exec.Command(alone, "./...")
	c.Dir = sampleDir(t)
	out, err := c.CombinedOutput()
	if exit, _ := err.(*exec.ExitError); exit == nil || exit.ExitCode() != exitFindings {
		t.Errorf("miglint ./... without miglint-aws: %v, want the sample's findings\n%s", err, out)
	}
}

// TestAWSCommandsThroughMiglint: miglint starts miglint-aws for each of
// its subcommands with the arguments as typed, and miglint-aws refuses a
// miglint of another build.
func TestAWSCommandsThroughMiglint(t *testing.T) {
	// A MIGLINT_BUILD left in the environment (a miglint-aws started by
	// another miglint) must not stand for this miglint's build.
	env := append(os.Environ(), "MIGLINT_BUILD=left over")
	for _, cmd := range awsCommands {
		stdout, stderr, code := miglintRunEnv(t, sampleDir(t), env, cmd, "--help")
		if code != exitClean || !strings.Contains(stdout+stderr, "miglint "+cmd) {
			t.Errorf("miglint %s --help: exit %d\n%s%s", cmd, code, stdout, stderr)
		}
	}
	aws := filepath.Join(filepath.Dir(miglintBin), "miglint-aws")
	c := exec.Command(aws, "status")
	c.Env = append(os.Environ(), "MIGLINT_BUILD=v0.0.1 0123abc")
	out, err := c.CombinedOutput()
	if exit, _ := err.(*exec.ExitError); exit == nil || exit.ExitCode() != exitError || !strings.Contains(string(out), "miglint is v0.0.1 0123abc; install both from one version") {
		t.Errorf("miglint-aws started by another build of miglint: %v\n%s", err, out)
	}
}
