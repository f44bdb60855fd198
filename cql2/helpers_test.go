package cql2

// testQueryables mirror the incident store's queryables.
func testQueryables() Queryables {
	return Queryables{
		"id":             {"i.id", TypeString},
		"event_type":     {"i.event_type", TypeString},
		"sub_event_type": {"i.sub_event_type", TypeString},
		"actor1":         {"i.actor1", TypeString},
		"country_code":   {"i.country_code", TypeString},
		"event_date":     {"i.event_date", TypeDate},
		"fatalities":     {"i.fatalities", TypeInteger},
		"confidence":     {"i.confidence", TypeNumber},
		"verified":       {"i.verified", TypeBoolean},
		"ingested_at":    {"i.ingested_at", TypeTimestamp},
		"geometry":       {"i.geom", TypeGeometry},
	}
}
