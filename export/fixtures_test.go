package export

import (
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

func intPtr(i int) *int { return &i }

// trickyNotes has everything that breaks naive CSV, XML and JSON writers.
const trickyNotes = `Witnesses said "the drone hit twice, then left" near <b>the market</b> & the bridge;` + "\n" +
	`a second line, with 'single' quotes	and a tab.`

// noteFragment is a piece of trickyNotes that GDAL prints verbatim.
const noteFragment = `"the drone hit twice, then left"`

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixtures returns six incidents covering every geometry kind the
// extractor produces, plus a MultiPolygon and a Point-only incident.
func fixtures() []*incident.Incident {
	src := []incident.Source{{
		ArticleID:  "a1",
		URL:        "https://example.org/news/1",
		Title:      "Strikes near the border",
		Published:  time.Date(2024, 2, 3, 8, 30, 0, 0, time.UTC),
		SourceName: "Example News",
	}}
	return []*incident.Incident{
		{
			ID: "inc-point", EventDate: date("2024-02-02"), TimePrecision: 1,
			EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
			Actor1: "Military Forces of the United States", Actor2: "Kata'ib Hezbollah",
			AssocActors: []string{"Coalition", "Ally"},
			Location:    "Dayr az Zawr", PlaceID: "gn:170794", CountryCode: "SY", Admin1: "Deir ez-Zor",
			Geometry: orb.Point{40.14190123456, 35.33590987654}, Point: orb.Point{40.14190123456, 35.33590987654},
			GeoPrecision: 1, Fatalities: intPtr(5), Injuries: intPtr(12),
			Notes: "A drone struck a depot in Dayr az Zawr.", Sources: src, Confidence: 0.92,
		},
		{
			ID: "inc-border", EventDate: date("2024-02-03"), TimePrecision: 2,
			EventType: "Battles", SubEventType: "Armed clash",
			Actor1: "Military Forces of Iraq", Location: "Iraq-Syria border near Ālbū Kamāl",
			PlaceID: "border:IQ-SY", CountryCode: "IQ", Admin1: "Al Anbar",
			Geometry:     orb.LineString{{41.0, 34.2}, {40.95, 34.45}, {41.2, 34.9}},
			Point:        orb.Point{40.95, 34.45},
			GeoPrecision: 3, Fatalities: nil, Injuries: nil,
			Notes: "Clashes along the border near Ālbū Kamāl.", Sources: src, Confidence: 0.6,
		},
		{
			ID: "inc-multiline", EventDate: date("2024-02-04"), TimePrecision: 3,
			EventType: "Explosions/Remote violence", SubEventType: "Shelling/artillery/missile attack",
			Location: "Euphrates crossings", CountryCode: "SY",
			Geometry: orb.MultiLineString{
				{{40.1, 35.3}, {40.2, 35.25}},
				{{40.5, 35.0}, {40.6, 34.9}, {40.7, 34.85}},
			},
			Point:        orb.Point{40.2, 35.25},
			GeoPrecision: 2, Fatalities: intPtr(0), Injuries: nil,
			Notes: "Shelling hit two crossings.", Confidence: 0.5,
		},
		{
			ID: "inc-region", EventDate: date("2024-02-05"), TimePrecision: 1,
			EventType: "Explosions/Remote violence", SubEventType: "Remote explosive/landmine/IED",
			Location: "Anbar province", PlaceID: "gn:99592", CountryCode: "IQ", Admin1: "Al Anbar",
			Geometry: orb.Polygon{
				{{39.0, 32.0}, {44.0, 32.0}, {44.0, 35.0}, {39.0, 35.0}, {39.0, 32.0}},
				{{41.0, 33.0}, {41.5, 33.0}, {41.5, 33.5}, {41.0, 33.0}},
			},
			Point:        orb.Point{42.0, 33.4},
			GeoPrecision: 3, Fatalities: intPtr(3), Injuries: intPtr(7),
			Notes: "An IED exploded somewhere in Anbar.", Sources: src, Confidence: 0.4,
		},
		{
			ID: "inc-notes", EventDate: date("2024-02-06"), TimePrecision: 1,
			EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
			Location: "Ālbū Kamāl", CountryCode: "SY", Admin1: "Deir ez-Zor",
			Point:        orb.Point{40.9172, 34.4525}, // no Geometry: the Point stands in
			GeoPrecision: 1, Fatalities: nil, Injuries: intPtr(2),
			Notes: trickyNotes, Sources: src, Confidence: 0.75,
		},
		{
			ID: "inc-multipolygon", EventDate: date("2024-02-07"), TimePrecision: 2,
			EventType: "Battles", SubEventType: "Armed clash",
			Location: "Two districts", CountryCode: "IQ",
			Geometry: orb.MultiPolygon{
				{{{43.0, 36.0}, {43.2, 36.0}, {43.2, 36.2}, {43.0, 36.0}}},
				{{{44.0, 36.5}, {44.3, 36.5}, {44.3, 36.8}, {44.0, 36.5}}},
			},
			Point:        orb.Point{43.1, 36.1},
			GeoPrecision: 3, Fatalities: intPtr(1), Injuries: nil,
			Notes: "Fighting in two districts.", Confidence: 0.3,
		},
	}
}

// synthetic returns the i-th of a stream of generated incidents.
func synthetic(i int) *incident.Incident {
	lon := 38 + float64(i%4000)/1000
	lat := 32 + float64(i%3000)/1000
	f := i % 7
	inc := &incident.Incident{
		ID: fmt.Sprintf("syn-%d", i), EventDate: date("2024-01-01").AddDate(0, 0, i%365), TimePrecision: 1 + i%3,
		EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
		Actor1: "Military Forces of the United States", Location: "Dayr az Zawr", CountryCode: "SY",
		Point: orb.Point{lon, lat}, GeoPrecision: 1, Fatalities: &f,
		Notes:      "A drone struck a depot, witnesses said, killing several people.",
		Confidence: 0.8,
	}
	if i%10 == 0 {
		inc.Geometry = orb.LineString{{lon, lat}, {lon + 0.1, lat + 0.1}, {lon + 0.2, lat}}
	}
	return inc
}
