// Package storetest is the conformance suite every store.Store passes: the
// same ingests, merges, rollbacks, filters, pages and statistics, run
// against a fresh, empty store per test.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// Run runs the suite; open must return a new, empty store for each call and
// arrange its cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"IngestIdempotent", testIngestIdempotent},
		{"Merge", testMerge},
		{"RollbackInvalid", testRollbackInvalid},
		{"RollbackCanceled", testRollbackCanceled},
		{"AllOrNothing", testAllOrNothing},
		{"RoundTrip", testRoundTrip},
		{"Article", testArticle},
		{"ArticleMeta", testArticleMeta},
		{"NotFound", testNotFound},
		{"Filters", testFilters},
		{"FilterInjection", testFilterInjection},
		{"Pagination", testPagination},
		{"Stats", testStats},
		{"StreamStop", testStreamStop},
		{"ContextCanceled", testContextCanceled},
		{"ConcurrentIngest", testConcurrentIngest},
		{"GeoJSON", testGeoJSON},
		{"WindowedPages", testWindowedPages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
	runReview(t, open)
	runSources(t, open)
	runAlerts(t, open)
}

// Geometries of the synthetic incidents.
var (
	baghdad  = orb.Point{44.366, 33.315}
	erbil    = orb.Point{44.009, 36.191}
	damascus = orb.Point{36.291, 33.513}
	kyiv     = orb.Point{30.523, 50.450}
	// border runs from (40.5, 35) to (41.5, 33), a stand-in for the
	// Iraq-Syria border.
	border = orb.LineString{{40.5, 35}, {41.5, 33}}
	// anbar is a stand-in for a province polygon.
	anbar = orb.Polygon{{{41.5, 32}, {43.5, 32}, {43.5, 34}, {41.5, 34}, {41.5, 32}}}
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func intp(v int) *int { return &v }

// Incident returns a synthetic incident; tests adjust the fields they need.
func Incident(id, date string, g orb.Geometry) incident.Incident {
	pt, _ := g.(orb.Point)
	switch g := g.(type) {
	case orb.LineString:
		pt = g[0]
	case orb.Polygon:
		pt = g.Bound().Center()
	}
	return incident.Incident{
		ID: id, EventDate: day(date), TimePrecision: 1,
		EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike",
		Location: "Somewhere", CountryCode: "IQ", Admin1: "IQ-BG",
		Geometry: g, Point: pt, GeoPrecision: 1, Notes: "Something happened.", Confidence: 0.5,
	}
}

// Article returns a record of article id with the given incidents.
func Article(id string, incs ...incident.Incident) store.ArticleRecord {
	return store.ArticleRecord{
		Article: incident.Article{
			ID: id, Title: "Title " + id, Body: "Body of " + id + ".",
			URL: "https://news.example/" + id, Source: "Example News",
			Published: time.Date(2024, 3, 2, 10, 30, 0, 0, time.UTC),
		},
		Incidents: incs,
	}
}

func ingest(t *testing.T, s store.Store, rec store.ArticleRecord) store.IngestResult {
	t.Helper()
	res, err := s.Ingest(context.Background(), rec)
	if err != nil {
		t.Fatalf("ingest %s: %v", rec.Article.ID, err)
	}
	return res
}

// ids lists the ids q selects, in order.
func ids(t *testing.T, s store.Store, q store.Query) []string {
	t.Helper()
	var out []string
	if err := s.Incidents(context.Background(), q, func(in *incident.Incident) error {
		out = append(out, in.ID)
		return nil
	}); err != nil {
		t.Fatalf("incidents %+v: %v", q, err)
	}
	return out
}

func count(t *testing.T, s store.Store, q store.Query) int64 {
	t.Helper()
	n, err := s.Count(context.Background(), q)
	if err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

func stats(t *testing.T, s store.Store) store.Stats {
	t.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return st
}

func testIngestIdempotent(t *testing.T, s store.Store) {
	rec := Article("a1", Incident("i1", "2024-03-01", baghdad), Incident("i2", "2024-03-02", border),
		Incident("i3", "2024-03-03", anbar))
	res := ingest(t, s, rec)
	if want := (store.IngestResult{ArticleID: "a1", Created: true, NewIncidents: 3}); res != want {
		t.Errorf("first ingest = %+v, want %+v", res, want)
	}
	before := stats(t, s)
	res = ingest(t, s, rec)
	if want := (store.IngestResult{ArticleID: "a1"}); res != want {
		t.Errorf("second ingest = %+v, want %+v", res, want)
	}
	after := stats(t, s)
	if after.Incidents != 3 || after.Articles != 1 {
		t.Errorf("after two ingests: %d incidents, %d articles; want 3, 1", after.Incidents, after.Articles)
	}
	if before.Version != after.Version {
		t.Errorf("a no-op ingest changed Version %q -> %q", before.Version, after.Version)
	}
	in, err := s.Incident(context.Background(), "i1")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Sources) != 1 {
		t.Errorf("sources after re-ingest = %d, want 1", len(in.Sources))
	}
}

func testMerge(t *testing.T, s store.Store) {
	first := Incident("x", "2024-03-01", anbar)
	first.GeoPrecision, first.TimePrecision, first.Confidence = 3, 2, 0.5
	first.Actor1, first.AssocActors = "Unidentified Armed Group", []string{"Militia A"}
	ingest(t, s, Article("a1", first))

	second := Incident("x", "2024-02-28", baghdad)
	second.GeoPrecision, second.TimePrecision, second.Confidence = 1, 1, 0.8
	second.Location, second.Actor1, second.AssocActors = "Baghdad", "Kata'ib Hezbollah", []string{"Militia B", "Militia A"}
	second.Fatalities = intp(4)
	rec := Article("a2", second)
	rec.Article.Published = time.Date(2024, 3, 3, 8, 0, 0, 0, time.UTC)
	res := ingest(t, s, rec)
	if want := (store.IngestResult{ArticleID: "a2", Created: true, MergedIncidents: 1}); res != want {
		t.Errorf("merge ingest = %+v, want %+v", res, want)
	}
	if n := count(t, s, store.Query{}); n != 1 {
		t.Fatalf("count = %d, want 1", n)
	}
	in, err := s.Incident(context.Background(), "x")
	if err != nil {
		t.Fatal(err)
	}
	var srcs []string
	for _, src := range in.Sources {
		srcs = append(srcs, src.ArticleID)
	}
	if !slices.Equal(srcs, []string{"a1", "a2"}) {
		t.Errorf("sources = %v, want [a1 a2] (by publication)", srcs)
	}
	if !orb.Equal(in.Geometry, baghdad) || in.GeoPrecision != 1 || in.Location != "Baghdad" {
		t.Errorf("location not taken from the more precise report: %v %d %q", in.Geometry, in.GeoPrecision, in.Location)
	}
	if !in.EventDate.Equal(day("2024-02-28")) || in.TimePrecision != 1 {
		t.Errorf("date = %v/%d, want 2024-02-28/1", in.EventDate, in.TimePrecision)
	}
	if in.Actor1 != "Kata'ib Hezbollah" || in.Confidence != 0.8 || in.Fatalities == nil || *in.Fatalities != 4 {
		t.Errorf("merged fields: actor1 %q confidence %v fatalities %v", in.Actor1, in.Confidence, in.Fatalities)
	}
	if !slices.Equal(in.AssocActors, []string{"Militia A", "Militia B"}) {
		t.Errorf("assoc actors = %v", in.AssocActors)
	}
	// The bbox index follows the merged geometry.
	if got := ids(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}}); !slices.Equal(got, []string{"x"}) {
		t.Errorf("bbox at the merged point = %v, want [x]", got)
	}
	if got := ids(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{41.6, 32.1}, Max: orb.Point{42, 32.5}}}); len(got) != 0 {
		t.Errorf("bbox at the old polygon = %v, want none", got)
	}
	// Both articles list the incident.
	for _, id := range []string{"a1", "a2"} {
		a, err := s.Article(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Incidents) != 1 || a.Incidents[0].ID != "x" || len(a.Incidents[0].Sources) != 2 {
			t.Errorf("article %s incidents = %+v", id, a.Incidents)
		}
	}
	// Merging the same article again changes nothing.
	if res := ingest(t, s, rec); res.Created || res.MergedIncidents != 0 {
		t.Errorf("re-ingest of the merging article = %+v", res)
	}
}

