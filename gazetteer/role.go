package gazetteer

// speechNouns name the events where people speak or meet: a place tied to
// one of them is where something was said, not where something happened.
var speechNouns = map[string]bool{
	"interview": true, "conference": true, "briefing": true, "summit": true, "meeting": true, "talks": true,
	"visit": true, "speech": true, "statement": true, "hearing": true, "ceremony": true,
	"forum": true, "event": true, "remarks": true, "address": true, "news": true, "interviews": true,
	"meetings": true, "session": true, "negotiations": true, "reception": true, "reporters": true, "journalists": true,
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
		if m.Demonym || m.embedded {
			m.Role = RoleMention
			continue
		}
		first := tokenAt(toks, m.ByteStart)
		last := first
		for last+1 < len(toks) && toks[last+1].bend <= m.ByteEnd {
			last++
		}
		if spokenAt(toks, first) || standsForGovernment(toks, m, last) {
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
	if speechVerbs[tokNorm(toks, k-1)] {
		return true
	}
	for j := k - 1; j >= 0 && j >= k-10; j-- {
		if toks[j].sentenceEnd {
			break
		}
		if speechNouns[toks[j].norm] {
			return true
		}
		if j < k-1 && (toks[j].norm == "in" || toks[j].norm == "near") && !speechNouns[tokNorm(toks, j-1)] {
			// another place phrase between: "attacked in X in an interview" does not apply
			continue
		}
	}
	return false
}

// standsForGovernment: "Washington said", "Tehran denied", "Iraq's military".
func standsForGovernment(toks []token, m *Mention, last int) bool {
	p := m.Place
	if p.Kind != KindCountry && p.FeatureCode != "PPLC" {
		return false
	}
	if toks[last].possessive {
		return true
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
