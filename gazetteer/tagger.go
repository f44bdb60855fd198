package gazetteer

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// span is a stretch of tokens that names a place, before resolution.
type span struct {
	first, last int // token indexes, inclusive
	entries     []entry
	demonym     bool // every entry is a demonym
	adjectival  bool // "Iran-backed", "Iraq's"
	embedded    bool // inside an organisation's name ("Quds Force", "Brownsboro Police")
	scores      []float64
	bonus       []float64 // per entry, from the text around the name ("Paris, Texas")
	best        int
	conf        float64
	name        int // the index of the first span of the same name (resolve sets it)
}

// maxText bounds the text Tag reads; longer input is tagged up to here.
const maxText = 64 << 20

// Tag finds every place mention in text, resolves each to one place, and
// turns spatial expressions into derived places. It never fails: text that
// names no place yields no mention.
func (g *Gazetteer) Tag(text string) []Mention { return g.TagWithin(text, nil) }

// TagWithin tags text as Tag does, knowing which countries the text is
// about besides the places it names: countries maps an ISO 3166-1 alpha-2
// code to a weight (1 is about one confident mention of the country). An
// extractor passes the home countries of the armed groups a report names
// ("Houthi forces" are in Yemen), so that a village's name resolves in the
// right country when the report names none.
func (g *Gazetteer) TagWithin(text string, countries map[string]float64) []Mention {
	t := g.TagText(text, countries)
	t.Release()
	return t.Mentions
}

// Tagging is a text tagged once: its mentions, and the words later
// questions about the same text reuse.
type Tagging struct {
	g        *Gazetteer
	text     string
	toks     []token
	sents    []int
	buf      *tagBuf
	Mentions []Mention
}

// tagBuf holds the per-text arrays TagText reads a text into; a Tagging
// released gives them to the next.
type tagBuf struct {
	toks    []token
	sents   []int
	title   []bool
	spans   []span
	pending []pending
}

var tagBufs = sync.Pool{New: func() any { return new(tagBuf) }}

// minPooledText is the shortest text TagText reads into pooled arrays.
const minPooledText = 512

// Release hands the tagging's word arrays back for the next text to use.
// The Mentions stay valid; the Tagging's other methods must not be called
// after it.
func (t *Tagging) Release() {
	if t == nil || t.buf == nil {
		return
	}
	t.buf.toks, t.buf.sents = t.toks[:0], t.sents[:0]
	tagBufs.Put(t.buf)
	t.buf, t.toks, t.sents = nil, nil, nil
}

// TagText tags text as TagWithin does and keeps its words for
// UnknownPlaces.
func (g *Gazetteer) TagText(text string, countries map[string]float64) *Tagging {
	if len(text) > maxText {
		text = text[:maxText]
		for len(text) > 0 && !utf8.ValidString(text[len(text)-3:]) {
			text = text[:len(text)-1]
		}
	}
	// A short text (a title, a query) takes new arrays: the pool's are
	// for texts long enough to need them.
	var buf *tagBuf
	if len(text) >= minPooledText {
		buf = tagBufs.Get().(*tagBuf)
	} else {
		buf = new(tagBuf)
	}
	toks := tokenizeInto(buf.toks, text)
	sents := sentenceIndexInto(buf.sents, toks)
	titleLines := titleCaseLinesInto(buf.title, toks)
	buf.title = titleLines[:0]
	spans := g.findSpansInto(buf.spans, toks, titleLines)
	spans = g.resolve(toks, sents, spans, countries)
	ms, ps := g.expressionsInto(buf.pending, text, toks, spans)
	buf.spans, buf.pending = spans[:0], ps[:0]
	for i := range ms {
		ms[i].Sentence = sents[tokenAt(toks, ms[i].ByteStart)]
	}
	assignRoles(toks, ms)
	t := &Tagging{g: g, text: text, toks: toks, sents: sents, Mentions: ms}
	if len(text) >= minPooledText {
		t.buf = buf
	}
	return t
}

func tokenAt(toks []token, bstart int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].bstart < bstart {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo >= len(toks) {
		return len(toks) - 1
	}
	return lo
}

// sentenceIndex numbers each token's sentence.
func sentenceIndex(toks []token) []int { return sentenceIndexInto(nil, toks) }

// sentenceIndexInto is sentenceIndex into buf's array.
func sentenceIndexInto(buf []int, toks []token) []int {
	out := slices.Grow(buf[:0], len(toks))[:len(toks)]
	s := 0
	for i, t := range toks {
		if i > 0 && t.sentStart {
			s++
		}
		out[i] = s
	}
	return out
}

// titleCaseLines marks tokens on lines written in title case (headlines),
// where capitals say nothing about proper names.
func titleCaseLines(toks []token) []bool { return titleCaseLinesInto(nil, toks) }

// titleCaseLinesInto is titleCaseLines into buf's array.
func titleCaseLinesInto(buf []bool, toks []token) []bool {
	out := slices.Grow(buf[:0], len(toks))[:len(toks)]
	clear(out)
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && !toks[j].lineStart {
			j++
		}
		words, caps := 0, 0
		for k := i; k < j; k++ {
			if len(toks[k].norm) > 3 {
				words++
				if toks[k].cap {
					caps++
				}
			}
		}
		if words >= 3 && caps*10 >= words*7 {
			for k := i; k < j; k++ {
				out[k] = true
			}
		}
		i = j
	}
	return out
}

// connectors may stand in lower case inside a place name.
var connectors = map[string]bool{
	"de": true, "of": true, "on": true, "upon": true, "la": true, "le": true, "les": true, "du": true,
	"da": true, "di": true, "del": true, "der": true, "des": true, "van": true, "von": true, "and": true, "au": true, "aux": true,
	"bin": true, "ibn": true, "wa": true, "en": true, "sur": true, "am": true, "im": true, "y": true, "do": true, "dos": true, "das": true,
}

// personTitles come before a person's name, never before a place.
var personTitles = map[string]bool{
	"president": true, "senator": true, "sen": true, "general": true, "gen": true, "colonel": true, "col": true,
	"commander": true, "secretary": true, "minister": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"rep": true, "representative": true, "gov": true, "governor": true, "lt": true, "lieutenant": true,
	"sgt": true, "sergeant": true, "capt": true, "captain": true, "maj": true, "major": true, "adm": true,
	"admiral": true, "prince": true, "princess": true, "king": true, "queen": true, "sheikh": true,
	"pope": true, "judge": true, "rev": true, "reverend": true, "imam": true, "ayatollah": true,
	"chancellor": true, "premier": true, "mayor": true, "spokesman": true, "spokeswoman": true,
	"spokesperson": true, "ambassador": true, "envoy": true, "cleric": true, "professor": true, "prof": true,
	"coach": true, "sir": true, "lord": true, "lady": true, "dame": true, "justice": true, "officer": true,
	"detective": true, "sheriff": true, "chief": true, "deputy": true, "councilman": true, "councilwoman": true,
	"commissioner": true, "director": true, "correspondent": true, "reporter": true, "analyst": true,
	"emir": true, "sultan": true, "mullah": true, "brig": true, "brigadier": true, "marshal": true,
	"private": true, "pvt": true, "cpl": true, "corporal": true,
}

