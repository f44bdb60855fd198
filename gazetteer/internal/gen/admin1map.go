package main

import (
	"log"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Natural Earth files each admin-1 polygon under a GeoNames admin-1 code
// (gn_a1_code), and cities500 files each town under one too, but the two
// do not always speak of the same division: where GeoNames has renumbered
// a country's first level since Natural Earth took its codes (the
// Philippines' towns are filed by region, "PH.14" Bangsamoro, while
// Natural Earth's "PH.14" is the province of Cagayan), a town read through
// the code lands in a province hundreds of kilometres away, and "Patikul,
// Sulu" no longer finds the Patikul that is in Sulu.
//
// checkAdmin1Codes tests each code against the towns themselves: a code
// holds unless few of its towns that stand inside some polygon of their
// country stand inside the polygon the code names. A code that fails is
// dropped from gnToISO (its towns and districts then keep the GeoNames
// division, which geoNamesOnlyAdmin1 adds as a place of its own), and each
// of its towns is filed under the polygon it stands in instead.
const (
	// admin1CodeMinTowns is the fewest located towns a code is judged on.
	// A small city province (Algiers, Jerash, Busan) is drawn tighter by
	// Natural Earth than GeoNames files its suburbs, so half of its few
	// towns may stand outside it though the code is right.
	admin1CodeMinTowns = 20
	// admin1CodeMinShare is the share of a code's located towns that must
	// stand inside the polygon it names; a region read as one of its
	// provinces keeps a quarter of its towns there at most (Bicol as
	// Albay), a renumbered code none.
	admin1CodeMinShare = 1.0 / 3
	// admin1CoastDeg is how far, in degrees, a refiled town may stand
	// outside the outline it is filed under (the outlines are simplified
	// to 0.02 degrees, and a harbour town may fall just off its coast).
	admin1CoastDeg = 0.1
)

// admin1Polygon is one Natural Earth division outline of a country.
type admin1Polygon struct {
	code  string
	bound orb.Bound
	geom  orb.Geometry
}

func (p admin1Polygon) contains(pt orb.Point) bool {
	if !p.bound.Contains(pt) {
		return false
	}
	switch g := p.geom.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, pt)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, pt)
	}
	return false
}

// checkAdmin1Codes validates gnToISO against the towns' points (see
// above), deletes the codes that fail, refiles their towns, and returns
// the failed codes, sorted. A Natural Earth division whose code failed
// loses the GeoNames name and code it took through it (Abra is not
// "Ilocos", and `gazetteer import` files no Ilocos town under it).
func checkAdmin1Codes(gnToISO map[string]string, gnNames map[string]string, admins []record, cities []record) []string {
	byCountry := map[string][]admin1Polygon{}
	byCode := map[string]admin1Polygon{}
	for _, a := range admins {
		if a.geom == nil {
			continue
		}
		p := admin1Polygon{code: a.admin1, bound: a.geom.Bound(), geom: a.geom}
		byCountry[a.cc] = append(byCountry[a.cc], p)
		byCode[a.admin1] = p
	}
	// containing returns the division polygon of cc holding pt, or "".
	containing := func(cc string, pt orb.Point) string {
		for _, p := range byCountry[cc] {
			if p.contains(pt) {
				return p.code
			}
		}
		return ""
	}
	// nearest is containing, or for a town on a coast the simplified
	// outline cuts off, the division outline nearest it within
	// admin1CoastDeg.
	nearest := func(cc string, pt orb.Point) string {
		if code := containing(cc, pt); code != "" {
			return code
		}
		best, bestDist := "", admin1CoastDeg
		for _, p := range byCountry[cc] {
			if !p.bound.Pad(admin1CoastDeg).Contains(pt) {
				continue
			}
			if d := planar.DistanceFrom(p.geom, pt); d < bestDist {
				best, bestDist = p.code, d
			}
		}
		return best
	}
	type tally struct{ located, inside int }
	tallies := map[string]*tally{}
	for i, c := range cities {
		iso, ok := gnToISO[c.gnA1]
		if !ok {
			continue
		}
		pt := orb.Point{c.lon, c.lat}
		t := tallies[cities[i].gnA1]
		if t == nil {
			t = &tally{}
			tallies[cities[i].gnA1] = t
		}
		if p, ok := byCode[iso]; ok && p.contains(pt) {
			t.located++
			t.inside++
		} else if containing(c.cc, pt) != "" {
			t.located++
		}
	}
	var failed []string
	for gn, t := range tallies {
		if t.located >= admin1CodeMinTowns && float64(t.inside) < admin1CodeMinShare*float64(t.located) {
			failed = append(failed, gn)
		}
	}
	sort.Strings(failed)
	for _, gn := range failed {
		delete(gnToISO, gn)
	}
	for i := range admins {
		a := &admins[i]
		if a.gnA1 != "" && slices.Contains(failed, a.gnA1) {
			a.alts = slices.DeleteFunc(a.alts, func(s string) bool { return s != "" && s == gnNames[a.gnA1] && s != a.name })
			a.codes = slices.DeleteFunc(a.codes, func(s string) bool { return s == "geonames-admin1:"+a.gnA1 })
		}
	}
	refiled := 0
	for i := range cities {
		if !slices.Contains(failed, cities[i].gnA1) {
			continue
		}
		c := &cities[i]
		if code := nearest(c.cc, orb.Point{c.lon, c.lat}); code != "" {
			c.admin1 = code
			refiled++
		} else {
			c.admin1 = cities[i].gnA1
		}
	}
	if len(failed) > 0 {
		log.Printf("gen: %d GeoNames admin-1 codes name another Natural Earth division than their towns stand in (%s); %d towns refiled by their point",
			len(failed), strings.Join(failed, " "), refiled)
	}
	return failed
}

// refileAdmin2 files each district of a failed code (see checkAdmin1Codes)
// under the division most of its towns were refiled to, so a district and
// its seat ("Trondheim") stand in one province.
func refileAdmin2(admin2 []record, cities []record, failed []string) {
	votes := map[string]map[string]int{}
	for _, c := range cities {
		if c.admin2 == "" || !slices.Contains(failed, c.gnA1) {
			continue
		}
		if votes[c.admin2] == nil {
			votes[c.admin2] = map[string]int{}
		}
		votes[c.admin2][c.admin1]++
	}
	for i := range admin2 {
		v := votes[strings.TrimPrefix(admin2[i].id, "admin2:")]
		best, most := "", 0
		for code, n := range v {
			if n > most || n == most && code < best {
				best, most = code, n
			}
		}
		if best != "" {
			admin2[i].admin1 = best
		}
	}
}
