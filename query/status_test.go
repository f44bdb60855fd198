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
