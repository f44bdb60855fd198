package gazetteer

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
)

// resolve picks one place for each span. A first pass uses what each name
// says alone; the countries and divisions it settles, and the places it
// pins down, then weigh the ambiguous names in a second pass.
func (g *Gazetteer) resolve(toks []token, sents []int, spans []span, hints map[string]float64) []span {
	spans = g.settlementsOnly(toks, spans)
	spans = g.insideDivisions(toks, spans)
	spans = g.listWithin(toks, spans)
	g.containerHints(toks, spans)
	seatsOverDistricts(g, toks, spans)
	seatsInTownLists(g, toks, spans)
	for i := range spans {
		g.score(&spans[i], nil)
	}
	spans = g.settleVariants(toks, sents, spans, hints)
	nameSpans(toks, spans)
	ctx := g.buildContext(toks, spans, hints)
	for i := range spans {
		g.score(&spans[i], ctx)
	}
	// A third pass lets the places fixed in the second pull the rest together.
	ctx = g.buildContext(toks, spans, hints)
	for i := range spans {
		g.score(&spans[i], ctx)
	}
	return spans
}

// seatsOverDistricts: a district and its seat often share a name
// ("Saravena"): the seat is the more precise reading, unless a word for a
// kind of place follows ("the Midi desert"). The district gives way to its
// seat alone; against other places of the name, it keeps its own weight.
func seatsOverDistricts(g *Gazetteer, toks []token, spans []span) {
	for i := range spans {
		sp := &spans[i]
		if len(sp.entries) < 2 || kindAfter(toks, sp.last) {
			continue
		}
		for k, e := range sp.entries {
			if p := g.places[e.place]; p.Kind == KindAdmin2 && g.seatAmong(sp.entries, p) {
				sp.addBonus(k, -2)
			}
		}
	}
}

// seatsInTownLists: a name that is both a province and its seat, listed
// beside a town ("Khartoum, Omdurman and Bahri"), is the seat: a list
// holds places of one kind, so the province's weight from the towns it
// holds ("Georgia among Atlanta and Macon") does not apply.
func seatsInTownLists(g *Gazetteer, toks []token, spans []span) {
	// a and b are items of a list: "A and B", or "A, B" that goes on
	// ("A, B and C"); "A, B" alone is an address ("Afrin, Aleppo").
	listed := func(a, b *span) bool {
		if toks[a.last].sentenceEnd {
			return false
		}
		if toks[a.last].commaAfter {
			next := tokNorm(toks, b.last+1)
			return b.first == a.last+1 && !toks[b.last].sentenceEnd && (next == "and" || next == "or" || toks[b.last].commaAfter && b.last+1 < len(toks) && toks[b.last+1].cap)
		}
		return b.first == a.last+2 && (toks[a.last+1].norm == "and" || toks[a.last+1].norm == "or")
	}
	townOnly := func(sp *span) bool {
		return !sp.demonym && onlyKind(g, sp.entries, KindCity)
	}
	for i := range spans {
		sp := &spans[i]
		if !(i > 0 && listed(&spans[i-1], sp) && townOnly(&spans[i-1]) || i+1 < len(spans) && listed(sp, &spans[i+1]) && townOnly(&spans[i+1])) {
			continue
		}
		for k, e := range sp.entries {
			if p := g.places[e.place]; p.Kind == KindAdmin1 && seatReading(g, sp.entries, p.Admin1) {
				sp.addBonus(k, -(admin1Bonus + namedAdmin1Bonus))
			}
		}
	}
}

// seatReading: one of es reads the name, as spelt, as the seat (GeoNames
// PPLA or PPLC) of the first-level division admin1.
func seatReading(g *Gazetteer, es []entry, admin1 string) bool {
	for _, e := range es {
		if p := g.places[e.place]; p.Kind == KindCity && p.Admin1 == admin1 && (p.FeatureCode == "PPLA" || p.FeatureCode == "PPLC") && e.flags&entrySkeleton == 0 {
			return true
		}
	}
	return false
}

// seatAmong: one of the entries es is a seat of the district d: a town
// GeoNames calls a second-level seat, by its own name, in d's province,
// or a town of some size near d's middle, which GeoNames may file as a
// plain town ("Jenin", Janīn).
func (g *Gazetteer) seatAmong(es []entry, d *Place) bool {
	for _, e := range es {
		p := g.places[e.place]
		if p.Kind != KindCity || p.CountryCode != d.CountryCode || p.Admin1 != d.Admin1 {
			continue
		}
		if p.FeatureCode == "PPLA2" && e.flags&entryAlt == 0 ||
			p.Population >= seatTownPopulation && e.flags&entrySkeleton == 0 && geo.DistanceKm(p.Point, d.Point) <= seatReachKm {
			return true
		}
	}
	return false
}

// seatTownPopulation is how many people a town of a district's name needs
// to be taken for its seat; seatReachKm how near the district's point it
// lies.
const (
	seatTownPopulation = 10_000
	seatReachKm        = 30
)

// settlementsOnly holds a name the text calls a village or a town ("the
// village of A", "A town") to the populated places it may be: "the village
// of Batha" is no province of Chad. A name left with none is a settlement
// the gazetteer lacks, for Unresolved to find. "The city of A" only drops
// a province for its seat of the same name: "the city of Nineveh" is the
// province's, not an American hamlet's of that other name.
func (g *Gazetteer) settlementsOnly(toks []token, spans []span) []span {
	out := spans[:0]
	for _, sp := range spans {
		cue := settlementCue(toks, &sp)
		if (cue == "town" || cue == "city") && g.namesTownOf(toks, &sp) {
			cue = "" // "Bama town of Borno State": Borno holds the town
		}
		if cue == "" && bracketRepeats(toks, &sp) {
			cue = "city" // "Kaduna (Kaduna North, Kaduna)": the town, in its district and state
		}
		if cue == "" || sp.demonym {
			out = append(out, sp)
			continue
		}
		keep := func(p *Place, _ entry) bool { return p.Kind == KindCity }
		switch cue {
		case "village":
			// Nor is a village a city its name only resembles: "the
			// village Khamil" is no Hami (once called so).
			// Nor, by any name, a city of hundreds of thousands: "the
			// villages of Arak" are no Iranian city.
			keep = func(p *Place, e entry) bool {
				return p.Kind == KindCity && (e.flags&(entrySkeleton|entryAlt) == 0 && p.Population < cityDistrictsPopulation/2 || p.Population < villageMaxPopulation)
			}
		case "city":
			// "the city of Taiz": the seat, not the province named after
			// it; any other reading stays.
			// Nor a province only another name of it links to the
			// city: "Damascus city" is no Rif Dimashq.
			seats := map[string]bool{}
			for _, e := range sp.entries {
				if p := g.places[e.place]; p.Kind == KindCity && (p.FeatureCode == "PPLA" || p.FeatureCode == "PPLC") {
					seats[p.CountryCode+p.Admin1] = true
					if e.flags&(entryAlt|entrySkeleton) == 0 {
						seats[p.CountryCode] = true
					}
				}
			}
			keep = func(p *Place, e entry) bool {
				return p.Kind != KindAdmin1 || !seats[p.CountryCode+p.Admin1] && !(e.flags&entryAlt != 0 && seats[p.CountryCode])
			}
		}
		var kept []entry
		var bonus []float64
		for k, e := range sp.entries {
			if keep(g.places[e.place], e) {
				kept = append(kept, e)
				if sp.bonus != nil {
					bonus = append(bonus, sp.bonus[k])
				}
			}
		}
		if len(kept) == 0 && cue != "village" && !divisionWords[toks[sp.last].norm] {
			// "the southern town of Nabatieh": a name the gazetteer
			// holds only for a province is the province's seat.
			kept, bonus = g.seatsOf(sp.entries), nil
		}
		if len(kept) == 0 {
			continue
		}
		sp.entries, sp.bonus, sp.best = kept, bonus, 0
		out = append(out, sp)
	}
	return out
}

