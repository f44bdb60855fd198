package export

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// writeFile writes incs in format f to a file in a test temp dir and
// returns its path.
func writeFile(t testing.TB, f Format, name string, incs []*incident.Incident) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name+"."+f.Extension())
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	w, err := NewWriter(f, out, Options{TempDir: dir})
	if err != nil {
		t.Fatalf("NewWriter(%s): %v", f, err)
	}
	for _, inc := range incs {
		if err := w.Write(inc); err != nil {
			t.Fatalf("Write(%s): %v", inc.ID, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close = %v, want ErrClosed", err)
	}
	if err := w.Write(incs[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
	return path
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"geojson", GeoJSON}, {".json", GeoJSON}, {"GeoJSON", GeoJSON},
		{"geojsonseq", GeoJSONSeq}, {".geojsons", GeoJSONSeq},
		{"csv", CSV}, {".CSV", CSV}, {"kml", KML},
		{"gpkg", GPKG}, {".gpkg", GPKG}, {"geopackage", GPKG},
		{"fgb", FGB}, {"flatgeobuf", FGB},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormat(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	_, err := ParseFormat("shp")
	if err == nil || !strings.Contains(err.Error(), "geojson, geojsonseq, csv, kml, gpkg, fgb") {
		t.Errorf("ParseFormat(shp) error = %v, want one listing the valid formats", err)
	}
	if _, err := NewWriter("shp", io.Discard, Options{}); err == nil {
		t.Error("NewWriter(shp) did not fail")
	}
}

func TestFormatMetadata(t *testing.T) {
	want := map[Format][2]string{
		GeoJSON:    {"application/geo+json", "geojson"},
		GeoJSONSeq: {"application/geo+json-seq", "geojsons"},
		CSV:        {"text/csv", "csv"},
		KML:        {"application/vnd.google-earth.kml+xml", "kml"},
		GPKG:       {"application/geopackage+sqlite3", "gpkg"},
		FGB:        {"application/flatgeobuf", "fgb"},
	}
	for _, f := range Formats() {
		if got := [2]string{f.ContentType(), f.Extension()}; got != want[f] {
			t.Errorf("%s: content type, extension = %q, want %q", f, got, want[f])
		}
		if back, err := ParseFormat(f.Extension()); err != nil || back != f {
			t.Errorf("ParseFormat(%s.Extension()) = %q, %v", f, back, err)
		}
	}
}

// geojsonFeature is what the tests read back from GeoJSON.
type geojsonFeature struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

var tooManyDecimals = regexp.MustCompile(`\.\d{8,}`)

func checkFeatures(t *testing.T, feats []geojsonFeature) {
	t.Helper()
	incs := fixtures()
	if len(feats) != len(incs) {
		t.Fatalf("%d features, want %d", len(feats), len(incs))
	}
	wantTypes := []string{"Point", "LineString", "MultiLineString", "Polygon", "Point", "MultiPolygon"}
	for i, f := range feats {
		inc := incs[i]
		if f.Type != "Feature" || f.ID != inc.ID || f.Geometry.Type != wantTypes[i] {
			t.Errorf("feature %d: type %q id %q geometry %q", i, f.Type, f.ID, f.Geometry.Type)
		}
		if tooManyDecimals.Match(f.Geometry.Coordinates) {
			t.Errorf("feature %d: more than 7 decimals in %s", i, f.Geometry.Coordinates)
		}
		p := f.Properties
		for _, k := range []string{"id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
			"assoc_actors", "location", "place_id", "country_code", "admin1", "geo_precision", "fatalities", "injuries",
			"notes", "sources", "confidence", "lat", "lon"} {
			if _, ok := p[k]; !ok {
				t.Errorf("feature %d: no property %q", i, k)
			}
		}
		if p["event_date"] != inc.EventDate.Format("2006-01-02") || p["notes"] != inc.Notes || p["location"] != inc.Location {
			t.Errorf("feature %d: event_date %v notes %q location %q", i, p["event_date"], p["notes"], p["location"])
		}
		if inc.Fatalities == nil && p["fatalities"] != nil {
			t.Errorf("feature %d: fatalities = %v, want null", i, p["fatalities"])
		}
		if inc.Fatalities != nil && p["fatalities"] != float64(*inc.Fatalities) {
			t.Errorf("feature %d: fatalities = %v, want %d", i, p["fatalities"], *inc.Fatalities)
		}
		if srcs, ok := p["sources"].([]any); !ok || len(srcs) != len(inc.Sources) {
			t.Errorf("feature %d: sources = %v", i, p["sources"])
		}
		if lat := p["lat"].(float64); math.Abs(lat-inc.Point.Lat()) > 1e-7 {
			t.Errorf("feature %d: lat %v, want %v", i, lat, inc.Point.Lat())
		}
	}
	var first [2]float64
	if err := json.Unmarshal(feats[0].Geometry.Coordinates, &first); err != nil || first != [2]float64{40.1419012, 35.3359099} {
		t.Errorf("first point %v (%v), want rounded to 7 decimals", first, err)
	}
}

func TestGeoJSON(t *testing.T) {
	data, err := os.ReadFile(writeFile(t, GeoJSON, "incidents", fixtures()))
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string           `json:"type"`
		Name     string           `json:"name"`
		Features []geojsonFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	if fc.Type != "FeatureCollection" || fc.Name != "incidents" {
		t.Errorf("type %q name %q", fc.Type, fc.Name)
	}
	checkFeatures(t, fc.Features)
}

func TestGeoJSONEmpty(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := NewWriter(f, &buf, Options{TempDir: t.TempDir(), LayerName: "empty"})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if f == GeoJSON {
				var fc map[string]any
				if err := json.Unmarshal(buf.Bytes(), &fc); err != nil || fc["name"] != "empty" {
					t.Errorf("empty collection %s: %v", buf.Bytes(), err)
				}
			}
		})
	}
}

