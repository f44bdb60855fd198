package incident

import (
	"slices"
	"sort"
	"strings"

	"github.com/incidentmap/incidentmap/gazetteer"
)

// unresolved returns the names the text marks as places that the tagged
// mentions do not cover, read once.
func (x *extractor) unresolved() []gazetteer.UnresolvedName {
	if !x.namesRead {
		x.namesRead = true
		switch {
		case x.tagging != nil:
			x.names = x.tagging.Unresolved(x.tagged)
		case x.g != nil:
			x.names = x.g.Unresolved(x.body, x.tagged)
		}
	}
	return x.names
}

// placeBefore returns the nearest town, district or province the text
// names before token k, nil when there is none.
func (x *extractor) placeBefore(k int) *gazetteer.Mention {
	if m := x.placeMentBefore(k); m != nil {
		return m.m
	}
	return nil
}

// placeMentBefore is placeBefore's mention, with its sentence.
func (x *extractor) placeMentBefore(k int) *ment {
	first := x.sentOf(k) - 2
	// x.ments are in text order: start at the last that ends by k.
	end := sort.Search(len(x.ments), func(i int) bool { return x.ments[i].hi > k })
	for i := end - 1; i >= 0; i-- {
		m := &x.ments[i]
		if m.sent < first {
			return nil
		}
		if m.hi > k || m.far || m.m.Demonym || m.m.Place == nil || !m.m.Place.Located() {
			continue
		}
		switch m.m.Place.Kind {
		case gazetteer.KindCity, gazetteer.KindAdmin1, gazetteer.KindAdmin2:
			return m
		}
	}
	return nil
}

// sentOf returns the sentence of token k.
func (x *extractor) sentOf(k int) int {
	return sort.Search(len(x.sents), func(i int) bool { return x.sents[i].hi > k })
}

// placeSlot: the name in tokens [lo, hi) stands where a place is named: after
// a preposition of place or a verb ("in the A market", "near A village",
// "shelled A"), or as the place a kind word names ("the village of A").
// "the death of A Church" and "the A Highway Patrol" name no place.
func (x *extractor) placeSlot(lo, hi int) bool {
	if hi < len(x.toks) && x.toks[hi].cap && x.body[x.toks[hi-1].b1:x.toks[hi].b0] == " " {
		return false // a longer name goes on
	}
	k := lo - 1
	for k >= 0 && x.toks[k].word && (x.toks[k].low == "the" || directionWord(x.toks[k].low)) {
		k--
	}
	if k < 0 || !x.toks[k].word {
		return false
	}
	switch w := x.toks[k].low; {
	case w == "of":
		return k > 0 && placeNouns[x.toks[k-1].low]
	case w == "from" || w == "to":
		return true
	default:
		_, ok := locPreps[w]
		return ok || strings.HasSuffix(w, "ed") && !x.toks[k].cap
	}
}

// nameTokens returns the tokens [lo, hi) of the unknown name u.
func (x *extractor) nameTokens(u gazetteer.UnresolvedName) (lo, hi int) {
	lo = sort.Search(len(x.toks), func(k int) bool { return x.toks[k].b1 > u.ByteStart })
	hi = lo
	for hi < len(x.toks) && x.toks[hi].b0 < u.ByteEnd {
		hi++
	}
	return lo, hi
}

// namedAsPlace: the unknown name u in tokens [lo, hi) stands as a place.
// A name its kind word marks ("the A district", "the village of A") is one
// wherever it stands ("the shelling of the A district"); any other where
// places are named ("in A", "shelled A").
func (x *extractor) namedAsPlace(u gazetteer.UnresolvedName, lo, hi int) bool {
	return hi > lo && (u.Kind != "" && x.kindMarked(u) || x.placeSlot(lo, hi))
}

// kindMarked: the unknown name's kind word is one of a settlement or a
// division, not of a site ("the A Hospital" is a building, named no place).
func (x *extractor) kindMarked(u gazetteer.UnresolvedName) bool {
	return settlementWords[u.Kind] || populatedPlaceWords[u.Kind] || u.Kind == "districts" || u.Kind == "areas" || u.Kind == "outpost" || u.Kind == "island"
}

// unlocatedPlaces adds to ms, as incident places, the unknown names that
// nothing in the text locates but where an event of the text happened: "a
// bomb went off in the A market" is an event at A, though no incident can
// be mapped there. Each event without a place takes the nearest such name
// of its clause, else one within maxPlaceDistance tokens of it in its
// sentence or opening its sentence ("In the A area, a car bomb ...").
func (x *extractor) unlocatedPlaces(ms []gazetteer.Mention) []gazetteer.Mention {
	if x.g == nil {
		return ms
	}
	var need []*candidate
	for _, c := range x.cands {
		// A taking with no known place is no incident, but the land it
		// names is where it happened: "captured the village of A".
		if (c.loc == nil || c.loc.idx < 0) && (c.canAnchor || c.trig.resolve == resolveTerritory && c.loc == nil) && !c.generic {
			need = append(need, c)
		}
	}
	if len(need) == 0 {
		return ms
	}
	type name struct {
		u      gazetteer.UnresolvedName
		lo, hi int
		used   bool
	}
	var names []name
	for _, u := range x.unresolved() {
		if slices.ContainsFunc(ms, func(m gazetteer.Mention) bool { return m.ByteStart < u.ByteEnd && u.ByteStart < m.ByteEnd }) {
			continue // located after all
		}
		if lo, hi := x.nameTokens(u); x.namedAsPlace(u, lo, hi) {
			names = append(names, name{u: u, lo: lo, hi: hi})
		}
	}
	bySent := map[int][]int{}
	for i, n := range names {
		si := x.sentOf(n.lo)
		bySent[si] = append(bySent[si], i)
	}
	added := false
	for _, c := range need {
		s := x.sents[c.sent]
		clo, chi := x.clauseOf(s, c.lo, c.hi)
		best, bestD := -1, 0
		for _, i := range bySent[c.sent] {
			n := names[i]
			if n.lo < s.lo || n.hi > s.hi || n.lo < c.hi && n.hi > c.lo {
				continue
			}
			d := abs(n.lo - c.lo)
			if n.lo >= c.hi {
				d = n.lo - c.hi
			}
			inClause := n.lo >= clo && n.hi <= chi
			opens := x.fronted(s, &ment{lo: n.lo, hi: n.hi})
			if n.u.Bare && (!inClause && !opens || c.trig.weak && n.lo > 0 && x.toks[n.lo-1].low == "on") {
				continue // "clashes in A": only its own clause's event, or the sentence's it opens ("In A, ..."); "died on A" may be a climb, "strikes on A" are on a place
			}
			if !inClause && !opens && d > maxPlaceDistance {
				continue
			}
			if !inClause {
				d += maxPlaceDistance
			}
			if best < 0 || d < bestD {
				best, bestD = i, d
			}
		}
		if best < 0 {
			continue
		}
		if !names[best].used {
			names[best].used, added = true, true
			m := gazetteer.UnlocatedMention(names[best].u, x.placeBefore(names[best].lo))
			m.Role = gazetteer.RoleIncident
			ms = append(slices.Clip(ms), m) // never into the tagging's array
		}
	}
	if added {
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].ByteStart < ms[j].ByteStart })
	}
	return ms
}
