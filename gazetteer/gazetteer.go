package gazetteer

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

//go:embed data/world.tsv.gz data/words.txt.gz
var embedded embed.FS

// Gazetteer is an immutable, indexed set of places. It is safe for
// concurrent use once built.
type Gazetteer struct {
	places    []*Place
	byID      map[string]int32
	countries map[string]*Place   // ISO alpha-2 -> country
	admin1    map[string]*Place   // admin1 code -> division
	airports  map[string][]*Place // folded city name -> airports serving it
	codes     map[string][]int32  // upper-case code value -> places
	apAbbrevs map[string][]int32  // folded AP state abbreviation ("pa", "nh") -> division
	continent map[string]string   // ISO alpha-2 -> the id of the continent holding the country's point
	capitals  map[string]*Place   // ISO alpha-2 -> the capital (GeoNames PPLC), the most populous if several
	seats     map[string]*Place   // admin1 code -> the division's seat (GeoNames PPLA or PPLC), the most populous if several
	largest   map[string][]*Place // ISO alpha-2 -> its most populous cities, biggest first (see largestCities)
	index     *nameIndex
	words     *wordLists
	// parts caches compass parts of regions ("northern Hama"): cutting a
	// polygon costs far more than tagging a sentence.
	parts sync.Map // "dir:id" -> *Place
	// borders caches the lines countries share ("SY-IQ" -> *Place, nil
	// for none).
	borders sync.Map
}

// Options says which gazetteer to build.
type Options struct {
	// SkipDefault leaves out the embedded world gazetteer.
	SkipDefault bool
	// Extra lists compact gazetteer files (as written by ImportGeoNames) loaded after
	// the default; a place with an id already present replaces it.
	Extra []string
}

// LoadDefault returns the embedded world gazetteer.
func LoadDefault() (*Gazetteer, error) { return Load(context.Background(), Options{}) }

// Load builds a gazetteer from the embedded default and the extra files.
func Load(ctx context.Context, opt Options) (*Gazetteer, error) {
	b := newBuilder()
	if !opt.SkipDefault {
		f, err := embedded.Open("data/world.tsv.gz")
		if err != nil {
			return nil, fmt.Errorf("open embedded gazetteer: %w", err)
		}
		err = b.readInto(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("load embedded gazetteer: %w", err)
		}
	}
	for _, path := range opt.Extra {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open gazetteer %s: %w", path, err)
		}
		err = b.readInto(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("load gazetteer %s: %w", path, err)
		}
	}
	return b.build()
}

// FromPlaces builds a gazetteer from places (tests, tools).
func FromPlaces(places []*Place) (*Gazetteer, error) {
	b := newBuilder()
	for _, p := range places {
		if err := b.add(p); err != nil {
			return nil, err
		}
	}
	return b.build()
}

// ReadCompact builds a gazetteer from one compact file alone.
func ReadCompact(r io.Reader) (*Gazetteer, error) {
	b := newBuilder()
	if err := b.readInto(r); err != nil {
		return nil, err
	}
	return b.build()
}

// builder collects places and indexes their names as they arrive, so that
// indexing overlaps reading.
type builder struct {
	places   []*Place
	byID     map[string]int32
	index    *nameIndex
	replaced bool // a place replaced another: the index must be rebuilt
}

func newBuilder() *builder {
	return &builder{byID: make(map[string]int32, 1<<18), index: newIndex(1 << 18)}
}

func (b *builder) add(p *Place) error {
	p.cosLat = math.Cos(p.Point[1] * math.Pi / 180)
	if i, ok := b.byID[p.ID]; ok {
		b.places[i] = p
		b.replaced = true
		return nil
	}
	i := int32(len(b.places))
	b.byID[p.ID] = i
	b.places = append(b.places, p)
	b.index.addPlace(i, p)
	return nil
}

