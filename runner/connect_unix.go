//go:build unix

package runner

import (
	"net/netip"
	"syscall"
	"time"
)

// connectLoopback reports whether something accepts TCP connections at
// addr, a loopback address. It makes the socket calls itself rather than
// use the net package: net links cgo, and a binary with cgo starts through
// the dynamic linker, which cost each of go vet's miglint processes about
// 0.7 ms, 7% of the process for a small migration (BENCHMARKS.md). On
// loopback, connect is answered at once, accepted or refused.
func connectLoopback(addr netip.AddrPort) error {
	family := syscall.AF_INET6
	var sa syscall.Sockaddr = &syscall.SockaddrInet6{Port: int(addr.Port()), Addr: addr.Addr().As16()}
	if a := addr.Addr().Unmap(); a.Is4() {
		family = syscall.AF_INET
		sa = &syscall.SockaddrInet4{Port: int(addr.Port()), Addr: a.As4()}
	}
	// As the os package does: no child started meanwhile (the build runs
	// beside this) may inherit the socket.
	syscall.ForkLock.RLock()
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	err = syscall.Connect(fd, sa)
	// A signal (the Go runtime sends some) can interrupt connect, which
	// then goes on by itself: ask again until it has an answer.
	for tries := 0; (err == syscall.EINTR || err == syscall.EALREADY) && tries < 100; tries++ {
		time.Sleep(10 * time.Millisecond)
		err = syscall.Connect(fd, sa)
	}
	if err == syscall.EISCONN {
		return nil
	}
	return err
}
