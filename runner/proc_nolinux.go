//go:build unix && !linux

package runner

import "syscall"

// dieWithParent does nothing: only Linux has a parent-death signal. If
// the runner is killed, the migration runs on to its end unobserved; its
// lease expires and the next run finds it interrupted (README, Run
// ledger).
func dieWithParent(*syscall.SysProcAttr) {}
