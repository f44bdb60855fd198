package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// RunGrouping runs the cases of a store that groups reports at ingest;
// open must return a new, empty store with store.MatchReports as its
// matcher.
func RunGrouping(t *testing.T, open func(t *testing.T) store.Store) {
	for _, tt := range []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Grouping", testGrouping},
		{"Suggestions", testSuggestions},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

// near is a report of the Incident fixture's kind at km from p, bearing east.
func near(id string, p orb.Point, km float64) incident.Incident {
	q := geo.Destination(p, 90, km)
	return Incident(id, "2024-03-01", q)
}

// testGrouping: a report of another id a few km away the same day joins
// the stored incident; one of another article too far, another day or
// another type stays apart; an article's own incidents never group; a
// deleted incident takes nothing; a town on a border joins the border's
// event.
func testGrouping(t *testing.T, s store.Store) {
	ctx := context.Background()
	if res := ingest(t, s, Article("a1", near("g1", baghdad, 0))); res.NewIncidents != 1 || res.Grouped != 0 {
		t.Fatalf("first report: %+v", res)
	}
	res := ingest(t, s, Article("a2", near("g2", baghdad, 2.5)))
	if res.NewIncidents != 0 || res.MergedIncidents != 1 || res.Grouped != 1 || res.Suggested != 0 {
		t.Errorf("a report 2.5 km away: %+v", res)
	}
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"g1"}) {
		t.Errorf("incidents = %v, want g1 alone", got)
	}
	if g1, _ := s.Incident(ctx, "g1"); !slices.Equal(sourceIDs(g1), []string{"a1", "a2"}) {
		t.Errorf("g1 sources = %v", sourceIDs(g1))
	}
	if a, err := s.Article(ctx, "a2"); err != nil || len(a.Incidents) != 1 || a.Incidents[0].ID != "g1" {
		t.Errorf("article a2: %+v %v", a.Incidents, err)
	}
	// Apart: too far, another day, another type.
	far := near("far", baghdad, 40)
	later := near("later", baghdad, 1)
	later.EventDate = day("2024-03-04")
	clash := near("clash", baghdad, 1)
	clash.EventType, clash.SubEventType = "Battles", incident.SubArmedClash
	for i, in := range []incident.Incident{far, later, clash} {
		if res := ingest(t, s, Article("b"+string(rune('1'+i)), in)); res.NewIncidents != 1 || res.Grouped != 0 {
			t.Errorf("%s: %+v", in.ID, res)
		}
	}
	// One article's incidents stay apart, however close.
	res = ingest(t, s, Article("c1", near("own1", erbil, 0), near("own2", erbil, 1)))
	if res.NewIncidents != 2 || res.Grouped != 0 {
		t.Errorf("one article's two incidents: %+v", res)
	}
	// A report either of two incidents could be joins neither: it stands
	// alone, with a suggestion of each.
	if g, ok := s.(store.Suggester); ok {
		res = ingest(t, s, Article("c2", near("between", erbil, 0.5)))
		if res.NewIncidents != 1 || res.Grouped != 0 || res.Suggested != 2 {
			t.Errorf("a report two incidents could be: %+v", res)
		}
		var others []string
		for _, sg := range suggestions(t, g) {
			if sg.Incident == "between" {
				others = append(others, sg.Other)
			}
		}
		slices.Sort(others)
		if !slices.Equal(others, []string{"own1", "own2"}) {
			t.Errorf("suggestions of the ambiguous report: %v", others)
		}
	}
	// A deleted incident takes nothing.
	if e, ok := s.(store.Editor); ok {
		update(t, e, "far", "alice", setStatus(store.StatusDeleted))
		if res := ingest(t, s, Article("d1", near("far2", baghdad, 40.5))); res.NewIncidents != 1 || res.Grouped != 0 {
			t.Errorf("a report where a deleted incident was: %+v", res)
		}
	}
	// A town on the border joins the event on the border.
	b := Incident("border", "2024-03-01", border)
	b.GeoPrecision = 3
	ingest(t, s, Article("e1", b))
	onBorder := Incident("town", "2024-03-01", orb.Point{41.0, 34.0}) // on the line from (40.5, 35) to (41.5, 33)
	if res := ingest(t, s, Article("e2", onBorder)); res.Grouped != 1 || res.NewIncidents != 0 {
		t.Errorf("a town on the border: %+v", res)
	}
	if got := ids(t, s, store.Query{Bbox: &orb.Bound{Min: orb.Point{40, 33}, Max: orb.Point{42, 35}}}); !slices.Equal(got, []string{"border"}) {
		t.Errorf("on the border = %v", got)
	}
}

