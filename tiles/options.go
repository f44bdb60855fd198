package tiles

import "math/bits"

// Options tune how incident tiles are made. The zero value gives the
// defaults.
type Options struct {
	// Buffer is how many pixels around the tile a tile also carries, so
	// symbols at its edge are drawn whole; default 64, negative for none.
	Buffer int
	// ClusterBelowZoom is the first zoom at which points are sent one by
	// one; below it they are clustered. Default 10; negative never clusters.
	ClusterBelowZoom int
	// ClusterCell is the side of a clustering cell in pixels, a power of two
	// from 4 to 128; default 16 (a 16 x 16 grid per tile).
	ClusterCell int
	// MaxFeatures caps the points a tile at or above ClusterBelowZoom sends
	// one by one; a denser tile is clustered instead. Default 5000, which
	// keeps tiles under ~350 KB.
	MaxFeatures int
	// Simplify is the line and polygon simplification tolerance in pixels;
	// default 1, negative for none.
	Simplify float64
}

// PixelUnits is how many tile units (of Extent) make one pixel.
const PixelUnits = Extent / 256

func (o Options) withDefaults() Options {
	if o.Buffer == 0 {
		o.Buffer = 64
	}
	if o.Buffer < 0 {
		o.Buffer = 0
	}
	o.Buffer = min(o.Buffer, 256)
	if o.ClusterBelowZoom == 0 {
		o.ClusterBelowZoom = 10
	}
	if o.ClusterCell == 0 {
		o.ClusterCell = 16
	}
	o.ClusterCell = 1 << (bits.Len(uint(min(max(o.ClusterCell, 4), 128))) - 1)
	if o.MaxFeatures <= 0 {
		o.MaxFeatures = 5000
	}
	if o.Simplify == 0 {
		o.Simplify = 1
	}
	return o
}

// clusterLevel is the world grid level of clustering cells at zoom z.
func (o Options) clusterLevel(z uint) uint {
	return z + 8 - uint(bits.Len(uint(o.ClusterCell))-1)
}
