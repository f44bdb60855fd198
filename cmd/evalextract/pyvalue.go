package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// The reference scorers read numbers and truth values with Python's rules; these
// functions give the same answers on the same input: int() and float() of a CSV cell,
// int(x or 0) of a JSON value, and truthiness. JSON values are decoded with UseNumber, so
// a number keeps its literal and, as in Python's json module, an integer literal is an
// int and one with a fraction or exponent a float.

// errPyValue is Python's ValueError from int() or float(): score_acled.py catches it
// around the fatalities comparison and nowhere else.
var errPyValue = errors.New("not a number Python reads")

// pyIntRE is what int(s) accepts after stripping: a sign, decimal digits (any script),
// single underscores between digits.
var pyIntRE = regexp.MustCompile(`^[+-]?\p{Nd}(?:_?\p{Nd})*$`)

// pyInt is Python's int(s) for a string.
func pyInt(s string) (*big.Int, error) {
	s = pyStrip(s)
	if !pyIntRE.MatchString(s) {
		return nil, fmt.Errorf("int(%q): %w", s, errPyValue)
	}
	n, ok := new(big.Int).SetString(strings.ReplaceAll(asciiDigits(s), "_", ""), 10)
	if !ok {
		return nil, fmt.Errorf("int(%q): %w", s, errPyValue)
	}
	return n, nil
}

// pyFloatRE is what float(s) accepts after stripping, digits already in ASCII.
var pyFloatRE = regexp.MustCompile(`^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|(?i:inf|infinity|nan))$`)

// pyFloat is Python's float(s) for a string: "1e999" is +Inf, "-nan" NaN.
func pyFloat(s string) (float64, error) {
	a := asciiDigits(pyStrip(s))
	if !pyFloatRE.MatchString(a) {
		return 0, fmt.Errorf("float(%q): %w", s, errPyValue)
	}
	a = strings.ReplaceAll(a, "_", "")
	if strings.HasSuffix(strings.ToLower(a), "nan") {
		return math.NaN(), nil
	}
	f, err := strconv.ParseFloat(a, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("float(%q): %w", s, errPyValue)
	}
	return f, nil
}

// asciiDigits replaces decimal digits of other scripts with ASCII ones, as Python does
// before reading a number.
func asciiDigits(s string) string {
	if isASCII(s) {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		if v, ok := digitValue(r); ok {
			sb.WriteByte(byte('0' + v))
		} else {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// intOr is Python's int(c or def) for a CSV cell.
func (c cell) intOr(def int64) (*big.Int, error) {
	if !c.ok || c.s == "" {
		return big.NewInt(def), nil
	}
	return pyInt(c.s)
}

// pyIntOf is Python's int(v or 0) for a decoded JSON value: a float is truncated, a
// string read as by int(s), true is 1. A ValueError is wrapped errPyValue; any other
// error is one Python raises as something else (TypeError, OverflowError), which ends
// score_acled.py.
func pyIntOf(v any) (*big.Int, error) {
	if !truthy(v) {
		return new(big.Int), nil
	}
	switch x := v.(type) {
	case bool:
		return big.NewInt(1), nil
	case json.Number:
		if n, ok := new(big.Int).SetString(string(x), 10); ok {
			return n, nil
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, fmt.Errorf("int(%s): cannot convert float infinity to integer", x)
		}
		n, _ := big.NewFloat(f).Int(nil) // truncates toward zero, as int(float) does
		return n, nil
	case string:
		return pyInt(x)
	default:
		return nil, fmt.Errorf("int() argument must be a string or a number, not %s", pyType(v))
	}
}

// truthy is Python's bool(v) for a decoded JSON value.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		return err != nil || f != 0 // out of range is far from zero
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// pyNumber returns v as a float when Python's isinstance(v, (int, float)) holds for it:
// a JSON number or a bool (bool is an int in Python); a float64 is one already read.
func pyNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, false
		}
		return f, true
	}
	return 0, false
}

// pyType names v's Python type, for error messages.
func pyType(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case json.Number:
		return "number"
	case string:
		return "str"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}

// pyEqualString is Python's a == b where b is a str or None (ok false).
func pyEqualString(a any, b cell) bool {
	if !b.ok {
		return a == nil
	}
	s, ok := a.(string)
	return ok && s == b.s
}