func assertEmpty(t *testing.T, s store.Store, articleID string) {
	t.Helper()
	if _, err := s.Article(context.Background(), articleID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("article %s after a failed ingest: err = %v, want ErrNotFound", articleID, err)
	}
	if n := count(t, s, store.Query{}); n != 0 {
		t.Errorf("%d incidents after a failed ingest, want 0", n)
	}
	st := stats(t, s)
	if st.Articles != 0 || st.Incidents != 0 {
		t.Errorf("stats after a failed ingest = %+v", st)
	}
}

func testRollbackInvalid(t *testing.T, s store.Store) {
	v0 := stats(t, s).Version
	bad := []orb.Geometry{
		nil,
		orb.Point{math.NaN(), 1},
		orb.Point{200, 1},
		orb.LineString{{1, 1}},
		orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}},
		orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, // not closed
	}
	for i, g := range bad {
		rec := Article("bad", Incident("ok1", "2024-03-01", baghdad), Incident("ok2", "2024-03-01", erbil),
			Incident("broken", "2024-03-01", orb.Point{1, 1}))
		rec.Incidents[2].Geometry = g
		_, err := s.Ingest(context.Background(), rec)
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("geometry %d (%v): err = %v, want ErrInvalid", i, g, err)
		}
	}
	assertEmpty(t, s, "bad")
	if v := stats(t, s).Version; v != v0 {
		t.Errorf("Version moved on failed ingests: %q -> %q", v0, v)
	}
}

func testRollbackCanceled(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Ingest(ctx, Article("c", Incident("i1", "2024-03-01", baghdad)))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ingest with a canceled context: err = %v, want context.Canceled", err)
	}
	assertEmpty(t, s, "c")
}

