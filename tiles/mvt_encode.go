package tiles

import (
	"encoding/binary"
	"math"
)

// Protocol buffer field numbers and wire types of vector_tile.proto 2.1.
const (
	wireVarint = 0
	wireFixed  = 1
	wireBytes  = 2

	tileLayers = 3

	layerName     = 1
	layerFeatures = 2
	layerKeys     = 3
	layerValues   = 4
	layerExtent   = 5
	layerVersion  = 15

	featureID   = 1
	featureTags = 2
	featureType = 3
	featureGeom = 4

	valueString = 1
	valueDouble = 3
	valueUint   = 5
	valueSint   = 6
	valueBool   = 7

	geomPoint      = 1
	geomLineString = 2
	geomPolygon    = 3

	cmdMoveTo    = 1
	cmdLineTo    = 2
	cmdClosePath = 7
)

// Extent is the number of units across a tile side in every tile served.
const Extent = 4096

// valueKey identifies a property value for de-duplication in a layer.
type valueKey struct {
	kind uint8
	s    string
	n    uint64
}

// layerEncoder writes one MVT layer without building an intermediate
// feature tree: features are appended as encoded bytes, keys and values are
// de-duplicated as they come. It is far cheaper than a generic marshaller for
// the thousands of small point features a tile holds.
type layerEncoder struct {
	name   string
	keys   []string
	keyIdx map[string]uint32
	values []byte // encoded Value messages, each with its tag and length
	nvals  uint32
	valIdx map[valueKey]uint32

	features []byte
	nfeat    int
	tags     []uint32
	geom     []uint32
	scratch  []byte
}

func newLayerEncoder(name string) *layerEncoder {
	return &layerEncoder{
		name:   name,
		keyIdx: make(map[string]uint32, 16),
		valIdx: make(map[valueKey]uint32, 256),
	}
}

// key returns the index of a property name.
func (e *layerEncoder) key(k string) uint32 {
	if i, ok := e.keyIdx[k]; ok {
		return i
	}
	i := uint32(len(e.keys))
	e.keys = append(e.keys, k)
	e.keyIdx[k] = i
	return i
}

func (e *layerEncoder) addValue(k valueKey, msg []byte) uint32 {
	i := e.nvals
	e.nvals++
	e.values = appendTag(e.values, layerValues, wireBytes)
	e.values = binary.AppendUvarint(e.values, uint64(len(msg)))
	e.values = append(e.values, msg...)
	if k.kind != 0 {
		e.valIdx[k] = i
	}
	return i
}

// str returns the index of a string value.
func (e *layerEncoder) str(s string) uint32 {
	k := valueKey{kind: valueString, s: s}
	if i, ok := e.valIdx[k]; ok {
		return i
	}
	return e.uniqueStr(s, true)
}

// uniqueStr adds a string value known not to repeat (an incident id),
// skipping the de-duplication map unless remember is set.
func (e *layerEncoder) uniqueStr(s string, remember bool) uint32 {
	m := appendTag(e.scratch[:0], valueString, wireBytes)
	m = binary.AppendUvarint(m, uint64(len(s)))
	m = append(m, s...)
	e.scratch = m
	k := valueKey{}
	if remember {
		k = valueKey{kind: valueString, s: s}
	}
	return e.addValue(k, m)
}

// int returns the index of an integer value (uint_value when not negative,
// sint_value otherwise, as the spec recommends).
func (e *layerEncoder) int(v int64) uint32 {
	kind := uint8(valueUint)
	u := uint64(v)
	if v < 0 {
		kind = valueSint
		u = uint64((v << 1) ^ (v >> 63))
	}
	k := valueKey{kind: kind, n: u}
	if i, ok := e.valIdx[k]; ok {
		return i
	}
	m := appendTag(e.scratch[:0], uint64(kind), wireVarint)
	m = binary.AppendUvarint(m, u)
	e.scratch = m
	return e.addValue(k, m)
}

// bool returns the index of a boolean value.
func (e *layerEncoder) bool(b bool) uint32 {
	var n uint64
	if b {
		n = 1
	}
	k := valueKey{kind: valueBool, n: n}
	if i, ok := e.valIdx[k]; ok {
		return i
	}
	m := appendTag(e.scratch[:0], valueBool, wireVarint)
	m = append(m, byte(n))
	e.scratch = m
	return e.addValue(k, m)
}

// float returns the index of a double value.
func (e *layerEncoder) float(f float64) uint32 {
	u := math.Float64bits(f)
	k := valueKey{kind: valueDouble, n: u}
	if i, ok := e.valIdx[k]; ok {
		return i
	}
	m := appendTag(e.scratch[:0], valueDouble, wireFixed)
	m = binary.LittleEndian.AppendUint64(m, u)
	e.scratch = m
	return e.addValue(k, m)
}

