package gazetteer

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite golden files")

// find returns the first mention whose text contains s.
func find(ms []Mention, s string) *Mention {
	for i := range ms {
		if strings.Contains(ms[i].Text, s) {
			return &ms[i]
		}
	}
	return nil
}

func TestSeedArticle(t *testing.T) {
	g := testGazetteer(t)
	text := seedArticle(t)
	ms := g.Tag(text)
	checkOffsets(t, text, ms)

	want := map[string]string{ // mention text -> place id
		"Syria": "country:SY", "Iraq": "country:IQ", "Iran": "country:IR", "Cairo": "gn:360630",
		"Rome": "gn:3169070", "Italian": "country:IT", "U.S.": "country:US", "United States": "country:US",
		"Baghdad airport": "airport:ORBI",
	}
	for text, id := range want {
		m := find(ms, text)
		if m == nil {
			t.Errorf("%q not found", text)
			continue
		}
		if m.Place.ID != id {
			t.Errorf("%q resolved to %s (%s), want %s", text, m.Place.ID, m.Place.Name, id)
		}
	}
	for _, s := range []string{"Cairo", "Rome", "Italian", "Iraqi"} {
		if m := find(ms, s); m != nil && m.Role != RoleMention {
			t.Errorf("%q has role %s, want mention", s, m.Role)
		}
	}

	b := find(ms, "border")
	if b == nil {
		t.Fatal("the border between Syria and Iraq was not found")
	}
	if b.Place.Kind != KindBorder || b.Place.ID != "border:IQ-SY" || b.Precision != 3 {
		t.Fatalf("border mention = %+v", b.Place)
	}
	checkOnBorder(t, g, b.Place.Shape, "IQ", "SY")

	// People are not places.
	for _, person := range []string{"Wayne Marotto", "John Kirby", "Jen Psaki", "Frank McKenzie", "Jessica McNulty",
		"Chris Murphy", "Jim Inhofe", "Nike Ching", "Antony Blinken", "Luigi Di Maio", "Mustafa al-Kadhimi",
		"Qasem Soleimani", "Abu Mahdi al-Muhandis", "Murphy", "Kirby", "McKenzie", "Marotto", "Inhofe", "Psaki"} {
		for from := 0; ; {
			i := strings.Index(text[from:], person)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(person)
			for _, m := range ms {
				if m.ByteStart < end && m.ByteEnd > start {
					t.Errorf("person %q tagged as place %s (%s) at %q", person, m.Place.ID, m.Place.Name, m.Text)
				}
			}
			from = end
		}
	}

	golden(t, "seed_geoparse.golden.json", summarize(ms))
}

// checkOnBorder asserts that a line runs along both countries' boundaries.
func checkOnBorder(t *testing.T, g *Gazetteer, shape orb.Geometry, a, b string) {
	t.Helper()
	ca, _ := g.Country(a)
	cb, _ := g.Country(b)
	var pts []orb.Point
	switch s := shape.(type) {
	case orb.LineString:
		pts = s
	case orb.MultiLineString:
		for _, l := range s {
			pts = append(pts, l...)
		}
	default:
		t.Fatalf("border shape is %T", shape)
	}
	if len(pts) < 10 {
		t.Fatalf("border has only %d points", len(pts))
	}
	onRing := func(p orb.Point, poly orb.Geometry) bool {
		found := false
		var visit func(orb.Ring)
		visit = func(r orb.Ring) {
			for _, q := range r {
				if q == p {
					found = true
				}
			}
		}
		switch x := poly.(type) {
		case orb.Polygon:
			for _, r := range x {
				visit(r)
			}
		case orb.MultiPolygon:
			for _, pg := range x {
				for _, r := range pg {
					visit(r)
				}
			}
		}
		return found
	}
	for _, p := range pts {
		if !onRing(p, ca.Shape) || !onRing(p, cb.Shape) {
			t.Fatalf("border vertex %v is not on both %s and %s", p, a, b)
		}
	}
	length := 0.0
	for i := 1; i < len(pts); i++ {
		length += geo.DistanceKm(pts[i-1], pts[i])
	}
	// The Iraq-Syria border is about 600 km long.
	if length < 450 || length > 800 {
		t.Errorf("border length %.0f km, want about 600", length)
	}
}

// checkOffsets asserts that every mention's code-point offsets select its text.
func checkOffsets(t *testing.T, text string, ms []Mention) {
	t.Helper()
	runes := []rune(text)
	for _, m := range ms {
		if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
			t.Fatalf("mention %q has offsets %d:%d in %d code points", m.Text, m.Start, m.End, len(runes))
		}
		if got := string(runes[m.Start:m.End]); got != m.Text {
			t.Fatalf("offsets %d:%d select %q, mention says %q", m.Start, m.End, got, m.Text)
		}
		if text[m.ByteStart:m.ByteEnd] != m.Text {
			t.Fatalf("byte offsets of %q are wrong", m.Text)
		}
	}
}