// readInto reads a compact stream on another goroutine and adds its places
// here, so decompressing and parsing run beside indexing.
func (b *builder) readInto(r io.Reader) error {
	const batch = 512
	ch := make(chan []*Place, 8)
	errc := make(chan error, 1)
	go func() {
		defer close(ch)
		buf := make([]*Place, 0, batch)
		errc <- readCompact(r, func(p *Place) error {
			buf = append(buf, p)
			if len(buf) == batch {
				ch <- buf
				buf = make([]*Place, 0, batch)
			}
			return nil
		})
		if len(buf) > 0 {
			ch <- buf
		}
	}()
	for ps := range ch {
		for _, p := range ps {
			b.add(p)
		}
	}
	return <-errc
}

func (b *builder) build() (*Gazetteer, error) {
	g := &Gazetteer{
		places:    b.places,
		byID:      b.byID,
		countries: map[string]*Place{},
		admin1:    map[string]*Place{},
		capitals:  map[string]*Place{},
		seats:     map[string]*Place{},
		airports:  map[string][]*Place{},
		codes:     map[string][]int32{},
		apAbbrevs: map[string][]int32{},
	}
	words, err := loadWords()
	if err != nil {
		return nil, err
	}
	g.words = words
	for i, p := range g.places {
		for _, c := range p.Codes {
			if scheme, v, ok := strings.Cut(c, ":"); ok && v != "" {
				k := strings.ToUpper(v)
				g.codes[k] = append(g.codes[k], int32(i))
				if scheme == "ap" {
					n := strings.ReplaceAll(normalizeName(v), " ", "")
					g.apAbbrevs[n] = append(g.apAbbrevs[n], int32(i))
				}
			}
		}
		switch p.Kind {
		case KindCountry:
			g.countries[p.CountryCode] = p
		case KindAdmin1:
			g.admin1[p.Admin1] = p
		case KindCity:
			if c := g.capitals[p.CountryCode]; p.FeatureCode == "PPLC" && (c == nil || p.Population > c.Population) {
				g.capitals[p.CountryCode] = p
			}
			if c := g.seats[p.Admin1]; (p.FeatureCode == "PPLA" || p.FeatureCode == "PPLC") && p.Admin1 != "" && (c == nil || p.Population > c.Population) {
				g.seats[p.Admin1] = p
			}
		case KindAirport, KindAirbase:
			if p.City != "" {
				k := normalizeName(p.City)
				g.airports[k] = append(g.airports[k], p)
			}
		}
		if p.Shape != nil && (p.Point == [2]float64{} || !geo.Contains(p.Shape, p.Point)) {
			p.Point = geo.RepresentativePoint(p.Shape)
		}
	}
	g.continent = continentsOf(g.places)
	g.largest = largestCities(g.places)
	if b.replaced {
		g.index = buildIndex(g.places)
	} else {
		b.index.finish()
		g.index = b.index
	}
	return g, nil
}

// continentsOf maps each country to the continent whose polygon holds its
// representative point.
func continentsOf(places []*Place) map[string]string {
	// Each polygon of a continent with its bounds, so that a country's
	// point is tested against the few polygons around it: the continents'
	// outlines run to hundreds of thousands of vertices.
	type part struct {
		id string
		b  orb.Bound
		g  orb.Geometry
	}
	var parts []part
	for _, p := range places {
		if p.Kind != KindContinent || p.Shape == nil {
			continue
		}
		if mp, ok := p.Shape.(orb.MultiPolygon); ok {
			for _, pg := range mp {
				parts = append(parts, part{p.ID, pg.Bound(), pg})
			}
		} else {
			parts = append(parts, part{p.ID, p.Shape.Bound(), p.Shape})
		}
	}
	out := map[string]string{}
	for _, p := range places {
		if p.Kind != KindCountry {
			continue
		}
		for _, c := range parts {
			if c.b.Contains(p.Point) && geo.Contains(c.g, p.Point) {
				out[p.CountryCode] = c.id
				break
			}
		}
	}
	return out
}

// Len returns the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Place returns the place with the given id.
func (g *Gazetteer) Place(id string) (*Place, bool) {
	i, ok := g.byID[id]
	if !ok {
		return nil, false
	}
	return g.places[i], true
}

// Country returns the country with an ISO 3166-1 alpha-2 code.
func (g *Gazetteer) Country(cc string) (*Place, bool) {
	p, ok := g.countries[strings.ToUpper(cc)]
	return p, ok
}

