package importrules

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	const ddb = "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{ddb, ddb, true},
		{ddb, ddb + "streams", false},
		{ddb, ddb + "/types", false},
		{ddb, "github.com/aws/aws-sdk-go-v2/service", false},
		{ddb + "/...", ddb, true},
		{ddb + "/...", ddb + "/types", true},
		{ddb + "/...", ddb + "/internal/customizations", true},
		{ddb + "/...", ddb + "streams", false},
		{ddb + "/...", ddb + "streams/types", false},
		{ddb + "/...", "github.com/aws/aws-sdk-go-v2/service", false},
		{"...", ddb, true},
		{"...", "fmt", true},
		{"net/http", "net/http/httptest", false},
		{"net/http/...", "net/httptrace", false},
		{"net/http/...", "net/http/httptest", true},
		{"a/...", "a", true},
		{"a/...", "ab", false},
		{"a/...", "", false},
		{"a", "", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.path); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestLongestMatch(t *testing.T) {
	const ddb = "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	tests := []struct {
		patterns []string
		path     string
		want     string // "" for no match
	}{
		{[]string{ddb + "/...", ddb + "/types"}, ddb + "/types", ddb + "/types"},
		{[]string{ddb + "/types", ddb + "/..."}, ddb + "/types", ddb + "/types"},
		{[]string{ddb + "/...", ddb + "/types"}, ddb + "/types/more", ddb + "/..."},
		{[]string{ddb + "/...", ddb + "/types"}, ddb, ddb + "/..."},
		// exact beats "/..." for the same path, in either order
		{[]string{ddb + "/...", ddb}, ddb, ddb},
		{[]string{ddb, ddb + "/..."}, ddb, ddb},
		// the longest of several "/..." wins
		{[]string{"github.com/...", ddb + "/...", "github.com/aws/..."}, ddb + "/types", ddb + "/..."},
		{[]string{"...", "github.com/aws/..."}, ddb, "github.com/aws/..."},
		{[]string{"..."}, "fmt", "..."},
		{[]string{ddb + "/..."}, ddb + "streams", ""},
		{nil, ddb, ""},
	}
	for _, tt := range tests {
		got, ok := LongestMatch(tt.patterns, tt.path)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("LongestMatch(%q, %q) = %q, %v; want %q", tt.patterns, tt.path, got, ok, tt.want)
		}
	}
}

func TestSpecificity(t *testing.T) {
	ordered := []string{"...", "a/...", "a", "a/b/...", "a/b", "a/bc/..."}
	for i := 1; i < len(ordered); i++ {
		if Specificity(ordered[i-1]) >= Specificity(ordered[i]) {
			t.Errorf("Specificity(%q) = %d, not below Specificity(%q) = %d", ordered[i-1], Specificity(ordered[i-1]), ordered[i], Specificity(ordered[i]))
		}
	}
}

func TestCheckPattern(t *testing.T) {
	valid := []string{
		"...",
		"fmt",
		"net/http",
		"github.com/aws/aws-sdk-go-v2/service/dynamodb",
		"github.com/aws/aws-sdk-go-v2/service/dynamodb/...",
		"example.com/app/db-model_v2/...",
		"gopkg.in/yaml.v3",
	}
	for _, p := range valid {
		if err := CheckPattern(p); err != nil {
			t.Errorf("CheckPattern(%q) = %v, want nil", p, err)
		}
	}
	const hint = `"example.com/app/dbmodel/..."`
	invalid := []struct {
		pattern string
		msg     []string
	}{
		{"", []string{"empty pattern", hint}},
		{"github.com/aws/*", []string{`"github.com/aws/*" uses a glob`, "whole path segments", hint}},
		{"github.com/aws/dynamo?b", []string{"uses a glob"}},
		{"github.com/aws/[a-z]", []string{"uses a glob"}},
		{"a/.../b", []string{`"a/.../b" has "..." before its end`, `only a final "/..." is allowed`}},
		{".../dynamodb", []string{`"..." before its end`}},
		{"github.com/aws/dynamodb...", []string{`"..." inside a segment`, "match whole segments", hint}},
		{"a/....", []string{`"..." inside a segment`}},
		{"a/...b/c", []string{`"..." inside a segment`}},
		{"example.com/app/", []string{"starts or ends with a slash", hint}},
		{"/example.com/app", []string{"starts or ends with a slash"}},
		{"example.com//app", []string{"empty path segment"}},
		{"example.com/./app", []string{`relative segment "."`}},
		{"example.com/../app", []string{`relative segment ".."`}},
		{"..", []string{`relative segment ".."`}},
		{"example.com/my app", []string{"contains a space, quote or backslash"}},
		{"example.com\\app", []string{"contains a space, quote or backslash"}},
		{`"example.com/app"`, []string{"contains a space, quote or backslash"}},
	}
	for _, tt := range invalid {
		err := CheckPattern(tt.pattern)
		if err == nil {
			t.Errorf("CheckPattern(%q) = nil, want an error", tt.pattern)
			continue
		}
		for _, m := range tt.msg {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("CheckPattern(%q) = %q, lacks %q", tt.pattern, err, m)
			}
		}
	}
}