// namesTownOf: a name stands before the kind word and "of" in front of sp
// ("Bama town of Borno"): sp is where that town is, not a town itself.
// "The West Bank town of B" and "the Niger village of B" are B.
func (g *Gazetteer) namesTownOf(toks []token, sp *span) bool {
	k := sp.first - 3
	if k < 0 || tokNorm(toks, sp.first-1) != "of" || !toks[k].cap || toks[k].sentStart || g.isDemonymToken(toks[k].norm) {
		return false
	}
	j := k
	for j > 0 && toks[j-1].cap && !toks[j-1].sentenceEnd && !toks[j-1].commaAfter && !toks[j].sentStart {
		j--
	}
	return j > 0 && locativePreps[toks[j-1].norm] && !toks[j-1].sentenceEnd
}

// insideAny: p's point lies in the shape of a reading of span a (the
// sources may file a town under another code than the polygon's).
func (g *Gazetteer) insideAny(p *Place, a *span) bool {
	for _, e := range a.entries {
		if q := g.places[e.place]; q.Shape != nil && geo.Contains(q.Shape, p.Point) {
			return true
		}
	}
	return false
}

// seatsOf returns the seats of the first-level divisions among es, read
// by the division's name.
func (g *Gazetteer) seatsOf(es []entry) []entry {
	var out []entry
	for _, e := range es {
		p := g.places[e.place]
		if p.Kind != KindAdmin1 || e.flags&entrySkeleton != 0 {
			continue
		}
		if seat := g.seats[p.Admin1]; seat != nil && seat.CountryCode == p.CountryCode {
			if i, ok := g.byID[seat.ID]; ok {
				out = append(out, entry{place: i, flags: e.flags | entryAlt})
			}
		}
	}
	return out
}

// insideDivisions: a name the text places inside a district ("the Zahir
// area of Dhi Naim district", "Zahir, Dhi Naim district", "Zahir in Dhi
// Naim district") is no other district nor a province: a district holds
// neither. A name it places in a division or its seat ("near Sanah in Ad
// Dali", "A village in southern B") is no namesake in another division of
// that country; an area or village of B ("the A area (K district) of B")
// is no province anywhere; and what B holds, B read in one country only
// ("A village, Jizan"), lies in that country. A name left with no reading
// is a place the gazetteer lacks, for Unresolved to stand in the division.
func (g *Gazetteer) insideDivisions(toks []token, spans []span) []span {
	drop := false
	for i := 0; i+1 < len(spans); i++ {
		a, b := &spans[i], &spans[i+1]
		// "A, east of B", "A 20 km north of B": no town or district of the
		// name far from every B.
		if reach, ok := bearingFrom(toks, a, b); ok && !a.demonym && !b.demonym && b.entries[0].flags&entrySkeleton == 0 {
			near := func(e entry) bool {
				p := g.places[e.place]
				return p.Kind != KindCity && p.Kind != KindAdmin2 && p.Kind != KindPoint || g.within(p, b, reach)
			}
			n := a.filter(near)
			if n == 0 {
				n = g.variantsWithin(toks, a, near)
			}
			if n == 0 {
				drop = true
				markAddressed(toks, a) // a place the text locates, the gazetteer lacks
			}
			continue
		}
		// "Port-au-Prince's Bel Air neighbourhood": a great city's
		// quarter named after its possessive lies in the city; a namesake
		// farther out is another place, and A one the gazetteer lacks.
		if ownedPart(toks, a, b) && !a.demonym && g.greatCityReading(a) {
			n := b.filter(func(e entry) bool {
				p := g.places[e.place]
				return g.nearGreatCity(p, a, cityPartKm)
			})
			if n == 0 {
				drop = true
				markAddressed(toks, b)
			}
			continue
		}
		// "Chhattisgarh's Bijapur district", "Kaduna state's A area": a
		// province's possessive owns the place after it; a namesake in
		// another province is another place, and A one the gazetteer
		// lacks.
		if toks[a.last].possessive && b.first == a.last+1 && !a.demonym && !b.demonym {
			// Natural Earth's regions with no ISO code ("Kashmir") are
			// not the extent people mean by the name.
			if divisions := g.divisionsOf(a); divisions != nil && onlyKind(g, a.entries, KindAdmin1) && !strings.HasPrefix(g.places[a.entries[0].place].Admin1, "-") {
				n := b.filter(func(e entry) bool {
					p := g.places[e.place]
					return p.Kind != KindCity && p.Kind != KindAdmin2 || divisions[p.CountryCode+"/"+p.Admin1] || g.insideAny(p, a)
				})
				if n == 0 {
					drop = true
					markAddressed(toks, b)
				}
				continue
			}
		}
		// "the A area (K district) of B": the name in the aside is read
		// with B on its own; A goes with B.
		if i+2 < len(spans) && asideOf(toks, a, len(toks)) > spans[i+1].last {
			b = &spans[i+2]
		}
		if a.demonym || b.demonym {
			continue
		}
		one := g.oneCountry(b)
		// "raids on A, B.": an address; B, a province or a town read in
		// one country, holds A: no A abroad. So does "A of B", the way
		// reports name a district "of" its province.
		if (addressPair(toks, a, b) || ofPair(toks, a, b)) && (g.sameCountry(b) || g.greatCityReading(b)) {
			if divisions := g.divisionsOf(b); divisions != nil {
				inB := func(e entry) bool {
					p := g.places[e.place]
					if p.Kind == KindCountry || p.Kind == KindContinent {
						return true
					}
					// A town or district in another province of B's
					// country is a namesake too ("Sahar village, Sadah").
					return divisions[p.CountryCode] && (p.Admin1 == "" || p.Kind != KindCity && p.Kind != KindAdmin2 || divisions[p.CountryCode+"/"+p.Admin1] || g.within(p, b, addressReachKm))
				}
				n := a.filter(inB)
				if n == 0 {
					n = g.variantsWithin(toks, a, inB) // "Bajel, Hudayda" is Bajil, not Bailleul
				}
				if n == 0 {
					drop = true
					// "Richard Roe of Boston" is a person: only an
					// address, or a preposition of place before "A of
					// B", makes a place of what it rules out.
					if !ofPair(toks, a, b) || locatedName(toks, a.first) {
						markAddressed(toks, a)
					}
				}
				continue
			}
		}
		district := namedDistrict(g, toks, b) && placedInside(toks, a, b)
		var divisions map[string]bool
		part := false
		if !district {
			var ok bool
			if ok, part = placedWithin(toks, a, b, one); !ok {
				continue
			}
			// "the A neighbourhood of B", "the A district of B city": a
			// great city's quarter lies in the city; a namesake farther
			// out is another place ("the Dummar district of Damascus
			// city" is no Ad Dumayr 40 km off), and A one the gazetteer
			// lacks.
			if cityPart(toks, a, b) && g.greatCityReading(b) {
				n := a.filter(func(e entry) bool {
					p := g.places[e.place]
					return p.Kind == KindCountry || p.Kind == KindContinent || g.nearGreatCity(p, b, cityPartKm)
				})
				if n == 0 {
					drop = true
					markAddressed(toks, a)
				}
				continue
			}
			if divisions = g.divisionsOf(b); divisions == nil {
				// "A village in the northern countryside of B", B a town
				// only and spelt as the gazetteer spells it: no town far
				// from every B.
				if part && onlyKind(g, b.entries, KindCity) && b.entries[0].flags&entrySkeleton == 0 {
					n := a.filter(func(e entry) bool {
						p := g.places[e.place]
						return p.Kind != KindCity || g.within(p, b, townReachKm)
					})
					drop = drop || n == 0
				}
				continue
			}
		}
		// A city the text calls one is no namesake abroad: what it holds
		// lies near it.
		cityAfter := tokNorm(toks, b.last+1) == "city" && !toks[b.last].sentenceEnd && !toks[b.last].commaAfter
		n := a.filter(func(e entry) bool {
			p := g.places[e.place]
			if district {
				return p.Kind != KindAdmin1 && p.Kind != KindAdmin2
			}
			if part && p.Kind == KindAdmin1 {
				return false // "the Wahda area (A district) of B": no province anywhere
			}
			if one && !divisions[p.CountryCode] && p.Kind != KindCountry && p.Kind != KindContinent {
				return false // "Qamar village, Jizan": a place b, read in one country only, holds lies there
			}
			if part && cityAfter && !g.within(p, b, partOfKm) {
				return false // "the Bakr area, central Mosul city": no town far from Mosul
			}
			// Only a reading in another division of b's country is
			// ruled out: b itself may be misread abroad.
			return p.Kind != KindCity && p.Kind != KindAdmin1 && p.Kind != KindAdmin2 || p.Admin1 == "" ||
				!divisions[p.CountryCode] || divisions[p.CountryCode+"/"+p.Admin1]
		})
		drop = drop || n == 0
	}
	if !drop {
		return spans
	}
	return nonEmpty(spans)
}

