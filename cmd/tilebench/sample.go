package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// sampleTiles draws n tiles at zoom z that contain data: the tiles around
// randomly chosen incidents' points, so busy areas come up as often as users
// look at them. The same seed, zoom and points give the same tiles.
func sampleTiles(points []orb.Point, z maptile.Zoom, n int, seed uint64) []maptile.Tile {
	if len(points) == 0 || n <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, uint64(z)))
	out := make([]maptile.Tile, n)
	for i := range out {
		out[i] = maptile.At(points[rng.IntN(len(points))], z)
	}
	return out
}

// summary is the latency and size distribution of one side at one zoom.
type summary struct {
	Samples  int     `json:"samples"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
	MaxMs    float64 `json:"max_ms"`
	P50Bytes int     `json:"p50_bytes"`
	MaxBytes int     `json:"max_bytes"`
}

// summarize reduces per-tile latencies and sizes (same length) to a summary.
func summarize(lat []time.Duration, sizes []int) summary {
	if len(lat) == 0 {
		return summary{}
	}
	return summary{
		Samples:  len(lat),
		P50ms:    ms(percentile(lat, 50)),
		P99ms:    ms(percentile(lat, 99)),
		MaxMs:    ms(percentile(lat, 100)),
		P50Bytes: percentile(sizes, 50),
		MaxBytes: percentile(sizes, 100),
	}
}

// percentile is the nearest-rank p-th percentile (0 < p <= 100) of xs,
// which it does not modify; the zero value when xs is empty. With few
// samples the high percentiles are the maximum (p99 of 5 samples is the
// largest).
func percentile[T int | time.Duration](xs []T, p float64) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
