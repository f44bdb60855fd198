package tiles

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"time"
	"unsafe"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Index is an immutable, in-memory index of incidents for tiling. Points are
// kept as compact records sorted along a Z-order curve, so a tile's points
// are a few contiguous runs, and summarised in a pyramid of grid cells so a
// low-zoom tile over a million points aggregates a few thousand cells
// instead of scanning every record. Lines and polygons are kept aside.
// An Index is safe for concurrent use; rebuild it when the store changes.
type Index struct {
	recs  []record // points, in Z-order
	idBuf []byte   // ids of recs, concatenated
	idOff []uint32 // id of recs[i] is idBuf[idOff[i]:idOff[i+1]]

	shapes []shape // lines and polygons
	groups int     // distinct shape geometries

	types []string // event types by code
	subs  []string // sub-event types by code
	locs  []string // locations by code
	// subParents is, by sub-event code, the mask of event type codes seen
	// with it, so a type filter naming a sub-event type can skip cells.
	subParents []uint32
	epoch      int64 // day number (since 1970-01-01) of record day 0

	levels []level // stored pyramid levels, finest last
}

// record is one point incident in 20 bytes.
type record struct {
	x, y uint32 // world coordinates
	loc  uint32 // location code
	day  uint16 // days since Index.epoch
	fat  uint16 // fatalities, fatUnknown when the text does not say
	typ  uint8  // event type code
	sub  uint8  // sub-event type code
	prec uint8  // geo precision in bits 0-1, time precision in bits 2-3
}

// fatUnknown marks a record without a fatality count; counts are capped
// just below it.
const fatUnknown = math.MaxUint16

// maxCodes is how many distinct event and sub-event types an index holds.
const maxCodes = 256

// maskTypes is how many event types cells track in their type mask and
// per-type counts; an index with more types is not summarised (it still
// works, by scanning records).
const maskTypes = 32

// shape is a line or polygon incident.
type shape struct {
	rec   record
	id    string
	geom  orb.Geometry // in world coordinates, shared by incidents with the same geometry
	bound orb.Bound    // in world coordinates
	group int32        // incidents with the same geometry share a group
}

// level is one stored pyramid level: the non-empty cells of a 2^lvl x
// 2^lvl grid over the world, in Z-order.
type level struct {
	lvl    uint
	cells  []cell
	counts []uint32 // per-cell counts by event type, stride len(Index.types)
}

// cell summarises the records of one grid cell. Its records are the
// contiguous run recs[start:start+count] because cells are Z-order prefixes.
type cell struct {
	key            uint32 // Z-order key at the level (2*lvl bits)
	start, count   uint32
	fat            uint32 // summed known fatalities
	x, y           uint32 // centroid, world coordinates
	minDay, maxDay uint16
	mask           uint32 // event type codes present
}

// BuildIndex reads every incident iter yields into a new Index. iter is
// typically store.Incidents with an empty query; ctx is checked between
// incidents.
func BuildIndex(ctx context.Context, iter func(fn func(*incident.Incident) error) error) (*Index, error) {
	b := newIndexBuilder()
	err := iter(func(inc *incident.Incident) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return b.add(inc)
	})
	if err != nil {
		return nil, fmt.Errorf("build tile index: %w", err)
	}
	return b.finish(), nil
}

// indexBuilder collects incidents before they are sorted.
type indexBuilder struct {
	recs       []record
	ids        []string
	days       []int64
	shapes     []shape
	groups     map[uint64]int32 // geometry hash -> group
	groupFirst []int            // group -> index of its first shape
	shapeDays  []int64

	ix      Index
	typeIdx map[string]uint8
	subIdx  map[string]uint8
	locIdx  map[string]uint32
}

func newIndexBuilder() *indexBuilder {
	return &indexBuilder{
		typeIdx: map[string]uint8{},
		subIdx:  map[string]uint8{},
		locIdx:  map[string]uint32{},
	}
}

