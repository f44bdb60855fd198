package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
)

// Extraction is what Extract finds in one article: its incidents, and every
// place mention of its body with Role RoleIncident only where the place is
// the location of an extracted incident.
type Extraction struct {
	Incidents []Incident
	Mentions  []gazetteer.Mention
	// FromHeadline: the body told of no incident, so the incidents were
	// read from the title; Headline then holds the title's mentions,
	// offsets in the title, roles from that reading.
	FromHeadline bool
	Headline     []gazetteer.Mention
}

// ment is a gazetteer mention placed on the extractor's tokens [lo, hi).
type ment struct {
	m *gazetteer.Mention
	// far: the place lies far from every other place and country the
	// article speaks of, a spelling match out of context.
	far bool
	// dateline: the place opens the report's dateline ("BEIRUT (Reuters)
	// -"), where it was filed, and the report names towns or provinces of
	// another country but none of its own: not where its events happened.
	dateline bool
	idx      int
	lo, hi   int
	sent     int
}

// candidate is one trigger in one sentence, before event coreference.
type candidate struct {
	sent, lo, hi int
	trig         *trigger
	sub, event   string
	strength     float64
	loc          *ment
	locs         []placeRef // every place the event happened at; locs[0] is loc
	geoPrec      int
	date         *dateExpr
	actor1       string
	actor2       string
	assoc        []string
	summary      bool
	// suffered: a toll told in the passive, the men it names its dead ("2
	// SDF members were killed"), no side acting.
	suffered bool
	// attackToo: an abduction that took in an attack at its place
	// ("attacked A, killing one and abducting four").
	attackToo bool
	counted   bool // a summary that counts its events: "in two attacks"
	// stateKind: the trigger's subject is a state's forces the text gives
	// no nation ("regime forces shelled", "police arrested"): "Military"
	// or "Police", the forces of the country the event is in.
	stateKind string
	generic   bool
	anaphor   bool // "the attack", "the strike": an event named before
	// placesBefore: "The attack happened in A": the sentence only places
	// the event named before it, whatever word it now uses for it.
	placesBefore bool
	canAnchor    bool // may start an incident (state-only verbs need a state actor)
	fat, inj     *int
	named        int
	// townRef: placed by "the town" at the town named before; at a place
	// and day that already has an incident, it is part of that incident.
	townRef bool
	// participle: a middling verb's -ing form after a comma ("shelled A,
	// hitting ..."), telling more of the event before it.
	participle bool
}

// tollOnly: the candidate counts dead or hurt ("Four civilians were
// killed") and names no actor of its own.
func (c *candidate) tollOnly() bool {
	return (c.fat != nil || c.inj != nil || c.named > 0) && (c.actor1 == "" && c.actor2 == "" || c.suffered)
}

// cluster is one incident being assembled from coreferent candidates.
type cluster struct {
	members  []*candidate
	loc      *ment
	geoPrec  int
	date     *dateExpr
	actor1   string
	actor2   string
	assoc    []string
	fat, inj *int
	named    int
	strength float64
	last     int // sentence of the latest member
	// summary: started by a statement about many events; such a cluster
	// takes no other candidate and is kept only with a day of its own, or,
	// counted ("killed 13 in two attacks in A"), when the article tells of
	// no event apart from it.
	summary bool
	counted bool
	notes   []int
}

// Extract finds the incidents an article reports. The body is tagged with
// the gazetteer; the title is tagged separately and used only as context
// (an incident in a country the headline names is a little surer).
//
// An incident is a trigger ("airstrike", "rocket attack", "clashes") tied to
// a place in its own clause. Later sentences that name the same kind of event
// without a place ("the strike", "Sunday's strikes") are the same incident and
// add its date, actors and casualties. Statements that summarise many events
// ("three times in a little over a month", "at least five one-way UAV attacks
// ... since April", "ongoing rocket attacks") are not incidents unless they
// give both a place and a day: a summary is no point on a map. Past events an
// article recalls with their own date and place are incidents of their own.
//
// published anchors relative dates ("Monday", "overnight"); when it is zero
// the article's Published is used, then the current day.
func Extract(g *gazetteer.Gazetteer, a Article, published time.Time) Extraction {
	if published.IsZero() {
		published = a.Published
	}
	explicit := published
	if published.IsZero() || published.Year() < 1 || published.Year() > 9999 {
		published, explicit = time.Now().UTC(), time.Time{}
	}
	published = midnight(published.UTC())
	body := a.Body
	// An article's words go into an array the next article reuses; a
	// title alone takes a new one.
	var toks []tok
	var buf *extractBuf
	if len(body) >= minPooledBody {
		buf = extractBufs.Get().(*extractBuf)
		toks = tokenizeInto(buf.toks, body)
		buf.toks = toks[:0]
		defer extractBufs.Put(buf)
	} else {
		toks = tokenize(body)
	}
	var ms, titleMs []gazetteer.Mention
	var tagging *gazetteer.Tagging
	homes, defaults := readHomes(toks)
	if g != nil && body != "" {
		tagging, homes = tagWithHomes(g, body, homes, defaults)
		defer tagging.Release() // its words serve the next article
		ms = tagging.Mentions
		if a.Title != "" {
			titleMs = g.Tag(a.Title)
		}
	}
	x := &extractor{toks: toks, body: body, published: published, explicitPub: explicit, g: g, tagged: ms, tagging: tagging, buf: buf}
	if buf != nil {
		x.clauses, x.ments = buf.clauses[:0], buf.ments[:0]
		buf.used = 0
		defer func() { buf.clauses, buf.ments = x.clauses[:0], x.ments[:0] }()
	}
	x.sents = splitSentences(x.toks)
	x.mentsBySent = map[int][]int{}
	x.placeMentions(ms)
	x.homes = homes
	x.markFar(g, homes)
	ms = x.withUnknownPlaces(tagging, ms, homes)
	x.markDateline()
	x.actors = findActors(x.toks, x.ments)
	for si := range x.sents {
		x.sentence(si)
	}
	clusters := x.cluster()
	incs := withinOthers(onlyCountryWide(x.incidents(clusters, a, titleMs)))
	titleToll(incs, a.Title)
	var headline *Extraction
	if len(incs) == 0 && a.Title != "" && a.Body != a.Title && body != "" {
		headline = headlineIncidents(g, a, published)
		incs = headline.Incidents
		for i := range incs {
			x.fromBody(&incs[i])
		}
	}
	out := Extraction{Incidents: incs, Mentions: ms}
	if headline != nil && len(incs) > 0 {
		out.FromHeadline, out.Headline = true, headline.Mentions
	}
	// A place is an incident's when an event of the text happened there,
	// whether or not the article dates it. A country read as its capital
	// ("the Haitian capital") is not where the event was: the capital is.
	used := map[int]bool{}
	use := func(m *ment) {
		if m.m.Modifier != "capital" {
			used[m.idx] = true
		}
	}
	for _, c := range x.cands {
		if c.loc != nil && c.canAnchor && !c.generic {
			use(c.loc)
			for _, r := range c.locs {
				use(r.m)
			}
		}
	}
	for i := range out.Mentions {
		if used[i] {
			out.Mentions[i].Role = gazetteer.RoleIncident
		} else {
			out.Mentions[i].Role = gazetteer.RoleMention
		}
	}
	out.Mentions = x.unlocatedPlaces(out.Mentions)
	return out
}

type extractor struct {
	g      *gazetteer.Gazetteer
	tagged []gazetteer.Mention
	// unknown holds the token spans of place names the gazetteer lacks
	// ("Bar-Sanguun village"), read on first use.
	unknown     [][2]int
	unknownRead bool
	// names are the unknown names of the tagging, read on first use.
	names     []gazetteer.UnresolvedName
	namesRead bool
	// alloc holds the dead the report shares among its places ("3
	// allocated to A"), by folded name, read on first use.
	alloc     map[string]int
	allocRead bool
	tagging   *gazetteer.Tagging
	// homes are the countries the text's armed groups are at home in
	// ("Houthi forces": Yemen), with their weights.
	homes map[string]float64
	body  string
	toks  []tok
	sents []sentence
	ments []ment
	// mentsBySent indexes ments by sentence.
	mentsBySent map[int][]int
	actors      *actorIndex
	published   time.Time
	// explicitPub is the publication date the caller or article gave, zero
	// when Extract fell back to today.
	explicitPub time.Time
	cands       []*candidate
	casualty    [][]casualty // per sentence
	clauses     []int        // clause id per token
	refines     []bool       // per sentence: no trigger, but refers back to an event
	toll        int          // tollSplit's answer, read on first use
	tollRead    bool
	// lastDate is the day of the latest dated event read so far.
	lastDate *dateExpr
	// yearAnchor is the day of the latest event dated with its year ("On 14
	// March 2019"): later days written without one are read near it.
	yearAnchor time.Time
	// buf holds the pooled arrays of a long article, nil for a short one.
	buf *extractBuf
}

// newCandidate returns a candidate to fill: from the article's pooled
// blocks when it has them (candidates never outlive Extract), else new.
func (x *extractor) newCandidate() *candidate {
	b := x.buf
	if b == nil {
		return new(candidate)
	}
	k, i := b.used/candBlock, b.used%candBlock
	if k == len(b.cands) {
		b.cands = append(b.cands, new([candBlock]candidate))
	}
	b.used++
	return &b.cands[k][i]
}

// withUnknownPlaces adds the places the text names but the gazetteer lacks
// ("the village of A in B"), each standing at the place that locates it. A
// spelling match far from the article's places ("A neighbourhood" read as a
// namesake on another continent) gives way to the unknown name. It returns
// the mentions the extractor now holds.
func (x *extractor) withUnknownPlaces(t *gazetteer.Tagging, ms []gazetteer.Mention, homes map[string]float64) []gazetteer.Mention {
	home := soleHome(homes)
	if t == nil || len(ms) == 0 && home == "" {
		return ms
	}
	far := map[int]bool{}
	for _, m := range x.ments {
		if m.far {
			far[m.idx] = true
		}
	}
	known := ms
	if len(far) > 0 {
		known = make([]gazetteer.Mention, 0, len(ms))
		for i, m := range ms {
			if !far[i] {
				known = append(known, m)
			}
		}
	}
	unk := t.UnknownPlacesWithin(known, home)
	if len(unk) == 0 {
		return ms
	}
	// Both lists are in text order: merged, the known first where two
	// start together.
	byStart := func(a, b gazetteer.Mention) int { return a.ByteStart - b.ByteStart }
	if !slices.IsSortedFunc(unk, byStart) {
		slices.SortStableFunc(unk, byStart)
	}
	out := make([]gazetteer.Mention, 0, len(ms)+len(unk))
	j := 0
	for i, m := range ms {
		if far[i] && overlapsAny(m, unk) {
			continue
		}
		for j < len(unk) && unk[j].ByteStart < m.ByteStart {
			out = append(out, unk[j])
			j++
		}
		out = append(out, m)
	}
	out = append(out, unk[j:]...)
	if !slices.IsSortedFunc(out, byStart) {
		slices.SortStableFunc(out, byStart) // known mentions out of order: as before
	}
	x.ments = x.ments[:0]
	for si, ids := range x.mentsBySent {
		x.mentsBySent[si] = ids[:0] // the arrays serve again
	}
	x.placeMentions(out)
	x.markFar(x.g, homes)
	return out
}

// onlyCountryWide drops the incidents placed only by their country (an
// unknown place no nearer place locates) when the article places another
// incident better: a country-wide point is the last resort of a report
// that says nothing nearer.
func onlyCountryWide(incs []Incident) []Incident {
	wide := func(in Incident) bool {
		return strings.HasPrefix(in.PlaceID, gazetteer.UnresolvedPrefix+"country:")
	}
	better := false
	for _, in := range incs {
		if !wide(in) {
			better = true
		}
	}
	if !better {
		return incs
	}
	out := incs[:0]
	for _, in := range incs {
		if !wide(in) {
			out = append(out, in)
		}
	}
	return out
}

// withinOthers merges an incident into another of the same day and kind
// of event at a place inside its own: "gunmen shot a judge in Nineveh
// province ... the attack took place in Tal Afar" is one attack, in Tal Afar.
func withinOthers(incs []Incident) []Incident {
	if len(incs) < 2 {
		return incs
	}
	gone := make([]bool, len(incs))
	for i := range incs {
		for j := range incs {
			if i == j || gone[j] || !holds(&incs[i], &incs[j]) {
				continue
			}
			a, b := &incs[i], &incs[j]
			// "the blast in A province": an explosion its kind unsaid is
			// the bombing told of in the place it holds.
			if !a.EventDate.Equal(b.EventDate) || a.EventType != b.EventType || a.SubEventType != b.SubEventType && a.SubEventType != SubIED {
				continue
			}
			mergeIncident(b, *a)
			b.Sources = a.Sources
			gone[i] = true
			break
		}
	}
	out := incs[:0]
	for i := range incs {
		if !gone[i] {
			out = append(out, incs[i])
		}
	}
	return out
}

