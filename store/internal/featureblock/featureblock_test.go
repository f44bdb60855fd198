package featureblock

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

func TestBlockRoundTrip(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var want []string
	var blocks [][]byte
	var b Builder
	for i := range MaxFeatures + 5 {
		in := incident.Incident{ID: fmt.Sprintf("inc-%04d", i), EventDate: day, Point: orb.Point{44, 33}, Notes: "a\nb"}
		f := feature.Append(nil, &in)
		want = append(want, in.ID+" "+string(f))
		full, err := b.Add(f)
		if err != nil {
			t.Fatal(err)
		}
		if full != (b.Len() == MaxFeatures) {
			t.Fatalf("full = %v after %d features", full, b.Len())
		}
		if full {
			blocks = append(blocks, b.Flush())
		}
	}
	blocks = append(blocks, b.Flush())
	if b.Len() != 0 || len(blocks) != 2 {
		t.Fatalf("%d blocks, %d features left", len(blocks), b.Len())
	}
	var got []string
	var r Reader
	for _, blk := range blocks {
		if err := r.Each(day, blk, func(c store.Cursor, f []byte) error {
			if !c.EventDate.Equal(day) {
				t.Errorf("cursor day %v", c.EventDate)
			}
			got = append(got, c.ID+" "+string(f))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("read back %d features, wrote %d, or they differ", len(got), len(want))
	}
	if _, err := b.Add([]byte("{\"id\":\"x\"}\n")); err == nil {
		t.Error("a feature with a raw newline was accepted")
	}
	stop := fmt.Errorf("stop")
	calls := 0
	if err := r.Each(day, blocks[0], func(store.Cursor, []byte) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("fn's error: got %v after %d calls", err, calls)
	}
}

func FuzzBlockReader(f *testing.F) {
	var b Builder
	b.Add([]byte(`{"id":"a","type":"Feature"}`))
	b.Add([]byte(`{"id":"b","type":"Feature"}`))
	f.Add(b.Flush())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, block []byte) {
		var r Reader
		// Damaged blocks give errors, never panics.
		_ = r.Each(time.Time{}, block, func(store.Cursor, []byte) error { return nil })
	})
}
