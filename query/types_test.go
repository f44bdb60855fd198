package query

import (
	"errors"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// FuzzParseTypes: whatever the type parameter holds, ParseTypes answers
// codebook names without repeats, or an error about type; it refuses exactly
// when a part is no name of the codebook in any case.
func FuzzParseTypes(f *testing.F) {
	for _, s := range []string{"Battles", "air/drone strike, Riots", "Battle", ",,", "OTHER,other", "Explosions/Remote violence,x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTypes([]string{s})
		known := true
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			ok := false
			for _, name := range append(incident.EventTypes(), incident.SubEventTypes()...) {
				ok = ok || strings.ToLower(part) == strings.ToLower(name)
			}
			known = known && ok
		}
		if (err == nil) != known {
			t.Fatalf("%q: %q, %v; every part known: %v", s, got, err, known)
		}
		if err != nil {
			var p *Error
			if !errors.As(err, &p) || p.Param != "type" {
				t.Fatalf("%q: %v is no 400 about type", s, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, name := range got {
			if seen[name] || (!incident.IsEventType(name) && incident.TypeOf(name) == "") {
				t.Fatalf("%q: %q repeats or is no codebook name", s, got)
			}
			seen[name] = true
		}
	})
}
