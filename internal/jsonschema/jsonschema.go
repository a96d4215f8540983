// Package jsonschema validates JSON documents against a JSON Schema
// (draft 04), as far as the keywords the SARIF 2.1.0 schema uses go:
// $ref (to #/definitions), type, enum, properties, additionalProperties,
// required, items, minItems, uniqueItems, minimum, maximum, pattern,
// anyOf, oneOf and the formats uri, uri-reference and date-time. A schema
// with any other keyword is refused rather than half-checked. It exists
// for tests: miglint's SARIF must be what GitHub code scanning accepts,
// and GitHub validates uploads against that schema.
package jsonschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// A Schema is a parsed schema document.
type Schema struct {
	root map[string]any
}

// known are the keywords Validate checks, and those it may ignore
// (annotations).
var known = map[string]bool{
	"$ref": true, "type": true, "enum": true, "properties": true, "additionalProperties": true,
	"required": true, "items": true, "minItems": true, "uniqueItems": true, "minimum": true,
	"maximum": true, "pattern": true, "anyOf": true, "oneOf": true, "format": true,
	"definitions": true, "$schema": true, "id": true, "title": true, "description": true, "default": true,
}

// Parse reads a schema and checks that it uses only known keywords.
func Parse(data []byte) (*Schema, error) {
	v, err := decode(data)
	if err != nil {
		return nil, err
	}
	root, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema is not an object")
	}
	if err := checkKeywords(root, "#"); err != nil {
		return nil, err
	}
	return &Schema{root}, nil
}

func checkKeywords(s map[string]any, at string) error {
	for k, v := range s {
		if !known[k] {
			return fmt.Errorf("%s: keyword %q is not supported", at, k)
		}
		var subs map[string]any
		switch k {
		case "properties", "definitions":
			subs, _ = v.(map[string]any)
		case "items", "additionalProperties":
			subs = map[string]any{"": v}
		case "anyOf", "oneOf":
			subs = map[string]any{}
			for i, x := range v.([]any) {
				subs[fmt.Sprint(i)] = x
			}
		case "format":
			if f := v.(string); f != "uri" && f != "uri-reference" && f != "date-time" {
				return fmt.Errorf("%s: format %q is not supported", at, f)
			}
		}
		for name, sub := range subs {
			if m, ok := sub.(map[string]any); ok {
				if err := checkKeywords(m, at+"/"+k+"/"+name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Validate checks a JSON document and returns every violation, each as
// "path: what is wrong".
func (s *Schema) Validate(doc []byte) ([]string, error) {
	v, err := decode(doc)
	if err != nil {
		return nil, err
	}
	var errs []string
	s.validate(s.root, v, "$", &errs)
	return errs, nil
}

func (s *Schema) resolve(ref string) (map[string]any, error) {
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	if !ok {
		return nil, fmt.Errorf("$ref %q: only #/definitions/NAME is supported", ref)
	}
	defs, _ := s.root["definitions"].(map[string]any)
	d, ok := defs[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q: no such definition", ref)
	}
	return d, nil
}

func (s *Schema) validate(schema map[string]any, v any, at string, errs *[]string) {
	fail := func(format string, args ...any) { *errs = append(*errs, at+": "+fmt.Sprintf(format, args...)) }
	if ref, ok := schema["$ref"].(string); ok {
		d, err := s.resolve(ref)
		if err != nil {
			fail("%v", err)
			return
		}
		s.validate(d, v, at, errs) // draft 04: $ref replaces its siblings
		return
	}
	if t, ok := schema["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return hasType(v, t) }) {
			fail("is %s, want %s", typeOf(v), strings.Join(types, " or "))
			return
		}
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return equal(e, v) }) {
		fail("%v is not one of %v", v, enum)
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		alts, ok := schema[key].([]any)
		if !ok {
			continue
		}
		matched := 0
		for _, alt := range alts {
			var sub []string
			s.validate(alt.(map[string]any), v, at, &sub)
			if len(sub) == 0 {
				matched++
			}
		}
		if matched == 0 || key == "oneOf" && matched > 1 {
			fail("matches %d of the %d schemas of %s", matched, len(alts), key)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		s.validateObject(schema, v, at, errs)
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range v {
				s.validate(items, x, fmt.Sprintf("%s[%d]", at, i), errs)
			}
		}
		if n, ok := schema["minItems"].(json.Number); ok {
			if min, _ := n.Int64(); int64(len(v)) < min {
				fail("has %d items, want at least %d", len(v), min)
			}
		}
		if u, _ := schema["uniqueItems"].(bool); u {
			for i := range v {
				for j := range i {
					if equal(v[i], v[j]) {
						fail("items %d and %d are equal", j, i)
					}
				}
			}
		}
	case json.Number:
		x, _ := new(big.Rat).SetString(v.String())
		if n, ok := schema["minimum"].(json.Number); ok {
			if min, _ := new(big.Rat).SetString(n.String()); x.Cmp(min) < 0 {
				fail("%s is less than %s", v, n)
			}
		}
		if n, ok := schema["maximum"].(json.Number); ok {
			if max, _ := new(big.Rat).SetString(n.String()); x.Cmp(max) > 0 {
				fail("%s is more than %s", v, n)
			}
		}
	case string:
		if p, ok := schema["pattern"].(string); ok {
			re, err := regexp.Compile(p)
			if err != nil {
				fail("pattern %q: %v", p, err)
			} else if !re.MatchString(v) {
				fail("%q does not match %q", v, p)
			}
		}
		if f, ok := schema["format"].(string); ok {
			if err := checkFormat(f, v); err != nil {
				fail("%q is not a %s: %v", v, f, err)
			}
		}
	}
}

func (s *Schema) validateObject(schema map[string]any, v map[string]any, at string, errs *[]string) {
	props, _ := schema["properties"].(map[string]any)
	if req, ok := schema["required"].([]any); ok {
		for _, r := range req {
			if _, ok := v[r.(string)]; !ok {
				*errs = append(*errs, fmt.Sprintf("%s: required property %q is missing", at, r))
			}
		}
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sub := at + "." + k
		if p, ok := props[k].(map[string]any); ok {
			s.validate(p, v[k], sub, errs)
			continue
		}
		switch ap := schema["additionalProperties"].(type) {
		case bool:
			if !ap {
				*errs = append(*errs, fmt.Sprintf("%s: property is not allowed", sub))
			}
		case map[string]any:
			s.validate(ap, v[k], sub, errs)
		}
	}
}

func checkFormat(format, v string) error {
	switch format {
	case "date-time":
		_, err := time.Parse(time.RFC3339, v)
		return err
	case "uri", "uri-reference":
		u, err := url.Parse(v)
		if err != nil {
			return err
		}
		if format == "uri" && !u.IsAbs() {
			return fmt.Errorf("not absolute")
		}
	}
	return nil
}

func hasType(v any, t string) bool {
	switch t {
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		r, ok := new(big.Rat).SetString(n.String())
		return ok && r.IsInt()
	case "number":
		_, ok := v.(json.Number)
		return ok
	}
	return typeOf(v) == t
}

func typeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// equal compares decoded JSON values, numbers by value.
func equal(a, b any) bool {
	if x, ok := a.(json.Number); ok {
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		rx, _ := new(big.Rat).SetString(x.String())
		ry, _ := new(big.Rat).SetString(y.String())
		return rx != nil && ry != nil && rx.Cmp(ry) == 0
	}
	return reflect.DeepEqual(a, b)
}
