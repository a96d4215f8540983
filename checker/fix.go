package checker

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"

	"github.com/miglint/miglint/report"
)

// Fixed is what applying the suggested fixes of findings gives: the new
// content of each file they edit, gofmt-formatted, not yet written.
type Fixed struct {
	Files []FixedFile // sorted by name
	// Applied counts the findings whose fix is in Files; Remaining are the
	// others: those without a fix, and those whose fix overlaps one
	// applied before it (a second run applies it).
	Applied   int
	Conflicts int
	Remaining []report.Finding
}

// A FixedFile is one file's content before and after the fixes.
type FixedFile struct {
	Name     string
	Old, New []byte
}

// Fix applies, as go vet -fix does, the first suggested fix of each
// finding. Identical edits (a package and its test variant) count once; a
// fix with an edit that overlaps another fix's is left out whole. A file
// whose fixed content is not valid Go is an error, and nothing is fixed.
func Fix(findings []report.Finding) (*Fixed, error) {
	type edit struct {
		start, end int
		text       string
	}
	byFile := map[string][]edit{}
	fixed := &Fixed{}
	overlaps := func(a, b edit) bool {
		switch {
		case a == b:
			return false // the same edit twice: applied once
		case a.start == b.start:
			return true // two edits at one place: which first?
		}
		return a.start < b.end && b.start < a.end
	}
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			fixed.Remaining = append(fixed.Remaining, f)
			continue
		}
		var mine []edit
		conflict := false
		for _, e := range f.Fixes[0].Edits {
			ed := edit{e.Start.Offset, e.End.Offset, e.NewText}
			for _, o := range byFile[e.Start.Filename] {
				conflict = conflict || overlaps(ed, o)
			}
			mine = append(mine, ed)
		}
		if conflict {
			fixed.Conflicts++
			fixed.Remaining = append(fixed.Remaining, f)
			continue
		}
		fixed.Applied++
		for i, e := range f.Fixes[0].Edits {
			if !slices.Contains(byFile[e.Start.Filename], mine[i]) {
				byFile[e.Start.Filename] = append(byFile[e.Start.Filename], mine[i])
			}
		}
	}

	for name, edits := range byFile {
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		slices.SortStableFunc(edits, func(a, b edit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
		var b bytes.Buffer
		at := 0
		for _, e := range edits {
			if e.start < at || e.end > len(old) || e.start > e.end {
				return nil, fmt.Errorf("%s: a suggested fix edits bytes %d-%d, outside the file as it is now (%d bytes); run miglint again", report.Relative(name), e.start, e.end, len(old))
			}
			b.Write(old[at:e.start])
			b.WriteString(e.text)
			at = e.end
		}
		b.Write(old[at:])
		out, err := format.Source(b.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s: the suggested fixes would leave invalid Go (%v); nothing was changed", report.Relative(name), err)
		}
		fixed.Files = append(fixed.Files, FixedFile{Name: name, Old: old, New: out})
	}
	slices.SortFunc(fixed.Files, func(a, b FixedFile) int { return cmp.Compare(a.Name, b.Name) })
	return fixed, nil
}

// Write replaces each file by its fixed content, each through a temporary
// file and a rename, so that a file is either as it was or fixed. It
// stops at the first file it cannot write, naming what was written.
func (f *Fixed) Write() error {
	for i, file := range f.Files {
		if err := writeFile(file.Name, file.New); err != nil {
			written := "nothing was changed"
			if i > 0 {
				written = fmt.Sprintf("%d of %d files were fixed before it", i, len(f.Files))
			}
			return fmt.Errorf("%v (%s)", err, written)
		}
	}
	return nil
}

func writeFile(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".miglint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, nothing is there
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
