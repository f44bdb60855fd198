package incident

import (
	"sort"
	"strings"

	"github.com/incidentmap/incidentmap/gazetteer"
)

// actorSpan is an actor named at tokens [lo, hi) of the body.
type actorSpan struct {
	lo, hi int
	name   string
	// state marks a state force; bare marks a country named alone ("the
	// U.S. struck"), an actor only as the subject of a verb or an adjective
	// before a trigger ("U.S. airstrike").
	state, bare bool
}

// forceNouns after a country make it a state force: "U.S. forces",
// "Russian troops", "the Iraqi army".
var forceNouns = map[string]string{
	"forces": "Military", "force": "Military", "military": "Military", "troops": "Military",
	"army": "Military", "navy": "Military", "soldiers": "Military", "personnel": "Military",
	"warplanes": "Military", "jets": "Military", "aircraft": "Military", "marines": "Military",
	"military's": "Military", "army's": "Military", "artillery": "Military", "drones": "Military",
	"helicopters": "Military", "troop": "Military", "service": "Military", "servicemembers": "Military",
	"police": "Police", "policemen": "Police",
}

// stateWeapons after a country's name or adjective name its forces as
// forceNouns do ("Russian missiles", "Israeli strikes"); a town before them
// ("Gaza strikes") stays a place.
var stateWeapons = map[string]bool{
	"missiles": true, "missile": true, "shelling": true, "strikes": true, "airstrikes": true,
	"warplane": true, "jet": true, "drone": true, "tanks": true, "strike": true, "airstrike": true,
	"raid": true, "raids": true, "bombardment": true, "drones": true, "shells": true, "guided": true,
	"glide": true, "aerial": true,
}

// theCountries take "the" in ACLED actor names.
var theCountries = map[string]bool{
	"United States": true, "United Kingdom": true, "Netherlands": true, "Philippines": true,
	"United Arab Emirates": true, "Central African Republic": true, "Gambia": true, "Bahamas": true,
	"Comoros": true, "Maldives": true, "Democratic Republic of Congo": true, "Democratic Republic of the Congo": true,
}

// stateForce names a country's forces as ACLED does.
func stateForce(country, kind string) string {
	if kind == "" {
		kind = "Military"
	}
	if theCountries[country] {
		country = "the " + country
	}
	return kind + " Forces of " + country
}

// groupKeywords make a capitalised name an armed group.
var groupKeywords = map[string]bool{
	"hezbollah": true, "hizbollah": true, "hizballah": true, "kata'ib": true, "kataib": true, "brigade": true,
	"brigades": true, "front": true, "army": true, "movement": true, "isis": true, "isil": true, "daesh": true,
	"taliban": true, "houthi": true, "houthis": true, "al-shabaab": true, "shabaab": true, "hamas": true,
	"haram": true, "qaeda": true, "al-qaeda": true, "al-qaida": true, "jihad": true, "wagner": true,
	"militia": true, "forces": true, "mobilization": true, "jaish": true, "ansar": true, "asa'ib": true,
	"saraya": true, "liwa": true, "harakat": true, "tahrir": true, "guard": true, "guards": true,
	"state": true, "pkk": true, "ypg": true, "sdf": true, "hts": true, "aqap": true, "iswap": true,
	"jnim": true, "rsf": true, "m23": true, "adf": true, "pmf": true, "idf": true,
}

