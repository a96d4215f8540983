//go:build !(linux && (amd64 || arm64))

package main

import "fmt"

// evict is supported on Linux (amd64, arm64) only.
func evict(path string) error {
	return fmt.Errorf("-evict is supported on linux/amd64 and linux/arm64 only")
}
