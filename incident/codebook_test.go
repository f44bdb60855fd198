package incident

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
	"time"
	"unicode"

	"github.com/paulmach/orb"
	"golang.org/x/text/unicode/norm"
)

// TestCodebookSentences: every event type of the codebook, read from
// sentences in the shapes reporting uses (active, passive, nominal, the
// terse note form), each written for this test.
func TestCodebookSentences(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		sub        string
		place      string // a substring of the incident's location
		geoPrec    int
		fatalities int // -1: not checked
	}{
		{"shelled object", "Government artillery shelled the town of Saraqib.", SubShelling, "Saraqib", 1, -1},
		{"a base set up", "Rebel fighters set up a new military base near Kirkuk.", SubHeadquarters, "Kirkuk", 2, -1},
		{"sniper fire on civilians is an attack", "Two women were wounded by sniper fire in Saraqib.", SubAttack, "Saraqib", 1, -1},
		{"protesters clashing with police riot", "Police clashed with demonstrators in Kirkuk.", SubViolentDemonstration, "Kirkuk", 1, -1},
		{"an explosion at a depot is an explosion", "An explosion at an ammunition depot near Kirkuk killed two guards.", SubIED, "Kirkuk", 2, 2},
		{"a depot seized", "Troops seized an ammunition depot near Kirkuk.", SubDisruptedWeapons, "Kirkuk", 2, -1},
		{"a large cache seized", "Police seized a large weapons cache on a farm near Kirkuk.", SubDisruptedWeapons, "Kirkuk", 2, -1},
		{"a town handed over without fighting", "The militia withdrew from Saraqib and handed it to the army without fighting.", SubNonViolentTransfer, "Saraqib", 2, -1},
		{"a crowd chanting slogans", "Hundreds gathered outside the governor's office in Basra, chanting slogans against corruption.", SubPeacefulProtest, "Basra", 1, -1},
		{"people who have taken to the streets", "Teachers have taken to the streets of Basra over unpaid wages.", SubPeacefulProtest, "Basra", 1, -1},
		{"a town taken by a state's forces named after the verb", "Tikrit was captured by Iraqi forces.", SubGovRegains, "Tikrit", 1, -1},
		{"people captured by a state's forces are arrested", "Two dozen Uighurs were captured by U.S. forces in Kandahar.", SubArrests, "Kandahar", 1, -1},
		{"positions captured are territory", "The positions were captured by the army near Saraqib.", SubGovRegains, "Saraqib", 2, -1},
		{"a word of manner between the capture and its agent", "Tikrit was captured swiftly by Iraqi forces.", SubGovRegains, "Tikrit", 1, -1},
		{"a person captured is no territory taken", "Omar Zqarta was captured in Mosul.", SubAbduction, "Mosul", 1, -1},
		{"attacks repelled, no article before them", "Ukrainian forces repelled Russian attacks near Bakhmut.", SubArmedClash, "Bakhmut", 2, -1},
		{"workers on strike", "Dock workers staged a strike in Basra.", SubPeacefulProtest, "Basra", 1, -1},
		{"warplanes that launched a strike", "Warplanes launched a strike on Saraqib.", SubAirStrike, "Saraqib", 1, -1},
		{"bombs dropped in a clause after the aircraft", "Jets carried out eight raids, dropping cluster bombs, on Saraqib.", SubAirStrike, "Saraqib", 1, -1},
		{"a bomb gunmen dropped", "Gunmen dropped a bomb into a well in Saraqib.", SubIED, "Saraqib", 1, -1},
		{"bombs dropped by aircraft", "Warplanes dropped four bombs on houses in Saraqib.", SubAirStrike, "Saraqib", 1, -1},
		{"a bomb planted near aircraft", "Militants planted a bomb near the helicopter base in Saraqib.", SubIED, "Saraqib", 1, -1},
		{"trees uprooted by people", "Settlers uprooted dozens of olive trees near Hebron.", SubLooting, "Hebron", 2, -1},
		{"a town taken without a fight", "Rebels took control of Saraqib without a fight.", SubNonViolentTransfer, "Saraqib", 2, -1},
		{"a town taken after a fight", "Rebels took control of Saraqib after a fight.", SubNonStateOvertakes, "Saraqib", 2, -1},
		{"an ambush on a military vehicle is a clash", "Rebel fighters ambushed a military truck near Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"sniper fire on soldiers is a clash", "Rebel snipers targeted army positions near Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"a city's suburb that is a town of its own", "Gunmen shot dead a shopkeeper in the Los Angeles suburb of Rosemead.", SubAttack, "Rosemead", 1, 1},
		{"a city's district the gazetteer lacks is in the city", "Gunmen shot dead a shopkeeper in the Zqarta district of Baghdad.", SubAttack, "Zqarta", 2, 1},
		{"rockets fired from one town to another fall on the second", "Militants fired three rockets from Afrin to Kilis.", SubShelling, "Kilis", 1, -1},
		{"an attack that killed soldiers is a clash", "Insurgents attacked the town of Saraqib at dawn, killing three soldiers.", SubArmedClash, "Saraqib", 1, 3},
		{"an attack that killed a farmer is an attack", "Insurgents attacked the town of Saraqib at dawn, killing a farmer.", SubAttack, "Saraqib", 1, 1},
		{"warplanes pounding towns", "Warplanes pounded the town of Saraqib.", SubAirStrike, "Saraqib", 1, -1},
		{"a village invaded by armed men", "Armed men invaded the village of Saraqib at night.", SubAttack, "Saraqib", 1, -1},
		{"a convoy came under fire", "An army convoy came under heavy fire on the road outside Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"a family car came under fire", "A family car came under fire on the road outside Kirkuk.", SubAttack, "Kirkuk", 2, -1},
		{"anti-aircraft fire", "Rebel anti-aircraft guns fired at a government helicopter over Saraqib.", SubArmedClash, "Saraqib", 1, -1},
		{"advances made are territory", "Rebel fighters made advances in the farmland around Saraqib.", SubNonStateOvertakes, "Saraqib", 2, -1},
		{"planes carry out raids", "Russian planes carried out raids on the town of Saraqib.", SubAirStrike, "Saraqib", 1, -1},
		{"helicopters drop explosive barrels", "Helicopters dropped explosive barrels on the town of Saraqib.", SubAirStrike, "Saraqib", 1, -1},
		{"control established is territory taken", "Rebel fighters established control over Saraqib.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"soldiers went under fire", "Soldiers went under fire near Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"operations against armed men are a clash", "Army units continued operations against militants in the hills near Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"aerial bombardments", "Two civilians died of wounds from aerial bombardments on Saraqib.", SubAirStrike, "Saraqib", 1, 2},
		{"a capture named as a noun", "Rebels announced the capture of Saraqib.", SubNonStateOvertakes, "Saraqib", 2, -1},
		{"fire opened with a named weapon", "Soldiers opened heavy machine gun fire on a bakery queue in Saraqib.", SubAttack, "Saraqib", 1, -1},
		{"a road's towns give way to the place along it", "Jets struck a fuel truck on the Damascus-Aleppo highway near Saraqib.", SubAirStrike, "Saraqib", 2, -1},
		{"a road's town alone is somewhere along the road", "A roadside bomb hit a bus on the Homs-Hama road.", SubIED, "Homs", 2, -1},
		{"territory reclaimed by the army", "The army reclaimed the town of Saraqib.", SubGovRegains, "Saraqib", 1, -1},
		{"control restored by rebels is taken by non-state men", "Rebels restored control over the town of Saraqib.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"rebels retaking a town are no government", "Rebels retook the town of Saraqib.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"rebels managing to gain control of a town", "Rebels managed to gain control over Saraqib.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"a town retaken, as the claim puts it", "Rebels say they have retaken the town of Saraqib.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"the army regaining a town", "Troops are regaining the town of Saraqib street by street.", SubGovRegains, "Saraqib", 1, -1},
		{"an attempted advance repelled", "Rebels repelled an attempted advance by army units into Saraqib.", SubArmedClash, "Saraqib", 1, -1},
		{"a military operation is a battle", "Government troops launched a military operation on a hill outside Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"a suicide car bomb by its acronym", "An SVBIED exploded at a checkpoint in Saraqib.", SubSuicide, "Saraqib", 1, -1},
		{"a raid on the ground is an attack", "Militants raided the village of Saraqib at night, burning houses.", SubAttack, "Saraqib", 1, -1},
		{"a raid on armed men is a clash", "Rebels raided an army post near Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"a raid from the air is a strike", "Russian jets carried out raids on Saraqib.", SubAirStrike, "Saraqib", 1, -1},
		{"a country's adjective and its capital name the capital city", "Rival gangs clashed in the Haitian capital, leaving nine dead.", SubArmedClash, "Port-au-Prince", 1, 9},
		{"a country's possessive and its capital name the capital city", "A car bomb exploded in Iraq's capital, killing four.", SubIED, "Baghdad", 1, 4},
		{"fire opened on protesters is excessive force", "Soldiers opened fire on protesters in Saraqib, killing three.", SubExcessiveForce, "Saraqib", 1, 3},
		{"men who entered a village and killed people attacked it", "Armed men on motorbikes entered the village of Saraqib at night and killed 23 people.", SubAttack, "Saraqib", 1, 23},
		{"an ambush on a bus of miners is an attack", "Gunmen ambushed a bus carrying miners near Kirkuk, killing seven.", SubAttack, "Kirkuk", 2, 7},
		{"soldiers who died in an ambush were in a battle", "Two soldiers died in an ambush near Kirkuk.", SubArmedClash, "Kirkuk", 2, 2},
		{"fire on armed men's positions is a battle", "Turkish troops fired on rebel positions near Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"fire on a car is an attack", "Soldiers fired at a car near Kirkuk, killing the driver.", SubAttack, "Kirkuk", 2, 1},
		{"shots fired on protesters are excessive force", "Police fired on protesters in Saraqib.", SubExcessiveForce, "Saraqib", 1, -1},
		{"tear gas fired at protesters is an intervention", "Police fired tear gas at protesters in Saraqib.", SubProtestIntervention, "Saraqib", 1, -1},
		{"a civilian gunned down", "Masked men gunned down a schoolteacher in Saraqib.", SubAttack, "Saraqib", 1, -1},
		{"an advance against armed men is a clash", "Rebel units advanced against army lines north of Kirkuk.", SubArmedClash, "Kirkuk", 2, -1},
		{"towns listed after their kind word", "Government troops clashed with rebels in the towns of Bulbul and Saraqib.", SubArmedClash, "Bulbul", 1, -1},
		{"a sea that places a port is no province named after it", "Houthi forces fired a missile at a tanker in the Red Sea off Hodeidah.", SubShelling, "udaydah", 2, -1},
		{"a hotel stormed is an attack, not territory taken", "Militants stormed a hotel in Kismayo, killing nine guests.", SubAttack, "Kismayo", 1, 9},
		{"a police station stormed is a clash", "Gunmen stormed a police station in Kirkuk at dawn.", SubArmedClash, "Kirkuk", 1, -1},
		{"a city's zone owned by it is in it", "Protesters stormed the parliament in Baghdad's heavily fortified Green Zone.", SubViolentDemonstration, "Baghdad", 1, -1},
		{"shot dead a person", "Gunmen shot dead a local councillor outside his home in Tikrit.", SubAttack, "Tikrit", 1, 1},
		{"workers on strike are a protest", "Workers of a tyre factory in Tabriz went on strike to protest unpaid wages.", SubPeacefulProtest, "Tabriz", 1, -1},
		{"petrol bombs thrown are a riot, and Molotov is no town", "Youths threw Molotov cocktails at an army jeep near Hebron.", SubViolentDemonstration, "Hebron", 2, -1},
		{"a drone strike is still an air strike", "A drone strike hit a car in Marib.", SubAirStrike, "rib", 1, -1},
		{"a coalition strike is an air strike", "A Saudi-led coalition strike hit a market in Marib.", SubAirStrike, "rib", 1, -1},
		{"an anti-tank guided missile is a missile attack", "Rebels fired an ATGM at an army vehicle near Saraqib.", SubShelling, "Saraqib", 2, -1},
		{"a series of detonations is one attack", "Militants hit an army convoy with a series of roadside bomb detonations near Kirkuk.", SubIED, "Kirkuk", 2, -1},
		{"a series of rockets is one attack", "Militants fired a series of rockets at an army base near Kirkuk.", SubShelling, "Kirkuk", 2, -1},
		{"airstrike on town", "Warplanes carried out two raids on the town of Maarrat al-Nu'man in Idlib province, wounding several people.", SubAirStrike, "Ma", 1, -1},
		{"aircraft named in another clause", "Warplanes, likely government or allied, carried out two raids on the town of Manbij.", SubAirStrike, "Manbij", 1, -1},
		{"warplanes hit", "Warplanes hit a market in Manbij.", SubAirStrike, "Manbij", 1, -1},
		{"ied exploded", "An IED exploded near a police patrol in Tikrit, killing two officers.", SubIED, "Tikrit", 1, 2},
		{"landmine passive", "A shepherd was killed by a landmine in the desert near Raqqa.", SubIED, "Raqqa", 2, 1},
		{"clashes erupted", "Clashes erupted between the army and rebel fighters in Daraa.", SubArmedClash, "Dar", 1, -1},
		{"exchanged artillery", "Rival forces exchanged artillery fire near Marib.", SubArmedClash, "Marib", 2, -1},
		{"found dead", "A man was found dead with gunshot wounds in Kirkuk.", SubAttack, "Kirkuk", 1, -1},
		{"opened fire on civilians", "Gunmen opened fire on a civilian car near Baqubah, killing the driver.", SubAttack, "Baqubah", 2, -1},
		{"attack on a checkpoint", "Militants attacked an army checkpoint in Kirkuk.", SubArmedClash, "Kirkuk", 1, -1},
		{"abduction", "Armed men abducted two aid workers in Maiduguri.", SubAbduction, "Maiduguri", 1, -1},
		{"people captured by armed men", "Gunmen captured two aid workers near Kismayo.", SubAbduction, "Kismayo", 2, -1},
		{"a suspect captured by the army", "In Mosul, army troops captured a suspect wanted for the bombing.", SubArrests, "Mosul", 1, -1},
		{"a town captured", "Rebels captured the town of Saraqib after heavy fighting.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"a suspect captured, passive, no agent", "The suspect was captured in a raid in Karachi.", SubArrests, "Karachi", 1, -1},
		{"a man captured by police, passive", "He was captured by police in Mosul.", SubArrests, "Mosul", 1, -1},
		{"soldiers captured by rebels, passive", "Two soldiers were captured by rebels in Saraqib.", SubAbduction, "Saraqib", 1, -1},
		{"a town captured, passive", "The town of Saraqib was captured by rebels.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"a place captured from rebels", "Regime forces captured Saraqib from the rebels.", SubGovRegains, "Saraqib", 1, -1},
		{"sexual violence", "Soldiers raped a woman in a village near Goma, residents said.", SubSexualViolence, "Goma", 2, -1},
		{"government regains", "Government forces recaptured the town of Manbij.", SubGovRegains, "Manbij", 1, -1},
		{"non-state overtakes", "Rebel fighters captured the town of Saraqib after heavy fighting.", SubNonStateOvertakes, "Saraqib", 1, -1},
		{"chemical", "A chlorine gas attack hit a neighbourhood of Homs.", SubChemical, "Homs", 1, -1},
		{"grenade", "A man threw a grenade at a shop in Mogadishu.", SubGrenade, "Mogadishu", 1, -1},
		{"suicide bomber", "A suicide bomber blew himself up at a checkpoint in Kabul, killing 7 people.", SubSuicide, "Kabul", 1, 7},
		{"peaceful protest", "Hundreds of teachers protested in Lagos over unpaid salaries.", SubPeacefulProtest, "Lagos", 1, -1},
		{"protest dispersed", "Police fired tear gas to disperse students protesting in Nairobi.", SubProtestIntervention, "Nairobi", 1, -1},
		{"excessive force", "Security forces shot dead three protesters at a demonstration in Khartoum.", SubExcessiveForce, "Khartoum", 1, 3},
		{"riot", "Rioters torched cars and shops in Lahore.", SubViolentDemonstration, "Lahore", 1, -1},
		{"mob", "A mob beat a man to death in Kano after accusing him of theft.", SubMobViolence, "Kano", 1, -1},
		{"a vessel seized is property taken, no territory", "Rebels seized a vessel carrying fuel off the coast of Hodeidah.", SubLooting, "Hudaydah", 2, -1},
		{"so are trucks", "Militants seized two trucks loaded with aid near Kirkuk.", SubLooting, "Kirkuk", 2, -1},
		{"rival parties' supporters who clash riot", "Supporters of two rival parties clashed in Kano, leaving 3 injured.", SubViolentDemonstration, "Kano", 1, -1},
		{"students who clash with police riot", "Students clashed with police in Basra.", SubViolentDemonstration, "Basra", 1, -1},
		{"tribesmen who clash with troops fight", "Tribal fighters clashed with army troops in Basra.", SubArmedClash, "Basra", 1, -1},
		{"villagers who lynch are a mob", "Villagers lynched a man accused of theft near Kano.", SubMobViolence, "Kano", 2, 1},
		{"drones launched at a target", "Militants launched drones at an oil facility in Kirkuk, killing two guards.", SubAirStrike, "Kirkuk", 1, 2},
		{"arrests", "Police arrested 14 activists in Tunis.", SubArrests, "Tunis", 1, -1},
		{"arrests at a rally", "Police arrested dozens of opposition supporters at a rally in Kampala.", SubProtestIntervention, "Kampala", 1, -1},
		{"disrupted weapons", "Army engineers defused an explosive device on the road near Mosul.", SubDisruptedWeapons, "Mosul", 2, -1},
		{"looting", "Fighters looted shops in Bangui.", SubLooting, "Bangui", 1, -1},
		{"fronted place", "In Aden, gunmen shot dead a local official.", SubAttack, "Aden", 1, -1},
		{"a district of two names joined by the Arabic 'and', spelt another way", "Houthi forces shelled army posts in Khab wa Ashaf district.", SubShelling, "Khabb wa ash Shaaf", 2, -1},
		{"the article spelt esh-", "Regime forces shelled the town of Busra esh-Sham.", SubShelling, "Busra ash Sham", 1, -1},
		{"a town spelt another way, west of which it happened", "Iraqi troops killed two militants west of Qayyara.", SubArmedClash, "Qayyarah", 2, -1},
		{"northern part of a governorate", "Shells fell on a small village in northern Hama.", SubShelling, "northern", 3, -1},
		{"a town its region only locates keeps its own precision", "The body of a shepherd was found on the outskirts of the town of Tafas in the western countryside of Daraa, bearing gunshot wounds.", SubAttack, "Tafas", 2, 1},
		{"a town in its province", "The army shelled Kafr Batna town in Rural Damascus as jets struck the town.", SubShelling, "Kafr Batna", 1, -1},
		{"a district the gazetteer lacks, at its seat", "Jets struck a market in Afrin district.", SubAirStrike, "Afrin", 2, -1},
		{"a strike a country's adjective names is its forces'", "An Israeli strike hit a warehouse in Latakia.", SubAirStrike, "Latakia", 1, -1},
		{"protesters shot dead in a clause after the protest", "Thousands marched in Goma against the peacekeepers; two protesters were shot dead.", SubExcessiveForce, "Goma", 1, 2},
		{"a gold mine is dug, not laid", "Gunmen attacked a gold mine near Kidal, killing nine miners.", SubAttack, "Kidal", 2, 9},
		{"a bracketed province before the next sentence still holds the town", "Gunmen abducted three nurses near Mambasa (Ituri). They were freed later.", SubAbduction, "Mambasa", 3, -1},
		{"a city's square after its possessive", "Police fired tear gas at protesters in Santiago's Plaza Italia.", SubProtestIntervention, "Santiago", 1, -1},
		{"workers of a town's company protest in the town", "Workers of Sirjan's tile company gathered to protest unpaid wages.", SubPeacefulProtest, "Sirjan", 2, -1},
		{"residents who clash with soldiers riot", "Residents clashed with soldiers in Goma after a man was killed at a checkpoint.", SubViolentDemonstration, "Goma", 1, 1},
		{"a prisoner exchange agreed", "The two sides agreed to a prisoner exchange in Aden.", SubAgreement, "Aden", 1, -1},
		{"a guided bomb is dropped from the air", "A Russian guided bomb hit a block of flats in Kupiansk, killing one.", SubAirStrike, "Kupiansk", 1, 1},
		{"a city's district named after the city and the word city", "Artillery shelled the Kherson city district of Zqarta, wounding two.", SubShelling, "Zqarta", 2, -1},
		{"farmers who block a highway protest", "Hundreds of farmers blocked the Pan-American highway near Popayan.", SubPeacefulProtest, "Popay", 2, -1},
		{"a drone launched with words before it", "Houthi forces launched an explosive-laden drone at Abha airport.", SubAirStrike, "Abha", 1, -1},
		{"people killed outweigh the houses burned with them", "Herders killed nine villagers in Guma and burned dozens of houses.", SubAttack, "Guma", 2, 9},
		{"a gathering that says what it demands", "Around 50 residents gathered in front of the town hall in Sfax to demand drinking water.", SubPeacefulProtest, "Sfax", 1, -1},
		{"a military post set up", "Turkish forces set up a new military post near Atarib.", SubHeadquarters, "Atarib", 2, -1},
		{"a city's police lines are a site in it", "A bomb went off at a mosque inside the Quetta police lines, killing eleven officers.", SubIED, "Quetta", 1, 11},
		{"ground held is no taking", "Two farmers were killed near Nablus in the occupied West Bank.", SubAttack, "Nablus", 2, 2},
		{"a town after the region held", "Settlers burned three cars in occupied Hebron.", SubLooting, "Hebron", 1, -1},
		{"a town met by another name, with its district's name and province", "Gunmen shot dead a shopkeeper in Jenin, in the West Bank.", SubAttack, "Janin", 1, 1},
		{"lethal force told two sentences after the protest", "Hundreds of youths rallied in Eldoret against the land grab. Police fired tear gas at them. An officer then fired live rounds, hitting a boy in the chest.", SubExcessiveForce, "Eldoret", 1, -1},
		{"force on a protest told in the next sentence", "Hundreds of teachers marched in Eldoret over unpaid salaries. Police dispersed them with tear gas.", SubProtestIntervention, "Eldoret", 1, -1},
		{"protesters killed in the next sentence", "Students protested in Eldoret against the fees. Soldiers opened fire, killing two protesters.", SubExcessiveForce, "Eldoret", 1, 2},
		{"a killing during the protest, told after it", "Students protested in Eldoret against the fees. Soldiers shot dead a girl during the protest.", SubExcessiveForce, "Eldoret", 1, 1},
		{"a place named next is another event, no sequel", "Students protested in Eldoret against the fees. Police arrested two men in Kisumu.", SubPeacefulProtest, "Eldoret", 1, -1},
		{"who turned violent after a protest is not said", "Villagers rallied in Eldoret against the dam. Tear gas canisters set a field ablaze.", SubProtestIntervention, "Eldoret", 1, -1},
		{"fire opened that killed protesters", "Security forces opened fire in Eldoret, killing three protesters.", SubExcessiveForce, "Eldoret", 1, 3},
		{"a crowd dispersed", "Police dispersed a crowd in Eldoret with tear gas.", SubProtestIntervention, "Eldoret", 1, -1},
		{"a march suppressed", "Soldiers used force to suppress a march in Eldoret.", SubProtestIntervention, "Eldoret", 1, -1},
		{"a march through a town, with a purpose that names a province", "Dozens of women marched through Eldoret to demand an end to the fighting in Rift Valley.", SubPeacefulProtest, "Eldoret", 1, -1},
		{"drones that attacked struck from the air", "Drones attacked an oil depot in Bryansk.", SubAirStrike, "Bryansk", 1, -1},
		{"a bomber who killed is no aircraft", "A bomber killed two shoppers at a market in Balad.", SubAttack, "Balad", 1, 2},
		{"passengers seized are abducted", "Gunmen seized 30 passengers on the highway near Lokoja.", SubAbduction, "Lokoja", 2, -1},
		{"one villager killed by rebels is an attack, though the police are named", "Maoists killed a villager in Bijapur district on suspicion of being a police informer.", SubAttack, "Bijapur", 2, 1},
		{"where a victim was born is no place of the event", "Gunmen shot dead a trader who was born in Peshawar at a market outside Kabul.", SubAttack, "Kabul", 2, 1},
		{"people murdered by gunmen are attacked", "Two social leaders were murdered by unknown gunmen in the municipality of Tibu.", SubAttack, "Tib", 2, 2},
		{"a war a protest was against is no place of it", "Hundreds of students demonstrated against the war in Gaza outside the university in Erbil.", SubPeacefulProtest, "Erbil", 1, -1},
		{"a siege a rally was against is no place of it", "Residents of Talbiseh rallied against the siege of Douma.", SubPeacefulProtest, "Tallb", 2, -1},
		{"a pronoun ends what a protest was against", "Hundreds demonstrated against it in Basra.", SubPeacefulProtest, "Basra", 1, -1},
		{"a raid that took people and hurt none is an abduction", "Gunmen raided the village of Kuriga near Kaduna, abducting nine women.", SubAbduction, "Kaduna", 2, -1},
		{"an attack that killed and abducted is an attack", "Gunmen attacked a mosque in Kaduna, killing one worshipper and abducting four others.", SubAttack, "Kaduna", 1, 1},
		{"a namesake far from the road's towns gives way to the road", "Insurgents ambushed a convoy on the Maiduguri-Damboa road near Sabon Gari, killing five soldiers.", SubArmedClash, "road between Maiduguri and Damboa", 2, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			if len(x.Incidents) == 0 {
				t.Fatalf("no incident")
			}
			in := x.Incidents[0]
			if in.SubEventType != tt.sub || in.EventType != TypeOf(tt.sub) {
				t.Errorf("type %s / %s, want %s", in.EventType, in.SubEventType, tt.sub)
			}
			if !strings.Contains(fold(in.Location), tt.place) {
				t.Errorf("location %q, want %q", in.Location, tt.place)
			}
			if in.GeoPrecision != tt.geoPrec {
				t.Errorf("geo_precision %d, want %d", in.GeoPrecision, tt.geoPrec)
			}
			if tt.fatalities >= 0 && (in.Fatalities == nil || *in.Fatalities != tt.fatalities) {
				t.Errorf("fatalities %v, want %d", in.Fatalities, tt.fatalities)
			}
			// An undated report tells of the day before it was published.
			if !in.EventDate.Equal(published.AddDate(0, 0, -1)) || in.TimePrecision != 2 {
				t.Errorf("date %s t%d, want the day before publication, precision 2", in.EventDate.Format("2006-01-02"), in.TimePrecision)
			}
		})
	}
}

// TestOneIncidentPerPlace: an event at several places is one incident per
// place, as ACLED codes it; a place and the region holding it are one.
func TestOneIncidentPerPlace(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		places     []string
	}{
		{"list of towns", "Artillery shelled Saraqib, Manbij and Raqqa on Monday.", []string{"Saraqib", "Manbij", "Raqqa"}},
		{"the sentence after an attack in a province says where in it", "Gunmen killed 20 villagers in northwestern Zamfara state on Sunday. The gunmen opened fire on residents of Zqarta village in Zurmi local government area.", []string{"Zqarta"}},
		{"where the dead of a strike in a province died", "Seven militants were killed when a drone strike hit their car in northern Shabwa province on Saturday. The militants were killed in the Zqarta area of Shabwa.", []string{"Zqarta"}},
		{"an attack in the province on another day is another", "Gunmen killed 20 villagers in an attack in Zamfara state on Sunday. On Tuesday gunmen opened fire on traders at a market in Gusau.", []string{"Zamfara", "Gusau"}},
		{"an event set apart takes no place from the one before", "Protesters marched in Basra on Friday. Separately, a rocket landed inside the Green Zone late on Thursday.", []string{"Basra"}},
		{"a death from wounds in a hospital elsewhere is the event's toll", "Jets struck a market in Saraqib on Monday, killing four. A fifth man died of his wounds the next day in a hospital in Idlib.", []string{"Saraqib"}},
		{"place in the next sentence", "Gunmen ambushed a convoy after dark. The convoy had left Kirkuk an hour earlier.", []string{"Kirkuk"}},
		{"a second object in another place", "Drones struck a depot in Kirkuk and a checkpoint in Mosul.", []string{"Kirkuk", "Mosul"}},
		{"an armed strike is a shutdown, no strike from the air", "Gang members burned a bus on the road between Monteria and Planeta Rica during an armed strike.", []string{"road between Monteria and Planeta Rica"}},
		{"a town and its district after a comma, then a participle", "Troops repelled an attack on their base in Gajiram, Nganzai LGA, killing 12 insurgents.", []string{"Gajiram"}},
		{"a list after a comma and and goes on", "Jets struck Saraqib, Binnish, and Taftanaz on Monday.", []string{"Saraqib", "Binnish", "Taftanaz"}},
		{"the fighting at the town that locates a village taken is the taking's", "Rebels took control over Zqarta village near Afrin on Monday, following clashes with army units.", []string{"Zqarta"}},
		{"a second object inside the first place", "Drones struck a depot in Nineveh province and a checkpoint in Mosul.", []string{"Mosul"}},
		{"a base in its province and a facility elsewhere", "Missiles struck Ain al-Asad air base in western Anbar province and a facility in Erbil.", []string{"Al Asad Air Base", "Erbil"}},
		{"fronts of districts and a province", "Houthi forces shelled troops on the Sirwah, Nihm and Al Jawf fronts.", []string{"Sirwah", "Nihm", "Al Jawf"}},
		{"as well as", "Airstrikes hit Saraqib as well as Manbij.", []string{"Saraqib", "Manbij"}},
		{"an aside after an item", "Gunmen shelled the towns of Saraqib, Binnish (twice) and Taftanaz.", []string{"Saraqib", "Binnish", "Taftanaz"}},
		{"town in its province", "Rockets struck the town of Saraqib in Idlib province.", []string{"Saraqib"}},
		{"an unknown name an appositive calls a neighbourhood of a city", "A car bomb killed ten people in Zqarta, a mixed neighbourhood in western Baghdad.", []string{"Zqarta"}},
		{"what an assault in a region struck, named after a comma", "The army launched a new assault in the Eastern Ghouta region of rural Damascus, targeting the strategic Zqarta Base that rebels hold.", []string{"Zqarta Base"}},
		{"a country's city by its rank", "Russian shelling killed ten people in Ukraine's second-largest city on Wednesday.", []string{"Kharkiv"}},
		{"a country's name after the, before capital", "A suicide bomber struck a hotel in the Somali capital on Wednesday.", []string{"Mogadishu"}},
		{"a rank in apposition to the city named", "A bomb went off in Basra, Iraq's second largest city, on Monday.", []string{"Basra"}},
		{"a town's military airport is the town's", "Shells fell on the Kirkuk military airport on Monday.", []string{"Kirkuk"}},
		{"a town a city owns, the city named with its kind", "Shells fell on Damascus city's Jaramana suburb, killing two.", []string{"Jaramana"}},
		{"a town GeoNames files by region, then its province", "Soldiers clashed with militants in Patikul, Sulu, on Monday.", []string{"Patikul"}},
		{"a tally by place after a colon", "Rebels shelled army posts on Monday: in Saraqib - 6 times; in Manbij - twice.", []string{"Saraqib", "Manbij"}},
		{"a distance after a comma is no list item", "A car bomb exploded near Ramadi, 100 km west of Baghdad, killing ten.", []string{"Ramadi"}},
		{"an address of two unknown names and a province", "Mortars killed two shepherds in Zqarta village, Qarnat district, Idlib.", []string{"Zqarta"}},
		{"a bearing after a comma is no list item", "A policeman was shot dead in Babil province, south of Baghdad, on Sunday.", []string{"Babil"}},
		{"a distance in two units", "A car bomb exploded near Ramadi, 62 miles (100 km) west of Baghdad, killing ten.", []string{"Ramadi"}},
		{"a list goes on after an item's province in brackets", "Rebels shelled Saraqib (Idlib province) and Manbij (Aleppo province).", []string{"Saraqib", "Manbij"}},
		{"an unknown and a known town before the plural word", "Warplanes struck Zqarta and Saraqib towns in Idlib province.", []string{"Zqarta", "Saraqib"}},
		{"one trigger names the event", "Clashes, backed by air strikes, took place in Saraqib.", []string{"Saraqib"}},
		{"a middling verb in another clause is another event", "Jets hit a fuel depot in Saraqib after rocket attacks on Manbij.", []string{"Saraqib", "Manbij"}},
		{"a middling verb gives way to a stronger trigger of its clause", "Rockets hit a fuel depot in Saraqib.", []string{"Saraqib"}},
		{"an attack in a province, then the town in it", "Gunmen shot dead a judge in Nineveh province on Monday. The attack took place in Tal Afar.", []string{"Afar"}},
		{"an attack in a town, then its unknown quarter", "Gunmen shot dead a judge in Mosul on Monday. The attack took place in the Zqarta neighbourhood of Mosul.", []string{"Zqarta"}},
		{"attackers who blew themselves up are one attack", "Militants stormed an army post in Zqarta in Idlib province overnight - two blew themselves up during the assault.", []string{"Zqarta"}},
		{"people counted before clashes during a raid count no events", "Troops stormed the city of Nablus at night, leaving one man dead and dozens hurt in clashes during the raid.", []string{"Nablus"}},
		{"an unknown district then its province is one place", "Two farmers were killed when jets struck a farm in Zqarta district, Sadah.", []string{"Zqarta"}},
		{"a known town's part then its own name is two places", "A stray bullet wounded a girl in a quiet Brooklyn neighborhood, Canarsie.", []string{"Brooklyn", "Canarsie"}},
		{"the road between two towns is one place", "A roadside bomb hit a bus on the road between Mosul and Kirkuk, killing three.", []string{"road between Mosul and Kirkuk"}},
		{"a road named after two towns is one place", "Gunmen ambushed a convoy on the Mosul-Kirkuk highway at dawn.", []string{"road between Mosul and Kirkuk"}},
		{"a road named after two towns near a third is near the third", "Gunmen ambushed a convoy on the Mosul-Kirkuk highway near Makhmur at dawn.", []string{"Mexmur"}},
		{"fire from rockets is the rockets' attack", "Troops on a base near Kirkuk, close to the Syrian border with Iraq, came under fire from several rockets.", []string{"Kirkuk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			var got []string
			for _, in := range x.Incidents {
				got = append(got, in.Location)
			}
			if len(got) != len(tt.places) {
				t.Fatalf("incidents at %q, want %d places %q", got, len(tt.places), tt.places)
			}
			for i, p := range tt.places {
				if !strings.Contains(fold(got[i]), p) {
					t.Errorf("incident %d at %q, want %q", i, got[i], p)
				}
			}
		})
	}
}

// TestEventRoles: geoparse marks the place where a sentence's event happened
// whether or not the article yields a dated incident, and only that place.
func TestEventRoles(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, body string
		incident   []string
	}{
		{"event place, spoken place", "Troops patrolled the streets of Kirkuk, the governor told reporters in Baghdad.", []string{"Kirkuk"}},
		{"no event", "The minister flew from Paris to Berlin for talks.", nil},
		{"a town invaded", "Armed bandits invaded the town of Tikrit before dawn.", []string{"Tikrit"}},
		{"a country invaded is a war", "The army invaded Kuwait in the summer of that year.", nil},
		{"a car hit, its passengers killed", "Four men were killed when their car was hit outside Tikrit.", []string{"Tikrit"}},
		{"deaths in floods", "Floods killed five people in Tikrit on Sunday.", nil},
		{"a gathering to mourn is no protest", "Relatives gathered at the hospital in Aden to mourn the victims on Monday.", nil},
		{"homes an earthquake destroyed", "An earthquake destroyed dozens of homes in Tikrit on Sunday.", nil},
		{"a death sentence is no killing", "A military court sentenced 15 people to death in Kinshasa on Monday.", nil},
		{"militants who block a road do not protest", "Militants blocked the road to Kidal on Monday.", nil},
		{"debris blocking a pipe is no protest", "Utility workers found debris blocking a sewer line in Gainesville on Monday.", nil},
		{"trees a storm uprooted", "Strong winds uprooted trees in Tikrit on Sunday.", nil},
		{"fans chanting for their team", "Fans chanted for their team at the stadium in Tikrit.", nil},
		{"people repelled by a smell", "Residents were repelled by the smell of the river in Tikrit.", nil},
		{"deaths in a road accident", "Two people were killed in a traffic accident near Tikrit.", nil},
		{"an accident beside a killing", "Gunmen killed two drivers in Tikrit after a road accident.", []string{"Tikrit"}},
		{"adjective country", "A roadside bomb hit a U.S. convoy near Tikrit.", []string{"Tikrit"}},
		{"passive subject", "Gibraltar was captured by a naval force.", []string{"Gibraltar"}},
		{"people of a place", "Some 2,000 Hong Kong residents marched on Sunday.", []string{"Hong Kong"}},
		{"a far spelling match gives way to the unknown name it is part of", "Warplanes targeted a village on Jabal al-Zawiya in southern Idleb.", []string{"Jabal al-Zawiya"}},
		{"an unknown neighbourhood in a part of a city", "A shell fell in al-Tijara neighbourhood in central Damascus.", []string{"al-Tijara"}},
		{"an unknown district nothing locates, named by its kind", "Six farmers died in the shelling of the Zqarta district at noon.", []string{"Zqarta"}},
		{"a community's quarter is no name", "On Friday the Kurdish quarter was shelled and four people were killed.", nil},
		{"each scene its own event and place", "In Baqubah, gunmen killed a teacher on his way to school, and at the Tarmiyah checkpoint a roadside bomb wounded two soldiers.", []string{"Baqubah", "Tarmiyah"}},
		{"where the reports come from is no event place", "Reports from Aleppo say a bomber blew himself up at a checkpoint in the south.", nil},
		{"a great city's district the gazetteer lacks", "A car bomb went off at dawn in the Kabul district of Zqarta.", []string{"Zqarta"}},
		{"the localities of a province's places the gazetteer lacks", "In Hama province, militants shelled the localities of Zqarta and Qarnat at dawn.", []string{"Zqarta", "Qarnat"}},
		{"a count of villages of a division", "Bandits shot four farmers in two villages of Agatu on Friday.", []string{"Agatu"}},
		{"a suburb the gazetteer lacks, named after its town", "A grenade killed three men outside a bakery in the Kandy suburb of Zqarta.", []string{"Zqarta"}},
		{"a province located by a bearing", "Two farmers died when a mine went off in Babil province, south of Baghdad.", []string{"Babil province"}},
		{"capital apposition", "Thousands demonstrated in the Belarus capital Minsk.", []string{"Minsk"}},
		{"the district a possessive owns", "A car bomb went off in Baghdad's eastern district of Karrada, killing three.", []string{"Karrada"}},
		{"a village its province only locates", "Gunmen entered Tadif village in Aleppo province overnight, killing four civilians.", []string{"Tadif"}},
		{"a town's police station", "Gunmen killed nine people at the Tikrit police station on Sunday.", []string{"Tikrit"}},
		{"where a witness spoke to an agency from", "Gunmen seized 30 pupils from a school in Kafanchan on Thursday. They rounded up the children at gunpoint, a teacher told Reuters by telephone from Kaduna.", []string{"Kafanchan"}},
		{"a town's police act", "Tikrit police arrested two men after the blast in Baiji.", []string{"Baiji"}},
		{"a list goes on past a country's adjective", "Hundreds demonstrated in Berlin and in the German town of Mainz on Tuesday.", []string{"Berlin", "Mainz"}},
		{"the town a country's adjective qualifies", "The fugitive was captured in the Serbian town of Valjevo on Monday.", []string{"Valjevo"}},
		{"a city's streets", "Riot police patrolled Baghdad's crowded streets overnight.", []string{"Baghdad's"}},
		{"a country's coast", "Troops have patrolled Yemen's western coast since May.", []string{"Yemen's"}},
		{"a country's army acts", "Iraq's army shelled the outskirts of Tikrit.", []string{"Tikrit"}},
		{"an unknown district of a city", "A sniper shot a driver in Baghdad's Sinjawi district.", []string{"Sinjawi"}},
		{"a known province a possessive owns", "Police defused a bomb found in Manila's neighbouring province of Pampanga.", []string{"province of Pampanga"}},
		{"an unknown district a provincial seat owns", "A car bomb went off in Aleppo's district of Zorbandi.", []string{"Zorbandi"}},
		{"where a victim comes from", "A Tikrit native was shot dead in Baiji on Monday.", []string{"Baiji"}},
		{"where a victim comes from is no place of the event", "Gunmen shot a Tikrit native on Monday.", nil},
		{"where a victim comes from, with its province", "A teacher, a Tikrit, Salahuddin, native, was shot dead in Baiji.", []string{"Baiji"}},
		{"the villages of a list, then their district", "Jets bombed the villages of Kafr Zunbul and Tell Hawwar in Idlib province.", []string{"Kafr Zunbul", "Tell Hawwar"}},
		{"a name only its preposition marks, opening the sentence", "In Zqarta, gunmen shot dead two shopkeepers on Monday.", []string{"Zqarta"}},
		{"a month opening the sentence is no place", "In March, gunmen shot dead two shopkeepers.", nil},
		{"a district its owner and a community's adjective describe", "A police sergeant was shot dead in Baghdad's mainly Shiite neighborhood of Zqarta.", []string{"Zqarta"}},
		{"a city its country and a community's adjective describe", "Five insurgents were killed near Iraq's holy Shiite city of Karbala on Saturday.", []string{"Karbala"}},
		{"a town of many namesakes where the text's groups are at home", "Houthi gunmen fired mortars at soldiers in Zahir and Qarnat areas of Thi-Naem district.", []string{"Zahir"}},
		{"a town before the word for a state's weapon stays a place", "Saraqib shelling killed two farmers on Monday.", []string{"Saraqib"}},
		{"the town people were abducted from", "In Salahuddin province, bandits abducted 15 people, including a village chief, from the town of Baiji late on Saturday.", []string{"Baiji"}},
		{"where someone was crossing to is no place of his shooting", "Border guards shot dead a boy as he tried to cross into Turkey near Jisr al-Shughur.", []string{"Jisr al-Shughur"}},
		{"a great city among many namesakes", "Police captured the fugitive in San Francisco on Monday.", []string{"San Francisco"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, time.Time{})
			var got []string
			for _, m := range x.Mentions {
				if m.Role == "incident" {
					got = append(got, m.Text)
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.incident, "|") {
				t.Errorf("incident roles %q, want %q", got, tt.incident)
			}
		})
	}
}

// fold drops diacritics and apostrophes: "Sarāqib" -> "Saraqib".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) || r == '\'' || r == '‘' || r == '’' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestContextBeatsSpelling: the home countries of the groups a report names
// settle which place a name means, and a place far from everything else
// the report names is no event location.
func TestContextBeatsSpelling(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		country    string // "" for no incident
	}{
		{"no context: a listed town of unknown size over a hamlet of 500", "Coalition airstrikes hit a frontline area in Harad.", "YE"},
		{"group settles the country", "Coalition airstrikes hit Houthi positions in Harad.", "YE"},
		{"a town abroad on the outskirts of which a province's part holds", "Rebels clashed with IS fighters on the outskirts of Hit town in western Daraa.", "SY"},
		{"the regime's forces settle Syria", "Regime forces shelled the town of Arbin.", "SY"},
		{"a nation's forces settle their country for a village the gazetteer lacks", "Syrian helicopters dropped barrel bombs on the village of Zqarta.", "SY"},
		{"a nation's army settles a town the gazetteer knows by another spelling", "The Syrian army shelled Jirud town in the Eastern Qalamoun.", "SY"},
		{"a nation's forces listed first", "Syrian or Russian warplanes bombed the village of Zqarta at dawn.", "SY"},
		{"forces that fight abroad as often settle nothing", "Russian warplanes bombed the village of Zqarta at dawn.", ""},
		{"a name only its preposition marks is the event's place in the forces' country", "Regime forces clashed with rebel fighters in Zqarta, killing four of them.", "SY"},
		{"a country that backs a side is no place of its clash", "Houthi gunmen clashed with troops backed by the UAE in the Zqarta area on Monday.", "YE"},
		{"a foreign army on the other side leaves the text's country to its groups", "SDF fighters clashed with Turkish forces in Zqarta on Monday.", "SY"},
		{"strikes on a name only its preposition marks", "Regime helicopters carried out two strikes on Zqarta with no losses reported.", "SY"},
		{"a name only its preposition marks after a toll", "Houthi gunmen shot dead two farmers in Qarnat on Friday night.", "YE"},
		{"a camp near a name only its preposition marks is in the forces' country", "Regime artillery shelled a military camp near Qarnat on Friday.", "SY"},
		{"the places the text names beat the forces' country", "Iraqi jets bombed a depot in Raqqa on Monday.", "SY"},
		{"the regime's shelling settles Syria", "Regime shelling killed a child in the town of Arbin.", "SY"},
		{"a regime sniper settles Syria", "A regime sniper shot a farmer near Arbin.", "SY"},
		{"a pro-regime militia settles Syria", "Pro-regime militiamen stormed houses in Arbin.", "SY"},
		{"a great city met by one of its other names abroad does not undo the regime's Syria", "Regime forces fired shells at the town of Nawa, killing a woman.", "SY"},
		{"a regime in a text whose places lie elsewhere is no Syrian", "Regime troops torched Kyauk Kan village on Monday. The village lies in Sagaing Region.", "MM"},
		{"a nationality keeps its country's towns", "The Syrian army clashed with rebels in Arbin city in Rural Damascus.", "SY"},
		{"a village is no great city", "Warplanes struck the village of Sharjah.", ""},
		{"a street named after a city abroad lies in its own town", "Mortar rounds landed on Baghdad Street and in the Qassaa district of Damascus on Tuesday.", "SY"},
		{"a street named after a city, its town unsaid, is no place of that city", "A car bomb went off on Haifa Street, killing four.", ""},
		{"a road between two towns is near them", "A roadside bomb hit a convoy on the Mosul-Kirkuk Road.", "IQ"},
		{"a doubtful town the text calls a town is the event's place", "Two bombs hidden in parked cars went off in the town of Dana, wounding a doctor.", "SY"},
		{"a doubtful town the text calls an area is the event's place too", "A blast at a workshop in the industrial area of Dana hurt two workers.", "SY"},
		{"a day after a village's name is no part of it", "Houthi forces shelled the village of Zqarta on Monday.", "YE"},
		{"a group before \"-held\" is read for its home", "Shells fell on the YPG-held village of Qastal on Monday.", "SY"},
		{"a weapon is no place", "Rebels fired Grad rockets at a town near Hama.", "SY"},
		{"a foreign village's old name is no place of a report on Syria", "Syrian army artillery shelled Qatra and Saraqib in Idlib.", "SY"},
		{"far spelling match dropped", "In Marib, pro-Houthi forces shelled positions in Skelleftea.", "YE"},
		{"a great city abroad called a town of a province", "Gunmen shot a local commander in Sayda town in the eastern countryside of Daraa.", "SY"},
		{"a sponsor's country is no place of the strike", "Saudi-led coalition jets struck Houthi reinforcements in Jawf, killing several fighters.", "YE"},
		{"a division abroad called a neighbourhood of a city", "Mortar shells hit the al-Nile neighbourhood of Aleppo, wounding two.", "SY"},
		{"unqualified coalition jets are the Saudi-led ones in Yemen", "Coalition jets hit a military camp in Al Bayda on Sunday.", "YE"},
		{"the coalition against the Islamic State settles Syria and Iraq", "One strike by the U.S.-led coalition hit an ISIS truck near Qayyara.", "IQ"},
		{"the regime outweighs the Islamic State's two homes", "Regime troops clashed with IS fighters near the town of Sinjar.", "SY"},
		{"a group at home in one country narrows the Islamic State's homes", "IS fighters attacked SDF positions near Sinjar.", "SY"},
		{"a town the gazetteer lacks is no namesake on another continent", "Global Coalition warplanes bombed the town of Sosa.", ""},
		{"a spelling variant abroad in a report whose groups are at home elsewhere", "HTS fighters captured the villages of Zqarta, Hamdaniyeh and Zorbandi.", "SY"},
		{"the countries in a group's name are no place of its attack", "The Islamic State of Iraq and al-Sham attacked an army post in Deir Ezzor.", "SY"},
		{"a small town abroad named like a village of a report on Syrian rebels is a namesake", "Ahrar al-Sham fighters clashed with regime troops on the Hit village front.", "SY"},
		{"one coalition warplane is the Saudi-led coalition's too", "A coalition warplane struck a farm in the village of Afra.", "YE"},
		{"a spelling variant abroad does not undo the regime's home", "Regime forces captured the villages of Mintar and Zqarta from rebels.", "SY"},
		{"a division abroad called a street area of a city", "Two civilians were hurt when shells fell on the al-Nile street area of Aleppo city.", "SY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			for _, in := range x.Incidents {
				if in.CountryCode != tt.country {
					t.Errorf("incident in %s (%s), want %s", in.Location, in.CountryCode, tt.country)
				}
			}
			if len(x.Incidents) == 0 && tt.country != "" {
				t.Errorf("no incident")
			}
		})
	}
}

