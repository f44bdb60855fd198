package gazetteer

import (
	"fmt"
	"os"
	"testing"
)

func TestZZ(t *testing.T) {
	text := os.Getenv("ZZ")
	if text == "" {
		t.Skip()
	}
	g := testGazetteer(t)
	tg := g.TagText(text, nil)
	for _, m := range tg.Mentions {
		fmt.Printf("MEN %q %s %s %s conf=%.3f mod=%s\n", m.Text, m.Place.ID, m.Place.Name, m.Place.Kind, m.Confidence, m.Modifier)
	}
	for _, u := range tg.Unresolved(tg.Mentions) {
		fmt.Printf("UNRES %q kind=%s\n", u.Text, u.Kind)
	}
	for _, m := range tg.UnknownPlacesWithin(tg.Mentions, "") {
		fmt.Printf("UNK %q %s\n", m.Text, m.Place.ID)
	}
}

func TestZZLookup(t *testing.T) {
	w := os.Getenv("ZZL")
	if w == "" {
		t.Skip()
	}
	g := testGazetteer(t)
	for _, e := range g.index.lookup(w) {
		p := g.places[e.place]
		fmt.Printf("ENTRY %s %s %s %s flags=%b pop=%d\n", p.ID, p.Name, p.Kind, p.CountryCode, e.flags, p.Population)
	}
}