// groupNames normalises well-known groups to ACLED's names.
var groupNames = map[string]string{
	"islamic state": "Islamic State", "isis": "Islamic State", "isil": "Islamic State", "daesh": "Islamic State",
	"the islamic state": "Islamic State", "taliban": "Taliban", "the taliban": "Taliban",
	"houthi": "Houthi Movement", "houthis": "Houthi Movement", "ansar allah": "Houthi Movement",
	"al-shabaab": "Al Shabaab", "al shabaab": "Al Shabaab", "shabaab": "Al Shabaab", "hamas": "Hamas Movement",
	"hezbollah": "Hezbollah", "boko haram": "Boko Haram", "pkk": "PKK: Kurdistan Workers Party",
	"wagner": "Wagner Group", "wagner group": "Wagner Group", "al-qaeda": "Al Qaeda", "al qaeda": "Al Qaeda",
	"sdf": "SDF: Syrian Democratic Forces", "syrian democratic forces": "SDF: Syrian Democratic Forces",
	"hts": "Hayat Tahrir al Sham", "hayat tahrir al-sham": "Hayat Tahrir al Sham",
	"rsf": "Rapid Support Forces", "rapid support forces": "Rapid Support Forces",
	"pmf": "Popular Mobilization Forces", "popular mobilization forces": "Popular Mobilization Forces",
	"idf": "Military Forces of Israel", "israel defense forces": "Military Forces of Israel",
	"jnim": "JNIM: Group for Support of Islam and Muslims", "iswap": "Islamic State West Africa Province",
	"al-shabab": "Al Shabaab", "al shabab": "Al Shabaab", "iskp": "Islamic State Khorasan Province",
	"isis-k": "Islamic State Khorasan Province", "is-k": "Islamic State Khorasan Province",
	"aqap": "Al Qaeda in the Arabian Peninsula", "ttp": "TTP: Tehreek-i-Taliban Pakistan",
	"adf": "ADF: Allied Democratic Forces", "m23": "M23: March 23 Movement",
}

// keyOutside: a group keyword of the run [i, j) stands outside the
// divisions named in it.
func keyOutside(toks []tok, i, j int, inPlace []bool) bool {
	for k := i; k < j; k++ {
		if (groupKeywords[base(toks[k].low)] || groupKeywords[toks[k].low]) && !inPlace[k] {
			return true
		}
	}
	return false
}

// groupSecondWords are the second words of groupNames' two-word names.
var groupSecondWords = func() map[string]bool {
	m := map[string]bool{}
	for k := range groupNames {
		if _, second, ok := strings.Cut(k, " "); ok && !strings.Contains(second, " ") {
			m[second] = true
		}
	}
	return m
}()

// nameConnectors may sit inside a group's name.
var nameConnectors = map[string]bool{"of": true, "al": true, "the": true, "el": true, "ul": true, "wa": true, "and": false}

func isNamePart(t tok) bool {
	if !t.word {
		return false
	}
	if t.cap {
		return true
	}
	// An Arabic article written in lower case: "al-", "el-", "ash-", ...
	low := t.low
	switch {
	case len(low) > 3 && low[2] == '-':
		switch low[:2] {
		case "al", "el", "ad", "as", "an", "at", "ar":
			return true
		}
	case len(low) > 4 && low[3] == '-':
		return low[:3] == "ash"
	}
	return false
}

// actorIndex holds the actors of one article: spans by token and the
// abbreviations the text defined ("Kata'ib Hezbollah (KH)").
type actorIndex struct {
	spans  []actorSpan
	abbrev map[string]string
	sorted bool
}

// findActors scans the whole body for state forces and named armed groups.
func findActors(toks []tok, ments []ment) *actorIndex {
	ix := &actorIndex{abbrev: map[string]string{}}
	ix.addStateForces(toks, ments)
	// A division's name is no group's: "Bayelsa State", "Rakhine State's".
	inPlace := make([]bool, len(toks))
	for _, m := range ments {
		if m.m.Place != nil && !m.m.Demonym && (m.m.Place.Kind == gazetteer.KindAdmin1 || m.m.Place.Kind == gazetteer.KindAdmin2) {
			for k := m.lo; k < m.hi && k < len(toks); k++ {
				inPlace[k] = true
			}
		}
	}
	ix.addNamedGroups(toks, inPlace)
	ix.addGroupWords(toks)
	return ix
}

