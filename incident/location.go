package incident

import (
	"slices"
	"strings"
	"unicode"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
)

// placeRef is a place mention chosen as where an event happened, with the
// geo precision the text gives it.
type placeRef struct {
	m    *ment
	prec int
	// samePoint: listed beside another place of the event that stands at
	// the same point ("the villages of A and B in C", both unknown): where
	// the event happened, but no incident of its own.
	samePoint bool
	// overflow: listed after maxPlacesPerEvent places: where the event
	// happened, but no incident of its own.
	overflow bool
}

// maxPlacesPerEvent bounds the incidents one trigger yields from a list of
// places ("shelled A, B and C").
const maxPlacesPerEvent = 8

// locationsFor picks where the event of candidate c happened, in order of
// preference:
//  1. the first place tied to it (by a preposition, or as the verb's object)
//     after the trigger in its clause ("shelled the village of A"),
//  2. the nearest tied place before it in the clause ("In A, gunmen
//     attacked"),
//  3. the nearest tied place elsewhere in the sentence,
//  4. the nearest place of the sentence that stands alone ("A residents
//     said shells fell"), never a country.
//
// A place that lists others after it ("A, B and C", "A as well as B") gives
// one place per item, as ACLED codes one event per location. A region
// chosen while a place inside it is tied in the same sentence gives way to
// that place ("in southern Idlib, the village of A was shelled").
func (x *extractor) locationsFor(c *candidate, s sentence, clo, chi int, others []*candidate) []placeRef {
	ids := x.mentsBySent[c.sent]
	if len(ids) == 0 {
		return nil
	}
	if c.event == TypeProtests {
		ids = x.offPurpose(c, ids)
	}
	// The towns a road is named after ("the Damascus-Aleppo highway") stand
	// for the event only when the sentence gives no other place: "on the
	// Damascus-Aleppo highway near Saraqib" is near Saraqib.
	if kept := x.offRoads(ids); len(kept) > 0 && len(kept) < len(ids) {
		// A place far from the road's towns is a namesake of the one
		// meant ("on the Maiduguri-Damboa road near A": no A of another
		// state): the road stands for the event on the map, while the
		// namesake's words keep their role as the event's place.
		var far []int
		kept, ids, far = x.nearRoad(ids, kept)
		withFar := func(refs []placeRef) []placeRef {
			for _, i := range far {
				if m := &x.ments[i]; len(refs) > 0 && x.eligible(c, m) {
					refs = append(refs, placeRef{m: m, prec: refs[0].prec, samePoint: true})
				}
			}
			return refs
		}
		if refs := x.locationsAmong(c, s, clo, chi, others, kept); len(kept) > 0 && len(refs) > 0 {
			return withFar(refs)
		}
		if len(far) > 0 {
			return withFar(x.roadRefs(x.locationsAmong(c, s, clo, chi, others, ids)))
		}
	}
	return x.roadRefs(x.locationsAmong(c, s, clo, chi, others, ids))
}

// roadRefs reads the places refs of an event as the road they name, if
// they do: "on the road between A and B" is one place, the road.
func (x *extractor) roadRefs(refs []placeRef) []placeRef {
	if len(refs) > 0 {
		if r, b := x.route(refs[0].m); r != nil {
			out := []placeRef{{m: r, prec: 2}}
			for _, ref := range refs[1:] {
				if ref.m != b {
					out = append(out, ref)
				}
			}
			refs = out
		}
	}
	if len(refs) > 0 && x.roadEnd(refs[0].m) {
		refs[0].prec = max(refs[0].prec, 2) // somewhere along the road
	}
	return refs
}

// offPurpose returns the mentions ids a protest c was not held at: a
// place in what it was against or for ("protested against the war in
// Iraq", "to demand an end to the fighting in North Kivu") is its cause,
// when the sentence names another place.
func (x *extractor) offPurpose(c *candidate, ids []int) []int {
	var kept []int
	for k, i := range ids {
		m := &x.ments[i]
		if m.lo > c.hi && x.purposeBetween(c.hi, m.lo) {
			if kept == nil {
				kept = append(make([]int, 0, len(ids)), ids[:k]...)
			}
			continue
		}
		if kept != nil {
			kept = append(kept, i)
		}
	}
	if len(kept) == 0 {
		return ids
	}
	return kept
}

// purposeBetween: a word that opens what a protest was for or against
// stands in tokens [lo, hi), no more than purposeReach words before hi,
// with a noun of the event it was over between them and no punctuation
// or "at", "outside", "through" (where it was held).
func (x *extractor) purposeBetween(lo, hi int) bool {
	cause := false
	for k := hi - 1; k >= lo && k >= hi-purposeReach; k-- {
		t := x.toks[k]
		if !t.word && t.text != "'s" {
			return false
		}
		if causeNouns[t.low] {
			cause = true
		}
		if purposeWords[t.low] {
			return cause
		}
		if t.low == "outside" || t.low == "through" || t.low == "at" {
			return false // "against the war outside the embassy": where it was
		}
	}
	return false
}

// causeNouns name the events a protest is held over ("against the war in
// A", "over the killing of five youths in A"): the place after them is
// theirs. "Against it in A", "in support of the president in A" name
// where the protest was.
var causeNouns = map[string]bool{
	"war": true, "operation": true, "operations": true, "offensive": true, "blockade": true, "siege": true,
	"killing": true, "killings": true, "violence": true, "bombardment": true, "bombing": true, "bombings": true,
	"attack": true, "attacks": true, "strikes": true, "airstrikes": true, "shelling": true, "massacre": true,
	"occupation": true, "invasion": true, "incursion": true, "crackdown": true, "fire": true, "recognition": true,
	"annexation": true, "fighting": true, "deaths": true, "death": true, "arrest": true, "arrests": true, "detention": true,
}

// purposeReach bounds the words between a protest's purpose word and a
// place in it.
const purposeReach = 8

// purposeWords open what a protest was for or against.
var purposeWords = map[string]bool{
	"against": true, "over": true, "denounce": true, "denouncing": true, "condemn": true, "condemning": true,
	"demand": true, "demanding": true, "solidarity": true, "support": true, "supporting": true,
}

// maxRouteKm bounds the roads read as a line between their ends.
const maxRouteKm = 500

// route reads "the road between A and B" and "the A-B highway" at the
// mention a: the road, as a new mention over the phrase with a line from A
// to B, and B's mention; nil when the words say no such thing.
func (x *extractor) route(a *ment) (*ment, *ment) {
	toks := x.toks
	var b *ment
	for _, i := range x.mentsBySent[a.sent] {
		m := &x.ments[i]
		if m.m.ByteStart < a.m.ByteEnd {
			continue
		}
		// "Mosul-Kirkuk" may be one token: the names are told apart by bytes.
		if m.lo == a.hi+1 && toks[a.hi].low == "and" && a.lo >= 2 && toks[a.lo-1].low == "between" &&
			(streetWords[toks[a.lo-2].low] || toks[a.lo-2].low == "route" || toks[a.lo-2].low == "roads") ||
			m.m.ByteStart == a.m.ByteEnd+1 && x.body[a.m.ByteEnd] == '-' && x.roadEnd(a) && x.roadEnd(m) {
			b = m
		}
		break
	}
	if b == nil {
		return nil, nil
	}
	pa, pb := a.m.Place, b.m.Place
	if a.m.Demonym || b.m.Demonym || pa.IsArea() || pb.IsArea() || pa.Point == pb.Point || !pa.Located() || !pb.Located() ||
		geo.DistanceKm(pa.Point, pb.Point) > maxRouteKm {
		return nil, nil
	}
	line := orb.LineString{pa.Point, pb.Point}
	d := &gazetteer.Place{
		ID: "route:" + pa.ID + ":" + pb.ID, Kind: gazetteer.KindRoute, Name: "road between " + pa.Name + " and " + pb.Name,
		CountryCode: pa.CountryCode, Shape: line, Point: geo.RepresentativePoint(line),
	}
	if pa.Admin1 == pb.Admin1 {
		d.Admin1 = pa.Admin1
	}
	mm := *a.m
	mm.Place, mm.Precision, mm.Modifier = d, 2, "route"
	return &ment{m: &mm, idx: a.idx, lo: a.lo, hi: b.hi, sent: a.sent}, b
}

// nearRoad keeps, of the places kept off the roads of the mentions ids,
// those no further from a road's town than the road is long (at least
// roadSideKm): it returns them, ids without the others, and the others.
func (x *extractor) nearRoad(ids, kept []int) (near, rest, far []int) {
	// Only a road whose every end was read as a town is judged ("the
	// Pan-American highway" names no country's road; a "Damascus" read as
	// the province around the city says nothing of the road's course).
	var ends []orb.Point
	for _, i := range ids {
		m := &x.ments[i]
		if !x.roadEnd(m) {
			continue
		}
		if !m.m.Place.Located() || m.m.Demonym || m.m.Place.IsArea() {
			return kept, ids, nil
		}
		ends = append(ends, m.m.Place.Point)
	}
	if len(ends) < 2 {
		return kept, ids, nil
	}
	reach := float64(roadSideKm)
	for _, a := range ends {
		for _, b := range ends {
			reach = max(reach, geo.DistanceKm(a, b))
		}
	}
	isFar := func(i int) bool {
		p := x.ments[i].m.Place
		if !p.Located() || p.IsArea() && p.Kind != gazetteer.KindAdmin2 {
			return false
		}
		for _, e := range ends {
			if geo.DistanceKm(p.Point, e) <= reach {
				return false
			}
		}
		return true
	}
	for _, i := range kept {
		if !isFar(i) {
			near = append(near, i)
		}
	}
	if len(near) == len(kept) {
		return kept, ids, nil
	}
	for _, i := range ids {
		if isFar(i) {
			far = append(far, i)
		} else {
			rest = append(rest, i)
		}
	}
	return near, rest, far
}

// roadSideKm: a place named near a road lies at most this far from one of
// its towns, however short the road.
const roadSideKm = 75.0

// offRoads returns the mentions ids that name no end of a road.
func (x *extractor) offRoads(ids []int) []int {
	var out []int
	for k, i := range ids {
		if x.roadEnd(&x.ments[i]) {
			if out == nil {
				out = append(make([]int, 0, len(ids)), ids[:k]...)
			}
		} else if out != nil {
			out = append(out, i)
		}
	}
	if out == nil {
		return ids // no road: every mention
	}
	return out
}

