package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// reviewTests are the cases of stores that take analysts' edits
// (store.Editor); Run skips them for others.
var reviewTests = []struct {
	name string
	fn   func(t *testing.T, s store.Store, e store.Editor)
}{
	{"ReviewStatus", testReviewStatus},
	{"EditsSurviveIngest", testEditsSurviveIngest},
	{"History", testHistory},
	{"Create", testCreate},
	{"Delete", testDelete},
	{"EditAborted", testEditAborted},
	{"ConcurrentEdits", testConcurrentEdits},
	{"EditMovesIndex", testEditMovesIndex},
	{"MergeAndSplit", testMergeAndSplit},
	{"Aggregate", testAggregate},
	{"ChangeFeed", testChangeFeed},
	{"UpdatedInterval", testUpdatedInterval},
	{"StatusFilter", testStatusFilter},
}

func runReview(t *testing.T, open func(t *testing.T) store.Store) {
	for _, tt := range reviewTests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			e, ok := s.(store.Editor)
			if !ok {
				t.Skip("the store takes no edits")
			}
			tt.fn(t, s, e)
		})
	}
}

// setStatus is an edit that sets the status only.
func setStatus(status string) store.EditFunc {
	return func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Status = status
		return cur, []string{store.FieldStatus}, nil
	}
}

func update(t *testing.T, e store.Editor, id, by string, fn store.EditFunc) incident.Incident {
	t.Helper()
	in, err := e.Update(context.Background(), id, by, fn)
	if err != nil {
		t.Fatalf("update %s: %v", id, err)
	}
	return in
}

func geojsonIDs(t *testing.T, s store.Store, q store.Query) []string {
	t.Helper()
	fs, ok := s.(store.FeatureStreamer)
	if !ok {
		return nil
	}
	var out []string
	if err := fs.StreamGeoJSON(context.Background(), q, func(c store.Cursor, f []byte) error {
		out = append(out, c.ID)
		return nil
	}); err != nil {
		t.Fatalf("geojson %+v: %v", q, err)
	}
	return out
}

func testReviewStatus(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	ingest(t, s, Article("a1", Incident("r1", "2024-03-01", baghdad), Incident("r2", "2024-03-01", erbil),
		Incident("r3", "2024-03-02", damascus)))
	v0 := stats(t, s).Version
	if got := update(t, e, "r1", "alice", setStatus(store.StatusRejected)); got.Status != store.StatusRejected {
		t.Errorf("update returned status %q", got.Status)
	}
	update(t, e, "r2", "alice", setStatus(store.StatusVerified))
	if stats(t, s).Version == v0 {
		t.Error("an edit left the store's version as it was")
	}
	iraq := &orb.Bound{Min: orb.Point{43, 32}, Max: orb.Point{45, 37}}
	days := store.Query{From: ptr(day("2024-03-01")), To: ptr(day("2024-03-01"))}
	check := func(when string) {
		t.Helper()
		if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"r3", "r2"}) {
			t.Errorf("%s: public list = %v, want [r3 r2] (r1 rejected)", when, got)
		}
		if n := count(t, s, store.Query{}); n != 2 {
			t.Errorf("%s: public count = %d, want 2", when, n)
		}
		if n := count(t, s, store.Query{Bbox: iraq}); n != 1 {
			t.Errorf("%s: bbox count = %d, want 1", when, n)
		}
		if got := ids(t, s, store.Query{Bbox: iraq, Limit: 10}); !slices.Equal(got, []string{"r2"}) {
			t.Errorf("%s: bbox page = %v, want [r2]", when, got)
		}
		if fs := geojsonIDs(t, s, store.Query{}); fs != nil && !slices.Equal(fs, []string{"r3", "r2"}) {
			t.Errorf("%s: geojson stream = %v, want [r3 r2]", when, fs)
		}
		if fs := geojsonIDs(t, s, days); fs != nil && !slices.Equal(fs, []string{"r2"}) {
			t.Errorf("%s: geojson of one day = %v, want [r2]", when, fs)
		}
		if got := ids(t, s, store.Query{Statuses: []string{store.StatusRejected}}); !slices.Equal(got, []string{"r1"}) {
			t.Errorf("%s: status=rejected = %v, want [r1]", when, got)
		}
		if n := count(t, s, store.Query{Statuses: []string{store.StatusRejected}, Bbox: iraq}); n != 1 {
			t.Errorf("%s: rejected in the bbox = %d, want 1", when, n)
		}
		if got := ids(t, s, store.Query{Statuses: []string{store.StatusVerified, store.StatusRejected}}); !slices.Equal(got, []string{"r1", "r2"}) {
			t.Errorf("%s: verified or rejected = %v, want [r1 r2]", when, got)
		}
		if fs := geojsonIDs(t, s, store.Query{Statuses: []string{store.StatusRejected}}); fs != nil && !slices.Equal(fs, []string{"r1"}) {
			t.Errorf("%s: geojson of status=rejected = %v, want [r1]", when, fs)
		}
	}
	check("before compaction")
	if c, ok := s.(store.Compacter); ok {
		if err := c.Compact(ctx); err != nil {
			t.Fatal(err)
		}
		check("after compaction")
	}
	in, err := s.Incident(ctx, "r1")
	if err != nil {
		t.Fatalf("a rejected incident by id: %v", err)
	}
	if in.Status != store.StatusRejected {
		t.Errorf("status = %q, want rejected", in.Status)
	}
	if f := feature.Append(nil, &in); !bytes.Contains(f, []byte(`"status":"rejected"`)) {
		t.Errorf("feature without its status: %s", f)
	}
	// Back to verified: public again, blocks included.
	update(t, e, "r1", "bob", setStatus(store.StatusVerified))
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"r3", "r1", "r2"}) {
		t.Errorf("after verifying r1: %v", got)
	}
	if fs := geojsonIDs(t, s, store.Query{}); fs != nil && !slices.Equal(fs, []string{"r3", "r1", "r2"}) {
		t.Errorf("geojson after verifying r1: %v", fs)
	}
	if _, err := e.Update(ctx, "nope", "bob", setStatus(store.StatusVerified)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of a missing incident: %v, want ErrNotFound", err)
	}
	if _, err := e.Update(ctx, "r3", "bob", setStatus("maybe")); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("update to an unknown status: %v, want ErrInvalid", err)
	}
}

