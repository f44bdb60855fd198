package storetest

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// testGeoJSON checks a store.FeatureStreamer against Incidents: the same
// incidents in the same order for every query, each Feature the one
// feature.Append writes for the incident as read back (so features
// follow merges), and its properties those of the Incident's fields.
func testGeoJSON(t *testing.T, s store.Store) {
	fs, ok := s.(store.FeatureStreamer)
	if !ok {
		t.Skip("store is no FeatureStreamer")
	}
	filterData(t, s)
	// A merge: a second, more confident report of p1 with a new source.
	again := Incident("p1", "2024-03-01", baghdad)
	again.Confidence, again.Fatalities, again.AssocActors = 0.9, intp(5), []string{"<Militia & Co>"}
	rec := Article("f3", again)
	rec.Article.Published = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	ingest(t, s, rec)

	box := &orb.Bound{Min: orb.Point{40, 30}, Max: orb.Point{46, 40}}
	from, to := day("2024-03-02"), day("2024-03-03")
	lastDay, firstDay := day("9999-12-31"), day("0000-01-01")
	lastNano := lastDay.Add(24*time.Hour - time.Nanosecond)
	queries := []store.Query{
		{},
		{Bbox: box},
		{Bbox: box, Limit: 2},
		{Limit: 3, After: &store.Cursor{EventDate: day("2024-03-03"), ID: "line"}},
		{Types: []string{"Battles"}},
		{Intersects: anbar, Limit: 10},
		{From: &from},
		{To: &to},
		{From: &from, To: &to},
		{Bbox: &orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, From: &to},
		{Limit: 2},
		{From: &from, Limit: 1},
		// Open ends as clients write them: QGIS sends 9999-12-31 for "no
		// end", a date's end is its last nanosecond, 0000-01-01 no start.
		{From: &from, To: &lastNano},
		{From: &from, To: &lastDay},
		{To: &lastNano, Limit: 2},
		{From: &firstDay},
		{From: &firstDay, To: &lastNano},
	}
	check := func(stage string) {
		t.Helper()
		for i, q := range queries {
			checkGeoJSON(t, fs, s, fmt.Sprintf("%s/%d", stage, i), q)
		}
	}
	check("written")
	c, compacts := s.(store.Compacter)
	if compacts {
		if err := c.Compact(context.Background()); err != nil {
			t.Fatal(err)
		}
		check("compacted")
	}
	// Another merge and a new day after compaction: their days are
	// stale in any derived data until it is compacted again.
	again.Notes = "Updated after compaction."
	rec = Article("f4", again, Incident("late", "2024-03-09", erbil))
	rec.Article.Published = time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	ingest(t, s, rec)
	check("merged")
	if compacts {
		if err := c.Compact(context.Background()); err != nil {
			t.Fatal(err)
		}
		check("compacted again")
	}
	p1, err := s.Incident(context.Background(), "p1")
	if err != nil {
		t.Fatal(err)
	}
	if len(p1.Sources) != 3 || p1.Confidence != 0.9 {
		t.Errorf("merged p1: %+v", p1)
	}
}