// placeWords follow a place name as part of its designation ("Anbar
// province", "Baghdad airport") and so do not make it part of a longer name.
var placeWords = map[string]bool{
	"province": true, "governorate": true, "state": true, "region": true, "district": true, "county": true,
	"city": true, "town": true, "village": true, "oblast": true, "prefecture": true, "airport": true,
	"airbase": true, "base": true, "border": true, "river": true, "valley": true, "mountains": true,
	"desert": true, "area": true, "department": true, "municipality": true, "canton": true, "territory": true,
	"international": true, "air": true, "countryside": true, "suburb": true, "suburbs": true, "outskirts": true,
	"strip": true, "bank": true, "coast": true, "island": true, "islands": true, "peninsula": true, "sea": true,
	"capital": true, "parish": true, "township": true, "borough": true,
}

var calendarWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// adjectivalSuffixes turn a country name into an adjective: "Iran-backed".
var adjectivalSuffixes = map[string]bool{
	"backed": true, "based": true, "led": true, "aligned": true, "allied": true, "supported": true,
	"funded": true, "linked": true, "affiliated": true, "sponsored": true, "born": true, "controlled": true,
	"made": true, "held": true, "bound": true, "run": true, "friendly": true, "leaning": true,
}

// findSpans finds the stretches of toks that name places, exactly or by a
// spelling variant.
func (g *Gazetteer) findSpans(toks []token, title []bool) []span {
	return g.findSpansInto(nil, toks, title)
}

// findSpansInto is findSpans appending to buf[:0].
func (g *Gazetteer) findSpansInto(buf []span, toks []token, title []bool) []span {
	spans := buf[:0]
	persons := g.personNames(toks)
	loose := map[string][]entry{} // skeleton matches already tried in this text
	skip := map[int]bool{}        // parts of an unknown hyphenated name
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.cap && !t.allCaps && !(articles[t.norm] && i+1 < len(toks) && toks[i+1].cap && t.hyphenAfter) {
			continue
		}
		if sp, ok := g.abbrevSpan(toks, i); ok {
			spans = append(spans, sp)
			continue
		}
		if skip[i] {
			continue
		}
		bestEnd, bestNode := g.longestAt(toks, i)
		if articles[t.norm] && bestEnd == i {
			bestEnd = -1 // the article alone ("al-" before an unknown name) is no place
		}
		if end := hyphenRun(toks, i); end > i && bestEnd < end && !articles[t.norm] {
			if sp, ok := g.hyphenSpan(toks, title, i, end, loose, skip, persons); ok {
				spans = append(spans, sp)
				i = end
				continue
			}
			if skip[i] {
				continue
			}
		}
		if t.norm == "the" && bestEnd > i {
			// "The Lexington County Coroner": a longer name after the
			// article wins over one that takes the article in.
			if next, _ := g.longestAt(toks, i+1); next > bestEnd {
				continue
			}
		}
		if bestEnd < 0 {
			if articles[t.norm] {
				// A spelling variant never begins with "the": "The Lexington
				// County..." is left to the name that starts after it.
				continue
			}
			if sp, ok := g.skeletonSpan(toks, i, loose); ok && g.keepSpan(toks, title, &sp, persons) {
				spans = append(spans, sp)
				i = sp.last
			}
			// A variant refused leaves its words to names starting inside
			// it: "Former US ambassador".
			continue
		}
		if sp, ok := g.exactSpan(toks, title, i, bestEnd, bestNode, loose, persons); ok {
			spans = append(spans, sp)
			i = sp.last
			continue
		}
		i = bestEnd
	}
	return spans
}

// hyphenSpan reads the capitalised words joined by hyphens from token i to
// end. "Bar-Sanguun": words joined by hyphens are one name. Unknown as a
// whole, it is not two places, unless its parts are countries, divisions or
// large cities in their own right ("Iraq-Syria"); the parts that are not
// are marked in skip.
func (g *Gazetteer) hyphenSpan(toks []token, title []bool, i, end int, loose map[string][]entry, skip map[int]bool, persons map[string]bool) (span, bool) {
	if sp, ok := g.skeletonSpan(toks, i, loose); ok && sp.last == end && !(onlyWeak(sp.entries) && g.strongParts(toks, i, end)) &&
		g.keepSpan(toks, title, &sp, persons) {
		return sp, true
	}
	// A road named after its ends ("the Tadmor-Sokhneh highway") names
	// two places, each read alone.
	if end+1 < len(toks) && !toks[end].sentenceEnd && !toks[end].commaAfter && roadWords[toks[end+1].norm] {
		return span{}, false
	}
	// Each part a place ("Fargo-Moorhead") is two places; an unknown
	// part makes the whole an unknown name.
	unknown := false
	for k := i; k <= end; k++ {
		if e, _ := g.longestAt(toks, k); e < 0 && !articles[toks[k].norm] {
			unknown = true
		}
	}
	for k := i; unknown && k <= end; k++ {
		w := toks[k].norm
		if !articles[w] && !hasCountry(g, g.index.lookup(w)) && (g.words.dict[w] || !g.isStrongPlaceToken(w)) {
			skip[k] = true
		}
	}
	return span{}, false
}

// roadWords name a road after the towns it joins.
var roadWords = map[string]bool{"road": true, "highway": true, "motorway": true, "route": true, "roads": true}

// onlyWeak: every candidate is a spelling variant only context may accept.
func onlyWeak(es []entry) bool {
	for _, e := range es {
		if e.flags&entryWeak == 0 {
			return false
		}
	}
	return true
}

// strongParts: every word of the hyphenated run from token i to end alone
// names a country, a division or a large city ("Kaduna-Abuja"), so a weak
// spelling variant of the whole (an Italian village) is not it.
func (g *Gazetteer) strongParts(toks []token, i, end int) bool {
	for k := i; k <= end; k++ {
		if !articles[toks[k].norm] && !g.isStrongPlaceToken(toks[k].norm) {
			return false
		}
	}
	return true
}

// exactSpan reads the name the index spells exactly from token i to
// bestEnd (node bestNode), or the longer name spelled another way that it
// begins, and returns it if it is kept.
func (g *Gazetteer) exactSpan(toks []token, title []bool, i, bestEnd int, bestNode uint32, loose map[string][]entry, persons map[string]bool) (span, bool) {
	sp := span{first: i, last: bestEnd, entries: g.index.nodes[bestNode]}
	if toks[i].norm == "the" && bestEnd > i {
		// "The United States": the article is not part of the name.
		sp.first++
	}
	// "Jisr ash-Shugur": one exact word that the name goes on after is
	// the start of a longer name spelled another way, when one is close.
	if sp.first == sp.last && continuesName(toks, bestEnd) {
		if lv, ok := g.longerVariant(toks, i, bestEnd, loose, persons, false); ok && g.keepSpan(toks, title, &lv, persons) {
			return lv, true
		}
	}
	if g.keepSpan(toks, title, &sp, persons) {
		return sp, true
	}
	// "Khan Shaykun": the exact "Khan" is refused, but the longer name
	// it begins is a close spelling of a prominent place, or of a small one
	// the article's countries may hold ("Ras al-Ain").
	if lv, ok := g.longerVariant(toks, i, bestEnd, loose, persons, true); ok && g.keepSpan(toks, title, &lv, persons) {
		return lv, true
	}
	return span{}, false
}

// hyphenRun returns the last token of the capitalised words joined by
// hyphens from token i ("Bar-Sanguun", "Deir-ez-Zor"), or i when there are
// none or one is an initial or an abbreviation.
func hyphenRun(toks []token, i int) int {
	word := func(t token) bool { return t.cap && !t.allCaps && len(t.norm) >= 3 }
	if !word(toks[i]) {
		return i // "D-Charleston", "R-Marshall": a party and a town
	}
	j := i
	for j+1 < len(toks) && toks[j].hyphenAfter && !toks[j].sentenceEnd && !toks[j].commaAfter {
		if word(toks[j+1]) {
			j++
			continue
		}
		if articles[toks[j+1].norm] && !toks[j+1].cap && toks[j+1].hyphenAfter && j+2 < len(toks) && word(toks[j+2]) {
			j += 2 // "Deir-ez-Zor"
			continue
		}
		if toks[j+1].allCaps {
			return i // "Watertown-ML", "Fairfax-GMU": a place and an abbreviation
		}
		break
	}
	return j
}