// roadEnd: the mention is one of the towns a road is named after: "the
// Damascus-Aleppo highway", "the Mosul-Kirkuk Road".
func (x *extractor) roadEnd(m *ment) bool {
	b0, b1 := m.m.ByteStart, m.m.ByteEnd
	joined := b1 < len(x.body) && x.body[b1] == '-' || b0 > 0 && x.body[b0-1] == '-'
	if !joined || m.hi >= len(x.toks) {
		return false
	}
	// The road's word follows the joined names: the token after the
	// mention, or after the next one when the names are two tokens.
	for k := m.hi; k < len(x.toks) && k <= m.hi+1; k++ {
		if t := x.toks[k]; t.word && streetWords[t.low] && t.low != "square" {
			return true
		}
	}
	return false
}

// locationsAmong is locationsFor over the mentions ids of c's sentence.
func (x *extractor) locationsAmong(c *candidate, s sentence, clo, chi int, others []*candidate, ids []int) []placeRef {
	pick, prec := x.tiedInClause(c, ids, clo, chi)
	if pick == nil {
		pick, prec = x.nearestTied(c, s, ids, clo, chi, others)
	}
	if pick == nil {
		pick, prec = x.nearestAlone(c, ids)
	}
	if pick == nil {
		return nil
	}
	pick, prec = x.refinePlace(c, pick, prec, ids)
	out := []placeRef{{m: pick, prec: prec}}
	return append(out, x.listedAfter(c, pick, ids, s)...)
}

// tiedInClause picks the first place tied to c after the trigger in its
// clause clo..chi, else the nearest tied place before it in the clause, and
// the precision the tie gives.
func (x *extractor) tiedInClause(c *candidate, ids []int, clo, chi int) (*ment, int) {
	for _, i := range ids {
		m := &x.ments[i]
		if m.lo >= c.hi && m.hi <= chi {
			if p, ok := x.tied(c, m); ok {
				return m, p
			}
		}
	}
	for j := len(ids) - 1; j >= 0; j-- {
		m := &x.ments[ids[j]]
		if m.hi <= c.lo && m.lo >= clo {
			if p, ok := x.tied(c, m); ok {
				return m, p
			}
		}
	}
	return nil, 0
}

// nearestTied picks the nearest place tied to c outside its clause clo..chi
// in the sentence s, and the precision the tie gives.
func (x *extractor) nearestTied(c *candidate, s sentence, ids []int, clo, chi int, others []*candidate) (*ment, int) {
	var pick *ment
	prec, best := 0, -1
	for _, i := range ids {
		m := &x.ments[i]
		if m.lo >= clo && m.hi <= chi {
			continue
		}
		// A place far from the trigger belongs to another clause's
		// event, unless it opens the sentence ("In A, gunmen ...") or
		// no other event of the sentence stands nearer to it.
		if tokDist(c, m) > maxPlaceDistance && !x.fronted(s, m) && nearerTrigger(c, m, others) {
			continue
		}
		// "In A, a man was shot, and in B two were hurt": B sets the
		// scene of the next clause, A this one's.
		if m.lo >= chi && x.newScene(chi, m) && x.frontedBefore(s, c, ids) {
			continue
		}
		if p, ok := x.tied(c, m); ok {
			if d := tokDist(c, m); best < 0 || d < best {
				best, pick, prec = d, m, p
			}
		}
	}
	return pick, prec
}

// newScene: the words from lo to m open a clause of their own at m (",
// and in the A area", "; at A").
func (x *extractor) newScene(lo int, m *ment) bool {
	k := lo
	if k < m.lo && !x.toks[k].word && (x.toks[k].text == "," || x.toks[k].text == ";") {
		k++
	}
	if k > lo && k < m.lo && x.toks[k].word && (x.toks[k].low == "and" || x.toks[k].low == "while" || x.toks[k].low == "whereas") {
		k++
	}
	if k == lo || k >= m.lo || !x.toks[k].word || x.toks[k].low != "in" && x.toks[k].low != "at" {
		return false
	}
	for k++; k < m.lo; k++ {
		if t := x.toks[k]; !t.word || !(t.low == "the" || directionWord(t.low)) {
			return false
		}
	}
	return true
}

// frontedBefore: a place opens sentence s before c's trigger ("In A, ...").
func (x *extractor) frontedBefore(s sentence, c *candidate, ids []int) bool {
	for _, i := range ids {
		if m := &x.ments[i]; m.hi <= c.lo && x.fronted(s, m) {
			return true
		}
	}
	return false
}

// nearestAlone picks the nearest place of c's sentence that stands alone,
// never a country, and its precision.
func (x *extractor) nearestAlone(c *candidate, ids []int) (*ment, int) {
	var pick *ment
	prec, best := 0, -1
	for _, i := range ids {
		m := &x.ments[i]
		if !x.eligible(c, m) || m.m.Place.Kind == gazetteer.KindCountry || m.m.Place.Kind == gazetteer.KindContinent {
			continue
		}
		if d := tokDist(c, m); best < 0 || d < best {
			best, pick, prec = d, m, max(2, m.m.Precision)
		}
	}
	return pick, prec
}

// refinePlace moves the place picked for c, at precision prec, to the one
// the words around it say the event is in, and returns that place and its
// precision.
func (x *extractor) refinePlace(c *candidate, pick *ment, prec int, ids []int) (*ment, int) {
	// "in Mosul's A district", "Baghdad's northern neighbourhood of A",
	// "Damascus city's A suburb": the place the possessive owns.
	if end := x.possessiveEnd(pick); end > 0 {
		for _, i := range ids {
			if m := &x.ments[i]; (m.lo == end || x.ownedPlace(end, m.lo)) && x.eligible(c, m) {
				pick, prec = m, max(1, m.m.Precision)
				break
			}
		}
	}
	// "the Kandy suburb of A", "the Kabul district of A": a part of a
	// town the gazetteer lacks, named after the town, is where it was.
	if a := x.partNamedAfter(pick, ids); a != nil && x.eligible(c, a) {
		pick, prec = a, max(prec, a.m.Precision, 1)
	}
	// "A village in B", "A, B province": B only locates A.
	if a := x.locatedBy(pick, ids); a != nil && x.eligible(c, a) {
		// The wider place's precision is its own, not the smaller
		// one's: "on the outskirts of the town of A in the western
		// countryside of B" is near A.
		switch p, ok := x.tied(c, a); {
		case level(pick.m.Place) > 1 && ok:
			prec = p
		case level(pick.m.Place) > 1:
			prec = max(a.m.Precision, 1)
		default:
			prec = max(prec, a.m.Precision, 1)
		}
		pick = a
	}
	if inner := x.innerPlace(c, pick, ids); inner != nil {
		if p, ok := x.tied(c, inner); ok {
			pick, prec = inner, p
		} else if abs(inner.lo-pick.hi) <= 3 || abs(pick.lo-inner.hi) <= 3 || x.targetedAfter(pick, inner) {
			// "the Belarus capital Minsk", "A, a village in B"; "an
			// offensive in the Aleppo countryside, targeting the village
			// of B".
			pick, prec = inner, max(1, inner.m.Precision)
		}
	}
	// "the Old City of Damascus", "the X area of Y": a part named "of" a
	// town lies in that town; a namesake far from it is another place.
	if of := x.ofPlace(pick, ids); of != nil && level(pick.m.Place) == 1 && geo.DistanceKm(pick.m.Place.Point, of.m.Place.Point) > ofPlaceKm {
		pick, prec = of, max(2, of.m.Precision)
	}
	// "in northeastern Jordan near the Syrian border": that stretch of the
	// border.
	if b := x.borderStretch(pick); b != nil {
		pick, prec = b, 3
	}
	// "in Bar-Sanguun village (Kismaayo)", "the A area of B": the place the
	// event is tied to is one the gazetteer lacks, so the place given is
	// only near it.
	if level(pick.m.Place) == 1 && x.unknownBetween(min(c.hi, pick.lo), pick.lo) {
		prec = max(prec, 2)
	}
	return pick, prec
}

// targetedAfter: a participle after the wide place pick, set off by a
// comma, names what the event struck in it, inner: "launched an offensive
// in the Latakia countryside, targeting the hills around the village of
// B".
func (x *extractor) targetedAfter(pick, inner *ment) bool {
	if inner.lo <= pick.hi || inner.lo-pick.hi > 14 {
		return false
	}
	for k := pick.hi; k < inner.lo; k++ {
		t := x.toks[k]
		if t.text == "." || t.text == ";" {
			return false
		}
		if targetParticiples[t.low] && k > 0 && x.toks[k-1].text == "," {
			return true
		}
	}
	return false
}

// targetParticiples open the clause that says what an offensive struck.
var targetParticiples = map[string]bool{
	"targeting": true, "targetting": true, "striking": true, "hitting": true, "attacking": true,
	"shelling": true, "pounding": true, "bombing": true,
}

// settlementWords follow a name the gazetteer may lack: "A village".
var settlementWords = map[string]bool{
	"village": true, "town": true, "city": true, "district": true, "subdistrict": true, "area": true,
	"camp": true, "neighborhood": true, "neighbourhood": true, "quarter": true, "hamlet": true,
}

// unknownBetween: a place name the gazetteer lacks ends in tokens [lo, hi].
func (x *extractor) unknownBetween(lo, hi int) bool {
	cue := false // most places are named without "village" or "area"
	for k := lo; k <= hi && k < len(x.toks); k++ {
		if x.toks[k].word && settlementWords[x.toks[k].low] {
			cue = true
			break
		}
	}
	if !cue {
		return false
	}
	if !x.unknownRead {
		x.unknownRead = true
		for _, u := range x.unresolved() {
			a, b := x.nameTokens(u)
			x.unknown = append(x.unknown, [2]int{a, b})
		}
	}
	for _, u := range x.unknown {
		if u[1] > lo && u[1] <= hi+1 {
			return true
		}
	}
	return false
}

