// Package text holds the small helpers for words and patterns that more
// than one of miglint's packages needs.
package text

import (
	"fmt"
	"regexp"
	"sync"
)

// Plural writes "1 day" but "2 days" and "0 days".
func Plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// LazyRegexp compiles pattern on first use: go vet starts a miglint
// process for every package, and most of them never need it.
func LazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
