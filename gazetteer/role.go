package gazetteer

// speechNouns name the events where people speak or meet: a place tied to
// one of them is where something was said, not where something happened.
// sourceNouns name where news comes from, before "from" or "in" and the
// place it comes from: "reports from Damascus say ...", "sources in Aden".
var sourceNouns = map[string]bool{
	"reports": true, "sources": true, "correspondent": true, "correspondents": true, "dispatches": true,
}

var speechNouns = map[string]bool{
	"interview": true, "conference": true, "briefing": true, "summit": true, "meeting": true, "talks": true,
	"visit": true, "speech": true, "statement": true, "hearing": true, "ceremony": true,
	"forum": true, "event": true, "remarks": true, "address": true, "news": true, "interviews": true,
	"meetings": true, "session": true, "negotiations": true, "reception": true, "reporters": true, "journalists": true,
}

// audienceNouns are speech nouns only as the ones spoken to: "told
// reporters in Cairo", but "arrested two journalists in Kandahar".
var audienceNouns = map[string]bool{"reporters": true, "journalists": true}

// toldPronouns are whom someone told: "told him by phone from Aden".
var toldPronouns = map[string]bool{"him": true, "her": true, "them": true, "us": true, "me": true}

// audienceOf: the audience noun at toks[j] is spoken to ("told reporters",
// "speaking to journalists", "a briefing with reporters").
func audienceOf(toks []token, j int) bool {
	for k := j - 1; k >= 0 && k >= j-3; k-- {
		n := toks[k].norm
		if speechVerbs[n] || n == "to" || n == "with" || speechNouns[n] && !audienceNouns[n] {
			return true
		}
		if toks[k].sentenceEnd || toks[k].commaAfter || !(n == "the" || n == "foreign" || n == "local" || n == "visiting") {
			return false
		}
	}
	return false
}

// speechMeans are how someone spoke from a place: "by phone from".
var speechMeans = map[string]bool{
	"by": true, "phone": true, "telephone": true, "video": true, "link": true, "satellite": true,
	"videolink": true, "a": true, "the": true, "over": true, "radio": true, "email": true, "text": true,
}

// speechVerbs say someone spoke: "said in Washington", "Tehran denied".
var speechVerbs = map[string]bool{
	"said": true, "says": true, "told": true, "tells": true, "spoke": true, "speaking": true, "wrote": true,
	"tweeted": true, "announced": true, "stated": true, "added": true, "denied": true, "warned": true,
	"condemned": true, "insisted": true, "claimed": true, "urged": true, "responded": true, "replied": true,
	"met": true, "meets": true, "meeting": true, "visited": true, "visiting": true, "addressed": true, "testified": true,
	"accused": true, "blamed": true, "demanded": true, "rejected": true, "welcomed": true,
}

// assignRoles marks the mentions that cannot be where an event happened.
func assignRoles(toks []token, ms []Mention) {
	for i := range ms {
		m := &ms[i]
		if m.Demonym || m.Embedded {
			m.Role = RoleMention
			continue
		}
		if spokenAt(toks, tokenAt(toks, m.ByteStart)) || standsForGovernment(toks, m, lastTokenOf(toks, m)) {
			m.Role = RoleMention
		}
	}
}

// spokenAt: "told VOA in an interview in Cairo", "a press conference with
// ... in Rome", "said in Washington".
func spokenAt(toks []token, first int) bool {
	k := first - 1
	for tokenIs(toks, k, "the") {
		k--
	}
	if !tokenIs(toks, k, "in", "at", "from") {
		return false
	}
	if speechVerbs[tokNorm(toks, k-1)] || sourceNouns[tokNorm(toks, k-1)] && !toks[k-1].sentenceEnd {
		return true
	}
	// "speaking by phone from Idlib", "told AFP by telephone from Aden",
	// "told reporters by video link from Kyiv".
	for j := k - 1; j >= 0 && j >= k-6 && !toks[j].sentenceEnd; j-- {
		if !speechMeans[toks[j].norm] {
			if speechVerbs[toks[j].norm] && j < k-1 {
				return true
			}
			if j < k-1 && j > 0 && tokNorm(toks, j-1) == "told" && (toks[j].cap || audienceNouns[toks[j].norm] || toldPronouns[toks[j].norm]) {
				return true
			}
			break
		}
	}
	for j := k - 1; j >= 0 && j >= k-10; j-- {
		// "Saba news reported that an airstrike hit A": what was said
		// happened at A.
		if toks[j].sentenceEnd || toks[j].norm == "that" {
			break
		}
		if speechNouns[toks[j].norm] && (!audienceNouns[toks[j].norm] || audienceOf(toks, j)) && !attackedGathering(toks, j) {
			return true
		}
		if j < k-1 && (toks[j].norm == "in" || toks[j].norm == "near") && !speechNouns[tokNorm(toks, j-1)] {
			// another place phrase between: "attacked in X in an interview" does not apply
			continue
		}
	}
	return false
}

