package gazetteer

import (
	"slices"
	"sort"
	"strings"
)

// UnresolvedName is a name the text marks as a place ("Bar-Sanguun village",
// "the village of Kafr Hamra", "Jisr Street") that the gazetteer does not
// know: a caller may fall back to a containing place the same sentence
// names.
type UnresolvedName struct {
	// Text is the name as written; Start and End are offsets in Unicode
	// code points into the text, End exclusive.
	Text       string
	Start, End int
	ByteStart  int
	ByteEnd    int
	// Kind is the word that marks it: "village", "town", "district"...
	Kind string
	// Sentence is the index of the sentence the name is in.
	Sentence int
	// first and last are the name's tokens, cue the marking word's (-1 for
	// a name marked only by its preposition and a place after it).
	first, last, cue int
	// Bare: only the preposition before it marks the name ("clashes in
	// A"); nothing says what it is or where. A caller should take it only
	// as the place of an event its clause tells.
	Bare bool
	// list is 1 + the first token of the list after a preposition the name
	// is an item of ("in A and B, C"), 0 for none: its items share the
	// place that locates the last.
	list int
}

// settlementWords mark a name as a settlement or a division, after it ("A
// village") or before it with "of" ("the village of A").
var settlementWords = map[string]bool{
	"village": true, "town": true, "city": true, "district": true, "subdistrict": true, "area": true,
	"camp": true, "neighborhood": true, "neighbourhood": true, "quarter": true, "hamlet": true,
	"villages": true, "towns": true, "districts": true, "neighborhoods": true, "neighbourhoods": true,
	"settlement": true, "settlements": true, "suburb": true, "suburbs": true, "region": true,
	"sector": true, "locality": true, "commune": true, "county": true, "municipality": true,
	"governorate": true, "province": true, "township": true, "localities": true, "territory": true,
	"lga": true, "prefecture": true, "cities": true, "favela": true, "slum": true, "shantytown": true,
	"barrio": true,
}

// unknownDivisions name the divisions of a country: an unknown district
// holds villages, so only a wider place locates it.
var unknownDivisions = map[string]Kind{
	"district": KindAdmin2, "subdistrict": KindAdmin2, "county": KindAdmin2, "municipality": KindAdmin2,
	"sector": KindAdmin2, "districts": KindAdmin2, "governorate": KindAdmin1, "province": KindAdmin1,
	"region": KindAdmin1, "township": KindAdmin2, "territory": KindAdmin2, "lga": KindAdmin2,
	"prefecture": KindAdmin2,
}

// landmarkWords end the name of a site ("Jisr Street", "Tal Zahab Hill",
// "Wadi Safra checkpoint"); written with a capital they are part of the name.
var landmarkWords = map[string]bool{
	"street": true, "road": true, "highway": true, "square": true, "hill": true, "hills": true,
	"mountain": true, "mountains": true, "valley": true, "junction": true, "crossing": true,
	"checkpoint": true, "bridge": true, "airbase": true, "base": true, "market": true, "bazaar": true, "mosque": true,
	"hospital": true, "stadium": true, "prison": true, "compound": true, "refinery": true, "dam": true,
	"roundabout": true, "farms": true, "plain": true, "plains": true, "neighborhood": true,
	"neighbourhood": true, "district": true, "camp": true, "quarter": true, "village": true, "city": true,
	"airport": true, "field": true, "fields": true, "oilfield": true, "orchards": true, "port": true,
	"school": true, "university": true, "church": true, "factory": true, "station": true, "barracks": true,
	"site": true, "sites": true, "mount": true, "outpost": true,
}

// maxUnresolvedTokens bounds the words of one unknown name.
const maxUnresolvedTokens = 4

// Unresolved returns the names the text marks as places that no mention of
// ms covers: places the text names but the gazetteer lacks. A name is
// marked by a word of settlement or site after it ("A village", "A
// Street"), by one before it ("the town of A", "the villages of A and B"),
// or by a preposition and a known place right after it ("in A, B
// province"). ms are the mentions Tag found in the same text. The text is
// tagged again for the names its addresses rule out (in "A, Hudaydah" A is
// no French town): Tagging.Unresolved saves that work.
func (g *Gazetteer) Unresolved(text string, ms []Mention) []UnresolvedName {
	if len(text) > maxText {
		return nil
	}
	t := g.TagText(text, nil)
	return g.unresolved(text, t.toks, t.sents, ms, ms)
}

// Unresolved is Gazetteer.Unresolved on the tagged text, read from its
// tokens.
func (t *Tagging) Unresolved(ms []Mention) []UnresolvedName {
	return t.g.unresolved(t.text, t.toks, t.sents, ms, t.Mentions)
}

// unresolved finds the unknown names of Unresolved in the tokens toks of
// text, whose sentences are sents.
//
// all holds every mention the tagger found, ms among them: a name only its
// preposition marks is no unknown place where the tagger read a place, even
// one the caller set aside as far ("a press conference in Rome").
func (g *Gazetteer) unresolved(text string, toks []token, sents []int, ms, all []Mention) []UnresolvedName {
	u := unresolvedReader{g: g, text: text, toks: toks, ms: ms, all: all}
	var bare [][2]int // names only a preposition marks, read last
	for k := 0; k < len(toks); k++ {
		cue := toks[k]
		kind := cue.cue
		if kind == 0 {
			continue
		}
		// "A village", "A Street": walk back over the name's capitalised words.
		if k > 0 && (kind&cueSettlement != 0 && (!cue.cap || cue.allCaps) || kind&cueLandmark != 0) {
			u.nameBeforeCue(k, kind)
		}
		// "Sobane, a village in B", "Sobane, a Dogon village", "Bayaa, a
		// mixed neighbourhood in western Baghdad": the name the
		// appositive describes.
		if (villageWords[cue.norm] || appositiveParts[cue.norm]) && !cue.cap {
			if first, last := appositiveName(toks, k); first >= 0 {
				u.add(first, last, k, cue.norm)
			}
		}
		// "the town of A", "the villages of A, B and C", "the sites of A
		// and B".
		if (kind&cueSettlement != 0 || cue.norm == "sites") && !cue.cap && !cue.sentenceEnd && !cue.commaAfter && tokNorm(toks, k+1) == "of" {
			u.namesOf(k)
		}
		// "in A, B province", "at A near B": a capitalised name after a
		// preposition of place, located by a known place right after it.
		if kind&cuePrep != 0 && k+1 < len(toks) && !cue.sentenceEnd && !cue.commaAfter {
			// A list first ("in A, B and C near D": not A in B), but "at A
			// and B Center" is a venue.
			if last := nameAfter(toks, k+1); last >= 0 && !(cue.norm != "at" && u.listPlacedAfter(k+1, last)) && !u.taken(k+1, last) {
				if placedBy(text, toks, last, ms) || addressAfter(toks, last) {
					u.add(k+1, last, -1, "")
				} else if barePreps[cue.norm] && !u.tagged(k+1, last) && u.bareName(k+1, last) {
					bare = append(bare, [2]int{k + 1, last})
				}
			}
		}
		// "shelled places between A and B": two names only the
		// preposition marks, each of them a place's.
		if kind&cueBetween != 0 && !cue.sentenceEnd && !cue.commaAfter && k > 0 && betweenPlaces[toks[k-1].norm] {
			if a := nameAfter(toks, k+1); a >= 0 && tokenIs(toks, a+1, "and") && !toks[a].commaAfter && !toks[a].sentenceEnd {
				if b := nameAfter(toks, a+2); b >= 0 {
					ta, tb := u.tagged(k+1, a), u.tagged(a+2, b)
					if (ta || u.bareName(k+1, a)) && (tb || u.bareName(a+2, b)) {
						if !ta {
							bare = append(bare, [2]int{k + 1, a})
						}
						if !tb {
							bare = append(bare, [2]int{a + 2, b})
						}
					}
				}
			}
		}
		// "raided A, B territory, C": a name an address places, whatever
		// word comes before it.
		if kind&cueSettlement != 0 && unknownDivisions[cue.norm] != "" && k > 1 && addressEnd(toks, k) {
			u.addressedName(k)
		}
	}
	// "raids on A, B.": a name its address ruled out everywhere.
	for k := 0; k < len(toks); k++ {
		if toks[k].addressed {
			last := k
			for last+1 < len(toks) && toks[last+1].addressed && !toks[last].commaAfter {
				last++
			}
			u.add(k, last, -1, "")
			k = last
		}
	}
	// "a village called A", "a town named A".
	for k := 1; k+1 < len(toks); k++ {
		if w := toks[k].norm; (w == "called" || w == "named") && villageWords[toks[k-1].norm] && !toks[k-1].cap && !toks[k].commaAfter && !toks[k].sentenceEnd {
			if last := nameAfter(toks, k+1); last >= 0 && u.listItem(k+1, last) {
				u.add(k+1, last, k-1, toks[k-1].norm)
			}
		}
	}
	// "stormed A", "shelled A": the object of a verb that only takes
	// places, though nothing locates it; read last, so that a name other
	// words mark ("shelled A and B area") is read whole.
	for k := 0; k+1 < len(toks); k++ {
		if cue := toks[k]; cue.cue&cuePlaceVerb != 0 && !cue.cap && !cue.sentenceEnd && !cue.commaAfter {
			// "shelled Tal al Jomou' area": a name that goes on past an
			// article is not read in part.
			if last := nameAfter(toks, k+1); last >= 0 && !toks[last].possessive && u.listItem(k+1, last) &&
				!(articles[tokNorm(toks, last+1)] && last+2 < len(toks) && toks[last+2].cap && !toks[last].commaAfter && !toks[last].sentenceEnd) {
				u.add(k+1, last, -1, "")
			}
		}
	}
	// "clashes in A": a name only its preposition marks, unless another
	// reading took its words ("in A village").
	for _, b := range bare {
		if u.add(b[0], b[1], -1, "") {
			u.out[len(u.out)-1].Bare = true
		}
	}
	// Each name's sentence, set here so that sents stays out of u: kept
	// there, it would escape to the heap along with the names.
	for i := range u.out {
		u.out[i].Sentence = sents[u.out[i].first]
	}
	return u.out
}

