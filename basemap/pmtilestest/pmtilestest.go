// Package pmtilestest writes small PMTiles v3 archives of vector tiles for
// tests: a street grid around a point, laid out as the PMTiles v3
// specification says (header, root directory, metadata, tile data), with
// the tiles encoded by package tiles.
package pmtilestest

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/incidentmap/incidentmap/tiles"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Layers of the street archive, in the Protomaps basemap schema's names.
const (
	LayerEarth = "earth"
	LayerWater = "water"
	LayerRoads = "roads"
)

// Streets returns a PMTiles v3 archive of MVT tiles from zoom 0 to
// maxZoom holding a square of land (layer earth) about 8 km across
// centred on center, a pond (water) and a grid of streets (roads, with
// kind "major_road" every fourth street and "minor_road" between) 250 m
// apart. At zoom 14 that is some 20 KB, more than the first 16 KiB a
// PMTiles client fetches, so the street tiles take more range requests.
func Streets(center orb.Point, maxZoom maptile.Zoom) ([]byte, error) {
	const half = 0.036 // degrees of latitude: about 4 km
	dx := half / math.Cos(center.Lat()*math.Pi/180)
	land := orb.Bound{Min: orb.Point{center.Lon() - dx, center.Lat() - half}, Max: orb.Point{center.Lon() + dx, center.Lat() + half}}
	pond := orb.Bound{Min: orb.Point{center.Lon() + dx/8, center.Lat() + half/8}, Max: orb.Point{center.Lon() + dx/4, center.Lat() + half/4}}
	feats := []tiles.BasemapFeature{
		{Layer: LayerEarth, Geometry: land.ToPolygon(), Props: map[string]any{"kind": "earth"}},
		{Layer: LayerWater, Geometry: pond.ToPolygon(), Props: map[string]any{"kind": "water"}},
	}
	const n = 32
	for i := 0; i <= n; i++ {
		kind := "minor_road"
		if i%4 == 0 {
			kind = "major_road"
		}
		lat := land.Min.Lat() + float64(i)*2*half/n
		lon := land.Min.Lon() + float64(i)*2*dx/n
		for _, ls := range []orb.LineString{
			{{land.Min.Lon(), lat}, {land.Max.Lon(), lat}},
			{{lon, land.Min.Lat()}, {lon, land.Max.Lat()}},
		} {
			feats = append(feats, tiles.BasemapFeature{Layer: LayerRoads, Geometry: ls,
				Props: map[string]any{"kind": kind, "name": fmt.Sprintf("Street %d", i)}})
		}
	}
	// The project's own MVT encoder writes the tiles (the basemap's, which
	// takes any layer); the archive around them is this package's.
	enc := tiles.NewBasemap(feats)
	var ts []Tile
	for z := maptile.Zoom(0); z <= maxZoom; z++ {
		for _, t := range tilesOver(land, z) {
			raw, err := enc.Tile(t)
			if err != nil {
				return nil, fmt.Errorf("tile %v: %w", t, err)
			}
			data, err := gz(raw)
			if err != nil {
				return nil, err
			}
			ts = append(ts, Tile{Tile: t, Data: data})
		}
	}
	field := map[string]string{"kind": "String", "name": "String"}
	meta := map[string]any{
		"name": "test streets", "format": "pbf", "attribution": "incidentmap test streets",
		"vector_layers": []map[string]any{
			{"id": LayerEarth, "fields": map[string]string{}, "minzoom": 0, "maxzoom": int(maxZoom)},
			{"id": LayerWater, "fields": map[string]string{}, "minzoom": 0, "maxzoom": int(maxZoom)},
			{"id": LayerRoads, "fields": field, "minzoom": 0, "maxzoom": int(maxZoom)},
		},
	}
	return Archive(ts, meta, land, center, maxZoom)
}

// tilesOver lists the tiles of zoom z that b touches.
func tilesOver(b orb.Bound, z maptile.Zoom) []maptile.Tile {
	lo := maptile.At(orb.Point{b.Min.Lon(), b.Max.Lat()}, z)
	hi := maptile.At(orb.Point{b.Max.Lon(), b.Min.Lat()}, z)
	var out []maptile.Tile
	for x := lo.X; x <= hi.X; x++ {
		for y := lo.Y; y <= hi.Y; y++ {
			out = append(out, maptile.New(x, y, z))
		}
	}
	return out
}

// Tile is one tile of an archive: its address and its (gzipped MVT) bytes.
type Tile struct {
	Tile maptile.Tile
	Data []byte
}

