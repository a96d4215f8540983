//go:build !unix

package runner

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

var exeSuffix = map[bool]string{true: ".exe"}[runtime.GOOS == "windows"]

var (
	sigTERM os.Signal = syscall.SIGTERM
	sigHUP  os.Signal = syscall.SIGHUP
	sigQUIT os.Signal = syscall.SIGQUIT
	sigKILL os.Signal = syscall.SIGKILL
)

// ownProcessGroup does nothing where process groups do not exist.
func ownProcessGroup(*exec.Cmd) {}

func forward(p *os.Process, s os.Signal) error { return p.Signal(s) }

func signalNumber(s os.Signal) int {
	if sig, ok := s.(syscall.Signal); ok {
		return int(sig)
	}
	return 1
}

func exitCode(ps *os.ProcessState) int {
	if ps == nil {
		return 1
	}
	return ps.ExitCode()
}

func killedBy(*os.ProcessState) (os.Signal, bool) { return nil, false }
