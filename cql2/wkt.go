package cql2

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// wktKinds are the geometry literal keywords of CQL2 text.
var wktKinds = map[string]bool{
	"POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true, "BBOX": true,
}

// parseWKT parses a WKT geometry or BBOX(...) starting at the keyword.
func (p *textParser) parseWKT() (orb.Geometry, error) {
	kw := p.next()
	kind := strings.ToUpper(kw.text)
	if t := p.peek(); isKeyword(t, "Z") || isKeyword(t, "M") || isKeyword(t, "ZM") {
		return nil, p.errAt(t, "%s %s: only 2D coordinates (lon lat) are supported", kind, strings.ToUpper(t.text))
	}
	if t := p.peek(); isKeyword(t, "EMPTY") {
		return nil, p.errAt(t, "empty geometries are not supported")
	}
	if err := p.enter(kw); err != nil {
		return nil, err
	}
	defer p.leave()
	if _, err := p.expect(tLParen, "'('", "after "+kind); err != nil {
		return nil, err
	}
	var g orb.Geometry
	var err error
	switch kind {
	case "BBOX":
		g, err = p.wktBBox()
	case "POINT":
		g, err = p.wktPoint()
	case "LINESTRING":
		g, err = p.wktLine(2, false)
	case "POLYGON":
		g, err = p.wktPolygon()
	case "MULTIPOINT":
		g, err = p.wktMultiPoint()
	case "MULTILINESTRING":
		g, err = p.wktMultiLine()
	case "MULTIPOLYGON":
		g, err = p.wktMultiPolygon()
	case "GEOMETRYCOLLECTION":
		g, err = p.wktCollection()
	}
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tRParen, "')'", "to close "+kind+"(...)"); err != nil {
		return nil, err
	}
	return g, nil
}

// wktMultiPoint reads the points of MULTIPOINT(...) after the '('.
func (p *textParser) wktMultiPoint() (orb.MultiPoint, error) {
	var mp orb.MultiPoint
	for {
		wrapped := p.peek().kind == tLParen
		if wrapped {
			p.next()
		}
		pt, err := p.wktPoint()
		if err != nil {
			return nil, err
		}
		if wrapped {
			if _, err := p.expect(tRParen, "')'", "after a point of MULTIPOINT"); err != nil {
				return nil, err
			}
		}
		mp = append(mp, pt)
		if !p.more("MULTIPOINT") {
			break
		}
	}
	return mp, nil
}

// wktMultiLine reads the lines of MULTILINESTRING(...) after the '('.
func (p *textParser) wktMultiLine() (orb.MultiLineString, error) {
	var ml orb.MultiLineString
	for {
		if _, err := p.expect(tLParen, "'('", "to start a line of MULTILINESTRING"); err != nil {
			return nil, err
		}
		l, err := p.wktLine(2, false)
		if err != nil {
			return nil, err
		}
		p.next() // the line's ')'
		ml = append(ml, l)
		if !p.more("MULTILINESTRING") {
			break
		}
	}
	return ml, nil
}

// wktMultiPolygon reads the polygons of MULTIPOLYGON(...) after the '('.
func (p *textParser) wktMultiPolygon() (orb.MultiPolygon, error) {
	var mp orb.MultiPolygon
	for {
		if _, err := p.expect(tLParen, "'('", "to start a polygon of MULTIPOLYGON"); err != nil {
			return nil, err
		}
		pg, err := p.wktPolygon()
		if err != nil {
			return nil, err
		}
		p.next() // the polygon's ')'
		mp = append(mp, pg)
		if !p.more("MULTIPOLYGON") {
			break
		}
	}
	return mp, nil
}

// wktCollection reads the members of GEOMETRYCOLLECTION(...) after the '('.
func (p *textParser) wktCollection() (orb.Collection, error) {
	var c orb.Collection
	for {
		t := p.peek()
		if t.kind != tIdent || !wktKinds[strings.ToUpper(t.text)] || strings.EqualFold(t.text, "BBOX") {
			return nil, p.errAt(t, "expected a WKT geometry in GEOMETRYCOLLECTION but found %s", t.describe())
		}
		m, err := p.parseWKT()
		if err != nil {
			return nil, err
		}
		c = append(c, m)
		if !p.more("GEOMETRYCOLLECTION") {
			break
		}
	}
	return c, nil
}

// more consumes a comma and reports true, or reports false before a ')'.
func (p *textParser) more(kind string) bool {
	if p.peek().kind == tComma {
		p.next()
		return true
	}
	return false
}

func (p *textParser) wktNumber(what string) (float64, error) {
	t := p.peek()
	if t.kind != tNumber {
		return 0, p.errAt(t, "expected %s but found %s", what, t.describe())
	}
	p.next()
	f, err := strconv.ParseFloat(t.text, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, p.errAt(t, "the number %s is out of range", t.text)
	}
	return f, nil
}