// TestUnknownVillage: a place the gazetteer lacks keeps its name and stands
// at the place the text locates it by, never dropped, never moved away;
// the place that only locates it is no second incident. A village beside
// a provincial seat is somewhere in its province.
func TestUnknownVillage(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body, location, near string
		geoPrec                    int
		at                         string // the place the incident stands at, when not near's
	}{
		{"village then its town", "Gunmen shot a man in Zqarta village, Tuz Khurmatu.", "Zqarta", "Tuz Khurmatu", 2, ""},
		{"a village called A", "Gunmen raided a village called Zqarta in Tuz Khurmatu.", "Zqarta", "Tuz Khurmatu", 2, ""},
		{"a village a province read in one country holds is no town elsewhere", "Jets struck a farm in Sahar village, Sadah.", "Sahar", "Sadah", 3, "admin1:YE-SD"},
		{"a village a province read in one country holds is no namesake abroad", "There was an attack by gunmen in a village called Jibu in Wukari.", "Jibu", "Wukari", 2, ""},
		{"village then a provincial seat: in the province", "Gunmen shot a man in Zqarta village, Kirkuk.", "Zqarta", "Kirkuk", 3, "admin1:IQ-TS"},
		{"a village to the south of a town", "Turkish troops shelled Zqarta village to the south of Kirkuk.", "Zqarta", "south of Kirkuk", 2, ""},
		{"village then its district, named by its seat, and province in brackets", "Militants attacked soldiers near Qarawzi village (Kismaayo, Lower Juba).", "Qarawzi", "Kismaayo", 2, ""},
		{"village in a part of a governorate", "Shells fell on Zqarta village in northern Hama.", "Zqarta", "northern Hama", 3, ""},
		{"a town in an intercardinal part of a province named by its seat", "Regime forces gained control of Zqarta town in southwest Aleppo.", "Zqarta", "southwest Aleppo", 3, ""},
		{"a great city's spelling variant the sentence places elsewhere is an unknown town", "Artillery pounded Halbah town in northern Hama overnight.", "Halbah", "northern Hama", 3, ""},
		{"a later strike on a town does not move the village's incident", "Jets bombed Zqarta village in southern Idleb. Strikes on Saraqib caused damage.", "Zqarta", "southern Idleb", 3, ""},
		{"village in the countryside", "Shells fell on Zqarta village in the southern countryside of Idlib.", "Zqarta", "southern countryside of Idlib", 3, ""},
		{"the village of, then its town", "Artillery shelled the village of Umm Tuwaynat, east of Kirkuk.", "Umm Tuwaynat", "east of Kirkuk", 2, ""},
		{"a neighbourhood owned by its city", "A car bomb exploded in Mosul's Zahrawi neighbourhood on Monday.", "Zahrawi", "Mosul's", 2, ""},
		{"a people's adjective before the town word, after a province", "In Kirkuk province, gunmen stormed the Kurdish village of Qaryat Nur.", "Qaryat Nur", "Kirkuk province", 3, ""},
		{"an area between two towns is one incident near the first", "Army units clashed with rebels in the Zorbandi area, which stretches between Kirkuk and Tikrit.", "Zorbandi", "Kirkuk", 2, ""},
		{"a village with a describing word, after a province", "Rebels launched an offensive in Idlib province, targeting the hilltop village of Qaryat Nur.", "Qaryat Nur", "Idlib province", 3, ""},
		{"a bazaar owned by its city", "A suicide bomber struck Mosul's Nabi Shit bazaar on Monday.", "Nabi Shit", "Mosul's", 2, ""},
		{"the town owned by a country", "Gunmen stormed the Yemeni town of Wadi Qarn, killing two.", "Wadi Qarn", "Yemeni", 3, ""},
		{"a name after a preposition, then its province", "Two soldiers were killed in an ambush at Dar Fahim, Kirkuk province.", "Dar Fahim", "Kirkuk province", 3, ""},
		{"a name joined by hyphens, its province in brackets", "Militants attacked a checkpoint in Nawa-i-Zorbandi district (Helmand).", "Nawa-i-Zorbandi", "Helmand", 3, ""},
		{"a named street of a city", "A roadside bomb went off on Zawra Street in Kirkuk, wounding three.", "Zawra Street", "Kirkuk", 2, ""},
		{"a namesake in another country gives way to the province the sentence names", "Regime forces shelled Zeitan town in southern Aleppo.", "Zeitan", "southern Aleppo", 3, ""},
		{"a village named like a city abroad is a village", "Militants blew up a house in the village of Medina near Kirkuk.", "Medina", "Kirkuk", 2, ""},
		{"a namesake abroad does not make the town that locates it far", "Regime forces shelled Raffa village near Idleb.", "Raffa", "Idleb", 2, ""},
		{"a namesake in another province of the same country gives way too", "Regime forces shelled Al-Haraki village near Idleb.", "Al-Haraki", "Idleb", 2, ""},
		{"a district on the outskirts of a city", "In the Zqarta district on the outskirts of Homs, air strikes killed seven people.", "Zqarta", "Homs", 2, ""},
		{"a city's suburb with its bearing, named after it", "A car bomb rocked the Kirkuk southern suburb of Zqarta on Thursday.", "Zqarta", "Kirkuk", 2, ""},
		{"a great city's quarter named like a place abroad", "Rival gangs exchanged gunfire in Port-au-Prince's Bel Air neighborhood, killing four.", "Bel Air", "Port-au-Prince's", 2, ""},
		{"an aside in brackets between a village and its province", "Artillery shelled the villages of Zqarta (twice) in Idlib province.", "Zqarta", "Idlib province", 3, ""},
		{"a place then two divisions in brackets is one incident", "Militants attacked a police post in Zqarta (Gnagna, Est), killing four.", "Zqarta", "Gnagna", 3, ""},
		{"a party named after a far region does not make the town far", "Two fighters of the Turkestan Islamic Party died when a mine went off in the Zqarta area of the town of Harim.", "Zqarta", "Harim", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			if len(x.Incidents) != 1 {
				t.Fatalf("%d incidents, want 1: %+v", len(x.Incidents), x.Incidents)
			}
			in := x.Incidents[0]
			if in.Location != tt.location || in.GeoPrecision != tt.geoPrec {
				t.Errorf("%s p%d, want %s p%d", in.Location, in.GeoPrecision, tt.location, tt.geoPrec)
			}
			var near *gazetteer.Mention
			for i, m := range x.Mentions {
				switch m.Text {
				case tt.near:
					near = &x.Mentions[i]
					if m.Role != gazetteer.RoleMention {
						t.Errorf("%q is %s, want mention: it only locates %s", m.Text, m.Role, tt.location)
					}
				case tt.location:
					if m.Role != gazetteer.RoleIncident || m.Modifier != "unresolved" || !strings.HasPrefix(m.Place.ID, gazetteer.UnresolvedPrefix) {
						t.Errorf("%q: role %s, id %s, modifier %q; want incident, unresolved", m.Text, m.Role, m.Place.ID, m.Modifier)
					}
				}
			}
			if near == nil {
				t.Fatalf("no mention %q in %+v", tt.near, x.Mentions)
			}
			at := near.Place
			if tt.at != "" {
				p, ok := g.Place(tt.at)
				if !ok {
					t.Fatalf("no place %s", tt.at)
				}
				at = p
			}
			if in.Point != at.Point {
				t.Errorf("incident at %v, want %v, the point of %s", in.Point, at.Point, at.Name)
			}
		})
	}
}

