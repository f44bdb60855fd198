package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// Config shapes the synthetic data set.
type Config struct {
	N          int    // incidents
	Seed       uint64 // the same seed gives the same data
	PerArticle int    // incidents per article
	Countries  int    // countries drawn
	Clusters   int    // cluster centres
}

// cluster is one hot spot: a populated place, a spread, a period of
// activity with bursts, and its share of the incidents.
type cluster struct {
	place    *gazetteer.Place
	sigmaKm  float64
	start    time.Time
	days     int
	bursts   []int // day offsets of bursts
	size     int
	borders  []*gazetteer.Place
	region   *gazetteer.Place
	actorTag int
}

// Generator produces the articles of a synthetic data set.
type Generator struct {
	cfg       Config
	r         *rand.Rand
	countries []*gazetteer.Place
	clusters  []*cluster
}

// eventTypes is ACLED's mix of event and sub-event types, with weights
// near ACLED's global shares.
var eventTypes = []struct {
	typ, sub string
	w        float64
}{
	{"Battles", "Armed clash", 18},
	{"Battles", "Government regains territory", 1},
	{"Battles", "Non-state actor overtakes territory", 1},
	{"Explosions/Remote violence", "Shelling/artillery/missile attack", 14},
	{"Explosions/Remote violence", "Air/drone strike", 9},
	{"Explosions/Remote violence", "Remote explosive/landmine/IED", 4},
	{"Explosions/Remote violence", "Grenade", 1},
	{"Violence against civilians", "Attack", 12},
	{"Violence against civilians", "Abduction/forced disappearance", 3},
	{"Protests", "Peaceful protest", 22},
	{"Protests", "Protest with intervention", 2},
	{"Riots", "Violent demonstration", 4},
	{"Riots", "Mob violence", 3},
	{"Strategic developments", "Looting/property destruction", 2},
	{"Strategic developments", "Arrests", 2},
	{"Strategic developments", "Other", 2},
}

var (
	epoch   = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	allDays = int(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
)

// NewGenerator picks the countries and clusters of cfg from gaz.
func NewGenerator(gaz *gazetteer.Gazetteer, cfg Config) (*Generator, error) {
	g := &Generator{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, 0x1ce))}
	// Populated places by country.
	cities := map[string][]*gazetteer.Place{}
	pop := map[string]float64{}
	gaz.Each(func(p *gazetteer.Place) bool {
		if p.Kind == gazetteer.KindCity && p.Population > 0 && p.CountryCode != "" {
			cities[p.CountryCode] = append(cities[p.CountryCode], p)
			pop[p.CountryCode] += float64(p.Population)
		}
		return true
	})
	// Countries drawn without replacement, weighted by the square root of
	// their city population, so a few large ones do not take every draw.
	var ccs []string
	for cc := range cities {
		if c, ok := gaz.Country(cc); ok && c.Shape != nil && len(cities[cc]) >= 5 {
			ccs = append(ccs, cc)
		}
	}
	sort.Strings(ccs)
	for len(g.countries) < cfg.Countries && len(ccs) > 0 {
		w := make([]float64, len(ccs))
		for i, cc := range ccs {
			w[i] = math.Sqrt(pop[cc])
		}
		i := pick(g.r, w)
		c, _ := gaz.Country(ccs[i])
		g.countries = append(g.countries, c)
		ccs = append(ccs[:i], ccs[i+1:]...)
	}
	if len(g.countries) == 0 {
		return nil, fmt.Errorf("no countries with populated places in the gazetteer")
	}
	// Each country's conflict intensity is Zipf by draw order; its places
	// are weighted by population.
	cw := make([]float64, len(g.countries))
	for i := range cw {
		cw[i] = 1 / math.Pow(float64(i+1), 0.8)
	}
	borders := map[string][]*gazetteer.Place{}
	for _, a := range g.countries {
		for _, b := range gaz.Countries() {
			if a == b || b.Shape == nil || !a.Shape.Bound().Intersects(b.Shape.Bound()) {
				continue
			}
			if line := gaz.Border(a.CountryCode, b.CountryCode); line != nil {
				borders[a.CountryCode] = append(borders[a.CountryCode], line)
			}
		}
	}
	// Zipf cluster sizes summing to N.
	sizes := make([]float64, cfg.Clusters)
	var total float64
	for i := range sizes {
		sizes[i] = 1 / math.Pow(float64(i+1), 1.07)
		total += sizes[i]
	}
	left := cfg.N
	for i := range sizes {
		c := g.newCluster(gaz, cities, borders, cw)
		c.size = int(math.Round(sizes[i] / total * float64(cfg.N)))
		if i == len(sizes)-1 || c.size > left {
			c.size = left
		}
		left -= c.size
		if c.size > 0 {
			g.clusters = append(g.clusters, c)
		}
	}
	return g, nil
}

func (g *Generator) newCluster(gaz *gazetteer.Gazetteer, cities map[string][]*gazetteer.Place,
	borders map[string][]*gazetteer.Place, cw []float64) *cluster {
	country := g.countries[pick(g.r, cw)]
	places := cities[country.CountryCode]
	pw := make([]float64, len(places))
	for i, p := range places {
		pw[i] = float64(p.Population)
	}
	p := places[pick(g.r, pw)]
	c := &cluster{place: p, sigmaKm: 2 + 28*g.r.Float64()*g.r.Float64(), actorTag: g.r.IntN(60)}
	// Active for a few months to the whole decade.
	c.days = 60 + g.r.IntN(allDays-60)
	c.start = epoch.AddDate(0, 0, g.r.IntN(allDays-c.days+1))
	for range 1 + g.r.IntN(6) {
		c.bursts = append(c.bursts, g.r.IntN(c.days))
	}
	c.borders = borders[country.CountryCode]
	if p.Admin1 != "" {
		if r, ok := gaz.Admin1(p.Admin1); ok && r.Shape != nil {
			c.region = r
		}
	}
	return c
}

