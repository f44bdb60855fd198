package export

import (
	"io"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// benchmarkFormat writes b.N synthetic incidents through one writer and
// reports the throughput in features per second.
func benchmarkFormat(b *testing.B, f Format) {
	pool := make([]*incident.Incident, 1024)
	for i := range pool {
		pool[i] = synthetic(i)
	}
	w, err := NewWriter(f, io.Discard, Options{TempDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.Write(pool[i%len(pool)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "features/s")
}

func BenchmarkGeoJSON(b *testing.B) { benchmarkFormat(b, GeoJSON) }
func BenchmarkGPKG(b *testing.B)    { benchmarkFormat(b, GPKG) }
func BenchmarkFGB(b *testing.B)     { benchmarkFormat(b, FGB) }
func BenchmarkCSV(b *testing.B)     { benchmarkFormat(b, CSV) }
func BenchmarkKML(b *testing.B)     { benchmarkFormat(b, KML) }