// longestAt returns the last token of the longest name starting at token
// i, and its index node; -1 when none starts there.
func (g *Gazetteer) longestAt(toks []token, i int) (int, uint32) {
	ix := g.index
	node := uint32(0)
	bestEnd, bestNode := -1, uint32(0)
	for j := i; j < len(toks) && j-i < ix.maxTokens; j++ {
		tj := toks[j]
		if j > i {
			if toks[j-1].sentenceEnd || toks[j-1].commaAfter || toks[j-1].possessive {
				break
			}
			// "Hpa-an": after a hyphen a name goes on in lower case.
			if !tj.cap && !tj.allCaps && !connectors[tj.norm] && !articles[tj.norm] && !toks[j-1].hyphenAfter {
				break
			}
		}
		var ok bool
		if node, ok = ix.step(node, tj.norm); !ok {
			break
		}
		if len(ix.nodes[node]) > 0 && (tj.cap || tj.allCaps || j == i || toks[j-1].hyphenAfter && !(articles[tj.norm] && tj.hyphenAfter)) {
			bestEnd, bestNode = j, node
		}
	}
	return bestEnd, bestNode
}

// personNames collects the surnames of the people a text names ("Chris
// Murphy", "Senator Inhofe", "Gen. Frank McKenzie") so that a bare "Murphy"
// anywhere in it is not taken for a place.
func (g *Gazetteer) personNames(toks []token) map[string]bool {
	persons := map[string]bool{}
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if t.sentenceEnd || t.commaAfter || t.possessive || t.hyphenAfter {
			continue
		}
		title := personTitles[t.norm]
		if !title && !(t.cap && !t.allCaps && g.words.first[t.norm] && !g.isStrongPlaceToken(t.norm)) {
			continue
		}
		// "in Al Ghayda", "near El Fasher": after a preposition of place an
		// Arabic article is no first name "Al".
		if arabicArticles[t.norm] && i > 0 && strongLocatives[toks[i-1].norm] && !toks[i-1].sentenceEnd {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+3; k++ {
			tk := toks[k]
			if !tk.cap || tk.allCaps || calendarWords[tk.norm] || personTitles[tk.norm] {
				break
			}
			if title && k == i+1 && g.words.first[tk.norm] {
				continue // "Senator Chris Murphy": Chris is the first name
			}
			persons[tk.norm] = true
			if tk.sentenceEnd || tk.commaAfter || tk.possessive {
				break
			}
		}
	}
	return persons
}

// landformEnds end the names of landforms: "the Hoss Plateau".
var landformEnds = map[string]bool{
	"plateau": true, "plain": true, "plains": true, "heights": true, "highlands": true, "desert": true,
	"delta": true, "gorge": true, "hills": true, "mountains": true,
}

// nonPlaceProperWords are capitalised words that name peoples, faiths or
// blocs, never a town, whatever a gazetteer lists.
var nonPlaceProperWords = map[string]bool{
	"arab": true, "arabs": true, "western": true, "eastern": true, "muslim": true, "muslims": true,
	"christian": true, "christians": true, "jewish": true, "islamic": true, "catholic": true, "sunni": true,
	"shia": true, "shiite": true, "god": true, "allah": true, "jesus": true, "christ": true, "north": true,
	"south": true, "east": true, "west": true, "central": true, "centre": true, "center": true,
	"university": true, "college": true, "church": true, "hospital": true, "molotov": true, // cocktails, not Perm
	// Alone, these are the end of another name ("City Council", "Kanawha
	// Valley"), never the districts that happen to be called so.
	"city": true, "valley": true, "coast": true,
	// Feasts and months of the religious calendars: "during Ramadan", "before
	// Easter" date what happens, however many towns bear the name.
	"ramadan": true, "muharram": true, "ashura": true, "eid": true, "easter": true, "christmas": true,
	"passover": true, "hanukkah": true, "diwali": true, "nowruz": true, "pentecost": true,
}

// abbrevSpan matches an AP state abbreviation with its dot ("Pa.", "N.Y.")
// after a comma or a preposition: "Harrisburg, Pa.", "in Ky.".
func (g *Gazetteer) abbrevSpan(toks []token, i int) (span, bool) {
	t := toks[i]
	if !t.dotAfter && !t.abbrev || i == 0 {
		return span{}, false
	}
	prev := toks[i-1]
	// "Harrisburg, Pa.", "in Ky.", "D-S.C.", "the S.C. Highway Patrol".
	if !prev.commaAfter && !locativePreps[prev.norm] && !prev.hyphenAfter && prev.norm != "the" {
		return span{}, false
	}
	idx, ok := g.apAbbrevs[t.norm]
	if !ok {
		return span{}, false
	}
	es := make([]entry, len(idx))
	for k, pi := range idx {
		es[k] = entry{place: pi}
	}
	return span{first: i, last: i, entries: es}, true
}

// locativePreps come before a place named as where something is.
var locativePreps = map[string]bool{
	"in": true, "at": true, "near": true, "from": true, "of": true, "outside": true, "into": true,
	"across": true, "throughout": true, "toward": true, "towards": true, "around": true, "inside": true,
}

// strongLocatives place what follows them: "in Reading", "near Independence".
var strongLocatives = map[string]bool{"in": true, "at": true, "near": true, "outside": true, "from": true}

// skeletonSpan tries the transliteration skeleton for a capitalised run of
// one to three tokens starting at i.
func (g *Gazetteer) skeletonSpan(toks []token, i int, memo map[string][]entry) (span, bool) {
	var buf [4]string // a name of up to four words, on the stack
	folded := buf[:0]
	best := span{}
	found := false
	if len(toks[i].norm) < 2 {
		return best, false // an initial ("R-Ashland") starts no name
	}
	for j := i; j < len(toks) && j < i+4; j++ {
		tj := toks[j]
		if j > i && (toks[j-1].sentenceEnd || toks[j-1].commaAfter || toks[j-1].possessive || tj.sentStart || tj.lineStart) {
			break
		}
		// "Khab wa Ashaf": the Arabic "and" joins a name's two parts, and
		// so does the English one a translation puts for it ("Khabb and
		// Sha'af district").
		and := (tj.norm == "wa" || tj.norm == "and") && j > i && j+1 < len(toks) && toks[j+1].cap && !tj.commaAfter
		if !tj.cap && !articles[tj.norm] && !and {
			break
		}
		if tj.norm == "and" {
			folded = append(folded, "wa")
			continue
		}
		folded = append(folded, tj.norm)
		if !tj.cap {
			continue
		}
		joined := strings.Join(folded, " ")
		// A four-letter name is tried only as a division ("Nehm district").
		short := len(joined) < 4 || len(joined) == 4 && (tj.sentenceEnd || tj.commaAfter || !divisionWords[tokNorm(toks, j+1)])
		if short || g.words.common[joined] || g.words.first[joined] || g.words.dict[joined] {
			continue
		}
		close, seen := memo[joined]
		if !seen {
			close = g.variantsOf(joined)
			if len(memo) < 1<<14 {
				memo[joined] = close
			}
		}
		if len(close) > 0 {
			best = span{first: i, last: j, entries: close}
			found = true
		}
	}
	return best, found
}

