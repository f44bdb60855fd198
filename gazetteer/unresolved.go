package gazetteer

// UnresolvedName is a name the text marks as a place ("Bar-Sanguun village",
// "the Tal Hamis area") that the gazetteer does not know: a caller may fall
// back to a containing place the same sentence names.
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
}

// settlementWords follow a name as the kind of place it is.
var settlementWords = map[string]bool{
	"village": true, "town": true, "city": true, "district": true, "subdistrict": true, "area": true,
	"camp": true, "neighborhood": true, "neighbourhood": true, "quarter": true, "hamlet": true,
}

// maxUnresolvedTokens bounds the words of one unknown name.
const maxUnresolvedTokens = 4

// Unresolved returns the capitalised names directly followed by a word of
// settlement ("village", "town", "city", "district", "area", "camp",
// "neighborhood") that no mention of ms covers: places the text names but
// the gazetteer lacks. ms are the mentions Tag found in the same text.
func (g *Gazetteer) Unresolved(text string, ms []Mention) []UnresolvedName {
	if len(text) > maxText {
		return nil
	}
	toks := tokenize(text)
	sents := sentenceIndex(toks)
	var out []UnresolvedName
	for k := 1; k < len(toks); k++ {
		cue := toks[k]
		if !settlementWords[cue.norm] || cue.cap {
			continue
		}
		// Walk back over the capitalised words of the name.
		first := -1
		for j := k - 1; j >= 0 && k-j <= maxUnresolvedTokens; j-- {
			t := toks[j]
			if t.sentenceEnd || t.commaAfter || t.possessive {
				break
			}
			if !t.cap && !(articles[t.norm] && t.hyphenAfter) && !(connectors[t.norm] && j < k-1) {
				break
			}
			if t.cap {
				first = j
			}
		}
		if first < 0 {
			continue
		}
		// Sentence openers, people's titles and dates are no names.
		for first < k && (toks[first].sentStart && g.words.common[toks[first].norm] ||
			personTitles[toks[first].norm] || calendarWords[toks[first].norm] || articles[toks[first].norm] ||
			nonPlaceProperWords[toks[first].norm]) {
			first++
		}
		if first >= k || !toks[first].cap {
			continue
		}
		bs, be := toks[first].bstart, toks[k-1].bend
		covered := false
		for _, m := range ms {
			if m.ByteStart < be && m.ByteEnd > bs {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		out = append(out, UnresolvedName{
			Text: text[bs:be], Start: toks[first].start, End: toks[k-1].end, ByteStart: bs, ByteEnd: be,
			Kind: cue.norm, Sentence: sents[first],
		})
	}
	return out
}
