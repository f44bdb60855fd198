package main

import (
	"testing"

	"github.com/incidentmap/incidentmap/api"
)

func TestParseToken(t *testing.T) {
	tests := []struct {
		in   string
		want api.Token
	}{
		{"s3cret", api.Token{Name: "default", Secret: "s3cret"}},
		{"alice=s3cret", api.Token{Name: "alice", Secret: "s3cret"}},
		{"alice=a=b", api.Token{Name: "alice", Secret: "a=b"}},
		{"c2VjcmV0==", api.Token{Name: "default", Secret: "c2VjcmV0=="}},
		{"abc=", api.Token{Name: "default", Secret: "abc="}},
		{"a+b/c=d", api.Token{Name: "default", Secret: "a+b/c=d"}},
		{"desk.analyst-2@ngo=xyz", api.Token{Name: "desk.analyst-2@ngo", Secret: "xyz"}},
	}
	for _, tt := range tests {
		got, err := parseToken(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parseToken(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
	if _, err := parseToken("  "); err == nil {
		t.Error("an empty token was taken")
	}
	var ts tokenFlags
	for _, v := range []string{"alice=1", "bob=2", "old"} {
		if err := ts.Set(v); err != nil {
			t.Fatal(err)
		}
	}
	if err := ts.Set("alice=3"); err == nil {
		t.Error("two tokens named alice were taken")
	}
	if ts.String() != "alice,bob,default" {
		t.Errorf("tokens = %s", ts.String())
	}
}
