// Package export writes incidents as the files GIS tools open: GeoJSON,
// GeoJSON text sequences, ACLED-style CSV, KML, GeoPackage and FlatGeobuf.
//
// Every format is written by a streaming Writer that takes one incident at a
// time and keeps memory flat however many incidents pass through it; the
// formats that need a footer, an index or a finished database (GeoPackage)
// complete the file in Close.
package export

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// Format is an export file format.
type Format string

// The export formats.
const (
	GeoJSON    Format = "geojson"
	GeoJSONSeq Format = "geojsonseq"
	CSV        Format = "csv"
	KML        Format = "kml"
	GPKG       Format = "gpkg"
	FGB        Format = "fgb"
)

// Formats returns every export format, in the order they are documented.
func Formats() []Format { return []Format{GeoJSON, GeoJSONSeq, CSV, KML, GPKG, FGB} }

// DefaultLayerName is the layer name used when Options.LayerName is empty.
const DefaultLayerName = "incidents"

// ErrClosed is returned by Write and Close on a Writer that is already closed.
var ErrClosed = errors.New("export: writer is closed")

// ParseFormat turns a format name or a file extension ("geojson", ".json",
// "GPKG", "fgb", "geojsons"...) into a Format.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")) {
	case "geojson", "json":
		return GeoJSON, nil
	case "geojsonseq", "geojsons", "geojsonl", "geojsonseq+json":
		return GeoJSONSeq, nil
	case "csv":
		return CSV, nil
	case "kml":
		return KML, nil
	case "gpkg", "geopackage":
		return GPKG, nil
	case "fgb", "flatgeobuf":
		return FGB, nil
	}
	all := Formats()
	valid := make([]string, len(all))
	for i, f := range all {
		valid[i] = string(f)
	}
	return "", fmt.Errorf("unknown export format %q: valid formats are %s", s, strings.Join(valid, ", "))
}

// ContentType returns the format's media type.
func (f Format) ContentType() string {
	switch f {
	case GeoJSON:
		return "application/geo+json"
	case GeoJSONSeq:
		return "application/geo+json-seq"
	case CSV:
		return "text/csv"
	case KML:
		return "application/vnd.google-earth.kml+xml"
	case GPKG:
		return "application/geopackage+sqlite3"
	case FGB:
		return "application/flatgeobuf"
	}
	return "application/octet-stream"
}

// Extension returns the format's usual file extension, without the dot.
func (f Format) Extension() string {
	switch f {
	case GeoJSONSeq:
		return "geojsons"
	case GeoJSON, CSV, KML, GPKG, FGB:
		return string(f)
	}
	return ""
}

// Options configures a Writer; the zero value works.
type Options struct {
	// LayerName names the layer (GeoJSON "name", KML Document, GeoPackage
	// table, FlatGeobuf dataset); "incidents" when empty.
	LayerName string
	// TempDir is where formats that need a scratch file (GeoPackage) put
	// it; the system default when empty.
	TempDir string
	// Layer picks what a format of one layer and one geometry type
	// (FlatGeobuf) holds: every incident at its representative point (the
	// zero value), or the incidents located on lines, or on areas. The
	// GeoPackage holds all three layers; the other formats keep each
	// incident's own geometry, whatever its type.
	Layer Layer
}

// Layer is one of the layers of one geometry type that GIS clients need,
// named as the GeoPackage tables and the OGC API collections.
type Layer int

// The layers: Points is every incident at its representative point, Lines
// the incidents located on a line (a border) as MultiLineStrings, Areas
// those located on a region as MultiPolygons.
const (
	Points Layer = iota
	Lines
	Areas
)

// ParseLayer turns "points", "lines" or "areas" (or "" for points) into a
// Layer.
func ParseLayer(s string) (Layer, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "points", "point":
		return Points, nil
	case "lines", "line":
		return Lines, nil
	case "areas", "area", "polygons":
		return Areas, nil
	}
	return Points, fmt.Errorf("unknown layer %q: want points, lines or areas", s)
}

// String returns the layer's name: "points", "lines" or "areas".
func (l Layer) String() string {
	switch l {
	case Lines:
		return "lines"
	case Areas:
		return "areas"
	}
	return "points"
}

// suffix is what the layer adds to the layer name, as the GeoPackage's
// tables and the OGC collections are named: "", "_lines", "_areas".
func (l Layer) suffix() string {
	if l == Points {
		return ""
	}
	return "_" + l.String()
}

func (o Options) layerName() string {
	if o.LayerName == "" {
		return DefaultLayerName
	}
	return o.LayerName
}

// Writer writes incidents one at a time in one format.
type Writer interface {
	// Write adds one incident to the file.
	Write(*incident.Incident) error
	// Close finishes the file (footer, index, database) and makes sure
	// everything has been written to the underlying io.Writer. It does not
	// close that io.Writer.
	Close() error
}

// NewWriter returns a Writer that writes incidents to w in format f. The
// caller must Close it, even after a failed Write: Close releases the
// GeoPackage's temporary file.
func NewWriter(f Format, w io.Writer, opt Options) (Writer, error) {
	switch f {
	case GeoJSON:
		return newGeoJSONWriter(w, opt, false), nil
	case GeoJSONSeq:
		return newGeoJSONWriter(w, opt, true), nil
	case CSV:
		return newCSVWriter(w), nil
	case KML:
		return newKMLWriter(w, opt)
	case GPKG:
		return newGPKGWriter(w, opt)
	case FGB:
		return newFGBWriter(w, opt)
	}
	_, err := ParseFormat(string(f))
	return nil, err
}
