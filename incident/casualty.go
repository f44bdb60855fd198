package incident

import "strings"

// casualty is what one phrase says of the dead and hurt.
type casualty struct {
	pos   int // token index
	fat   *int
	inj   *int
	named int // victims named one by one ("killed Qasem Soleimani")
}

func intp(v int) *int { return &v }

var victimNouns = map[string]bool{
	"people": true, "persons": true, "civilians": true, "soldiers": true, "fighters": true, "militants": true,
	"troops": true, "children": true, "policemen": true, "officers": true, "members": true, "others": true,
	"passengers": true, "workers": true, "residents": true, "villagers": true, "insurgents": true,
	"servicemen": true, "personnel": true, "guards": true, "women": true, "men": true, "person": true,
	"soldier": true, "civilian": true, "militant": true, "fighter": true, "child": true, "officer": true,
	"contractor": true, "driver": true, "boy": true, "girl": true, "policeman": true, "journalist": true,
	"shepherd": true, "farmer": true, "member": true, "commander": true, "leader": true, "official": true,
	"worker": true, "resident": true, "student": true, "teacher": true, "doctor": true, "protester": true,
	"man": true, "woman": true, "prisoner": true, "prisoners": true, "guard": true, "pilot": true,
	"cleric": true, "activist": true, "nurse": true, "nurses": true, "infant": true, "baby": true,
	"volunteer": true, "volunteers": true, "pilgrims": true, "crew": true, "guards'": true,
	"farmers": true, "shepherds": true, "students": true, "teachers": true, "doctors": true,
	"protesters": true, "protestors": true, "demonstrators": true, "journalists": true, "activists": true,
	"boys": true, "girls": true, "drivers": true, "commanders": true, "leaders": true,
	"officials": true, "worshippers": true, "miners": true, "fishermen": true, "herders": true,
	"traders": true, "refugees": true, "migrants": true, "patients": true, "gunmen": true, "rebels": true,
	"aides": true, "aide": true, "escorts": true, "bodyguards": true, "bodyguard": true, "companions": true,
	"comrades": true, "militiamen": true, "militiamembers": true, "owner": true, "shopkeeper": true, "passenger": true,
	"pilgrim": true, "motorist": true, "pedestrian": true, "colonel": true, "general": true, "sheikh": true,
	"jihadists": true, "gendarmes": true, "councillor": true, "councilman": true, "mayor": true,
	"politician": true, "candidate": true, "lawyer": true, "judge": true, "priest": true, "imam": true,
	"businessman": true, "trader": true, "elder": true, "chief": true, "pastor": true, "villager": true,
	"mother": true, "father": true, "son": true, "daughter": true, "brother": true, "sister": true,
	"wife": true, "husband": true, "sons": true, "daughters": true, "brothers": true, "sisters": true, "youths": true, "teenagers": true, "infants": true,
	"pupil": true, "pupils": true, "schoolchildren": true, "worshipper": true, "herder": true,
	"fisherman": true, "miner": true, "refugee": true, "migrant": true, "patient": true, "teenager": true,
	"thief": true, "thieves": true, "grandfather": true, "grandmother": true, "uncle": true, "aunt": true,
	"cousin": true, "nephew": true, "niece": true, "grandson": true, "granddaughter": true,
	"rider": true, "riders": true, "occupant": true, "occupants": true, "motorcyclist": true, "motorcyclists": true,
	"motorists": true, "pedestrians": true, "sailors": true, "crewmen": true,
	"baker": true, "bakers": true, "labourer": true, "labourers": true, "laborer": true, "laborers": true,
	"engineer": true, "engineers": true, "paramedic": true, "paramedics": true, "medic": true, "medics": true,
	"rescuer": true, "rescuers": true, "firefighter": true, "firefighters": true, "vendor": true, "vendors": true,
	"merchant": true, "merchants": true, "employee": true, "employees": true, "peacekeeper": true, "peacekeepers": true,
	"tourist": true, "tourists": true, "photographer": true, "cameraman": true, "mechanic": true, "tailor": true,
}

// quoteMarks may close a count a report quotes: "\"dozens\" were killed".
var quoteMarks = map[string]bool{"\"": true, "”": true, "“": true, "'": true, "’": true}

// bodyNouns count the dead found: "five bodies were found", "the bodies
// of 3 men".
var bodyNouns = map[string]bool{"bodies": true, "corpses": true}

// tollAuxiliaries stand between the victims and the verb that counts them:
// "were reportedly killed", "had also been wounded".
var tollAuxiliaries = map[string]bool{
	"were": true, "was": true, "have": true, "had": true, "has": true, "been": true, "reportedly": true,
	"reported": true, "also": true, "allegedly": true, "later": true, "confirmed": true, "subsequently": true,
	"may": true, "might": true, "likely": true, "probably": true, "believed": true, "thought": true, "to": true,
}

// deathNouns count the dead as a noun: "two civilian deaths", "the
// death of five".
var deathNouns = map[string]bool{"deaths": true, "death": true, "fatalities": true, "fatality": true}

var countQualifiers = map[string]bool{
	"at": true, "least": true, "more": true, "than": true, "over": true, "some": true, "about": true,
	"around": true, "nearly": true, "almost": true, "up": true, "to": true, "roughly": true, "approximately": true,
	"between": true, // "between 5 and 9": the lower bound, as ACLED counts
}