// filter keeps the entries of sp that keep accepts, with their bonuses,
// and returns how many are left. When it removes any, the best entry is
// chosen again.
func (sp *span) filter(keep func(entry) bool) int {
	kept := sp.entries[:0:0]
	var bonus []float64
	for k, e := range sp.entries {
		if keep(e) {
			kept = append(kept, e)
			if sp.bonus != nil {
				bonus = append(bonus, sp.bonus[k])
			}
		}
	}
	if len(kept) < len(sp.entries) {
		sp.entries, sp.bonus, sp.best = kept, bonus, 0
	}
	return len(kept)
}

// nonEmpty returns the spans left with an entry, in place.
func nonEmpty(spans []span) []span {
	out := spans[:0]
	for _, sp := range spans {
		if len(sp.entries) > 0 {
			out = append(out, sp)
		}
	}
	return out
}

// divisionsOf returns the first-level divisions ("country/admin1") a span
// that may name a division may lie in, and their countries, or nil when it
// names none.
func (g *Gazetteer) divisionsOf(b *span) map[string]bool {
	if !hasKind(g, b.entries, KindAdmin1) && !hasKind(g, b.entries, KindAdmin2) {
		return nil
	}
	out := map[string]bool{}
	for _, e := range b.entries {
		p := g.places[e.place]
		switch p.Kind {
		case KindAdmin1, KindAdmin2, KindCity:
			if p.Admin1 != "" {
				out[p.CountryCode+"/"+p.Admin1] = true
				out[p.CountryCode] = true
			}
		case KindCountry, KindContinent:
			return nil // "Georgia": a country too
		}
	}
	return out
}

// placedWithin: the words between spans a and b put a inside division b:
// "A town in B", "A village in southern B", "the A area of B", "A
// district of B", and "A village, B" when one says b is read in one
// country only. part says a kind word calls a a part of b ("area",
// "village"), not a division of its own.
func placedWithin(toks []token, a, b *span, one bool) (ok, part bool) {
	k := a.last + 1
	if toks[a.last].sentenceEnd || toks[a.last].commaAfter {
		return false, false
	}
	// "(A district) of B": the bracket closes on the kind.
	kind := k < b.first && withinKinds[toks[k].norm] && (!toks[k].commaAfter || toks[k].closeAfter && tokNorm(toks, k+1) == "of")
	if kind {
		k++
	} else if j := asideOf(toks, a, b.first); j > 0 {
		k, kind = j, true // "the A area (K district) of B": the aside names the part of B that holds A
	} else if k+1 == b.first && withinKinds[toks[k].norm] && toks[k].commaAfter && !toks[k].closeAfter && one {
		return true, !partKinds[toks[k].norm] // "A village, B", B read in one country only
	} else if k+1 < b.first && withinKinds[toks[k].norm] && toks[k].commaAfter && !toks[k].closeAfter &&
		(k+1 == b.first-1 && directionAdjectives[toks[k+1].norm]) && tokNorm(toks, b.last+1) == "city" {
		return true, true // "the A area, central B city"
	}
	// "of" only after a kind: "the Gulf of Aden" is no gulf inside Aden.
	if k >= b.first || toks[k].norm != "in" && (toks[k].norm != "of" || !kind) || toks[k].commaAfter {
		return false, false
	}
	k++
	if k < b.first && toks[k].norm == "the" {
		k++
	}
	if k < b.first && (directionAdjectives[toks[k].norm] || toks[k].norm == "rural") {
		k++
	}
	// "in the northern countryside of B", "in the outskirts of B".
	if k+1 < b.first && (toks[k].norm == "countryside" || toks[k].norm == "outskirts") && toks[k+1].norm == "of" && !toks[k].commaAfter {
		k += 2
	}
	// "A hill in X in B", "A in X of B": a name the gazetteer lacks
	// between them, itself in B.
	if j := k; j < b.first && toks[j].cap {
		for j < b.first && j < k+3 && toks[j].cap && !toks[j].commaAfter && !toks[j].sentenceEnd {
			j++
		}
		if j < b.first && j > k && (toks[j].norm == "in" || toks[j].norm == "of") && !toks[j].commaAfter {
			k = j + 1
			if k < b.first && toks[k].norm == "the" {
				k++
			}
		}
	}
	return k == b.first, kind && !partKinds[toks[a.last+1].norm]
}

// oneCountry reports whether every reading of span b, each spelt as
// written, lies in one country: a place that may itself be misread abroad
// ("Sadah", a Yemeni province and an Omani town) places nothing for sure.
func (g *Gazetteer) oneCountry(b *span) bool {
	return len(b.entries) > 0 && b.entries[0].flags&entrySkeleton == 0 && g.sameCountry(b)
}

