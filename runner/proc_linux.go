package runner

import "syscall"

// dieWithParent has the kernel kill the migration when the runner dies,
// however it dies (kill -9 included): a migration whose runner is gone
// would go on writing with nobody renewing its lease, watching it or
// recording its end. The signal is sent when the thread that started the
// child exits, so execute keeps its goroutine locked to that thread.
func dieWithParent(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGKILL
}
