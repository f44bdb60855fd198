package incident

// armedWords name armed men or their places: an attack on them is a
// battle, not violence against civilians.
var armedWords = map[string]bool{
	"soldier": true, "soldiers": true, "troops": true, "forces": true, "force": true, "fighters": true, "fighter": true,
	"military":  true,
	"militants": true, "militant": true, "militia": true, "militias": true, "militiamen": true, "army": true,
	"positions": true, "position": true, "checkpoint": true, "checkpoints": true, "post": true, "posts": true,
	"base": true, "bases": true, "barracks": true, "convoy": true, "convoys": true, "patrol": true, "patrols": true,
	"policemen": true, "police": true, "officers": true, "guards": true, "servicemen": true, "personnel": true,
	"rebels": true, "insurgents": true, "jihadists": true, "gunmen": true, "combatants": true, "members": true,
	"commander": true, "commanders": true, "units": true, "unit": true, "battalion": true, "brigade": true,
	"regiment": true, "tank": true, "tanks": true, "outpost": true, "outposts": true, "sdf": true, "ypg": true,
	"pmf": true, "hts": true, "houthis": true, "houthi": true, "militiaman": true, "trooper": true,
}

// stateWords make the acting side a state force when no named actor does:
// "regime forces", "government troops", "the army".
var stateWords = map[string]bool{
	"regime": true, "government": true, "army": true, "military": true, "security": true, "police": true,
	"soldiers": true, "troops": true, "pro-government": true, "pro-regime": true, "loyalist": true,
	"coalition": true, "gendarmes": true, "gendarmerie": true,
}

// weaponWords in a clause make "hit" or "targeted" an attack: "targeted the
// town with mortars".
var weaponWords = map[string]bool{
	"mortar": true, "mortars": true, "rocket": true, "rockets": true, "missile": true, "missiles": true,
	"shells": true, "artillery": true, "gunfire": true, "bullets": true, "rifles": true, "guns": true,
	"weapons": true, "explosives": true, "bomb": true, "bombs": true, "grenades": true, "sniper": true,
	"machine": true, "tank": true, "tanks": true, "projectiles": true, "munitions": true,
}

// forceOnProtest: a clause that tells of force used on demonstrators.
var forceOnProtest = map[string]bool{
	"dispersed": true, "disperse": true, "dispersing": true, "tear": true, "teargas": true, "batons": true,
	"beat": true, "beaten": true, "arrested": true, "detained": true, "cannon": true, "cannons": true,
	"rubber": true, "stun": true, "broke": true, "intervened": true, "arrests": true, "clubs": true,
	"suppressed": true, "suppress": true, "quelled": true, "quell": true, "crushed": true,
}

// lethalWords: force that kills or maims.
var lethalWords = map[string]bool{
	"killed": true, "killing": true, "live": true, "shot": true, "dead": true, "killing.": true, "died": true,
}

// violentCrowd: demonstrators turning violent.
var violentCrowd = map[string]bool{
	"stones": true, "rocks": true, "torched": true, "burned": true, "burnt": true, "set": true,
	"molotov": true, "vandalized": true, "vandalised": true, "stormed": true, "clashed": true, "clashes": true,
	"looted": true, "smashed": true, "violent": true, "rioted": true, "rioting": true, "attacked": true,
}

// armedClause: the words [lo, hi) name armed men or weapons.
func (x *extractor) armedClause(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if x.toks[i].class&classArmed != 0 {
			return true
		}
	}
	return len(x.actors.actorsIn(lo, hi)) > 0
}

// stateActing: the trigger's acting side is a state force: a state actor
// before it, or words such as "regime forces" in the clause before it.
func (x *extractor) stateActing(c *candidate, clo int) bool {
	for _, a := range x.actors.actorsIn(clo, c.lo) {
		if a.state {
			return true
		}
	}
	for i := clo; i < c.lo; i++ {
		if t := x.toks[i]; t.word && stateWords[t.low] {
			return true
		}
	}
	return false
}