var killWords = map[string]bool{"killed": true, "killing": true, "kills": true, "kill": true, "dead": true, "died": true, "leaving": true, "left": true}
var hurtWords = map[string]bool{"wounded": true, "wounding": true, "injured": true, "injuring": true, "hurt": true, "injuries": true}

// casualtyReader reads the dead and injured among the words of
// toks[lo:hi]. Each method reads one kind of phrase at word i and appends
// what it says to out.
type casualtyReader struct {
	toks   []tok
	lo, hi int
	out    []casualty
}

// word is the lower-case word at i, or "" outside toks[lo:hi] and for
// punctuation.
func (r *casualtyReader) word(i int) string {
	if i < r.lo || i >= r.hi || !r.toks[i].word {
		return ""
	}
	return r.toks[i].low
}

// findCasualties reads the dead and injured among the words of toks[lo:hi].
// Words that tell of none are not read.
func findCasualties(toks []tok, lo, hi int) []casualty {
	if !mayTellToll(toks, lo, hi) {
		return nil
	}
	return readCasualties(toks, lo, hi)
}

// tollCues, with the verbs and nouns of killing, hurting and death, hold a
// word of every phrase readCasualties reads: the rest of "gunned down",
// "lost their lives", "succumbed to his wounds", "no casualties", "the toll
// rose to 12", "fatalities coded as 10". Tokens carry them as classToll.
var tollCues = map[string]bool{
	"casualties": true, "down": true, "lives": true, "life": true, "succumbed": true, "toll": true, "coded": true,
	"body": true, "corpse": true,
}

// mayTellToll: a word of toks[lo:hi] is of classToll.
func mayTellToll(toks []tok, lo, hi int) bool {
	for i := lo; i < hi; i++ {
		if toks[i].class&classToll != 0 {
			return true
		}
	}
	return false
}

// readCasualties is findCasualties without the screen.
func readCasualties(toks []tok, lo, hi int) []casualty {
	r := casualtyReader{toks: toks, lo: lo, hi: hi}
	for i := lo; i < hi; i++ {
		w := r.word(i)
		if w == "" {
			continue
		}
		if k, ok := r.nobodyWas(i, w); ok {
			i = k
			continue
		}
		if r.noneHurt(i, w) || r.neitherNor(i, w) || r.codedToll(i, w) || r.deathOfOne(i, w) {
			continue
		}
		if k, ok := r.killingOf(i, w); ok {
			i = k
			continue
		}
		if r.killingOne(i, w) {
			continue
		}
		if k, ok := r.bodiesOf(i, w); ok {
			i = k
			continue
		}
		if r.foundDead(i, w) || r.toDeath(i, w) {
			continue
		}
		if k, ok := r.executed(i, w); ok {
			i = k
			continue
		}
		if r.shotDeadOne(i, w) {
			continue
		}
		if k, ok := r.afterVerb(i, w); ok {
			i = k
			continue
		}
		if r.namedKilled(i, w) || r.namedDied(i, w) || r.oneDied(i, w) {
			continue
		}
		if k, ok := r.countFirst(i, w); ok {
			i = k
			continue
		}
		r.toll(i, w)
	}
	return r.out
}

// noneHurt reads a toll of none after "no" or "without". It takes the
// word whether or not a toll follows.
func (r *casualtyReader) noneHurt(i int, w string) bool {
	// Nobody hurt: "There are no injuries", "no casualties", "no one was killed".
	if w != "no" && w != "without" {
		return false
	}
	n := r.word(i + 1)
	if n == "one" || n == "body" {
		v := r.word(i + 3)
		if r.word(i+2) == "was" || r.word(i+2) == "were" {
			switch {
			case killWords[v]:
				r.out = append(r.out, casualty{pos: i, fat: intp(0)})
			case hurtWords[v]:
				r.out = append(r.out, casualty{pos: i, fat: intp(0), inj: intp(0)})
			}
		}
		return true
	}
	k := i + 1
	for r.word(k) == "immediate" || r.word(k) == "reported" || r.word(k) == "reports" || r.word(k) == "of" || r.word(k) == "known" {
		k++
	}
	switch r.word(k) {
	case "casualties", "injuries", "injured", "wounded":
		// ACLED reads "no injuries" in an attack report as nobody hurt or killed.
		r.out = append(r.out, casualty{pos: i, fat: intp(0), inj: intp(0)})
	case "deaths", "fatalities", "dead":
		r.out = append(r.out, casualty{pos: i, fat: intp(0)})
	}
	return true
}

// neitherNor reads "neither injuries nor fatalities were reported".
func (r *casualtyReader) neitherNor(i int, w string) bool {
	if w != "neither" || r.word(i+2) != "nor" {
		return false
	}
	a, b := r.word(i+1), r.word(i+3)
	dead := a == "fatalities" || a == "deaths" || b == "fatalities" || b == "deaths" || b == "casualties"
	hurt := a == "injuries" || a == "casualties" || b == "injuries" || a == "injured" || b == "injured"
	if !dead && !hurt {
		return false
	}
	c := casualty{pos: i}
	if dead {
		c.fat = intp(0)
	}
	if hurt {
		c.inj = intp(0)
	}
	r.out = append(r.out, c)
	return true
}

