package query

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseUpdated(t *testing.T) {
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return ptr(v.UTC())
	}
	tests := []struct {
		in         string
		start, end *time.Time
		wantErr    string
	}{
		// An instant is itself, to the nanosecond: an updated time as a
		// Feature carries it matches that change only.
		{"2026-12-05T14:03:07.123456Z", at("2026-12-05T14:03:07.123456Z"), at("2026-12-05T14:03:07.123456Z"), ""},
		{"2026-12-05T17:03:07.123456+03:00", at("2026-12-05T14:03:07.123456Z"), at("2026-12-05T14:03:07.123456Z"), ""},
		{" 2026-12-05T14:03:07Z ", at("2026-12-05T14:03:07Z"), at("2026-12-05T14:03:07Z"), ""},
		{"2026-12-05T00:00:00Z/2026-12-06T00:00:00Z", at("2026-12-05T00:00:00Z"), at("2026-12-06T00:00:00Z"), ""},
		{"2026-12-05T00:00:00Z/2026-12-05T00:00:00Z", at("2026-12-05T00:00:00Z"), at("2026-12-05T00:00:00Z"), ""},
		{"../2026-12-06T00:00:00Z", nil, at("2026-12-06T00:00:00Z"), ""},
		{"2026-12-05T00:00:00Z/..", at("2026-12-05T00:00:00Z"), nil, ""},
		{"2026-12-05T00:00:00Z/", at("2026-12-05T00:00:00Z"), nil, ""},
		// A date is its whole UTC day, as in datetime.
		{"2026-12-05", at("2026-12-05T00:00:00Z"), at("2026-12-05T23:59:59.999999999Z"), ""},
		{"2026-12-04/2026-12-05", at("2026-12-04T00:00:00Z"), at("2026-12-05T23:59:59.999999999Z"), ""},
		{"2026-12-06T00:00:00Z/2026-12-05T00:00:00Z", nil, nil, `updated interval "2026-12-06T00:00:00Z/2026-12-05T00:00:00Z" ends before it starts`},
		{"2026-12-05T00:00:00.000001Z/2026-12-05T00:00:00Z", nil, nil, "ends before it starts"},
		{"../..", nil, nil, "updated interval \"../..\" is open at both ends"},
		{"/", nil, nil, "open at both ends"},
		{"yesterday", nil, nil, `updated "yesterday" is neither an RFC 3339 timestamp`},
		{"2026-12-05T14:03:07", nil, nil, "neither"},
		{"2026-13-01T00:00:00Z/..", nil, nil, "neither"},
		{"2026-12-05T00:00:00Z/2026-12-06T00:00:00Z/..", nil, nil, "neither"},
		{"  ", nil, nil, "updated is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			iv, err := ParseUpdated(tc.in)
			if tc.wantErr != "" {
				var qe *Error
				if !errors.As(err, &qe) || qe.Param != "updated" || !strings.Contains(qe.Detail, tc.wantErr) {
					t.Fatalf("err = %v, want an *Error about updated saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !sameTime(iv.Start, tc.start) || !sameTime(iv.End, tc.end) {
				t.Fatalf("got %v..%v, want %v..%v", iv.Start, iv.End, tc.start, tc.end)
			}
		})
	}
}

// TestUpdatedParam: every mode takes updated (OGC items list it among
// their known parameters) into UpdatedFrom/UpdatedTo, beside updated_since
// and the other filters, and a bad value is an *Error about updated.
func TestUpdatedParam(t *testing.T) {
	from := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	since := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for _, mode := range []Mode{Layer, OGC, Export} {
		q, err := Parser{}.Values(url.Values{
			"updated":       {"2026-12-05T00:00:00Z/2026-12-06T00:00:00Z"},
			"updated_since": {"2026-12-05T12:00:00Z"},
			"status":        {"rejected"},
			"datetime":      {"2024-01-01/.."},
		}, mode)
		if err != nil {
			t.Fatalf("mode %d: %v", mode, err)
		}
		if !sameTime(q.UpdatedFrom, &from) || !sameTime(q.UpdatedTo, &to) || !sameTime(q.UpdatedSince, &since) {
			t.Errorf("mode %d: updated %v..%v since %v", mode, q.UpdatedFrom, q.UpdatedTo, q.UpdatedSince)
		}
		if q.From == nil || q.To != nil || len(q.Statuses) != 1 {
			t.Errorf("mode %d: the other filters were lost: %+v", mode, q)
		}
	}
	q, err := Parser{}.Values(url.Values{"updated": {"../2026-12-06T00:00:00Z"}}, OGC)
	if err != nil || q.UpdatedFrom != nil || !sameTime(q.UpdatedTo, &to) {
		t.Errorf("open start: %v..%v, %v", q.UpdatedFrom, q.UpdatedTo, err)
	}
	q, err = Parser{}.Values(url.Values{}, OGC)
	if err != nil || q.UpdatedFrom != nil || q.UpdatedTo != nil {
		t.Errorf("no updated: %v..%v, %v", q.UpdatedFrom, q.UpdatedTo, err)
	}
	for _, bad := range []string{"2026-12-06T00:00:00Z/2026-12-05T00:00:00Z", "yesterday", "../..", "2026-12-05T00:00:00"} {
		for _, mode := range []Mode{Layer, OGC, Export} {
			_, err := Parser{}.Values(url.Values{"updated": {bad}}, mode)
			var qe *Error
			if !errors.As(err, &qe) || qe.Param != "updated" {
				t.Errorf("mode %d, updated=%s: %v, want an *Error about updated", mode, bad, err)
			}
		}
	}
	// Given twice with different values, it is refused like any parameter.
	_, err = Parser{}.Values(url.Values{"updated": {"2026-12-05", "2026-12-06"}}, Layer)
	var qe *Error
	if !errors.As(err, &qe) || qe.Param != "updated" {
		t.Errorf("updated twice: %v", err)
	}
}

// FuzzParseUpdated: whatever the updated parameter holds, ParseUpdated
// answers an interval that is not reversed and not open at both ends, or
// an *Error about updated.
func FuzzParseUpdated(f *testing.F) {
	for _, s := range []string{"2026-12-05T14:03:07.123456Z", "../2026-12-06T00:00:00Z", "2026-12-05T00:00:00+03:00/..",
		"2026-12-06T00:00:00Z/2026-12-05T00:00:00Z", "2026-12-05", "/", "..//..", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := ParseUpdated(s)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) || qe.Param != "updated" {
				t.Fatalf("ParseUpdated(%q): %v is not an *Error about updated", s, err)
			}
			return
		}
		if iv.Start == nil && iv.End == nil {
			t.Fatalf("accepted an interval open at both ends from %q", s)
		}
		if iv.Start != nil && iv.End != nil && iv.End.Before(*iv.Start) {
			t.Fatalf("accepted a reversed interval from %q", s)
		}
	})
}
