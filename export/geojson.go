package export

import (
	"bufio"
	"io"
	"strconv"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/jsonenc"
)

// geojsonWriter writes a GeoJSON FeatureCollection (RFC 7946) feature by
// feature, or with seq set an RFC 8142 GeoJSON text sequence.
type geojsonWriter struct {
	w      *bufio.Writer
	seq    bool
	layer  string
	n      int
	buf    []byte
	closed bool
	err    error
}

func newGeoJSONWriter(w io.Writer, opt Options, seq bool) *geojsonWriter {
	return &geojsonWriter{w: bufio.NewWriterSize(w, 64<<10), seq: seq, layer: opt.layerName()}
}

// Write implements Writer.
func (g *geojsonWriter) Write(inc *incident.Incident) error {
	if g.closed {
		return ErrClosed
	}
	if g.err != nil {
		return g.err
	}
	b := g.buf[:0]
	switch {
	case g.seq:
		b = append(b, 0x1e) // RS
	case g.n == 0:
		// "name" is not RFC 7946, but GDAL and QGIS take it as the layer
		// name, and other readers ignore it.
		b = append(b, `{"type":"FeatureCollection","name":`...)
		b = jsonenc.AppendString(b, g.layer)
		b = append(b, ",\"features\":[\n"...)
	default:
		b = append(b, ",\n"...)
	}
	b = appendFeature(b, inc)
	if g.seq {
		b = append(b, '\n')
	}
	g.buf = b
	g.n++
	_, g.err = g.w.Write(b)
	return g.err
}

// Close implements Writer.
func (g *geojsonWriter) Close() error {
	if g.closed {
		return ErrClosed
	}
	g.closed = true
	if g.err != nil {
		return g.err
	}
	if !g.seq {
		if g.n == 0 {
			g.w.WriteString(`{"type":"FeatureCollection","name":`)
			g.w.Write(jsonenc.AppendString(nil, g.layer))
			g.w.WriteString(`,"features":[`)
		}
		g.w.WriteString("\n]}\n")
	}
	return g.w.Flush()
}

// appendFeature appends inc as one GeoJSON Feature whose properties are
// the incident's JSON fields plus lat and lon.
func appendFeature(b []byte, inc *incident.Incident) []byte {
	b = append(b, `{"type":"Feature","id":`...)
	b = jsonenc.AppendString(b, inc.ID)
	b = append(b, `,"geometry":`...)
	b = jsonenc.Geometry(b, geometryOf(inc), 7)
	b = append(b, `,"properties":{"id":`...)
	b = jsonenc.AppendString(b, inc.ID)
	b = append(b, `,"event_date":`...)
	if inc.EventDate.IsZero() {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = inc.EventDate.UTC().AppendFormat(b, "2006-01-02")
		b = append(b, '"')
	}
	b = append(b, `,"time_precision":`...)
	b = strconv.AppendInt(b, int64(inc.TimePrecision), 10)
	b = append(b, `,"event_type":`...)
	b = jsonenc.AppendString(b, inc.EventType)
	b = append(b, `,"sub_event_type":`...)
	b = jsonenc.AppendString(b, inc.SubEventType)
	b = append(b, `,"actor1":`...)
	b = jsonenc.AppendString(b, inc.Actor1)
	b = append(b, `,"actor2":`...)
	b = jsonenc.AppendString(b, inc.Actor2)
	b = append(b, `,"assoc_actors":[`...)
	for i, a := range inc.AssocActors {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.AppendString(b, a)
	}
	b = append(b, `],"location":`...)
	b = jsonenc.AppendString(b, inc.Location)
	b = append(b, `,"place_id":`...)
	b = jsonenc.AppendString(b, inc.PlaceID)
	b = append(b, `,"country_code":`...)
	b = jsonenc.AppendString(b, inc.CountryCode)
	b = append(b, `,"admin1":`...)
	b = jsonenc.AppendString(b, inc.Admin1)
	b = append(b, `,"geo_precision":`...)
	b = strconv.AppendInt(b, int64(inc.GeoPrecision), 10)
	b = append(b, `,"fatalities":`...)
	b = appendOptionalInt(b, inc.Fatalities)
	b = append(b, `,"injuries":`...)
	b = appendOptionalInt(b, inc.Injuries)
	b = append(b, `,"notes":`...)
	b = jsonenc.AppendString(b, inc.Notes)
	b = append(b, `,"sources":`...)
	b = appendSources(b, inc.Sources)
	b = append(b, `,"confidence":`...)
	b = strconv.AppendFloat(b, inc.Confidence, 'f', -1, 64)
	b = append(b, `,"lat":`...)
	b = appendCoord(b, inc.Point.Lat())
	b = append(b, `,"lon":`...)
	b = appendCoord(b, inc.Point.Lon())
	return append(b, "}}"...)
}
