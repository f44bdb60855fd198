package tiles

import (
	"errors"
	"testing"

	"github.com/paulmach/orb/maptile"
)

func TestParseTile(t *testing.T) {
	tests := []struct {
		name    string
		z, x, y string
		want    maptile.Tile
		err     error
	}{
		{"root", "0", "0", "0", maptile.New(0, 0, 0), nil},
		{"z6", "6", "42", "25", maptile.New(42, 25, 6), nil},
		{"max zoom corner", "16", "65535", "65535", maptile.New(65535, 65535, 16), nil},
		{"leading zeros", "06", "042", "025", maptile.New(42, 25, 6), nil},
		{"empty z", "", "0", "0", maptile.Tile{}, ErrMalformed},
		{"letters", "a", "0", "0", maptile.Tile{}, ErrMalformed},
		{"negative x", "3", "-1", "0", maptile.Tile{}, ErrMalformed},
		{"plus sign", "3", "+1", "0", maptile.Tile{}, ErrMalformed},
		{"space", "3", " 1", "0", maptile.Tile{}, ErrMalformed},
		{"float", "3", "1.0", "0", maptile.Tile{}, ErrMalformed},
		{"hex", "3", "0x1", "0", maptile.Tile{}, ErrMalformed},
		{"suffix left on", "3", "1", "2.mvt", maptile.Tile{}, ErrMalformed},
		{"zoom too deep", "17", "0", "0", maptile.Tile{}, ErrOutOfRange},
		{"x out of range", "2", "4", "0", maptile.Tile{}, ErrOutOfRange},
		{"y out of range", "2", "0", "4", maptile.Tile{}, ErrOutOfRange},
		{"huge", "99999999999999999999999", "0", "0", maptile.Tile{}, ErrOutOfRange},
		{"huge x", "3", "4294967296", "0", maptile.Tile{}, ErrOutOfRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTile(tc.z, tc.x, tc.y)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("ParseTile(%q,%q,%q) error = %v, want %v", tc.z, tc.x, tc.y, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseTile(%q,%q,%q) = %v, %v; want %v", tc.z, tc.x, tc.y, got, err, tc.want)
			}
		})
	}
}

func FuzzParseTile(f *testing.F) {
	for _, s := range [][3]string{{"0", "0", "0"}, {"16", "65535", "1"}, {"-1", "x", ""}, {"17", "1e3", "99999999999999999999"}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, z, x, y string) {
		tile, err := ParseTile(z, x, y)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if tile.Z > MaxZoom || !tile.Valid() {
			t.Fatalf("accepted invalid tile %v", tile)
		}
	})
}
