package postgis

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// benchN is the size of the benchmark data set.
const benchN = 100_000

var (
	benchOnce   sync.Once
	benchSchema string
	benchURL    string
	benchErr    error
)

// TestMain drops the benchmark schema the benchmarks build once.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchSchema != "" {
		if pool, err := pgxpool.New(context.Background(), benchURL); err == nil {
			pool.Exec(context.Background(), `DROP SCHEMA IF EXISTS `+pgx.Identifier{benchSchema}.Sanitize()+` CASCADE`)
			pool.Close()
		}
	}
	os.Exit(code)
}

// benchStore opens the shared 100k-incident schema, building it on first use.
func benchStore(b *testing.B) *Store {
	url := testURL(b)
	benchOnce.Do(func() {
		benchURL, benchSchema = url, "bench_"+randomHex()
		s, err := Open(context.Background(), url, Options{Schema: benchSchema})
		if err != nil {
			benchErr = err
			return
		}
		defer s.Close()
		storetest.Load(b, s, storetest.Synthetic(benchN, 100, 1))
		_, benchErr = s.pool.Exec(context.Background(), `ANALYZE`)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	s, err := Open(context.Background(), url, Options{Schema: benchSchema})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func BenchmarkIngest(b *testing.B) {
	url := testURL(b)
	storetest.BenchIngest(b, openTest(b, url, freshSchema(b, url)))
}

func BenchmarkBboxQuery(b *testing.B) { storetest.BenchBboxQuery(b, benchStore(b)) }

func BenchmarkStream(b *testing.B) { storetest.BenchStream(b, benchStore(b)) }
