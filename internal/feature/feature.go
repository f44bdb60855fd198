// Package feature writes an incident as its one GeoJSON Feature: the shape
// every layer, export and command gives (GET /incidents, the OGC items,
// GET /export.geojson, incidentmap export and extract, the Features the
// stores keep ready-made). It lives below store, export and api so each of
// them imports the same encoder, and it needs only incident and the
// reflection-free JSON writer, so it can sit in the hot path of exports.
package feature

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/jsonenc"
	"github.com/paulmach/orb"
)

// Decimals is how many decimals coordinates and lat/lon keep: 7 is about
// a centimetre, finer than any place the gazetteer knows.
const Decimals = 7

// Append appends in as a GeoJSON Feature to dst: {"id", "type",
// "geometry", "properties"} with the properties in sorted key order (what
// encoding/json writes for a map): the ACLED fields, lat/lon of the
// representative point, the sources (id, published day, source, title,
// url), the review status (when reviewed, or stored), the time a store
// last changed it (updated, when stored), and two flat
// texts for clients that read JSON arrays as NULL (QGIS):
// assoc_actors_text ("; "-separated, as ACLED writes associated actors)
// and source_urls (the sources' non-empty URLs, space-separated).
// The geometry is the incident's, or its point when it has none, rounded
// to Decimals. Sources are written in the order given.
func Append(dst []byte, in *incident.Incident) []byte {
	dst = append(dst, `{"id":`...)
	dst = jsonenc.AppendString(dst, in.ID)
	dst = append(dst, `,"type":"Feature","geometry":`...)
	var g orb.Geometry = in.Point
	if in.Geometry != nil {
		g = in.Geometry
	}
	dst = jsonenc.Geometry(dst, g, Decimals)
	dst = append(dst, `,"properties":{"actor1":`...)
	dst = jsonenc.AppendString(dst, in.Actor1)
	dst = append(dst, `,"actor2":`...)
	dst = jsonenc.AppendString(dst, in.Actor2)
	dst = append(dst, `,"admin1":`...)
	dst = jsonenc.AppendString(dst, in.Admin1)
	dst = append(dst, `,"assoc_actors":[`...)
	for i, a := range in.AssocActors {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonenc.AppendString(dst, a)
	}
	dst = append(dst, `],"assoc_actors_text":`...)
	dst = appendJoined(dst, "; ", len(in.AssocActors), func(i int) string { return in.AssocActors[i] })
	dst = append(dst, `,"confidence":`...)
	dst = jsonenc.AppendFloat(dst, in.Confidence)
	dst = append(dst, `,"country_code":`...)
	dst = jsonenc.AppendString(dst, in.CountryCode)
	dst = append(dst, `,"event_date":"`...)
	dst = in.EventDate.AppendFormat(dst, "2006-01-02")
	dst = append(dst, `","event_type":`...)
	dst = jsonenc.AppendString(dst, in.EventType)
	dst = append(dst, `,"fatalities":`...)
	dst = appendIntp(dst, in.Fatalities)
	dst = append(dst, `,"geo_precision":`...)
	dst = strconv.AppendInt(dst, int64(in.GeoPrecision), 10)
	dst = append(dst, `,"id":`...)
	dst = jsonenc.AppendString(dst, in.ID)
	dst = append(dst, `,"injuries":`...)
	dst = appendIntp(dst, in.Injuries)
	dst = append(dst, `,"lat":`...)
	dst = jsonenc.AppendFloat(dst, Round(in.Point[1]))
	dst = append(dst, `,"location":`...)
	dst = jsonenc.AppendString(dst, in.Location)
	dst = append(dst, `,"lon":`...)
	dst = jsonenc.AppendFloat(dst, Round(in.Point[0]))
	dst = append(dst, `,"notes":`...)
	dst = jsonenc.AppendString(dst, in.Notes)
	dst = append(dst, `,"place_id":`...)
	dst = jsonenc.AppendString(dst, in.PlaceID)
	dst = append(dst, `,"source_urls":`...)
	dst = appendURLs(dst, in.Sources)
	dst = append(dst, `,"sources":`...)
	dst = AppendSources(dst, in.Sources)
	switch {
	case in.Status != "" && in.Status != "unreviewed":
		dst = append(dst, `,"status":`...)
		dst = jsonenc.AppendString(dst, in.Status)
	case !in.Updated.IsZero():
		// A stored incident always carries its status (a queryable, so
		// clients that read a schema off the Features see it); one just
		// extracted, outside a store, is as it was.
		dst = append(dst, `,"status":"unreviewed"`...)
	}
	dst = append(dst, `,"sub_event_type":`...)
	dst = jsonenc.AppendString(dst, in.SubEventType)
	dst = append(dst, `,"time_precision":`...)
	dst = strconv.AppendInt(dst, int64(in.TimePrecision), 10)
	if !in.Updated.IsZero() {
		// A stored incident carries when it last changed, so a consumer
		// mirroring the layer can ask for what changed since (updated_since).
		dst = append(dst, `,"updated":"`...)
		dst = AppendTime(dst, in.Updated)
		dst = append(dst, '"')
	}
	return append(dst, `}}`...)
}

