package main

import (
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// square is the polygon of the one-degree cell whose south-west corner is
// at (lon, lat).
func square(lon, lat float64) orb.Polygon {
	return orb.Polygon{{{lon, lat}, {lon + 1, lat}, {lon + 1, lat + 1}, {lon, lat + 1}, {lon, lat}}}
}

// A GeoNames code that names one polygon while its towns stand in others
// (a region read as one of its provinces, or a renumbered code) is
// dropped and its towns refiled by their point; a code whose few towns
// spill over a border, or most of whose towns stand where it says, holds.
func TestCheckAdmin1Codes(t *testing.T) {
	admins := []record{
		{id: "admin1:XA-N", kind: "admin1", name: "North", cc: "XA", admin1: "XA-N", geom: square(0, 1), gnA1: "XA.01",
			alts: []string{"North", "Upland Region"}, codes: []string{"geonames-admin1:XA.01", "iso3166-2:XA-N"}},
		{id: "admin1:XA-S", kind: "admin1", name: "South", cc: "XA", admin1: "XA-S", geom: square(0, 0), gnA1: "XA.02"},
		{id: "admin1:XA-E", kind: "admin1", name: "East", cc: "XA", admin1: "XA-E", geom: square(1, 0), gnA1: "XA.03"},
		{id: "admin1:XA-W", kind: "admin1", name: "West", cc: "XA", admin1: "XA-W", geom: square(-1, 0), gnA1: "XA.04"},
	}
	gnToISO := map[string]string{"XA.01": "XA-N", "XA.02": "XA-S", "XA.03": "XA-E", "XA.04": "XA-W"}
	gnNames := map[string]string{"XA.01": "Upland Region"}
	var cities []record
	town := func(gn string, lon, lat float64, admin2 string) {
		cities = append(cities, record{id: fmt.Sprintf("gn:%d", len(cities)), kind: "city", cc: "XA", lon: lon, lat: lat,
			gnA1: gn, admin1: gnToISO[gn], admin2: admin2})
	}
	// XA.01 is a region: 30 towns, all in South and East, none in North.
	for i := range 30 {
		lon := 0.1 + float64(i%15)*0.12
		town("XA.01", lon, 0.5, "XA.01.07")
	}
	town("XA.01", 0.5, 5, "")    // offshore, in no polygon: keeps the GeoNames code
	town("XA.01", 1.5, 1.05, "") // just off East's edge: filed under East
	// XA.02: 25 towns, 10 in South, 15 spilling into West (over a third inside).
	for i := range 25 {
		if i < 10 {
			town("XA.02", 0.5, 0.1+float64(i)*0.05, "")
		} else {
			town("XA.02", -0.5, 0.1+float64(i-10)*0.05, "")
		}
	}
	// XA.03: 6 towns, all in West: too few to judge.
	for i := range 6 {
		town("XA.03", -0.5, 0.2+float64(i)*0.1, "")
	}
	// XA.04: towns where it says.
	for i := range 25 {
		town("XA.04", -0.5, 0.02+float64(i)*0.03, "")
	}

	failed := checkAdmin1Codes(gnToISO, gnNames, admins, cities)
	if !slices.Equal(failed, []string{"XA.01"}) {
		t.Fatalf("failed codes %q, want [XA.01]", failed)
	}
	if _, ok := gnToISO["XA.01"]; ok {
		t.Error("XA.01 still maps to a Natural Earth division")
	}
	for _, gn := range []string{"XA.02", "XA.03", "XA.04"} {
		if _, ok := gnToISO[gn]; !ok {
			t.Errorf("%s lost its mapping", gn)
		}
	}
	count := map[string]int{}
	for _, c := range cities {
		if c.gnA1 == "XA.01" {
			count[c.admin1]++
		}
		if c.gnA1 == "XA.02" && c.admin1 != "XA-S" {
			t.Errorf("%s of XA.02 refiled to %s", c.id, c.admin1)
		}
	}
	// Towns at lon 0.1-0.94 stand in South, 1.06-1.78 in East (with the
	// one just off its edge), the one offshore in none.
	want := map[string]int{"XA-S": 16, "XA-E": 15, "XA.01": 1}
	for code, n := range want {
		if count[code] != n {
			t.Errorf("XA.01 towns filed under %s: %d, want %d (all: %v)", code, count[code], n, count)
		}
	}
	if slices.Contains(admins[0].alts, "Upland Region") {
		t.Errorf("North keeps the region's name: %q", admins[0].alts)
	}
	if slices.Contains(admins[0].codes, "geonames-admin1:XA.01") || !slices.Contains(admins[0].codes, "iso3166-2:XA-N") {
		t.Errorf("North's codes %q, want the ISO code without the failed GeoNames code", admins[0].codes)
	}

	admin2 := []record{{id: "admin2:XA.01.07", kind: "admin2", admin1: "XA.01"}, {id: "admin2:XA.04.01", kind: "admin2", admin1: "XA-W"}}
	refileAdmin2(admin2, cities, failed)
	if admin2[0].admin1 != "XA-S" || admin2[1].admin1 != "XA-W" {
		t.Errorf("districts filed under %s and %s, want XA-S (16 of its 30 towns) and XA-W (untouched)", admin2[0].admin1, admin2[1].admin1)
	}
}
