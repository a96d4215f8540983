package report

import "testing"

func TestGitHubEscaping(t *testing.T) {
	if got, want := ghData("50% done\r\nnext"), "50%25 done%0D%0Anext"; got != want {
		t.Errorf("ghData = %q, want %q", got, want)
	}
	if got, want := ghProperty("a,b:c%\n"), "a%2Cb%3Ac%25%0A"; got != want {
		t.Errorf("ghProperty = %q, want %q", got, want)
	}
}
