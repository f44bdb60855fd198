package gazetteer

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// pending is a mention under construction, still tied to its tokens.
type pending struct {
	first, last int
	sp          *span
	place       *Place
	demonym     bool
	embedded    bool
	precision   int
	modifier    string
	conf        float64
	drop        bool
	// noPart: a compass word before the expression places it in its
	// country ("the southern province of A"), no part of it.
	noPart bool
}

// expressionsInto turns resolved spans into mentions and applies the spatial
// expressions around them: "X airport", "X province", "the X-Y border",
// "northern X", "20 km north of X", "near X".
//
// The spans are read into buf[:0]; it returns the mentions and that array.
func (g *Gazetteer) expressionsInto(buf []pending, text string, toks []token, spans []span) ([]Mention, []pending) {
	ps := slices.Grow(buf[:0], len(spans))
	for i := range spans {
		sp := &spans[i]
		p := g.places[sp.entries[sp.best].place]
		ps = append(ps, pending{first: sp.first, last: sp.last, sp: sp, place: p,
			demonym: sp.demonym || sp.adjectival, embedded: sp.embedded, precision: basePrecision(p), conf: sp.conf})
	}
	for i := range ps {
		m := &ps[i]
		if m.drop {
			continue
		}
		g.airportExpr(toks, m)
		g.divisionExpr(toks, m)
		if i+1 < len(ps) {
			g.hyphenBorderExpr(toks, m, &ps[i+1])
		}
		if m.drop {
			continue
		}
		g.betweenBorderExpr(toks, ps, i)
		if g.countrysideExpr(toks, m) {
			continue
		}
		g.partExpr(toks, m)
		g.offsetExpr(toks, m)
		nearExpr(toks, m)
	}
	out := make([]Mention, 0, len(ps))
	for _, m := range ps {
		if m.drop {
			continue
		}
		a, b := toks[m.first], toks[m.last]
		out = append(out, Mention{
			Text: text[a.bstart:b.bend], Start: a.start, End: b.end, ByteStart: a.bstart, ByteEnd: b.bend,
			Place: m.place, Role: RoleIncident, Confidence: round3(m.conf), Precision: m.precision,
			Demonym: m.demonym, Modifier: m.modifier, Candidates: len(m.sp.entries), Embedded: m.embedded,
			Variant: len(m.sp.entries) > 0 && m.sp.entries[m.sp.best].flags&entrySkeleton != 0,
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out, ps
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

func basePrecision(p *Place) int {
	switch {
	case p.Kind == KindAdmin2:
		return 2 // ACLED codes a district at its seat, precision 2
	case p.IsArea():
		return 3
	}
	return 1
}

// tokenIs reports whether token i exists and is one of words.
func tokenIs(toks []token, i int, words ...string) bool {
	if i < 0 || i >= len(toks) {
		return false
	}
	for _, w := range words {
		if toks[i].norm == w {
			return true
		}
	}
	return false
}

// airportExpr: "Baghdad airport", "Baghdad's airport", "Baghdad International
// Airport", "Kirkuk air base" name the airport serving the city.
func (g *Gazetteer) airportExpr(toks []token, m *pending) {
	if m.place.Kind != KindCity || toks[m.last].sentenceEnd || toks[m.last].commaAfter {
		return
	}
	j := m.last + 1
	if tokenIs(toks, j, "international") {
		j++
	}
	want := KindAirport
	switch {
	case tokenIs(toks, j, "airport", "airfield"):
	case tokenIs(toks, j, "airbase"):
		want = KindAirbase
	case tokenIs(toks, j, "air") && tokenIs(toks, j+1, "base", "field"):
		want = KindAirbase
		j++
	default:
		return
	}
	cands := g.airports[normalizeName(m.place.Name)]
	if len(cands) == 0 {
		cands = g.airports[toks[m.first].norm]
	}
	var best *Place
	bestScore := -1
	for _, a := range cands {
		if a.CountryCode != m.place.CountryCode {
			continue
		}
		s := 0
		if a.Kind == want {
			s += 4
		}
		if strings.Contains(a.Name, "International") {
			s += 2
		}
		if geo.DistanceKm(a.Point, m.place.Point) < 40 {
			s++
		}
		if s > bestScore {
			best, bestScore = a, s
		}
	}
	if best == nil {
		return
	}
	m.place, m.last, m.precision, m.modifier = best, j, 1, "airport"
}

var divisionWords = map[string]bool{
	"province": true, "governorate": true, "state": true, "region": true, "district": true, "oblast": true,
	"prefecture": true, "department": true, "county": true, "emirate": true, "territory": true,
	"lga": true, "township": true, "tehsil": true, "raion": true, "rayon": true, "upazila": true,
	"woreda": true, "subdistrict": true, "sub-district": true, "sub-county": true, "municipality": true,
}

// localDivisionWords name divisions below the second level in some
// countries ("Hamilton Township" in Ohio): they name a division of the
// country the name was read in, never of another.
var localDivisionWords = map[string]bool{
	"lga": true, "township": true, "tehsil": true, "raion": true, "rayon": true, "upazila": true,
	"woreda": true, "subdistrict": true, "sub-district": true, "sub-county": true, "municipality": true,
}

// districtSeat returns the most populous town among es, by its own name,
// in another country than every province es read, when es hold one: the
// town a district the gazetteer lacks is named after, not a province
// abroad.
func (g *Gazetteer) districtSeat(es []entry) *Place {
	var admin1s []*Place
	for _, e := range es {
		if p := g.places[e.place]; p.Kind == KindAdmin1 {
			admin1s = append(admin1s, p)
		}
	}
	if len(admin1s) == 0 {
		return nil
	}
	var best *Place
	for _, e := range es {
		p := g.places[e.place]
		if p.Kind != KindCity || e.flags&(entrySkeleton|entryAlt) != 0 {
			continue
		}
		home := false
		for _, a := range admin1s {
			if a.CountryCode == p.CountryCode {
				home = true
			}
		}
		if !home && (best == nil || p.Population > best.Population) {
			best = p
		}
	}
	return best
}

// nationWord: w, folded, is a nation's adjective or name ("thai" in "the
// southern Thai province of A").
func (g *Gazetteer) nationWord(w string) bool {
	for _, e := range g.index.lookup(w) {
		if e.flags&entryDemonym != 0 || g.places[e.place].Kind == KindCountry {
			return true
		}
	}
	return false
}

// divisionExpr: "Anbar province", "the province of Idlib" name the division.
func (g *Gazetteer) divisionExpr(toks []token, m *pending) {
	// "Aleppo's district of A" is A, a district Aleppo has, not Aleppo's.
	after := !toks[m.last].sentenceEnd && !toks[m.last].commaAfter && !(toks[m.last].possessive && tokNorm(toks, m.last+2) == "of") &&
		divisionWords[tokNorm(toks, m.last+1)]
	// "the Baghdad district of A": a great city's district, A, not the
	// division named after the city.
	if after && tokNorm(toks, m.last+1) == "district" && tokNorm(toks, m.last+2) == "of" && m.last+3 < len(toks) && toks[m.last+3].cap &&
		!toks[m.last+1].commaAfter && !toks[m.last+2].commaAfter && g.greatCityReading(m.sp) {
		after = false
	}
	// "Jizan border province": the province on the border.
	border := 0
	if !after && !toks[m.last].sentenceEnd && !toks[m.last].commaAfter && !toks[m.last].possessive && tokNorm(toks, m.last+1) == "border" &&
		m.last+1 < len(toks) && !toks[m.last+1].commaAfter && !toks[m.last+1].sentenceEnd && divisionWords[tokNorm(toks, m.last+2)] {
		after, border = true, 1
	}
	// "Agatu local government area": Nigeria's LGA spelt out.
	lga := false
	if n := localGovernmentArea(toks, m.last); !after && n > 0 {
		after, border, lga = true, n-1, true
	}
	// "the Odesa and Mykolaiv regions": a plural division word after a
	// list names each of its items.
	plural := ""
	if !after && border == 0 && !lga {
		if w := pluralListWord(toks, m.first, m.last); w != "" {
			after, plural = true, w
		}
	}
	before := tokenIs(toks, m.first-1, "of") && divisionWords[tokNorm(toks, m.first-2)]
	if k := m.first - 3; before && k >= 0 && toks[k].cap && !toks[k].sentStart && !toks[k].sentenceEnd && !toks[k].commaAfter && !adjectival(toks[k:k+1]) && !g.nationWord(toks[k].norm) {
		// "the Karrada district of Baghdad": the district is Karrada's,
		// of the city.
		before = false
	}
	if !after && !before {
		return
	}
	// "the Kurdistan region": a name whose designation is part of a longer
	// name the gazetteer knows ("Kurdistan Region").
	if after && border == 0 {
		var words []string
		for k := m.first; k <= m.last+1; k++ {
			words = append(words, toks[k].norm)
		}
		if plural != "" {
			// "Clay and Douglas counties": Douglas County.
			words[len(words)-1] = plural
		}
		var pick *Place
		for _, e := range g.index.lookup(strings.Join(words, " ")) {
			p := g.places[e.place]
			// Of a country's namesakes ("Jackson County"), the one
			// nearest the reading context gave the name.
			if pick == nil || p.CountryCode == m.place.CountryCode && (pick.CountryCode != m.place.CountryCode ||
				geo.DistanceKm(p.Point, m.place.Point) < geo.DistanceKm(pick.Point, m.place.Point)) ||
				p.CountryCode != m.place.CountryCode && pick.CountryCode != m.place.CountryCode && prior(p, e.flags) > prior(pick, 0) {
				pick = p
			}
		}
		if pick != nil {
			m.place, m.precision, m.modifier = pick, basePrecision(pick), "division"
			if plural == "" {
				m.last++
			}
			return
		}
	}
	if before {
		// "the southern province of A": the province lies in the south
		// of its country; it is the whole province, no part of it.
		m.noPart = true
	}
	// "Afrin district", "the district of Haradh": a second-level division
	// where one has the name; a province or state otherwise.
	word := tokNorm(toks, m.last+1+border)
	if before {
		word = tokNorm(toks, m.first-2)
	}
	if lga {
		word = "lga"
	}
	if plural != "" {
		word = plural
	}
	want := KindAdmin1
	if secondLevelWords[word] {
		want = KindAdmin2
	}
	// The division of the country the name was read in: "Beni territory"
	// read as the Congolese town is no Bolivian department of that name.
	// A division the name is the main name of beats one it is only an
	// alternate name for ("Bayda province": Yemen's Al Bayda, not the
	// Libyan province of the town of Al Bayda).
	// The reading an address vouched for ("Argelia municipality, Cauca":
	// the town in Cauca) keeps its province.
	vouched := false
	for k, e := range m.sp.entries {
		if g.places[e.place] == m.place && m.sp.bonus != nil && m.sp.bonus[k] > 0 {
			vouched = true
		}
	}
	pick := func(kind Kind, sameCountry bool) *Place {
		var best *Place
		bestAlt := true
		for _, e := range m.sp.entries {
			p := g.places[e.place]
			if p.Kind != kind || sameCountry && p.CountryCode != m.place.CountryCode {
				continue
			}
			alt := e.flags&entryAlt != 0
			// Of a country's namesakes, the one in the reading's own
			// province: "Argelia municipality, Cauca" read as Cauca's town.
			if best == nil || bestAlt && !alt || alt == bestAlt && p.CountryCode == m.place.CountryCode &&
				!(vouched && best.CountryCode == m.place.CountryCode && best.Admin1 == m.place.Admin1 && p.Admin1 != m.place.Admin1) {
				best, bestAlt = p, alt
			}
		}
		if best != nil && bestAlt && sameCountry {
			// Only an alternate name here: a division of its own name
			// elsewhere is the one meant.
			for _, e := range m.sp.entries {
				if p := g.places[e.place]; p.Kind == kind && e.flags&entryAlt == 0 {
					return nil
				}
			}
		}
		return best
	}
	other := KindAdmin1
	if want == KindAdmin1 {
		other = KindAdmin2
	}
	best := pick(want, true)
	if best == nil && want == KindAdmin2 && after && plural == "" && !lga && word != "municipality" && word != "county" &&
		m.place.Kind == KindAdmin1 && !toks[m.last+1+border].cap {
		// "Beni territory": no district of the name, and a town that
		// names one where districts are named after their seats (not the
		// seat of a province of the name: "Gulu district" is the
		// province); the province of the name abroad is none of it.
		if c := g.districtSeat(m.sp.entries); c != nil {
			m.place, m.precision = c, max(basePrecision(c), 2)
			return
		}
	}
	if best == nil {
		best = pick(other, true)
	}
	if best == nil && !localDivisionWords[word] {
		best = pick(want, false)
		if best == nil && want == KindAdmin2 {
			best = pick(KindAdmin1, false)
		}
	}
	if best == nil && (word == "province" || word == "governorate") {
		// "Konduz Province": the province of the seat another spelling
		// of whose name the gazetteer knows ("Konduz" is only Kunduz
		// city's); not a state ("Lansing State Journal").
		for _, e := range m.sp.entries {
			if p := g.places[e.place]; p.Kind == KindCity && p.FeatureCode == "PPLA" && p.CountryCode == m.place.CountryCode {
				if d := g.admin1[p.Admin1]; d != nil && d.CountryCode == p.CountryCode {
					best = d
					break
				}
			}
		}
	}
	if best == nil && after && border == 0 && !lga && plural == "" && secondLevelWords[word] && word != "municipality" && word != "county" && m.place.Kind == KindCity {
		// "Kitaf district", "Afrin district": a district the gazetteer
		// lacks, named after its seat: the event is near the town, as
		// ACLED codes a district by its seat.
		m.precision = max(m.precision, 2)
		return
	}
	if best == nil {
		return
	}
	m.place, m.precision, m.modifier = best, basePrecision(best), "division"
	if plural != "" {
		return // the word stands after the list, not after this name
	}
	if after {
		m.last += 1 + border
	} else {
		m.first -= 2
	}
}

// pluralDivisions are the plural division words that end a list of
// divisions, each with its singular.
var pluralDivisions = map[string]string{
	"provinces": "province", "governorates": "governorate", "states": "state", "regions": "region",
	"districts": "district", "oblasts": "oblast", "prefectures": "prefecture", "departments": "department",
	"counties": "county", "territories": "territory", "lgas": "lga", "townships": "township",
	"municipalities": "municipality",
}

// pluralListWord: the name from token first to last is an item of a list
// of names that a plural division word ends ("the Odesa and Mykolaiv
// regions", "Parwan, Kapisa and Baghlan provinces"); it returns the word's
// singular, or "".
func pluralListWord(toks []token, first, last int) string {
	// The item before: "A and B regions" names B by the word after it
	// only when a list leads to it.
	listed := tokenIs(toks, first-1, "and") && first >= 2 && toks[first-2].cap && !toks[first-2].sentenceEnd ||
		first >= 1 && toks[first-1].cap && toks[first-1].commaAfter && !toks[first-1].sentenceEnd
	k := last
	for items := 0; items < 6; items++ {
		t := toks[k]
		if t.sentenceEnd || t.possessive || k+1 >= len(toks) {
			return ""
		}
		if w, ok := pluralDivisions[toks[k+1].norm]; ok && !t.commaAfter {
			if listed || items > 0 {
				return w
			}
			return ""
		}
		// On to the next item: ", B", "and B", ", and B".
		j := k + 1
		if !t.commaAfter && toks[j].norm != "and" {
			return ""
		}
		if toks[j].norm == "and" {
			j++
		}
		if j >= len(toks) || !toks[j].cap || toks[j].sentenceEnd && j+1 < len(toks) {
			return ""
		}
		// The item's name: up to three capitalised words.
		k = j
		for n := 0; n < 2 && k+1 < len(toks) && toks[k+1].cap && !toks[k].commaAfter && !toks[k].sentenceEnd; n++ {
			k++
		}
		listed = true
	}
	return ""
}

// greatCityReading: one reading of span sp is a city with districts of its
// own.
func (g *Gazetteer) greatCityReading(sp *span) bool {
	for _, e := range sp.entries {
		if p := g.places[e.place]; p.Kind == KindCity && p.Population >= cityDistrictsPopulation {
			return true
		}
	}
	return false
}

// localGovernmentArea returns how many tokens after token last spell a
// local government area ("local government area", "Local Government",
// "local government council"), else 0.
func localGovernmentArea(toks []token, last int) int {
	if toks[last].sentenceEnd || toks[last].commaAfter || tokNorm(toks, last+1) != "local" || toks[last+1].commaAfter || tokNorm(toks, last+2) != "government" {
		return 0
	}
	if !toks[last+2].sentenceEnd && !toks[last+2].commaAfter && (tokNorm(toks, last+3) == "area" || tokNorm(toks, last+3) == "council") {
		return 3
	}
	return 2
}

// secondLevelWords designate a second-level division.
var secondLevelWords = map[string]bool{
	"district": true, "county": true, "subdistrict": true, "sub-district": true, "municipality": true,
	"territory": true, "lga": true, "township": true, "tehsil": true, "raion": true, "rayon": true,
	"upazila": true, "woreda": true, "sub-county": true,
}

var borderWords = []string{"border", "borders", "frontier", "boundary", "borderlands"}

// countryOf returns the country a mention stands for (a country or its
// demonym), or nil.
func (g *Gazetteer) countryOf(m *pending) *Place {
	if m.place.Kind == KindCountry {
		return m.place
	}
	return nil
}

// hyphenBorderExpr: "the Iraq-Syria border", "the Syrian-Iraqi border".
func (g *Gazetteer) hyphenBorderExpr(toks []token, a, b *pending) {
	if !toks[a.last].hyphenAfter || b.first != a.last+1 || !tokenIs(toks, b.last+1, borderWords...) {
		return
	}
	ca, cb := g.countryOf(a), g.countryOf(b)
	if ca == nil || cb == nil {
		return
	}
	bp := g.border(ca, cb)
	if bp == nil {
		return
	}
	a.place, a.last, a.precision, a.modifier, a.demonym = bp, b.last+1, 3, "border", false
	a.conf = minf(a.conf, b.conf)
	b.drop = true
}

// betweenBorderExpr: "the border between Syria and Iraq", "the border of X and Y".
func (g *Gazetteer) betweenBorderExpr(toks []token, ps []pending, i int) {
	a := &ps[i]
	if i+1 >= len(ps) || !tokenIs(toks, a.first-1, "between", "of") || !tokenIs(toks, a.first-2, borderWords...) {
		return
	}
	b := &ps[i+1]
	if b.first != a.last+2 || !tokenIs(toks, a.last+1, "and") {
		return
	}
	ca, cb := g.countryOf(a), g.countryOf(b)
	if ca == nil || cb == nil {
		return
	}
	bp := g.border(ca, cb)
	if bp == nil {
		return
	}
	a.place, a.first, a.last, a.precision, a.modifier, a.demonym = bp, a.first-2, b.last, 3, "border", false
	a.conf = minf(a.conf, b.conf)
	b.drop = true
}

// Border returns the line two countries share, or nil when they share none.
func (g *Gazetteer) Border(ccA, ccB string) *Place {
	a, okA := g.Country(ccA)
	b, okB := g.Country(ccB)
	if !okA || !okB {
		return nil
	}
	return g.border(a, b)
}

// border returns the line countries a and b share, nil for none. It is
// cut once and kept (g.borders): finding the shared arcs of two countries
// costs more than tagging a sentence.
func (g *Gazetteer) border(a, b *Place) *Place {
	if a == b || a.Shape == nil || b.Shape == nil {
		return nil
	}
	x, y := a, b
	if x.CountryCode > y.CountryCode {
		x, y = y, x
	}
	key := x.CountryCode + "-" + y.CountryCode
	if p, ok := g.borders.Load(key); ok {
		return p.(*Place)
	}
	line := geo.SharedBoundary(x.Shape, y.Shape)
	var p *Place
	if len(line) > 0 {
		p = &Place{
			ID: "border:" + key, Kind: KindBorder, Name: x.Name + "–" + y.Name + " border",
			CountryCode: x.CountryCode, Shape: simplestLine(line),
		}
		p.Point = geo.RepresentativePoint(p.Shape)
	}
	g.borders.Store(key, p)
	return p
}

// centralCityPopulation is how many people a provincial seat has for
// "central A" to be its centre rather than the middle of its province
// ("central Ramadi", but "central Quneitra").
const centralCityPopulation = 100_000

// partExpr: "northern Syria", "eastern Ukraine", "central Anbar".
func (g *Gazetteer) partExpr(toks []token, m *pending) {
	if m.demonym || m.noPart || m.place.Kind == KindBorder || m.first == 0 {
		return
	}
	// "the southern Thai province of A": the nation's name says whose
	// province A is, and the compass word where in the nation it lies.
	if m.place.Kind == KindCountry && !toks[m.last].sentenceEnd && !toks[m.last].commaAfter &&
		divisionWords[tokNorm(toks, m.last+1)] && tokenIs(toks, m.last+2, "of") {
		m.demonym = true
		return
	}
	// "southwest Aleppo" is the part of a province its seat names, or of a
	// country; a state's "northeast Georgia" stays the state named.
	inter := m.place.Kind == KindCountry
	if !m.place.IsArea() || m.place.Shape == nil {
		// "northern Hama": a compass part is of the division the city
		// shares its name with.
		div := g.namesakeDivision(m)
		if div == nil {
			return
		}
		if _, ok := directionBefore(toks, m.first); !ok {
			return
		}
		// "northern Mosul city" is the city's part, and "central Ramadi"
		// a great town's centre, not the middle of its province.
		if m.last+1 < len(toks) && toks[m.last+1].norm == "city" && !toks[m.last].sentenceEnd && !toks[m.last].commaAfter ||
			toks[m.first-1].norm == "central" && m.place.Population >= centralCityPopulation {
			return
		}
		m.place, inter = div, true
	}
	k := m.first - 1
	word := toks[k].norm
	// "north-eastern Syria" is two tokens.
	if k > 0 && toks[k-1].hyphenAfter {
		if d, ok := geo.ParseDirection(toks[k-1].norm + word); ok {
			g.applyPart(toks, m, k-1, d)
			return
		}
	}
	if toks[k].sentenceEnd || toks[k].commaAfter {
		return
	}
	if !strings.HasSuffix(word, "ern") && word != "central" && !(inter && intercardinals[word]) {
		return
	}
	if d, ok := geo.ParseDirection(word); ok {
		g.applyPart(toks, m, k, d)
	}
}

// countrysideWords name the rural land around a city or of a division
// ("the eastern desert of Homs" is the province's, not the city's).
var countrysideWords = map[string]bool{
	"countryside": true, "country-side": true, "countryside's": true, "hinterland": true, "desert": true,
}

// countrysideExpr: "the southern countryside of Idlib", "Hama countryside",
// "Aleppo's northern countryside", "Idleb south eastern countryside" name
// the rural land of the division the city shares its name with (or of the
// division named), its compass part when a direction is given. It reports
// whether it applied.
func (g *Gazetteer) countrysideExpr(toks []token, m *pending) bool {
	if m.demonym || m.place.Kind == KindBorder || m.place.Kind == KindCountry {
		return false
	}
	div := m.place
	if div.Kind != KindAdmin1 {
		div = g.namesakeDivision(m)
	}
	if div == nil || div.Shape == nil {
		return false
	}
	first, last := m.first, m.last
	dir, dirWords := "", 0
	readDir := func(j, step int) int {
		for n := 0; n < 2 && j >= 0 && j < len(toks); n++ {
			w := toks[j].norm
			if _, ok := geo.ParseDirection(w); !ok || w == "c" || w == "mid" {
				break
			}
			if step > 0 {
				dir += w
			} else {
				dir = w + dir
			}
			dirWords++
			j += step
		}
		return j
	}
	matched := false
	// After the name: "Hama countryside", "Aleppo northern countryside".
	if !toks[last].sentenceEnd && !toks[last].commaAfter {
		j := readDir(last+1, 1)
		if j < len(toks) && countrysideWords[toks[j].norm] {
			last, matched = j, true
		} else {
			dir, dirWords = "", 0
		}
	}
	// Before it: "the (southern) countryside of Idlib", "southern Hama countryside".
	if !matched && tokenIs(toks, first-1, "of") && first >= 2 && countrysideWords[toks[first-2].norm] {
		first = readDir(first-3, -1) + 1
		first = min(first, m.first-2)
		matched = true
	}
	if !matched {
		return false
	}
	if dir == "" && matched && !toks[max(first-1, 0)].sentenceEnd && first > 0 {
		if k := readDir(first-1, -1) + 1; k < first {
			first = k
		}
	}
	m.place, m.first, m.last, m.precision, m.modifier, m.demonym = div, first, last, 3, "part", false
	if d, ok := geo.ParseDirection(dir); ok && dirWords > 0 {
		m.place = g.part(div, dir, d)
	}
	return true
}

// part returns the compass part d of an area, named with dirWord, cut once
// and cached.
func (g *Gazetteer) part(base *Place, dirWord string, d geo.Direction) *Place {
	id := "region:" + dirWord + ":" + base.ID
	if p, ok := g.parts.Load(id); ok {
		return p.(*Place)
	}
	p := &Place{
		ID: id, Kind: KindRegion, Name: dirWord + " " + base.Name,
		CountryCode: base.CountryCode, Admin1: base.Admin1, Shape: geo.Part(base.Shape, d),
	}
	p.Point = geo.RepresentativePoint(p.Shape)
	g.parts.Store(id, p)
	return p
}

// namesakeDivision: the first-level division with a drawn shape that
// shares the mention's name and country ("Hama" the city and the
// governorate), or nil.
func (g *Gazetteer) namesakeDivision(m *pending) *Place {
	if m.sp == nil {
		return nil
	}
	var pick *Place
	for _, e := range m.sp.entries {
		p := g.places[e.place]
		if p.Kind == KindAdmin1 && p.Shape != nil && p.CountryCode == m.place.CountryCode {
			if p.Admin1 == m.place.Admin1 { // the city's own division first
				return p
			}
			if pick == nil {
				pick = p
			}
		}
	}
	if pick != nil {
		return pick
	}
	// The seat of a division names it ("Homs countryside").
	if c := m.place; c.Kind == KindCity && strings.HasPrefix(c.FeatureCode, "PPLA") && !strings.HasPrefix(c.FeatureCode, "PPLA2") {
		if d, ok := g.admin1[c.Admin1]; ok && d.Shape != nil {
			return d
		}
	}
	return nil
}

// directionBefore: a compass word ("northern", "north-eastern") right
// before token first.
func directionBefore(toks []token, first int) (geo.Direction, bool) {
	k := first - 1
	if k < 0 || toks[k].sentenceEnd || toks[k].commaAfter {
		return 0, false
	}
	word := toks[k].norm
	if k > 0 && toks[k-1].hyphenAfter {
		if d, ok := geo.ParseDirection(toks[k-1].norm + word); ok {
			return d, true
		}
	}
	if !strings.HasSuffix(word, "ern") && word != "central" && !intercardinals[word] {
		return 0, false
	}
	return geo.ParseDirection(word)
}

// intercardinals before a city's or a country's name are its part as
// "-ern" words are: "southwest Aleppo" is "southwestern Aleppo". ("east
// Jerusalem" and "North Korea" are names; the cardinal points stay out.)
var intercardinals = map[string]bool{"northeast": true, "northwest": true, "southeast": true, "southwest": true}

func (g *Gazetteer) applyPart(toks []token, m *pending, first int, d geo.Direction) {
	dirWord := toks[first].norm
	if first < m.first-1 {
		dirWord += "-" + toks[m.first-1].norm
	}
	m.place = g.part(m.place, dirWord, d)
	m.first, m.precision, m.modifier, m.demonym = first, 3, "part", false
}

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
	"a": 1, "an": 1,
}

// offsetExpr: "20 km north of Erbil", "15 miles south-east of Mosul".
func (g *Gazetteer) offsetExpr(toks []token, m *pending) {
	if m.place.Kind == KindCountry || m.place.Kind == KindBorder || m.place.Kind == KindRegion {
		return
	}
	k := m.first - 1
	// "12 km east of the town of Mopti": the kind of place between.
	if tokenIs(toks, k, "of") && k >= 3 && settlementKinds[toks[k-1].norm] != "" && tokenIs(toks, k-2, "the") && tokenIs(toks, k-3, "of") {
		k -= 3
	}
	// "900 km southwest of the capital Riyadh", "of the provincial capital A".
	if tokenIs(toks, k, "capital") && !toks[k].commaAfter {
		j := k - 1
		if tokenIs(toks, j, "provincial") {
			j--
		}
		if tokenIs(toks, j, "the") && tokenIs(toks, j-1, "of") {
			k = j - 1
		}
	}
	if !tokenIs(toks, k, "of") {
		return
	}
	k--
	if k < 0 {
		return
	}
	dir := toks[k].norm
	d0 := k
	if k > 0 && toks[k-1].hyphenAfter {
		if _, ok := geo.Bearing(toks[k-1].norm + dir); ok {
			dir = toks[k-1].norm + dir
			d0 = k - 1
		}
	}
	bearing, ok := geo.Bearing(dir)
	if !ok {
		return
	}
	u := d0 - 1
	if u < 1 {
		m.precision, m.modifier, m.first = 2, "near", d0 // "north of Baghdad" is near it
		return
	}
	km, ok := geo.KmFromUnit(1, toks[u].norm)
	if !ok {
		m.precision, m.modifier, m.first = 2, "near", d0
		return
	}
	n, ok := parseNumber(toks[u-1].norm)
	if !ok {
		return
	}
	km *= n
	if km <= 0 || km > 2000 {
		return
	}
	base := m.place
	pt := geo.Destination(base.Point, bearing, km)
	m.place = &Place{
		ID:   "offset:" + strconv.FormatFloat(km, 'f', -1, 64) + "km:" + dir + ":" + base.ID,
		Kind: KindPoint, Name: strconv.FormatFloat(n, 'f', -1, 64) + " " + toks[u].norm + " " + dir + " of " + base.Name,
		CountryCode: base.CountryCode, Admin1: base.Admin1, Point: pt,
	}
	m.first, m.precision, m.modifier = u-1, 2, "offset"
}

func parseNumber(s string) (float64, bool) {
	if v, ok := numberWords[s]; ok {
		return v, true
	}
	if s == "" || (s[0] < '0' || s[0] > '9') && s[0] != '.' {
		return 0, false // a word: ParseFloat would allocate its error
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v >= 0
}

// nearExpr: "near X", "outside X", "the outskirts of X", "close to X".
func nearExpr(toks []token, m *pending) {
	if m.modifier != "" && m.modifier != "airport" && m.modifier != "division" && m.modifier != "border" {
		return
	}
	k := m.first - 1
	for tokenIs(toks, k, "the", "a") {
		k--
	}
	near := tokenIs(toks, k, "near", "nearby", "outside", "around", "neighbouring", "neighboring") ||
		(tokenIs(toks, k, "to") && tokenIs(toks, k-1, "close", "next")) ||
		(tokenIs(toks, k, "of") && tokenIs(toks, k-1, "outskirts", "vicinity", "edge", "environs", "suburbs", "outside"))
	if !near {
		return
	}
	if m.modifier == "" || m.modifier == "airport" {
		m.precision = 2
	}
	if m.modifier == "" {
		m.modifier = "near"
	}
}

func minf(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

// simplestLine returns a single LineString when the border is one line.
func simplestLine(ml orb.MultiLineString) orb.Geometry {
	if len(ml) == 1 {
		return ml[0]
	}
	return ml
}
