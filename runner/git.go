package runner

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/internal/git"
)

// dirtyFiles lists the files among files (and anything under the
// migration directory dir) that git reports as modified, staged but not
// committed, or untracked. Outside a git work tree, or without git, it
// fails: a prod run cannot then tell that what runs was committed.
func dirtyFiles(dir string, files []string) ([]string, error) {
	top, err := git.TopLevel(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot tell whether %s is committed: %v", paths.Display(dir), err)
	}
	args := []string{"status", "--porcelain=v1", "-z", "--untracked-files=all", "--"}
	for _, p := range append([]string{dir}, files...) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		rel, ok := paths.Rel(top, p)
		if !ok {
			continue // outside the repository: nothing git can say
		}
		args = append(args, git.Pathspec(rel))
	}
	out, err := git.Run(top, args...)
	if err != nil {
		return nil, fmt.Errorf("cannot tell whether %s is committed: %v", paths.Display(dir), err)
	}
	var dirty []string
	entries := strings.Split(out, "\x00")
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		if len(e) < 4 {
			continue
		}
		status, name := e[:2], e[3:]
		if status[0] == 'R' || status[0] == 'C' {
			i++ // the next entry is the source of the rename or copy
		}
		dirty = append(dirty, paths.Display(filepath.Join(top, filepath.FromSlash(name)))+" ("+describeStatus(status)+")")
	}
	slices.Sort(dirty)
	return slices.Compact(dirty), nil
}

func describeStatus(xy string) string {
	switch {
	case xy == "??":
		return "untracked"
	case xy[1] == 'D' || xy[0] == 'D':
		return "deleted"
	case xy[1] != ' ':
		return "modified"
	default:
		return "staged, not committed"
	}
}
