package export

import (
	"strings"
	"testing"
)

func FuzzParseFormat(f *testing.F) {
	for _, s := range []string{"geojson", ".gpkg", "FGB", " csv ", "shp", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFormat(s)
		if err != nil {
			if !strings.Contains(err.Error(), "valid formats are") {
				t.Errorf("error %q does not list the valid formats", err)
			}
			return
		}
		if got.ContentType() == "application/octet-stream" || got.Extension() == "" {
			t.Errorf("ParseFormat(%q) = %q, not a known format", s, got)
		}
	})
}
