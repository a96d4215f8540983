package main

import "testing"

func TestSlug(t *testing.T) {
	for name, want := range map[string]string{
		"Blue  Mug":      "blue-mug",
		"  Tea Pot 1L  ": "tea-pot-1l",
	} {
		if got := slug(name); got != want {
			t.Errorf("slug(%q) = %q, want %q", name, got, want)
		}
	}
}
