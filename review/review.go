// Package review turns analysts' edit documents into changes a store
// applies: a JSON merge patch (RFC 7396) of an incident's GeoJSON Feature,
// a whole Feature that replaces one, or a new Feature to create, each
// checked field by field (types, ACLED's taxonomy, gazetteer ids,
// geometries) before the store sees it. It also gives each incident's
// representation its entity tag, so edits can be made conditional with
// If-Match (OGC API - Features - Part 4's optimistic locking).
package review

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Error is a mistake in an edit document; Field names the member at fault.
type Error struct {
	Field string
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func bad(field, format string, args ...any) *Error {
	return &Error{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// ErrPrecondition says the incident is no longer the one the client
// read: its If-Match names another entity tag.
var ErrPrecondition = errors.New("the incident changed since it was read")

// ETag returns the strong entity tag of an incident's Feature: it changes
// with any field, source or status.
func ETag(in *incident.Incident) string {
	sum := sha256.Sum256(feature.Append(nil, in))
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// IfMatch reports whether an If-Match header matches etag by RFC 9110's
// strong comparison: "*" matches any, weak tags never match.
func IfMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// Guard wraps an edit so it fails with ErrPrecondition unless ifMatch (the
// request's If-Match, "" when it sent none) matches the incident as
// stored, and with store.ErrNotFound when the incident is deleted. It
// runs inside the store's transaction, so two edits of one version
// cannot both pass.
func Guard(ifMatch string, fn store.EditFunc) store.EditFunc {
	return func(cur incident.Incident) (incident.Incident, []string, error) {
		if cur.Status == store.StatusDeleted {
			return cur, nil, store.ErrNotFound
		}
		if ifMatch != "" && !IfMatch(ifMatch, ETag(&cur)) {
			return cur, nil, ErrPrecondition
		}
		return fn(cur)
	}
}

// Delete is the edit that deletes an incident.
func Delete(cur incident.Incident) (incident.Incident, []string, error) {
	cur.Status = store.StatusDeleted
	return cur, []string{store.FieldStatus}, nil
}

// Editor reads edit documents.
type Editor struct {
	// Gazetteer resolves place_id; without one a place_id edit needs a
	// geometry beside it.
	Gazetteer *gazetteer.Gazetteer
}

// readOnly are the properties the server derives; a PUT may carry them
// back as it read them (they are ignored), a PATCH may not set them.
var readOnly = []string{"id", "lat", "lon", "sources", "source_urls", "assoc_actors_text", "confidence", "updated"}

// editable are the properties an edit may set.
var editable = []string{store.FieldEventDate, store.FieldTimePrecision, store.FieldEventType, store.FieldSubEventType,
	store.FieldActor1, store.FieldActor2, store.FieldAssocActors, store.FieldLocation, store.FieldPlaceID,
	store.FieldCountryCode, store.FieldAdmin1, store.FieldGeoPrecision, store.FieldFatalities,
	store.FieldInjuries, store.FieldNotes, store.FieldStatus}

// document is an edit document's Feature, its members still raw.
type document struct {
	geometry json.RawMessage // nil when absent
	props    map[string]json.RawMessage
	hasProps bool
}

// parse reads a Feature (or a merge patch of one): only type, id,
// geometry, properties, bbox and links are members; id, when given, must
// be wantID.
func parse(body []byte, wantID string) (document, error) {
	var d document
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return d, bad("", "the body is not a JSON object: %v", err)
	}
	if top == nil {
		return d, bad("", "the body is not a JSON object")
	}
	for k, v := range top {
		switch k {
		case "type":
			var t string
			if json.Unmarshal(v, &t) != nil || t != "Feature" {
				return d, bad("type", `type must be "Feature"`)
			}
		case "id":
			var id string
			if json.Unmarshal(v, &id) != nil || (wantID != "" && id != wantID) {
				return d, bad("id", "id must be the incident's, %q", wantID)
			}
		case "geometry":
			d.geometry = v
		case "properties":
			if isNull(v) {
				d.hasProps = true
				continue
			}
			if err := json.Unmarshal(v, &d.props); err != nil || d.props == nil {
				return d, bad("properties", "properties must be an object")
			}
			d.hasProps = true
		case "bbox", "links":
			// Derived: a client may send back what it read.
		default:
			return d, bad(k, "unknown member %q (a Feature has type, id, geometry and properties)", k)
		}
	}
	return d, nil
}

func isNull(v json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(v), []byte("null")) }

// Patch reads a JSON merge patch of an incident's Feature and returns the
// edit that applies it; the fields it names become the analyst's.
func (e Editor) Patch(body []byte, id string) (store.EditFunc, error) {
	d, err := parse(body, id)
	if err != nil {
		return nil, err
	}
	for k := range d.props {
		if slices.Contains(readOnly, k) {
			return nil, bad(k, "%s is derived by the server and cannot be set", k)
		}
	}
	if d.geometry != nil && isNull(d.geometry) {
		return nil, bad("geometry", "an incident needs a geometry")
	}
	// Check the document's values once, before the store is involved.
	var probe incident.Incident
	if _, err := e.apply(&probe, d, false); err != nil {
		var re *Error
		if errors.As(err, &re) && re.Field != store.FieldEventType && re.Field != store.FieldSubEventType {
			return nil, err
		}
	}
	return func(cur incident.Incident) (incident.Incident, []string, error) {
		next := cur
		next.AssocActors = slices.Clone(cur.AssocActors)
		fields, err := e.apply(&next, d, false)
		return next, fields, err
	}, nil
}

// Replace reads a whole Feature that replaces an incident (PUT): every
// editable property takes the document's value or its zero (null counts,
// empty texts); event_date, event_type, sub_event_type and the geometry
// are required. The status stays as it is unless the document gives one;
// derived properties (lat, lon, sources...) are ignored.
func (e Editor) Replace(body []byte, id string) (store.EditFunc, error) {
	d, err := parse(body, id)
	if err != nil {
		return nil, err
	}
	if err := required(d); err != nil {
		return nil, err
	}
	var probe incident.Incident
	if _, err := e.apply(&probe, d, true); err != nil {
		return nil, err
	}
	return func(cur incident.Incident) (incident.Incident, []string, error) {
		next := incident.Incident{ID: cur.ID, Sources: cur.Sources, Confidence: cur.Confidence, Status: cur.Status}
		if _, err := e.apply(&next, d, true); err != nil {
			return cur, nil, err
		}
		return next, store.ChangedFields(cur, next), nil
	}, nil
}

// New reads a Feature to create an incident with the id given (POST):
// the requirements of Replace apply; an analyst's incident has confidence 1.
func (e Editor) New(body []byte, id string) (incident.Incident, error) {
	d, err := parse(body, "")
	if err != nil {
		return incident.Incident{}, err
	}
	if err := required(d); err != nil {
		return incident.Incident{}, err
	}
	in := incident.Incident{ID: id, Confidence: 1}
	if _, err := e.apply(&in, d, true); err != nil {
		return incident.Incident{}, err
	}
	return in, nil
}

func required(d document) error {
	if d.geometry == nil || isNull(d.geometry) {
		return bad("geometry", "a geometry is required")
	}
	for _, k := range []string{store.FieldEventDate, store.FieldEventType, store.FieldSubEventType} {
		if v, ok := d.props[k]; !ok || isNull(v) {
			return bad(k, "%s is required", k)
		}
	}
	return nil
}

// apply sets in's fields from d and returns the names of those the
// document set. With replace, every editable field it lacks is cleared
// (the status kept) and derived properties are ignored.
func (e Editor) apply(in *incident.Incident, d document, replace bool) ([]string, error) {
	var fields []string
	set := map[string]bool{}
	if replace {
		in.TimePrecision, in.GeoPrecision = 1, 1
	}
	keys := make([]string, 0, len(d.props))
	for k := range d.props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := d.props[k]
		if slices.Contains(readOnly, k) {
			continue // only Replace gets here: ignored
		}
		if !slices.Contains(editable, k) {
			return nil, bad(k, "unknown property %q; editable are %s", k, strings.Join(editable, ", "))
		}
		if err := setField(in, k, v); err != nil {
			return nil, err
		}
		set[k] = true
		fields = append(fields, k)
	}
	// The sub-event type names its event type.
	if set[store.FieldSubEventType] && !set[store.FieldEventType] {
		if t := incident.TypeOf(in.SubEventType); t != "" && t != in.EventType {
			in.EventType = t
			fields = append(fields, store.FieldEventType)
			set[store.FieldEventType] = true
		}
	}
	if set[store.FieldEventType] || set[store.FieldSubEventType] {
		if err := checkTaxonomy(in.EventType, in.SubEventType); err != nil {
			return nil, err
		}
	}
	if d.geometry != nil {
		g, err := parseGeometry(d.geometry)
		if err != nil {
			return nil, err
		}
		in.Geometry, in.Point = g, geo.RepresentativePoint(g)
		fields = append(fields, store.FieldGeometry)
	} else if set[store.FieldPlaceID] && in.PlaceID != "" {
		// The place by its gazetteer id: its geometry and names follow,
		// unless the document sets them too.
		if e.Gazetteer == nil {
			return nil, bad(store.FieldPlaceID, "this server has no gazetteer: give a geometry with place_id")
		}
		p, ok := e.Gazetteer.Place(in.PlaceID)
		if !ok {
			return nil, bad(store.FieldPlaceID, "no place with id %q in the gazetteer", in.PlaceID)
		}
		in.Geometry, in.Point = p.Geometry(), p.Point
		fields = append(fields, store.FieldGeometry)
		for _, f := range []struct {
			name string
			dst  *string
			val  string
		}{{store.FieldLocation, &in.Location, p.Name}, {store.FieldCountryCode, &in.CountryCode, p.CountryCode},
			{store.FieldAdmin1, &in.Admin1, p.Admin1}} {
			if !set[f.name] {
				*f.dst = f.val
				fields = append(fields, f.name)
			}
		}
		if !set[store.FieldGeoPrecision] {
			in.GeoPrecision = 1
			if p.IsArea() {
				in.GeoPrecision = 3
			}
			fields = append(fields, store.FieldGeoPrecision)
		}
	}
	return fields, nil
}

// setField sets one editable property from its JSON value.
func setField(in *incident.Incident, k string, v json.RawMessage) error {
	switch k {
	case store.FieldEventDate:
		return setDate(&in.EventDate, k, v)
	case store.FieldTimePrecision:
		return setPrecision(&in.TimePrecision, k, v)
	case store.FieldGeoPrecision:
		return setPrecision(&in.GeoPrecision, k, v)
	case store.FieldEventType:
		return setString(&in.EventType, k, v, true)
	case store.FieldSubEventType:
		return setString(&in.SubEventType, k, v, true)
	case store.FieldActor1:
		return setString(&in.Actor1, k, v, false)
	case store.FieldActor2:
		return setString(&in.Actor2, k, v, false)
	case store.FieldLocation:
		return setString(&in.Location, k, v, false)
	case store.FieldPlaceID:
		return setString(&in.PlaceID, k, v, false)
	case store.FieldCountryCode:
		if err := setString(&in.CountryCode, k, v, false); err != nil {
			return err
		}
		if c := in.CountryCode; c != "" && (len(c) != 2 || strings.ToUpper(c) != c) {
			return bad(k, "country_code must be an ISO 3166-1 alpha-2 code such as IQ, not %q", c)
		}
	case store.FieldAdmin1:
		return setString(&in.Admin1, k, v, false)
	case store.FieldNotes:
		return setString(&in.Notes, k, v, false)
	case store.FieldFatalities:
		return setCount(&in.Fatalities, k, v)
	case store.FieldInjuries:
		return setCount(&in.Injuries, k, v)
	case store.FieldAssocActors:
		return setActors(&in.AssocActors, k, v)
	case store.FieldStatus:
		var s string
		if isNull(v) || json.Unmarshal(v, &s) != nil || !store.ValidStatus(s) {
			return bad(k, "status must be one of %s", strings.Join(store.ReviewStatuses, ", "))
		}
		in.Status = s
	}
	return nil
}

// setString sets property k, a string of at most 10,000 bytes, trimmed;
// null empties it unless it is required.
func setString(dst *string, k string, v json.RawMessage, required bool) error {
	if isNull(v) {
		if required {
			return bad(k, "%s cannot be null", k)
		}
		*dst = ""
		return nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return bad(k, "%s must be a string", k)
	}
	if len(s) > 10000 {
		return bad(k, "%s is longer than 10000 bytes", k)
	}
	*dst = strings.TrimSpace(s)
	return nil
}

// setDate sets property k, a date such as 2024-03-01.
func setDate(dst *time.Time, k string, v json.RawMessage) error {
	var s string
	if isNull(v) || json.Unmarshal(v, &s) != nil {
		return bad(k, "event_date must be a date such as 2024-03-01")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return bad(k, "event_date must be a date such as 2024-03-01, not %q", s)
	}
	*dst = t
	return nil
}

// setPrecision sets property k, a time or geo precision: 1, 2 or 3.
func setPrecision(dst *int, k string, v json.RawMessage) error {
	var n int
	if isNull(v) || json.Unmarshal(v, &n) != nil || n < 1 || n > 3 {
		return bad(k, "%s must be 1, 2 or 3", k)
	}
	*dst = n
	return nil
}

// setCount sets property k, a count of people from 0, or null when
// unknown.
func setCount(dst **int, k string, v json.RawMessage) error {
	if isNull(v) {
		*dst = nil
		return nil
	}
	var n int
	if json.Unmarshal(v, &n) != nil || n < 0 {
		return bad(k, "%s must be a whole number from 0, or null when unknown", k)
	}
	*dst = &n
	return nil
}

// setActors sets property k, a list of actors, trimmed, without empty
// names or repeats; null empties it.
func setActors(dst *[]string, k string, v json.RawMessage) error {
	var a []string
	if !isNull(v) {
		if err := json.Unmarshal(v, &a); err != nil {
			return bad(k, "assoc_actors must be an array of strings")
		}
	}
	*dst = nil
	for _, s := range a {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(*dst, s) {
			*dst = append(*dst, s)
		}
	}
	return nil
}

// checkTaxonomy checks an event type and sub-event type against ACLED's
// codebook (incident.Taxonomy).
func checkTaxonomy(typ, sub string) error {
	for _, t := range incident.Taxonomy {
		if t.Name != typ {
			continue
		}
		if !slices.Contains(t.Subtypes, sub) {
			return bad(store.FieldSubEventType, "%q is not a sub-event type of %q; it has %s", sub, typ,
				strings.Join(t.Subtypes, ", "))
		}
		return nil
	}
	names := make([]string, len(incident.Taxonomy))
	for i, t := range incident.Taxonomy {
		names[i] = t.Name
	}
	return bad(store.FieldEventType, "%q is not an ACLED event type; they are %s", typ, strings.Join(names, ", "))
}

// parseGeometry reads a GeoJSON geometry an incident can have.
func parseGeometry(raw json.RawMessage) (orb.Geometry, error) {
	var probe any
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, bad("geometry", "not valid JSON: %v", err)
	}
	if !positionsValid(probe) {
		return nil, bad("geometry", "not a valid GeoJSON geometry: every position needs 2 or 3 numbers")
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil || g == nil || g.Geometry() == nil {
		return nil, bad("geometry", "not a valid GeoJSON geometry")
	}
	geom := g.Geometry()
	if _, ok := geom.(orb.Collection); ok {
		return nil, bad("geometry", "a GeometryCollection cannot locate an incident")
	}
	if err := incident.ValidateGeometry(geom); err != nil {
		return nil, bad("geometry", "%v", strings.TrimPrefix(err.Error(), incident.ErrInvalid.Error()+": "))
	}
	return geom, nil
}

// positionsValid checks the coordinates of a decoded GeoJSON geometry:
// arrays nest evenly down to positions of 2 or 3 numbers.
func positionsValid(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	if gs, ok := m["geometries"].([]any); ok {
		for _, g := range gs {
			if !positionsValid(g) {
				return false
			}
		}
		return true
	}
	var walk func(x any) bool
	walk = func(x any) bool {
		arr, ok := x.([]any)
		if !ok {
			return false
		}
		if len(arr) > 0 {
			if _, isNum := arr[0].(float64); isNum {
				if len(arr) < 2 || len(arr) > 3 {
					return false
				}
				for _, n := range arr {
					if _, ok := n.(float64); !ok {
						return false
					}
				}
				return true
			}
		}
		for _, a := range arr {
			if !walk(a) {
				return false
			}
		}
		return true
	}
	return walk(m["coordinates"])
}
