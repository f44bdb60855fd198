package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// fakeEnv, when set, makes the test binary act as `incidentmap geoparse --jsonl FILE`;
// its value selects the behaviour (see fakeGeoparser).
const fakeEnv = "EVALGEOPARSE_FAKE_GEOPARSER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeGeoparser(mode, os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// fakeGazetteer maps names the fake geoparser finds to the geometry and properties it reports.
var fakeGazetteer = map[string]struct{ geometry, props string }{
	"Lyon":          {`{"type":"Point","coordinates":[4.8357,45.764]}`, `"place_id":2996944,"kind":"city","country_code":"FR"`},
	"Kestrel Bay":   {`{"type":"Polygon","coordinates":[[[19,9],[21,9],[21,12],[19,12],[19,9]]]}`, `"place_id":"kb","kind":"bay","lat":10,"lon":20`},
	"Calder County": {`{"type":"MultiPolygon","coordinates":[[[[-91,35],[-90,35],[-90,36],[-91,36],[-91,35]]]]}`, `"place_id":"cc","kind":"county","country_code":"US"`},
	"Zürich":        {`{"type":"Point","coordinates":[8.55,47.37]}`, `"place_id":2657896,"kind":"city","country_code":"CH"`},
	"Portland":      {`{"type":"Point","coordinates":[-122.68,45.52]}`, `"place_id":5746545,"kind":"city","country_code":"US"`},
	"English":       {`{"type":"Point","coordinates":[-1.5,52.5]}`, `"place_id":6269131,"kind":"country","country_code":"GB"`},
	"market":        {`null`, `"kind":"unknown"`},
}

// fakeGeoparser is a stand-in for the incidentmap binary. mode "ok" reports every
// occurrence of a fakeGazetteer name with code-point offsets; "bytes" uses byte offsets;
// "exit" fails; "garbage", "short" and "wrongid" write broken output.
func fakeGeoparser(mode string, args []string, stdout, stderr io.Writer) int {
	if len(args) != 3 || args[0] != "geoparse" || args[1] != "--jsonl" {
		fmt.Fprintf(stderr, "fake: unexpected arguments %q\n", args)
		return 2
	}
	if mode == "exit" {
		fmt.Fprintln(stderr, "fake: gazetteer not found")
		return 3
	}
	f, err := os.Open(args[2])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer f.Close()
	names := make([]string, 0, len(fakeGazetteer))
	for n := range fakeGazetteer {
		names = append(names, n)
	}
	sort.Strings(names)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 0; sc.Scan(); line++ {
		var a jsonArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			fmt.Fprintln(stderr, "fake:", err)
			return 1
		}
		switch {
		case mode == "garbage":
			fmt.Fprintln(w, `{"type":"FeatureCollection","id":`)
			continue
		case mode == "short" && line > 0:
			continue
		case mode == "wrongid":
			a.ID += "x"
		}
		var feats []string
		for _, n := range names {
			for off := 0; ; {
				i := strings.Index(a.Body[off:], n)
				if i < 0 {
					break
				}
				b := off + i
				start := utf8.RuneCountInString(a.Body[:b])
				if mode == "bytes" {
					start = b
				}
				end := start + utf8.RuneCountInString(n)
				g := fakeGazetteer[n]
				feats = append(feats, fmt.Sprintf(`{"type":"Feature","geometry":%s,"properties":{"text":%q,"start":%d,"end":%d,"name":%q,"role":"mention","confidence":0.5,%s}}`,
					g.geometry, n, start, end, n, g.props))
				off = b + len(n)
			}
		}
		id, _ := json.Marshal(a.ID)
		fmt.Fprintf(w, `{"type":"FeatureCollection","id":%s,"features":[%s]}`+"\n", id, strings.Join(feats, ","))
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, "fake:", err)
		return 1
	}
	return 0
}

// testConfig runs the test binary itself as the geoparser, in the given fake mode.
func testConfig(t *testing.T, mode string) config {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeEnv, mode)
	return config{
		bin:     self,
		corpora: []string{"testdata/gwn.xml", "testdata/lgl.xml"},
		tempDir: t.TempDir(),
	}
}