// sameCountry: every reading of span b, however spelt, lies in one
// country.
func (g *Gazetteer) sameCountry(b *span) bool {
	if len(b.entries) == 0 {
		return false
	}
	cc := g.places[b.entries[0].place].CountryCode
	for _, e := range b.entries[1:] {
		if g.places[e.place].CountryCode != cc {
			return false
		}
	}
	return cc != ""
}

// variantsWithin gives span a, whose every reading the text ruled out, the
// places its name is a close spelling variant of that keep accepts, and
// returns how many.
func (g *Gazetteer) variantsWithin(toks []token, a *span, keep func(entry) bool) int {
	for _, m := range g.variantMatches(spanText(toks, a)) {
		if m.closeness >= closeVariant && keep(m.entry) {
			a.entries = append(a.entries, entry{m.place, m.flags &^ entryWeak}) // the text's address is its context
		}
	}
	if len(a.entries) > 0 {
		a.bonus, a.best = nil, 0
		g.score(a, nil)
	}
	return len(a.entries)
}

// closeVariant is how close a spelling variant's transliteration key must
// come to stand for a name the text's address or bearing ruled out.
const closeVariant = 0.95

// markAddressed marks the words of span a, every reading of which the text
// ruled out, as a place the gazetteer lacks (read by unresolved).
func markAddressed(toks []token, a *span) {
	for k := a.first; k <= a.last; k++ {
		toks[k].addressed = true
	}
}

// addressReachKm is how far from B a place of another province may lie in
// "A, B" (province codes of towns and of provinces do not always agree).
const addressReachKm = 120

// addressPair: span b follows span a after a comma and ends the phrase,
// and a is no item of a list: "A, B." "A, B, on Monday".
func addressPair(toks []token, a, b *span) bool {
	end := a.last
	// "A district, B province": the kind of place before the comma.
	if k := a.last + 1; (k+1 == b.first || k+2 == b.first && directionAdjectives[toks[k+1].norm]) && !toks[a.last].commaAfter && !toks[a.last].sentenceEnd && !toks[k].cap && (withinKinds[toks[k].norm] || divisionWords[toks[k].norm]) {
		end = k
	}
	// "A district, southern B": a part of B holds A.
	if !toks[end].commaAfter || toks[end].sentenceEnd || b.first != end+1 && !(b.first == end+2 && directionAdjectives[toks[end+1].norm]) {
		return false
	}
	if k := a.first - 1; k >= 0 && (toks[k].commaAfter || toks[k].norm == "and" || toks[k].norm == "or") {
		return false
	}
	if toks[b.last].sentenceEnd || b.last+1 >= len(toks) {
		return true
	}
	next := toks[b.last+1]
	return toks[b.last].commaAfter && !next.cap && next.norm != "and" && next.norm != "or"
}

// locatedName: a preposition of place stands before the name at token
// first, or before the list it ends ("in A and B").
func locatedName(toks []token, first int) bool {
	k := first - 1
	if tokenIs(toks, k, "and") {
		for k--; k > 0 && k >= first-5 && (toks[k].cap || articles[toks[k].norm]) && !toks[k].sentenceEnd; k-- {
		}
	}
	return k >= 0 && strongLocatives[toks[k].norm] && !toks[k].sentenceEnd && !toks[k].commaAfter
}

// ofPair: span b follows span a after "of": "A of B".
func ofPair(toks []token, a, b *span) bool {
	k := a.last + 1
	return k+1 == b.first && toks[k].norm == "of" && !toks[a.last].commaAfter && !toks[a.last].sentenceEnd && !toks[k].commaAfter &&
		!waterWords[toks[a.last].norm] // "the Gulf of Aden"
}

// bearingFrom reads a bearing from span b right after span a, with or
// without a comma and a distance ("A, east of B", "A 20 km north of B"),
// and returns how far from b the text puts a: the distance and a margin,
// or bearingReachKm without one.
func bearingFrom(toks []token, a, b *span) (reach float64, ok bool) {
	k := a.last + 1
	if toks[a.last].sentenceEnd || k >= b.first {
		return 0, false
	}
	// "A and B, west of C": the list's last name, one the gazetteer
	// lacks, stands between.
	if toks[k].norm == "and" && !toks[a.last].commaAfter {
		for j := k + 1; j < b.first && j < k+4 && toks[j].cap; j++ {
			if toks[j].commaAfter {
				k = j + 1
				break
			}
		}
	}
	// "the A area north of B", "A village, 20 km west of B": the kind
	// word the name goes on with.
	if bearingKinds[toks[k].norm] && !toks[a.last].commaAfter && !toks[k].sentenceEnd && k+1 < b.first {
		k++
	}
	reach = bearingReachKm
	if k+1 < b.first {
		if n, ok := parseNumber(toks[k].norm); ok && !toks[k].commaAfter {
			if km, ok := geo.KmFromUnit(n, toks[k+1].norm); ok {
				reach = km*1.25 + 25
				k += 2
				// "80 kilometers (50 miles) west of B": the distance again
				// in another unit.
				if k+2 < b.first {
					if n2, ok := parseNumber(toks[k].norm); ok && n2 > 0 {
						if _, ok := geo.KmFromUnit(n2, toks[k+1].norm); ok {
							k += 2
						}
					}
				}
			}
		}
	}
	dir, d := toks[k].norm, k
	if toks[k].hyphenAfter && k+1 < b.first {
		k++ // "north-east"
	}
	if toks[k].commaAfter || k+2 != b.first || toks[k+1].norm != "of" || toks[k+1].commaAfter {
		return 0, false
	}
	if k > d {
		dir += toks[k].norm
	}
	if _, ok := geo.Bearing(dir); !ok {
		return 0, false
	}
	return reach, true
}

// bearingKinds may follow a settlement's name before its bearing from a
// town ("the A area north of B"); a district's bearing ("A district, south
// of B") is loose, and a district may be large.
var bearingKinds = map[string]bool{
	"village": true, "town": true, "area": true, "neighbourhood": true, "neighborhood": true,
	"camp": true, "quarter": true, "suburb": true, "hamlet": true,
}

// bearingReachKm is how far from B the text may put a place "east of B"
// when it gives no distance.
const bearingReachKm = 150

// townReachKm is how far from a town the places the text puts in it or its
// countryside lie.
const townReachKm = 40

// onlyKind: every entry is a place of kind k.
func onlyKind(g *Gazetteer, es []entry, k Kind) bool {
	for _, e := range es {
		if g.places[e.place].Kind != k {
			return false
		}
	}
	return len(es) > 0
}

// partOfKm is how far from every reading of B a place the text calls an
// area or village of B may lie.
const partOfKm = 150

// within reports whether p lies within km of a reading of span b.
func (g *Gazetteer) within(p *Place, b *span, km float64) bool {
	for _, e := range b.entries {
		if geo.DistanceKm(p.Point, g.places[e.place].Point) <= km {
			return true
		}
	}
	return false
}

// cityPartKm is how far from a great city's point a quarter of it lies.
const cityPartKm = 25

// cityPart: the kind word after span a calls it a quarter of a city b:
// "neighbourhood", "quarter", or "district" and "area" when the text calls
// b a city ("the A district of B city"); a province's districts lie far
// from its seat.
func cityPart(toks []token, a, b *span) bool {
	switch toks[a.last+1].norm {
	case "neighbourhood", "neighborhood", "quarter":
		return true
	case "district", "area":
		return tokNorm(toks, b.last+1) == "city" && !toks[b.last].sentenceEnd && !toks[b.last].commaAfter
	}
	return false
}

