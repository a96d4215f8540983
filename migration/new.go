package migration

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/miglint/miglint/importrules"
)

// Skeleton is the header of a new migration (miglint new) and the one the
// header analyzer's fix inserts: it fails the header rules until the
// author replaces the description, and its times stay pending until a
// prod run stamps them.
const Skeleton = `// TODO: describe what this migration changes and why.
//
// Execution Time:    pending
// Finalization Time: pending
`

// NextDir returns the directory of a new migration called slug: under
// cfg's first root, numbered one after the highest migration under any
// root (so that numbers stay unique across roots), as wide as the widest
// existing number. It does not create it.
func NextDir(cfg *importrules.Config, slug string) (string, error) {
	if !ValidSlug(slug) {
		return "", fmt.Errorf("slug %q is not lower-case words joined by underscores; e.g. miglint new remove_root_url", slug)
	}
	if slug[0] >= '0' && slug[0] <= '9' {
		// "0001_x" would become 0003_0001_x: the number is not the author's to give.
		return "", fmt.Errorf("slug %q starts with a number; miglint numbers the migration itself, so give only the words, e.g. miglint new remove_root_url", slug)
	}
	roots := cfg.RootDirs()
	root := roots[0]
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		where := "the defaults"
		if cfg.Path != "" {
			where = cfg.Path
		}
		return "", fmt.Errorf("no migrations root %s (from %s); create the folder, or set [migrations] roots in %s", root, where, importrules.FileName)
	}
	highest, width := 0, 4
	for _, r := range roots {
		entries, err := os.ReadDir(r)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		for _, e := range entries {
			seq, existing, err := ParseName(e.Name())
			if err != nil {
				continue
			}
			if existing == slug {
				return "", fmt.Errorf("%s already exists with that slug; pick another slug, or keep working in it", filepath.Join(r, e.Name()))
			}
			highest = max(highest, seq)
			width = max(width, leadingDigits(e.Name()))
		}
	}
	return filepath.Join(root, fmt.Sprintf("%0*d_%s", width, highest+1, slug)), nil
}

// leadingDigits counts the leading digits of a migration directory name.
func leadingDigits(name string) int {
	n := 0
	for n < len(name) && name[n] >= '0' && name[n] <= '9' {
		n++
	}
	return n
}