// AppendSources appends the sources as the JSON array every output
// carries: {"id","published","source","title","url"} each, published as
// the day (left out when unknown), source left out when empty.
func AppendSources(dst []byte, ss []incident.Source) []byte {
	dst = append(dst, '[')
	for i := range ss {
		s := &ss[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = jsonenc.AppendString(dst, s.ArticleID)
		if !s.Published.IsZero() {
			dst = append(dst, `,"published":"`...)
			dst = s.Published.AppendFormat(dst, "2006-01-02")
			dst = append(dst, '"')
		}
		if s.SourceName != "" {
			dst = append(dst, `,"source":`...)
			dst = jsonenc.AppendString(dst, s.SourceName)
		}
		dst = append(dst, `,"title":`...)
		dst = jsonenc.AppendString(dst, s.Title)
		dst = append(dst, `,"url":`...)
		dst = jsonenc.AppendString(dst, s.URL)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// TimeLayout is how an incident's updated time is written: RFC 3339 in
// UTC with a fixed six-digit fraction (both stores keep microseconds), so
// the value a client reads is the instant stored, and sorts as text.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// AppendTime appends t in TimeLayout.
func AppendTime(dst []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(dst, TimeLayout)
}

// Round rounds a coordinate to Decimals.
func Round(v float64) float64 { return math.Round(v*1e7) / 1e7 }

func appendURLs(dst []byte, ss []incident.Source) []byte {
	var urls []string
	for i := range ss {
		if ss[i].URL != "" {
			urls = append(urls, ss[i].URL)
		}
	}
	return appendJoined(dst, " ", len(urls), func(i int) string { return urls[i] })
}

// appendJoined appends the n strings at(i), joined by sep, as one JSON
// string.
func appendJoined(dst []byte, sep string, n int, at func(int) string) []byte {
	switch n {
	case 0:
		return append(dst, `""`...)
	case 1:
		return jsonenc.AppendString(dst, at(0))
	}
	var b []byte
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, at(i)...)
	}
	return jsonenc.AppendString(dst, string(b))
}

func appendIntp(dst []byte, p *int) []byte {
	if p == nil {
		return append(dst, "null"...)
	}
	return strconv.AppendInt(dst, int64(*p), 10)
}

// ID returns the id of a Feature that Append wrote, which begins
// {"id":"...". Stores that keep Features in blocks use it to give each one
// its cursor without decoding the rest.
func ID(f []byte) (string, error) {
	const prefix = `{"id":`
	if !bytes.HasPrefix(f, []byte(prefix)) {
		return "", fmt.Errorf("feature does not begin with its id: %.40q", f)
	}
	rest := f[len(prefix):]
	if len(rest) < 2 || rest[0] != '"' {
		return "", fmt.Errorf("feature id is no string: %.40q", f)
	}
	if end := bytes.IndexByte(rest[1:], '"'); end >= 0 && plainJSON(rest[1:end+1]) {
		return string(rest[1 : end+1]), nil
	}
	// Escapes and the like: let the JSON decoder read the string.
	var id string
	dec := json.NewDecoder(bytes.NewReader(rest))
	if err := dec.Decode(&id); err != nil {
		return "", fmt.Errorf("feature id: %w", err)
	}
	return id, nil
}

// plainJSON reports whether b is a JSON string's contents that need no
// decoding: valid UTF-8 without escapes or control characters.
func plainJSON(b []byte) bool {
	for _, c := range b {
		if c == '\\' || c < 0x20 {
			return false
		}
	}
	return utf8.Valid(b)
}