// holds reports whether a's place holds b's, another place: a is b's
// province, or the place that locates b, a place the gazetteer lacks.
func holds(a, b *Incident) bool {
	if a.PlaceID == "" || a.PlaceID == b.PlaceID {
		return false
	}
	if strings.HasPrefix(a.PlaceID, "admin1:") && b.Admin1 != "" && a.PlaceID == "admin1:"+b.Admin1 {
		return true
	}
	// "pounded towns in northwest Syria ... most died in A": a part of a
	// country drawn as a polygon holds the town that lies in it.
	if strings.HasPrefix(a.PlaceID, "region:") && a.GeoPrecision == 3 && b.GeoPrecision < 3 && a.Geometry != nil && geo.Contains(a.Geometry, b.Point) {
		return true
	}
	return strings.HasPrefix(b.PlaceID, gazetteer.UnresolvedPrefix) && strings.Contains(b.PlaceID, ":"+a.PlaceID+":")
}

// tagWithHomes tags body with the home countries of the groups it names,
// and with its default homes ("regime forces": Syria) unless its place
// names settle another country and none in those homes; it returns the
// tagging and the homes it used.
func tagWithHomes(g *gazetteer.Gazetteer, body string, homes, defaults map[string]float64) (*gazetteer.Tagging, map[string]float64) {
	if len(defaults) == 0 {
		return g.TagText(body, homes), homes
	}
	defaults = narrowDefaults(defaults, homes)
	with := withDefaults(homes, defaults)
	t := g.TagText(body, with)
	other, home := false, false
	seen := map[string]bool{}
	for _, m := range t.Mentions {
		if m.Place == nil || m.Confidence < 0.5 || m.Place.CountryCode == "" {
			continue
		}
		if defaults[m.Place.CountryCode] > 0 {
			home = true
			if !m.Variant {
				seen[m.Place.CountryCode] = true
			}
		} else if !m.Demonym && !m.Variant && homes[m.Place.CountryCode] == 0 && (m.Confidence >= 0.7 || m.Place.Kind != gazetteer.KindCity) {
			// A doubtful town settles nothing: "the town of Nawa" read
			// as Naha in Japan (one of its other names) is no report on
			// Japan.
			other = true
		}
	}
	if other && !home {
		t.Release()
		return g.TagText(body, homes), homes
	}
	// Of several default homes, the ones the text's own names lie in:
	// "IS militants" near Baghdad are in Iraq, not Syria.
	if len(seen) > 0 && len(seen) < len(defaults) {
		defaults = maps.Clone(defaults)
		maps.DeleteFunc(defaults, func(cc string, _ float64) bool { return !seen[cc] })
		with = withDefaults(homes, defaults)
		t.Release()
		t = g.TagText(body, with)
	}
	return t, with
}

// narrowDefaults keeps, of the default homes a text names, those its groups
// are at home in ("IS fighters attacked QSD positions" is a report on Syria,
// not Iraq), else those it names most ("regime forces clashed with IS
// fighters": Syria).
func narrowDefaults(defaults, homes map[string]float64) map[string]float64 {
	if len(defaults) < 2 {
		return defaults
	}
	shared, most := false, 0.0
	for cc, w := range defaults {
		shared = shared || homes[cc] > 0
		most = max(most, w)
	}
	out := maps.Clone(defaults)
	maps.DeleteFunc(out, func(cc string, w float64) bool {
		if shared {
			return homes[cc] == 0
		}
		return w < most
	})
	return out
}

// withDefaults returns homes with the default homes added.
func withDefaults(homes, defaults map[string]float64) map[string]float64 {
	with := maps.Clone(homes)
	if with == nil {
		with = map[string]float64{}
	}
	for cc, w := range defaults {
		if with[cc] < w {
			with[cc] = w
		}
	}
	return with
}

// soleHome returns the one country the groups an article names are at home
// in ("Houthi forces": Yemen), or "" when they are of none or of several.
func soleHome(homes map[string]float64) string {
	if len(homes) != 1 {
		return ""
	}
	for cc := range homes {
		return cc
	}
	return ""
}

func overlapsAny(m gazetteer.Mention, ms []gazetteer.Mention) bool {
	for _, o := range ms {
		if o.ByteStart < m.ByteEnd && m.ByteStart < o.ByteEnd {
			return true
		}
	}
	return false
}

// placeMentions puts each gazetteer mention on the tokens.
func (x *extractor) placeMentions(ms []gazetteer.Mention) {
	for i := range ms {
		m := &ms[i]
		if m.Place == nil {
			continue
		}
		lo := sort.Search(len(x.toks), func(k int) bool { return x.toks[k].b1 > m.ByteStart })
		hi := lo
		for hi < len(x.toks) && x.toks[hi].b0 < m.ByteEnd {
			hi++
		}
		if lo >= hi {
			continue
		}
		s := sort.Search(len(x.sents), func(k int) bool { return x.sents[k].hi > lo })
		if c, end := x.capitalOf(m, lo, hi); c != nil {
			m, hi = c, end
		}
		x.ments = append(x.ments, ment{m: m, idx: i, lo: lo, hi: hi, sent: s})
		x.mentsBySent[s] = append(x.mentsBySent[s], len(x.ments)-1)
	}
}

// laterDate reads a date told from the event before ("two days later",
// "a week later", "the next day", "the following morning", "hours later"):
// the day of the latest dated event of the text so far, moved on. It is
// the same kind of date as that day (precision and all).
func (x *extractor) laterDate(s sentence) (dateExpr, bool) {
	prev := x.lastDate
	if prev == nil {
		return dateExpr{}, false
	}
	if text := x.body[x.toks[s.lo].b0:x.toks[s.hi-1].b1]; !strings.Contains(text, "later") && !strings.Contains(text, " next ") && !strings.Contains(text, "following") {
		return dateExpr{}, false
	}
	word := func(k int) string {
		if k < s.lo || k >= s.hi || !x.toks[k].word {
			return ""
		}
		return x.toks[k].low
	}
	for k := s.lo; k+1 < s.hi; k++ {
		days, lo, hi := -1, k, k
		switch w := word(k); {
		case word(k+2) == "later" && (w == "a" || w == "one" || x.toks[k].word):
			n, ok := parseCount(w)
			if !ok || w == "no" {
				continue
			}
			switch word(k + 1) {
			case "day", "days":
				days = n
			case "week", "weeks":
				days = 7 * n
			case "hours":
				days = 0
			}
			hi = k + 3
		case w == "hours" && word(k+1) == "later":
			days, hi = 0, k+2
		case w == "the" && (word(k+1) == "next" || word(k+1) == "following"):
			switch word(k + 2) {
			case "day", "morning", "evening", "night", "afternoon":
				days, hi = 1, k+3
			}
		}
		if days >= 0 {
			return dateExpr{lo: lo, hi: hi, day: prev.day.AddDate(0, 0, days), prec: prev.prec}, true
		}
	}
	return dateExpr{}, false
}

// strikesBefore: "the strikes", "these strikes" refer back to strikes the
// sentence before told of, by aircraft or armed men ("Warplanes pounded
// the north. The strikes hit a market in A").
func (x *extractor) strikesBefore(c *candidate, si int) bool {
	if si == 0 || c.lo == 0 {
		return false
	}
	switch x.toks[c.lo-1].low {
	case "the", "these", "those":
	default:
		return false
	}
	if w := x.toks[c.lo].low; w != "strikes" && w != "strike" {
		return false
	}
	p := x.sents[si-1]
	return x.hasAir(p.lo, p.hi) || x.armedClause(p.lo, p.hi)
}

// capitalOf: a country's adjective or possessive before "capital" ("the
// Haitian capital", "Iraq's capital") is where its capital city stands,
// and before "second-largest city" where that city stands; the mention
// at tokens [lo, hi) is then read as that city, for the incidents only (a
// geoparser's reading of "Haitian" stays the country), and the end of its
// phrase is returned with it.
// "The Kenyan capital Nairobi" names the city itself, and "the capital of
// Darfur" another one.
func (x *extractor) capitalOf(m *gazetteer.Mention, lo, hi int) (*gazetteer.Mention, int) {
	if x.g == nil || m.Place.Kind != gazetteer.KindCountry || hi >= len(x.toks) {
		return nil, hi
	}
	// "the Somali capital": a country's name after "the" is its adjective.
	last := x.toks[hi-1]
	the := lo > 0 && x.toks[lo-1].low == "the"
	if !m.Demonym && !strings.HasSuffix(last.low, "'s") && !the || x.body[last.b1:x.toks[hi].b0] != " " {
		return nil, hi
	}
	// "in Basra, Iraq's second city", "in eastern Riyadh, the Saudi
	// capital": an apposition to the place just named.
	if b := lo - 1; b >= 0 && (x.toks[b].text == "," || the && b > 0 && x.toks[b-1].text == ",") {
		return nil, hi
	}
	if rank, n := largestRank(x.toks, hi); rank > 0 {
		// "Ukraine's second-largest city": the country's city of that
		// rank by population, unless the text names it ("Iraq's second
		// city Mosul", "Pakistan's largest city, Karachi").
		k := hi + n
		if k < len(x.toks) && x.toks[k].text == "," {
			k++ // "Pakistan's largest city, Karachi"
		}
		if k < len(x.toks) && x.toks[k].word && x.toks[k].cap {
			return nil, hi
		}
		p, ok := x.g.LargestCity(m.Place.CountryCode, rank)
		if !ok {
			return nil, hi
		}
		c := *m
		c.Place, c.Demonym, c.Precision, c.Modifier, c.Role = p, false, 1, "capital", gazetteer.RoleIncident
		return &c, hi + n
	}
	if x.toks[hi].low != "capital" {
		return nil, hi
	}
	if n := hi + 1; n < len(x.toks) && (x.toks[n].word && (x.toks[n].cap || x.toks[n].low == "of") || x.toks[n].low == "(") && x.body[x.toks[hi].b1:x.toks[n].b0] == " " {
		return nil, hi
	}
	p, ok := x.g.Capital(m.Place.CountryCode)
	if !ok {
		return nil, hi
	}
	c := *m
	c.Place, c.Demonym, c.Precision, c.Modifier, c.Role = p, false, 1, "capital", gazetteer.RoleIncident
	return &c, hi + 1
}

// largestRank reads "largest city", "second-largest city", "second
// biggest city", "second city" at token i: the rank and how many tokens
// it spans, 0 when there is none.
func largestRank(toks []tok, i int) (rank, n int) {
	w := func(k int) string {
		if k < len(toks) && toks[k].word {
			return toks[k].low
		}
		return ""
	}
	ord := map[string]int{"second": 2, "third": 3}
	k := i
	rank = 1
	if r, ok := ord[w(k)]; ok {
		rank = r
		k++
		if w(k) == "city" {
			return rank, k - i + 1 // "Iraq's second city"
		}
	} else if o, sup, ok := strings.Cut(w(k), "-"); ok && ord[o] > 0 {
		rank = ord[o]
		if sup != "largest" && sup != "biggest" {
			return 0, 0
		}
		if w(k+1) == "city" {
			return rank, k - i + 2
		}
		return 0, 0
	}
	if (w(k) == "largest" || w(k) == "biggest") && w(k+1) == "city" {
		return rank, k - i + 2
	}
	return 0, 0
}

// clauseBreakWords start a new clause.
var clauseBreakWords = map[string]bool{
	"after": true, "before": true, "while": true, "when": true, "whereas": true, "although": true,
	"because": true, "but": true, "since": true, "though": true, "whilst": true, "amid": true,
}

var speechWords = map[string]bool{
	"said": true, "says": true, "say": true, "told": true, "tells": true, "added": true, "noted": true,
	"stated": true, "wrote": true, "tweeted": true, "announced": true, "condemned": true, "denied": true,
	"confirmed": true, "interview": true, "conference": true, "briefing": true, "statement": true,
	"speech": true, "remarks": true, "hearing": true, "meeting": true, "summit": true, "talks": true,
	"visit": true, "press": true, "news": true, "reporters": true, "warned": true, "vowed": true,
}

var summaryWords = map[string]bool{
	"ongoing": true, "frequent": true, "repeated": true, "repeatedly": true, "regularly": true, "series": true,
	"spate": true, "wave": true, "campaign": true, "string": true, "routinely": true, "often": true,
	"increasingly": true, "persistent": true,
	// "The network documented the killing of 21 civilians in Syria": a
	// monitor's tally of the day's events, told one by one after it.
	"documented": true,
}

var genericWords = map[string]bool{
	"any": true, "future": true, "threat": true, "threats": true, "would": true, "could": true,
	"might": true, "capable": true, "prevent": true, "risk": true, "possible": true, "potential": true,
}

var locPreps = map[string]int{
	"in": 0, "at": 0, "on": 0, "inside": 0, "into": 0, "across": 0, "along": 0, "over": 0, "within": 0, "through": 0,
	"near": 2, "outside": 2, "around": 2, "nearby": 2, "towards": 2, "toward": 2, "of": 0,
}

