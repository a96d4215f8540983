package versionguard

import (
	"slices"
	"testing"
)

func TestConditionNames(t *testing.T) {
	placeholders := map[string]string{"#v": "version", "#m": "meta.rev"}
	for _, tc := range []struct {
		cond string
		want []string
	}{
		{"version = :v", []string{"version"}},
		{"attribute_not_exists(pk) OR #v < :next", []string{"pk", "version"}},
		{"size(tags) > :n AND NOT contains(#m, :x)", []string{"tags", "meta", "rev"}},
		{"#unknown = :v", []string{"unknown"}},
		{"a.b[0] BETWEEN :lo AND :hi", []string{"a", "b"}},
		{unseen + " = :v", nil},
	} {
		if got := conditionNames(tc.cond, placeholders); !slices.Equal(got, tc.want) {
			t.Errorf("conditionNames(%q) = %q, want %q", tc.cond, got, tc.want)
		}
	}
}

func TestParseStatement(t *testing.T) {
	for _, tc := range []struct {
		stmt  string
		verb  string
		where []string
	}{
		{`UPDATE "carts" SET total = ? WHERE pk = ? AND "version" = ?`, "UPDATE", []string{"pk", "version"}},
		{`delete from carts where pk = 'x' and version is not missing`, "DELETE", []string{"pk", "version"}},
		{`UPDATE carts SET version = ? WHERE pk = ? RETURNING ALL NEW *`, "UPDATE", []string{"pk"}},
		{`SELECT * FROM carts WHERE version < ?`, "SELECT", []string{"version"}},
		{`INSERT INTO carts VALUE {'pk': ?}`, "INSERT", nil},
		{unseen + ` WHERE version = ?`, "", []string{"version"}},
	} {
		st := parseStatement(tc.stmt)
		if st.verb != tc.verb || !slices.Equal(st.where, tc.where) {
			t.Errorf("parseStatement(%q) = %q %q, want %q %q", tc.stmt, st.verb, st.where, tc.verb, tc.where)
		}
	}
}

func TestGetterName(t *testing.T) {
	for name, want := range map[string]string{"GetVersion": "Version", "getVersion": "Version", "Version": "Version", "Getter": "Getter", "Get": "Get"} {
		if got := getterName(name); got != want {
			t.Errorf("getterName(%q) = %q, want %q", name, got, want)
		}
	}
}