// nobodyWas reads "nobody was killed", "no one was hurt", and returns the
// index of its verb.
func (r *casualtyReader) nobodyWas(i int, w string) (int, bool) {
	k := i + 1
	if w == "no" && r.word(k) == "one" {
		k++ // "no one was killed": not "one was killed"
	} else if w != "nobody" {
		return i, false
	}
	if r.word(k) != "was" && r.word(k) != "were" {
		return i, false
	}
	if killWords[r.word(k+1)] {
		r.out = append(r.out, casualty{pos: i, fat: intp(0)})
	} else if hurtWords[r.word(k+1)] {
		r.out = append(r.out, casualty{pos: i, fat: intp(0), inj: intp(0)})
	}
	return k + 1, true
}

// codedToll reads "Unknown fatalities coded as 10", "coded fatality to
// one": a note that says how its dead were counted.
func (r *casualtyReader) codedToll(i int, w string) bool {
	if w != "coded" {
		return false
	}
	k := i + 1
	// "fatalities coded as 10", "an unknown number of fatalities on both
	// sides, coded as 10", "the unknown number coded as 10".
	named := false
	for j := i - 1; j >= r.lo && j >= i-8 && !named; j-- {
		named = deathNouns[r.word(j)] || r.word(j) == "number" && r.word(j-1) == "unknown"
	}
	if deathNouns[r.word(k)] {
		named, k = true, k+1
	}
	if named && (r.word(k) == "as" || r.word(k) == "to" || r.word(k) == "at") {
		if n, ok := parseCount(r.word(k + 1)); ok && r.word(k+1) != "a" && r.word(k+1) != "an" {
			r.out = append(r.out, casualty{pos: i, fat: intp(n)})
			return true
		}
		// "killing and wounding dozens. Fatalities coded as half": half
		// the dead and hurt told before, or the number in brackets.
		if r.word(k+1) == "half" {
			n, ok := r.bracketCount(k + 2)
			if !ok {
				n, ok = r.deadAndHurtBefore(i)
				n /= 2
			}
			if ok {
				r.out = append(r.out, casualty{pos: i, fat: intp(n)})
				return true
			}
		}
	}
	return false
}

// bracketCount reads "(6)" at k.
func (r *casualtyReader) bracketCount(k int) (int, bool) {
	if k+2 >= r.hi || r.toks[k].text != "(" || r.toks[k+2].text != ")" {
		return 0, false
	}
	n, ok := parseCount(r.word(k + 1))
	return n, ok && r.word(k+1) != "a" && r.word(k+1) != "an"
}

// deadAndHurtBefore reads the count of the dead and hurt together told
// before word i, in its sentence or the one before: "killing and wounding
// dozens", "killed or injured 18 soldiers".
func (r *casualtyReader) deadAndHurtBefore(i int) (int, bool) {
	word := func(j int) string { // words of the whole text, quotes passed over
		for j < i && !r.toks[j].word {
			j++
		}
		if j >= i {
			return ""
		}
		return r.toks[j].low
	}
	next := func(j int) int {
		for j++; j < i && !r.toks[j].word; j++ {
		}
		return j
	}
	for j := i - 2; j >= 0 && j >= i-60; j-- {
		t := r.toks[j]
		if !t.word || t.class&(classKill|classHurt) == 0 {
			continue
		}
		a := next(j)
		if w := word(a); w != "and" && w != "or" {
			continue
		}
		b := next(a)
		if b >= i || r.toks[b].class&(classKill|classHurt) == 0 || r.toks[b].class&(classKill|classHurt) == t.class&(classKill|classHurt) {
			continue
		}
		c := next(b)
		for countQualifiers[word(c)] {
			c = next(c)
		}
		if n, ok := parseCount(word(c)); ok && word(c) != "a" && word(c) != "an" {
			return n, true
		}
	}
	return 0, false
}

// deathOfOne reads "leading to the death of a child", "the death of the
// driver".
func (r *casualtyReader) deathOfOne(i int, w string) bool {
	if (w == "killing" || w == "death") && r.word(i+1) == "of" && r.word(i-1) == "the" &&
		(r.word(i+2) == "a" || r.word(i+2) == "an" || r.word(i+2) == "the" || r.word(i+2) == "one") && victimNouns[r.word(i+3)] && !strings.HasSuffix(r.word(i+3), "s") {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)})
		return true
	}
	return false
}

// killingOf reads "the killing of 4 civilians", "caused the death of 25
// people", and returns the index of the count.
func (r *casualtyReader) killingOf(i int, w string) (int, bool) {
	if (w == "killing" || deathNouns[w]) && r.word(i+1) == "of" && r.word(i-1) == "the" {
		return r.countOf(i)
	}
	return i, false
}

// countOf reads the count after "of" at i+1 ("of 4 civilians", "of at
// least two shepherds") as the dead of the phrase at i, and returns the
// index of the count.
func (r *casualtyReader) countOf(i int) (int, bool) {
	k := i + 2
	for countQualifiers[r.word(k)] {
		k++
	}
	if n, ok := parseCount(r.word(k)); ok && r.word(k) != "a" && r.word(k) != "an" && r.toks[k].word {
		r.out = append(r.out, casualty{pos: i, fat: intp(n)})
		return k, true
	}
	return i, false
}

