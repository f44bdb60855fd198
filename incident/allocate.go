package incident

import "github.com/incidentmap/incidentmap/gazetteer"

// allocations reads how a report shares its dead among its places, the
// way conflict monitors write it: "5 fatalities coded to A", "with 3
// allocated to A, 2 each allocated to B and C", "three fatalities coded
// each to A and B with two coded to C". It returns each place's share by
// the folded name, or nil.
func (x *extractor) allocations() map[string]int {
	if x.allocRead {
		return x.alloc
	}
	x.allocRead = true
	toks := x.toks
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].class&classAlloc == 0 {
			continue
		}
		n, ok := x.allocCount(i)
		if !ok {
			continue
		}
		k := i + 1
		if toks[k].low == "each" {
			k++
		}
		if k >= len(toks) || toks[k].low != "to" {
			continue
		}
		x.allocTo(k+1, n)
	}
	return x.alloc
}

// allocCount reads the count before the verb at i: "5 fatalities coded",
// "2 each allocated", "3 allocated". It skips a noun of the dead and
// "each".
func (x *extractor) allocCount(i int) (int, bool) {
	k := i - 1
	if k >= 0 && x.toks[k].low == "each" {
		k--
	}
	if k >= 0 && allocNouns[x.toks[k].low] {
		k--
	}
	if k < 0 || !x.toks[k].word {
		return 0, false
	}
	return parseCount(x.toks[k].low)
}

// allocTo reads the places after "to" from token j, each getting n, up to
// the end of the list; "and four to C" and "and 1 each to C" after it give
// C its own share.
func (x *extractor) allocTo(j, n int) {
	toks := x.toks
	for j < len(toks) {
		lo := j
		for j < len(toks) && toks[j].word && (toks[j].cap || j > lo && isArticleWord(toks[j].low) || toks[j].text == "-") {
			j++
		}
		if j == lo {
			return // "coded to 10": a count, not a place
		}
		x.setAlloc(lo, j, n)
		if j >= len(toks) {
			return
		}
		switch {
		case toks[j].text == ",":
			j++
			if j < len(toks) && toks[j].low == "and" {
				j++
			}
		case toks[j].low == "and":
			j++
		default:
			return
		}
		// "and four to C", "and 1 each to C": another share.
		if m, ok := parseCount(toks[j].low); ok && toks[j].word && !toks[j].cap {
			k := j + 1
			if k < len(toks) && toks[k].low == "each" {
				k++
			}
			if k < len(toks) && allocVerbs[toks[k].low] {
				k++
			}
			if k < len(toks) && toks[k].low == "each" {
				k++
			}
			if k >= len(toks) || toks[k].low != "to" {
				return
			}
			n, j = m, k+1
		}
	}
}

// setAlloc gives the name of tokens [lo, hi) the share n.
func (x *extractor) setAlloc(lo, hi, n int) {
	if hi-lo > 5 {
		return
	}
	name := gazetteer.FoldName(x.body[x.toks[lo].b0:x.toks[hi-1].b1])
	if x.alloc == nil {
		x.alloc = map[string]int{}
	}
	if _, seen := x.alloc[name]; !seen {
		x.alloc[name] = n
	}
}

// allocated returns the share the report gives the place m names, if any.
func (x *extractor) allocated(m *ment) (int, bool) {
	alloc := x.allocations()
	if len(alloc) == 0 || m == nil {
		return 0, false
	}
	n, ok := alloc[gazetteer.FoldName(m.m.Text)]
	if !ok && m.m.Place != nil {
		n, ok = alloc[gazetteer.FoldName(m.m.Place.Name)]
	}
	return n, ok
}

func isArticleWord(w string) bool {
	switch w {
	case "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "of":
		return true
	}
	return false
}

// allocVerbs share the dead among places.
var allocVerbs = map[string]bool{"coded": true, "allocated": true, "attributed": true, "assigned": true}

// allocNouns name the dead shared.
var allocNouns = map[string]bool{"fatalities": true, "fatality": true, "deaths": true, "dead": true}