func TestGeoJSONSeq(t *testing.T) {
	data, err := os.ReadFile(writeFile(t, GeoJSONSeq, "incidents", fixtures()))
	if err != nil {
		t.Fatal(err)
	}
	texts := strings.Split(string(data), "\x1e")
	if texts[0] != "" {
		t.Fatalf("sequence does not start with RS: %q", texts[0])
	}
	var feats []geojsonFeature
	for _, text := range texts[1:] {
		if !strings.HasSuffix(text, "\n") || strings.Count(text, "\n") != 1 {
			t.Errorf("text not one LF-terminated line: %q", text)
		}
		var f geojsonFeature
		if err := json.Unmarshal([]byte(text), &f); err != nil {
			t.Fatalf("%v: %q", err, text)
		}
		feats = append(feats, f)
	}
	checkFeatures(t, feats)
}

func TestCSV(t *testing.T) {
	f, err := os.Open(writeFile(t, CSV, "incidents", fixtures()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	incs := fixtures()
	if len(rows) != len(incs)+1 {
		t.Fatalf("%d rows, want header + %d", len(rows), len(incs))
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	wantWKT := []string{
		"POINT(40.1419012 35.3359099)",
		"LINESTRING(41 34.2,40.95 34.45,41.2 34.9)",
		"MULTILINESTRING((40.1 35.3,40.2 35.25),(40.5 35,40.6 34.9,40.7 34.85))",
		"POLYGON((39 32,44 32,44 35,39 35,39 32),(41 33,41.5 33,41.5 33.5,41 33))",
		"POINT(40.9172 34.4525)",
		"MULTIPOLYGON(((43 36,43.2 36,43.2 36.2,43 36)),((44 36.5,44.3 36.5,44.3 36.8,44 36.5)))",
	}
	for i, inc := range incs {
		r := rows[i+1]
		get := func(name string) string {
			j, ok := col[name]
			if !ok {
				t.Fatalf("no column %q in %v", name, rows[0])
			}
			return r[j]
		}
		if get("event_id_cnty") != inc.ID || get("notes") != inc.Notes || get("location") != inc.Location ||
			get("geometry_wkt") != wantWKT[i] || get("year") != "2024" || get("country_code") != inc.CountryCode {
			t.Errorf("row %d: %q", i, r)
		}
		// wkt is one geometry type for every row: the representative point.
		p, _, _ := shapesOf(inc)
		if want := string(appendWKT(nil, p)); get("wkt") != want || !strings.HasPrefix(want, "POINT(") {
			t.Errorf("row %d: wkt %q, want %q", i, get("wkt"), want)
		}
		if inc.Fatalities == nil && get("fatalities") != "" {
			t.Errorf("row %d: fatalities %q, want empty", i, get("fatalities"))
		}
		wantISO, wantCountry := map[string][2]string{"SY": {"760", "Syria"}, "IQ": {"368", "Iraq"}}[inc.CountryCode][0], map[string]string{"SY": "Syria", "IQ": "Iraq"}[inc.CountryCode]
		if get("iso") != wantISO || get("country") != wantCountry {
			t.Errorf("row %d: iso %q country %q, want %q %q", i, get("iso"), get("country"), wantISO, wantCountry)
		}
	}
	if got := rows[1][col["assoc_actor_1"]]; got != "Coalition; Ally" {
		t.Errorf("assoc_actor_1 = %q", got)
	}
	if got := rows[1][col["timestamp"]]; got != "1706949000" {
		t.Errorf("timestamp = %q", got)
	}
}

// kmlDoc is what the tests read back from KML.
type kmlDoc struct {
	XMLName  xml.Name `xml:"http://www.opengis.net/kml/2.2 kml"`
	Document struct {
		Name   string `xml:"name"`
		Folder struct {
			Name       string `xml:"name"`
			Placemarks []struct {
				Name        string `xml:"name"`
				Description string `xml:"description"`
				When        string `xml:"TimeStamp>when"`
				Data        []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:",chardata"`
				} `xml:"ExtendedData>SchemaData>SimpleData"`
				Point *struct {
					Coordinates string `xml:"coordinates"`
				} `xml:"Point"`
				LineString *struct {
					Coordinates string `xml:"coordinates"`
				} `xml:"LineString"`
				Polygon *struct {
					Outer string `xml:"outerBoundaryIs>LinearRing>coordinates"`
				} `xml:"Polygon"`
				MultiGeometry *struct {
					LineStrings []struct{} `xml:"LineString"`
					Polygons    []struct{} `xml:"Polygon"`
				} `xml:"MultiGeometry"`
			} `xml:"Placemark"`
		} `xml:"Folder"`
	} `xml:"Document"`
}

func TestKML(t *testing.T) {
	data, err := os.ReadFile(writeFile(t, KML, "incidents", fixtures()))
	if err != nil {
		t.Fatal(err)
	}
	var doc kmlDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not KML: %v\n%s", err, data)
	}
	if doc.Document.Name != "incidents" || doc.Document.Folder.Name != "incidents" {
		t.Errorf("document %q folder %q", doc.Document.Name, doc.Document.Folder.Name)
	}
	pms := doc.Document.Folder.Placemarks
	incs := fixtures()
	if len(pms) != len(incs) {
		t.Fatalf("%d placemarks, want %d", len(pms), len(incs))
	}
	if pms[0].Name != "Explosions/Remote violence, Dayr az Zawr, 2024-02-02" {
		t.Errorf("name %q", pms[0].Name)
	}
	for i, pm := range pms {
		if pm.Description != incs[i].Notes {
			t.Errorf("placemark %d: description %q, want %q", i, pm.Description, incs[i].Notes)
		}
		data := map[string]string{}
		for _, d := range pm.Data {
			data[d.Name] = d.Value
		}
		if data["id"] != incs[i].ID || data["notes"] != incs[i].Notes || data["location"] != incs[i].Location {
			t.Errorf("placemark %d: data %v", i, data)
		}
		if _, ok := data["fatalities"]; ok != (incs[i].Fatalities != nil) {
			t.Errorf("placemark %d: fatalities %q present %v", i, data["fatalities"], ok)
		}
		if want := incs[i].EventDate.UTC().Format(time.RFC3339); !incs[i].EventDate.IsZero() && pm.When != want {
			t.Errorf("placemark %d: TimeStamp %q, want %q", i, pm.When, want)
		}
	}
	if pms[0].Point == nil || pms[0].Point.Coordinates != "40.1419012,35.3359099" {
		t.Errorf("point %+v", pms[0].Point)
	}
	if pms[1].LineString == nil || pms[3].Polygon == nil || pms[4].Point == nil {
		t.Error("wrong geometry element for line, polygon or point")
	}
	if g := pms[2].MultiGeometry; g == nil || len(g.LineStrings) != 2 {
		t.Errorf("multilinestring as %+v", g)
	}
	if g := pms[5].MultiGeometry; g == nil || len(g.Polygons) != 2 {
		t.Errorf("multipolygon as %+v", g)
	}
}

// Over 100 lines on purpose: a list of checks on one written GeoPackage, each a query against its tables.
func TestGPKG(t *testing.T) {
	path := writeFile(t, GPKG, "incidents", fixtures())
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "incidents-*.gpkg*")); len(left) > 0 {
		t.Errorf("temp files left: %v", left)
	}
	db, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	one := func(q string, dst ...any) {
		t.Helper()
		if err := db.QueryRow(q).Scan(dst...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var appID, userVersion, n int
	one("PRAGMA application_id", &appID)
	one("PRAGMA user_version", &userVersion)
	if appID != 0x47504B47 || userVersion != 10300 {
		t.Errorf("application_id %#x user_version %d", appID, userVersion)
	}
	one("SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, 4326)", &n)
	if n != 3 {
		t.Errorf("%d of the mandatory spatial reference systems", n)
	}
	// Three tables of one geometry type each: every incident at its
	// representative point, then the lines and the areas.
	incs := fixtures()
	for _, tc := range []struct {
		table, geomType string
		geom            func(*incident.Incident) orb.Geometry
	}{
		{"incidents", "POINT", func(inc *incident.Incident) orb.Geometry { p, _, _ := shapesOf(inc); return p }},
		{"incidents_lines", "MULTILINESTRING", func(inc *incident.Incident) orb.Geometry { _, l, _ := shapesOf(inc); return l }},
		{"incidents_areas", "MULTIPOLYGON", func(inc *incident.Incident) orb.Geometry { _, _, a := shapesOf(inc); return a }},
	} {
		t.Run(tc.table, func(t *testing.T) {
			var want []*incident.Incident
			var bb orb.Bound
			for _, inc := range incs {
				if g := tc.geom(inc); g != nil {
					if len(want) == 0 {
						bb = g.Bound()
					}
					want = append(want, inc)
					bb = bb.Union(g.Bound())
				}
			}
			if len(want) == 0 || (tc.table == "incidents" && len(want) != len(incs)) {
				t.Fatalf("the fixtures have %d incidents for %s", len(want), tc.table)
			}
			var dataType string
			var srs int
			var minX, minY, maxX, maxY float64
			one("SELECT data_type, srs_id, min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = '"+tc.table+"'", &dataType, &srs, &minX, &minY, &maxX, &maxY)
			if dataType != "features" || srs != 4326 || [4]float64{minX, minY, maxX, maxY} != [4]float64{bb.Min[0], bb.Min[1], bb.Max[0], bb.Max[1]} {
				t.Errorf("contents: %s %d bbox %v, want %v", dataType, srs, [4]float64{minX, minY, maxX, maxY}, bb)
			}
			var geomType string
			one("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = '"+tc.table+"' AND column_name = 'geom'", &geomType, &srs)
			if geomType != tc.geomType || srs != 4326 {
				t.Errorf("geometry column %s %d", geomType, srs)
			}
			var n int
			one("SELECT count(*) FROM rtree_"+tc.table+"_geom", &n)
			if n != len(want) {
				t.Errorf("rtree has %d entries, want %d", n, len(want))
			}
			one("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_"+tc.table+"_geom_%'", &n)
			if n != 6 {
				t.Errorf("%d rtree triggers", n)
			}
			rows, err := db.Query("SELECT id, geom, notes, fatalities, CAST(event_date AS TEXT) FROM " + tc.table + " ORDER BY fid")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			i := 0
			for ; rows.Next(); i++ {
				var id, notes, eventDate string
				var blob []byte
				var fatalities sql.NullInt64
				if err := rows.Scan(&id, &blob, &notes, &fatalities, &eventDate); err != nil {
					t.Fatal(err)
				}
				inc := want[i]
				if id != inc.ID || notes != inc.Notes || fatalities.Valid != (inc.Fatalities != nil) || eventDate != inc.EventDate.Format("2006-01-02") {
					t.Errorf("row %d: %s %q %v %s", i, id, notes, fatalities, eventDate)
				}
				if string(blob[:3]) != "GP\x00" || blob[3] != 0x03 || binary.LittleEndian.Uint32(blob[4:]) != 4326 {
					t.Fatalf("row %d: bad GeoPackage header % x", i, blob[:8])
				}
				geom, err := wkb.Unmarshal(blob[40:])
				if err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				if wg := tc.geom(inc); !orb.Equal(geom, wg) {
					t.Errorf("row %d: geometry %v, want %v", i, geom, wg)
				}
				b := geom.Bound()
				env := [4]float64{}
				for k := range env {
					env[k] = math.Float64frombits(binary.LittleEndian.Uint64(blob[8+8*k:]))
				}
				if env != [4]float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
					t.Errorf("row %d: envelope %v, want %v", i, env, b)
				}
			}
			if i != len(want) {
				t.Errorf("%d rows, want %d", i, len(want))
			}
		})
	}
}

func TestFGB(t *testing.T) {
	data, err := os.ReadFile(writeFile(t, FGB, "incidents", fixtures()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data[:8], fgbMagic[:]) {
		t.Fatalf("magic % x", data[:8])
	}
	// Walk the size-prefixed header and features.
	off, n := 8, -1
	for off < len(data) {
		size := int(binary.LittleEndian.Uint32(data[off:]))
		off += 4 + size
		n++
	}
	if off != len(data) || n != 6 {
		t.Errorf("header + %d features ending at %d of %d bytes", n, off, len(data))
	}
}