func (p *textParser) wktPoint() (orb.Point, error) {
	start := p.peek()
	x, err := p.wktNumber("a longitude")
	if err != nil {
		return orb.Point{}, err
	}
	y, err := p.wktNumber("a latitude after the longitude")
	if err != nil {
		return orb.Point{}, err
	}
	if t := p.peek(); t.kind == tNumber {
		return orb.Point{}, p.errAt(t, "only 2D coordinates (lon lat) are supported")
	}
	pt := orb.Point{x, y}
	if msg := checkPoint(pt); msg != "" {
		return pt, p.errAt(start, "%s", msg)
	}
	return pt, nil
}

// wktLine parses points up to the closing ')', which it leaves.
func (p *textParser) wktLine(min int, ring bool) (orb.LineString, error) {
	start := p.peek()
	var l orb.LineString
	for {
		pt, err := p.wktPoint()
		if err != nil {
			return nil, err
		}
		l = append(l, pt)
		if p.peek().kind != tComma {
			break
		}
		p.next()
	}
	if ring {
		if msg := checkRing(orb.Ring(l)); msg != "" {
			return nil, p.errAt(start, "%s", msg)
		}
	} else if len(l) < min {
		return nil, p.errAt(start, "a line needs at least %d points", min)
	}
	if t := p.peek(); t.kind != tRParen {
		return nil, p.errAt(t, "expected ',' or ')' after a point but found %s", t.describe())
	}
	return l, nil
}

// wktPolygon parses rings up to the closing ')', which it leaves.
func (p *textParser) wktPolygon() (orb.Polygon, error) {
	var pg orb.Polygon
	for {
		if _, err := p.expect(tLParen, "'('", "to start a ring of POLYGON"); err != nil {
			return nil, err
		}
		r, err := p.wktLine(4, true)
		if err != nil {
			return nil, err
		}
		p.next() // the ring's ')'
		pg = append(pg, orb.Ring(r))
		if p.peek().kind != tComma {
			break
		}
		p.next()
	}
	if t := p.peek(); t.kind != tRParen {
		return nil, p.errAt(t, "expected ',' or ')' after a ring but found %s", t.describe())
	}
	return pg, nil
}

func (p *textParser) wktBBox() (orb.Geometry, error) {
	start := p.peek()
	var v []float64
	for {
		f, err := p.wktNumber("a number in BBOX")
		if err != nil {
			return nil, err
		}
		v = append(v, f)
		if p.peek().kind != tComma {
			break
		}
		p.next()
	}
	if t := p.peek(); t.kind != tRParen {
		return nil, p.errAt(t, "expected ',' or ')' in BBOX but found %s", t.describe())
	}
	g, msg := bboxGeometry(v)
	if msg != "" {
		return nil, p.errAt(start, "%s", msg)
	}
	return g, nil
}

// bboxGeometry turns BBOX numbers into an orb.Bound, or a MultiPolygon of
// two boxes when the box crosses the antimeridian; msg explains a failure.
func bboxGeometry(v []float64) (orb.Geometry, string) {
	switch len(v) {
	case 4:
	case 6:
		return nil, "BBOX with 6 numbers is 3D: only 2D boxes (minlon, minlat, maxlon, maxlat) are supported"
	default:
		return nil, fmt.Sprintf("BBOX needs 4 numbers (minlon, minlat, maxlon, maxlat), found %d", len(v))
	}
	lo, hi := orb.Point{v[0], v[1]}, orb.Point{v[2], v[3]}
	for _, pt := range []orb.Point{lo, hi} {
		if msg := checkPoint(pt); msg != "" {
			return nil, msg
		}
	}
	if lo[1] > hi[1] {
		return nil, "BBOX minimum latitude is greater than its maximum"
	}
	if lo[0] > hi[0] {
		// Crossing the antimeridian: two boxes.
		return orb.MultiPolygon{
			orb.Bound{Min: lo, Max: orb.Point{180, hi[1]}}.ToPolygon(),
			orb.Bound{Min: orb.Point{-180, lo[1]}, Max: hi}.ToPolygon(),
		}, ""
	}
	return orb.Bound{Min: lo, Max: hi}, ""
}

// checkPoint returns why pt is not a WGS84 lon/lat position, or "".
func checkPoint(pt orb.Point) string {
	if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) || math.IsInf(pt[0], 0) || math.IsInf(pt[1], 0) {
		return "coordinates must be finite numbers"
	}
	if pt[0] < -180 || pt[0] > 180 || pt[1] < -90 || pt[1] > 90 {
		return fmt.Sprintf("coordinate (%g %g) is outside lon -180..180, lat -90..90 (CRS84, longitude first)", pt[0], pt[1])
	}
	return ""
}

// checkRing returns why r is not a closed polygon ring, or "".
func checkRing(r orb.Ring) string {
	if len(r) < 4 {
		return "a polygon ring needs at least 4 points"
	}
	if r[0] != r[len(r)-1] {
		return "a polygon ring must end at the point it starts from"
	}
	return ""
}
