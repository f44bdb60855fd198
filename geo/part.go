package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// Direction names a part of a region, as in "northern Syria" or "central Iraq".
type Direction int

// The parts of a region Part can cut out.
const (
	North Direction = iota
	South
	East
	West
	NorthEast
	NorthWest
	SouthEast
	SouthWest
	Central
)

var directionNames = [...]string{
	North: "north", South: "south", East: "east", West: "west",
	NorthEast: "northeast", NorthWest: "northwest", SouthEast: "southeast", SouthWest: "southwest",
	Central: "central",
}

// String returns the direction's lower-case name, such as "northeast".
func (d Direction) String() string {
	if d < 0 || int(d) >= len(directionNames) {
		return "Direction(?)"
	}
	return directionNames[d]
}

var bearingDirections = map[float64]Direction{
	0: North, 45: NorthEast, 90: East, 135: SouthEast,
	180: South, 225: SouthWest, 270: West, 315: NorthWest,
}

// ParseDirection returns the Direction named by word: "north", "northern",
// "north-eastern", "NE", "central", "centre", "middle" and so on, matched
// case-insensitively. The 16-point forms ("NNE") are not directions.
func ParseDirection(word string) (Direction, bool) {
	switch compactWord(word) {
	case "central", "centre", "center", "middle", "mid", "c":
		return Central, true
	}
	deg, ok := Bearing(word)
	if !ok {
		return 0, false
	}
	d, ok := bearingDirections[deg]
	return d, ok
}

// PartBound returns the sub-box of b that d names: a third of the span for
// North, South, East and West (full extent along the other axis), the
// matching quadrant for NorthEast and the other diagonals, and the middle
// third of both spans for Central.
func PartBound(b orb.Bound, d Direction) orb.Bound {
	minX, minY, maxX, maxY := b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	w, h := maxX-minX, maxY-minY
	midX, midY := minX+w/2, minY+h/2
	switch d {
	case North:
		minY = maxY - h/3
	case South:
		maxY = minY + h/3
	case East:
		minX = maxX - w/3
	case West:
		maxX = minX + w/3
	case NorthEast:
		minX, minY = midX, midY
	case NorthWest:
		maxX, minY = midX, midY
	case SouthEast:
		minX, maxY = midX, midY
	case SouthWest:
		maxX, maxY = midX, midY
	case Central:
		minX, maxX = minX+w/3, maxX-w/3
		minY, maxY = minY+h/3, maxY-h/3
	}
	return orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}
}

// Part returns the part of g that d names ("northern Syria"): g clipped to
// PartBound of g's bounding box. For a Polygon or MultiPolygon (or a Bound or
// a Collection of them) the result is an orb.Polygon or orb.MultiPolygon and
// never nil: if clipping leaves nothing, the sub-box itself is returned as a
// polygon. Lines and points are clipped the same way and g itself is returned
// when nothing is left; nil stays nil. g is not modified.
func Part(g orb.Geometry, d Direction) orb.Geometry {
	if g == nil {
		return nil
	}
	b, ok := boundOf(g)
	if !ok {
		return g
	}
	sub := PartBound(b, d)

	var areal orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		areal = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		areal = g
	case orb.Bound:
		areal = orb.MultiPolygon{g.ToPolygon()}
	case orb.Ring:
		areal = orb.MultiPolygon{orb.Polygon{g}}
	case orb.Collection:
		for _, c := range g {
			switch c := c.(type) {
			case orb.Polygon:
				areal = append(areal, c)
			case orb.MultiPolygon:
				areal = append(areal, c...)
			case orb.Bound:
				areal = append(areal, c.ToPolygon())
			}
		}
		if len(areal) == 0 {
			return clipOr(sub, g)
		}
	default:
		return clipOr(sub, g)
	}

	// The overlay cuts a valid shape into valid pieces; orb's clip, the
	// fallback should the overlay fail, may join pieces by edges along sub.
	if len(areal) > 0 {
		var in orb.Geometry = areal
		if len(areal) == 1 {
			in = areal[0]
		}
		if c, err := ClipValid(in, sub); err == nil {
			if c == nil {
				return sub.ToPolygon()
			}
			return c
		}
	}
	// clip works in place; clone so the caller's geometry stays intact.
	mp := clip.MultiPolygon(sub, areal.Clone())
	out := mp[:0]
	for _, p := range mp {
		if len(p) > 0 && len(p[0]) >= 4 {
			out = append(out, p)
		}
	}
	switch len(out) {
	case 0:
		return sub.ToPolygon()
	case 1:
		return out[0]
	}
	return out
}

func clipOr(b orb.Bound, g orb.Geometry) orb.Geometry {
	if c := clip.Geometry(b, orb.Clone(g)); c != nil {
		return c
	}
	return g
}
