package query

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

func TestParseBbox(t *testing.T) {
	tests := []struct {
		in      string
		want    orb.Bound
		wantErr string
	}{
		{"38,32,42.5,37.5", orb.Bound{Min: orb.Point{38, 32}, Max: orb.Point{42.5, 37.5}}, ""},
		{" -10 , -5 , 10 , 5 ", orb.Bound{Min: orb.Point{-10, -5}, Max: orb.Point{10, 5}}, ""},
		{"38,32,0,42.5,37.5,100", orb.Bound{Min: orb.Point{38, 32}, Max: orb.Point{42.5, 37.5}}, ""},
		{"1,2,3", orb.Bound{}, "4 numbers"},
		{"a,2,3,4", orb.Bound{}, "not a number"},
		{"NaN,2,3,4", orb.Bound{}, "not a number"},
		{"0,0,200,10", orb.Bound{}, "longitudes"},
		{"0,-95,10,10", orb.Bound{}, "latitudes"},
		{"0,10,10,5", orb.Bound{}, "greater than maxLat"},
		{"170,0,-170,10", orb.Bound{Min: orb.Point{170, 0}, Max: orb.Point{-170, 10}}, ""}, // across the antimeridian
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseBbox(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestParseDatetime(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	endOf := func(s string) time.Time { return day(s).Add(24*time.Hour - time.Nanosecond) }
	tests := []struct {
		in         string
		start, end *time.Time
		wantErr    string
	}{
		{"2021-06-27", ptr(day("2021-06-27")), ptr(endOf("2021-06-27")), ""},
		{"2021-06-27T19:44:00Z", ptr(time.Date(2021, 6, 27, 19, 44, 0, 0, time.UTC)), ptr(time.Date(2021, 6, 27, 19, 44, 0, 0, time.UTC)), ""},
		{"2021-06-01/2021-06-30", ptr(day("2021-06-01")), ptr(endOf("2021-06-30")), ""},
		{"../2021-06-30", nil, ptr(endOf("2021-06-30")), ""},
		{"2021-06-01/..", ptr(day("2021-06-01")), nil, ""},
		{"2021-06-01/", ptr(day("2021-06-01")), nil, ""},
		{"../..", nil, nil, "open at both ends"},
		{"2021-07-01/2021-06-01", nil, nil, "ends before"},
		{"June 2021", nil, nil, "neither"},
		{"", nil, nil, "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			iv, err := ParseDatetime(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !sameTime(iv.Start, tc.start) || !sameTime(iv.End, tc.end) {
				t.Fatalf("got %v..%v, want %v..%v", iv.Start, iv.End, tc.start, tc.end)
			}
		})
	}
}

func TestParseGeometry(t *testing.T) {
	for _, ok := range []string{
		"POINT(44.4 33.3)",
		"POLYGON((38 32,42 32,42 37,38 37,38 32))",
		`{"type":"Polygon","coordinates":[[[38,32],[42,32],[42,37],[38,37],[38,32]]]}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[44,33]}}`,
	} {
		if _, err := ParseGeometry(ok); err != nil {
			t.Errorf("ParseGeometry(%s): %v", ok, err)
		}
	}
	for in, want := range map[string]string{
		"POINT(500 33)": "longitude", "POLYGON((0 0,1 0,1 1))": "", `{"type":"Polygon"`: "GeoJSON",
		"CIRCLE(1 2)": "WKT", "": "empty", `{"type":"Point","coordinates":[1]}`: "",
	} {
		if _, err := ParseGeometry(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseGeometry(%q) = %v, want an error mentioning %q", in, err, want)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	c := store.Cursor{EventDate: time.Date(2021, 6, 27, 0, 0, 0, 0, time.UTC), ID: "abc|def"}
	got, err := DecodeCursor(EncodeCursor(c))
	if err != nil || !got.EventDate.Equal(c.EventDate) || got.ID != c.ID {
		t.Fatalf("round trip: %v %v", got, err)
	}
	for _, bad := range []string{"", "!!", "bm9waXBl", EncodeCursor(store.Cursor{})[:3]} {
		if _, err := DecodeCursor(bad); err == nil {
			t.Errorf("DecodeCursor(%q) accepted", bad)
		}
	}
}

func FuzzParseBbox(f *testing.F) {
	for _, s := range []string{"1,2,3,4", "-180,-90,180,90", "1e400,0,0,0", ",,,", "1,2,3,4,5,6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBbox(s)
		if err == nil && (b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1]) {
			t.Fatalf("accepted an inverted box %v from %q", b, s)
		}
	})
}

func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"2021-06-27", "../2021-01-01", "2021-06-27T19:44:00+03:00/..", "/", "..//.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := ParseDatetime(s)
		if err == nil && iv.Start != nil && iv.End != nil && iv.End.Before(*iv.Start) {
			t.Fatalf("accepted a reversed interval from %q", s)
		}
		// updated reads the same syntax: the same interval, or an error.
		up, uerr := ParseUpdated(s)
		if (err == nil) != (uerr == nil) || !sameTime(iv.Start, up.Start) || !sameTime(iv.End, up.End) {
			t.Fatalf("%q: datetime %v..%v (%v), updated %v..%v (%v)", s, iv.Start, iv.End, err, up.Start, up.End, uerr)
		}
	})
}

func FuzzParseGeometry(f *testing.F) {
	for _, s := range []string{"POINT(1 2)", `{"type":"Point","coordinates":[1,2]}`, "POLYGON((0 0,1 0,1 1,0 0))", "MULTIPOLYGON(((0 0,1 0,1 1,0 0)))", "{}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if g, err := ParseGeometry(s); err == nil && g == nil {
			t.Fatal("nil geometry without an error")
		}
	})
}

func ptr(t time.Time) *time.Time { return &t }

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
