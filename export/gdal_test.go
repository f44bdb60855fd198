package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// requireGDAL skips the test when GDAL's tools are missing, except on CI
// (CI=true), which installs gdal-bin and must run these tests.
func requireGDAL(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ogrinfo", "ogr2ogr"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found and CI=true: install gdal-bin", tool)
			}
			t.Skipf("%s not found (install gdal-bin)", tool)
		}
	}
}

func runGDAL(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	if strings.Contains(stderr.String(), "ERROR") || strings.Contains(stderr.String(), "Warning") {
		t.Errorf("%s %s reported: %s", name, strings.Join(args, " "), stderr.Bytes())
	}
	return string(out)
}

var epsg4326 = regexp.MustCompile(`"EPSG",\s*"?4326"?`)

// TestGDAL opens every format with GDAL: ogrinfo must find the layer, all
// six features, the CRS (GeoPackage and FlatGeobuf) and the tricky notes.
func TestGDAL(t *testing.T) {
	requireGDAL(t)
	tests := []struct {
		format Format
		layer  string   // "out" when GDAL names the layer after the file
		oo     []string // open options
		crs    bool
	}{
		{GeoJSON, "incidents", nil, false},
		{GeoJSONSeq, "out", nil, false},
		{CSV, "out", []string{"-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO"}, false},
		{KML, "incidents", nil, false},
		{GPKG, "incidents", nil, true},
		{FGB, "incidents", nil, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			path := writeFile(t, tt.format, "out", fixtures())
			summary := runGDAL(t, "ogrinfo", append(append([]string{"-ro", "-al", "-so"}, tt.oo...), path)...)
			t.Logf("ogrinfo -so:\n%s", summary)
			if !strings.Contains(summary, "Feature Count: 6\n") {
				t.Errorf("feature count is not 6")
			}
			if !strings.Contains(summary, "Layer name: "+tt.layer+"\n") {
				t.Errorf("layer name is not %q", tt.layer)
			}
			if tt.crs && !epsg4326.MatchString(summary) {
				t.Errorf("CRS is not EPSG:4326")
			}
			full := runGDAL(t, "ogrinfo", append(append([]string{"-ro", "-al"}, tt.oo...), path)...)
			if !strings.Contains(full, noteFragment) {
				t.Errorf("notes %s not in ogrinfo output:\n%s", noteFragment, full)
			}
			for _, want := range []string{"Dayr az Zawr", "Ālbū Kamāl"} {
				if !strings.Contains(full, want) {
					t.Errorf("%q not in ogrinfo output", want)
				}
			}
		})
	}
}