// listPlacedAfter adds the names of a list after a preposition whose last
// item a known place locates ("in A and B, Najran", "in A, B and C near
// Idlib"): the place locates them all. first..last is the list's first
// name. It reports whether it read such a list.
func (u *unresolvedReader) listPlacedAfter(first, last int) bool {
	toks := u.toks
	type item struct{ first, last int }
	items := []item{{first, last}}
	for len(items) < 8 && !toks[last].sentenceEnd && !toks[last].possessive {
		next, joined := last+1, false
		if tokenIs(toks, next, "and", "or") && !toks[last].commaAfter {
			next, joined = next+1, true
		} else if !toks[last].commaAfter {
			return false
		} else if tokenIs(toks, next, "and", "or") {
			next, joined = next+1, true // "A, B, and C"
		}
		end := nameAfter(toks, next)
		if end < 0 {
			return false
		}
		items = append(items, item{next, end})
		last = end
		if !joined {
			continue
		}
		if !placedBy(u.text, toks, last, u.ms) {
			return false
		}
		for _, it := range items {
			if !u.listItem(it.first, it.last) {
				return false
			}
		}
		n := len(u.out)
		for _, it := range items {
			u.add(it.first, it.last, -1, "")
		}
		for i := n; i < len(u.out); i++ {
			u.out[i].list = first + 1
		}
		return true
	}
	return false
}

// listItem reports whether the words first..last may be a place of such a
// list: no person ("Terry Collins in Oakland"), no street, shop or
// institution ("A Street and B Road in C" is a corner, "A Market and
// Bakery" one business).
func (u *unresolvedReader) listItem(first, last int) bool {
	// "Al Maatan" is an article and a name, not Al someone.
	if u.g.words.first[u.toks[first].norm] && !(arabicArticles[u.toks[first].norm] && first < last) {
		return false
	}
	for k := first; k <= last; k++ {
		if w := u.toks[k].norm; u.toks[k].cue&cueLandmark != 0 || orgWords[w] || streetWords[w] {
			return false
		}
	}
	return true
}

// streetWords end the names of streets and venues that landmarkWords leave
// out: a street of a list is more often a corner than a place of its own.
var streetWords = map[string]bool{
	"avenue": true, "boulevard": true, "parkway": true, "drive": true, "lane": true, "center": true,
	"centre": true, "way": true, "court": true, "place": true, "park": true,
}

// unresolvedReader collects the unknown names of one text for unresolved.
type unresolvedReader struct {
	g    *Gazetteer
	text string
	toks []token
	ms   []Mention
	out  []UnresolvedName
	// cov marks the tokens a mention of ms covers, allCov those of all,
	// each read once.
	cov, allCov []bool
	all         []Mention
}

// coverTokens marks the tokens the mentions ms cover.
func coverTokens(toks []token, ms []Mention) []bool {
	cov := make([]bool, len(toks))
	at := 0 // mentions come in text order: walk on from the last one's token
	for _, m := range ms {
		if at > 0 && toks[at-1].bend > m.ByteStart {
			at = tokenAt(toks, m.ByteStart) // out of order: search
		}
		for at < len(toks) && toks[at].bend <= m.ByteStart {
			at++
		}
		for k := max(0, at-1); k < len(toks) && toks[k].bstart < m.ByteEnd; k++ {
			if toks[k].bend > m.ByteStart {
				cov[k] = true
			}
		}
	}
	return cov
}

// tagged says whether any mention the tagger found covers a token of
// first..last.
func (u *unresolvedReader) tagged(first, last int) bool {
	if u.allCov == nil {
		u.allCov = coverTokens(u.toks, u.all)
	}
	return slices.Contains(u.allCov[first:last+1], true)
}

// covered says whether a mention of ms covers any of the tokens
// first..last.
func (u *unresolvedReader) covered(first, last int) bool {
	if u.cov == nil {
		u.cov = coverTokens(u.toks, u.ms)
	}
	return slices.Contains(u.cov[first:last+1], true)
}

// taken: the name of tokens first..last is one add would refuse: nothing
// of a name is left once trimmed, or a mention or a name found covers it.
func (u *unresolvedReader) taken(first, last int) bool {
	first = u.g.trimName(u.toks, first, last)
	if first < 0 || u.covered(first, last) {
		return true
	}
	for _, n := range u.out {
		if n.first <= last && first <= n.last {
			return true
		}
	}
	return false
}

// add adds the name of tokens first..last, cued by token cue (or -1), as of
// kind, unless a mention or a name already found covers it, and reports
// whether it did.
func (u *unresolvedReader) add(first, last, cue int, kind string) bool {
	toks := u.toks
	first = u.g.trimName(toks, first, last)
	if first < 0 || u.covered(first, last) {
		return false
	}
	for _, n := range u.out {
		if n.first <= last && first <= n.last {
			return false
		}
	}
	bs, be := toks[first].bstart, toks[last].bend
	u.out = append(u.out, UnresolvedName{
		Text: u.text[bs:be], Start: toks[first].start, End: toks[last].end, ByteStart: bs, ByteEnd: be,
		Kind: kind, first: first, last: last, cue: cue,
	})
	return true
}

