package store

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// AppendFeature appends in as a GeoJSON Feature to dst: its geometry and
// the layer properties (ACLED names, lat/lon rounded to six decimals, the
// sources with their publication day), byte for byte what encoding/json
// writes for the api's IncidentFeature, keys in sorted order. The stores
// keep it ready-made so exports copy bytes instead of encoding. Sources
// must be in publication order (SortSources).
func AppendFeature(dst []byte, in *incident.Incident) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, in.ID)
	dst = append(dst, `,"type":"Feature","geometry":`...)
	var g orb.Geometry = in.Point
	if in.Geometry != nil {
		g = in.Geometry
	}
	dst = appendGeometry(dst, g)
	dst = append(dst, `,"properties":{"actor1":`...)
	dst = appendString(dst, in.Actor1)
	dst = append(dst, `,"actor2":`...)
	dst = appendString(dst, in.Actor2)
	dst = append(dst, `,"admin1":`...)
	dst = appendString(dst, in.Admin1)
	dst = append(dst, `,"assoc_actors":[`...)
	for i, a := range in.AssocActors {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, a)
	}
	dst = append(dst, `],"confidence":`...)
	dst = appendFloat(dst, in.Confidence)
	dst = append(dst, `,"country_code":`...)
	dst = appendString(dst, in.CountryCode)
	dst = append(dst, `,"event_date":"`...)
	dst = in.EventDate.AppendFormat(dst, "2006-01-02")
	dst = append(dst, `","event_type":`...)
	dst = appendString(dst, in.EventType)
	dst = append(dst, `,"fatalities":`...)
	dst = appendIntp(dst, in.Fatalities)
	dst = append(dst, `,"geo_precision":`...)
	dst = strconv.AppendInt(dst, int64(in.GeoPrecision), 10)
	dst = append(dst, `,"id":`...)
	dst = appendString(dst, in.ID)
	dst = append(dst, `,"injuries":`...)
	dst = appendIntp(dst, in.Injuries)
	dst = append(dst, `,"lat":`...)
	dst = appendFloat(dst, round6(in.Point[1]))
	dst = append(dst, `,"location":`...)
	dst = appendString(dst, in.Location)
	dst = append(dst, `,"lon":`...)
	dst = appendFloat(dst, round6(in.Point[0]))
	dst = append(dst, `,"notes":`...)
	dst = appendString(dst, in.Notes)
	dst = append(dst, `,"place_id":`...)
	dst = appendString(dst, in.PlaceID)
	dst = append(dst, `,"sources":[`...)
	for i := range in.Sources {
		s := &in.Sources[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = appendString(dst, s.ArticleID)
		if !s.Published.IsZero() {
			dst = append(dst, `,"published":"`...)
			dst = s.Published.AppendFormat(dst, "2006-01-02")
			dst = append(dst, '"')
		}
		if s.SourceName != "" {
			dst = append(dst, `,"source":`...)
			dst = appendString(dst, s.SourceName)
		}
		dst = append(dst, `,"title":`...)
		dst = appendString(dst, s.Title)
		dst = append(dst, `,"url":`...)
		dst = appendString(dst, s.URL)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"sub_event_type":`...)
	dst = appendString(dst, in.SubEventType)
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

// appendFloat formats f as encoding/json does.
func appendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...) // never stored: ValidateIncident refuses them
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(dst)
		if n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

func appendPoint(dst []byte, p orb.Point) []byte {
	dst = append(dst, '[')
	dst = appendFloat(dst, p[0])
	dst = append(dst, ',')
	dst = appendFloat(dst, p[1])
	return append(dst, ']')
}

func appendPoints(dst []byte, ps []orb.Point) []byte {
	dst = append(dst, '[')
	for i, p := range ps {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendPoint(dst, p)
	}
	return append(dst, ']')
}

func appendPolygon(dst []byte, p orb.Polygon) []byte {
	dst = append(dst, '[')
	for i, r := range p {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendPoints(dst, r)
	}
	return append(dst, ']')
}

// appendGeometry writes g as orb's geojson.Geometry marshals it.
func appendGeometry(dst []byte, g orb.Geometry) []byte {
	switch g := g.(type) {
	case orb.Point:
		dst = append(dst, `{"type":"Point","coordinates":`...)
		dst = appendPoint(dst, g)
	case orb.MultiPoint:
		dst = append(dst, `{"type":"MultiPoint","coordinates":`...)
		dst = appendPoints(dst, g)
	case orb.LineString:
		dst = append(dst, `{"type":"LineString","coordinates":`...)
		dst = appendPoints(dst, g)
	case orb.MultiLineString:
		dst = append(dst, `{"type":"MultiLineString","coordinates":[`...)
		for i, l := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendPoints(dst, l)
		}
		dst = append(dst, ']')
	case orb.Polygon:
		dst = append(dst, `{"type":"Polygon","coordinates":`...)
		dst = appendPolygon(dst, g)
	case orb.MultiPolygon:
		dst = append(dst, `{"type":"MultiPolygon","coordinates":[`...)
		for i, p := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendPolygon(dst, p)
		}
		dst = append(dst, ']')
	default:
		// Rare shapes (collections, rings, bounds) take orb's own path.
		b, err := json.Marshal(geojson.NewGeometry(g))
		if err != nil {
			return append(dst, "null"...)
		}
		return append(dst, b...)
	}
	return append(dst, '}')
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string the way encoding/json does,
// HTML-safe: <, > and & escaped, invalid UTF-8 replaced.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