// value returns the index of a property value of a supported Go type; ok is
// false for types MVT cannot carry (they are skipped).
func (e *layerEncoder) value(v any) (uint32, bool) {
	switch v := v.(type) {
	case string:
		return e.str(v), true
	case bool:
		return e.bool(v), true
	case int:
		return e.int(int64(v)), true
	case int32:
		return e.int(int64(v)), true
	case int64:
		return e.int(v), true
	case uint32:
		return e.int(int64(v)), true
	case float32:
		return e.float(float64(v)), true
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return e.int(int64(v)), true
		}
		return e.float(v), true
	}
	return 0, false
}

// tag adds a key/value pair to the feature being built.
func (e *layerEncoder) tag(k, v uint32) { e.tags = append(e.tags, k, v) }

// point sets the feature geometry to one point in tile coordinates.
func (e *layerEncoder) point(x, y int32) {
	e.geom = append(e.geom[:0], command(cmdMoveTo, 1), zigzag(x), zigzag(y))
}

// feature writes the feature built from the pending tags and geometry.
// id 0 means no id.
func (e *layerEncoder) feature(id uint64, typ uint32) {
	if len(e.geom) == 0 {
		e.tags = e.tags[:0]
		return
	}
	m := e.scratch[:0]
	if id != 0 {
		m = appendTag(m, featureID, wireVarint)
		m = binary.AppendUvarint(m, id)
	}
	m = appendPacked(m, featureTags, e.tags)
	m = appendTag(m, featureType, wireVarint)
	m = binary.AppendUvarint(m, uint64(typ))
	m = appendPacked(m, featureGeom, e.geom)
	e.scratch = m
	e.features = appendTag(e.features, layerFeatures, wireBytes)
	e.features = binary.AppendUvarint(e.features, uint64(len(m)))
	e.features = append(e.features, m...)
	e.nfeat++
	e.tags = e.tags[:0]
	e.geom = e.geom[:0]
}

// appendTo appends the layer, as a Tile.layers field, to b. An empty layer
// is still written so clients see the layer exists.
func (e *layerEncoder) appendTo(b []byte) []byte {
	n := 0
	n += uvarintLen(layerVersion<<3|wireVarint) + 1
	n += sizeBytesField(layerName, len(e.name))
	n += len(e.features)
	for _, k := range e.keys {
		n += sizeBytesField(layerKeys, len(k))
	}
	n += len(e.values)
	n += uvarintLen(layerExtent<<3|wireVarint) + uvarintLen(Extent)
	b = appendTag(b, tileLayers, wireBytes)
	b = binary.AppendUvarint(b, uint64(n))
	b = appendTag(b, layerVersion, wireVarint)
	b = append(b, 2)
	b = appendTag(b, layerName, wireBytes)
	b = binary.AppendUvarint(b, uint64(len(e.name)))
	b = append(b, e.name...)
	b = append(b, e.features...)
	for _, k := range e.keys {
		b = appendTag(b, layerKeys, wireBytes)
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
	}
	b = append(b, e.values...)
	b = appendTag(b, layerExtent, wireVarint)
	b = binary.AppendUvarint(b, Extent)
	return b
}

// size is roughly how many bytes the layer will take.
func (e *layerEncoder) size() int { return len(e.features) + len(e.values) }

// geometry helpers -------------------------------------------------------

// path appends a path (MoveTo then LineTo...) relative to the cursor;
// closed adds ClosePath and drops a repeated last point.
func (e *layerEncoder) path(cx, cy *int32, pts [][2]int32, closed bool) {
	if closed && len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) == 0 {
		return
	}
	e.geom = append(e.geom, command(cmdMoveTo, 1), zigzag(pts[0][0]-*cx), zigzag(pts[0][1]-*cy))
	*cx, *cy = pts[0][0], pts[0][1]
	if len(pts) > 1 {
		e.geom = append(e.geom, command(cmdLineTo, len(pts)-1))
		for _, p := range pts[1:] {
			e.geom = append(e.geom, zigzag(p[0]-*cx), zigzag(p[1]-*cy))
			*cx, *cy = p[0], p[1]
		}
	}
	if closed {
		e.geom = append(e.geom, command(cmdClosePath, 1))
	}
}

func command(id uint32, count int) uint32 { return id&7 | uint32(count)<<3 }

func zigzag(v int32) uint32 { return uint32((v << 1) ^ (v >> 31)) }

func appendTag(b []byte, field uint64, wire uint64) []byte {
	return binary.AppendUvarint(b, field<<3|wire)
}

func appendPacked(b []byte, field uint64, vs []uint32) []byte {
	if len(vs) == 0 {
		return b
	}
	n := 0
	for _, v := range vs {
		n += uvarintLen(uint64(v))
	}
	b = appendTag(b, field, wireBytes)
	b = binary.AppendUvarint(b, uint64(n))
	for _, v := range vs {
		b = binary.AppendUvarint(b, uint64(v))
	}
	return b
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

func sizeBytesField(field uint64, l int) int {
	return uvarintLen(field<<3|wireBytes) + uvarintLen(uint64(l)) + l
}