// killingOne reads "killing her", "killing him", "killing the driver",
// "injuring her grandmother": one victim.
func (r *casualtyReader) killingOne(i int, w string) bool {
	kill := w == "killing" || w == "killed"
	hurt := w == "injuring" || w == "wounding"
	if !kill && !hurt {
		return false
	}
	one := r.word(i+1) == "her" || r.word(i+1) == "him"
	switch r.word(i + 1) {
	case "the", "his", "her", "their":
		// "killing the driver", "injuring her grandmother"; not "her
		// three children", which kinCount and afterVerb read
		if n := r.word(i + 2); victimNouns[n] && !strings.HasSuffix(n, "s") {
			one = true
		} else if _, count := parseCount(n); count {
			one = false
		}
	}
	if !one {
		return false
	}
	if kill {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)})
	} else {
		r.out = append(r.out, casualty{pos: i, inj: intp(1)})
	}
	return true
}

// bodiesOf reads "the bodies of 5 men were found", "the corpses of two
// shepherds", and returns the index of the count.
func (r *casualtyReader) bodiesOf(i int, w string) (int, bool) {
	if bodyNouns[w] && r.word(i+1) == "of" {
		return r.countOf(i)
	}
	if (w == "body" || w == "corpse") && r.oneBody(i) {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)})
		return i, true
	}
	return i, false
}

// oneBody reads a single body found at token i: "his body was found",
// "the body of a young man was discovered"; not "a body of evidence" nor
// "the governing body".
func (r *casualtyReader) oneBody(i int) bool {
	whose := r.word(i-1) == "his" || r.word(i-1) == "her"
	if !whose && r.word(i+1) == "of" && (r.word(i+2) == "a" || r.word(i+2) == "an") {
		for k := i + 3; k <= i+5 && k < r.hi; k++ {
			if n := r.word(k); victimNouns[n] && !strings.HasSuffix(n, "s") {
				whose = true
				break
			}
		}
	}
	if !whose {
		return false
	}
	for k := i + 1; k <= i+10 && k < r.hi; k++ {
		switch r.word(k) {
		case "found", "discovered", "recovered", "retrieved", "dumped", "pulled":
			return true
		}
	}
	return false
}

// foundDead reads "A commander was found dead", "succumbed to his wounds":
// one dead.
func (r *casualtyReader) foundDead(i int, w string) bool {
	if w == "found" && r.word(i+1) == "dead" && r.word(i-1) == "was" ||
		w == "succumbed" && r.word(i+1) == "to" && (r.word(i+2) == "his" || r.word(i+2) == "her" || r.word(i+2) == "wounds" || r.word(i+2) == "injuries") {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)})
		return true
	}
	return false
}

// toDeath reads "beat a man to death", "stoned two women to death", "were
// hacked to death" at "death": the victims before "to", or the subject
// before "was"/"were".
func (r *casualtyReader) toDeath(i int, w string) bool {
	if w != "death" || r.word(i-1) != "to" || i-2 < r.lo || sentencedBefore(r.toks, i) {
		return false
	}
	j := i - 2
	if r.word(j) == "him" || r.word(j) == "her" {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)})
		return true
	}
	if !victimNouns[r.word(j)] {
		// "were beaten to death": the subject before the auxiliary
		if j-1 < r.lo || r.word(j-1) != "was" && r.word(j-1) != "were" {
			return false
		}
		j -= 2
		if j < r.lo || !victimNouns[r.word(j)] {
			return false
		}
	}
	for k := j - 1; k >= r.lo && k >= j-3; k-- {
		n, ok := parseCount(r.word(k))
		if ok && r.toks[k].word {
			r.out = append(r.out, casualty{pos: i, fat: intp(n)})
			return true
		}
		if !r.toks[k].word || r.toks[k].cap && k > r.lo {
			return false
		}
	}
	return false
}

// isExecution: w is one of executionVerbs, which all end in -ed or -ing
// and have seven letters or more (a cheap test first: it runs on every word).
func isExecution(w string) bool {
	return len(w) >= 7 && (w[len(w)-1] == 'd' || w[len(w)-1] == 'g') && executionVerbs[w]
}

// executionVerbs kill the victims they take: "beheaded two men".
var executionVerbs = map[string]bool{
	"executed": true, "executing": true, "massacred": true, "beheaded": true, "beheading": true,
	"slaughtered": true, "murdered": true, "assassinated": true, "lynched": true,
}

// executed reads "executed 6 civilians", "gunned down two policemen", and
// returns the index of the count.
func (r *casualtyReader) executed(i int, w string) (int, bool) {
	if isExecution(w) || w == "down" && r.word(i-1) == "gunned" {
		k := i + 1
		for countQualifiers[r.word(k)] {
			k++
		}
		// "assassinated two SDF fighters": the side's name may stand
		// between.
		if n, ok := parseCount(r.word(k)); ok && r.toks[k].word && r.word(k) != "a" && r.word(k) != "an" && victimNouns[r.word(r.countedNoun(k))] {
			r.out = append(r.out, casualty{pos: i, fat: intp(n)})
			return k, true
		}
	}
	return i, false
}

