package export

import (
	"bufio"
	"encoding/binary"
	"io"
	"math"

	flatbuffers "github.com/google/flatbuffers/go"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

// FlatGeobuf (https://flatgeobuf.org, format version 3) is written with the
// FlatBuffers runtime straight from the header.fbs and feature.fbs schemas;
// the field slots below are their field numbers.
var fgbMagic = [8]byte{0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00}

// Geometry types (header.fbs GeometryType, the WKB codes).
const (
	fgbUnknown            = 0
	fgbPoint              = 1
	fgbLineString         = 2
	fgbPolygon            = 3
	fgbMultiPoint         = 4
	fgbMultiLineString    = 5
	fgbMultiPolygon       = 6
	fgbGeometryCollection = 7
)

// Column types (header.fbs ColumnType).
const (
	fgbColInt      = 5
	fgbColDouble   = 10
	fgbColString   = 11
	fgbColJSON     = 12
	fgbColDateTime = 13
)

// Table field slots.
const (
	// Header
	fgbHeaderName          = 0
	fgbHeaderGeometryType  = 2
	fgbHeaderColumns       = 7
	fgbHeaderFeaturesCount = 8
	fgbHeaderIndexNodeSize = 9
	fgbHeaderCRS           = 10
	fgbHeaderFields        = 14
	// Column
	fgbColumnName     = 0
	fgbColumnType     = 1
	fgbColumnNullable = 7
	fgbColumnFields   = 11
	// Crs
	fgbCRSOrg    = 0
	fgbCRSCode   = 1
	fgbCRSFields = 6
	// Geometry
	fgbGeomEnds   = 0
	fgbGeomXY     = 1
	fgbGeomType   = 6
	fgbGeomParts  = 7
	fgbGeomFields = 8
	// Feature
	fgbFeatureGeometry   = 0
	fgbFeatureProperties = 1
	fgbFeatureFields     = 3
)

// fgbWriter streams a FlatGeobuf without a spatial index: the magic bytes
// and header first, then one size-prefixed Feature per incident. The
// header's features_count is 0 ("unknown") and it has no envelope, since
// both are known only at the end of a stream; readers count the features.
type fgbWriter struct {
	w      *bufio.Writer
	b      *flatbuffers.Builder
	cols   [numColumns]column
	rec    record
	props  []byte
	xy     []float64
	ends   []uint32
	closed bool
	err    error
	layer  Layer
}

func newFGBWriter(w io.Writer, opt Options) (*fgbWriter, error) {
	f := &fgbWriter{w: bufio.NewWriterSize(w, 64<<10), b: flatbuffers.NewBuilder(4096), cols: schema(), layer: opt.Layer}
	if _, err := f.w.Write(fgbMagic[:]); err != nil {
		return nil, err
	}
	if _, err := f.w.Write(f.header(opt.layerName() + opt.Layer.suffix())); err != nil {
		return nil, err
	}
	return f, nil
}

// header returns the size-prefixed Header.
func (f *fgbWriter) header(name string) []byte {
	b := f.b
	b.Reset()
	colOffs := make([]flatbuffers.UOffsetT, len(f.cols))
	for i, c := range f.cols {
		n := b.CreateString(c.name)
		b.StartObject(fgbColumnFields)
		b.PrependUOffsetTSlot(fgbColumnName, n, 0)
		// Passing a default that differs from the value forces the slot
		// to be written even when it is the schema's default.
		b.PrependByteSlot(fgbColumnType, fgbType(c.kind), 0xff)
		b.PrependBoolSlot(fgbColumnNullable, c.nullable, !c.nullable)
		colOffs[i] = b.EndObject()
	}
	b.StartVector(4, len(colOffs), 4)
	for i := len(colOffs) - 1; i >= 0; i-- {
		b.PrependUOffsetT(colOffs[i])
	}
	cols := b.EndVector(len(colOffs))
	org := b.CreateString("EPSG")
	b.StartObject(fgbCRSFields)
	b.PrependUOffsetTSlot(fgbCRSOrg, org, 0)
	b.PrependInt32Slot(fgbCRSCode, wgs84SRSID, 0)
	crs := b.EndObject()
	nameOff := b.CreateString(name)
	b.StartObject(fgbHeaderFields)
	b.PrependUOffsetTSlot(fgbHeaderName, nameOff, 0)
	// One geometry type for the file, so that GIS clients open it as a
	// Point, MultiLineString or MultiPolygon layer, not "Unknown".
	b.PrependByteSlot(fgbHeaderGeometryType, fgbLayerType[f.layer], 0xff)
	b.PrependUOffsetTSlot(fgbHeaderColumns, cols, 0)
	b.PrependUint64Slot(fgbHeaderFeaturesCount, 0, 1)
	b.PrependUint16Slot(fgbHeaderIndexNodeSize, 0, 16) // no index
	b.PrependUOffsetTSlot(fgbHeaderCRS, crs, 0)
	h := b.EndObject()
	b.FinishSizePrefixed(h)
	return b.FinishedBytes()
}

func fgbType(k kind) byte {
	switch k {
	case kindInt:
		return fgbColInt
	case kindFloat:
		return fgbColDouble
	case kindDate:
		return fgbColDateTime
	case kindJSON:
		return fgbColJSON
	}
	return fgbColString
}

// fgbLayerType is the header's geometry type of each Layer.
var fgbLayerType = [...]byte{Points: fgbPoint, Lines: fgbMultiLineString, Areas: fgbMultiPolygon}

// Write implements Writer. An incident with nothing of the writer's layer
// (a point incident, for the lines layer) is left out.
func (f *fgbWriter) Write(inc *incident.Incident) error {
	if f.closed {
		return ErrClosed
	}
	if f.err != nil {
		return f.err
	}
	point, lines, areas := shapesOf(inc)
	g := [...]orb.Geometry{Points: point, Lines: lines, Areas: areas}[f.layer]
	if g == nil {
		return nil
	}
	f.rec.fill(inc)
	f.props = f.properties(f.props[:0])
	b := f.b
	b.Reset()
	props := b.CreateByteVector(f.props)
	geom := f.geometry(g)
	b.StartObject(fgbFeatureFields)
	b.PrependUOffsetTSlot(fgbFeatureGeometry, geom, 0)
	b.PrependUOffsetTSlot(fgbFeatureProperties, props, 0)
	b.FinishSizePrefixed(b.EndObject())
	_, f.err = f.w.Write(b.FinishedBytes())
	return f.err
}

// properties appends the record as FlatGeobuf properties: for each non-null
// value its column index (uint16) and the value, little endian, strings
// with a uint32 byte length.
func (f *fgbWriter) properties(p []byte) []byte {
	for i, c := range f.cols {
		v := f.rec.v[i]
		if v.null {
			continue
		}
		p = binary.LittleEndian.AppendUint16(p, uint16(i))
		switch c.kind {
		case kindInt:
			p = binary.LittleEndian.AppendUint32(p, uint32(int32(v.i)))
		case kindFloat:
			p = binary.LittleEndian.AppendUint64(p, math.Float64bits(v.f))
		default:
			p = binary.LittleEndian.AppendUint32(p, uint32(len(v.s)))
			p = append(p, v.s...)
		}
	}
	return p
}

// geometry builds g as a FlatGeobuf Geometry table. Simple types keep flat
// xy with ends marking rings or lines; MultiPolygon and GeometryCollection
// have parts. The type is set on every geometry, as readers of files whose
// header says Unknown need it.
func (f *fgbWriter) geometry(g orb.Geometry) flatbuffers.UOffsetT {
	b := f.b
	var typ byte
	f.xy, f.ends = f.xy[:0], f.ends[:0]
	var parts []flatbuffers.UOffsetT
	switch g := g.(type) {
	case orb.Point:
		typ = fgbPoint
		f.xy = append(f.xy, g[0], g[1])
	case orb.MultiPoint:
		typ = fgbMultiPoint
		f.appendXY(g)
	case orb.LineString:
		typ = fgbLineString
		f.appendXY(g)
	case orb.MultiLineString:
		typ = fgbMultiLineString
		for _, l := range g {
			f.appendXY(l)
			f.ends = append(f.ends, uint32(len(f.xy)/2))
		}
	case orb.Polygon:
		typ = fgbPolygon
		for _, r := range g {
			f.appendXY(r)
			f.ends = append(f.ends, uint32(len(f.xy)/2))
		}
	case orb.MultiPolygon:
		typ = fgbMultiPolygon
		parts = make([]flatbuffers.UOffsetT, len(g))
		for i, p := range g {
			parts[i] = f.geometry(p)
		}
	case orb.Collection:
		typ = fgbGeometryCollection
		parts = make([]flatbuffers.UOffsetT, len(g))
		for i, p := range g {
			parts[i] = f.geometry(p)
		}
	}
	if parts != nil {
		// The parts used the scratch slices; the collection itself has
		// no coordinates of its own.
		f.xy, f.ends = f.xy[:0], f.ends[:0]
	}
	var xy, ends, partsVec flatbuffers.UOffsetT
	if len(f.xy) > 0 {
		xy = float64Vector(b, f.xy)
	}
	// One ring needs no ends; a MultiLineString always has them (GDAL
	// reads none as an error).
	if len(f.ends) > 1 || (typ == fgbMultiLineString && len(f.ends) > 0) {
		ends = uint32Vector(b, f.ends)
	}
	if len(parts) > 0 {
		partsVec = offsetVector(b, parts)
	}
	b.StartObject(fgbGeomFields)
	if ends != 0 {
		b.PrependUOffsetTSlot(fgbGeomEnds, ends, 0)
	}
	if xy != 0 {
		b.PrependUOffsetTSlot(fgbGeomXY, xy, 0)
	}
	b.PrependByteSlot(fgbGeomType, typ, 0xff)
	if partsVec != 0 {
		b.PrependUOffsetTSlot(fgbGeomParts, partsVec, 0)
	}
	return b.EndObject()
}

// float64Vector, uint32Vector and offsetVector write a vector of xs,
// prepended last first as flatbuffers builds them.
func float64Vector(b *flatbuffers.Builder, xs []float64) flatbuffers.UOffsetT {
	b.StartVector(8, len(xs), 8)
	for i := len(xs) - 1; i >= 0; i-- {
		b.PrependFloat64(xs[i])
	}
	return b.EndVector(len(xs))
}

func uint32Vector(b *flatbuffers.Builder, xs []uint32) flatbuffers.UOffsetT {
	b.StartVector(4, len(xs), 4)
	for i := len(xs) - 1; i >= 0; i-- {
		b.PrependUint32(xs[i])
	}
	return b.EndVector(len(xs))
}

func offsetVector(b *flatbuffers.Builder, xs []flatbuffers.UOffsetT) flatbuffers.UOffsetT {
	b.StartVector(4, len(xs), 4)
	for i := len(xs) - 1; i >= 0; i-- {
		b.PrependUOffsetT(xs[i])
	}
	return b.EndVector(len(xs))
}

func (f *fgbWriter) appendXY(ps []orb.Point) {
	for _, p := range ps {
		f.xy = append(f.xy, p[0], p[1])
	}
}

// Close implements Writer.
func (f *fgbWriter) Close() error {
	if f.closed {
		return ErrClosed
	}
	f.closed = true
	if f.err != nil {
		return f.err
	}
	return f.w.Flush()
}