// FuzzExtract: any text gives incidents that keep the codebook's shape, and
// never a panic.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Government artillery shelled the town of Saraqib.",
		"In Aden, gunmen shot dead a local official.",
		"Militants attacked soldiers near Qarawzi village (Kismaayo, Lower Juba) and a checkpoint in Mosul, as well as",
		"Shells fell on a village in the southern countryside of Idlib, Hama countryside, the",
		"A was shelled. The attack. Gibraltar was captured by",
		"(((,,, and and in in of of the village of",
		"the villages of A, B and al- in C's D district of E province, F (G) at H, I",
		"Mosul's Mosul's 's the town of al-",
		"Jets struck. The event took place in",
		"Zorbandi, a Dogon village, 'Izra'. Al-Jirahi's capital, the Haitian capital of",
		"on the Kaduna-Abuja highway near the Damascus-Aleppo road in Nehm district of",
		"AMMAN (Reuters) - - KABUL, (AP) — The strikes hit the. Two days later, the next day hours later",
		"A bomb went off in the Wadi Hajar neighbourhood. Shelled Mosul, hitting a market in the B district and",
		"killing her three, injuring his, beat a to death, were stoned to death, a pastor and five of the",
		"with 3 allocated to, 2 each allocated to A and, and 1 each to B, C coded to 10. 5 fatalities coded each to",
		"in A - 6 times; in B - ; the A area which lies between B and. the Kurdish city of, a hard-line of",
		"on 12/03/2021, on 0/0/0, 99/99/99999, 2/30/2021 [06/02/05], between 31 and 1 May, from 3 to",
	} {
		f.Add(s)
	}
	g := testGazetteer(f)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body string) {
		x := Extract(g, Article{ID: "f", Body: body}, published)
		for _, in := range x.Incidents {
			if TypeOf(in.SubEventType) != in.EventType || in.EventType == "" {
				t.Fatalf("type %q / %q is not the codebook's", in.EventType, in.SubEventType)
			}
			if in.GeoPrecision < 1 || in.GeoPrecision > 3 || in.TimePrecision < 1 || in.TimePrecision > 3 {
				t.Fatalf("precisions %d/%d", in.GeoPrecision, in.TimePrecision)
			}
			if in.Geometry == nil || in.Location == "" {
				t.Fatalf("incident without a place: %+v", in)
			}
		}
		n := len([]rune(body))
		for _, m := range x.Mentions {
			if m.Start < 0 || m.End > n || m.Start >= m.End {
				t.Fatalf("mention %q at [%d,%d) of %d", m.Text, m.Start, m.End, n)
			}
			if m.Place == nil || m.Modifier != "unlocated" && !m.Place.Located() {
				t.Fatalf("mention %q has no position but is not unlocated: %+v", m.Text, m.Place)
			}
		}
	})
}