// maxPlaceDistance is how many tokens from its trigger a place outside the
// trigger's clause may stand.
const maxPlaceDistance = 12

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// fronted: the place opens its sentence as a locative ("In A, ...", "Also in
// A, ...", "Meanwhile, in A ..."): it sets the scene for the whole sentence.
func (x *extractor) fronted(s sentence, m *ment) bool {
	k := s.lo
	for k < m.lo && x.toks[k].word && (x.toks[k].low == "also" || x.toks[k].low == "meanwhile" || x.toks[k].low == "elsewhere" || x.toks[k].low == "and") || k < m.lo && x.toks[k].text == "," {
		k++
	}
	if k >= m.lo || !x.toks[k].word || (x.toks[k].low != "in" && x.toks[k].low != "at" && x.toks[k].low != "near") {
		return false
	}
	for j := k + 1; j < m.lo; j++ {
		if t := x.toks[j]; !t.word || !(t.low == "the" || directionWord(t.low) || placeNouns[t.low] || t.low == "of") {
			return false
		}
	}
	return true
}

// nearerTrigger: another trigger of the sentence stands nearer to m than c.
func nearerTrigger(c *candidate, m *ment, others []*candidate) bool {
	for _, o := range others {
		if o != c && tokDist(o, m) < tokDist(c, m) {
			return true
		}
	}
	return false
}

func tokDist(c *candidate, m *ment) int {
	if m.lo >= c.hi {
		return m.lo - c.hi
	}
	return c.lo - m.hi + 1 // a place before the trigger is a little further
}

// level ranks places from the most specific (1) to the widest.
func level(p *gazetteer.Place) int {
	switch p.Kind {
	case gazetteer.KindCity, gazetteer.KindAirport, gazetteer.KindAirbase, gazetteer.KindPoint, gazetteer.KindUnresolved:
		return 1
	case gazetteer.KindAdmin2, gazetteer.KindRoute:
		return 2
	case gazetteer.KindAdmin1, gazetteer.KindRegion, gazetteer.KindBorder:
		return 3
	case gazetteer.KindCountry:
		return 4
	}
	return 5
}

// innerPlace: a more specific place of the sentence that lies in the chosen
// region (same country, and the same first-level division where the region
// has one).
func (x *extractor) innerPlace(c *candidate, pick *ment, ids []int) *ment {
	pp := pick.m.Place
	lv := level(pp)
	if lv < 3 || pick.m.Modifier == "border" || pp.Kind == gazetteer.KindBorder {
		return nil
	}
	var best *ment
	for _, i := range ids {
		m := &x.ments[i]
		p := m.m.Place
		if m == pick || p == nil || level(p) >= lv || p.CountryCode != pp.CountryCode {
			continue
		}
		if strings.HasPrefix(pp.ID, gazetteer.UnresolvedPrefix+p.ID+":") {
			continue // "the Baghdad district of A": the city that locates A is no place in it
		}
		if pp.Kind != gazetteer.KindCountry && pp.Admin1 != "" && p.Admin1 != pp.Admin1 {
			continue
		}
		if best == nil || level(p) < level(best.m.Place) {
			best = m
		}
	}
	return best
}

// listedAfter returns the places listed right after pick ("A, B and C",
// "A as well as B"), of the same kind of place, each tied like pick.
func (x *extractor) listedAfter(c *candidate, pick *ment, ids []int, s sentence) []placeRef {
	var out []placeRef
	prev := pick
	for _, i := range ids {
		m := &x.ments[i]
		if m.lo < prev.hi {
			continue
		}
		if x.demonymAt(m.lo) {
			continue // "A and the German town of B": the adjective is no item
		}
		if !x.eligible(c, m) {
			break
		}
		// "the air base in western Anbar province and a facility in
		// Erbil": the province holding the first place is part of its
		// phrase.
		if (contains(m.m.Place, pick.m.Place) || m.m.Place.IsArea() && x.placedIn(prev.hi, m.lo)) && m.lo-prev.hi <= 5 ||
			locates(m.m.Place, prev.m.Place) || x.locatorAfter(prev, m) || x.offsetAfter(prev, m) || x.bracketAfter(pick, m) {
			// "A village, east of B": B only locates A.
			prev = m
			continue
		}
		if prev != pick && prev.lo > 0 && x.toks[prev.lo-1].low == "between" && m.lo == prev.hi+1 && x.toks[prev.hi].low == "and" {
			prev = m // "A, which lies between B and C": C bounds A too
			continue
		}
		if !x.listJoin(x.skipParen(prev.hi), m.lo) || !sameKind(m.m.Place, pick.m.Place) {
			// "struck the air base in A and a facility in B": a second
			// object of the verb, at a place outside the first.
			if !x.secondObject(prev.hi, m) || contains(pick.m.Place, m.m.Place) || contains(m.m.Place, pick.m.Place) {
				break
			}
		}
		if m.m.Modifier == "unresolved" && samePoint(m, pick, out) {
			// "the villages of A, B and C in D": one place on the map.
			out = append(out, placeRef{m: m, prec: m.m.Precision, samePoint: true})
			prev = m
			continue
		}
		prec := max(1, m.m.Precision)
		if pick.m.Modifier == "near" || m.m.Modifier == "near" {
			prec = max(prec, 2)
		}
		out = append(out, placeRef{m: m, prec: prec, overflow: len(out) >= maxPlacesPerEvent-1})
		prev = m
	}
	return out
}

// baseWords name what a place's name may be followed by: "A air base".
var baseWords = map[string]bool{"air": true, "base": true, "airbase": true, "airport": true, "airfield": true}

// placedIn: the words [lo, hi) place what comes before in what follows
// ("in", "in the", ", in").
func (x *extractor) placedIn(lo, hi int) bool {
	in := false
	for k := lo; k < hi; k++ {
		switch t := x.toks[k]; {
		case t.word && (t.low == "in" || t.low == "of"):
			in = true
		case t.word && (t.low == "the" || directionWord(t.low) || placeNouns[t.low] || baseWords[t.low]), !t.word && t.text == ",":
		default:
			return false
		}
	}
	return in
}

// addressListGoesOn: a list continues after b ("A, B and C", "A, B, C").
func (x *extractor) addressListGoesOn(b *ment) bool {
	if b.hi >= len(x.toks) {
		return false
	}
	n := x.toks[b.hi]
	return n.low == "and" || n.low == "or" || n.text == "," && !x.addressGoesOn(b)
}

// placedNear: the words [lo, hi) place what comes before near what
// follows ("near", "outside", "east of").
func (x *extractor) placedNear(lo, hi int) bool {
	near := false
	for k := lo; k < hi; k++ {
		switch t := x.toks[k]; {
		case t.word && (t.low == "near" || t.low == "outside"):
			near = true
		case t.word && (t.low == "the" || t.low == "of" || directionWord(t.low)):
		default:
			return false
		}
	}
	return near
}

// sameKind: two places that can stand in one list of event places: the
// same kind, and for divisions not one inside the other; b is the list's
// first place, a a later one.
func sameKind(a, b *gazetteer.Place) bool {
	if locates(a, b) || locates(b, a) {
		return false
	}
	// "in western Ilam, Kermanshah and Bushehr provinces as well as the
	// cities of A and B": a part of one province beside other provinces
	// and the towns outside it.
	partOf := func(p, q *gazetteer.Place) bool {
		return p.Kind == gazetteer.KindRegion && strings.Contains(p.ID, ":admin1:") && q.Kind != gazetteer.KindRegion && q.Kind != gazetteer.KindCountry &&
			q.Admin1 != p.Admin1 && !contains(p, q)
	}
	if partOf(b, a) {
		return true // the part first: "A, northern B" is an address
	}
	if a.Kind == gazetteer.KindRegion || b.Kind == gazetteer.KindRegion {
		return false // "al-Hasakah province, northeastern Syria"
	}
	if a.Kind == gazetteer.KindCountry || b.Kind == gazetteer.KindCountry {
		return a.Kind == b.Kind
	}
	// "the Sirwah, Nihm and Al Jawf fronts": districts beside a province,
	// but never a place beside the division holding it ("Kirkuk, Iraq").
	return !contains(a, b) && !contains(b, a)
}

// locatorAfter: "A, B" where B ends the phrase and lies in A's province
// ("Burayqa, Aden", "Mawza district, Taiz"): B says where A is, it is no
// second place. A list goes on after B ("A, B and C") or came before A.
func (x *extractor) locatorAfter(a, b *ment) bool {
	end := a.hi
	if end < len(x.toks) && x.toks[end].word && (settlementNouns[x.toks[end].low] || locatedKinds[x.toks[end].low] && a.m.Modifier == "unresolved") {
		end++ // "A village, B district", "A district, B" (A a district the gazetteer lacks)
	}
	if end >= len(x.toks) || b.lo != end+1 || x.toks[end].text != "," {
		return false
	}
	pa, pb := a.m.Place, b.m.Place
	if pa.Admin1 == "" || pa.Admin1 != pb.Admin1 || pb.Kind == gazetteer.KindCountry {
		return false
	}
	// "A, B (twice) and C": an aside after B does not end the list.
	// A comma after B that a lower-case word follows ends the phrase: "in
	// A, B LGA, killing 12".
	if after := x.skipParen(b.hi); after < len(x.toks) {
		n := x.toks[after]
		listComma := n.text == "," && !(after+1 < len(x.toks) && x.toks[after+1].word && !x.toks[after+1].cap &&
			x.toks[after+1].low != "and" && x.toks[after+1].low != "or")
		if (listComma || n.low == "and" || n.low == "or") && (after > b.hi || !x.addressGoesOn(b)) {
			return false
		}
	}
	if a.lo > 0 {
		if p := x.toks[a.lo-1]; p.text == "," || p.low == "and" {
			return false
		}
	}
	return true
}

// offsetAfter: "A, 100 km west of B", "A, north of B", "A, 40 miles (64
// km) south of B": a bearing right after A's comma, with or without a
// distance, says where A is; it is no second place.
func (x *extractor) offsetAfter(a, b *ment) bool {
	if a.hi >= len(x.toks) || x.toks[a.hi].text != "," || b.lo <= a.hi {
		return false
	}
	switch b.m.Modifier {
	case "offset":
	case "near":
		if t := x.toks[b.lo]; !directionWord(t.low) && t.low != "outside" && t.low != "near" {
			return false
		}
	default:
		return false
	}
	// The distance may come first in another unit, the one the offset
	// was read in following in brackets.
	for k := a.hi + 1; k < b.lo; k++ {
		if t := x.toks[k]; !(t.num || t.text == "(" || t.word && distanceUnits[t.low]) {
			return false
		}
	}
	return true
}