// checkGeoJSON compares fs's Features for q with the incidents s lists.
func checkGeoJSON(t *testing.T, fs store.FeatureStreamer, s store.Store, name string, q store.Query) {
	t.Helper()
	{
		t.Run(name, func(t *testing.T) {
			var want []incident.Incident
			if err := s.Incidents(context.Background(), q, func(in *incident.Incident) error {
				want = append(want, *in)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			k := 0
			err := fs.StreamGeoJSON(context.Background(), q, func(c store.Cursor, f []byte) error {
				if k >= len(want) {
					return fmt.Errorf("more features than incidents: %s", f)
				}
				in := &want[k]
				k++
				if c.ID != in.ID || !c.EventDate.Equal(in.EventDate) {
					t.Errorf("cursor %+v for incident %s %v", c, in.ID, in.EventDate)
				}
				if w := feature.Append(nil, in); string(f) != string(w) {
					t.Errorf("feature of %s:\n got %s\nwant %s", in.ID, f, w)
				}
				checkFeature(t, f, in)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if k != len(want) || len(want) == 0 {
				t.Errorf("%d features, %d incidents", k, len(want))
			}
		})
	}
}

// checkFeature compares a Feature's JSON with the incident's fields.
func checkFeature(t *testing.T, b []byte, in *incident.Incident) {
	t.Helper()
	f, err := geojson.UnmarshalFeature(b)
	if err != nil {
		t.Fatalf("feature of %s: %v", in.ID, err)
	}
	if f.ID != in.ID || !orb.Equal(f.Geometry, in.Geometry) {
		t.Errorf("feature %v geometry %v; want %s %v", f.ID, f.Geometry, in.ID, in.Geometry)
	}
	var p struct {
		ID, EventDate, EventType, SubEventType, Actor1, Actor2, Location, PlaceID, CountryCode, Admin1, Notes string
		TimePrecision, GeoPrecision                                                                           int
		AssocActors                                                                                           []string
		Lat, Lon, Confidence                                                                                  float64
		Fatalities, Injuries                                                                                  *int
		Sources                                                                                               []map[string]string
	}
	raw, _ := json.Marshal(f.Properties)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	get := func(k string, v any) {
		if _, ok := m[k]; !ok {
			t.Errorf("feature %s: no property %s", in.ID, k)
			return
		}
		if err := json.Unmarshal(m[k], v); err != nil {
			t.Errorf("feature %s: %s: %v", in.ID, k, err)
		}
	}
	get("id", &p.ID)
	get("event_date", &p.EventDate)
	get("time_precision", &p.TimePrecision)
	get("event_type", &p.EventType)
	get("sub_event_type", &p.SubEventType)
	get("actor1", &p.Actor1)
	get("actor2", &p.Actor2)
	get("assoc_actors", &p.AssocActors)
	get("location", &p.Location)
	get("place_id", &p.PlaceID)
	get("country_code", &p.CountryCode)
	get("admin1", &p.Admin1)
	get("lat", &p.Lat)
	get("lon", &p.Lon)
	get("geo_precision", &p.GeoPrecision)
	get("fatalities", &p.Fatalities)
	get("injuries", &p.Injuries)
	get("notes", &p.Notes)
	get("sources", &p.Sources)
	get("confidence", &p.Confidence)
	checkDerived(t, in, get)
	if len(m) != 24 {
		t.Errorf("feature %s has %d properties, want 24", in.ID, len(m))
	}
	eqp := func(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }
	if p.ID != in.ID || p.EventDate != in.EventDate.Format(time.DateOnly) || p.TimePrecision != in.TimePrecision ||
		p.EventType != in.EventType || p.SubEventType != in.SubEventType || p.Actor1 != in.Actor1 || p.Actor2 != in.Actor2 ||
		!slices.Equal(p.AssocActors, in.AssocActors) && len(p.AssocActors)+len(in.AssocActors) > 0 ||
		p.Location != in.Location || p.PlaceID != in.PlaceID || p.CountryCode != in.CountryCode || p.Admin1 != in.Admin1 ||
		math.Abs(p.Lat-in.Point[1]) > 1e-6 || math.Abs(p.Lon-in.Point[0]) > 1e-6 || p.GeoPrecision != in.GeoPrecision ||
		!eqp(p.Fatalities, in.Fatalities) || !eqp(p.Injuries, in.Injuries) || p.Notes != in.Notes || p.Confidence != in.Confidence {
		t.Errorf("feature %s properties %+v differ from the incident %+v", in.ID, p, *in)
	}
	checkSources(t, in, p.Sources)
}

// checkDerived checks the properties a Feature derives from the incident:
// the flat texts of two lists, the time the store last changed it and its
// review status. get reads a property.
func checkDerived(t *testing.T, in *incident.Incident, get func(k string, v any)) {
	t.Helper()
	// Beside the incident's 20 fields, two lists as flat texts for QGIS,
	// which reads a JSON array as NULL (internal/feature).
	var actorsText, sourceURLs string
	get("assoc_actors_text", &actorsText)
	get("source_urls", &sourceURLs)
	var urls []string
	for _, s := range in.Sources {
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
	}
	if actorsText != strings.Join(in.AssocActors, "; ") || sourceURLs != strings.Join(urls, " ") {
		t.Errorf("feature %s: assoc_actors_text %q, source_urls %q", in.ID, actorsText, sourceURLs)
	}
	// And the time the store last changed it, for the change feed.
	var updated string
	get("updated", &updated)
	if want := string(feature.AppendTime(nil, in.Updated)); in.Updated.IsZero() || updated != want {
		t.Errorf("feature %s: updated %q, want %q", in.ID, updated, want)
	}
	// And its review status, always, as a queryable.
	var status string
	get("status", &status)
	if want := cmp.Or(in.Status, store.StatusUnreviewed); status != want {
		t.Errorf("feature %s: status %q, want %q", in.ID, status, want)
	}
}

// checkSources compares a Feature's sources with the incident's.
func checkSources(t *testing.T, in *incident.Incident, got []map[string]string) {
	t.Helper()
	if len(got) != len(in.Sources) {
		t.Fatalf("feature %s: %d sources, want %d", in.ID, len(got), len(in.Sources))
	}
	for i, src := range in.Sources {
		if got[i]["id"] != src.ArticleID || got[i]["url"] != src.URL || got[i]["title"] != src.Title ||
			got[i]["source"] != src.SourceName || got[i]["published"] != src.Published.Format(time.DateOnly) {
			t.Errorf("feature %s source %d = %v, want %+v", in.ID, i, got[i], src)
		}
	}
}

// testWindowedPages pages through spatial queries over incidents spread
// across years, dense in one box and sparse in another, so a store that
// searches windows of days must cross many windows and still return every
// match once, in order.
func testWindowedPages(t *testing.T, s store.Store) {
	var recs []store.ArticleRecord
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for i := range 400 {
		if i%100 == 0 {
			recs = append(recs, Article(fmt.Sprintf("win-%d", i/100)))
		}
		// Dense near (44, 33) most days early on, sparse near (10, 10)
		// every 97th day.
		p, d := orb.Point{44 + float64(i%7)/100, 33 + float64(i%5)/100}, start.AddDate(0, 0, i/2)
		if i%10 == 0 {
			p, d = orb.Point{10, 10}, start.AddDate(0, 0, 97*i/10)
		}
		in := Incident(fmt.Sprintf("w%03d", i), d.Format(time.DateOnly), p)
		if i%3 == 0 {
			in.EventType, in.SubEventType = "Battles", "Armed clash"
		}
		r := &recs[len(recs)-1]
		r.Incidents = append(r.Incidents, in)
		n++
	}
	// L-shaped regions on the dense area's newest days: their bounding box
	// covers the first box below, the shape itself misses it, so they are
	// index candidates that the exact test rejects.
	ell := orb.Polygon{{{43.5, 32.5}, {44.5, 32.5}, {44.5, 32.6}, {43.6, 32.6}, {43.6, 33.5}, {43.5, 33.5}, {43.5, 32.5}}}
	recs = append(recs, Article("win-ell"))
	for j := range 40 {
		in := Incident(fmt.Sprintf("l%03d", j), start.AddDate(0, 0, 199-j/4).Format(time.DateOnly), ell)
		recs[len(recs)-1].Incidents = append(recs[len(recs)-1].Incidents, in)
	}
	for _, r := range recs {
		ingest(t, s, r)
	}
	for _, bb := range []orb.Bound{
		{Min: orb.Point{43.9, 32.9}, Max: orb.Point{44.2, 33.2}},
		{Min: orb.Point{9, 9}, Max: orb.Point{11, 11}},
		{Min: orb.Point{0, 0}, Max: orb.Point{50, 50}},
	} {
		for _, types := range [][]string{nil, {"Battles"}} {
			pagesMatch(t, s, store.Query{Bbox: &bb, Types: types})
		}
		from, to := start.AddDate(0, 0, 100), start.AddDate(0, 0, 2000)
		var want []string
		if err := s.Incidents(context.Background(), store.Query{Bbox: &bb}, func(in *incident.Incident) error {
			if !in.EventDate.Before(from) && !in.EventDate.After(to) {
				want = append(want, in.ID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got := ids(t, s, store.Query{Bbox: &bb, From: &from, To: &to, Limit: 1000}); !slices.Equal(got, want) {
			t.Errorf("box %v from..to: %d ids, want %d", bb, len(got), len(want))
		}
		if n := count(t, s, store.Query{Bbox: &bb, From: &from, To: &to}); n != int64(len(want)) {
			t.Errorf("box %v from..to: count %d, want %d", bb, n, len(want))
		}
	}
}

// pagesMatch checks that paging through q (at several page sizes, with
// cursors) lists exactly what q without a limit lists, in the same order.
func pagesMatch(t *testing.T, s store.Store, q store.Query) {
	t.Helper()
	all := ids(t, s, q)
	if len(all) == 0 {
		t.Errorf("%+v: no incidents", q)
	}
	if n := count(t, s, q); n != int64(len(all)) {
		t.Errorf("box %v types %v: count %d, listed %d", q.Bbox, q.Types, n, len(all))
	}
	for _, limit := range []int{1, 7, 1000} {
		q := q
		q.Limit = limit
		var got []string
		for {
			var last *incident.Incident
			if err := s.Incidents(context.Background(), q, func(in *incident.Incident) error {
				got = append(got, in.ID)
				last = in
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if last == nil {
				break
			}
			q.After = &store.Cursor{EventDate: last.EventDate, ID: last.ID}
		}
		if !slices.Equal(got, all) {
			t.Errorf("box %v types %v limit %d: paged %d ids, unpaged %d\n got %v\nwant %v",
				q.Bbox, q.Types, limit, len(got), len(all), got, all)
		}
	}
}