// TestHeadline: the headline tells of the event when the body does not.
func TestHeadline(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	x := Extract(g, Article{ID: "h", Title: "Gunmen kill five civilians in Kirkuk",
		Body: "The attackers fled after the shooting, police said. Residents described chaos."}, published)
	if len(x.Incidents) != 1 || fold(x.Incidents[0].Location) != "Kirkuk" || x.Incidents[0].Sources[0].ArticleID != "h" ||
		x.Incidents[0].Fatalities == nil || *x.Incidents[0].Fatalities != 5 {
		t.Fatalf("headline incident: %+v", x.Incidents)
	}
	// A body with an incident of its own keeps the headline as context.
	y := Extract(g, Article{ID: "h", Title: "Gunmen kill five civilians in Kirkuk",
		Body: "Gunmen killed five civilians at a market in Mosul on Monday."}, published)
	if len(y.Incidents) != 1 || fold(y.Incidents[0].Location) != "Mosul" {
		t.Fatalf("body incident: %+v", y.Incidents)
	}
	// A body that places nothing still tells the headline's event its day
	// and toll.
	z := Extract(g, Article{ID: "h", Title: "Suicide bomber hits mosque in Peshawar",
		Body: "At least 30 people were killed when a suicide bomber struck during prayers on Friday, officials said."}, published)
	if len(z.Incidents) != 1 {
		t.Fatalf("headline incident: %+v", z.Incidents)
	}
	in := z.Incidents[0]
	if d := in.EventDate.Format("2006-01-02"); d != "2024-03-08" || in.TimePrecision != 1 || in.Fatalities == nil || *in.Fatalities != 30 {
		t.Errorf("%s t%d, %v dead; want Friday 2024-03-08, 30 dead", d, in.TimePrecision, in.Fatalities)
	}
}

