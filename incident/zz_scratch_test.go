package incident

import (
	"fmt"
	"os"
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
)

func TestZZScratch(t *testing.T) {
	g, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile("../../shared/seeds/000_d7ef42fada8a821f.txt")
	for _, m := range g.Tag(string(b)) {
		fmt.Printf("%-30q %-35s %-8s %-14s %s %.2f p%d s%d %s %s dem=%v\n", m.Text, m.Place.Name, m.Place.Kind, m.Place.ID, m.Place.CountryCode, m.Confidence, m.Precision, m.Sentence, m.Role, m.Modifier, m.Demonym)
	}
}