// addStateForces adds the state forces of country mentions.
func (ix *actorIndex) addStateForces(toks []tok, ments []ment) {
	// State forces from country mentions.
	for _, m := range ments {
		p := m.m.Place
		if p == nil || p.Kind != gazetteer.KindCountry {
			continue
		}
		k := m.hi
		if k < len(toks) && toks[k].low == "air" && k+1 < len(toks) && toks[k+1].low == "force" {
			ix.spans = append(ix.spans, actorSpan{lo: m.lo, hi: k + 2, name: stateForce(p.Name, "Military"), state: true})
			continue
		}
		// "the Saudi-led coalition", "US-led forces": the leading
		// country's forces, as ACLED names them.
		if k < len(toks) && toks[k].word && strings.HasSuffix(toks[k-1].low, "-led") && (toks[k].low == "coalition" || toks[k].low == "forces" || toks[k].low == "alliance") {
			ix.spans = append(ix.spans, actorSpan{lo: m.lo, hi: k + 1, name: stateForce(p.Name, "Military"), state: true})
			continue
		}
		if k < len(toks) && toks[k].word {
			if kind, ok := forceNouns[toks[k].low]; ok && toks[k].low != "force" {
				ix.spans = append(ix.spans, actorSpan{lo: m.lo, hi: k + 1, name: stateForce(p.Name, kind), state: true})
				continue
			}
			if stateWeapons[toks[k].low] {
				ix.spans = append(ix.spans, actorSpan{lo: m.lo, hi: k + 1, name: stateForce(p.Name, "Military"), state: true})
				continue
			}
		}
		if !m.m.Demonym && !strings.HasSuffix(toks[m.hi-1].low, "'s") {
			ix.spans = append(ix.spans, actorSpan{lo: m.lo, hi: m.hi, name: stateForce(p.Name, "Military"), state: true, bare: true})
		}
	}
}

// addNamedGroups adds the named groups, and the abbreviations the text
// defines for them.
func (ix *actorIndex) addNamedGroups(toks []tok, inPlace []bool) {
	// Named groups: capitalised runs holding a keyword.
	for i := 0; i < len(toks); i++ {
		if !isNamePart(toks[i]) {
			continue
		}
		j, hasKey := nameRun(toks, i)
		if hasKey && !keyOutside(toks, i, j, inPlace) {
			hasKey = false
		}
		if !hasKey || overlapsSpan(ix.spans, i, j) {
			i = j
			continue
		}
		lo := i
		// Drop leading words that are no part of a name: "Overnight", "The",
		// a count opening its sentence ("Two SDF members were killed").
		for lo < j && (leadingNonName[toks[lo].low] || lo+1 < j && isCount(toks[lo].low) || lo > i && toks[lo].low == "of") {
			lo++
		}
		name := groupName(toks[lo:j])
		if name != "" && !onlyKeywordWord(toks[lo:j]) {
			ix.spans = append(ix.spans, actorSpan{lo: lo, hi: j, name: name})
			// "(KH)" right after the name defines an abbreviation.
			if j+2 < len(toks) && toks[j].text == "(" && toks[j+2].text == ")" && toks[j+1].word && strings.ToUpper(toks[j+1].text) == toks[j+1].text {
				ix.abbrev[toks[j+1].text] = name
			}
		}
		i = j
	}
}

// nameRun returns the end of the capitalised run from token i, joined by
// connecting words, and whether it holds a group keyword.
func nameRun(toks []tok, i int) (int, bool) {
	j := i
	hasKey := false
	for j < len(toks) {
		t := toks[j]
		if isNamePart(t) {
			if groupKeywords[base(t.low)] || groupKeywords[t.low] {
				hasKey = true
			}
			j++
			continue
		}
		if t.word && nameConnectors[t.low] && j+1 < len(toks) && isNamePart(toks[j+1]) && j > i {
			j++
			continue
		}
		break
	}
	return j, hasKey
}