// nearGreatCity reports whether p lies within km of a reading of span b
// that is a great city.
func (g *Gazetteer) nearGreatCity(p *Place, b *span, km float64) bool {
	for _, e := range b.entries {
		if c := g.places[e.place]; c.Kind == KindCity && c.Population >= cityDistrictsPopulation && geo.DistanceKm(p.Point, c.Point) <= km {
			return true
		}
	}
	return false
}

// ownedPart: span b names a part of the town a's possessive owns, and the
// word after b says what part: "Port-au-Prince's Bel Air neighbourhood".
func ownedPart(toks []token, a, b *span) bool {
	if !toks[a.last].possessive || b.first != a.last+1 || toks[b.last].sentenceEnd || toks[b.last].commaAfter || toks[b.last].possessive {
		return false
	}
	switch tokNorm(toks, b.last+1) {
	case "neighbourhood", "neighborhood", "quarter", "suburb", "district", "area", "market", "slum", "township":
		return true
	}
	return false
}

// partKinds are the within kinds that may name a division of its own: "A
// district of B".
var partKinds = map[string]bool{"district": true, "subdistrict": true}

// asideOf reads "area (K district) of" after span a, before token end, and
// returns the token of "of", else 0.
func asideOf(toks []token, a *span, end int) int {
	k := a.last + 1
	if toks[a.last].commaAfter || toks[a.last].sentenceEnd || k >= end || !withinKinds[toks[k].norm] || !toks[k].commaAfter || toks[k].closeAfter {
		return 0
	}
	return bracketKindEnd(toks, k+1, end)
}

// bracketKindEnd reads an aside of capitalised words and a kind word that
// a bracket closes, from token k up to end ("Karada district)"), and
// returns the token after it when "of" follows, else 0.
func bracketKindEnd(toks []token, k, end int) int {
	for j := k; j < end && j < k+maxUnresolvedTokens+1; j++ {
		t := toks[j]
		if t.sentenceEnd {
			return 0
		}
		if t.closeAfter {
			if j > k && withinKinds[t.norm] && tokNorm(toks, j+1) == "of" {
				return j + 1
			}
			return 0
		}
		if !t.cap || t.commaAfter {
			return 0
		}
	}
	return 0
}

// withinKinds name what lies inside a division: "A town in B".
var withinKinds = map[string]bool{
	"village": true, "villages": true, "town": true, "area": true, "areas": true, "district": true,
	"subdistrict": true, "neighborhood": true, "neighbourhood": true, "camp": true, "quarter": true,
	"suburb": true, "hill": true, "hills": true, "mountain": true, "valley": true,
	"favela": true, "slum": true, "shantytown": true, "township": true, "barrio": true,
}

// namedDistrict: the span is called a district ("Dhi Naim district") and
// may be one.
func namedDistrict(g *Gazetteer, toks []token, b *span) bool {
	j := b.last + 1
	if j >= len(toks) || toks[b.last].sentenceEnd || toks[b.last].commaAfter {
		return false
	}
	w := toks[j].norm
	if w == "sub" && toks[j].hyphenAfter {
		w = tokNorm(toks, j+1) // "B sub-district"
	}
	if w != "district" && w != "subdistrict" {
		return false
	}
	return hasKind(g, b.entries, KindAdmin2)
}

// placedInside: the words between spans a and b put a inside b: "A area
// of B", "A areas of B", "A in B", "A, B".
func placedInside(toks []token, a, b *span) bool {
	gap := b.first - a.last - 1
	if toks[a.last].sentenceEnd {
		return false
	}
	switch {
	case gap == 0:
		return toks[a.last].commaAfter
	case toks[a.last].commaAfter:
		return false
	case gap == 1:
		return toks[a.last+1].norm == "in" || toks[a.last+1].norm == "of"
	case gap == 2:
		w := toks[a.last+1]
		return (w.norm == "area" || w.norm == "areas") && !w.commaAfter && toks[a.last+2].norm == "of"
	}
	return false
}

// settlementCue returns the word that calls the span a settlement: "town"
// in "the town of A" or "in A town", or "" when none does.
func settlementCue(toks []token, sp *span) string {
	if i := sp.first; i >= 2 && toks[i-1].norm == "of" && !toks[i-1].cap && !toks[i-2].cap && !toks[i-2].sentenceEnd {
		// "two villages of A", "several towns of A": a count of places
		// that A holds.
		if w := settlementKinds[toks[i-2].norm]; w != "" && !(w != toks[i-2].norm && i >= 3 && countWord(toks[i-3].norm)) {
			return w
		}
	}
	// "the village A": the kind in apposition.
	if i := sp.first; i >= 2 && toks[i-2].norm == "the" && !toks[i-1].cap && !toks[i-2].sentenceEnd && !toks[i-1].commaAfter {
		if w := settlementKinds[toks[i-1].norm]; w == "village" || w == "town" {
			return w
		}
	}
	// "A village" after a preposition; "the West Bank town of B" and "a
	// Myanmar town" name the town's region, not the town.
	if j := sp.last + 1; j < len(toks) && sp.first > 0 && !toks[sp.first-1].sentenceEnd &&
		(locativePreps[toks[sp.first-1].norm] && toks[sp.first-1].norm != "of" || cuePreps[toks[sp.first-1].norm] || verbBefore(toks, sp.first-1)) &&
		!toks[sp.last].sentenceEnd && !toks[sp.last].commaAfter && !toks[j].cap {
		if w := settlementKinds[toks[j].norm]; w != "" && (w != "city" || toks[j].norm == "city") {
			return w // "in Kano city": the seat, not its state
		}
	}
	return ""
}

// bracketRepeats: the name of span sp is followed by a bracket that ends
// with the same name after a comma ("Kaduna (Kaduna North, Kaduna)"): the
// address of a town in the district and the state named after it.
func bracketRepeats(toks []token, sp *span) bool {
	n := sp.last - sp.first + 1
	if toks[sp.last].sentenceEnd || toks[sp.last].closeAfter {
		return false // an opening bracket reads as a comma after the name
	}
	comma := false
	for k := sp.last + 1; k < len(toks) && k <= sp.last+6; k++ {
		if toks[k].closeAfter {
			if !comma || k-n < sp.last || !toks[k-n].commaAfter {
				return false
			}
			for i := 0; i < n; i++ {
				if toks[k-n+1+i].norm != toks[sp.first+i].norm {
					return false
				}
			}
			return true
		}
		if toks[k].sentenceEnd {
			return false
		}
		comma = comma || toks[k].commaAfter
	}
	return false
}

// countWord: w counts things ("two", "12", "several").
func countWord(w string) bool {
	if _, ok := parseNumber(w); ok {
		return true
	}
	switch w {
	case "several", "some", "many", "few", "dozens", "scores", "various", "numerous", "other", "all", "both":
		return true
	}
	return false
}

// verbBefore: token k is a verb in the past tense right before a name
// ("raided Damboa town", "shelled Hamra village"): the name is its object,
// not a qualifier ("a Myanmar town").
func verbBefore(toks []token, k int) bool {
	t := toks[k]
	return !t.cap && !t.commaAfter && len(t.norm) > 4 && strings.HasSuffix(t.norm, "ed")
}

