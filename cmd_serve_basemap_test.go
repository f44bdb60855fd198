package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeBasemapRefused: a --basemap that is neither a style URL nor a
// readable PMTiles v3 file stops serve at once with a usage error (exit
// 2) that says why, before any store is opened.
func TestServeBasemapRefused(t *testing.T) {
	dir := t.TempDir()
	notPM := filepath.Join(dir, "style.json")
	if err := os.WriteFile(notPM, []byte(`{"version":8,"sources":{},"layers":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ spec, want string }{
		{filepath.Join(dir, "missing.pmtiles"), "no such file"},
		{notPM, "not a PMTiles v3 archive"},
		{"https:///no-host.json", "not an absolute http(s) URL"},
		{dir, "not a regular file"},
	} {
		db := filepath.Join(dir, "never.db")
		_, _, err := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--db", db, "--basemap", tc.spec)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("serve --basemap %s: %v (exit %d), want a usage error saying %q", tc.spec, err, exitCode(err), tc.want)
		}
		if _, statErr := os.Stat(db); statErr == nil {
			t.Errorf("serve --basemap %s opened the store before refusing", tc.spec)
		}
	}
}
