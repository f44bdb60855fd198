package gazetteer

import (
	"sort"
	"strings"
)

// SearchResult is one place a query may mean, with how well it fits.
type SearchResult struct {
	Place *Place
	Score float64
}

// Search returns the places a free-text name may mean, best first: exact
// names and alternate names, transliteration variants, ids and codes (ISO,
// IATA, ICAO). "Name, Country" narrows to one country.
func (g *Gazetteer) Search(query string, limit int) []SearchResult {
	query = strings.TrimSpace(query)
	if query == "" || limit <= 0 {
		return nil
	}
	if len(query) > 512 {
		query = query[:512]
	}
	country := ""
	if name, rest, ok := strings.Cut(query, ","); ok {
		if c := g.countryFromText(rest); c != nil {
			query, country = strings.TrimSpace(name), c.CountryCode
		}
	}
	scores := map[int32]float64{}
	add := func(es []entry, bonus float64) {
		for _, e := range es {
			p := g.places[e.place]
			if country != "" && p.CountryCode != country {
				continue
			}
			s := prior(p, e.flags&^entryDemonym) + bonus
			if e.flags&entryDemonym != 0 {
				s -= 3
			}
			if old, ok := scores[e.place]; !ok || s > old {
				scores[e.place] = s
			}
		}
	}
	if i, ok := g.byID[query]; ok {
		add([]entry{{place: i}}, 20)
	}
	for _, i := range g.codes[strings.ToUpper(query)] {
		add([]entry{{place: i}}, 15)
	}
	if c, ok := g.Country(query); ok && len(query) == 2 {
		add([]entry{{place: g.byID[c.ID]}}, 15)
	}
	key := normalizeName(query)
	if key != "" {
		add(g.index.lookup(key), 5)
		if words := strings.Fields(key); len(words) > 1 && articles[words[0]] {
			add(g.index.lookup(strings.Join(words[1:], " ")), 4)
		}
		// A variant ranks by how close it is: the same transliteration key
		// ("Ras el Ain" for "Ras al-Ain") before a larger place that is only
		// like it.
		for _, m := range g.variantMatches(key) {
			bonus := 5 * (m.closeness - 1)
			if m.closeness == 1 {
				bonus = 3
			}
			if m.flags&entryWeak != 0 {
				bonus--
			}
			add([]entry{m.entry}, bonus)
		}
	}
	out := make([]SearchResult, 0, len(scores))
	for i, s := range scores {
		out = append(out, SearchResult{Place: g.places[i], Score: s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Place.ID < out[j].Place.ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// countryFromText returns the country a name, demonym or code stands for.
func (g *Gazetteer) countryFromText(s string) *Place {
	s = strings.TrimSpace(s)
	if c, ok := g.Country(s); ok && len(s) == 2 {
		return c
	}
	for _, i := range g.codes[strings.ToUpper(s)] {
		if p := g.places[i]; p.Kind == KindCountry {
			return p
		}
	}
	for _, e := range g.index.lookup(normalizeName(s)) {
		if p := g.places[e.place]; p.Kind == KindCountry {
			return p
		}
	}
	return nil
}

// Region returns the country, first-level division or named region
// ("Kurdistan Region", "Donbas") a user names: a name
// ("Iraq", "Anbar", "Al Anbar Governorate"), an ISO 3166-1 or 3166-2 code
// ("IQ", "IRQ", "IQ-AN") or another code the gazetteer knows. Among names
// it prefers countries, then divisions.
func (g *Gazetteer) Region(s string) (*Place, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	if len(s) == 2 {
		if c, ok := g.Country(s); ok {
			return c, true
		}
	}
	if p, ok := g.Admin1(s); ok {
		return p, true
	}
	for _, i := range g.codes[strings.ToUpper(s)] {
		if p := g.places[i]; p.Kind == KindCountry || p.Kind == KindAdmin1 {
			return p, true
		}
	}
	if i, ok := g.byID[s]; ok {
		if p := g.places[i]; p.Kind == KindCountry || p.Kind == KindAdmin1 {
			return p, true
		}
	}
	key := normalizeName(s)
	for _, suffix := range []string{" province", " governorate", " state", " region", " oblast", " district"} {
		key = strings.TrimSuffix(key, suffix)
	}
	var best *Place
	for _, e := range g.index.lookup(key) {
		p := g.places[e.place]
		switch {
		case p.Kind == KindCountry && e.flags&entryDemonym == 0:
			return p, true
		case (p.Kind == KindAdmin1 || p.Kind == KindRegion) && best == nil:
			best = p
		}
	}
	return best, best != nil
}