// distanceUnits are the words of a distance before the bracketed one an
// offset was read from: "40 miles (64 km) south of B".
var distanceUnits = map[string]bool{"km": true, "kms": true, "kilometres": true, "kilometers": true, "miles": true, "mi": true, "kilometre": true, "kilometer": true, "mile": true}

// settlementNouns name what kind of settlement a place is, right after its
// name: "A village, B district".
var settlementNouns = map[string]bool{"village": true, "town": true, "city": true, "hamlet": true, "settlement": true}

// locatedKinds are more words for a kind of place after a name the
// gazetteer lacks that a comma and its province may follow ("A district,
// Sadah"); after a known place the name after the comma may be the part's
// own ("a Brooklyn neighborhood, Canarsie").
var locatedKinds = map[string]bool{
	"district": true, "subdistrict": true, "area": true, "neighbourhood": true, "neighborhood": true,
	"camp": true, "valley": true, "hill": true, "mountain": true,
}

// addressGoesOn: after b comes a comma and the division or country that
// holds b ("A, B LGA, C state"): an address, not a list.
func (x *extractor) addressGoesOn(b *ment) bool {
	if b.hi >= len(x.toks) || x.toks[b.hi].text != "," {
		return false
	}
	for i := range x.ments {
		c := &x.ments[i]
		if c.lo == b.hi+1 {
			return c.m.Place != nil && c.m.Place.ID != b.m.Place.ID && contains(c.m.Place, b.m.Place)
		}
	}
	return false
}

// demonymAt: token k is part of a demonym or a country's adjective
// ("Serbian", "Iraqi").
func (x *extractor) demonymAt(k int) bool {
	if k < 0 || k >= len(x.toks) || !x.toks[k].cap {
		return false
	}
	for _, m := range x.ments {
		if m.lo <= k && k < m.hi {
			// "the German town of": a country's name before a noun is its
			// adjective.
			return m.m.Demonym || m.m.Place.Kind == gazetteer.KindCountry && m.hi < len(x.toks) && x.toks[m.hi].word && !x.toks[m.hi].cap
		}
	}
	return false
}

// wordsAfter returns the lower-case words of up to n tokens from toks[i].
func (x *extractor) wordsAfter(i, n int) []string {
	var out []string
	for k := i; k < len(x.toks) && k < i+n && x.toks[k].word; k++ {
		out = append(out, x.toks[k].low)
	}
	return out
}

// possessiveEnd returns the token after the possessive that m is or
// ends with its kind ("Mosul's", "Damascus city's", "Idlib province's"),
// 0 when m owns nothing.
func (x *extractor) possessiveEnd(m *ment) int {
	if strings.HasSuffix(x.toks[m.hi-1].low, "'s") {
		return m.hi
	}
	if k := m.hi; k < len(x.toks) && x.toks[k].word && !x.toks[k].cap {
		if kind, ok := strings.CutSuffix(x.toks[k].low, "'s"); ok && placeNouns[kind] {
			return k + 1
		}
	}
	return 0
}

// ownedPlace: the words [lo, hi) between a possessive and a place name
// say the place is part of the owner: "northern neighbourhood of", "main
// market in the".
func (x *extractor) ownedPlace(lo, hi int) bool {
	if hi-lo < 2 || hi-lo > 6 {
		return false
	}
	k := hi - 1
	if x.toks[k].low == "the" {
		k--
	}
	if k <= lo || x.toks[k].low != "of" || !placeNouns[x.toks[k-1].low] {
		return false
	}
	for j := lo; j < k; j++ {
		if !x.toks[j].word || x.toks[j].cap && !gazetteer.CommunalAdjective(x.toks[j].low) {
			return false
		}
	}
	return true
}

// describes: token k is a word that describes a place between its owner
// and its kind ("mainly", "Shiite", "eastern", "crowded"), no owner itself.
func (x *extractor) describes(k int) bool {
	t := x.toks[k]
	return t.word && !strings.HasSuffix(t.low, "'s") && (!t.cap || gazetteer.CommunalAdjective(t.low)) && !t.num && locPreps[t.low] == 0 && t.low != "of" && t.low != "and"
}

// locatedKm: a place said to be in or of a town lies within this of it.
const locatedKm = 50

// locatedBy returns the place right before pick that pick only locates:
// "A village in B", "A district of B", "A, B province" (there only when A
// is the smaller place).
func (x *extractor) locatedBy(pick *ment, ids []int) *ment {
	for _, i := range ids {
		a := &x.ments[i]
		if a == pick || a.hi > pick.lo || pick.lo-a.hi > 3 && !x.edgeOf(a.hi, pick.lo) || a.m.Place == nil || a.m.Place.Kind == gazetteer.KindCountry ||
			a.m.Demonym || level(a.m.Place) > level(pick.m.Place) && !strings.HasPrefix(a.m.Place.ID, gazetteer.UnresolvedPrefix+pick.m.Place.ID+":") || contains(a.m.Place, pick.m.Place) ||
			!contains(pick.m.Place, a.m.Place) && geo.DistanceKm(a.m.Place.Point, pick.m.Place.Point) > locatedKm ||
			strings.HasPrefix(pick.m.Place.ID, gazetteer.UnresolvedPrefix+a.m.Place.ID+":") {
			continue // a namesake elsewhere is not the place B locates, nor the place that locates B
		}
		k := a.hi
		if k < pick.lo && x.toks[k].word && settlementWords[x.toks[k].low] {
			k++
		}
		if k >= pick.lo {
			continue
		}
		switch {
		case x.edgeOf(k, pick.lo):
			return a // "the A district on the outskirts of B"
		case x.toks[k].low == "in" || x.toks[k].low == "of":
		case x.toks[k].text == "," && level(a.m.Place) < level(pick.m.Place):
		default:
			continue
		}
		k++
		for k < pick.lo && x.toks[k].low == "the" {
			k++
		}
		if k == pick.lo {
			return a
		}
	}
	return nil
}

// edgeOf: the words toks[lo:hi] say a place lies at the edge of the next:
// "(district) on the outskirts of", "in the suburbs of", "at the edge of".
func (x *extractor) edgeOf(lo, hi int) bool {
	k := lo
	if k < hi && x.toks[k].word && settlementWords[x.toks[k].low] {
		k++
	}
	if k+4 != hi || !slices.Contains([]string{"on", "in", "at"}, x.toks[k].low) || x.toks[k+1].low != "the" || x.toks[k+3].low != "of" {
		return false
	}
	return slices.Contains([]string{"outskirts", "edge", "edges", "fringes", "periphery", "suburbs"}, x.toks[k+2].low)
}

// partNamedAfter returns the unknown place A of "the B suburb of A" when
// pick is B, else nil.
func (x *extractor) partNamedAfter(pick *ment, ids []int) *ment {
	k := pick.hi
	if k < len(x.toks) && x.toks[k].word && x.toks[k].low == "city" {
		k++ // "the Kherson city district of A"
	}
	if k < len(x.toks) && x.toks[k].word && partBearings[x.toks[k].low] {
		k++ // "the Beirut southern suburb of A"
	}
	if k+1 >= len(x.toks) || !x.toks[k].word || !townParts[x.toks[k].low] || x.toks[k+1].low != "of" {
		return nil
	}
	for _, i := range ids {
		a := &x.ments[i]
		if a.lo != k+2 || a.m.Place == nil {
			continue
		}
		// A part the gazetteer lacks, standing in the town; or a town of
		// its own near it ("the Los Angeles suburb of Rosemead").
		if a.m.Modifier == "unresolved" && strings.Contains(a.m.Place.ID, pick.m.Place.ID) ||
			a.m.Place.Kind == gazetteer.KindCity && a.m.Modifier == "" && pick.m.Place.Kind == gazetteer.KindCity &&
				a.m.Place.Population < pick.m.Place.Population && geo.CloserKm(a.m.Place.Point, pick.m.Place.Point, townPartKm) {
			return a
		}
	}
	return nil
}

// partBearings say where in a town its part lies: "the Beirut southern
// suburb of A".
var partBearings = map[string]bool{
	"northern": true, "southern": true, "eastern": true, "western": true, "central": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"north": true, "south": true, "east": true, "west": true, "outer": true, "inner": true,
}

// townPartKm is how far from a town a town of its own may be its suburb
// or district.
const townPartKm = 50

// townParts name a part of a town before "of" and its name: "the Kandy
// suburb of A".
var townParts = map[string]bool{
	"suburb": true, "district": true, "neighbourhood": true, "neighborhood": true, "quarter": true, "area": true,
}

// facilityNouns after a force noun make a site: "A police station", "A
// army base".
var facilityNouns = map[string]bool{
	"station": true, "stations": true, "headquarters": true, "post": true, "base": true, "barracks": true,
	"academy": true, "checkpoint": true, "compound": true, "camp": true, "college": true, "hospital": true,
	"airport": true, "airbase": true, "airfield": true, "air": true, "airstrip": true,
	// South Asia's "police lines" are a force's compound.
	"lines": true, "outpost": true, "garrison": true, "complex": true, "centre": true, "center": true,
	"office": true, "offices": true, "building": true, "school": true,
}

// samePoint: m stands where pick or a place of out already stands.
func samePoint(m, pick *ment, out []placeRef) bool {
	if m.m.Place.Point == pick.m.Place.Point {
		return true
	}
	for _, r := range out {
		if !r.samePoint && r.m.m.Place.Point == m.m.Place.Point {
			return true
		}
	}
	return false
}

// locates: a is the known place that places b, a place the gazetteer
// lacks ("A village near B").
func locates(a, b *gazetteer.Place) bool {
	if b.Kind != gazetteer.KindUnresolved {
		return false
	}
	// "A village, B district, C": B, itself unknown, is located by C.
	seat := a.Kind == gazetteer.KindCity && a.FeatureCode == "PPLA" && a.Admin1 != ""
	for id := b.ID; strings.HasPrefix(id, gazetteer.UnresolvedPrefix); {
		id = id[len(gazetteer.UnresolvedPrefix):]
		// "A of Lahij": a province's seat locates A by its province.
		if strings.HasPrefix(id, a.ID+":") || seat && strings.HasPrefix(id, "admin1:"+a.Admin1+":") {
			return true
		}
	}
	return false
}

