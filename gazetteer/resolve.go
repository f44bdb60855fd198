package gazetteer

import (
	"math"
	"sort"
	"strings"
)

// resolve picks one place for each span. A first pass uses what each name
// says alone; the countries and divisions it settles, and the places it
// pins down, then weigh the ambiguous names in a second pass.
func (g *Gazetteer) resolve(toks []token, spans []span, hints map[string]float64) {
	g.containerHints(toks, spans)
	for i := range spans {
		g.score(&spans[i], nil)
	}
	ctx := g.buildContext(spans, hints)
	for i := range spans {
		g.score(&spans[i], ctx)
	}
	// A third pass lets the places fixed in the second pull the rest together.
	ctx = g.buildContext(spans, hints)
	for i := range spans {
		g.score(&spans[i], ctx)
	}
}

// containerHints reads "Paris, Texas", "Kirkuk, Iraq", "Rome, Ga.": a name
// followed by a comma and a division or country that contains one of its
// candidates. Both names gain: the place inside the container, and the
// container that holds one of the place's candidates.
func (g *Gazetteer) containerHints(toks []token, spans []span) {
	for i := 0; i+1 < len(spans); i++ {
		a, b := &spans[i], &spans[i+1]
		if !toks[a.last].commaAfter || b.first != a.last+1 || b.demonym || b.adjectival {
			continue
		}
		// "in Rome, U.S. Secretary of State Blinken": a capitalised word after
		// the second name means it starts a new phrase, not a container.
		if end := toks[b.last]; !end.sentenceEnd && !end.commaAfter && b.last+1 < len(toks) && toks[b.last+1].cap {
			continue
		}
		admin1s, countries := map[string]bool{}, map[string]bool{}
		for _, e := range b.entries {
			switch p := g.places[e.place]; p.Kind {
			case KindAdmin1:
				admin1s[p.Admin1] = true
			case KindCountry:
				countries[p.CountryCode] = true
			}
		}
		if len(admin1s) == 0 && len(countries) == 0 {
			continue
		}
		inA1, inCC := map[string]bool{}, map[string]bool{}
		for k, e := range a.entries {
			p := g.places[e.place]
			if p.Kind == KindCountry || p.Kind == KindContinent {
				continue
			}
			switch {
			case admin1s[p.Admin1] && p.Admin1 != "":
				a.addBonus(k, 6)
				inA1[p.Admin1] = true
			case countries[p.CountryCode]:
				a.addBonus(k, 4)
				inCC[p.CountryCode] = true
			}
		}
		for k, e := range b.entries {
			p := g.places[e.place]
			if (p.Kind == KindAdmin1 && inA1[p.Admin1]) || (p.Kind == KindCountry && inCC[p.CountryCode]) {
				b.addBonus(k, 3)
			}
		}
	}
}

func (sp *span) addBonus(k int, v float64) {
	if sp.bonus == nil {
		sp.bonus = make([]float64, len(sp.entries))
	}
	sp.bonus[k] += v
}

// Context weights: a place in a country the article is about gains ctxBase
// plus up to ctxCap for how much the article is about it. Tuned on
// GeoWebNews and LGL (make eval-geoparse).
var ctxBase, ctxCap = 2.0, 2.5

// Division weights: a place in a division other mentions lie in gains
// admin1Bonus; in a division the text names outright, namedAdmin1Bonus more.
var admin1Bonus, namedAdmin1Bonus = 1.5, 4.0

// articleContext is what an article's other mentions say about where it is.
type articleContext struct {
	countries map[string]float64 // country code -> weight
	admin1    map[string]float64
	named     map[string]float64 // divisions the text names outright ("Texas")
	points    []contextPoint
}

// proximityWindow is how many place mentions on each side of a name count
// for closeness.
const proximityWindow = 40

// windowAround returns the bounds of the points within w of a token index;
// points are in text order.
func windowAround(pts []contextPoint, tok, w int) (int, int) {
	i := sort.Search(len(pts), func(i int) bool { return pts[i].tok >= tok })
	return max(0, i-w), min(len(pts), i+w)
}

// maxProximityCandidates bounds the candidates of one name weighed for
// closeness ("Springfield" has dozens); the rest keep their prior.
const maxProximityCandidates = 64

// proximityBonus rewards a candidate near other places the text names. It
// uses an equirectangular approximation of distance, good to a few percent
// under 1,000 km, which is all closeness needs.
func proximityBonus(p, own [2]float64, pts []contextPoint) float64 {
	const degKm = 111.195
	cosLat := math.Cos(p[1] * math.Pi / 180)
	best := math.Inf(1)
	for _, cp := range pts {
		if cp.point == own { // the span's own current choice
			continue
		}
		x := (p[0] - cp.point[0]) * cosLat
		y := p[1] - cp.point[1]
		if d := x*x + y*y; d < best {
			best = d
		}
	}
	d := math.Sqrt(best) * degKm
	switch {
	case d < 50:
		return 1.5
	case d < 200:
		return 1
	case d < 800:
		return 0.3
	}
	return 0
}

type contextPoint struct {
	tok   int // first token of the span
	span  int
	point [2]float64
	w     float64
}

func (g *Gazetteer) buildContext(spans []span, hints map[string]float64) *articleContext {
	c := &articleContext{countries: map[string]float64{}, admin1: map[string]float64{}, named: map[string]float64{}}
	for cc, w := range hints {
		c.countries[cc] += w
	}
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
			if p.Kind == KindAdmin1 {
				c.named[p.Admin1] += w
			}
		}
		if p.Kind == KindCity || p.Kind == KindAdmin1 || p.Kind == KindAirport || p.Kind == KindAirbase {
			c.points = append(c.points, contextPoint{tok: sp.first, span: i, point: p.Point, w: w})
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
	// A division and its seat often share a name ("Deir ez-Zor"): the seat
	// is the more precise reading.
	divisions := map[string]bool{}
	if n > 1 {
		for _, e := range sp.entries {
			if p := g.places[e.place]; p.Kind == KindAdmin1 {
				divisions[p.Admin1] = true
			}
		}
	}
	for k, e := range sp.entries {
		p := g.places[e.place]
		s := prior(p, e.flags)
		if sp.bonus != nil {
			s += sp.bonus[k]
		}
		if p.Kind == KindCity && strings.HasPrefix(p.FeatureCode, "PPLA") && divisions[p.Admin1] {
			s += 2
		}
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
					s += admin1Bonus
				}
				// A division the text names outright is where the article is.
				if ctx.named[p.Admin1] > 0.2 {
					s += namedAdmin1Bonus
				}
			}
			if p.Kind == KindAdmin1 && n > 1 {
				// "Georgia" among Atlanta and Macon is the state.
				aw := ctx.admin1[p.Admin1]
				if p == own {
					aw -= sp.conf
				}
				if aw > 0.2 {
					s += admin1Bonus + namedAdmin1Bonus
				}
			}
			if p.Kind != KindCountry && n > 1 && k < maxProximityCandidates && len(ctx.points) > 0 {
				// The nearest mentions in the text speak for the place; a window
				// keeps long texts linear.
				lo, hi := windowAround(ctx.points, sp.first, proximityWindow)
				s += proximityBonus(p.Point, own.Point, ctx.points[lo:hi])
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