// nameBeforeCue adds the name before the cue word at k: "A village", "A
// Street".
func (u *unresolvedReader) nameBeforeCue(k int, kind cueKind) {
	toks, cue := u.toks, u.toks[k]
	if first := nameBefore(toks, k); first >= 0 {
		if !cue.cap && kindArticle(toks, first) {
			return // "a Dogon village", "a hard-line Protestant district": what kind, not which
		}
		if !cue.cap && adjectival(toks[first:k]) && !tokenIs(toks, first-1, "the") {
			return // "in Kurdish areas", "Shiite neighbourhoods": whose, not which
		}
		f := first
		if tokenIs(toks, f, "the") && f+1 < k {
			f++ // "The Kurdish neighbourhood" opening a sentence
		}
		if (f > first || tokenIs(toks, f-1, "the")) && !cue.cap && adjectival(toks[f:k]) {
			return // "the Kurdish city of Arbil": the city is Arbil; "the Kurdish neighbourhood": whose
		}
		last := k - 1
		if cue.cap && kind&cueLandmark != 0 {
			last = k // "Jisr Street" is the street's whole name
		}
		if !cue.cap && strings.HasSuffix(cue.norm, "s") && u.listBeforeCue(k) {
			return // "A, B and C towns": three towns, not one name
		}
		if f := u.g.trimName(toks, first, last); f >= 0 && f < k {
			u.add(first, last, k, cue.norm) // a name besides the word "Street"
		}
	}
}

// listBeforeCue adds the names a plural cue word at k ends, when they are
// a list ("A, B and C towns", "A and B villages"), and reports whether they
// are.
func (u *unresolvedReader) listBeforeCue(k int) bool {
	toks := u.toks
	type item struct{ first, last int }
	var items []item
	j := k - 1
	for len(items) < 8 {
		last := j
		if last < 0 || !toks[last].cap || toks[last].sentenceEnd || toks[last].possessive || len(items) > 0 && !toks[last].commaAfter && !tokenIs(toks, last+1, "and", "or") {
			break
		}
		i := last
		for i > 0 && i > last-3 && (toks[i-1].cap || toks[i-1].hyphenAfter || arabicArticles[toks[i-1].norm]) && !toks[i-1].commaAfter && !toks[i-1].sentenceEnd {
			i--
		}
		items = append(items, item{i, last})
		j = i - 1
		if tokenIs(toks, j, "and", "or") && !toks[j].cap {
			j--
		} else if j < 0 || !toks[j].commaAfter || toks[j].sentenceEnd || toks[j].closeAfter {
			break
		}
	}
	if len(items) < 2 {
		return false
	}
	for _, it := range items {
		if f := u.g.trimName(toks, it.first, it.last); f >= 0 {
			u.add(f, it.last, k, toks[k].norm)
		}
	}
	return true
}

// kindArticle reports whether the indefinite article stands before the
// name starting at first, right before it or across up to two lower-case
// words: "a Dogon village", "a hard-line Protestant district".
func kindArticle(toks []token, first int) bool {
	for j := first - 1; j >= 0 && j >= first-3; j-- {
		t := toks[j]
		if t.sentenceEnd || t.commaAfter && j < first-1 {
			return false
		}
		if t.norm == "a" || t.norm == "an" {
			return true
		}
		if t.cap || t.allCaps || !describing(toks, j) {
			return false
		}
	}
	return false
}

// describing reports whether the lower-case word at j reads as a word
// that describes: part of a hyphenated word ("hard-line"), an adverb
// ("predominantly") or an adjective by its ending ("militant", "remote",
// "southern").
func describing(toks []token, j int) bool {
	t := toks[j]
	if t.hyphenAfter || j > 0 && toks[j-1].hyphenAfter {
		return true
	}
	for _, suf := range []string{"ly", "ant", "ent", "ive", "ous", "al", "ic", "ern", "ful"} {
		if strings.HasSuffix(t.norm, suf) {
			return true
		}
	}
	return false
}

// namedAfterOf reports whether the place word at k is followed by "of" and
// the name of the place it describes, so that the capitalised words before
// it only describe that place: "the Kurdish city of Arbil", "the Sunni
// province of Anbar", "the Christian town of A". A part of a wider place
// keeps its own name: "the Karrada district of Baghdad" (Baghdad is no
// district), "the Shaar neighbourhood of Aleppo".
func (u *unresolvedReader) namedAfterOf(k int) bool {
	toks := u.toks
	if tokNorm(toks, k+1) != "of" || k+2 >= len(toks) || !toks[k+2].cap {
		return false
	}
	switch toks[k].norm {
	case "city", "town", "village", "hamlet", "cities", "towns", "villages":
		return true // a settlement of a settlement is no place
	}
	want := unknownDivisions[toks[k].norm]
	if want == "" {
		return false
	}
	for _, m := range u.ms {
		if m.ByteStart == toks[k+2].bstart && m.Place != nil {
			return m.Place.Kind == want
		}
	}
	return false
}

// adjectival reports whether capitalised words read as adjectives of a
// people, a faith or a holder: "Kurdish", "Shiite", "Druze",
// "YPG-held", "Sunni-majority". A name ("the Urals town of A", "the
// Zorbandi district of A") does not.
func adjectival(ts []token) bool {
	for _, t := range ts {
		w := t.norm
		if i := strings.LastIndexByte(w, '-'); i > 0 && holderSuffixes[w[i+1:]] {
			continue
		}
		if !communalAdjectives[w] {
			return false
		}
	}
	return len(ts) > 0
}

// CommunalAdjective: w, lower case, describes a place by who lives there
// or holds it ("Shiite", "Kurdish", "rebel"), as in "Baghdad's mainly
// Shiite district of A".
func CommunalAdjective(w string) bool { return communalAdjectives[w] }

// communalAdjectives describe a place by who lives there; the nations'
// adjectives are demonyms the gazetteer knows.
var communalAdjectives = map[string]bool{
	"kurdish": true, "kurd": true, "shiite": true, "shia": true, "shi'ite": true, "sunni": true, "christian": true,
	"druze": true, "alawite": true, "yazidi": true, "ezidi": true, "turkmen": true, "arab": true, "assyrian": true,
	"chaldean": true, "armenian": true, "jewish": true, "muslim": true, "catholic": true, "orthodox": true,
	"coptic": true, "pashtun": true, "hazara": true, "tajik": true, "uzbek": true, "baloch": true, "tamil": true,
	"fulani": true, "hausa": true, "dogon": true, "tuareg": true, "berber": true, "bedouin": true, "palestinian": true,
	"israeli": true, "philippine": true, "protestant": true, "hindu": true, "sikh": true, "buddhist": true, "rebel": true, "government": true, "regime": true, "loyalist": true, "opposition": true,
}

// holderSuffixes end a hyphenated word that says who holds or lives in a
// place: "YPG-held", "rebel-controlled", "Kurdish-majority".
var holderSuffixes = map[string]bool{
	"held": true, "controlled": true, "majority": true, "dominated": true, "populated": true, "run": true,
	"besieged": true, "occupied": true, "inhabited": true,
}

// appositiveName returns the capitalised name a comma ends before "a" or
// "an", a descriptor and the settlement word at k ("Sobane, a Dogon
// village"), or -1, -1.
func appositiveName(toks []token, k int) (int, int) {
	j := k - 1
	if j >= 0 && toks[j].cap && !tokenIs(toks, j, "a", "an") {
		j-- // "a Dogon village"
	}
	for n := 0; n < 2 && j > 0 && !toks[j].cap && !toks[j].commaAfter && !tokenIs(toks, j, "a", "an", "the", "of", "in", "near", "and", "or", "to", "from", "on", "at", "by", "with"); n++ {
		j-- // "a hard-line Protestant village", "a small village"
	}
	if !tokenIs(toks, j, "a", "an") || j < 1 {
		return -1, -1
	}
	last := j - 1
	if t := toks[last]; !t.commaAfter || !t.cap || t.allCaps || t.sentenceEnd {
		return -1, -1
	}
	first := last
	for first > 0 && first > last-3 && toks[first-1].cap && !toks[first-1].sentenceEnd && !toks[first-1].commaAfter && !toks[first-1].sentStart {
		first--
	}
	if toks[first].sentStart || toks[first].lineStart {
		return -1, -1 // a sentence's first word may be any capitalised word
	}
	return first, last
}

