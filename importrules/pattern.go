package importrules

import (
	"fmt"
	"strings"
)

// Match reports whether the import path matches the pattern. Patterns match
// whole path segments: "p" matches exactly p, "p/..." matches p and every
// path below it, and "..." matches everything. So ".../service/dynamodb"
// never matches ".../service/dynamodbstreams".
func Match(pattern, path string) bool {
	if pattern == "..." {
		return true
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base) && path[len(base)] == '/'
	}
	return path == pattern
}

// Specificity orders matching patterns: the longer pattern is the more
// specific one, and an exact pattern beats "p/..." for the same p.
func Specificity(pattern string) int {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return 2 * len(base)
	}
	if pattern == "..." {
		return 0
	}
	return 2*len(pattern) + 1
}

// LongestMatch returns the most specific pattern in patterns that matches
// path, and whether there is one.
func LongestMatch(patterns []string, path string) (string, bool) {
	best, found := "", false
	for _, p := range patterns {
		if Match(p, path) && (!found || Specificity(p) > Specificity(best)) {
			best, found = p, true
		}
	}
	return best, found
}

// CheckPattern returns an error describing why p is not a valid import-path
// pattern, or nil.
func CheckPattern(p string) error {
	const hint = `write an import path such as "example.com/app/dbmodel", or "example.com/app/dbmodel/..." for it and everything below it`
	switch {
	case p == "":
		return fmt.Errorf("empty pattern; %s", hint)
	case p == "...":
		return nil
	case strings.ContainsAny(p, " \t\r\n\\\"'`"):
		return fmt.Errorf("pattern %q contains a space, quote or backslash; %s", p, hint)
	case strings.ContainsAny(p, "*?[]"):
		return fmt.Errorf("pattern %q uses a glob; patterns match whole path segments: %s", p, hint)
	case strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/"):
		return fmt.Errorf("pattern %q starts or ends with a slash; %s", p, hint)
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		switch {
		case s == "":
			return fmt.Errorf("pattern %q has an empty path segment; %s", p, hint)
		case s == "." || s == "..":
			return fmt.Errorf("pattern %q has a relative segment %q; %s", p, s, hint)
		case s == "...":
			if i != len(segs)-1 {
				return fmt.Errorf("pattern %q has \"...\" before its end; only a final \"/...\" is allowed", p)
			}
		case strings.Contains(s, "..."):
			return fmt.Errorf("pattern %q has \"...\" inside a segment; patterns match whole segments: %s", p, hint)
		}
	}
	return nil
}
