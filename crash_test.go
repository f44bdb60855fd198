package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
)

// TestMain lets the test binary stand in for the incidentmap binary: with
// INCIDENTMAP_TEST_MAIN set it runs main() with the arguments after "--",
// so the crash tests can start and kill real serve processes.
func TestMain(m *testing.M) {
	if os.Getenv("INCIDENTMAP_TEST_MAIN") == "1" {
		for i, a := range os.Args {
			if a == "--" {
				os.Args = append([]string{"incidentmap"}, os.Args[i+1:]...)
				break
			}
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type serveProc struct {
	cmd  *exec.Cmd
	base string
	logs *bytes.Buffer
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe runs `incidentmap serve` as its own process on a SQLite file.
func startServe(t *testing.T, db, addr string) *serveProc {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "serve", "--addr", addr, "--db", db, "--no-seed")
	cmd.Env = append(os.Environ(), "INCIDENTMAP_TEST_MAIN=1", "INCIDENTMAP_TOKEN=crash-token")
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, base: "http://" + addr, logs: logs}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 300; i++ {
		if resp, err := http.Get(p.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("serve did not come up:\n%s", logs)
	return nil
}

var crashCities = []string{"Mosul", "Kirkuk", "Erbil", "Basra", "Aleppo", "Idlib", "Homs", "Raqqa", "Kharkiv", "Donetsk",
	"Mogadishu", "Kandahar", "Herat", "Sanaa", "Aden", "Maiduguri", "Goma", "Tripoli", "Benghazi", "Gao"}

// crashBatch builds n distinct articles as JSON Lines.
func crashBatch(n int) ([]incident.Article, string) {
	var arts []incident.Article
	var sb strings.Builder
	day := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		pub := day.AddDate(0, 0, i)
		a := incident.Article{
			ID:        fmt.Sprintf("crash-%04d", i),
			Title:     "Attack in " + crashCities[i%len(crashCities)],
			Body:      fmt.Sprintf("A rocket attack hit %s on %s, killing %d people. Officials said the attack was the worst this year.", crashCities[i%len(crashCities)], pub.Weekday(), i%7+1),
			Published: pub,
		}
		arts = append(arts, a)
		b, _ := json.Marshal(map[string]any{"id": a.ID, "title": a.Title, "body": a.Body, "published": pub.Format("2006-01-02")})
		sb.Write(b)
		sb.WriteByte('\n')
	}
	return arts, sb.String()
}

func postBatch(base, body string) (*http.Response, error) {
	req, _ := http.NewRequest("POST", base+"/articles", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer crash-token")
	req.Header.Set("Content-Type", "application/x-ndjson")
	return http.DefaultClient.Do(req)
}

// TestCrashMidBatchLosesNothing kills serve with SIGKILL in the middle of a
// large batch ingest, restarts it, and checks every article is stored whole
// or not at all; re-sending the batch completes it with no duplicates.
func TestCrashMidBatchLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes")
	}
	g, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	arts, batch := crashBatch(400)
	want := map[string]int{} // article -> incidents it yields
	wantIDs := map[string]bool{}
	for _, a := range arts {
		x := incident.Extract(g, a, a.Published)
		want[a.ID] = len(x.Incidents)
		for _, inc := range x.Incidents {
			wantIDs[inc.ID] = true
		}
	}
	db := filepath.Join(t.TempDir(), "crash.db")
	addr := freePort(t)
	p := startServe(t, db, addr)

	go postBatch(p.base, batch) // its answer never comes: the server dies
	// Kill once part of the batch has landed.
	for i := 0; ; i++ {
		if i > 400 {
			t.Fatalf("the batch never started landing:\n%s", p.logs)
		}
		if resp, err := http.Get(p.base + "/articles/crash-0010"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()

	p = startServe(t, db, addr)
	stored := 0
	for _, a := range arts {
		resp, err := http.Get(p.base + "/articles/" + a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Incidents struct {
				Features []json.RawMessage `json:"features"`
			} `json:"incidents"`
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case 404:
		case 200:
			stored++
			json.Unmarshal(b, &doc)
			if len(doc.Incidents.Features) != want[a.ID] {
				t.Errorf("article %s is half stored: %d of %d incidents", a.ID, len(doc.Incidents.Features), want[a.ID])
			}
		default:
			t.Fatalf("GET /articles/%s after the crash: %d %s", a.ID, resp.StatusCode, b)
		}
	}
	if stored == 0 || stored == len(arts) {
		t.Fatalf("the kill landed outside the batch (%d of %d stored); the test proves nothing", stored, len(arts))
	}
	t.Logf("%d of %d articles were stored when serve was killed", stored, len(arts))

	resp, err := postBatch(p.base, batch)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("re-sending the batch: %d", resp.StatusCode)
	}
	var all struct {
		NumberMatched int `json:"numberMatched"`
	}
	r2, _ := http.Get(p.base + "/collections/incidents/items?limit=1")
	json.NewDecoder(r2.Body).Decode(&all)
	r2.Body.Close()
	if all.NumberMatched != len(wantIDs) {
		t.Fatalf("after re-sending: %d incidents, want %d (no duplicates, none lost)", all.NumberMatched, len(wantIDs))
	}
}

// TestSIGTERMDrains sends SIGTERM while a request is in flight: the request
// completes and serve exits cleanly.
func TestSIGTERMDrains(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real processes")
	}
	_, batch := crashBatch(150)
	p := startServe(t, filepath.Join(t.TempDir(), "term.db"), freePort(t))
	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := postBatch(p.base, batch)
		if err != nil {
			done <- result{0, err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done <- result{resp.StatusCode, nil}
	}()
	for i := 0; i < 400; i++ {
		if resp, err := http.Get(p.base + "/articles/crash-0005"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	r := <-done
	if r.err != nil || r.code != http.StatusCreated {
		t.Fatalf("the in-flight batch did not finish: %d %v\n%s", r.code, r.err, p.logs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitErr := make(chan error, 1)
	go func() { waitErr <- p.cmd.Wait() }()
	select {
	case err := <-waitErr:
		if err != nil {
			t.Fatalf("serve exited with %v:\n%s", err, p.logs)
		}
	case <-ctx.Done():
		t.Fatal("serve did not exit after SIGTERM")
	}
}