// bracketAfter: m is named in brackets right after pick ("A village (B,
// C)", "A (B district, C)"): the brackets say where A is; they name no
// second place.
func (x *extractor) bracketAfter(pick, m *ment) bool {
	k := pick.hi
	for k < m.lo && x.toks[k].word && placeNouns[x.toks[k].low] {
		k++ // "A village (B)"
	}
	if k >= m.lo || x.toks[k].text != "(" || m.lo-k > 8 {
		return false
	}
	for j := k + 1; j < m.lo; j++ {
		if t := x.toks[j]; t.text == ")" || t.text == "(" || !t.word && t.text != "," {
			return false
		}
	}
	return true
}

// skipParen steps over a parenthesised aside right at token i: "A (Hama
// province) and B".
func (x *extractor) skipParen(i int) int {
	if i < len(x.toks) && x.toks[i].text == "(" {
		for j := i + 1; j < len(x.toks) && j < i+10; j++ {
			if x.toks[j].text == ")" {
				return j + 1
			}
		}
	}
	return i
}

// secondObject: "and a facility in B", "and the village of B": the tokens
// from lo to the place m start with "and" and end with a locative
// preposition or a place noun, with at most five words between.
func (x *extractor) secondObject(lo int, m *ment) bool {
	hi := m.lo
	for lo < hi && (x.toks[lo].text == "," || placeNouns[x.toks[lo].low]) {
		lo++ // "in the town of A, east of B city, and ..."
	}
	for hi > lo && x.toks[hi-1].word && (x.toks[hi-1].low == "the" || directionWord(x.toks[hi-1].low)) {
		hi--
	}
	if hi-lo < 2 || hi-lo > 7 || !x.toks[lo].word || x.toks[lo].low != "and" {
		return false
	}
	last := x.toks[hi-1].low
	if last == "of" && hi-2 > lo && placeNouns[x.toks[hi-2].low] {
		return true
	}
	if _, ok := locPreps[last]; !ok || last == "of" {
		return false
	}
	for k := lo + 1; k < hi-1; k++ {
		if !x.toks[k].word || clauseBreakWords[x.toks[k].low] || speechWords[x.toks[k].low] {
			return false
		}
	}
	return true
}

// contains: place b lies in area a (the same division, or a's country, or
// inside a's shape).
func contains(a, b *gazetteer.Place) bool {
	if a.CountryCode == "" || a.CountryCode != b.CountryCode {
		return false
	}
	if a.IsArea() && a.Shape != nil && b.Kind != gazetteer.KindCountry && geo.Within(b.Point, a.Shape) {
		return true
	}
	switch a.Kind {
	case gazetteer.KindCountry:
		return true
	case gazetteer.KindAdmin1, gazetteer.KindRegion:
		return a.Admin1 != "" && a.Admin1 == b.Admin1 || a.Admin1 == "" && a.Kind == gazetteer.KindRegion && b.Kind != gazetteer.KindCountry
	}
	return a.ID == b.ID
}

// listJoin: the tokens [lo, hi) between two places join them into a list.
func (x *extractor) listJoin(lo, hi int) bool {
	if hi-lo > 7 || hi <= lo {
		return false
	}
	joined := false
	for k := lo; k < hi; k++ {
		t := x.toks[k]
		switch {
		case !t.word && (t.text == "," || t.text == ";"):
			joined = true
		case t.num && k+1 < hi && (x.toks[k+1].low == "times" || x.toks[k+1].low == "time") || t.word && (t.low == "times" || t.low == "time" || t.low == "twice") ||
			!t.word && (t.text == "-" || t.text == "–" || t.text == "—"):
			// "in A - 6 times; in B - twice": a count after each item
		case !t.word && (t.text == ")" || t.text == "]") && k == lo:
			// "A (B province) and C": the bracket that closes A's
			// province
		case t.word && (t.low == "and" || t.low == "&" || t.low == "or" || t.low == "well"):
			joined = true
		case t.word && (t.low == "as" || t.low == "well" || t.low == "the" || t.low == "in" || t.low == "on" || t.low == "at" || t.low == "of" || placeNouns[t.low]):
		case x.demonymAt(k): // "A and in the German town of B"
		default:
			return false
		}
	}
	return joined
}

// placeNouns name the kind of place next to a name ("the village of A",
// "A town", "A district").
var placeNouns = map[string]bool{
	"city": true, "town": true, "towns": true, "village": true, "villages": true, "province": true, "governorate": true,
	"district": true, "districts": true, "region": true, "area": true, "areas": true, "neighborhood": true,
	"neighbourhood": true, "camp": true, "subdistrict": true, "sub-district": true, "county": true, "municipality": true,
	"countryside": true, "outskirts": true, "vicinity": true, "suburb": true, "suburbs": true, "countryside's": true,
	"hamlet": true, "settlement": true, "front": true, "frontline": true, "axis": true, "island": true, "state": true,
	"streets": true, "street": true, "roads": true, "road": true, "centre": true, "center": true, "heart": true,
	"downtown": true, "parts": true, "part": true, "settlements": true, "cities": true, "neighbourhoods": true,
	"neighborhoods": true, "provinces": true, "regions": true, "locality": true, "localities": true,
}

// nearNouns after or before a place make it "near" it: geo precision 2.
var nearNouns = map[string]bool{
	"countryside": true, "outskirts": true, "vicinity": true, "suburbs": true, "environs": true, "surroundings": true,
	"outside": true, "near": true, "nearby": true, "around": true, "front": true, "axis": true, "frontline": true,
	"desert": true, "area": true, "areas": true,
}

// eligible: the mention may be where something happened (not a demonym, not
// where someone spoke, not the country of an actor).
func (x *extractor) eligible(c *candidate, m *ment) bool {
	toks := x.toks
	mm := m.m
	if mm.Role == gazetteer.RoleMention || mm.Demonym || mm.Place == nil || m.far || m.dateline {
		return false
	}
	if strings.HasSuffix(toks[m.hi-1].low, "'s") && (!gazetteer.PossessivePlace(x.wordsAfter(m.hi, 4)) || x.ownsNamed(m)) && !x.townWorkplace(c, m) {
		return false // "Iraq's army"; but "Baghdad's streets" are a place
	}
	// "a Bellville, Ill., native": where someone comes from.
	if x.originOf(m) {
		return false
	}
	// "said A, a spokesman for the governor of B": whom a speaker
	// speaks for.
	if x.speakerFor(m) {
		return false
	}
	// "U.S. forces", "Syria-based": the place names an actor; "Grad
	// rockets": a weapon.
	if m.hi < len(toks) && toks[m.hi].word {
		if _, ok := forceNouns[toks[m.hi].low]; ok && !(m.hi+1 < len(toks) && facilityNouns[toks[m.hi+1].low]) {
			return false // but "at the A police station" is a place
		}
		if x.namesWeapon(m) {
			return false
		}
		if toks[m.hi].low == "and" && m.hi+1 < len(toks) && toks[m.hi+1].low == "coalition" {
			return false
		}
	}
	for _, a := range x.actors.actorsIn(m.lo, m.hi+1) {
		if !a.bare && a.lo <= m.lo && a.hi >= m.hi && a.hi > m.hi {
			return false
		}
	}
	// "a U.S. patrol", "the Syria office": a country before a noun
	// qualifies it.
	if mm.Place.Kind == gazetteer.KindCountry && m.hi < len(toks) && toks[m.hi].word && !toks[m.hi].cap && !toks[m.hi].num && !peopleNouns[toks[m.hi].low] &&
		(m.lo == 0 || locPreps[toks[m.lo-1].low] == 0 && toks[m.lo-1].low != "in") &&
		!notNounAfterPlace[toks[m.hi].low] && !strings.HasSuffix(toks[m.hi].low, "ed") && !strings.HasSuffix(toks[m.hi].low, "ly") &&
		!(strings.HasSuffix(toks[m.hi-1].low, "'s") && gazetteer.PossessivePlace(x.wordsAfter(m.hi, 4))) {
		return false
	}
	// A country standing right before the trigger acts ("Israel struck").
	if mm.Place.Kind == gazetteer.KindCountry && m.hi == c.lo {
		return false
	}
	// A doubtful town is no event place, unless the text calls it a town
	// ("the town of Dana": which Dana is the gazetteer's doubt, not the
	// text's) or lies where the text's armed groups are at home ("YPG
	// fighters in Ras al-Ain": the Syrian one), or it is a great city,
	// known by its name alone among its many namesakes ("San Francisco").
	if (mm.Place.Kind == gazetteer.KindCity || mm.Modifier == "unresolved") && mm.Confidence < 0.4 && !((x.calledSettlement(m) || x.homes[mm.Place.CountryCode] > 0) && mm.Confidence >= 0.25) &&
		!(mm.Modifier == "" && mm.Place.Population >= greatCityPopulation) {
		return false
	}
	// "the village of A", "A village": a city of hundreds of thousands
	// is another place of the same name.
	if x.calledVillage(m) && (mm.Place.Population > villageMaxPopulation || mm.Place.Kind != gazetteer.KindCity && mm.Place.Kind != gazetteer.KindPoint && mm.Place.Kind != gazetteer.KindUnresolved) {
		return false
	}
	return true
}

// speakerFor: the place ends the title of someone who speaks for others:
// "a spokesman for the governor of A", "an official of the A provincial
// council", "a spokeswoman for A police".
func (x *extractor) speakerFor(m *ment) bool {
	joined := false
	for k := m.lo - 1; k >= 0 && k >= m.lo-8; k-- {
		t := x.toks[k]
		if !t.word || t.cap && k < m.lo-1 {
			return false
		}
		switch {
		case speakerNouns[t.low]:
			return joined
		case t.low == "of" || t.low == "for":
			joined = true
		case !officeWords[t.low]:
			return false
		}
	}
	return false
}

// speakerNouns speak for an office: "a spokesman for".
var speakerNouns = map[string]bool{
	"spokesman": true, "spokeswoman": true, "spokesperson": true, "spokesmen": true, "official": true,
	"officials": true, "adviser": true, "advisor": true, "aide": true, "representative": true,
}

