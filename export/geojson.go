package export

import (
	"bufio"
	"io"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
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
	b = feature.Append(b, inc)
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
