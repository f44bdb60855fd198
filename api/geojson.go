package api

import (
	"math"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/paulmach/orb/geojson"
)

// MentionFeatures renders place mentions as a GeoJSON FeatureCollection,
// one Feature per mention with the properties of the geoparse contract.
func MentionFeatures(ms []gazetteer.Mention) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	fc.Features = make([]*geojson.Feature, 0, len(ms))
	for _, m := range ms {
		f := geojson.NewFeature(m.Place.Geometry())
		f.Properties = geojson.Properties{
			"text": m.Text, "start": m.Start, "end": m.End,
			"place_id": m.Place.ID, "name": m.Place.Name, "kind": string(m.Place.Kind),
			"country_code": m.Place.CountryCode, "role": string(m.Role), "confidence": m.Confidence,
			"precision": m.Precision, "lat": round6(m.Place.Lat()), "lon": round6(m.Place.Lon()),
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
	}
	return fc
}

// PlaceFeature renders one gazetteer place as a GeoJSON Feature.
func PlaceFeature(p *gazetteer.Place) *geojson.Feature {
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

// SearchFeatures renders search results, best first, with their scores.
func SearchFeatures(rs []gazetteer.SearchResult) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	fc.Features = make([]*geojson.Feature, 0, len(rs))
	for _, r := range rs {
		f := PlaceFeature(r.Place)
		f.Properties["score"] = math.Round(r.Score*100) / 100
		fc.Append(f)
	}
	return fc
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
