package sqlite

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/export"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
)

// benchN is the size of the benchmark data set.
const benchN = 100_000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// TestMain removes the benchmark database the benchmarks build once.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchStore opens INCIDENTMAP_BENCH_DB (the data make bench-data writes)
// or else the shared 100k-incident database, building it on first use.
func benchStore(b *testing.B) *Store {
	if path := os.Getenv("INCIDENTMAP_BENCH_DB"); path != "" {
		s, err := Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "incidentmap-bench-")
		if benchErr != nil {
			return
		}
		s, err := Open(context.Background(), filepath.Join(benchDir, "bench.db"), Options{})
		if err != nil {
			benchErr = err
			return
		}
		defer s.Close()
		storetest.Load(b, s, storetest.Synthetic(benchN, 100, 1))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	s, err := Open(context.Background(), filepath.Join(benchDir, "bench.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkIngest(b *testing.B) { storetest.BenchIngest(b, openTemp(b)) }

// BenchmarkIngestGrouping is BenchmarkIngest with the tolerant matcher the
// CLI uses: each new incident reads its neighbours on the R*Tree.
func BenchmarkIngestGrouping(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "incidents.db"), Options{Matcher: store.MatchReports})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	storetest.BenchIngest(b, s)
}

func BenchmarkBboxPage1000(b *testing.B) { storetest.BenchBboxPage(b, benchStore(b)) }

func BenchmarkBboxPage1000GeoJSON(b *testing.B) { storetest.BenchBboxPageGeoJSON(b, benchStore(b)) }

func BenchmarkExportGeoJSON(b *testing.B) { storetest.BenchExportGeoJSON(b, benchStore(b)) }

func BenchmarkStreamIncidents(b *testing.B) { storetest.BenchStreamIncidents(b, benchStore(b)) }

func BenchmarkExportGPKG(b *testing.B) {
	storetest.BenchExportFile(b, benchStore(b), "gpkg", func(w io.Writer) (storetest.IncidentWriter, error) {
		return export.NewWriter(export.GPKG, w, export.Options{})
	})
}

func BenchmarkFilterAttrSpatial(b *testing.B) {
	s := benchStore(b)
	b.Run("intersects", func(b *testing.B) { storetest.BenchFilterAttrSpatial(b, s, false) })
	b.Run("cql2-only", func(b *testing.B) { storetest.BenchFilterAttrSpatial(b, s, true) })
}

// BenchmarkStatsAfterWrite is what the first request after every write
// pays: Stats with nothing cached. It used to count every incident and
// scan the whole R*Tree (1M incidents: ~1 s, and every request that saw
// the new version paid it at once, holding all connections).
func BenchmarkStatsAfterWrite(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		s.mu.Lock()
		s.stats = nil // as a write would leave it
		s.mu.Unlock()
		if _, err := s.Stats(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountBoxDaysFilter is numberMatched of make load's OGC pages
// (a year, fatalities > n, a 5-25 degree box).
func BenchmarkCountBoxDaysFilter(b *testing.B) { storetest.BenchCountBoxDaysFilter(b, benchStore(b)) }
