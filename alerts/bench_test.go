package alerts

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
)

// BenchmarkRaise matches one change against 1,000 subscriptions (boxes
// around the Middle East, a fifth with a type, a fifth with a toll), the
// worker's work for each change an ingest queues.
func BenchmarkRaise(b *testing.B) {
	var ms []matcher
	for i := range 1000 {
		lon, lat := 30+float64(i%30), 20+float64(i/30%20)
		box := orb.Bound{Min: orb.Point{lon, lat}, Max: orb.Point{lon + 2, lat + 2}}
		sub := store.Subscription{ID: int64(i + 1), Bbox: &box, URL: "https://hooks.example/x"}
		switch i % 5 {
		case 1:
			sub.Types = []string{"Air/drone strike"}
		case 2:
			sub.MinFatalities = 3
		}
		ms = append(ms, compile(sub, nil))
	}
	in := storetest.Incident("i1", "2024-03-02", baghdad)
	f := 4
	in.Fatalities = &f
	c := store.Change{Seq: 10, Action: store.ActionExtract, IncidentID: "i1", ArticleID: "a1", At: time.Now(),
		After: json.RawMessage(feature.Append(nil, &in))}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		as, err := raise(c, ms, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		n = len(as)
	}
	b.ReportMetric(float64(n), "alerts/op")
	if n == 0 {
		b.Fatal(fmt.Sprintf("no subscription matched %v", in.Point))
	}
}
