package incident

import "strings"

// trigger is one way reporters name an event. words is a phrase: each
// element lists alternatives separated by '|'. A parenthesised aside between
// words is skipped ("UAV (unmanned aerial vehicle) attacks"). The event type
// is the sub-event type's row of Taxonomy.
type trigger struct {
	words    []string
	sub      string
	strength float64
	// state: only a trigger when an armed actor, an aircraft or a weapon is
	// in the clause ("the U.S. struck", "warplanes targeted"); "a storm
	// struck" is no airstrike.
	state bool
	// verb: a verb form, so the subject before it is the attacker.
	verb bool
	// resolve names the rule that settles an ambiguous trigger's sub-event
	// type from its clause (see resolveSub); zero for none.
	resolve resolver
	// weak triggers ("killed", "explosion") name the event only when no
	// stronger trigger in the sentence does.
	weak bool
	// invasion: "invaded" tells of an attack only on a place after it
	// smaller than a country ("gunmen invaded the village of A"); a country
	// invaded ("invaded Kuwait") is a war, no incident of a day and place.
	invasion bool
	// death: the row tells only that people died or things fell; a mishap
	// the sentence names as the cause ("floods killed five", "winds
	// uprooted trees") makes it no incident of political violence.
	death bool
	// fight: the row names fighting outright ("clashes", "a firefight",
	// "exchanged fire"), not an attack that may come from afar ("were
	// attacked by rockets"): strikes and shelling at its place are part of
	// it.
	fight bool
	// crowd: the row is a protest only after people who protest as a
	// crowd ("farmers blocked the highway", not "militants blocked").
	crowd bool
	// purpose: the row is a protest only when its clause says what for
	// ("gathered in front of the governorate to demand water").
	purpose bool
}

// resolver settles a trigger whose sub-event type depends on its clause.
type resolver int

const (
	resolveNone resolver = iota
	// resolveBombing: "bombed" from the air (aircraft or a state force acting)
	// is an air strike, otherwise a remote explosive.
	resolveBombing
	// resolveTerritory: "captured", "took control of": a state force regains
	// territory, anyone else overtakes it.
	resolveTerritory
	// resolveAttack: "attacked", "opened fire", "killed": against armed men
	// it is an armed clash, otherwise an attack on civilians.
	resolveAttack
	// resolveProtest: a protest is peaceful unless the clause tells of force
	// used on it or of protesters turning violent.
	resolveProtest
	// resolveUnderFire: "came under fire": armed men coming under fire are
	// in a clash, anyone else is attacked.
	resolveUnderFire
	// resolveRaid: a raid with aircraft in its sentence is an air strike,
	// on the ground an attack, or a clash on armed men.
	resolveRaid
	// resolveSniper: sniper fire that hits civilians is an attack on them,
	// otherwise a clash between armed men.
	resolveSniper
	// resolveClash: protesters clashing with police riot (a violent
	// demonstration); anyone else clashing is armed.
	resolveClash
	// resolveDropped: bombs are planted, unless aircraft before them in
	// the clause dropped them ("warplanes dropped four bombs on A").
	resolveDropped
)

