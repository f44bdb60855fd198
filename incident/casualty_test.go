package incident

import "testing"

// FuzzTollScreen: the screen findCasualties reads a sentence through lets
// every sentence pass that readCasualties finds a toll in, whatever the
// text.
func FuzzTollScreen(f *testing.F) {
	for _, s := range []string{
		"Gunmen shot dead two farmers near Qarnat.",
		"No casualties were reported. Nobody was hurt.",
		"Neither injuries nor fatalities were reported in Zqarta.",
		"Unknown fatalities coded as 10. The death toll rose to 12.",
		"A trader succumbed to his wounds; three men lost their lives.",
		"Militiamen gunned down a teacher and beheaded two men.",
		"The bodies of 5 men were found. A retired teacher, Samir Haddad, was killed.",
		"Five farmers, among them a boy, were beaten to death in Qarnat.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := tokenize(text)
		for _, s := range splitSentences(toks) {
			if cs := readCasualties(toks, s.lo, s.hi); len(cs) > 0 && !mayTellToll(toks, s.lo, s.hi) {
				t.Fatalf("%q: the screen refuses a sentence with a toll: %+v", text[s.b0:s.b1], cs)
			}
		}
	})
}