// villageMaxPopulation is more people than a place the text calls a village
// holds.
const villageMaxPopulation = 100_000

// settlementKinds are the words for a populated place, by the one they
// stand for.
var settlementKinds = map[string]string{
	"village": "village", "villages": "village", "town": "town", "towns": "town", "hamlet": "village",
	"city": "city",
}

// placeCue reports whether the words around a span say it is a place: a
// locative before it ("in", "near"), a kind of place before it with "of"
// ("the outskirts of") or after it ("village", "district", "camp").
func placeCue(toks []token, sp *span) bool {
	if kindOf(toks, sp.first) && unknownDivisions[toks[sp.first-2].norm] == "" {
		// "the outskirts of X", "the village of X"; "the district of X"
		// is more often a city's quarter than a village elsewhere.
		return true
	}
	if k := sp.first - 1; k >= 0 {
		if articles[toks[k].norm] && toks[k].cap && toks[k].hyphenAfter && k > 0 {
			k-- // "in al-Jirahi": the article is the name's
		}
		prev := toks[k]
		if !prev.sentenceEnd && (locativePreps[prev.norm] && prev.norm != "of" || cuePreps[prev.norm]) {
			return true
		}
		// "west of X", "20 km south of X": a bearing from a place.
		if prev.norm == "of" && k > 0 && !toks[k-1].commaAfter && bearingWords[toks[k-1].norm] {
			return true
		}
	}
	if sp.last+1 < len(toks) && !toks[sp.last].sentenceEnd {
		return cueWords[toks[sp.last+1].norm]
	}
	return false
}

// bearingWords come before "of" and a place they give a bearing from.
var bearingWords = map[string]bool{
	"north": true, "south": true, "east": true, "west": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "km": true, "kilometres": true, "kilometers": true, "miles": true,
}

// cuePreps come before a place attacked or reached: "fell on X", "advanced
// to X", "fighting between X and Y".
var cuePreps = map[string]bool{"on": true, "to": true, "via": true, "between": true, "onto": true}

// cueWords follow the name of a settlement or division as its kind.
var cueWords = map[string]bool{
	"village": true, "villages": true, "town": true, "city": true, "district": true, "subdistrict": true,
	"area": true, "camp": true, "neighborhood": true, "neighbourhood": true, "quarter": true,
	"countryside": true, "outskirts": true, "suburb": true, "suburbs": true, "province": true,
	"governorate": true, "region": true, "checkpoint": true, "crossing": true, "base": true, "airbase": true,
	"sub": true, // "A sub-district"
}

// minorOnly reports whether every candidate is a place too minor to be
// meant whatever the article is about: a town under 100,000 people that is
// no capital or first-level seat, or a second-level division.
func (g *Gazetteer) minorOnly(es []entry) bool {
	if len(es) == 0 {
		return false
	}
	for _, e := range es {
		p := g.places[e.place]
		if e.flags&entrySkeleton != 0 {
			return false
		}
		switch {
		case p.Kind == KindAdmin2:
		case p.Kind == KindCity && p.Population < 100000 && p.FeatureCode != "PPLC" && p.FeatureCode != "PPLA":
		default:
			return false
		}
	}
	return true
}

// nearSettledKm is how far from a settled country's representative point a
// minor place in an unsettled country on the same continent may lie.
const nearSettledKm = 2000

// nearSettled reports whether a candidate lies in a settled country, or on
// a settled continent near one.
func (g *Gazetteer) nearSettled(es []entry, countries map[string]float64, continents map[string]bool) bool {
	for _, e := range es {
		p := g.places[e.place]
		if countries[p.CountryCode] >= settledWeight {
			return true
		}
		if !continents[g.continent[p.CountryCode]] {
			continue
		}
		for cc, w := range countries {
			if c, ok := g.countries[cc]; ok && w >= settledWeight && geo.DistanceKm(c.Point, p.Point) <= nearSettledKm {
				return true
			}
		}
	}
	return false
}

// spanText is the folded text of a span's tokens.
func spanText(toks []token, sp *span) string {
	parts := make([]string, 0, sp.last-sp.first+1)
	for k := sp.first; k <= sp.last; k++ {
		parts = append(parts, toks[k].norm)
	}
	return strings.Join(parts, " ")
}

// settledWeight is how much confident mention a country needs before a weak
// spelling variant inside it is believed.
const settledWeight = 0.5

// settleVariants holds spelling-variant candidates to the places the article
// settles by names it spells exactly: a variant of a prominent place must lie
// on a continent those countries are on, any other variant in one of those
// countries and, unless the sentence names its division too, with words
// that mark it as a place ("in X", "X village", "X, Idlib"). A span left with no
// candidate is no mention. Context beats
// spelling: "Sanguun" in a report from Somalia is no town in China.
//
// hints are countries the caller knows the text is about (the home countries
// of the armed groups it names): they settle like names spelt exactly.
func (g *Gazetteer) settleVariants(toks []token, sents []int, spans []span, hints map[string]float64) []span {
	loose := false
	for i := range spans {
		if spans[i].entries[0].flags&entrySkeleton != 0 || g.minorOnly(spans[i].entries) {
			loose = true
			break
		}
	}
	if !loose {
		return spans
	}
	s := settling{
		g:    g,
		toks: toks,
		// What the names spelt exactly settle, small towns aside (a village
		// shares its name with others the world over).
		countries: map[string]float64{},
		// The divisions each sentence names: "a village in southern Idlib".
		sents:        sents,
		named:        map[sentAdmin1]bool{},
		namedCountry: map[sentAdmin1]bool{},
	}
	for i := range spans {
		if spans[i].entries[0].flags&entrySkeleton == 0 && !g.minorOnly(spans[i].entries) {
			s.add(&spans[i])
		}
	}
	for cc, w := range hints {
		s.countries[cc] += w
	}
	s.hinted = len(hints) > 0
	s.continents = map[string]bool{}
	for cc, w := range s.countries {
		if w >= settledWeight {
			if c := g.continent[cc]; c != "" {
				s.continents[c] = true
			}
		}
	}
	if len(s.continents) > 0 {
		for i := range spans {
			s.replaceFarMinor(&spans[i], len(hints) > 0)
		}
	}
	for i := range spans {
		s.dropForeignAlt(&spans[i])
	}
	// Prominent variants first: those that stay settle countries for the
	// weak ones ("Idleb" for a village in Idlib province).
	for pass := 0; pass < 2; pass++ {
		for i := range spans {
			s.holdVariants(&spans[i], pass)
		}
	}
	out := spans[:0]
	for _, sp := range spans {
		if len(sp.entries) > 0 {
			out = append(out, sp)
		}
	}
	return out
}

// settling is what settleVariants learns of an article: the weight of each
// country its names settle, the continents of the settled ones, and the
// divisions each sentence names.
type settling struct {
	g          *Gazetteer
	toks       []token
	sents      []int // the sentence of each token
	hinted     bool  // the caller gave countries
	countries  map[string]float64
	continents map[string]bool
	variants   map[string][]entry // variantsOf's answers so far
	named      map[sentAdmin1]bool
	// namedCountry holds, by sentence, the countries whose divisions
	// it names (the admin1 field holds the country code).
	namedCountry map[sentAdmin1]bool
}