func ptr[T any](v T) *T { return &v }

func testEditsSurviveIngest(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	first := Incident("x", "2024-03-01", anbar)
	first.GeoPrecision, first.TimePrecision, first.Confidence = 3, 2, 0.5
	first.Fatalities = intp(2)
	ingest(t, s, Article("a1", first))
	// The analyst puts it in Baghdad, sets the toll and the date.
	update(t, e, "x", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Geometry, cur.Point, cur.Location, cur.GeoPrecision = baghdad, baghdad, "Baghdad", 1
		cur.Fatalities = intp(7)
		cur.EventDate = day("2024-02-29")
		return cur, []string{store.FieldGeometry, store.FieldLocation, store.FieldGeoPrecision,
			store.FieldFatalities, store.FieldEventDate}, nil
	})
	// Another article, more confident, says otherwise on every field.
	second := Incident("x", "2024-03-05", erbil)
	second.GeoPrecision, second.TimePrecision, second.Confidence = 1, 1, 0.9
	second.Location, second.Fatalities, second.Actor2 = "Erbil", intp(40), "Civilians (Iraq)"
	second.EventType, second.SubEventType = "Battles", "Armed clash"
	rec := Article("a2", second)
	rec.Article.Published = time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)
	if res := ingest(t, s, rec); res.MergedIncidents != 1 {
		t.Errorf("ingest = %+v, want one merged incident", res)
	}
	in, err := s.Incident(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	if !orb.Equal(in.Geometry, baghdad) || in.Location != "Baghdad" || in.GeoPrecision != 1 {
		t.Errorf("the edited place was overwritten: %v %q %d", in.Geometry, in.Location, in.GeoPrecision)
	}
	if in.Fatalities == nil || *in.Fatalities != 7 {
		t.Errorf("fatalities = %v, want the analyst's 7", in.Fatalities)
	}
	if !in.EventDate.Equal(day("2024-02-29")) {
		t.Errorf("event date = %v, want the analyst's 2024-02-29", in.EventDate)
	}
	// Fields nobody edited still merge, and the new source attaches.
	if in.Actor2 != "Civilians (Iraq)" || in.SubEventType != "Armed clash" || in.Confidence != 0.9 {
		t.Errorf("unedited fields did not merge: actor2 %q sub %q confidence %v", in.Actor2, in.SubEventType, in.Confidence)
	}
	var srcs []string
	for _, src := range in.Sources {
		srcs = append(srcs, src.ArticleID)
	}
	if !slices.Equal(srcs, []string{"a1", "a2"}) {
		t.Errorf("sources = %v, want [a1 a2]", srcs)
	}
	// The index follows the edit, not the ingest.
	if got := ids(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}}); !slices.Equal(got, []string{"x"}) {
		t.Errorf("bbox at the edited point = %v", got)
	}
	// Re-ingesting the first article changes nothing either.
	if res := ingest(t, s, Article("a1", first)); res.Created {
		t.Errorf("re-ingest = %+v", res)
	}
	// A rejected incident stays rejected when another article reports it.
	update(t, e, "x", "alice", setStatus(store.StatusRejected))
	third := second
	ingest(t, s, Article("a3", third))
	if in, err := s.Incident(ctx, "x"); err != nil || in.Status != store.StatusRejected || len(in.Sources) != 3 {
		t.Errorf("after a third article: status %q sources %d err %v, want rejected with 3", in.Status, len(in.Sources), err)
	}
	if got := ids(t, s, store.Query{}); len(got) != 0 {
		t.Errorf("a rejected incident came back into the list: %v", got)
	}
}

