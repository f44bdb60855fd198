// Package jsonenc appends JSON strings, numbers and GeoJSON geometries to
// byte slices without reflection, for the hot paths that write millions of
// features (stored features, exports). Its output is what encoding/json
// and orb's geojson package write for the same values.
package jsonenc

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string exactly as encoding/json writes
// it: HTML-safe (<, > and & escaped), invalid UTF-8 replaced by U+FFFD, and
// U+2028/U+2029 escaped so the output is also valid JavaScript.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendFloat appends f as encoding/json formats a float64; NaN and
// infinities, which JSON cannot hold, become null.
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// encoding/json writes e-09 as e-9
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// Geometry appends g as a GeoJSON geometry object. decimals rounds every
// coordinate to that many decimals (trailing zeros dropped); a negative
// decimals keeps them exact, as orb's geojson writes them. Rings and bounds
// are written as polygons, collections as GeometryCollections; nil as null.
func Geometry(dst []byte, g orb.Geometry, decimals int) []byte {
	c := coords{decimals: decimals}
	if decimals >= 0 {
		c.scale = math.Pow(10, float64(decimals))
	}
	return c.geometry(dst, g)
}

type coords struct {
	decimals int
	scale    float64
}

func (c coords) num(dst []byte, v float64) []byte {
	if c.decimals < 0 {
		return AppendFloat(dst, v)
	}
	return AppendFloat(dst, math.Round(v*c.scale)/c.scale)
}

func (c coords) point(dst []byte, p orb.Point) []byte {
	dst = append(dst, '[')
	dst = c.num(dst, p[0])
	dst = append(dst, ',')
	dst = c.num(dst, p[1])
	return append(dst, ']')
}

func (c coords) points(dst []byte, ps []orb.Point) []byte {
	dst = append(dst, '[')
	for i, p := range ps {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = c.point(dst, p)
	}
	return append(dst, ']')
}

func (c coords) polygon(dst []byte, p orb.Polygon) []byte {
	dst = append(dst, '[')
	for i, r := range p {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = c.points(dst, r)
	}
	return append(dst, ']')
}

func (c coords) geometry(dst []byte, g orb.Geometry) []byte {
	switch g := g.(type) {
	case nil:
		return append(dst, "null"...)
	case orb.Point:
		dst = append(dst, `{"type":"Point","coordinates":`...)
		dst = c.point(dst, g)
	case orb.MultiPoint:
		dst = append(dst, `{"type":"MultiPoint","coordinates":`...)
		dst = c.points(dst, g)
	case orb.LineString:
		dst = append(dst, `{"type":"LineString","coordinates":`...)
		dst = c.points(dst, g)
	case orb.MultiLineString:
		dst = append(dst, `{"type":"MultiLineString","coordinates":[`...)
		for i, l := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = c.points(dst, l)
		}
		dst = append(dst, ']')
	case orb.Ring:
		return c.geometry(dst, orb.Polygon{g})
	case orb.Bound:
		return c.geometry(dst, g.ToPolygon())
	case orb.Polygon:
		dst = append(dst, `{"type":"Polygon","coordinates":`...)
		dst = c.polygon(dst, g)
	case orb.MultiPolygon:
		dst = append(dst, `{"type":"MultiPolygon","coordinates":[`...)
		for i, p := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = c.polygon(dst, p)
		}
		dst = append(dst, ']')
	case orb.Collection:
		dst = append(dst, `{"type":"GeometryCollection","geometries":[`...)
		for i, part := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = c.geometry(dst, part)
		}
		dst = append(dst, ']')
	default:
		return append(dst, "null"...)
	}
	return append(dst, '}')
}
