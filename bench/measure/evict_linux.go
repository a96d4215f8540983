//go:build linux && (amd64 || arm64)

package main

import (
	"os"
	"syscall"
)

// posixFadvDontNeed is POSIX_FADV_DONTNEED on Linux.
const posixFadvDontNeed = 4

// evict asks the kernel to drop the file's clean pages from the page cache
// (posix_fadvise with POSIX_FADV_DONTNEED; pages mapped by a running
// process stay).
func evict(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, _, errno := syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, posixFadvDontNeed, 0, 0); errno != 0 {
		return errno
	}
	return nil
}
