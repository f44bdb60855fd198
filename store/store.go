// Package store keeps articles, their place mentions and the incidents
// extracted from them, and answers spatial, temporal and attribute queries
// over the incidents. Two implementations share one contract and one
// conformance suite: embedded SQLite (the default, one file) and
// PostgreSQL/PostGIS (the scale-out store several serve processes share).
package store

import (
	"context"
	"errors"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

// ErrNotFound is returned when an article or incident does not exist.
var ErrNotFound = errors.New("not found")

// ErrUnavailable wraps errors that mean the database cannot be reached
// right now (the API answers 503 and retries later).
var ErrUnavailable = errors.New("store unavailable")

// Store is what the service needs from a database.
type Store interface {
	// Ingest stores an article, its mentions and its incidents in one
	// transaction. Ingesting the same article again changes nothing; an
	// incident already stored from another article gains this article as a
	// source instead of a duplicate.
	Ingest(ctx context.Context, a ArticleRecord) (IngestResult, error)
	// Article returns a stored article with its mentions and incident ids.
	Article(ctx context.Context, id string) (ArticleRecord, error)
	// Incident returns one incident with all its sources.
	Incident(ctx context.Context, id string) (incident.Incident, error)
	// Incidents streams the incidents matching q, ordered by (event_date
	// desc, id), to fn; fn's error stops the stream and is returned.
	Incidents(ctx context.Context, q Query, fn func(*incident.Incident) error) error
	// Count returns how many incidents match q, ignoring its Limit and After.
	Count(ctx context.Context, q Query) (int64, error)
	// Stats summarises the store (counts, extent, last change) for
	// collection metadata and ETags.
	Stats(ctx context.Context) (Stats, error)
	// Ping reports whether the database answers.
	Ping(ctx context.Context) error
	Close() error
}

// ArticleRecord is an article as stored, with what was extracted from it.
type ArticleRecord struct {
	Article   incident.Article
	Mentions  []MentionRecord
	Incidents []incident.Incident
	// IngestedAt is set by the store.
	IngestedAt time.Time
}

// MentionRecord is one place mention of a stored article.
type MentionRecord struct {
	Text       string  `json:"text"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	PlaceID    string  `json:"place_id"`
	Name       string  `json:"name"`
	Kind       string  `json:"kind"`
	Country    string  `json:"country_code,omitempty"`
	Role       string  `json:"role"`
	Confidence float64 `json:"confidence"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	// Sentence is the sentence the mention is in, so an article's page can
	// show where each incident came from.
	Sentence int `json:"sentence"`
}

// IngestResult says what an ingest changed.
type IngestResult struct {
	ArticleID string
	// Created is false when the article was already stored.
	Created bool
	// NewIncidents and MergedIncidents count incidents inserted and
	// incidents that gained this article as a source.
	NewIncidents, MergedIncidents int
}

// Query selects incidents. The zero Query selects all of them.
type Query struct {
	// Bbox keeps incidents whose geometry intersects the box.
	Bbox *orb.Bound
	// Intersects keeps incidents whose geometry intersects it (a region's
	// polygon, a user's geometry).
	Intersects orb.Geometry
	// From and To bound event_date, inclusive; nil is open.
	From, To *time.Time
	// Types keeps incidents whose event_type or sub_event_type is one of them.
	Types []string
	// Actor keeps incidents with this text in actor1, actor2 or assoc actors
	// (case-insensitive).
	Actor string
	// Text keeps incidents whose notes, location or actors contain it.
	Text string
	// Filter is an extra condition (a CQL2 filter) rendered for the dialect.
	Filter SQLFilter
	// Statuses keeps incidents in one of these review statuses; nil means
	// PublicStatuses, so rejected incidents leave every layer unless asked
	// for. Deleted incidents are never selected.
	Statuses []string
	// Limit caps the number streamed; 0 means no cap.
	Limit int
	// After is the cursor of the last incident of the previous page.
	After *Cursor
}

// Cursor marks a place in the (event_date desc, id) order.
type Cursor struct {
	EventDate time.Time
	ID        string
}

// Dialect names the SQL a store speaks.
type Dialect string

// The dialects of the two stores.
const (
	DialectSQLite  Dialect = "sqlite"
	DialectPostGIS Dialect = "postgis"
)

// SQLFilter renders a condition for a dialect. arg registers a bind value
// and returns its placeholder; the filter must never splice values into SQL.
// Columns it may use are listed in Queryables.
type SQLFilter interface {
	SQL(d Dialect, arg func(v any) string) (string, error)
}

// Stats summarises the stored incidents.
type Stats struct {
	Incidents int64
	Articles  int64
	// Extent is the bounding box of every incident; nil when empty.
	Extent *orb.Bound
	// FirstDate and LastDate bound event_date; zero when empty.
	FirstDate, LastDate time.Time
	// Version changes whenever anything is written; it feeds ETags.
	Version string
}

// Compacter is implemented by stores that keep derived data, such as
// ready-made blocks of Features for exports, rebuilt in the background
// after writes. Compact brings it up to date now; tools that load many
// incidents call it before they exit. Reads are correct either way.
type Compacter interface {
	Compact(ctx context.Context) error
}

// FeatureStreamer is implemented by stores that keep every incident's
// GeoJSON Feature ready-made (feature.Append's bytes, kept in step on ingest
// and merge), so exports and pages copy stored bytes instead of decoding
// rows into Incidents and encoding them again. Callers check for it with a
// type assertion and fall back to Store.Incidents.
type FeatureStreamer interface {
	// StreamGeoJSON streams the Feature of each incident matching q, in
	// the order, with the Limit and the After cursor of Store.Incidents,
	// to fn with the incident's cursor (for next links). feature is only
	// valid during the call; fn's error stops the stream and is returned.
	StreamGeoJSON(ctx context.Context, q Query, fn func(c Cursor, feature []byte) error) error
}
