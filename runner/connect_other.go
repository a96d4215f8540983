//go:build !unix

package runner

import "net/netip"

// connectLoopback is not implemented here: without it, a dev run does not
// warn about an endpoint where nothing answers (see connect_unix.go).
func connectLoopback(netip.AddrPort) error { return nil }
