package postgis

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/featureblock"
	"github.com/incidentmap/incidentmap/store/internal/stream"
)

var _ store.FeatureStreamer = (*Store)(nil)

// pgEpoch is day zero of PostgreSQL's binary date.
var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// StreamGeoJSON streams the stored GeoJSON Feature of each incident
// matching q, in (event_date desc, id) order (see store.FeatureStreamer).
// Rows come in binary and are handed on as pgx reads them, without copies.
func (s *Store) StreamGeoJSON(ctx context.Context, q store.Query, fn func(store.Cursor, []byte) error) error {
	if featureblock.WholeDays(q) {
		fn, done := featureblock.Limited(q, fn)
		return done(stream.Error("geojson", mapErr(s.streamBlocks(ctx, q, fn))))
	}
	var b builder
	where, err := b.where(q, true)
	if err != nil {
		return fmt.Errorf("geojson: %w", err)
	}
	sqlText := `SELECT i.event_date, i.id, i.feature FROM incidents i` + where + order
	if q.Limit > 0 {
		sqlText += ` LIMIT ` + b.arg(q.Limit)
	}
	rows, err := s.pool.Query(ctx, sqlText, b.args...)
	if err != nil {
		return fmt.Errorf("geojson: %w", mapErr(err))
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		v := rows.RawValues()
		if len(v) != 3 || len(v[0]) != 4 {
			return fmt.Errorf("geojson: unexpected row shape")
		}
		if n++; n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		days := int32(binary.BigEndian.Uint32(v[0]))
		c := store.Cursor{EventDate: pgEpoch.AddDate(0, 0, int(days)), ID: string(v[1])}
		if err := fn(c, v[2]); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("geojson: %w", mapErr(err))
	}
	return nil
}