// sentAdmin1 is a division named in a sentence.
type sentAdmin1 struct {
	sent   int
	admin1 string
}

// add counts the place sp stands for toward the countries the article
// settles, and its division toward those its sentence names.
func (s *settling) add(sp *span) {
	if len(sp.entries) == 0 {
		return
	}
	p := s.g.places[sp.entries[sp.best].place]
	if p.CountryCode == "" || sp.entries[sp.best].flags&entryWeak != 0 {
		return
	}
	w := sp.conf
	if p.Kind == KindCountry {
		w *= 1.5
	}
	if sp.demonym && actorAfter(s.toks, sp.last) {
		w *= 0.3 // "Russian warplanes" tell who, not where
	}
	s.countries[p.CountryCode] += w
	if p.Kind == KindAdmin1 || p.Kind == KindAdmin2 {
		s.named[sentAdmin1{s.sents[sp.first], p.Admin1}] = true
		s.namedCountry[sentAdmin1{s.sents[sp.first], p.CountryCode}] = true
	}
}

// replaceFarMinor: a minor place spelt exactly but far from everything the
// article settles ("Arbin" in France, in a report from Syria) gives way to
// a variant of the name in a settled country ("Irbin"). hinted says the
// caller gave countries.
func (s *settling) replaceFarMinor(sp *span, hinted bool) {
	g := s.g
	if !g.minorOnly(sp.entries) || g.nearSettled(sp.entries, s.countries, s.continents) && !(s.hinted && s.unnamed(sp.entries)) {
		return
	}
	var near []entry
	for _, e := range s.variantsOf(spanText(s.toks, sp)) {
		if s.countries[g.places[e.place].CountryCode] >= settledWeight {
			near = append(near, entry{e.place, e.flags | entryWeak})
		}
	}
	switch {
	case len(near) > 0:
		sp.entries, sp.bonus, sp.best = near, nil, 0
		g.score(sp, nil)
	case sp.bonus == nil && hinted:
		// Nor does a minor namesake on another continent stand for
		// a place in a report on armed groups whose homes lie
		// elsewhere, unless its own container names it ("Olive
		// Branch, Mississippi").
		sp.entries = nil
	}
}

// variantsOf is Gazetteer.variantsOf, read once for each name of the
// article: a name met many times ("Taliban") is looked up once.
func (s *settling) variantsOf(folded string) []entry {
	if es, ok := s.variants[folded]; ok {
		return es
	}
	es := s.g.variantsOf(folded)
	if s.variants == nil {
		s.variants = map[string][]entry{}
	}
	s.variants[folded] = es
	return es
}

// unnamed reports whether no reading of es lies in a country the article
// names or its groups are at home in: near as it may be, a small town
// there is a namesake ("Hit village" in a report on Syrian rebels).
func (s *settling) unnamed(es []entry) bool {
	for _, e := range es {
		if s.countries[s.g.places[e.place].CountryCode] > 0 {
			return false
		}
	}
	return true
}

// dropForeignAlt: a small town met only by an old or other-language name
// ("Qatra", an Israeli village's former name) outside every country the
// article settles is no place of it.
func (s *settling) dropForeignAlt(sp *span) {
	if len(sp.entries) == 0 || !s.g.minorOnly(sp.entries) || len(s.continents) == 0 {
		return
	}
	for _, e := range sp.entries {
		if e.flags&entryAlt == 0 || s.countries[s.g.places[e.place].CountryCode] >= settledWeight {
			return
		}
	}
	sp.entries = nil
}

// holdVariants keeps the candidates of a variant span sp that the article
// settles. Pass 0 judges the prominent ones, whose places then settle
// their countries; pass 1 the weak ones.
func (s *settling) holdVariants(sp *span, pass int) {
	g := s.g
	if len(sp.entries) == 0 || sp.entries[0].flags&entrySkeleton == 0 {
		return
	}
	var kept []entry
	var bonus []float64
	for k, e := range sp.entries {
		p := g.places[e.place]
		cont := g.continent[p.CountryCode]
		ok := false
		switch weak := e.flags&entryWeak != 0; {
		case !weak:
			// A report whose armed groups give it homes takes a
			// variant only in a country something in it names.
			ok = pass == 1 || len(s.continents) == 0 || cont == "" || s.continents[cont] && (!s.hinted || s.countries[p.CountryCode] > 0)
		case pass == 0:
			ok = true // judged in the second pass
		default:
			ok = s.countries[p.CountryCode] >= settledWeight &&
				(placeCue(s.toks, sp) || sp.bonus != nil && sp.bonus[k] > 0 || s.named[sentAdmin1{s.sents[sp.first], p.Admin1}])
		}
		// A town the name only resembles in another division of a country
		// whose division the sentence names is a namesake: "A front near
		// B town in Rural Damascus" is no A in Idlib.
		if ok && p.Kind == KindCity && s.otherDivision(sp, p) {
			ok = false
		}
		if ok {
			kept = append(kept, e)
			if sp.bonus != nil {
				bonus = append(bonus, sp.bonus[k])
			}
		}
	}
	sp.entries, sp.bonus, sp.best = kept, bonus, 0
	if len(kept) > 0 {
		g.score(sp, nil)
	}
	if pass == 0 && len(kept) > 0 {
		s.add(sp)
	}
}

// otherDivision: the sentence of sp names a first-level division of p's
// country, and none that holds p.
func (s *settling) otherDivision(sp *span, p *Place) bool {
	sent := s.sents[sp.first]
	return p.Admin1 != "" && s.namedCountry[sentAdmin1{sent, p.CountryCode}] && !s.named[sentAdmin1{sent, p.Admin1}]
}

