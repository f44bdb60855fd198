package main

import (
	"slices"
	"testing"
)

// The towns airports serve fill in where cities500 holds nothing near the
// airport, under a name the country does not already have.
func TestServedTowns(t *testing.T) {
	airport := func(id, kind, town string, lat, lon float64, cc string) record {
		return record{id: id, kind: kind, name: town + " Airport", lat: lat, lon: lon, cc: cc, alts: []string{"@city=" + town}}
	}
	cities := []record{
		{id: "gn:1", kind: "city", name: "Ostrava", lat: 10, lon: 10, cc: "XA", alts: []string{"Ostrau"}},
		{id: "gn:2", kind: "city", name: "Debre Markos", lat: 20, lon: 20, cc: "XA"},
	}
	airports := []record{
		airport("airport:AAAA", "airport", "Lonely Flats", 30, 30, "XA"),       // nothing near: a town
		airport("airport:AAAB", "airport", "Debre Marqos", 20.05, 20.05, "XA"), // a town 7 km away under another spelling
		airport("airport:AAAC", "airport", "Ostrau", 40, 40, "XA"),             // far from the town it is named after
		airport("airport:AAAD", "airbase", "Camp Dusty", 35, 35, "XA"),         // a base names itself
		airport("airport:AAAE", "airport", "Strip 74", 36, 36, "XA"),           // a label
		airport("airport:AAAF", "airport", "Lonely Flats", 30.01, 30.01, "XA"), // one town, two airports
		airport("airport:AAAG", "airport", "Pine Cove Intl", 37, 37, "XA"),     // a label
		airport("airport:AAAH", "airport", "Lonely Flats", 12, 12, ""),         // no country
		airport("airport:AAAI", "airport", "Lonely Flats", -30, -30, "XB"),     // the same name in another country
	}
	got := servedTowns(airports, cities)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.id+" "+r.name+" "+r.cc)
		if r.kind != "city" || r.fcode != "PPL" {
			t.Errorf("%s: kind %s fcode %s, want a city PPL", r.id, r.kind, r.fcode)
		}
	}
	want := []string{"served:AAAA Lonely Flats XA", "served:AAAI Lonely Flats XB"}
	if !slices.Equal(ids, want) {
		t.Errorf("served towns %q, want %q", ids, want)
	}
	if len(got) > 0 && (got[0].lat != 30 || got[0].lon != 30) {
		t.Errorf("Lonely Flats at %v,%v, want its airport's 30,30", got[0].lat, got[0].lon)
	}
}
