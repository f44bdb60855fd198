package incident

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/paulmach/orb"
)

const seedPath = "../../shared/seeds/000_d7ef42fada8a821f.txt"

var seedPublished = time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)

func day(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

// TestSeedArticle is the owner's reading of the seed article (issue 3).
func TestSeedArticle(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("seed article missing in CI: %v", err)
		}
		t.Skipf("seed article absent: %v", err)
	}
	a, err := ParseArticle(b)
	if err != nil {
		t.Fatal(err)
	}
	x := Extract(testGazetteer(t), a, seedPublished)
	find := func(sub, date string) *Incident {
		for i := range x.Incidents {
			in := &x.Incidents[i]
			if in.SubEventType == sub && in.EventDate.Equal(day(date)) {
				return in
			}
		}
		t.Fatalf("no %s on %s among %d incidents", sub, date, len(x.Incidents))
		return nil
	}
	strike := find(SubAirStrike, "2021-06-27")
	if strike.PlaceID != "border:IQ-SY" || strike.GeoPrecision != 3 || strike.TimePrecision != 1 {
		t.Errorf("strike at %s p%d t%d", strike.PlaceID, strike.GeoPrecision, strike.TimePrecision)
	}
	if _, ok := strike.Geometry.(orb.LineString); !ok {
		if _, ok := strike.Geometry.(orb.MultiLineString); !ok {
			t.Errorf("strike geometry %T, want the border line", strike.Geometry)
		}
	}
	if strike.Actor1 != "Military Forces of the United States" || strike.Actor2 != "Kata'ib Hezbollah" ||
		len(strike.AssocActors) != 1 || strike.AssocActors[0] != "Kata'ib Sayyid al-Shuhada" {
		t.Errorf("strike actors %q vs %q %q", strike.Actor1, strike.Actor2, strike.AssocActors)
	}
	rocket := find(SubShelling, "2021-06-28")
	if rocket.PlaceID != "country:SY" || rocket.GeoPrecision != 3 || rocket.Injuries == nil || *rocket.Injuries != 0 {
		t.Errorf("rocket attack %s p%d injuries %v", rocket.PlaceID, rocket.GeoPrecision, rocket.Injuries)
	}
	if rocket.Actor2 != "Military Forces of the United States" {
		t.Errorf("rocket attack target %q", rocket.Actor2)
	}
	soleimani := find(SubAirStrike, "2020-01-01")
	if soleimani.TimePrecision != 3 || soleimani.PlaceID != "airport:ORBI" || soleimani.GeoPrecision != 2 ||
		soleimani.Fatalities == nil || *soleimani.Fatalities != 2 {
		t.Errorf("Soleimani strike t%d %s p%d fatalities %v", soleimani.TimePrecision, soleimani.PlaceID, soleimani.GeoPrecision, soleimani.Fatalities)
	}
	for _, in := range x.Incidents {
		for _, bad := range []string{"Cairo", "Rome", "Tehran", "Washington", "Congress"} {
			if strings.Contains(in.Location, bad) {
				t.Errorf("incident placed in %s", in.Location)
			}
		}
		if len(in.Sources) != 1 || in.Sources[0].ArticleID != a.ID {
			t.Errorf("sources %+v", in.Sources)
		}
		if in.Confidence <= 0 || in.Confidence > 1 {
			t.Errorf("confidence %v", in.Confidence)
		}
		// Summaries ("three times", "since April") are no incidents.
		if in.EventDate.Equal(day("2021-04-01")) {
			t.Errorf("summary kept as incident: %+v", in)
		}
	}
	for _, m := range x.Mentions {
		if m.Role == gazetteer.RoleIncident && (m.Text == "Cairo" || m.Text == "Rome") {
			t.Errorf("mention %q has role incident", m.Text)
		}
	}
	checkGolden(t, "seed_000.golden.json", x.Incidents)

	// Ingested twice, or from another article: the same ids.
	a2 := a
	a2.ID = "other"
	y := Extract(testGazetteer(t), a2, seedPublished)
	if len(y.Incidents) != len(x.Incidents) || y.Incidents[0].ID != x.Incidents[0].ID {
		t.Errorf("ids not stable across articles")
	}
}

