package importrules

import (
	"path/filepath"
	"testing"
)

// A configuration that would check nothing is an error naming the line.
func TestLoadRefusesWhatChecksNothing(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		files []string
		want  []wantErr
	}{
		{
			name:  "root that does not exist",
			doc:   "[migrations]\nroots = [\"migration\"]\n",
			files: []string{"go.mod", "migrations/"},
			want:  []wantErr{{2, "migrations.roots", []string{`"migration" does not exist`, "fix the name, create the folder"}}},
		},
		{
			name:  "root that is a file",
			doc:   "[migrations]\n\nroots = [\"migrations\", \"notes.go\"]\n",
			files: []string{"migrations/", "notes.go"},
			want:  []wantErr{{3, "migrations.roots", []string{`"notes.go" is a file, not a folder`}}},
		},
		{
			name:  "rule about the migrations themselves",
			doc:   "[[forbidden]]\nname = \"everything\"\npackages = [\"example.com/...\"]\n",
			files: []string{"go.mod", "migrations/0001_x/"},
			want:  []wantErr{{3, "forbidden[1].packages", []string{`"example.com/..." matches the migrations themselves (example.com/shop/migrations/0000_new)`, "checks none of them"}}},
		},
		{
			name:  "rule whose allow names a migration",
			doc:   "[[forbidden]]\nname = \"raw\"\npackages = [\"github.com/aws/aws-sdk-go-v2/service/dynamodb/...\"]\nallow = [\"example.com/shop/migrations/0001_x\"]\n",
			files: []string{"go.mod", "migrations/0001_x/"},
			want:  []wantErr{{4, "forbidden[1].allow", []string{`"example.com/shop/migrations/0001_x" matches the migrations themselves`}}},
		},
		{
			name: "decode error in the second entry",
			doc: rule + `[[exception]]
rule = "raw-dynamodb"
file = "main.go"
import = "x"
reason = "r"

[[exception]]
rule = "raw-dynamodb"
file = "main.go"
import = "x"
reason = "r"
expires = "2027-06-30"
`,
			files: []string{"main.go"},
			want:  []wantErr{{15, "exception[2].expires", []string{"exception.expires takes a date without quotes"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.doc, tt.files...)
			if tt.files[0] == "go.mod" {
				writeFile(t, filepath.Join(filepath.Dir(path), "go.mod"), "module example.com/shop // the shop\n")
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			checkErrors(t, path, err, tt.want)
		})
	}
}

// A shared file outside the module resolves its paths against the module
// root of the package it governs, so one file serves every repository.
func TestSharedConfigResolvesAgainstModule(t *testing.T) {
	shared := writeConfig(t, "[migrations]\nroots = [\"db/migrations\"]\n")
	repo := tree(t, "go.mod", "db/migrations/0001_x/", "pkg/")
	t.Setenv(EnvConfig, shared)
	c, err := ForDir(filepath.Join(repo, "pkg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != shared || c.Dir != repo || c.RootDirs()[0] != filepath.Join(repo, "db", "migrations") {
		t.Errorf("ForDir = %+v; want roots under the module root %s", c, repo)
	}

	// A repository without that folder: an error, not a silent pass.
	other := tree(t, "go.mod", "migrations/")
	_, err = ForDir(other, Options{})
	checkErrors(t, shared, err, []wantErr{{2, "migrations.roots", []string{`"db/migrations" does not exist`, "the module root " + other, "lies outside the module"}}})

	// The default root of a shared file must exist too.
	t.Setenv(EnvConfig, writeConfig(t, "[versionguard]\nattributes = [\"v\"]\n"))
	empty := tree(t, "go.mod")
	if _, err := ForDir(empty, Options{}); err == nil {
		t.Error("a shared config in a module without migrations/ checked nothing without an error")
	}
}
