package main

import (
	"testing"

	"github.com/incidentmap/incidentmap/incident"
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
