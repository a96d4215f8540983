package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/internal/git"
	"github.com/miglint/miglint/migration"
)

// Checked is a migration that passed the gate of a prod run: committed,
// linted clean with every analyzer, built, and unchanged meanwhile. It
// is what miglint batch hands to AWS Batch.
type Checked struct {
	Migration *migration.Migration
	// Commit is the git commit (HEAD) of the work tree holding the
	// migration; its files are committed, so the commit holds the bytes.
	Commit string
	// ContentHash is the hash of every byte the gate linted and built
	// (the snapshot), the same on every machine with the same files.
	ContentHash string
}

// Check takes steps 1 to 8 of a prod run of o.Target (resolve, refuse a
// migration whose header holds times unless Rerun, snapshot, refuse
// uncommitted files unless AllowDirty, lint and build, refuse changed
// bytes, refuse without a dry run of the shape o.Segments says) and runs
// nothing. Refusals are printed on o.Stderr; the code is
// 0 with a Checked, else ExitUsage or ExitRefused. o.Mode must be Prod.
func Check(ctx context.Context, o Options) (*Checked, int) {
	r := &run{Options: o}
	if r.Stdout == nil {
		r.Stdout = io.Discard
	}
	if r.Stderr == nil {
		r.Stderr = io.Discard
	}
	if r.Env == nil {
		r.Env = os.Environ()
	}
	if r.Mode != Prod {
		return nil, r.usage("Check is the gate of a prod run; mode %q", r.Mode)
	}
	m, code := r.resolve()
	if m == nil {
		return nil, code
	}
	r.m, r.rel = m, paths.Display(m.Dir)
	if !r.Rerun && m.Header != nil && !m.Header.Pending && m.Header.ExecutionLine != nil && m.Header.FinalizationLine != nil {
		return nil, r.refuse("%s already ran in prod (Execution Time: %s, Finalization Time: %s); pass --rerun to run it again",
			m.Name, m.Header.ExecutionLine.Value, m.Header.FinalizationLine.Value)
	}
	ctx, stop := signal.NotifyContext(ctx, forwarded...)
	defer stop()
	tmp, err := os.MkdirTemp("", "miglint-check-")
	if err != nil {
		return nil, r.refuse("cannot create a temporary directory for the build: %v", err)
	}
	defer os.RemoveAll(tmp)
	r.tmp = tmp
	if code := r.openDevLedger(ctx); code != 0 {
		return nil, code
	}
	if code := r.prepare(ctx); code != 0 {
		return nil, code
	}
	if ctx.Err() != nil {
		return nil, r.refuse("interrupted; nothing was checked")
	}
	commit, err := git.Run(m.Dir, "rev-parse", "--verify", "HEAD")
	if err != nil {
		return nil, r.refuse("cannot tell the commit of %s: %v", r.rel, err)
	}
	return &Checked{Migration: m, Commit: strings.TrimSpace(commit), ContentHash: r.hash}, 0
}

// contentHash is the hash of the snapshot: of each file's path, relative
// to the root of the module holding the migration (slash-separated, so
// that the hash is the same wherever the repository is checked out), and
// its bytes or its absence.
func (s *snapshot) contentHash() string {
	var root string
	for dir, recursive := range s.listed {
		if recursive {
			root = importrules.ModuleRoot(dir)
		}
	}
	var lines []string
	for p, h := range s.files {
		rel, err := filepath.Rel(root, p)
		if root == "" || err != nil {
			rel = p
		}
		sum := "-"
		if h != ([sha256.Size]byte{}) {
			sum = hex.EncodeToString(h[:])
		}
		lines = append(lines, fmt.Sprintf("%s %s\n", sum, filepath.ToSlash(rel)))
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
