package main

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestPyInt(t *testing.T) {
	// Expectations checked against CPython 3.11's int(s).
	tests := []struct {
		in   string
		want string // "" for ValueError
	}{
		{"3", "3"}, {" 3 ", "3"}, {"+3", "3"}, {"-0", "0"}, {"007", "7"}, {"1_000", "1000"},
		{"\u0663", "3"}, {"3\u00a0", "3"}, {"12345678901234567890123", "12345678901234567890123"},
		{"1__0", ""}, {"_1", ""}, {"3.0", ""}, {"", ""}, {"three", ""}, {"0x10", ""}, {"1e3", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := pyInt(tt.in)
			switch {
			case tt.want == "" && !errors.Is(err, errPyValue):
				t.Errorf("pyInt(%q) = %v, %v; want a ValueError", tt.in, n, err)
			case tt.want != "" && (err != nil || n.String() != tt.want):
				t.Errorf("pyInt(%q) = %v, %v; want %s", tt.in, n, err, tt.want)
			}
		})
	}
}

func TestPyFloat(t *testing.T) {
	// Expectations checked against CPython 3.11's float(s).
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		in    string
		want  float64
		valid bool
	}{
		{"36.5", 36.5, true}, {" -4.25 ", -4.25, true}, {"1_000.5", 1000.5, true}, {"1e3", 1000, true},
		{"1E-2", 0.01, true}, {".5", 0.5, true}, {"5.", 5, true}, {"inf", inf, true}, {"-Infinity", -inf, true},
		{"nan", nan, true}, {"-NaN", nan, true}, {"1e999", inf, true}, {"\u0663.5", 3.5, true}, {"+.5e-1_0", 5e-11, true},
		{"0x1p3", 0, false}, {"1__0", 0, false}, {"", 0, false}, {"N/A", 0, false}, {"5._1", 0, false}, {"1_.5", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := pyFloat(tt.in)
			if !tt.valid {
				if !errors.Is(err, errPyValue) {
					t.Errorf("pyFloat(%q) = %v, %v; want a ValueError", tt.in, f, err)
				}
				return
			}
			if err != nil || !(f == tt.want || math.IsNaN(f) && math.IsNaN(tt.want)) {
				t.Errorf("pyFloat(%q) = %v, %v; want %v", tt.in, f, err, tt.want)
			}
		})
	}
}

// decodeValue decodes one JSON value as the scorer does, numbers as json.Number.
func decodeValue(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPyIntOf(t *testing.T) {
	// int(v or 0) of a JSON value: null and every falsy value are 0, floats truncate.
	tests := []struct {
		json string
		want string // "" for ValueError, "!" for another error
	}{
		{`null`, "0"}, {`0`, "0"}, {`0.0`, "0"}, {`false`, "0"}, {`""`, "0"}, {`[]`, "0"}, {`{}`, "0"},
		{`3`, "3"}, {`2.9`, "2"}, {`-2.9`, "-2"}, {`1e2`, "100"}, {`true`, "1"}, {`"4"`, "4"}, {`" 4 "`, "4"},
		{`"four"`, ""}, {`"4.0"`, ""}, {`[1]`, "!"}, {`{"a":1}`, "!"}, {`1e400`, "!"},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			n, err := pyIntOf(decodeValue(t, tt.json))
			switch tt.want {
			case "":
				if !errors.Is(err, errPyValue) {
					t.Errorf("got %v, %v; want a ValueError", n, err)
				}
			case "!":
				if err == nil || errors.Is(err, errPyValue) {
					t.Errorf("got %v, %v; want an error other than ValueError", n, err)
				}
			default:
				if err != nil || n.String() != tt.want {
					t.Errorf("got %v, %v; want %s", n, err, tt.want)
				}
			}
		})
	}
}

func TestTruthyAndNumber(t *testing.T) {
	tests := []struct {
		json    string
		truthy  bool
		number  bool
		numeric float64
	}{
		{`null`, false, false, 0}, {`false`, false, true, 0}, {`true`, true, true, 1},
		{`0`, false, true, 0}, {`-0.0`, false, true, 0}, {`0.5`, true, true, 0.5}, {`""`, false, false, 0},
		{`"0"`, true, false, 0}, {`[]`, false, false, 0}, {`[0]`, true, false, 0}, {`{}`, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			v := decodeValue(t, tt.json)
			if got := truthy(v); got != tt.truthy {
				t.Errorf("truthy = %v, want %v", got, tt.truthy)
			}
			f, ok := pyNumber(v)
			if ok != tt.number || f != tt.numeric {
				t.Errorf("pyNumber = %v, %v; want %v, %v", f, ok, tt.numeric, tt.number)
			}
		})
	}
}
