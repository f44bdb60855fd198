package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store/internal/sourcelist"
	"github.com/paulmach/orb"
)

// Review statuses of an incident.
const (
	StatusUnreviewed = "unreviewed"
	StatusVerified   = "verified"
	StatusRejected   = "rejected"
	// StatusDeleted marks an incident deleted by an analyst: its row and
	// history stay, so a later ingest of another article reporting it
	// does not bring it back, but no read returns it.
	StatusDeleted = "deleted"
)

// ReviewStatuses are the statuses a client may set or filter on.
var ReviewStatuses = []string{StatusUnreviewed, StatusVerified, StatusRejected}

// PublicStatuses are those of the incidents the public layers (lists,
// tiles, exports) show: a Query with no Statuses selects these.
var PublicStatuses = []string{StatusUnreviewed, StatusVerified}

// ValidStatus reports whether s is one of ReviewStatuses.
func ValidStatus(s string) bool { return slices.Contains(ReviewStatuses, s) }

// CreatedFields are the fields an analyst sets by creating an incident:
// every one, so no later ingest overwrites them.
var CreatedFields = []string{FieldEventDate, FieldTimePrecision, FieldEventType, FieldSubEventType,
	FieldActor1, FieldActor2, FieldAssocActors, FieldLocation, FieldPlaceID,
	FieldCountryCode, FieldAdmin1, FieldGeometry, FieldGeoPrecision, FieldFatalities,
	FieldInjuries, FieldNotes}

// PrepareCreate readies an incident an analyst wrote for Editor.Create: no
// sources, status unreviewed unless given, the incident and status valid.
// Both stores call it before they write.
func PrepareCreate(in *incident.Incident) error {
	in.Sources = nil
	if in.Status == "" {
		in.Status = StatusUnreviewed
	}
	if err := in.Validate(); err != nil {
		return fmt.Errorf("create %s: %w", in.ID, err)
	}
	if !ValidStatus(in.Status) {
		return fmt.Errorf("create %s: %w: status %q", in.ID, ErrInvalid, in.Status)
	}
	return nil
}

// Edit is an analyst's edit of a stored incident as Editor.Update writes
// it.
type Edit struct {
	// Next is the incident as edited.
	Next incident.Incident
	// Fields are what the history records: the fields the EditFunc named,
	// or those that changed when it named none.
	Fields []string
	// Locked are the edited fields to store: those stored already and the
	// ones the EditFunc named, status never.
	Locked []string
	// Unchanged means there is nothing to write: no field changed and none
	// is newly locked, so the ETag stays.
	Unchanged bool
}

// PrepareEdit applies fn to the stored incident cur, whose edited fields
// are edited, for Editor.Update: the edit keeps cur's id and sources, an
// empty status is unreviewed, and the incident and its status must be
// valid. Both stores call it before they write.
func PrepareEdit(cur incident.Incident, edited []string, fn EditFunc) (Edit, error) {
	next, fields, err := fn(cur)
	if err != nil {
		return Edit{}, err
	}
	next.ID, next.Sources = cur.ID, cur.Sources
	if next.Status == "" {
		next.Status = StatusUnreviewed
	}
	if err := next.Validate(); err != nil {
		return Edit{}, err
	}
	if !ValidStatus(next.Status) && next.Status != StatusDeleted {
		return Edit{}, fmt.Errorf("%w: status %q", ErrInvalid, next.Status)
	}
	changed := ChangedFields(cur, next)
	locked := UnionFields(edited, slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == FieldStatus }))
	if fields == nil {
		fields = changed
	}
	return Edit{Next: next, Fields: fields, Locked: locked, Unchanged: len(changed) == 0 && len(locked) == len(edited)}, nil
}

// ErrExists is returned when an incident to create has an id already stored.
var ErrExists = errors.New("already exists")

// The actions a Change records.
const (
	ActionExtract = "extract" // an ingest stored the incident
	ActionIngest  = "ingest"  // another article reported it
	ActionCreate  = "create"  // an analyst created it
	ActionEdit    = "edit"    // an analyst changed fields
	ActionStatus  = "status"  // an analyst changed only the status
	ActionDelete  = "delete"  // an analyst deleted it
	ActionMerge   = "merge"   // it took in other incidents (Other names them)
	ActionMerged  = "merged"  // it was merged into Other: a tombstone
	ActionSplit   = "split"   // sources moved between it and Other, a new incident
)