// triggers is the one table of trigger phrases; longer phrases win where two
// match at the same word.
var triggers = []trigger{
	// Explosions/Remote violence.
	{words: w("airstrike|airstrikes|air-strike|air-strikes|airstrike's|airraid|airraids"), sub: SubAirStrike, strength: 0.95},
	{words: w("air", "strike|strikes|raid|raids|attack|attacks|bombardment|bombing"), sub: SubAirStrike, strength: 0.95},
	{words: w("drone|drones|uav|uavs|one-way", "strike|strikes|attack|attacks"), sub: SubAirStrike, strength: 0.9},
	{words: w("one-way", "uav|uavs|drone|drones", "attack|attacks|strike|strikes"), sub: SubAirStrike, strength: 0.9},
	{words: w("drones|drone", "and", "missiles|rockets"), sub: SubAirStrike, strength: 0.9},
	{words: w("kamikaze|suicide|loitering|armed", "drone|drones"), sub: SubAirStrike, strength: 0.85},
	// "launched drones at an oil facility": drones sent against a target.
	{words: w("launched|launch|launches|launching|fired|fire|fires|firing|sent|flew", "drones|drone|uavs|uav"), sub: SubAirStrike, strength: 0.9},
	{words: w("launched|launch|launches|launching|fired|fire|fires|firing|sent|flew", "a|an|two|three|several|multiple|armed|explosive-laden|explosive|kamikaze|suicide|attack", "drones|drone|uavs|uav"), sub: SubAirStrike, strength: 0.9},
	// "launched an explosive-laden drone", "fired two armed drones".
	{words: w("launched|launch|launches|launching|fired|fire|fires|firing|sent|flew", "a|an|two|three|four|five|several|multiple|dozens|the",
		"armed|explosive-laden|explosives-laden|bomb-laden|explosive|kamikaze|suicide|attack|one-way", "drones|drone|uavs|uav"), sub: SubAirStrike, strength: 0.9},
	{words: w("barrel", "bomb|bombs"), sub: SubAirStrike, strength: 0.95},
	// "a guided bomb hit a building": bombs dropped from aircraft.
	{words: w("guided|glide|gliding|aerial|air-dropped|airdropped|laser-guided", "bomb|bombs"), sub: SubAirStrike, strength: 0.95},
	{words: w("explosive", "barrel|barrels"), sub: SubAirStrike, strength: 0.95},
	{words: w("bombed|bombing|bombings|bombardment|bombardments|bombarded|bombard|bombards"), sub: SubAirStrike, strength: 0.7, verb: true, resolve: resolveBombing},
	{words: w("struck|strikes|strike|striking|pounded|pounding"), sub: SubAirStrike, strength: 0.75, state: true, verb: true},
	{words: w("targeted|targeting|hit|hitting"), sub: SubAirStrike, strength: 0.6, state: true, verb: true},
	// A raid from the air is a strike; on the ground ("gunmen raided the
	// village") an attack, or a clash on armed men.
	{words: w("raided|raids|raid"), sub: SubAirStrike, strength: 0.6, state: true, verb: true, resolve: resolveRaid},

	{words: w("rocket|rockets|missile|missiles|shelling|shelled|shells|shell|artillery|mortar|mortars|katyusha|katyushas|barrage|projectile|projectiles|howitzer|howitzers|mlrs|grad|atgm|atgms|anti-tank"), sub: SubShelling, strength: 0.85},
	{words: w("rocket|missile|mortar|artillery|tank", "attack|attacks|strike|strikes|fire|shells|rounds"), sub: SubShelling, strength: 0.95},
	{words: w("shelling|shelled|shells|mortars|rockets|missiles", "and|or", "airstrikes|air"), sub: SubShelling, strength: 0.95},

	{words: w("ied|ieds|vbied|vbieds|landmine|landmines|roadside|booby-trap|booby-trapped|booby-traps|sticky|mine|mines|uxo|minefield"), sub: SubIED, strength: 0.85},
	{words: w("roadside|sticky|magnetic|improvised", "bomb|bombs|bombing|device|devices|explosive|explosives"), sub: SubIED, strength: 0.95},
	{words: w("land", "mine|mines"), sub: SubIED, strength: 0.9},
	{words: w("car|truck|bicycle|motorcycle|motorbike|vehicle", "bomb|bombs|bombing|bomber"), sub: SubIED, strength: 0.95},
	{words: w("explosive", "device|devices|belt|charge|charges"), sub: SubIED, strength: 0.9},
	{words: w("bomb|bombs|explosives"), sub: SubIED, strength: 0.7, resolve: resolveDropped},
	{words: w("explosion|explosions|blast|blasts|exploded|explodes|detonated|detonation|detonates|blew"), sub: SubIED, strength: 0.6, weak: true},

	{words: w("suicide", "bomber|bombers|bomb|bombing|bombings|attack|attacks|attacker|attackers|vest|belt|car"), sub: SubSuicide, strength: 0.95},
	{words: w("blew", "himself|herself|themselves"), sub: SubSuicide, strength: 0.95},
	// Suicide vehicle- and person-borne IEDs.
	{words: w("svbied|svbieds|pbied|pbieds"), sub: SubSuicide, strength: 0.85},
	{words: w("grenade|grenades"), sub: SubGrenade, strength: 0.85},
	{words: w("chemical|chlorine|sarin|toxic|poison", "attack|attacks|gas|weapons|weapon|agent|bombs|shells|substance"), sub: SubChemical, strength: 0.95},

	// Battles.
	{words: w("clashes|clashed|clash|clashing|skirmish|skirmishes|skirmished|confrontations|confrontation"), sub: SubArmedClash, strength: 0.85, resolve: resolveClash, fight: true},
	{words: w("firefight|firefights|gunfight|gunfights|gunbattle|gunbattles|engagement|engagements"), sub: SubArmedClash, strength: 0.85, fight: true},
	// An ambush on armed men is a battle; on a bus of miners, an attack.
	{words: w("ambush|ambushed|ambushes|ambushing"), sub: SubArmedClash, strength: 0.85, resolve: resolveAttack},
	{words: w("battle|battles|battled|battling|fighting|fought|fights|combat"), sub: SubArmedClash, strength: 0.6, fight: true},
	{words: w("exchange|exchanges", "of", "fire|gunfire|shelling|shots|targeting|artillery"), sub: SubArmedClash, strength: 0.85, fight: true},
	{words: w("exchanged|exchanging|trade|traded|trading", "fire|gunfire|shelling|shots|artillery|targeting"), sub: SubArmedClash, strength: 0.85, fight: true},
	{words: w("repelled|repulsed|foiled|thwarted", "an|a|the", "attack|attacks|infiltration|assault|advance|offensive"), sub: SubArmedClash, strength: 0.9},
	// "forces repelled Russian attacks near A": armed men drove an attack back.
	{words: w("repelled|repulsed"), sub: SubArmedClash, strength: 0.8, state: true, verb: true},
	{words: w("repelled|repulsed|foiled|thwarted|repel|repulse|foil|thwart", "an|a|the", "attempted|major|large|large-scale|massive|fresh|new|ground|failed|surprise|night|dawn|heavy|renewed|fierce",
		"attack|attacks|infiltration|assault|advance|offensive|incursion"), sub: SubArmedClash, strength: 0.9},
	{words: w("military", "operation|operations|offensive|campaign"), sub: SubArmedClash, strength: 0.7},
	{words: w("operation|operations|offensive|offensives|raids|assault|assaults|campaign|campaigns|advance|advanced|advancing", "against"), sub: SubArmedClash, strength: 0.75, resolve: resolveAttack},
	{words: w("infiltration|assault|assaults|offensive|offensives|counteroffensive|counter-offensive|counter-attack|counterattack|counterattacks|incursion|incursions"), sub: SubArmedClash, strength: 0.7},
	{words: w("sniper|snipers|sniped|sniping"), sub: SubArmedClash, strength: 0.7, resolve: resolveSniper},
	{words: w("attacked|attack|attacks|attacking|assaulted|stormed|storming|ambushed|raided", "positions|position|checkpoint|checkpoints|post|posts|base|bases|convoy|patrol|troops|soldiers|forces|fighters|militants|barracks"), sub: SubArmedClash, strength: 0.9},
	{words: w("recaptured|recapture|recapturing|retook|retake|retaken|retaking|regained|regain|regaining|liberated|liberate|liberation|reclaimed|reclaim|reclaiming"), sub: SubGovRegains, strength: 0.85, resolve: resolveTerritory},
	{words: w("restored|restore|restoring|reasserted|reassert", "control|full|its|their"), sub: SubGovRegains, strength: 0.85, resolve: resolveTerritory},
	{words: w("captured|capture|seized|seize|seizure|overran|overrun|took|take|taken|taking|gained|gain|gaining|wrested", "control|over|hold"), sub: SubNonStateOvertakes, strength: 0.85, resolve: resolveTerritory},
	{words: w("captured|seized|overran|overrun|occupied"), sub: SubNonStateOvertakes, strength: 0.8, resolve: resolveTerritory},
	{words: w("capture|captures|capturing|seize|seizes|seizing"), sub: SubNonStateOvertakes, strength: 0.7, resolve: resolveTerritory, weak: true},
	{words: w("established|establish|establishes|establishing|consolidated|consolidate|consolidating|imposed|impose|extended|extend|assumed|assume", "control|full|their|its"), sub: SubNonStateOvertakes, strength: 0.8, resolve: resolveTerritory},
	{words: w("advanced|advance|advances|advancing", "into|on|towards|toward"), sub: SubNonStateOvertakes, strength: 0.6, resolve: resolveTerritory, weak: true},
	{words: w("made|make|makes|making", "advances|gains"), sub: SubNonStateOvertakes, strength: 0.6, resolve: resolveTerritory, weak: true},
	// "came under fire", "came under heavy shelling": attacked, by whom the
	// clause may not say.
	{words: w("came|come|comes|coming|went|go|goes|going", "under", "fire|gunfire|attack|attacks|shelling|bombardment"), sub: SubArmedClash, strength: 0.8, resolve: resolveUnderFire, weak: true},
	{words: w("came|come|comes|coming|went|go|goes|going", "under", "heavy|intense|sustained|sporadic|sniper|enemy|small-arms|machine-gun|mortar|rocket|artillery", "fire|gunfire|attack|attacks|shelling|bombardment"), sub: SubArmedClash, strength: 0.85, resolve: resolveUnderFire, weak: true},
	{words: w("anti-aircraft|antiaircraft", "fire|gun|guns|missile|missiles|weapons|defences|defenses"), sub: SubArmedClash, strength: 0.75},
	{words: w("entered|enter|entering|stormed|storming|overran|encircled|besieged|surrounded"), sub: SubNonStateOvertakes, strength: 0.45, resolve: resolveTerritory, weak: true},

	// Violence against civilians (or a clash when the victims are armed).
	{words: w("massacre|massacred|massacres|executed|execution|executions|assassinated|assassination|assassinations|murdered|murder|murders|beheaded|tortured|torture|stabbed|stabbing|slaughtered"), sub: SubAttack, strength: 0.85, resolve: resolveAttack},
	{words: w("killed|killing|kills|kill|shot|murdered|targeted|attacked", "civilians|civilian|villagers|worshippers|protesters|demonstrators|residents|farmers|shepherd|shepherds|children|women|man|woman|boy|girl|journalist|teacher"), sub: SubAttack, strength: 0.85},
	{words: w("opened|open|opening", "fire"), sub: SubAttack, strength: 0.8, resolve: resolveAttack},
	// "opened heavy fire", "opened machine-gun fire", "opened heavy machine gun fire".
	{words: w("opened|open|opening", "heavy|live|indiscriminate|intense|automatic|sniper|random|machine-gun|machinegun|small-arms|rifle|tank|artillery", "fire"), sub: SubAttack, strength: 0.8, resolve: resolveAttack},
	{words: w("opened|open|opening", "heavy|indiscriminate|intense|automatic", "machine-gun|machinegun|sniper|rifle|artillery|tank", "fire"), sub: SubAttack, strength: 0.8, resolve: resolveAttack},
	{words: w("opened|open|opening", "heavy|indiscriminate|intense|automatic|light", "machine", "gun", "fire"), sub: SubAttack, strength: 0.8, resolve: resolveAttack},
	{words: w("opened|open|opening", "machine", "gun", "fire"), sub: SubAttack, strength: 0.8, resolve: resolveAttack},
	{words: w("gunned|gun|guns|gunning", "down"), sub: SubAttack, strength: 0.85, resolve: resolveAttack},
	// "fired on YPG positions", "fired at a car": shots, whoever took them.
	{words: w("fired|firing", "on|at|upon|into"), sub: SubAttack, strength: 0.75, resolve: resolveAttack, verb: true},
	{words: w("gunmen|gunman|assailants|attackers|assailant"), sub: SubAttack, strength: 0.6, resolve: resolveAttack, weak: true},
	{words: w("shot|shooting|shootings|shoots|gunfire|gunshot|gunshots"), sub: SubAttack, strength: 0.7, resolve: resolveAttack},
	{words: w("attacked|attack|attacking|assaulted|assailed|assailing"), sub: SubAttack, strength: 0.7, resolve: resolveAttack},
	{words: w("invaded|invading|invades"), sub: SubAttack, strength: 0.7, resolve: resolveAttack, weak: true, invasion: true},
	{words: w("killed|killing|killings|kills|kill|dead|died|death|deaths|bodies|body|corpse|corpses|wounded|injured"), sub: SubAttack, strength: 0.5, resolve: resolveAttack, weak: true, death: true},
	{words: w("found|discovered", "dead|killed|murdered|shot|executed"), sub: SubAttack, strength: 0.8},
	{words: w("kidnapped|kidnapping|kidnappings|kidnap|kidnaps|abducted|abduction|abductions|abduct|abducts|hostage|hostages|disappeared|disappearance|abducting"), sub: SubAbduction, strength: 0.9},
	{words: w("raped|rape|rapes|gang-raped"), sub: SubSexualViolence, strength: 0.9},
	{words: w("sexual|sexually", "violence|assault|assaulted|abuse|abused"), sub: SubSexualViolence, strength: 0.9},

	// Protests and riots.
	{words: w("protest|protests|protested|protesting|protesters|protestors|demonstration|demonstrations|demonstrated|demonstrators|demonstrating|rally|rallies|rallied|marched|march|marches|sit-in|sit-ins|vigil|picket|picketed"), sub: SubPeacefulProtest, strength: 0.8, resolve: resolveProtest},
	{words: w("took|take|taking|taken|takes", "to", "the", "streets"), sub: SubPeacefulProtest, strength: 0.85, resolve: resolveProtest},
	// "farmers blocked the highway", "truckers blockaded the border crossing".
	{words: w("blocked|blockaded|blocking|barricaded"), sub: SubPeacefulProtest, strength: 0.7, resolve: resolveProtest, crowd: true},
	// "residents gathered in front of the governorate to demand water".
	{words: w("gathered|assembled|congregated"), sub: SubPeacefulProtest, strength: 0.7, resolve: resolveProtest, purpose: true},
	// "police dispersed a crowd with tear gas": force on a gathering.
	{words: w("dispersed|disperse|dispersing|disperses", "a|the|an|hundreds|thousands|dozens", "crowd|crowds|protest|protests|protesters|protestors|demonstration|demonstrations|demonstrators|rally|rallies|gathering|sit-in|march|marchers"), sub: SubProtestIntervention, strength: 0.8, resolve: resolveProtest},
	{words: w("dispersed|disperse|dispersing|disperses", "crowds|protests|protesters|protestors|demonstrations|demonstrators|rallies|marchers"), sub: SubProtestIntervention, strength: 0.8, resolve: resolveProtest},
	// "thousands gathered in the square, chanting against corruption".
	{words: w("chanting|chanted", "slogans|against|anti-government|anti-regime|death"), sub: SubPeacefulProtest, strength: 0.75, resolve: resolveProtest},
	{words: w("riot|riots|rioted|rioting|rioters"), sub: SubViolentDemonstration, strength: 0.9},
	// Workers' strikes are protests: "went on strike", "a general strike".
	{words: w("went|go|going|goes|were|are", "on", "strike"), sub: SubPeacefulProtest, strength: 0.85, resolve: resolveProtest},
	{words: w("went|go|going|goes|were|are", "on", "a|an", "strike|open-ended"), sub: SubPeacefulProtest, strength: 0.85, resolve: resolveProtest},
	{words: w("general|labor|labour|workers|hunger|sit-down", "strike|strikes"), sub: SubPeacefulProtest, strength: 0.8, resolve: resolveProtest},
	{words: w("staged|stage|staging|held|hold|holding", "a|an", "strike|walkout"), sub: SubPeacefulProtest, strength: 0.8, resolve: resolveProtest},
	// Stones and petrol bombs thrown by a crowd: a riot.
	{words: w("threw|throw|throwing|hurled|hurling|pelted|pelting", "stones|rocks|molotov|molotovs|petrol|firebombs|fire-bombs|bottles|bricks"), sub: SubViolentDemonstration, strength: 0.85},
	{words: w("threw|throw|throwing|hurled|hurling", "molotov|petrol", "cocktails|bombs"), sub: SubViolentDemonstration, strength: 0.9},
	{words: w("stone-throwing|stone-throwers|molotov"), sub: SubViolentDemonstration, strength: 0.75},
	{words: w("mob|mobs|vigilante|vigilantes"), sub: SubMobViolence, strength: 0.85},
	// "residents lynched a suspected thief": a crowd's killing, whoever
	// the crowd is.
	{words: w("lynched"), sub: SubMobViolence, strength: 0.85},

	// Strategic developments.
	{words: w("arrested|arrest|arrests|arresting|detained|detain|detaining|detention|detentions|rounded|round-up|raid-and-arrest"), sub: SubArrests, strength: 0.75},
	{words: w("ceasefire|cease-fire|truce|reconciliation|agreement|accord|deal|treaty"), sub: SubAgreement, strength: 0.6},
	// "agreed to a prisoner exchange": a deal made, not one talked of.
	{words: w("agreed|agree|agrees", "to|on", "a|an|the", "prisoner|prisoners|detainee|detainees", "exchange|swap|release"), sub: SubAgreement, strength: 0.75},
	{words: w("defused|dismantled|intercepted|disarmed|diffused|neutralized|neutralised"), sub: SubDisruptedWeapons, strength: 0.8},
	{words: w("shot|shoot|shooting|brought", "down"), sub: SubDisruptedWeapons, strength: 0.85},
	{words: w("controlled", "detonation|explosion"), sub: SubDisruptedWeapons, strength: 0.9},
	// A depot is the event's place, not the event, unless it is seized or
	// found: "an explosion at an ammunition depot" is an explosion.
	{words: w("weapons|arms|ammunition|munitions|explosives", "cache|caches|seized|confiscated|found"), sub: SubDisruptedWeapons, strength: 0.8},
	{words: w("seized|captured|found|discovered|uncovered|confiscated", "a|an|the", "weapons|arms|ammunition|munitions|explosives", "cache|caches|depot|depots|store|stores|stockpile"), sub: SubDisruptedWeapons, strength: 0.85},
	{words: w("seized|found|discovered|uncovered|confiscated", "weapons|arms|ammunition|munitions|explosives"), sub: SubDisruptedWeapons, strength: 0.8},
	{words: w("seized|captured|found|discovered|uncovered|confiscated", "a|an|the", "large|huge|big|small|major|massive|sizeable|hidden", "weapons|arms|ammunition|munitions|explosives", "cache|caches|depot|depots|store|stores|stockpile"), sub: SubDisruptedWeapons, strength: 0.85},
	{words: w("looted|looting|lootings|plundered|pillaged|ransacked|torched|burned|burnt|demolished|demolition|demolitions|bulldozed|razed|vandalized|vandalised"), sub: SubLooting, strength: 0.75},
	{words: w("destroyed|destroying|destroys|damaged"), sub: SubLooting, strength: 0.55, weak: true, death: true}, // "an earthquake destroyed villages": no one did
	{words: w("set", "fire|ablaze"), sub: SubLooting, strength: 0.75},
	// "settlers uprooted olive trees": property destroyed, unless a storm
	// felled the trees.
	{words: w("uprooted|uprooting"), sub: SubLooting, strength: 0.75, death: true},
	{words: w("withdrew|withdrawn|withdrawal|handed|handover|hand-over|evacuated|evacuation"), sub: SubNonViolentTransfer, strength: 0.55, weak: true},
	{words: w("established|set|setting|opened", "up|a|new", "base|headquarters|checkpoint|checkpoints|position|outpost|bases|post|posts"), sub: SubHeadquarters, strength: 0.8},
	{words: w("established|set|setting|opened|built", "up|a|an", "new|military|army|forward|temporary|permanent", "base|headquarters|checkpoint|checkpoints|position|outpost|bases|camp|post|posts"), sub: SubHeadquarters, strength: 0.8},
	{words: w("set|setting", "up", "a|an|new", "base|headquarters|checkpoint|checkpoints|position|outpost|bases|camp|post|posts"), sub: SubHeadquarters, strength: 0.8},
	{words: w("set|setting", "up", "a|an", "new|military|army|forward|temporary|permanent", "base|headquarters|checkpoint|checkpoints|position|outpost|bases|camp|post|posts"), sub: SubHeadquarters, strength: 0.8},
	{words: w("set|setting", "up", "a|an", "new|forward|temporary|permanent", "military|army", "base|headquarters|checkpoint|checkpoints|position|outpost|bases|camp|post|posts"), sub: SubHeadquarters, strength: 0.8},
	{words: w("established|opened|built", "a|an", "new|forward|temporary|permanent", "military|army", "base|headquarters|checkpoint|checkpoints|position|outpost|bases|camp|post|posts"), sub: SubHeadquarters, strength: 0.8},
	{words: w("patrol|patrols|patrolled|patrolling|deployed|deployment|deploy|reinforcements|reinforced|mobilized|mobilised|recruited|recruitment"), sub: SubOtherStrategic, strength: 0.55, weak: true},
	{words: w("defected|defection|defections|merged|merger|disbanded|dissolved"), sub: SubChangeToGroup, strength: 0.7},
}

