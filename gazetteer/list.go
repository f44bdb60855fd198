package gazetteer

import "github.com/incidentmap/incidentmap/geo"

// listWithin: the items of a list of places that its last words put in one
// place ("the districts of A, B and C in Aleppo", "the villages of A and B
// in Idlib province") lie there. A reading of an item elsewhere (A read as
// a province of another country, B as a village of another province) is a
// namesake; an item left with no reading is a place the gazetteer lacks,
// for Unresolved to stand in the list's place.
func (g *Gazetteer) listWithin(toks []token, spans []span) []span {
	drop := false
	for bi := 1; bi < len(spans); bi++ {
		b := &spans[bi]
		lo, ok := listBefore(toks, b.first)
		if !ok || b.demonym {
			continue
		}
		for ai := bi - 1; ai >= 0 && spans[ai].first >= lo; ai-- {
			n := spans[ai].filter(func(e entry) bool { return g.liesIn(g.places[e.place], b) })
			drop = drop || n == 0
		}
	}
	if !drop {
		return spans
	}
	return nonEmpty(spans)
}

// listBefore reads back from the name at token b over "in" (or "in the")
// and a list of at least two capitalised names joined by commas and "and"
// to the plural place word and "of" that open it ("the districts of"), or
// from a plural place word that ends it ("A, B and C areas in D") to the
// word before its first name. It returns the list's first token and
// whether there is such a list.
func listBefore(toks []token, b int) (int, bool) {
	k := b - 1
	// "in the east B countryside", "in northern B": a part of b.
	for k > 0 && !toks[k].cap && !toks[k].sentenceEnd && !toks[k].commaAfter && (directionAdjectives[toks[k].norm] || compassWord(toks[k].norm)) {
		k--
	}
	if tokenIs(toks, k, "the") {
		k--
	}
	if !tokenIs(toks, k, "in") || k < 1 || toks[k-1].commaAfter || toks[k-1].sentenceEnd {
		return 0, false
	}
	items := 1
	// "A, B and C areas in D": the place word ends the list.
	// ("and areas in D" is an item of its own).
	trailing := listPlaceWords[toks[k-1].norm] && !toks[k-1].cap && k >= 2 && toks[k-2].cap && !toks[k-2].commaAfter
	if trailing {
		k--
	}
	for j := k - 1; j >= 1 && j >= k-30; j-- {
		t := toks[j]
		switch {
		case t.sentenceEnd:
			if trailing {
				return j + 1, items >= 2
			}
			return 0, false
		case t.norm == "of" && listPlaceWords[toks[j-1].norm] && !toks[j-1].cap:
			return j + 1, items >= 2
		case t.norm == "and" && !t.cap:
			items++
		case t.cap || t.hyphenAfter || arabicArticles[t.norm]:
			if t.commaAfter && !t.closeAfter {
				items++
			}
		case trailing && !t.cap:
			return j + 1, items >= 2
		default:
			return 0, false
		}
	}
	return 0, false
}

// compassWord: w names a point of the compass ("east", "northwest").
func compassWord(w string) bool {
	return bearingWords[w] && w != "km" && w != "kilometres" && w != "kilometers" && w != "miles"
}

// listPlaceWords open a list of places: "the villages of A, B and C".
var listPlaceWords = map[string]bool{
	"villages": true, "towns": true, "districts": true, "areas": true, "neighbourhoods": true,
	"neighborhoods": true, "settlements": true, "cities": true, "suburbs": true, "quarters": true,
}

// liesIn: the place p may lie in what the span b names: in one of b's
// first-level divisions, or near one of its towns.
func (g *Gazetteer) liesIn(p *Place, b *span) bool {
	for _, e := range b.entries {
		q := g.places[e.place]
		switch q.Kind {
		case KindCountry:
			if p.CountryCode == q.CountryCode {
				return true
			}
		case KindAdmin1:
			if p.CountryCode == q.CountryCode && p.Admin1 == q.Admin1 {
				return true
			}
		case KindCity, KindAdmin2:
			if p.Kind != KindAdmin1 && p.Kind != KindCountry && geo.DistanceKm(p.Point, q.Point) <= listReachKm {
				return true
			}
		default:
			return true // a region, a border: not read here
		}
	}
	return false
}

// listReachKm: the places of a list a town holds lie this near it.
const listReachKm = 40