// lostLives: "lost their lives" at word k, as "died".
func (r *casualtyReader) lostLives(k int) bool {
	p := r.word(k + 1)
	return r.word(k) == "lost" && (p == "their" || p == "his" || p == "her") && (r.word(k+2) == "lives" || r.word(k+2) == "life")
}

// shotDeadOne reads "shot dead a judicial investigator", "gunned down a
// man", "lynched a man", "assassinated a local councillor": one dead,
// whoever it was.
func (r *casualtyReader) shotDeadOne(i int, w string) bool {
	if a := r.word(i + 1); (a == "a" || a == "an") && (w == "dead" && r.word(i-1) == "shot" || w == "down" && r.word(i-1) == "gunned" || isExecution(w) && r.victimAfter(i+2)) {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)})
		return true
	}
	return isExecution(w) && r.verbNamedVictim(i, w, i+1)
}

// victimAfter: a victim noun stands at k, or after one or two words that
// describe it ("a local councillor", "a prominent Sunni cleric").
func (r *casualtyReader) victimAfter(k int) bool {
	for n := 0; n <= 2 && k+n < r.hi && r.toks[k+n].word; n++ {
		if victimNouns[r.word(k+n)] {
			return true
		}
	}
	return false
}

// leftHurt: the count at k after "leaving" or "left" is of people hurt,
// not dead: "leaving 20 injured", "left 12 people wounded".
func (r *casualtyReader) leftHurt(k int) bool {
	v := r.countedNoun(k)
	if v <= k {
		v = k + 1
	}
	for victimNouns[r.word(v)] {
		v++
	}
	return hurtWords[r.word(v)] && r.word(v) != "injuries"
}

// afterVerb reads the victims after a verb of killing or wounding: "killing
// at least 50 people", "wounding 12", and returns the index of the count.
func (r *casualtyReader) afterVerb(i int, w string) (int, bool) {
	if r.toks[i].class&(classKill|classHurt) == 0 {
		return i, false
	}
	k := i + 1
	if k < r.hi && !r.toks[k].word && quoteMarks[r.toks[k].text] {
		k++ // killed "dozens"
	}
	for countQualifiers[r.word(k)] {
		k++
	}
	// "killing himself and two soldiers": the bomber is among the dead, as
	// ACLED counts them.
	self := 0
	if p := r.word(k); (p == "himself" || p == "herself" || p == "themselves") && r.word(k+1) == "and" {
		if p != "themselves" {
			self = 1
		}
		k += 2
		for countQualifiers[r.word(k)] {
			k++
		}
	}
	if p := r.word(k); p == "his" || p == "her" || p == "their" || p == "its" || p == "the" || p == "all" {
		if _, ok := parseCount(r.word(k + 1)); ok && r.word(k+1) != "a" && r.word(k+1) != "an" && r.word(k+1) != "one" {
			k++ // "killing her three children", "killing its two riders", "killing all three occupants"
		}
	}
	if n, ok := parseCount(r.word(k)); ok && r.word(k) != "a" && r.word(k) != "an" && r.word(k) != "no" {
		// "killed two women and three children": both counted.
		if v := r.countedNoun(k); victimNouns[r.word(v)] {
			for victimNouns[r.word(v)] {
				v++
			}
			if r.word(v) == "and" {
				_, n = r.moreVictims(v, n)
			}
		}
		if (w == "leaving" || w == "left") && r.leftHurt(k) {
			// "leaving 20 injured", "left 12 people wounded".
			r.out = append(r.out, casualty{pos: i, inj: intp(n)})
		} else if killWords[w] && (w != "dead" || r.word(i-1) == "shot") && w != "died" {
			r.out = append(r.out, casualty{pos: i, fat: intp(n + self)})
		} else if hurtWords[w] && w != "injuries" {
			r.out = append(r.out, casualty{pos: i, inj: intp(n)})
		}
		return k, true
	}
	if r.verbOneVictim(i, w, k) || r.verbNamedVictim(i, w, k) {
		if n := len(r.out); self > 0 && n > 0 && r.out[n-1].pos == i && r.out[n-1].fat != nil {
			r.out[n-1].fat = intp(*r.out[n-1].fat + self)
		}
		return i, true
	}
	return i, false
}

// verbOneVictim reads "killed a civilian contractor", "wounding a soldier":
// one victim, from the article at k on.
func (r *casualtyReader) verbOneVictim(i int, w string, k int) bool {
	if (r.word(k) == "a" || r.word(k) == "an") && (w != "dead" || r.word(i-1) == "shot") && w != "died" && w != "injuries" {
		one := false
		for j := k + 1; j <= k+3 && j < r.hi; j++ {
			if victimNouns[r.word(j)] {
				one = true
				break
			}
		}
		if one {
			// "killing a mother and her three children": one and three.
			n := 1 + r.kinCount(k+2)
			if killWords[w] && w != "leaving" && w != "left" {
				r.out = append(r.out, casualty{pos: i, fat: intp(n)})
			} else if hurtWords[w] {
				r.out = append(r.out, casualty{pos: i, inj: intp(n)})
			}
			return true
		}
	}
	return false
}