// Change is one event in an incident's history.
type Change struct {
	// Seq orders the changes of a store.
	Seq        int64     `json:"seq"`
	IncidentID string    `json:"incident_id"`
	At         time.Time `json:"at"`
	// By is the name of the write token, or "ingest" for the pipeline
	// when no token is known.
	By     string `json:"by"`
	Action string `json:"action"`
	// ArticleID is the article of an extract or ingest change.
	ArticleID string `json:"article_id,omitempty"`
	// Fields are the fields an analyst set (edits) or an ingest changed.
	Fields []string `json:"fields,omitempty"`
	// Other is the other incident of a merge or split (comma-separated
	// when one merge took in several).
	Other string `json:"other,omitempty"`
	// Before and After are the incident's GeoJSON Feature before and
	// after the change; null when there was none (extract, create).
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// EditFunc turns the stored incident cur into the edited one and names the
// fields the analyst set, which later ingests never overwrite. An error
// aborts the edit and is returned as is (a failed precondition, a bad
// value).
type EditFunc func(cur incident.Incident) (next incident.Incident, fields []string, err error)

// Editor is implemented by stores that take analysts' edits. Every change
// it makes, and every change an ingest makes, is recorded as a Change.
type Editor interface {
	// Create stores a new incident an analyst wrote, without sources; it
	// returns ErrExists when the id is taken and ErrInvalid when the
	// incident cannot be stored (Incident.Validate).
	Create(ctx context.Context, in incident.Incident, by string) error
	// Update applies fn to the incident id in one transaction, the row
	// locked from the read to the write, and records the change as by's.
	// A Status of StatusDeleted deletes the incident. It returns the
	// incident as stored.
	Update(ctx context.Context, id, by string, fn EditFunc) (incident.Incident, error)
	// History returns the changes of incident id, oldest first;
	// ErrNotFound when there is no such incident.
	History(ctx context.Context, id string) ([]Change, error)
}

type actorKey struct{}

// WithActor returns ctx carrying the name of who writes (a token's name),
// which Ingest records in the history of the incidents it changes.
func WithActor(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, actorKey{}, name)
}

// ActorOf returns the name WithActor put in ctx, or "ingest".
func ActorOf(ctx context.Context) string {
	if s, ok := ctx.Value(actorKey{}).(string); ok && s != "" {
		return s
	}
	return "ingest"
}

// Editable fields, by their names in the Feature's properties.
const (
	FieldEventDate     = "event_date"
	FieldTimePrecision = "time_precision"
	FieldEventType     = "event_type"
	FieldSubEventType  = "sub_event_type"
	FieldActor1        = "actor1"
	FieldActor2        = "actor2"
	FieldAssocActors   = "assoc_actors"
	FieldLocation      = "location"
	FieldPlaceID       = "place_id"
	FieldCountryCode   = "country_code"
	FieldAdmin1        = "admin1"
	FieldGeometry      = "geometry"
	FieldGeoPrecision  = "geo_precision"
	FieldFatalities    = "fatalities"
	FieldInjuries      = "injuries"
	FieldNotes         = "notes"
	FieldStatus        = "status"
)

// whereFields move together in incident.Merge (the place), as do
// whenFields (the date) and whatFields (a sub-event type belongs to its
// event type).
var (
	whereFields = []string{FieldGeometry, FieldLocation, FieldPlaceID, FieldCountryCode, FieldAdmin1, FieldGeoPrecision}
	whenFields  = []string{FieldEventDate, FieldTimePrecision}
	whatFields  = []string{FieldEventType, FieldSubEventType}
)

// KeepEdited returns merged (what incident.Merge made of stored and a new
// report) with every field an analyst set in stored put back: edits win
// over ingests. Fields that move together in Merge stay together: one
// edited field of the place keeps the whole place, likewise the date and
// the event type with its sub-event type. Status is never merged.
//
// It stays in store, beside the Field names, because edited is the
// store's record of an analyst's edits (the names Change.Fields and each
// store's edited column hold), not a property of the incident.
func KeepEdited(merged, stored incident.Incident, edited []string) incident.Incident {
	m := merged
	m.Status = stored.Status
	any := func(fs []string) bool {
		for _, f := range fs {
			if slices.Contains(edited, f) {
				return true
			}
		}
		return false
	}
	if any(whereFields) {
		m.Geometry, m.Point = stored.Geometry, stored.Point
		m.Location, m.PlaceID, m.CountryCode, m.Admin1 = stored.Location, stored.PlaceID, stored.CountryCode, stored.Admin1
		m.GeoPrecision = stored.GeoPrecision
	}
	if any(whenFields) {
		m.EventDate, m.TimePrecision = stored.EventDate, stored.TimePrecision
	}
	if any(whatFields) {
		m.EventType, m.SubEventType = stored.EventType, stored.SubEventType
	}
	for _, f := range edited {
		switch f {
		case FieldActor1:
			m.Actor1 = stored.Actor1
		case FieldActor2:
			m.Actor2 = stored.Actor2
		case FieldAssocActors:
			m.AssocActors = slices.Clone(stored.AssocActors)
		case FieldFatalities:
			m.Fatalities = stored.Fatalities
		case FieldInjuries:
			m.Injuries = stored.Injuries
		case FieldNotes:
			m.Notes = stored.Notes
		}
	}
	return m
}

