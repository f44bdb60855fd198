package storetest

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// tick waits until the clock has moved on by more than the microsecond
// both stores keep, so the next write is later than everything before.
func tick() { time.Sleep(2 * time.Millisecond) }

func tombstones(t *testing.T, f store.Feed, since time.Time) []string {
	t.Helper()
	var out []string
	if err := f.Tombstones(context.Background(), since, func(ts store.Tombstone) error {
		if ts.Time.IsZero() || !ts.Time.After(since) {
			t.Errorf("tombstone %s at %v, not after %v", ts.ID, ts.Time, since)
		}
		out = append(out, ts.ID+":"+ts.Reason+":"+ts.MergedInto)
		return nil
	}); err != nil {
		t.Fatalf("tombstones: %v", err)
	}
	return out
}

// testChangeFeed checks what a consumer mirroring the layer relies on:
// every incident carries its updated time (in its Feature too), Query's
// UpdatedSince selects what changed after an instant, in every read path,
// and Tombstones lists what left the public layers (rejected, deleted,
// merged with the survivor), until it comes back.
func testChangeFeed(t *testing.T, s store.Store, e store.Editor) {
	f, ok := s.(store.Feed)
	m, okm := s.(store.Merger)
	if !ok || !okm {
		t.Skip("the store serves no change feed")
	}
	t0 := feedIngested(t, s)
	feedEdited(t, s, e, f, t0)
	t1 := feedTombstones(t, s, e, f, m, t0)
	feedUndone(t, s, e, f, t0, t1)
}

// since selects the incidents updated since t.
func since(t time.Time) store.Query { return store.Query{UpdatedSince: &t} }