// Archive lays tiles out as a PMTiles v3 archive with the metadata given,
// gzip as both compressions, every directory entry in the root directory.
func Archive(tiles []Tile, meta map[string]any, bounds orb.Bound, center orb.Point, maxZoom maptile.Zoom) ([]byte, error) {
	tiles = slices.Clone(tiles)
	slices.SortFunc(tiles, func(a, b Tile) int {
		return cmpUint(TileID(a.Tile), TileID(b.Tile))
	})
	var data bytes.Buffer
	entries := make([]dirEntry, 0, len(tiles))
	minZoom := maptile.Zoom(255)
	for _, t := range tiles {
		entries = append(entries, dirEntry{id: TileID(t.Tile), offset: uint64(data.Len()), len: uint64(len(t.Data))})
		data.Write(t.Data)
		minZoom = min(minZoom, t.Tile.Z)
	}
	root, err := gz(directory(entries))
	if err != nil {
		return nil, err
	}
	mj, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	metadata, err := gz(mj)
	if err != nil {
		return nil, err
	}
	if 127+len(root) > 16384 {
		return nil, fmt.Errorf("root directory of %d bytes: the header and it must fit in 16 KiB", len(root))
	}
	if minZoom == 255 {
		minZoom = 0
	}
	h := header{root: len(root), metadata: len(metadata), data: data.Len(), tiles: len(entries),
		minZoom: minZoom, maxZoom: maxZoom, bounds: bounds, center: center}
	out := slices.Concat(h.bytes(), root, metadata, data.Bytes())
	return out, nil
}

// dirEntry is one tile's entry in a directory: its id and where its
// bytes are in the tile data.
type dirEntry struct {
	id          uint64
	offset, len uint64
}

// directory is the directory of entries: count, tile id deltas, run
// lengths, lengths, offsets (0 for "right after the previous", else
// offset+1), as varints.
func directory(entries []dirEntry) []byte {
	var dir []byte
	dir = binary.AppendUvarint(dir, uint64(len(entries)))
	last := uint64(0)
	for _, e := range entries {
		dir = binary.AppendUvarint(dir, e.id-last)
		last = e.id
	}
	for range entries {
		dir = binary.AppendUvarint(dir, 1)
	}
	for _, e := range entries {
		dir = binary.AppendUvarint(dir, e.len)
	}
	for i, e := range entries {
		if i > 0 && e.offset == entries[i-1].offset+entries[i-1].len {
			dir = binary.AppendUvarint(dir, 0)
		} else {
			dir = binary.AppendUvarint(dir, e.offset+1)
		}
	}
	return dir
}

// header is what the 127-byte header of an archive with no leaf
// directories says: the sizes of the root directory, metadata and tile
// data that follow it in that order, the number of tiles, zooms, bounds
// and center.
type header struct {
	root, metadata, data, tiles int
	minZoom, maxZoom            maptile.Zoom
	bounds                      orb.Bound
	center                      orb.Point
}

func (hd header) bytes() []byte {
	h := make([]byte, 127)
	copy(h, "PMTiles")
	h[7] = 3
	put := func(at int, v uint64) { binary.LittleEndian.PutUint64(h[at:], v) }
	rootOff := uint64(127)
	metaOff := rootOff + uint64(hd.root)
	dataOff := metaOff + uint64(hd.metadata)
	put(8, rootOff)
	put(16, uint64(hd.root))
	put(24, metaOff)
	put(32, uint64(hd.metadata))
	put(40, dataOff) // no leaf directories
	put(48, 0)
	put(56, dataOff)
	put(64, uint64(hd.data))
	put(72, uint64(hd.tiles)) // addressed tiles
	put(80, uint64(hd.tiles)) // tile entries
	put(88, uint64(hd.tiles)) // tile contents
	h[96] = 1                 // clustered: data in tile id order
	h[97] = 2                 // internal compression: gzip
	h[98] = 2                 // tile compression: gzip
	h[99] = 1                 // tile type: MVT
	h[100] = byte(hd.minZoom)
	h[101] = byte(hd.maxZoom)
	deg := func(at int, v float64) { binary.LittleEndian.PutUint32(h[at:], uint32(int32(math.Round(v*1e7)))) }
	deg(102, hd.bounds.Min.Lon())
	deg(106, hd.bounds.Min.Lat())
	deg(110, hd.bounds.Max.Lon())
	deg(114, hd.bounds.Max.Lat())
	h[118] = byte(hd.maxZoom)
	deg(119, hd.center.Lon())
	deg(123, hd.center.Lat())
	return h
}

// TileID is a tile's PMTiles id: the tiles of lower zooms counted, plus
// the tile's position along the Hilbert curve over its zoom.
func TileID(t maptile.Tile) uint64 {
	z := uint(t.Z)
	acc := ((uint64(1) << (2 * z)) - 1) / 3
	x, y := uint64(t.X), uint64(t.Y)
	n := uint64(1) << z
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if x&s > 0 {
			rx = 1
		}
		if y&s > 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		// Rotate the quadrant so the curve continues in it.
		if ry == 0 {
			if rx == 1 {
				x = s - 1 - x&(s-1)
				y = s - 1 - y&(s-1)
			}
			x, y = y, x
		}
	}
	return acc + d
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func gz(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