// resolveSub settles the sub-event type of an ambiguous trigger from its
// clause and sentence, then the event type from the taxonomy.
func (x *extractor) resolveSub(c *candidate, s sentence, clo, chi int) {
	switch c.trig.resolve {
	case resolveBombing:
		if !x.hasAir(s.lo, s.hi) && !x.stateActing(c, clo) {
			c.sub = SubIED
		}
	case resolveRaid:
		if !x.hasAir(s.lo, s.hi) {
			c.sub = x.attackOrClash(c, s, clo, chi)
		}
	case resolveTerritory:
		if state, _ := x.agentState(c, chi); x.passiveBefore(c, clo) && (state || len(x.actors.actorsIn(c.hi+1, min(c.hi+5, chi))) > 0) {
			// "Tal Afar was captured by Iraqi forces": the agent takes it.
			c.sub = SubNonStateOvertakes
			if state {
				c.sub = SubGovRegains
			}
		} else if x.stateActing(c, clo) {
			c.sub = SubGovRegains
		} else if c.actor1 != "" || c.sub == SubGovRegains && x.nonStateBefore(c, clo) {
			c.sub = SubNonStateOvertakes
		}
		if x.unopposed(c.hi, s.hi) {
			c.sub = SubNonViolentTransfer // "took the town without a fight"
		}
	case resolveAttack:
		c.sub = x.attackOrClash(c, s, clo, chi)
		// "Ukrainian drones attacked an oil depot": aircraft that attack
		// strike from the air.
		if c.sub != SubExcessiveForce && x.airSubject(c, clo) {
			c.sub = SubAirStrike
		}
	case resolveDropped:
		if x.hasAir(clo, c.lo) || x.droppedBefore(c) && x.hasAir(x.sents[c.sent].lo, x.sents[c.sent].hi) {
			c.sub = SubAirStrike
		}
	case resolveClash:
		if x.wordsIn(clo, chi, protesterWords) || x.wordsIn(clo, c.lo, crowdWords) && !x.fightersIn(clo, chi) {
			c.sub = SubViolentDemonstration
		}
	case resolveSniper:
		if x.wordsIn(s.lo, s.hi, civilianWords) {
			c.sub = SubAttack
		}
	case resolveUnderFire:
		if x.wordsIn(clo, c.lo, armedWords) && !x.wordsIn(clo, c.lo, civilianWords) {
			c.sub = SubArmedClash
		} else {
			c.sub = SubAttack
		}
	case resolveProtest:
		// The force used on a protest is often told in the sentence after
		// it: "Hundreds protested in A. Police dispersed them with tear gas."
		// Who turned violent there is less clear ("tear gas canisters set
		// trees ablaze"): only the protest's own sentence makes it a riot.
		own := s.hi
		if next, ok := x.protestSequel(c.sent); ok {
			s.hi = next.hi
		}
		switch {
		case x.wordsIn(s.lo, s.hi, lethalWords) && x.wordsIn(s.lo, s.hi, forceOnProtest), x.shotsFired(s), x.protestersKilled(s):
			c.sub = SubExcessiveForce
		case x.wordsIn(s.lo, own, violentCrowd):
			c.sub = SubViolentDemonstration
		case x.wordsIn(s.lo, s.hi, lethalWords) && x.stateActingAnywhere(s):
			c.sub = SubExcessiveForce
		case x.wordsIn(s.lo, s.hi, forceOnProtest):
			c.sub = SubProtestIntervention
		}
	}
	c.event = TypeOf(c.sub)
}

// airSubject: the words right before the trigger in its clause name
// aircraft as what attacked ("drones attacked", "warplanes fired on").
func (x *extractor) airSubject(c *candidate, clo int) bool {
	for k := c.lo - 1; k >= clo && k >= c.lo-3; k-- {
		t := x.toks[k]
		if !t.word {
			return false
		}
		if t.class&classAir != 0 && t.low != "air" && t.low != "coalition" && t.low != "bomber" && t.low != "bombers" { // "a bomber killed two": a man with a bomb
			return true
		}
	}
	return false
}

// civilianWords name people who are not fighting.
var civilianWords = map[string]bool{
	"civilian": true, "civilians": true, "villagers": true, "residents": true, "farmer": true, "farmers": true,
	"shepherd": true, "shepherds": true, "child": true, "children": true, "woman": true, "women": true,
	"boy": true, "girl": true, "worshippers": true, "protesters": true, "demonstrators": true, "journalist": true,
	"teacher": true, "doctor": true, "students": true, "student": true, "family": true, "passengers": true,
	"driver": true, "merchant": true, "trader": true, "civil": true, "displaced": true, "refugees": true,
	"man": true, "elderly": true, "girls": true, "boys": true, "people": true, "person": true,
	"villager": true, "resident": true, "labourer": true, "labourers": true,
	"pupil": true, "pupils": true, "nurse": true, "shopkeeper": true, "traders": true, "herder": true, "herders": true,
}

func (x *extractor) wordsIn(lo, hi int, set map[string]bool) bool {
	for i := lo; i < hi; i++ {
		if t := x.toks[i]; t.word && set[t.low] {
			return true
		}
	}
	return false
}

// droppedBefore: the bombs were dropped ("jets struck A, dropping cluster
// bombs"): from the aircraft the sentence names.
func (x *extractor) droppedBefore(c *candidate) bool {
	for k := c.lo - 1; k >= 0 && k >= c.lo-3 && x.toks[k].word; k-- {
		switch x.toks[k].low {
		case "dropped", "dropping", "drop", "drops":
			return true
		}
	}
	return false
}