func TestRunJSON(t *testing.T) {
	cfg := testConfig(t, "ok")
	cfg.json = true
	cfg.errors = 5
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), cfg, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	var got map[string]map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
	}
	lyonKm := haversineKm(45.75, 4.85, 45.764, 4.8357)
	portlandKm := haversineKm(43.66, -70.26, 45.52, -122.68)
	ln := math.Log
	want := map[string]map[string]float64{
		// Gold: Lyon, Kestrel Bay, Lyon, Ostrava, Portland; "officials" (nonLocational) and
		// "market" (expression) ignored, English (Language) a negative.
		// Predicted: Lyon, Kestrel Bay (polygon, lat/lon props), Lyon, Portland (wrong
		// Portland), English (spurious); "market" is on ignored gold and not counted.
		"gwn": {
			"articles": 2, "gold": 5, "ignored_gold": 2, "predicted": 5, "matched": 4,
			"precision": 0.8, "recall": 0.8, "f1": 0.8,
			"gold_with_coords": 5, "resolution_n": 4, "unresolved": 0,
			"acc_at_161": 0.75, "median_km": lyonKm,
			"auc":              (2*ln(1+lyonKm) + ln(1+portlandKm)) / (4 * ln(20039)),
			"e2e_acc_at_161":   0.6,
			"bad_gold_offsets": 1, "pred_text_mismatches": 0,
		},
		// Gold: Calder County (bbox centre of a MultiPolygon = gold point), Birch Hollow
		// Road (no gaztag: recognition only, missed), Zürich, Lyon.
		"lgl": {
			"articles": 2, "gold": 4, "ignored_gold": 0, "predicted": 3, "matched": 3,
			"precision": 1, "recall": 0.75, "f1": 6.0 / 7,
			"gold_with_coords": 3, "resolution_n": 3, "unresolved": 0,
			"acc_at_161": 1, "median_km": 0, "auc": ln(1+lyonKm) / (3 * ln(20039)),
			"e2e_acc_at_161":   1,
			"bad_gold_offsets": 0, "pred_text_mismatches": 0,
		},
	}
	for corpus, fields := range want {
		for k, w := range fields {
			v, ok := got[corpus][k].(float64)
			if !ok || math.Abs(v-w) > 1e-6 {
				t.Errorf("%s.%s = %v, want %v", corpus, k, got[corpus][k], w)
			}
		}
	}
	for _, s := range []string{
		"gwn: skipped 1 gold toponyms",
		"gwn: 4 worst resolution errors", `"Portland"`,
		"gwn: 1 missed gold toponyms (of 1)", `"Ostrava"`,
		"gwn: 1 spurious predictions (of 1)", `"English"`,
		"lgl: 1 missed gold toponyms", `[Birch Hollow Road]`,
	} {
		if !strings.Contains(stderr.String(), s) {
			t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
		}
	}
}

func TestRunTable(t *testing.T) {
	cfg := testConfig(t, "ok")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), cfg, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("table has %d lines, want header + 2:\n%s", len(lines), stdout.String())
	}
	for i, want := range [][]string{
		{"corpus", "articles", "gold", "predicted", "P", "R", "F1", "acc@161", "median", "km", "AUC", "e2e", "acc@161"},
		{"gwn", "2", "5", "5", "0.800", "0.800", "0.800", "0.750", "1.9", "0.264", "0.600"},
		{"lgl", "2", "4", "3", "1.000", "0.750", "0.857", "1.000", "0.0", "0.036", "1.000"},
	} {
		if got := strings.Fields(lines[i]); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("line %d = %q, want %q", i, got, want)
		}
	}
}

func TestRunByteOffsetsWarn(t *testing.T) {
	cfg := testConfig(t, "bytes")
	cfg.corpora = []string{"testdata/gwn.xml"}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), cfg, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	// Kestrel Bay follows "—" and the second Lyon "é" too: byte offsets miss both.
	if !strings.Contains(stderr.String(), "2 predictions' text differs") {
		t.Errorf("no offset warning on stderr:\n%s", stderr.String())
	}
}

func TestRunFailures(t *testing.T) {
	tests := []struct {
		mode    string
		corpus  string
		wantErr []string
	}{
		{"exit", "testdata/gwn.xml", []string{"exit status 3", "fake: gazetteer not found"}},
		{"garbage", "testdata/gwn.xml", []string{"line 1 (article g1)", "malformed JSON"}},
		{"short", "testdata/lgl.xml", []string{"got 1 FeatureCollections for 2 articles"}},
		{"wrongid", "testdata/lgl.xml", []string{`id "101x", want "101"`}},
		{"ok", "testdata/missing.xml", []string{"testdata/missing.xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			cfg := testConfig(t, tt.mode)
			cfg.corpora = []string{tt.corpus}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), cfg, &stdout, &stderr)
			if err == nil {
				t.Fatalf("run succeeded, want an error; stdout:\n%s", stdout.String())
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to mention %q", err, w)
				}
			}
		})
	}
}

func TestRunMissingBinary(t *testing.T) {
	cfg := config{bin: t.TempDir() + "/no-such-incidentmap", corpora: []string{"testdata/lgl.xml"}}
	if err := run(context.Background(), cfg, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no-such-incidentmap") {
		t.Errorf("err = %v, want one naming the binary", err)
	}
}