// attackedGathering: the speech noun at toks[j] is what an attack hit ("an
// attack on a meeting of officers in A", "struck a ceremony in A"): A is
// where it happened.
func attackedGathering(toks []token, j int) bool {
	for k := j - 1; k >= 0 && k >= j-3; k-- {
		n := toks[k].norm
		if attackWords[n] {
			return true
		}
		if toks[k].sentenceEnd || !(n == "a" || n == "the" || n == "an" || n == "tribal" || n == "wedding" || n == "funeral") {
			return false
		}
	}
	return false
}

// attackWords come right before what an attack hit.
var attackWords = map[string]bool{
	"on": true, "targeting": true, "targeted": true, "targets": true, "struck": true, "hit": true, "attacked": true,
	"bombed": true, "stormed": true, "raided": true, "shelled": true, "against": true,
}

// standsForGovernment: "Washington said", "Tehran denied", "Iraq's military".
func standsForGovernment(toks []token, m *Mention, last int) bool {
	p := m.Place
	if p.Kind != KindCountry && p.FeatureCode != "PPLC" {
		return false
	}
	if toks[last].possessive {
		return !PossessivePlace(norms(toks, last+1, 4))
	}
	if toks[last].sentenceEnd || toks[last].commaAfter {
		return false
	}
	return speechVerbs[tokNorm(toks, last+1)]
}

func tokNorm(toks []token, i int) string {
	if i < 0 || i >= len(toks) {
		return ""
	}
	return toks[i].norm
}

// possessedPlaces are what a place's possessive may own that is itself a
// place: "Baghdad's streets", "Georgia's coast", "Aleppo's districts".
var possessedPlaces = map[string]bool{
	"streets": true, "street": true, "coast": true, "coastline": true, "border": true, "borders": true,
	"district": true, "districts": true, "neighborhood": true, "neighbourhood": true, "neighborhoods": true,
	"neighbourhoods": true, "province": true, "provinces": true, "city": true, "town": true, "village": true,
	"villages": true, "outskirts": true, "suburbs": true, "suburb": true, "north": true, "south": true,
	"east": true, "west": true, "northeast": true, "northwest": true, "southeast": true, "southwest": true,
	"capital": true, "centre": true, "center": true, "heart": true, "countryside": true, "airspace": true,
	"waters": true, "port": true, "airport": true, "market": true, "bazaar": true, "camp": true, "area": true, "areas": true,
	"quarter": true, "square": true, "region": true, "territory": true, "downtown": true, "slums": true,
	"slum": true, "old": true, "refugee": true, "largest": true, "main": true, "central": true,
	"northern": true, "southern": true, "eastern": true, "western": true, "zone": true, "enclave": true,
	"outskirt": true, "harbour": true, "harbor": true, "parliament": true, "countryside's": true,
	"cities": true, "towns": true, "installations": true, "facilities": true, "oilfields": true, "mountains": true,
	"highway": true, "highways": true, "roads": true, "ports": true, "shore": true, "shores": true, "island": true,
	"islands": true, "interior": true, "hinterland": true, "plaza": true, "avenue": true, "boulevard": true,
	"park": true, "stadium": true, "bridge": true, "hospital": true, "hospitals": true, "mosque": true,
	"church": true, "cathedral": true, "university": true, "campus": true, "prison": true, "jail": true,
}

// PossessivePlace reports whether the words after a place's possessive
// make it a place, not an actor: "Baghdad's Dora district", "Hyderabad's
// crowded streets" (words are folded, in order, at most a few).
func PossessivePlace(words []string) bool {
	for i, w := range words {
		if possessedPlaces[w] {
			return true
		}
		if i >= 4 || w == "" {
			break
		}
	}
	return false
}

// norms returns the folded words of up to n tokens from toks[i] within its
// sentence.
func norms(toks []token, i, n int) []string {
	var out []string
	for k := i; k < len(toks) && k < i+n; k++ {
		out = append(out, toks[k].norm)
		if toks[k].sentenceEnd {
			break
		}
	}
	return out
}
