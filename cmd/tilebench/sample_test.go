package main

import (
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

func TestSampleTiles(t *testing.T) {
	points := []orb.Point{{2.35, 48.85}, {36.82, -1.29}, {-74.0, 40.7}, {151.2, -33.87}}
	holding := map[maptile.Tile]bool{}
	for _, z := range []maptile.Zoom{2, 6, 10, 14} {
		for _, p := range points {
			holding[maptile.At(p, z)] = true
		}
		a := sampleTiles(points, z, 50, 7)
		if len(a) != 50 {
			t.Fatalf("z%d: %d tiles, want 50", z, len(a))
		}
		for _, tl := range a {
			if tl.Z != z || !holding[tl] {
				t.Fatalf("z%d: tile %v holds none of the points", z, tl)
			}
		}
		if b := sampleTiles(points, z, 50, 7); !slices.Equal(a, b) {
			t.Fatalf("z%d: same seed gave different tiles", z)
		}
		if c := sampleTiles(points, z, 50, 8); slices.Equal(a, c) {
			t.Fatalf("z%d: another seed gave the same tiles", z)
		}
	}
	if got := sampleTiles(nil, 10, 5, 1); got != nil {
		t.Fatalf("no points: got %v", got)
	}
}

func TestPercentile(t *testing.T) {
	xs := make([]int, 100)
	for i := range xs {
		xs[i] = 100 - i // 100..1, unsorted
	}
	for _, c := range []struct {
		p    float64
		want int
	}{{50, 50}, {99, 99}, {100, 100}, {1, 1}, {0, 1}} {
		if got := percentile(xs, c.p); got != c.want {
			t.Errorf("p%v = %d, want %d", c.p, got, c.want)
		}
	}
	if xs[0] != 100 {
		t.Error("percentile sorted its input")
	}
	few := []time.Duration{5, 1, 4, 2, 3}
	if got := percentile(few, 50); got != 3 {
		t.Errorf("p50 of 5 = %v, want 3", got)
	}
	if got := percentile(few, 99); got != 5 {
		t.Errorf("p99 of 5 = %v, want the max 5", got)
	}
	if got := percentile([]int(nil), 50); got != 0 {
		t.Errorf("empty: %d", got)
	}
	s := summarize([]time.Duration{2 * time.Millisecond, time.Millisecond, 3 * time.Millisecond}, []int{30, 10, 20})
	want := summary{Samples: 3, P50ms: 2, P99ms: 3, MaxMs: 3, P50Bytes: 20, MaxBytes: 30}
	if s != want {
		t.Errorf("summarize = %+v, want %+v", s, want)
	}
}