// CountryCodes lists the countries drawn.
func (g *Generator) CountryCodes() []string {
	var out []string
	for _, c := range g.countries {
		out = append(out, c.CountryCode)
	}
	return out
}

// Articles calls fn with each synthetic article in turn. About one
// incident in a hundred is a later report of an earlier one, so ingest
// merges too.
func (g *Generator) Articles(fn func(store.ArticleRecord) error) error {
	// Incidents interleave the clusters at random, as news arrives.
	order := make([]int32, 0, g.cfg.N)
	for i, c := range g.clusters {
		for range c.size {
			order = append(order, int32(i))
		}
	}
	g.r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	var rec store.ArticleRecord
	var recent []incident.Incident
	n := 0
	flush := func() error {
		if len(rec.Incidents) == 0 {
			return nil
		}
		err := fn(rec)
		rec = store.ArticleRecord{}
		return err
	}
	for k, ci := range order {
		if len(rec.Incidents) == 0 {
			id := fmt.Sprintf("bench-%d-%06d", g.cfg.Seed, n)
			n++
			rec.Article = incident.Article{
				ID: id, Title: "Synthetic report " + id, Body: "Synthetic article for benchmarks.",
				URL: "https://bench.example/" + id, Source: "Bench Wire",
				Published: epoch.AddDate(0, 0, g.r.IntN(allDays)).Add(time.Duration(g.r.IntN(86400)) * time.Second),
			}
		}
		if len(recent) > 0 && g.r.IntN(100) == 0 {
			// A second report of an incident already stored.
			again := recent[g.r.IntN(len(recent))]
			again.Confidence = g.r.Float64()
			rec.Incidents = append(rec.Incidents, again)
		}
		in := g.incident(g.clusters[ci], k)
		rec.Incidents = append(rec.Incidents, in)
		if len(recent) < 4096 {
			recent = append(recent, in)
		} else {
			recent[g.r.IntN(len(recent))] = in
		}
		if len(rec.Incidents) >= g.cfg.PerArticle {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// incident draws the k-th incident, from cluster c.
func (g *Generator) incident(c *cluster, k int) incident.Incident {
	r := g.r
	// When: a burst (a few days' spread) or anywhere in the active period.
	day := r.IntN(c.days)
	if r.IntN(3) == 0 {
		day = c.bursts[r.IntN(len(c.bursts))] + int(r.NormFloat64()*4)
		day = min(max(day, 0), c.days-1)
	}
	date := c.start.AddDate(0, 0, day)
	t := eventTypes[pickType(r)]
	in := incident.Incident{
		ID: fmt.Sprintf("bench-%d-%08d", g.cfg.Seed, k), EventDate: date, TimePrecision: 1 + r.IntN(3)/2,
		EventType: t.typ, SubEventType: t.sub,
		Actor1:   fmt.Sprintf("Armed Group %d of %s", (c.actorTag+r.IntN(4))%60, c.place.CountryCode),
		Location: c.place.Name, PlaceID: c.place.ID, CountryCode: c.place.CountryCode, Admin1: c.place.Admin1,
		GeoPrecision: 1, Confidence: 0.3 + 0.7*r.Float64(),
		Notes: fmt.Sprintf("Synthetic %s near %s.", t.sub, c.place.Name),
	}
	if r.IntN(2) == 0 {
		in.Actor2 = "Civilians (" + c.place.CountryCode + ")"
	}
	if r.IntN(10) == 0 {
		in.AssocActors = []string{fmt.Sprintf("Militia %d", r.IntN(200))}
	}
	// Fatalities: unknown for a third, else heavy-tailed.
	if r.IntN(3) != 0 {
		// exp(x)-1 lies above -1: truncated, a count from 0 up, never -1.
		f := int(math.Exp(r.NormFloat64()*1.3) - 1)
		in.Fatalities = &f
	}
	if r.IntN(5) == 0 {
		inj := int(math.Exp(r.NormFloat64() * 1.5))
		in.Injuries = &inj
	}
	// Where: mostly a point spread around the place; a few border lines
	// and region polygons.
	switch x := r.IntN(100); {
	case x < 2 && len(c.borders) > 0:
		b := c.borders[r.IntN(len(c.borders))]
		in.Geometry, in.Point, in.GeoPrecision = b.Shape, b.Point, 3
		in.Location, in.PlaceID = b.Name, b.ID
	case x < 4 && c.region != nil:
		in.Geometry, in.Point, in.GeoPrecision = c.region.Shape, c.region.Point, 3
		in.Location, in.PlaceID = c.region.Name, c.region.ID
	default:
		lat := c.place.Lat() + r.NormFloat64()*c.sigmaKm/111.32
		lon := c.place.Lon() + r.NormFloat64()*c.sigmaKm/(111.32*math.Max(0.1, math.Cos(lat*math.Pi/180)))
		lat = math.Round(min(max(lat, -89.9), 89.9)*1e5) / 1e5
		lon = math.Round(min(max(lon, -179.9), 179.9)*1e5) / 1e5
		in.Point = orb.Point{lon, lat}
		in.Geometry = in.Point
		if r.IntN(4) == 0 {
			in.GeoPrecision = 2
		}
	}
	return in
}

var typeWeights = func() []float64 {
	w := make([]float64, len(eventTypes))
	for i, t := range eventTypes {
		w[i] = t.w
	}
	return w
}()

func pickType(r *rand.Rand) int { return pick(r, typeWeights) }

// pick draws an index with probability proportional to w.
func pick(r *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	x := r.Float64() * sum
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}
