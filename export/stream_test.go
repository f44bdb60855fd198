package export

import (
	"io"
	"runtime"
	"testing"
)

// TestStreamMemory writes 100,000 incidents and checks that the Go heap
// stays flat: it must not grow with the number of features written.
func TestStreamMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 incidents")
	}
	const n = 100_000
	const limit = 64 << 20
	for _, f := range []Format{GeoJSON, GPKG, FGB} {
		t.Run(string(f), func(t *testing.T) {
			w, err := NewWriter(f, io.Discard, Options{TempDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			var ms runtime.MemStats
			var atTenth, peak uint64
			for i := range n {
				if err := w.Write(synthetic(i)); err != nil {
					t.Fatal(err)
				}
				if i%(n/10) == n/10-1 {
					runtime.GC()
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
					if atTenth == 0 {
						atTenth = ms.HeapAlloc
					}
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: live heap %.1f MB after %d features, %.1f MB peak over %d", f, float64(atTenth)/1e6, n/10, float64(peak)/1e6, n)
			if peak > limit {
				t.Errorf("live heap reached %d bytes, limit %d", peak, limit)
			}
			// Allow GC noise, not growth: 10x the features must not cost
			// more than 4 MB of extra live heap.
			if peak > atTenth+4<<20 {
				t.Errorf("live heap grew from %d to %d bytes", atTenth, peak)
			}
		})
	}
}
