package main

import (
	"testing"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	// Expectations checked against score_acled.py's parse_date on CPython 3.11.
	tests := []struct {
		in   string
		want string // "" when Python returns None
	}{
		{"2019-03-02", "2019-03-02"},
		{"2019-3-2", "2019-03-02"},
		{"07-Mar-19", "2019-03-07"},
		{"7-mar-19", "2019-03-07"},
		{"7-Sep-19", "2019-09-07"},
		// Two-digit years: 69..99 are the 1900s, 00..68 the 2000s.
		{"7-MAR-69", "1969-03-07"},
		{"7-Mar-68", "2068-03-07"},
		{"7-Mar-00", "2000-03-07"},
		{"31-Apr-19", ""},
		{"29-Feb-20", "2020-02-29"},
		{"29-Feb-19", ""},
		{"7 March 2019", "2019-03-07"},
		{"7  march\t2019", "2019-03-07"},
		{"7\u00a0March 2019", "2019-03-07"},
		{"07-March-2019", "2019-03-07"},
		{"3/7/2019", "2019-03-07"},
		{"03/07/2019", "2019-03-07"},
		{"13/7/2019", ""},
		{"  2019-03-02 \n", "2019-03-02"},
		{"\x1c2019-03-02\x1f", "2019-03-02"},
		{"2019-03-02T10:00", ""},
		{"0000-01-01", ""},
		{"9999-12-31", "9999-12-31"},
		{"7-Sept-19", ""},
		{"7-Mar-2019", ""},
		{"7 Mar 2019", ""},
		// \d is any decimal digit, but %d starts with an ASCII 1 or 2 when it has two digits.
		{"1\u0665-Mar-19", "2019-03-15"},
		{"\u0661\u0669-Mar-19", ""},
		{"\u0665-Mar-19", ""},
		{"7-Mar-\u0661\u0668", "2018-03-07"},
		// The long s folds to s in the pattern, but "ſep" is no month name.
		{"7-\u017fep-19", ""},
		{"2019-03-02\u200b", ""},
		{"", ""},
		{"None", ""},
		{"2019/03/02", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, ok := parseDate(tt.in)
			got := ""
			if ok {
				got = d.String()
			}
			if got != tt.want {
				t.Errorf("parseDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDigitValue(t *testing.T) {
	for _, zero := range []rune{'0', 0x0660, 0x0966, 0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7F6} {
		for v := 0; v < 10; v++ {
			if got, ok := digitValue(zero + rune(v)); !ok || got != v {
				t.Errorf("digitValue(%U) = %d, %v; want %d", zero+rune(v), got, ok, v)
			}
		}
	}
	if _, ok := digitValue('x'); ok {
		t.Error("x is a digit")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2019-03-02", "7-Mar-19", "7 March 2019", "07-March-2019", "3/7/2019", " 7-\u017fep-19"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDate(s)
		if !ok || !utf8.ValidString(s) {
			return
		}
		// Whatever it reads is a real day that reads back as itself.
		if back, ok := parseDate(d.String()); !ok || back != d {
			t.Errorf("parseDate(%q) = %s, which reads back as %s, %v", s, d, back, ok)
		}
	})
}
