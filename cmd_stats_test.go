package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStatsCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	art := filepath.Join(dir, "a.json")
	os.WriteFile(art, []byte(`{"id":"k1","title":"Strike","body":"A missile struck the railway station in Kramatorsk on Friday, killing 50 people.","published":"2022-04-08"}`), 0o644)
	if _, _, err := runCLI(t, "", "ingest", "--db", db, art); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "", "stats", "--db", db, "--group", "country", "--interval", "month", "--f", "csv")
	if want := "country_code,period_start,period_end,incidents,fatalities\nUA,2022-04-01,2022-04-30,1,50\n"; err != nil || out != want {
		t.Errorf("stats --f csv: %v\n%s\nwant\n%s", err, out, want)
	}
	out, _, err = runCLI(t, "", "stats", "--db", db, "--region", "Iraq")
	if err != nil || !strings.Contains(out, `"total":{"incidents":0,"fatalities":0}`) {
		t.Errorf("stats --region Iraq: %v %s", err, out)
	}
	for _, tc := range []struct{ args []string }{
		{[]string{"stats", "--db", db, "--group", "admin2"}},
		{[]string{"stats", "--db", db, "--baseline", "P28D"}},
	} {
		if _, _, err := runCLI(t, "", tc.args...); err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), tc.args[3]) {
			t.Errorf("%v: err %v, want a usage error naming %s", tc.args, err, tc.args[3])
		}
	}
}
