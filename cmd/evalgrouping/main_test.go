package main

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// A CSV in ACLED's 2018 layout, in the project's own words.
const sample = `data_id,event_date,time_precision,event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,latitude,longitude,geo_precision,notes
1,5-Feb-18,1,Remote violence,Air Force of Ruritania,,Civilians (Ruritania),,34.0,40.0,1,"Jets bombed the market of Alpha, killing two."
2,05-Feb-18,1,Battle-No change of territory,Rebels of Beta,,Army of Ruritania,,34.05,40.0,1,Rebels and soldiers fought at Beta.
3,6-Feb-18,2,Riots/Protests,Protesters,,,,34.0,40.0,1,People marched in Alpha.
4,6-Feb-18,1,Violence against civilians,,,,,34.0,40.0,2,
`

func TestReadEvents(t *testing.T) {
	evs, err := readEvents(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2 (no protests, no event without a note)", len(evs))
	}
	e := evs[0].in
	if e.ID != "1" || !e.EventDate.Equal(time.Date(2018, 2, 5, 0, 0, 0, 0, time.UTC)) || e.EventType != "Explosions/Remote violence" ||
		e.SubEventType != "" || e.Point != (orb.Point{40, 34}) || e.GeoPrecision != 1 || e.Actor2 != "Civilians (Ruritania)" {
		t.Errorf("event 1 = %+v", e)
	}
	if b := evs[1].in; b.EventType != "Battles" || b.SubEventType != incident.SubArmedClash {
		t.Errorf("event 2 = %+v", b)
	}
	if _, err := readEvents(strings.NewReader("data_id,notes\n1,x\n")); err == nil {
		t.Error("a CSV without ACLED's columns: no error")
	}
}

func TestScore(t *testing.T) {
	day := time.Date(2018, 2, 5, 0, 0, 0, 0, time.UTC)
	ev := func(id string, p orb.Point, note string) event {
		return event{in: incident.Incident{ID: id, EventDate: day, TimePrecision: 1, EventType: "Battles",
			SubEventType: incident.SubArmedClash, Geometry: p, Point: p, GeoPrecision: 1}, note: note}
	}
	a := orb.Point{40, 34}
	events := []event{
		ev("a", a, "note a"),
		ev("b", geo.Destination(a, 90, 30), "note b"),  // far from a: a negative pair, Distinct
		ev("c", geo.Destination(a, 0, 200), "note c"),  // not near: no pair
		ev("d", geo.Destination(a, 180, 1), "note d"),  // 1 km from a: a hard negative
		ev("e", geo.Destination(a, 180, 90), "note e"), // nobody near, found nothing
	}
	rep := func(e event, km float64) *incident.Incident {
		x := e.in
		x.Point = geo.Destination(x.Point, 90, km)
		x.Geometry = x.Point
		return &x
	}
	// a's report lies between a and d: ambiguous at ingest; b's report
	// joins b; c's is 40 km off: Distinct from its own event.
	reports := []*incident.Incident{rep(events[0], 0.5), rep(events[1], 1), rep(events[2], 40), nil, nil}
	r := score(events, reports, store.MatchReports)
	if r.Reports != 3 || r.Positive.Pairs != 3 || r.Positive.Same != 2 {
		t.Errorf("positives %+v of %d reports", r.Positive, r.Reports)
	}
	// a's report against b and d, b's against a and d: four negative pairs,
	// one of them Same (a's report and d).
	if r.Negative.Pairs != 4 || r.Negative.Same != 1 || r.HardNegative.Pairs != 1 {
		t.Errorf("negatives %+v, hard %+v", r.Negative, r.HardNegative)
	}
	if r.IngestRight != 1 || r.IngestWrong != 0 || r.IngestNew != 2 || r.IngestAmbiguous != 1 {
		t.Errorf("ingest right %d wrong %d new %d ambiguous %d", r.IngestRight, r.IngestWrong, r.IngestNew, r.IngestAmbiguous)
	}
	if r.IngestPrecision != 1 || r.IngestRecall != 1.0/3 || r.PairPrecision != 2.0/3 || r.PairRecall != 2.0/3 {
		t.Errorf("precision/recall: ingest %v %v, pairs %v %v", r.IngestPrecision, r.IngestRecall, r.PairPrecision, r.PairRecall)
	}
}
