package main

import (
	"math"
	"testing"
)

func TestHaversineKm(t *testing.T) {
	// Expectations are CPython 3.11's km() on the same points. Go's sin and cos are not C's,
	// so a result may differ in its last bit or two (the scorer counts distance tests that
	// close to a radius as borderline); here within 4 ulp.
	tests := []struct {
		lat1, lon1, lat2, lon2 float64
		want                   float64
	}{
		{10, 20, 10, 20, 0},
		{10, 20, 11, 20, 111.19492664455872},
		{0, 0, 0, 180, 20015.086796020572},
		{33.5, 36.3, 33.6, 36.4, 14.474835664824587},
		{-12.25, 130.8, -12.0, 131.1, 42.85394305776213},
		{89.9, 0, -89.9, 180, 20015.086796020572},
		{33.5, 36.3, 33.5, 36.5, 18.544771694772855},
		// NaN survives sin and cos, and min(1, nan) is 1: half the circumference.
		{10, 20, math.NaN(), 20, 20015.086796020572},
	}
	for _, tt := range tests {
		got, err := haversineKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
		if err != nil || math.Abs(got-tt.want) > 4*ulp(tt.want) {
			t.Errorf("haversineKm(%v, %v, %v, %v) = %v, %v; want %v", tt.lat1, tt.lon1, tt.lat2, tt.lon2, got, err, tt.want)
		}
	}
	// Python's sin refuses infinity.
	for _, bad := range [][4]float64{{math.Inf(1), 0, 0, 0}, {0, 0, 0, math.Inf(-1)}} {
		if d, err := haversineKm(bad[0], bad[1], bad[2], bad[3]); err == nil {
			t.Errorf("haversineKm(%v) = %v, want an error", bad, d)
		}
	}
}

// ulp is the gap between x and the next float64 away from zero.
func ulp(x float64) float64 { return math.Nextafter(x, math.Inf(1)) - x }

func TestNearestKm(t *testing.T) {
	pts := []point{{lat: 11.0, lon: 20.0}, {lat: 10.5, lon: 20.0}, {lat: 12.0, lon: 20.0}}
	d, err := nearestKm(10, 20, pts)
	if want, _ := haversineKm(10, 20, 10.5, 20); err != nil || d != want {
		t.Errorf("nearestKm = %v, %v; want %v", d, err, want)
	}
	if _, err := nearestKm(10, 20, []point{{lat: "north", lon: 20.0}}); err == nil {
		t.Error("a position that is not a number must be an error")
	}
}
