package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCodeScanningWorkflow runs the sarif step of the README's GitHub
// code scanning workflow as GitHub runs a step (bash -eo pipefail), in a
// checkout of the sample: findings must not fail the step, the file it
// writes must be the one the upload step names and valid SARIF with
// repository-relative URIs; a configuration error must fail it.
func TestCodeScanningWorkflow(t *testing.T) {
	readme := readFile(t, filepath.Join("..", "..", "README.md"))
	_, section, ok := strings.Cut(readme, "\n## GitHub code scanning\n")
	if !ok {
		t.Fatal(`README has no "## GitHub code scanning" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	_, workflow, ok := strings.Cut(section, "```yaml\n")
	if !ok {
		t.Fatal("the GitHub code scanning section has no yaml block")
	}
	workflow, _, _ = strings.Cut(workflow, "```")
	step := regexp.MustCompile(`(?m)^\s*- run: (miglint -format sarif .*)$`).FindStringSubmatch(workflow)
	upload := regexp.MustCompile(`(?m)^\s*sarif_file: (\S+)$`).FindStringSubmatch(workflow)
	if step == nil || upload == nil || !strings.Contains(workflow, "github/codeql-action/upload-sarif@") || !strings.Contains(workflow, "security-events: write") {
		t.Fatalf("the workflow lacks the sarif step, the upload or its permission:\n%s", workflow)
	}
	if !strings.Contains(step[1], "> "+upload[1]) {
		t.Errorf("the sarif step %q does not write %s, which the upload step sends", step[1], upload[1])
	}

	checkout := copySample(t)
	if _, stderr, code := runIn(t, checkout, nil, "git", "init", "-q"); code != 0 {
		t.Fatalf("git init: %s", stderr)
	}
	env := append(sealedEnv(t), "PATH="+filepath.Dir(miglintBin)+string(os.PathListSeparator)+os.Getenv("PATH"), "GOFLAGS=-mod=mod")
	if _, stderr, code := runIn(t, checkout, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step[1]); code != 0 {
		t.Fatalf("the sarif step failed on findings (exit %d):\n%s", code, stderr)
	}
	data := []byte(readFile(t, filepath.Join(checkout, upload[1])))
	validateSARIF(t, data)
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("%s has no results", upload[1])
	}
	for _, r := range log.Runs[0].Results {
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "migrations/") {
			t.Errorf("uri %q is not relative to the repository's root", uri)
		}
	}

	if err := os.WriteFile(filepath.Join(checkout, "importrules.toml"), []byte("[migrations]\nretention_months = \"twelve\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := runIn(t, checkout, env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step[1]); code == 0 {
		t.Error("the sarif step passed on an invalid importrules.toml")
	}
}