func w(words ...string) []string { return words }

// airWords in a clause make a verb like "struck" or "bombed" an airstrike
// even without a named state actor.
var airWords = map[string]bool{
	"warplane": true, "warplanes": true, "jet": true, "jets": true, "aircraft": true, "helicopter": true,
	"helicopters": true, "drone": true, "drones": true, "air": true, "bomber": true, "bombers": true,
	"gunship": true, "gunships": true, "plane": true, "planes": true, "airplane": true, "airplanes": true, "aerial": true, "f-16": true, "f-15": true, "f-35": true,
	"coalition": true, // "a Saudi-led coalition strike", "coalition raids"
}

// notTrigger vetoes a match from the word before it: "hunger strike",
// "legal battle".
var notTrigger = map[string]bool{
	"hunger": true, "general": true, "labor": true, "labour": true, "workers": true, "legal": true,
	"political": true, "court": true, "uphill": true, "electoral": true, "lucky": true, "first": true,
	"without": true, // "handed the town over without fighting"
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
	if !toks[i].word {
		return best, false
	}
	for _, ct := range triggersByFirst[toks[i].low] {
		k := i + 1
		ok := true
		for _, alts := range ct.rest {
			k = skipAside(toks, k, hi)
			if k >= hi || !toks[k].word || !alts[toks[k].low] {
				ok = false
				break
			}
			k++
		}
		if !ok {
			continue
		}
		if !found || k-i > best.hi-best.lo {
			best, found = match{lo: i, hi: k, t: ct.t}, true
		}
	}
	if found && i > 0 && notTrigger[toks[i-1].low] && TypeOf(best.t.sub) != TypeProtests {
		return match{}, false // but "workers staged a strike" protest
	}
	// "an armed strike" (Colombia's paro armado) is a shutdown armed
	// men impose, no strike from the air.
	if found && i > 0 && toks[i-1].low == "armed" && (toks[i].low == "strike" || toks[i].low == "strikes") {
		return match{}, false
	}
	if found && best.t.crowd && !crowdBefore(toks, i) {
		return match{}, false
	}
	if found && best.t.purpose && !protestPurpose(toks, i+1, hi) {
		return match{}, false
	}
	if found && best.t.death && sentencedBefore(toks, i) {
		return match{}, false // "a court sentenced 15 people to death": no killing yet
	}
	if found && (toks[i].low == "mine" || toks[i].low == "mines") && i > 0 && minedGoods[toks[i-1].low] {
		return match{}, false // "a gold mine" is dug, not laid
	}
	if found && best.hi == i+1 && heldParticiples[toks[i].low] && i > 0 && heldBefore[toks[i-1].low] && i+1 < hi && toks[i+1].word && toks[i+1].low != "by" {
		return match{}, false // "in the occupied West Bank", "the captured town": what is held, not a taking
	}
	return best, found
}

