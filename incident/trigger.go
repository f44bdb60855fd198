package incident

import "strings"

// trigger is one way reporters name an event. words is a phrase: each
// element lists alternatives separated by '|'. A parenthesised aside between
// words is skipped ("UAV (unmanned aerial vehicle) attacks").
type trigger struct {
	words    []string
	event    string
	sub      string
	strength float64
	// state: only a trigger when a state force or an aircraft acts ("the U.S.
	// struck", "warplanes targeted"); "a storm struck" is no airstrike.
	state bool
	// verb: a verb form, so the subject before it is the attacker.
	verb bool
}

// triggers is the one table of trigger phrases; longer phrases win where two
// match at the same word.
var triggers = []trigger{
	{words: w("airstrike|airstrikes|air-strike|air-strikes|airstrike's"), event: TypeExplosions, sub: SubAirStrike, strength: 0.95},
	{words: w("air", "strike|strikes|raid|raids|attack|attacks"), event: TypeExplosions, sub: SubAirStrike, strength: 0.95},
	{words: w("drone|drones|uav|uavs|one-way", "strike|strikes|attack|attacks"), event: TypeExplosions, sub: SubAirStrike, strength: 0.9},
	{words: w("one-way", "uav|uavs|drone|drones", "attack|attacks|strike|strikes"), event: TypeExplosions, sub: SubAirStrike, strength: 0.9},
	{words: w("drones|drone", "and", "missiles|rockets"), event: TypeExplosions, sub: SubAirStrike, strength: 0.9},
	{words: w("kamikaze|suicide|loitering", "drone|drones"), event: TypeExplosions, sub: SubAirStrike, strength: 0.85},
	{words: w("bombed|bombing|bombings|bombardment|bombarded"), event: TypeExplosions, sub: SubAirStrike, strength: 0.7, state: true, verb: true},
	{words: w("struck|strikes|strike|striking"), event: TypeExplosions, sub: SubAirStrike, strength: 0.75, state: true, verb: true},
	{words: w("targeted|hit|raided"), event: TypeExplosions, sub: SubAirStrike, strength: 0.6, state: true, verb: true},

	{words: w("rocket|rockets|missile|missiles|shelling|shelled|shells|artillery|mortar|mortars|katyusha|katyushas|barrage"), event: TypeExplosions, sub: SubShelling, strength: 0.85},
	{words: w("rocket|missile|mortar", "attack|attacks|strike|strikes|fire"), event: TypeExplosions, sub: SubShelling, strength: 0.95},

	{words: w("ied|ieds|vbied|vbieds|landmine|landmines|roadside|booby-trap|booby-trapped"), event: TypeExplosions, sub: SubIED, strength: 0.9},
	{words: w("roadside", "bomb|bombs|bombing"), event: TypeExplosions, sub: SubIED, strength: 0.95},
	{words: w("land", "mine|mines"), event: TypeExplosions, sub: SubIED, strength: 0.9},
	{words: w("car|truck|bicycle|motorcycle", "bomb|bombs|bombing"), event: TypeExplosions, sub: SubIED, strength: 0.95},
	{words: w("explosive", "device|devices"), event: TypeExplosions, sub: SubIED, strength: 0.9},
	{words: w("bomb|bombs"), event: TypeExplosions, sub: SubIED, strength: 0.7},

	{words: w("suicide", "bomber|bombers|bomb|bombing|bombings|attack|attacks|attacker|vest"), event: TypeExplosions, sub: SubSuicide, strength: 0.95},
	{words: w("grenade|grenades"), event: TypeExplosions, sub: SubGrenade, strength: 0.85},

	{words: w("clashes|clashed|clash|firefight|firefights|gunfight|gunbattle|ambush|ambushed|skirmish|skirmishes"), event: TypeBattles, sub: SubArmedClash, strength: 0.85},
	{words: w("battle|battles|battled|fighting"), event: TypeBattles, sub: SubArmedClash, strength: 0.6},
	{words: w("exchange", "of", "fire"), event: TypeBattles, sub: SubArmedClash, strength: 0.8},
	{words: w("exchanged", "fire|gunfire"), event: TypeBattles, sub: SubArmedClash, strength: 0.8},

	{words: w("massacre|massacred|massacres|executed|execution|executions"), event: TypeViolenceCivilians, sub: SubAttack, strength: 0.85},
	{words: w("killed|killing|kills|kill|shot|murdered", "civilians|villagers|worshippers|protesters|demonstrators"), event: TypeViolenceCivilians, sub: SubAttack, strength: 0.8},

	{words: w("explosion|explosions|blast|blasts|exploded|detonated|detonation"), event: TypeExplosions, sub: SubIED, strength: 0.5},
}

func w(words ...string) []string { return words }

// airWords in a clause make a verb like "struck" or "bombed" an airstrike
// even without a named state actor.
var airWords = map[string]bool{
	"warplane": true, "warplanes": true, "jet": true, "jets": true, "aircraft": true, "helicopter": true,
	"helicopters": true, "drone": true, "drones": true, "air": true, "bomber": true, "bombers": true,
	"gunship": true, "gunships": true, "f-16": true, "f-15": true, "f-35": true,
}

// notTrigger vetoes a match from the word before it: "hunger strike",
// "legal battle".
var notTrigger = map[string]bool{
	"hunger": true, "general": true, "labor": true, "labour": true, "workers": true, "legal": true,
	"political": true, "court": true, "uphill": true, "electoral": true, "lucky": true, "first": true,
}

// match is a trigger found at tokens [lo, hi).
type match struct {
	lo, hi int
	t      *trigger
}

// matchTrigger returns the longest trigger that starts at word i.
func matchTrigger(toks []tok, i, hi int) (match, bool) {
	best := match{}
	found := false
	for ti := range triggers {
		tr := &triggers[ti]
		k := i
		ok := true
		for wi, alts := range tr.words {
			if wi > 0 {
				k = skipAside(toks, k, hi)
			}
			if k >= hi || !toks[k].word || !hasAlt(alts, toks[k].low) {
				ok = false
				break
			}
			k++
		}
		if !ok {
			continue
		}
		if !found || k-i > best.hi-best.lo {
			best, found = match{lo: i, hi: k, t: tr}, true
		}
	}
	if found && i > 0 && notTrigger[toks[i-1].low] {
		return match{}, false
	}
	return best, found
}

// skipAside steps over a parenthesised aside.
func skipAside(toks []tok, k, hi int) int {
	if k < hi && toks[k].text == "(" {
		for j := k + 1; j < hi && j < k+12; j++ {
			if toks[j].text == ")" {
				return j + 1
			}
		}
	}
	return k
}

func hasAlt(alts, s string) bool {
	for alts != "" {
		a, rest, _ := strings.Cut(alts, "|")
		if a == s {
			return true
		}
		alts = rest
	}
	return false
}

// triggerFirstWords indexes the first words of every trigger, to skip most
// tokens fast.
var triggerFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range triggers {
		for _, a := range strings.Split(t.words[0], "|") {
			m[a] = true
		}
	}
	return m
}()
