package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/jsonenc"
	"github.com/paulmach/orb"
)

// AppendFeature appends in as a GeoJSON Feature to dst: its geometry and
// the layer properties (ACLED names, lat/lon rounded to six decimals, the
// sources with their publication day), byte for byte what encoding/json
// writes for the api's IncidentFeature, keys in sorted order. The stores
// keep it ready-made so exports copy bytes instead of encoding. Sources
// must be in publication order (SortSources).
func AppendFeature(dst []byte, in *incident.Incident) []byte {
	dst = append(dst, `{"id":`...)
	dst = jsonenc.AppendString(dst, in.ID)
	dst = append(dst, `,"type":"Feature","geometry":`...)
	var g orb.Geometry = in.Point
	if in.Geometry != nil {
		g = in.Geometry
	}
	dst = jsonenc.Geometry(dst, g, -1)
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
	dst = append(dst, `],"confidence":`...)
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
	dst = jsonenc.AppendFloat(dst, round6(in.Point[1]))
	dst = append(dst, `,"location":`...)
	dst = jsonenc.AppendString(dst, in.Location)
	dst = append(dst, `,"lon":`...)
	dst = jsonenc.AppendFloat(dst, round6(in.Point[0]))
	dst = append(dst, `,"notes":`...)
	dst = jsonenc.AppendString(dst, in.Notes)
	dst = append(dst, `,"place_id":`...)
	dst = jsonenc.AppendString(dst, in.PlaceID)
	dst = append(dst, `,"sources":[`...)
	for i := range in.Sources {
		s := &in.Sources[i]
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
	dst = append(dst, `],"sub_event_type":`...)
	dst = jsonenc.AppendString(dst, in.SubEventType)
	dst = append(dst, `,"time_precision":`...)
	dst = strconv.AppendInt(dst, int64(in.TimePrecision), 10)
	return append(dst, `}}`...)
}

// SortSources orders an incident's sources as every read returns them:
// by publication, then article id.
func SortSources(ss []incident.Source) {
	slices.SortStableFunc(ss, func(a, b incident.Source) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return strings.Compare(a.ArticleID, b.ArticleID)
	})
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func appendIntp(dst []byte, p *int) []byte {
	if p == nil {
		return append(dst, "null"...)
	}
	return strconv.AppendInt(dst, int64(*p), 10)
}

// FeatureID returns the id of a Feature that AppendFeature wrote, which
// begins {"id":"...". Stores that keep Features in blocks use it to give
// each one its cursor without decoding the rest.
func FeatureID(f []byte) (string, error) {
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