// Similarity a spelling variant needs: close in its letters (strongVariant)
// for a prominent place with a name of four consonants or more to count
// anywhere, close in its transliteration key
// (weakVariant) for a place that must then agree with the article's
// countries.
const strongVariant, weakVariant = 0.75, 0.8

// variantsOf returns the places a folded name may be a spelling variant
// of, flagged entrySkeleton, and entryWeak where only context may accept
// them.
func (g *Gazetteer) variantsOf(folded string) []entry {
	ms := g.variantMatches(folded)
	out := make([]entry, len(ms))
	for i, m := range ms {
		out[i] = m.entry
	}
	return out
}

// variantMatch is a place a name may be a spelling variant of, with the
// closeness of their transliteration keys.
type variantMatch struct {
	entry
	closeness float64
}

// variantMatches is variantsOf with each match's closeness: one match a
// place, the strongest of its names.
func (g *Gazetteer) variantMatches(folded string) []variantMatch {
	out := g.variantMatchesUnder(folded, variantKey(folded))
	if len(out) == 0 {
		// Arabic letters romanised more than one way: "Abu Thuhur" is
		// Abu az-Zuhur, "Mugdadiya" Al Miqdadiyah.
		// The letters are Arabic's: a place elsewhere is not met by the
		// respelt name ("Goodwin" is no "Qoodwin").
		for _, alt := range arabicRespellings(folded) {
			out = g.variantMatchesUnder(alt, variantKey(alt))
			out = slices.DeleteFunc(out, func(m variantMatch) bool { return !arabicScript[g.places[m.place].CountryCode] })
			if len(out) > 0 {
				break
			}
		}
	}
	return out
}

// arabicScript are the countries whose place names are romanised from
// Arabic script (Arabic, Persian, Pashto, Urdu).
var arabicScript = map[string]bool{
	"SY": true, "IQ": true, "YE": true, "SA": true, "JO": true, "LB": true, "PS": true, "EG": true,
	"LY": true, "TN": true, "DZ": true, "MA": true, "MR": true, "SD": true, "SO": true, "DJ": true,
	"AE": true, "OM": true, "QA": true, "BH": true, "KW": true, "IR": true, "AF": true, "PK": true,
	"TD": true, "EH": true, "KM": true,
}

// variantMatchesUnder is variantMatches of the folded name among the
// names filed under the skeleton sk.
func (g *Gazetteer) variantMatchesUnder(folded, sk string) []variantMatch {
	if sk == "" {
		return nil
	}
	vs := g.index.variantsUnder(sk)
	if len(vs) == 0 {
		return nil
	}
	q := newVariantQuery(folded)
	var out []variantMatch
	for _, v := range vs {
		p := g.places[v.place]
		plain, tr := q.similarity(v.name)
		var m variantMatch
		switch {
		case plain >= strongVariant && p.looseMatchable() && len(sk) >= 4:
			m = variantMatch{entry{v.place, v.flags &^ entryWeak}, tr}
		case plain >= strongVariant || tr >= weakVariant:
			m = variantMatch{entry{v.place, v.flags | entryWeak}, tr}
		default:
			continue
		}
		dup := false
		for k := range out {
			if out[k].place == m.place {
				dup = true
				strong := m.flags&entryWeak == 0 || out[k].flags&entryWeak == 0
				if m.closeness > out[k].closeness || m.flags&entryWeak == 0 && out[k].flags&entryWeak != 0 {
					out[k] = m
				}
				out[k].closeness = max(out[k].closeness, m.closeness)
				if strong {
					out[k].flags &^= entryWeak
				}
			}
		}
		if !dup {
			out = append(out, m)
		}
	}
	return out
}

// continuesName: the name at toks[end] goes on with the next word, a
// capitalised one or a joined article ("Jisr ash-Shugur").
func continuesName(toks []token, end int) bool {
	if end+1 >= len(toks) || toks[end].sentenceEnd || toks[end].commaAfter || toks[end].possessive {
		return false
	}
	n := toks[end+1]
	return n.cap && !n.allCaps || articles[n.norm] && n.hyphenAfter
}

// longerVariant returns a span longer than the exact name ending at token
// end that is a close spelling of a prominent place (or, with weak, of any
// place, left to settleVariants), with no word of a person's name in it.
func (g *Gazetteer) longerVariant(toks []token, i, end int, memo map[string][]entry, persons map[string]bool, weak bool) (span, bool) {
	e := toks[end]
	if end+1 >= len(toks) || !continuesName(toks, end) || toks[end+1].sentStart || e.sentenceEnd || e.commaAfter || e.possessive || articles[toks[i].norm] {
		return span{}, false
	}
	sp, ok := g.skeletonSpan(toks, i, memo)
	if !ok || sp.last <= end {
		return span{}, false
	}
	// "Jizan Region" is Jizan and its designation, whatever other name
	// ("Jazan Region") it resembles.
	designation := true
	for k := end + 1; k <= sp.last; k++ {
		designation = designation && placeWords[toks[k].norm]
	}
	if designation {
		return span{}, false
	}
	for k := sp.first; k <= sp.last; k++ {
		if articles[toks[k].norm] && toks[k].hyphenAfter || k > sp.first && articles[toks[k-1].norm] && toks[k-1].hyphenAfter {
			continue // "ash-Shugur", "al-Ain": an article and its word are no first name
		}
		if g.words.first[toks[k].norm] || persons[toks[k].norm] || len(toks[k].norm) < 2 {
			return span{}, false
		}
	}
	if weak {
		// Not from a familiar word: "In Asir" is no variant of a town.
		return sp, !g.words.common[toks[i].norm]
	}
	var strong []entry
	for _, en := range sp.entries {
		if en.flags&entryWeak == 0 {
			strong = append(strong, en)
		}
	}
	sp.entries = strong
	return sp, len(strong) > 0
}

// keepSpan decides whether a capitalised stretch that matches a name really
// names a place, and not a person, an organisation or an ordinary word.
func (g *Gazetteer) keepSpan(toks []token, title []bool, sp *span, persons map[string]bool) bool {
	es := spelledEntries(toks, title, sp)
	if sp.first > 0 && arabicArticleBefore(toks, sp.first) {
		es = g.arabicNamedOnly(es)
	}
	if len(es) == 0 {
		return false
	}
	sp.entries = es
	strong, allDemonym := g.entryStrength(es)
	if allDemonym {
		sp.demonym = true
		return true
	}
	// An adjective built on a country: "Iran-backed".
	if toks[sp.last].hyphenAfter && sp.last+1 < len(toks) && adjectivalSuffixes[toks[sp.last+1].norm] {
		sp.adjectival = true
	}
	// A name made only of dictionary words, met through an alternate name
	// ("White House" for Casablanca), is those words.
	if g.allDictionary(toks, sp) {
		es = g.dictionaryEntries(toks, title, sp, es)
		if len(es) == 0 {
			return false
		}
		sp.entries = es
	}
	if sp.first == sp.last {
		var keep bool
		if keep, strong = g.keepSingle(toks, sp, es, persons, strong); !keep {
			return false
		}
	}
	if g.seaNamesTown(toks, sp, es) || g.lackedDistrict(toks, sp, es) || g.longerName(toks, sp, es) || operationName(toks, sp) || stateOfName(toks, sp) {
		return false
	}
	if title[sp.first] {
		return true
	}
	if sp.first > 0 && g.partOfNameBefore(toks, sp, es, persons, strong) {
		return false
	}
	return g.keepBeforeNext(toks, sp, es, strong)
}

