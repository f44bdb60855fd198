package gazetteer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	importBaseOnce sync.Once
	importBaseG    *Gazetteer
	importBaseErr  error
)

// importBase loads the embedded gazetteer once per test binary, as the base
// an import enriches.
func importBase(tb testing.TB) *Gazetteer {
	tb.Helper()
	importBaseOnce.Do(func() { importBaseG, importBaseErr = LoadDefault() })
	if importBaseErr != nil {
		tb.Fatal(importBaseErr)
	}
	return importBaseG
}

// geoNamesFixture returns the path of a file in testdata/geonames.
func geoNamesFixture(name string) string { return filepath.Join("testdata", "geonames", name) }

// geoNamesTSV joins columns into one dump line.
func geoNamesTSV(cols ...string) string { return strings.Join(cols, "\t") }

// geoNameLine is a valid row of a geoname table with some columns replaced.
func geoNameLine(set map[int]string) string {
	c := []string{"90000003", "Port Zarquon", "Port Zarquon", "Zarquon City", "10.75", "100.25", "P", "PPLC", "XZ", "",
		"01", "001", "", "", "250000", "", "", "Asia/Bangkok", "2024-05-01"}
	for i, v := range set {
		c[i] = v
	}
	return geoNamesTSV(c...)
}

func TestGeoNamesParseRow(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    geoNameRow
		wantErr string
	}{
		{"valid", geoNameLine(nil), geoNameRow{
			id: 90000003, name: "Port Zarquon", ascii: "Port Zarquon", alternate: "Zarquon City", lat: 10.75, lon: 100.25,
			class: "P", code: "PPLC", cc: "XZ", admin1: "01", admin2: "001", pop: 250000,
		}, ""},
		{"empty population", geoNameLine(map[int]string{14: ""}), geoNameRow{
			id: 90000003, name: "Port Zarquon", ascii: "Port Zarquon", alternate: "Zarquon City", lat: 10.75, lon: 100.25,
			class: "P", code: "PPLC", cc: "XZ", admin1: "01", admin2: "001",
		}, ""},
		{"18 columns", strings.TrimSuffix(geoNameLine(nil), "\t2024-05-01"), geoNameRow{}, "18 columns, want 19"},
		{"20 columns", geoNameLine(nil) + "\textra", geoNameRow{}, "20 columns, want 19"},
		{"empty line", "", geoNameRow{}, "1 columns, want 19"},
		{"id not a number", geoNameLine(map[int]string{0: "x12"}), geoNameRow{}, "bad geonameid"},
		{"id zero", geoNameLine(map[int]string{0: "0"}), geoNameRow{}, "bad geonameid"},
		{"id too big", geoNameLine(map[int]string{0: "4294967296"}), geoNameRow{}, "bad geonameid"},
		{"no name", geoNameLine(map[int]string{1: " "}), geoNameRow{}, "has no name"},
		{"latitude not a number", geoNameLine(map[int]string{4: "north"}), geoNameRow{}, "bad coordinates"},
		{"latitude out of range", geoNameLine(map[int]string{4: "91"}), geoNameRow{}, "bad coordinates"},
		{"longitude NaN", geoNameLine(map[int]string{5: "NaN"}), geoNameRow{}, "bad coordinates"},
		{"negative population", geoNameLine(map[int]string{14: "-5"}), geoNameRow{}, "bad population"},
		{"population not a number", geoNameLine(map[int]string{14: "many"}), geoNameRow{}, "bad population"},
		{"feature class too long", geoNameLine(map[int]string{6: "PP"}), geoNameRow{}, "bad feature class"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseGeoNameRow(tt.line)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, errGeoNamesLine) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestGeoNamesParseAlternateNameRow(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    alternateNameRow
		wantErr string
	}{
		{"v2", geoNamesTSV("1", "98182", "en", "Madinat as-Salam", "1", "", "", "", "", "1990"),
			alternateNameRow{id: 98182, lang: "en", name: "Madinat as-Salam", preferred: true, to: "1990"}, ""},
		{"old 8 columns", geoNamesTSV("1", "98182", "", "Bagdad City", "", "1", "1", "1"),
			alternateNameRow{id: 98182, name: "Bagdad City", short: true, colloquial: true, historic: true}, ""},
		{"zero flags", geoNamesTSV("1", "98182", "en", "X", "0", "0", "0", "0", "", ""),
			alternateNameRow{id: 98182, lang: "en", name: "X"}, ""},
		{"9 columns", geoNamesTSV("1", "98182", "en", "X", "", "", "", "", ""), alternateNameRow{}, "9 columns"},
		{"bad alternateNameId", geoNamesTSV("a", "98182", "en", "X", "", "", "", "", "", ""), alternateNameRow{}, "bad alternateNameId"},
		{"bad geonameid", geoNamesTSV("1", "-3", "en", "X", "", "", "", "", "", ""), alternateNameRow{}, "bad geonameid"},
		{"bad flag", geoNamesTSV("1", "98182", "en", "X", "yes", "", "", "", "", ""), alternateNameRow{}, "bad flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAlternateNameRow(tt.line)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestGeoNamesParseCountryAndAdmin1Rows(t *testing.T) {
	iq := geoNamesTSV("IQ", "IRQ", "368", "IZ", "Iraq", "Baghdad", "437072", "38872655", "AS", ".iq", "IQD", "Dinar", "964",
		"#####", `^(\d{5})$`, "ar-IQ,ku,hy", "99237", "SY,SA,IR,JO,TR,KW", "")
	c, err := parseCountryInfoRow(iq)
	if err != nil {
		t.Fatal(err)
	}
	want := countryInfoRow{iso: "IQ", iso3: "IRQ", numeric: "368", name: "Iraq", capital: "Baghdad", pop: 38872655, id: 99237}
	if c != want {
		t.Errorf("country = %+v, want %+v", c, want)
	}
	for _, bad := range []string{"", "IQ\tIRQ", strings.Replace(iq, "IQ\t", "iq\t", 1), strings.Replace(iq, "99237", "x", 1)} {
		if _, err := parseCountryInfoRow(bad); err == nil {
			t.Errorf("parseCountryInfoRow(%q) = nil error", bad)
		}
	}
	a, err := parseAdmin1CodeRow("IQ.07\tBaghdad\tBaghdad\t98180")
	if err != nil {
		t.Fatal(err)
	}
	if a != (admin1CodeRow{code: "IQ.07", name: "Baghdad", ascii: "Baghdad", id: 98180}) {
		t.Errorf("admin1 = %+v", a)
	}
	for _, bad := range []string{"IQ07\tBaghdad\tBaghdad\t98180", "IQ.07\t\tBaghdad\t98180", "IQ.07\tBaghdad\t98180"} {
		if _, err := parseAdmin1CodeRow(bad); err == nil {
			t.Errorf("parseAdmin1CodeRow(%q) = nil error", bad)
		}
	}
}

func TestGeoNamesKindOf(t *testing.T) {
	tests := []struct {
		path    string
		want    geoNamesFileKind
		wantErr string
	}{
		{"/dl/countryInfo.txt", gnCountryInfo, ""},
		{"admin1CodesASCII.txt", gnAdmin1Codes, ""},
		{"alternateNamesV2.txt", gnAlternateNames, ""},
		{"alternateNames.txt.gz", gnAlternateNames, ""},
		{"allCountries.txt", gnTable, ""},
		{"cities500.txt", gnTable, ""},
		{"cities15000.txt", gnTable, ""},
		{"IQ.txt", gnTable, ""},
		{"allCountries.zip", 0, "unzip"},
		{"IQ.zip", 0, "unzip"},
		{"alternateNamesDeletes-2024-01-01.txt", 0, "not a GeoNames"},
		{"cities.txt", 0, "not a GeoNames"},
		{"places.csv", 0, "not a GeoNames"},
		{"IRQ.txt", 0, "not a GeoNames"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := geoNamesKindOf(tt.path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), tt.path) {
					t.Fatalf("err = %v, want one naming the file and containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestGeoNamesNameOK(t *testing.T) {
	tests := map[string]bool{
		"Baghdad": true, "Bağdat": true, "Muḩāfaz̧at Baghdād": true, "6th of October City": true, "Deir ez-Zor": true,
		"bagdad": false, "Багдад": false, "بغداد": false, "BGW": false, "ORBI": false, "IQ07": false, "": false,
		"Baghdad (city)": false, "Bagdad, Iraq": false, "Port\x00Zarquon": false, "USA": false, "Bad\xffUTF": false,
		strings.Repeat("A", 201): false,
	}
	for name, want := range tests {
		if got := EnglishName(name); got != want {
			t.Errorf("EnglishName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestGeoNamesImportOptionsKeeps(t *testing.T) {
	tests := []struct {
		class, code string
		pop, min    int64
		want        bool
	}{
		{"P", "PPL", 120, 0, true},
		{"P", "PPL", 0, 0, false},
		{"P", "PPL", 120, 1000, false},
		{"P", "PPLA", 0, 1000, true},
		{"P", "PPLC", 0, 1000, true},
		{"P", "PPLA4", 0, 0, true},
		{"P", "PPLA4", 0, 1000, false},
		{"P", "PPLH", 5000, 0, false},
		{"P", "PPLQ", 5000, 0, false},
		{"A", "ADM1", 0, 1000, true},
		{"A", "ADM3", 0, 0, false},
		{"A", "PCLI", 0, 0, true},
		{"S", "AIRB", 0, 0, true},
		{"S", "HTL", 0, 0, false},
		{"H", "LK", 0, 0, false},
	}
	for _, tt := range tests {
		r := geoNameRow{class: tt.class, code: tt.code, pop: tt.pop}
		if got := (ImportOptions{MinPopulation: tt.min}).keeps(&r); got != tt.want {
			t.Errorf("keeps(%s %s pop %d, min %d) = %v, want %v", tt.class, tt.code, tt.pop, tt.min, got, tt.want)
		}
	}
}

// importFixtures imports files with the default gazetteer as base and
// returns the imported places alone, or loaded on top of the default when
// overDefault.
func importFixtures(t *testing.T, files []string, opt ImportOptions, overDefault bool) (*Gazetteer, ImportStats) {
	t.Helper()
	var buf bytes.Buffer
	stats, err := ImportGeoNames(context.Background(), files, &buf, importBase(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	if !overDefault {
		g, err := ReadCompact(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return g, stats
	}
	out := filepath.Join(t.TempDir(), "gazetteer.local.tsv.gz")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := Load(context.Background(), Options{Extra: []string{out}})
	if err != nil {
		t.Fatal(err)
	}
	return g, stats
}

func TestImportGeoNames(t *testing.T) {
	// Deliberately out of order: the import sorts the files by kind.
	files := []string{
		geoNamesFixture("alternateNamesV2.txt"), geoNamesFixture("XZ.txt"), geoNamesFixture("allCountries.txt"),
		geoNamesFixture("admin1CodesASCII.txt"), geoNamesFixture("countryInfo.txt"),
	}
	g, stats := importFixtures(t, files, ImportOptions{}, true)
	want := ImportStats{Places: 13, Countries: 2, Admin1: 2, Admin2: 1, Cities: 5, Airports: 3, AlternateNames: 10}
	if got := stats; got.Places != want.Places || got.Countries != want.Countries || got.Admin1 != want.Admin1 ||
		got.Admin2 != want.Admin2 || got.Cities != want.Cities || got.Airports != want.Airports ||
		got.AlternateNames != want.AlternateNames || got.Skipped != 0 {
		t.Errorf("stats = %+v, want %+v", got, want)
	}
	if base := importBase(t); g.Len() != base.Len()+9 {
		t.Errorf("gazetteer has %d places, want the default's %d and 9 new", g.Len(), base.Len())
	}

	place := func(id string) *Place {
		t.Helper()
		p, ok := g.Place(id)
		if !ok {
			t.Fatalf("no place %s", id)
		}
		return p
	}
	t.Run("new city", func(t *testing.T) {
		p := place("gn:90000003")
		if p.Kind != KindCity || p.Name != "Port Zarquon" || p.CountryCode != "XZ" || p.Admin1 != "XZ.01" ||
			p.Population != 250000 || p.FeatureCode != "PPLC" || p.Lat() != 10.75 || p.Lon() != 100.25 {
			t.Errorf("Port Zarquon = %+v", p)
		}
		for _, alt := range []string{"Zarquon City", "Zarquon Harbour"} {
			if !slices.Contains(p.Alternates, alt) {
				t.Errorf("Port Zarquon lacks alternate %q: %q", alt, p.Alternates)
			}
		}
		for _, alt := range []string{"Zarquonhafen", "Old Zarquon", "Zarquon Quay", "pzq", "PZ", "12345", "Порт Заркон"} {
			if slices.Contains(p.Alternates, alt) {
				t.Errorf("Port Zarquon has alternate %q it should not: %q", alt, p.Alternates)
			}
		}
		if !slices.Contains(p.Codes, "geonames:90000003") || !slices.Contains(p.Codes, "abbr:PZQ") {
			t.Errorf("Port Zarquon codes = %q", p.Codes)
		}
	})
	t.Run("left out", func(t *testing.T) {
		for _, id := range []string{"gn:90000005", "gn:90000006", "gn:90000012", "admin1:XZ.02"} {
			if _, ok := g.Place(id); ok {
				t.Errorf("%s was imported", id)
			}
		}
	})
	t.Run("kinds", func(t *testing.T) {
		for id, kind := range map[string]Kind{
			"country:XZ": KindCountry, "admin1:XZ.01": KindAdmin1, "admin2:XZ.01.001": KindAdmin2,
			"gn:90000004": KindAirport, "gn:90000009": KindAirbase, "gn:90000007": KindCity,
			"gn:90000010": KindCity, "gn:90000011": KindCity,
		} {
			if p := place(id); p.Kind != kind {
				t.Errorf("%s is a %s, want %s", id, p.Kind, kind)
			}
		}
		if p := place("admin1:XZ.01"); p.Name != "Northern Zarquonia" || p.Admin1 != "XZ.01" ||
			!slices.Contains(p.Alternates, "North Zarquonia Province") {
			t.Errorf("admin1:XZ.01 = %+v", p)
		}
		if p := place("gn:90000004"); p.City != "Zarquon" || !slices.Contains(p.Codes, "icao:XZPZ") {
			t.Errorf("Zarquon airport = %+v", p)
		}
	})
	t.Run("new country", func(t *testing.T) {
		c, ok := g.Country("XZ")
		if !ok {
			t.Fatal("no country XZ")
		}
		if c.Name != "Zarquonia" || c.Population != 500000 || !slices.Contains(c.Codes, "iso3:XZZ") ||
			!slices.Contains(c.Alternates, "Republic of Zarquonia") {
			t.Errorf("Zarquonia = %+v", c)
		}
	})
	t.Run("enriched city", func(t *testing.T) {
		p := place("gn:98182")
		if p.Name != "Baghdad" || p.Admin1 != "IQ-BG" || p.Population != 7216000 || !slices.Contains(p.Codes, "geonames:98182") {
			t.Errorf("Baghdad = %+v", p)
		}
		for _, alt := range []string{"Madinat as-Salam", "Bagdad City", "Bagdad", "Lungsod ng Baghdad"} {
			if !slices.Contains(p.Alternates, alt) {
				t.Errorf("Baghdad lacks alternate %q: %q", alt, p.Alternates)
			}
		}
		if slices.Contains(p.Alternates, "Baggers") || slices.Contains(p.Alternates, "BGW") {
			t.Errorf("Baghdad has a colloquial name or a code as alternate: %q", p.Alternates)
		}
	})
	t.Run("enriched division", func(t *testing.T) {
		if _, ok := g.Place("admin1:IQ.07"); ok {
			t.Error("the Baghdad governorate was duplicated as admin1:IQ.07")
		}
		p := place("admin1:IQ-BG")
		if p.Name != "Baghdad" || p.Shape == nil || !slices.Contains(p.Codes, "iso3166-2:IQ-BG") ||
			!slices.Contains(p.Codes, "geonames:98180") || !slices.Contains(p.Alternates, "Baghdad Governorate") ||
			!slices.Contains(p.Alternates, "Muḩāfaz̧at Baghdād") {
			t.Errorf("admin1:IQ-BG = %+v", p)
		}
	})
	t.Run("enriched country and airport", func(t *testing.T) {
		c := place("country:IQ")
		if c.Shape == nil || c.Population != 38872655 || !slices.Contains(c.Demonyms, "Iraqi") {
			t.Errorf("Iraq = %+v", c)
		}
		if _, ok := g.Place("gn:90000020"); ok {
			t.Error("Baghdad International Airport was duplicated as gn:90000020")
		}
		a := place("airport:ORBI")
		if a.City != "Baghdad" || !slices.Contains(a.Codes, "geonames:90000020") || !slices.Contains(a.Alternates, "Matar Baghdad ad Dawli") {
			t.Errorf("airport:ORBI = %+v", a)
		}
	})
	t.Run("search", func(t *testing.T) {
		for q, id := range map[string]string{
			"Port Zarquon": "gn:90000003", "Zarquon Harbour": "gn:90000003", "PZQ": "gn:90000003",
			"Madinat as-Salam": "gn:98182", "Vogsphere Junction": "gn:90000011", "Zarquonia": "country:XZ",
			"Camp Vorlon Air Base": "gn:90000009",
		} {
			rs := g.Search(q, 3)
			if len(rs) == 0 || rs[0].Place.ID != id {
				t.Errorf("Search(%q) = %v, want %s first", q, searchIDs(rs), id)
			}
		}
	})
	t.Run("tag", func(t *testing.T) {
		text := "Gunmen attacked a police checkpoint in Port Zarquon on Tuesday, officials in Zarquonia said. " +
			"Two more people were wounded in Vogsphere Junction."
		found := map[string]bool{}
		for _, m := range g.Tag(text) {
			found[m.Place.ID] = true
		}
		for _, id := range []string{"gn:90000003", "country:XZ", "gn:90000011"} {
			if !found[id] {
				t.Errorf("Tag did not find %s; found %v", id, found)
			}
		}
	})
}

func searchIDs(rs []SearchResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Place.ID
	}
	return out
}

func TestImportGeoNamesMinPopulation(t *testing.T) {
	g, stats := importFixtures(t, []string{geoNamesFixture("allCountries.txt")}, ImportOptions{MinPopulation: 1000}, false)
	if _, ok := g.Place("gn:90000007"); ok {
		t.Error("Frogstar Mills (120 people) imported with MinPopulation 1000")
	}
	if _, ok := g.Place("gn:90000010"); !ok {
		t.Error("Magrathea Falls, a PPLA2 seat, left out")
	}
	if stats.Cities != 3 {
		t.Errorf("cities = %d, want 3", stats.Cities)
	}
	// Without alternateNamesV2.txt the ICAO code in the row's own names
	// still finds the base's airport.
	if _, ok := g.Place("gn:90000020"); ok {
		t.Error("Baghdad International Airport imported as gn:90000020")
	}
	if a, ok := g.Place("airport:ORBI"); !ok || !slices.Contains(a.Codes, "geonames:90000020") {
		t.Errorf("airport:ORBI = %+v, %v", a, ok)
	}
}

func TestImportGeoNamesCountryWithoutCountryInfo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "allCountries.txt")
	rows := []string{
		geoNameLine(map[int]string{0: "99237", 1: "Iraq", 2: "Iraq", 3: "Republic of Iraq,Al-Iraq", 4: "33", 5: "44", 6: "A", 7: "PCLI", 8: "IQ", 10: "00", 14: "38872655"}),
		geoNameLine(map[int]string{0: "90000050", 1: "Zarquon Sovereign Base", 4: "34.6", 5: "32.9", 6: "A", 7: "PCLD", 8: "GB", 10: "00"}),
		geoNameLine(map[int]string{0: "90000051", 1: "Not Britain", 4: "34.6", 5: "32.9", 6: "A", 7: "PCLI", 8: "GB", 10: "00"}),
	}
	if err := os.WriteFile(path, []byte(strings.Join(rows, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g, stats := importFixtures(t, []string{path}, ImportOptions{}, false)
	if stats.Countries != 1 {
		t.Errorf("stats = %+v, want 1 country", stats)
	}
	if c, ok := g.Country("IQ"); !ok || c.Shape == nil || !slices.Contains(c.Alternates, "Al-Iraq") {
		t.Errorf("country:IQ = %+v, %v", c, ok)
	}
	if _, ok := g.Country("GB"); ok {
		t.Error("a dependency or a misnamed row replaced country:GB")
	}
}

func TestImportGeoNamesCountryAtCapital(t *testing.T) {
	// No PCLI row: the country the base lacks is placed at its capital.
	g, stats := importFixtures(t, []string{geoNamesFixture("XZ.txt"), geoNamesFixture("countryInfo.txt")}, ImportOptions{}, false)
	c, ok := g.Country("XZ")
	if !ok {
		t.Fatalf("no country XZ; stats %+v", stats)
	}
	if c.Lat() != 10.75 || c.Lon() != 100.25 || c.Name != "Zarquonia" || !slices.Contains(c.Codes, "geonames:90000001") {
		t.Errorf("Zarquonia = %+v", c)
	}
	// Without countryInfo there is no country to make.
	g, _ = importFixtures(t, []string{geoNamesFixture("XZ.txt")}, ImportOptions{}, false)
	if _, ok := g.Country("XZ"); ok {
		t.Error("country XZ made without countryInfo.txt")
	}
}

func TestImportGeoNamesWithoutBase(t *testing.T) {
	var buf bytes.Buffer
	files := []string{geoNamesFixture("allCountries.txt"), geoNamesFixture("countryInfo.txt"), geoNamesFixture("admin1CodesASCII.txt")}
	stats, err := ImportGeoNames(context.Background(), files, &buf, nil, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := ReadCompact(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != stats.Places || stats.Countries != 2 {
		t.Errorf("loaded %d places, stats %+v", g.Len(), stats)
	}
	if p, ok := g.Place("admin1:IQ.07"); !ok || p.Name != "Baghdad" || p.Admin1 != "IQ.07" {
		t.Errorf("admin1:IQ.07 = %+v, %v", p, ok)
	}
}

func TestImportGeoNamesMalformed(t *testing.T) {
	dir := t.TempDir()
	lines := []string{
		geoNameLine(nil),
		geoNameLine(map[int]string{0: "90000030", 1: "Trillian Bay"}),
		"90000031\tBroken Row\tBroken Row",                // line 3: too few columns
		geoNameLine(map[int]string{0: "9x", 1: "Bad Id"}), // line 4
		"", // blank lines are not errors
		geoNameLine(map[int]string{0: "90000032", 4: "123.4"}),                              // line 6: latitude out of range
		geoNameLine(map[int]string{0: "90000033", 3: strings.Repeat("Long name,", 120000)}), // line 7: over 1 MB
		geoNameLine(map[int]string{0: "90000034", 1: "Slartibartfast\xff Fjord"}),
		geoNameLine(map[int]string{0: "90000035", 1: "Windows Line"}) + "\r",
	}
	path := filepath.Join(dir, "allCountries.txt")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	alt := filepath.Join(dir, "alternateNamesV2.txt")
	altLines := geoNamesTSV("1", "90000030", "en", "Trillian Harbour", "", "", "", "", "", "") + "\n" +
		geoNamesTSV("2", "90000030", "en", "Bad Flags", "maybe", "", "", "", "", "") + "\n"
	if err := os.WriteFile(alt, []byte(altLines), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	stats, err := ImportGeoNames(context.Background(), []string{path, alt}, &buf, importBase(t), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Skipped != 5 || stats.Cities != 4 {
		t.Errorf("stats = %+v, want 5 skipped and 4 cities", stats)
	}
	for i, prefix := range []string{"allCountries.txt:3:", "allCountries.txt:4:", "allCountries.txt:6:", "allCountries.txt:7:", "alternateNamesV2.txt:2:"} {
		if i >= len(stats.Examples) || !strings.HasPrefix(stats.Examples[i], prefix) {
			t.Errorf("example %d = %q, want prefix %q (all: %q)", i, stats.Examples[i%len(stats.Examples)], prefix, stats.Examples)
		}
	}
	g, err := ReadCompact(&buf)
	if err != nil {
		t.Fatalf("output does not load: %v", err)
	}
	if p, ok := g.Place("gn:90000030"); !ok || !slices.Contains(p.Alternates, "Trillian Harbour") {
		t.Errorf("gn:90000030 = %+v", p)
	}
	if p, ok := g.Place("gn:90000035"); !ok || p.Name != "Windows Line" {
		t.Errorf("gn:90000035 = %+v", p)
	}
}

func TestImportGeoNamesBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name    string
		path    string
		wantErr string // "" for a clean, empty result
	}{
		{"json as a table", write("allCountries.txt", `{"type":"FeatureCollection","features":[]}`+"\n"), "not a GeoNames"},
		{"csv as alternate names", write("alternateNamesV2.txt", strings.Repeat("1,98182,en,Baghdad\n", 50)), "not a GeoNames"},
		{"binary", write("cities500.txt", "\x00\x01\x02\xff\xfe"+strings.Repeat("\x00", 4096)), "not a GeoNames"},
		{"table as countryInfo", write("countryInfo.txt", geoNameLine(nil)+"\n"), ""}, // 19 columns too, but rows malformed
		{"admin1 as a table", write("XZ.txt", "XZ.01\tNorthern Zarquonia\tNorthern Zarquonia\t90000002\n"), "not a GeoNames"},
		{"unknown name", write("places.tsv", geoNameLine(nil)+"\n"), "not a GeoNames"},
		{"zip", write("allCountries.zip", "PK\x03\x04"), "unzip"},
		{"missing", filepath.Join(dir, "cities1000.txt"), "no such file"},
		{"empty", write("cities15000.txt", ""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			stats, err := ImportGeoNames(context.Background(), []string{tt.path}, &buf, nil, ImportOptions{})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if stats.Places != 0 {
					t.Errorf("stats = %+v, want no places", stats)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("err = %v, want one naming %s and containing %q", err, tt.path, tt.wantErr)
			}
			if tt.wantErr == "not a GeoNames" && !errors.Is(err, ErrNotGeoNames) {
				t.Errorf("err = %v, want ErrNotGeoNames", err)
			}
		})
	}
}

func TestImportGeoNamesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	path := filepath.Join(dir, "allCountries.txt")
	var sb strings.Builder
	for i := range 70000 {
		sb.WriteString(geoNameLine(map[int]string{0: strconv.Itoa(90000000 + i)}))
		sb.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ImportGeoNames(ctx, []string{path}, &bytes.Buffer{}, nil, ImportOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// FuzzGeoNamesLine checks that no dump line makes the parsers panic, and
// that every row they accept becomes a place whose compact line Load reads.
func FuzzGeoNamesLine(f *testing.F) {
	f.Add(geoNameLine(nil))
	f.Add(geoNameLine(map[int]string{6: "A", 7: "ADM1"}))
	f.Add(geoNameLine(map[int]string{6: "A", 7: "PCLI", 10: "00"}))
	f.Add(geoNameLine(map[int]string{6: "S", 7: "AIRP", 1: "Zarquon Air Base"}))
	f.Add(geoNameLine(map[int]string{1: "|\t", 3: ",,,|"}))
	f.Add(geoNamesTSV("1", "98182", "en", "Madinat as-Salam", "1", "", "", "", "", ""))
	f.Add(geoNamesTSV("2", "90000020", "icao", "ORBI", "", "", "", ""))
	f.Add("")
	f.Add("\t\t\t")
	im := newGeoNamesImport(nil, ImportOptions{})
	im.countries["XZ"] = &countryInfoRow{iso: "XZ", name: "Zarquonia", id: 90000001}
	f.Fuzz(func(t *testing.T, line string) {
		if a, err := parseAlternateNameRow(line); err == nil && a.id == 0 {
			t.Errorf("alternate name row with id 0: %q", line)
		}
		r, err := parseGeoNameRow(line)
		if err != nil {
			return
		}
		im.alternateLine("fuzz", 1, geoNamesTSV("1", strconv.FormatUint(uint64(r.id), 10), "en", r.ascii, "1", "", "", "", "", ""))
		p := im.place(&r)
		if p == nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteCompact(&buf, p); err != nil {
			t.Fatal(err)
		}
		if _, err := parseCompactLine(strings.TrimSuffix(buf.String(), "\n")); err != nil {
			t.Errorf("row %q became compact line %q, which does not parse: %v", line, buf.String(), err)
		}
	})
}

// BenchmarkGeoNamesParseRow measures the parser the two passes over a dump
// spend most of their time in.
func BenchmarkGeoNamesParseRow(b *testing.B) {
	line := geoNameLine(map[int]string{3: "Bagda,Bagdad,Bagdadas,Bagdado,Bagdat,Bagdate,Bagdatum,Bagdod,Bagdá,Bagdád,Baghdād"})
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseGeoNameRow(line); err != nil {
			b.Fatal(err)
		}
	}
}