func checkGolden(t *testing.T, name string, incs []Incident) {
	t.Helper()
	got, err := MarshalReport(incs)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Errorf("differs from %s (run go test -update and review):\n%s", path, got)
	}
}

// TestExtractRules runs each rule on sentence shapes reporters use.
func TestExtractRules(t *testing.T) {
	g := testGazetteer(t)
	type want struct {
		n          int // incidents
		sub        string
		date       string
		tprec      int
		country    string
		geoPrec    int
		actor1     string
		actor2     string
		fatalities int // -1 unknown, -2 do not check
		injuries   int
	}
	tests := []struct {
		name string
		body string
		want want
	}{
		{"airstrike near city", "Israeli warplanes carried out an airstrike near Gaza City on Tuesday, killing at least 12 people.",
			want{1, SubAirStrike, "2021-06-22", 1, "PS", 2, "Military Forces of Israel", "", 12, -1}},
		{"drone attack in city", "A drone attack in Erbil on Saturday night wounded three civilians.",
			want{1, SubAirStrike, "2021-06-26", 1, "IQ", 1, "", "", -1, 3}},
		{"rocket attack on base no injuries", "A rocket attack hit Baghdad International Airport yesterday. There were no injuries.",
			want{1, SubShelling, "2021-06-27", 1, "IQ", 1, "", "", 0, 0}},
		{"village, LGA, state: one place, the first", "On 12 June 2021, gunmen killed three farmers in Kukawa village, Guzamala LGA, Borno state.",
			want{1, SubAttack, "2021-06-12", 1, "NG", 1, "", "", 3, -1}},
		{"a group's name spelt another way", "On 9 May 2020, Al-Shabab militants attacked a police post near Kismayo.",
			want{1, SubArmedClash, "2020-05-09", 1, "SO", 2, "Al Shabaab", "", -1, -1}},
		{"a group's name with its second word in lower case", "On 9 May 2020, Al shabaab militants attacked a police post near Kismayo.",
			want{1, SubArmedClash, "2020-05-09", 1, "SO", 2, "Al Shabaab", "", -1, -1}},
		{"a village in a territory named after its town", "On 12 June 2021, rebels raided Mabolio, Beni territory, North Kivu, and abducted 12 civilians.",
			want{1, SubAbduction, "2021-06-12", 1, "CD", 2, "", "", -1, -1}},
		{"an article before a group's name is no part of it", "A Houthi missile struck a ship near Hodeidah on 12 June 2021.",
			want{1, SubShelling, "2021-06-12", 1, "YE", 2, "Houthi Movement", "", -1, -1}},
		{"clashes between A and B: A is actor 1, B actor 2", "On 3 March 2019, clashes erupted between Taliban and Afghan forces in Ghazni.",
			want{1, SubArmedClash, "2019-03-03", 1, "AF", 1, "Taliban", "Military Forces of Afghanistan", -1, -1}},
		{"journalists arrested are no press conference", "On 12 June 2021, police arrested two journalists in Kandahar.",
			want{1, SubArrests, "2021-06-12", 1, "AF", 1, "", "", -1, -1}},
		{"shelling of a city", "Russian forces shelled Kharkiv overnight, killing five people and injuring 20.",
			want{1, SubShelling, "2021-06-27", 1, "UA", 1, "Military Forces of Russia", "", 5, 20}},
		{"roadside bomb", "A roadside bomb exploded near Kandahar on June 20, killing two soldiers.",
			want{1, SubIED, "2021-06-20", 1, "AF", 2, "", "", 2, -1}},
		{"a vehicle striking a mine is no air strike", "Two soldiers died when their truck struck an explosive device near Kandahar on June 20.",
			want{1, SubIED, "2021-06-20", 1, "AF", 2, "", "", 2, -1}},
		{"nor one hitting a roadside bomb", "An army convoy hit a roadside bomb near Kandahar on June 20, killing two soldiers.",
			want{1, SubIED, "2021-06-20", 1, "AF", 2, "", "", 2, -1}},
		{"jets striking a bomb factory strike from the air", "Coalition jets struck a bomb factory near Kandahar on June 20.",
			want{1, SubAirStrike, "2021-06-20", 1, "AF", 2, "", "", -1, -1}},
		{"a narrative sets its scene first: an event two sentences on, named nowhere, stands there, not where an appeal is made", "Survivors describe a night of fear in a farming settlement east of Kunduz. Gunmen went from house to house with lists of names. Another eight people were taken to the general hospital in Kunduz with wounds. The army blamed the Taliban. On June 21, two soldiers died when their truck struck a mine. Aid agencies in Kabul have called for an inquiry.",
			want{1, SubIED, "2021-06-21", 1, "AF", 2, "", "", 2, -1}},
		{"whom a speaker speaks for is no event place", "A suicide bomber struck a busy market in Jalalabad on June 24, killing 18 people. The blast tore through vegetable stalls shortly before noon, said Ahmad Zia, a spokesman for the governor of Nangarhar province.",
			want{1, SubSuicide, "2021-06-24", 1, "AF", 1, "", "", 18, -1}},
		{"the blast in the bombing's province is the bombing", "A suicide bomber struck a busy market in Jalalabad on June 24, killing 18 people. The blast in Nangarhar province also wounded 40 others.",
			want{1, SubSuicide, "2021-06-24", 1, "AF", 1, "", "", 18, 40}},
		{"strikes that go with fighting at the place are part of the battle", "Turkish warplanes bombarded areas of Afrin as clashes took place between Turkish troops and Kurdish fighters there on June 24.",
			want{1, SubArmedClash, "2021-06-24", 1, "SY", 2, "Military Forces of Türkiye", "", -1, -1}},
		{"clashes \"in the area\" are at the place struck before them, and the strikes are the battle's", "Warplanes struck Saraqib on June 24 as clashes took place in the area between rebels and regime troops.",
			want{1, SubArmedClash, "2021-06-24", 1, "SY", 1, "", "", -1, -1}},
		{"fighting \"there\" too", "Army artillery shelled Saraqib on June 24 while rebels and soldiers clashed there.",
			want{1, SubArmedClash, "2021-06-24", 1, "SY", 1, "Military Forces of Syria", "", -1, -1}},
		{"soldiers attacked by rockets are shelled, not in a battle", "A rocket attack targeted army troops in Saraqib on June 24. The troops in Saraqib were attacked by several rockets.",
			want{1, SubShelling, "2021-06-24", 1, "SY", 1, "", "", -1, -1}},
		{"quotes round a count are no quoted speech", "Taliban fighters claim to have killed \"dozens\" of army soldiers near Kandahar on June 24.",
			want{1, SubArmedClash, "2021-06-24", 1, "AF", 2, "Taliban", "", 12, -1}},
		{"suicide bomber", "A suicide bomber blew himself up at a market in Mogadishu last week, killing 15 people.",
			want{1, SubSuicide, "2021-06-21", 2, "SO", 1, "", "", 15, -1}},
		{"grenade", "Attackers threw a grenade at a bus in Nairobi on Friday; nobody was hurt.",
			want{1, SubGrenade, "2021-06-25", 1, "KE", 1, "", "", 0, 0}},
		{"clashes", "Taliban fighters clashed with Afghan troops in Kunduz on Sunday.",
			want{1, SubArmedClash, "2021-06-27", 1, "AF", 1, "Taliban", "Military Forces of Afghanistan", -1, -1}},
		{"massacre", "Gunmen massacred villagers in a village near Bamako in early June, killing more than 30 people.",
			want{1, SubAttack, "2021-06-05", 2, "ML", 2, "", "", 30, -1}},
		{"blast weak", "An explosion rocked a fuel depot in Kabul today.",
			want{1, SubIED, "2021-06-28", 1, "AF", 1, "", "", -1, -1}},
		{"one-way UAV summary", "Militias have conducted at least five one-way UAV (unmanned aerial vehicle) attacks against bases in Iraq since April.",
			want{n: 0}},
		{"three times summary", "U.S. troops in Iraq have come under attack from drone strikes three times in a month.",
			want{n: 0}},
		{"speech place", "The minister condemned the airstrike at a press conference in Rome on Monday.",
			want{n: 0}},
		{"no place", "The airstrike killed four people on Monday.",
			want{n: 0}},
		{"struck needs a state actor", "Lightning struck a house in Cairo on Monday.",
			want{n: 0}},
		{"abbreviation learned", "The Islamic State in West Africa Province (ISWAP) and Boko Haram were blamed. Nigerian troops clashed with ISWAP near Maiduguri on Thursday.",
			want{1, SubArmedClash, "2021-06-24", 1, "NG", 2, "Military Forces of Nigeria", "Islamic State West Africa Province", -1, -1}},
		{"refinement no new incident", "U.S. aircraft struck targets near the border between Syria and Iraq overnight. Two of the targets were inside Syria and one was inside Iraq.",
			want{1, SubAirStrike, "2021-06-27", 1, "IQ", 3, "Military Forces of the United States", "", -1, -1}},
		{"initials before fighters name a rebel side, which takes the town", "On 3 May 2021, ZLF fighters captured the town of Saraqib.",
			want{1, SubNonStateOvertakes, "2021-05-03", 1, "SY", 1, "ZLF", "", -1, -1}},
		{"initials before troops name a state's forces, which regain it", "On 3 May 2021, ZDF troops captured the town of Saraqib.",
			want{1, SubGovRegains, "2021-05-03", 1, "SY", 1, "ZDF", "", -1, -1}},
		{"a rebel side's initials retake a town", "On 3 May 2021, ZLF forces retook the town of Saraqib.",
			want{1, SubNonStateOvertakes, "2021-05-03", 1, "SY", 1, "ZLF", "", -1, -1}},
		{"the town armed men entered is where they took control of a building in it", "On 3 May 2021, Taliban fighters entered Kandahar and took control of the governor's palace.",
			want{1, SubNonStateOvertakes, "2021-05-03", 1, "AF", 1, "Taliban", "", -1, -1}},
		{"initials that are also a word, before militants", "On 3 May 2021, IS militants attacked an army post near Kirkuk.",
			want{1, SubArmedClash, "2021-05-03", 1, "IQ", 2, "Islamic State", "", -1, -1}},
		{"a state's weapons name its forces", "Russian missiles hit an apartment block in Kharkiv on Monday, killing four people.",
			want{1, SubShelling, "2021-06-28", 1, "UA", 1, "Military Forces of Russia", "", 4, -1}},
		{"named victims", "A drone strike in January 2020 near the Baghdad airport killed Qasem Soleimani. Abu Mahdi al-Muhandis was also killed in the strike.",
			want{1, SubAirStrike, "2020-01-01", 3, "IQ", 2, "", "", 2, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, seedPublished)
			if len(x.Incidents) != tt.want.n {
				for _, in := range x.Incidents {
					t.Logf("%s %s %s", in.SubEventType, in.EventDate.Format("2006-01-02"), in.Location)
				}
				t.Fatalf("%d incidents, want %d", len(x.Incidents), tt.want.n)
			}
			if tt.want.n == 0 {
				return
			}
			in := x.Incidents[0]
			w := tt.want
			check := func(field string, got, want any) {
				if got != want {
					t.Errorf("%s = %v, want %v", field, got, want)
				}
			}
			check("sub", in.SubEventType, w.sub)
			check("date", in.EventDate.Format("2006-01-02"), w.date)
			check("time_precision", in.TimePrecision, w.tprec)
			check("country", in.CountryCode, w.country)
			check("geo_precision", in.GeoPrecision, w.geoPrec)
			check("actor1", in.Actor1, w.actor1)
			if w.actor2 != "" {
				check("actor2", in.Actor2, w.actor2)
			}
			count := func(p *int) int {
				if p == nil {
					return -1
				}
				return *p
			}
			if w.fatalities != -2 {
				check("fatalities", count(in.Fatalities), w.fatalities)
				check("injuries", count(in.Injuries), w.injuries)
			}
		})
	}
}