func (b *indexBuilder) add(inc *incident.Incident) error {
	typ, err := code(b.typeIdx, &b.ix.types, inc.EventType)
	if err != nil {
		return fmt.Errorf("incident %s: event type: %w", inc.ID, err)
	}
	sub, err := code(b.subIdx, &b.ix.subs, inc.SubEventType)
	if err != nil {
		return fmt.Errorf("incident %s: sub-event type: %w", inc.ID, err)
	}
	if int(sub) >= len(b.ix.subParents) {
		b.ix.subParents = append(b.ix.subParents, 0)
	}
	b.ix.subParents[sub] |= typeBit(typ)
	loc, ok := b.locIdx[inc.Location]
	if !ok {
		loc = uint32(len(b.ix.locs))
		b.ix.locs = append(b.ix.locs, inc.Location)
		b.locIdx[inc.Location] = loc
	}
	r := record{
		loc:  loc,
		typ:  typ,
		sub:  sub,
		fat:  fatUnknown,
		prec: uint8(min(max(inc.GeoPrecision, 0), 3)) | uint8(min(max(inc.TimePrecision, 0), 3))<<2,
	}
	if inc.Fatalities != nil {
		r.fat = uint16(min(max(*inc.Fatalities, 0), fatUnknown-1))
	}
	p := inc.Point
	if p == (orb.Point{}) && inc.Geometry != nil {
		p = inc.Geometry.Bound().Center()
	}
	r.x, r.y = toWorld(p)
	day := dayNumber(inc.EventDate)
	if inc.Geometry != nil {
		// Many incidents share one geometry (every strike on one border, every
		// incident placed only in one province): keep and draw it once.
		key := geometryKey(inc.Geometry)
		if g, ok := b.groups[key]; ok {
			src := &b.shapes[b.groupFirst[g]]
			b.shapes = append(b.shapes, shape{rec: r, id: inc.ID, geom: src.geom, bound: src.bound, group: g})
			b.shapeDays = append(b.shapeDays, day)
			return nil
		}
	}
	if wg := projectGeometry(inc.Geometry); wg != nil {
		g := int32(len(b.groupFirst))
		if b.groups == nil {
			b.groups = map[uint64]int32{}
		}
		b.groups[geometryKey(inc.Geometry)] = g
		b.groupFirst = append(b.groupFirst, len(b.shapes))
		b.shapes = append(b.shapes, shape{rec: r, id: inc.ID, geom: wg, bound: wg.Bound(), group: g})
		b.shapeDays = append(b.shapeDays, day)
		return nil
	}
	b.recs = append(b.recs, r)
	b.ids = append(b.ids, inc.ID)
	b.days = append(b.days, day)
	return nil
}

// code returns the code of s in a string table, adding it when new.
func code(idx map[string]uint8, table *[]string, s string) (uint8, error) {
	if c, ok := idx[s]; ok {
		return c, nil
	}
	if len(*table) >= maxCodes {
		return 0, fmt.Errorf("more than %d distinct values", maxCodes)
	}
	c := uint8(len(*table))
	*table = append(*table, s)
	idx[s] = c
	return c, nil
}

// typeBit is an event type code's bit in a cell mask (codes past the mask
// share its last bit).
func typeBit(c uint8) uint32 { return 1 << min(c, maskTypes-1) }

// dayNumber is the number of days from 1970-01-01 to t's UTC date.
func dayNumber(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 86399) / 86400
	}
	return s / 86400
}

// finish sorts the records along the Z-order curve, lays out ids in the
// same order and builds the pyramid.
func (b *indexBuilder) finish() *Index {
	ix := &b.ix
	ix.epoch = math.MaxInt64
	for _, d := range b.days {
		ix.epoch = min(ix.epoch, d)
	}
	for _, d := range b.shapeDays {
		ix.epoch = min(ix.epoch, d)
	}
	if ix.epoch == math.MaxInt64 {
		ix.epoch = 0
	}
	rel := func(d int64) uint16 { return uint16(min(d-ix.epoch, math.MaxUint16)) }

	items := make([]keyed, len(b.recs))
	for i, r := range b.recs {
		items[i] = keyed{morton(r.x, r.y), uint32(i)}
	}
	radixSort(items)
	ix.recs = make([]record, len(b.recs))
	ix.idOff = make([]uint32, len(b.recs)+1)
	n := 0
	for _, id := range b.ids {
		n += len(id)
	}
	ix.idBuf = make([]byte, 0, n)
	for j, it := range items {
		r := b.recs[it.i]
		r.day = rel(b.days[it.i])
		ix.recs[j] = r
		ix.idBuf = append(ix.idBuf, b.ids[it.i]...)
		ix.idOff[j+1] = uint32(len(ix.idBuf))
	}
	for i := range b.shapes {
		b.shapes[i].rec.day = rel(b.shapeDays[i])
	}
	ix.shapes = b.shapes
	ix.groups = len(b.groupFirst)
	b.recs, b.ids, b.days = nil, nil, nil
	ix.buildPyramid(items)
	return ix
}

