package export

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	kml "github.com/twpayne/go-kml/v3"
)

// kmlWriter writes a KML 2.2 Document with one Placemark per incident. The
// Document's start and end tags are written by hand so that each Placemark
// can be built with go-kml, encoded and dropped: memory stays flat. The
// attributes are typed: a Schema declares them (int, double, string) and
// each Placemark's SchemaData follows it, and a TimeStamp carries the
// event date, for the time sliders of QGIS and Google Earth.
type kmlWriter struct {
	bw     *bufio.Writer
	enc    *xml.Encoder
	cols   [numColumns]column
	rec    record
	closed bool
}

// kmlOpen returns the elements that hold the Placemarks, outermost first.
func kmlOpen() []xml.StartElement {
	return []xml.StartElement{
		{Name: xml.Name{Local: "kml"}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: kml.Namespace}}},
		{Name: xml.Name{Local: "Document"}},
		{Name: xml.Name{Local: "Folder"}},
	}
}

func newKMLWriter(w io.Writer, opt Options) (*kmlWriter, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	k := &kmlWriter{bw: bw, enc: xml.NewEncoder(bw), cols: schema()}
	if _, err := bw.WriteString(xml.Header); err != nil {
		return nil, err
	}
	// GDAL names a KML layer after the Folder (or Document) that holds
	// the Placemarks; both carry the layer name.
	name := opt.layerName()
	for i, start := range kmlOpen() {
		if err := k.enc.EncodeToken(start); err != nil {
			return nil, err
		}
		if i > 0 {
			if err := k.enc.Encode(kml.Name(name)); err != nil {
				return nil, err
			}
		}
		if i == 1 {
			if err := k.enc.Encode(kmlSchema(k.cols)); err != nil {
				return nil, err
			}
		}
	}
	return k, nil
}

// kmlSchemaID names the Schema the Placemarks' SchemaData refer to.
const kmlSchemaID = "incident_fields"

// kmlSchema declares the attributes with their KML types.
func kmlSchema(cols [numColumns]column) *kml.SchemaElement {
	fields := make([]kml.Element, 0, len(cols))
	for _, c := range cols {
		typ := "string"
		switch c.kind {
		case kindInt:
			typ = "int"
		case kindFloat:
			typ = "double"
		}
		fields = append(fields, kml.SimpleField(c.name, typ))
	}
	sch := kml.Schema(kmlSchemaID, fields...)
	sch.Name = kmlSchemaID
	return sch
}

// Write implements Writer.
func (k *kmlWriter) Write(inc *incident.Incident) error {
	if k.closed {
		return ErrClosed
	}
	k.rec.fill(inc)
	data := make([]kml.Element, 0, numColumns)
	for i, c := range k.cols {
		v := k.rec.v[i]
		if v.null {
			continue
		}
		var s string
		switch c.kind {
		case kindInt:
			s = strconv.FormatInt(v.i, 10)
		case kindFloat:
			s = strconv.FormatFloat(v.f, 'f', -1, 64)
		default:
			s = v.s
		}
		data = append(data, kml.SimpleData(c.name, s))
	}
	children := []kml.Element{
		kml.Name(placemarkName(inc)),
		kml.Description(inc.Notes),
	}
	if !inc.EventDate.IsZero() {
		d := inc.EventDate.UTC()
		children = append(children, kml.TimeStamp(kml.When(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC))))
	}
	children = append(children,
		kml.ExtendedData(kml.SchemaData("#"+kmlSchemaID, data...)),
		kmlGeometry(geometryOf(inc)),
	)
	return k.enc.Encode(kml.Placemark(children...))
}

// Close implements Writer.
func (k *kmlWriter) Close() error {
	if k.closed {
		return ErrClosed
	}
	k.closed = true
	open := kmlOpen()
	for i := len(open) - 1; i >= 0; i-- {
		if err := k.enc.EncodeToken(open[i].End()); err != nil {
			return err
		}
	}
	if err := k.enc.Flush(); err != nil {
		return err
	}
	if _, err := k.bw.WriteString("\n"); err != nil {
		return err
	}
	return k.bw.Flush()
}

// placemarkName is "event type, location, date", leaving out what is
// unknown.
func placemarkName(inc *incident.Incident) string {
	parts := make([]string, 0, 3)
	for _, s := range []string{inc.EventType, inc.Location} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if !inc.EventDate.IsZero() {
		parts = append(parts, formatDate(inc.EventDate))
	}
	return strings.Join(parts, ", ")
}

func kmlCoords(ps []orb.Point) kml.CoordinatesElement {
	cs := make(kml.CoordinatesElement, len(ps))
	for i, p := range ps {
		cs[i] = kml.Coordinate{Lon: roundCoord(p[0]), Lat: roundCoord(p[1])}
	}
	return cs
}

func kmlPolygon(p orb.Polygon) kml.Element {
	children := make([]kml.Element, 0, len(p))
	for i, r := range p {
		ring := kml.LinearRing(kmlCoords(r))
		if i == 0 {
			children = append(children, kml.OuterBoundaryIs(ring))
		} else {
			children = append(children, kml.InnerBoundaryIs(ring))
		}
	}
	return kml.Polygon(children...)
}

// kmlGeometry converts g to KML; multi-part geometries become
// MultiGeometry.
func kmlGeometry(g orb.Geometry) kml.Element {
	switch g := g.(type) {
	case orb.Point:
		return kml.Point(kmlCoords([]orb.Point{g}))
	case orb.LineString:
		return kml.LineString(kmlCoords(g))
	case orb.Polygon:
		return kmlPolygon(g)
	case orb.MultiPoint:
		parts := make([]kml.Element, len(g))
		for i, p := range g {
			parts[i] = kmlGeometry(p)
		}
		return kml.MultiGeometry(parts...)
	case orb.MultiLineString:
		parts := make([]kml.Element, len(g))
		for i, l := range g {
			parts[i] = kmlGeometry(l)
		}
		return kml.MultiGeometry(parts...)
	case orb.MultiPolygon:
		parts := make([]kml.Element, len(g))
		for i, p := range g {
			parts[i] = kmlGeometry(p)
		}
		return kml.MultiGeometry(parts...)
	case orb.Collection:
		parts := make([]kml.Element, len(g))
		for i, p := range g {
			parts[i] = kmlGeometry(p)
		}
		return kml.MultiGeometry(parts...)
	}
	return kml.MultiGeometry()
}