// TestExtractHostile: bad input gives a clear result, never a panic.
func TestExtractHostile(t *testing.T) {
	g := testGazetteer(t)
	bodies := map[string]string{
		"empty":         "",
		"one word 10MB": strings.Repeat("strike ", (10<<20)/7),
		"controls":      "A rocket\x00 attack\x01 hit Erbil\x1b on Monday.\x7f",
		"monday only":   "Monday",
		"punctuation":   strings.Repeat(".,;:()“”", 1000),
		"numbers":       strings.Repeat("12 killed 999999999999999999999 killed ", 100),
		"parens":        "UAV ( ( ( attacks in Erbil",
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			x := Extract(g, Article{Body: body}, time.Time{})
			for _, in := range x.Incidents {
				if in.ID == "" || in.Location == "" {
					t.Errorf("incomplete incident %+v", in)
				}
			}
		})
	}
	// Malformed publication dates fall back to today without panicking.
	x := Extract(g, Article{Body: "A rocket attack hit Erbil on Monday."}, time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) != 1 || x.Incidents[0].EventDate.After(time.Now()) {
		t.Errorf("got %+v", x.Incidents)
	}
	if len(Extract(nil, Article{Body: "A rocket attack hit Erbil."}, time.Time{}).Incidents) != 0 {
		t.Error("nil gazetteer should find no located incident")
	}
}