// officeWords may stand between a speaker and the place whose office he
// speaks for: "a spokesman for the governor of", "an official of the
// provincial council of".
var officeWords = map[string]bool{
	"the": true, "a": true, "governor": true, "provincial": true, "district": true, "police": true,
	"ministry": true, "office": true, "council": true, "local": true, "interior": true, "defence": true,
	"defense": true, "health": true, "chief": true, "administration": true, "government": true, "mayor": true,
	"municipality": true, "governor's": true, "army": true, "military": true, "security": true,
}

// villageMaxPopulation: more people than this is no village.
const villageMaxPopulation = 150_000

// calledVillage: the text calls the place a village or hamlet.
func (x *extractor) calledVillage(m *ment) bool {
	after, _, before := x.kindWordsAround(m)
	return after == "village" || after == "hamlet" || before == "village" || before == "villages" || before == "hamlet"
}

// calledSettlement: the text calls m a town, a village or a city ("the town
// of A", "A village").
func (x *extractor) calledSettlement(m *ment) bool {
	after, afterCap, before := x.kindWordsAround(m)
	return !afterCap && (populatedPlaceWords[after] || placeAreaWords[after]) || populatedPlaceWords[before] || placeAreaWords[before]
}

// placeAreaWords call a name a place without saying what kind: "the area
// of A", "the outskirts of A", "A area".
var placeAreaWords = map[string]bool{
	"area": true, "areas": true, "outskirts": true, "vicinity": true, "countryside": true,
}

// kindWordsAround returns the words that may call m a kind of place: the
// word right after it (and whether it is capitalised, part of a name) and
// the word before "of" in front of it ("the village of A"), lower case, ""
// where there is none.
func (x *extractor) kindWordsAround(m *ment) (after string, afterCap bool, before string) {
	toks := x.toks
	if m.hi < len(toks) && toks[m.hi].word {
		after, afterCap = toks[m.hi].low, toks[m.hi].cap
	}
	k := m.lo - 1
	for k >= 0 && toks[k].word && toks[k].low == "the" {
		k--
	}
	if k >= 1 && toks[k].low == "of" {
		before = toks[k-1].low
		// "two villages of A" counts places A holds: A is no village.
		if k >= 2 && strings.HasSuffix(before, "s") && (toks[k-2].num || countWords[toks[k-2].low]) {
			before = ""
		}
	}
	return after, afterCap, before
}

// countWords count the places before "of" and the place holding them:
// "two villages of A".
var countWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true, "nine": true, "ten": true,
	"several": true, "some": true, "many": true, "few": true, "dozens": true, "scores": true, "various": true, "numerous": true,
	"other": true, "all": true, "both": true,
}

// populatedPlaceWords call a place a town or a village; settlementWords
// also take in districts, areas and camps.
var populatedPlaceWords = map[string]bool{
	"village": true, "villages": true, "town": true, "towns": true, "city": true, "hamlet": true,
}

// tied reports whether a mention is a place where something happened and is
// tied to the event by a preposition (or is the object of the trigger verb);
// it returns the geo precision.
func (x *extractor) tied(c *candidate, m *ment) (int, bool) {
	if !x.eligible(c, m) {
		return 0, false
	}
	toks := x.toks
	mm := m.m
	prec := mm.Precision
	if prec == 0 {
		prec = 1
	}
	if mm.Modifier == "near" {
		prec = max(prec, 2)
	}
	// "A countryside", "the outskirts of A": near the place.
	if m.hi < len(toks) && toks[m.hi].word && nearNouns[toks[m.hi].low] && level(mm.Place) == 1 {
		prec = max(prec, 2)
	}
	// "A was shelled", "A residents protested": the place is the subject.
	if x.subjectOf(c, m) {
		return prec, true
	}
	k := m.lo - 1
	for k >= 0 && toks[k].word && (toks[k].low == "the" || toks[k].low == "a" || directionWord(toks[k].low) || toks[k].low == "rural" || toks[k].low == "greater" ||
		heldParticiples[toks[k].low] && k > 0 && heldBefore[toks[k-1].low] || k == m.lo-1 && strings.HasSuffix(toks[k].low, "'s") && toks[k].cap) {
		k-- // "in Baghdad's Dora district": the place owning it stands between; "in besieged Mariupol"
	}
	// "the village of", "the outskirts of", "areas of", "the town of".
	for k >= 1 && toks[k].word && toks[k].low == "of" && toks[k-1].word && (placeNouns[toks[k-1].low] || nearNouns[toks[k-1].low]) {
		if nearNouns[toks[k-1].low] && level(mm.Place) == 1 {
			prec = max(prec, 2)
		}
		k -= 2
		// "the hilltop village of A", "the strategic rebel-held town of
		// A": up to two describing words after the article.
		for n := 1; n <= 2 && k-n >= 0; n++ {
			if a := toks[k-n].low; (a == "the" || a == "a" || a == "an") && kindAdjectives(toks[k-n+1:k+1], populatedPlaceWords[toks[k+1].low]) {
				k -= n
				break
			}
		}
		for k >= 0 && toks[k].word && (toks[k].low == "the" || toks[k].low == "a" || directionWord(toks[k].low) || toks[k].low == "southern" || toks[k].low == "northern" || x.demonymAt(k)) {
			k-- // "in the Serbian town of A"
		}
	}
	if k >= 0 && toks[k].word && placeNouns[toks[k].low] {
		k--
	}
	if k < 0 || !toks[k].word {
		return 0, false
	}
	p := toks[k].low
	// "shot as he tried to cross into Turkey": where he was going, not
	// where he was shot.
	if p == "into" && k > 0 && crossingVerbs[toks[k-1].low] {
		return 0, false
	}
	if add, ok := locPreps[p]; ok && p != "of" {
		return max(prec, add), true
	}
	// "fired from A to B": where the fire went.
	if p == "to" && TypeOf(c.sub) == TypeExplosions && x.fromBefore(k) {
		return prec, true
	}
	// "abducted 15 people from the town of A": where they were taken.
	if p == "from" && (c.sub == SubAbduction || c.sub == SubArrests) && k >= c.hi && k-c.hi <= 8 && !x.clauseTurns(c.hi, k) {
		return prec, true
	}
	if p == "of" && k > 0 && directionWord(toks[k-1].low) {
		return max(prec, 2), true
	}
	// "20 km south of A", "west of A".
	if p == "of" && k > 0 && (toks[k-1].low == "km" || toks[k-1].low == "kilometres" || toks[k-1].low == "kilometers" || toks[k-1].low == "miles") {
		return max(prec, 2), true
	}
	// The object of the trigger verb: "shelled Kharkiv", "struck Kramatorsk",
	// "shelled A town".
	if k == c.hi-1 || k >= c.lo && k < c.hi {
		return prec, true
	}
	// "targeting A", "hitting A": a verb right before the place.
	if strings.HasSuffix(p, "ed") || strings.HasSuffix(p, "ing") || p == "hit" || p == "struck" || p == "shot" {
		if verbObjects[p] {
			return prec, true
		}
	}
	return 0, false
}

// clauseTurns: the words lo..hi start a clause of their own or move
// someone ("five men who had fled from A", "released from A").
func (x *extractor) clauseTurns(lo, hi int) bool {
	for j := lo; j < hi; j++ {
		switch w := x.toks[j].low; {
		case w == "who" || w == "which" || w == "that" || w == "and" || !x.toks[j].word && x.toks[j].text != "," && x.toks[j].text != "(" && x.toks[j].text != ")":
			return true
		case crossingVerbs[w], w == "returned", w == "released", w == "freed", w == "moved", w == "came", w == "brought", w == "transferred", w == "taken":
			return true
		}
	}
	return false
}

// crossingVerbs go into a place from elsewhere: "cross into A".
var crossingVerbs = map[string]bool{
	"cross": true, "crossed": true, "crossing": true, "sneak": true, "sneaked": true, "sneaking": true,
	"flee": true, "fled": true, "fleeing": true, "smuggled": true, "smuggle": true, "smuggling": true,
	"infiltrate": true, "infiltrated": true, "infiltrating": true, "escape": true, "escaped": true, "escaping": true,
}

// fromBefore: "from" and a name right before the "to" at k ("from Afrin
// to the Kilis countryside") make "to" say where to.
func (x *extractor) fromBefore(k int) bool {
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		t := x.toks[j]
		if !t.word || x.clauses[j] != x.clauses[k] {
			return false
		}
		if t.low == "from" {
			return j < k-1
		}
		if !t.cap {
			return false
		}
	}
	return false
}

// kindAdjectives: the words describe a kind of place ("hilltop",
// "strategic", "rebel-held"): lower-case words, no verb of the sentence, no
// preposition. Before a town or a village, capitalised words describe it
// too ("the Kurdish city of A", "the Shiite town of A"), where before a
// part of a place they name the part ("the A district of B").
func kindAdjectives(ts []tok, town bool) bool {
	for _, t := range ts {
		if !t.word || t.num || t.cap && !town {
			return false
		}
		if _, prep := locPreps[t.low]; prep || verbObjects[t.low] || clauseBreakWords[t.low] || t.low == "and" || t.low == "or" {
			return false
		}
	}
	return true
}

// verbObjects are verbs whose object is a place that was hit or taken.
var verbObjects = map[string]bool{
	"targeted": true, "targeting": true, "hit": true, "hitting": true, "struck": true, "striking": true,
	"shelled": true, "shelling": true, "bombed": true, "bombing": true, "raided": true, "raiding": true,
	"stormed": true, "storming": true, "attacked": true, "attacking": true, "captured": true, "capturing": true,
	"seized": true, "seizing": true, "recaptured": true, "entered": true, "entering": true, "besieged": true,
	"shot": true, "pounded": true, "pounding": true, "bombarded": true, "bombarding": true, "overran": true,
	"liberated": true, "retook": true, "controlled": true, "reached": true, "reaching": true, "rocked": true,
	"besieging": true, "surrounded": true, "encircled": true, "infiltrated": true, "stormed into": true,
}