func suggestions(t *testing.T, g store.Suggester) []store.Suggestion {
	t.Helper()
	var out []store.Suggestion
	if err := g.Suggestions(context.Background(), func(s store.Suggestion) error {
		out = append(out, s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// testSuggestions: an uncertain pair becomes a suggestion; accepting it
// merges the later incident into the earlier in one step, dismissing it
// keeps both; a decided suggestion or one whose incident is gone cannot
// be decided again.
func testSuggestions(t *testing.T, s store.Store) {
	g, ok := s.(store.Suggester)
	if !ok {
		t.Skip("the store keeps no suggestions")
	}
	ctx := context.Background()
	ingest(t, s, Article("a1", near("s1", baghdad, 0)))
	res := ingest(t, s, Article("a2", near("s2", baghdad, 9)))
	if res.NewIncidents != 1 || res.Suggested != 1 || res.Grouped != 0 {
		t.Errorf("a report 9 km away: %+v", res)
	}
	got := suggestions(t, g)
	if len(got) != 1 || got[0].Incident != "s2" || got[0].Other != "s1" || got[0].State != store.SuggestionOpen ||
		got[0].Reason == "" || got[0].Score <= 0 || got[0].Created.IsZero() {
		t.Fatalf("suggestions = %+v", got)
	}
	first := got[0].ID
	dec, err := g.Decide(ctx, first, true, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if dec.State != store.SuggestionAccepted || dec.DecidedBy != "alice" || dec.Decided.IsZero() {
		t.Errorf("accepted = %+v", dec)
	}
	if s1, _ := s.Incident(ctx, "s1"); !slices.Equal(sourceIDs(s1), []string{"a1", "a2"}) {
		t.Errorf("s1 sources after accept = %v", sourceIDs(s1))
	}
	if m, ok := s.(store.Merger); ok {
		if into, err := m.MergedInto(ctx, "s2"); err != nil || into != "s1" {
			t.Errorf("s2 merged into %q, %v", into, err)
		}
	}
	if got := suggestions(t, g); len(got) != 0 {
		t.Errorf("open suggestions after accept = %+v", got)
	}
	if _, err := g.Decide(ctx, first, false, "bob"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("deciding twice: %v, want ErrInvalid", err)
	}
	if _, err := g.Decide(ctx, first+1000, true, "bob"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deciding a missing one: %v, want ErrNotFound", err)
	}

	// Dismissed: both stay.
	ingest(t, s, Article("a3", near("s3", baghdad, -9.5)))
	got = suggestions(t, g)
	if len(got) != 1 || got[0].Incident != "s3" || got[0].Other != "s1" {
		t.Fatalf("suggestions = %+v", got)
	}
	if dec, err := g.Decide(ctx, got[0].ID, false, "bob"); err != nil || dec.State != store.SuggestionDismissed {
		t.Errorf("dismiss: %+v %v", dec, err)
	}
	if got := ids(t, s, store.Query{}); !slices.Equal(got, []string{"s1", "s3"}) {
		t.Errorf("incidents after dismiss = %v", got)
	}

	// A suggestion whose incident an analyst merged away leaves the list
	// and cannot be accepted.
	ingest(t, s, Article("a4", near("s4", baghdad, 8.5)))
	got = suggestions(t, g)
	if len(got) != 1 || got[0].Incident != "s4" {
		t.Fatalf("suggestions = %+v", got)
	}
	m, ok := s.(store.Merger)
	if !ok {
		return
	}
	if _, err := m.MergeInto(ctx, "s3", []string{"s4"}, "carol", func(incident.Incident) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if left := suggestions(t, g); len(left) != 0 {
		t.Errorf("suggestions after a merge = %+v", left)
	}
	if _, err := g.Decide(ctx, got[0].ID, true, "bob"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("accepting a merged-away one: %v, want ErrInvalid", err)
	}
}
