package web_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/incidentmap/incidentmap/api"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/web"
)

// reviewServer is pageServer with a named write token, alice's.
func reviewServer(t *testing.T) string {
	t.Helper()
	gz, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	st, p := ingesttest.SeededSQLite(t, gz)
	srv := httptest.NewServer(api.New(api.Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{},
		Page: web.Handler(), WriteTokens: []api.Token{{Name: "alice", Secret: "alice-secret"}}}).Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// browser starts headless Chromium for one test; problems returns the
// script errors and CSP violations the page reported.
func browser(t *testing.T, chrome string) (ctx context.Context, problems func() []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("use-angle", "swiftshader"), chromedp.Flag("enable-unsafe-swiftshader", true))
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	var mu sync.Mutex
	var found []string
	go func() {
		for m, err := range chromedp.Console(bctx) {
			if err != nil {
				return
			}
			line := m.String() + " " + m.URL
			mu.Lock()
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
				found = append(found, line)
			}
			mu.Unlock()
			t.Log("browser:", line)
		}
	}()
	return bctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(found)
	}
}

// TestReviewModeInChromium walks the reviewer mode of the map page: the
// public view hides unreviewed incidents on request; the token, entered
// once, stays for the session; the popup's form sets the status, the type
// and the people killed with If-Match (a stale one says so); two incidents
// merge from their popups; a point moves where its marker is put. Each step is checked through the API.
// Over 100 lines on purpose: one browser session walks the steps in order.
func TestReviewModeInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	chrome := chromiumPath(t)
	if !web.Available() {
		skipOrFail(t, "the map page is not built: run make web")
	}
	base := reviewServer(t)
	var items struct {
		Features []e2eIncident `json:"features"`
	}
	getJSON(t, base+"/collections/incidents/items?limit=200&f=json", &items)
	var points []e2eIncident
	for _, f := range items.Features {
		if f.Geometry.Type == "Point" {
			points = append(points, f)
		}
	}
	if len(points) < 2 {
		t.Fatalf("%d point incidents among the seeds, want 2", len(points))
	}
	a, b := points[0].Properties, points[1].Properties
	bctx, problems := browser(t, chrome)
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		wctx, cancel := context.WithTimeout(bctx, 45*time.Second)
		defer cancel()
		if err := chromedp.Do(wctx, actions...); err != nil {
			t.Fatalf("%s: %v (page problems: %v)", what, err, problems())
		}
	}
	js := func(code string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`(() => {` + code + `; })()`)
	}
	run("opening the page", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/"),
		chromedp.WaitReady(chromedp.CSS(`body[data-incidents][data-reviewing="false"]`)))

	// Verified only: nothing is verified yet, so the view empties.
	run("verified only", chromedp.Click(chromedp.ID("verified-only")), chromedp.WaitReady(chromedp.CSS(`body[data-incidents="0"]`)))
	tiles, err := chromedp.Run(bctx, chromedp.Evaluate[string](`window.incidentmap.map.getSource('incidents').tiles[0]`))
	if err != nil || !strings.Contains(tiles, "status=verified") {
		t.Errorf("tiles %q (%v) lack status=verified", tiles, err)
	}
	run("all again", chromedp.Click(chromedp.ID("verified-only")), chromedp.WaitReady(chromedp.CSS(`body:not([data-incidents="0"])`)))

	// The token, once.
	run("entering the token", chromedp.SendKeys(chromedp.ID("review-token"), "alice-secret"), chromedp.Click(chromedp.ID("review-start")),
		chromedp.WaitReady(chromedp.CSS(`body[data-reviewing="true"]`)))
	kept, err := chromedp.Run(bctx, chromedp.Evaluate[string](`sessionStorage.getItem('incidentmap.token')`))
	if err != nil || kept != "alice-secret" {
		t.Errorf("the session keeps %q (%v)", kept, err)
	}

	open := func(p struct{ id, lon, lat string }) {
		t.Helper()
		run("opening "+p.id, js(fmt.Sprintf(`window.incidentmap.app.openIncident(%q, [%s, %s])`, p.id, p.lon, p.lat)),
			chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`.incident-popup form.review[data-id=%q]`, p.id))))
	}
	pa := struct{ id, lon, lat string }{a.ID, fmt.Sprint(a.Lon), fmt.Sprint(a.Lat)}
	pb := struct{ id, lon, lat string }{b.ID, fmt.Sprint(b.Lon), fmt.Sprint(b.Lat)}

	// Verify a, with a count and another sub-event type of its event type.
	var tax struct {
		EventTypes []struct {
			Name string   `json:"name"`
			Subs []string `json:"sub_event_types"`
		} `json:"event_types"`
	}
	getJSON(t, base+"/taxonomy", &tax)
	newSub := ""
	for _, et := range tax.EventTypes {
		if et.Name == a.EventType {
			for _, s := range et.Subs {
				if s != a.SubEventType {
					newSub = s
					break
				}
			}
		}
	}
	open(pa)
	run("saving a's review", js(fmt.Sprintf(`(() => {
		const f = document.querySelector('form.review');
		f.status.value = 'verified';
		f.fatalities.value = '7';
		f.sub_event_type.value = %q;
		f.querySelector('button[type=submit]').click();
	})()`, newSub)), chromedp.WaitReady(chromedp.CSS(`form.review[data-saved]`)))
	var got struct {
		Properties struct {
			Status       string `json:"status"`
			Fatalities   *int   `json:"fatalities"`
			SubEventType string `json:"sub_event_type"`
		} `json:"properties"`
	}
	getJSON(t, base+"/collections/incidents/items/"+a.ID, &got)
	if got.Properties.Status != "verified" || got.Properties.Fatalities == nil || *got.Properties.Fatalities != 7 || got.Properties.SubEventType != newSub {
		t.Errorf("after the review a is %+v", got.Properties)
	}
	var hist struct {
		Changes []struct {
			By     string   `json:"by"`
			Fields []string `json:"fields"`
		} `json:"changes"`
	}
	getJSON(t, base+"/collections/incidents/items/"+a.ID+"/history", &hist)
	if last := hist.Changes[len(hist.Changes)-1]; last.By != "alice" || !slices.Contains(last.Fields, "fatalities") {
		t.Errorf("a's last change: %+v", last)
	}

	// A stale form: someone else edits a after it was opened.
	open(pa)
	req, _ := http.NewRequest("PATCH", base+"/collections/incidents/items/"+a.ID, strings.NewReader(`{"properties":{"injuries":2}}`))
	req.Header.Set("Authorization", "Bearer alice-secret")
	req.Header.Set("Content-Type", "application/merge-patch+json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("the concurrent edit: %v %v", resp, err)
	}
	run("saving a stale form", js(`(() => {
		const f = document.querySelector('form.review');
		f.fatalities.value = '9';
		f.querySelector('button[type=submit]').click();
	})()`), chromedp.WaitReady(chromedp.CSS(`form.review[data-error="412"]`)))
	msg, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`form.review .review-msg`)))
	if !strings.Contains(msg, "changed this incident") {
		t.Errorf("the stale save says %q", msg)
	}

	// Merge b into a: mark b, then merge from a's popup.
	open(pb)
	run("marking b", chromedp.Click(chromedp.CSS(`form.review .merge-mark`)), chromedp.WaitReady(chromedp.CSS(`#review-merge:not(:empty)`)))
	open(pa)
	run("merging b into a", chromedp.Click(chromedp.CSS(`form.review .merge-into`)), chromedp.WaitReady(chromedp.CSS(`form.review[data-merged]`)))
	var tomb struct {
		Tombstones []struct {
			ID         string `json:"id"`
			Reason     string `json:"reason"`
			MergedInto string `json:"merged_into"`
		} `json:"tombstones"`
	}
	getJSON(t, base+"/collections/incidents/tombstones", &tomb)
	if len(tomb.Tombstones) != 1 || tomb.Tombstones[0].ID != b.ID || tomb.Tombstones[0].MergedInto != a.ID {
		t.Errorf("tombstones after the merge: %+v", tomb.Tombstones)
	}

	// Move a: its marker, dragged (here: set) 2 km east, saved as its point.
	open(pa)
	newLon := a.Lon + 0.02
	run("moving a", chromedp.Click(chromedp.CSS(`form.review .move`)), chromedp.WaitReady(chromedp.CSS(`body[data-moving]`)),
		js(fmt.Sprintf(`window.incidentmap.app.moving.marker.setLngLat([%f, %f])`, newLon, a.Lat)),
		chromedp.Click(chromedp.ID("move-save")), chromedp.WaitReady(chromedp.CSS(`body[data-moved]:not([data-moving])`)))
	var moved e2eIncident
	getJSON(t, base+"/collections/incidents/items/"+a.ID, &moved)
	if moved.Geometry.Type != "Point" || math.Abs(moved.Properties.Lon-newLon) > 1e-5 || math.Abs(moved.Properties.Lat-a.Lat) > 1e-5 {
		t.Errorf("a after the move: %s at %v,%v, want %v,%v", moved.Geometry.Type, moved.Properties.Lon, moved.Properties.Lat, newLon, a.Lat)
	}

	// Verified only, where a is: a alone.
	run("verified only at a", js(fmt.Sprintf(`(() => { window.incidentmap.app.popup.remove(); window.incidentmap.map.jumpTo({center: [%s, %s], zoom: 9}); })()`, pa.lon, pa.lat)),
		chromedp.Click(chromedp.ID("verified-only")), chromedp.WaitReady(chromedp.CSS(`body[data-incidents="1"]`)))

	// Leaving review mode forgets the token.
	run("leaving", chromedp.Click(chromedp.ID("review-stop")), chromedp.WaitReady(chromedp.CSS(`body[data-reviewing="false"]`)))
	if kept, _ := chromedp.Run(bctx, chromedp.Evaluate[*string](`sessionStorage.getItem('incidentmap.token')`)); kept != nil {
		t.Errorf("the session still keeps %q", *kept)
	}
	for _, p := range problems() {
		t.Errorf("page: %s", p)
	}
}
