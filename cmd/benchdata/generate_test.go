package main

import (
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// TestEventTypesFollowTheCodebook: the bench data uses ACLED's names as
// incident.Taxonomy spells them, so the API's type= filter (which refuses
// other names) reaches every generated incident.
func TestEventTypesFollowTheCodebook(t *testing.T) {
	for _, e := range eventTypes {
		if got := incident.TypeOf(e.sub); got != e.typ {
			t.Errorf("%q under %q: the codebook puts it under %q", e.sub, e.typ, got)
		}
	}
}

// TestCountsAreNeverNegative: fatalities and injuries are null or a count
// from 0 up, as ACLED records them; a -1 would poison sums and filters.
func TestCountsAreNeverNegative(t *testing.T) {
	gaz, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	gen, err := NewGenerator(gaz, Config{N: 3000, Seed: 1, PerArticle: 500, Countries: 5, Clusters: 50})
	if err != nil {
		t.Fatal(err)
	}
	var known, zero, null int
	err = gen.Articles(func(a store.ArticleRecord) error {
		for _, in := range a.Incidents {
			switch {
			case in.Fatalities == nil:
				null++
			case *in.Fatalities < 0:
				t.Fatalf("incident %s: fatalities %d", in.ID, *in.Fatalities)
			case *in.Fatalities == 0:
				zero++
				known++
			default:
				known++
			}
			if in.Injuries != nil && *in.Injuries < 0 {
				t.Fatalf("incident %s: injuries %d", in.ID, *in.Injuries)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if known == 0 || zero == 0 || null == 0 {
		t.Errorf("fatalities: %d known (%d zero), %d unknown; want all three kinds", known, zero, null)
	}
}