// namesOf adds the names after the cue word at k and "of": "the town of A",
// "the villages of A, B and C".
func (u *unresolvedReader) namesOf(k int) {
	toks, cue := u.toks, u.toks[k]
	j := k + 2
	for {
		last := nameAfter(toks, j)
		if last < 0 {
			break
		}
		kind := cue.norm
		if after := tokNorm(toks, last+1); unknownDivisions[after] != "" && !toks[last].commaAfter {
			kind = after // "the area of A district": A is a district
		}
		u.add(j, last, k, kind)
		if !strings.HasSuffix(cue.norm, "s") || toks[last].sentenceEnd {
			break
		}
		// a list goes on after a comma or "and", and after an aside in
		// brackets: "A (twice) and B".
		j = last + 1
		if toks[last].commaAfter && !toks[last].closeAfter {
			if e := asideEnd(toks, j); e > j {
				j = e
			}
		}
		if tokNorm(toks, j) == "and" {
			j++
		} else if !toks[last].commaAfter {
			break
		}
	}
}

// asideEnd returns the token after a short bracketed aside of lower-case
// words and numbers starting at j ("(twice)", "(three times)"), or j when
// there is none.
func asideEnd(toks []token, j int) int {
	for k := j; k < len(toks) && k < j+4; k++ {
		if toks[k].cap || toks[k].sentenceEnd {
			return j
		}
		if toks[k].closeAfter {
			return k + 1
		}
	}
	return j
}

// addressedName adds the name before the address that ends with the
// division word at k: "raided A, B territory".
func (u *unresolvedReader) addressedName(k int) {
	toks := u.toks
	if b := nameBefore(toks, k); b > 0 && toks[b-1].commaAfter && toks[b-1].cap && !toks[b-1].sentenceEnd {
		last := b - 1
		first := last
		for first > 0 && last-first < maxUnresolvedTokens-1 && toks[first-1].cap && !toks[first-1].commaAfter && !toks[first-1].sentenceEnd && !toks[first-1].possessive {
			first--
		}
		u.add(first, last, -1, "")
	}
}

// barePreps place a name after them even when nothing locates it: "clashes
// in A", "a checkpoint near A".
var barePreps = map[string]bool{"in": true, "at": true, "near": true, "outside": true, "inside": true, "around": true, "on": true}

// bareName: the capitalised words first..last after a preposition read as
// the name of a place, not of a person or a body: the name ends there, is
// no one's ("at Ali's house"), has no familiar word and no acronym, and has
// a word that is neither in the dictionary nor a given name ("in
// Parliament", "at Ahmed" are not places).
func (u *unresolvedReader) bareName(first, last int) bool {
	toks := u.toks
	if toks[last].possessive || !bareNameEnds(toks, last) {
		return false
	}
	if first == last && peoplePlural(toks[first].norm) {
		return false // "attacks on Kurds", "fired at Salafists": a people, not a place
	}
	// "opened fire on Saleh, killing him", "on Saleh, who": a person.
	if toks[last].commaAfter && (tokenIs(toks, last+1, "who", "whom") ||
		tokenIs(toks, last+1, "killing", "wounding", "injuring", "leaving") && tokenIs(toks, last+2, "him", "her")) {
		return false
	}
	named := false
	for k := first; k <= last; k++ {
		t := toks[k]
		if t.allCaps || u.g.words.common[t.norm] {
			return false // "at ICON Foods", "at Smith Did You Like": no place's words
		}
		named = named || t.cap && !u.g.words.dict[t.norm] && !u.g.words.first[t.norm] && !personTitles[t.norm]
	}
	return named
}

// peoplePlural: the one word w reads as the plural of a people, a faith or
// a movement ("Kurds", "Yazidis", "Christians", "Salafists", "Alawites"),
// which reporting names after "on" and "at" as often as places. A place's
// name seldom ends so; one that does ("Tartus", "Homs") the gazetteer knows.
func peoplePlural(w string) bool {
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && len(w) > 3
}

// bareNameEnds: the clause goes on past the name ending at token last
// with a word that cannot be part of a name of a place ("in A with no
// losses", "in A, killing two", "in A."), not a list ("in A, B and C"), a
// kind word ("near A military camp") or more of the name.
func bareNameEnds(toks []token, last int) bool {
	t := toks[last]
	if t.sentenceEnd || last+1 == len(toks) {
		return true
	}
	next := toks[last+1]
	if t.commaAfter {
		return !next.cap
	}
	return !next.cap && bareFollowers[next.norm]
}

// betweenPlaces come before "between" and two places ("the road between
// A and B"), not two people ("a collaboration between A and B") or two
// sides ("clashes between A and B").
var betweenPlaces = map[string]bool{
	"road": true, "highway": true, "area": true, "areas": true, "places": true, "region": true,
	"villages": true, "towns": true, "front": true, "frontline": true, "zone": true, "border": true,
	"stretch": true, "land": true, "lands": true, "farmland": true, "located": true, "situated": true,
	"lies": true, "midway": true, "somewhere": true, "route": true, "line": true, "valley": true,
}

// bareFollowers may come right after a place's name in a clause: words of
// function, and the participles that go on to tell an event's toll.
var bareFollowers = map[string]bool{
	"with": true, "and": true, "on": true, "in": true, "at": true, "near": true, "after": true,
	"during": true, "while": true, "which": true, "where": true, "when": true, "as": true, "to": true,
	"from": true, "by": true, "for": true, "amid": true, "since": true, "following": true, "killing": true,
	"wounding": true, "injuring": true, "leaving": true, "causing": true, "resulting": true, "but": true,
	"that": true, "who": true, "was": true, "were": true, "is": true, "are": true, "has": true, "have": true,
	"had": true, "without": true, "before": true, "until": true, "against": true, "using": true, "targeting": true,
	"today": true, "yesterday": true, "overnight": true, "early": true, "late": true, "last": true, "this": true,
}

// placeVerbs take only places as their objects.
// Before a name a known place locates ("shelled A in B") they cue it like
// a preposition.
var placeVerbs = map[string]bool{
	"entered": true, "stormed": true, "shelled": true, "bombarded": true, "besieged": true, "overran": true,
	"recaptured": true, "retook": true, "bombed": true, "pounded": true, "shelling": true, "storming": true,
	"raided": true,
}

// unknownPreps place the name after them: "in A, B province", "an attack
// on A, in B".
var unknownPreps = map[string]bool{
	"in": true, "at": true, "near": true, "outside": true, "from": true, "on": true, "into": true,
	"toward": true, "towards": true, "around": true, "inside": true, "across": true,
}

// cueKind says what a word tells of the name next to it.
type cueKind uint8

const (
	cueSettlement cueKind = 1 << iota // settlementWords
	cueLandmark                       // landmarkWords
	cuePrep                           // unknownPreps, placeVerbs
	cuePlaceVerb                      // placeVerbs
	cueBetween                        // "between"
)

// nameCues joins settlementWords, landmarkWords, unknownPreps and
// placeVerbs, so a text costs one lookup a word: tokenize keeps each
// word's in token.cue.
var nameCues = func() map[string]cueKind {
	m := map[string]cueKind{}
	for w := range settlementWords {
		m[w] |= cueSettlement
	}
	for w := range landmarkWords {
		m[w] |= cueLandmark
	}
	for w := range unknownPreps {
		m[w] |= cuePrep
	}
	for w := range placeVerbs {
		m[w] |= cuePrep | cuePlaceVerb
	}
	m["between"] |= cueBetween
	return m
}()

// nameBefore returns the first token of the capitalised name that ends
// right before toks[k], or -1.
func nameBefore(toks []token, k int) int {
	first := -1
	for j := k - 1; j >= 0 && k-j <= maxUnresolvedTokens; j-- {
		t := toks[j]
		if t.sentenceEnd || t.commaAfter || t.possessive {
			break
		}
		// "Qubbat al Kurdi village": an article between two words of the
		// name.
		if !t.cap && !t.hyphenAfter && !((connectors[t.norm] || arabicArticles[t.norm]) && j < k-1 && j > 0 && toks[j-1].cap) {
			break
		}
		if t.cap || first == j+1 && t.hyphenAfter {
			first = j // "al-Tijara" keeps its article, "Nawa-i-Barakzai" its joints
		}
	}
	return first
}