// ChangedFields names the editable fields in which a and b differ, in the
// order of the constants above.
func ChangedFields(a, b incident.Incident) []string {
	var out []string
	add := func(changed bool, f string) {
		if changed {
			out = append(out, f)
		}
	}
	intp := func(x, y *int) bool {
		return (x == nil) != (y == nil) || (x != nil && *x != *y)
	}
	geomChanged := (a.Geometry == nil) != (b.Geometry == nil) ||
		(a.Geometry != nil && !orb.Equal(a.Geometry, b.Geometry)) || a.Point != b.Point
	add(!a.EventDate.Equal(b.EventDate), FieldEventDate)
	add(a.TimePrecision != b.TimePrecision, FieldTimePrecision)
	add(a.EventType != b.EventType, FieldEventType)
	add(a.SubEventType != b.SubEventType, FieldSubEventType)
	add(a.Actor1 != b.Actor1, FieldActor1)
	add(a.Actor2 != b.Actor2, FieldActor2)
	add(!slices.Equal(a.AssocActors, b.AssocActors), FieldAssocActors)
	add(a.Location != b.Location, FieldLocation)
	add(a.PlaceID != b.PlaceID, FieldPlaceID)
	add(a.CountryCode != b.CountryCode, FieldCountryCode)
	add(a.Admin1 != b.Admin1, FieldAdmin1)
	add(geomChanged, FieldGeometry)
	add(a.GeoPrecision != b.GeoPrecision, FieldGeoPrecision)
	add(intp(a.Fatalities, b.Fatalities), FieldFatalities)
	add(intp(a.Injuries, b.Injuries), FieldInjuries)
	add(a.Notes != b.Notes, FieldNotes)
	add(statusOf(a) != statusOf(b), FieldStatus)
	return out
}

// statusOf reads an empty status as unreviewed.
func statusOf(in incident.Incident) string {
	if in.Status == "" {
		return StatusUnreviewed
	}
	return in.Status
}

// EditAction names the Change an edit from before to after records.
func EditAction(before, after incident.Incident) string {
	switch {
	case statusOf(after) == StatusDeleted:
		return ActionDelete
	case slices.Equal(ChangedFields(before, after), []string{FieldStatus}):
		return ActionStatus
	}
	return ActionEdit
}

// UnionFields returns a with the names of b it lacks appended.
func UnionFields(a, b []string) []string {
	out := slices.Clone(a)
	for _, f := range b {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// Merger is implemented by stores that merge and split incidents for
// analysts. Both record their changes in the history of every incident
// they touch.
type Merger interface {
	// MergeInto merges the incidents others into survivor, which keeps
	// its id and fields (filling those it lacks, see Absorb) and gains
	// their sources. Each other becomes a tombstone: deleted, pointing at
	// the survivor, so a later ingest of an article reporting it adds the
	// article to the survivor instead. check runs on the survivor under
	// the write lock (If-Match); its error aborts the merge.
	MergeInto(ctx context.Context, survivor string, others []string, by string, check func(incident.Incident) error) (incident.Incident, error)
	// Split moves the sources of the given articles out of incident id
	// into a new incident newID, otherwise a copy of it, unreviewed. At
	// least one source must stay.
	Split(ctx context.Context, id string, articles []string, newID, by string, check func(incident.Incident) error) (incident.Incident, error)
	// MergedInto returns the incident a tombstone was merged into, or ""
	// when id was not merged; ErrNotFound when there is no such incident.
	MergedInto(ctx context.Context, id string) (string, error)
}

// Absorb returns survivor with other merged into it by an analyst: the
// survivor's fields stand, those it lacks (actors, counts, place names)
// come from other, associated actors are the union, other's notes are
// added when they say something else, the sources are the union, and the
// confidence is the higher.
func Absorb(survivor, other incident.Incident) incident.Incident {
	m := survivor
	fill := func(s *string, o string) {
		if *s == "" {
			*s = o
		}
	}
	fill(&m.Actor1, other.Actor1)
	fill(&m.Actor2, other.Actor2)
	fill(&m.Location, other.Location)
	if m.Fatalities == nil {
		m.Fatalities = other.Fatalities
	}
	if m.Injuries == nil {
		m.Injuries = other.Injuries
	}
	m.AssocActors = UnionFields(survivor.AssocActors, other.AssocActors)
	if other.Notes != "" && !strings.Contains(m.Notes, other.Notes) {
		if m.Notes == "" {
			m.Notes = other.Notes
		} else {
			m.Notes += " " + other.Notes
		}
	}
	m.Sources = slices.Clone(survivor.Sources)
	for _, s := range other.Sources {
		m.Sources = sourcelist.Add(m.Sources, s)
	}
	m.Confidence = max(survivor.Confidence, other.Confidence)
	return m
}

// SplitSources divides sources into those of the articles given (moved)
// and the rest (kept): every article must be a source, and one must stay.
func SplitSources(sources []incident.Source, articles []string) (kept, moved []incident.Source, err error) {
	if len(articles) == 0 {
		return nil, nil, fmt.Errorf("%w: no sources to split off", ErrInvalid)
	}
	for _, a := range articles {
		if !slices.ContainsFunc(sources, func(s incident.Source) bool { return s.ArticleID == a }) {
			return nil, nil, fmt.Errorf("%w: article %q is no source of the incident", ErrInvalid, a)
		}
	}
	for _, s := range sources {
		if slices.Contains(articles, s.ArticleID) {
			moved = append(moved, s)
		} else {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return nil, nil, fmt.Errorf("%w: a split must leave the incident a source", ErrInvalid)
	}
	return kept, moved, nil
}
