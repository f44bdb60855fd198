// Package store keeps articles, their place mentions and the incidents
// extracted from them, and answers spatial, temporal and attribute queries
// over the incidents. Two implementations share one contract and one
// conformance suite: embedded SQLite (the default, one file) and
// PostgreSQL/PostGIS (the scale-out store several serve processes share).
// A Query holds no SQL: each store renders its fields and its CQL2 filter
// in its own dialect, so adding a store means implementing Store and
// passing storetest.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
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
	Article incident.Article
	// ArticleMeta is kept as the first ingest of the article wrote it.
	ArticleMeta
	Mentions  []MentionRecord
	Incidents []incident.Incident
	// IngestedAt is set by the store.
	IngestedAt time.Time
}

// ArticleMeta is what a store keeps of an article besides its text.
type ArticleMeta struct {
	// CanonicalURL is the article's own link as its page names it
	// (rel=canonical, else og:url), "" when unknown; the incident sources
	// of the article link to it rather than to the link it came by.
	CanonicalURL string `json:"canonical_url,omitempty"`
	// Byline names the authors as the feed or the page gives them.
	Byline string `json:"byline,omitempty"`
}

// SourceArticle is the article as its incidents cite it: its canonical
// URL, when known, in place of the link it came by.
func SourceArticle(rec ArticleRecord) incident.Article {
	a := rec.Article
	if rec.CanonicalURL != "" {
		a.URL = rec.CanonicalURL
	}
	return a
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
	// Lat and Lon are the place's representative point; nil for a name
	// nothing in the text locates (an unknown village in a sentence that
	// names no town or country).
	Lat *float64 `json:"lat,omitempty"`
	Lon *float64 `json:"lon,omitempty"`
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
	// incidents that gained this article as a source (by their id, or
	// grouped with one by the store's Matcher).
	NewIncidents, MergedIncidents int
	// Grouped counts the reports a Matcher joined to a stored incident of
	// another id; Suggested the merge suggestions made.
	Grouped, Suggested int
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
	// Country keeps incidents of this ISO 3166-1 alpha-2 country code, and
	// Admin1 those of this first-level division code (a region the
	// gazetteer has no boundary for).
	Country, Admin1 string
	// Shape keeps incidents by the kind of their geometry; ShapeAny keeps all.
	Shape Shape
	// Filter is a CQL2 condition over the properties Queryables lists (nil
	// for none), checked with cql2.Validate; each store renders it in its
	// own SQL.
	Filter cql2.Expr
	// Statuses keeps incidents in one of these review statuses; nil means
	// PublicStatuses, so rejected incidents leave every layer unless asked
	// for. Deleted incidents are never selected. Each store renders it in
	// its own SQL.
	Statuses []string
	// UpdatedSince keeps incidents a store changed after this instant
	// (their updated time), for consumers mirroring the layer; nil keeps
	// all.
	UpdatedSince *time.Time
	// UpdatedFrom and UpdatedTo bound the incidents' updated time,
	// inclusive (the updated parameter: an instant, or an interval of the
	// change); nil is open. They apply with UpdatedSince when both are set.
	UpdatedFrom, UpdatedTo *time.Time
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

// Shape selects incidents by the kind of their geometry.
type Shape int

// The shapes a query can ask for.
const (
	// ShapeAny keeps every incident.
	ShapeAny Shape = iota
	// ShapeLines keeps incidents located on a LineString or MultiLineString
	// (a border).
	ShapeLines
	// ShapeAreas keeps incidents located in a Polygon or MultiPolygon (a
	// region).
	ShapeAreas
)

// Holds reports whether g is of the shape.
func (s Shape) Holds(g orb.Geometry) bool {
	switch s {
	case ShapeLines:
		switch g.(type) {
		case orb.LineString, orb.MultiLineString:
			return true
		}
		return false
	case ShapeAreas:
		switch g.(type) {
		case orb.Polygon, orb.MultiPolygon:
			return true
		}
		return false
	}
	return true
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
