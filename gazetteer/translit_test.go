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