// spelledEntries keeps the entries of sp that its spelling allows.
// Abbreviations: capitals only, and short all-capital words only as
// country abbreviations.
func spelledEntries(toks []token, title []bool, sp *span) []entry {
	first := toks[sp.first]
	single := sp.first == sp.last
	var es []entry
	for _, e := range sp.entries {
		if e.flags&entryAcronym != 0 {
			if single && (first.allCaps || first.abbrev) {
				es = append(es, e)
			}
			continue
		}
		if single && first.allCaps && len(first.norm) <= 4 && !title[sp.first] {
			continue
		}
		es = append(es, e)
	}
	return es
}

// entryStrength says whether a country, a division or a large city is
// among the candidates es (strong), and whether they are all demonyms.
func (g *Gazetteer) entryStrength(es []entry) (strong, allDemonym bool) {
	allDemonym = true
	for _, e := range es {
		p := g.places[e.place]
		if e.flags&entrySkeleton == 0 && (p.Kind == KindCountry || p.Kind == KindAdmin1 || p.Population >= 100000) &&
			(e.flags&entryAlt == 0 || p.Kind == KindCountry || p.Population >= 1000000) {
			strong = true
		}
		if e.flags&entryDemonym == 0 {
			allDemonym = false
		}
	}
	return strong, allDemonym
}

// dictionaryEntries keeps the entries es of a name made only of dictionary
// words that may still be meant as places.
func (g *Gazetteer) dictionaryEntries(toks []token, title []bool, sp *span, es []entry) []entry {
	first, last := toks[sp.first], toks[sp.last]
	single := sp.first == sp.last
	// Primary names made of ordinary words ("White House", Tennessee) need
	// a large place or a preposition that places them.
	located := sp.first > 0 && strongLocatives[toks[sp.first-1].norm] && !toks[sp.first-1].sentenceEnd || kindOf(toks, sp.first) ||
		kindAfter(toks, sp.last) // "the Midi desert", "Reading district"
	var kept []entry
	for _, e := range es {
		p := g.places[e.place]
		// A country's English name may be an alternate one ("Turkey"
		// for Türkiye): still the country.
		// But one that is a word for a kind of place ("the Island of A",
		// Iceland's own name) names that kind.
		primary := e.flags&(entryAlt|entrySkeleton) == 0 || (e.flags&entrySkeleton == 0 && p.Kind == KindCountry &&
			!(e.flags&entryAlt != 0 && single && !last.sentenceEnd && !last.commaAfter && tokenIs(toks, sp.last+1, "of")))
		// A division's English name written with capitals is the division:
		// "Lower Juba", "Upper Nile".
		if e.flags&entrySkeleton == 0 && p.Kind == KindAdmin1 && !single && first.cap && last.cap && !title[sp.first] {
			primary, located = true, true
		}
		// So is a division's other name its kind word follows: "Homs
		// province" (a hom is a plant) is Hims governorate.
		// A word of kind stays one: "Federal State" is no Brazilian
		// district.
		// Or precedes with "of": "the province of Homs".
		if e.flags&entrySkeleton == 0 && (p.Kind == KindAdmin1 || p.Kind == KindAdmin2) && first.cap && !g.words.common[first.norm] && !adjectiveEnding(first.norm) &&
			(!last.sentenceEnd && !last.commaAfter && divisionWords[tokNorm(toks, sp.last+1)] || tokenIs(toks, sp.first-1, "of") && divisionWords[tokNorm(toks, sp.first-2)]) {
			primary, located = true, true
		}
		// A rare word that is a town's other name is that town: "Douma";
		// written with a capital inside a sentence, a smaller town's too
		// ("Palmyra", the palm's name and Tadmur's).
		rare := single && len(first.norm) >= 5 && !g.words.common[first.norm] && e.flags&entrySkeleton == 0 && p.Kind == KindCity && (p.Population >= 100_000 || p.Population >= 20_000 && first.cap && !first.sentStart && !title[sp.first])
		// "Quebec City": a city's own name and "City", written so.
		if e.flags&entrySkeleton == 0 && p.Kind == KindCity && sp.last == sp.first+1 && last.norm == "city" && last.cap && first.cap && normalizeName(p.Name) == first.norm {
			primary = true
		}
		if (primary || rare) && (located || p.Kind != KindCity || p.Population >= 20000) {
			kept = append(kept, e)
		}
	}
	return kept
}

// keepSingle decides on a one-word name: whether to keep it, and whether it
// still counts as strong.
func (g *Gazetteer) keepSingle(toks []token, sp *span, es []entry, persons map[string]bool, strong bool) (bool, bool) {
	first, last := toks[sp.first], toks[sp.last]
	w := first.norm
	if persons[w] && !hasCountry(g, es) {
		return false, strong
	}
	if calendarWords[w] || nonPlaceProperWords[w] {
		return false, strong
	}
	// Dictionary words are weak evidence even for large places: "Central
	// Command", "Reading glasses".
	if g.words.dict[w] && !hasCountry(g, es) && !hasKind(g, es, KindAdmin1) {
		strong = false
	}
	// "Bryant tweeted", "Jensen explained": a person.
	if !strong && !last.sentenceEnd && !last.commaAfter && personVerbs[tokNorm(toks, sp.last+1)] {
		return false, strong
	}
	located := sp.first > 0 && locativePreps[toks[sp.first-1].norm] && !toks[sp.first-1].sentenceEnd || kindOf(toks, sp.first) ||
		kindAfter(toks, sp.last)
	if g.words.common[w] && !strong && !located {
		return false, strong
	}
	if g.words.dict[w] && !located && !hasCountry(g, es) && !hasLarge(g, es, 20000) {
		return false, strong
	}
	// "Jordan said" opens a sentence with a name; "ATLANTA - A former"
	// opens an article with its dateline.
	dateline := first.allCaps && (last.commaAfter || newsAgencies[tokNorm(toks, sp.last+1)])
	if first.sentStart && (g.words.common[w] || g.words.first[w]) && !hasCountry(g, es) && !dateline {
		return false, strong
	}
	return true, strong
}

// seaNamesTown: "the Red Sea port of Hodeidah", "the Red Sea off Hodeidah":
// a sea that places a town, not the province named after it.
func (g *Gazetteer) seaNamesTown(toks []token, sp *span, es []entry) bool {
	last := toks[sp.last]
	if waterWords[last.norm] && sp.first > 0 && tokenIs(toks, sp.first-1, "the") &&
		sp.last+1 < len(toks) && !last.sentenceEnd && !last.commaAfter && seaPlaces[toks[sp.last+1].norm] {
		for _, e := range es {
			if k := g.places[e.place].Kind; k != KindAdmin1 && k != KindAdmin2 {
				return false
			}
		}
		return true
	}
	return false
}

// lackedDistrict: "Al Rashid district": a district named like a province's
// other name is a district the gazetteer lacks, not the province.
func (g *Gazetteer) lackedDistrict(toks []token, sp *span, es []entry) bool {
	last := toks[sp.last]
	if sp.last+1 < len(toks) && !last.sentenceEnd && !last.commaAfter && secondLevelWords[toks[sp.last+1].norm] {
		// Towns of the name elsewhere ("Rashid", Rosetta in Egypt) do
		// not make it less a district; but "Tipperary District Court" is
		// the province's.
		alt := false
		for _, e := range es {
			switch p := g.places[e.place]; p.Kind {
			case KindAdmin1:
				// A province whose seat bears the name, in a country the
				// text names, is the district meant where the country
				// calls its provinces districts ("an Azerbaijani soldier
				// ... in Kalbajar district", Azerbaijan's rayon).
				if e.flags&entryAlt == 0 || seatReading(g, es, p.Admin1) && g.countryNamed(toks, p.CountryCode) {
					return false
				}
				alt = true
			case KindCity:
				if toks[sp.last+1].cap {
					return false
				}
			default:
				return false
			}
		}
		return alt
	}
	return false
}

