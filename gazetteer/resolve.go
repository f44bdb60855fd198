package gazetteer

import (
	"math"

	"github.com/incidentmap/incidentmap/geo"
)

// resolve picks one place for each span. A first pass uses what each name
// says alone; the countries and divisions it settles, and the places it
// pins down, then weigh the ambiguous names in a second pass.
func (g *Gazetteer) resolve(toks []token, spans []span) {
	for i := range spans {
		g.score(&spans[i], nil)
	}
	ctx := g.buildContext(spans)
	for i := range spans {
		g.score(&spans[i], ctx)
	}
	// A third pass lets the places fixed in the second pull the rest together.
	ctx = g.buildContext(spans)
	for i := range spans {
		g.score(&spans[i], ctx)
	}
}

// Context weights: a place in a country the article is about gains ctxBase
// plus up to ctxCap for how much the article is about it. Tuned on
// GeoWebNews and LGL (make eval-geoparse).
var ctxBase, ctxCap = 2.0, 2.5

// articleContext is what an article's other mentions say about where it is.
type articleContext struct {
	countries map[string]float64 // country code -> weight
	admin1    map[string]float64
	points    []contextPoint
}

type contextPoint struct {
	span  int
	point [2]float64
	w     float64
}

func (g *Gazetteer) buildContext(spans []span) *articleContext {
	c := &articleContext{countries: map[string]float64{}, admin1: map[string]float64{}}
	for i := range spans {
		sp := &spans[i]
		if len(sp.entries) == 0 {
			continue
		}
		p := g.places[sp.entries[sp.best].place]
		w := sp.conf
		if p.Kind == KindCountry {
			w *= 1.5
		}
		if p.CountryCode != "" {
			c.countries[p.CountryCode] += w
		}
		if p.Admin1 != "" && p.Kind != KindCountry {
			c.admin1[p.Admin1] += w
		}
		if p.Kind == KindCity || p.Kind == KindAdmin1 || p.Kind == KindAirport || p.Kind == KindAirbase {
			c.points = append(c.points, contextPoint{span: i, point: p.Point, w: w})
		}
	}
	return c
}

func (g *Gazetteer) score(sp *span, ctx *articleContext) {
	n := len(sp.entries)
	if cap(sp.scores) < n {
		sp.scores = make([]float64, n)
	}
	sp.scores = sp.scores[:n]
	own := g.places[sp.entries[sp.best].place]
	for k, e := range sp.entries {
		p := g.places[e.place]
		s := prior(p, e.flags)
		if ctx != nil {
			cw := ctx.countries[p.CountryCode]
			if p == own && p.CountryCode != "" {
				cw -= sp.conf // a name does not vouch for itself
				if p.Kind == KindCountry {
					cw -= sp.conf * 0.5
				}
			}
			if cw > 0 {
				s += ctxBase + math.Min(cw, ctxCap)
			}
			if p.Admin1 != "" && p.Kind != KindAdmin1 {
				aw := ctx.admin1[p.Admin1]
				if p == own {
					aw -= sp.conf
				}
				if aw > 0.2 {
					s += 1.5
				}
			}
			if p.Kind != KindCountry && len(ctx.points) > 0 {
				near := math.Inf(1)
				for _, cp := range ctx.points {
					if cp.point == own.Point { // the span's own current choice
						continue
					}
					if d := geo.DistanceKm(p.Point, cp.point); d < near {
						near = d
					}
				}
				switch {
				case near < 50:
					s += 1.5
				case near < 200:
					s += 1
				case near < 800:
					s += 0.3
				}
			}
		}
		sp.scores[k] = s
	}
	best := 0
	for k := range sp.scores {
		if sp.scores[k] > sp.scores[best] {
			best = k
		}
	}
	sp.best = best
	// Confidence: the chosen place's share against its rivals, lowered for
	// loose matches.
	var z float64
	for k := range sp.scores {
		z += math.Exp(sp.scores[k] - sp.scores[best])
	}
	conf := 1 / z
	f := sp.entries[best].flags
	if f&entrySkeleton != 0 {
		conf *= 0.7
	}
	if f&entryStripped != 0 {
		conf *= 0.95
	}
	sp.conf = math.Max(0.05, math.Min(1, conf))
}
