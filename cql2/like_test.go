package cql2

import "testing"

func TestMatchLike(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"Battles", "Battles", true},
		{"Battles", "battles", false},
		{"Battles", "Bat%", true},
		{"Battles", "%tle_", true},
		{"Battles", "%x%", false},
		{"", "%", true},
		{"", "_", false},
		{"50%", `50\%`, true},
		{"500", `50\%`, false},
		{"a_b", `a\_b`, true},
		{"axb", `a\_b`, false},
		{"Kata'ib Hezbollah", "%'ib %", true},
		{"Ḩalab", "_alab", true},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "%a%a%a%a%a%a%a%c", false},
		{`a\`, `a\`, true},
	}
	for _, tt := range tests {
		if got := MatchLike(tt.s, tt.p); got != tt.want {
			t.Errorf("MatchLike(%q, %q) = %v, want %v", tt.s, tt.p, got, tt.want)
		}
	}
}