// verbNamedVictim reads "killed Qasem Soleimani", "assassinated President
// A B": a named victim, from word k on.
func (r *casualtyReader) verbNamedVictim(i int, w string, k int) bool {
	if (w == "killed" || w == "killing" || isExecution(w)) && k < r.hi && isNamePart(r.toks[k]) && !r.toks[k].num && r.toks[k].low != "the" {
		c := casualty{pos: i, named: 1}
		j := k
		for j < r.hi && (isNamePart(r.toks[j]) || r.toks[j].low == "bin") {
			j++
		}
		if v := r.word(j); victimNouns[v] && (strings.HasSuffix(v, "s") || v == "people" || v == "men" || v == "women" || v == "children") {
			return false // "executed Hama residents": a place's people, no name
		}
		if r.word(j) == "and" && j+1 < r.hi && isNamePart(r.toks[j+1]) {
			c.named++
		}
		r.out = append(r.out, c)
		return true
	}
	return false
}

// namedDied reads "General Qasem Soleimani died" and "the killing of
// General Qasem Soleimani": one named dead, a name of two words at least
// (a lone capitalised word may be a people: "Kurds died").
func (r *casualtyReader) namedDied(i int, w string) bool {
	switch {
	case w == "died" && i-2 >= r.lo && isNamePart(r.toks[i-1]) && isNamePart(r.toks[i-2]):
		j := i - 1
		for j > r.lo && isNamePart(r.toks[j-1]) {
			j--
		}
		if _, isCount := parseCount(r.word(j - 1)); isCount || victimNouns[r.toks[i-1].low] || j == i-1 || nonPersonHeads[r.toks[i-1].low] {
			return false
		}
		// The name opens its clause: "in Tuz Khurmato died" is a place.
		if j > r.lo {
			if p := r.toks[j-1]; p.word && p.low != "and" && p.low != "when" && p.low != "after" && p.low != "as" {
				return false
			}
		}
	case (w == "killing" || w == "assassination" || w == "murder") && r.word(i-1) == "the" && r.word(i+1) == "of" &&
		i+3 < r.hi && isNamePart(r.toks[i+2]) && isNamePart(r.toks[i+3]) && !r.toks[i+2].num && r.toks[i+2].low != "the":
	default:
		return false
	}
	r.out = append(r.out, casualty{pos: i, named: 1})
	return true
}

// oneDied reads one dead told by a pronoun or a person already named:
// "He died of his wounds later", "the boy succumbed to his injuries".
func (r *casualtyReader) oneDied(i int, w string) bool {
	if w != "died" && w != "succumbed" {
		return false
	}
	j := i - 1
	for j > r.lo && (r.word(j) == "later" || r.word(j) == "also" || r.word(j) == "subsequently" || r.word(j) == "then") {
		j--
	}
	switch s := r.word(j); {
	case j < r.lo:
		return false
	case s == "he" || s == "she":
	case (victimNouns[s] || s == "victim") && !strings.HasSuffix(s, "s") && (r.word(j-1) == "the" || r.word(j-1) == "a"):
	default:
		return false
	}
	r.out = append(r.out, casualty{pos: i, fat: intp(1)})
	return true
}

// nonPersonHeads end capitalised names of no person.
var nonPersonHeads = map[string]bool{
	"party": true, "province": true, "city": true, "state": true, "county": true, "district": true, "region": true,
	"council": true, "army": true, "forces": true, "group": true, "front": true, "movement": true, "brigade": true,
}

// namedKilled reads "Abu Mahdi al-Muhandis was also killed".
func (r *casualtyReader) namedKilled(i int, w string) bool {
	if (w == "was" || w == "were") && i > r.lo && (isNamePart(r.toks[i-1]) || appositiveName(r.toks, r.lo, i) || r.victimNamed(i)) {
		k := i + 1
		if r.word(k) == "also" {
			k++
		}
		if r.word(k) == "killed" && !victimNouns[r.toks[i-1].low] {
			r.out = append(r.out, casualty{pos: i, named: 1})
			return true
		}
	}
	return false
}

// countFirst reads a toll that starts with its count: "50 people were
// killed", "12 dead", "three soldiers wounded", "a shepherd was killed".
// It returns the index of the last word it took.
func (r *casualtyReader) countFirst(i int, w string) (int, bool) {
	n, ok := parseCount(w)
	if (w == "a" || w == "an") && victimNouns[r.word(i+1)] && r.word(i+2) == "and" {
		r.twoVictims(i)
	}
	one := w == "a" || w == "an" || w == "his" || w == "her" || w == "their"
	if one && (victimNouns[r.word(i+1)] && (r.word(i+2) == "was" || r.word(i+2) == "has") ||
		victimNouns[r.word(i+2)] && (r.word(i+3) == "was" || r.word(i+3) == "has")) {
		n, ok = 1, true // "a shepherd was killed", "a young man was killed", "her husband was shot dead"
	} else if r.oneOf(i, w) {
		n, ok = 1, true // "a member of the militia was shot dead", "the commander of the brigade was killed"
	} else if (w == "a" || w == "an") && victimNouns[r.word(i+1)] && (r.word(i+2) == "died" || r.word(i+2) == "later" && r.word(i+3) == "died") {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)}) // "a man later died of his wounds"
		return i, true
	} else if one && victimNouns[r.word(i+1)] && r.placedVictimKilled(i+2) {
		r.out = append(r.out, casualty{pos: i, fat: intp(1)}) // "a trader in the city's market was shot dead"
		return i, true
	} else if w == "a" || w == "an" {
		ok = false
	}
	if ok && r.toks[i].num && len(w) == 4 && n >= 1900 && n <= 2100 {
		ok = false // "in January 2020": a year, not a count
	}
	if ok {
		if _, month := months[r.word(i+1)]; month {
			ok = false // "On 9 November": a day, not a count
		}
	}
	if ok && w != "no" && !strings.Contains(w, ":") {
		return r.countedVictims(i, n)
	}
	return i, false
}

