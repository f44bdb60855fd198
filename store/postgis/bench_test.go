package postgis

import (
	"context"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/export"
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

// benchStore opens INCIDENTMAP_BENCH_POSTGRES (schema
// INCIDENTMAP_BENCH_SCHEMA, default incidentmap_bench: the data make
// bench-data writes) or else a shared 100k-incident schema, building it on
// first use.
func benchStore(b *testing.B) *Store {
	if url := os.Getenv("INCIDENTMAP_BENCH_POSTGRES"); url != "" {
		schema := os.Getenv("INCIDENTMAP_BENCH_SCHEMA")
		if schema == "" {
			schema = "incidentmap_bench"
		}
		s, err := Open(context.Background(), url, Options{Schema: schema})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
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

// BenchmarkExportFeatureservSQL is the pg_featureserv-style baseline on the
// same data: PostGIS builds each Feature with json_build_object and
// ST_AsGeoJSON, and pgx streams the rows, so its features/s can be set
// beside BenchmarkExportGeoJSON's.
func BenchmarkExportFeatureservSQL(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	const q = `SELECT json_build_object('type', 'Feature', 'id', i.id, 'geometry', ST_AsGeoJSON(i.geom)::json,
		'properties', json_build_object('id', i.id, 'event_date', i.event_date, 'time_precision', i.time_precision,
		'event_type', i.event_type, 'sub_event_type', i.sub_event_type, 'actor1', i.actor1, 'actor2', i.actor2,
		'assoc_actors', i.assoc_actors, 'location', i.location, 'place_id', i.place_id, 'country_code', i.country_code,
		'admin1', i.admin1, 'lat', round(i.lat::numeric, 6), 'lon', round(i.lon::numeric, 6),
		'geo_precision', i.geo_precision, 'fatalities', i.fatalities, 'injuries', i.injuries, 'notes', i.notes,
		'sources', i.sources::json, 'confidence', i.confidence))::text
		FROM incidents i ORDER BY i.event_date DESC, i.id`
	var n, size int
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		n, size = 0, 0
		rows, err := s.pool.Query(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			size += len(rows.RawValues()[0]) + 1
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/time.Since(start).Seconds(), "features/s")
	b.ReportMetric(float64(size)/(1<<20), "MB-geojson")
}

// BenchmarkAggregateCountryWeek is the issue 15 target for PostGIS: one
// week of one country by first-level division (see storetest).
func BenchmarkAggregateCountryWeek(b *testing.B) {
	storetest.BenchAggregateCountryWeek(b, benchStore(b))
}

// BenchmarkAggregateCountryAllTime: one country by week over all time.
func BenchmarkAggregateCountryAllTime(b *testing.B) {
	storetest.BenchAggregateCountryAllTime(b, benchStore(b))
}

// BenchmarkAggregateAreaWeek: a week of a polygon (region=), by admin1.
func BenchmarkAggregateAreaWeek(b *testing.B) {
	storetest.BenchAggregateAreaWeek(b, benchStore(b))
}

// BenchmarkCountBoxDaysFilter is numberMatched of make load's OGC pages
// (a year, fatalities > n, a 5-25 degree box).
func BenchmarkCountBoxDaysFilter(b *testing.B) { storetest.BenchCountBoxDaysFilter(b, benchStore(b)) }
