package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/migration"
)

const newUsage = `usage: miglint new SLUG
       miglint new --segmented SLUG

Creates ROOT/NNNN_SLUG/main.go under the first migrations root of the
configuration found from the working directory, numbered one after the
highest existing migration. SLUG is lower-case words joined by
underscores, e.g. remove_root_url. --segmented writes a migration that
scans one parallel-scan segment per process (miglint run --segments N,
miglint batch).
`

// newMigrationSource is the file miglint new writes: a header skeleton
// that fails the header analyzer until the author describes the
// migration, and a main that shows the version-guard pattern.
const newMigrationSource = migration.Skeleton + `package main

func main() {
	// Write the migration here. Make it safe to run twice: it will be
	// re-run after a partial failure. Guard every write by the item's
	// version, either in DynamoDB:
	//
	//	ConditionExpression:      aws.String("#v = :expected"),
	//	ExpressionAttributeNames: map[string]string{"#v": "version"},
	//
	// or by checking before writing:
	//
	//	for _, item := range items {
	//		if item.Version >= targetVersion {
	//			continue // already migrated
	//		}
	//		... write item with Version: targetVersion ...
	//	}
}
`

func newCmd(args []string) int {
	fs := flag.NewFlagSet("miglint new", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), newUsage) }
	segmented := fs.Bool("segmented", false, "a migration that scans its parallel-scan segment")
	pos, code, ok := cli.ParseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprint(os.Stderr, newUsage)
		return exitError
	}
	slug := pos[0]
	cfg, ok := cli.LoadConfig("miglint new", ".")
	if !ok {
		return exitError
	}
	source, note := newMigrationSource, ""
	if *segmented {
		source, note = segmentedMigrationSource, segmentedNote
	}
	path, err := createMigration(cfg, slug, source)
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint new: %v\n", err)
		return exitError
	}
	wd, _ := os.Getwd()
	if rel, err := filepath.Rel(wd, path); err == nil {
		path = rel
	}
	fmt.Println(path)
	fmt.Fprintf(os.Stderr, "Created %s. It does not pass miglint yet, on purpose: replace the TODO description in its header with what the migration changes and why, and write main. Leave both times pending: miglint run prod fills them in.%s\n", path, note)
	return exitClean
}

// createMigration writes the next migration under cfg's first root and
// returns the path of its main.go.
func createMigration(cfg *importrules.Config, slug, source string) (string, error) {
	dir, err := migration.NextDir(cfg, slug)
	if err != nil {
		return "", err
	}
	// Mkdir, not MkdirAll: it fails if the directory exists, even when
	// another process created it a moment ago.
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("%s already exists; pick another slug or remove it", dir)
		}
		return "", err
	}
	path := filepath.Join(dir, "main.go")
	if err := os.WriteFile(path, []byte(source), 0o644); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return path, nil
}