// nameAfter returns the last token of the capitalised name that starts at
// toks[j] ("Kafr Hamra", "al-Mansura", "Tal al-Sawda"), or -1.
func nameAfter(toks []token, j int) int {
	if j >= len(toks) {
		return -1
	}
	if articles[toks[j].norm] && toks[j].hyphenAfter && j+1 < len(toks) {
		// "al-Mansura": the article joins the name
	} else if !toks[j].cap {
		return -1
	}
	last := -1
	for k := j; k < len(toks) && k-j < maxUnresolvedTokens; k++ {
		t := toks[k]
		switch {
		case t.cap && calendarWords[t.norm] && k > j:
			return last // "the village of A on Monday"
		case t.cap:
			last = k
		case t.hyphenAfter && k > j: // "Nawa-i-Barakzai"
		case articles[t.norm] && t.hyphenAfter:
		case arabicArticles[t.norm] && k > j && k+1 < len(toks) && toks[k+1].cap && !t.cap: // "the village of Tal al Sultan"
		case connectors[t.norm] && k > j && t.norm != "and" && t.norm != "of":
		default:
			return last
		}
		if t.sentenceEnd || t.commaAfter || t.possessive {
			return last
		}
	}
	return last
}

// trimName drops the words a name cannot start with (a sentence's opening
// word, a person's title, a month, an article standing alone) and returns
// the name's first token, or -1 when nothing of a name is left.
// placeTitle: the title at first opens the name of a settlement ("Sheikh
// Isa town", "the village of Imam Gharbi"), as Arabic place names often
// do, not a person's name.
func placeTitle(toks []token, first, last int) bool {
	if w := toks[first].norm; w != "sheikh" && w != "imam" || first == last || toks[first].sentStart {
		return false
	}
	// "Sheikh Isa town", "the village of Imam Gharbi".
	return villageWords[tokNorm(toks, last+1)] || first >= 2 && toks[first-1].norm == "of" && villageWords[toks[first-2].norm]
}

func (g *Gazetteer) trimName(toks []token, first, last int) int {
	for first <= last && (toks[first].sentStart && g.words.common[toks[first].norm] ||
		personTitles[toks[first].norm] && !placeTitle(toks, first, last) || calendarWords[toks[first].norm] ||
		articles[toks[first].norm] && !toks[first].hyphenAfter && !(first < last && articles[toks[first+1].norm]) || nonPlaceProperWords[toks[first].norm] ||
		orgWords[toks[first].norm]) {
		first++
	}
	if first > last || !toks[first].cap && !(articles[toks[first].norm] && toks[first].hyphenAfter) {
		return -1
	}
	for k := first; k <= last; k++ {
		if orgWords[toks[k].norm] || calendarWords[toks[k].norm] {
			return -1
		}
	}
	if first == last && (len(toks[first].norm) < 3 || toks[first].allCaps && !(toks[first].addressed && len(toks[first].norm) > 3)) {
		return -1 // "an ANA checkpoint": an acronym names a force; "MURRAY, Wash." is a dateline's town
	}
	if first == last && g.words.dict[toks[first].norm] && adjectiveEnding(toks[first].norm) {
		return -1 // "the Industrial area", "a Military site": a kind of area
	}
	return first
}

// adjectiveEnding: w ends like an English adjective of kind ("industrial",
// "military", "residential").
func adjectiveEnding(w string) bool {
	return strings.HasSuffix(w, "al") || strings.HasSuffix(w, "ary") || strings.HasSuffix(w, "ive")
}

// placedBy: the name ending at token last is followed by a known place
// that locates it ("A in B", "A, B province", "A (B)"), or by another
// unknown name that one locates ("A in B of C").
func placedBy(text string, toks []token, last int, ms []Mention) bool {
	return placedByChain(text, toks, last, ms, true)
}

func placedByChain(text string, toks []token, last int, ms []Mention, chain bool) bool {
	if last+1 >= len(toks) || toks[last].sentenceEnd || toks[last].possessive {
		return false
	}
	next := last + 1
	if !toks[last].commaAfter && !strings.Contains(text[toks[last].bend:toks[next].bstart], "(") {
		switch toks[next].norm {
		case "in", "near", "outside", "of":
			next++
		default:
			return false
		}
	}
	for tokenIs(toks, next, "the") || settlementWords[tokNorm(toks, next)] && tokenIs(toks, next+1, "of") {
		if tokenIs(toks, next, "the") {
			next++
		} else {
			next += 2 // "in A in the commune of B"
		}
	}
	if next >= len(toks) {
		return false
	}
	for _, m := range ms {
		if m.ByteStart == toks[next].bstart && !m.Demonym && m.Place != nil && m.Place.Kind != KindContinent {
			return true
		}
	}
	// "in A in B of C": another name the gazetteer lacks, placed in turn.
	if chain {
		if last2 := nameAfter(toks, next); last2 >= 0 {
			return placedByOnce(text, toks, last2, ms)
		}
	}
	return false
}

// placedByOnce is placedBy with no further unknown name between.
func placedByOnce(text string, toks []token, last int, ms []Mention) bool {
	return placedByChain(text, toks, last, ms, false)
}

// addressAfter: the name ending at toks[last] is followed by a comma and
// a division the text names by its kind ("A, B LGA", "A, B district,
// C"): the head of an address.
func addressAfter(toks []token, last int) bool {
	if !toks[last].commaAfter || toks[last].sentenceEnd {
		return false
	}
	end := nameAfter(toks, last+1)
	if end < 0 || end+1 >= len(toks) || toks[end].commaAfter || toks[end].sentenceEnd {
		return false
	}
	return unknownDivisions[toks[end+1].norm] != "" && addressEnd(toks, end+1)
}

// addressEnd: the division word at toks[k] ends its part of an address:
// a comma, a bracket or the sentence's end follows ("B LGA, C state",
// "B district)"), not more words about it ("B district governor").
func addressEnd(toks []token, k int) bool {
	t := toks[k]
	return t.commaAfter || t.sentenceEnd || k+1 < len(toks) && toks[k+1].norm == ")"
}

// containerSkip may stand between an unknown name and the known place that
// locates it: "A village in the western countryside of B", "A, north of B".
var containerSkip = map[string]bool{
	"in": true, "of": true, "near": true, "outside": true, "inside": true, "around": true, "at": true,
	"the": true, "on": true, "outskirts": true, "countryside": true, "suburbs": true, "rural": true,
	"north": true, "south": true, "east": true, "west": true, "northeast": true, "northwest": true,
	"southeast": true, "southwest": true, "northern": true, "southern": true, "eastern": true,
	"western": true, "central": true, "province": true, "district": true, "governorate": true,
	"area": true, "region": true, "just": true, "located": true, "village": true, "town": true,
	"city": true, "neighborhood": true, "neighbourhood": true, "subdistrict": true, "county": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
	"about": true, "some": true, "roughly": true, "km": true, "kilometers": true, "kilometres": true,
	"miles": true, "mile": true, "from": true, "away": true, "commune": true, "vicinity": true,
	// "the A area which lies between B and C": near the first of them.
	"between": true, "which": true, "lies": true, "stretches": true,
	// "the A base camp in B".
	"camp": true, "base": true,
}

// towardPoint: token k is the "to" of "to the south of B", a bearing
// from B, not a destination ("moved from A village to B").
func towardPoint(toks []token, k int) bool {
	if toks[k].norm != "to" {
		return false
	}
	k++
	if tokenIs(toks, k, "the") {
		k++
	}
	if k >= len(toks) {
		return false
	}
	switch w := toks[k].norm; w {
	case "north", "south", "east", "west":
		return true
	default:
		return intercardinals[w]
	}
}

// directionAdjectives may stand between an owner and the kind of place it
// owns: "Baghdad's eastern district of A".
var directionAdjectives = map[string]bool{
	"northern": true, "southern": true, "eastern": true, "western": true, "central": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true,
}

