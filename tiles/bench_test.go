package tiles

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb/maptile"
)

// The benchmark data: one million synthetic clustered incidents, built once.
var (
	benchOnce sync.Once
	benchIncs []incident.Incident
	benchIx   *Index
)

const benchN = 1_000_000

func benchIndex(b *testing.B) (*Index, []incident.Incident) {
	benchOnce.Do(func() {
		benchIncs = synthetic(benchN, 42)
		benchIx = mustIndex(benchIncs)
	})
	return benchIx, benchIncs
}

// benchTiles draws n tiles at zoom z that contain data: the tiles of
// random incidents, so busy areas come up as often as users look at them.
func benchTiles(incs []incident.Incident, z maptile.Zoom, n int) []maptile.Tile {
	rng := rand.New(rand.NewPCG(uint64(z), 9))
	out := make([]maptile.Tile, n)
	for i := range out {
		out[i] = maptile.At(incs[rng.IntN(len(incs))].Point, z)
	}
	return out
}

func benchTile(b *testing.B, z maptile.Zoom, f Filter) {
	ix, incs := benchIndex(b)
	tiles := benchTiles(incs, z, 1000)
	var lat []time.Duration
	maxBytes := 0
	i := 0
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		data, err := ix.Tile(tiles[i%len(tiles)], f, Options{})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		maxBytes = max(maxBytes, len(data))
		i++
	}
	slices.Sort(lat)
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Nanoseconds()) / 1e6 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(maxBytes), "max-bytes")
}

func BenchmarkTileZ2(b *testing.B)  { benchTile(b, 2, Filter{}) }
func BenchmarkTileZ6(b *testing.B)  { benchTile(b, 6, Filter{}) }
func BenchmarkTileZ10(b *testing.B) { benchTile(b, 10, Filter{}) }
func BenchmarkTileZ14(b *testing.B) { benchTile(b, 14, Filter{}) }

// A time-slider request: one year and one event type.
var sliderFilter = Filter{
	From:  time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
	To:    time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC),
	Types: []string{"Battles"},
}

func BenchmarkTileZ2Filtered(b *testing.B)  { benchTile(b, 2, sliderFilter) }
func BenchmarkTileZ6Filtered(b *testing.B)  { benchTile(b, 6, sliderFilter) }
func BenchmarkTileZ10Filtered(b *testing.B) { benchTile(b, 10, sliderFilter) }

func BenchmarkBuildIndex(b *testing.B) {
	_, incs := benchIndex(b)
	var ix *Index
	for b.Loop() {
		var err error
		ix, err = BuildIndex(context.Background(), iterOf(incs))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ix.Bytes())/float64(ix.Len()), "bytes/incident")
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	ix = mustIndex(incs)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/float64(ix.Len()), "heap-bytes/incident")
	runtime.KeepAlive(ix)
}
