package tiles

import (
	"fmt"
	"math"
	"sort"
	"time"
	"unsafe"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// LayerIncidents is the name of the incidents layer.
const LayerIncidents = "incidents"

// Tile encodes the incidents layer of tile t with the incidents f selects:
// below opt.ClusterBelowZoom points are clustered on a pixel grid, from it
// on they are sent one by one; lines and polygons are simplified, clipped
// and never clustered. The result is an uncompressed MVT.
func (ix *Index) Tile(t maptile.Tile, f Filter, opt Options) ([]byte, error) {
	if t.Z > MaxZoom || !t.Valid() {
		return nil, fmt.Errorf("%w: %d/%d/%d", ErrOutOfRange, t.Z, t.X, t.Y)
	}
	opt = opt.withDefaults()
	w := ix.newTileWriter(t)
	cf := ix.compile(f)
	if !cf.none {
		box := boxOf(t, opt.Buffer*PixelUnits)
		if opt.ClusterBelowZoom > 0 && int(t.Z) < opt.ClusterBelowZoom {
			ix.cluster(w, box, &cf, opt, nil)
		} else {
			ix.points(w, box, &cf, opt)
		}
		ix.drawShapes(w, box, &cf, opt)
	}
	return w.enc.appendTo(make([]byte, 0, w.enc.size()+256)), nil
}

// compile resolves a filter against the index's day epoch and type codes.
func (ix *Index) compile(f Filter) compiledFilter {
	cf := compiledFilter{toDay: math.MaxUint16, match: f.Match}
	if !f.From.IsZero() {
		d := dayNumber(f.From) - ix.epoch
		if d > math.MaxUint16 {
			cf.none = true
		} else if d > 0 {
			cf.fromDay = uint16(d)
		}
	}
	if !f.To.IsZero() {
		d := dayNumber(f.To) - ix.epoch
		if d < 0 {
			cf.none = true
		} else if d < math.MaxUint16 {
			cf.toDay = uint16(d)
		}
	}
	if cf.fromDay > cf.toDay {
		cf.none = true
	}
	if len(f.Types) > 0 {
		cf.anyType = true
		cf.typeOK = make([]bool, len(ix.types))
		cf.subOK = make([]bool, len(ix.subs))
		found := false
		for _, name := range f.Types {
			for c, s := range ix.types {
				if s == name {
					cf.typeOK[c] = true
					cf.fullMask |= typeBit(uint8(c))
					cf.anyMask |= typeBit(uint8(c))
					found = true
				}
			}
			for c, s := range ix.subs {
				if s == name {
					cf.subOK[c] = true
					cf.anyMask |= ix.subParents[c]
					found = true
				}
			}
		}
		if !found {
			cf.none = true
		}
	}
	cf.all = !cf.none && cf.fromDay == 0 && cf.toDay == math.MaxUint16 && !cf.anyType && cf.match == nil
	return cf
}

// pass reports whether a record passes the filter; id is its id.
func (cf *compiledFilter) pass(r *record, id []byte) bool {
	if r.day < cf.fromDay || r.day > cf.toDay {
		return false
	}
	if cf.anyType && !cf.typeOK[r.typ] && !cf.subOK[r.sub] {
		return false
	}
	// The id is passed without a copy: Match must not keep it.
	return cf.match == nil || cf.match(unsafe.String(unsafe.SliceData(id), len(id)))
}

// Cell states for a filter.
const (
	cellSkip = iota
	cellFull
	cellPartial
)

// cellState says whether a filter takes none, all or some of a cell.
func (cf *compiledFilter) cellState(c *cell) int {
	if cf.all {
		return cellFull
	}
	if c.maxDay < cf.fromDay || c.minDay > cf.toDay {
		return cellSkip
	}
	if cf.anyType && c.mask&cf.anyMask == 0 {
		return cellSkip
	}
	if cf.match == nil && c.minDay >= cf.fromDay && c.maxDay <= cf.toDay &&
		(!cf.anyType || c.mask&^cf.fullMask == 0) {
		return cellFull
	}
	return cellPartial
}

// rangeLevel is the grid level whose cells cover a tile at zoom z and its
// buffer of buf units in whole cells, at most 4 levels below the tile.
func rangeLevel(z uint, buf int) uint {
	k := uint(0)
	for buf > 0 && k < 4 && buf<<k < Extent {
		k++
	}
	return min(z+k, 32)
}

// recordRange returns the records whose Z-order keys are in r.
func (ix *Index) recordRange(r keyRange) (int, int) {
	recs := ix.recs
	i0 := sort.Search(len(recs), func(i int) bool { return morton(recs[i].x, recs[i].y) >= r.lo })
	i1 := i0 + sort.Search(len(recs)-i0, func(i int) bool { return morton(recs[i0+i].x, recs[i0+i].y) > r.hi })
	return i0, i1
}

// points writes every selected point of the box, or clusters them when
// there are more than opt.MaxFeatures.
func (ix *Index) points(w *tileWriter, box tileBox, cf *compiledFilter, opt Options) {
	var sel []uint32
	for _, r := range cover(box, rangeLevel(uint(w.t.Z), opt.Buffer*PixelUnits)) {
		i0, i1 := ix.recordRange(r)
		for i := i0; i < i1; i++ {
			rec := &ix.recs[i]
			if !box.contains(rec.x, rec.y) {
				continue
			}
			if !cf.all && !cf.pass(rec, ix.id(uint32(i))) {
				continue
			}
			sel = append(sel, uint32(i))
		}
	}
	if len(sel) > opt.MaxFeatures {
		ix.cluster(w, box, cf, opt, sel)
		return
	}
	for _, i := range sel {
		w.record(ix.id(i), &ix.recs[i])
	}
}

// grid accumulates clusters in the cells of one level over a tile.
type grid struct {
	lvl      uint
	gx0, gy0 uint32
	w, h     uint32
	nt       int
	count    []uint32
	fat      []uint32
	one      []uint32 // a record of the cell, shown alone when count is 1
	sx, sy   []uint64
	types    []uint32 // per-cell counts by event type, stride nt
}

func newGrid(lvl uint, box tileBox, nt int) *grid {
	b := box.clamped()
	s := 32 - lvl
	g := &grid{lvl: lvl, nt: nt}
	g.gx0, g.gy0 = uint32(b.x0>>s), uint32(b.y0>>s)
	g.w = uint32((b.x1-1)>>s) - g.gx0 + 1
	g.h = uint32((b.y1-1)>>s) - g.gy0 + 1
	n := int(g.w * g.h)
	g.count = make([]uint32, n)
	g.fat = make([]uint32, n)
	g.one = make([]uint32, n)
	g.sx = make([]uint64, n)
	g.sy = make([]uint64, n)
	g.types = make([]uint32, n*nt)
	return g
}

// box is the world box of the grid's cells.
func (g *grid) box() tileBox {
	s := 32 - g.lvl
	return tileBox{int64(g.gx0) << s, int64(g.gy0) << s, int64(g.gx0+g.w) << s, int64(g.gy0+g.h) << s}
}

// at returns the index of the grid cell holding level cell (cx, cy).
func (g *grid) at(cx, cy uint32) (int, bool) {
	dx, dy := cx-g.gx0, cy-g.gy0 // wraps to huge when below
	if dx >= g.w || dy >= g.h {
		return 0, false
	}
	return int(dy*g.w + dx), true
}

func (g *grid) addRecord(k int, i uint32, r *record) {
	g.count[k]++
	g.one[k] = i
	if r.fat != fatUnknown {
		g.fat[k] += uint32(r.fat)
	}
	g.sx[k] += uint64(r.x)
	g.sy[k] += uint64(r.y)
	g.types[k*g.nt+int(r.typ)]++
}

func (g *grid) addCell(k int, c *cell, counts []uint32) {
	g.count[k] += c.count
	g.one[k] = c.start
	g.fat[k] += c.fat
	g.sx[k] += uint64(c.x) * uint64(c.count)
	g.sy[k] += uint64(c.y) * uint64(c.count)
	t := g.types[k*g.nt : (k+1)*g.nt]
	for j, n := range counts {
		t[j] += n
	}
}

// levelFor returns the coarsest stored level at least as fine as l.
func (ix *Index) levelFor(l uint) *level {
	for i := range ix.levels {
		if ix.levels[i].lvl >= l {
			return &ix.levels[i]
		}
	}
	return nil
}

// cluster writes the selected points of the box as one feature per
// non-empty grid cell. sel, when not nil, is the list of selected records;
// otherwise the pyramid (or a scan of the records) is used.
func (ix *Index) cluster(w *tileWriter, box tileBox, cf *compiledFilter, opt Options, sel []uint32) {
	z := uint(w.t.Z)
	l := opt.clusterLevel(z)
	nt := max(len(ix.types), 1)
	g := newGrid(l, box, nt)
	s := 32 - l
	switch lv := ix.levelFor(l); {
	case sel != nil:
		for _, i := range sel {
			r := &ix.recs[i]
			if k, ok := g.at(r.x>>s, r.y>>s); ok {
				g.addRecord(k, i, r)
			}
		}
	case lv != nil && cf.match == nil:
		m := min(rangeLevel(z, opt.Buffer*PixelUnits), l)
		ks := 64 - 2*lv.lvl
		down := lv.lvl - l
		for _, r := range cover(g.box(), m) {
			klo, khi := uint32(r.lo>>ks), uint32(r.hi>>ks)
			if lv.lvl == 0 {
				klo, khi = 0, 0
			}
			cells := lv.cells
			j := sort.Search(len(cells), func(j int) bool { return cells[j].key >= klo })
			for ; j < len(cells) && cells[j].key <= khi; j++ {
				c := &cells[j]
				cx, cy := unmorton(uint64(c.key))
				k, ok := g.at(cx>>down, cy>>down)
				if !ok {
					continue
				}
				switch cf.cellState(c) {
				case cellFull:
					g.addCell(k, c, lv.counts[j*len(ix.types):(j+1)*len(ix.types)])
				case cellPartial:
					ix.addPartial(g, k, c, cf)
				}
			}
		}
	default:
		for _, r := range cover(g.box(), rangeLevel(z, opt.Buffer*PixelUnits)) {
			i0, i1 := ix.recordRange(r)
			for i := i0; i < i1; i++ {
				rec := &ix.recs[i]
				k, ok := g.at(rec.x>>s, rec.y>>s)
				if !ok || (!cf.all && !cf.pass(rec, ix.id(uint32(i)))) {
					continue
				}
				g.addRecord(k, uint32(i), rec)
			}
		}
	}
	for k, n := range g.count {
		switch {
		case n == 0:
		case n == 1:
			i := g.one[k]
			w.record(ix.id(i), &ix.recs[i])
		default:
			dom, best := 0, uint32(0)
			for j, c := range g.types[k*nt : (k+1)*nt] {
				if c > best {
					dom, best = j, c
				}
			}
			domName := ""
			if dom < len(ix.types) {
				domName = ix.types[dom]
			}
			cx, cy := g.gx0+uint32(k)%g.w, g.gy0+uint32(k)/g.w
			id := 1<<52 | uint64(l)<<46 | morton(cx, cy)
			w.cluster(id, g.sx[k]/uint64(n), g.sy[k]/uint64(n), n, g.fat[k], domName)
		}
	}
}

// addPartial adds the records of a cell the filter takes in part. It is
// the hot loop of filtered low-zoom tiles, so it keeps its sums in locals.
func (ix *Index) addPartial(g *grid, k int, c *cell, cf *compiledFilter) {
	var n, fat, one uint32
	var sx, sy uint64
	types := g.types[k*g.nt : (k+1)*g.nt]
	from, to := cf.fromDay, cf.toDay
	recs := ix.recs[c.start : c.start+c.count]
	for j := range recs {
		r := &recs[j]
		if r.day < from || r.day > to {
			continue
		}
		if cf.anyType && !cf.typeOK[r.typ] && !cf.subOK[r.sub] {
			continue
		}
		i := c.start + uint32(j)
		if cf.match != nil && !cf.pass(r, ix.id(i)) {
			continue
		}
		n++
		one = i
		if r.fat != fatUnknown {
			fat += uint32(r.fat)
		}
		sx += uint64(r.x)
		sy += uint64(r.y)
		types[r.typ]++
	}
	if n > 0 {
		g.count[k] += n
		g.one[k] = one
		g.fat[k] += fat
		g.sx[k] += sx
		g.sy[k] += sy
	}
}

// drawShapes writes the selected lines and polygons that reach the box.
func (ix *Index) drawShapes(w *tileWriter, box tileBox, cf *compiledFilter, opt Options) {
	if len(ix.shapes) == 0 {
		return
	}
	b := orb.Bound{Min: orb.Point{float64(box.x0), float64(box.y0)}, Max: orb.Point{float64(box.x1), float64(box.y1)}}
	tol := opt.Simplify * PixelUnits
	// Incidents with the same geometry are drawn once: the newest of them
	// speaks for the group, with count saying how many there are.
	rep := make([]int32, ix.groups)
	count := make([]int32, ix.groups)
	for i := range rep {
		rep[i] = -1
	}
	for i := range ix.shapes {
		sh := &ix.shapes[i]
		if !sh.bound.Intersects(b) {
			continue
		}
		if !cf.all && !cf.pass(&sh.rec, unsafe.Slice(unsafe.StringData(sh.id), len(sh.id))) {
			continue
		}
		g := sh.group
		count[g]++
		if r := rep[g]; r < 0 || sh.rec.day > ix.shapes[r].rec.day || (sh.rec.day == ix.shapes[r].rec.day && sh.id < ix.shapes[r].id) {
			rep[g] = int32(i)
		}
	}
	for g, r := range rep {
		if r < 0 {
			continue
		}
		sh := &ix.shapes[r]
		typ := drawGeometry(w.enc, sh.geom, w.t, opt.Buffer*PixelUnits, tol)
		if typ == 0 {
			continue
		}
		w.props(sh.id, &sh.rec)
		if count[g] > 1 {
			w.enc.tag(w.kCount, w.enc.int(int64(count[g])))
		}
		w.enc.feature(featureIDOf(sh.id), typ)
	}
}

// tileWriter writes incident features into the incidents layer of a tile,
// caching the value indexes of repeated property values.
type tileWriter struct {
	ix     *Index
	enc    *layerEncoder
	t      maptile.Tile
	shift  uint  // world to tile units
	ox, oy int64 // tile origin in tile units

	kID, kType, kSub, kDate, kFat, kGeo, kTime, kLoc, kCluster, kCount, kDom uint32

	typeVal, subVal []int32
	locVal          map[uint32]uint32
	dayVal          map[uint16]uint32
}

func (ix *Index) newTileWriter(t maptile.Tile) *tileWriter {
	e := newLayerEncoder(LayerIncidents)
	w := &tileWriter{
		ix:      ix,
		enc:     e,
		t:       t,
		shift:   20 - uint(t.Z),
		ox:      int64(t.X) * Extent,
		oy:      int64(t.Y) * Extent,
		typeVal: make([]int32, len(ix.types)),
		subVal:  make([]int32, len(ix.subs)),
		locVal:  map[uint32]uint32{},
		dayVal:  map[uint16]uint32{},
	}
	for i := range w.typeVal {
		w.typeVal[i] = -1
	}
	for i := range w.subVal {
		w.subVal[i] = -1
	}
	w.kID = e.key("id")
	w.kType = e.key("event_type")
	w.kSub = e.key("sub_event_type")
	w.kDate = e.key("event_date")
	w.kFat = e.key("fatalities")
	w.kGeo = e.key("geo_precision")
	w.kTime = e.key("time_precision")
	w.kLoc = e.key("location")
	w.kCluster = e.key("cluster")
	w.kCount = e.key("count")
	w.kDom = e.key("dominant_type")
	return w
}

// record writes one point incident.
func (w *tileWriter) record(id []byte, r *record) {
	sid := unsafe.String(unsafe.SliceData(id), len(id))
	w.props(sid, r)
	w.enc.point(int32(int64(r.x>>w.shift)-w.ox), int32(int64(r.y>>w.shift)-w.oy))
	w.enc.feature(featureIDOf(sid), geomPoint)
}

// props adds an incident's properties to the pending feature. id may alias
// index memory: it is copied, never kept.
func (w *tileWriter) props(id string, r *record) {
	e := w.enc
	e.tag(w.kID, e.uniqueStr(id, false))
	if v := w.typeVal[r.typ]; v >= 0 {
		e.tag(w.kType, uint32(v))
	} else {
		v := e.str(w.ix.types[r.typ])
		w.typeVal[r.typ] = int32(v)
		e.tag(w.kType, v)
	}
	if v := w.subVal[r.sub]; v >= 0 {
		e.tag(w.kSub, uint32(v))
	} else {
		v := e.str(w.ix.subs[r.sub])
		w.subVal[r.sub] = int32(v)
		e.tag(w.kSub, v)
	}
	v, ok := w.dayVal[r.day]
	if !ok {
		d := time.Unix((w.ix.epoch+int64(r.day))*86400, 0).UTC().Format(time.DateOnly)
		v = e.str(d)
		w.dayVal[r.day] = v
	}
	e.tag(w.kDate, v)
	if r.fat != fatUnknown {
		e.tag(w.kFat, e.int(int64(r.fat)))
	}
	if p := r.prec & 3; p != 0 {
		e.tag(w.kGeo, e.int(int64(p)))
	}
	if p := r.prec >> 2; p != 0 {
		e.tag(w.kTime, e.int(int64(p)))
	}
	v, ok = w.locVal[r.loc]
	if !ok {
		v = e.str(w.ix.locs[r.loc])
		w.locVal[r.loc] = v
	}
	e.tag(w.kLoc, v)
}

// cluster writes one cluster feature at world point (x, y).
func (w *tileWriter) cluster(id, x, y uint64, count, fat uint32, dom string) {
	e := w.enc
	e.tag(w.kCluster, e.bool(true))
	e.tag(w.kCount, e.int(int64(count)))
	e.tag(w.kFat, e.int(int64(fat)))
	e.tag(w.kDom, e.str(dom))
	e.point(int32(int64(x>>w.shift)-w.ox), int32(int64(y>>w.shift)-w.oy))
	e.feature(id, geomPoint)
}

// featureIDOf derives a feature id from an incident id: FNV-1a, cut to 52
// bits so JavaScript numbers hold it exactly (cluster ids set bit 52).
func featureIDOf(id string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(id); i++ {
		h ^= uint64(id[i])
		h *= 1099511628211
	}
	h &= 1<<52 - 1
	if h == 0 {
		h = 1
	}
	return h
}

// FeatureID is the MVT feature id an incident with this id gets, so a map
// client's feature-state can be keyed by it.
func FeatureID(incidentID string) uint64 { return featureIDOf(incidentID) }