// TestGDALRoundTrip converts GeoPackage and FlatGeobuf back to GeoJSON with
// ogr2ogr and compares each feature's point and attributes.
func TestGDALRoundTrip(t *testing.T) {
	requireGDAL(t)
	incs := fixtures()
	// One reviewed and stored, so status and updated carry values.
	incs[0].Status, incs[0].Updated = "verified", time.Date(2024, 3, 4, 5, 6, 7, 891011000, time.UTC)
	for _, f := range []Format{GPKG, FGB} {
		t.Run(string(f), func(t *testing.T) {
			path := writeFile(t, f, "out", incs)
			args := []string{"-f", "GeoJSON", "/vsistdout/", path}
			if f == GPKG {
				args = append(args, "incidents") // the layer of every incident, at its representative point
			}
			out := runGDAL(t, "ogr2ogr", args...)
			var fc struct {
				Features []struct {
					Geometry struct {
						Type        string          `json:"type"`
						Coordinates json.RawMessage `json:"coordinates"`
					} `json:"geometry"`
					Properties map[string]any `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal([]byte(out), &fc); err != nil {
				t.Fatalf("ogr2ogr output is not GeoJSON: %v\n%s", err, out)
			}
			if len(fc.Features) != len(incs) {
				t.Fatalf("%d features, want %d", len(fc.Features), len(incs))
			}
			for i, feat := range fc.Features {
				inc := incs[i]
				// Both hold every incident at its representative point
				// in the layer GDAL opens first.
				pt, _, _ := shapesOf(inc)
				want := pt.(orb.Point)
				got, err := firstCoordinate(feat.Geometry.Coordinates)
				if err != nil {
					t.Fatalf("feature %d: %v", i, err)
				}
				if math.Abs(got[0]-want[0]) > 1e-9 || math.Abs(got[1]-want[1]) > 1e-9 {
					t.Errorf("feature %d (%s): first coordinate %v, want %v", i, feat.Geometry.Type, got, want)
				}
				p := feat.Properties
				if p["id"] != inc.ID || p["notes"] != inc.Notes || p["location"] != inc.Location {
					t.Errorf("feature %d: properties %v", i, p)
				}
				if (p["fatalities"] == nil) != (inc.Fatalities == nil) {
					t.Errorf("feature %d: fatalities %v", i, p["fatalities"])
				}
				if p["status"] != statusOf(inc) || (p["updated"] == nil) != inc.Updated.IsZero() ||
					(p["updated"] != nil && p["updated"] != updatedOf(inc)) {
					t.Errorf("feature %d: status %v, updated %v; want %q, %q", i, p["status"], p["updated"], statusOf(inc), updatedOf(inc))
				}
			}
			if testing.Verbose() && len(fc.Features) > 0 {
				t.Logf("first feature properties: %v", fc.Features[0].Properties)
			}
		})
	}
}

// firstCoordinate digs the first [x, y] out of GeoJSON coordinates nested
// at any depth.
func firstCoordinate(raw json.RawMessage) ([2]float64, error) {
	for {
		var xy [2]float64
		if err := json.Unmarshal(raw, &xy); err == nil {
			return xy, nil
		}
		var nested []json.RawMessage
		if err := json.Unmarshal(raw, &nested); err != nil || len(nested) == 0 {
			return xy, err
		}
		raw = nested[0]
	}
}

// TestGDALReadsKMLTypes: GDAL reads the KML's attributes with their types
// from its Schema, and the event date from each Placemark's TimeStamp.
func TestGDALReadsKMLTypes(t *testing.T) {
	requireGDAL(t)
	path := writeFile(t, KML, "out", fixtures())
	summary := runGDAL(t, "ogrinfo", "-ro", "-al", "-so", path)
	for _, want := range []string{"fatalities: Integer", "geo_precision: Integer", "confidence: Real", "lat: Real", "id: String", "timestamp: DateTime"} {
		if !strings.Contains(summary, want) {
			t.Errorf("ogrinfo does not read %q:\n%s", want, summary)
		}
	}
	full := runGDAL(t, "ogrinfo", "-ro", "-al", "-fid", "1", path)
	if !strings.Contains(full, "timestamp (DateTime) = 2024/02/02") {
		t.Errorf("the first placemark's TimeStamp is not 2024-02-02:\n%s", full)
	}
}

// TestGDALGeoPackageLayerTypes: each GeoPackage layer opens in GDAL with
// one definite geometry type, and together they hold every incident.
func TestGDALGeoPackageLayerTypes(t *testing.T) {
	requireGDAL(t)
	incs := fixtures()
	var lines, areas int
	for _, inc := range incs {
		_, l, a := shapesOf(inc)
		if l != nil {
			lines++
		}
		if a != nil {
			areas++
		}
	}
	path := writeFile(t, GPKG, "out", incs)
	for _, tc := range []struct {
		layer, geomType string
		n               int
	}{
		{"incidents", "Point", len(incs)},
		{"incidents_lines", "Multi Line String", lines},
		{"incidents_areas", "Multi Polygon", areas},
	} {
		summary := runGDAL(t, "ogrinfo", "-ro", "-so", path, tc.layer)
		if !strings.Contains(summary, "Geometry: "+tc.geomType+"\n") || !strings.Contains(summary, fmt.Sprintf("Feature Count: %d\n", tc.n)) {
			t.Errorf("layer %s: want %s and %d features:\n%s", tc.layer, tc.geomType, tc.n, summary)
		}
	}
}

// TestGDALFlatGeobufLayerTypes: a FlatGeobuf holds one layer of one
// geometry type, the one Options.Layer picks, and ogrinfo says which.
func TestGDALFlatGeobufLayerTypes(t *testing.T) {
	requireGDAL(t)
	incs := fixtures()
	var lines, areas int
	for _, inc := range incs {
		_, l, a := shapesOf(inc)
		if l != nil {
			lines++
		}
		if a != nil {
			areas++
		}
	}
	if lines == 0 || areas == 0 {
		t.Fatalf("fixtures with %d lines and %d areas: want some of both", lines, areas)
	}
	for _, tc := range []struct {
		layer          Layer
		name, geomType string
		n              int
	}{
		{Points, "incidents", "Point", len(incs)},
		{Lines, "incidents_lines", "Multi Line String", lines},
		{Areas, "incidents_areas", "Multi Polygon", areas},
	} {
		t.Run(tc.layer.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.fgb")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			w, err := NewWriter(FGB, f, Options{Layer: tc.layer})
			if err != nil {
				t.Fatal(err)
			}
			for _, inc := range incs {
				if err := w.Write(inc); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			summary := runGDAL(t, "ogrinfo", "-ro", "-so", "-al", path)
			for _, want := range []string{"Layer name: " + tc.name + "\n", "Geometry: " + tc.geomType + "\n", fmt.Sprintf("Feature Count: %d\n", tc.n)} {
				if !strings.Contains(summary, want) {
					t.Errorf("ogrinfo does not say %q:\n%s", strings.TrimSpace(want), summary)
				}
			}
		})
	}
}
