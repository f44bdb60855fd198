package basemap

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// HeaderLen is the length of a PMTiles v3 header, which opens the archive.
const HeaderLen = 127

// The tile types of the PMTiles v3 header.
const (
	TileUnknown = 0
	TileMVT     = 1
	TilePNG     = 2
	TileJPEG    = 3
	TileWebP    = 4
	TileAVIF    = 5
)

// The compressions of the PMTiles v3 header.
const (
	CompressionUnknown = 0
	CompressionNone    = 1
	CompressionGzip    = 2
	CompressionBrotli  = 3
	CompressionZstd    = 4
)

// Header is the part of a PMTiles v3 header the server checks and passes
// on to the page: where the sections lie, what the tiles are and where.
type Header struct {
	RootOffset, RootLength         uint64
	MetadataOffset, MetadataLength uint64
	LeafOffset, LeafLength         uint64
	DataOffset, DataLength         uint64
	InternalCompression            uint8
	TileCompression                uint8
	TileType                       uint8
	MinZoom, MaxZoom               uint8
	// Bounds is west, south, east, north in degrees.
	Bounds [4]float64
	// Center is longitude, latitude and zoom.
	Center [3]float64
}

// ErrNotPMTiles says the bytes do not open a PMTiles v3 archive.
var ErrNotPMTiles = errors.New("not a PMTiles v3 archive")

// ParseHeader reads a PMTiles v3 header (the archive's first HeaderLen
// bytes) and checks that its sections fit in an archive of size bytes.
func ParseHeader(b []byte, size int64) (Header, error) {
	var h Header
	if len(b) < HeaderLen {
		return h, fmt.Errorf("%w: %d bytes, a header has %d", ErrNotPMTiles, len(b), HeaderLen)
	}
	if string(b[:7]) != "PMTiles" {
		return h, fmt.Errorf("%w: no PMTiles magic", ErrNotPMTiles)
	}
	if b[7] != 3 {
		return h, fmt.Errorf("%w: spec version %d (only 3 is read)", ErrNotPMTiles, b[7])
	}
	u := func(at int) uint64 { return binary.LittleEndian.Uint64(b[at:]) }
	deg := func(at int) float64 { return float64(int32(binary.LittleEndian.Uint32(b[at:]))) / 1e7 }
	h = Header{
		RootOffset: u(8), RootLength: u(16),
		MetadataOffset: u(24), MetadataLength: u(32),
		LeafOffset: u(40), LeafLength: u(48),
		DataOffset: u(56), DataLength: u(64),
		InternalCompression: b[97], TileCompression: b[98], TileType: b[99],
		MinZoom: b[100], MaxZoom: b[101],
		Bounds: [4]float64{deg(102), deg(106), deg(110), deg(114)},
		Center: [3]float64{deg(119), deg(123), float64(b[118])},
	}
	for _, s := range []struct {
		name      string
		off, size uint64
	}{
		{"root directory", h.RootOffset, h.RootLength},
		{"metadata", h.MetadataOffset, h.MetadataLength},
		{"leaf directories", h.LeafOffset, h.LeafLength},
		{"tile data", h.DataOffset, h.DataLength},
	} {
		if s.off > uint64(size) || s.size > uint64(size)-s.off {
			return h, fmt.Errorf("%w: its %s (%d bytes at %d) lies past its end (%d bytes)", ErrNotPMTiles, s.name, s.size, s.off, size)
		}
	}
	if h.RootLength == 0 {
		return h, fmt.Errorf("%w: no root directory", ErrNotPMTiles)
	}
	if h.MinZoom > h.MaxZoom || h.MaxZoom > 30 {
		return h, fmt.Errorf("%w: zooms %d to %d", ErrNotPMTiles, h.MinZoom, h.MaxZoom)
	}
	return h, nil
}

// TileFormat names a tile type as TileJSON and the page do ("pbf" for
// vector tiles), or "" for a type the page cannot draw.
func TileFormat(t uint8) string {
	switch t {
	case TileMVT:
		return "pbf"
	case TilePNG:
		return "png"
	case TileJPEG:
		return "jpg"
	case TileWebP:
		return "webp"
	case TileAVIF:
		return "avif"
	}
	return ""
}
