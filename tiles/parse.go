package tiles

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// MaxZoom is the deepest zoom served.
const MaxZoom = 16

// ErrMalformed means a tile coordinate is not a decimal number (a 400).
var ErrMalformed = errors.New("malformed tile coordinate")

// ErrOutOfRange means a tile coordinate is a number but no such tile exists
// (a 404).
var ErrOutOfRange = errors.New("tile out of range")

// ParseTile turns the z, x and y of a tile URL into a tile. z must be in
// 0..MaxZoom and x, y in 0..2^z-1. Errors wrap ErrMalformed or ErrOutOfRange
// and say which coordinate is wrong.
func ParseTile(z, x, y string) (maptile.Tile, error) {
	zv, err := parseCoord("z", z)
	if err != nil {
		return maptile.Tile{}, err
	}
	if zv > MaxZoom {
		return maptile.Tile{}, fmt.Errorf("%w: zoom %d is above the maximum %d", ErrOutOfRange, zv, MaxZoom)
	}
	xv, err := parseCoord("x", x)
	if err != nil {
		return maptile.Tile{}, err
	}
	yv, err := parseCoord("y", y)
	if err != nil {
		return maptile.Tile{}, err
	}
	n := uint64(1) << zv
	if xv >= n {
		return maptile.Tile{}, fmt.Errorf("%w: x %d is not below 2^%d = %d", ErrOutOfRange, xv, zv, n)
	}
	if yv >= n {
		return maptile.Tile{}, fmt.Errorf("%w: y %d is not below 2^%d = %d", ErrOutOfRange, yv, zv, n)
	}
	return maptile.New(uint32(xv), uint32(yv), maptile.Zoom(zv)), nil
}

// parseCoord accepts only plain decimal digits: no sign, space or base
// prefix. Numbers too large for any tile are out of range, not malformed.
func parseCoord(name, s string) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: %s is empty", ErrMalformed, name)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%w: %s %q is not a non-negative integer", ErrMalformed, name, truncate(s))
		}
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil || v > math.MaxUint32 {
		return 0, fmt.Errorf("%w: %s %s is too large", ErrOutOfRange, name, truncate(s))
	}
	return v, nil
}

func truncate(s string) string {
	if len(s) > 32 {
		return s[:32] + "..."
	}
	return s
}

// world is the size of the 32-bit world coordinate space.
const world = 1 << 32

// maxLat is the latitude where Web Mercator is cut off.
const maxLat = 85.05112877980659

// toWorld projects lon/lat to 32-bit Web Mercator world coordinates.
func toWorld(p orb.Point) (x, y uint32) {
	fx, fy := toWorldF(p)
	return clampWorld(fx), clampWorld(fy)
}

// toWorldF projects lon/lat to world coordinates as floats (for lines and
// polygons, which are clipped later).
func toWorldF(p orb.Point) (x, y float64) {
	lat := math.Max(-maxLat, math.Min(maxLat, p[1]))
	x = (p[0]/360 + 0.5) * world
	s := math.Sin(lat * math.Pi / 180)
	y = (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * world
	return x, y
}

func clampWorld(v float64) uint32 {
	if !(v > 0) {
		return 0
	}
	if v >= world-1 {
		return world - 1
	}
	return uint32(v)
}

// worldToLonLat is the inverse of toWorldF.
func worldToLonLat(x, y float64) orb.Point {
	lon := x/world*360 - 180
	lat := math.Atan(math.Sinh(math.Pi*(1-2*y/world))) * 180 / math.Pi
	return orb.Point{lon, lat}
}

// tileBox is a tile and its buffer in world coordinates, half-open, as
// signed 64-bit numbers so the buffer may reach past the world's edge.
type tileBox struct {
	x0, y0, x1, y1 int64
}

// boxOf returns the world box of t grown by buf tile units (of Extent).
func boxOf(t maptile.Tile, buf int) tileBox {
	shift := 32 - uint(t.Z)
	size := int64(1) << shift
	b := int64(buf) << shift / Extent
	x0 := int64(t.X) << shift
	y0 := int64(t.Y) << shift
	return tileBox{x0 - b, y0 - b, x0 + size + b, y0 + size + b}
}

// contains reports whether the world point is in the box.
func (b tileBox) contains(x, y uint32) bool {
	return int64(x) >= b.x0 && int64(x) < b.x1 && int64(y) >= b.y0 && int64(y) < b.y1
}

// clamped limits the box to the world.
func (b tileBox) clamped() tileBox {
	c := b
	c.x0, c.y0 = max(c.x0, 0), max(c.y0, 0)
	c.x1, c.y1 = min(c.x1, world), min(c.y1, world)
	return c
}

// lonLatBound is the box as a WGS84 bound (for a Source query).
func (b tileBox) lonLatBound() orb.Bound {
	c := b.clamped()
	nw := worldToLonLat(float64(c.x0), float64(c.y0))
	se := worldToLonLat(float64(c.x1), float64(c.y1))
	return orb.Bound{Min: orb.Point{nw[0], se[1]}, Max: orb.Point{se[0], nw[1]}}
}
