package gazetteer

import (
	"strings"
	"testing"
)

// TestContextBeatsSpelling checks that spelling variants are read in the
// light of the places an article settles, and that a name the gazetteer
// lacks does not become a far-off namesake.
func TestContextBeatsSpelling(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, text string
		want       map[string]string // mention text -> place id
		absent     []string          // no mention may cover these words
		nowhere    []string          // no mention may resolve to these countries
		hints      map[string]float64
	}{
		{
			name: "transliterated village in a named province",
			text: "Government shelling hit Kafr Nabl village in southern Idleb on Tuesday.",
			want: map[string]string{"Kafr Nabl": "gn:168661"},
		},
		{
			name: "small town met through its transliteration, country settled",
			text: "Iraqi troops searched farms near Haweeja in Kirkuk province.",
			want: map[string]string{"Haweeja": "gn:390188"},
		},
		{
			name: "a name of two consonants met through its whole transliteration",
			text: "Shells fell on the port of Hudeidah on Monday.",
			want: map[string]string{"Hudeidah": "gn:79415"},
		},
		{
			name: "an Arabic article after a preposition of place is no first name",
			text: "A grenade hit a patrol in Al Ghayda on Monday.",
			want: map[string]string{"Ghayda": "gn:79700"},
		},
		{
			name:  "a capitalised article joined to a variant leaves its preposition to it",
			text:  "Airstrikes hit a farm in Al-Jirahi on Monday.",
			want:  map[string]string{"Jirahi": "gn:79284"},
			hints: map[string]float64{"YE": 0.5},
		},
		{
			name: "a dictionary word before sub-district is the place",
			text: "Jets bombed a farm in the Bulbul sub-district on Monday.",
			want: map[string]string{"Bulbul": "gn:171212"},
		},
		{
			name:  "a four-letter variant named as a district of a settled country",
			text:  "Gunmen killed two farmers in Nehm district on Monday.",
			want:  map[string]string{"Nehm district": "admin2:YE.16.2303"},
			hints: map[string]float64{"YE": 0.5},
		},
		{
			name: "a country's adjective before its warplanes names who struck, not where: no far spelling in it",
			text: "Russian warplanes carried out raids on the town of Murak with no casualties reported.",
			want: map[string]string{"Murak": "gn:166640"},
		},
		{
			name:   "a hill in a village the gazetteer lacks, in a district: no town of the name in another province",
			text:   "Houthi fighters held the As Sawda hill in Zqarta in Jabal Habashi of Taizz until dawn.",
			want:   map[string]string{"Jabal Habashi": "admin2:YE.25.1509"},
			absent: []string{"As Sawda"},
			hints:  map[string]float64{"YE": 0.5},
		},
		{
			name: "a place the text puts inside a district is no other district",
			text: "Militiamen shelled a school in the Zahir area of Dhi Naim district.",
			want: map[string]string{"Zahir": "gn:69482", "Dhi Naim district": "admin2:YE.20.1406"},
		},
		{
			name:   "a town the text puts in one province is no city of another",
			text:   "Gunmen ambushed a patrol near Sanah in Ad Dali.",
			want:   map[string]string{"Ad Dali": "gn:80384"},
			absent: []string{"Sanah"},
		},
		{
			name: "a town in a province of its own is kept",
			text: "Gunmen ambushed a patrol near Sanaa in Sanaa province.",
			want: map[string]string{"Sanaa": "gn:71137"},
		},
		{
			name: "a gulf of a province is no place inside it",
			text: "Warships escorted a tanker in the Gulf of Aden on Monday.",
			want: map[string]string{"Aden": "gn:415189"},
		},
		{
			name: "a town a verb takes is the town, not its district",
			text: "Fighters raided Damboa town overnight.",
			want: map[string]string{"Damboa": "gn:2345498"},
		},
		{
			name: "the same name called a district is the district",
			text: "Militiamen shelled a school in Zahir district.",
			want: map[string]string{"Zahir district": "admin2:YE.20.1405"},
		},
		{
			name:   "a four-letter variant without its division word is no place",
			text:   "Gunmen killed two farmers in Nehm on Monday.",
			absent: []string{"Nehm"},
			hints:  map[string]float64{"YE": 0.5},
		},
		{
			name:   "the same spelling with nothing to settle it",
			text:   "The report called Haweeja a model.",
			absent: []string{"Haweeja"},
		},
		{
			name:    "a French village gives way to the Syrian town the article means",
			text:    "Mortar rounds fell on Arbin in Eastern Ghouta, Syria, on Sunday.",
			want:    map[string]string{"Arbin": "gn:169372"},
			nowhere: []string{"FR"},
		},
		{
			name:    "unknown hyphenated village is not two far-flung places",
			text:    "Gunmen attacked soldiers near Bar-Sanguun village (Kismaayo, Lower Juba) at dawn.",
			want:    map[string]string{"Kismaayo": "gn:55671", "Lower Juba": "admin1:SO-JH"},
			absent:  []string{"Bar-", "Sanguun"},
			nowhere: []string{"ME", "CN"},
		},
		{
			name:    "two great towns joined by a hyphen are no village's spelling",
			text:    "Gunmen kidnapped a priest on the Kaduna-Abuja highway.",
			want:    map[string]string{"Kaduna": "gn:2335727", "Abuja": "gn:2352778"},
			nowhere: []string{"IT"},
		},
		{
			name:   "an article alone before an unknown name",
			text:   "Coalition troops at the al-Tanf garrison in Syria were attacked.",
			absent: []string{"al-"},
		},
		{
			name: "a headland's apostrophe is no possessive: Ra's is Ras",
			text: "Shells fell on Ras al Ayn, Syria, overnight.",
			want: map[string]string{"Ras al Ayn": "gn:165509"},
		},
		{
			name: "a name joined by an Arabic article is no run of English words",
			text: "Gunmen fired on a checkpoint in Ras el Ain, Syria, on Monday.",
			want: map[string]string{"Ras el Ain": "gn:165509"},
		},
		{
			name: "a small town's longer spelling after a refused exact word",
			text: "Gunmen fired on a checkpoint in Ras al-Ain, Syria, on Monday.",
			want: map[string]string{"Ras al-Ain": "gn:165509"},
		},
		{
			name:   "a familiar word opening a sentence begins no variant",
			text:   "In Asir, border posts came under fire from Yemen.",
			want:   map[string]string{"Asir": "admin1:SA-14"},
			absent: []string{"In"},
		},
		{
			name:    "a village is no province: the village of A",
			text:    "Government troops retook the village of Batha after a night of fighting.",
			nowhere: []string{"TD"},
		},
		{
			name: "the town of A keeps a town over a district of the same name",
			text: "Troops raided the town of Jenin on Friday.",
			want: map[string]string{"Jenin": "gn:283506"},
		},
		{
			name: "a region before \"town of\" is the town's region, still a place",
			text: "Troops raided the West Bank town of Jenin on Friday.",
			want: map[string]string{"West Bank": "admin1:PS-WBK", "Jenin": "gn:283506"},
		},
		{
			name: "a country before \"town\" is no town",
			text: "A blast in a Myanmar town near the Thai border killed three people.",
			want: map[string]string{"Myanmar": "country:MM"},
		},
		{
			name:  "a name's reading does not vouch for its other readings in the same country",
			text:  "Fighters loyal to the movement shelled a market in Al Bayda on Sunday.",
			hints: map[string]float64{"YE": 0.5},
			want:  map[string]string{"Al Bayda": "gn:79836"},
		},
		{
			name:  "\"the outskirts of\" marks a place like \"in\" does",
			text:  "Gunmen stormed a checkpoint on the outskirts of Haweeja before dawn.",
			hints: map[string]float64{"IQ": 0.5},
			want:  map[string]string{"Haweeja": "gn:390188"},
		},
		{
			name:    "the city of A keeps a province when only a far hamlet's other name is a town",
			text:    "Two policemen were hurt by a bomb in the city of Nineveh on Monday.",
			nowhere: []string{"US"},
		},
		{
			name: "two known places joined by a hyphen stay two places",
			text: "The river is expected to crest in Fargo-Moorhead on Friday, North Dakota officials said.",
			want: map[string]string{"Fargo": "gn:5059163", "Moorhead": "gn:5038108"},
		},
		{
			name: "a longer close spelling wins over the refused word it begins with",
			text: "Jets struck the market in Khan Shaykun in Idleb province on Monday.",
			want: map[string]string{"Khan Shaykun": "gn:168325"},
		},
		{
			name:   "a name met without its article, then a joined article, heads a longer name",
			text:   "Snipers fired on shoppers in the Bab al-Nasr quarter of Aleppo on Monday.",
			want:   map[string]string{"Aleppo": "gn:170063"},
			absent: []string{"Bab"},
		},
		{
			name: "the town itself with its article",
			text: "Turkish-backed fighters entered al-Bab on Monday after a week of shelling.",
			want: map[string]string{"al-Bab": "gn:174018"},
		},
		{
			name:   "a military operation's name is no place",
			text:   "Fighters of Operation Olive Branch shelled villages near Afrin in Syria.",
			want:   map[string]string{"Afrin": "gn:174186"},
			absent: []string{"Olive Branch"},
		},
		{
			name:    "a small namesake on another continent is no place of a report on Yemen's war",
			text:    "Militia fighters attacked a checkpoint outside Harstad at dawn, near Marib.",
			hints:   map[string]float64{"YE": 1},
			want:    map[string]string{"Marib": "gn:72968"},
			absent:  []string{"Harstad"},
			nowhere: []string{"NO"},
		},
		{
			name:  "the same namesake with its own container",
			text:  "Militia fighters attacked a checkpoint outside Harstad, Norway, at dawn.",
			hints: map[string]float64{"YE": 1},
			want:  map[string]string{"Harstad": "gn:3153823"},
		},
		{
			name:    "a country's own name that is a word for a kind of place names that kind",
			text:    "Militia fighters killed two militants on the Island of Zqarta in Salahuddin province.",
			absent:  []string{"Island"},
			nowhere: []string{"IS"},
		},
		{
			name: "a dictionary word the text calls a town is that town",
			text: "Troops shelled the town of Bulbul on Monday.",
			want: map[string]string{"Bulbul": "gn:171212"},
		},
		{
			name:   "the same word alone is a word",
			text:   "A bulbul sang. Bulbul songs are loud.",
			absent: []string{"Bulbul"},
		},
		{
			name:    "a name met twice does not vouch for its own reading",
			text:    "Rebels and troops fought in the Ariha area on Friday. Snipers shot a boy on the edge of Ariha.",
			hints:   map[string]float64{"SY": 1},
			want:    map[string]string{"Ariha": "gn:172994"},
			nowhere: []string{"PS"},
		},
		{
			name: "a named state does not make a town's old name beat the capital",
			text: "The governor of New York state flew to Washington on Monday. In Washington, she met senators.",
			want: map[string]string{"Washington": "gn:4140963"},
		},
		{
			name:    "a village is no city met by another name of it",
			text:    "Troops searched the village Khamil, near Mandali, on Sunday.",
			want:    map[string]string{"Mandali": "gn:93709"},
			nowhere: []string{"CN"},
		},
		{
			name:  "a name and its designation are no longer variant of another name",
			text:  "Rebels fired rockets at a base in Jizan Region on Tuesday.",
			hints: map[string]float64{"YE": 0.5},
			want:  map[string]string{"Jizan Region": "admin1:SA-09"},
		},
		{
			name:    "the items of a list its place word ends lie where it puts them",
			text:    "Artillery shelled Khalil, Zqarta and Umm Tuwaynat areas in Afrin district on Monday.",
			want:    map[string]string{"Afrin": "gn:174186"},
			nowhere: []string{"PS"},
		},
		{
			name: "an item after the list's own place word is no item of it",
			text: "Fighters clashed around the towns of Bulbul, Zqarta, and areas in Jindayris township.",
			want: map[string]string{"Bulbul": "gn:171212"},
		},
		{
			name:   "a town a name resembles in another province than the sentence names is a namesake",
			text:   "A mine wounded two shepherds at Abu Gharb near Amara, Maysan province.",
			absent: []string{"Abu Gharb"},
			want:   map[string]string{"Maysan province": "admin1:IQ-MA"},
		},
		{
			name:   "a village in a town's countryside is no town far from it",
			text:   "Turkish guns hit Kafr Safra village in the western countryside of Afrin at dawn.",
			hints:  map[string]float64{"SY": 1},
			want:   map[string]string{"Afrin": "gn:174186"},
			absent: []string{"Kafr Safra"},
		},
		{
			name:  "a town in a province's desert is read by the province",
			text:  "Jets bombed hideouts around Sokhneh town in the desert of Homs.",
			hints: map[string]float64{"SY": 1},
			want:  map[string]string{"Sokhneh": "gn:172425"},
		},
		{
			name: "a place is kept in a neighbourhood of a name that only resembles towns abroad",
			text: "Police beat two men in the East Jerusalem neighborhood of Silwan on Friday.",
			want: map[string]string{"East Jerusalem": "gn:7303419"},
		},
		{
			name: "a party initial before a town",
			text: "State Sen. Ann Lee, D-Charleston, said she would vote against the budget in South Carolina.",
			want: map[string]string{"Charleston": "gn:4574324"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := g.TagWithin(tc.text, tc.hints)
			checkOffsets(t, tc.text, ms)
			for text, id := range tc.want {
				m := find(ms, text)
				if m == nil {
					t.Errorf("no mention of %q; got %v", text, summarize(ms))
					continue
				}
				if m.Place.ID != id {
					t.Errorf("%q -> %s (%s, %s), want %s", m.Text, m.Place.ID, m.Place.Name, m.Place.CountryCode, id)
				}
			}
			for _, s := range tc.absent {
				i := strings.Index(tc.text, s)
				for _, m := range ms {
					if m.ByteStart < i+len(s) && m.ByteEnd > i {
						t.Errorf("%q tagged as %s (%s, %s)", m.Text, m.Place.ID, m.Place.Name, m.Place.CountryCode)
					}
				}
			}
			for _, cc := range tc.nowhere {
				for _, m := range ms {
					if m.Place.CountryCode == cc {
						t.Errorf("%q resolved to %s (%s) in %s", m.Text, m.Place.ID, m.Place.Name, cc)
					}
				}
			}
		})
	}
}