// Capital returns a country's capital city (GeoNames' PPLC), the most
// populous when GeoNames lists several.
func (g *Gazetteer) Capital(cc string) (*Place, bool) {
	p, ok := g.capitals[cc]
	return p, ok
}

// LargestCity returns a country's rank-th most populous city, 1 for the
// largest: "Ukraine's second-largest city" is LargestCity("UA", 2).
// A rank GeoNames' populations leave in doubt (the next city within
// largestMargin of it, as Medellín and Cali are) gives no city.
func (g *Gazetteer) LargestCity(cc string, rank int) (*Place, bool) {
	cs := g.largest[cc]
	if rank < 1 || rank > len(cs) || rank > largestRanks {
		return nil, false
	}
	p := cs[rank-1]
	if rank < len(cs) && float64(p.Population) < largestMargin*float64(cs[rank].Population) {
		return nil, false
	}
	if rank > 1 && float64(cs[rank-2].Population) < largestMargin*float64(p.Population) {
		return nil, false
	}
	return p, true
}

// largestRanks is how many of a country's largest cities are kept, and
// largestApartKm how far apart two of them must stand: GeoNames files a
// great city's boroughs and suburbs as towns of their own ("Brooklyn"),
// which are no city of the country's ranking.
const (
	largestRanks   = 3
	largestApartKm = 40
	largestMargin  = 1.15
)

// largestCities ranks each country's populated places by population,
// leaving out sections of a city (GeoNames' PPLX) and places near a
// larger one.
func largestCities(places []*Place) map[string][]*Place {
	byCountry := map[string][]*Place{}
	for _, p := range places {
		if p.Kind == KindCity && p.Population >= 50_000 && p.CountryCode != "" && p.FeatureCode != "PPLX" {
			byCountry[p.CountryCode] = append(byCountry[p.CountryCode], p)
		}
	}
	out := make(map[string][]*Place, len(byCountry))
	for cc, cs := range byCountry {
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].Population != cs[j].Population {
				return cs[i].Population > cs[j].Population
			}
			return cs[i].ID < cs[j].ID
		})
		var top []*Place
		for _, c := range cs {
			near := false
			for _, t := range top {
				near = near || geo.DistanceKm(c.Point, t.Point) < largestApartKm
			}
			if !near {
				top = append(top, c)
				if len(top) == largestRanks+1 { // one more, for the margin
					break
				}
			}
		}
		out[cc] = top
	}
	return out
}

// Admin1 returns the first-level division with a code (ISO 3166-2 such as
// "IQ-AN", or GeoNames' "IQ.01" where ISO has none).
func (g *Gazetteer) Admin1(code string) (*Place, bool) {
	p, ok := g.admin1[strings.ToUpper(code)]
	return p, ok
}

// Countries returns every country, ordered by code.
func (g *Gazetteer) Countries() []*Place {
	out := make([]*Place, 0, len(g.countries))
	for _, p := range g.countries {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CountryCode < out[j].CountryCode })
	return out
}

// Each calls fn for every place in load order until fn returns false.
func (g *Gazetteer) Each(fn func(*Place) bool) {
	for _, p := range g.places {
		if !fn(p) {
			return
		}
	}
}

// wordLists are the ordinary English words and first names that tell a
// place from a word or a person.
type wordLists struct {
	common map[string]bool // folded familiar words
	dict   map[string]bool // folded dictionary words (common nouns, no proper names)
	first  map[string]bool // folded first names
}

func loadWords() (*wordLists, error) {
	b, err := embedded.ReadFile("data/words.txt.gz")
	if err != nil {
		return nil, fmt.Errorf("open word lists: %w", err)
	}
	w := &wordLists{common: map[string]bool{}, dict: make(map[string]bool, 1<<19), first: map[string]bool{}}
	err = readLines(bytes.NewReader(b), func(line string) {
		kind, word, ok := strings.Cut(line, "\t")
		if !ok {
			return
		}
		switch kind {
		case "common":
			w.common[normalizeName(word)] = true
		case "dict":
			w.dict[word] = true
		case "first":
			w.first[normalizeName(word)] = true
		}
	})
	return w, err
}
