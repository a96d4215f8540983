package importrules

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary documents to Parse: it must never panic, every
// error must be an *Error naming the file, and whatever it accepts must
// hold only valid values.
func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", FileName))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	// The example with its exception uncommented.
	f.Add([]byte(strings.NewReplacer("\n#[[exception]]", "\n[[exception]]", "\n#rule", "\nrule", "\n#file", "\nfile",
		"\n#import", "\nimport", "\n#reason", "\nreason", "\n#expires", "\nexpires").Replace(string(data))))
	for _, doc := range []string{
		"",
		"[migrations]\nroots = [\"migrations\"]\nretention_months = 12\ncleanup_months = [1, 7]\n",
		"[versionguard]\nattributes = [\"version\"]\nwriters = [\"example.com/app/dbmodel.Store.Put\"]\n",
		rule + "allow = [\"a/b\"]\nfrom = [\"...\"]\nvia = [\"c/...\"]\nindirect = false\nmessage = \"m\"\n",
		rule + "[[exception]]\nrule = \"raw-dynamodb\"\nfile = \"main.go\"\nimport = \"a/b\"\nreason = \"r\"\nexpires = 2027-06-30\n",
		"roots = 1\n[migrations]\nretention_months = \"x\"\n",
		"[migrations]\ncleanup_months = [0, 13, 1, 1]\nretention_months = 0\nroots = [\"/a\", \"../b\", \"\"]\n",
		"[[forbidden]]\npackages = [\"a/*\", \"a/.../b\", \"a/\", \"\", \"a...\"]\n[[forbidden]]\nname = \"x\"\n[[forbidden]]\nname = \"x\"\n",
		"[[exception]]\nrule = \"none\"\nfile = \"/etc/passwd\"\nreason = \" \"\nexpires = 10:00:00\n",
		"[migrations.extra]\nx = 1\n[[forbidden]]\nnmae = 1\n[[forbidden]]\nnmae = 2\n",
		"forbidden = [{name = \"a\", packages = [\"b\"], bogus = 1}]\n",
		"[migrations]\nroots = [\"a\"\n",
		"[[forbidden]]\nname = \"\"\"\nx = 1\n\"\"\"\npackages = ['a']\n",
		"\xff\xfe[a]\r\n",
	} {
		f.Add([]byte(doc))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(path, data)
		if err != nil {
			if c != nil {
				t.Fatalf("Parse returned a config and an error %v", err)
			}
			checkFuzzError(t, path, err)
			return
		}
		checkValid(t, c)
	})
}

func checkFuzzError(t *testing.T, path string, err error) {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	if len(errs) == 0 {
		t.Fatalf("empty joined error %q", err)
	}
	for _, e := range errs {
		var ce *Error
		if !errors.As(e, &ce) {
			t.Fatalf("error %q (%T) is not an *Error", e, e)
		}
		if ce.File != path || !strings.HasPrefix(ce.Error(), path+":") {
			t.Fatalf("error %q does not name the file %s", ce, path)
		}
		if ce.Line < 0 || ce.Msg == "" {
			t.Fatalf("error %q: line %d, message %q", ce, ce.Line, ce.Msg)
		}
	}
}

// checkValid checks the promises of an accepted configuration.
func checkValid(t *testing.T, c *Config) {
	m := c.Migrations
	if len(m.Roots) == 0 || m.RetentionMonths < 1 || m.RetentionMonths > 1200 || len(m.CleanupMonths) == 0 {
		t.Fatalf("accepted migrations %+v", m)
	}
	for _, r := range m.Roots {
		if r == "" || filepath.IsAbs(r) || outside(r) {
			t.Fatalf("accepted root %q", r)
		}
	}
	if !slices.IsSorted(m.CleanupMonths) || len(slices.Compact(slices.Clone(m.CleanupMonths))) != len(m.CleanupMonths) {
		t.Fatalf("accepted cleanup months %v", m.CleanupMonths)
	}
	for _, mo := range m.CleanupMonths {
		if mo < 1 || mo > 12 {
			t.Fatalf("accepted cleanup month %d", mo)
		}
	}
	if len(c.VersionGuard.Attributes) == 0 {
		t.Fatal("accepted no version attributes")
	}
	for _, w := range c.VersionGuard.Writers {
		if !validWriter(w) {
			t.Fatalf("accepted writer %q", w)
		}
	}
	names := map[string]bool{}
	for _, r := range c.Forbidden {
		if strings.TrimSpace(r.Name) == "" || names[r.Name] || len(r.Packages) == 0 {
			t.Fatalf("accepted rule %+v", r)
		}
		names[r.Name] = true
		for _, list := range [][]string{r.Packages, r.Allow, r.From, r.Via} {
			for _, p := range list {
				if err := CheckPattern(p); err != nil {
					t.Fatalf("accepted pattern: %v", err)
				}
			}
		}
	}
	for _, e := range c.Exceptions {
		if !names[e.Rule] || e.File == "" || strings.TrimSpace(e.Reason) == "" || CheckPattern(e.Import) != nil {
			t.Fatalf("accepted exception %+v", e)
		}
		if st, err := os.Stat(filepath.Join(c.Dir, filepath.FromSlash(e.File))); err != nil || st.IsDir() {
			t.Fatalf("accepted exception for %q: %v", e.File, err)
		}
		if !e.Expires.IsZero() && e.Expires.Year() == 0 {
			t.Fatalf("accepted expiry %v", e.Expires)
		}
	}
}
