package incident

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// ErrInvalid is wrapped by errors about an incident no store may keep (no
// id or date, a missing or malformed geometry).
var ErrInvalid = errors.New("invalid record")

// Validate checks that in has an id, a date and a geometry the stores can
// index: a non-empty Point, MultiPoint, LineString, MultiLineString,
// Polygon or MultiPolygon with finite lon/lat in range, lines of two points
// or more and rings of four or more. Its errors wrap ErrInvalid.
func (in *Incident) Validate() error {
	if strings.TrimSpace(in.ID) == "" {
		return fmt.Errorf("%w: incident without id", ErrInvalid)
	}
	if in.EventDate.IsZero() {
		return fmt.Errorf("%w: incident without event date", ErrInvalid)
	}
	if err := ValidateGeometry(in.Geometry); err != nil {
		return err
	}
	if !validPoint(in.Point) {
		return fmt.Errorf("%w: representative point %v out of range", ErrInvalid, in.Point)
	}
	return nil
}

// ValidateGeometry reports why g cannot be stored, wrapping ErrInvalid,
// or nil.
func ValidateGeometry(g orb.Geometry) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: geometry: "+format, append([]any{ErrInvalid}, args...)...)
	}
	points := func(ps []orb.Point, minLen int, what string) error {
		if len(ps) < minLen {
			return bad("%s needs %d points, has %d", what, minLen, len(ps))
		}
		for _, p := range ps {
			if !validPoint(p) {
				return bad("coordinate %v out of range", p)
			}
		}
		return nil
	}
	polygon := func(p orb.Polygon) error {
		if len(p) == 0 {
			return bad("empty polygon")
		}
		for _, r := range p {
			if err := points(r, 4, "ring"); err != nil {
				return err
			}
			if r[0] != r[len(r)-1] {
				return bad("ring not closed")
			}
		}
		return nil
	}
	switch g := g.(type) {
	case nil:
		return bad("missing")
	case orb.Point:
		return points([]orb.Point{g}, 1, "point")
	case orb.MultiPoint:
		return points(g, 1, "multipoint")
	case orb.LineString:
		return points(g, 2, "linestring")
	case orb.MultiLineString:
		if len(g) == 0 {
			return bad("empty multilinestring")
		}
		for _, l := range g {
			if err := points(l, 2, "linestring"); err != nil {
				return err
			}
		}
	case orb.Polygon:
		return polygon(g)
	case orb.MultiPolygon:
		if len(g) == 0 {
			return bad("empty multipolygon")
		}
		for _, p := range g {
			if err := polygon(p); err != nil {
				return err
			}
		}
	default:
		return bad("unsupported type %s", g.GeoJSONType())
	}
	return nil
}

func validPoint(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}