// TestCasualtyWords: the dead and hurt as words and numbers.
func TestCasualtyWords(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		body       string
		fat, injur int // -1: null
	}{
		{"The attack killed a civilian contractor and wounded nine in Erbil.", 1, 9},
		{"A drone hit a motorcycle near Manbij, killing its two riders.", 2, -1},
		{"A shell hit a bakery near Manbij, killing a baker and two labourers.", 3, -1},
		{"Gunmen shot dead two paramedics near Manbij.", 2, -1},
		{"A suicide bomber blew himself up at a checkpoint in Konduga, killing himself and two soldiers.", 3, -1},
		{"A bomber detonated her vest at a market in Konduga, killing herself and a trader.", 2, -1},
		{"A roadside bomb exploded in Raqqa. Two SDF members were killed.", 2, -1},
		{"Soldiers shot a boy in Jenin. He died of his wounds later that evening.", 1, -1},
		{"Gunmen shot a trader in Kirkuk. The trader later succumbed to his wounds.", 1, -1},
		{"Jets struck a camp in Dhamar. Dozens of Houthi fighters were reported killed.", 12, -1},
		{"A member of the local council was shot dead in Tikrit.", 1, -1},
		{"A commander of a rebel battalion was wounded by an explosion in Hama.", -1, 1},
		{"A rocket struck a minibus outside Kirkuk, killing all six passengers.", 6, -1},
		{"Airstrikes on a market in Marib killed dozens of people.", 12, -1},
		{"A shepherd was killed by a landmine near Raqqa.", 1, -1},
		{"Security forces shot dead three protesters in Khartoum.", 3, -1},
		{"Shelling of Idlib killed at least 50 people and wounded hundreds.", 50, 100},
		{"Artillery shelled Saraqib; neither injuries nor fatalities were reported.", 0, 0},
		{"Drones struck a depot in Kirkuk. There were no injuries.", 0, 0},
		{"Shelling hit Saraqib, which led to the killing of 4 civilians.", 4, -1},
		{"A mortar round fell on a market in Idlib, causing the death of 6 people.", 6, -1},
		{"Five farmers, among them a teenage boy, were killed when shells hit Hama.", 5, -1},
		{"Shells fell on Douma, leading to two civilian deaths.", 2, -1},
		{"Gunmen opened fire on a car in Tikrit, killing her.", 1, -1},
		{"A local commander was found dead in Mosul.", 1, -1},
		{"A retired teacher, Samir Haddad, was killed when a shell hit his house in Hama.", 1, -1},
		{"Insurgents beheaded two men near Mueda on Sunday.", 2, -1},
		{"A crowd lynched a man accused of theft in Kano.", 1, -1},
		{"Gunmen assassinated a local councillor in Kano on Monday.", 1, -1},
		{"Militants executed a prominent tribal elder near Gao.", 1, -1},
		{"Rival gangs clashed in Kirkuk on Monday, leaving 20 injured.", -1, 20},
		{"Colonel Zoran Qarnat died when a drone struck his car in Kirkuk.", 1, -1},
		{"The killing of Colonel Zoran Qarnat in a drone strike in Kirkuk angered his tribe.", 1, -1},
		{"A bomb went off near a market in Kirkuk, leaving three civilians wounded.", -1, 3},
		{"A commando assassinated President Zoran Qarnat at his home in Kirkuk.", 1, -1},
		{"Militants executed Kirkuk residents on Monday.", -1, -1},
		{"Militiamen slaughtered five herders outside Gao on Monday.", 5, -1},
		{"Three civilians lost their lives when a shell hit their house in Kherson.", 3, -1},
		{"A militia leader succumbed to his wounds after an ambush in Baiji.", 1, -1},
		{"Fighting broke out in Marib. Unknown fatalities coded as 10.", 10, -1},
		{"Gunmen ambushed a bus near Tikrit, killing the driver.", 1, -1},
		{"A young shepherd was killed by a mine near Raqqa.", 1, -1},
		{"A shepherd from a nearby farm was killed by a mine near Raqqa.", 1, -1},
		{"Shelling on Raqqa killed three farmers and two shepherds.", 5, -1},
		{"Shelling on Raqqa killed three farmers and wounded two shepherds.", 3, 2},
		{"A driver at the Raqqa bus station was shot dead by a gunman.", 1, -1},
		{"Three aid agency volunteers were killed when shells hit Idlib.", 3, -1},
		{"Four farmers (two brothers and their cousins) were killed in an airstrike on Hama.", 4, -1},
		{"An airstrike on Saraqib killed between 5 and 9 people.", 5, -1},
		{"Shells fell on Daraa; 3 fighters are said to have been killed.", 3, -1},
		{"A drone strike in January 2020 near Baghdad killed two guards.", 2, -1},
		{"On 9 November 2023, artillery shelled Hama, killing two civilians.", 2, -1},
		{"The bodies of 5 men were found near Mosul on Sunday.", 5, -1},
		{"The body of a young man was found near Mosul on Sunday.", 1, -1},
		{"His body was found near Tikrit with gunshot wounds.", 1, -1},
		{"Four bodies were recovered from a well in Kirkuk after gunmen attacked the village.", 4, -1},
		{"Gunmen clashed with police in Tikrit; 6 gunmen were reported killed.", 6, -1},
		{"Shells hit Idlib on Monday. Four civilians were killed.", 4, -1},
		{"Shells hit Idlib on Monday, killing two. Rescue crews worked through the night. The governor said 30 people were wounded.", 2, 30},
		{"Militants shelled Idlib on Monday. No one was killed.", 0, -1},
		{"Four civilians were killed by shelling believed to have been carried out by jets on Saraqib.", 4, -1},
		{"Two farmers may have been killed when a mortar hit Saraqib.", 2, -1},
		{"A barrel bomb hit a house in Saraqib, killing a mother and her three children.", 4, -1},
		{"Gunmen raided a school in Tikrit, killing a teacher and two pupils.", 3, -1},
		{"A drone strike on a car near Marib killed a commander and two of his guards.", 3, -1},
		{"A commander and two of his guards were killed by a drone strike near Marib.", 3, -1},
		{"A soldier and three of the villagers were killed when a shell hit Marib.", 4, -1},
		{"Gunmen shot a farmer and wounded two others near Kirkuk.", -1, 2},
		{"A mob beat a young man to death in Tikrit.", 1, -1},
		{"Her husband was shot dead by a sniper in Tikrit.", 1, -1},
		{"A shell hit a house in Tikrit, killing a boy and injuring his grandfather.", 1, 1},
		{"A shell hit a house in Tikrit, killing her two sons.", 2, -1},
		{"Residents stoned two suspected thieves to death near Kirkuk.", 2, -1},
		{"Three shepherds were hacked to death near Kirkuk.", 3, -1},
		{"Clashes broke out near Saraqib, where 15 fighters of the Syrian army were killed.", 15, -1},
		{"A bomb destroyed a house in Ramadi; three of the officer's family members were killed.", 3, -1},
		{"2 soldiers were shot dead by gunmen near Marib.", 2, -1},
		{"Militants executed 6 civilians in a village near Raqqa.", 6, -1},
		{"Unknown gunmen shot dead a judicial investigator in Hilla.", 1, -1},
		{"10 soldiers and 21 militiamen were killed in clashes near Marib.", 31, -1},
		{"A man and his son were killed by shelling on Kirkuk.", 2, -1},
		{"Artillery shelled Saraqib, leading to the death of a child.", 1, -1},
		{"Shells hit Duma, wounding several people. A man later died of his wounds.", 1, -1},
		{"Clashes broke out in Saraqib, where a civilian man was killed.", 1, -1},
		{"Gunmen attacked a shop in Tikrit, killing the owner.", 1, -1},
		{"Clashes erupted near Marib, and \"dozens\" were killed.", 12, -1},
		{"Shelling hit Idlib. Unknown fatalities coded as 10 and spread across 2 locations.", 5, -1},
		{"Snipers shot three soldiers dead in Jizan. Fatalities split between three locations.", 1, -1},
		{"Rebels clashed with the army near Marib, resulting in an unknown number of deaths on both sides, coded as 10.", 10, -1},
		{"Rebels clashed with the army near Marib. Deaths were reported, with the unknown number coded as 10.", 10, -1},
		{"Rebels attacked an army post near Marib, killing and wounding dozens. Fatalities coded as half.", 6, 12},
		{"Rebels attacked an army post near Marib, killing or injuring 18 soldiers. Fatalities coded as half.", 9, 18},
		{"Rebels attacked an army post near Marib, killing and wounding \"dozens\". Fatalities coded as half (5).", 5, 12},
		{"Gunmen assassinated two SDF fighters in Raqqa on Monday.", 2, -1},
		{"Clashes broke out near Marib. A rebel commander and five of his escorts were killed.", 6, -1},
		{"A drone strike killed a rebel commander and two of his aides near Marib.", 3, -1},
	}
	for _, tt := range tests {
		x := Extract(g, Article{ID: "c", Body: tt.body}, published)
		if len(x.Incidents) != 1 {
			t.Errorf("%q: %d incidents", tt.body, len(x.Incidents))
			continue
		}
		n := func(p *int) int {
			if p == nil {
				return -1
			}
			return *p
		}
		if in := x.Incidents[0]; n(in.Fatalities) != tt.fat || n(in.Injuries) != tt.injur {
			t.Errorf("%q: fatalities %d injuries %d, want %d %d", tt.body, n(in.Fatalities), n(in.Injuries), tt.fat, tt.injur)
		}
	}
}

