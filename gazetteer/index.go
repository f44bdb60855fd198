package gazetteer

import (
	"cmp"
	"slices"
	"strings"
)

// entryFlags say how a name reached a place.
type entryFlags uint8

const (
	entryAlt      entryFlags = 1 << iota // an alternate name, not the primary one
	entryStripped                        // a leading article ("al-", "the") was dropped
	entryDemonym                         // an adjective or demonym of a country ("Iraqi")
	entryAcronym                         // an abbreviation that only matches in capitals ("U.S.", "UAE")
	entrySkeleton                        // met through the transliteration skeleton
	entryWeak                            // a skeleton match that only counts where the article's countries agree
)

type entry struct {
	place int32
	flags entryFlags
}

// variant is one name of a place under its skeleton: the folded name is
// kept so that a lookup compares the name that shares the skeleton, not
// every name of the place.
type variant struct {
	entry
	name string
}

// skeletonRef files a variant under the hash of its skeleton. A sorted
// slice rather than a map: half a million appends and one sort load
// several times faster than as many map inserts, and a lookup compares the
// names it finds anyway, so a hash collision costs nothing but time.
type skeletonRef struct {
	hash uint64
	variant
}

// hashSkeleton is FNV-1a.
func hashSkeleton(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// variantsUnder returns the variants filed under a skeleton.
func (ix *nameIndex) variantsUnder(sk string) []skeletonRef {
	h := hashSkeleton(sk)
	lo, _ := slices.BinarySearchFunc(ix.variants, h, func(r skeletonRef, h uint64) int { return cmp.Compare(r.hash, h) })
	hi := lo
	for hi < len(ix.variants) && ix.variants[hi].hash == h {
		hi++
	}
	return ix.variants[lo:hi]
}

// nameIndex maps token sequences to places: a trie over folded tokens, and a
// looser table from consonant skeletons for transliteration variants.
type nameIndex struct {
	vocab     map[string]uint32
	edges     map[uint64]uint32
	nodes     [][]entry
	maxTokens int
	variants  []skeletonRef    // sorted by skeleton hash once finished
	byCC      map[string]int32 // country code -> place, for the abbreviations
	seen      []string         // scratch for addPlace
}

// countryAcronyms are the abbreviations news uses for countries; they match
// only when written in capitals or with dots.
var countryAcronyms = map[string]string{
	"us": "US", "usa": "US", "uk": "GB", "uae": "AE", "drc": "CD", "prc": "CN", "dprk": "KP", "ksa": "SA",
}

// newIndex sizes the maps for about sizeHint places: the embedded world
// gazetteer (240k places) has about 1.3 distinct words and 2.1 trie edges a
// place, and about one skeleton a place; growing the maps while
// loading costs more than their slack.
func newIndex(sizeHint int) *nameIndex {
	return &nameIndex{
		vocab:    make(map[string]uint32, sizeHint*5/4),
		edges:    make(map[uint64]uint32, sizeHint*2),
		nodes:    make([][]entry, 1, sizeHint*2),
		variants: make([]skeletonRef, 0, sizeHint*2),
		byCC:     map[string]int32{},
	}
}

func buildIndex(places []*Place) *nameIndex {
	ix := newIndex(len(places))
	for i, p := range places {
		ix.addPlace(int32(i), p)
	}
	ix.finish()
	return ix
}

// addPlace indexes every name of the place at index pi.
func (ix *nameIndex) addPlace(pi int32, p *Place) {
	if p.Kind == KindCountry {
		ix.byCC[p.CountryCode] = pi
	}
	seen := ix.seen[:0] // the folded names of this place, few enough for a slice
	addKey := func(key string, flags entryFlags) {
		if key == "" || slices.Contains(seen, key) {
			return
		}
		seen = append(seen, key)
		ix.add(key, entry{pi, flags})
		words := strings.Fields(key)
		if len(words) > 1 && articles[words[0]] {
			stripped := strings.Join(words[1:], " ")
			if len(stripped) >= 3 && !slices.Contains(seen, stripped) {
				seen = append(seen, stripped)
				ix.add(stripped, entry{pi, flags | entryStripped})
			}
		}
		if flags&entryDemonym == 0 && p.Kind != KindContinent {
			if sk := variantKey(key); sk != "" {
				ix.variants = append(ix.variants, skeletonRef{hashSkeleton(sk), variant{entry{pi, flags | entrySkeleton}, key}})
			}
		}
	}
	addName := func(name string, flags entryFlags) { addKey(normalizeName(name), flags) }
	addName(p.Name, 0)
	if k, ok := joinedApostropheName(p.Name); ok {
		addKey(k, 0)
	}
	for _, a := range p.Alternates {
		addName(a, entryAlt)
		if k, ok := joinedApostropheName(a); ok {
			addKey(k, entryAlt)
		}
	}
	demonyms := p.Demonyms
	if p.Kind == KindContinent {
		demonyms = continentDemonyms[p.ID]
	}
	for _, d := range demonyms {
		addName(d, entryDemonym)
		if !strings.HasSuffix(d, "s") {
			addName(d+"s", entryDemonym) // "Iraqis"
		}
	}
	ix.seen = seen
}

// continentDemonyms are the adjectives of the continents the data leaves
// without ("European diplomats"); "American" stays the United States'.
var continentDemonyms = map[string][]string{
	"continent:EU": {"European"},
	"continent:AF": {"African"},
	"continent:AS": {"Asian"},
}

// finish adds the country abbreviations once every country is indexed, and
// sorts the variants.
func (ix *nameIndex) finish() {
	slices.SortStableFunc(ix.variants, func(a, b skeletonRef) int { return cmp.Compare(a.hash, b.hash) })
	for abbr, cc := range countryAcronyms {
		if pi, ok := ix.byCC[cc]; ok {
			ix.add(abbr, entry{pi, entryAcronym})
		}
	}
}

// looseMatchable says whether a place is prominent enough to be found through
// a close spelling variant whatever the article is about; any other place a
// variant meets must lie in a country the article settles (entryWeak).
func (p *Place) looseMatchable() bool {
	switch p.Kind {
	case KindCountry, KindAdmin1:
		return true
	case KindCity:
		return p.Population >= 10000 || strings.HasPrefix(p.FeatureCode, "PPLA") || p.FeatureCode == "PPLC"
	}
	return false
}

func appendUnique(es []entry, e entry) []entry {
	for _, x := range es {
		if x.place == e.place {
			return es
		}
	}
	return append(es, e)
}

func (ix *nameIndex) add(key string, e entry) {
	words := strings.Fields(key)
	if len(words) == 0 || len(words) > 8 {
		return
	}
	node := uint32(0)
	for _, w := range words {
		id, ok := ix.vocab[w]
		if !ok {
			id = uint32(len(ix.vocab) + 1)
			ix.vocab[w] = id
		}
		k := uint64(node)<<32 | uint64(id)
		child, ok := ix.edges[k]
		if !ok {
			child = uint32(len(ix.nodes))
			ix.nodes = append(ix.nodes, nil)
			ix.edges[k] = child
		}
		node = child
	}
	ix.nodes[node] = appendUnique(ix.nodes[node], e)
	if len(words) > ix.maxTokens {
		ix.maxTokens = len(words)
	}
}

// step follows one token from a trie node; ok is false when no name goes on.
func (ix *nameIndex) step(node uint32, tok string) (uint32, bool) {
	id, ok := ix.vocab[tok]
	if !ok {
		return 0, false
	}
	child, ok := ix.edges[uint64(node)<<32|uint64(id)]
	return child, ok
}

// lookup returns the entries for an exact folded name.
func (ix *nameIndex) lookup(key string) []entry {
	node := uint32(0)
	for _, w := range strings.Fields(key) {
		var ok bool
		if node, ok = ix.step(node, w); !ok {
			return nil
		}
	}
	return ix.nodes[node]
}

// variantKey is the key a folded name's spelling variants are filed under:
// its consonant skeleton, or, when that has fewer than three letters and
// would file too many names together, its whole transliteration key
// ("Hudayda" and "Al Hudaydah" are both "hudayda"); "" for a name too short
// for either.
func variantKey(folded string) string {
	if sk := skeleton(folded); len(sk) >= 3 {
		return sk
	}
	if t := translit(folded); len(t) >= 5 {
		return "=" + t
	}
	return ""
}
