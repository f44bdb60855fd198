package query

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"github.com/paulmach/orb/geojson"
)

// ParseBbox reads an OGC bbox: minLon,minLat,maxLon,maxLat (or six numbers
// with heights, which are ignored), in EPSG:4326. A minLon greater than
// maxLon is a box across the antimeridian (see BboxArea).
func ParseBbox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return orb.Bound{}, fmt.Errorf("bbox needs 4 numbers (minLon,minLat,maxLon,maxLat), got %d", len(parts))
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Bound{}, fmt.Errorf("bbox value %d (%q) is not a number", i+1, p)
		}
		v[i] = f
	}
	if len(v) == 6 {
		v = []float64{v[0], v[1], v[3], v[4]}
	}
	minX, minY, maxX, maxY := v[0], v[1], v[2], v[3]
	switch {
	case minX < -180 || maxX > 180 || minX > 180 || maxX < -180:
		return orb.Bound{}, fmt.Errorf("bbox longitudes must be within -180..180")
	case minY < -90 || maxY > 90 || minY > 90 || maxY < -90:
		return orb.Bound{}, fmt.Errorf("bbox latitudes must be within -90..90")
	case minY > maxY:
		return orb.Bound{}, fmt.Errorf("bbox minLat %g is greater than maxLat %g", minY, maxY)
	}
	return orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}, nil
}

// BboxArea returns the area a bbox covers: the box itself, or, when it
// crosses the antimeridian (minLon greater than maxLon, as OGC API -
// Features allows), the two boxes either side of it, as CQL2's BBOX does.
func BboxArea(b orb.Bound) orb.Geometry {
	if b.Min[0] <= b.Max[0] {
		return b
	}
	return orb.MultiPolygon{
		orb.Bound{Min: b.Min, Max: orb.Point{180, b.Max[1]}}.ToPolygon(),
		orb.Bound{Min: orb.Point{-180, b.Min[1]}, Max: b.Max}.ToPolygon(),
	}
}

// Interval is a closed time interval; a nil end is open.
type Interval struct {
	Start, End *time.Time
}

// ParseDatetime reads an OGC datetime: an RFC 3339 instant or date, or an
// interval "start/end" where either end may be ".." or empty (open).
func ParseDatetime(s string) (Interval, error) { return parseInterval("datetime", s) }

// parseInterval reads a value in the OGC datetime syntax given as the
// parameter name (datetime, updated), which its errors name.
func parseInterval(name, s string) (Interval, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Interval{}, fmt.Errorf("%s is empty", name)
	}
	if !strings.Contains(s, "/") {
		t, err := parseInstant(name, s, false)
		if err != nil {
			return Interval{}, err
		}
		end, _ := parseInstant(name, s, true)
		return Interval{Start: &t, End: &end}, nil
	}
	a, b, _ := strings.Cut(s, "/")
	var iv Interval
	if a != ".." && a != "" {
		t, err := parseInstant(name, a, false)
		if err != nil {
			return Interval{}, err
		}
		iv.Start = &t
	}
	if b != ".." && b != "" {
		t, err := parseInstant(name, b, true)
		if err != nil {
			return Interval{}, err
		}
		iv.End = &t
	}
	if iv.Start == nil && iv.End == nil {
		return Interval{}, fmt.Errorf("%s interval %q is open at both ends", name, s)
	}
	if iv.Start != nil && iv.End != nil && iv.End.Before(*iv.Start) {
		return Interval{}, fmt.Errorf("%s interval %q ends before it starts", name, s)
	}
	return iv, nil
}

// parseInstant reads an RFC 3339 timestamp or a date; a date stands for its
// whole day, so as an interval's end it means the end of that day.
func parseInstant(name, s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if end {
			t = t.Add(24*time.Hour - time.Nanosecond)
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s %q is neither an RFC 3339 timestamp (2021-06-27T00:00:00Z) nor a date (2021-06-27)", name, s)
}

// ParseGeometry reads a geometry given as GeoJSON (a geometry, a Feature or
// a FeatureCollection of one feature) or as WKT, and checks its coordinates.
func ParseGeometry(s string) (orb.Geometry, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("the geometry is empty")
	}
	var g orb.Geometry
	if s[0] == '{' {
		var probe struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(s), &probe); err != nil {
			return nil, fmt.Errorf("the geometry is not valid GeoJSON: %v", err)
		}
		var raw any
		_ = json.Unmarshal([]byte(s), &raw)
		if !positionsValid(raw, 0) {
			return nil, fmt.Errorf("the GeoJSON geometry is not valid: every position needs 2 or 3 numbers")
		}
		switch probe.Type {
		case "Feature":
			f, err := geojson.UnmarshalFeature([]byte(s))
			if err != nil {
				return nil, fmt.Errorf("the GeoJSON Feature is not valid: %v", err)
			}
			g = f.Geometry
		case "FeatureCollection":
			fc, err := geojson.UnmarshalFeatureCollection([]byte(s))
			if err != nil || len(fc.Features) != 1 {
				return nil, fmt.Errorf("a GeoJSON FeatureCollection must hold exactly one valid feature")
			}
			g = fc.Features[0].Geometry
		default:
			gg, err := geojson.UnmarshalGeometry([]byte(s))
			if err != nil {
				return nil, fmt.Errorf("the GeoJSON geometry is not valid: %v", err)
			}
			g = gg.Geometry()
		}
	} else {
		gg, err := wkt.Unmarshal(s)
		if err != nil {
			return nil, fmt.Errorf("the geometry is neither GeoJSON nor valid WKT: %v", err)
		}
		g = gg
	}
	if g == nil {
		return nil, fmt.Errorf("the geometry is empty")
	}
	if err := checkCoordinates(g); err != nil {
		return nil, err
	}
	return g, nil
}

// positionsValid checks that every array of numbers in a GeoJSON value is a
// position of 2 or 3 numbers.
func positionsValid(v any, depth int) bool {
	if depth > 64 {
		return false
	}
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if !positionsValid(e, depth+1) {
				return false
			}
		}
	case []any:
		if len(x) > 0 {
			if _, isNum := x[0].(float64); isNum {
				if len(x) < 2 || len(x) > 3 {
					return false
				}
				for _, e := range x {
					if _, ok := e.(float64); !ok {
						return false
					}
				}
				return true
			}
		}
		for _, e := range x {
			if !positionsValid(e, depth+1) {
				return false
			}
		}
	}
	return true
}

func checkCoordinates(g orb.Geometry) error {
	b := g.Bound()
	for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("the geometry has coordinates that are not numbers")
		}
	}
	if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
		return fmt.Errorf("the geometry's coordinates must be longitude -180..180 and latitude -90..90 (EPSG:4326)")
	}
	switch g := g.(type) {
	case orb.Polygon:
		return checkPolygon(g)
	case orb.MultiPolygon:
		for _, p := range g {
			if err := checkPolygon(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkPolygon(p orb.Polygon) error {
	for _, r := range p {
		if len(r) < 4 || r[0] != r[len(r)-1] {
			return fmt.Errorf("every polygon ring needs at least 4 positions and must be closed")
		}
	}
	if len(p) == 0 {
		return fmt.Errorf("a polygon needs a ring")
	}
	return nil
}