// oneOf: the article w at i opens one victim and an "of" phrase before
// "was" or "has": "a member of the local council was", "the
// commander of the brigade has".
func (r *casualtyReader) oneOf(i int, w string) bool {
	if w != "a" && w != "an" && w != "the" && w != "his" && w != "her" && w != "their" {
		return false
	}
	v := r.word(i + 1)
	if !victimNouns[v] || r.word(i+2) != "of" || strings.HasSuffix(v, "s") {
		return false
	}
	k := r.afterOf(i + 2)
	return k > i+2 && (r.word(k) == "was" || r.word(k) == "has")
}

// placedVictimKilled: a phrase of place at k, then "was" and a verb of
// killing ("in the city's market was shot dead").
func (r *casualtyReader) placedVictimKilled(k int) bool {
	if w := r.word(k); w != "in" && w != "at" && w != "near" && w != "from" {
		return false
	}
	for j := k + 1; j < r.hi && j <= k+6; j++ {
		if !r.toks[j].word {
			if r.toks[j].text == "'s" || r.toks[j].text == "’s" {
				continue
			}
			return false
		}
		if r.word(j) != "was" {
			continue
		}
		j++
		for tollAuxiliaries[r.word(j)] {
			j++
		}
		v := r.word(j)
		return v == "shot" && r.word(j+1) == "dead" || v == "gunned" && r.word(j+1) == "down" || killWords[v] && v != "leaving" && v != "left" && v != "kill"
	}
	return false
}

// twoVictims reads two victims joined by "and" after the article at i.
func (r *casualtyReader) twoVictims(i int) {
	// "A man and his son were killed", "a woman and child were killed".
	j := i + 3
	if p := r.word(j); p == "his" || p == "her" || p == "their" || p == "a" || p == "an" {
		j++
	}
	for k := j; k < j+2 && k < r.hi; k++ {
		if victimNouns[r.word(k)] && (r.word(k+1) == "were" || r.word(k+1) == "have") {
			r.out = append(r.out, casualty{pos: i, fat: intp(2)})
			return
		}
	}
	// "A commander and two of his guards were killed", "a pastor and five
	// worshippers were killed": one and those counted.
	if n := r.kinCount(i + 2); n > 0 {
		for k := i + 4; k < i+9 && k < r.hi; k++ {
			if w := r.word(k); w == "were" || w == "have" {
				if killWords[r.word(k+1)] || r.word(k+1) == "been" && killWords[r.word(k+2)] {
					r.out = append(r.out, casualty{pos: i, fat: intp(1 + n)})
				}
				return
			}
		}
	}
}

// countedVictims reads what the count n at word i counts: the victims, the
// phrases that may follow them, and the verb that says they died or were
// hurt. It returns the index of the last word it took and whether the
// phrase is read.
func (r *casualtyReader) countedVictims(i, n int) (int, bool) {
	// "a commander and five of his escorts were killed": the one they
	// escorted dies with them.
	if r.word(i-1) == "and" && r.word(i+1) == "of" && (r.word(i+2) == "his" || r.word(i+2) == "her") {
		n++
	}
	k := r.countedNoun(i)
	// "five bodies were found", "the 12 corpses recovered": the dead.
	if bodyNouns[r.word(k)] {
		r.out = append(r.out, casualty{pos: i, fat: intp(n)})
		return k, true
	}
	victim := victimNouns[r.word(k)]
	for victimNouns[r.word(k)] {
		k++ // "a civilian man was killed"
	}
	// "10 soldiers and 21 militiamen were killed": both counted.
	if victim && r.word(k) == "and" {
		k, n = r.moreVictims(k, n)
	}
	// "15 fighters of the Syrian army were killed", "three of the
	// officer's family were killed": step over the "of" phrase.
	if r.word(k) == "of" && (victim || k == i+1) && r.word(k+1) != "" {
		k = r.afterOf(k)
	}
	// "Seven civilians, including a child, were killed", "3
	// civilians (a woman and her sons) were killed": step over the
	// aside that follows the victims.
	if victim && k < r.hi && (r.toks[k].text == "," || r.toks[k].text == "(") {
		k = r.afterAside(k)
	}
	// "are said to have been killed"
	if (r.word(k) == "are" || r.word(k) == "is" || r.word(k) == "were" || r.word(k) == "was") && r.word(k+1) == "said" && r.word(k+2) == "to" && r.word(k+3) == "have" {
		k += 4
	}
	// "two civilian deaths".
	if deathNouns[r.word(k)] && r.word(k) != "death" && r.word(k) != "fatality" {
		r.out = append(r.out, casualty{pos: i, fat: intp(n)})
		return i, true
	}
	for tollAuxiliaries[r.word(k)] {
		k++ // "were reportedly killed", "were reported killed", "had also been killed"
	}
	v := r.word(k)
	switch {
	case v == "shot" && (r.word(k+1) == "dead" || r.word(k+1) == "and" && r.word(k+2) == "killed"), v == "executed", isExecution(v), v == "gunned" && r.word(k+1) == "down",
		r.lostLives(k):
		r.out = append(r.out, casualty{pos: i, fat: intp(n)}) // "were shot dead", "were executed"
	case (killWords[v] && v != "leaving" && v != "left" && v != "kill"):
		r.out = append(r.out, casualty{pos: i, fat: intp(n)})
	case hurtWords[v] && v != "injuries":
		r.out = append(r.out, casualty{pos: i, inj: intp(n)})
	}
	return i, false
}