// TestNoteForm: ACLED's own note form, the date first ("On 9 May 2020,
// ..."), whose month is no march.
func TestNoteForm(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 13, 0, 0, 0, 0, time.UTC)
	for _, body := range []string{
		"On 12 March 2024, militants attacked an army post in Baidoa.",
		"Around 12 March 2024 (as reported), militants attacked an army post in Baidoa.",
	} {
		x := Extract(g, Article{ID: "n", Body: body}, published)
		if len(x.Incidents) != 1 {
			t.Fatalf("%q: %d incidents", body, len(x.Incidents))
		}
		in := x.Incidents[0]
		if in.SubEventType != SubArmedClash || in.EventDate.Format("2006-01-02") != "2024-03-12" || in.TimePrecision != 1 {
			t.Errorf("%q: %s %s t%d", body, in.SubEventType, in.EventDate.Format("2006-01-02"), in.TimePrecision)
		}
	}
}

// TestBorderStretch: "A near the B border" is the stretch of the A-B border
// by A, a line, not the whole of A.
func TestBorderStretch(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	for _, body := range []string{
		"A drone struck an outpost in northeastern Jordan near the Syrian border.",
		"A drone struck an outpost in northeastern Jordan along the border with Syria.",
	} {
		x := Extract(g, Article{ID: "b", Body: body}, published)
		if len(x.Incidents) != 1 {
			t.Fatalf("%q: %d incidents", body, len(x.Incidents))
		}
		in := x.Incidents[0]
		if _, ok := in.Geometry.(orb.Polygon); ok || in.GeoPrecision != 3 || !strings.Contains(in.Location, "Syria border") {
			t.Errorf("%q: %s %T p%d", body, in.Location, in.Geometry, in.GeoPrecision)
		}
		// The stretch lies by northeastern Jordan: east of the country's middle.
		if in.Point[0] < 37 {
			t.Errorf("%q: stretch at %v, not by northeastern Jordan", body, in.Point)
		}
	}
}