func testHistory(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	ingest(t, s, Article("a1", Incident("h", "2024-03-01", baghdad)))
	rec := Article("a2", Incident("h", "2024-03-01", baghdad))
	rec.Incidents[0].Actor2, rec.Incidents[0].Confidence = "Civilians (Iraq)", 0.9
	if _, err := s.Ingest(store.WithActor(ctx, "feeder"), rec); err != nil {
		t.Fatal(err)
	}
	update(t, e, "h", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Fatalities = intp(3)
		return cur, []string{store.FieldFatalities}, nil
	})
	update(t, e, "h", "bob", setStatus(store.StatusVerified))
	// An edit that changes nothing records nothing.
	update(t, e, "h", "bob", setStatus(store.StatusVerified))
	update(t, e, "h", "carol", setStatus(store.StatusDeleted))
	hist, err := e.History(ctx, "h")
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ by, action, article string }
	var got []row
	for _, c := range hist {
		got = append(got, row{c.By, c.Action, c.ArticleID})
	}
	want := []row{
		{"ingest", store.ActionExtract, "a1"},
		{"feeder", store.ActionIngest, "a2"},
		{"alice", store.ActionEdit, ""},
		{"bob", store.ActionStatus, ""},
		{"carol", store.ActionDelete, ""},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("history = %+v, want %+v", got, want)
	}
	for i, c := range hist {
		if c.IncidentID != "h" || c.At.IsZero() || time.Since(c.At) > time.Hour || (i > 0 && c.Seq <= hist[i-1].Seq) {
			t.Errorf("change %d: %+v", i, c)
		}
		if i > 0 && !bytes.Equal(c.Before, hist[i-1].After) {
			t.Errorf("change %d: before is not the previous change's after:\n%s\n%s", i, c.Before, hist[i-1].After)
		}
	}
	if string(hist[0].Before) != "null" || !json.Valid(hist[0].After) {
		t.Errorf("extract change: before %s after %s", hist[0].Before, hist[0].After)
	}
	props := func(raw json.RawMessage) map[string]any {
		var f struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		return f.Properties
	}
	if b, a := props(hist[2].Before), props(hist[2].After); b["fatalities"] != nil || a["fatalities"] != float64(3) {
		t.Errorf("edit before/after fatalities: %v -> %v", b["fatalities"], a["fatalities"])
	}
	if !slices.Equal(hist[2].Fields, []string{store.FieldFatalities}) {
		t.Errorf("edit fields = %v", hist[2].Fields)
	}
	if !slices.Contains(hist[1].Fields, "actor2") || !slices.Contains(hist[1].Fields, "sources") {
		t.Errorf("ingest fields = %v, want actor2 and sources", hist[1].Fields)
	}
	if a := props(hist[3].After); a["status"] != "verified" {
		t.Errorf("status change after = %v", a["status"])
	}
	if _, err := e.History(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("history of a missing incident: %v, want ErrNotFound", err)
	}
}

