package store

import "github.com/incidentmap/incidentmap/cql2"

// ColumnType is the type a queryable holds, for filter validation.
type ColumnType string

// The types of queryable columns.
const (
	TypeString    ColumnType = "string"
	TypeInteger   ColumnType = "integer"
	TypeNumber    ColumnType = "number"
	TypeDate      ColumnType = "date"
	TypeGeometry  ColumnType = "geometry"
	TypeTimestamp ColumnType = "timestamp"
)

// Column is one filterable property of an incident: its name in queries
// (and in a CQL2 filter), its type and what it means. Each store maps the
// names to its own columns.
type Column struct {
	Name        string
	Type        ColumnType
	Description string
}

// Queryables lists the incident properties filters may use, the same in
// both stores. The spatial one is "geometry", the temporal one "event_date".
func Queryables() []Column {
	return []Column{
		{"id", TypeString, "stable incident id"},
		{"event_date", TypeDate, "the day the event happened"},
		{"time_precision", TypeInteger, "1 day known, 2 within a week, 3 month or longer"},
		{"event_type", TypeString, "ACLED event type"},
		{"sub_event_type", TypeString, "ACLED sub-event type"},
		{"actor1", TypeString, "who acted"},
		{"actor2", TypeString, "who was targeted"},
		{"location", TypeString, "the place's name"},
		{"place_id", TypeString, "gazetteer id of the place"},
		{"country_code", TypeString, "ISO 3166-1 alpha-2"},
		{"admin1", TypeString, "first-level division code"},
		{"geo_precision", TypeInteger, "1 exact, 2 near, 3 region"},
		{"fatalities", TypeInteger, "people killed; null when unknown"},
		{"injuries", TypeInteger, "people hurt; null when unknown"},
		{"notes", TypeString, "the source sentences"},
		{"confidence", TypeNumber, "0..1"},
		{"status", TypeString, "review status: unreviewed, verified or rejected (naming it in a filter selects among all three)"},
		{"geometry", TypeGeometry, "point, border line or region polygon (EPSG:4326)"},
	}
}

// CQL2Queryables returns Queryables in cql2's terms, without columns, for
// validating a filter; "datetime" is also accepted for "event_date", as
// OGC API - Features customarily names the temporal property.
func CQL2Queryables() cql2.Queryables {
	q := cql2.Queryables{}
	for _, c := range Queryables() {
		q[c.Name] = cql2.Queryable{Type: cql2.Type(c.Type)}
	}
	q["datetime"] = q["event_date"]
	return q
}