// testAllOrNothing cancels large ingests at varied moments: each article
// ends up either complete or absent.
func testAllOrNothing(t *testing.T, s store.Store) {
	const n = 300
	article := func(id string) store.ArticleRecord {
		var incs []incident.Incident
		for j := range n {
			incs = append(incs, Incident(fmt.Sprintf("%s-%03d", id, j), "2024-03-01", orb.Point{40 + float64(j)/100, 33}))
		}
		return Article(id, incs...)
	}
	// Time one full ingest, then cancel others from well before to after
	// that long, so some stop midway and some complete.
	start := time.Now()
	ingest(t, s, article("warmup"))
	full := time.Since(start)
	completed, present := 0, 0
	for k := range 12 {
		id := fmt.Sprintf("big%d", k)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(full*time.Duration(k)/4, cancel)
		_, err := s.Ingest(ctx, article(id))
		cancel()
		got, aerr := s.Article(context.Background(), id)
		// A cancel that lands while COMMIT is on the wire can report an error
		// for a transaction the server did commit: no client can tell. What
		// must hold is that an article is whole or absent, and a reported
		// success is always there.
		switch {
		case err == nil && aerr != nil:
			t.Errorf("%s: ingest succeeded but article read fails: %v", id, aerr)
		case aerr == nil && len(got.Incidents) != n:
			t.Errorf("%s: %d incidents stored, want %d: a partial ingest survived", id, len(got.Incidents), n)
		case aerr != nil && !errors.Is(aerr, store.ErrNotFound):
			t.Errorf("%s: article read: %v", id, aerr)
		}
		if err == nil {
			completed++
		}
		if aerr == nil {
			present++
		}
	}
	t.Logf("%d of 12 ingests canceled at 0..2.75x an ingest's time reported success, %d are stored", completed, present)
	// A COMMIT already on the wire when the client gave up may land after
	// the read above: count again, now that every ingest has returned. An
	// article committed late is whole all the same.
	present = 0
	for k := range 12 {
		id := fmt.Sprintf("big%d", k)
		got, err := s.Article(context.Background(), id)
		switch {
		case err == nil && len(got.Incidents) != n:
			t.Errorf("%s: %d incidents stored, want %d: a partial ingest survived", id, len(got.Incidents), n)
		case err == nil:
			present++
		case !errors.Is(err, store.ErrNotFound):
			t.Errorf("%s: article read: %v", id, err)
		}
	}
	st := stats(t, s)
	if st.Incidents != st.Articles*n || st.Articles < int64(present)+1 || present < completed {
		t.Errorf("%d incidents for %d articles (%d stored, %d reported success): a partial ingest survived", st.Incidents, st.Articles, present, completed)
	}
}

