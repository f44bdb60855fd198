package seeds

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestArticles(t *testing.T) {
	as, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) < 4 || len(as) > 6 {
		t.Fatalf("want 4-6 seed articles, got %d", len(as))
	}
	for _, a := range as {
		if a.ID == "" || a.Title == "" || a.Body == "" || a.Published.IsZero() || a.Source != "incidentmap demo" {
			t.Errorf("seed %q incomplete: %+v", a.ID, a)
		}
	}
}

// TestSeedGoldens pins what Extract finds in each seed, and checks that each
// yields at least one located incident in the country it is about.
func TestSeedGoldens(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the gazetteer")
	}
	g, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	as, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	wantCountry := map[string]string{"demo-001": "IQ", "demo-002": "IQ", "demo-003": "UA", "demo-004": "SA", "demo-005": "SO"}
	for _, a := range as {
		t.Run(a.ID, func(t *testing.T) {
			x := incident.Extract(g, a, time.Time{})
			if len(x.Incidents) == 0 {
				t.Fatal("no incident")
			}
			found := false
			for _, in := range x.Incidents {
				if in.CountryCode == wantCountry[a.ID] || (a.ID == "demo-001" && in.CountryCode == "SY") {
					found = true
				}
				if in.Location == "" || in.Geometry == nil {
					t.Errorf("incident %s without location", in.ID)
				}
			}
			if !found {
				t.Errorf("no incident in %s", wantCountry[a.ID])
			}
			got, err := incident.MarshalReport(x.Incidents)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", a.ID+".golden.json")
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
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("extraction differs from %s (run with -update and review the diff):\n%s", path, got)
			}
		})
	}
}