// unopposed: the words lo..hi say territory changed hands with no
// fighting: "without a fight", "without any resistance", "unopposed".
func (x *extractor) unopposed(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		switch x.toks[i].low {
		case "unopposed", "peacefully", "uncontested":
			return true
		case "without":
			for k := i + 1; k < hi && k <= i+3; k++ {
				if fightNouns[x.toks[k].low] {
					return true
				}
			}
		}
	}
	return false
}

// fightNouns: what "without" denies when territory changes hands quietly.
var fightNouns = map[string]bool{
	"fight": true, "fighting": true, "resistance": true, "clashes": true, "clash": true, "battle": true,
	"bloodshed": true, "shot": true, "shots": true, "combat": true, "opposition": true,
}

// agentAfter: "by" follows the trigger in its clause ("were killed by
// rebels", "by an IED").
func (x *extractor) agentAfter(c *candidate, chi int) bool {
	for k := c.hi; k < chi && k < c.hi+3; k++ {
		if x.toks[k].low == "by" {
			return true
		}
	}
	return false
}

func (x *extractor) passiveBefore(c *candidate, clo int) bool {
	for k := c.lo - 1; k >= clo && k >= c.lo-4; k-- {
		switch x.toks[k].low {
		case "was", "were", "been", "being":
			return true
		}
	}
	return false
}

// attackOrClash: armed men as the target (after the trigger) or as the
// victims (the passive subject before it) make an attack a battle.
func (x *extractor) attackOrClash(c *candidate, s sentence, clo, chi int) string {
	// Fire opened on a crowd of protesters is excessive force against
	// them, a protest event in the codebook.
	if x.wordsIn(c.hi, min(c.hi+4, chi+1, s.hi), protesterWords) || x.protestersKilled(s) || x.duringProtest(c.hi, s.hi) {
		return SubExcessiveForce
	}
	armedAfter := x.wordsIn(c.hi, min(chi+1, s.hi), armedWords)
	victims := x.wordsIn(clo, c.lo, armedWords) && (x.passiveBefore(c, clo) || x.sufferedIn(c)) || x.armedToll(c, s)
	civilians := x.wordsIn(s.lo, s.hi, civilianWords)
	// "were murdered by unknown gunmen": a murder's agent is armed, its
	// victims, unless the sentence says they were, are not.
	if isExecution(x.toks[c.lo].low) && x.passiveBefore(c, clo) && !victims {
		return SubAttack
	}
	if (armedAfter || victims) && !civilians {
		return SubArmedClash
	}
	return SubAttack
}

// tollVerbs open the toll an attack took after it: "attacked A, killing
// four soldiers".
var tollVerbs = map[string]bool{
	"killing": true, "wounding": true, "injuring": true, "leaving": true,
}

// armedToll: the toll told after the trigger, in its sentence, is of armed
// men: "attacked the town, killing four soldiers".
func (x *extractor) armedToll(c *candidate, s sentence) bool {
	for k := c.hi; k < s.hi; k++ {
		if !tollVerbs[x.toks[k].low] {
			continue
		}
		for j := k + 1; j < s.hi && j <= k+4; j++ {
			if t := x.toks[j]; t.word && armedWords[t.low] && t.low != "members" {
				return true
			}
		}
	}
	return false
}

// sufferedIn: the event is named as what its subject suffered ("two
// soldiers died in an ambush", "during the attack").
func (x *extractor) sufferedIn(c *candidate) bool {
	k := c.lo - 1
	if k >= 0 && (x.toks[k].low == "an" || x.toks[k].low == "a" || x.toks[k].low == "the") {
		k--
	}
	return k >= 0 && (x.toks[k].low == "in" || x.toks[k].low == "during")
}

// shotsFired: the sentence tells of shots fired ("opened fire", "fired on
// the crowd"), not of tear gas or rubber bullets fired at it.
// protestersKilled: the sentence tells of protesters killed or shot
// ("three protesters were shot dead", "killing two demonstrators").
func (x *extractor) protestersKilled(s sentence) bool {
	for k := s.lo; k < s.hi; k++ {
		if !x.toks[k].word || !lethalWords[x.toks[k].low] || x.toks[k].low == "live" {
			continue
		}
		if x.wordsIn(max(s.lo, k-5), k, protesterWords) || x.wordsIn(k+1, min(s.hi, k+5), protesterWords) {
			return true
		}
	}
	return false
}