func testRoundTrip(t *testing.T, s store.Store) {
	want := Incident("rt", "2024-03-09", anbar)
	want.TimePrecision, want.GeoPrecision = 2, 3
	want.SubEventType, want.Actor1, want.Actor2 = "Shelling/artillery/missile attack", "Military Forces of Türkiye", "Civilians (Iraq)"
	want.AssocActors = []string{"PKK: Kurdistan Workers' Party", "<Militia & Co>"}
	want.Location, want.PlaceID, want.CountryCode, want.Admin1 = "Anbar", "gn:91", "IQ", "IQ-AN"
	want.Fatalities, want.Injuries = intp(0), nil
	want.Notes, want.Confidence = "Shells fell on Anbar; 0 dead.", 0.625
	holed := orb.Polygon{anbar[0], {{42, 32.5}, {43, 32.5}, {43, 33.5}, {42, 33.5}, {42, 32.5}}}
	want.Geometry = holed
	pt := Incident("pt", "2024-03-09", baghdad)
	line := Incident("line", "2024-03-09", border)
	mp := Incident("multi", "2024-03-08", orb.MultiPoint{baghdad, erbil})
	ingest(t, s, Article("a", want, pt, line, mp))

	got, err := s.Incident(context.Background(), "rt")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 1 {
		t.Fatalf("sources = %+v", got.Sources)
	}
	src := got.Sources[0]
	if src.ArticleID != "a" || src.URL != "https://news.example/a" || src.Title != "Title a" ||
		src.SourceName != "Example News" || !src.Published.Equal(time.Date(2024, 3, 2, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("source = %+v", src)
	}
	got.Sources = nil
	if !got.EventDate.Equal(want.EventDate) {
		t.Errorf("event date = %v, want %v", got.EventDate, want.EventDate)
	}
	got.EventDate = want.EventDate
	if !orb.Equal(got.Geometry, want.Geometry) {
		t.Errorf("geometry = %v, want %v", got.Geometry, want.Geometry)
	}
	got.Geometry = want.Geometry
	if got.Fatalities == nil || *got.Fatalities != 0 || got.Injuries != nil {
		t.Errorf("fatalities, injuries = %v, %v; want 0, nil", got.Fatalities, got.Injuries)
	}
	got.Fatalities, got.Injuries = want.Fatalities, want.Injuries
	if got.Updated.IsZero() || time.Since(got.Updated) > time.Minute {
		t.Errorf("updated = %v, want the time of the ingest", got.Updated)
	}
	got.Updated = want.Updated
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	for _, w := range []incident.Incident{pt, line, mp} {
		g, err := s.Incident(context.Background(), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !orb.Equal(g.Geometry, w.Geometry) || g.Point != w.Point {
			t.Errorf("%s geometry = %v %v, want %v %v", w.ID, g.Geometry, g.Point, w.Geometry, w.Point)
		}
	}
}

func testArticle(t *testing.T, s store.Store) {
	rec := Article("art", Incident("i2", "2024-03-01", erbil), Incident("i1", "2024-03-02", baghdad))
	rec.Mentions = []store.MentionRecord{
		{Text: "Baghdad", Start: 10, End: 17, PlaceID: "gn:98182", Name: "Baghdad", Kind: "city", Country: "IQ",
			Role: "incident", Confidence: 0.9, Lat: ptr(33.315), Lon: ptr(44.366), Sentence: 0},
		{Text: "Erbil", Start: 40, End: 45, PlaceID: "gn:95446", Name: "Erbil", Kind: "city",
			Role: "mention", Confidence: 0.75, Lat: ptr(36.19), Lon: ptr(44.01), Sentence: 2},
		// a name nothing locates keeps no position, not 0,0
		{Text: "Qaryat Nur", Start: 60, End: 70, PlaceID: "unresolved:qaryat nur", Name: "Qaryat Nur", Kind: "unresolved",
			Role: "incident", Confidence: 0.3, Sentence: 3},
	}
	rec.Article.Body = "Línea 1: «Baghdad» — ünïcode & <tags>\n\nSecond paragraph."
	start := time.Now().Add(-time.Minute)
	ingest(t, s, rec)
	got, err := s.Article(context.Background(), "art")
	if err != nil {
		t.Fatal(err)
	}
	a, w := got.Article, rec.Article
	if a.ID != w.ID || a.Title != w.Title || a.Body != w.Body || a.URL != w.URL || a.Source != w.Source || !a.Published.Equal(w.Published) {
		t.Errorf("article = %+v, want %+v", a, w)
	}
	if !reflect.DeepEqual(got.Mentions, rec.Mentions) {
		t.Errorf("mentions = %+v, want %+v", got.Mentions, rec.Mentions)
	}
	var order []string
	for _, in := range got.Incidents {
		order = append(order, in.ID)
	}
	if !slices.Equal(order, []string{"i2", "i1"}) {
		t.Errorf("incidents = %v, want [i2 i1] (extraction order)", order)
	}
	if got.IngestedAt.Before(start) || got.IngestedAt.After(time.Now().Add(time.Minute)) {
		t.Errorf("IngestedAt = %v", got.IngestedAt)
	}
	// An article without incidents or mentions round-trips too.
	empty := Article("empty")
	empty.Article.Published = time.Time{}
	ingest(t, s, empty)
	got, err = s.Article(context.Background(), "empty")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Incidents) != 0 || len(got.Mentions) != 0 || !got.Article.Published.IsZero() {
		t.Errorf("empty article = %+v", got)
	}
}

// testArticleMeta: an article's canonical URL and byline are kept with it,
// its incidents cite the canonical URL, a second ingest of the article
// changes neither, and one past the bounds is refused with nothing stored.
func testArticleMeta(t *testing.T, s store.Store) {
	ctx := context.Background()
	rec := Article("meta", Incident("m1", "2024-03-02", baghdad))
	rec.Article.URL = "https://feeds.example/amp/meta?utm_source=rss"
	rec.ArticleMeta = store.ArticleMeta{CanonicalURL: "https://news.example/2024/03/meta", Byline: "Rúa Ó Dálaigh & J. Smith"}
	ingest(t, s, rec)
	again := rec
	again.ArticleMeta = store.ArticleMeta{CanonicalURL: "https://other.example/meta", Byline: "Someone Else"}
	if res := ingest(t, s, again); res.Created {
		t.Errorf("second ingest created the article again")
	}
	got, err := s.Article(ctx, "meta")
	if err != nil {
		t.Fatal(err)
	}
	if got.ArticleMeta != rec.ArticleMeta {
		t.Errorf("meta = %+v, want %+v (the first ingest's)", got.ArticleMeta, rec.ArticleMeta)
	}
	if got.Article.URL != rec.Article.URL {
		t.Errorf("url = %q, want the link it came by, %q", got.Article.URL, rec.Article.URL)
	}
	if len(got.Incidents) != 1 || len(got.Incidents[0].Sources) != 1 || got.Incidents[0].Sources[0].URL != rec.CanonicalURL {
		t.Errorf("incident sources = %+v, want one citing %s", got.Incidents, rec.CanonicalURL)
	}
	// Without meta, the incident cites the article's link and the meta
	// reads back empty.
	plain := Article("plain", Incident("m2", "2024-03-02", erbil))
	ingest(t, s, plain)
	got, err = s.Article(ctx, "plain")
	if err != nil {
		t.Fatal(err)
	}
	if got.ArticleMeta != (store.ArticleMeta{}) || len(got.Incidents) != 1 || got.Incidents[0].Sources[0].URL != plain.Article.URL {
		t.Errorf("plain article = %+v, incidents %+v", got.ArticleMeta, got.Incidents)
	}
	for _, m := range []store.ArticleMeta{
		{CanonicalURL: "https://news.example/" + string(make([]byte, store.MaxCanonicalURL))},
		{Byline: string(make([]byte, store.MaxByline+1))},
	} {
		bad := Article("toolong", Incident("m3", "2024-03-02", kyiv))
		bad.ArticleMeta = m
		if _, err := s.Ingest(ctx, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ingest with meta of %d+%d bytes: %v, want ErrInvalid", len(m.CanonicalURL), len(m.Byline), err)
		}
		if _, err := s.Article(ctx, "toolong"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("article after a refused ingest: %v, want ErrNotFound", err)
		}
	}
	if n := count(t, s, store.Query{}); n != 2 {
		t.Errorf("%d incidents, want 2 (none of the refused ingests)", n)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ingest(t, s, Article("a", Incident("i", "2024-03-01", baghdad)))
	if _, err := s.Article(context.Background(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(nope) err = %v", err)
	}
	if _, err := s.Incident(context.Background(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Incident(nope) err = %v", err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// filterData is the data set the filter tests query.
func filterData(t *testing.T, s store.Store) {
	p1 := Incident("p1", "2024-03-01", baghdad)
	p1.Actor1, p1.Actor2 = "Military Forces of the United States", "Kata'ib Hezbollah"
	p1.Notes, p1.Location = "A drone strike hit a car near the airport.", "Baghdad"
	p1.Fatalities = intp(3)
	p2 := Incident("p2", "2024-03-05", erbil)
	p2.EventType, p2.SubEventType = "Battles", "Armed clash"
	p2.Actor1, p2.AssocActors, p2.Location = "Peshmerga", []string{"Tribal Militia 100%"}, "Erbil"
	p2.Fatalities = intp(0)
	p3 := Incident("p3", "2024-02-10", damascus)
	p3.SubEventType, p3.Location, p3.CountryCode = "Shelling/artillery/missile attack", "Damascus", "SY"
	line := Incident("line", "2024-03-03", border)
	line.EventType, line.SubEventType, line.Location = "Battles", "Armed clash", "Iraq-Syria border"
	poly := Incident("poly", "2024-03-02", anbar)
	poly.GeoPrecision, poly.Location = 3, "Anbar"
	p4 := Incident("p4", "2023-12-31", kyiv)
	p4.SubEventType, p4.Actor1, p4.CountryCode, p4.Location = "Remote explosive/landmine/IED", "A_B Group", "UA", "Kyiv"
	ingest(t, s, Article("f1", p1, p2, p3))
	ingest(t, s, Article("f2", line, poly, p4))
}

// spatial is a CQL2 spatial predicate of the geometry and a literal.
func spatial(op cql2.SpatialOp, g orb.Geometry) cql2.Expr {
	return cql2.SpatialPredicate{Op: op, Left: cql2.Property{Name: "geometry"}, Right: cql2.Geometry{Geometry: g}}
}

// compare is a CQL2 comparison of a property with a literal.
func compare(name string, op cql2.CompareOp, v cql2.Expr) cql2.Expr {
	return cql2.Comparison{Op: op, Left: cql2.Property{Name: name}, Right: v}
}

func testFilters(t *testing.T, s store.Store) {
	filterData(t, s)
	box := func(minx, miny, maxx, maxy float64) *orb.Bound {
		return &orb.Bound{Min: orb.Point{minx, miny}, Max: orb.Point{maxx, maxy}}
	}
	tm := func(s string) *time.Time { d := day(s); return &d }
	northIraq := orb.Polygon{{{43.8, 32.5}, {45, 32.5}, {45, 37}, {43.8, 37}, {43.8, 32.5}}}
	holedIraq := orb.Polygon{northIraq[0], {{44.2, 33.2}, {44.5, 33.2}, {44.5, 33.5}, {44.2, 33.5}, {44.2, 33.2}}}
	all := []string{"p2", "line", "poly", "p1", "p3", "p4"}
	tests := []struct {
		name string
		q    store.Query
		want []string
	}{
		{"all", store.Query{}, all},
		{"world bbox", store.Query{Bbox: box(-180, -90, 180, 90)}, all},
		{"bbox point", store.Query{Bbox: box(44, 33, 45, 34)}, []string{"p1"}},
		{"bbox line and polygon", store.Query{Bbox: box(40, 33, 42, 34)}, []string{"line", "poly"}},
		{"bbox in the line's box, off the line", store.Query{Bbox: box(41.3, 34.5, 41.5, 35)}, nil},
		{"bbox inside the polygon", store.Query{Bbox: box(42, 32.5, 42.5, 33)}, []string{"poly"}},
		{"bbox touching the polygon's edge", store.Query{Bbox: box(43.5, 31, 43.6, 32)}, []string{"poly"}},
		{"bbox nowhere", store.Query{Bbox: box(0, 0, 1, 1)}, nil},
		{"intersects polygon", store.Query{Intersects: northIraq}, []string{"p2", "p1"}},
		{"intersects polygon with a hole", store.Query{Intersects: holedIraq}, []string{"p2"}},
		{"intersects line", store.Query{Intersects: orb.LineString{{40, 34}, {44, 34}}}, []string{"line", "poly"}},
		{"intersects point", store.Query{Intersects: baghdad}, []string{"p1"}},
		{"intersects and bbox", store.Query{Intersects: northIraq, Bbox: box(43, 36, 45, 37)}, []string{"p2"}},
		{"intersects and disjoint bbox", store.Query{Intersects: northIraq, Bbox: box(0, 0, 1, 1)}, nil},
		{"from", store.Query{From: tm("2024-03-02")}, []string{"p2", "line", "poly"}},
		{"to", store.Query{To: tm("2024-02-10")}, []string{"p3", "p4"}},
		{"from to", store.Query{From: tm("2024-03-01"), To: tm("2024-03-03")}, []string{"line", "poly", "p1"}},
		{"type", store.Query{Types: []string{"Battles"}}, []string{"p2", "line"}},
		{"sub-event type", store.Query{Types: []string{"Air/drone strike"}}, []string{"poly", "p1"}},
		{"types", store.Query{Types: []string{"Battles", "Remote explosive/landmine/IED"}}, []string{"p2", "line", "p4"}},
		{"actor", store.Query{Actor: "kata'ib"}, []string{"p1"}},
		{"actor assoc", store.Query{Actor: "TRIBAL militia"}, []string{"p2"}},
		{"actor percent is literal", store.Query{Actor: "%"}, []string{"p2"}},
		{"actor underscore is literal", store.Query{Actor: "_"}, []string{"p4"}},
		{"actor backslash", store.Query{Actor: `\`}, nil},
		{"text notes", store.Query{Text: "DRONE strike"}, []string{"p1"}},
		{"text location", store.Query{Text: "damascus"}, []string{"p3"}},
		{"text actor", store.Query{Text: "peshmerga"}, []string{"p2"}},
		{"filter equals", store.Query{Filter: compare("country_code", cql2.OpEq, cql2.String("SY"))}, []string{"p3"}},
		{"filter null", store.Query{Filter: cql2.IsNull{Expr: cql2.Property{Name: "fatalities"}}}, []string{"line", "poly", "p3", "p4"}},
		{"filter and", store.Query{Filter: cql2.And{Args: []cql2.Expr{
			compare("fatalities", cql2.OpEq, cql2.Number(0)), compare("event_type", cql2.OpEq, cql2.String("Battles"))}}}, []string{"p2"}},
		{"filter date", store.Query{Filter: compare("event_date", cql2.OpGe, cql2.Date{Time: day("2024-03-03")})}, []string{"p2", "line"}},
		{"filter intersects", store.Query{Filter: spatial(cql2.SIntersects, northIraq)}, []string{"p2", "p1"}},
		{"filter within", store.Query{Filter: spatial(cql2.SWithin, orb.Polygon{{{40, 31}, {44, 31}, {44, 36}, {40, 36}, {40, 31}}})}, []string{"line", "poly"}},
		{"filter contains", store.Query{Filter: spatial(cql2.SContains, orb.Point{42, 33})}, []string{"poly"}},
		{"filter disjoint", store.Query{Filter: spatial(cql2.SDisjoint, northIraq)}, []string{"line", "poly", "p3", "p4"}},
		{"country", store.Query{Country: "SY"}, []string{"p3"}},
		{"country and admin1", store.Query{Country: "IQ", Admin1: "IQ-BG"}, []string{"p2", "line", "poly", "p1"}},
		{"lines", store.Query{Shape: store.ShapeLines}, []string{"line"}},
		{"areas", store.Query{Shape: store.ShapeAreas}, []string{"poly"}},
		{"combined", store.Query{Bbox: box(30, 30, 46, 40), Types: []string{"Explosions/Remote violence"},
			From: tm("2024-01-01"), Limit: 2}, []string{"poly", "p1"}},
		{"limit", store.Query{Limit: 1}, []string{"p2"}},
		// Days in a region go through the space-time index, counts too.
		{"bbox, days and filter", store.Query{Bbox: box(30, 30, 46, 40), From: tm("2024-03-01"), To: tm("2024-03-03"),
			Filter: cql2.IsNull{Expr: cql2.Property{Name: "fatalities"}}}, []string{"line", "poly"}},
		{"intersects and days", store.Query{Intersects: northIraq, To: tm("2024-03-02")}, []string{"p1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(t, s, tt.q); !slices.Equal(got, tt.want) {
				t.Errorf("ids = %v, want %v", got, tt.want)
			}
			q := tt.q
			q.Limit = 0
			want := int64(len(tt.want))
			if tt.q.Limit > 0 {
				want = int64(len(ids(t, s, q)))
			}
			if n := count(t, s, tt.q); n != want {
				t.Errorf("count = %d, want %d", n, want)
			}
		})
	}
}

func testFilterInjection(t *testing.T, s store.Store) {
	filterData(t, s)
	hostile := []string{
		`'); DROP TABLE incidents; --`,
		`' OR '1'='1`,
		`"; DELETE FROM articles; --`,
		`\'; SELECT 1; --`,
		`$1`, `?1`, `%`, `_`,
	}
	for _, v := range hostile {
		f := compare("id", cql2.OpEq, cql2.String(v))
		if got := ids(t, s, store.Query{Filter: f}); len(got) != 0 {
			t.Errorf("filter id = %q matched %v", v, got)
		}
		if got := ids(t, s, store.Query{Actor: v, Text: v, Types: []string{v}}); len(got) != 0 {
			t.Errorf("actor/text/type %q matched %v", v, got)
		}
	}
	if n := count(t, s, store.Query{}); n != 6 {
		t.Errorf("after hostile filters: %d incidents, want 6", n)
	}
	if st := stats(t, s); st.Articles != 2 {
		t.Errorf("after hostile filters: %d articles, want 2", st.Articles)
	}
}

func testPagination(t *testing.T, s store.Store) {
	const n = 250
	var want []*incident.Incident
	var recs []store.ArticleRecord
	for i := range n {
		// Five incidents a day, ids not in date order, some sharing a day.
		id := fmt.Sprintf("inc-%03d", (i*37)%n)
		d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/5)
		in := Incident(id, d.Format(time.DateOnly), orb.Point{40 + float64(i%50)/10, 30 + float64(i/50)})
		want = append(want, &in)
		if i%10 == 0 {
			recs = append(recs, Article(fmt.Sprintf("page-%d", i/10)))
		}
		r := &recs[len(recs)-1]
		r.Incidents = append(r.Incidents, in)
	}
	for _, r := range recs {
		ingest(t, s, r)
	}
	sort.Slice(want, func(i, j int) bool {
		if !want[i].EventDate.Equal(want[j].EventDate) {
			return want[i].EventDate.After(want[j].EventDate)
		}
		return want[i].ID < want[j].ID
	})
	var wantIDs []string
	for _, in := range want {
		wantIDs = append(wantIDs, in.ID)
	}
	if got := ids(t, s, store.Query{}); !slices.Equal(got, wantIDs) {
		t.Fatalf("order:\n got %v\nwant %v", got, wantIDs)
	}
	for _, q := range []store.Query{{}, {Bbox: &orb.Bound{Min: orb.Point{39, 29}, Max: orb.Point{46, 36}}}} {
		var got []string
		q.Limit = 37
		pages := 0
		for {
			var last *incident.Incident
			err := s.Incidents(context.Background(), q, func(in *incident.Incident) error {
				got = append(got, in.ID)
				last = in
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if last == nil {
				break
			}
			pages++
			q.After = &store.Cursor{EventDate: last.EventDate, ID: last.ID}
		}
		if pages != (n+36)/37 || !slices.Equal(got, wantIDs) {
			t.Errorf("%d pages:\n got %v\nwant %v", pages, got, wantIDs)
		}
		if c := count(t, s, q); c != n {
			t.Errorf("count ignoring limit and cursor = %d, want %d", c, n)
		}
	}
}

func testStats(t *testing.T, s store.Store) {
	empty := stats(t, s)
	if empty.Incidents != 0 || empty.Articles != 0 || empty.Extent != nil || !empty.FirstDate.IsZero() || empty.Version == "" {
		t.Errorf("empty stats = %+v", empty)
	}
	filterData(t, s)
	st := stats(t, s)
	if st.Incidents != 6 || st.Articles != 2 {
		t.Errorf("stats counts = %d incidents, %d articles", st.Incidents, st.Articles)
	}
	if st.Version == empty.Version {
		t.Errorf("Version did not change on write: %q", st.Version)
	}
	if !st.FirstDate.Equal(day("2023-12-31")) || !st.LastDate.Equal(day("2024-03-05")) {
		t.Errorf("dates = %v..%v", st.FirstDate, st.LastDate)
	}
	want := orb.Bound{Min: orb.Point{30.523, 32}, Max: orb.Point{44.366, 50.45}}
	if st.Extent == nil || math.Abs(st.Extent.Min[0]-want.Min[0]) > 1e-4 || math.Abs(st.Extent.Min[1]-want.Min[1]) > 1e-4 ||
		math.Abs(st.Extent.Max[0]-want.Max[0]) > 1e-4 || math.Abs(st.Extent.Max[1]-want.Max[1]) > 1e-4 {
		t.Errorf("extent = %v, want about %v", st.Extent, want)
	}
	if again := stats(t, s); again.Version != st.Version {
		t.Errorf("Version changed without a write: %q -> %q", st.Version, again.Version)
	}
	// A merge is a write too.
	in := Incident("p1", "2024-03-01", baghdad)
	ingest(t, s, Article("merge", in))
	if v := stats(t, s).Version; v == st.Version {
		t.Errorf("Version did not change on a merge")
	}
}

var errStop = errors.New("stop")

func testStreamStop(t *testing.T, s store.Store) {
	var incs []incident.Incident
	for i := range 600 {
		incs = append(incs, Incident(fmt.Sprintf("s%03d", i), "2024-03-01", baghdad))
	}
	ingest(t, s, Article("a", incs...))
	calls := 0
	err := s.Incidents(context.Background(), store.Query{}, func(*incident.Incident) error {
		calls++
		if calls == 3 {
			return errStop
		}
		return nil
	})
	if err != errStop || calls != 3 {
		t.Errorf("err = %v after %d calls, want errStop itself after 3", err, calls)
	}
	// The same for ready-made features, from rows, pages and blocks.
	if fs, ok := s.(store.FeatureStreamer); ok {
		if c, ok := s.(store.Compacter); ok {
			if err := c.Compact(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		box := orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}
		for _, q := range []store.Query{{}, {Limit: 100}, {Bbox: &box}, {Bbox: &box, Limit: 100}} {
			calls := 0
			err := fs.StreamGeoJSON(context.Background(), q, func(store.Cursor, []byte) error {
				if calls++; calls == 3 {
					return errStop
				}
				return nil
			})
			if err != errStop || calls != 3 {
				t.Errorf("geojson %+v: err = %v after %d calls, want errStop itself after 3", q, err, calls)
			}
		}
	}
	// The store still answers after an abandoned stream.
	if n := count(t, s, store.Query{}); n != 600 {
		t.Errorf("count = %d", n)
	}
}

func testContextCanceled(t *testing.T, s store.Store) {
	var incs []incident.Incident
	for i := range 600 {
		incs = append(incs, Incident(fmt.Sprintf("c%03d", i), "2024-03-01", baghdad))
	}
	ingest(t, s, Article("a", incs...))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Incidents(ctx, store.Query{}, func(*incident.Incident) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Incidents with a canceled context: %v", err)
	}
	if _, err := s.Count(ctx, store.Query{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Count with a canceled context: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	calls := 0
	err := s.Incidents(ctx, store.Query{}, func(*incident.Incident) error {
		calls++
		if calls == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || calls >= 600 {
		t.Errorf("canceled mid-stream: err = %v after %d calls", err, calls)
	}
}

// testConcurrentIngest ingests from several goroutines, sharing incident
// ids, and checks nothing is lost or duplicated.
func testConcurrentIngest(t *testing.T, s store.Store) {
	const workers, per = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*per)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				// Every worker reports incident "shared-i" and one of its own.
				rec := Article(fmt.Sprintf("w%d-%d", w, i),
					Incident(fmt.Sprintf("shared-%d", i), "2024-03-01", baghdad),
					Incident(fmt.Sprintf("own-%d-%d", w, i), "2024-03-01", erbil))
				if _, err := s.Ingest(context.Background(), rec); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st := stats(t, s)
	if st.Articles != workers*per || st.Incidents != per+workers*per {
		t.Errorf("stats = %d articles, %d incidents; want %d, %d", st.Articles, st.Incidents, workers*per, per+workers*per)
	}
	in, err := s.Incident(context.Background(), "shared-0")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Sources) != workers {
		t.Errorf("shared incident has %d sources, want %d", len(in.Sources), workers)
	}
}

// Baghdad is a point the suite's incidents use, for tests outside it.
var Baghdad = baghdad

// TwoStores checks that two Store values on one database (two serve
// processes) see each other's writes at once, merges included, and agree
// on Stats.Version so their ETags match.
func TwoStores(t *testing.T, a, b store.Store) {
	ctx := context.Background()
	va := stats(t, a).Version
	ingest(t, a, Article("from-a", Incident("shared", "2024-03-01", baghdad), Incident("only-a", "2024-03-02", erbil)))
	if n := count(t, b, store.Query{}); n != 2 {
		t.Fatalf("b sees %d incidents after a's ingest, want 2", n)
	}
	if vb := stats(t, b).Version; vb == va {
		t.Errorf("b's Version did not move after a's write")
	}
	res := ingest(t, b, Article("from-b", Incident("shared", "2024-03-01", baghdad)))
	if res.MergedIncidents != 1 || res.NewIncidents != 0 {
		t.Errorf("b's ingest of a's incident = %+v, want one merge", res)
	}
	in, err := a.Incident(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Sources) != 2 {
		t.Errorf("a sees %d sources of the shared incident, want 2", len(in.Sources))
	}
	if _, err := a.Article(ctx, "from-b"); err != nil {
		t.Errorf("a reads b's article: %v", err)
	}
	sa, sb := stats(t, a), stats(t, b)
	if sa.Version != sb.Version || sa.Incidents != 2 || sb.Articles != 2 {
		t.Errorf("stats disagree: a %+v, b %+v", sa, sb)
	}
	// Re-sending a's article through b changes nothing.
	if res := ingest(t, b, Article("from-a", Incident("shared", "2024-03-01", baghdad))); res.Created {
		t.Errorf("b re-created a's article: %+v", res)
	}
}
