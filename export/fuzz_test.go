package export

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
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

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", trickyNotes, "Ālbū Kamāl", "\x00\x1f\u2028\"\\", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%q encoded as invalid JSON %s: %v", s, b, err)
		}
		if utf8.ValidString(s) && back != s {
			t.Errorf("round trip %q -> %s -> %q", s, b, back)
		}
	})
}
