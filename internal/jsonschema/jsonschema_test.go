package jsonschema

import (
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	s, err := Parse([]byte(`{
		"type": "object", "additionalProperties": false, "required": ["n"],
		"properties": {
			"n": {"type": "integer", "minimum": 1, "maximum": 3},
			"tags": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"$ref": "#/definitions/tag"}},
			"uri": {"type": "string", "format": "uri"},
			"either": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
		},
		"definitions": {"tag": {"type": "string", "pattern": "^[a-z]+$", "enum": ["a", "b", "bb"]}}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	for doc, want := range map[string]string{
		`{"n": 2, "tags": ["a", "b"], "uri": "file:///x/", "either": 1}`: "",
		`{"tags": ["a"]}`:                  `required property "n"`,
		`{"n": 2.5}`:                       "is number, want integer",
		`{"n": 4}`:                         "4 is more than 3",
		`{"n": 1, "x": 1}`:                 "$.x: property is not allowed",
		`{"n": 1, "tags": []}`:             "has 0 items",
		`{"n": 1, "tags": ["a", "a"]}`:     "items 0 and 1 are equal",
		`{"n": 1, "tags": ["B"]}`:          `"B" does not match`,
		`{"n": 1, "tags": ["c"]}`:          "c is not one of",
		`{"n": 1, "uri": "relative/path"}`: "is not a uri",
		`{"n": 1, "either": true}`:         "matches 0 of the 2 schemas of oneOf",
	} {
		errs, err := s.Validate([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(errs, "\n")
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("%s: errors %q, want %q", doc, got, want)
		}
	}
	if _, err := Parse([]byte(`{"properties": {"a": {"patternProperties": {}}}}`)); err == nil || !strings.Contains(err.Error(), "patternProperties") {
		t.Errorf("a schema with a keyword the validator does not check: %v, want an error", err)
	}
}
