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
	"militiamen": true, "militiamembers": true, "owner": true, "shopkeeper": true, "passenger": true,
	"pilgrim": true, "motorist": true, "pedestrian": true, "colonel": true, "general": true, "sheikh": true,
	"jihadists": true, "gendarmes": true, "councillor": true, "councilman": true, "mayor": true,
	"politician": true, "candidate": true, "lawyer": true, "judge": true, "priest": true, "imam": true,
	"businessman": true, "trader": true, "elder": true, "chief": true, "pastor": true, "villager": true,
	"mother": true, "father": true, "son": true, "daughter": true, "brother": true, "sister": true,
	"wife": true, "husband": true, "sons": true, "daughters": true, "brothers": true, "sisters": true, "youths": true, "teenagers": true, "infants": true,
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

// findCasualties reads the dead and injured among the words of toks[lo:hi].
func findCasualties(toks []tok, lo, hi int) []casualty {
	var out []casualty
	word := func(i int) string {
		if i < lo || i >= hi || !toks[i].word {
			return ""
		}
		return toks[i].low
	}
	for i := lo; i < hi; i++ {
		w := word(i)
		if w == "" {
			continue
		}
		// Nobody hurt: "There are no injuries", "no casualties", "no one was killed".
		if w == "no" || w == "without" {
			n := word(i + 1)
			if n == "one" || n == "body" {
				v := word(i + 3)
				if word(i+2) == "was" || word(i+2) == "were" {
					switch {
					case killWords[v]:
						out = append(out, casualty{pos: i, fat: intp(0)})
					case hurtWords[v]:
						out = append(out, casualty{pos: i, fat: intp(0), inj: intp(0)})
					}
				}
				continue
			}
			k := i + 1
			for word(k) == "immediate" || word(k) == "reported" || word(k) == "reports" || word(k) == "of" || word(k) == "known" {
				k++
			}
			switch word(k) {
			case "casualties", "injuries", "injured", "wounded":
				// ACLED reads "no injuries" in an attack report as nobody hurt or killed.
				out = append(out, casualty{pos: i, fat: intp(0), inj: intp(0)})
			case "deaths", "fatalities", "dead":
				out = append(out, casualty{pos: i, fat: intp(0)})
			}
			continue
		}
		// "neither injuries nor fatalities were reported".
		if w == "neither" && word(i+2) == "nor" {
			a, b := word(i+1), word(i+3)
			dead := a == "fatalities" || a == "deaths" || b == "fatalities" || b == "deaths" || b == "casualties"
			hurt := a == "injuries" || a == "casualties" || b == "injuries" || a == "injured" || b == "injured"
			if dead || hurt {
				c := casualty{pos: i}
				if dead {
					c.fat = intp(0)
				}
				if hurt {
					c.inj = intp(0)
				}
				out = append(out, c)
				continue
			}
		}
		if w == "nobody" && (word(i+1) == "was" || word(i+1) == "were") {
			if killWords[word(i+2)] {
				out = append(out, casualty{pos: i, fat: intp(0)})
			} else if hurtWords[word(i+2)] {
				out = append(out, casualty{pos: i, fat: intp(0), inj: intp(0)})
			}
			continue
		}
		// "Unknown fatalities coded as 10", "coded fatality to one": a note
		// that says how its dead were counted.
		if w == "coded" {
			k := i + 1
			named := deathNouns[word(i-1)] || deathNouns[word(i-2)] || deathNouns[word(i-3)]
			if deathNouns[word(k)] {
				named, k = true, k+1
			}
			if named && (word(k) == "as" || word(k) == "to" || word(k) == "at") {
				if n, ok := parseCount(word(k + 1)); ok && word(k+1) != "a" && word(k+1) != "an" {
					out = append(out, casualty{pos: i, fat: intp(n)})
					continue
				}
			}
		}
		// "leading to the death of a child", "the death of the driver".
		if (w == "killing" || w == "death") && word(i+1) == "of" && word(i-1) == "the" &&
			(word(i+2) == "a" || word(i+2) == "an" || word(i+2) == "the" || word(i+2) == "one") && victimNouns[word(i+3)] && !strings.HasSuffix(word(i+3), "s") {
			out = append(out, casualty{pos: i, fat: intp(1)})
			continue
		}
		// "the killing of 4 civilians", "caused the death of 25 people".
		if (w == "killing" || deathNouns[w]) && word(i+1) == "of" && word(i-1) == "the" {
			k := i + 2
			for countQualifiers[word(k)] {
				k++
			}
			if n, ok := parseCount(word(k)); ok && word(k) != "a" && word(k) != "an" && toks[k].word {
				out = append(out, casualty{pos: i, fat: intp(n)})
				i = k
				continue
			}
		}
		// "killing her", "killing him", "killing the driver": one victim.
		if (w == "killing" || w == "killed") && (word(i+1) == "her" || word(i+1) == "him" ||
			word(i+1) == "the" && victimNouns[word(i+2)] && !strings.HasSuffix(word(i+2), "s")) {
			out = append(out, casualty{pos: i, fat: intp(1)})
			continue
		}
		// "the bodies of 5 men were found", "the corpses of two shepherds".
		if bodyNouns[w] && word(i+1) == "of" {
			k := i + 2
			for countQualifiers[word(k)] {
				k++
			}
			if n, ok := parseCount(word(k)); ok && word(k) != "a" && word(k) != "an" && toks[k].word {
				out = append(out, casualty{pos: i, fat: intp(n)})
				i = k
				continue
			}
		}
		// "A commander was found dead", "succumbed to his wounds": one dead.
		if w == "found" && word(i+1) == "dead" && word(i-1) == "was" ||
			w == "succumbed" && word(i+1) == "to" && (word(i+2) == "his" || word(i+2) == "her" || word(i+2) == "wounds" || word(i+2) == "injuries") {
			out = append(out, casualty{pos: i, fat: intp(1)})
			continue
		}
		// "executed 6 civilians", "gunned down two policemen".
		if w == "executed" || w == "executing" || w == "massacred" || w == "down" && word(i-1) == "gunned" {
			k := i + 1
			for countQualifiers[word(k)] {
				k++
			}
			if n, ok := parseCount(word(k)); ok && toks[k].word && word(k) != "a" && word(k) != "an" && victimNouns[word(k+1)] {
				out = append(out, casualty{pos: i, fat: intp(n)})
				i = k
				continue
			}
		}
		// "shot dead a judicial investigator", "gunned down a man": one dead,
		// whoever it was.
		if (w == "dead" && word(i-1) == "shot" || w == "down" && word(i-1) == "gunned") && (word(i+1) == "a" || word(i+1) == "an") {
			out = append(out, casualty{pos: i, fat: intp(1)})
			continue
		}
		// "killing at least 50 people", "wounding 12".
		if killWords[w] || hurtWords[w] {
			k := i + 1
			for countQualifiers[word(k)] {
				k++
			}
			if n, ok := parseCount(word(k)); ok && word(k) != "a" && word(k) != "an" && word(k) != "no" {
				if killWords[w] && (w != "dead" || word(i-1) == "shot") && w != "died" {
					out = append(out, casualty{pos: i, fat: intp(n)})
				} else if hurtWords[w] && w != "injuries" {
					out = append(out, casualty{pos: i, inj: intp(n)})
				}
				i = k
				continue
			}
			// "killed a civilian contractor", "wounding a soldier": one victim.
			if (word(k) == "a" || word(k) == "an") && (w != "dead" || word(i-1) == "shot") && w != "died" && w != "injuries" {
				one := false
				for j := k + 1; j <= k+3 && j < hi; j++ {
					if victimNouns[word(j)] {
						one = true
						break
					}
				}
				if one {
					// "killing a mother and her three children": one and three.
					n := 1 + kinCount(word, k+2, hi)
					if killWords[w] && w != "leaving" && w != "left" {
						out = append(out, casualty{pos: i, fat: intp(n)})
					} else if hurtWords[w] {
						out = append(out, casualty{pos: i, inj: intp(n)})
					}
					continue
				}
			}
			// "killed Qasem Soleimani": a named victim.
			if (w == "killed" || w == "killing") && k < hi && isNamePart(toks[k]) && !toks[k].num && toks[k].low != "the" {
				c := casualty{pos: i, named: 1}
				j := k
				for j < hi && (isNamePart(toks[j]) || toks[j].low == "bin") {
					j++
				}
				if word(j) == "and" && j+1 < hi && isNamePart(toks[j+1]) {
					c.named++
				}
				out = append(out, c)
				continue
			}
		}
		// "Abu Mahdi al-Muhandis was also killed".
		if (w == "was" || w == "were") && i > lo && (isNamePart(toks[i-1]) || appositiveName(toks, lo, i)) {
			k := i + 1
			if word(k) == "also" {
				k++
			}
			if word(k) == "killed" && !victimNouns[toks[i-1].low] {
				out = append(out, casualty{pos: i, named: 1})
				continue
			}
		}
		// "50 people were killed", "12 dead", "three soldiers wounded".
		n, ok := parseCount(w)
		if (w == "a" || w == "an") && victimNouns[word(i+1)] && word(i+2) == "and" {
			// "A man and his son were killed", "a woman and child were killed".
			j := i + 3
			if p := word(j); p == "his" || p == "her" || p == "their" || p == "a" || p == "an" {
				j++
			}
			for k := j; k < j+2 && k < hi; k++ {
				if victimNouns[word(k)] && (word(k+1) == "were" || word(k+1) == "have") {
					out = append(out, casualty{pos: i, fat: intp(2)})
					break
				}
			}
		}
		if (w == "a" || w == "an") && (victimNouns[word(i+1)] && (word(i+2) == "was" || word(i+2) == "has") ||
			victimNouns[word(i+2)] && (word(i+3) == "was" || word(i+3) == "has")) {
			n, ok = 1, true // "a shepherd was killed", "a young man was killed"
		} else if (w == "a" || w == "an") && victimNouns[word(i+1)] && (word(i+2) == "died" || word(i+2) == "later" && word(i+3) == "died") {
			out = append(out, casualty{pos: i, fat: intp(1)}) // "a man later died of his wounds"
			continue
		} else if w == "a" || w == "an" {
			ok = false
		}
		if ok && toks[i].num && len(w) == 4 && n >= 1900 && n <= 2100 {
			ok = false // "in January 2020": a year, not a count
		}
		if _, month := months[word(i+1)]; ok && month {
			ok = false // "On 9 November": a day, not a count
		}
		if ok && w != "no" && !strings.Contains(w, ":") {
			k := i + 1
			for k < hi && !toks[k].word && quoteMarks[toks[k].text] {
				k++ // "\"dozens\" were killed"
			}
			if word(k) == "of" && word(k+1) == "the" {
				k = i // "three of the officer's family were killed": see below
			}
			for j := 0; j < 3 && k > i && k < hi && word(k) != "" && !victimNouns[word(k)] && !killWords[word(k)] && !hurtWords[word(k)] && !deathNouns[word(k)] && !bodyNouns[word(k)]; j++ {
				k++
			}
			if k == i {
				k = i + 1
			}
			// "five bodies were found", "the 12 corpses recovered": the dead.
			if bodyNouns[word(k)] {
				out = append(out, casualty{pos: i, fat: intp(n)})
				i = k
				continue
			}
			victim := victimNouns[word(k)]
			for victimNouns[word(k)] {
				k++ // "a civilian man was killed"
			}
			// "10 soldiers and 21 militiamen were killed": both counted.
			if victim && word(k) == "and" {
				if m, ok := parseCount(word(k + 1)); ok && toks[k+1].word && word(k+1) != "a" && word(k+1) != "an" {
					for j := k + 2; j < hi && j <= k+5; j++ {
						if victimNouns[word(j)] {
							n += m
							k = j + 1
							break
						}
					}
				}
			}
			// "15 fighters of the Syrian army were killed", "three of the
			// officer's family were killed": step over the "of" phrase.
			if word(k) == "of" && (victim || k == i+1) && word(k+1) != "" {
				for j := k + 1; j < hi && j <= k+5; j++ {
					if tollAuxiliaries[word(j)] && word(j) != "to" {
						k = j
						break
					}
					if word(j) == "" {
						break
					}
				}
			}
			// "Seven civilians, including a child, were killed", "3
			// civilians (a woman and her sons) were killed": step over the
			// aside that follows the victims.
			if victim && k < hi && (toks[k].text == "," || toks[k].text == "(") {
				end := ","
				if toks[k].text == "(" {
					end = ")"
				}
				for j := k + 1; j < hi && j < k+10; j++ {
					if toks[j].text == end {
						k = j + 1
						break
					}
				}
			}
			// "are said to have been killed"
			if (word(k) == "are" || word(k) == "is" || word(k) == "were" || word(k) == "was") && word(k+1) == "said" && word(k+2) == "to" && word(k+3) == "have" {
				k += 4
			}
			// "two civilian deaths".
			if deathNouns[word(k)] && word(k) != "death" && word(k) != "fatality" {
				out = append(out, casualty{pos: i, fat: intp(n)})
				continue
			}
			for tollAuxiliaries[word(k)] {
				k++ // "were reportedly killed", "were reported killed", "had also been killed"
			}
			v := word(k)
			switch {
			case v == "shot" && (word(k+1) == "dead" || word(k+1) == "and" && word(k+2) == "killed"), v == "executed", v == "gunned" && word(k+1) == "down":
				out = append(out, casualty{pos: i, fat: intp(n)}) // "were shot dead", "were executed"
			case (killWords[v] && v != "leaving" && v != "left" && v != "kill"):
				out = append(out, casualty{pos: i, fat: intp(n)})
			case hurtWords[v] && v != "injuries":
				out = append(out, casualty{pos: i, inj: intp(n)})
			}
		}
		if w == "toll" {
			for k := i + 1; k < i+6 && k < hi; k++ {
				if n, ok := parseCount(word(k)); ok && toks[k].num {
					out = append(out, casualty{pos: i, fat: intp(n)})
					break
				}
			}
		}
	}
	return out
}

// kinCount reads "and her three children", "and his two sons" after a
// victim, from word index k on: the further victims counted, or 0.
func kinCount(word func(int) string, k, hi int) int {
	for j := k; j < k+3 && j < hi; j++ {
		if word(j) != "and" {
			continue
		}
		if p := word(j + 1); p != "her" && p != "his" && p != "their" {
			return 0
		}
		if n, ok := parseCount(word(j + 2)); ok && word(j+2) != "a" && word(j+2) != "an" && victimNouns[word(j+3)] {
			return n
		}
		return 0
	}
	return 0
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