// countryNamed: a word of toks names the country cc or its people
// ("Azerbaijani").
func (g *Gazetteer) countryNamed(toks []token, cc string) bool {
	for _, t := range toks {
		if !t.cap {
			continue
		}
		for _, e := range g.index.lookup(t.norm) {
			if p := g.places[e.place]; p.Kind == KindCountry && p.CountryCode == cc {
				return true
			}
		}
	}
	return false
}

// longerName: the one-word name sp is the start or the end of a longer
// name the gazetteer lacks.
func (g *Gazetteer) longerName(toks []token, sp *span, es []entry) bool {
	if sp.first != sp.last {
		return false
	}
	last := toks[sp.last]
	// "Kafr Nan", "Tal Khaznah", "Sheikh Isa": a word that heads Arabic
	// place names makes the name a longer one the gazetteer lacks; so does
	// "Little" before a city far away ("Little Havana", "Little Saigon":
	// neighbourhoods named after it).
	if sp.first > 0 {
		prev := toks[sp.first-1]
		if prev.norm == "little" && prev.cap && !prev.possessive && !prev.commaAfter && !prev.sentenceEnd && !prev.hyphenAfter {
			return true
		}
		// "the Hoss Plateau", "the Golan Heights": a landform word after a
		// name ends that name; alone ("in Plateau") it may be a division.
		if landformEnds[last.norm] && prev.cap && !prev.possessive && !prev.commaAfter && !prev.sentenceEnd && !prev.sentStart {
			return true
		}
		if prev.cap && !prev.sentenceEnd && !prev.commaAfter && !prev.possessive && toponymHeads[prev.norm] && !hasCountry(g, es) {
			return true
		}
		// "Mocímboa da Praia", "Barra do Corda": a name joined to the one
		// before it by a Romance connector ends that name.
		if sp.first > 1 && nameJoiners[prev.norm] && !prev.cap && !prev.commaAfter && !prev.sentenceEnd {
			if p2 := toks[sp.first-2]; p2.cap && !p2.commaAfter && !p2.sentenceEnd && !p2.possessive && !hasCountry(g, es) {
				return true
			}
		}
	}
	// "Ain Dara", "Ain el Hilweh": a word that heads Arabic place names,
	// followed by a name, is the start of a longer name the gazetteer
	// lacks, whatever else the word names (the French Ain).
	if toponymHeads[last.norm] && last.cap && !hasCountry(g, es) && sp.last+1 < len(toks) && !last.sentenceEnd && !last.commaAfter && !last.possessive {
		n := toks[sp.last+1]
		if n.cap && !n.allCaps && !placeWords[n.norm] && !calendarWords[n.norm] ||
			articles[n.norm] && !n.sentenceEnd && !n.commaAfter && sp.last+2 < len(toks) && toks[sp.last+2].cap {
			return true
		}
	}
	// "Banan al-Hoss": a small town's name that goes on with a joined
	// article is the start of a longer name the gazetteer lacks, and so is
	// a name met without its own article ("Bab al-Hadid": "Bab" is Al Bab).
	if sp.last+1 < len(toks) && !last.sentenceEnd && !last.commaAfter && !last.possessive {
		if n := toks[sp.last+1]; articles[n.norm] && n.hyphenAfter && (g.minorOnly(es) || allStripped(es)) {
			return true
		}
	}
	return false
}

// nameJoiners join the words of Portuguese and Italian place names
// ("Mocímboa da Praia", "Barra do Corda"). "de" is left out: it joins
// persons' names to places as often ("Mario de Santiago", "Trail de
// Paris").
var nameJoiners = map[string]bool{
	"da": true, "do": true, "dos": true, "das": true, "di": true,
}

// operationName: "Operation Olive Branch", "Operation Euphrates Shield": a
// military operation's name, not its place.
func operationName(toks []token, sp *span) bool {
	return sp.first > 0 && toks[sp.first-1].norm == "operation" && !toks[sp.first-1].sentenceEnd && !toks[sp.first-1].commaAfter
}

// stateOfName: "the Islamic State of Iraq and the Levant", "Islamic State
// in Iraq and Syria": the places name a group, not where it is.
func stateOfName(toks []token, sp *span) bool {
	k := sp.first - 1
	if tokenIs(toks, k, "the") {
		k--
	}
	// The second place: "... of Iraq and (the) B".
	if tokenIs(toks, k, "and") && k > 0 && toks[k-1].cap && !toks[k-1].commaAfter && !toks[k-1].sentenceEnd {
		k -= 2
	}
	return (tokenIs(toks, k, "of") || tokenIs(toks, k, "in")) && tokenIs(toks, k-1, "state") && tokenIs(toks, k-2, "islamic") &&
		!toks[k-1].sentenceEnd && !toks[k-1].commaAfter
}

// partOfNameBefore: the words before sp make it part of a longer proper
// name: "Chris Murphy", "Quds Force", "Nike Ching", "Sayyid al-Shuhada". A
// first name before it marks its words as persons'. sp.first must be > 0.
func (g *Gazetteer) partOfNameBefore(toks []token, sp *span, es []entry, persons map[string]bool, strong bool) bool {
	pi := sp.first - 1
	if articles[toks[pi].norm] && toks[pi].hyphenAfter && pi > 0 && !toks[pi].cap {
		pi--
		// "Kafr Zqarta al-Mara": a name the article joins to the name
		// before it is the end of that longer name, whatever province
		// abroad it spells; a country stays one ("Bilad al-Sham" aside).
		if p := toks[pi]; p.cap && !p.sentenceEnd && !p.commaAfter && !p.possessive && !hasCountry(g, es) {
			return true
		}
	}
	prev := toks[pi]
	// "The Madison County Health Department": a sentence's "The" is
	// no part of the name.
	joined := !prev.sentenceEnd && !prev.commaAfter && !prev.possessive && !prev.hyphenAfter && !articles[prev.norm]
	// "In Jericho, ...": a preposition capitalised only because it begins
	// the sentence is no part of a name.
	joined = joined && !(prev.sentStart && locativePreps[prev.norm])
	// "the European Union", "the African Union": a common noun after a
	// country's or continent's adjective names a body, not a place.
	if joined && sp.first == sp.last && prev.cap && g.words.dict[toks[sp.first].norm] && g.isDemonymToken(prev.norm) && !hasCountry(g, es) && !hasAdmin1(g, es) {
		return true
	}
	if joined && personTitles[prev.norm] && !hasCountry(g, es) {
		return true
	}
	// "Guantanamo Bay", "Tampa Bay": a water word after a name ends that
	// name; it is not a town that bears the word alone.
	if joined && sp.first == sp.last && prev.cap && waterWords[toks[sp.first].norm] && !hasCountry(g, es) {
		return true
	}
	// "Latin America", "Central American": a capitalised word before an
	// alternate country name makes another name.
	if joined && prev.cap && !prev.sentStart && !prev.abbrev && onlyLoose(es) && !g.isStrongPlaceToken(prev.norm) && !divisionNamed(g, toks, sp, es) {
		return true
	}
	if joined && prev.cap && !prev.sentStart && g.words.first[prev.norm] && !hasCountry(g, es) {
		for k := sp.first; k <= sp.last; k++ {
			persons[toks[k].norm] = true
		}
		return true
	}
	if joined && prev.cap && !prev.allCaps && !prev.abbrev && !calendarWords[prev.norm] && !personTitles[prev.norm] &&
		!g.isStrongPlaceToken(prev.norm) && !strong && !divisionNamed(g, toks, sp, es) {
		return true
	}
	// "Philippe de Marigny", "Roger van Boxtel".
	if joined && (prev.norm == "de" || prev.norm == "van" || prev.norm == "von" || prev.norm == "di" || prev.norm == "da") &&
		sp.first > 1 && toks[sp.first-2].cap && !toks[sp.first-2].sentStart && !strong {
		return true
	}
	return false
}

