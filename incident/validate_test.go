package incident

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestValidateGeometry(t *testing.T) {
	ring := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}
	tests := []struct {
		name string
		g    orb.Geometry
		ok   bool
	}{
		{"point", orb.Point{44, 33}, true},
		{"multipoint", orb.MultiPoint{{1, 2}}, true},
		{"line", orb.LineString{{0, 0}, {1, 1}}, true},
		{"multiline", orb.MultiLineString{{{0, 0}, {1, 1}}}, true},
		{"polygon", orb.Polygon{ring}, true},
		{"multipolygon", orb.MultiPolygon{{ring}}, true},
		{"nil", nil, false},
		{"longitude out of range", orb.Point{181, 0}, false},
		{"latitude out of range", orb.Point{0, -90.5}, false},
		{"NaN", orb.Point{math.NaN(), 0}, false},
		{"empty multipoint", orb.MultiPoint{}, false},
		{"one-point line", orb.LineString{{0, 0}}, false},
		{"empty multiline", orb.MultiLineString{}, false},
		{"empty polygon", orb.Polygon{}, false},
		{"short ring", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}, false},
		{"open ring", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, false},
		{"empty multipolygon", orb.MultiPolygon{}, false},
		{"collection", orb.Collection{orb.Point{0, 0}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateGeometry(tc.g)
			if tc.ok && err != nil {
				t.Errorf("ValidateGeometry = %v, want nil", err)
			}
			if !tc.ok && !errors.Is(err, ErrInvalid) {
				t.Errorf("ValidateGeometry = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	good := Incident{ID: "x", EventDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Geometry: orb.Point{44, 33}, Point: orb.Point{44, 33}}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid incident: %v", err)
	}
	tests := map[string]func(in *Incident){
		"no id":             func(in *Incident) { in.ID = " " },
		"no date":           func(in *Incident) { in.EventDate = time.Time{} },
		"no geometry":       func(in *Incident) { in.Geometry = nil },
		"point off the map": func(in *Incident) { in.Point = orb.Point{0, 91} },
	}
	for name, spoil := range tests {
		t.Run(name, func(t *testing.T) {
			in := good
			spoil(&in)
			if err := in.Validate(); !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate = %v, want ErrInvalid", err)
			}
		})
	}
}
