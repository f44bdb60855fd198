package gazetteer

import "testing"

func TestTranslitVariantsMeet(t *testing.T) {
	// Each pair is two romanisations of one name, as news and GeoNames
	// write them.
	for _, tc := range [][2]string{
		{"Al-Shaghour", "Ash Shaghur"},
		{"Deir-ez-Zor", "Dayr az Zawr"},
		{"Idleb", "Idlib"},
		{"Kfar Nabl", "Kafr Nabl"},
		{"Hassakeh", "Al Hasakah"},
		{"Beit Jann", "Bayt Jan"},
		{"Ein al-Fijeh", "Ayn al Fijah"},
		{"Sheikh Maqsoud", "Shaykh Maqsud"},
		{"Khan Sheikhoun", "Khan Shaykhun"},
		{"Tell Abyad", "Tall Abyad"},
		{"Qamishli", "Kamishli"},
		{"Dhamar", "Damar"},
		{"Ma'arrat al-Numan", "Maarat an Numan"},
		{"Djebel Druze", "Jabal Druze"},
		{"Abul Qasim", "Abu al Qasim"},
	} {
		if _, s := nameSimilarity(normalizeName(tc[0]), normalizeName(tc[1])); s < weakVariant {
			t.Errorf("%q and %q: similarity %.2f (keys %q, %q)", tc[0], tc[1], s,
				translit(normalizeName(tc[0])), translit(normalizeName(tc[1])))
		}
		if a, b := skeleton(normalizeName(tc[0])), skeleton(normalizeName(tc[1])); a != b {
			t.Errorf("%q and %q: skeletons %q and %q differ", tc[0], tc[1], a, b)
		}
	}
	// Different names stay apart.
	for _, tc := range [][2]string{{"Homs", "Hama"}, {"Raqqa", "Daraa"}, {"Bar", "Barre"}, {"Aden", "Idlib"}} {
		if _, s := nameSimilarity(normalizeName(tc[0]), normalizeName(tc[1])); s >= strongVariant {
			t.Errorf("%q and %q: similarity %.2f, want them apart", tc[0], tc[1], s)
		}
	}
}

// One Arabic letter is written z, dh or th: a name with th or dh is looked
// up as written with z when nothing matches it as it is, and a place in a
// country whose names are not romanised from Arabic is then left to the
// article's countries to accept.
func TestEmphaticZ(t *testing.T) {
	for in, want := range map[string]string{
		"abu thuhur": "abu zuhur", "wadi dhahab": "wadi zahab", "zabadani": "zabadani", "smithfield": "smizfield",
	} {
		if got := emphaticZ(in); got != want {
			t.Errorf("emphaticZ(%q) = %q, want %q", in, got, want)
		}
	}
	g := testGazetteer(t)
	for _, text := range []string{
		"Jets bombed the town of Abu Thuhur in Idlib on Monday.",
		"Jets bombed the town of Abul Thohur in Idlib on Monday.",
	} {
		m := find(g.Tag(text), "Abu")
		if m == nil || m.Place.ID != "gn:174611" {
			t.Errorf("%q: %+v, want Abu az-Zuhur (gn:174611)", text, m)
		}
	}
}
