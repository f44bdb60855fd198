package tiles

import (
	"context"
	"fmt"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// Source streams the incidents that intersect bound (WGS84) to fn, with
// whatever other filters the request carries; the API adapts
// store.Store.Incidents to it by adding bound as the query's Bbox.
type Source func(ctx context.Context, bound orb.Bound, fn func(*incident.Incident) error) error

// Incidents encodes the incidents layer of tile t from a Source, for
// requests whose filters only the store can evaluate. It reads every
// incident of the tile and its buffer, so it suits high zooms; at low zooms
// over a large store use an Index.
func Incidents(ctx context.Context, t maptile.Tile, src Source, opt Options) ([]byte, error) {
	if t.Z > MaxZoom || !t.Valid() {
		return nil, fmt.Errorf("%w: %d/%d/%d", ErrOutOfRange, t.Z, t.X, t.Y)
	}
	o := opt.withDefaults()
	bound := boxOf(t, o.Buffer*PixelUnits).lonLatBound()
	ix, err := BuildIndex(ctx, func(fn func(*incident.Incident) error) error {
		return src(ctx, bound, fn)
	})
	if err != nil {
		return nil, fmt.Errorf("tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	return ix.Tile(t, Filter{}, opt)
}