func TestSearchTransliterations(t *testing.T) {
	g := testGazetteer(t)
	for q, id := range map[string]string{
		"Haweeja":      "gn:390188",
		"Arbin, Syria": "gn:169372",
		"Lower Juba":   "admin1:SO-JH",
	} {
		rs := g.Search(q, 5)
		if len(rs) == 0 || rs[0].Place.ID != id {
			var got []string
			for _, r := range rs {
				got = append(got, r.Place.ID)
			}
			t.Errorf("Search(%q) = %v, want %s first", q, got, id)
		}
	}
}

// TestBaseAliases checks the names reporting gives bases that the sources
// list under another name.
func TestBaseAliases(t *testing.T) {
	g := testGazetteer(t)
	for text, want := range map[string]struct{ mention, id string }{
		"Two rockets hit Ain al-Assad air base overnight.":          {"Ain al-Assad", "airport:ORAA"},
		"Drones were shot down near the Al-Asad Airbase in Anbar.":  {"Al-Asad Airbase", "airport:ORAA"},
		"Bombers took off from Hmeimim to strike targets in Idlib.": {"Hmeimim", "airport:OSLK"},
		"Contractors left Balad Air Base after the attack.":         {"Balad Air Base", "airport:ORBD"},
	} {
		m := find(g.Tag(text), want.mention)
		if m == nil || m.Place.ID != want.id {
			t.Errorf("%q: %q -> %+v, want %s", text, want.mention, m, want.id)
		}
	}
}

