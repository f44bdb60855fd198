package tiles

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

// synthetic returns n deterministic incidents in clusters around arbitrary
// synthetic centres (test data, not real places): 95% clustered with a
// skewed share per cluster, 5% spread over a wide box.
func synthetic(n int, seed uint64) []incident.Incident {
	rng := rand.New(rand.NewPCG(seed, 7))
	types := []struct{ typ, sub string }{
		{"Explosions/Remote violence", "Air/drone strike"},
		{"Explosions/Remote violence", "Shelling/artillery/missile attack"},
		{"Explosions/Remote violence", "Remote explosive/landmine/IED"},
		{"Battles", "Armed clash"},
		{"Violence against civilians", "Attack"},
		{"Protests", "Peaceful protest"},
		{"Riots", "Violent demonstration"},
		{"Strategic developments", "Looting/property destruction"},
	}
	type centre struct {
		p      orb.Point
		sigma  float64
		weight float64
	}
	cs := make([]centre, 300)
	total := 0.0
	for i := range cs {
		cs[i] = centre{
			p:      orb.Point{-20 + rng.Float64()*80, -10 + rng.Float64()*55},
			sigma:  0.02 + rng.Float64()*rng.Float64()*1.5,
			weight: 1 / float64(i+1),
		}
		total += cs[i].weight
	}
	cum := make([]float64, len(cs))
	acc := 0.0
	for i, c := range cs {
		acc += c.weight / total
		cum[i] = acc
	}
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]incident.Incident, n)
	for i := range out {
		var p orb.Point
		if rng.Float64() < 0.05 {
			p = orb.Point{-30 + rng.Float64()*120, -35 + rng.Float64()*95}
		} else {
			u := rng.Float64()
			k := 0
			for k < len(cum)-1 && cum[k] < u {
				k++
			}
			c := cs[k]
			p = orb.Point{c.p[0] + rng.NormFloat64()*c.sigma, c.p[1] + rng.NormFloat64()*c.sigma}
			p[1] = math.Max(-80, math.Min(80, p[1]))
		}
		t := types[rng.IntN(len(types))]
		inc := incident.Incident{
			ID:            fmt.Sprintf("%016x", rng.Uint64()),
			EventDate:     start.AddDate(0, 0, rng.IntN(3650)),
			TimePrecision: 1 + rng.IntN(3),
			EventType:     t.typ,
			SubEventType:  t.sub,
			Location:      fmt.Sprintf("Place %d", rng.IntN(5000)),
			Geometry:      p,
			Point:         p,
			GeoPrecision:  1 + rng.IntN(3),
		}
		if rng.Float64() < 0.6 {
			f := int(rng.ExpFloat64() * 3)
			inc.Fatalities = &f
		}
		out[i] = inc
	}
	return out
}

// iterOf adapts a slice to BuildIndex.
func iterOf(incs []incident.Incident) func(fn func(*incident.Incident) error) error {
	return func(fn func(*incident.Incident) error) error {
		for i := range incs {
			if err := fn(&incs[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

func mustIndex(incs []incident.Incident) *Index {
	ix, err := BuildIndex(context.Background(), iterOf(incs))
	if err != nil {
		panic(err)
	}
	return ix
}
