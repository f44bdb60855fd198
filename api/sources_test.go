package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/store"
)

func TestSources(t *testing.T) {
	srv := editServer(t)
	u := srv.URL + "/sources"
	tests := []struct {
		name, method, path, token, body string
		status                          int
		want                            string // in the body
	}{
		{"list empty", "GET", "", "", "", 200, `"sources":[]`},
		{"add without token", "POST", "", "", `{"url":"https://news.example/feed.xml"}`, 401, "write token"},
		{"add with a wrong token", "POST", "", "nope", `{"url":"https://news.example/feed.xml"}`, 401, "write token"},
		{"add", "POST", "", testToken, `{"url":"https://news.example/feed.xml","name":"News","interval":"30m"}`, 201, `"interval":"30m0s"`},
		{"add again", "POST", "", testToken, `{"url":"https://news.example/feed.xml"}`, 409, "registered already"},
		{"add another, default interval", "POST", "", testToken, `{"url":"http://other.example/atom"}`, 201, `"interval":"15m0s"`},
		{"bad scheme", "POST", "", testToken, `{"url":"file:///etc/passwd"}`, 400, `"param":"url"`},
		{"no url", "POST", "", testToken, `{"name":"x"}`, 400, `"param":"url"`},
		{"relative url", "POST", "", testToken, `{"url":"/feed.xml"}`, 400, `"param":"url"`},
		{"bad interval", "POST", "", testToken, `{"url":"https://a.example/f","interval":"5s"}`, 400, `"param":"interval"`},
		{"not JSON", "POST", "", testToken, `url=x`, 400, "Bad Request"},
		{"list", "GET", "", "", "", 200, `"state":"pending"`},
		{"get", "GET", "/1", "", "", 200, `"url":"https://news.example/feed.xml"`},
		{"get missing", "GET", "/99", "", "", 404, "no source 99"},
		{"get bad id", "GET", "/abc", "", "", 404, "no source"},
		{"pause", "PATCH", "/1", testToken, `{"paused":true}`, 200, `"state":"paused"`},
		{"pause without body", "PATCH", "/1", testToken, `{}`, 400, `"param":"paused"`},
		{"pause without token", "PATCH", "/1", "", `{"paused":false}`, 401, ""},
		{"resume", "PATCH", "/1", testToken, `{"paused":false}`, 200, `"paused":false`},
		{"remove without token", "DELETE", "/2", "", "", 401, ""},
		{"remove", "DELETE", "/2", testToken, "", 204, ""},
		{"remove again", "DELETE", "/2", testToken, "", 404, "no source 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hdr []string
			if tt.body != "" && tt.body[0] == '{' {
				hdr = []string{"Content-Type", "application/json"}
			}
			r := send(t, tt.method, u+tt.path, tt.token, tt.body, hdr...)
			if r.status != tt.status || !strings.Contains(r.body, tt.want) {
				t.Fatalf("%s %s: %d %s; want %d with %s", tt.method, tt.path, r.status, r.body, tt.status, tt.want)
			}
			if r.status >= 400 && r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("error as %s", r.header.Get("Content-Type"))
			}
		})
	}
}

func TestSourceHealthAndMetrics(t *testing.T) {
	testServer(t)
	st, _ := ingesttest.SeededSQLite(t, gz)
	var srcs store.Sources = st
	ctx := context.Background()
	src, err := srcs.AddSource(ctx, store.Source{URL: "https://broken.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	// A day and more of failures.
	created := src.Created
	for i := range 3 {
		at := created.Add(time.Duration(i+1) * 13 * time.Hour)
		if _, err := srcs.ClaimSources(ctx, "w", at, time.Minute, 1); err != nil {
			t.Fatal(err)
		}
		if err := srcs.RecordPoll(ctx, src.ID, "w", store.PollResult{At: at, Err: "fetch: HTTP 500 Internal Server Error", NextPoll: at}); err != nil {
			t.Fatal(err)
		}
	}
	srv := editServerOn(t, st, nil)
	r := send(t, "GET", srv.URL+"/sources", "", "")
	var list struct {
		Sources []struct {
			State     string `json:"state"`
			LastError string `json:"last_error"`
			Failures  int    `json:"consecutive_failures"`
		} `json:"sources"`
		Stale int `json:"stale"`
	}
	if err := json.Unmarshal([]byte(r.body), &list); err != nil {
		t.Fatal(err)
	}
	if list.Stale != 1 || len(list.Sources) != 1 || list.Sources[0].State != "stale" || list.Sources[0].Failures != 3 ||
		!strings.Contains(list.Sources[0].LastError, "HTTP 500") {
		t.Errorf("GET /sources = %s", r.body)
	}
	m := send(t, "GET", srv.URL+"/metrics", "", "")
	for _, want := range []string{
		`incidentmap_source_stale{source="1",url="https://broken.example/feed"} 1`,
		`incidentmap_source_consecutive_failures{source="1",url="https://broken.example/feed"} 3`,
	} {
		if m.status != http.StatusOK || !strings.Contains(m.body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