// crowdBefore: people who act as a crowd are the subject right before
// the verb at i ("hundreds of farmers blocked", "angry residents
// barricaded"; not "workers found debris blocking a sewer").
func crowdBefore(toks []tok, i int) bool {
	k := i - 1
	for k > 0 && toks[k].word && (toks[k].low == "also" || toks[k].low == "again" || toks[k].low == "then" || toks[k].low == "had" || toks[k].low == "have") {
		k--
	}
	return k >= 0 && toks[k].word && (crowdWords[toks[k].low] || protesterWords[toks[k].low] || blockers[toks[k].low])
}

// protestPurpose: the words after a gathering, up to the sentence's end,
// say what it was for: "to demand", "to denounce", "calling for",
// "against the decision".
func protestPurpose(toks []tok, lo, hi int) bool {
	for k := lo; k < hi && k < lo+15; k++ {
		if !toks[k].word {
			if toks[k].text == "." || toks[k].text == ";" {
				return false
			}
			continue
		}
		switch w := toks[k].low; w {
		case "demand", "demanding", "denounce", "denouncing", "condemn", "condemning", "protest", "protesting",
			"against", "calling", "reject", "rejecting", "decry", "decrying", "chanting":
			return w != "against" || k > lo
		}
	}
	return false
}

// blockers are people who block roads in protest.
var blockers = map[string]bool{
	"farmers": true, "truckers": true, "drivers": true, "traders": true, "merchants": true, "teachers": true,
	"miners": true, "taxi": true, "transporters": true, "locals": true, "inhabitants": true, "women": true,
	"motorists": true, "farmworkers": true, "indigenous": true, "communities": true, "relatives": true, "families": true,
}

