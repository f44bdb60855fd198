package geo

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/planar"
	sf "github.com/peterstace/simplefeatures/geom"
)

// Validity is decided, and polygons are cut, with simplefeatures: a pure-Go
// implementation of the OGC simple feature rules and of a noding overlay,
// so the binary needs no C GEOS and agrees with GEOS on what is valid.

// ErrNotPolygonal is returned by ClipValid for a geometry without area.
var ErrNotPolygonal = errors.New("not a polygon or multipolygon")

// toSF converts g to a simplefeatures geometry without validating it.
func toSF(g orb.Geometry) (sf.Geometry, error) {
	b, err := wkb.Marshal(g)
	if err != nil {
		return sf.Geometry{}, err
	}
	return sf.UnmarshalWKB(b, sf.NoValidate{})
}

// fromSF converts a simplefeatures geometry to orb; a MultiPolygon of one
// polygon becomes that Polygon.
func fromSF(g sf.Geometry) (orb.Geometry, error) {
	o, err := wkb.Unmarshal(g.AsBinary())
	if err != nil {
		return nil, err
	}
	if mp, ok := o.(orb.MultiPolygon); ok && len(mp) == 1 {
		return mp[0], nil
	}
	return o, nil
}

// Validate returns why g is not a valid OGC simple feature (a ring that
// crosses or touches itself, a hole outside its shell, polygons of a
// MultiPolygon that overlap), or nil when it is valid.
func Validate(g orb.Geometry) error {
	s, err := toSF(normalizeAreal(g))
	if err != nil {
		return err
	}
	return s.Validate()
}

// ClipValid returns the part of a valid Polygon or MultiPolygon g inside b
// as a valid Polygon or MultiPolygon, nil when nothing is inside. Unlike
// orb's clip, which joins the pieces of a ring cut in several by edges
// along b (a ring touching itself, invalid for GEOS), it returns each piece
// as its own polygon.
func ClipValid(g orb.Geometry, b orb.Bound) (orb.Geometry, error) {
	g = normalizeAreal(g)
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon:
	default:
		return nil, fmt.Errorf("clip %T: %w", g, ErrNotPolygonal)
	}
	s, err := toSF(g)
	if err != nil {
		return nil, err
	}
	box, err := toSF(b.ToPolygon())
	if err != nil {
		return nil, err
	}
	out, err := sf.Intersection(s, box)
	if err != nil {
		return nil, fmt.Errorf("clip: %w", err)
	}
	if out.IsEmpty() {
		return nil, nil
	}
	switch out.Type() {
	case sf.TypePolygon, sf.TypeMultiPolygon:
	default:
		// Only lines or points where g touches b: no area inside.
		return nil, nil
	}
	// The overlay read an invalid g (a ring folded flat, a, b, a) as
	// covering the box: the area inside it must be the one orb's clip,
	// which cuts ring by ring, finds.
	if want := LandArea(clip.Geometry(b, orb.Clone(g))); math.Abs(out.Area()-want) > 0.1*max(out.Area(), want) {
		return nil, fmt.Errorf("clip: %w (%g inside, the overlay made %g)", errClipMisread, want, out.Area())
	}
	return fromSF(out)
}

// errClipMisread: the overlay's clip of an invalid shape came out of
// another size than the shape's area inside the box.
var errClipMisread = errors.New("the overlay misread the shape")

// LandArea is the planar area of the polygons of g less their holes,
// whatever way their rings turn, in the square units of its coordinates;
// 0 for any other geometry.
func LandArea(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Polygon:
		a := 0.0
		for i, r := range g {
			if i == 0 {
				a += math.Abs(planar.Area(r))
			} else {
				a -= math.Abs(planar.Area(r))
			}
		}
		return a
	case orb.MultiPolygon:
		a := 0.0
		for _, p := range g {
			a += LandArea(p)
		}
		return a
	}
	return 0
}

// normalizeAreal turns a Ring or Bound into the Polygon it stands for.
func normalizeAreal(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Ring:
		return orb.Polygon{g}
	case orb.Bound:
		return g.ToPolygon()
	}
	return g
}
