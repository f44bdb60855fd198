// Package incident holds the Incident model, aligned with ACLED's codebook,
// and extracts incidents from news articles: what happened, when, where, who
// against whom, and how many were killed or hurt.
package incident

import (
	"time"

	"github.com/paulmach/orb"
)

// Incident is one event an article reports, ACLED-aligned so analysts can
// join it with ACLED exports.
type Incident struct {
	// ID is stable: the same event from the same article always gets the
	// same id, so ingesting twice adds nothing.
	ID string `json:"id"`
	// EventDate is the day (UTC midnight) the event happened; TimePrecision
	// is 1 when the day is known, 2 when it is known within a week or so,
	// 3 when only the month or longer is known.
	EventDate     time.Time `json:"event_date"`
	TimePrecision int       `json:"time_precision"`
	EventType     string    `json:"event_type"`
	SubEventType  string    `json:"sub_event_type"`
	Actor1        string    `json:"actor1,omitempty"`
	Actor2        string    `json:"actor2,omitempty"`
	AssocActors   []string  `json:"assoc_actors,omitempty"`
	// Location is the place's name as the gazetteer knows it; PlaceID its
	// gazetteer id (derived places such as borders have derived ids).
	Location    string `json:"location"`
	PlaceID     string `json:"place_id,omitempty"`
	CountryCode string `json:"country_code,omitempty"`
	Admin1      string `json:"admin1,omitempty"`
	// Geometry is a Point, a LineString (a border) or a Polygon (a region);
	// Point is its representative point (lat/lon in exports).
	Geometry orb.Geometry `json:"-"`
	Point    orb.Point    `json:"-"`
	// GeoPrecision is 1 for the exact place, 2 for near a place, part of a
	// region or a district (as ACLED codes a district, at its seat), 3 for a
	// province or wider region, a border or a country.
	GeoPrecision int `json:"geo_precision"`
	// Fatalities and Injuries are nil when the text does not say.
	Fatalities *int `json:"fatalities"`
	Injuries   *int `json:"injuries"`
	// Notes holds the sentence(s) the incident came from.
	Notes   string   `json:"notes"`
	Sources []Source `json:"sources"`
	// Confidence is 0..1.
	Confidence float64 `json:"confidence"`
	// Status is the analysts' review status: "" (unreviewed) until someone
	// reviews it, then "verified" or "rejected" (see store.Status*).
	Status string `json:"status,omitempty"`
	// Updated is when a store last changed the incident (UTC, to the
	// microsecond, as both stores keep it); zero outside a store.
	Updated time.Time `json:"-"`
}

// Source is one article that reported an incident.
type Source struct {
	ArticleID  string    `json:"id"`
	URL        string    `json:"url,omitempty"`
	Title      string    `json:"title,omitempty"`
	Published  time.Time `json:"published,omitempty"`
	SourceName string    `json:"source,omitempty"`
}