// buildPyramid stores the grid levels worth keeping. Going from fine to
// coarse, a level is kept when it has at most a quarter of the cells (or
// records) of the last kept finer one: a tile then never aggregates more
// than four times the cells its own zoom would need, and the pyramid takes
// at most a third of the records' count in cells.
func (ix *Index) buildPyramid(items []keyed) {
	if len(ix.types) > maskTypes {
		return
	}
	ref := len(ix.recs)
	var kept []level
	for l := uint(maxLevel); ; l-- {
		shift := 64 - 2*l
		n := 0
		var last uint64
		for i, it := range items {
			k := it.key >> shift
			if l == 0 {
				k = 0
			}
			if i == 0 || k != last {
				n++
				last = k
			}
		}
		if n*4 <= ref && n > 0 {
			kept = append(kept, ix.buildLevel(l))
			ref = n
		}
		if l == 0 {
			break
		}
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	ix.levels = kept
}

// maxLevel is the finest pyramid level: cells of ~600 m, enough for
// clustering at zoom 12 with 16-pixel cells.
const maxLevel = 16

// buildLevel summarises the records in cells of a 2^l grid.
func (ix *Index) buildLevel(l uint) level {
	lv := level{lvl: l}
	nt := len(ix.types)
	shift := 32 - l
	var sx, sy uint64
	flush := func() {
		c := &lv.cells[len(lv.cells)-1]
		c.x = uint32(sx / uint64(c.count))
		c.y = uint32(sy / uint64(c.count))
	}
	for i, r := range ix.recs {
		var key uint32
		if l > 0 {
			key = uint32(morton(r.x>>shift, r.y>>shift))
		}
		if len(lv.cells) == 0 || lv.cells[len(lv.cells)-1].key != key {
			if len(lv.cells) > 0 {
				flush()
			}
			lv.cells = append(lv.cells, cell{key: key, start: uint32(i), minDay: math.MaxUint16})
			for range nt {
				lv.counts = append(lv.counts, 0)
			}
			sx, sy = 0, 0
		}
		c := &lv.cells[len(lv.cells)-1]
		c.count++
		if r.fat != fatUnknown {
			c.fat += uint32(r.fat)
		}
		sx += uint64(r.x)
		sy += uint64(r.y)
		c.minDay = min(c.minDay, r.day)
		c.maxDay = max(c.maxDay, r.day)
		c.mask |= typeBit(r.typ)
		lv.counts[(len(lv.cells)-1)*nt+int(r.typ)]++
	}
	if len(lv.cells) > 0 {
		flush()
	}
	return lv
}

// Len is the number of incidents in the index.
func (ix *Index) Len() int { return len(ix.recs) + len(ix.shapes) }

// Bytes is roughly how much memory the index holds (excluding the line and
// polygon geometries).
func (ix *Index) Bytes() int {
	n := len(ix.recs)*int(unsafe.Sizeof(record{})) + len(ix.idBuf) + 4*len(ix.idOff)
	for _, lv := range ix.levels {
		n += len(lv.cells)*int(unsafe.Sizeof(cell{})) + 4*len(lv.counts)
	}
	for _, s := range ix.locs {
		n += len(s) + 16
	}
	n += len(ix.shapes) * int(unsafe.Sizeof(shape{}))
	return n
}

// id returns the id of record i.
func (ix *Index) id(i uint32) []byte { return ix.idBuf[ix.idOff[i]:ix.idOff[i+1]] }

// geometryKey hashes a geometry's WKB (FNV-1a), so identical geometries
// from different incidents are recognised. Only lines and polygons, a few
// percent of incidents, are hashed.
func geometryKey(g orb.Geometry) uint64 {
	b, err := wkb.Marshal(g)
	if err != nil {
		return 0
	}
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}