func TestIncidentIDStable(t *testing.T) {
	a := IncidentID(day("2021-06-27"), SubAirStrike, "border:IQ-SY")
	if a != IncidentID(day("2021-06-27"), SubAirStrike, "border:IQ-SY") || len(a) != 16 {
		t.Fatal("unstable id")
	}
	if a == IncidentID(day("2021-06-28"), SubAirStrike, "border:IQ-SY") {
		t.Fatal("id ignores the date")
	}
}

// benchArticle builds a ~5 KB article from realistic sentences.
func benchArticle() Article {
	parts := []string{
		"A rocket attack targeted U.S. forces in Syria Monday, hours after the U.S. military said it struck three targets near the border between Syria and Iraq.",
		"Russian forces shelled Kharkiv overnight, killing five people and injuring 20, regional officials told reporters in Kyiv.",
		"A roadside bomb exploded near Kandahar on June 20, killing two soldiers, the ministry said in a statement.",
		"Taliban fighters clashed with Afghan troops in Kunduz on Sunday, and the fighting continued into the night.",
		"The minister condemned the airstrike at a press conference in Rome and called for calm across the region.",
	}
	var sb strings.Builder
	for sb.Len() < 5000 {
		for _, p := range parts {
			sb.WriteString(p)
			sb.WriteString(" ")
		}
	}
	return Article{ID: "bench", Title: "Strikes and clashes", Body: sb.String()[:5000]}
}