// duringProtest: the words lo..hi place the event in a protest: "shot
// dead a man during the protest", "at a rally".
func (x *extractor) duringProtest(lo, hi int) bool {
	for k := lo; k+1 < hi; k++ {
		if w := x.toks[k].low; w != "during" && w != "at" {
			continue
		}
		j := k + 1
		if d := x.toks[j].low; d == "a" || d == "the" || d == "an" {
			j++
		}
		if j < hi && protestNouns[x.toks[j].low] {
			return true
		}
	}
	return false
}

// protestNouns name a protest as an event: "during the protest".
var protestNouns = map[string]bool{
	"protest": true, "protests": true, "demonstration": true, "demonstrations": true, "rally": true,
	"march": true, "sit-in": true,
}

// protestSequel returns the sentence after sentence si when it goes on
// with the protest si tells of: it names no place of its own and tells of
// force used on a crowd or of people killed ("Police fired tear gas.",
// "Security forces opened fire, killing two protesters.").
//
// The sentence after that goes on with it too when it does the same
// ("Soldiers fired tear gas at them. A soldier then fired live ammunition,
// hitting a boy in the chest."): the sentence returned spans both.
func (x *extractor) protestSequel(si int) (sentence, bool) {
	var out sentence
	ok := false
	for j := si + 1; j < len(x.sents) && j <= si+maxProtestSequel; j++ {
		next := x.sents[j]
		if len(x.mentsBySent[j]) > 0 || !x.wordsIn(next.lo, next.hi, forceOnProtest) && !x.wordsIn(next.lo, next.hi, lethalWords) && !x.shotsFired(next) {
			break
		}
		if !ok {
			out = next
		}
		out.hi, out.b1, ok = next.hi, next.b1, true
	}
	return out, ok
}

// maxProtestSequel bounds the sentences after a protest that may tell of
// the force used on it.
const maxProtestSequel = 2

// inProtestSequel: sentence si goes on with the protest candidate p tells.
func (x *extractor) inProtestSequel(p *candidate, si int) bool {
	if p.sent >= si || p.trig == nil || p.trig.resolve != resolveProtest {
		return false
	}
	next, ok := x.protestSequel(p.sent)
	return ok && x.sents[si].hi <= next.hi
}

func (x *extractor) shotsFired(s sentence) bool {
	for k := s.lo; k+1 < s.hi; k++ {
		w, next := x.toks[k].low, x.toks[k+1].low
		if (w == "opened" || w == "open") && next == "fire" ||
			(w == "fired" || w == "firing") && (next == "on" || next == "at" || next == "upon" || next == "into") {
			return true
		}
	}
	return false
}

// fightersIn: armed men other than police, who meet crowds in riots
// ("students clashed with police", "with security forces"), or a named
// armed group, stand in toks[lo:hi].
func (x *extractor) fightersIn(lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if t := x.toks[i]; t.word && armedWords[t.low] && !policeWords[t.low] && !(t.low == "forces" && i > 0 && x.toks[i-1].low == "security") {
			return true
		}
	}
	return false
}

// policeWords are the armed men crowds meet: police, and a state's
// soldiers sent against a crowd ("residents clashed with soldiers").
var policeWords = map[string]bool{
	"police": true, "policemen": true, "officers": true, "members": true, "guards": true, "personnel": true,
	"soldiers": true, "troops": true, "gendarmes": true, "army": true,
}

// crowdWords name people who clash as a crowd does, not as armed men:
// "supporters of two parties clashed", "students clashed with police".
var crowdWords = map[string]bool{
	"supporters": true, "students": true, "activists": true, "rioters": true, "youths": true,
	"crowd": true, "crowds": true, "residents": true, "villagers": true, "workers": true, "fans": true,
}

// protesterWords name people protesting.
var protesterWords = map[string]bool{
	"protesters": true, "protestors": true, "demonstrators": true, "marchers": true, "protester": true,
	"protestor": true, "demonstrator": true, "mourners": true,
}

// nonStateBefore: armed men no state commands act before the trigger in
// its clause.
func (x *extractor) nonStateBefore(c *candidate, clo int) bool {
	for _, a := range x.actors.actorsIn(clo, c.lo) {
		if !a.state {
			return true
		}
	}
	// "Rebels retook the town": armed men no state commands, unnamed.
	return x.wordsIn(clo, c.lo, nonStateWords) && !x.wordsIn(clo, c.lo, stateWords)
}

// nonStateWords name armed men no state commands.
var nonStateWords = map[string]bool{
	"rebels": true, "rebel": true, "insurgents": true, "insurgent": true, "jihadists": true, "jihadist": true,
	"militants": true, "opposition": true, "factions": true, "tribesmen": true, "separatists": true,
}

func (x *extractor) stateActingAnywhere(s sentence) bool {
	return x.wordsIn(s.lo, s.hi, stateWords)
}
