package jsonenc

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\r", "<b>&amp;</b>",
		"Ālbū Kamāl", "Kata’ib", "\x00\x01\x1f", "bad \xff utf8", "line\u2028sep\u2029", "emoji 🚀"} {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestAppendFloatMatchesEncodingJSON(t *testing.T) {
	for _, f := range []float64{0, 1, -1.5, 44.366123456789, 1e-7, 1e21, 123456789012345678, 0.1 + 0.2} {
		want, _ := json.Marshal(f)
		if got := AppendFloat(nil, f); string(got) != string(want) {
			t.Errorf("AppendFloat(%v) = %s, want %s", f, got, want)
		}
	}
	if got := AppendFloat(nil, math.NaN()); string(got) != "null" {
		t.Errorf("NaN = %s", got)
	}
}

func TestGeometryMatchesOrb(t *testing.T) {
	sq := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	for _, g := range []orb.Geometry{
		orb.Point{44.366123456789, 33.31}, orb.MultiPoint{{1, 2}, {3, 4}}, orb.LineString{{41, 34.5}, {42.3, 33.4}},
		orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, orb.Polygon{sq}, orb.MultiPolygon{{sq}, {sq}},
		orb.Collection{orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}}},
	} {
		want, _ := json.Marshal(geojson.NewGeometry(g))
		if got := Geometry(nil, g, -1); string(got) != string(want) {
			t.Errorf("%T: %s, want %s", g, got, want)
		}
	}
	if got := string(Geometry(nil, orb.Point{44.366123456789, -0.00000004}, 7)); got != `{"type":"Point","coordinates":[44.3661235,-0]}` && got != `{"type":"Point","coordinates":[44.3661235,0]}` {
		t.Errorf("rounded: %s", got)
	}
	if got := string(Geometry(nil, orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, -1)); !strings.HasPrefix(got, `{"type":"Polygon","coordinates":[[[0,0],`) {
		t.Errorf("bound: %s", got)
	}
	if got := string(Geometry(nil, nil, 7)); got != "null" {
		t.Errorf("nil: %s", got)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\xff\xfe", "\u2028", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	})
}