func BenchmarkExtract(b *testing.B) {
	g := testGazetteer(b)
	a := benchArticle()
	b.SetBytes(int64(len(a.Body)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Extract(g, a, seedPublished)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// TestNarrowDefaults: of the several homes a group such as the Islamic State
// has, a report keeps those its other groups are at home in, else those it
// names most.
func TestNarrowDefaults(t *testing.T) {
	tests := []struct {
		name            string
		defaults, homes map[string]float64
		want            []string
	}{
		{"one default stays", map[string]float64{"SY": 0.5}, nil, []string{"SY"}},
		{"two equal defaults stay", map[string]float64{"SY": 0.5, "IQ": 0.5}, nil, []string{"IQ", "SY"}},
		{"a group's home narrows them", map[string]float64{"SY": 0.5, "IQ": 0.5}, map[string]float64{"IQ": 0.5}, []string{"IQ"}},
		{"the most named wins", map[string]float64{"SY": 1, "IQ": 0.5}, nil, []string{"SY"}},
		{"a home outside them leaves them be", map[string]float64{"SY": 0.5, "IQ": 0.5}, map[string]float64{"YE": 0.5}, []string{"IQ", "SY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Sorted(maps.Keys(narrowDefaults(tt.defaults, tt.homes)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("narrowDefaults = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCapitalReading: "the Haitian capital" places the incident in the
// capital city, while the mention itself stays what a geoparser reads, the
// country's adjective, and is not marked as the incident's place.
func TestCapitalReading(t *testing.T) {
	g := testGazetteer(t)
	x := Extract(g, Article{ID: "t", Body: "Rival gangs clashed in the Haitian capital, leaving nine dead."}, seedPublished)
	if len(x.Incidents) != 1 || x.Incidents[0].Location != "Port-au-Prince" {
		t.Fatalf("incidents %+v, want one in Port-au-Prince", x.Incidents)
	}
	for _, m := range x.Mentions {
		if m.Text == "Haitian" && (m.Place.ID != "country:HT" || m.Role != gazetteer.RoleMention) {
			t.Errorf("mention %q read as %s, role %s; want country:HT, mention", m.Text, m.Place.ID, m.Role)
		}
	}
	// "The capital of Darfur" is another capital than the country's.
	x = Extract(g, Article{ID: "t", Body: "Shells hit the Sudanese capital of Darfur, killing two."}, seedPublished)
	for _, in := range x.Incidents {
		if in.Location == "Khartoum" {
			t.Errorf("incident in Khartoum, the country's capital, not Darfur's")
		}
	}
}

// TestPlacingSentence: a sentence that only says where the event named
// before happened ("The event took place in A") places it; an event with no
// sentence after it stays unplaced.
func TestPlacingSentence(t *testing.T) {
	g := testGazetteer(t)
	x := Extract(g, Article{ID: "t", Body: "Jets launched an airstrike that killed seven fighters. The event took place in Saraqib."}, seedPublished)
	if len(x.Incidents) != 1 || !strings.Contains(x.Incidents[0].Location, "Sar") || x.Incidents[0].SubEventType != SubAirStrike {
		t.Fatalf("incidents %+v, want one air strike in Saraqib", x.Incidents)
	}
	if x = Extract(g, Article{ID: "t", Body: "Jets launched an airstrike that killed seven fighters."}, seedPublished); len(x.Incidents) != 0 {
		t.Errorf("incidents %+v, want none: nothing places the strike", x.Incidents)
	}
}

// TestFarMentionStaysItself: a place the text only mentions, far from its
// events ("a press conference in Rome"), is no unknown name of the events'
// country, nor an incident's place.
func TestFarMentionStaysItself(t *testing.T) {
	g := testGazetteer(t)
	for _, body := range []string{
		"Houthi forces shelled Saudi positions in Jizan on Monday. The minister condemned the shelling at a press conference in Rome.",
		"Regime forces shelled the town of Saraqib on Monday, wounding two. Exiled leaders met reporters in Paris.",
	} {
		x := Extract(g, Article{ID: "far", Body: body}, seedPublished)
		for _, m := range x.Mentions {
			if m.Text != "Rome" && m.Text != "Paris" {
				continue
			}
			if strings.HasPrefix(m.Place.ID, gazetteer.UnresolvedPrefix) || m.Role == gazetteer.RoleIncident {
				t.Errorf("%q: %s read as %s, role %s", body, m.Text, m.Place.ID, m.Role)
			}
		}
		for _, in := range x.Incidents {
			if in.Location == "Rome" || in.Location == "Paris" {
				t.Errorf("%q: an incident in %s", body, in.Location)
			}
		}
	}
}

// TestNarrativeEvents: a monitor's narrative lists events of several days,
// often in one sentence; each event keeps its own day, place and toll.
func TestNarrativeEvents(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2021, 5, 2, 0, 0, 0, 0, time.UTC)
	type ev struct {
		place      string
		date       string
		fatalities int // -1 none told
	}
	tests := []struct {
		name, body string
		want       []ev
	}{
		{"days listed after a colon, each with its toll",
			"Shelling on the hill villages grew heavier: on 18 April, a shell hit a clinic in Saraqib, killing a nurse, and on 20 April, three children were killed when a rocket landed near their home in Binnish.",
			[]ev{{"Saraqib", "2021-04-18", 1}, {"Binnish", "2021-04-20", 3}}},
		{"a label's colon lists nothing",
			"Arrests: On 14 April, police detained four traders in Saraqib.",
			[]ev{{"Saraqib", "2021-04-14", -1}}},
		{"an unknown village of a dated event stands at the scene set before",
			"On 12 April, farmers rallied in Saraqib against fuel prices. Nobody was hurt. On 18 April, a shell hit a bakery in Zqarta, killing a baker.",
			[]ev{{"Saraqib", "2021-04-12", 0}, {"Zqarta", "2021-04-18", 1}}},
		{"a place of the event's own sentence is no scene",
			"Reports from Idlib said that on 18 April a bomber was stopped before he blew himself up in Zqarta.",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			var got []ev
			for _, in := range x.Incidents {
				f := -1
				if in.Fatalities != nil {
					f = *in.Fatalities
				}
				got = append(got, ev{in.Location, in.EventDate.Format("2006-01-02"), f})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(fold(got[i].place), w.place) || got[i].date != w.date || got[i].fatalities != w.fatalities {
					t.Errorf("incident %d = %v, want %v", i, got[i], w)
				}
			}
		})
	}
}

// TestExtractConcurrent: articles read side by side give what each gives
// alone, though their words share pooled arrays from one article to the
// next.
func TestExtractConcurrent(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	long := benchArticle()
	bodies := []string{
		long.Body,
		"Jets struck Saraqib on Monday, killing four. " + strings.Repeat("The ministry said the strikes went on through the night. ", 12),
		"Gunmen abducted nine women in Kuriga, Kaduna state, on Thursday. " + strings.Repeat("Residents said the attackers came on motorcycles. ", 12),
		"Short text in Mosul.",
	}
	want := make([][]Incident, len(bodies))
	for i, b := range bodies {
		want[i] = Extract(g, Article{ID: "a", Body: b}, published).Incidents
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; n < 20; n++ {
				i := (w + n) % len(bodies)
				got := Extract(g, Article{ID: "a", Body: bodies[i]}, published).Incidents
				if !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("article %d read beside others: %+v, alone: %+v", i, got, want[i])
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestWireDateline: a wire story's dateline date is the day it was filed,
// not its events' day; a siege that has lasted for weeks is no event of a
// day.
func TestWireDateline(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC) // a Monday
	tests := []struct {
		name, body string
		want       []string // event dates with their precision
	}{
		{"a weekday after the dateline's date", "KHARTOUM, June 3 (Reuters) - Militiamen shelled homes in El Obeid on Sunday, killing nine civilians.", []string{"2024-06-02/1"}},
		{"no day but the dateline's", "KHARTOUM, June 3 (Reuters) - Militiamen shelled homes in El Obeid, killing nine civilians.", []string{"2024-06-02/2"}},
		{"a date in the story's own words", "Militiamen shelled homes in El Obeid on June 1, killing nine civilians.", []string{"2024-06-01/1"}},
		{"a siege that has lasted", "Militiamen have besieged El Obeid for weeks, cutting the roads to the capital.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, in := range Extract(g, Article{ID: "w", Body: tt.body}, published).Incidents {
				got = append(got, fmt.Sprintf("%s/%d", in.EventDate.Format("2006-01-02"), in.TimePrecision))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("dates %v, want %v", got, tt.want)
			}
		})
	}
}

// TestTitleToll: a headline's toll is its body's main event's when the body
// tells none; a body that tells its own tolls keeps them.
func TestTitleToll(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		title, body string
		fat         int // -1: none
	}{
		{"Five soldiers killed in ambush in Burkina Faso's north", "Jihadists ambushed an army convoy near the town of Djibo on Sunday, security sources said.", 5},
		{"Clashes in Libya's capital leave 27 dead", "Fighting between rival armed groups erupted in Tripoli overnight.", 27},
		{"Clashes in Libya's capital leave 27 dead", "Fighting erupted in Tripoli overnight, killing three fighters.", 3},
		{"Fighting flares in Libya's capital", "Fighting between rival armed groups erupted in Tripoli overnight.", -1},
	}
	for _, tt := range tests {
		x := Extract(g, Article{ID: "h", Title: tt.title, Body: tt.body}, published)
		if len(x.Incidents) == 0 {
			t.Errorf("%q: no incident", tt.title)
			continue
		}
		got := -1
		if f := x.Incidents[0].Fatalities; f != nil {
			got = *f
		}
		if got != tt.fat {
			t.Errorf("%q / %q: fatalities %d, want %d", tt.title, tt.body, got, tt.fat)
		}
	}
}