// TestCountryWideLastResort: an unknown place that nothing nearer locates
// stands in the one country the text or its armed groups settle, at
// precision 3, unless the report places its events better; an air force's
// nationality settles nothing.
func TestCountryWideLastResort(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		want       []string // location/country/precision
	}{
		{"the armed group's home", "Houthi forces shelled the village of Bayt Zorban, killing two.", []string{"Bayt Zorban/YE/3"}},
		{"the country named as a place's", "Gunmen stormed the Yemeni town of Wadi Qarn, killing two.", []string{"Wadi Qarn/YE/3"}},
		{"an army named by its acronym", "FARDC troops clashed with rebels near the village of Zorbandi, killing three.", []string{"Zorbandi/CD/3"}},
		{"an air force says who flew, not where", "Russian warplanes struck the village of Kafr Zorban.", nil},
		{"a better placed event wins", "Houthi forces shelled the village of Bayt Zorban and fired rockets at Saada.", []string{"Sa'dah/YE/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			var got []string
			for _, in := range x.Incidents {
				got = append(got, fmt.Sprintf("%s/%s/%d", in.Location, in.CountryCode, in.GeoPrecision))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDateNames: a date that names a place ("the 22 May hospital", "26
// September Street") is no date of the event; a date after "on" is one.
func TestDateNames(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2018, 3, 21, 0, 0, 0, 0, time.UTC)
	tests := []struct{ body, date string }{
		{"Gunmen opened fire at the 22 May hospital in Aden on 20 January.", "2018-01-20"},
		{"A bomb exploded in 26 September Street in Sanaa on 12 March.", "2018-03-12"},
		{"On 12 March city police fired on protesters in Aden.", "2018-03-12"},
		{"A commander of the 18th March Division was shot dead in Daraa on 14 March.", "2018-03-14"},
		// The day of a clause whose event another at the same place takes in.
		{"Fighting reached Kutum on Saturday, where militiamen shelled a market.", "2018-03-17"},
	}
	for _, tt := range tests {
		x := Extract(g, Article{ID: "d", Body: tt.body}, published)
		if len(x.Incidents) != 1 {
			t.Errorf("%q: %d incidents", tt.body, len(x.Incidents))
			continue
		}
		if got := x.Incidents[0].EventDate.Format("2006-01-02"); got != tt.date {
			t.Errorf("%q: date %s, want %s", tt.body, got, tt.date)
		}
	}
}

// TestNarrative: a long report where the place is named a sentence before
// the event ("the town"), each event has a day of its own, and a place
// someone speaks from is no incident.
func TestNarrative(t *testing.T) {
	g := testGazetteer(t)
	body := `Families in Kafr Takharim say the nights are the worst. At about 3 a.m. on 14 March, a barrel bomb dropped by a helicopter hit a house near the square, killing a mother and her three children, a neighbour said.

Two days later, on 16 March, artillery shells struck the town's clinic. Five patients were injured, a nurse said, speaking by phone from Idlib city.

On 20 March, gunmen abducted an aid worker on the road between Sarmada and Dana.`
	x := Extract(g, Article{ID: "n", Body: body}, time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC))
	type got struct {
		date, sub, place string
		fat              int
	}
	var incs []got
	for _, in := range x.Incidents {
		f := -1
		if in.Fatalities != nil {
			f = *in.Fatalities
		}
		incs = append(incs, got{in.EventDate.Format("2006-01-02"), in.SubEventType, fold(in.Location), f})
	}
	want := map[string]got{
		"2019-03-14": {"2019-03-14", SubAirStrike, "Kafr Takharim", 4},
		"2019-03-16": {"2019-03-16", SubShelling, "Kafr Takharim", -1},
		"2019-03-20": {"2019-03-20", SubAbduction, "Ad Dana", -1},
	}
	if len(incs) != len(want) {
		t.Fatalf("got %+v, want %d incidents", incs, len(want))
	}
	for _, in := range incs {
		if w, ok := want[in.date]; !ok || w != in {
			t.Errorf("got %+v, want %+v", in, w)
		}
	}
}

// TestAllocatedDead: a report that shares its dead among its places ("with
// 3 allocated to A, 2 each to B and C") gives each incident its share.
func TestAllocatedDead(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		dead       map[string]int // location, diacritics folded -> fatalities
	}{
		{"a count coded to each of two places", "Regime forces fired missiles at the towns of Saraqib and Binnish which killed nine civilians. 5 fatalities coded to Saraqib and four to Binnish.",
			map[string]int{"Saraqib": 5, "Binnish": 4}},
		{"shares with each", "Shelling hit Saraqib, Binnish and Taftanaz and killed seven people, with 3 allocated to Saraqib and 2 each allocated to Binnish and Taftanaz.",
			map[string]int{"Saraqib": 3, "Binnish": 2, "Taftanaz": 2}},
		{"each before the verb", "Air strikes on Saraqib and Binnish killed six civilians, 3 fatalities each allocated to Saraqib and Binnish.",
			map[string]int{"Saraqib": 3, "Binnish": 3}},
		{"a total coded to a number is no share", "Clashes near Saraqib killed several fighters. Unknown number of fatalities coded to 10.",
			map[string]int{"Saraqib": 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			got := map[string]int{}
			for _, in := range x.Incidents {
				if in.Fatalities != nil {
					got[fold(in.Location)] = *in.Fatalities
				}
			}
			for place, n := range tt.dead {
				if got[place] != n {
					t.Errorf("%s: %d dead, want %d (all: %v)", place, got[place], n, got)
				}
			}
		})
	}
}

// TestRouteGeometry: a road between two towns is a line from one to the
// other, at precision 2.
func TestRouteGeometry(t *testing.T) {
	g := testGazetteer(t)
	x := Extract(g, Article{ID: "t", Body: "A roadside bomb hit a bus on the road between Mosul and Kirkuk, killing three."}, time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) != 1 {
		t.Fatalf("%d incidents, want 1", len(x.Incidents))
	}
	in := x.Incidents[0]
	line, ok := in.Geometry.(orb.LineString)
	if !ok || len(line) != 2 {
		t.Fatalf("geometry %T %v, want a line of two points", in.Geometry, in.Geometry)
	}
	mosul, ok1 := g.Place("gn:99072")
	kirkuk, ok2 := g.Place("gn:94787")
	if !ok1 || !ok2 || line[0] != mosul.Point || line[1] != kirkuk.Point {
		t.Errorf("line %v, want Mosul to Kirkuk", line)
	}
	if in.GeoPrecision != 2 || !strings.HasPrefix(in.PlaceID, "route:") {
		t.Errorf("precision %d, place %s", in.GeoPrecision, in.PlaceID)
	}
}

// TestNarrativeYear: a report written years after the events gives the
// year once; the days after it without one are in that year, or the next
// when the story crosses New Year, not in the year of publication.
func TestNarrativeYear(t *testing.T) {
	g := testGazetteer(t)
	body := `On 28 December 2018, a drone struck a car near Saraqib, killing two men.

On 2 January, gunmen abducted a teacher in Dana. Three days later, on 5 January, artillery shelled Saraqib.`
	tests := []struct {
		name      string
		published time.Time
		want      []string
	}{
		{"published years later", time.Date(2023, 5, 12, 0, 0, 0, 0, time.UTC), []string{"2018-12-28", "2019-01-02", "2019-01-05"}},
		{"published days later", time.Date(2019, 1, 9, 0, 0, 0, 0, time.UTC), []string{"2018-12-28", "2019-01-02", "2019-01-05"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "n", Body: body}, tt.published)
			var got []string
			for _, in := range x.Incidents {
				got = append(got, in.EventDate.Format("2006-01-02"))
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("dates %v, want %v", got, tt.want)
			}
		})
	}
	// With no year written anywhere, days are read in the year of
	// publication, as before.
	x := Extract(g, Article{ID: "n", Body: "On 2 January, gunmen abducted a teacher in Saraqib."}, time.Date(2023, 5, 12, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) != 1 || x.Incidents[0].EventDate.Format("2006-01-02") != "2023-01-02" {
		t.Errorf("a day without a year: %+v, want 2023-01-02", x.Incidents)
	}
}

// TestPlacingSentenceNamesTheEvent: "The attack took place in A" after an
// event named in a wider place is that event, now placed, not a second
// attack.
func TestPlacingSentenceNamesTheEvent(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, body, sub, location string
		geoPrec                   int
	}{
		{"a bombing placed by the next sentence", "A suicide bomber blew himself up outside a mosque in eastern Afghanistan on Tuesday, killing 12 worshippers. The attack happened in the Jalalabad suburb of Zqarta as people left prayers.",
			SubSuicide, "Zqarta", 2},
		{"a strike placed in a town of the same province", "Warplanes struck a market in Idlib province on Monday, killing five people. The strike took place in Saraqib.",
			SubAirStrike, "Saraqib", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "p", Body: tt.body}, time.Date(2019, 6, 12, 0, 0, 0, 0, time.UTC))
			if len(x.Incidents) != 1 {
				t.Fatalf("%d incidents, want 1: %+v", len(x.Incidents), x.Incidents)
			}
			in := x.Incidents[0]
			if in.SubEventType != tt.sub || fold(in.Location) != tt.location || in.GeoPrecision != tt.geoPrec {
				t.Errorf("%s at %s p%d, want %s at %s p%d", in.SubEventType, in.Location, in.GeoPrecision, tt.sub, tt.location, tt.geoPrec)
			}
		})
	}
}