// isNumber: a token of digits ("35", "1,000").
func isNumber(t token) bool { return t.norm[0] >= '0' && t.norm[0] <= '9' }

// UnknownPlaces returns a mention for each name of Unresolved that a known
// place of ms locates: the place right after it ("A village in B", "A (B)",
// "A, B province"), the place that owns it ("B's A district", "the Syrian
// town of A"), or else the nearest town or region before it in its
// sentence ("In B province, the village of A"). The mention's place is
// derived, of kind unresolved, with the locating place's geometry, with
// modifier "unresolved" and precision 2 (near a town or district) or 3 (in
// a wider region or a country). Names nothing locates are left out. Like
// Unresolved, it tags the text again; Tagging.UnknownPlacesWithin does not.
func (g *Gazetteer) UnknownPlaces(text string, ms []Mention) []Mention {
	if len(text) > maxText || len(ms) == 0 {
		return nil
	}
	t := g.TagText(text, nil)
	return g.unknownPlaces(text, t.toks, t.sents, ms, ms, nil)
}

// UnknownPlacesWithin is Gazetteer.UnknownPlaces on the tagged text, with
// ms the mentions to take as known (Mentions, or fewer). country is the one
// country the text is about besides the places it names (an extractor's
// reading of the armed groups it names, "Houthi forces" in Yemen), or "":
// a name nothing nearer locates stands in that country.
func (t *Tagging) UnknownPlacesWithin(ms []Mention, country string) []Mention {
	var home *Mention
	if p, ok := t.g.Country(country); ok && country != "" {
		home = &Mention{Place: p, Precision: 3, Confidence: 0.5}
	}
	return t.g.unknownPlaces(t.text, t.toks, t.sents, ms, t.Mentions, home)
}

func (g *Gazetteer) unknownPlaces(text string, toks []token, sents []int, ms, all []Mention, home *Mention) []Mention {
	if len(ms) == 0 && home == nil {
		return nil
	}
	us := g.unresolved(text, toks, sents, ms, all)
	if len(us) == 0 {
		return nil
	}
	// From the last name back, so that an unknown place can locate the one
	// before it: "A village in B township, C region".
	sort.Slice(us, func(i, j int) bool { return us[i].ByteStart > us[j].ByteStart })
	known := make([]Mention, len(ms), len(ms)+len(us)) // the names found join the known, in one array
	copy(known, ms)
	cs := make([]*Mention, len(us))
	byCue, byList := map[int]*Mention{}, map[int]*Mention{}
	for i, u := range us {
		// The items of a list after a preposition lie where its last does
		// ("in A, B and C near D": A is no place in B).
		if cs[i] = byList[u.list]; cs[i] == nil || u.list == 0 {
			cs[i] = containerOf(text, toks, u, known)
		}
		if u.cue >= 0 && byCue[u.cue] != nil && (cs[i] == nil || cs[i].Place.Kind == KindCountry && byCue[u.cue].Place.Kind != KindCountry) {
			// One list's names share a place: "the villages of A, B and C
			// (D)", "the Iraqi villages of A and B, west of C".
			cs[i] = byCue[u.cue]
		}
		// A name a kind word or only a preposition marks ("the village of
		// A", "clashes in A") stands in the text's country; the object of
		// a verb ("shelled A") is left to the places its text names.
		if cs[i] == nil && (u.cue >= 0 || u.Bare) && home != nil && noCountry(toks, u.Sentence, known) {
			cs[i] = home
		}
		if cs[i] == nil {
			continue
		}
		cs[i] = g.ofSeat(toks, cs[i], u, known)
		if u.cue >= 0 && byCue[u.cue] == nil {
			byCue[u.cue] = cs[i]
		}
		if u.list > 0 && byList[u.list] == nil {
			byList[u.list] = cs[i]
		}
		known = append(known, unknownMention(u, cs[i]))
	}
	var out []Mention
	for i, u := range us {
		if cs[i] == nil && u.cue >= 0 {
			cs[i] = byCue[u.cue] // a list's first names, found after its last
		}
		if cs[i] != nil {
			out = append(out, unknownMention(u, cs[i]))
		}
	}
	slices.Reverse(out)
	return out
}

// ofSeat: "A of Lahij", "A district of Taiz", "A village, Jizan": a
// first-level seat named after "of", or as what holds an unknown village,
// stands for its province, the way reports name provinces by their seats.
// A bearing or distance from the town ("A village south of Mosul") stays
// with the town. A part of a town ("A
// neighbourhood of Aleppo") or a seat called a city ("A of Aleppo city",
// "A area of Benin City") stays in the city.
func (g *Gazetteer) ofSeat(toks []token, c *Mention, u UnresolvedName, ms []Mention) *Mention {
	kind := u.Kind
	p := c.Place
	if p.Kind != KindCity || p.FeatureCode != "PPLA" || c.Demonym || townParts[kind] {
		return c
	}
	k := tokenAt(toks, c.ByteStart)
	if p.Population >= cityDistrictsPopulation && kind != "" && !villageWords[kind] && kind != "city" && kind != "cities" && tokenIs(toks, k-1, "of") && tokenIs(toks, k-2, kind) {
		return c // "the A district of Mosul": a great city has districts of its own
	}
	named := strings.HasSuffix(strings.ToLower(c.Text), " city") // "A area of Benin City"
	// "shelled A in Jizan": a name the text only places in a town that is
	// no great city is somewhere in its province.
	inTown := kind == "" && tokenIs(toks, k-1, "in") && p.Population < cityDistrictsPopulation
	// "A in the city of Taiz" is in the city; "In the port city of
	// Hodeidah, ... A district" frames a report on the province.
	cityOf := tokenIs(toks, k-1, "of") && tokenIs(toks, k-2, "city") && c.ByteStart > u.ByteEnd &&
		(tokenIs(toks, k-3, "in") || tokenIs(toks, k-3, "the") && tokenIs(toks, k-4, "in"))
	if !tokenIs(toks, k-1, "of") && !villageWords[kind] && !inTown || tokenIs(toks, tokenAt(toks, c.ByteEnd), "city") || named || cityOf || c.Modifier != "" ||
		ofOwnProvince(toks, c, ms) {
		return c
	}
	div, ok := g.admin1[p.Admin1]
	if !ok || div.Shape == nil {
		return c
	}
	m := *c
	m.Place, m.Precision = div, 3
	return &m
}

// ofOwnProvince: the seat c is followed by "of" or a comma and its own
// province ("A in Al Hazm of Al Jawf", "A village (Kismaayo, Lower Juba)"):
// the text names the seat's district, not the province by its seat.
func ofOwnProvince(toks []token, c *Mention, ms []Mention) bool {
	j := tokenAt(toks, c.ByteEnd)
	if j >= len(toks) || toks[j-1].sentenceEnd {
		return false
	}
	if !toks[j-1].commaAfter {
		if !tokenIs(toks, j, "of") || j+1 >= len(toks) {
			return false
		}
		j++
	}
	for i := range ms {
		m := &ms[i]
		if m.ByteStart == toks[j].bstart && m.Place != nil && m.Place.Kind == KindAdmin1 {
			return m.Place.CountryCode == c.Place.CountryCode && m.Place.Admin1 == c.Place.Admin1
		}
	}
	return false
}

// villageWords name settlements and the sites of the countryside, which
// lie in provinces, not in towns: "A village, Jizan" is in the province the
// town of Jizan is the seat of.
var villageWords = map[string]bool{
	"village": true, "villages": true, "hamlet": true, "town": true, "towns": true,
	"settlement": true, "settlements": true, "site": true, "sites": true, "outpost": true,
	"mount": true, "hill": true, "hills": true, "mountain": true, "mountains": true, "valley": true,
}

// appositiveParts are the parts of a town an appositive may call a name.
var appositiveParts = map[string]bool{
	"neighbourhood": true, "neighborhood": true, "quarter": true, "suburb": true, "district": true,
}

