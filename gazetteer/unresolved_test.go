package gazetteer

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestUnknownPlaces: names the text marks as places the gazetteer lacks,
// each with the known place that locates it; and names that are no such
// place (people, organisations, months, list items without a place).
func TestUnknownPlaces(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, text string
		want       []string // "name@locating place's name/kind/precision"
	}{
		{"name then settlement word, then a provincial seat: the province", "Gunmen shot a man in Zqarta village, Kirkuk.", []string{"Zqarta@At tamim/unresolved/3"}},
		{"name then settlement word, then a town", "Gunmen shot a man in Zqarta village, Tuz Khurmatu.", []string{"Zqarta@Tuz khurmatu/unresolved/2"}},
		{"the village of, then province", "Jets struck the village of Umm Tuwaynat in Idlib province.", []string{"Umm Tuwaynat@Idlib/unresolved/3"}},
		{"article joined to the name", "A shell fell on al-Qusaybat neighbourhood in Kirkuk.", []string{"al-Qusaybat@Kirkuk/unresolved/2"}},
		{"provincial seat in brackets", "Clashes near Qarawzi village (Kismaayo) left two dead.", []string{"Qarawzi@Jubbada hoose/unresolved/3"}},
		{"a list of villages, then their province", "Shelling hit the villages of Kafr Zunbul, Tell Hawwar and Arbaeen in Idlib province.",
			[]string{"Kafr Zunbul@Idlib/unresolved/3", "Tell Hawwar@Idlib/unresolved/3", "Arbaeen@Idlib/unresolved/3"}},
		{"a list in a part of a province: no city abroad among its villages", "Jets struck the villages of Arak, Qarnat and Zqarta in the east Homs countryside.",
			[]string{"Arak@East homs hims/unresolved/3", "Qarnat@East homs hims/unresolved/3", "Zqarta@East homs hims/unresolved/3"}},
		{"owned by a city", "A bomb went off in Mosul's Zahrawi neighbourhood.", []string{"Zahrawi@Mosul/unresolved/2"}},
		{"a district of a province named before: the district", "In Razih district of Saada, a strike hit a truck in Zqarta area.", []string{"Zqarta@Razih/unresolved/2"}},
		// Al Qahirah is Cairo's Arabic name, 2,000 km from Ibb.
		{"A of B: B holds A, however far a namesake", "Snipers wounded a boy in Al Qahirah of Ibb.", []string{"Qahirah@Ibb/unresolved/3"}},
		{"A and B of C", "Snipers wounded two boys in Zqarta and Al Qahirah of Ibb.", []string{"Zqarta@Ibb/unresolved/3", "Qahirah@Ibb/unresolved/3"}},
		{"a great city's district of A is in the city", "Shells hit the Aleppo district of Zqarta.", []string{"Zqarta@Aleppo/admin2/2"}},
		{"a community's neighbourhood is whose, not which", "The Kurdish neighbourhood of Kirkuk was shelled on Friday.", nil},
		{"a person of a town is no place", "Richard Roe of Aden and John Doe were freed on Monday.", nil},
		// Gilbert is a town in Arizona, none in Washington state.
		{"a dateline's town in capitals its state rules out elsewhere", "GILBERT, Wash. - Two men were hurt in a shooting on Monday.", []string{"GILBERT@Washington/unresolved/3"}},
		// No Gilbert in Washington state: the address rules out Arizona's.
		{"an address rules out every reading abroad", "Two men were hurt in a shooting in Gilbert, Wash.", []string{"Gilbert@Washington/unresolved/3"}},
		{"an address that goes on after a comma", "Two men were hurt in a shooting in Gilbert, Wash., on Monday.", []string{"Gilbert@Washington/unresolved/3"}},
		// Husseiniya is also a Jordanian village, 860 km from Baghdad.
		{"a bearing from a town rules out a far namesake", "A bomb tore through a market in Husseiniya, northeast of Baghdad, on Friday.", []string{"Husseiniya@Baghdad/unresolved/2"}},
		{"a bearing after the name's kind word rules out a far namesake", "A bomb went off near a market in the al-Taji area north of Baghdad.", []string{"al-Taji@Baghdad/unresolved/2"}},
		{"between a known town and a name the gazetteer lacks: near the town", "Regime forces shelled the area between Kirkuk and Zqarta on Monday.", []string{"Zqarta@Kirkuk/unresolved/2"}},
		{"a district, then a part of a great city: no namesake in another province", "Gunmen killed a shopkeeper in Al-Adhamiya district, southern Baghdad, on Friday.", []string{"Al-Adhamiya@Southern baghdad/admin2/3"}},
		{"a distance and bearing rule it out too", "A bomb tore through a market in Husseiniya, 20 km north of Baghdad.", []string{"Husseiniya@20 km north of baghdad/unresolved/2"}},
		// Karmah so spelt is a West Bank village: 80 km from Baghdad rules it out.
		{"a distance given in two units", "Gunmen attacked a checkpoint in Karmah, 60 kilometres (37 miles) west of Baghdad.", []string{"Karmah@37 miles west of baghdad/unresolved/2"}},
		{"a bearing after a list, past the country's adjective", "Jets struck the Syrian villages of Zqarta and Qarnat, west of Aleppo.", []string{"Zqarta@Aleppo/unresolved/2", "Qarnat@Aleppo/unresolved/2"}},
		{"an area of a seat named a city stays in the city", "Gunmen killed a trader in Zqarta area of Benin City on Saturday.", []string{"Zqarta@Benin city/unresolved/2"}},
		{"a great city's district after the city the verb takes", "Artillery shelled Mosul, hitting a market in the Wadi Zahra district.", []string{"Wadi Zahra@Mosul/admin2/2"}},
		{"a town's district is its province's", "Artillery shelled Tuz Khurmatu, hitting a market in the Wadi Zahra district.", []string{}},
		{"a namesake 40 km out is no district of a great city the text calls a city", "Shells fell on the Dummar district of Damascus city, killing two.", []string{"Dummar@Damascus/admin2/2"}},
		{"nor a neighbourhood of it", "Mortars hit the Dummar neighbourhood of Damascus, killing two.", []string{"Dummar@Damascus/unresolved/2"}},
		{"a city's district, with a direction between", "A car bomb went off in Baghdad's eastern district of Karrada.", []string{"Karrada@Baghdad/admin2/2"}},
		{"a village in an unknown township of a known region", "A Myanmar airstrike hit Pazigyi village in Zawtika township, Sagaing region.",
			[]string{"Pazigyi@Zawtika/unresolved/3", "Zawtika@Sagaing/admin2/3"}},
		{"a village beside a provincial seat is in its province", "Rockets hit Qarnat village, Jizan, on Sunday.", []string{"Qarnat@Jizan/unresolved/3"}},
		{"a seat named with its own province is the seat's district, not the province", "Gunmen shelled troops in Wadi Qarnat in Al Hazm of Al Jawf.", []string{"Wadi Qarnat@Al hazm/unresolved/2"}},
		{"an area in an unknown neighbourhood of a city is as near as the neighbourhood", "Shells fell in the Qarnat area in the Zqarta neighbourhood of Damascus.", []string{"Qarnat@Zqarta/unresolved/2", "Zqarta@Damascus/unresolved/2"}},
		{"a village in brackets with its seat, then the seat's province, is in the seat's district", "Militants attacked troops near Qarnat village (Kismaayo, Lower Juba) on Monday.", []string{"Qarnat@Kismayo/unresolved/2"}},
		{"a name placed by another unknown name its province places", "Gunmen shelled houses in Zqarta in Wadi Qarnat of Jizan.", []string{"Zqarta@Wadi qarnat/unresolved/3", "Wadi Qarnat@Jizan/unresolved/3"}},
		{"a village then an unknown township and its region in brackets", "Soldiers burned Zqarta village (Wadi Qarnat, Sagaing).", []string{"Zqarta@Sagaing/unresolved/3"}},
		{"a village in the region a country owns", "Gunmen raided the village of Zqarta in western Niger's Tahoua region.", []string{"Zqarta@Tahoua/unresolved/3"}},
		{"a base camp in a city", "Mortars fell on the Zqarta base camp in Mogadishu.", []string{"Zqarta@Mogadishu/unresolved/2"}},
		{"a list's first item begins with an article", "Militiamen shelled soldiers in Al Zqarta and Qarnat in Jizan.", []string{"Zqarta@Jizan/unresolved/3", "Qarnat@Jizan/unresolved/3"}},
		{"a village and its vicinity, then the provincial seat", "Gunmen shot two soldiers in Qarnat village and its vicinity, Jizan.", []string{"Qarnat@Jizan/unresolved/3"}},
		{"the sites of A and B in a provincial seat", "Militiamen shelled the sites of Zqarta and Qarnat in Jizan.", []string{"Zqarta@Jizan/unresolved/3", "Qarnat@Jizan/unresolved/3"}},
		{"a hill in the city of a provincial seat is in the city", "Militiamen shelled troops on Qarnat hill in the city of Jizan.", []string{"Qarnat@Jizan/unresolved/2"}},
		{"a village after a report framed by its seat called a city is in the province", "In the port city of Jizan, jets struck a farm in Qarnat village.", []string{"Qarnat@Jizan/unresolved/3"}},
		{"a military site named beside a provincial seat is in its province", "Snipers shot two soldiers at Qarnat site, Jizan.", []string{"Qarnat@Jizan/unresolved/3"}},
		{"a mount of a provincial seat is in its province", "Fighters held out on Qarnat mount of Jizan for a week.", []string{"Qarnat@Jizan/unresolved/3"}},
		{"a lowercase article before the district that locates it", "Gunmen attacked a post in Jamjim area, al Zahir district, al Bayda governorate.", []string{"Jamjim@Az zahir/unresolved/2"}},
		{"a village at a bearing from a seat stays by the town", "Militants attacked the village of Khirbat Zor south of Mosul.", []string{"Khirbat Zor@Mosul/unresolved/2"}},
		{"a district of a province", "Fighting spread to Wadi Shaar district of Kirkuk province.", []string{"Wadi Shaar@At tamim/admin2/3"}},
		{"a named street, capitalised", "A car bomb exploded on Zawra Street in Kirkuk.", []string{"Zawra Street@Kirkuk/unresolved/2"}},
		{"a named gas field near a town", "Shells hit the Qarawzi Gas Fields near Kirkuk.", []string{"Qarawzi Gas Fields@Kirkuk/unresolved/2"}},
		{"a named airport of a province", "Rockets struck Dar Fahim Airport in Kirkuk province.", []string{"Dar Fahim Airport@At tamim/unresolved/3"}},
		{"preposition, name, comma, province", "Two soldiers died at Dar Fahim, Kirkuk province.", []string{"Dar Fahim@At tamim/unresolved/3"}},
		{"a country owns the town", "Gunmen stormed the Yemeni town of Wadi Qarn.", []string{"Wadi Qarn@Yemen/unresolved/3"}},
		{"only the sentence's country locates them", "Pakistani troops raided the Zorbandi area of Kalakhel district.",
			[]string{"Zorbandi@Kalakhel/unresolved/3", "Kalakhel@Pakistan/admin2/3"}},
		{"an address: village, unknown LGA, state", "Gunmen burnt houses in Zangwa, Dunku LGA, Adamawa, at night.",
			[]string{"Zangwa@Dunku/unresolved/3", "Dunku@Adamawa/admin2/3"}},
		{"an address after a verb: name, known territory, province", "Rebels raided Mabolio, Beni territory, North Kivu.",
			[]string{"Mabolio@Beni/unresolved/2"}},
		{"a division word ending no address", "Gunmen killed Yusuf Dunku, Dunku district chief, at home.", nil},
		{"an adjective of kind before a site word is no name", "Coalition jets hit the Industrial area of Kirkuk and a Military site in Mosul.", nil},
		{"a nationality joined to one that flies flies too", "Planes whose origin was Russian or Syrian conducted several air strikes on Zqarta village.", nil},
		{"a nationality after the aircraft flies them", "Warplanes, likely Syrian or Russian, struck the town of Kafr Zunbul.", nil},
		{"a nationality of a navy", "A Russian warship-launched missile hit the village of Kafr Zunbul.", nil},
		{"a nationality of troops on the ground places it", "Pakistani troops raided the Zorbandi area at dawn.", []string{"Zorbandi@Pakistan/unresolved/3"}},
		{"a district named like a province's other name", "A bomb went off in the Zuhur area of Al Rashid district, west of Baghdad.", []string{"Zuhur@Baghdad/unresolved/2", "Rashid@Baghdad/admin2/2"}},
		{"a district named like a province's other name and a town abroad", "Gunmen shot a trader in the Zuhur area (Rashid district) of Baghdad.", []string{"Zuhur@Rashid/unresolved/2", "Rashid@Baghdad/admin2/2"}},
		{"a district in brackets of a city is no namesake district in another province", "Gunmen shot a trader in the Zuhur area (Adhamiya district) of Baghdad.", []string{"Zuhur@Adhamiya/unresolved/2", "Adhamiya@Baghdad/admin2/2"}},
		{"an area of a city's district in brackets is no province abroad", "Gunmen shot a trader in the Wahda area (Zorbandi district) of Baghdad.", []string{"Wahda@Zorbandi/unresolved/2", "Zorbandi@Baghdad/admin2/2"}},
		{"an area between two towns is near the first", "Fighters clashed in the Zorbandi area which lies between Kirkuk and Tikrit.", []string{"Zorbandi@Kirkuk/unresolved/2"}},
		{"an aside in brackets in a list of villages", "In Idlib province, jets struck the villages of Zqarta (twice) and Umm Tuwaynat.",
			[]string{"Zqarta@Idlib/unresolved/3", "Umm Tuwaynat@Idlib/unresolved/3"}},
		{"a district a great provincial seat owns", "A car bomb went off in Aleppo's district of Zorbandi.", []string{"Zorbandi@Aleppo/admin2/2"}},
		{"a list's names read elsewhere give way to the place that holds the list", "Jets struck the districts of Salah al-Din, Kafr Zita and Zorbandi in Aleppo.",
			[]string{"Salah al-Din@Aleppo/admin2/2", "Kafr Zita@Aleppo/admin2/2", "Zorbandi@Aleppo/admin2/2"}},
		{"a list's names read inside the place that holds it stay", "Jets struck the towns of Saraqib, Binnish and Zorbandi in Idlib province.",
			[]string{"Zorbandi@Idlib/unresolved/3"}},
		{"a list before a plural settlement word", "Shells hit Zqarta, Umm Tuwaynat and Kafr Zunbul villages in Idlib province.",
			[]string{"Zqarta@Idlib/unresolved/3", "Umm Tuwaynat@Idlib/unresolved/3", "Kafr Zunbul@Idlib/unresolved/3"}},
		{"two names before a plural site word", "Rebels shelled Qarnat and Zorbandi hills near Kirkuk.", []string{"Qarnat@Kirkuk/unresolved/2", "Zorbandi@Kirkuk/unresolved/2"}},
		{"a name with an inner and before a singular word stays whole", "Rebels shelled Qarnat and Zorbandi hill near Kirkuk.", []string{"Qarnat and Zorbandi@Kirkuk/unresolved/2"}},
		{"a town near a seat is near the town", "Rebels shelled troops in Qarawzi village near Kirkuk.", []string{"Qarawzi@Kirkuk/unresolved/2"}},
		{"the name an appositive calls a village", "Gunmen attacked Zorbandi, a village near Kirkuk, at dawn.", []string{"Zorbandi@Kirkuk/unresolved/2"}},
		{"the name an appositive calls a village of a people", "Gunmen attacked Zorbandi, a Dogon village near Kirkuk, at dawn.", []string{"Zorbandi@Kirkuk/unresolved/2"}},
		{"a word between an indefinite article and village says what kind", "Gunmen burned a Zorbandi village near Kirkuk.", nil},
		{"an article and describing words before a people's adjective say what kind", "A man was shot in Zorbandi, a hard-line Protestant village near Kirkuk.", []string{"Zorbandi@Kirkuk/unresolved/2"}},
		{"an appositive's describing words before the village word", "Gunmen raided Zorbandi, a remote village near Kirkuk.", []string{"Zorbandi@Kirkuk/unresolved/2"}},
		{"a people's adjective with no article is whose, not which", "Shells fell on Kurdish neighbourhoods of Kirkuk.", nil},
		{"an adverb before the adjective of the town the name after of is", "Rebels shelled the predominantly Kurdish town of Kirkuk.", nil},
		{"an article before a preposition and a noun is no description of the name", "A bomb hit a road in Zorbandi district of Kirkuk province.", []string{"Zorbandi@At tamim/admin2/3"}},
		{"a people's adjective before the town the name after of is", "A bomb went off in the Kurdish town of Kirkuk.", nil},
		{"a faith's adjective before a province the name after of is", "Gunmen stormed a post in the Sunni province of Kirkuk.", nil},
		{"a holder's adjective before an unknown village", "Jets struck the YPG-held village of Umm Tuwaynat in Idlib province.", []string{"Umm Tuwaynat@Idlib/unresolved/3"}},
		{"a district's own name before the seat the name after of is", "A bomb went off in the Zorbandi district of Tikrit.", []string{"Zorbandi@Sala ad din/admin2/3"}},
		{"a district's own name before a great provincial seat", "A bomb went off in the Zorbandi district of Kirkuk.", []string{"Zorbandi@Kirkuk/admin2/2"}},
		{"an area of a great provincial seat lies in the city", "Gunmen shot a trader in the Zorbandi area of Mosul.", []string{"Zorbandi@Mosul/unresolved/2"}},
		{"a bare name of a great provincial seat lies in its province", "Gunmen shot a trader in Zorbandi of Mosul.", []string{"Zorbandi@Ninawa/unresolved/3"}},
		{"a district after a great provincial seat called a city lies in its province", "In the northern city of Mosul, jets struck Zorbandi district.", []string{"Zorbandi@Ninawa/admin2/3"}},
		{"a district's own name before a great city", "A bomb went off in the Zorbandi district of Baghdad.", []string{"Zorbandi@Baghdad/admin2/2"}},
		{"a region's name before the town word is a place", "A bomb went off in the Zorbandi Hills town of Kirkuk.", []string{"Zorbandi Hills@At tamim/unresolved/3"}},
		{"the same word after the definite article names it", "Gunmen burned the Zorbandi village near Kirkuk.", []string{"Zorbandi@Kirkuk/unresolved/2"}},
		{"an unknown district in the province named before it", "In Kirkuk province, gunmen attacked a post in Zorbandi district.",
			[]string{"Zorbandi@At tamim/admin2/3"}},
		{"an unknown district is not in the town named before it", "After leaving Kirkuk, gunmen attacked a post in Zorbandi district.", nil},
		{"an unknown district in the province a nation's name and kind word name", "In the southern Iraq province of Basra, gunmen attacked a post in Zorbandi district.",
			[]string{"Zorbandi@Al basrah/admin2/3"}},
		{"a site of another unknown place, then what holds both", "Snipers shot a farmer in the Zorbandi valley of Qarawzi, al-Jawf.",
			[]string{"Zorbandi@Al jawf/unresolved/3"}},
		{"two countries: neither locates it", "Indian and Pakistani troops clashed near the village of Zorbandi.", nil},
		{"a list after a preposition that a town ends", "Rebels shelled army posts in Zqarta and Umm Tuwaynat, Tuz Khurmatu.",
			[]string{"Zqarta@Tuz khurmatu/unresolved/2", "Umm Tuwaynat@Tuz khurmatu/unresolved/2"}},
		{"a list of three with a known place in it", "Jets struck targets in Zqarta, Saraqib and Kafr Zunbul near Idlib.",
			[]string{"Zqarta@Idlib/unresolved/3", "Kafr Zunbul@Idlib/unresolved/3"}},
		{"a street corner is one place", "Police stopped a car on Zqarta Avenue and Tuwaynat Road in Kirkuk.", []string{"Zqarta Avenue and Tuwaynat Road@Kirkuk/unresolved/2"}},
		{"people placed in a town are no places", "Reporters Omar Zqarta and Lina Tuwaynat in Kirkuk contributed.", nil},
		{"a venue after at", "Talks were held at Zqarta Science and Tuwaynat Hall in Kirkuk.", nil},
		{"a name a verb shells, in a provincial seat: the province", "Rebels shelled Zqarta in Jizan on Monday.", []string{"Zqarta@Jizan/unresolved/3"}},
		{"a name a verb shells, in a great city: the city", "Rebels shelled Zqarta in Aleppo on Monday.", []string{"Zqarta@Aleppo/unresolved/2"}},
		{"an area of a city's centre", "An IED went off in the Zqarta area, central Mosul city.", []string{"Zqarta@Mosul/unresolved/2"}},
		{"an area of a city is no town of that name far away", "An IED went off in the Bakr area, central Mosul city.", []string{"Bakr@Mosul/unresolved/2"}},
		{"a word like an article before the article is the name's", "Shells fell on the Esh al-Zqarta area in Kirkuk.", []string{"Esh al-Zqarta@Kirkuk/unresolved/2"}},
		{"a verb's object that goes on past an article is not read in part", "Troops shelled Tal al Zqarta area near Tuz Khurmatu.", []string{"Tal al Zqarta@Tuz khurmatu/unresolved/2"}},
		{"a place name opening with a title", "Gunmen shot a man in Sheikh Zqarta village, Kirkuk.", []string{"Sheikh Zqarta@At tamim/unresolved/3"}},
		{"the village of a name opening with a title", "Jets struck the village of Imam Zqarta in Idlib province.", []string{"Imam Zqarta@Idlib/unresolved/3"}},
		{"an acronym is no place name", "Militants attacked an ANA checkpoint in Helmand.", nil},
		{"nothing locates it", "Gunmen stormed the village of Wadi Qarn at dawn.", nil},
		{"a district is not inside a village named before it", "Shells hit Zaghba and Marwan areas of Thuwra district.", nil},
		{"a person's title", "President Qasim village elders met in Kirkuk.", nil},
		{"an organisation", "Members of the Hamza Brigade area command met in Kirkuk.", nil},
		{"a month", "In March village councils in Kirkuk voted.", nil},
		{"a known place is no unknown one", "The town of Tikrit in Salah ad Din was shelled.", nil},
		{"a favela the gazetteer lacks lies in its city, not at a namesake town", "Police raided the Jacarezinho favela in Rio de Janeiro at dawn.", []string{"Jacarezinho@Rio de janeiro/unresolved/2"}},
		{"a province's possessive owns the district after it: no namesake in another state", "Rebels ambushed a patrol in Chhattisgarh's Bijapur district.", []string{"Bijapur@Chhattisgarh/admin2/3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := g.Tag(tt.text)
			var got []string
			unk := g.UnknownPlaces(tt.text, ms)
			for _, m := range unk {
				if m.Modifier != "unresolved" || !strings.HasPrefix(m.Place.ID, UnresolvedPrefix) || m.Text != m.Place.Name {
					t.Errorf("%q: modifier %q id %q name %q", m.Text, m.Modifier, m.Place.ID, m.Place.Name)
				}
				if []rune(tt.text)[m.Start] != []rune(m.Text)[0] {
					t.Errorf("%q: start %d does not point at it", m.Text, m.Start)
				}
				by := ""
				for _, o := range append(ms, unk...) {
					if strings.HasPrefix(m.Place.ID, UnresolvedPrefix+o.Place.ID+":") {
						by = o.Place.Name
					}
				}
				if rest, ok := strings.CutPrefix(m.Place.ID, UnresolvedPrefix); by == "" && ok {
					// a place the text names by another (a province by its seat)
					if p, ok := g.Place(rest[:strings.LastIndexByte(rest, ':')]); ok {
						by = p.Name
					}
				}
				got = append(got, fmt.Sprintf("%s@%s/%s/%d", m.Text, fold(by), m.Place.Kind, m.Precision))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// fold drops the diacritics of a gazetteer name for comparison.
func fold(s string) string {
	f := normalizeName(s)
	if f == "" {
		return ""
	}
	return strings.ToUpper(f[:1]) + f[1:]
}

func TestUnresolved(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text string
		want []string // names, in order
		kind string   // of the first
	}{
		{"Militants attacked troops near Bar-Sanguun village (Kismaayo, Lower Juba) at dawn.", []string{"Bar-Sanguun"}, "village"},
		{"Shells fell on the Tal Qarnabi area, west of the town.", []string{"Tal Qarnabi"}, "area"},
		{"Families fled the Abu Shukair camp in northern Syria on Friday.", []string{"Abu Shukair"}, "camp"},
		{"Islamists shelled the town of Kafr Nan at dawn.", []string{"Kafr Nan"}, "town"},                                      // not the Thai province Nan
		{"Regime forces captured the village of Taftanaz al-Gharbiya on Monday.", []string{"Taftanaz al-Gharbiya"}, "village"}, // not the town Taftanaz
		{"Shells fell on Qubbat al Zqarta village at dawn.", []string{"Qubbat al Zqarta"}, "village"},                          // an article between the name's words
		{"Jets struck the village of Tal al Qarnat on Monday.", []string{"Tal al Qarnat"}, "village"},
		{"The village was shelled. A town in Idlib was hit too.", nil, ""},
		{"Shelling hit Kafr Nabl village in southern Idlib.", nil, ""}, // known: a mention, not unresolved
		{"Residents of Mosul city said they heard the blasts.", nil, ""},
		// Only a preposition marks these: names of no person or body that
		// end where the clause goes on.
		{"Regime forces clashed with rebel fighters in Zqarta, killing four.", []string{"Zqarta"}, ""},
		{"A roadside bomb went off near Wadi Qarnat with no losses reported.", []string{"Wadi Qarnat"}, ""},
		{"Two men were shot dead at Zqarta.", []string{"Zqarta"}, ""},
		{"Warplanes carried out two strikes on Zqarta with no losses reported.", []string{"Zqarta"}, ""},
		{"The minister spoke in Parliament on Monday about the blasts.", nil, ""},
		{"The bill was signed at Camp David by both leaders.", nil, ""},
		{"Read more at Qarnatnews Did You Like this story?", nil, ""},
		{"The deal was struck in ZQARTA Holdings by the brothers.", nil, ""},
		{"The men met at Qarnat's house after the raid.", nil, ""},
		{"Clashes broke out in Zqarta, Qarnat and Marota overnight.", nil, ""},
		{"Troops massed near Zqarta military camp before dawn.", nil, ""}, // a kind word goes on past it
		{"Regime forces shelled places between Zqarta and Wadi Qarnat overnight.", []string{"Zqarta", "Wadi Qarnat"}, ""},
		{"A bomb went off on the road between Zqarta and Qarnat, killing two.", []string{"Zqarta", "Qarnat"}, ""},
		{"The book is a collaboration between Zqarta and Qarnat, of the county society.", nil, ""}, // two people
		{"Talks between Zqarta and Qarnat resumed on Monday.", nil, ""},
		{"Gunmen opened fire on Yazidis, killing two.", nil, ""},                     // a people after "on"
		{"Militants carried out attacks on Kurds with no losses reported.", nil, ""}, // nor a place
		{"Soldiers fired at Salafists near the market, killing two.", nil, ""},
		{"Gunmen opened fire on Zqarta, killing him.", nil, ""}, // a person
		{"Gunmen opened fire on Zqarta, who died later.", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			us := g.Unresolved(tc.text, g.Tag(tc.text))
			var got []string
			for _, u := range us {
				got = append(got, u.Text)
				if []rune(tc.text)[u.Start] != []rune(u.Text)[0] || tc.text[u.ByteStart:u.ByteEnd] != u.Text {
					t.Errorf("offsets of %q are wrong: %+v", u.Text, u)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("got %q, want %q", got, tc.want)
				}
			}
			if len(us) > 0 && us[0].Kind != tc.kind {
				t.Errorf("kind %q, want %q", us[0].Kind, tc.kind)
			}
			if len(us) > 0 && us[0].Bare != (tc.kind == "") {
				t.Errorf("bare %v, want %v", us[0].Bare, tc.kind == "")
			}
		})
	}
}

// TestTownRegion: an area made of the towns that define it is a polygon
// holding each of them, found by the names reporting uses.
func TestTownRegion(t *testing.T) {
	g := testGazetteer(t)
	for _, text := range []string{"Shelling hit Eastern Ghouta on Monday.", "Jets struck towns in the East Ghouta.", "Fighting in Eastern Ghota went on."} {
		ms := g.Tag(text)
		if len(ms) != 1 || ms[0].Place.ID != "region:SY-EGHOUTA" || ms[0].Place.Kind != KindRegion {
			t.Fatalf("%q: %+v", text, ms)
		}
	}
	p, _ := g.Place("region:SY-EGHOUTA")
	pg, ok := p.Shape.(orb.Polygon)
	if !ok || p.Admin1 != "SY-RD" || p.CountryCode != "SY" {
		t.Fatalf("shape %T, admin1 %s", p.Shape, p.Admin1)
	}
	for _, town := range []string{"Douma", "Harasta", "Kafr Batna"} {
		ms := g.Tag("Shells fell on " + town + ", Syria.")
		if len(ms) == 0 || ms[0].Place.Admin1 != "SY-RD" {
			t.Fatalf("%s: %+v", town, ms)
		}
		if !planar.PolygonContains(pg, ms[0].Place.Point) && !onBoundary(pg, ms[0].Place.Point) {
			t.Errorf("%s at %v is outside Eastern Ghouta", town, ms[0].Place.Point)
		}
	}
}

func onBoundary(pg orb.Polygon, p orb.Point) bool {
	for _, q := range pg[0] {
		if q.Equal(p) || math.Abs(q[0]-p[0]) < 1e-4 && math.Abs(q[1]-p[1]) < 1e-4 {
			return true
		}
	}
	return false
}

// TestUnknownPlaceOfSeat: "A of Kirkuk" names the province by its seat, so
// A stands in the province, at precision 3; "A near Kirkuk", "the A
// neighbourhood of Kirkuk" and "A of Kirkuk city" stay by the town.
func TestUnknownPlaceOfSeat(t *testing.T) {
	g := testGazetteer(t)
	for _, tt := range []struct{ text, idPrefix string }{
		{"Rebels shelled troops in Qarawzi of Kirkuk on Monday.", UnresolvedPrefix + "admin1:"},
		{"Rebels shelled troops in Qarawzi near Kirkuk on Monday.", UnresolvedPrefix + "gn:"},
		// A part of a town, or a seat called a city, stays in the city.
		{"A car bomb went off in the Qarawzi neighbourhood of Kirkuk on Monday.", UnresolvedPrefix + "gn:"},
		{"Shells fell on the Qarawzi street area of Kirkuk on Monday.", UnresolvedPrefix + "gn:"},
		{"Rebels shelled troops in Qarawzi of Kirkuk city on Monday.", UnresolvedPrefix + "gn:"},
	} {
		unk := g.UnknownPlaces(tt.text, g.Tag(tt.text))
		if len(unk) != 1 || !strings.HasPrefix(unk[0].Place.ID, tt.idPrefix) {
			t.Errorf("%q: got %+v, want one place with id %s...", tt.text, unk, tt.idPrefix)
			continue
		}
		if k := unk[0].Place.Kind; k != KindUnresolved {
			t.Errorf("%q: kind %s", tt.text, k)
		}
	}
}
