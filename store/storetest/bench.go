package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// Cluster centres of the synthetic data, spread like conflict data in the
// Middle East: dense around a few cities, sparse between.
var clusters = []orb.Point{
	{44.37, 33.31}, {44.01, 36.19}, {43.13, 36.34}, {36.29, 33.51}, {37.16, 36.20}, {38.99, 35.95},
	{40.14, 35.33}, {35.50, 33.89}, {34.47, 31.50}, {43.68, 33.42}, {47.80, 30.51}, {45.43, 35.56},
}

var types = [][2]string{
	{"Explosions/Remote violence", "Air/drone strike"},
	{"Explosions/Remote violence", "Shelling/artillery/missile attack"},
	{"Explosions/Remote violence", "Remote explosive/landmine/IED"},
	{"Battles", "Armed clash"},
}

// Synthetic returns articles holding n incidents in all, perArticle each,
// clustered in space, spread over three years; the same for the same seed.
func Synthetic(n, perArticle int, seed uint64) []store.ArticleRecord {
	r := rand.New(rand.NewPCG(seed, 7))
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []store.ArticleRecord
	for i := 0; i < n; i++ {
		if i%perArticle == 0 {
			out = append(out, Article(fmt.Sprintf("syn-%d-%07d", seed, i/perArticle)))
		}
		c := clusters[r.IntN(len(clusters))]
		spread := 0.05 + 0.4*r.Float64()*r.Float64()
		p := orb.Point{c[0] + r.NormFloat64()*spread, c[1] + r.NormFloat64()*spread}
		ty := types[r.IntN(len(types))]
		in := Incident(fmt.Sprintf("syn-%d-%08d", seed, i), start.AddDate(0, 0, r.IntN(3*365)).Format(time.DateOnly), p)
		in.EventType, in.SubEventType = ty[0], ty[1]
		in.Actor1 = fmt.Sprintf("Armed Group %d", r.IntN(40))
		in.Notes = "Synthetic incident for benchmarks."
		in.Confidence = 0.3 + 0.7*r.Float64()
		if r.IntN(3) == 0 {
			in.Fatalities = intp(r.IntN(20))
		}
		a := &out[len(out)-1]
		a.Incidents = append(a.Incidents, in)
	}
	return out
}

// Load ingests recs into s.
func Load(tb testing.TB, s store.Store, recs []store.ArticleRecord) {
	tb.Helper()
	for _, r := range recs {
		if _, err := s.Ingest(context.Background(), r); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchIngest measures ingest throughput: articles of three incidents each,
// one transaction per article.
func BenchIngest(b *testing.B, s store.Store) {
	recs := Synthetic(3*b.N, 3, uint64(time.Now().UnixNano()))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := s.Ingest(context.Background(), recs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
}
