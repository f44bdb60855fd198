package main

import (
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/paulmach/orb/geojson"
)

// placeFeatures renders search results as GeoJSON.
func placeFeatures(results []gazetteer.SearchResult) *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, r := range results {
		p := r.Place
		f := geojson.NewFeature(p.Geometry())
		f.ID = p.ID
		f.Properties = geojson.Properties{
			"id": p.ID, "name": p.Name, "kind": string(p.Kind), "country_code": p.CountryCode,
			"admin1": p.Admin1, "population": p.Population, "feature_code": p.FeatureCode,
			"lat": p.Lat(), "lon": p.Lon(), "score": r.Score,
		}
		fc.Append(f)
	}
	return fc
}
