package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestCircle(t *testing.T) {
	tests := []struct {
		name       string
		center     orb.Point
		km         float64
		segments   int
		wantPoints int
	}{
		{"20 km around Erbil", orb.Point{44.009, 36.191}, 20, 64, 65},
		{"default segments", orb.Point{0, 0}, 100, 0, 33},
		{"too few segments", orb.Point{10, 60}, 5, 4, 33},
		{"across the antimeridian", orb.Point{179.9, -17}, 50, 16, 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Circle(tt.center, tt.km, tt.segments)
			if len(p) != 1 {
				t.Fatalf("got %d rings, want 1", len(p))
			}
			r := p[0]
			if len(r) != tt.wantPoints {
				t.Errorf("got %d points, want %d", len(r), tt.wantPoints)
			}
			if !r.Closed() {
				t.Errorf("ring not closed")
			}
			if r.Orientation() != orb.CCW {
				t.Errorf("ring not counter-clockwise")
			}
			for i, v := range r {
				if d := DistanceKm(tt.center, v); math.Abs(d-tt.km) > 1e-6 {
					t.Errorf("vertex %d at %.6f km, want %v", i, d, tt.km)
				}
			}
			if !Contains(p, tt.center) {
				t.Errorf("circle does not contain its centre")
			}
		})
	}
}