// notNounAfterPlace: words that may follow a place without making it an
// adjective ("in Syria on Monday", "Syria and Iraq", "Syria says").
var notNounAfterPlace = map[string]bool{
	"and": true, "or": true, "in": true, "on": true, "at": true, "to": true, "from": true, "for": true, "with": true,
	"by": true, "of": true, "near": true, "after": true, "before": true, "since": true, "during": true, "as": true,
	"is": true, "was": true, "are": true, "were": true, "has": true, "have": true, "had": true, "will": true,
	"would": true, "says": true, "said": true, "say": true, "but": true, "while": true, "when": true, "where": true,
	"which": true, "who": true, "that": true, "the": true, "a": true, "an": true, "this": true, "last": true,
	"yesterday": true, "today": true, "overnight": true, "early": true, "late": true, "again": true, "also": true,
	"into": true, "over": true, "across": true, "along": true, "against": true, "amid": true, "until": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "killing": true, "wounding": true, "injuring": true, "leaving": true, "than": true,
	"could": true, "may": true, "might": true, "can": true, "did": true, "does": true, "do": true, "not": true,
	"earlier": true, "later": true, "twice": true, "recently": true, "because": true, "if": true, "about": true,
}

// weaker: mention a vouches less for where an article is than b: a town
// less than a division or region, then the less confident, then the
// shorter name.
func weaker(a, b *gazetteer.Mention) bool {
	return weakerBy(a, b, wordCount(a.Text), wordCount(b.Text))
}

// weakerBy is weaker with the words of a's and b's names counted.
func weakerBy(a, b *gazetteer.Mention, wa, wb int) bool {
	ra, rb := areaRank(a.Place), areaRank(b.Place)
	if ra != rb {
		return ra < rb
	}
	// A name of more words ("southern Idleb", "Deir ez-Zor") is a surer
	// match than a single one ("Zawiya").
	// A compass part of a division ("southern Idleb") is surer than a
	// one-word division read far away ("Zawiya").
	if ap, bp := a.Place.Kind == gazetteer.KindRegion, b.Place.Kind == gazetteer.KindRegion; ap != bp {
		if ap && wb == 1 && wa > 1 || bp && wa == 1 && wb > 1 {
			return bp
		}
	}
	if a.Confidence != b.Confidence {
		return a.Confidence < b.Confidence
	}
	return wa < wb
}

// wordCount is len(strings.Fields(s)) without the slice.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		space := unicode.IsSpace(r)
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// greatCityPopulation: a city this large is known by its name alone.
const greatCityPopulation = 500000

func areaRank(p *gazetteer.Place) int {
	switch p.Kind {
	case gazetteer.KindAdmin1, gazetteer.KindAdmin2, gazetteer.KindRegion, gazetteer.KindBorder:
		return 2
	}
	return 1
}

// farKm: a place further than this from everything else an article names
// is a spelling match out of context ("Al-Jirahi" read as a Norwegian
// village in a report on Yemen).
const farKm = 1500

// markFar marks the mentions that lie in none of the article's countries
// and far from all its other places. The article's countries are those of
// its other mentions (demonyms included) and the home countries of the
// groups it names.
func (x *extractor) markFar(g *gazetteer.Gazetteer, homes map[string]float64) {
	if g == nil || len(x.ments) < 1 {
		return
	}
	// A place the sentence contradicts vouches for nothing: "Raffa village
	// near Idleb" read as an Italian Raffa does not make Idleb far.
	mis := make([]bool, len(x.ments))
	// What each mention may vouch with, read once: whether it may, its
	// point on the sphere and the words of its name.
	vouches := make([]bool, len(x.ments))
	units := make([]geo.Unit, len(x.ments))
	words := make([]int, len(x.ments))
	for i := range x.ments {
		m := &x.ments[i]
		// "the village of Nawa" is no city of 300,000: the name is a
		// village's the gazetteer lacks.
		mis[i] = x.misplaced(m) || x.calledVillage(m) && m.m.Place.Kind == gazetteer.KindCity && m.m.Place.Population > villageMaxPopulation ||
			x.namesStreet(m) || x.ownedElsewhere(m)
		units[i] = geo.UnitOf(m.m.Place.Point)
		words[i] = wordCount(m.m.Text)
	}
	for j := range x.ments {
		vouches[j] = x.ments[j].m.Place.CountryCode != "" && !mis[j] && !x.namesWeapon(&x.ments[j])
	}
	cosFar := geo.CosKm(farKm)
	for i := range x.ments {
		m := &x.ments[i]
		p := m.m.Place
		if p.Kind == gazetteer.KindCountry || p.Kind == gazetteer.KindContinent || p.CountryCode == "" {
			continue
		}
		if mis[i] {
			m.far = true // a group's home country does not undo what the sentence says
			continue
		}
		if homes[p.CountryCode] > 0 {
			continue
		}
		anchors, near := 0, false
		for cc := range homes {
			if c, ok := g.Country(cc); ok {
				anchors++
				if geo.CloserKm(c.Point, p.Point, farKm) {
					near = true
				}
			}
		}
		for j := range x.ments {
			om := x.ments[j].m
			o := om.Place
			if j == i || !vouches[j] {
				continue
			}
			// Only surer names vouch (a division or region before a town,
			// then the more confident); a nationality names an actor, not
			// a place of the article.
			if om.Demonym && o.CountryCode == p.CountryCode {
				near = true // "the Syrian army ... in A": A in Syria is at home
				break
			}
			if om.Demonym || om.Embedded || om.Confidence < 0.5 || o.CountryCode != p.CountryCode && weakerBy(om, m.m, words[j], words[i]) {
				continue
			}
			if o.CountryCode == p.CountryCode && o.Kind != gazetteer.KindCity {
				near = true // the text names the place's country or division
				break
			}
			if o.Kind == gazetteer.KindContinent || o.Kind == gazetteer.KindCountry {
				continue // a country named as an actor ("a U.S. convoy") places nothing
			}
			anchors++
			if o.CountryCode == p.CountryCode || units[j].Dot(units[i]) > cosFar {
				near = true
				break
			}
		}
		m.far = anchors > 0 && !near
	}
}

// misplaced: the text places m in a wider place that does not hold it ("A
// village in southern Idleb" read as a namesake in another province or
// country): a spelling match the sentence contradicts.
func (x *extractor) misplaced(m *ment) bool {
	p := m.m.Place
	if m.m.Modifier != "" && m.m.Modifier != "near" {
		return false
	}
	k, called := m.hi, false
	for n := 0; n < 2 && k < len(x.toks) && x.toks[k].word && (settlementWords[x.toks[k].low] || x.toks[k].low == "street"); n++ {
		k, called = k+1, true // "A village in B", "the A street area of B"
	}
	// A spelling variant of a great city is as doubtful as a small town
	// ("Sanah in Ad Dali" is no Sanaa).
	small := p.Kind == gazetteer.KindAdmin2 || p.Kind == gazetteer.KindCity && (m.m.Variant || p.Population < 100000 &&
		!(strings.HasPrefix(p.FeatureCode, "PPLA") && p.FeatureCode != "PPLA2" && p.FeatureCode != "PPLA3") &&
		p.FeatureCode != "PPLC")
	// A division or a great city abroad called a town, neighbourhood or
	// village of a place elsewhere ("the Nile neighbourhood of Aleppo" read
	// as Sudan's River Nile state, "A town in the countryside of Daraa" read
	// as a Lebanese city) is misplaced like a small town.
	abroad := called && !small && (p.Kind == gazetteer.KindAdmin1 || p.Kind == gazetteer.KindRegion ||
		p.Kind == gazetteer.KindCity)
	if !abroad && !small {
		return false
	}
	for _, j := range x.mentsBySent[m.sent] {
		b := &x.ments[j]
		if b.lo < k || b.lo-k > 6 || b == m {
			continue
		}
		bp := b.m.Place
		if bp == nil || b.m.Demonym || b.m.Confidence < 0.5 {
			return false
		}
		if strings.HasSuffix(x.toks[b.hi-1].low, "'s") && !gazetteer.PossessivePlace(x.wordsAfter(b.hi, 4)) {
			return false // "near A, Turkey's defence ministry said": no address
		}
		// "A, B province" places A; "A, B and C" lists towns.
		comma := b.lo == k+1 && x.toks[k].text == "," && bp.Kind != gazetteer.KindCity && !x.addressListGoesOn(b)
		if !x.placedIn(k, b.lo) && !x.placedNear(k, b.lo) && !comma {
			return false
		}
		if abroad {
			return bp.CountryCode != "" && bp.CountryCode != p.CountryCode
		}
		switch bp.Kind {
		case gazetteer.KindAdmin1, gazetteer.KindRegion:
			return bp.Admin1 != "" && !contains(bp, p) && !(bp.Shape != nil && geo.DistanceKm(bp.Point, p.Point) < locatedKm)
		case gazetteer.KindAdmin2, gazetteer.KindCity:
			return bp.CountryCode != "" && geo.DistanceKm(bp.Point, p.Point) > 2*locatedKm
		case gazetteer.KindCountry:
			return bp.CountryCode != p.CountryCode
		}
		return false
	}
	return false
}

// originOf: the place says where someone comes from: "a Bellville native",
// "a Bellville, Ill., native", "natives of ... " is not read here.
func (x *extractor) originOf(m *ment) bool {
	// "who was born in Pakistan", "a native of Hama", "grew up in A".
	if k := m.lo - 1; k >= 1 && x.toks[k].word && x.toks[k-1].word {
		switch w, v := x.toks[k].low, x.toks[k-1].low; {
		case w == "in" && (v == "born" || v == "raised" || v == "up" && k >= 2 && (x.toks[k-2].low == "grew" || x.toks[k-2].low == "grown")):
			return true
		case w == "of" && (v == "native" || v == "natives"):
			return true
		}
	}
	for k := m.hi; k < len(x.toks) && k < m.hi+5; k++ {
		t := x.toks[k]
		switch {
		case t.word && (t.low == "native" || t.low == "natives"):
			return true
		case t.text == "," || t.text == "." || t.word && t.cap:
		default:
			return false
		}
	}
	return false
}

// ownsNamed: the possessive m owns a place named after "of" ("Manila's
// neighbouring province of Pampanga", "Aleppo's district of A"): that
// place is where it happened, the owner only says where it is.
// townWorkplace: workers protest at a town's workplace its possessive
// names ("workers of Sirjan's tile company", "Borujerd's municipality"):
// the protest is in the town.
func (x *extractor) townWorkplace(c *candidate, m *ment) bool {
	if c == nil || m.m.Place.Kind != gazetteer.KindCity || TypeOf(c.sub) != TypeProtests && TypeOf(c.sub) != TypeRiots {
		return false
	}
	for _, w := range x.wordsAfter(m.hi, 4) {
		if workplaceNouns[w] {
			return true
		}
	}
	return false
}