// sentence finds triggers, dates, actors and casualties in sentence si.
func (x *extractor) sentence(si int) {
	s := x.sents[si]
	x.clauseSplit(s)
	// Dates, without those of speech ("told reporters Monday").
	var dates []dateExpr
	all := findDatesNear(x.toks, s.lo, s.hi, x.published, x.yearAnchor)
	for _, d := range all {
		if !x.speechDate(s, d) && !x.datelineDate(s, d) {
			dates = append(dates, d)
		}
	}
	if d, ok := x.laterDate(s); ok {
		dates = append(dates, d)
		all = append(all, d)
	}
	cs := x.triggersIn(si, s, all)
	kept := cs[:0]
	for ci, c := range cs {
		clo, chi := x.clauseOf(s, c.lo, c.hi)
		prevEnd, nextStart := clo, chi
		if ci > 0 && cs[ci-1].hi > prevEnd {
			prevEnd = cs[ci-1].hi
		}
		if ci+1 < len(cs) && cs[ci+1].lo < nextStart {
			nextStart = cs[ci+1].lo
		}
		x.actorsFor(c, s, clo, chi, prevEnd, nextStart)
		c.suffered = c.trig.death && x.passiveBefore(c, clo) && !x.agentAfter(c, chi)
		if c.actor1 == "" && c.sub != SubIED && c.sub != SubSuicide {
			// (an army convoy that hit a roadside bomb suffered it)
			c.stateKind = x.unnamedState(c, clo)
		}
		// Verbs such as "struck" need an armed actor, an aircraft or a weapon.
		if c.trig.state && c.actor1 == "" && !x.hasAir(s.lo, s.hi) && !x.armedClause(s.lo, s.hi) && !x.strikesBefore(c, si) {
			c.canAnchor = false
			if c.trig.strength <= 0.6 {
				continue
			}
		}
		// "the vehicle struck a landmine": the mine exploded, no strike.
		if c.trig.state && c.sub == SubAirStrike && x.hitsDevice(c, s) {
			continue
		}
		x.resolveSub(c, s, clo, chi)
		c.locs = x.locationsFor(c, s, clo, chi, cs)
		if len(c.locs) == 0 && x.definiteSettlement(clo, chi) {
			// "shells struck the town's clinic": the town named before.
			if m := x.recentTown(c, si); m != nil {
				c.locs = []placeRef{{m: m, prec: max(1, m.m.Precision)}}
				c.townRef = true
			}
		}
		if len(c.locs) > 0 {
			c.loc, c.geoPrec = c.locs[0].m, c.locs[0].prec
		}
		if c.trig.invasion && (c.loc == nil || c.loc.lo < c.hi || c.loc.m.Place.Kind == gazetteer.KindCountry) {
			continue
		}
		// Territory changes hands at a place after the verb ("captured the
		// town of A"); "captured 15 sailors" is no conquest but an arrest by
		// a state force, or an abduction by anyone else.
		if c.trig.resolve == resolveTerritory && x.seizedGoods(c) {
			// "seized a vessel carrying fuel": property taken, no territory.
			c.sub, c.event = SubLooting, TypeOf(SubLooting)
		} else if c.trig.resolve == resolveTerritory && x.capturedPeople(c) {
			c.sub = SubAbduction
			if x.stateActing(c, clo) {
				c.sub = SubArrests
			}
			c.event = TypeOf(c.sub)
		} else if c.trig.resolve == resolveTerritory && x.capturedSubject(c, clo) {
			// "the suspect was captured by police": the agent after "by"
			// captures; with none, a suspect is arrested.
			c.sub = SubAbduction
			if state, named := x.agentState(c, chi); state || !named && x.wordsIn(clo, c.lo, suspectWords) {
				c.sub = SubArrests
			}
			c.event = TypeOf(c.sub)
		} else if sub, ok := x.stormedSite(c); ok {
			// "stormed a hotel", "raided a police station": an attack on a
			// building, no territory changing hands.
			c.sub, c.event = sub, TypeOf(sub)
		} else if c.trig.resolve == resolveTerritory && (c.loc == nil || c.loc.lo < c.hi && !x.passiveBefore(c, clo) && !x.entered(c.loc)) {
			c.canAnchor = false
		}
		c.date = x.dateFor(c, dates, cs)
		c.anaphor = c.loc == nil && c.date == nil && x.definite(c)
		if c.trig.death && x.diedOfWounds(c) {
			// "He died of his wounds the next day in a hospital in A": a
			// toll of the event told before, not its place nor its day.
			c.locs, c.loc, c.date, c.canAnchor, c.anaphor = nil, nil, nil, false, true
		}
		c.placesBefore = c.loc != nil && c.loc.lo > c.hi && c.loc.lo <= c.hi+8 && x.definite(c) && x.placingAfter(c)
		x.classify(c, clo, chi)
		kept = append(kept, c)
	}
	x.listedAfterColon(kept)
	x.sameAreaPlace(s, kept)
	kept = absorbSamePlace(kept)
	x.cands = append(x.cands, kept...)
	for _, c := range kept {
		if c.date != nil && !c.date.since {
			x.lastDate = c.date
			if c.date.year && c.date.prec == 1 {
				x.yearAnchor = c.date.day
			}
		}
	}
	x.attachCasualties(si, s, kept)
	// "killed 9 people in A and burned houses": people killed make the
	// event an attack on them, whatever else it destroyed.
	for _, c := range kept {
		if c.sub == SubLooting && c.fat != nil && *c.fat > 0 {
			clo, chi := x.clauseOf(s, c.lo, c.hi)
			c.sub = x.attackOrClash(c, s, clo, chi)
			c.event = TypeOf(c.sub)
		}
	}
}

// capturedNouns are people a capture takes: "captured a suspect",
// "seized two journalists".
var capturedNouns = map[string]bool{
	"suspect": true, "suspects": true, "man": true, "men": true, "leader": true, "leaders": true,
	"commander": true, "commanders": true, "member": true, "members": true, "fighter": true, "fighters": true,
	"militant": true, "militants": true, "soldier": true, "soldiers": true, "guards": true, "guard": true,
	"journalist": true, "journalists": true, "hostage": true, "hostages": true, "officer": true, "officers": true,
	"sailors": true, "sailor": true, "pilot": true, "pilots": true, "civilians": true, "woman": true, "women": true,
	"people": true, "policemen": true, "aid": true, "worker": true, "workers": true, "tourists": true,
	"gunman": true, "gunmen": true, "bomber": true, "insurgent": true, "insurgents": true,
	"rebels": true, "smuggler": true, "smugglers": true, "activist": true, "activists": true, "child": true,
	"children": true, "boy": true, "boys": true, "girl": true, "girls": true, "policeman": true, "troops": true,
	"passengers": true, "travellers": true, "travelers": true, "students": true, "pupils": true, "villagers": true,
	"worshippers": true, "farmers": true, "motorists": true, "residents": true,
}

// capturedPeople: the capture's object is people ("captured two
// soldiers", "seized a suspected militant").
func (x *extractor) capturedPeople(c *candidate) bool {
	for k := c.hi; k < len(x.toks) && k < c.hi+5; k++ {
		t := x.toks[k]
		if !t.word {
			return false
		}
		if _, prep := locPreps[t.low]; prep && t.low != "of" || t.low == "by" || t.low == "from" {
			return false // "captured by rebels", "captured A from rebels": no people taken
		}
		if capturedNouns[t.low] {
			return true
		}
		if t.cap && k > c.hi {
			return false // "captured Tal Abyad": a place
		}
	}
	return false
}

// capturedSubject: people the passive capture names before its verb ("the
// suspect was captured in a raid", "two soldiers were seized", "he was
// captured"), within the clause from clo.
func (x *extractor) capturedSubject(c *candidate, clo int) bool {
	if strings.HasSuffix(x.toks[c.lo].low, "ing") {
		return false // "troops are regaining the town" acts
	}
	k := c.lo - 1
	for k > clo && x.toks[k].word && strings.HasSuffix(x.toks[k].low, "ly") {
		k-- // "was reportedly captured"
	}
	if k < clo || !x.toks[k].word || !passiveAux[x.toks[k].low] {
		return false
	}
	for j := k - 1; j >= clo && j >= k-6; j-- {
		t := x.toks[j]
		if !t.word {
			continue
		}
		if capturedNouns[t.low] || capturedPronouns[t.low] || j == k-1 && x.nonPlaceSubject(c.sent, j) {
			return true
		}
	}
	return false
}

// nonPlaceSubject: token j, right before a passive capture's auxiliary,
// ends a subject that is no place: a person or people ("Omar Zqarta was
// captured", "the Hyattes were captured", "two dozen Uighurs were
// captured"), not "Tal Afar", "the town" or "it".
func (x *extractor) nonPlaceSubject(si, j int) bool {
	t := x.toks[j]
	if !t.word || t.num || placeNouns[t.low] || nearNouns[t.low] || t.low == "it" || t.low == "which" || t.low == "that" || t.low == "what" {
		return false
	}
	for _, i := range x.mentsBySent[si] {
		if m := &x.ments[i]; m.lo <= j && m.hi > j && !m.m.Demonym {
			return false
		}
	}
	return t.cap || victimNouns[t.low]
}

// agentState reads the agent of a passive verb ("by police", "by the
// army"): whether one is named, and whether it is a state force.
func (x *extractor) agentState(c *candidate, chi int) (state, named bool) {
	k := c.hi
	// "captured March 23 by Iranian forces", "seized late on Monday by
	// police": a time or a manner may stand before the agent.
	for n := 0; n < 4 && k < chi && k < len(x.toks) && x.timeOrManner(k); n++ {
		k++
	}
	if k >= len(x.toks) || k >= chi || x.toks[k].low != "by" {
		return false, false
	}
	end := min(k+5, chi, len(x.toks))
	for _, a := range x.actors.actorsIn(k+1, end) {
		if a.state {
			return true, true
		}
		named = true
	}
	for i := k + 1; i < end; i++ {
		if t := x.toks[i]; t.word && stateWords[t.low] {
			return true, true
		}
	}
	return false, named || end > k+1
}

// timeOrManner: token k is a word of a date or an adverb of manner that
// may stand between a verb and its agent.
func (x *extractor) timeOrManner(k int) bool {
	t := x.toks[k]
	if !t.word {
		return t.text == ","
	}
	_, month := months[strings.TrimSuffix(t.low, ".")]
	_, day := weekdays[t.low]
	return month || day || t.num || strings.HasSuffix(t.low, "ly") || t.low == "on" || t.low == "late" || t.low == "early" || t.low == "last"
}

// suspectWords are people a state arrests.
var suspectWords = map[string]bool{"suspect": true, "suspects": true, "suspected": true}

// passiveAux are the auxiliaries before a passive participle.
var passiveAux = map[string]bool{"was": true, "were": true, "been": true, "being": true, "is": true, "are": true}

// capturedPronouns stand for people captured: "he was captured".
var capturedPronouns = map[string]bool{"he": true, "she": true, "they": true, "who": true}

// tollSplit reads a note that shares its dead among places ("fatalities
// spread across 3 locations", "split between two events"): the number of
// shares, or 0.
func (x *extractor) tollSplit() int {
	if !x.tollRead {
		x.toll, x.tollRead = x.readTollSplit(), true
	}
	return x.toll
}

// readTollSplit reads what tollSplit answers.
func (x *extractor) readTollSplit() int {
	toks := x.toks
	for i := 0; i+3 < len(toks); i++ {
		if !toks[i].word || !splitVerbs[toks[i].low] {
			continue
		}
		k := i + 1
		if !toks[k].word || !splitPreps[toks[k].low] {
			continue
		}
		k++
		if toks[k].word && toks[k].low == "the" {
			k++
		}
		if k+1 >= len(toks) {
			break
		}
		if n, ok := parseCount(toks[k].low); ok && toks[k+1].word && splitUnits[toks[k+1].low] && n >= 2 && n <= 50 {
			return n
		}
	}
	return 0
}

var splitVerbs = map[string]bool{"spread": true, "split": true, "distributed": true, "divided": true, "allocated": true, "shared": true}
var splitPreps = map[string]bool{"across": true, "between": true, "over": true, "among": true, "amongst": true}
var splitUnits = map[string]bool{"locations": true, "events": true, "places": true, "sites": true, "areas": true, "towns": true, "villages": true}

// definiteSettlement: the clause [lo, hi) speaks of "the town", "the
// village" or "the city" without naming it ("the town's clinic").
func (x *extractor) definiteSettlement(lo, hi int) bool {
	for k := lo; k+1 < hi; k++ {
		if !x.toks[k].word || x.toks[k].low != "the" || !x.toks[k+1].word {
			continue
		}
		w := strings.TrimSuffix(strings.TrimSuffix(x.toks[k+1].low, "'s"), "’s")
		if (w == "town" || w == "village" || w == "city") && !(k+2 < hi && x.toks[k+2].word && x.toks[k+2].low == "of") {
			return true
		}
	}
	return false
}

