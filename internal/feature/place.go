package feature

import (
	"fmt"
	"math"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// MentionGeometry says which geometry mention Features carry.
type MentionGeometry int

// The geometries a mention Feature may carry.
const (
	// MentionPoint gives each mention its place's representative point, so
	// the output stays proportional to the text (a "U.S." is not the
	// outline of the United States each time).
	MentionPoint MentionGeometry = iota
	// MentionPlaces gives each mention its point and adds a top-level
	// "places" member holding each distinct place's full geometry once.
	MentionPlaces
	// MentionFull gives each mention its place's full geometry (a border
	// line, a region polygon).
	MentionFull
)

// ParseMentionGeometry reads point (or empty), places or full.
func ParseMentionGeometry(s string) (MentionGeometry, error) {
	switch s {
	case "", "point":
		return MentionPoint, nil
	case "places":
		return MentionPlaces, nil
	case "full":
		return MentionFull, nil
	}
	return 0, fmt.Errorf("geometry is point, places or full, not %q", s)
}

// Mentions renders place mentions as a GeoJSON FeatureCollection,
// one Feature per mention with the properties of the geoparse contract and
// the geometry g says.
func Mentions(ms []gazetteer.Mention, g MentionGeometry) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	fc.Features = make([]*geojson.Feature, 0, len(ms))
	var places []*geojson.Feature
	seen := map[string]bool{}
	for _, m := range ms {
		var geom orb.Geometry = m.Place.Point
		if g == MentionFull {
			geom = m.Place.Geometry()
		}
		located := m.Place.Located()
		if !located {
			geom = nil // a name nothing locates: a null geometry
		}
		f := geojson.NewFeature(geom)
		f.Properties = geojson.Properties{
			"text": m.Text, "start": m.Start, "end": m.End,
			"place_id": m.Place.ID, "name": m.Place.Name, "kind": string(m.Place.Kind),
			"country_code": m.Place.CountryCode, "role": string(m.Role), "confidence": m.Confidence,
			"precision": m.Precision,
		}
		if located {
			f.Properties["lat"], f.Properties["lon"] = round6(m.Place.Lat()), round6(m.Place.Lon())
		}
		if m.Place.Admin1 != "" {
			f.Properties["admin1"] = m.Place.Admin1
		}
		if m.Demonym {
			f.Properties["demonym"] = true
		}
		if m.Modifier != "" {
			f.Properties["modifier"] = m.Modifier
		}
		fc.Append(f)
		if g == MentionPlaces && located && !seen[m.Place.ID] {
			seen[m.Place.ID] = true
			pf := geojson.NewFeature(m.Place.Geometry())
			pf.ID = m.Place.ID
			pf.Properties = geojson.Properties{"place_id": m.Place.ID, "name": m.Place.Name, "kind": string(m.Place.Kind)}
			places = append(places, pf)
		}
	}
	if g == MentionPlaces {
		if places == nil {
			places = []*geojson.Feature{}
		}
		fc.ExtraMembers = geojson.Properties{"places": places}
	}
	return fc
}

// Place renders one gazetteer place as a GeoJSON Feature.
func Place(p *gazetteer.Place) *geojson.Feature {
	f := geojson.NewFeature(p.Geometry())
	f.ID = p.ID
	f.Properties = geojson.Properties{
		"id": p.ID, "name": p.Name, "kind": string(p.Kind), "country_code": p.CountryCode,
		"lat": round6(p.Lat()), "lon": round6(p.Lon()),
	}
	if p.Admin1 != "" {
		f.Properties["admin1"] = p.Admin1
	}
	if p.Population > 0 {
		f.Properties["population"] = p.Population
	}
	if p.FeatureCode != "" {
		f.Properties["feature_code"] = p.FeatureCode
	}
	if len(p.Alternates) > 0 {
		f.Properties["alternate_names"] = p.Alternates
	}
	if len(p.Codes) > 0 {
		f.Properties["codes"] = p.Codes
	}
	return f
}

// SearchResults renders search results, best first, with their scores.
func SearchResults(rs []gazetteer.SearchResult) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	fc.Features = make([]*geojson.Feature, 0, len(rs))
	for _, r := range rs {
		f := Place(r.Place)
		f.Properties["score"] = math.Round(r.Score*100) / 100
		fc.Append(f)
	}
	return fc
}

// round6 keeps the six decimals the geoparse contract has always given
// mentions and places.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
