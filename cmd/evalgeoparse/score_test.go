package main

import (
	"math"
	"testing"
)

func g(start, end int) goldToponym { return goldToponym{span: span{start, end}} }

func gp(start, end int, lat, lon float64) goldToponym {
	return goldToponym{span: span{start, end}, hasPoint: true, lat: lat, lon: lon}
}

func ign(start, end int) goldToponym { return goldToponym{span: span{start, end}, ignore: true} }

func p(start, end int) prediction { return prediction{span: span{start, end}} }

func pp(start, end int, lat, lon float64) prediction {
	return prediction{span: span{start, end}, hasPoint: true, lat: lat, lon: lon}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name string
		gold []goldToponym
		pred []prediction
		want []pair
	}{
		{"exact", []goldToponym{g(0, 5), g(10, 15)}, []prediction{p(10, 15), p(0, 5)}, []pair{{0, 1}, {1, 0}}},
		{"adjacent spans do not overlap", []goldToponym{g(0, 5)}, []prediction{p(5, 9)}, nil},
		{"partial overlap matches", []goldToponym{g(0, 13)}, []prediction{p(4, 8)}, []pair{{0, 0}}},
		// "New York City" predicted as "New" + "York City": the larger overlap wins.
		{"two predictions one gold", []goldToponym{g(0, 13)}, []prediction{p(0, 3), p(4, 13)}, []pair{{0, 1}}},
		// "Paris, Texas" gold as two toponyms, predicted as one span.
		{"one prediction two gold", []goldToponym{g(0, 5), g(7, 12)}, []prediction{p(0, 12)}, []pair{{0, 0}}},
		{"greedy by largest overlap", []goldToponym{g(0, 10), g(10, 14)}, []prediction{p(8, 14), p(0, 9)}, []pair{{0, 1}, {1, 0}}},
		{"ignored gold never matches", []goldToponym{ign(0, 5)}, []prediction{p(0, 5)}, nil},
		{"scored gold wins over ignored", []goldToponym{ign(0, 9), g(4, 9)}, []prediction{p(0, 9)}, []pair{{1, 0}}},
		{"empty", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := match(tt.gold, tt.pred)
			if len(got) != len(tt.want) {
				t.Fatalf("match = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("match = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	ln := math.Log
	tests := []struct {
		name             string
		kms              []float64
		acc, median, auc float64
		within           int
	}{
		{"zero and max", []float64{0, 20038}, 0.5, 10019, 0.5, 1},
		{"odd count", []float64{200, 0, 100}, 2.0 / 3, 100, (ln(101) + ln(201)) / (3 * ln(20039)), 2},
		{"161 is within", []float64{161, 162}, 0.5, 161.5, (ln(162) + ln(163)) / (2 * ln(20039)), 1},
		{"e minus one", []float64{math.E - 1}, 1, math.E - 1, 1 / ln(20039), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc, med, auc, within := summarize(tt.kms)
			if !near(float64(acc), tt.acc) || !near(float64(med), tt.median) || !near(float64(auc), tt.auc) || within != tt.within {
				t.Errorf("summarize(%v) = %v, %v, %v, %d; want %v, %v, %v, %d",
					tt.kms, acc, med, auc, within, tt.acc, tt.median, tt.auc, tt.within)
			}
		})
	}
	if acc, med, auc, _ := summarize(nil); !math.IsNaN(float64(acc)) || !math.IsNaN(float64(med)) || !math.IsNaN(float64(auc)) {
		t.Errorf("summarize(nil) = %v, %v, %v; want NaN", acc, med, auc)
	}
}

func TestHaversine(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		{"same point", 45, 4, 45, 4, 0},
		{"one degree on the equator", 0, 0, 0, 1, 6371 * math.Pi / 180},
		{"antipodes", 0, 0, 0, 180, 6371 * math.Pi},
		{"pole to pole", 90, 0, -90, 0, 6371 * math.Pi},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 6371 * math.Pi / 180},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := haversineKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2); math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("haversineKm = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestScore(t *testing.T) {
	oneDeg := 6371 * math.Pi / 180 // km per degree of a great circle
	docs := []doc{
		{
			id: "a",
			gold: []goldToponym{
				gp(0, 5, 0, 0),   // matched exactly: 0 km
				gp(10, 15, 0, 0), // matched 1 degree off: 111 km
				ign(20, 25),      // nonLocational: prediction on it is not a false positive
				g(30, 35),        // no coordinates: recognition only, missed
			},
			pred: []prediction{pp(0, 5, 0, 0), pp(11, 14, 0, 1), p(21, 23), p(40, 45)},
		},
		{
			id: "b",
			gold: []goldToponym{
				gp(0, 4, 0, 0),   // matched 2 degrees off: 222 km
				gp(5, 9, 0, 0),   // matched without geometry: scored as the maximal error
				gp(10, 14, 0, 0), // missed
			},
			pred: []prediction{pp(0, 4, 2, 0), p(5, 9)},
		},
	}
	m, d := score(docs)
	wantInts := map[string][2]int{
		"articles": {m.Articles, 2}, "gold": {m.Gold, 6}, "ignored": {m.Ignored, 1},
		"predicted": {m.Predicted, 5}, "matched": {m.Matched, 4},
		"gold with coords": {m.GoldWithCoords, 5}, "resolved": {m.Resolved, 4}, "unresolved": {m.Unresolved, 1},
		"missed": {len(d.missed), 2}, "spurious": {len(d.spurious), 1},
	}
	for name, v := range wantInts {
		if v[0] != v[1] {
			t.Errorf("%s = %d, want %d", name, v[0], v[1])
		}
	}
	ln := math.Log
	wantFloats := map[string][2]float64{
		"precision": {float64(m.Precision), 4.0 / 5},
		"recall":    {float64(m.Recall), 4.0 / 6},
		"f1":        {float64(m.F1), 2 * 4.0 / (5 + 6)},
		"acc@161":   {float64(m.Acc161), 2.0 / 4},
		"median":    {float64(m.MedianKm), (oneDeg + 2*oneDeg) / 2},
		"auc":       {float64(m.AUC), (0 + ln(1+oneDeg) + ln(1+2*oneDeg) + ln(20039)) / (4 * ln(20039))},
		"e2e":       {float64(m.E2EAcc161), 2.0 / 5},
	}
	for name, v := range wantFloats {
		if !near(v[0], v[1]) {
			t.Errorf("%s = %v, want %v", name, v[0], v[1])
		}
	}
}

func TestScoreEmpty(t *testing.T) {
	m, _ := score([]doc{{id: "x"}})
	for name, r := range map[string]ratio{"P": m.Precision, "R": m.Recall, "F1": m.F1, "acc": m.Acc161, "e2e": m.E2EAcc161} {
		if !math.IsNaN(float64(r)) {
			t.Errorf("%s = %v, want NaN", name, r)
		}
	}
	if b, _ := m.Precision.MarshalJSON(); string(b) != "null" {
		t.Errorf("NaN marshals as %s, want null", b)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

func BenchmarkMatch(b *testing.B) {
	var gold []goldToponym
	var pred []prediction
	for i := range 200 {
		gold = append(gold, g(i*10, i*10+6))
		pred = append(pred, p(i*10+2, i*10+8))
	}
	b.ReportAllocs()
	for b.Loop() {
		match(gold, pred)
	}
}
