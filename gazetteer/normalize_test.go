package gazetteer

import "testing"

func TestNormalizeASCIIMatchesTokenizer(t *testing.T) {
	for _, name := range []string{
		"Deir ez-Zor", "Baghdad International Airport", "Rostov-on-Don", "  Abu   Kamal ", "Saint-Denis (93)",
		"A-1 Road", "123 Main Street", "X", "", "---", "Al Anbar Governorate", "Guinea-Bissau",
	} {
		fast, ok := normalizeASCII(name)
		if !ok {
			t.Fatalf("normalizeASCII(%q) refused a plain ASCII name", name)
		}
		toks := tokenize(name)
		slow := ""
		for i, tk := range toks {
			if i > 0 {
				slow += " "
			}
			slow += tk.norm
		}
		if fast != slow {
			t.Errorf("normalizeASCII(%q) = %q, tokenizer says %q", name, fast, slow)
		}
	}
}
