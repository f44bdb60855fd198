package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExportUpdated: export --updated keeps the incidents whose updated
// time is the instant or lies in the interval given, with --updated_since
// and the other filters, and a reversed or malformed value is a usage
// error naming --updated.
func TestExportUpdated(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	arts := []string{
		`{"id":"k1","title":"Strike","body":"A missile struck the railway station in Kramatorsk on Friday, killing 50 people.","published":"2022-04-08"}`,
		`{"id":"m1","title":"Bomb","body":"A truck bomb exploded in Mogadishu on Saturday, killing 20 people.","published":"2017-10-14"}`,
	}
	for i, a := range arts {
		if i > 0 {
			time.Sleep(2 * time.Millisecond) // a later updated time
		}
		f := filepath.Join(dir, "a.json")
		os.WriteFile(f, []byte(a), 0o644)
		if _, stderr, err := runCLI(t, "", "ingest", "--db", db, f); err != nil {
			t.Fatalf("ingest: %v %s", err, stderr)
		}
	}
	out := filepath.Join(dir, "out.geojson")
	export := func(args ...string) (locations []string, updated []string) {
		t.Helper()
		if _, stderr, err := runCLI(t, "", append([]string{"export", "--db", db, "--out", out}, args...)...); err != nil {
			t.Fatalf("export %v: %v %s", args, err, stderr)
		}
		var fc featureCollection
		b, _ := os.ReadFile(out)
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("export %v: %v", args, err)
		}
		for _, f := range fc.Features {
			locations = append(locations, f.Properties["location"].(string))
			updated = append(updated, f.Properties["updated"].(string))
		}
		return locations, updated
	}
	locs, upd := export()
	if len(locs) != 2 || locs[0] != "Kramatorsk" || locs[1] != "Mogadishu" || upd[0] >= upd[1] {
		t.Fatalf("every incident: %v updated %v", locs, upd)
	}
	kram, moga := upd[0], upd[1]
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--updated", kram}, "Kramatorsk"},
		{[]string{"--updated", moga + "/.."}, "Mogadishu"},
		{[]string{"--updated", kram + "/" + moga, "--updated_since", kram}, "Mogadishu"},
		{[]string{"--updated", "../" + moga, "--region", "Ukraine"}, "Kramatorsk"},
	} {
		if got, _ := export(tt.args...); strings.Join(got, " ") != tt.want {
			t.Errorf("export %v = %v, want %q", tt.args, got, tt.want)
		}
	}
	// Each run loads the gazetteer: the query package's tests try more
	// values than these.
	for _, bad := range []string{moga + "/" + kram, "yesterday"} {
		_, _, err := runCLI(t, "", "export", "--db", db, "--out", out, "--updated", bad)
		if err == nil || !strings.Contains(err.Error(), "--updated: ") || exitCode(err) != 2 {
			t.Errorf("--updated %s: %v (exit %d), want a usage error about --updated", bad, err, exitCode(err))
		}
	}
}
