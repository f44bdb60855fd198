package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeoparseAndGeocodeAgree: `geoparse FILE` and POST /geocode read a
// plain text alike (incident.Geoparse), so the same text gives the same
// mention Features, byte for byte: roles and offsets included. A text of
// more than one line has its first line for headline, as extract reads it;
// the headline's mentions are incident only when the incident was read
// from it.
func TestGeoparseAndGeocodeAgree(t *testing.T) {
	srv := testAPIServer(t, filepath.Join(t.TempDir(), "x.db"))

	tests := []struct {
		name, text string
		roles      map[string]string // mention text -> role
	}{
		{"one line", "The minister said in Rome that rockets hit Erbil.",
			map[string]string{"Rome": "mention", "Erbil": "incident"}},
		{"a first line is the headline, as extract reads it", "Frappes près de Mossoul — “Rapport”\nÉté: a drone struck near the Baghdad airport; Iraqi officials said in Cairo it was over.\n",
			map[string]string{"Baghdad airport": "incident", "Cairo": "mention"}},
		{"headline over a body with an incident", "Attack in Erbil\n\nOn Sunday a drone struck near the Baghdad airport, officials said in Cairo.\n",
			map[string]string{"Erbil": "mention", "Baghdad airport": "incident", "Cairo": "mention"}},
		{"headline with the incident", "  Rockets hit Erbil airport\n \n\nThe minister in Rome condemned it.",
			map[string]string{"Erbil airport": "incident", "Rome": "mention"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, err := runCLI(t, tc.text, "geoparse", "-")
			if err != nil {
				t.Fatalf("geoparse: %v %s", err, stderr)
			}
			resp, err := http.Post(srv.URL+"/geocode", "text/plain", strings.NewReader(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("POST /geocode: %d %s", resp.StatusCode, body)
			}
			cli, web := rawFeatures(t, []byte(out)), rawFeatures(t, body)
			if len(cli) != len(web) {
				t.Fatalf("geoparse gives %d features, /geocode %d:\n%s\n%s", len(cli), len(web), out, body)
			}
			for i := range cli {
				if string(cli[i]) != string(web[i]) {
					t.Errorf("feature %d:\ngeoparse %s\n/geocode %s", i, cli[i], web[i])
				}
			}
			runes := []rune(tc.text)
			roles := map[string]string{}
			for _, f := range cli {
				var p struct {
					Properties struct {
						Text       string `json:"text"`
						Start, End int
						Role       string `json:"role"`
					} `json:"properties"`
				}
				if err := json.Unmarshal(f, &p); err != nil {
					t.Fatal(err)
				}
				if got := string(runes[p.Properties.Start:p.Properties.End]); got != p.Properties.Text {
					t.Errorf("offsets %d:%d select %q, not %q", p.Properties.Start, p.Properties.End, got, p.Properties.Text)
				}
				roles[p.Properties.Text] = p.Properties.Role
			}
			for text, role := range tc.roles {
				if roles[text] != role {
					t.Errorf("%s: role %q, want %q (all: %v)", text, roles[text], role, roles)
				}
			}
		})
	}
}

// rawFeatures returns the features of a FeatureCollection as written.
func rawFeatures(t *testing.T, b []byte) []json.RawMessage {
	t.Helper()
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return fc.Features
}
