//go:build unix

package runner

import (
	"os"
	"os/exec"
	"syscall"
)

const exeSuffix = ""

var (
	sigTERM os.Signal = syscall.SIGTERM
	sigHUP  os.Signal = syscall.SIGHUP
	sigQUIT os.Signal = syscall.SIGQUIT
	sigKILL os.Signal = syscall.SIGKILL
)

// ownProcessGroup starts the migration in a process group of its own, so
// that a Ctrl-C on the terminal reaches the runner alone, which passes it
// on exactly once; where the system can, it dies with the runner.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	dieWithParent(cmd.SysProcAttr)
}

// forward sends s to the migration's process group, as a terminal would.
func forward(p *os.Process, s os.Signal) error {
	sig, ok := s.(syscall.Signal)
	if !ok {
		return p.Signal(s)
	}
	if err := syscall.Kill(-p.Pid, sig); err != nil {
		return p.Signal(s)
	}
	return nil
}

func signalNumber(s os.Signal) int {
	if sig, ok := s.(syscall.Signal); ok {
		return int(sig)
	}
	return 1
}

// exitCode is the migration's exit code, 128+N when signal N killed it.
func exitCode(ps *os.ProcessState) int {
	if ps == nil {
		return 1
	}
	if s, ok := killedBy(ps); ok {
		return 128 + signalNumber(s)
	}
	return ps.ExitCode()
}

func killedBy(ps *os.ProcessState) (os.Signal, bool) {
	if ps == nil {
		return nil, false
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal(), true
	}
	return nil, false
}
