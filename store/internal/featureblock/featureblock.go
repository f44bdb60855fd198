// Package featureblock keeps each event day's ready-made GeoJSON Features
// as compressed blocks, which both stores write and read back for exports
// of whole days.
package featureblock

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/klauspost/compress/s2"
)

// Feature blocks are a store's ready-made copy of each event day's
// Features, for exports of whole days: the day's Features (feature.Append's
// bytes, which never hold a raw newline) in id order, joined by newlines
// and compressed with S2, at most MaxFeatures or MaxBytes to a block.
// Reading a block per day instead of a row per incident, and a fifth of
// the bytes, is what makes a full export fast.
const (
	MaxFeatures = 1000
	MaxBytes    = 4 << 20
	// maxBlockLen bounds what a block may decode to (MaxBytes and the
	// Feature that crossed it), so a damaged one cannot claim gigabytes.
	maxBlockLen = 64 << 20
)

// WholeDays reports whether q selects the incidents of whole days, newest
// first (no spatial, attribute or text filter, no cursor; a Limit only
// cuts the stream short, see Limited), so feature blocks can answer it.
func WholeDays(q store.Query) bool {
	world := q.Bbox == nil || (q.Bbox.Min[0] <= -180 && q.Bbox.Min[1] <= -90 && q.Bbox.Max[0] >= 180 && q.Bbox.Max[1] >= 90)
	return world && q.Intersects == nil && len(q.Types) == 0 && q.Actor == "" && q.Text == "" &&
		q.Country == "" && q.Admin1 == "" && q.Shape == store.ShapeAny && q.Filter == nil && q.After == nil &&
		q.Statuses == nil && q.UpdatedSince == nil && q.UpdatedFrom == nil && q.UpdatedTo == nil
}

// errLimit stops a block stream at its query's Limit.
var errLimit = errors.New("limit reached")

// Limited wraps a WholeDays stream's fn so it stops after q.Limit Features
// (none when 0); done turns the stream's result into fn's error or nil.
func Limited(q store.Query, fn func(store.Cursor, []byte) error) (wrapped func(store.Cursor, []byte) error, done func(error) error) {
	n := 0
	wrapped = func(c store.Cursor, f []byte) error {
		if q.Limit > 0 && n >= q.Limit {
			return errLimit
		}
		n++
		return fn(c, f)
	}
	done = func(err error) error {
		if errors.Is(err, errLimit) {
			return nil
		}
		return err
	}
	return wrapped, done
}

// Builder joins Features into blocks.
type Builder struct {
	buf []byte
	n   int
}

// Add appends a Feature; it reports whether the block is full.
func (b *Builder) Add(feature []byte) (full bool, err error) {
	if bytes.IndexByte(feature, '\n') >= 0 {
		return false, fmt.Errorf("feature holds a newline: %.60q", feature)
	}
	if len(b.buf)+1+len(feature) > maxBlockLen {
		return false, fmt.Errorf("feature of %d bytes does not fit a block", len(feature))
	}
	if b.n > 0 {
		b.buf = append(b.buf, '\n')
	}
	b.buf = append(b.buf, feature...)
	b.n++
	return b.n >= MaxFeatures || len(b.buf) >= MaxBytes, nil
}

// Len is the number of Features added since the last Flush.
func (b *Builder) Len() int { return b.n }

// Flush returns the compressed block of the Features added and starts a
// new one.
func (b *Builder) Flush() []byte {
	out := s2.EncodeBetter(nil, b.buf)
	b.buf, b.n = b.buf[:0], 0
	return out
}

// Reader hands on the Features of blocks, reusing one buffer.
type Reader struct {
	buf []byte
}

// Each calls fn with each Feature of block, a day's, and its cursor.
// The feature is only valid during the call.
func (r *Reader) Each(day time.Time, block []byte, fn func(store.Cursor, []byte) error) error {
	n, err := s2.DecodedLen(block)
	if err != nil {
		return fmt.Errorf("feature block of %s: %w", day.Format(time.DateOnly), err)
	}
	if n > maxBlockLen {
		return fmt.Errorf("feature block of %s: claims %d bytes", day.Format(time.DateOnly), n)
	}
	if cap(r.buf) < n {
		r.buf = make([]byte, n)
	}
	data, err := s2.Decode(r.buf[:cap(r.buf)], block)
	if err != nil {
		return fmt.Errorf("feature block of %s: %w", day.Format(time.DateOnly), err)
	}
	for len(data) > 0 {
		f := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			f, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		id, err := feature.ID(f)
		if err != nil {
			return fmt.Errorf("feature block of %s: %w", day.Format(time.DateOnly), err)
		}
		if err := fn(store.Cursor{EventDate: day, ID: id}, f); err != nil {
			return err
		}
	}
	return nil
}
