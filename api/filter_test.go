package api

import (
	"net/url"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/query"
)

func TestFilterParameterIs400WithPosition(t *testing.T) {
	testServer(t)
	h := New(Config{Gazetteer: gz, Store: newFakeStore(), Filters: query.CQL2Filters{}}).Handler()
	rec := do(h, "GET", "/collections/incidents/items?filter="+url.QueryEscape("fatalities >= AND"), "", "", "")
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "column") {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}