// workplaceNouns name where people work.
var workplaceNouns = map[string]bool{
	"company": true, "factory": true, "municipality": true, "plant": true, "refinery": true, "railways": true,
	"railway": true, "mill": true, "mills": true, "council": true, "governorate": true, "bazaar": true,
	"hospital": true, "university": true, "school": true, "schools": true, "port": true, "mine": true,
}

func (x *extractor) ownsNamed(m *ment) bool {
	for k := m.hi; k < len(x.toks) && k < m.hi+4; k++ {
		t := x.toks[k]
		if !t.word || t.cap {
			return false
		}
		if t.low == "of" {
			return k > m.hi && k+1 < len(x.toks) && x.toks[k+1].cap
		}
	}
	return false
}

// ownedElsewhere: m is one of a list its owner places ("Aleppo's districts
// of A, B and C", "the villages of Idlib: A and B"), but lies outside that
// owner: a namesake, not the place meant.
func (x *extractor) ownedElsewhere(m *ment) bool {
	k := m.lo - 1
	for n := 0; k > 0 && n < 30; n, k = n+1, k-1 {
		t := x.toks[k]
		if t.word && (t.cap || t.low == "and" || strings.HasPrefix(t.low, "al") || t.low == "el") || t.text == "," || t.text == "-" {
			continue
		}
		break
	}
	if k < 2 || x.toks[k].low != "of" || !placeNouns[x.toks[k-1].low] {
		return false
	}
	// "Baghdad's mainly Shiite neighbourhood of A": words that describe
	// the place stand between its owner and its kind.
	j := k - 1
	for n := 0; n < 3 && j > 1 && x.describes(j-1); n++ {
		j--
	}
	owner := x.mentEnding(j)
	if owner == nil || owner == m || !strings.HasSuffix(x.toks[owner.hi-1].low, "'s") {
		return false
	}
	o, p := owner.m.Place, m.m.Place
	switch {
	case o.CountryCode == "" || p.CountryCode == "":
		return false
	case o.CountryCode != p.CountryCode:
		return true
	case o.Kind == gazetteer.KindCity:
		return geo.DistanceKm(o.Point, p.Point) > 2*locatedKm
	case o.Kind == gazetteer.KindAdmin1:
		return !contains(o, p)
	}
	return false
}

// mentEnding returns the ment whose last token is k, nil when there is none.
func (x *extractor) mentEnding(k int) *ment {
	for i := range x.ments {
		if x.ments[i].hi == k {
			return &x.ments[i]
		}
	}
	return nil
}

// markDateline marks the ment that opens the body's dateline ("BEIRUT
// (Reuters) -", "KABUL, Afghanistan (AP) —", "Aden, Nov 3 -") as filed
// elsewhere when the report names towns, districts or provinces of another
// country and none of the dateline's own: a Syria story filed in Beirut.
func (x *extractor) markDateline() {
	if len(x.ments) == 0 || x.ments[0].lo != 0 {
		return
	}
	d := &x.ments[0]
	if !x.datelineAfter(d.hi) {
		return
	}
	cc := d.m.Place.CountryCode
	away := false
	for i := 1; i < len(x.ments); i++ {
		m := &x.ments[i]
		p := m.m.Place
		if m.far || m.m.Demonym || p == nil || !p.Located() || p.Kind == gazetteer.KindCountry || p.Kind == gazetteer.KindContinent || p.CountryCode == "" {
			continue
		}
		if p.CountryCode == cc {
			return
		}
		away = true
	}
	d.dateline = away
}

// datelineAfter: the tokens from k on close a dateline: a country, a date
// or a news agency in brackets, then a dash ("BEIRUT (Reuters) -").
func (x *extractor) datelineAfter(k int) bool {
	for end := min(len(x.toks), k+10); k < end; k++ {
		t := x.toks[k]
		switch _, month := months[t.low]; {
		case t.text == "-" || t.text == "—" || t.text == "–" || t.text == "--":
			return true
		case t.nl, t.word && !t.cap && !t.num && !month:
			return false // a sentence goes on: "Beirut is ..."
		}
	}
	return false
}

// peopleNouns after a place name its people: "Kirkuk residents".
var peopleNouns = map[string]bool{
	"people": true, "residents": true, "villagers": true, "students": true, "workers": true, "citizens": true,
	"inhabitants": true, "protesters": true, "demonstrators": true, "activists": true, "farmers": true,
}

// subjectOf: the place is the trigger's subject, passive ("A was shelled",
// "A has been captured") or through its people ("A residents marched").
func (x *extractor) subjectOf(c *candidate, m *ment) bool {
	toks := x.toks
	k := m.hi
	if k < len(toks) && toks[k].word && peopleNouns[toks[k].low] {
		return c.lo == k+1 || c.lo == k+2 && toks[k+1].word && (toks[k+1].low == "also" || toks[k+1].low == "have")
	}
	aux := false
	for n := 0; n < 3 && k < len(toks) && toks[k].word; n++ {
		switch toks[k].low {
		case "was", "were", "is", "are", "been", "being", "has", "have", "had", "reportedly", "also", "again":
			aux = aux || toks[k].low != "reportedly" && toks[k].low != "also" && toks[k].low != "again"
			k++
			continue
		}
		break
	}
	return aux && k == c.lo && c.trig.verb || aux && k == c.lo && strings.HasSuffix(toks[c.lo].low, "ed")
}

// borderStretch reads "A near the B border", "A along the border with B"
// after a country or a part of one (A): the stretch of the A-B border that
// lies by A, as a new mention over the whole phrase; nil when the words
// after A say no such thing.
func (x *extractor) borderStretch(pick *ment) *ment {
	pp := pick.m.Place
	if x.g == nil || pp.CountryCode == "" || (pp.Kind != gazetteer.KindCountry && pp.Kind != gazetteer.KindRegion && pp.Kind != gazetteer.KindAdmin1) {
		return nil
	}
	toks := x.toks
	k := pick.hi
	if k >= len(toks) || !toks[k].word {
		return nil
	}
	switch toks[k].low {
	case "near", "along", "on", "by", "at":
	default:
		return nil
	}
	end := -1
	var other *ment
	for j := k + 1; j < len(toks) && j <= k+6 && toks[j].word; j++ {
		if toks[j].low == "border" || toks[j].low == "frontier" {
			end = j + 1
			if end+1 < len(toks) && toks[end].low == "with" {
				end += 2 // "the border with Syria": the country follows
			}
			break
		}
	}
	if end < 0 {
		return nil
	}
	for _, i := range x.mentsBySent[pick.sent] {
		m := &x.ments[i]
		if m.lo > k && m.hi <= end && m.m.Place.CountryCode != "" && m.m.Place.CountryCode != pp.CountryCode {
			other = m
		}
	}
	if other == nil {
		return nil
	}
	line := x.g.Border(pp.CountryCode, other.m.Place.CountryCode)
	if line == nil || line.Shape == nil {
		return nil
	}
	shape := line.Shape
	if pp.Kind != gazetteer.KindCountry && pp.Shape != nil {
		b := pp.Shape.Bound().Pad(0.25)
		if c := clip.Geometry(b, orb.Clone(line.Shape)); hasLine(c) {
			shape = c
		}
	}
	d := &gazetteer.Place{
		ID: "border:" + pp.ID + ":" + other.m.Place.CountryCode, Kind: gazetteer.KindBorder,
		Name: line.Name + " by " + pp.Name, CountryCode: pp.CountryCode, Admin1: pp.Admin1, Shape: shape,
	}
	d.Point = geo.RepresentativePoint(shape)
	mm := *pick.m
	mm.Place, mm.Precision, mm.Modifier = d, 3, "border"
	return &ment{m: &mm, idx: pick.idx, lo: pick.lo, hi: end, sent: pick.sent}
}

// hasLine: the geometry holds a line of two points or more.
func hasLine(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.LineString:
		return len(g) >= 2
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) >= 2 {
				return true
			}
		}
	}
	return false
}

// namesWeapon: the name is a weapon's ("Grad rockets", "Katyusha
// launchers"), not a place.
// namesStreet: the place names a street, a square or a road of another
// town ("Baghdad Street in Damascus", "Palestine Square"): the name the
// gazetteer lacks is the street's, and the place named is not where it is.
func (x *extractor) namesStreet(m *ment) bool {
	if m.hi >= len(x.toks) || m.m.Modifier != "" || strings.Contains(m.m.Text, "-") {
		return false
	}
	if b := m.m.ByteStart; b > 0 && x.body[b-1] == '-' {
		return false // "the Palmyra-Homs Highway" runs between the towns
	}
	t := x.toks[m.hi]
	return t.word && t.cap && streetWords[t.low]
}

// streetWords end the names of streets, squares and roads.
var streetWords = map[string]bool{
	"street": true, "road": true, "avenue": true, "square": true, "boulevard": true, "highway": true,
}

func (x *extractor) namesWeapon(m *ment) bool {
	if m.hi >= len(x.toks) || !x.toks[m.hi].word {
		return false
	}
	w := x.toks[m.hi].low
	return weaponWords[w] || w == "launcher" || w == "launchers"
}

// ofPlaceKm: a part named "of" a town lies within this of it.
const ofPlaceKm = 50

// ofPlace: the town right after "of" that follows the mention ("the Old
// City of Damascus"), or nil.
func (x *extractor) ofPlace(m *ment, ids []int) *ment {
	k := m.hi
	for k < len(x.toks) && x.toks[k].word && (placeNouns[x.toks[k].low] || baseWords[x.toks[k].low]) {
		k++
	}
	if k >= len(x.toks) || !x.toks[k].word || x.toks[k].low != "of" {
		return nil
	}
	for _, i := range ids {
		o := &x.ments[i]
		if o.lo == k+1 || o.lo == k+2 && x.toks[k+1].low == "the" {
			if o.m.Place.Kind == gazetteer.KindCity && !o.m.Demonym && o.m.Role != gazetteer.RoleMention {
				return o
			}
		}
	}
	return nil
}