func testCreate(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	in := Incident("new1", "2024-03-04", border)
	in.Status = store.StatusVerified
	in.Fatalities = intp(1)
	if err := e.Create(ctx, in, "alice"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Incident(ctx, "new1")
	if err != nil {
		t.Fatal(err)
	}
	in.Sources = []incident.Source{}
	if got.Status != store.StatusVerified || !orb.Equal(got.Geometry, border) || *got.Fatalities != 1 || len(got.Sources) != 0 {
		t.Errorf("created incident = %+v", got)
	}
	if ids := ids(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{40, 33}, Max: orb.Point{42, 35}}}); !slices.Equal(ids, []string{"new1"}) {
		t.Errorf("the created incident is not in the index: %v", ids)
	}
	if err := e.Create(ctx, in, "alice"); !errors.Is(err, store.ErrExists) {
		t.Errorf("second create: %v, want ErrExists", err)
	}
	bad := Incident("new2", "2024-03-04", orb.LineString{{1, 2}})
	if err := e.Create(ctx, bad, "alice"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("create with a one-point line: %v, want ErrInvalid", err)
	}
	hist, err := e.History(ctx, "new1")
	if err != nil || len(hist) != 1 || hist[0].Action != store.ActionCreate || hist[0].By != "alice" {
		t.Errorf("history of a created incident = %+v, %v", hist, err)
	}
	// Every field is the analyst's: an ingest of the same id changes none.
	rep := Incident("new1", "2024-03-09", kyiv)
	rep.Confidence, rep.Fatalities = 1, intp(9)
	ingest(t, s, Article("a9", rep))
	got, _ = s.Incident(ctx, "new1")
	if !orb.Equal(got.Geometry, border) || *got.Fatalities != 1 || !got.EventDate.Equal(day("2024-03-04")) || len(got.Sources) != 1 {
		t.Errorf("after an ingest of the created id: %+v", got)
	}
}

func testDelete(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	ingest(t, s, Article("a1", Incident("d", "2024-03-01", baghdad), Incident("k", "2024-03-01", erbil)))
	update(t, e, "d", "alice", setStatus(store.StatusDeleted))
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"k"}) {
		t.Errorf("list after delete = %v", got)
	}
	for _, st := range [][]string{store.ReviewStatuses, {store.StatusDeleted}} {
		if got := ids(t, s, store.Query{Statuses: st}); slices.Contains(got, "d") {
			t.Errorf("statuses %v select the deleted incident: %v", st, got)
		}
	}
	if n := count(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}}); n != 0 {
		t.Errorf("bbox count after delete = %d", n)
	}
	// Another article reporting it does not bring it back.
	ingest(t, s, Article("a2", Incident("d", "2024-03-01", baghdad)))
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"k"}) {
		t.Errorf("list after an ingest of the deleted id = %v", got)
	}
	in, err := s.Incident(ctx, "d")
	if err != nil || in.Status != store.StatusDeleted {
		t.Errorf("the deleted row: %q %v", in.Status, err)
	}
}

func testEditAborted(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	ingest(t, s, Article("a1", Incident("z", "2024-03-01", baghdad)))
	v := stats(t, s).Version
	stop := errors.New("precondition failed")
	_, err := e.Update(ctx, "z", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Notes = "changed"
		return cur, nil, stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("update = %v, want the edit's own error", err)
	}
	_, err = e.Update(ctx, "z", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Geometry = orb.Polygon{{{1, 1}, {2, 2}}}
		return cur, []string{store.FieldGeometry}, nil
	})
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("update to a bad geometry = %v, want ErrInvalid", err)
	}
	in, _ := s.Incident(ctx, "z")
	if in.Notes == "changed" || !orb.Equal(in.Geometry, baghdad) || stats(t, s).Version != v {
		t.Errorf("an aborted edit was written: %+v", in)
	}
	if h, _ := e.History(ctx, "z"); len(h) != 1 {
		t.Errorf("aborted edits recorded: %+v", h)
	}
}

// testConcurrentEdits runs edits that each check the incident is as they
// last read it (what If-Match does): of those that read the same state,
// exactly one wins.
func testConcurrentEdits(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	ingest(t, s, Article("a1", Incident("c", "2024-03-01", baghdad)))
	seen, err := s.Incident(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	tag := string(feature.Append(nil, &seen))
	stale := errors.New("stale")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = e.Update(ctx, "c", "editor", func(cur incident.Incident) (incident.Incident, []string, error) {
				if string(feature.Append(nil, &cur)) != tag {
					return cur, nil, stale
				}
				cur.Fatalities = intp(100 + i)
				return cur, []string{store.FieldFatalities}, nil
			})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, stale):
			t.Errorf("update: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d concurrent edits of one state won, want 1", won)
	}
	if h, _ := e.History(ctx, "c"); len(h) != 2 {
		t.Errorf("history has %d changes, want extract and one edit", len(h))
	}
}

