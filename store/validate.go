package store

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

// ErrInvalid is wrapped by errors about a record a store refuses to write
// (no id, a missing or malformed geometry); nothing of the ingest is kept.
var ErrInvalid = errors.New("invalid record")

// MaxCanonicalURL and MaxByline bound an article's canonical URL and
// byline, in bytes.
const (
	MaxCanonicalURL = 4096
	MaxByline       = 1000
)

// ValidateRecord checks what Ingest is about to write, so both stores
// refuse the same records before touching the database.
func ValidateRecord(a ArticleRecord) error {
	if strings.TrimSpace(a.Article.ID) == "" {
		return fmt.Errorf("%w: article without id", ErrInvalid)
	}
	if len(a.CanonicalURL) > MaxCanonicalURL {
		return fmt.Errorf("%w: canonical URL of %d bytes, more than %d", ErrInvalid, len(a.CanonicalURL), MaxCanonicalURL)
	}
	if len(a.Byline) > MaxByline {
		return fmt.Errorf("%w: byline of %d bytes, more than %d", ErrInvalid, len(a.Byline), MaxByline)
	}
	for i := range a.Incidents {
		if err := ValidateIncident(&a.Incidents[i]); err != nil {
			return fmt.Errorf("incident %d (%q): %w", i, a.Incidents[i].ID, err)
		}
	}
	return nil
}

// ValidateIncident checks that in has an id, a date and a geometry the
// stores can index: a non-empty Point, MultiPoint, LineString,
// MultiLineString, Polygon or MultiPolygon with finite lon/lat in range,
// lines of two points or more and rings of four or more.
func ValidateIncident(in *incident.Incident) error {
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

// ValidateGeometry reports why g cannot be stored, or nil.
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