// townParts name the parts of a town.
var townParts = map[string]bool{
	"neighbourhood": true, "neighborhood": true, "street": true, "quarter": true, "suburb": true,
	"square": true, "market": true, "bazaar": true, "favela": true, "slum": true, "shantytown": true,
	"barrio": true,
}

// UnresolvedPrefix starts the id of a place the gazetteer lacks:
// "unresolved:" + the locating place's id + ":" + the folded name, or
// "unresolved:" + the folded name when nothing locates it.
const UnresolvedPrefix = "unresolved:"

func unknownID(u UnresolvedName, c *Mention) string {
	return UnresolvedPrefix + c.Place.ID + ":" + normalizeName(u.Text)
}

// wider: a place of kind k (a division word, or any other) can lie in p.
func wider(p *Place, k string) bool {
	switch unknownDivisions[k] {
	case KindAdmin2:
		// a district of a province, or of a city ("Baghdad's A district")
		return p.Kind == KindAdmin1 || p.Kind == KindCountry || p.Kind == KindRegion || p.Kind == KindCity
	case KindAdmin1:
		return p.Kind == KindCountry
	}
	return true
}

func unknownMention(u UnresolvedName, c *Mention) Mention {
	cp := c.Place
	prec := 3
	switch cp.Kind {
	case KindCity, KindAirport, KindAirbase, KindPoint, KindAdmin2:
		prec = 2
	case KindUnresolved:
		// "the A area in the B neighbourhood of Damascus": as near as B
		// stands.
		prec = max(2, c.Precision)
	}
	kind := KindUnresolved
	if k := unknownDivisions[u.Kind]; k != "" {
		// "A district": a division the gazetteer lacks, inside c; a
		// city's district is near its centre.
		kind = k
		if cp.Kind != KindCity {
			prec = 3
		}
	}
	prec = max(prec, c.Precision) // no nearer than the place that locates it
	p := &Place{
		ID: unknownID(u, c), Kind: kind, Name: u.Text, CountryCode: cp.CountryCode, Admin1: cp.Admin1,
		Point: cp.Point, Shape: cp.Shape,
	}
	return Mention{
		Text: u.Text, Start: u.Start, End: u.End, ByteStart: u.ByteStart, ByteEnd: u.ByteEnd,
		Place: p, Confidence: c.Confidence, Precision: prec, Modifier: "unresolved", Sentence: u.Sentence,
	}
}

// UnlocatedMention is the mention of an unknown name nothing in its
// sentence locates ("a bomb went off in the A market"). With near, a place
// the text named before it (the town the report is about), it stands there,
// at precision 3; without, it is a place of kind unresolved, or the
// division its kind word names, with no position (not Located). Its
// modifier is "unlocated".
func UnlocatedMention(u UnresolvedName, near *Mention) Mention {
	if near != nil {
		m := unknownMention(u, near)
		m.Precision, m.Confidence, m.Modifier = 3, min(m.Confidence, 0.3), "unlocated"
		return m
	}
	kind := KindUnresolved
	if k := unknownDivisions[u.Kind]; k != "" {
		kind = k
	}
	p := &Place{ID: UnresolvedPrefix + normalizeName(u.Text), Kind: kind, Name: u.Text}
	return Mention{
		Text: u.Text, Start: u.Start, End: u.End, ByteStart: u.ByteStart, ByteEnd: u.ByteEnd,
		Place: p, Confidence: 0.3, Precision: 3, Modifier: "unlocated", Sentence: u.Sentence,
	}
}

// containerOf finds the known place of ms that locates the unknown name u.
func containerOf(text string, toks []token, u UnresolvedName, ms []Mention) *Mention {
	at := func(k int) *Mention {
		if k < 0 || k >= len(toks) {
			return nil
		}
		for i := range ms {
			m := &ms[i]
			if m.ByteStart == toks[k].bstart && m.Place != nil && m.Place.Kind != KindContinent {
				return m
			}
		}
		return nil
	}
	ending := func(k int) *Mention {
		if k < 0 {
			return nil
		}
		for i := range ms {
			m := &ms[i]
			if m.ByteEnd >= toks[k].bend && m.ByteStart <= toks[k].bstart && m.Place != nil && m.Place.Kind != KindContinent {
				return m
			}
		}
		return nil
	}
	// After it: "A village in B", "A (B)", "A, north of B". In a list
	// ("the towns of A, B and C") a comma leads to the next item.
	end := max(u.last, u.cue)
	list := u.cue >= 0 && strings.HasSuffix(u.Kind, "s")
	for k := end + 1; k < len(toks) && k <= end+10; k++ {
		if toks[k-1].sentenceEnd {
			break
		}
		// A bearing is no next item: "the villages of A and B, west of C".
		if m := at(k); m != nil && !m.Demonym && !(list && k == end+1 && m.Modifier != "near" && m.Modifier != "offset") && wider(m.Place, u.Kind) {
			// "in western Niger's Tahoua region": the place the country
			// owns holds A.
			if j := lastTokenOf(toks, m); toks[j].possessive {
				if o := at(j + 1); o != nil && !o.Demonym && wider(o.Place, u.Kind) && owns(m.Place, o.Place) {
					return o
				}
			}
			return m
		}
		// A lowercase article may stand before the name: "A area, al Zahir
		// district"; "A village and vicinity, B" goes on to B.
		if containerSkip[toks[k].norm] || isNumber(toks[k]) || towardPoint(toks, k) || arabicArticles[toks[k].norm] && !toks[k].cap ||
			toks[k].norm == "and" && (tokenIs(toks, k+1, "vicinity", "surroundings", "outskirts") || tokenIs(toks, k+1, "its") && tokenIs(toks, k+2, "vicinity", "surroundings", "outskirts")) ||
			toks[k].norm == "its" && tokenIs(toks, k-1, "and") && tokenIs(toks, k+1, "vicinity", "surroundings", "outskirts") || toks[k].norm == "surroundings" {
			continue
		}
		// An aside in brackets before what holds the name: "the villages
		// of A (twice) in B"; in "A (twice), B and C" the list goes on.
		if e := asideEnd(toks, k); e > k && e < len(toks) && strings.Contains(text[toks[k-1].bend:toks[k].bstart], "(") &&
			!strings.Contains(text[toks[e-1].bend:toks[e].bstart], ",") && !toks[e-1].sentenceEnd && !tokenIs(toks, e, "and", "or") {
			k = e - 1
			continue
		}
		// Another unknown name, then a comma, then what holds both: "the A
		// valley of B, C province", "A village (B, C)".
		if j, ok := unknownLink(toks, k); ok && (toks[k-1].norm == "of" || strings.Contains(text[toks[k-1].bend:toks[k].bstart], "(")) {
			k = j
			continue
		}
		break
	}
	// "between B and A": A lies near B.
	if tokenIs(toks, u.first-1, "and") && !toks[u.first-1].commaAfter {
		if m := ending(u.first - 2); m != nil && !m.Demonym && m.Place.Kind != KindCountry {
			if k := tokenAt(toks, m.ByteStart); tokenIs(toks, k-1, "between") {
				return m
			}
		}
	}
	// Before it: "the Syrian town of A", "B's A district", "the B
	// neighbourhood of A".
	before := u.first - 1
	if u.cue >= 0 && u.cue < u.first {
		before = u.cue - 1
		for before > 0 && (directionAdjectives[toks[before].norm] || toks[before].norm == "city" && !toks[before-1].commaAfter) {
			before-- // "Baghdad's eastern district of A", "the Kherson city district of A"
		}
	}
	if m := ending(before); m != nil && (m.Demonym || toks[before].possessive || u.cue >= 0) && wider(m.Place, u.Kind) {
		return m
	}
	if u.cue < 0 {
		return nil
	}
	// An unknown district lies in a wider place named before it: "In the
	// province of B, A district".
	// A great city's district lies in the city ("shelled Donetsk, hitting a
	// market in the A district"); a town's is a district of its province.
	if m := nearestBefore(toks, u, ms); m != nil && (unknownDivisions[u.Kind] == "" || wider(m.Place, u.Kind) && (m.Place.Kind != KindCity || m.Place.Population >= cityDistrictsPopulation)) {
		return m
	}
	// The one country its sentence names: "Pakistani troops raided the A
	// area", no nearer place given.
	return soleCountry(toks, u.Sentence, ms)
}