func testEditMovesIndex(t *testing.T, s store.Store, e store.Editor) {
	ingest(t, s, Article("a1", Incident("m", "2024-03-01", baghdad)))
	update(t, e, "m", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Geometry, cur.Point = kyiv, kyiv
		cur.EventDate = day("2023-01-01")
		return cur, []string{store.FieldGeometry, store.FieldEventDate}, nil
	})
	ua := &orb.Bound{Min: orb.Point{30, 50}, Max: orb.Point{31, 51}}
	if got := ids(t, s, store.Query{Bbox: ua, Limit: 5}); !slices.Equal(got, []string{"m"}) {
		t.Errorf("bbox at the new place = %v", got)
	}
	if got := ids(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}}); len(got) != 0 {
		t.Errorf("bbox at the old place = %v", got)
	}
	if got := ids(t, s, store.Query{From: ptr(day("2023-01-01")), To: ptr(day("2023-01-01"))}); !slices.Equal(got, []string{"m"}) {
		t.Errorf("the new day = %v", got)
	}
}

func sourceIDs(in incident.Incident) []string {
	var out []string
	for _, s := range in.Sources {
		out = append(out, s.ArticleID)
	}
	return out
}

func historySteps(t *testing.T, e store.Editor, id string) []string {
	t.Helper()
	h, err := e.History(context.Background(), id)
	if err != nil {
		t.Fatalf("history %s: %v", id, err)
	}
	var out []string
	for _, c := range h {
		out = append(out, c.Action+":"+c.Other)
	}
	return out
}

// testMergeAndSplit ingests x and y (a1, a2) and z (a3), merges y into x,
// then splits a2's report back out; each step sees the state the last one
// left.
func testMergeAndSplit(t *testing.T, s store.Store, e store.Editor) {
	m, ok := s.(store.Merger)
	if !ok {
		t.Skip("the store does not merge")
	}
	x := Incident("x", "2024-03-01", baghdad)
	x.Actor1, x.Notes = "Group A", "First report."
	y := Incident("y", "2024-03-01", erbil)
	y.Actor2, y.Fatalities, y.Notes, y.AssocActors = "Civilians (Iraq)", intp(3), "Second report.", []string{"M"}
	ingest(t, s, Article("a1", x))
	rec := Article("a2", y)
	rec.Article.Published = time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC)
	ingest(t, s, rec)
	ingest(t, s, Article("a3", Incident("z", "2024-03-02", kyiv)))

	mergeYIntoX(t, s, e, m)
	mergeRefused(t, s, m)
	splitA2FromX(t, s, e, m)
	splitRefused(t, m)
}

// noCheck is a MergeInto or Split precondition that always holds.
func noCheck(incident.Incident) error { return nil }

// mergeYIntoX merges y into x and checks the survivor, the tombstone,
// their histories and that an article reporting y again adds to x.
func mergeYIntoX(t *testing.T, s store.Store, e store.Editor, m store.Merger) {
	ctx := context.Background()
	got, err := m.MergeInto(ctx, "x", []string{"y"}, "alice", noCheck)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sourceIDs(got), []string{"a1", "a2"}) || got.Actor1 != "Group A" || got.Actor2 != "Civilians (Iraq)" ||
		got.Fatalities == nil || *got.Fatalities != 3 || got.Notes != "First report. Second report." ||
		!orb.Equal(got.Geometry, baghdad) || !slices.Equal(got.AssocActors, []string{"M"}) {
		t.Errorf("survivor = %+v", got)
	}
	if stored, _ := s.Incident(ctx, "x"); !slices.Equal(sourceIDs(stored), []string{"a1", "a2"}) || stored.Notes != got.Notes {
		t.Errorf("stored survivor = %+v", stored)
	}
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"z", "x"}) {
		t.Errorf("list after merge = %v", got)
	}
	if into, err := m.MergedInto(ctx, "y"); err != nil || into != "x" {
		t.Errorf("MergedInto(y) = %q, %v", into, err)
	}
	if into, err := m.MergedInto(ctx, "x"); err != nil || into != "" {
		t.Errorf("MergedInto(x) = %q, %v", into, err)
	}
	if tomb, err := s.Incident(ctx, "y"); err != nil || tomb.Status != store.StatusDeleted {
		t.Errorf("tombstone: %q %v", tomb.Status, err)
	}
	if a, err := s.Article(ctx, "a2"); err != nil || len(a.Incidents) != 1 || a.Incidents[0].ID != "x" {
		t.Errorf("article a2 after merge: %+v %v", a.Incidents, err)
	}
	if got := historySteps(t, e, "x"); !slices.Equal(got, []string{"extract:", "merge:y"}) {
		t.Errorf("survivor history = %v", got)
	}
	if got := historySteps(t, e, "y"); !slices.Equal(got, []string{"extract:", "merged:x"}) {
		t.Errorf("tombstone history = %v", got)
	}
	// An article reporting the merged incident again adds to the survivor.
	res := ingest(t, s, Article("a4", Incident("y", "2024-03-01", erbil)))
	if res.NewIncidents != 0 || res.MergedIncidents != 1 {
		t.Errorf("ingest of the merged id = %+v", res)
	}
	if stored, _ := s.Incident(ctx, "x"); !slices.Equal(sourceIDs(stored), []string{"a1", "a4", "a2"}) {
		t.Errorf("survivor sources after a4 = %v", sourceIDs(stored))
	}
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"z", "x"}) {
		t.Errorf("list after re-ingest = %v", got)
	}
}