// addGroupWords adds the abbreviations and the single-word groups.
func (ix *actorIndex) addGroupWords(toks []tok) {
	// Abbreviations and single-word groups.
	for i, t := range toks {
		if !t.word {
			continue
		}
		// "Al shabaab", "Boko haram": a group's name written with its
		// second word in lower case.
		if t.cap && i+1 < len(toks) && toks[i+1].word && !toks[i+1].cap && groupSecondWords[toks[i+1].low] {
			if n, ok := groupNames[t.low+" "+toks[i+1].low]; ok && !overlapsSpan(ix.spans, i, i+2) {
				ix.spans = append(ix.spans, actorSpan{lo: i, hi: i + 2, name: n})
				continue
			}
		}
		name, ok := ix.abbrev[t.text]
		if !ok && t.cap {
			if n, ok2 := groupNames[t.low]; ok2 && !strings.Contains(t.low, " ") {
				name, ok = n, true
			}
		}
		if ok && !overlapsSpan(ix.spans, i, i+1) && !(i > 0 && toks[i-1].text == "(") {
			ix.spans = append(ix.spans, actorSpan{lo: i, hi: i + 1, name: name})
			continue
		}
		// "TPLF forces", "KDF troops", "M23 fighters": an abbreviation
		// before armed men names their side, a state's when the armed men
		// are its troops or the abbreviation is a state's forces.
		if !ok && abbreviation(t) && i+1 < len(toks) && toks[i+1].word && !overlapsSpan(ix.spans, i, i+2) {
			if kind, armed := abbrevArmedNouns[toks[i+1].low]; armed {
				name := t.text
				if n, ok := abbrevNames[t.low]; ok {
					name = n
				}
				ix.spans = append(ix.spans, actorSpan{lo: i, hi: i + 2, name: name, state: kind == "state" || stateAbbrevs[t.low]})
			}
		}
	}
}

