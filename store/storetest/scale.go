package storetest

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// SamplePoints returns n representative points of incidents drawn at
// random from s (each the newest incident at or before a random day), so
// benchmark boxes fall where the data's clusters are.
func SamplePoints(b *testing.B, s store.Store, n int, seed uint64) []orb.Point {
	b.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if st.Incidents == 0 {
		b.Skip("empty store")
	}
	r := rand.New(rand.NewPCG(seed, 11))
	span := int(st.LastDate.Sub(st.FirstDate).Hours()/24) + 1
	var out []orb.Point
	for len(out) < n {
		d := st.FirstDate.AddDate(0, 0, r.IntN(span))
		q := store.Query{Limit: 1, After: &store.Cursor{EventDate: d, ID: ""}}
		if err := s.Incidents(ctx, q, func(in *incident.Incident) error {
			out = append(out, in.Point)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// Boxes returns a box around each point, from about 5 km to 200 km
// across (log-uniform), as map views zoomed on a cluster are.
func Boxes(pts []orb.Point, seed uint64) []orb.Bound {
	r := rand.New(rand.NewPCG(seed, 13))
	out := make([]orb.Bound, len(pts))
	for i, p := range pts {
		half := 0.025 * math.Pow(40, r.Float64())
		out[i] = orb.Bound{Min: orb.Point{p[0] - half, p[1] - half}, Max: orb.Point{p[0] + half, p[1] + half}}
	}
	return out
}

// latencies collects durations and reports their percentiles.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	s := slices.Clone(l)
	slices.Sort(s)
	q := func(p float64) float64 {
		return float64(s[min(len(s)-1, int(p*float64(len(s))))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// benchPages runs page once an iteration, with the iteration's number,
// and reports p50 and p99 latency and the mean features per page.
func benchPages(b *testing.B, page func(i int) (features int, err error)) {
	var lat latencies
	total, i := 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		n, err := page(i)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		total += n
		i++
	}
	lat.report(b)
	b.ReportMetric(float64(total)/float64(i), "features/page")
}

// BenchBboxPage measures the first 1,000-feature page (with sources) of
// bbox queries around the data's clusters, one box per iteration, and
// reports p50 and p99 latency and the mean page size.
func BenchBboxPage(b *testing.B, s store.Store) {
	boxes := Boxes(SamplePoints(b, s, 200, 1), 1)
	benchPages(b, func(i int) (int, error) {
		n := 0
		err := s.Incidents(context.Background(), store.Query{Bbox: &boxes[i%len(boxes)], Limit: 1000},
			func(*incident.Incident) error { n++; return nil })
		return n, err
	})
}

// BenchBboxPageGeoJSON is BenchBboxPage through store.FeatureStreamer.
func BenchBboxPageGeoJSON(b *testing.B, s store.Store) {
	fs, ok := s.(store.FeatureStreamer)
	if !ok {
		b.Skip("store is no FeatureStreamer")
	}
	boxes := Boxes(SamplePoints(b, s, 200, 1), 1)
	benchPages(b, func(i int) (int, error) {
		n := 0
		err := fs.StreamGeoJSON(context.Background(), store.Query{Bbox: &boxes[i%len(boxes)], Limit: 1000},
			func(store.Cursor, []byte) error { n++; return nil })
		return n, err
	})
}

// heapWatch samples the live heap while a stream runs.
type heapWatch struct {
	base, peak uint64
}

func newHeapWatch() *heapWatch {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return &heapWatch{base: m.HeapAlloc, peak: m.HeapAlloc}
}

func (h *heapWatch) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	h.peak = max(h.peak, m.HeapAlloc)
}

func (h *heapWatch) report(b *testing.B) {
	b.ReportMetric(float64(h.peak-h.base)/(1<<20), "heap-growth-MB")
}

// benchScan runs scan once an iteration and reports features/s over all
// of them. scan calls seen for every feature; every 100,000th samples the
// live heap, whose peak growth it reports to show memory stays flat.
func benchScan(b *testing.B, scan func(seen func()) error) {
	h := newHeapWatch()
	n := 0
	seen := func() {
		if n++; n%100_000 == 0 {
			h.sample()
		}
	}
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		if err := scan(seen); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "features/s")
	h.report(b)
}

// BenchExportGeoJSON measures a full GeoJSON export through
// store.FeatureStreamer: features/s, MB of GeoJSON per export and the
// live heap's peak growth.
func BenchExportGeoJSON(b *testing.B, s store.Store) {
	fs, ok := s.(store.FeatureStreamer)
	if !ok {
		b.Skip("store is no FeatureStreamer")
	}
	ctx := context.Background()
	if c, ok := s.(store.Compacter); ok {
		// The steady state: derived data caught up with the last writes.
		if err := c.Compact(ctx); err != nil {
			b.Fatal(err)
		}
	}
	var size int
	benchScan(b, func(seen func()) error {
		size = 0
		return fs.StreamGeoJSON(ctx, store.Query{}, func(_ store.Cursor, f []byte) error {
			seen()
			size += len(f) + 1
			return nil
		})
	})
	b.ReportMetric(float64(size)/(1<<20), "MB-geojson")
}

// IncidentWriter writes incidents to a file format (export.Writer is one).
type IncidentWriter interface {
	Write(*incident.Incident) error
	Close() error
}

// BenchExportFile measures a full export to a file format as the API
// writes it (Store.Incidents into the format's writer, which newWriter
// opens on w, one goroutine), in features/s, and the size of the file
// (reported as MB-<name>).
func BenchExportFile(b *testing.B, s store.Store, name string, newWriter func(w io.Writer) (IncidentWriter, error)) {
	var size int64
	benchScan(b, func(seen func()) error {
		cw := &countingWriter{}
		w, err := newWriter(cw)
		if err != nil {
			return err
		}
		if err := s.Incidents(context.Background(), store.Query{}, func(in *incident.Incident) error {
			seen()
			return w.Write(in)
		}); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		size = cw.n
		return nil
	})
	b.ReportMetric(float64(size)/(1<<20), "MB-"+name)
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// BenchStreamIncidents measures a full scan through Store.Incidents, the
// path without ready-made features, in features/s.
func BenchStreamIncidents(b *testing.B, s store.Store) {
	benchScan(b, func(seen func()) error {
		return s.Incidents(context.Background(), store.Query{}, func(*incident.Incident) error {
			seen()
			return nil
		})
	})
}

// BenchFilterAttrSpatial measures a 1,000-feature page of a CQL2 filter
// combining attributes and space around the data's clusters. With
// spatialInFilter the polygon is part of the CQL2 text (S_INTERSECTS, as
// a client writes it); without, the same polygon goes in Query.Intersects
// (what the API can do with a top-level S_INTERSECTS so the index serves
// it) and the CQL2 holds the attributes only.
func BenchFilterAttrSpatial(b *testing.B, s store.Store, spatialInFilter bool) {
	boxes := Boxes(SamplePoints(b, s, 100, 2), 2)
	queries := make([]store.Query, len(boxes))
	for i, bb := range boxes {
		poly := fmt.Sprintf("POLYGON((%[1]f %[2]f, %[3]f %[2]f, %[3]f %[4]f, %[1]f %[4]f, %[1]f %[2]f))",
			bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1])
		text := "event_type IN ('Battles', 'Explosions/Remote violence') AND fatalities > 0"
		if spatialInFilter {
			text += " AND S_INTERSECTS(geometry, " + poly + ")"
		}
		e, err := cql2.ParseText(text)
		if err != nil {
			b.Fatal(err)
		}
		queries[i] = store.Query{Filter: e, Limit: 1000}
		if !spatialInFilter {
			queries[i].Intersects = bb.ToPolygon()
		}
	}
	benchPages(b, func(i int) (int, error) {
		n := 0
		err := s.Incidents(context.Background(), queries[i%len(queries)], func(*incident.Incident) error { n++; return nil })
		return n, err
	})
}

// BenchCountBoxDaysFilter measures numberMatched of what make load's OGC
// pages ask: a 5-25 degree box around the data's clusters, one year of
// event days (the From/To the API takes from a top-level T_INTERSECTS)
// and an attribute filter, one query per iteration.
func BenchCountBoxDaysFilter(b *testing.B, s store.Store) {
	pts := SamplePoints(b, s, 100, 3)
	st, err := s.Stats(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 17))
	years := st.LastDate.Year() - st.FirstDate.Year() + 1
	queries := make([]store.Query, len(pts))
	for i, p := range pts {
		half := 2.5 + 7.5*r.Float64()
		bb := orb.Bound{Min: orb.Point{p[0] - half, p[1] - half}, Max: orb.Point{p[0] + half, p[1] + half}}
		y := st.FirstDate.Year() + r.IntN(years)
		from, to := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		e, err := cql2.ParseText(fmt.Sprintf("fatalities > %d AND T_INTERSECTS(event_date, INTERVAL('%d-01-01','%d-12-31'))", r.IntN(5), y, y))
		if err != nil {
			b.Fatal(err)
		}
		queries[i] = store.Query{Bbox: &bb, From: &from, To: &to, Filter: e}
	}
	var matched int64
	benchPages(b, func(i int) (int, error) {
		n, err := s.Count(context.Background(), queries[i%len(queries)])
		matched += n
		return 0, err
	})
	b.ReportMetric(float64(matched)/float64(b.N), "matched/count")
}