// countedNoun finds the word the count at i counts: past closing quotes
// and up to three words that are not victims, verbs or nouns of death.
func (r *casualtyReader) countedNoun(i int) int {
	k := i + 1
	for k < r.hi && !r.toks[k].word && quoteMarks[r.toks[k].text] {
		k++ // "\"dozens\" were killed"
	}
	if r.word(k) == "of" && r.word(k+1) == "the" {
		k = i // "three of the officer's family were killed": see below
	}
	for j := 0; j < 3 && k > i && k < r.hi && r.word(k) != "" && !victimNouns[r.word(k)] && !killWords[r.word(k)] && !hurtWords[r.word(k)] && !deathNouns[r.word(k)] && !bodyNouns[r.word(k)]; j++ {
		k++
	}
	if k == i {
		k = i + 1
	}
	return k
}

// moreVictims reads "and 21 militiamen" at k after counted victims: it
// returns the word after them and n with their count added, or k and n
// unchanged.
func (r *casualtyReader) moreVictims(k, n int) (int, int) {
	if m, ok := parseCount(r.word(k + 1)); ok && r.toks[k+1].word && r.word(k+1) != "a" && r.word(k+1) != "an" {
		for j := k + 2; j < r.hi && j <= k+5; j++ {
			if victimNouns[r.word(j)] {
				return j + 1, n + m
			}
		}
	}
	return k, n
}

// afterOf steps over the "of" phrase at k to the auxiliary after it ("of
// the Syrian army were"), or returns k.
func (r *casualtyReader) afterOf(k int) int {
	for j := k + 1; j < r.hi && j <= k+5; j++ {
		if tollAuxiliaries[r.word(j)] && r.word(j) != "to" {
			return j
		}
		if r.word(j) == "" {
			break
		}
	}
	return k
}

// afterAside steps over the aside that opens at k with "," or "(" to the
// word after its close, or returns k.
func (r *casualtyReader) afterAside(k int) int {
	end := ","
	if r.toks[k].text == "(" {
		end = ")"
	}
	for j := k + 1; j < r.hi && j < k+10; j++ {
		if r.toks[j].text == end {
			return j + 1
		}
	}
	return k
}

// toll reads a count within five words after "toll": "the death toll
// rose to 12".
func (r *casualtyReader) toll(i int, w string) {
	if w != "toll" {
		return
	}
	for k := i + 1; k < i+6 && k < r.hi; k++ {
		if n, ok := parseCount(r.word(k)); ok && r.toks[k].num {
			r.out = append(r.out, casualty{pos: i, fat: intp(n)})
			break
		}
	}
}

// kinCount reads "and her three children", "and his two sons", "and five
// worshippers", "and two of his guards" after a victim, from word index k on: the further victims
// counted, or 0.
func (r *casualtyReader) kinCount(k int) int {
	for j := k; j < k+3 && j < r.hi; j++ {
		if r.word(j) != "and" {
			continue
		}
		c := j + 1
		if p := r.word(c); p == "her" || p == "his" || p == "their" {
			c++
		}
		n, ok := parseCount(r.word(c))
		if !ok || r.word(c) == "a" || r.word(c) == "an" || !r.toks[c].word {
			return 0
		}
		// the counted noun, perhaps after one adjective ("two young boys")
		if victimNouns[r.word(c+1)] || victimNouns[r.word(c+2)] && !victimNouns[r.word(c+1)] && r.word(c+1) != "and" && r.word(c+1) != "of" {
			return n
		}
		// "and two of his guards"
		if p := r.word(c + 2); r.word(c+1) == "of" && (p == "his" || p == "her" || p == "their" || p == "the") && victimNouns[r.word(c+3)] {
			return n
		}
		return 0
	}
	return 0
}

// victimNamed: "a farmer, Zaid Haddad, was": a victim's noun, then his
// name between commas before "was" at i.
func (r *casualtyReader) victimNamed(i int) bool {
	if r.toks[i-1].text != "," || r.word(i) != "was" {
		return false
	}
	j := i - 2
	for j > r.lo && j > i-6 && isNamePart(r.toks[j]) {
		j--
	}
	return j < i-2 && j > r.lo && r.toks[j].text == "," && victimNouns[r.toks[j-1].low]
}

// appositiveName: "Abu Mahdi al-Muhandis, deputy head of the PMF, was": the
// subject is a name followed by a phrase between commas.
func appositiveName(toks []tok, lo, i int) bool {
	if toks[i-1].text != "," {
		return false
	}
	for k := i - 2; k > lo && k > i-15; k-- {
		if toks[k].text == "," {
			return isNamePart(toks[k-1]) && isNamePart(toks[lo])
		}
	}
	return false
}
