package api

import (
	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// IncidentFeature renders an incident as a GeoJSON Feature: its geometry
// (a point, a border line or a region) and the Incident fields as
// properties, with lat/lon of its representative point.
func IncidentFeature(inc *incident.Incident) *geojson.Feature {
	var g orb.Geometry = inc.Point
	if inc.Geometry != nil {
		g = inc.Geometry
	}
	f := geojson.NewFeature(g)
	f.ID = inc.ID
	f.Properties = IncidentProperties(inc)
	return f
}

// IncidentProperties lists an incident's properties as the layers publish
// them (ACLED names where ACLED has one).
func IncidentProperties(inc *incident.Incident) geojson.Properties {
	p := geojson.Properties{
		"id":             inc.ID,
		"event_date":     inc.EventDate.Format("2006-01-02"),
		"time_precision": inc.TimePrecision,
		"event_type":     inc.EventType,
		"sub_event_type": inc.SubEventType,
		"actor1":         inc.Actor1,
		"actor2":         inc.Actor2,
		"assoc_actors":   nonNil(inc.AssocActors),
		"location":       inc.Location,
		"place_id":       inc.PlaceID,
		"country_code":   inc.CountryCode,
		"admin1":         inc.Admin1,
		"lat":            round6(inc.Point[1]),
		"lon":            round6(inc.Point[0]),
		"geo_precision":  inc.GeoPrecision,
		"fatalities":     inc.Fatalities,
		"injuries":       inc.Injuries,
		"notes":          inc.Notes,
		"sources":        sources(inc.Sources),
		"confidence":     inc.Confidence,
	}
	return p
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sources(ss []incident.Source) []map[string]any {
	out := make([]map[string]any, 0, len(ss))
	for _, s := range ss {
		m := map[string]any{"id": s.ArticleID, "url": s.URL, "title": s.Title}
		if !s.Published.IsZero() {
			m["published"] = s.Published.Format("2006-01-02")
		}
		if s.SourceName != "" {
			m["source"] = s.SourceName
		}
		out = append(out, m)
	}
	return out
}
