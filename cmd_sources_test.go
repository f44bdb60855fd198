package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSourcesThenWatch registers a local feed with the CLI, polls it once
// with watch and finds its incident in an export.
func TestSourcesThenWatch(t *testing.T) {
	feed, err := os.ReadFile("feeds/testdata/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/wire.xml" {
			http.NotFound(w, r)
			return
		}
		w.Write(feed)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "w.db")
	if out, _, err := runCLI(t, "", "sources", "add", srv.URL+"/wire.xml", "--every", "5m", "--name", "Wire", "--db", db); err != nil ||
		!strings.Contains(out, "source 1:") {
		t.Fatalf("sources add: %q, %v", out, err)
	}
	for _, args := range [][]string{
		{"sources", "add", "ftp://example.org/feed", "--db", db},
		{"sources", "add", srv.URL + "/x", "--every", "1s", "--db", db},
		{"sources", "pause", "abc", "--db", db},
		{"sources", "frobnicate", "--db", db},
		{"sources", "list", "extra", "--db", db},
	} {
		if _, _, err := runCLI(t, "", args...); exitCode(err) != 2 {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	if _, _, err := runCLI(t, "", "sources", "remove", "7", "--db", db); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("remove of a missing source: %v", err)
	}
	// Without --allow-private-sources the local server is refused.
	if _, _, err := runCLI(t, "", "watch", "--once", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _, _ := runCLI(t, "", "sources", "list", "--json", "--db", db)
	if !strings.Contains(out, "address not allowed") {
		t.Errorf("a private source was not refused: %s", out)
	}
	// The refusal backed off; pause and resume keep it so, so add the
	// feed again under another URL of the same server.
	if _, _, err := runCLI(t, "", "sources", "pause", "1", "--db", db); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "", "sources", "add", srv.URL+"/wire.xml?again", "--db", db)
	if out, _, err := runCLI(t, "", "watch", "--once", "--allow-private-sources", "--db", db); err != nil || !strings.Contains(out, "polled 1 source") {
		t.Fatalf("watch: %q, %v", out, err)
	}
	out, _, _ = runCLI(t, "", "sources", "list", "--json", "--db", db)
	var list []struct {
		ID       int64  `json:"id"`
		State    string `json:"state"`
		TotalNew int64  `json:"total_new"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].State != "paused" || list[1].State != "ok" || list[1].TotalNew != 3 {
		t.Errorf("sources list: %s", out)
	}
	geo := filepath.Join(t.TempDir(), "out.geojson")
	if _, _, err := runCLI(t, "", "export", "--format", "geojson", "--db", db, "--out", geo); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(geo)
	if !strings.Contains(string(b), "Mogadishu") {
		t.Error("the feed's incident is not in the export")
	}
	if out, _, err := runCLI(t, "", "sources", "remove", "2", "--db", db); err != nil || !strings.Contains(out, "removed") {
		t.Errorf("remove: %q %v", out, err)
	}
}

// TestServePollsSources is the "done when": a feed added with
// `sources add`, then `serve`, and the feed's incident is on the map
// within one poll; SIGTERM stops the poller and the server cleanly.
func TestServePollsSources(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real process")
	}
	feed, err := os.ReadFile("feeds/testdata/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/wire.xml" {
			http.NotFound(w, r)
			return
		}
		w.Write(feed)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "serve.db")
	if _, _, err := runCLI(t, "", "sources", "add", srv.URL+"/wire.xml", "--name", "Wire", "--db", db); err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "serve", "--addr", addr, "--db", db, "--no-seed",
		"--allow-private-sources", "--poll-tick", "200ms")
	cmd.Env = append(os.Environ(), "INCIDENTMAP_TEST_MAIN=1")
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	var found bool
	for deadline := time.Now().Add(60 * time.Second); !found && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(base + "/incidents?q=Mogadishu")
		if err != nil {
			continue
		}
		var fc featureCollection
		json.NewDecoder(resp.Body).Decode(&fc)
		resp.Body.Close()
		found = len(fc.Features) > 0
	}
	if !found {
		t.Fatalf("the feed's incident did not reach the map:\n%s", logs)
	}
	resp, err := http.Get(base + "/sources")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Sources []struct {
			State    string `json:"state"`
			TotalNew int    `json:"total_new"`
		} `json:"sources"`
	}
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if len(list.Sources) != 1 || list.Sources[0].State != "ok" || list.Sources[0].TotalNew != 3 {
		t.Errorf("GET /sources: %+v", list)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exited with %v:\n%s", err, logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not exit after SIGTERM")
	}
}

// TestServeFollowsSitemapIndex: a source that is a sitemap index puts the
// story of a page its sitemap lists on the map, the incident citing the
// page's canonical URL and the article keeping its byline.
func TestServeFollowsSitemapIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a real process")
	}
	page, err := os.ReadFile("feeds/testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"/sitemap-index.xml": `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>/sitemap-2023-07.xml</loc><lastmod>2023-07-03</lastmod></sitemap></sitemapindex>`,
		"/sitemap-2023-07.xml": `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>/amp/convoy.html?utm_source=sitemap</loc><lastmod>2023-07-03</lastmod></url></urlset>`,
		"/amp/convoy.html": string(page),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc, ok := docs[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(doc))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "serve.db")
	if _, _, err := runCLI(t, "", "sources", "add", srv.URL+"/sitemap-index.xml", "--name", "Harbour", "--db", db); err != nil {
		t.Fatal(err)
	}
	addr := freePort(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "serve", "--addr", addr, "--db", db, "--no-seed",
		"--allow-private-sources", "--poll-tick", "200ms")
	cmd.Env = append(os.Environ(), "INCIDENTMAP_TEST_MAIN=1")
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	var fc featureCollection
	for deadline := time.Now().Add(60 * time.Second); len(fc.Features) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(base + "/incidents?q=Kismayo")
		if err != nil {
			continue
		}
		json.NewDecoder(resp.Body).Decode(&fc)
		resp.Body.Close()
	}
	if len(fc.Features) == 0 {
		t.Fatalf("the sitemap's story did not reach the map:\n%s", logs)
	}
	canonical := srv.URL + "/story/convoy-ambush.html"
	srcs, _ := fc.Features[0].Properties["sources"].([]any)
	src, _ := srcs[0].(map[string]any)
	if len(srcs) != 1 || src["url"] != canonical || src["source"] != "Harbour" {
		t.Fatalf("incident sources %v, want one citing %s", srcs, canonical)
	}
	resp, err := http.Get(base + "/articles/" + src["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	var art map[string]any
	json.NewDecoder(resp.Body).Decode(&art)
	resp.Body.Close()
	if art["canonical_url"] != canonical || art["byline"] != "Field correspondent" || art["url"] != srv.URL+"/amp/convoy.html?utm_source=sitemap" {
		t.Errorf("article: url %v, canonical_url %v, byline %v", art["url"], art["canonical_url"], art["byline"])
	}
}
