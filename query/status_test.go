package query

import (
	"errors"
	"net/url"
	"slices"
	"testing"
)

// TestStatus: the status parameter (and export's --status flag, which
// passes through Values) fills store.Query.Statuses; none leaves it nil
// (the public statuses), an unknown status is an error about status, and
// OGC items take it as a known parameter.
func TestStatus(t *testing.T) {
	for _, mode := range []Mode{Layer, OGC, Export} {
		q, err := Parser{}.Values(url.Values{"status": {"Verified, rejected,verified"}}, mode)
		if err != nil {
			t.Fatalf("mode %d: %v", mode, err)
		}
		if want := []string{"verified", "rejected"}; !slices.Equal(q.Statuses, want) {
			t.Errorf("mode %d: Statuses = %q, want %q", mode, q.Statuses, want)
		}
	}
	q, err := Parser{}.Values(url.Values{}, OGC)
	if err != nil || q.Statuses != nil {
		t.Errorf("no status: Statuses = %q, %v; want nil", q.Statuses, err)
	}
	_, err = Parser{}.Values(url.Values{"status": {"maybe"}}, Export)
	var qe *Error
	if !errors.As(err, &qe) || qe.Param != "status" {
		t.Errorf("status=maybe: %v, want an *Error about status", err)
	}
}

// TestStatusInFilter: a CQL2 filter that names status, at any depth,
// selects among every review status; one that does not leaves the public
// statuses; the status parameter still decides when both are given.
func TestStatusInFilter(t *testing.T) {
	p := Parser{Filters: CQL2Filters{}}
	for _, tt := range []struct {
		v    url.Values
		want []string
	}{
		{url.Values{"filter": {"status = 'rejected'"}}, []string{"unreviewed", "verified", "rejected"}},
		{url.Values{"filter": {"fatalities > 2 AND NOT (status IN ('verified'))"}}, []string{"unreviewed", "verified", "rejected"}},
		{url.Values{"filter": {`{"op":"=","args":[{"property":"status"},"verified"]}`}, "filter-lang": {"cql2-json"}}, []string{"unreviewed", "verified", "rejected"}},
		{url.Values{"filter": {"fatalities > 2"}}, nil},
		{url.Values{"filter": {"notes LIKE '%status%'"}}, nil},
		{url.Values{"filter": {"status = 'rejected'"}, "status": {"verified"}}, []string{"verified"}},
	} {
		q, err := p.Values(tt.v, OGC)
		if err != nil {
			t.Fatalf("%v: %v", tt.v, err)
		}
		if !slices.Equal(q.Statuses, tt.want) {
			t.Errorf("%v: Statuses = %q, want %q", tt.v, q.Statuses, tt.want)
		}
	}
}