type mentionSummary struct {
	Text      string  `json:"text"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	PlaceID   string  `json:"place_id"`
	Kind      Kind    `json:"kind"`
	Role      Role    `json:"role"`
	Precision int     `json:"precision"`
	Modifier  string  `json:"modifier,omitempty"`
	Conf      float64 `json:"confidence"`
}

func summarize(ms []Mention) []mentionSummary {
	out := make([]mentionSummary, len(ms))
	for i, m := range ms {
		out[i] = mentionSummary{m.Text, m.Start, m.End, m.Place.ID, m.Place.Kind, m.Role, m.Precision, m.Modifier, m.Confidence}
	}
	return out
}

// golden compares v, as indented JSON, with testdata/name; -update rewrites it.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\ngot:\n%s", name, got)
	}
}

func TestTagCases(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, text, mention, id string
		kind                    Kind
		precision               int
		modifier                string
		role                    Role
	}{
		{"transliteration ez-Zor", "Clashes broke out in Deir ez-Zor on Friday.", "Deir ez-Zor", "gn:170794", KindCity, 1, "", RoleIncident},
		{"transliteration Dayr az Zawr", "Clashes broke out in Dayr az Zawr on Friday.", "Dayr az Zawr", "gn:170794", KindCity, 1, "", RoleIncident},
		{"transliteration al-Zour", "Clashes broke out in Deir al-Zour on Friday.", "Deir al-Zour", "gn:170794", KindCity, 1, "", RoleIncident},
		{"a town then its province in brackets", "An IED exploded near Afgooye (Lower Shabelle).", "Afgooye", "gn:65785", KindCity, 2, "near", RoleIncident},
		{"the province in brackets", "An IED exploded near Afgooye (Lower Shabelle).", "Lower Shabelle", "admin1:SO-SH", KindAdmin1, 3, "", RoleIncident},
		{"one exact word starts a longer name spelled another way", "Shells hit the town of Jisr ash-Shugur overnight.", "Jisr ash-Shugur", "gn:169023", KindCity, 1, "", RoleIncident},
		{"a district and its seat share a name: the seat", "Guerrillas attacked an army base in Saravena on Monday.", "Saravena", "gn:3668257", KindCity, 1, "", RoleIncident},
		{"a distance and bearing from a capital named as one", "Shells fell on a farm 20 km north of the provincial capital Mosul.", "20 km north of the provincial capital Mosul", "offset:20km:north:gn:99072", KindPoint, 2, "offset", RoleIncident},
		{"a distance and bearing from the capital", "Shells fell on a farm 20 km north of the capital Mosul.", "20 km north of the capital Mosul", "offset:20km:north:gn:99072", KindPoint, 2, "offset", RoleIncident},
		{"a distance and bearing from a town named with its kind", "Shells fell on a farm 20 km north of the city of Mosul.", "20 km north of the city of Mosul", "offset:20km:north:gn:99072", KindPoint, 2, "offset", RoleIncident},
		{"a road named after a name the gazetteer lacks and a town", "Shells fell along the Zqarta-Afrin road overnight.", "Afrin", "gn:174186", KindCity, 1, "", RoleIncident},
		{"English and for the Arabic wa in a district's name", "Jets struck a depot in Khabb and Sha'af district in Al Jawf, Yemen.", "Khabb and Sha'af district", "admin2:YE.21.1601", KindAdmin2, 2, "division", RoleIncident},
		{"a name that goes on in lower case after a hyphen", "Soldiers raided homes in Hpa-an on Monday.", "Hpa-an", "gn:1302849", KindCity, 1, "", RoleIncident},
		{"a hyphenated name with a lower-case joining vowel", "Rebels took the airport of Mazar-e-Sharif in the night.", "Mazar-e-Sharif", "gn:1133616", KindCity, 1, "", RoleIncident},
		{"a plural division word after a list names its last item", "Drones struck targets in the Odesa and Mykolaiv regions overnight, officials said on Monday.", "Mykolaiv", "admin1:UA-48", KindAdmin1, 3, "division", RoleIncident},
		{"a province's other name its kind word follows, after a village's name with no comma", "Jets bombed the village of Zqarta Idleb province with cluster munitions.", "Idleb province", "admin1:SY-ID", KindAdmin1, 3, "division", RoleIncident},
		{"a division's other name that is also a rare word, before its kind word", "Clashes broke out in Homs province on Monday.", "Homs province", "admin1:SY-HI", KindAdmin1, 3, "division", RoleIncident},
		{"and after its kind word and of", "Clashes broke out in the province of Homs on Monday.", "province of Homs", "admin1:SY-HI", KindAdmin1, 3, "division", RoleIncident},
		{"a province its seat names, called a district in a text on its country", "An Azerbaijani soldier was killed by sniper fire in the Kalbajar district.", "Kalbajar district", "admin1:AZ-KAL", KindAdmin1, 3, "division", RoleIncident},
		{"a district the gazetteer lacks after its seat, not a province of the name abroad", "Clashes broke out in Beni territory on Monday.", "Beni", "gn:219057", KindCity, 2, "", RoleIncident},
		{"a province's name in an army's name, its qualifier a town's name too", "Troops clashed with the Kachin Independence Army near Myitkyina.", "Kachin", "admin1:MM-11", KindAdmin1, 3, "", RoleMention},
		{"a name joined by a Portuguese connector is the end of the town's name, no town abroad", "Insurgents attacked Mocímboa da Praia on Thursday.", "Mocímboa", "gn:1037370", KindCity, 1, "", RoleIncident},
		{"a compass word before the kind word places the province in its country", "A bomb went off in the southern province of Narathiwat.", "province of Narathiwat", "admin1:TH-96", KindAdmin1, 3, "division", RoleIncident},
		{"a nation's name between the compass and the kind word", "A bomb went off in a market in the southern Thai province of Narathiwat.", "province of Narathiwat", "admin1:TH-96", KindAdmin1, 3, "division", RoleIncident},
		{"the nation's name before a province's kind word says whose", "A bomb went off in a market in the southern Thai province of Narathiwat.", "Thai", "country:TH", KindCountry, 3, "", RoleMention},
		{"a compass word before the name is still its part", "A bomb went off in southern Narathiwat province.", "southern Narathiwat province", "region:southern:admin1:TH-96", KindRegion, 3, "part", RoleIncident},
		{"a seat's other spelling before province is the seat's province", "A bomb went off in Konduz Province on Monday.", "Konduz Province", "admin1:AF-KDZ", KindAdmin1, 3, "division", RoleIncident},
		{"a town of a district's name near its middle is the district's seat, however GeoNames files it", "Troops raided homes in the Jenin refugee camp on Monday.", "Jenin", "gn:283506", KindCity, 1, "", RoleIncident},
		{"and its first item", "Drones struck targets in the Odesa and Mykolaiv regions overnight, officials said on Monday.", "Odesa", "admin1:UA-51", KindAdmin1, 3, "division", RoleIncident},
		{"a list of counties, each the county of its name", "Wildfires burned more than 300 acres in Eastland and Callahan counties in Texas on Sunday.", "Callahan", "admin2:US.TX.059", KindAdmin2, 2, "division", RoleIncident},
		{"a middle item of a list of provinces", "Fighting spread to Parwan, Kapisa and Baghlan provinces on Monday.", "Kapisa", "admin1:AF-KAP", KindAdmin1, 3, "division", RoleIncident},
		{"Abu Kamal", "A drone struck a truck in Abu Kamal.", "Abu Kamal", "gn:174448", KindCity, 1, "", RoleIncident},
		{"a town GeoNames files by region, in the province the text names", "Soldiers clashed with militants in Patikul, Sulu, on Monday.", "Patikul", "gn:1684409", KindCity, 1, "", RoleIncident},
		{"a region GeoNames numbers apart from Natural Earth's province of its code", "Farmers protested in Trøndelag on Monday.", "Trøndelag", "admin1:NO.21", KindAdmin1, 3, "", RoleIncident},
		{"a city's name and City", "The summit opened in Quebec City on Monday.", "Quebec City", "gn:6325494", KindCity, 1, "", RoleMention},
		{"a town only its airport names", "Fighting broke out in Humera on Sunday.", "Humera", "served:HAHU", KindCity, 1, "", RoleIncident},
		{"a town only its airport names, in Mozambique", "Insurgents attacked Mueda at dawn.", "Mueda", "served:FQMD", KindCity, 1, "", RoleIncident},
		{"Albu Kamal", "A drone struck a truck in Albu Kamal.", "Albu Kamal", "gn:174448", KindCity, 1, "", RoleIncident},
		{"Al Bukamal", "A drone struck a truck in Al Bukamal.", "Bukamal", "gn:174448", KindCity, 1, "", RoleIncident},
		{"lower case and diacritics", "Shelling hit Mosul and Ālbū Kamāl overnight.", "Ālbū Kamāl", "gn:174448", KindCity, 1, "", RoleIncident},
		{"possessive airport", "Rockets landed near Baghdad's airport on Sunday.", "Baghdad's airport", "airport:ORBI", KindAirport, 2, "airport", RoleIncident},
		{"the airport", "A strike hit the Baghdad airport.", "Baghdad airport", "airport:ORBI", KindAirport, 1, "airport", RoleIncident},
		{"air base by name", "Rockets hit Al Asad Air Base in western Iraq.", "Al Asad Air Base", "airport:ORAA", KindAirbase, 1, "", RoleIncident},
		{"province suffix", "Militants attacked a checkpoint in Anbar province.", "Anbar province", "admin1:IQ-AN", KindAdmin1, 3, "division", RoleIncident},
		{"a court named after a division and its town is the division's", "Three men appeared before Tipperary District Court on Monday.", "Tipperary District", "admin1:IRL-5572", KindAdmin1, 3, "division", RoleIncident},
		{"a municipality, then its province after the comma", "Gunmen killed a farmer in Argelia municipality, Cauca.", "Argelia municipality", "admin2:CO.09.19050", KindAdmin2, 2, "division", RoleIncident},
		{"a province's seat listed beside a town is the town", "Heavy fighting erupted in Khartoum, Omdurman and Bahri on Monday.", "Khartoum", "gn:379252", KindCity, 1, "", RoleIncident},
		{"a province's seat in an address after a town is the province", "Jets struck Omdurman, Khartoum, on Monday.", "Khartoum", "admin1:SD-KH", KindAdmin1, 3, "", RoleIncident},
		{"a town known only by its province's name is the province's seat", "A drone struck a car in the southern Lebanese town of Nabatieh.", "Nabatieh", "gn:278913", KindCity, 1, "", RoleIncident},
		{"the province after 'A town of' holds the town", "Militants raided a school in Bama town of Borno State.", "Borno State", "admin1:NG-BO", KindAdmin1, 3, "", RoleIncident},
		{"a district the gazetteer lacks, named after its seat, is near the town", "Jets struck a market in Afrin district on Monday.", "Afrin", "gn:174186", KindCity, 2, "", RoleIncident},
		{"district suffix is a second-level division", "Militants attacked a checkpoint in Kishim district.", "Kishim district", "admin2:AF.01.1102", KindAdmin2, 2, "division", RoleIncident},
		{"compass part of the governorate a city names", "Shells fell on a village in northern Hama.", "northern Hama", "region:northern:admin1:SY-HM", KindRegion, 3, "part", RoleIncident},
		{"Arabic wa inside a district's name", "Houthi forces shelled troops in Khabb wa ash Shaaf on Monday.", "Khabb wa ash Shaaf", "admin2:YE.21.1601", KindAdmin2, 2, "", RoleIncident},
		{"intercardinal part of the governorate a city names", "Shells fell on a village in southwest Aleppo.", "southwest Aleppo", "region:southwest:admin1:SY-HL", KindRegion, 3, "part", RoleIncident},
		{"a state's intercardinal part stays the state named", "Storms hit northeast Nebraska on Monday.", "Nebraska", "admin1:US-NE", KindAdmin1, 3, "", RoleIncident},
		{"countryside of a governorate's seat", "Shells hit the eastern countryside of Homs.", "eastern countryside of Homs", "region:eastern:admin1:SY-HI", KindRegion, 3, "part", RoleIncident},
		{"an attack on a meeting happened where the meeting was", "Rebels launched an attack on a meeting of officers in Kirkuk.", "Kirkuk", "gn:94787", KindCity, 1, "", RoleIncident},
		{"a dictionary word a kind of place follows is that place", "Rebels shelled troops in the Midi desert overnight.", "Midi", "admin2:YE.22.1703", KindAdmin2, 2, "", RoleIncident},
		{"desert of a governorate's seat", "Jets struck convoys in the eastern desert of Homs.", "eastern desert of Homs", "region:eastern:admin1:SY-HI", KindRegion, 3, "part", RoleIncident},
		{"city countryside", "Strikes hit Hama countryside.", "Hama countryside", "admin1:SY-HM", KindAdmin1, 3, "part", RoleIncident},
		{"two-word direction after the name", "A raid hit Idlib south eastern countryside.", "Idlib south eastern countryside", "region:southeastern:admin1:SY-ID", KindRegion, 3, "part", RoleIncident},
		{"English name of a governorate", "Shelling hit several towns in Rural Damascus.", "Rural Damascus", "admin1:SY-RD", KindAdmin1, 3, "", RoleIncident},
		{"al- prefix division", "Militants attacked a checkpoint in al-Anbar.", "Anbar", "admin1:IQ-AN", KindAdmin1, 3, "", RoleIncident},
		{"hyphen border", "Jets struck targets along the Iraq-Syria border.", "Iraq-Syria border", "border:IQ-SY", KindBorder, 3, "border", RoleIncident},
		{"reversed border", "Jets struck targets along the Syria–Iraq border.", "Syria–Iraq border", "border:IQ-SY", KindBorder, 3, "border", RoleIncident},
		{"between border", "Jets struck the border between Syria and Iraq.", "border between Syria and Iraq", "border:IQ-SY", KindBorder, 3, "border", RoleIncident},
		// Bajel so spelt is read as Bailleul, France, but for its address: in
		// Hudaydah it is a spelling of Bajil.
		{"an address makes a spelling variant in it the place", "Coalition jets hit a petrol station in Bajel, Hudaydah.", "Bajel", "gn:77408", KindCity, 1, "", RoleIncident},
		{"an address that goes on after a comma", "Coalition jets hit a petrol station in Bajel, Hudaydah, at dawn.", "Bajel", "gn:77408", KindCity, 1, "", RoleIncident},
		{"a district, then its province after a comma", "Gunmen ambushed a convoy in Bajel district, Hudayda, on Friday.", "Bajel district", "admin2:YE.08.1810", KindAdmin2, 2, "division", RoleIncident},
		{"a province by its own name, not another's alternate name", "Drones struck a convoy in Bayda province at dawn.", "Bayda province", "admin1:YE-BA", KindAdmin1, 3, "division", RoleIncident},
		{"a local government area spelt out", "Bandits shot four farmers in Guma local government area on Friday.", "Guma local government area", "admin2:NG.26.7006", KindAdmin2, 2, "division", RoleIncident},
		{"a Local Government in capitals", "Bandits shot four farmers in Logo Local Government on Friday.", "Logo Local Government", "admin2:NG.26.7012", KindAdmin2, 2, "division", RoleIncident},
		{"a count of villages of a division", "Bandits torched three villages of Agatu on Friday.", "Agatu", "admin2:NG.26.7002", KindAdmin2, 2, "", RoleIncident},
		{"near", "A bomb exploded near Kirkuk on Monday.", "Kirkuk", "gn:94787", KindCity, 2, "near", RoleIncident},
		{"outskirts", "Fighting raged on the outskirts of Aleppo.", "Aleppo", "gn:170063", KindCity, 2, "near", RoleIncident},
		{"northern part", "Turkish drones struck northern Syria.", "northern Syria", "region:northern:country:SY", KindRegion, 3, "part", RoleIncident},
		{"eastern part", "Shelling continued in eastern Ukraine.", "eastern Ukraine", "region:eastern:country:UA", KindRegion, 3, "part", RoleIncident},
		{"offset", "A rocket landed 20 km north of Erbil.", "20 km north of Erbil", "", KindPoint, 2, "offset", RoleIncident},
		{"a country's possessed installations are a place", "Rebels shelled Kuwait's oil facilities at night.", "Kuwait", "country:KW", KindCountry, 3, "", RoleIncident},
		{"a country's possessed forces are an actor", "Kuwait's army said the raid was over.", "Kuwait", "country:KW", KindCountry, 3, "", RoleMention},
		{"demonym", "Iraqi officials condemned the strike.", "Iraqi", "country:IQ", KindCountry, 3, "", RoleMention},
		{"adjectival", "Iranian-backed militias fired rockets.", "Iranian", "country:IR", KindCountry, 3, "", RoleMention},
		{"country-backed", "Iran-backed militias fired rockets.", "Iran", "country:IR", KindCountry, 3, "", RoleMention},
		{"spoken in", "The general told reporters in an interview in Cairo that it was over.", "Cairo", "gn:360630", KindCity, 1, "", RoleMention},
		{"a territory is a second-level division, in the town's country", "Rebels raided Beni territory, North Kivu, at dawn.", "Beni territory", "admin2:CD.11.09", KindAdmin2, 2, "division", RoleIncident},
		{"a listed town GeoNames gives no population beats a hamlet it does", "Coalition jets struck a market in Harad.", "Harad", "gn:75163", KindCity, 1, "", RoleIncident},
		{"a state, not a town that has its name as another name", "The bodies of 15 migrants were found in Chiapas.", "Chiapas", "admin1:MX-CHP", KindAdmin1, 3, "", RoleIncident},
		{"journalists arrested in", "Police arrested two journalists in Cairo on Monday.", "Cairo", "gn:360630", KindCity, 1, "", RoleIncident},
		{"spoken to journalists in", "The minister said to journalists in Cairo that talks would go on.", "Cairo", "gn:360630", KindCity, 1, "", RoleMention},
		{"a town of a region the gazetteer reads far away stays the town", "Shelling hit Jirud town in the Eastern Qalamoun of Syria on Monday.", "Jirud", "gn:169113", KindCity, 1, "", RoleIncident},
		{"a border province", "Shells fell on army posts in Jizan border province.", "Jizan border province", "admin1:SA-09", KindAdmin1, 3, "division", RoleIncident},
		{"the centre of a provincial seat is the city's", "A bomb hit a checkpoint in central Ramadi city.", "Ramadi", "gn:98717", KindCity, 1, "", RoleIncident},
		{"the centre of a small seat's province is the province's", "A landmine went off in central Quneitra.", "central Quneitra", "region:central:admin1:SY-QU", KindRegion, 3, "part", RoleIncident},
		{"a compass part of a city called a city", "A bomb hit a checkpoint in northern Mosul city.", "Mosul", "gn:99072", KindCity, 1, "", RoleIncident},
		{"what a news agency reported happened where it says", "The state news agency reported that a drone hit a depot in Kirkuk.", "Kirkuk", "gn:94787", KindCity, 1, "", RoleIncident},
		{"said in", "The minister said in Washington that talks would go on.", "Washington", "", KindCity, 1, "", RoleMention},
		{"capital for government", "Tehran denied any role in the attack.", "Tehran", "gn:112931", KindCity, 1, "", RoleMention},
		{"Rome with Italy", "At a press conference with Italy's foreign minister in Rome, he spoke.", "Rome", "gn:3169070", KindCity, 1, "", RoleMention},
		{"abbreviation", "U.S. forces were attacked.", "U.S.", "country:US", KindCountry, 3, "", RoleIncident},
		{"composite region", "Shelling hit villages in the Kurdistan Region on Monday.", "Kurdistan Region", "region:IQ-KR", KindRegion, 3, "", RoleIncident},
		{"French au inside a name", "Gunmen killed two people in Port-au-Prince on Monday.", "Port-au-Prince", "gn:3718426", KindCity, 1, "", RoleIncident},
		{"a peninsula made of two governorates", "Militants attacked an army checkpoint in Sinai on Friday.", "Sinai", "region:EG-SINAI", KindRegion, 3, "", RoleIncident},
		{"a region made of five states", "Militias burned villages across Darfur last week.", "Darfur", "region:SD-DARFUR", KindRegion, 3, "", RoleIncident},
		{"the Kurdistan region", "Shelling hit villages in the Kurdistan region on Monday.", "Kurdistan region", "region:IQ-KR", KindRegion, 3, "division", RoleIncident},
		{"AP state", "He was arrested in Harrisburg, Pa. on Friday.", "Pa", "admin1:US-PA", KindAdmin1, 3, "", RoleIncident},
		{"AP state after the article, naming a state body", "The Pa. Highway Patrol closed the road for an hour.", "Pa", "admin1:US-PA", KindAdmin1, 3, "", RoleIncident},
		{"dateline dash", "Car hits man\nMANASSAS - A man was struck by a car on Monday.", "MANASSAS", "", KindCity, 1, "", RoleIncident},
		{"dateline that is also a first name", "Pastor buried\nATLANTA - A former church leader was buried.", "ATLANTA", "", KindCity, 1, "", RoleIncident},
		{"a sentence-initial preposition is no part of the name", "In Jericho, a man was shot by soldiers on Friday.", "Jericho", "gn:284899", KindCity, 1, "", RoleIncident},
		{"a rare word that is a town's English name", "Government troops recaptured Palmyra on Sunday.", "Palmyra", "gn:163808", KindCity, 1, "", RoleIncident},
		{"sentence-initial The before a county", "It rained. The Madison County Health Department warned drivers.", "Madison County", "", KindAdmin2, 2, "", RoleMention},
		{"continent demonym", "European diplomats condemned the strike.", "European", "continent:EU", KindContinent, 3, "", RoleMention},
		{"country by its English alternate name", "Shelling by Turkey and allied militias went on.", "Turkey", "country:TR", KindCountry, 3, "", RoleIncident},
		{"dateline with agency", "Trump renews calls\nWASHINGTON (AP) - The president renewed his calls.", "WASHINGTON", "", KindCity, 1, "", RoleIncident},
		{"after a refused spelling variant", "It ended. Former US ambassador to Egypt Dan Kurtzer spoke.", "US", "country:US", KindCountry, 3, "", RoleIncident},
		{"the before a longer name", "The Lexington County Coroner's Office named him.", "Lexington County", "admin2:US.SC.063", KindAdmin2, 2, "", RoleIncident},
		{"county in an organisation's name", "Taylor said the Anderson County Crimestoppers board met.", "Anderson County", "", KindAdmin2, 2, "", RoleMention},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := g.Tag(tc.text)
			checkOffsets(t, tc.text, ms)
			m := find(ms, tc.mention)
			if m == nil {
				t.Fatalf("no mention of %q in %q; got %v", tc.mention, tc.text, summarize(ms))
			}
			if tc.id != "" && m.Place.ID != tc.id {
				t.Errorf("%q -> %s (%s), want %s", m.Text, m.Place.ID, m.Place.Name, tc.id)
			}
			if m.Place.Kind != tc.kind || m.Precision != tc.precision || m.Modifier != tc.modifier || m.Role != tc.role {
				t.Errorf("%q: kind %s precision %d modifier %q role %s, want %s %d %q %s",
					m.Text, m.Place.Kind, m.Precision, m.Modifier, m.Role, tc.kind, tc.precision, tc.modifier, tc.role)
			}
		})
	}
}

func TestSpatialGeometries(t *testing.T) {
	g := testGazetteer(t)
	t.Run("offset point", func(t *testing.T) {
		m := find(g.Tag("A rocket landed 20 km north of Erbil."), "Erbil")
		erbil := g.Search("Erbil", 1)[0].Place
		if d := geo.DistanceKm(m.Place.Point, erbil.Point); d < 19.9 || d > 20.1 {
			t.Errorf("offset point is %.2f km from Erbil, want 20", d)
		}
		if m.Place.Point[1] <= erbil.Point[1] {
			t.Errorf("offset point %v is not north of Erbil %v", m.Place.Point, erbil.Point)
		}
	})
	t.Run("northern part", func(t *testing.T) {
		m := find(g.Tag("Drones struck northern Syria."), "Syria")
		syria, _ := g.Country("SY")
		pb, sb := geo.BoundOf(m.Place.Shape), geo.BoundOf(syria.Shape)
		if pb.Min[1] < sb.Min[1]+(sb.Max[1]-sb.Min[1])*0.6 || pb.Max[1] > sb.Max[1]+1e-9 {
			t.Errorf("northern Syria %v is not the north of Syria %v", pb, sb)
		}
		if !geo.Contains(syria.Shape, m.Place.Point) {
			t.Errorf("northern Syria's point %v is outside Syria", m.Place.Point)
		}
	})
}

func TestPeopleAreNotPlaces(t *testing.T) {
	g := testGazetteer(t)
	for _, text := range []string{
		"Senator Chris Murphy said the strikes were legal. Murphy said more was needed.",
		"Pentagon press secretary John Kirby spoke. Kirby added that no one was hurt.",
		"Nike Ching contributed to this report.",
		"Gen. Frank McKenzie told VOA that McKenzie would stay.",
		"The talk by Al Gore drew a crowd. Al Gore spoke for an hour.",
	} {
		for _, m := range g.Tag(text) {
			if m.Place.Kind == KindCity {
				t.Errorf("in %q: %q tagged as city %s (%s)", text, m.Text, m.Place.ID, m.Place.Name)
			}
		}
	}
}

// TestBodiesAreNotPlaces: a common noun after a country's or continent's
// adjective names a body ("the European Union"), though a county or a
// town somewhere bears the noun as its name.
func TestBodiesAreNotPlaces(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ text, noun string }{
		{"Diplomats from the European Union said the talks would resume next week.", "Union"},
		{"The African Union sent more troops to Mogadishu.", "Union"},
		{"A Federal State company won the tender for the stadium.", "Federal State"},
		{"Rebels fired Grad rockets at an army post on Monday.", "Grad"}, // a weapon system
	}
	for _, tt := range tests {
		for _, m := range g.Tag(tt.text) {
			if m.Text == tt.noun {
				t.Errorf("in %q: %q tagged as %s %s (%s)", tt.text, m.Text, m.Place.Kind, m.Place.ID, m.Place.Name)
			}
		}
	}
	// A team named after its town still names the town.
	if m := find(g.Tag("The Houston Rockets won their fifth game in a row on Sunday."), "Houston"); m == nil {
		t.Errorf("Houston before a team's name is no longer tagged")
	}
	// A place named after its country's adjective stays a place.
	if ms := g.Tag("Fighting went on in Iraqi Kurdistan and in Syrian Kurdistan."); len(ms) == 0 {
		t.Errorf("Kurdistan after an adjective: no mention")
	}
}

// TestVillagesAreNoCities: a name the text calls a village is no city of
// hundreds of thousands, whatever name it is met by; nor is a name written
// with an Arabic article a town abroad once called so.
func TestVillagesAreNoCities(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ text, name, notID string }{
		{"Jets bombed the village of Arak at dawn, residents said.", "Arak", "gn:143127"},       // Arāk, Iran
		{"Shells fell on the villages of Arak and Zqarta overnight.", "Arak", "gn:143127"},      // nor in a list
		{"Gunmen raided the village of Homs before dawn, residents said.", "Homs", "gn:169577"}, // nor the Syrian city
		{"Fighters took the villages of Zqarta, al-Janina and Qarnat.", "Janina", "gn:261779"},  // an Arabic name: no Ioánnina
		{"Worshippers marched to the al-Avila mosque on Friday.", "Avila", "gn:3129136"},        // nor Ávila
	}
	for _, tt := range tests {
		for _, m := range g.Tag(tt.text) {
			if m.Text == tt.name && m.Place.ID == tt.notID {
				t.Errorf("in %q: %q tagged as %s (%s)", tt.text, m.Text, m.Place.ID, m.Place.Name)
			}
		}
	}
	// A village's name that is a smaller town's is still that town.
	if m := find(g.Tag("Jets bombed the village of Kafr Nabl at dawn."), "Kafr Nabl"); m == nil {
		t.Errorf("the village of Kafr Nabl is no longer tagged")
	}
}

// TestCityNotItsState: "A city" after a preposition, or A in a bracketed
// address that ends with A ("Kaduna (Kaduna North, Kaduna)"), is the city,
// not the state named after it, though the text names the state as A too.
func TestCityNotItsState(t *testing.T) {
	g := testGazetteer(t)
	for _, tt := range []struct{ text, name string }{
		{"Police arrested 12 protesters in Kano city (Kano Municipal, Kano) on Monday.", "Kano"},
		{"Gunmen abducted a priest near Kaduna (Kaduna North, Kaduna) on Monday.", "Kaduna"},
		// a province another name of the city links it to is not meant,
		// though the text is about the province around it
		{"Captives were freed in Eastern Ghouta on Monday. They were handed over to officials in Damascus city.", "Damascus"},
	} {
		m := find(g.Tag(tt.text), tt.name)
		if m == nil || m.Place.Kind != KindCity {
			t.Errorf("%q: %s is %+v, want the city", tt.text, tt.name, m)
		}
	}
}

// A name met twice vouches once for where the article is, though the
// second time it is also read as a loose spelling of another town: the
// Texas article's Paris is not made French by its own other mention.
// A country's largest cities by GeoNames' populations, a borough or a
// section of a greater one left out; a rank the populations leave in
// doubt gives none.
func TestLargestCity(t *testing.T) {
	g := testGazetteer(t)
	for _, tt := range []struct {
		cc   string
		rank int
		want string
	}{
		{"UA", 1, "Kyiv"}, {"UA", 2, "Kharkiv"}, {"NG", 1, "Lagos"}, {"US", 2, "Los Angeles"}, {"IQ", 1, "Baghdad"},
		{"UA", 4, ""}, {"UA", 0, ""}, {"XX", 1, ""},
	} {
		got := ""
		if p, ok := g.LargestCity(tt.cc, tt.rank); ok {
			got = p.Name
		}
		if got != tt.want {
			t.Errorf("LargestCity(%s, %d) = %q, want %q", tt.cc, tt.rank, got, tt.want)
		}
	}
}

func TestOneNameVouchesOnce(t *testing.T) {
	g := testGazetteer(t)
	text := "Paris police said the message was a hoax. It is a Northeast Texas thing, and Paris residents need not worry."
	n := 0
	for _, m := range g.Tag(text) {
		if m.Text != "Paris" {
			continue
		}
		n++
		if m.Place.CountryCode != "US" || m.Place.Admin1 != "US-TX" {
			t.Errorf("Paris at %d is %s in %s %s, want the Texan town", m.Start, m.Place.ID, m.Place.CountryCode, m.Place.Admin1)
		}
	}
	if n != 2 {
		t.Errorf("%d mentions of Paris, want 2", n)
	}
}

// TestFeastsAreNotPlaces: the feasts and months of religious calendars
// date events; towns that bear their names are not meant.
func TestFeastsAreNotPlaces(t *testing.T) {
	g := testGazetteer(t)
	for _, text := range []string{
		"Markets in Qarnat stayed open late every night of Ramadan.",
		"Two bombs went off in Zqarta on the first day of Eid.",
		"The ceasefire was meant to hold over Christmas and Easter.",
		"Pilgrims marked Ashura in the holy city.",
	} {
		for _, m := range g.Tag(text) {
			t.Errorf("in %q: %q tagged as %s %s (%s)", text, m.Text, m.Place.Kind, m.Place.ID, m.Place.Name)
		}
	}
	// The Bay region of Somalia is still a place.
	if m := find(g.Tag("Gunmen ambushed a convoy in Bay region on Monday."), "Bay region"); m == nil || m.Place.Kind != KindAdmin1 {
		t.Errorf("the Bay region is no longer a division: %+v", m)
	}
}

func TestSearch(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct{ q, id string }{
		{"Deir al-Zour", "gn:170794"},
		{"dayr az zawr", "admin1:SY-DY"},
		{"Deir ez-Zor", "gn:170794"},
		{"BGW", "airport:ORBI"},
		{"ORBI", "airport:ORBI"},
		{"Rome, Italy", "gn:3169070"},
		{"Rome, US", "gn:4219762"},
		{"Baghdad International Airport", "airport:ORBI"},
		{"IQ", "country:IQ"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			rs := g.Search(tc.q, 5)
			if len(rs) == 0 || rs[0].Place.ID != tc.id {
				var got []string
				for _, r := range rs {
					got = append(got, r.Place.ID)
				}
				t.Errorf("Search(%q) = %v, want %s first", tc.q, got, tc.id)
			}
		})
	}
	if rs := g.Search("", 5); len(rs) != 0 {
		t.Errorf("empty query returned %d results", len(rs))
	}
}

func TestRegion(t *testing.T) {
	g := testGazetteer(t)
	for q, id := range map[string]string{
		"IQ": "country:IQ", "IRQ": "country:IQ", "Iraq": "country:IQ", "IQ-AN": "admin1:IQ-AN",
		"Anbar": "admin1:IQ-AN", "Al Anbar Governorate": "admin1:IQ-AN", "syria": "country:SY",
	} {
		p, ok := g.Region(q)
		if !ok || p.ID != id {
			t.Errorf("Region(%q) = %v, want %s", q, p, id)
		}
	}
	if _, ok := g.Region("Atlantis"); ok {
		t.Error("Region(Atlantis) found something")
	}
}

func FuzzTag(f *testing.F) {
	for _, s := range []string{"", "Baghdad", "U.S. forces near the Iraq-Syria border", "20 km north of Erbil.",
		"\x00\xff\xfe", "northern-", "border between Syria and", "Ali's 3.5 mi NE of Mosul", strings.Repeat("A", 300),
		"Clashes near Bar-Sanguun village (Kismaayo, Lower Juba)", "al-Tanf", "the villages of A, B and al- in C's D district of E (F)",
		"Pakistani troops raided the Zorbandi area of Kalakhel district.", "Dayr-az-Zawr-", "Ain al-Assad air base"} {
		f.Add(s)
	}
	g := testGazetteer(f)
	f.Fuzz(func(t *testing.T, text string) {
		ms := g.Tag(text)
		runes := []rune(text)
		for _, m := range ms {
			if m.Start < 0 || m.End > len(runes) || m.Start >= m.End || m.ByteStart < 0 || m.ByteEnd > len(text) {
				t.Fatalf("bad offsets %d:%d (bytes %d:%d) for %q", m.Start, m.End, m.ByteStart, m.ByteEnd, m.Text)
			}
			if m.Place == nil || m.Place.Geometry() == nil {
				t.Fatalf("mention %q without a place", m.Text)
			}
		}
		for _, u := range g.Unresolved(text, ms) {
			if u.Start < 0 || u.End > len(runes) || u.Start >= u.End || u.ByteStart < 0 || u.ByteEnd > len(text) ||
				text[u.ByteStart:u.ByteEnd] != u.Text {
				t.Fatalf("bad offsets %d:%d (bytes %d:%d) for unresolved %q", u.Start, u.End, u.ByteStart, u.ByteEnd, u.Text)
			}
		}
		for _, m := range g.UnknownPlaces(text, ms) {
			if m.Place == nil || m.Place.Geometry() == nil || !strings.HasPrefix(m.Place.ID, UnresolvedPrefix) ||
				m.Precision < 2 || m.Precision > 3 || text[m.ByteStart:m.ByteEnd] != m.Text {
				t.Fatalf("bad unknown place %+v", m)
			}
		}
	})
}

// TestHeadsOfLongerNames: a word that heads Arabic place names, followed
// by a name, is no place by itself, whatever else it names ("Ain", a
// French department): the longer name is one the gazetteer lacks.
func TestHeadsOfLongerNames(t *testing.T) {
	g := testGazetteer(t)
	for _, text := range []string{
		"An armed clash in Ain el Hilweh killed one man.",
		"Warplanes struck the Ain Dara site on Monday.",
		"Rebels shelled Ain Issa overnight.",
		"Troops took the village of Qal'at al-Nasr on Monday.",
		"Jets struck rebel positions in Kani Rash on Monday.",
	} {
		for _, m := range g.Tag(text) {
			if strings.EqualFold(m.Text, "Ain") || strings.EqualFold(m.Text, "Qal'at") || strings.EqualFold(m.Text, "Kani") {
				t.Errorf("in %q: %q tagged as %s (%s)", text, m.Text, m.Place.ID, m.Place.Name)
			}
		}
	}
	// Alone, or before a kind word, it is still the place it names.
	if m := find(g.Tag("Floods hit the Ain department in France."), "Ain"); m == nil {
		t.Errorf("the Ain department is no longer tagged")
	}
	// "Little Havana" is a neighbourhood of Miami, not Cuba's capital;
	// "Little Rock" is a city of its own.
	for _, m := range g.Tag("Thousands marched in Miami's Little Havana neighbourhood.") {
		if m.Text == "Havana" {
			t.Errorf("Havana tagged as %s in Little Havana", m.Place.ID)
		}
	}
	if m := find(g.Tag("Police raided a shop in Little Rock on Monday."), "Little Rock"); m == nil {
		t.Errorf("Little Rock is no longer tagged")
	}
	// A landform word alone may be a division: "in Plateau".
	if m := find(g.Tag("Gunmen attacked a village in Plateau on Sunday."), "Plateau"); m == nil || m.Place.Kind != KindAdmin1 {
		t.Errorf("Plateau alone is no longer a division: %+v", m)
	}
}

// TestEndsOfOtherNames: words that end other names are no places alone,
// and neither is a contraction or an article.
func TestEndsOfOtherNames(t *testing.T) {
	g := testGazetteer(t)
	for _, text := range []string{
		"The proposal goes to the City Council on Monday.",
		"Flooding closed roads across the Kanawha Valley.",
		"Storms battered the Gold Coast of the county.",
		"Troops took the whole Hoss Plateau on Monday.",
		"Fishing boats sheltered in Tampa Bay overnight.",
		"The detainees were flown to Guantanamo Bay in 2004.",
		// A name an article joins to the one before ends that name,
		// whatever province abroad it spells alone (Mara, Tanzania).
		"Helicopters dropped barrel bombs on the village of Kafr Zqarta al-Mara.",
		// A name a Portuguese connector joins to the one before ends it
		// (Praia, Cape Verde's capital, alone).
		"Insurgents attacked Mocímboa da Praia on Thursday.",
	} {
		for _, m := range g.Tag(text) {
			if w := strings.ToLower(m.Text); w == "city" || w == "valley" || w == "coast" || w == "plateau" || w == "bay" || w == "mara" || w == "praia" {
				t.Errorf("in %q: %q tagged as %s (%s)", text, m.Text, m.Place.ID, m.Place.Name)
			}
		}
	}
}
