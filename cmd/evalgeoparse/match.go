package main

import "sort"

// pair links gold[g] to pred[p].
type pair struct {
	g, p int
}

// match pairs predictions with non-ignored gold toponyms whose spans overlap, one to one,
// greedily by largest overlap (ties: earlier gold, then earlier prediction).
func match(gold []goldToponym, pred []prediction) []pair {
	type cand struct {
		pair
		overlap int
	}
	var cands []cand
	for gi, g := range gold {
		if g.ignore {
			continue
		}
		for pi, p := range pred {
			if o := g.overlap(p.span); o > 0 {
				cands = append(cands, cand{pair{gi, pi}, o})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.overlap != b.overlap {
			return a.overlap > b.overlap
		}
		if a.g != b.g {
			return a.g < b.g
		}
		return a.p < b.p
	})
	usedG := make(map[int]bool)
	usedP := make(map[int]bool)
	var pairs []pair
	for _, c := range cands {
		if usedG[c.g] || usedP[c.p] {
			continue
		}
		usedG[c.g], usedP[c.p] = true, true
		pairs = append(pairs, c.pair)
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].g < pairs[j].g })
	return pairs
}