// containerHints reads "Paris, Texas", "Kirkuk, Iraq", "Rome, Ga.": a name
// followed by a comma and a division or country that contains one of its
// candidates. Both names gain: the place inside the container, and the
// container that holds one of the place's candidates.
func (g *Gazetteer) containerHints(toks []token, spans []span) {
	for i := 0; i+1 < len(spans); i++ {
		a, b := &spans[i], &spans[i+1]
		// "Argelia municipality, Cauca": the kind of division before the
		// comma.
		end := a.last
		if k := a.last + 1; !toks[a.last].commaAfter && !toks[a.last].sentenceEnd && k < len(toks) && divisionWords[toks[k].norm] && !toks[k].cap {
			end = k
		}
		if !toks[end].commaAfter || b.first != end+1 || b.demonym || b.adjectival {
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
	// self is the weight each name counted once, by the index of its first
	// span: a name met again ("fighting in Ariha ... the outskirts of
	// Ariha") vouches no more for its reading than it did the first time.
	self []float64
}

// nameKey tells the spans of one name apart from others: the same
// candidates, in the same order.
type nameKey struct {
	first int32
	n     int
}

func keyOf(sp *span) nameKey { return nameKey{sp.entries[0].place, len(sp.entries)} }

// sameWords: spans a and b are written alike, word for word.
func sameWords(toks []token, a, b *span) bool {
	if a.last-a.first != b.last-b.first {
		return false
	}
	for k := 0; k <= a.last-a.first; k++ {
		if toks[a.first+k].norm != toks[b.first+k].norm {
			return false
		}
	}
	return true
}

// nameSpans sets each span's name to the index of the first span of the
// same name: the same candidates, or the same words ("Paris PD ... Paris
// residents", where the second is also read as a loose spelling of
// another town, is one name all the same, and does not vouch for the
// first's readings).
func nameSpans(toks []token, spans []span) {
	for i := range spans {
		sp := &spans[i]
		sp.name = i
		if len(sp.entries) == 0 {
			continue
		}
		key := keyOf(sp)
		for j := range i {
			if o := &spans[j]; o.name == j && len(o.entries) > 0 && (keyOf(o) == key || sameWords(toks, o, sp)) {
				sp.name = j
				break
			}
		}
	}
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
func proximityBonus(pl *Place, own [2]float64, pts []contextPoint) float64 {
	const degKm = 111.195
	p, cosLat := pl.Point, pl.cosLatitude()
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

func (g *Gazetteer) buildContext(toks []token, spans []span, hints map[string]float64) *articleContext {
	c := &articleContext{countries: map[string]float64{}, admin1: map[string]float64{}, named: map[string]float64{}, self: make([]float64, len(spans)),
		points: make([]contextPoint, 0, len(spans))}
	for cc, w := range hints {
		c.countries[cc] += w
	}
	for i := range spans {
		sp := &spans[i]
		if len(sp.entries) == 0 {
			continue
		}
		p := g.places[sp.entries[sp.best].place]
		if p.Kind == KindCity || p.Kind == KindAdmin1 || p.Kind == KindAirport || p.Kind == KindAirbase {
			c.points = append(c.points, contextPoint{tok: sp.first, span: i, point: p.Point, w: sp.conf})
		}
		if sp.name != i {
			continue // counted at the name's first span
		}
		c.self[i] = sp.conf
		w := sp.conf
		if p.Kind == KindCountry {
			w *= 1.5
		}
		if sp.adjectival || sp.demonym && actorAfter(toks, sp.last) {
			// "Saudi-led", "Iran-backed" name a sponsor, "Russian
			// warplanes" an actor, not where things are.
			w *= 0.3
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
	}
	return c
}

// armedNouns after a country's adjective make it name armed men, not a
// place: "Russian warplanes", "Turkish troops".
var armedNouns = map[string]bool{
	"forces": true, "troops": true, "army": true, "soldiers": true, "warplanes": true, "jets": true,
	"helicopters": true, "aircraft": true, "military": true, "artillery": true, "drones": true, "navy": true,
	"militia": true, "militias": true, "fighters": true, "airstrikes": true, "tanks": true,
}

// actorAfter: the words after token last ("warplanes", "or Syrian
// warplanes") make the adjective before them name armed men.
func actorAfter(toks []token, last int) bool {
	if toks[last].sentenceEnd || toks[last].commaAfter {
		return false
	}
	k := last + 1
	if tokenIs(toks, k, "or", "and") && k+2 < len(toks) && toks[k+1].cap && !toks[k+1].commaAfter {
		k += 2
	}
	return k < len(toks) && armedNouns[toks[k].norm]
}

// score weighs each candidate of sp, by its prior and by what the article
// around it (ctx, if not nil) says, and picks the best with its confidence.
func (g *Gazetteer) score(sp *span, ctx *articleContext) {
	n := len(sp.entries)
	if cap(sp.scores) < n {
		sp.scores = make([]float64, n)
	}
	sp.scores = sp.scores[:n]
	own := g.places[sp.entries[sp.best].place]
	// A division and its seat often share a name ("Deir ez-Zor",
	// "Saravena"): the seat is the more precise reading.
	var divisions []string   // the first-level divisions the span may name
	var districtsIn []string // the first-level divisions of the districts it may name
	if n > 1 {
		for _, e := range sp.entries {
			switch p := g.places[e.place]; p.Kind {
			case KindAdmin1:
				divisions = append(divisions, p.Admin1)
			case KindAdmin2:
				districtsIn = append(districtsIn, p.Admin1)
			}
		}
	}
	for k, e := range sp.entries {
		p := g.places[e.place]
		s := prior(p, e.flags)
		if sp.bonus != nil {
			s += sp.bonus[k]
		}
		if p.Kind == KindCity && (p.FeatureCode == "PPLA" || e.flags&entryAlt == 0 && strings.HasPrefix(p.FeatureCode, "PPLA")) && slices.Contains(divisions, p.Admin1) {
			s += 2
		}
		if ctx != nil {
			// A town met by another name of it ("Jenin" for Janīn) is
			// no less in the division the text names than the district
			// of that name around it.
			otherName := sp.entries[k].flags&entryAlt != 0 && !(p.Kind == KindCity && slices.Contains(districtsIn, p.Admin1))
			s = contextScore(s, sp, ctx, k, p, own, otherName)
		}
		sp.scores[k] = s
	}
	sp.pickBest()
}

// contextScore adds to s, the score of the candidate k of sp (place p; own
// is the place sp stands for now), what the article ctx says for it;
// otherName: the span meets p by an old or other name of it.
func contextScore(s float64, sp *span, ctx *articleContext, k int, p, own *Place, otherName bool) float64 {
	n := len(sp.entries)
	self := ctx.self[sp.name]
	cw := ctx.countries[p.CountryCode]
	if p.CountryCode == own.CountryCode && p.CountryCode != "" {
		// A name does not vouch for itself, nor its reading for its
		// other readings in the same country: Libya's Al Bayda read as
		// its province does not make the town likelier.
		cw -= self
		if own.Kind == KindCountry {
			cw -= self * 0.5
		}
	}
	if cw > 0 {
		s += ctxBase + math.Min(cw, ctxCap)
	}
	if p.Admin1 != "" && p.Kind != KindAdmin1 {
		// The name's own current reading does not vouch for its
		// other readings: "Chiapas" read as the state does not make
		// the town of Chiapa de Corzo, also called Chiapas, likelier.
		aw, nw := ctx.admin1[p.Admin1], ctx.named[p.Admin1]
		if own.Admin1 == p.Admin1 && own.Kind != KindCountry {
			aw -= self
			if own.Kind == KindAdmin1 {
				nw -= self
			}
		}
		if aw > 0.2 {
			s += admin1Bonus
		}
		// A division the text names outright is where the article is;
		// less so for a town met by an old or other name of it.
		if nw > 0.2 {
			if otherName {
				s += namedAdmin1Bonus / 2
			} else {
				s += namedAdmin1Bonus
			}
		}
	}
	if p.Kind == KindAdmin1 && n > 1 {
		// "Georgia" among Atlanta and Macon is the state.
		aw := ctx.admin1[p.Admin1]
		if p == own {
			aw -= self
		}
		if aw > 0.2 {
			s += admin1Bonus + namedAdmin1Bonus
		}
	}
	if p.Kind != KindCountry && n > 1 && k < maxProximityCandidates && len(ctx.points) > 0 {
		// The nearest mentions in the text speak for the place; a window
		// keeps long texts linear.
		lo, hi := windowAround(ctx.points, sp.first, proximityWindow)
		s += proximityBonus(p, own.Point, ctx.points[lo:hi])
	}
	return s
}

// pickBest sets sp.best to the candidate with the highest score and
// sp.conf to the confidence in it.
func (sp *span) pickBest() {
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