// abbreviation: t is written in capitals as a group's initials are
// ("TPLF", "M23"), two to six characters, one a letter at least.
func abbreviation(t tok) bool {
	if len(t.text) < 2 || len(t.text) > 6 || !t.cap {
		return false
	}
	letter := false
	for i := 0; i < len(t.text); i++ {
		switch c := t.text[i]; {
		case c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// abbrevArmedNouns after an abbreviation make it an armed side; "state"
// marks the nouns only a state's forces are called.
var abbrevArmedNouns = map[string]string{
	"forces": "", "fighters": "", "militants": "", "militiamen": "", "rebels": "", "insurgents": "",
	"gunmen": "", "elements": "", "members": "", "militia": "", "combatants": "",
	"troops": "state", "soldiers": "state", "army": "state", "police": "state", "policemen": "state",
	"officers": "state", "personnel": "state", "peacekeepers": "state",
}

// abbrevNames are initials that are also words ("IS") or another
// language's ("QSD", the SDF in Arabic), named as ACLED names them only
// before armed men.
var abbrevNames = map[string]string{
	"is": "Islamic State", "qsd": "SDF: Syrian Democratic Forces",
}

// stateAbbrevs are the initials of state forces reports use with
// "forces" or "fighters" as they do for rebels'.
var stateAbbrevs = map[string]bool{
	"fardc": true, "fama": true, "saf": true, "andsf": true, "ana": true, "anp": true, "endf": true,
	"sna": true, "kdf": true, "updf": true, "fds": true, "crpf": true, "bsf": true, "idf": true,
	"isf": true, "cts": true, "afp": true, "pnp": true, "fanb": true, "sadf": true, "ssf": true,
	"un": true, "nato": true, "amisom": true, "atmis": true, "minusma": true, "monusco": true,
}

// leadingNonName are capitalised words that open a sentence before a
// group's name: "A Houthi missile", "Meanwhile Taliban fighters".
var leadingNonName = map[string]bool{
	"the": true, "overnight": true, "a": true, "an": true, "meanwhile": true, "separately": true,
	"earlier": true, "later": true, "suspected": true, "alleged": true, "unidentified": true, "in": true,
	"on": true, "when": true, "after": true, "as": true, "yesterday": true, "today": true, "also": true,
}

// onlyKeywordWord: a lone generic word such as "Army" or "Front" is no name.
func onlyKeywordWord(ts []tok) bool {
	if len(ts) != 1 {
		return false
	}
	_, known := groupNames[ts[0].low]
	return !known
}

func overlapsSpan(spans []actorSpan, lo, hi int) bool {
	for _, s := range spans {
		if s.lo < hi && lo < s.hi {
			return true
		}
	}
	return false
}

func groupName(ts []tok) string {
	parts := make([]string, 0, len(ts))
	for _, t := range ts {
		parts = append(parts, curlyQuotes.Replace(t.text))
	}
	s := strings.Join(parts, " ")
	if n, ok := groupNames[strings.ToLower(s)]; ok {
		return n
	}
	return s
}

// actorsIn returns the actors whose spans lie in [lo, hi), in text order.
func (ix *actorIndex) actorsIn(lo, hi int) []actorSpan {
	if !ix.sorted {
		sort.Slice(ix.spans, func(i, j int) bool { return ix.spans[i].lo < ix.spans[j].lo })
		ix.sorted = true
	}
	i := sort.Search(len(ix.spans), func(k int) bool { return ix.spans[k].lo >= lo })
	var out []actorSpan
	for ; i < len(ix.spans) && ix.spans[i].lo < hi; i++ {
		if ix.spans[i].hi <= hi {
			out = append(out, ix.spans[i])
		}
	}
	return out
}

// groupHomes are the countries where armed groups and forces that reports
// name without a country fight: "Houthi forces" tell the gazetteer that a
// village named beside them is in Yemen. Keys are one lower-case word, or
// two joined by a space.
var groupHomes = map[string]string{
	"houthi": "YE", "houthis": "YE", "pro-houthi": "YE", "hadi": "YE", "pro-hadi": "YE", "ansarullah": "YE",
	"pmf": "IQ", "popular mobilization": "IQ", "popular mobilisation": "IQ", "hashd": "IQ", "peshmerga": "IQ",
	"sdf": "SY", "ypg": "SY", "ypj": "SY", "qsd": "SY", "hts": "SY", "fsa": "SY", "free syrian": "SY",
	"tahrir al-sham": "SY", "ahrar al-sham": "SY", "jaysh al-islam": "SY", "jaish al-islam": "SY",
	"olive branch": "SY", "nusra": "SY", "al-nusra": "SY", "white helmets": "SY",
	"hamas": "PS", "hezbollah": "LB", "hizbollah": "LB", "shabaab": "SO", "al-shabaab": "SO", "al-shabab": "SO",
	"amisom": "SO", "atmis": "SO", "boko haram": "NG", "iswap": "NG", "taliban": "AF", "jnim": "ML",
	"rsf": "SD", "m23": "CD", "adf": "CD", "wagner": "", "tigray": "ET", "tplf": "ET", "fano": "ET",
	"anglophone": "CM", "ambazonia": "CM", "ambazonian": "CM", "tatmadaw": "MM", "pdf": "MM",
	"saudi-led": "YE", "islah": "YE", "shabwani": "YE", "hadrami": "YE", "security belt": "YE",
	"southern transitional": "YE", "tiger forces": "SY", "euphrates shield": "SY", "asa'ib": "IQ",
	"kata'ib hezbollah": "IQ", "badr organization": "IQ", "tribal mobilization": "IQ", "aqap": "YE",
	"fardc": "CD", "fdlr": "CD", "mai-mai": "CD", "fama": "ML", "ttp": "PK", "iskp": "AF",
	"anti-balaka": "CF", "seleka": "CF", "splm-io": "SS", "eln": "CO", "farc": "CO", "dpr": "UA",
	"lpr": "UA", "jaysh khalid": "SY", "zenki": "SY", "rahman corps": "SY", "faylaq": "SY",
	"arakan army": "MM", "tnla": "MM", "mndaa": "MM", "knla": "MM", "codeco": "CD", "stc": "YE",
	"janjaweed": "SD", "ipob": "NG", "esn": "NG", "cjng": "MX", "sinaloa cartel": "MX", "clan del golfo": "CO",
	"gulf clan": "CO", "aqim": "ML", "ansaroul": "BF", "vdp": "BF",
}

// defaultHomes are read like groupHomes, but only for a text whose place
// names settle no other country: "the regime" with its forces is how much
// conflict reporting names the Syrian government's side, yet reporting on
// Myanmar names its junta so too, and there the places say so.
var defaultHomes = map[string]string{
	"regime forces": "SY", "regime troops": "SY", "regime warplanes": "SY", "regime helicopters": "SY",
	"regime artillery": "SY", "pro-regime": "SY", "regime-controlled": "SY", "regime-held": "SY",
	"regime sniper": "SY", "regime snipers": "SY", "regime shelling": "SY", "regime bombardment": "SY",
	"regime tanks": "SY", "regime ground": "SY", "regime positions": "SY", "regime fighters": "SY",
	"regime soldiers": "SY", "regime army": "SY", "regime airstrikes": "SY", "regime jets": "SY",
	"regime aircraft": "SY", "regime militias": "SY", "regime checkpoint": "SY",
	// The Islamic State and the coalitions against it fought in Syria and
	// Iraq; "coalition airstrikes" unqualified are the Saudi-led ones in
	// Yemen. Elsewhere (Nigeria's ISWAP, Afghanistan's ISKP) the places say so.
	"islamic state": "SY IQ", "isis": "SY IQ", "isil": "SY IQ", "daesh": "SY IQ",
	"is militants": "SY IQ", "is fighters": "SY IQ", "is members": "SY IQ", "is militant": "SY IQ",
	"is fighter": "SY IQ", "is cell": "SY IQ", "is cells": "SY IQ", "is-held": "SY IQ",
	"global coalition": "SY IQ", "international coalition": "SY IQ", "us-led coalition": "SY IQ",
	"u.s.-led coalition": "SY IQ", "anti-is coalition": "SY IQ",
	"coalition airstrikes": "YE", "coalition airstrike": "YE", "coalition warplanes": "YE",
	"coalition jets": "YE", "coalition aircraft": "YE", "coalition warplane": "YE", "coalition jet": "YE",
	"coalition planes": "YE", "coalition plane": "YE",
}

// defaultHomeFirst holds the first words of defaultHomes' two-word keys.
var defaultHomeFirst = map[string]bool{
	"regime": true, "islamic": true, "is": true, "global": true, "international": true,
	"us-led": true, "u.s.-led": true, "anti-is": true, "coalition": true,
}

// groupHomeFirst holds the first words of groupHomes' two-word keys.
var groupHomeFirst = func() map[string]bool {
	m := map[string]bool{}
	for k := range groupHomes {
		if first, _, ok := strings.Cut(k, " "); ok {
			m[first] = true
		}
	}
	return m
}()

// holdingSuffixes join a group to what it holds or backs: "YPG-held".
var holdingSuffixes = map[string]bool{
	"held": true, "controlled": true, "led": true, "backed": true, "run": true, "allied": true,
	"affiliated": true, "linked": true, "aligned": true,
}

// homeKey is what a word or two of a text say of homes: the countries of
// a group it names (groupHomes), the default homes it implies
// (defaultHomes), the nation whose forces it may name (nationalForces),
// and which tables' two-word keys it begins (bit 1 groupHomes', 2
// defaultHomes').
type homeKey struct {
	group, def, nation string
	isGroup, isDef     bool // a key of groupHomes, of defaultHomes ("wagner" has no home)
	first              uint8
}

// homeTable joins groupHomes, defaultHomes, nationalForces and the first
// words of their two-word keys, so that a word is looked up once for all.
var homeTable = func() map[string]homeKey {
	t := map[string]homeKey{}
	for k, cc := range groupHomes {
		h := t[k]
		h.group, h.isGroup = cc, true
		t[k] = h
	}
	for k, cc := range defaultHomes {
		h := t[k]
		h.def, h.isDef = cc, true
		t[k] = h
	}
	for k, cc := range nationalForces {
		h := t[k]
		h.nation = cc
		t[k] = h
	}
	for k := range groupHomeFirst {
		h := t[k]
		h.first |= 1
		t[k] = h
	}
	for k := range defaultHomeFirst {
		h := t[k]
		h.first |= 2
		t[k] = h
	}
	return t
}()

// readHomes reads the home countries of the groups a text names and the
// countries of the defaultHomes it names, each in one pass over the words.
func readHomes(toks []tok) (groups, defaults map[string]float64) {
	for i, t := range toks {
		// "IS fighters" is the group, "it is fighters" no name.
		if !t.word || t.low == "is" && t.text != "IS" || t.class&classHome == 0 && !strings.Contains(t.low, "-") {
			continue // no key of homeTable, nor a group before a hyphen
		}
		one := homeTable[t.low]
		groupDone, defDone := one.isGroup, one.isDef
		addHomes(&groups, one.group)
		addHomes(&defaults, one.def)
		if groupDone && defDone {
			continue
		}
		// "YPG-held", "Houthi-controlled": the group before the hyphen.
		if head, tail, ok := strings.Cut(t.low, "-"); ok && holdingSuffixes[tail] {
			h := homeTable[head]
			if !groupDone && h.isGroup {
				addHomes(&groups, h.group)
				groupDone = true
			}
			if !defDone && h.isDef {
				addHomes(&defaults, h.def)
				defDone = true
			}
		}
		// "Syrian helicopters", "Iraqi or coalition forces": a nation's
		// forces that fight at home, by default where the report is.
		if one.nation != "" && forceFollows(toks, i) {
			addHomes(&defaults, one.nation)
		}
		if groupDone && defDone || i+2 >= len(toks) || !toks[i+1].word {
			continue
		}
		if f := one.first; f != 0 {
			two := homeTable[t.low+" "+toks[i+1].low]
			if !groupDone && f&1 != 0 {
				addHomes(&groups, two.group)
			}
			if !defDone && f&2 != 0 {
				addHomes(&defaults, two.def)
			}
		}
	}
	return groups, defaults
}

// nationalForces are the adjectives of countries whose forces reports name
// mostly at war at home; a report that names them and places its events in
// no other country is a report on that country. The forces of countries
// that fight abroad as often (Russian, Turkish, Israeli, Saudi, American
// jets) say nothing of where.
var nationalForces = map[string]string{
	"syrian": "SY", "iraqi": "IQ", "yemeni": "YE", "afghan": "AF", "somali": "SO", "nigerian": "NG",
	"malian": "ML", "burkinabe": "BF", "nigerien": "NE", "sudanese": "SD", "libyan": "LY", "congolese": "CD",
	"cameroonian": "CM", "mozambican": "MZ", "colombian": "CO", "mexican": "MX", "philippine": "PH",
	"filipino": "PH", "burmese": "MM", "myanmar": "MM", "lebanese": "LB", "palestinian": "PS",
	"ukrainian": "UA", "pakistani": "PK", "egyptian": "EG", "somalian": "SO",
}

// nationalForceNouns name a nation's armed forces after its adjective.
var nationalForceNouns = map[string]bool{
	"forces": true, "army": true, "troops": true, "soldiers": true, "military": true, "warplanes": true,
	"jets": true, "helicopters": true, "aircraft": true, "artillery": true, "police": true, "policemen": true,
	"regime": true, "government": true, "gendarmes": true, "navy": true, "drones": true, "airstrikes": true,
}

// forceFollows: a word of nationalForceNouns follows the adjective at i,
// perhaps after another joined to it ("Syrian or Russian warplanes",
// "Iraqi and coalition forces").
func forceFollows(toks []tok, i int) bool {
	j := i + 1
	if j+1 < len(toks) && toks[j].word && (toks[j].low == "or" || toks[j].low == "and") {
		j += 2
	}
	return j < len(toks) && toks[j].word && nationalForceNouns[toks[j].low]
}

// addHomes counts the space-separated country codes ccs into *out, half a
// mention each, up to 2.
func addHomes(out *map[string]float64, ccs string) {
	for ccs != "" {
		var cc string
		cc, ccs, _ = strings.Cut(ccs, " ")
		if cc == "" {
			continue
		}
		if *out == nil {
			*out = map[string]float64{}
		}
		if (*out)[cc] < 2 {
			(*out)[cc] += 0.5
		}
	}
}