// arabicArticleBefore: an Arabic article joined by a hyphen stands right
// before token k ("al-Janina").
func arabicArticleBefore(toks []token, k int) bool {
	t := toks[k-1]
	return arabicArticles[t.norm] && t.hyphenAfter && !t.sentenceEnd && !t.commaAfter
}

// arabicNamedOnly keeps the entries in countries whose places bear Arabic
// names: a name the text writes with an Arabic article ("al-Janina") is
// no Greek city once called Janina. It returns es itself when it keeps all.
func (g *Gazetteer) arabicNamedOnly(es []entry) []entry {
	n := 0
	for _, e := range es {
		if arabicNamed[g.places[e.place].CountryCode] {
			n++
		}
	}
	if n == len(es) {
		return es
	}
	kept := make([]entry, 0, n)
	for _, e := range es {
		if arabicNamed[g.places[e.place].CountryCode] {
			kept = append(kept, e)
		}
	}
	return kept
}

// arabicNamed are the countries where place names carry the Arabic
// article: the Arab states, and neighbours with Arabic place names.
var arabicNamed = map[string]bool{
	"DZ": true, "BH": true, "KM": true, "DJ": true, "EG": true, "IQ": true, "JO": true, "KW": true,
	"LB": true, "LY": true, "MR": true, "MA": true, "OM": true, "PS": true, "QA": true, "SA": true,
	"SO": true, "SD": true, "SS": true, "SY": true, "TN": true, "AE": true, "YE": true, "EH": true,
	"IL": true, "TR": true, "IR": true, "TD": true, "ER": true,
}

// weaponSystems follow the name of the weapon system they are: "Grad
// rockets", "Kornet missiles", "Katyusha launchers".
var weaponSystems = map[string]bool{
	"rocket": true, "rockets": true, "missile": true, "missiles": true, "launcher": true, "launchers": true,
}

// divisionNamed: sp is a division's name its kind word follows ("Zqarta
// Idleb province"): the kind word ends the division's name, so an unknown
// word before it is a village the comma was left out after, not the start
// of a longer name.
func divisionNamed(g *Gazetteer, toks []token, sp *span, es []entry) bool {
	last := toks[sp.last]
	if last.sentenceEnd || last.commaAfter || last.possessive || !divisionWords[tokNorm(toks, sp.last+1)] {
		return false
	}
	return hasAdmin1(g, es) || hasKind(g, es, KindAdmin2)
}

// keepBeforeNext decides on sp by the capitalised word after it, which may
// make it part of an organisation's or a person's name.
func (g *Gazetteer) keepBeforeNext(toks []token, sp *span, es []entry, strong bool) bool {
	first, last := toks[sp.first], toks[sp.last]
	single := sp.first == sp.last
	// "Grad rockets", "Kornet missiles": a weapon system's name, not a
	// place (a country's stays its own: "Iranian missiles").
	if single && !last.sentenceEnd && !last.commaAfter && !last.possessive && weaponSystems[tokNorm(toks, sp.last+1)] && !toks[sp.last+1].cap && !hasCountry(g, es) &&
		!(sp.first > 0 && (locativePreps[toks[sp.first-1].norm] || toks[sp.first-1].norm == "from")) {
		return false
	}
	if sp.last+1 < len(toks) && !last.sentenceEnd && !last.commaAfter && !last.possessive && !last.hyphenAfter {
		next := toks[sp.last+1]
		// "Kachin Independence Army": a qualifier and a word for an
		// organisation after the name, though the qualifier is a place's
		// name too (Independence, Missouri).
		qualified := !hasCountry(g, es) && orgAfterQualifier(toks, sp.last+1)
		if next.cap && !next.allCaps && !placeWords[next.norm] && !calendarWords[next.norm] && (qualified || !g.isStrongPlaceToken(next.norm)) && localGovernmentArea(toks, sp.last) == 0 {
			if orgWords[next.norm] || next.norm == "city" || next.norm == "county" || !hasCountry(g, es) && orgAfterQualifier(toks, sp.last+1) {
				// "Brownsboro Police", "Quds Force": the place is named, inside a name.
				if onlyLoose(es) {
					return false
				}
				sp.embedded = true
				return true
			}
			// "Henry County Sheriff's Office", "Rapides Parish Fire District":
			// a division named with its own kind word is that division,
			// whatever name it begins.
			if !single && (divisionWords[last.norm] || last.norm == "parish") && (hasKind(g, es, KindAdmin2) || hasKind(g, es, KindAdmin1)) {
				sp.embedded = true
				return true
			}
			if !strong {
				return false
			}
			if single && g.words.first[first.norm] && !hasCountry(g, es) {
				return false
			}
			if !hasCountry(g, es) && !hasAdmin1(g, es) {
				// A large city inside an organisation's name ("Baghdad Operations Command")
				// is still that city; a person's surname after it is not.
				if g.words.first[first.norm] {
					return false
				}
			}
		}
	}
	return true
}

// orgAfterQualifier: the words from k are a party's or a front's name after
// a place's ("Turkestan Islamic Party", "Kurdistan Workers' Party").
func orgAfterQualifier(toks []token, k int) bool {
	for j := k; j < len(toks) && j < k+2; j++ {
		t := toks[j]
		if !t.cap || !orgQualifiers[t.norm] || t.commaAfter || t.sentenceEnd {
			return false
		}
		if next := j + 1; next < len(toks) && toks[next].cap && orgWords[toks[next].norm] {
			return true
		}
	}
	return false
}

// orgQualifiers stand between a place's name and a word for an
// organisation in the names of parties, fronts and armies.
var orgQualifiers = map[string]bool{
	"islamic": true, "democratic": true, "workers": true, "patriotic": true, "national": true,
	"liberation": true, "revolutionary": true, "popular": true, "socialist": true, "communist": true,
	"salvation": true, "resistance": true, "freedom": true, "unity": true, "justice": true,
	"independence": true, "peoples": true, "people": true, "defence": true, "defense": true,
}

// kindOf: the words before token i name what follows as a place: "the
// town of A", "the villages of A".
func kindOf(toks []token, i int) bool {
	return tokenIs(toks, i-1, "of") && i >= 2 && (cueWords[toks[i-2].norm] || toks[i-2].norm == "towns" || toks[i-2].norm == "cities") && !toks[i-2].sentenceEnd && !toks[i-2].cap
}

// kindAfter: a lower-case word for a kind of place follows token last ("A
// district", "the A desert").
func kindAfter(toks []token, last int) bool {
	if last+1 >= len(toks) || toks[last].sentenceEnd || toks[last].commaAfter || toks[last+1].cap {
		return false
	}
	w := toks[last+1].norm
	return cueWords[w] || countrysideWords[w]
}