// recentTown returns the town or village the sentences up to three back
// last named, for "the town" in the candidate's clause.
func (x *extractor) recentTown(c *candidate, si int) *ment {
	for s := si; s >= 0 && s >= si-3; s-- {
		ids := x.mentsBySent[s]
		for j := len(ids) - 1; j >= 0; j-- {
			m := &x.ments[ids[j]]
			if s == si && m.lo >= c.lo || m.m.Place == nil {
				continue
			}
			switch m.m.Place.Kind {
			case gazetteer.KindCity, gazetteer.KindUnresolved:
				if x.eligible(c, m) {
					return m
				}
			}
		}
	}
	return nil
}

// civilianSites and armedSites are buildings a storming targets.
var civilianSites = map[string]bool{
	"hotel": true, "school": true, "church": true, "mosque": true, "hospital": true, "market": true, "bazaar": true,
	"restaurant": true, "house": true, "home": true, "homes": true, "houses": true, "building": true,
	"office": true, "offices": true, "shop": true, "shops": true, "bank": true, "university": true,
	"court": true, "courthouse": true, "embassy": true, "clinic": true, "compound": true, "residence": true,
}
var armedSites = map[string]bool{
	"station": true, "barracks": true, "checkpoint": true, "prison": true, "jail": true, "outpost": true,
}

// entered: the place m is what armed men entered or reached before they
// took control of something in it ("entered Kabul and took control of
// the presidential palace").
func (x *extractor) entered(m *ment) bool {
	k := m.lo - 1
	for k >= 0 && k >= m.lo-4 && x.toks[k].word && !x.toks[k].cap && (placeNouns[x.toks[k].low] || x.toks[k].low == "the" || x.toks[k].low == "of" || x.toks[k].low == "into" || x.toks[k].low == "in") {
		k--
	}
	return k >= 0 && x.toks[k].word && entryVerbs[x.toks[k].low]
}

// entryVerbs: armed men go into a place.
var entryVerbs = map[string]bool{
	"entered": true, "reached": true, "stormed": true, "arrived": true, "advanced": true, "pushed": true,
	"swept": true, "rolled": true, "marched": true, "poured": true,
}

// seizedGoods: the territory verb's object is property ("seized a vessel",
// "captured two trucks loaded with aid"), a few words after it.
func (x *extractor) seizedGoods(c *candidate) bool {
	for k := c.hi; k < len(x.toks) && k < c.hi+4; k++ {
		t := x.toks[k]
		if !t.word || t.cap || locPreps[t.low] > 0 || clauseOpeners[t.low] {
			return false // "was captured when the fuel convoy ...": another clause
		}
		if goodsNouns[t.low] {
			return true
		}
	}
	return false
}

// clauseOpeners start a clause after a verb's own words.
var clauseOpeners = map[string]bool{
	"when": true, "while": true, "after": true, "as": true, "by": true, "before": true, "during": true, "and": true,
}

// goodsNouns are property a verb of capture may take.
var goodsNouns = map[string]bool{
	"vessel": true, "vessels": true, "ship": true, "ships": true, "tanker": true, "tankers": true, "boat": true,
	"boats": true, "truck": true, "trucks": true, "lorry": true, "lorries": true, "cargo": true, "shipment": true,
	"goods": true, "livestock": true, "cattle": true, "sheep": true, "camels": true, "vehicle": true, "vehicles": true,
	"car": true, "cars": true, "money": true, "cash": true, "fuel": true, "crops": true, "harvest": true,
}

// stormedSite: a territory verb whose object is a building ("stormed a
// hotel", "overran a police station") is an attack on it, or a clash
// with the men who guard it.
func (x *extractor) stormedSite(c *candidate) (string, bool) {
	if c.trig.resolve != resolveTerritory {
		return "", false
	}
	for k := c.hi; k < len(x.toks) && k < c.hi+4; k++ {
		t := x.toks[k]
		if !t.word || t.cap {
			return "", false
		}
		switch {
		case civilianSites[t.low]:
			return SubAttack, true
		case armedSites[t.low]:
			return SubArmedClash, true
		}
	}
	return "", false
}

// unnamedState reads a state's forces with no nation as the subject right
// before the trigger c ("regime forces shelled", "the army shelled",
// "police arrested"), not its victims ("two soldiers were killed"): the
// kind of forces, or "".
func (x *extractor) unnamedState(c *candidate, clo int) string {
	kind := ""
	for k := c.lo - 1; k >= clo && k >= c.lo-4; k-- {
		t := x.toks[k]
		if !t.word {
			return ""
		}
		if k < c.lo-1 && strings.HasSuffix(t.low, "ed") || speechWords[t.low] {
			return "" // another verb between: "the military announced intensified operations"
		}
		switch t.low {
		case "was", "were", "been", "being", "is", "are":
			return "" // a passive: the state's men suffered it
		case "by":
			return kind // "killed by regime helicopters dropping barrels": the agent
		case "in", "during", "on", "at", "with", "after", "of":
			return "" // "killed five gendarmes in an attack": the men are the victims
		case "regime", "army", "military", "troops", "soldiers", "government", "junta":
			kind = "Military"
		case "police", "policemen", "gendarmes", "gendarmerie":
			kind = "Police"
		case "security":
			if kind == "" {
				kind = "Military"
			}
		}
		if t.cap && k > clo && !stateWords[t.low] {
			return "" // a name: "Houthi forces", a nation's adjective
		}
	}
	return kind
}

// absorbSamePlace: two triggers of one sentence at one place are one event,
// named by the stronger ("U.S. forces were attacked by rockets" is a rocket
// attack; "clashes, backed by air strikes, in A" a clash).
func absorbSamePlace(cs []*candidate) []*candidate {
	out := cs[:0]
	for i, c := range cs {
		absorbed := false
		for j, o := range cs {
			if i == j || c.loc == nil || o.loc == nil || !o.canAnchor || o.generic || o.summary {
				continue
			}
			// "shelled A, hitting a market in the B district": a
			// participle's place inside the other's is the same event's.
			inside := j < i && c.participle && strings.HasPrefix(c.loc.m.Place.ID, gazetteer.UnresolvedPrefix+o.loc.m.Place.ID+":")
			// "took control of A village in B, following clashes": the
			// fighting at B, which locates A, is the taking's.
			holds := strings.HasPrefix(o.loc.m.Place.ID, gazetteer.UnresolvedPrefix+c.loc.m.Place.ID+":")
			if o.loc.m.Place.ID != c.loc.m.Place.ID && !inside && !holds {
				continue
			}
			if inside {
				// one point on the map, but the event's place still
				o.locs = append(o.locs, placeRef{m: c.loc, prec: c.geoPrec, samePoint: true})
				absorbed = true
				break
			}
			if o.strength > c.strength || o.strength == c.strength && j < i {
				// "strikes on A as clashes took place there": the
				// shelling and strikes that go with fighting are part of
				// the battle.
				if battleOver(c, o) {
					o.sub, o.event = c.sub, c.event
				}
				if c.sub == SubAttack && o.sub == SubAbduction {
					o.attackToo = true // "attacked A, killing one and abducting four"
				}
				// "Fighting reached A on Saturday, where jets struck a
				// camp": the day either gives is the event's.
				if c.date != nil && (o.date == nil || c.date.prec < o.date.prec) {
					o.date = c.date
				}
				absorbed = true
				break
			}
		}
		if !absorbed {
			out = append(out, c)
		}
	}
	return out
}

// battleOver: fighting o at the place of the strike or shelling c is the
// event c is part of.
func battleOver(o, c *candidate) bool {
	return o.sub == SubArmedClash && o.trig != nil && o.trig.fight && (c.sub == SubAirStrike || c.sub == SubShelling)
}

// sameAreaPlace gives the candidates of a sentence whose clause names no
// place but says the event was "in the area" or "there" the place of the
// event before them: "Jets struck A as clashes took place in the area".
func (x *extractor) sameAreaPlace(s sentence, cs []*candidate) {
	for i := 1; i < len(cs); i++ {
		c, p := cs[i], cs[i-1]
		if p.loc == nil {
			continue
		}
		clo, chi := x.clauseOf(s, c.lo, c.hi)
		if !x.saysSameArea(clo, chi) {
			continue
		}
		named := false
		for _, mi := range x.mentsBySent[c.sent] {
			if m := &x.ments[mi]; m.lo >= clo && m.hi <= chi && !m.m.Demonym {
				named = true
				break
			}
		}
		if !named {
			c.locs, c.loc, c.geoPrec = p.locs, p.loc, p.geoPrec
		}
	}
}

// saysSameArea: the words lo..hi say "in the area", "in the same area" or
// "there".
func (x *extractor) saysSameArea(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		switch x.toks[k].low {
		case "there":
			return k+1 >= hi || x.toks[k+1].low != "were" && x.toks[k+1].low != "was" && x.toks[k+1].low != "is" && x.toks[k+1].low != "are"
		case "area":
			if k >= 2 && x.toks[k-1].low == "the" && x.toks[k-2].low == "in" || k >= 3 && x.toks[k-1].low == "same" && x.toks[k-2].low == "the" {
				return true
			}
		}
	}
	return false
}

// clauseSplit numbers the clauses of sentence s: punctuation and
// subordinating words ("after", "while") start a new one.
func (x *extractor) clauseSplit(s sentence) {
	toks := x.toks
	if len(x.clauses) < len(toks) {
		x.clauses = slices.Grow(x.clauses[:0], len(toks))[:len(toks)]
		clear(x.clauses)
	}
	cid := 0
	for i := s.lo; i < s.hi; i++ {
		t := toks[i]
		if j := scareQuoted(toks, i, s.hi); j > i {
			// "killed \"dozens\" of soldiers": quotes round a word or two
			// are no quoted speech.
			for ; i <= j; i++ {
				x.clauses[i] = cid
			}
			i--
			continue
		}
		if !t.word && strings.ContainsAny(t.text, ",;:—–“”\"") {
			cid++
		} else if t.word && clauseBreakWords[t.low] {
			if !(t.low == "since" && i+1 < s.hi && (months[strings.TrimSuffix(toks[i+1].low, ".")] != 0 || toks[i+1].num)) {
				cid++
			}
		}
		x.clauses[i] = cid
	}
}

// scareQuoted returns the closing quote of up to three words quoted from
// the opening quote at i ("dozens", "a number"), or i when there is none.
func scareQuoted(toks []tok, i, hi int) int {
	if toks[i].word || toks[i].text != "\"" && toks[i].text != "“" {
		return i
	}
	for j := i + 1; j < hi && j <= i+4; j++ {
		if !toks[j].word {
			if j > i+1 && (toks[j].text == "\"" || toks[j].text == "”") {
				return j
			}
			return i
		}
	}
	return i
}

// clauseOf returns the clause [clo, chi) around tokens [lo, hi).
func (x *extractor) clauseOf(s sentence, lo, hi int) (int, int) {
	cl := x.clauses
	clo, chi := lo, hi
	for clo > s.lo && cl[clo-1] == cl[lo] {
		clo--
	}
	for chi < s.hi && cl[chi] == cl[hi-1] {
		chi++
	}
	return clo, chi
}