// sentencedBefore: "to death" at i follows a sentence passed ("sentenced
// 15 people to death", "condemned him to death").
func sentencedBefore(toks []tok, i int) bool {
	if i < 1 || toks[i-1].low != "to" {
		return false
	}
	for k := i - 2; k >= 0 && k >= i-8; k-- {
		switch toks[k].low {
		case "sentenced", "sentence", "sentences", "sentencing", "condemned", "condemning", "condemns":
			return true
		}
		if !toks[k].word && toks[k].text != "," {
			return false
		}
	}
	return false
}

// minedGoods name what a mine digs for: "an attack on a gold mine".
var minedGoods = map[string]bool{
	"gold": true, "coal": true, "copper": true, "diamond": true, "diamonds": true, "salt": true, "iron": true,
	"tin": true, "uranium": true, "phosphate": true, "lithium": true, "cobalt": true, "coltan": true,
	"artisanal": true, "open-pit": true, "opencast": true, "silver": true, "zinc": true, "bauxite": true,
	"emerald": true, "jade": true, "ruby": true, "manganese": true, "nickel": true, "quarry": true,
}

// heldParticiples, after heldBefore, describe ground held ("the occupied
// West Bank", "in occupied Crimea"), not a taking of it.
var heldParticiples = map[string]bool{
	"occupied": true, "captured": true, "seized": true, "besieged": true, "encircled": true, "overrun": true,
}

var heldBefore = map[string]bool{
	"the": true, "a": true, "an": true, "in": true, "of": true, "from": true, "across": true, "into": true,
	"newly": true, "recently": true, "formerly": true, "partially": true, "partly": true, "illegally": true,
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

// compiledTrigger is a trigger with the alternatives of its words after
// the first as sets.
type compiledTrigger struct {
	t    *trigger
	rest []map[string]bool
}

// triggersByFirst indexes the triggers by each alternative of their first
// word, so that a token is matched against the few triggers it can start.
var triggersByFirst = func() map[string][]compiledTrigger {
	m := map[string][]compiledTrigger{}
	for ti := range triggers {
		t := &triggers[ti]
		ct := compiledTrigger{t: t}
		for _, alts := range t.words[1:] {
			set := map[string]bool{}
			for _, a := range strings.Split(alts, "|") {
				set[a] = true
			}
			ct.rest = append(ct.rest, set)
		}
		for _, a := range strings.Split(t.words[0], "|") {
			m[a] = append(m[a], ct)
		}
	}
	return m
}()

// triggerFirstWord reports whether a word can start a trigger.
func triggerFirstWord(w string) bool {
	_, ok := triggersByFirst[w]
	return ok
}