// mergeRefused checks the merges that must fail and write nothing.
func mergeRefused(t *testing.T, s store.Store, m store.Merger) {
	ctx := context.Background()
	for name, others := range map[string][]string{"itself": {"x"}, "twice": {"z", "z"}, "none": nil} {
		if _, err := m.MergeInto(ctx, "x", others, "alice", noCheck); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("merge %s: %v, want ErrInvalid", name, err)
		}
	}
	for name, others := range map[string][]string{"a tombstone": {"y"}, "a missing one": {"nope"}} {
		if _, err := m.MergeInto(ctx, "x", others, "alice", noCheck); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("merge %s: %v, want ErrNotFound", name, err)
		}
	}
	stop := errors.New("stale")
	if _, err := m.MergeInto(ctx, "x", []string{"z"}, "alice", func(incident.Incident) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("merge with a failing check: %v", err)
	}
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"z", "x"}) {
		t.Errorf("an aborted merge was written: %v", got)
	}
}

// splitA2FromX splits article a2's report from x into a new incident x2.
func splitA2FromX(t *testing.T, s store.Store, e store.Editor, m store.Merger) {
	ctx := context.Background()
	// Split a2 back out.
	nw, err := m.Split(ctx, "x", []string{"a2"}, "x2", "bob", noCheck)
	if err != nil {
		t.Fatal(err)
	}
	if nw.ID != "x2" || !slices.Equal(sourceIDs(nw), []string{"a2"}) || !orb.Equal(nw.Geometry, baghdad) || nw.Status != "" {
		t.Errorf("split off = %+v", nw)
	}
	if stored, _ := s.Incident(ctx, "x"); !slices.Equal(sourceIDs(stored), []string{"a1", "a4"}) {
		t.Errorf("x after split: %v", sourceIDs(stored))
	}
	if stored, err := s.Incident(ctx, "x2"); err != nil || !slices.Equal(sourceIDs(stored), []string{"a2"}) {
		t.Errorf("x2 stored: %v %v", sourceIDs(stored), err)
	}
	if got := ids(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}, Limit: 10}); !slices.Equal(got, []string{"x", "x2"}) {
		t.Errorf("bbox after split = %v", got)
	}
	if a, err := s.Article(ctx, "a2"); err != nil || len(a.Incidents) != 1 || a.Incidents[0].ID != "x2" {
		t.Errorf("article a2 after split: %+v %v", a.Incidents, err)
	}
	if got := historySteps(t, e, "x"); !slices.Equal(got, []string{"extract:", "merge:y", "ingest:", "split:x2"}) {
		t.Errorf("x history = %v", got)
	}
	if got := historySteps(t, e, "x2"); !slices.Equal(got, []string{"split:x"}) {
		t.Errorf("x2 history = %v", got)
	}
}

// splitRefused checks the splits that must fail.
func splitRefused(t *testing.T, m store.Merger) {
	ctx := context.Background()
	for name, arts := range map[string][]string{"all sources": {"a1", "a4"}, "not a source": {"a3"}, "none": nil} {
		if _, err := m.Split(ctx, "x", arts, "x3", "bob", noCheck); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("split %s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := m.Split(ctx, "x", []string{"a4"}, "z", "bob", noCheck); !errors.Is(err, store.ErrExists) {
		t.Errorf("split to a taken id: %v, want ErrExists", err)
	}
	if _, err := m.Split(ctx, "y", []string{"a2"}, "y2", "bob", noCheck); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("split of a tombstone: %v, want ErrNotFound", err)
	}
}
