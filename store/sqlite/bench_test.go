package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

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

// benchStore opens the shared 100k-incident database, building it on first use.
func benchStore(b *testing.B) *Store {
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

func BenchmarkBboxQuery(b *testing.B) { storetest.BenchBboxQuery(b, benchStore(b)) }

func BenchmarkStream(b *testing.B) { storetest.BenchStream(b, benchStore(b)) }