// waterWords end the names of seas, gulfs and rivers that divisions are
// named after.
var waterWords = map[string]bool{
	"sea": true, "gulf": true, "ocean": true, "river": true, "lake": true, "bay": true, "strait": true,
	"straits": true, "lakes": true,
}

// seaPlaces follow a sea's name when the sea only places a town: "the
// Red Sea port of", "the Red Sea off".
var seaPlaces = map[string]bool{
	"port": true, "coast": true, "coastal": true, "city": true, "town": true, "island": true, "islands": true,
	"off": true, "near": true, "coastline": true, "shore": true, "ports": true, "resort": true,
}

// toponymHeads are the generic words that begin Arabic place names:
// village, hill, monastery, house, spring, head, mountain, valley, ruin,
// well, meadow, palace, shrine, caravanserai, bridge, quarter, castle.
var toponymHeads = map[string]bool{
	"kafr": true, "kfar": true, "kefr": true, "tal": true, "tell": true, "tall": true, "tel": true,
	"deir": true, "dayr": true, "beit": true, "bayt": true, "ain": true, "ein": true, "ayn": true,
	"ras": true, "jabal": true, "jebel": true, "jabel": true, "wadi": true, "khirbet": true, "khirbat": true,
	"bir": true, "marj": true, "qasr": true, "sheikh": true, "shaykh": true, "khan": true, "jisr": true,
	"hay": true, "hayy": true, "mazraat": true, "qaryat": true, "nahiyat": true, "arab": true, "umm": true,
	"qalat": true, "qalaat": true, "qalaa": true, // castle: "Qal'at al-Madiq"
	// Kurdish spring and hill ("Kani Rash", "Gire Spi"), Persian and Dari
	// village ("Deh Sabz"), Pashto village ("Kili Sayed").
	"kani": true, "gire": true, "deh": true, "kili": true, "kalay": true,
}

// allDictionary reports whether every word of the span is an ordinary
// English word.
func (g *Gazetteer) allDictionary(toks []token, sp *span) bool {
	for k := sp.first; k <= sp.last; k++ {
		if k > sp.first && !toks[k].cap && arabicArticles[toks[k].norm] {
			return false // "Ras el Ain", "Bab al-Hawa": no English words
		}
		if connectors[toks[k].norm] || articles[toks[k].norm] {
			continue
		}
		if !g.words.dict[toks[k].norm] {
			return false
		}
	}
	return true
}

// arabicArticles are the articles of romanised Arabic names that are no
// English words.
var arabicArticles = map[string]bool{
	"al": true, "el": true, "ad": true, "ar": true, "az": true, "ash": true, "ez": true, "ul": true, "adh": true, "dh": true,
}

// isStrongPlaceToken reports whether a folded word alone names a country, a
// division or a large city.
func (g *Gazetteer) isStrongPlaceToken(w string) bool {
	for _, e := range g.index.lookup(w) {
		p := g.places[e.place]
		if e.flags&entryDemonym != 0 || p.Kind == KindCountry || p.Kind == KindContinent ||
			(e.flags&entryAlt == 0 && (p.Kind == KindAdmin1 || p.Population >= 100000)) {
			return true
		}
	}
	return false
}

// isDemonymToken: w is a country's or continent's adjective ("European").
func (g *Gazetteer) isDemonymToken(w string) bool {
	for _, e := range g.index.lookup(w) {
		if e.flags&entryDemonym != 0 {
			return true
		}
	}
	return false
}

// orgWords end the names of organisations: "Quds Force", "Lagos State
// University", "Air Canada Cargo".
var orgWords = map[string]bool{
	"force": true, "forces": true, "army": true, "brigade": true, "brigades": true, "corps": true, "guard": true,
	"guards": true, "party": true, "front": true, "movement": true, "council": true, "committee": true,
	"command": true, "ministry": true, "university": true, "college": true, "school": true, "times": true,
	"post": true, "news": true, "herald": true, "tribune": true, "journal": true, "airlines": true,
	"airways": true, "company": true, "group": true, "club": true, "fc": true, "united": true, "police": true,
	"cargo": true, "institute": true, "foundation": true, "association": true, "board": true,
	"management": true, "agency": true, "authority": true, "commission": true, "federation": true,
	"stream": true, "rada": true, "pillar": true, "embassy": true, "consulate": true,
}

// newsAgencies follow a dateline: "WASHINGTON (AP) -".
var newsAgencies = map[string]bool{"ap": true, "afp": true, "reuters": true, "upi": true}

// personVerbs follow a person's name far more often than a town's.
var personVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "tweeted": true, "explained": true, "added": true, "wrote": true,
	"noted": true, "argued": true, "asked": true, "recalled": true, "insisted": true, "replied": true,
	"responded": true, "admitted": true, "stressed": true,
}

func hasCountry(g *Gazetteer, es []entry) bool {
	for _, e := range es {
		if g.places[e.place].Kind == KindCountry {
			return true
		}
	}
	return false
}

func hasKind(g *Gazetteer, es []entry, k Kind) bool {
	for _, e := range es {
		if g.places[e.place].Kind == k {
			return true
		}
	}
	return false
}

func hasLarge(g *Gazetteer, es []entry, pop int64) bool {
	for _, e := range es {
		p := g.places[e.place]
		if p.Population >= pop || p.Kind == KindAdmin1 || p.Kind == KindContinent {
			return true
		}
	}
	return false
}

// onlyLoose reports whether every entry came through an alternate name or a
// skeleton: weak ground for a place inside an organisation's name.
// allStripped: every entry met the name without its leading article.
func allStripped(es []entry) bool {
	for _, e := range es {
		if e.flags&entryStripped == 0 {
			return false
		}
	}
	return len(es) > 0
}

func onlyLoose(es []entry) bool {
	for _, e := range es {
		if e.flags&(entryAlt|entrySkeleton) == 0 {
			return false
		}
	}
	return true
}

func hasAdmin1(g *Gazetteer, es []entry) bool {
	for _, e := range es {
		if g.places[e.place].Kind == KindAdmin1 {
			return true
		}
	}
	return false
}

func isCountryOnly(g *Gazetteer, es []entry) bool {
	for _, e := range es {
		if g.places[e.place].Kind != KindCountry {
			return false
		}
	}
	return true
}

// prior is what a place is worth before context: kind, size, seat.
// unknownPopulation stands for a listed town whose population GeoNames
// does not give. Tuned with make eval-geoparse and make eval-extract.
var unknownPopulation = 1000.0

func prior(p *Place, flags entryFlags) float64 {
	var s float64
	switch p.Kind {
	case KindContinent:
		s = 11
	case KindCountry:
		s = 12
	case KindAdmin1:
		s = 6.5
	case KindAdmin2:
		s = 5
	case KindRegion:
		s = 7
	case KindAirport, KindAirbase:
		s = 5
	default:
		pop := float64(p.Population)
		if pop == 0 && p.Kind == KindCity {
			// GeoNames counts no people for many towns of the countries
			// conflict reporting covers (most of Yemen's, Syria's); the
			// places it lists at all hold at least a few hundred.
			pop = unknownPopulation
		}
		s = math.Log10(pop + 10)
		switch p.FeatureCode {
		case "PPLC":
			s += 2.5
		case "PPLA":
			s += 1.2
		case "PPLA2":
			s += 0.5
		}
	}
	if flags&entryAlt != 0 {
		s -= 0.6
	}
	if flags&entryStripped != 0 {
		s -= 0.3
	}
	if flags&entrySkeleton != 0 {
		s -= 1.5
	}
	return s
}