// TestSettlementWords: a name the text calls a village or a town keeps only
// its populated places, and one it calls a city drops the province named
// after its seat; other readings stay.
func TestSettlementWords(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text, name string
		kinds      []Kind // the kinds of place the name may still be
		dropped    Kind   // a kind it may no longer be ("" for none)
	}{
		{"Rockets hit a parade near the central city of Taiz.", "taiz", []Kind{KindCity}, KindAdmin1},
		{"Troops retook the village of Batha.", "batha", nil, KindAdmin1},
		{"Shells fell in Hama town overnight.", "hama", []Kind{KindCity}, KindAdmin1},
		{"Two policemen were hurt in the city of Nineveh.", "nineveh", []Kind{KindAdmin1}, ""},
		{"Rockets hit a parade near Taiz.", "taiz", []Kind{KindCity, KindAdmin1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			toks := tokenize(tt.text)
			spans := g.settlementsOnly(toks, g.findSpans(toks, titleCaseLines(toks)))
			kinds := map[Kind]bool{}
			for _, sp := range spans {
				if spanText(toks, &sp) != tt.name {
					continue
				}
				for _, e := range sp.entries {
					kinds[g.places[e.place].Kind] = true
				}
			}
			for _, k := range tt.kinds {
				if !kinds[k] {
					t.Errorf("%q may no longer be a %s: %v", tt.name, k, kinds)
				}
			}
			if tt.dropped != "" && kinds[tt.dropped] {
				t.Errorf("%q may still be a %s", tt.name, tt.dropped)
			}
		})
	}
}