// triggersIn finds the sentence's triggers. Weak triggers ("killed",
// "explosion", "warplanes") give way to any stronger one in the sentence: the
// stronger names the event ("warplanes carried out strikes", "the rockets
// caused an explosion").
func (x *extractor) triggersIn(si int, s sentence, dates []dateExpr) []*candidate {
	toks := x.toks
	var cs []*candidate
	for i := s.lo; i < s.hi; i++ {
		if !toks[i].word || !triggerFirstWord(toks[i].low) || inDate(dates, i) {
			continue // "12 March 2023" is no march
		}
		mt, ok := matchTrigger(toks, i, s.hi)
		if !ok {
			continue
		}
		// "A missile struck", "rockets hit": the verb belongs to the trigger before it.
		if mt.hi < s.hi && !mt.t.state {
			if v, ok := matchTrigger(toks, mt.hi, s.hi); ok && v.t.state && v.t.verb {
				mt.hi = v.hi
			}
		}
		c := x.newCandidate()
		*c = candidate{sent: si, lo: mt.lo, hi: mt.hi, trig: mt.t, sub: mt.t.sub, strength: mt.t.strength, canAnchor: true}
		c.participle = mt.t.strength <= 0.6 && mt.hi == mt.lo+1 && strings.HasSuffix(toks[mt.lo].low, "ing") && mt.lo > s.lo && toks[mt.lo-1].text == ","
		cs = append(cs, c)
		i = mt.hi - 1
	}
	// "defused an explosive device", "shot down a drone": the weapon after a
	// disrupting verb is no attack.
	for i := 1; i < len(cs); i++ {
		if p := cs[i-1]; p.sub == SubDisruptedWeapons && TypeOf(cs[i].sub) == TypeExplosions && cs[i].lo-p.hi <= 4 {
			cs = append(cs[:i], cs[i+1:]...)
			i--
		}
	}
	// A verb such as "hit" tells of an attack only beside an armed actor,
	// an aircraft or a weapon; without them it silences no weak trigger
	// ("killed when their car was hit").
	unarmed := !x.hasAir(s.lo, s.hi) && !x.armedClause(s.lo, s.hi) && len(x.actors.actorsIn(s.lo, s.hi)) == 0
	// "In A, a man was killed by gunmen, and in B a bomb exploded": each
	// scene of the sentence has its own strongest trigger.
	breaks := x.sceneBreaks(s)
	strongestIn := func(sc int) float64 {
		best := 0.0
		for _, c := range cs {
			if sceneOf(breaks, c.lo) == sc && !c.trig.weak && c.strength > best && !(unarmed && c.trig.state && c.strength <= 0.6) {
				best = c.strength
			}
		}
		return best
	}
	// A middling verb ("hit") gives way to a stronger trigger of its own
	// clause; one in another clause is another event: "jets hit targets
	// in Gaza after rocket attacks on Sderot".
	strongerInClause := func(c *candidate) bool {
		for _, o := range cs {
			if o != c && !o.trig.weak && o.strength > c.strength && x.clauses[o.lo] == x.clauses[c.lo] {
				return true
			}
		}
		return false
	}
	mishap := x.wordsIn(s.lo, s.hi, mishapWords)
	kept := cs[:0]
	for _, c := range cs {
		strongest := strongestIn(sceneOf(breaks, c.lo))
		if c.trig.weak && strongest > 0 || c.strength <= 0.6 && strongest > c.strength && (c.trig.weak || strongerInClause(c)) || c.trig.death && mishap {
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// sceneBreaks returns where sentence s starts a new scene: a sentence
// that opens with a place ("In A, ...") starts one at each clause that
// opens with a place of its own (", and in B ..."); any other sentence is
// one scene, with no breaks.
func (x *extractor) sceneBreaks(s sentence) []int {
	k := s.lo
	for k < s.hi && x.toks[k].word && (x.toks[k].low == "also" || x.toks[k].low == "meanwhile" || x.toks[k].low == "elsewhere") || k < s.hi && x.toks[k].text == "," {
		k++
	}
	if k+1 >= s.hi || !x.toks[k].word || x.toks[k].low != "in" && x.toks[k].low != "at" || !x.toks[k+1].cap {
		return nil
	}
	var breaks []int
	for i := k + 2; i+2 < s.hi; i++ {
		if t := x.toks[i]; t.word || t.text != "," && t.text != ";" {
			continue
		}
		j := i + 1
		if x.toks[j].word && (x.toks[j].low == "and" || x.toks[j].low == "while" || x.toks[j].low == "whereas") {
			j++
		}
		if j+1 >= s.hi || !x.toks[j].word || x.toks[j].low != "in" && x.toks[j].low != "at" {
			continue
		}
		for j++; j < s.hi && x.toks[j].word && (x.toks[j].low == "the" || directionWord(x.toks[j].low)); j++ {
		}
		if j < s.hi && x.toks[j].cap {
			breaks = append(breaks, i)
		}
	}
	return breaks
}

// sceneOf returns the scene of token i: how many breaks come before it.
func sceneOf(breaks []int, i int) int {
	n := 0
	for _, b := range breaks {
		if i > b {
			n++
		}
	}
	return n
}

// mishapWords name deaths that no one inflicted: disasters, accidents,
// disease.
var mishapWords = map[string]bool{
	"earthquake": true, "earthquakes": true, "quake": true, "flood": true, "floods": true, "flooding": true,
	"flash-flood": true, "storm": true, "storms": true, "cyclone": true, "hurricane": true, "typhoon": true,
	"tornado": true, "wind": true, "winds": true, "gale": true, "gales": true, "landslide": true, "landslides": true, "mudslide": true, "avalanche": true,
	"lightning": true, "heatwave": true, "drought": true, "accident": true, "accidents": true, "crash": true,
	"crashed": true, "collision": true, "collided": true, "derailed": true, "capsized": true, "drowned": true,
	"cholera": true, "epidemic": true, "pandemic": true, "covid-19": true, "disease": true,
}

func inDate(dates []dateExpr, i int) bool {
	for _, d := range dates {
		if d.lo <= i && i < d.hi {
			return true
		}
	}
	return false
}

// dateFor: a date in the trigger's clause, else one in a clause without
// another trigger.
func (x *extractor) dateFor(c *candidate, dates []dateExpr, cs []*candidate) *dateExpr {
	cl := x.clauses
	for di := range dates {
		if cl[dates[di].lo] == cl[c.lo] {
			return &dates[di]
		}
	}
	// Else a date in a clause of no other trigger: the first, unless a day
	// named after another event and before this one opens this one's part
	// of the sentence ("on 18 April, a shell hit A, and on 20 April, two
	// children were killed in B": B's is the 20th).
	var free *dateExpr
	var opens *dateExpr
	for di := range dates {
		d := &dates[di]
		other := false
		for _, o := range cs {
			if o != c && cl[o.lo] == cl[d.lo] {
				other = true
			}
		}
		if other {
			continue
		}
		if d.lo > c.lo && x.colonBetween(c.hi, d.lo) {
			continue // "shelling intensified: on 18 April, ...": the day of what the colon lists
		}
		if free == nil {
			free = d
		}
		if d.hi <= c.lo {
			for _, o := range cs {
				if o != c && o.hi <= d.lo {
					opens = d
					break
				}
			}
		}
	}
	if opens != nil {
		return opens
	}
	return free
}

// colonBetween: a colon stands in tokens [lo, hi), other than one after a
// label that opens its sentence ("Arrests: police detained ...").
func (x *extractor) colonBetween(lo, hi int) bool {
	for k := lo; k < hi && k < len(x.toks); k++ {
		if x.toks[k].text == ":" && !x.labelColon(k) {
			return true
		}
	}
	return false
}

// labelColon: the colon at token k ends a label of a few capitalised
// words that opens its sentence or line ("Explosives:", "Attack Without
// Casualties:", "Update 2:").
func (x *extractor) labelColon(k int) bool {
	si := x.sentOf(k)
	if si >= len(x.sents) || k-x.sents[si].lo > 4 {
		return false
	}
	for j := x.sents[si].lo; j < k; j++ {
		if t := x.toks[j]; t.word && !t.cap && !t.num {
			return false
		}
	}
	return true
}

// listedAfterColon marks the candidates of a sentence that a colon and
// other events follow ("shelling on the villages intensified: on 18 April,
// a shell hit A, ...") as summaries of the events listed.
func (x *extractor) listedAfterColon(cs []*candidate) {
	for _, c := range cs {
		for _, o := range cs {
			if o.lo > c.hi && !o.trig.weak && x.colonBetween(c.hi, o.lo) {
				c.summary = true
				break
			}
		}
	}
}

// attachCasualties gives each casualty phrase to the nearest trigger before
// it in the sentence, else after, else to the latest candidate of the last
// two sentences.
func (x *extractor) attachCasualties(si int, s sentence, cs []*candidate) {
	for _, f := range findCasualties(x.toks, s.lo, s.hi) {
		var target *candidate
		for _, c := range cs {
			// The nearest event before the toll, one with a place before
			// one without; a summary's place does not draw a listed
			// event's toll ("shelling intensified: a shell hit A, killing
			// a teacher").
			if c.lo > f.pos {
				continue
			}
			switch {
			case target == nil, target.summary && !c.summary:
				target = c
			case c.summary && !target.summary:
			case c.loc != nil:
				target = c
			}
		}
		// "A bomb killed two in A, while three civilians died in shelling
		// on B": after "while", the toll is the event its own clause names.
		if target != nil && x.clauses[target.lo] != x.clauses[f.pos] && x.whileBetween(target.hi, f.pos) {
			for _, c := range cs {
				if c.loc != nil && !c.trig.weak && x.clauses[c.lo] == x.clauses[f.pos] {
					target = c
					break
				}
			}
		}
		// "on 18 April, a shell hit A, and on 20 April, two children were
		// killed in B": a day named between the event before and the toll
		// opens the next event, whose trigger follows the toll.
		if target != nil {
			for _, c := range cs {
				if c.lo > f.pos && c.date != nil && c.date != target.date && c.date.lo > target.hi && c.date.hi <= f.pos {
					target = c
					break
				}
			}
		}
		if target == nil && len(cs) > 0 {
			target = cs[0]
		}
		if target == nil {
			for k := len(x.cands) - 1; k >= 0; k-- {
				if x.cands[k].sent >= si-2 {
					target = x.cands[k]
				}
				break
			}
		}
		if target != nil {
			addCasualty(&target.fat, &target.inj, &target.named, f)
		}
	}
}

// occupyingArmies: in these territories the army a text names without a
// nation is the occupying state's (ISO codes).
var occupyingArmies = map[string]string{"PS": "IL"}

// titleToll gives the first of the body's incidents the toll its title
// tells when the body tells none ("Five soldiers killed in ambush in
// Burkina Faso's north" over "Jihadists ambushed an army convoy near
// Djibo"): a headline names the report's main event.
func titleToll(incs []Incident, title string) {
	if len(incs) == 0 || title == "" || incs[0].Fatalities != nil || incs[0].Injuries != nil {
		return
	}
	for _, in := range incs[1:] {
		if in.Fatalities != nil || in.Injuries != nil {
			return // the body tells tolls; the title's may be their sum
		}
	}
	toks := tokenize(title)
	cs := findCasualties(toks, 0, len(toks))
	if len(cs) != 1 {
		return
	}
	var fat, inj *int
	named := 0
	addCasualty(&fat, &inj, &named, cs[0])
	if named > 0 && (fat == nil || *fat < named) {
		fat = intp(named)
	}
	incs[0].Fatalities, incs[0].Injuries = fat, inj
}

// whileBetween: a contrasting clause starts between tokens lo and hi
// ("while", "whereas", a semicolon).
func (x *extractor) whileBetween(lo, hi int) bool {
	for k := lo; k < hi && k < len(x.toks); k++ {
		if w := x.toks[k].low; w == "while" || w == "whereas" || w == "whilst" || w == ";" {
			return true
		}
	}
	return false
}

func addCasualty(fat, inj **int, named *int, f casualty) {
	if f.fat != nil && (*fat == nil || *f.fat > **fat) {
		*fat = intp(*f.fat)
	}
	if f.inj != nil && (*inj == nil || *f.inj > **inj) {
		*inj = intp(*f.inj)
	}
	*named += f.named
}

// datelineDate: d is the date of a wire story's dateline ("KHARTOUM, June
// 3 (Reuters) -"): the day it was filed, not of the events it tells.
func (x *extractor) datelineDate(s sentence, d dateExpr) bool {
	if d.lo <= s.lo || d.hi >= s.hi || s.lo > 0 && !x.toks[s.lo-1].nl {
		return false
	}
	for k := s.lo; k < d.lo; k++ {
		if t := x.toks[k]; t.word && !t.cap || !t.word && t.text != "," {
			return false
		}
	}
	switch x.toks[d.hi].text {
	case "(", "-", "–", "—", "--":
		return true
	}
	return false
}

// speechDate: the date of someone speaking, not of the event.
func (x *extractor) speechDate(s sentence, d dateExpr) bool {
	toks := x.toks
	// "Sunday's strikes", "Monday's attack": the date of the event.
	if last := toks[d.hi-1]; strings.HasSuffix(last.low, "'s") && d.hi < s.hi {
		if _, ok := matchTrigger(toks, d.hi, s.hi); ok {
			return false
		}
	}
	for k := d.lo - 1; k >= s.lo && k >= d.lo-5; k-- {
		if toks[k].word && speechWords[toks[k].low] {
			return true
		}
		if !toks[k].word && toks[k].text == "," {
			break
		}
	}
	for k := d.hi; k < s.hi && k < d.hi+3; k++ {
		if !toks[k].word {
			break
		}
		if speechWords[toks[k].low] {
			return true
		}
	}
	return false
}

func (x *extractor) hasAir(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if x.toks[i].class&classAir != 0 {
			return true
		}
	}
	return false
}

// actorsFor assigns attacker and target. The attacker is the actor that
// is the trigger's subject (before it in the clause, or "by X" after a
// passive); targets follow the trigger, or are the passive subject.
func (x *extractor) actorsFor(c *candidate, s sentence, clo, chi, prevEnd, nextStart int) {
	toks := x.toks
	before := x.actors.actorsIn(clo, c.lo)
	after := x.actors.actorsIn(c.hi, nextStart)
	passive := false
	for k := c.lo - 1; k >= clo && k >= c.lo-4; k-- {
		if toks[k].low == "was" || toks[k].low == "were" || toks[k].low == "been" || toks[k].low == "under" {
			passive = true
		}
	}
	// "attacked by multiple rockets": the trigger noun after a passive verb.
	for k := c.lo - 1; k >= clo && k >= c.lo-3; k-- {
		if toks[k].low == "by" && k > clo && (toks[k-1].low == "attacked" || toks[k-1].low == "targeted" || toks[k-1].low == "hit" || toks[k-1].low == "struck") {
			passive = true
		}
	}
	var targets []string
	addTarget := func(n string) {
		for _, t := range targets {
			if t == n {
				return
			}
		}
		targets = append(targets, n)
	}
	if passive {
		for _, a := range before {
			if !a.bare {
				addTarget(a.name)
			}
		}
		for i, a := range after {
			if a.lo > c.hi && toks[a.lo-1].low == "by" || i == 0 && a.lo-c.hi <= 2 && !a.bare {
				c.actor1 = a.name
				after = append(after[:i:i], after[i+1:]...)
				break
			}
		}
	} else if len(before) > 0 {
		a := before[len(before)-1]
		gap := c.lo - a.hi
		ok := gap <= 4
		if a.bare {
			// "the U.S. struck", "U.S. airstrike": a country alone acts only
			// right before the trigger.
			ok = gap == 0
		}
		if ok {
			c.actor1 = a.name
		}
	}
	// "Russian missiles hit A", "Israeli strikes": the trigger is the
	// state's weapon, which names its forces.
	if c.actor1 == "" && !passive {
		for _, a := range x.actors.actorsIn(clo, c.hi) {
			if a.state && a.lo < c.lo && a.hi > c.lo {
				c.actor1 = a.name
			}
		}
	}
	// "clashes erupted between A and B": the first of the pair is actor 1.
	if c.actor1 == "" && !passive && len(after) > 0 {
		for k := c.hi; k < len(toks) && k < c.hi+3 && k < after[0].lo; k++ {
			if toks[k].word && toks[k].low == "between" {
				c.actor1 = after[0].name
				after = after[1:]
				break
			}
		}
	}
	for _, a := range after {
		if a.bare && a.lo > 0 && !isTargetLead(toks[a.lo-1].low) && toks[a.lo-1].low != "and" {
			continue
		}
		if a.name == c.actor1 {
			continue
		}
		addTarget(a.name)
	}
	if len(targets) > 0 {
		c.actor2 = targets[0]
		c.assoc = targets[1:]
	}
}

func isTargetLead(w string) bool {
	switch w {
	case "on", "against", "targeting", "targeted", "at", "struck", "hit", "attacked":
		return true
	}
	return false
}

func directionWord(w string) bool {
	switch w {
	case "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
		"northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
		"southwestern", "north-east", "north-west", "south-east", "south-west":
		return true
	}
	return false
}

// hedgedPerfect: "believed to have been carried out", "may have been
// hit": a perfect that hedges one event, not a tally of many.
func hedgedPerfect(toks []tok, i int) bool {
	if i == 0 || !toks[i-1].word {
		return false
	}
	switch toks[i-1].low {
	case "to", "may", "might", "could", "must", "would", "should":
		return true
	}
	return false
}

// classify marks summaries and generic mentions in the trigger's clause.
func (x *extractor) classify(c *candidate, clo, chi int) {
	toks := x.toks
	for i := clo; i < chi; i++ {
		t := toks[i]
		if !t.word {
			continue
		}
		switch {
		case t.class&classSummary != 0 && !x.volley(i, chi):
			c.summary = true
		case t.low == "times" && i > clo && (toks[i-1].low == "several" || toks[i-1].low == "multiple" || toks[i-1].low == "many" || isCount(toks[i-1].low)):
			c.summary = true
		case (t.low == "have" || t.low == "has") && !hedgedPerfect(toks, i) && i+1 < chi && (toks[i+1].low == "been" || toks[i+1].low == "conducted" || toks[i+1].low == "carried" || toks[i+1].low == "launched" || toks[i+1].low == "come" || toks[i+1].low == "faced" || toks[i+1].low == "suffered" || siegeWords[toks[i+1].low]):
			c.summary = true
		case t.class&classGeneric != 0 && i < c.lo:
			c.generic = true
		case (t.low == "will" || t.low == "shall") && i < c.lo && c.lo-i <= 3:
			c.generic = true // "the road will be hit by closures", "they will attack": not yet an event
		case t.low == "to" && i < c.lo && c.lo-i <= 3 && i+1 < chi && (toks[i+1].low == "carry" || toks[i+1].low == "conduct" || toks[i+1].low == "launch" || toks[i+1].low == "stage" || toks[i+1].low == "stop"):
			c.generic = true
		}
	}
	if c.date != nil && c.date.since {
		c.summary = true
	}
	// "killed 37 people in two attacks": a toll of several events told
	// one by one after it.
	if x.severalEvents(clo, chi) {
		c.summary, c.counted = true, true
	}
	// "at least five one-way UAV attacks since April": many events counted
	// over a period ("2 airstrikes on the town" is one event).
	last := toks[c.hi-1].low
	if strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "selves") && x.periodIn(clo, chi) { // "two blew themselves up" is one attack
		for k := c.lo - 1; k >= clo && k >= c.lo-3; k-- {
			if n, ok := parseCount(toks[k].low); ok && n >= 2 && toks[k].low != "both" {
				c.summary = true
			}
			// The count must count the events: "dozens wounded in
			// clashes during a raid" counts people.
			if _, prep := locPreps[toks[k].low]; !toks[k].word || prep || strings.HasSuffix(toks[k].low, "ed") {
				break
			}
		}
	}
}

// siegeWords tell of a siege, a state that lasts: "have besieged the city
// for weeks" is no event of a day.
var siegeWords = map[string]bool{
	"besieged": true, "encircled": true, "surrounded": true, "blockaded": true,
}

// severalEvents: the clause toks[lo:hi] counts its events: "in two
// attacks", "in three separate raids".
func (x *extractor) severalEvents(lo, hi int) bool {
	toks := x.toks
	for k := lo; k+2 < hi; k++ {
		if toks[k].low != "in" {
			continue
		}
		j := k + 1
		n, ok := parseCount(toks[j].low)
		if !ok || n < 2 || !toks[j].word {
			continue
		}
		j++
		if j < hi && (toks[j].low == "separate" || toks[j].low == "different" || toks[j].low == "coordinated" || toks[j].low == "simultaneous") {
			j++
		}
		if j < hi && eventNouns[toks[j].low] {
			return true
		}
	}
	return false
}

// eventNouns count events: "two attacks", "three raids".
var eventNouns = map[string]bool{
	"attacks": true, "raids": true, "ambushes": true, "bombings": true, "incidents": true, "assaults": true,
	"blasts": true, "explosions": true, "shootings": true,
}

// munitionNouns are what one attack fires many of.
var munitionNouns = map[string]bool{
	"missiles": true, "rockets": true, "shells": true, "mortars": true, "rounds": true, "airstrikes": true,
	"strikes": true, "raids": true, "explosions": true, "blasts": true, "bombs": true, "drones": true,
	"shots": true, "grenades": true, "detonations": true, "ieds": true, "barrels": true, "shelling": true,
}

// volley: the summary word at i counts munitions of one attack, not
// attacks ("a series of Katyusha rockets", "a wave of airstrikes on A").
func (x *extractor) volley(i, chi int) bool {
	switch x.toks[i].low {
	case "series", "wave", "string", "barrage", "spate":
	default:
		return false
	}
	if i+1 >= chi || x.toks[i+1].low != "of" {
		return false
	}
	for k := i + 2; k < chi && k <= i+4; k++ {
		if munitionNouns[x.toks[k].low] {
			return true
		}
	}
	return false
}

// definite: the trigger is a noun after "the" or "this" ("blamed X for the
// attack"), naming an event the text told of before.
func (x *extractor) definite(c *candidate) bool {
	if c.lo == 0 || c.trig.verb {
		return false
	}
	switch x.toks[c.lo-1].low {
	case "the", "this", "that":
		return !strings.HasSuffix(x.toks[c.hi-1].low, "ed")
	}
	return false
}

// periodWords mark a span of time in which many events are counted.
var periodWords = map[string]bool{
	"since": true, "past": true, "last": true, "during": true, "throughout": true, "months": true,
	"weeks": true, "year": true, "years": true, "month": true, "week": true, "times": true, "so": true,
}

func (x *extractor) periodIn(lo, hi int) bool {
	return x.wordsIn(lo, hi, periodWords)
}

func isCount(w string) bool {
	n, ok := parseCount(w)
	return ok && n >= 2
}

// clusterOut is a cluster and whether it became an incident.
type clusterOut struct {
	c    *cluster
	keep bool
}

func sameDate(a, b *dateExpr) bool {
	return a == nil || b == nil || a.day.Equal(b.day)
}

// cluster groups coreferent candidates into incidents.
func (x *extractor) cluster() []clusterOut {
	x.splitPlaces()
	var cls []*cluster
	var orphans []*candidate
	for _, c := range x.cands {
		if c.generic {
			continue
		}
		if c.loc != nil && c.canAnchor {
			into := anchoredInto(cls, c)
			if into == nil {
				into = &cluster{summary: c.summary, counted: c.counted}
				cls = append(cls, into)
			}
			into.add(c, true)
			continue
		}
		if c.summary {
			continue
		}
		into := x.unplacedInto(cls, c)
		if into == nil {
			orphans = append(orphans, c)
			continue
		}
		into.add(c, c.date != nil || c.sent-into.last <= 2)
	}
	placed := map[*candidate]bool{}
	adoptDatedOrphans(cls, orphans, placed)
	for _, o := range orphans {
		if k := x.placeOrphan(o, placed[o], len(cls) > 0); k != nil {
			cls = append(cls, k)
		}
	}
	// Sentences without a trigger that refer back to the latest incident.
	events := 0 // clusters that are no summary
	for _, k := range cls {
		if !k.summary {
			events++
		}
	}
	out := make([]clusterOut, 0, len(cls))
	for _, k := range cls {
		hasDay := k.date != nil && k.date.prec <= 2 && !k.date.since
		keep := !k.summary || hasDay || k.counted && events == 0
		out = append(out, clusterOut{c: k, keep: keep})
	}
	return out
}

// anchoredInto finds the cluster a candidate with a place of its own
// joins: that of the same town and day, else of the same subject or
// sentence, day and area; nil for a new one.
func anchoredInto(cls []*cluster, c *candidate) *cluster {
	var into *cluster
	if c.placesBefore && len(cls) > 0 {
		// The latest incident, a sentence or two before, in the same
		// country: "A bomber struck a mosque in eastern Afghanistan. The
		// attack happened in the Jalalabad suburb of Behsud."
		k := cls[len(cls)-1]
		for _, o := range cls {
			if o.last > k.last {
				k = o
			}
		}
		if !k.summary && c.sent >= k.last && c.sent-k.last <= 2 && sameDate(k.date, c.date) &&
			(k.loc == nil || k.loc.m.Place.CountryCode != "" && k.loc.m.Place.CountryCode == c.loc.m.Place.CountryCode) {
			return k
		}
	}
	if c.townRef {
		for _, k := range cls {
			if !k.summary && k.loc != nil && k.loc.m.Place.ID == c.loc.m.Place.ID && sameDate(k.date, c.date) {
				into = k
				break
			}
		}
	}
	if !c.summary && into == nil {
		for _, k := range cls {
			if !k.summary && (k.members[0].sub == c.sub || k.hasSentence(c.sent)) && sameDate(k.date, c.date) && sameArea(k, c) {
				into = k
				break
			}
		}
	}
	if !c.summary && into == nil {
		// "Gunmen killed 20 villagers in Zamfara state. They opened fire
		// on residents of A village": the sentence after an event in a
		// province tells where in it the same kind of event was, or where
		// its dead died ("The militants were killed in the A area").
		for _, k := range cls {
			if !k.summary && (k.members[0].sub == c.sub || c.trig.weak && c.trig.death) && sameDate(k.date, c.date) && c.sent-k.last == 1 && insideArea(k, c) {
				into = k
				break
			}
		}
	}
	return into
}

// unplacedInto finds the cluster a candidate with no place belongs to, or
// nil.
func (x *extractor) unplacedInto(cls []*cluster, c *candidate) *cluster {
	// No place: the same event as the latest matching incident; "the
	// attack" refers to the latest incident of the last two sentences.
	var into *cluster
	if c.anaphor {
		for _, k := range sortedByRecency(cls) {
			if !k.summary && c.sent-k.last <= 2 {
				into = k
			}
			break
		}
	}
	for _, k := range sortedByRecency(cls) {
		if into != nil {
			break
		}
		if !k.summary && (k.members[0].sub == c.sub || c.strength <= 0.6 && k.members[0].event == c.event) && sameDate(k.date, c.date) {
			into = k
			break
		}
	}
	if into == nil {
		// "... was also killed when missiles hit a convoy": right after an
		// incident, a related weapon of the same event type is that incident.
		for _, k := range sortedByRecency(cls) {
			if !k.summary && k.members[0].event == c.event && c.sent-k.last <= 1 && sameDate(k.date, c.date) {
				into = k
			}
			break
		}
	}
	if into == nil {
		// "Hundreds protested in A. Soldiers fired on them, killing a
		// boy.": the force told after a protest is used on it.
		for _, k := range sortedByRecency(cls) {
			if !k.summary && k.members[0].event == TypeProtests && x.inProtestSequel(k.members[0], c.sent) {
				into = k
			}
			break
		}
	}
	if into == nil && c.trig.weak && c.tollOnly() {
		// "Army shelling hit A. Four civilians were killed.": a toll
		// with no place of its own, right after an incident, is that
		// incident's, whatever kind of event it was.
		for _, k := range sortedByRecency(cls) {
			if !k.summary && c.sent-k.last <= 2 && sameDate(k.date, c.date) {
				into = k
			}
			break
		}
	}
	return into
}

// adoptDatedOrphans: an orphan with a date may be the event of a later
// undated incident. It marks the orphans so placed in placed.
func adoptDatedOrphans(cls []*cluster, orphans []*candidate, placed map[*candidate]bool) {
	for _, o := range orphans {
		if o.date == nil && o.fat == nil && o.inj == nil && o.named == 0 {
			continue
		}
		for _, k := range cls {
			if !k.summary && k.members[0].sub == o.sub && k.date == nil {
				k.add(o, true)
				placed[o] = true
				break
			}
		}
	}
}

// placeOrphan: an event told without a place takes the place the sentences
// around it give ("Fighting broke out at dawn. The village lies north of
// A."), as near that place: no event is dropped for want of a place in its
// own sentence. It returns the new cluster of the orphan o, or nil; placed
// says o joined a cluster already, others that there are clusters.
func (x *extractor) placeOrphan(o *candidate, placed, others bool) *cluster {
	// With other incidents placed, only an event with a day of its own
	// ("on 14 March, a barrel bomb hit a house") is another incident.
	ownDay := o.date != nil && o.date.prec == 1 && !o.date.since
	if placed || !o.canAnchor || o.generic || o.anaphor || o.trig.weak || others && !ownDay {
		return nil
	}
	m := x.nearbyPlace(o)
	if m == nil {
		m = x.unknownAtScene(o)
	}
	if m != nil {
		o.loc, o.geoPrec = m, max(2, m.m.Precision)
		k := &cluster{}
		k.add(o, true)
		return k
	}
	return nil
}

// unknownAtScene: the event of a day happened at a place its sentence names but
// the gazetteer lacks, and the sentences before name the scene ("On 12
// April, residents of A protested. ... On 18 April, a shell hit a school
// in B"): B stands at the town or province the text named last before it,
// at precision 3, rather than being dropped. The mention is the event's
// own (idx -1: no mention of the tagging).
func (x *extractor) unknownAtScene(c *candidate) *ment {
	if c.date == nil || c.date.prec != 1 || c.date.since {
		return nil // an event of its own day, no backstory ("after an attack on New Year's Day")
	}
	s := x.sents[c.sent]
	var best *gazetteer.UnresolvedName
	var blo, bhi int
	for _, u := range x.unresolved() {
		lo, hi := x.nameTokens(u)
		if lo < s.lo || hi > s.hi || lo < c.hi && hi > c.lo || !x.namedAsPlace(u, lo, hi) {
			continue
		}
		if best == nil || abs(lo-c.lo) < abs(blo-c.lo) {
			u := u
			best, blo, bhi = &u, lo, hi
		}
	}
	if best == nil {
		return nil
	}
	// The scene is set by the sentences before; a place of the event's own
	// sentence the reader of unknown names did not take as the name's
	// container ("Reports from A say a bomber was stopped in B") is none.
	near := x.placeMentBefore(blo)
	if near == nil || near.sent >= c.sent {
		return nil
	}
	m := gazetteer.UnlocatedMention(*best, near.m)
	return &ment{m: &m, idx: -1, lo: blo, hi: bhi, sent: c.sent}
}

// nearbyPlace: the place of the sentence before the candidate's, else of
// the one after it that says where the event was, else of the two before
// those (a narrative sets its scene first: "A night of terror in A. Gunmen
// went from house to house. By morning, 14 bodies had been found."), else
// of the one after it, nearest to it.
func (x *extractor) nearbyPlace(c *candidate) *ment {
	order := [...]int{c.sent - 1, c.sent + 1, c.sent - 2, c.sent - 3, c.sent + 1}
	apart := x.opensApart(c.sent)
	for n, si := range order {
		if apart && si < c.sent {
			continue // "Separately, a rocket landed ...": not where the last event was
		}
		if n == 1 && !x.placingSentence(si) || n > 1 && n < 4 && x.namesUnknown(c.sent) {
			continue // a place its own sentence names, if unknown, is nearer than the scene
		}
		ids := x.mentsBySent[si]
		var best *ment
		placing := si > c.sent && x.placingSentence(si)
		for _, i := range ids {
			m := &x.ments[i]
			if !x.eligible(c, m) && !(placing && x.eligibleAnyRole(c, m)) {
				continue
			}
			if best == nil || (si < c.sent) == (m.lo > best.lo) {
				best = m
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// hitsDevice: what the verb c struck or hit is a mine or a bomb lying in
// wait ("their vehicle struck an explosive device", "hit a roadside
// bomb"), told by its own trigger.
func (x *extractor) hitsDevice(c *candidate, s sentence) bool {
	for k := c.hi; k < s.hi && k < c.hi+5; k++ {
		t := x.toks[k]
		if !t.word {
			return false
		}
		if deviceWords[t.low] {
			// The device itself, not what it names ("a bomb factory").
			if k+1 >= s.hi || !x.toks[k+1].word {
				return true
			}
			if deviceWords[x.toks[k+1].low] {
				continue // "an explosive device"
			}
			_, prep := locPreps[x.toks[k+1].low]
			return prep || deviceAfter[x.toks[k+1].low]
		}
		if _, ok := locPreps[t.low]; ok {
			return false
		}
	}
	return false
}

// deviceWords name explosives left to go off: a vehicle strikes them.
var deviceWords = map[string]bool{
	"mine": true, "mines": true, "landmine": true, "landmines": true, "land-mine": true, "device": true,
	"devices": true, "ied": true, "ieds": true, "bomb": true, "explosive": true, "explosives": true,
}

// deviceAfter may follow a device the verb struck: "struck a mine planted
// by ...", "hit a bomb, killing two".
var deviceAfter = map[string]bool{
	"killing": true, "wounding": true, "injuring": true, "and": true, "that": true, "which": true,
	"planted": true, "laid": true, "left": true, "buried": true, "hidden": true, "placed": true,
}

// opensApart: sentence si opens by setting its event apart from those
// before it: "Separately, ...", "Elsewhere, ...", "In a separate
// incident, ...", "In another attack, ...".
func (x *extractor) opensApart(si int) bool {
	s := x.sents[si]
	k := s.lo
	for k < s.hi && !x.toks[k].word {
		k++
	}
	if k >= s.hi {
		return false
	}
	switch x.toks[k].low {
	case "separately", "elsewhere":
		return true
	case "in":
		for j := k + 1; j < s.hi && j <= k+3; j++ {
			switch x.toks[j].low {
			case "separate", "another", "other", "unrelated":
				return true
			}
		}
	}
	return false
}

// namesUnknown: sentence si names a place the gazetteer lacks where places
// are named ("in the A area", "the village of A").
func (x *extractor) namesUnknown(si int) bool {
	s := x.sents[si]
	for _, u := range x.unresolved() {
		if lo, hi := x.nameTokens(u); lo >= s.lo && hi <= s.hi && x.namedAsPlace(u, lo, hi) {
			return true
		}
	}
	return false
}

// diedOfWounds: c's death is one from wounds taken before: "died of his
// wounds", "died from their injuries", "died in hospital".
func (x *extractor) diedOfWounds(c *candidate) bool {
	if w := x.toks[c.lo].low; w != "died" && w != "dies" {
		return false
	}
	s := x.sents[c.sent]
	for k := c.hi; k < s.hi && k <= c.hi+4; k++ {
		switch x.toks[k].low {
		case "wounds", "injuries", "hospital":
			return true
		case "of", "from", "in", "his", "her", "their", "the", "a", "later", "subsequently":
		default:
			return false
		}
	}
	return false
}

// placingAfter: the words right after c's trigger say where it happened:
// "The attack took place in A", "the blast reportedly occurred near B".
func (x *extractor) placingAfter(c *candidate) bool {
	s := x.sents[c.sent]
	for k := c.hi; k+1 < s.hi && k <= c.hi+2; k++ {
		if x.placingVerbAt(k, true) {
			return true
		}
		if !strings.HasSuffix(x.toks[k].low, "ly") {
			return false
		}
	}
	return false
}

// placingVerbAt: tokens k and k+1 say where something happened: "took
// place", "occurred in", "happened near"; with on, also "happened on"
// (the road), which alone a sentence of dates would say too.
func (x *extractor) placingVerbAt(k int, on bool) bool {
	w, next := x.toks[k].low, x.toks[k+1].low
	return w == "took" && next == "place" ||
		(w == "occurred" || w == "happened") && (next == "in" || next == "at" || next == "near" || on && next == "on")
}

// placingSentence: sentence si only says where an event named before
// happened: "The event took place in A", "The strike occurred near B".
func (x *extractor) placingSentence(si int) bool {
	if si < 0 || si >= len(x.sents) {
		return false
	}
	s := x.sents[si]
	for k := s.lo; k+1 < s.hi; k++ {
		if x.placingVerbAt(k, false) {
			return true
		}
	}
	return false
}

// eligibleAnyRole is eligible for a mention the gazetteer gave no event
// of its own sentence.
func (x *extractor) eligibleAnyRole(c *candidate, m *ment) bool {
	if m.m.Role != gazetteer.RoleMention {
		return false
	}
	mm := *m.m
	mm.Role = gazetteer.RoleIncident
	tmp := *m
	tmp.m = &mm
	return x.eligible(c, &tmp)
}

// splitPlaces makes one candidate per place of an event at several places
// ("shelled A, B and C"): ACLED codes one event per location.
func (x *extractor) splitPlaces() {
	out := make([]*candidate, 0, len(x.cands))
	for _, c := range x.cands {
		out = append(out, c)
		for _, r := range c.locs[min(1, len(c.locs)):] {
			if r.samePoint || r.overflow {
				continue
			}
			cp := *c
			cp.loc, cp.geoPrec, cp.locs = r.m, r.prec, nil
			out = append(out, &cp)
		}
	}
	x.cands = out
}

func (k *cluster) hasSentence(si int) bool {
	for _, m := range k.members {
		if m.sent == si {
			return true
		}
	}
	return false
}

func sameArea(k *cluster, c *candidate) bool {
	a, b := k.loc.m.Place, c.loc.m.Place
	if a.ID == b.ID {
		return true
	}
	if a.Kind == gazetteer.KindBorder || b.Kind == gazetteer.KindBorder {
		return false
	}
	if a.CountryCode != "" && a.CountryCode == b.CountryCode && (a.Kind == gazetteer.KindCountry || b.Kind == gazetteer.KindCountry) {
		return true
	}
	return false
}

// insideArea: c's place lies in the province, or the part of one, where
// the incident k stands, and is no province itself.
func insideArea(k *cluster, c *candidate) bool {
	a, b := k.loc.m.Place, c.loc.m.Place
	// "across Iran ... in western Ilam": a part of the country.
	if a.Kind == gazetteer.KindCountry && a.ID != b.ID {
		return b.CountryCode == a.CountryCode && b.Kind != gazetteer.KindCountry && b.Kind != gazetteer.KindContinent
	}
	if a.Kind != gazetteer.KindAdmin1 && a.Kind != gazetteer.KindRegion || a.Admin1 == "" || a.ID == b.ID {
		return false
	}
	return b.CountryCode == a.CountryCode && b.Admin1 == a.Admin1 && b.Kind != gazetteer.KindAdmin1 && b.Kind != gazetteer.KindRegion
}

// within: m is a place the gazetteer lacks that the text locates at o ("the
// A neighbourhood of Mosul").
func within(m, o *ment) bool {
	return strings.HasPrefix(m.m.Place.ID, gazetteer.UnresolvedPrefix+o.m.Place.ID+":")
}

// namedUnknown: m is a place the text names that the gazetteer lacks ("A
// village"), standing at what locates it.
func namedUnknown(m *ment) bool {
	return strings.HasPrefix(m.m.Place.ID, gazetteer.UnresolvedPrefix)
}

func sortedByRecency(cls []*cluster) []*cluster {
	out := append([]*cluster(nil), cls...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].last > out[j].last })
	return out
}

// add merges a candidate into a cluster; strong says whether its actors may
// fill the incident's (a coreferent mention far from the event names actors
// loosely).
func (k *cluster) add(c *candidate, strong bool) {
	k.members = append(k.members, c)
	if c.sent > k.last {
		k.last = c.sent
	}
	// A nearer place refines the incident's, as does one as near, or in
	// it, that a sentence gives to place it ("The attack took place in
	// A"), but a
	// candidate that cannot
	// start an incident does not move one that stands at a place the text
	// names, known or not ("Jets bombed A village. Strikes on B caused
	// damage": A, not B).
	if c.loc != nil && (k.loc == nil || (c.geoPrec < k.geoPrec || c.placesBefore && (c.geoPrec == k.geoPrec || within(c.loc, k.loc)) ||
		c.geoPrec == k.geoPrec && c.canAnchor && insideArea(k, c)) && (c.canAnchor || !namedUnknown(k.loc))) {
		k.loc, k.geoPrec = c.loc, c.geoPrec
	}
	if c.date != nil && (k.date == nil || c.date.prec < k.date.prec) {
		k.date = c.date
	}
	if strong {
		if k.actor1 == "" {
			k.actor1 = c.actor1
		}
		if k.actor2 == "" && c.actor2 != "" && c.actor2 != k.actor1 {
			k.actor2 = c.actor2
			k.assoc = c.assoc
		}
	}
	if c.fat != nil && (k.fat == nil || *c.fat > *k.fat) {
		k.fat = c.fat
	}
	if c.inj != nil && (k.inj == nil || *c.inj > *k.inj) {
		k.inj = c.inj
	}
	k.named += c.named
	if c.strength > k.strength {
		k.strength = c.strength
	}
	k.notes = append(k.notes, c.sent)
}

// incidents turns kept clusters into Incident records.
func (x *extractor) incidents(cls []clusterOut, a Article, titleMs []gazetteer.Mention) []Incident {
	titleCountries := map[string]bool{}
	for _, m := range titleMs {
		if m.Place != nil {
			titleCountries[m.Place.CountryCode] = true
		}
	}
	src := Source{ArticleID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published, SourceName: a.Source}
	if src.Published.IsZero() {
		src.Published = x.explicitPub
	}
	if src.ArticleID == "" {
		src.ArticleID = ContentID(a.Title, a.Body)
	}
	var out []Incident
	byID := map[string]int{}
	for ci := range cls {
		co := &cls[ci]
		if !co.keep {
			continue
		}
		inc := x.incident(co.c, src, titleCountries)
		if j, dup := byID[inc.ID]; dup {
			mergeIncident(&out[j], inc)
			continue
		}
		byID[inc.ID] = len(out)
		out = append(out, inc)
	}
	return out
}

// incident turns the cluster k, told by the article src, into an incident;
// titleCountries are the countries the article's title names.
func (x *extractor) incident(k *cluster, src Source, titleCountries map[string]bool) Incident {
	first := k.members[0]
	date, prec, dateConf := x.incidentDate(k)
	p := k.loc.m.Place
	inc := Incident{
		EventDate:     date,
		TimePrecision: prec,
		EventType:     first.event,
		SubEventType:  first.sub,
		Actor1:        k.actor1,
		Actor2:        k.actor2,
		AssocActors:   k.assoc,
		Location:      p.Name,
		PlaceID:       p.ID,
		CountryCode:   p.CountryCode,
		Admin1:        p.Admin1,
		Geometry:      k.loc.m.Geometry(),
		Point:         p.Point,
		GeoPrecision:  k.geoPrec,
		Fatalities:    k.fat,
		Injuries:      k.inj,
		Sources:       []Source{src},
	}
	if k.named > 0 && (inc.Fatalities == nil || *inc.Fatalities < k.named) {
		inc.Fatalities = intp(k.named)
	}
	if n, ok := x.allocated(k.loc); ok {
		inc.Fatalities = intp(n) // "with 3 allocated to A": A's share
	} else if n := x.tollSplit(); n >= 2 && inc.Fatalities != nil {
		// "fatalities spread across three locations": each place's share.
		inc.Fatalities = intp(*inc.Fatalities / n)
	}
	inc.Notes = x.notes(k)
	// "Gunmen raided A, abducting nine women": a raid that took people and
	// hurt none is an abduction, as ACLED codes it.
	// One that also killed or wounded ("killing one and abducting four")
	// is an attack.
	hurt := k.fat != nil && *k.fat > 0 || k.inj != nil && *k.inj > 0 || k.named > 0
	if first.sub == SubAttack && !hurt || first.sub == SubAbduction && hurt {
		want := SubAbduction
		if hurt {
			want = SubAttack
		}
		if hurt && first.attackToo {
			inc.EventType, inc.SubEventType = TypeOf(SubAttack), SubAttack
		}
		for _, m := range k.members[1:] {
			if m.sub == want && m.sent == first.sent {
				inc.EventType, inc.SubEventType = m.event, m.sub
				break
			}
		}
	}
	// "Regime forces shelled A": the forces of A's country, as ACLED
	// names them ("the army" of Syria in Syria, of Myanmar in Myanmar).
	if inc.Actor1 == "" && first.stateKind != "" && x.g != nil {
		cc := p.CountryCode
		if o := occupyingArmies[cc]; o != "" && first.stateKind == "Military" {
			cc = o // soldiers in the West Bank are Israel's, as ACLED names them
		}
		if c, ok := x.g.Country(cc); ok && c.Kind == gazetteer.KindCountry {
			inc.Actor1 = stateForce(c.Name, first.stateKind)
		}
	}
	if inc.Actor2 == "" {
		names, attributed := x.followingActors(k, inc.Actor1)
		switch {
		case len(names) > 0 && attributed && inc.Actor1 == "":
			inc.Actor1 = names[0]
		case len(names) > 0 && !attributed:
			inc.Actor2, inc.AssocActors = names[0], names[1:]
		}
	}
	locConf := 1.0 - 0.07*float64(k.geoPrec-1)
	conf := k.strength * locConf * dateConf
	if titleCountries[p.CountryCode] {
		conf += 0.05
	}
	inc.Confidence = round2(min(1, conf))
	inc.ID = IncidentID(inc.EventDate, inc.SubEventType, inc.PlaceID)
	return inc
}

// incidentDate is the day of the cluster k, its precision and the
// confidence in it: its own date, else one it inherits, else the day
// before publication.
func (x *extractor) incidentDate(k *cluster) (time.Time, int, float64) {
	date, prec, dateConf := x.published.AddDate(0, 0, -1), 2, 0.7
	if k.date != nil {
		date, prec, dateConf = k.date.day, k.date.prec, 1.0-0.1*float64(k.date.prec-1)
	} else if d := x.inheritedDate(k.members[0]); d != nil {
		date, prec, dateConf = d.day, d.prec, 0.85-0.1*float64(d.prec-1)
	}
	return date, prec, dateConf
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func mergeIncident(dst *Incident, src Incident) {
	if dst.Actor1 == "" {
		dst.Actor1 = src.Actor1
	}
	if dst.Actor2 == "" {
		dst.Actor2, dst.AssocActors = src.Actor2, src.AssocActors
	}
	if src.Fatalities != nil && (dst.Fatalities == nil || *src.Fatalities > *dst.Fatalities) {
		dst.Fatalities = src.Fatalities
	}
	if src.Injuries != nil && (dst.Injuries == nil || *src.Injuries > *dst.Injuries) {
		dst.Injuries = src.Injuries
	}
	if !strings.Contains(dst.Notes, src.Notes) {
		dst.Notes += " " + src.Notes
	}
	dst.Confidence = max(dst.Confidence, src.Confidence)
}

// inheritedDate: the latest event date of the same context, the two
// sentences before the incident's first.
func (x *extractor) inheritedDate(first *candidate) *dateExpr {
	for i := len(x.cands) - 1; i >= 0; i-- {
		c := x.cands[i]
		if c.sent > first.sent || c == first {
			continue
		}
		if c.sent < first.sent-2 {
			break
		}
		if c.date != nil && !c.date.since {
			return c.date
		}
	}
	return nil
}

// notes joins the incident's sentences, and the sentence right after its
// anchor when that one refers back ("Two of the targets were inside Syria").
func (x *extractor) notes(k *cluster) string {
	seen := map[int]bool{}
	var idx []int
	for _, m := range k.members {
		if !seen[m.sent] && (m.anaphor || m.loc != nil || m.date != nil || m.fat != nil || m.inj != nil || m.named > 0 || m.actor2 != "") {
			seen[m.sent] = true
			idx = append(idx, m.sent)
		}
	}
	for _, m := range k.members {
		if m.loc != nil || m.date != nil {
			if n := m.sent + 1; n < len(x.sents) && !seen[n] && x.refersBack(n) {
				seen[n] = true
				idx = append(idx, n)
			}
		}
	}
	sort.Ints(idx)
	parts := make([]string, 0, len(idx))
	total := 0
	for _, i := range idx {
		s := strings.TrimSpace(strings.Trim(x.body[x.sents[i].b0:x.sents[i].b1], "“”\" "))
		if total+len(s) > 1500 {
			break
		}
		total += len(s)
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

var backRefWords = map[string]bool{
	"targets": true, "target": true, "sites": true, "site": true, "strike": true, "strikes": true,
	"attack": true, "attacks": true, "victims": true, "injuries": true, "casualties": true,
	"killed": true, "wounded": true, "injured": true, "dead": true, "damage": true,
}

// refersBack: a sentence without a trigger of its own that speaks of the
// previous event's targets, victims or damage.
func (x *extractor) refersBack(si int) bool {
	s := x.sents[si]
	for _, c := range x.cands {
		if c.sent == si && !c.anaphor {
			return false
		}
	}
	for i := s.lo; i < s.hi; i++ {
		if x.toks[i].word && backRefWords[x.toks[i].low] {
			return true
		}
	}
	return false
}

// IncidentID derives an incident's id from its day, sub-event type and
// place, so two articles about one event give one id.
func IncidentID(day time.Time, subEventType, placeID string) string {
	h := sha256.Sum256([]byte(day.Format("2006-01-02") + "|" + subEventType + "|" + placeID))
	return hex.EncodeToString(h[:])[:16]
}

// followingActors: the named groups of the sentence right after an
// incident's anchor when that sentence refers back ("The sites belonged to
// Kata'ib Hezbollah"); attributed says the sentence blames them instead
// ("officials blamed al-Shabaab for the attack").
func (x *extractor) followingActors(k *cluster, actor1 string) (names []string, attributed bool) {
	for _, m := range k.members {
		if m.loc == nil && m.date == nil {
			continue
		}
		n := m.sent + 1
		if n >= len(x.sents) || !x.refersBack(n) {
			continue
		}
		for i := x.sents[n].lo; i < x.sents[n].hi; i++ {
			switch x.toks[i].low {
			case "blamed", "claimed", "responsibility", "accused", "attributed":
				attributed = true
			}
		}
		for _, a := range x.actors.actorsIn(x.sents[n].lo, x.sents[n].hi) {
			if a.state || a.name == actor1 || slices.Contains(names, a.name) {
				continue
			}
			names = append(names, a.name)
		}
		if len(names) > 0 {
			return names, attributed
		}
		attributed = false
	}
	return nil, false
}

// objectEnds: the place ends the verb's object ("shelled Kharkiv overnight"),
// rather than qualifying a noun ("hit the Saudi Aramco plant").
func objectEnds(toks []tok, i int) bool {
	if i >= len(toks) || !toks[i].word {
		return true
	}
	switch toks[i].low {
	case "on", "in", "overnight", "early", "late", "yesterday", "today", "last", "killing", "wounding",
		"injuring", "and", "with", "at", "near", "again", "twice", "for":
		return true
	}
	return false
}

// headlineIncidents reads the headline as a sentence of its own when the
// body tells of no incident ("Gunmen kill five in Kirkuk" over a body that
// names no place): the incidents are the article's, their notes the
// headline; the mentions are the headline's.
// fromBody gives an incident the headline places the day and toll the
// body tells of its event but places nowhere: "Suicide bomber hits mosque
// in Peshawar" over "At least 30 people were killed when a suicide bomber
// struck during Friday prayers".
func (x *extractor) fromBody(in *Incident) {
	undated := in.TimePrecision >= 2 && in.EventDate.Equal(x.published.AddDate(0, 0, -1))
	for _, c := range x.cands {
		if c.generic || c.summary {
			continue
		}
		if undated && c.date != nil && !c.date.since {
			in.EventDate, in.TimePrecision = c.date.day, c.date.prec
			undated = false
		}
		if TypeOf(c.sub) == in.EventType || c.trig != nil && c.trig.death {
			if in.Fatalities == nil && c.fat != nil {
				in.Fatalities = intp(*c.fat)
			}
			if in.Injuries == nil && c.inj != nil {
				in.Injuries = intp(*c.inj)
			}
		}
	}
	in.ID = IncidentID(in.EventDate, in.SubEventType, in.PlaceID)
}

func headlineIncidents(g *gazetteer.Gazetteer, a Article, published time.Time) *Extraction {
	h := a
	h.Body, h.Title = a.Title, ""
	x := Extract(g, h, published)
	for i := range x.Incidents {
		in := &x.Incidents[i]
		in.Sources[0].Title = a.Title
		if in.Sources[0].ArticleID == ContentID("", a.Title) {
			in.Sources[0].ArticleID = ContentID(a.Title, a.Body)
		}
	}
	return &x
}
