package store

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
// and the trusted SQL expression both stores use for it (the incidents
// table is aliased i).
type Column struct {
	Name, SQL   string
	Type        ColumnType
	Description string
}

// Queryables lists the incident properties filters may use, the same in
// both stores. The spatial one is "geometry", the temporal one "event_date".
func Queryables() []Column {
	return []Column{
		{"id", "i.id", TypeString, "stable incident id"},
		{"event_date", "i.event_date", TypeDate, "the day the event happened"},
		{"time_precision", "i.time_precision", TypeInteger, "1 day known, 2 within a week, 3 month or longer"},
		{"event_type", "i.event_type", TypeString, "ACLED event type"},
		{"sub_event_type", "i.sub_event_type", TypeString, "ACLED sub-event type"},
		{"actor1", "i.actor1", TypeString, "who acted"},
		{"actor2", "i.actor2", TypeString, "who was targeted"},
		{"location", "i.location", TypeString, "the place's name"},
		{"place_id", "i.place_id", TypeString, "gazetteer id of the place"},
		{"country_code", "i.country_code", TypeString, "ISO 3166-1 alpha-2"},
		{"admin1", "i.admin1", TypeString, "first-level division code"},
		{"geo_precision", "i.geo_precision", TypeInteger, "1 exact, 2 near, 3 region"},
		{"fatalities", "i.fatalities", TypeInteger, "people killed; null when unknown"},
		{"injuries", "i.injuries", TypeInteger, "people hurt; null when unknown"},
		{"notes", "i.notes", TypeString, "the source sentences"},
		{"confidence", "i.confidence", TypeNumber, "0..1"},
		{"geometry", "i.geom", TypeGeometry, "point, border line or region polygon (EPSG:4326)"},
	}
}
