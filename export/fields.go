package export

import (
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
)

// kind is the type of an attribute column in the tabular formats.
type kind uint8

const (
	kindString kind = iota
	kindInt
	kindFloat
	kindDate // YYYY-MM-DD
	kindJSON // a JSON document held as text
)

// column is one attribute of the shared schema written by the GeoPackage,
// FlatGeobuf and KML writers; the names are the Incident JSON tags, so
// they match the GeoJSON properties.
type column struct {
	name     string
	kind     kind
	nullable bool
}

// Column positions in the shared schema; record.fill and columns agree on
// them.
const (
	colID = iota
	colEventDate
	colTimePrecision
	colEventType
	colSubEventType
	colActor1
	colActor2
	colAssocActors
	colLocation
	colPlaceID
	colCountryCode
	colAdmin1
	colGeoPrecision
	colFatalities
	colInjuries
	colNotes
	colSources
	colConfidence
	colLat
	colLon
	colStatus
	colUpdated
	numColumns
)

// schema returns the shared attribute schema, in column order.
func schema() [numColumns]column {
	return [numColumns]column{
		colID:            {"id", kindString, false},
		colEventDate:     {"event_date", kindDate, true},
		colTimePrecision: {"time_precision", kindInt, false},
		colEventType:     {"event_type", kindString, false},
		colSubEventType:  {"sub_event_type", kindString, false},
		colActor1:        {"actor1", kindString, false},
		colActor2:        {"actor2", kindString, false},
		colAssocActors:   {"assoc_actors", kindString, false},
		colLocation:      {"location", kindString, false},
		colPlaceID:       {"place_id", kindString, false},
		colCountryCode:   {"country_code", kindString, false},
		colAdmin1:        {"admin1", kindString, false},
		colGeoPrecision:  {"geo_precision", kindInt, false},
		colFatalities:    {"fatalities", kindInt, true},
		colInjuries:      {"injuries", kindInt, true},
		colNotes:         {"notes", kindString, false},
		colSources:       {"sources", kindJSON, false},
		colConfidence:    {"confidence", kindFloat, false},
		colLat:           {"lat", kindFloat, false},
		colLon:           {"lon", kindFloat, false},
		colStatus:        {"status", kindString, false},
		colUpdated:       {"updated", kindString, true},
	}
}

// value is one attribute value; which member counts depends on the
// column's kind.
type value struct {
	s    string
	i    int64
	f    float64
	null bool
}

// record holds one incident's attribute values in schema order. Writers
// keep one and refill it for every incident, so a feature costs no
// allocation beyond its strings.
type record struct {
	v   [numColumns]value
	buf []byte // scratch for the sources JSON
}

// fill sets r's values from inc.
func (r *record) fill(inc *incident.Incident) {
	r.v = [numColumns]value{}
	r.v[colID].s = inc.ID
	if inc.EventDate.IsZero() {
		r.v[colEventDate].null = true
	} else {
		r.v[colEventDate].s = formatDate(inc.EventDate)
	}
	r.v[colTimePrecision].i = int64(inc.TimePrecision)
	r.v[colEventType].s = inc.EventType
	r.v[colSubEventType].s = inc.SubEventType
	r.v[colActor1].s = inc.Actor1
	r.v[colActor2].s = inc.Actor2
	r.v[colAssocActors].s = strings.Join(inc.AssocActors, "; ")
	r.v[colLocation].s = inc.Location
	r.v[colPlaceID].s = inc.PlaceID
	r.v[colCountryCode].s = inc.CountryCode
	r.v[colAdmin1].s = inc.Admin1
	r.v[colGeoPrecision].i = int64(inc.GeoPrecision)
	setOptionalInt(&r.v[colFatalities], inc.Fatalities)
	setOptionalInt(&r.v[colInjuries], inc.Injuries)
	r.v[colNotes].s = inc.Notes
	r.buf = feature.AppendSources(r.buf[:0], inc.Sources)
	r.v[colSources].s = string(r.buf)
	r.v[colConfidence].f = inc.Confidence
	r.v[colLat].f = roundCoord(inc.Point.Lat())
	r.v[colLon].f = roundCoord(inc.Point.Lon())
	r.v[colStatus].s = statusOf(inc)
	if inc.Updated.IsZero() {
		r.v[colUpdated].null = true
	} else {
		r.v[colUpdated].s = updatedOf(inc)
	}
}

// statusOf is inc's review status as exports write it: "unreviewed" until
// an analyst sets one.
func statusOf(inc *incident.Incident) string {
	if inc.Status == "" {
		return "unreviewed"
	}
	return inc.Status
}

// updatedOf is when a store last changed inc, as its Feature says, or ""
// outside a store.
func updatedOf(inc *incident.Incident) string {
	if inc.Updated.IsZero() {
		return ""
	}
	return string(feature.AppendTime(nil, inc.Updated))
}

func setOptionalInt(v *value, p *int) {
	if p == nil {
		v.null = true
		return
	}
	v.i = int64(*p)
}

// formatDate formats t as an ISO 8601 calendar date.
func formatDate(t time.Time) string {
	return t.UTC().Format(time.DateOnly)
}