// feedIngested ingests x, y and z and checks their update times; it
// returns the last of them.
func feedIngested(t *testing.T, s store.Store) (t0 time.Time) {
	ctx := context.Background()
	start := time.Now().UTC().Add(-time.Second)
	ingest(t, s, Article("a1", Incident("x", "2024-03-01", baghdad)))
	ingest(t, s, Article("a2", Incident("y", "2024-03-01", erbil)))
	ingest(t, s, Article("a3", Incident("z", "2024-03-02", kyiv)))
	for _, id := range []string{"x", "y", "z"} {
		in, err := s.Incident(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !in.Updated.After(start) || in.Updated.After(time.Now()) || !in.Updated.Equal(in.Updated.Truncate(time.Microsecond)) {
			t.Errorf("%s updated = %v", id, in.Updated)
		}
		if in.Updated.After(t0) {
			t0 = in.Updated
		}
	}
	if got := ids(t, s, since(start)); !slices.Equal(got, []string{"z", "x", "y"}) {
		t.Errorf("updated since the start = %v", got)
	}
	if got := ids(t, s, since(t0)); len(got) != 0 {
		t.Errorf("updated since the last write = %v", got)
	}
	// Re-ingesting an article changes nothing, so nothing is new.
	ingest(t, s, Article("a1", Incident("x", "2024-03-01", baghdad)))
	if got := ids(t, s, since(t0)); len(got) != 0 {
		t.Errorf("updated since, after a re-ingest = %v", got)
	}
	return t0
}

// feedEdited edits x and rejects z after t0: x shows as updated, with the
// time in its stored Feature, and z as a tombstone.
func feedEdited(t *testing.T, s store.Store, e store.Editor, f store.Feed, t0 time.Time) {
	ctx := context.Background()
	tick()
	update(t, e, "x", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Fatalities = intp(4)
		return cur, []string{store.FieldFatalities}, nil
	})
	update(t, e, "z", "alice", setStatus(store.StatusRejected))
	if got := ids(t, s, since(t0)); !slices.Equal(got, []string{"x"}) {
		t.Errorf("updated since t0 after an edit and a rejection = %v", got)
	}
	if got := ids(t, s, store.Query{UpdatedSince: &t0, Statuses: store.ReviewStatuses}); !slices.Equal(got, []string{"z", "x"}) {
		t.Errorf("updated since t0, every status = %v", got)
	}
	if n := count(t, s, since(t0)); n != 1 {
		t.Errorf("count updated since t0 = %d", n)
	}
	x, _ := s.Incident(ctx, "x")
	if !x.Updated.After(t0) {
		t.Errorf("x updated %v, not after %v", x.Updated, t0)
	}
	// The stored Feature carries the same time.
	if fs, ok := s.(store.FeatureStreamer); ok {
		var got [][]byte
		if err := fs.StreamGeoJSON(ctx, since(t0), func(c store.Cursor, b []byte) error {
			got = append(got, bytes.Clone(b))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		want := feature.Append(nil, &x)
		if len(got) != 1 || !bytes.Equal(got[0], want) {
			t.Errorf("geojson updated since t0 = %s\nwant %s", got, want)
		}
		if !bytes.Contains(want, feature.AppendTime([]byte(`"updated":"`), x.Updated)) {
			t.Errorf("feature without its updated time: %s", want)
		}
	}
	if got := tombstones(t, f, t0); !slices.Equal(got, []string{"z:rejected:"}) {
		t.Errorf("tombstones since t0 = %v", got)
	}
}

// feedTombstones merges y into x and creates and deletes c after t1: both
// are tombstones since then. It returns t1.
func feedTombstones(t *testing.T, s store.Store, e store.Editor, f store.Feed, m store.Merger, t0 time.Time) (t1 time.Time) {
	ctx := context.Background()
	tick()
	t1 = time.Now().UTC()
	tick()
	if _, err := m.MergeInto(ctx, "x", []string{"y"}, "alice", func(incident.Incident) error { return nil }); err != nil {
		t.Fatal(err)
	}
	c := Incident("c", "2024-03-05", damascus)
	if err := e.Create(ctx, c, "bob"); err != nil {
		t.Fatal(err)
	}
	update(t, e, "c", "bob", setStatus(store.StatusDeleted))
	if got := tombstones(t, f, t0); !slices.Equal(got, []string{"z:rejected:", "y:merged:x", "c:deleted:"}) &&
		!slices.Equal(got, []string{"z:rejected:", "c:deleted:", "y:merged:x"}) {
		t.Errorf("tombstones since t0 = %v", got)
	}
	if got := tombstones(t, f, t1); len(got) != 2 || got[0] != "y:merged:x" {
		t.Errorf("tombstones since t1 = %v", got)
	}
	if got := ids(t, s, since(t1)); !slices.Equal(got, []string{"x"}) {
		t.Errorf("updated since t1 = %v", got)
	}
	return t1
}

// feedUndone verifies z again: a rejection undone is no tombstone any
// more, and shows as updated.
func feedUndone(t *testing.T, s store.Store, e store.Editor, f store.Feed, t0, t1 time.Time) {
	tick()
	update(t, e, "z", "alice", setStatus(store.StatusVerified))
	if got := tombstones(t, f, t0); slices.Contains(got, "z:rejected:") {
		t.Errorf("tombstones after z came back = %v", got)
	}
	if got := ids(t, s, since(t1)); !slices.Equal(got, []string{"z", "x"}) {
		t.Errorf("updated since t1 after z came back = %v", got)
	}
	if got := ids(t, s, store.Query{UpdatedSince: &t0, Limit: 1}); !slices.Equal(got, []string{"z"}) {
		t.Errorf("first page updated since t0 = %v", got)
	}
	if got := tombstones(t, f, time.Time{}); len(got) != 2 {
		t.Errorf("every tombstone = %v", got)
	}
	if got := tombstones(t, f, time.Now().Add(time.Hour)); len(got) != 0 {
		t.Errorf("tombstones since the future = %v", got)
	}
}

// testStatusFilter checks status as a CQL2 queryable: a filter on it
// selects by the review status, among every status when the query says
// so (the query package asks for all three when a filter names status).
func testStatusFilter(t *testing.T, s store.Store, e store.Editor) {
	ingest(t, s, Article("a1", Incident("u", "2024-03-01", baghdad), Incident("v", "2024-03-02", erbil),
		Incident("r", "2024-03-03", damascus)))
	update(t, e, "v", "alice", setStatus(store.StatusVerified))
	update(t, e, "r", "alice", setStatus(store.StatusRejected))
	for _, tt := range []struct {
		filter   string
		statuses []string
		want     []string
	}{
		{"status = 'verified'", store.ReviewStatuses, []string{"v"}},
		{"status = 'rejected'", store.ReviewStatuses, []string{"r"}},
		{"status = 'unreviewed'", store.ReviewStatuses, []string{"u"}},
		{"status IN ('verified', 'rejected')", store.ReviewStatuses, []string{"r", "v"}},
		{"status <> 'verified'", nil, []string{"u"}},
		{"status = 'rejected'", nil, nil},
		{"status = 'deleted'", store.ReviewStatuses, nil},
	} {
		f, err := cql2.ParseText(tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		q := store.Query{Filter: f, Statuses: tt.statuses}
		if got := ids(t, s, q); !slices.Equal(got, tt.want) {
			t.Errorf("%s (statuses %v) = %v, want %v", tt.filter, tt.statuses, got, tt.want)
		}
		if n := count(t, s, q); n != int64(len(tt.want)) {
			t.Errorf("count %s = %d, want %d", tt.filter, n, len(tt.want))
		}
	}
}

// testUpdatedInterval checks UpdatedFrom and UpdatedTo, the updated
// parameter: the incidents whose updated time lies in an inclusive
// interval, or is one instant, to the microsecond the stores keep, in
// every read path (incidents, count, stored Features, aggregates), with
// UpdatedSince and the other filters.
func testUpdatedInterval(t *testing.T, s store.Store, e store.Editor) {
	ctx := context.Background()
	// One write each, a tick apart: x, then y, then z changed.
	ingest(t, s, Article("a1", Incident("x", "2024-03-01", baghdad)))
	tick()
	ingest(t, s, Article("a2", Incident("y", "2024-03-02", erbil)))
	tick()
	ingest(t, s, Article("a3", Incident("z", "2024-03-03", kyiv)))
	updated := func(id string) time.Time {
		t.Helper()
		in, err := s.Incident(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return in.Updated
	}
	tx, ty, tz := updated("x"), updated("y"), updated("z")
	if !tx.Before(ty) || !ty.Before(tz) {
		t.Fatalf("updated times out of order: %v %v %v", tx, ty, tz)
	}
	at := func(t time.Time) *time.Time { return &t }
	us, half := time.Microsecond, 500*time.Nanosecond
	iraq := &orb.Bound{Min: orb.Point{38, 29}, Max: orb.Point{49, 38}}
	for _, tt := range []struct {
		name string
		q    store.Query
		want []string
	}{
		{"instant x", store.Query{UpdatedFrom: &tx, UpdatedTo: &tx}, []string{"x"}},
		{"instant y", store.Query{UpdatedFrom: &ty, UpdatedTo: &ty}, []string{"y"}},
		{"instant a microsecond after x", store.Query{UpdatedFrom: at(tx.Add(us)), UpdatedTo: at(tx.Add(us))}, nil},
		{"instant between microseconds", store.Query{UpdatedFrom: at(tx.Add(half)), UpdatedTo: at(tx.Add(half))}, nil},
		{"x to y inclusive", store.Query{UpdatedFrom: &tx, UpdatedTo: &ty}, []string{"y", "x"}},
		{"just inside x and z", store.Query{UpdatedFrom: at(tx.Add(us)), UpdatedTo: at(tz.Add(-us))}, []string{"y"}},
		{"sub-microsecond ends", store.Query{UpdatedFrom: at(tx.Add(-half)), UpdatedTo: at(tz.Add(half))}, []string{"z", "y", "x"}},
		{"sub-microsecond ends inside", store.Query{UpdatedFrom: at(tx.Add(half)), UpdatedTo: at(tz.Add(-half))}, []string{"y"}},
		{"until y", store.Query{UpdatedTo: &ty}, []string{"y", "x"}},
		{"from y", store.Query{UpdatedFrom: &ty}, []string{"z", "y"}},
		{"from after z", store.Query{UpdatedFrom: at(tz.Add(us))}, nil},
		{"until before x", store.Query{UpdatedTo: at(tx.Add(-us))}, nil},
		{"with updated_since", store.Query{UpdatedSince: &tx, UpdatedFrom: &tx, UpdatedTo: &tz}, []string{"z", "y"}},
		{"with updated_since past the end", store.Query{UpdatedSince: &ty, UpdatedTo: &ty}, nil},
		{"with a bbox", store.Query{UpdatedFrom: &ty, Bbox: iraq}, []string{"y"}},
		{"with days", store.Query{UpdatedTo: &tz, From: at(day("2024-03-02")), To: at(day("2024-03-03"))}, []string{"z", "y"}},
		{"with a page", store.Query{UpdatedFrom: &tx, Limit: 1}, []string{"z"}},
	} {
		t.Run(tt.name, func(t *testing.T) { everyReadPath(t, s, tt.q, tt.want) })
	}

	// An edit moves x's updated time: it leaves its old instant for its new
	// one; a rejected incident is found at its instant when asked for.
	tick()
	update(t, e, "x", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Fatalities = intp(2)
		return cur, []string{store.FieldFatalities}, nil
	})
	tick()
	update(t, e, "z", "alice", setStatus(store.StatusRejected))
	tx2, tz2 := updated("x"), updated("z")
	if got := ids(t, s, store.Query{UpdatedFrom: &tx, UpdatedTo: &tx}); len(got) != 0 {
		t.Errorf("x's old instant after the edit = %v", got)
	}
	if got := ids(t, s, store.Query{UpdatedFrom: &tx2, UpdatedTo: &tx2}); !slices.Equal(got, []string{"x"}) {
		t.Errorf("x's new instant = %v", got)
	}
	if got := ids(t, s, store.Query{UpdatedFrom: &tz2, UpdatedTo: &tz2}); len(got) != 0 {
		t.Errorf("a rejected incident's instant, public statuses = %v", got)
	}
	if got := ids(t, s, store.Query{UpdatedFrom: &tz2, UpdatedTo: &tz2, Statuses: store.ReviewStatuses}); !slices.Equal(got, []string{"z"}) {
		t.Errorf("a rejected incident's instant, every status = %v", got)
	}
	if got := ids(t, s, store.Query{UpdatedFrom: at(tz.Add(us)), Statuses: store.ReviewStatuses}); !slices.Equal(got, []string{"z", "x"}) {
		t.Errorf("changed after z's ingest, every status = %v", got)
	}
}

// everyReadPath checks that q finds the incidents want, newest first, in
// every read path a store has: incidents, count, stored Features and
// aggregates (the last two where the store has them; counts of unpaged
// queries only).
func everyReadPath(t *testing.T, s store.Store, q store.Query, want []string) {
	t.Helper()
	if got := ids(t, s, q); !slices.Equal(got, want) {
		t.Errorf("incidents = %v, want %v", got, want)
	}
	if q.Limit == 0 {
		if n := count(t, s, q); n != int64(len(want)) {
			t.Errorf("count = %d, want %d", n, len(want))
		}
	}
	if _, ok := s.(store.FeatureStreamer); ok {
		if got := geojsonIDs(t, s, q); !slices.Equal(got, want) {
			t.Errorf("stored features = %v, want %v", got, want)
		}
	}
	if ag, ok := s.(store.Aggregator); ok && q.Limit == 0 {
		var n int64
		for _, b := range aggregate(t, ag, q, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodAll}) {
			n += b.Incidents
		}
		if n != int64(len(want)) {
			t.Errorf("aggregate counts %d, want %d", n, len(want))
		}
	}
}
