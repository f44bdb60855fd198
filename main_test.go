package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command in-process and returns its output and error.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

type featureCollection struct {
	ID       string `json:"id"`
	Features []struct {
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
}

func TestGeoparseOffsetsAreCodePointsOfTheInput(t *testing.T) {
	// The title line and non-ASCII text before the places shift byte and
	// code-point offsets apart.
	text := "Frappes près de Mossoul — “Rapport”\nÉté: a drone struck near the Baghdad airport; Iraqi officials said in Cairo it was over.\n"
	out, _, err := runCLI(t, text, "geoparse", "-")
	if err != nil {
		t.Fatal(err)
	}
	var fc featureCollection
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatal(err)
	}
	runes := []rune(text)
	seen := map[string]map[string]any{}
	for _, f := range fc.Features {
		p := f.Properties
		start, end := int(p["start"].(float64)), int(p["end"].(float64))
		if got := string(runes[start:end]); got != p["text"] {
			t.Errorf("offsets %d:%d select %q, text says %q", start, end, got, p["text"])
		}
		for _, k := range []string{"place_id", "name", "kind", "country_code", "role", "confidence"} {
			if _, ok := p[k]; !ok {
				t.Errorf("%q lacks %s", p["text"], k)
			}
		}
		if f.Geometry == nil {
			t.Errorf("%q has no geometry", p["text"])
		}
		seen[p["text"].(string)] = p
	}
	if p := seen["Baghdad airport"]; p == nil || p["place_id"] != "airport:ORBI" || p["role"] != "incident" {
		t.Errorf("Baghdad airport: %v", p)
	}
	for _, s := range []string{"Cairo", "Iraqi"} {
		if p := seen[s]; p == nil || p["role"] != "mention" {
			t.Errorf("%s should be a mention: %v", s, p)
		}
	}
}

func TestGeoparseJSONLKeepsOrderAndIDs(t *testing.T) {
	in := `{"id":"b","title":"t","body":"Rockets hit Erbil."}
{"id":"a","title":"t","body":"Nothing happened."}
{"id":"c","title":"t","body":"Clashes in Deir ez-Zor."}
`
	out, _, err := runCLI(t, in, "geoparse", "--jsonl", "-")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, want := range []string{"b", "a", "c"} {
		var fc featureCollection
		if err := json.Unmarshal([]byte(lines[i]), &fc); err != nil || fc.ID != want {
			t.Fatalf("line %d: id %q (%v)", i, fc.ID, err)
		}
	}
	var fc featureCollection
	json.Unmarshal([]byte(lines[0]), &fc)
	if len(fc.Features) != 1 || fc.Features[0].Properties["start"].(float64) != 12 {
		t.Errorf("JSON offsets must count in the body: %s", lines[0])
	}
}

func TestExtractSeedArticle(t *testing.T) {
	path := "../shared/seeds/000_d7ef42fada8a821f.txt"
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip("no ../shared")
	}
	out, _, err := runCLI(t, "", "extract", "--published", "2021-06-28", path)
	if err != nil {
		t.Fatal(err)
	}
	var fc featureCollection
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatal(err)
	}
	var border, rocket, baghdad bool
	for _, f := range fc.Features {
		p := f.Properties
		switch {
		case p["place_id"] == "border:IQ-SY" && p["event_date"] == "2021-06-27" && f.Geometry["type"] == "LineString":
			border = true
		case p["location"] == "Syria" && p["event_date"] == "2021-06-28" && p["injuries"] == 0.0:
			rocket = true
		case p["place_id"] == "airport:ORBI" && p["fatalities"] == 2.0:
			baghdad = true
		}
		for _, bad := range []string{"Cairo", "Rome", "Tehran", "Washington"} {
			if p["location"] == bad {
				t.Errorf("an incident is placed in %s", bad)
			}
		}
	}
	if !border || !rocket || !baghdad {
		t.Errorf("border strike %v, rocket attack %v, Baghdad airport strike %v:\n%s", border, rocket, baghdad, out)
	}
}

func TestIngestThenExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	art := filepath.Join(dir, "a.json")
	os.WriteFile(art, []byte(`{"id":"k1","title":"Strike","body":"A missile struck the railway station in Kramatorsk on Friday, killing 50 people.","published":"2022-04-08"}`), 0o644)
	if _, _, err := runCLI(t, "", "ingest", "--db", db, art); err != nil {
		t.Fatal(err)
	}
	// Ingesting again changes nothing.
	_, stderr, err := runCLI(t, "", "ingest", "--db", db, art)
	if err != nil || !strings.Contains(stderr, "(0 new)") {
		t.Fatalf("second ingest: %v %s", err, stderr)
	}
	out := filepath.Join(dir, "out.geojson")
	if _, stderr, err := runCLI(t, "", "export", "--db", db, "--region", "Ukraine", "--out", out); err != nil || !strings.Contains(stderr, "exported 1 ") {
		t.Fatalf("export: %v %s", err, stderr)
	}
	var fc featureCollection
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &fc); err != nil || len(fc.Features) != 1 || fc.Features[0].Properties["fatalities"] != 50.0 {
		t.Fatalf("export: %v %s", err, b)
	}
	if _, stderr, _ := runCLI(t, "", "export", "--db", db, "--region", "Iraq", "--out", out); !strings.Contains(stderr, "exported 0 ") {
		t.Errorf("region filter: %s", stderr)
	}
	if _, err := exec.LookPath("ogrinfo"); err == nil {
		gpkg := filepath.Join(dir, "out.gpkg")
		if _, _, err := runCLI(t, "", "export", "--db", db, "--out", gpkg); err != nil {
			t.Fatal(err)
		}
		if info, err := exec.Command("ogrinfo", "-ro", "-so", "-al", gpkg).CombinedOutput(); err != nil || !strings.Contains(string(info), "Feature Count: 1") {
			t.Errorf("ogrinfo: %v %s", err, info)
		}
		// A FlatGeobuf holds the layer --geometry picks, with its type.
		for layer, want := range map[string]string{"points": "Geometry: Point\nFeature Count: 1\n", "areas": "Geometry: Multi Polygon\nFeature Count: 0\n"} {
			fgb := filepath.Join(dir, layer+".fgb")
			if _, stderr, err := runCLI(t, "", "export", "--db", db, "--geometry", layer, "--out", fgb); err != nil {
				t.Fatalf("export --geometry %s: %v %s", layer, err, stderr)
			}
			if info, err := exec.Command("ogrinfo", "-ro", "-so", "-al", fgb).CombinedOutput(); err != nil || !strings.Contains(string(info), want) {
				t.Errorf("ogrinfo %s: %v %s", fgb, err, info)
			}
		}
	}
}

func TestCLIErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{nil, "no command", 2},
		{[]string{"frobnicate"}, "unknown command", 2},
		{[]string{"geoparse"}, "one FILE", 2},
		{[]string{"geoparse", "/no/such/file"}, "no such file", 1},
		{[]string{"extract", "--published", "June", "-"}, "--published", 2},
		{[]string{"export", "--out", "x.shp"}, "unknown export format", 2},
		{[]string{"export", "--out", "x.csv", "--bbox", "1,2"}, "--bbox", 2},
		{[]string{"export", "--out", "x.csv", "--geometry", "lines"}, "FlatGeobuf", 2},
		{[]string{"export", "--out", "x.fgb", "--geometry", "curves"}, "--geometry", 2},
		{[]string{"gazetteer", "search"}, "QUERY", 2},
		{[]string{"gazetteer", "frob"}, "unknown gazetteer subcommand", 2},
		{[]string{"ingest"}, "at least one FILE", 2},
	} {
		_, _, err := runCLI(t, "", tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || exitCode(err) != tc.code {
			t.Errorf("%v: err %v (exit %d), want %q exit %d", tc.args, err, exitCode(err), tc.want, tc.code)
		}
	}
	// A broken line in a batch names its line.
	if _, _, err := runCLI(t, "{\"id\":\"a\",\"body\":\"Erbil.\"}\n{\"id\":\n", "geoparse", "--jsonl", "-"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("broken JSON line: %v", err)
	}
	// Broken JSON article is a clear error, not a panic.
	if _, _, err := runCLI(t, `{"title": "x", "body": `, "extract", "-"); err == nil || !strings.Contains(err.Error(), "json") {
		t.Errorf("broken JSON: %v", err)
	}
}

func TestGazetteerSearchCLI(t *testing.T) {
	out, _, err := runCLI(t, "", "gazetteer", "search", "--limit", "3", "Deir al-Zour")
	if err != nil || !strings.Contains(out, "gn:170794") {
		t.Fatalf("%v\n%s", err, out)
	}
}

// TestGeoparseOutputIsProportional: each mention carries its place's point
// and id by default, so a seed article's output stays small (every "U.S."
// used to carry the outline of the United States); the full geometry comes
// once per place with --geometry places, or on every mention with full.
func TestGeoparseOutputIsProportional(t *testing.T) {
	in, err := os.ReadFile("seeds/articles/001_iraq_syria_border_strikes.json")
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]int{}
	for _, g := range []string{"", "places", "full"} {
		args := []string{"geoparse", "-"}
		if g != "" {
			args = []string{"geoparse", "--geometry", g, "-"}
		}
		out, _, err := runCLI(t, string(in), args...)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		sizes[g] = len(out)
		var fc struct {
			ID       string `json:"id"`
			Features []struct {
				Geometry struct {
					Type string `json:"type"`
				} `json:"geometry"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
			Places []struct {
				ID string `json:"id"`
			} `json:"places"`
		}
		if err := json.Unmarshal([]byte(out), &fc); err != nil {
			t.Fatal(err)
		}
		if fc.ID == "" || len(fc.Features) < 5 {
			t.Fatalf("%v: id %q, %d features", args, fc.ID, len(fc.Features))
		}
		areas := 0
		for _, f := range fc.Features {
			for _, k := range []string{"text", "start", "end", "place_id", "name", "kind", "country_code", "role", "confidence"} {
				if _, ok := f.Properties[k]; !ok {
					t.Errorf("%v: %q lacks %s", args, f.Properties["text"], k)
				}
			}
			if f.Geometry.Type != "Point" {
				areas++
			}
		}
		switch g {
		case "", "places":
			if areas > 0 {
				t.Errorf("%v: %d mentions carry more than a point", args, areas)
			}
		case "full":
			if areas == 0 {
				t.Errorf("%v: no mention carries its region or border", args)
			}
		}
		seen := map[string]bool{}
		for _, p := range fc.Places {
			if seen[p.ID] {
				t.Errorf("place %s twice in places", p.ID)
			}
			seen[p.ID] = true
		}
		if (g == "places") != (len(fc.Places) > 0) {
			t.Errorf("%v: %d places", args, len(fc.Places))
		}
	}
	t.Logf("input %d bytes; output: point %d, places %d, full %d", len(in), sizes[""], sizes["places"], sizes["full"])
	if sizes[""] > 100<<10 || sizes[""] > 20*len(in) {
		t.Errorf("the default output is %d bytes for a %d-byte article", sizes[""], len(in))
	}
	if _, _, err := runCLI(t, string(in), "geoparse", "--geometry", "polygon", "-"); err == nil {
		t.Error("--geometry polygon was accepted")
	}
}