// owns: place o lies in a: a's country, or a's first-level division.
func owns(a, o *Place) bool {
	if a.CountryCode == "" || a.CountryCode != o.CountryCode {
		return false
	}
	return a.Kind == KindCountry || a.Kind == KindRegion && a.Admin1 == "" || a.Admin1 != "" && a.Admin1 == o.Admin1
}

// lastTokenOf returns the index of the last token of mention m.
func lastTokenOf(toks []token, m *Mention) int {
	j := tokenAt(toks, m.ByteStart)
	for j+1 < len(toks) && toks[j+1].bend <= m.ByteEnd {
		j++
	}
	return j
}

// cityDistrictsPopulation: a city this large has districts of its own.
const cityDistrictsPopulation = 500_000

// unknownLink returns the last token of a capitalised name of up to three
// words at k that a comma ends, and whether there is one.
func unknownLink(toks []token, k int) (int, bool) {
	for j := k; j < len(toks) && j < k+3; j++ {
		t := toks[j]
		if !t.cap || t.sentenceEnd || t.possessive {
			return k, false
		}
		if t.commaAfter {
			return j, true
		}
	}
	return k, false
}

// noCountry: sentence si names no country, but for the air forces that
// struck in it.
func noCountry(toks []token, si int, ms []Mention) bool {
	for i := range ms {
		m := &ms[i]
		if m.Sentence == si && m.Place != nil && m.Place.Kind == KindCountry && !(m.Demonym && (flies(toks, m) || armedAfter(toks, m))) && !backs(toks, m) {
			return false
		}
	}
	return true
}

// soleCountry returns the country mention (or demonym) of sentence si when
// every country the sentence names is that one.
func soleCountry(toks []token, si int, ms []Mention) *Mention {
	var c *Mention
	for i := range ms {
		m := &ms[i]
		if m.Sentence != si || m.Place == nil || m.Place.Kind != KindCountry {
			continue
		}
		if m.Demonym && flies(toks, m) || backs(toks, m) {
			continue // "Russian warplanes" says who flew, not where; "backed by the UAE" who backs
		}
		if c != nil && c.Place.ID != m.Place.ID {
			return nil
		}
		if c == nil || c.Demonym && !m.Demonym {
			c = m
		}
	}
	return c
}

// armedAfter: the demonym m names a force ("Turkish forces", "Iranian
// troops"): a side of the fighting, which may be abroad.
func armedAfter(toks []token, m *Mention) bool {
	k := tokenAt(toks, m.ByteStart)
	return !toks[k].sentenceEnd && !toks[k].commaAfter && tokenIs(toks, k+1, "forces", "troops", "army", "soldiers", "military", "militias", "militia", "fighters", "units")
}

// backs: the country m backs a side ("troops backed by the UAE", "forces
// supported by Turkey"): who backs, not where.
func backs(toks []token, m *Mention) bool {
	k := tokenAt(toks, m.ByteStart) - 1
	if tokenIs(toks, k, "the") {
		k--
	}
	return tokenIs(toks, k, "by") && tokenIs(toks, k-1, "backed", "supported", "funded", "armed", "trained", "aided", "assisted", "sponsored")
}

// airWords name what strikes from the air, far from home.
var airWords = map[string]bool{
	"warplanes": true, "warplane": true, "jets": true, "jet": true, "aircraft": true, "planes": true,
	"helicopters": true, "helicopter": true, "drones": true, "drone": true, "air": true, "airstrikes": true,
	"airstrike": true, "navy": true, "warships": true, "coalition": true, "missiles": true,
	"warship": true, "naval": true, "fleet": true, "submarine": true, "bomber": true, "bombers": true,
}

// flies: the demonym m qualifies an air force, a navy or a coalition
// ("Russian warplanes", "the Saudi-led coalition", "Syrian or Russian
// jets", "warplanes, likely regime or Russian", "Russian warship-launched
// missiles").
func flies(toks []token, m *Mention) bool {
	k := tokenAt(toks, m.ByteStart)
	// Up to four words on, not counting other nationalities joined to it
	// ("Russian or Syrian conducted air strikes").
	for j, n := k+1, 0; j < len(toks) && n < 4; j++ {
		if airWords[toks[j].norm] {
			return true
		}
		if toks[j-1].sentenceEnd || toks[j-1].commaAfter {
			break
		}
		if w := toks[j].norm; w != "or" && w != "and" && !toks[j].cap {
			n++
		}
	}
	// "Warplanes, likely Syrian or Russian": the aircraft named just
	// before, with only hedges and other nationalities between.
	for j := k - 1; j >= 0 && j >= k-5; j-- {
		if toks[j].sentenceEnd {
			break
		}
		if airWords[toks[j].norm] {
			return true
		}
		if !hedgeWords[toks[j].norm] && !toks[j].cap {
			break
		}
	}
	return false
}

// hedgeWords may stand between aircraft and the nationality that flies
// them: "warplanes, likely regime or Russian".
var hedgeWords = map[string]bool{
	"likely": true, "probably": true, "possibly": true, "suspected": true, "believed": true, "to": true,
	"be": true, "or": true, "and": true, "regime": true, "either": true, "presumably": true, "reportedly": true,
	"allegedly": true, "thought": true,
}

// nearestBefore returns the nearest town or region named before u in its
// sentence, as a place: "In B province, the village of A was shelled".
// nationEndsAt: a country's name or adjective among ms ends at byte end.
func nationEndsAt(ms []Mention, end int) bool {
	for i := range ms {
		if ms[i].ByteEnd == end && ms[i].Place != nil && ms[i].Place.Kind == KindCountry {
			return true
		}
	}
	return false
}

func nearestBefore(toks []token, u UnresolvedName, ms []Mention) *Mention {
	var best *Mention
	start := toks[u.first].bstart
	if u.cue >= 0 && u.cue < u.first {
		start = toks[u.cue].bstart // a list's other names are no place for it
	}
	for i := range ms {
		m := &ms[i]
		if m.Demonym || m.Place == nil || m.ByteEnd > start || m.Sentence != u.Sentence {
			continue
		}
		switch m.Place.Kind {
		case KindContinent, KindCountry:
			continue
		}
		k := tokenAt(toks, m.ByteStart)
		kindFirst := divisionWords[toks[k].norm]
		for k > 0 && (articles[toks[k-1].norm] && toks[k-1].hyphenAfter || tokenIs(toks, k-1, "the") ||
			kindFirst && (directionAdjectives[toks[k-1].norm] || nationEndsAt(ms, toks[k-1].bend))) {
			k-- // "of the Al-B district", "in the southern Yemeni province of B"
		}
		if prev := tokNorm(toks, k-1); !locativePreps[prev] && !(strings.HasSuffix(prev, "ed") && !toks[k-1].cap) {
			continue // a place named as such: "in B", "of the B", "shelled B"
		}
		if best == nil || m.ByteStart > best.ByteStart {
			best = m
		}
	}
	// "In A district of B, ...": the district, not the province holding it.
	if best != nil && best.Place.Kind == KindAdmin1 {
		if k := tokenAt(toks, best.ByteStart) - 1; tokenIs(toks, k, "of") && k > 0 {
			for i := range ms {
				m := &ms[i]
				if m.Place != nil && m.ByteEnd == toks[k-1].bend && (m.Place.Kind == KindAdmin2 || m.Place.Kind == KindCity) && m.Place.Admin1 == best.Place.Admin1 && m.Place.CountryCode == best.Place.CountryCode {
					return m
				}
			}
		}
	}
	return best
}
