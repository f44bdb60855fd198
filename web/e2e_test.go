package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
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

// inCI reports whether the test runs in CI (.ci/run sets CI=true), where a
// missing browser or build is a failure, never a skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// skipOrFail skips the test on a developer's machine and fails it in CI.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf(format, args...)
}

// chromiumPath finds Debian's chromium (or another Chrome) to drive.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	skipOrFail(t, "chromium is not installed (apt-get install chromium; .ci/run installs it)")
	return ""
}

// e2eIncident is what the test needs of an incident from the OGC items.
type e2eIncident struct {
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	Properties struct {
		ID           string  `json:"id"`
		EventDate    string  `json:"event_date"`
		EventType    string  `json:"event_type"`
		SubEventType string  `json:"sub_event_type"`
		Location     string  `json:"location"`
		GeoPrecision int     `json:"geo_precision"`
		Lat          float64 `json:"lat"`
		Lon          float64 `json:"lon"`
	} `json:"properties"`
}

// TestMapPageInChromium opens the map page in headless Chromium against a
// server over a seeded SQLite store, waits until the page reports the
// incidents it drew, clicks one, checks its popup and saves a screenshot
// in test-output/map.png. Set INCIDENTMAP_E2E_URL to drive a running
// server instead of the one the test builds.
// Over 100 lines on purpose: one browser session walks the page in order (load, draw, click, popup, screenshot); a split would start Chromium per step.
func TestMapPageInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	chrome := chromiumPath(t)
	base := os.Getenv("INCIDENTMAP_E2E_URL")
	if base == "" {
		if !web.Available() {
			skipOrFail(t, "the map page is not built: run make web")
		}
		base = pageServer(t)
	}
	base = strings.TrimSuffix(base, "/")
	// The page draws incidents from the vector tiles; without them there is
	// nothing to see, and the test says so rather than pretend.
	if code := status(t, base+"/tiles.json"); code == http.StatusNotFound {
		skipOrFail(t, "tiles not wired yet: GET /tiles.json is 404")
	} else if code != http.StatusOK {
		t.Fatalf("GET /tiles.json: %d", code)
	}

	// An incident placed exactly, to click on.
	var items struct {
		Features []e2eIncident `json:"features"`
	}
	getJSON(t, base+"/collections/incidents/items?limit=200&f=json", &items)
	var target *e2eIncident
	for i := range items.Features {
		f := &items.Features[i]
		if f.Geometry.Type == "Point" && f.Properties.GeoPrecision == 1 {
			target = f
			break
		}
	}
	if target == nil {
		t.Fatalf("no exactly placed point incident among %d seeded ones", len(items.Features))
	}
	lon, lat := target.Properties.Lon, target.Properties.Lat

	bctx, pageProblems := startBrowser(t, chrome)
	shot := func(name string) { screenshot(t, bctx, name) }
	// map.png shows the popup, or whatever the page showed when a step failed.
	defer func() {
		if t.Failed() {
			shot("map.png")
		}
	}()

	// Open the page as a visitor does: the default view, over the seeds.
	err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+"/"),
		chromedp.WaitReady(chromedp.CSS(`body[data-incidents]`)),
	)
	if err != nil {
		t.Fatalf("waiting for body[data-incidents]: %v (page problems: %v)", err, pageProblems())
	}
	attr, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS(`body`), "data-incidents"))
	if err != nil {
		t.Fatal(err)
	}
	if attr.Value == "" || attr.Value == "0" {
		t.Fatalf("data-incidents=%q: no incidents in the default view", attr.Value)
	}
	t.Logf("data-incidents=%s", attr.Value)
	shot("map-overview.png")

	// The legend, the type filter and the layer colours show every event
	// type of the server's taxonomy, in its colours.
	var tax struct {
		EventTypes []struct {
			Name  string `json:"name"`
			Color string `json:"color"`
		} `json:"event_types"`
	}
	getJSON(t, base+"/taxonomy", &tax)
	if len(tax.EventTypes) != 6 {
		t.Fatalf("/taxonomy lists %d event types, ACLED has 6", len(tax.EventTypes))
	}
	type shown struct {
		Name    string `json:"name"`
		Color   string `json:"color"`
		Checked bool   `json:"checked"`
	}
	type pageTypes struct {
		Legend  []shown    `json:"legend"`
		Filter  []shown    `json:"filter"`
		Colours [][]string `json:"colours"`
	}
	got, err := chromedp.Run(bctx, chromedp.Evaluate[pageTypes](`(() => {
		const rgb = (e) => getComputedStyle(e).backgroundColor;
		const m = window.incidentmap.map.getPaintProperty('incident-points', 'circle-color');
		const colours = [];
		for (let i = 2; Array.isArray(m) && i + 1 < m.length; i += 2) colours.push([m[i], m[i + 1]]);
		return {
			legend: [...document.querySelectorAll('#legend li')].map((li) => ({name: li.textContent, color: rgb(li.querySelector('.swatch'))})),
			filter: [...document.querySelectorAll('#types label')].map((l) => ({name: l.textContent, color: rgb(l.querySelector('.swatch')), checked: l.querySelector('input').checked})),
			colours,
		};
	})()`))
	if err != nil {
		t.Fatalf("reading the legend: %v", err)
	}
	if len(got.Legend) != len(tax.EventTypes) || len(got.Filter) != len(tax.EventTypes) || len(got.Colours) != len(tax.EventTypes) {
		t.Errorf("%d event types, but the legend shows %d, the filter %d, the layer colours %d: %+v",
			len(tax.EventTypes), len(got.Legend), len(got.Filter), len(got.Colours), got)
	}
	for i, et := range tax.EventTypes {
		want := shown{Name: et.Name, Color: hexToRGB(t, et.Color)}
		if i < len(got.Legend) && got.Legend[i] != want {
			t.Errorf("legend row %d: %+v, want %+v", i, got.Legend[i], want)
		}
		want.Checked = true
		if i < len(got.Filter) && got.Filter[i] != want {
			t.Errorf("type filter row %d: %+v, want %+v", i, got.Filter[i], want)
		}
		if i < len(got.Colours) && !slices.Equal(got.Colours[i], []string{et.Name, et.Color}) {
			t.Errorf("layer colour %d: %q, want %s %s", i, got.Colours[i], et.Name, et.Color)
		}
	}

	// Go to the target, far enough in that it is no cluster, and find it
	// on screen once the map has settled there.
	type point struct {
		X float64 `json:"x"`
		Y float64 `json:"y"`
	}
	pt, err := chromedp.Run(bctx, chromedp.Evaluate[point](fmt.Sprintf(`new Promise((resolve) => {
		const m = window.incidentmap.map;
		m.once('idle', () => { const p = m.project([%[1]f, %[2]f]); resolve({x: p.x, y: p.y}); });
		m.jumpTo({center: [%[1]f, %[2]f], zoom: 11});
		m.triggerRepaint();
	})`, lon, lat), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("projecting the incident: %v", err)
	}

	err = chromedp.Do(bctx,
		chromedp.MouseClickXY(pt.X, pt.Y),
		chromedp.WaitReady(chromedp.CSS(`.incident-popup .incident dl`)),
		// The full record (notes, sources) replaces the tile's properties.
		chromedp.WaitReady(chromedp.CSS(`.incident-popup:not(.loading) .incident .sources`)),
	)
	if err != nil {
		t.Fatalf("clicking the incident at %v,%v (%s): %v (page problems: %v)", pt.X, pt.Y, target.Properties.Location, err, pageProblems())
	}
	popup, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.incident-popup .maplibregl-popup-content`)))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("popup: %s", popup)
	shot("map.png")

	// Several incidents may share the point; the popup must be one of them.
	ok := false
	for _, f := range items.Features {
		p := f.Properties
		if math.Abs(p.Lon-lon) > 1e-6 || math.Abs(p.Lat-lat) > 1e-6 {
			continue
		}
		if strings.Contains(popup, p.EventDate) && strings.Contains(popup, p.SubEventType) && strings.Contains(popup, p.Location) {
			ok = true
		}
	}
	if !ok {
		t.Errorf("the popup shows no incident at %s (%s, %s): %q", target.Properties.Location, target.Properties.EventDate, target.Properties.SubEventType, popup)
	}
	for _, want := range []string{"Date", "Where", "Killed", "what was extracted"} {
		if !strings.Contains(popup, want) {
			t.Errorf("the popup lacks %q: %q", want, popup)
		}
	}

	// Filters reach the tiles and the count: an actor nobody has empties
	// the view, and clearing it brings the incidents back.
	err = chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.ID("actor"), "no-such-actor-xyz"),
		chromedp.WaitReady(chromedp.CSS(`body[data-incidents="0"]`)),
	)
	if err != nil {
		t.Fatalf("actor filter: %v", err)
	}
	tilesURL, err := chromedp.Run(bctx, chromedp.Evaluate[string](`window.incidentmap.map.getSource('incidents').tiles[0]`))
	if err != nil || !strings.Contains(tilesURL, "actor=no-such-actor-xyz") {
		t.Errorf("the incidents tiles URL %q (%v) lacks the actor filter", tilesURL, err)
	}
	wctx, wcancel := context.WithTimeout(bctx, 45*time.Second)
	err = chromedp.Do(wctx,
		chromedp.Evaluate[chromedp.Void](`(() => {
			const a = document.getElementById('actor');
			a.value = '';
			a.dispatchEvent(new Event('input'));
		})()`),
		chromedp.WaitReady(chromedp.CSS(`body:not([data-incidents="0"])`)),
	)
	wcancel()
	if err != nil {
		dbg, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`JSON.stringify({n: document.body.dataset.incidents, tiles: window.incidentmap.map.getSource('incidents').tiles, loaded: window.incidentmap.map.isSourceLoaded('incidents'), actor: document.getElementById('actor').value, count: document.getElementById('count').textContent, zoom: window.incidentmap.map.getZoom()})`))
		t.Fatalf("clearing the actor filter: %v (%s)", err, dbg)
	}

	// The place search flies to the place.
	err = chromedp.Do(bctx,
		chromedp.SendKeys(chromedp.ID("search"), "Erbil"),
		chromedp.WaitReady(chromedp.CSS(`#search-results button`)),
	)
	if err != nil {
		t.Fatalf("place search: %v", err)
	}
	center, err := chromedp.Run(bctx, chromedp.Evaluate[[2]float64](`new Promise((resolve) => {
		const m = window.incidentmap.map;
		m.once('moveend', () => { const c = m.getCenter(); resolve([c.lng, c.lat]); });
		document.querySelector('#search-results button').click();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("place search: %v", err)
	}
	if math.Abs(center[0]-44.0) > 1.5 || math.Abs(center[1]-36.2) > 1.5 {
		t.Errorf("after searching Erbil the map is centred on %v", center)
	}

	// The download links follow the view.
	href, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS(`#dl-gpkg`), "href"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(href.Value, "/export.gpkg?bbox=") {
		t.Errorf("GeoPackage link %q does not carry the view's bbox", href.Value)
	}

	// Unchecking an event type asks the tiles for the others; checking it
	// again drops the type filter.
	tilesWith := func(js string) string {
		t.Helper()
		u, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(() => {`+js+`
			return window.incidentmap.map.getSource('incidents').tiles[0];
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	toggle := fmt.Sprintf(`document.querySelector('#types input[value=%q]').click();`, tax.EventTypes[0].Name)
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(tilesWith(toggle)))
	if err != nil {
		t.Fatal(err)
	}
	var rest []string
	for _, et := range tax.EventTypes[1:] {
		rest = append(rest, et.Name)
	}
	if got := u.Query().Get("type"); got != strings.Join(rest, ",") {
		t.Errorf("without %s the tiles ask for type=%q, want %q", tax.EventTypes[0].Name, got, strings.Join(rest, ","))
	}
	if code := status(t, u.String()); code != http.StatusOK {
		t.Errorf("the filtered tile %s: %d", u, code)
	}
	if again := tilesWith(toggle); strings.Contains(again, "type=") {
		t.Errorf("with every type checked the tiles still filter: %s", again)
	}

	for _, p := range pageProblems() {
		t.Errorf("page: %s", p)
	}
}

// startBrowser starts headless Chromium with a tab of 1280x800 and returns
// its context (ended with the test) and a function listing the page's
// script errors and CSP violations so far; other console lines are
// logged.
func startBrowser(t *testing.T, chrome string) (context.Context, func() []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// WebGL without a GPU: Chromium's software renderer, which newer
		// versions enable only when asked.
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx); err != nil { // start the browser and open the tab
		t.Fatalf("starting %s: %v", chrome, err)
	}
	var (
		mu       sync.Mutex
		problems []string
	)
	messages := chromedp.Console(bctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			line := m.String() + " " + m.URL
			mu.Lock()
			switch {
			case m.IsException():
				problems = append(problems, line)
			case strings.Contains(m.Text, "Content Security Policy"):
				problems = append(problems, "CSP: "+line)
			}
			mu.Unlock()
			t.Log("browser:", line)
		}
	}()
	return bctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems)
	}
}

// screenshot saves the tab as test-output/name and returns the PNG.
func screenshot(t *testing.T, bctx context.Context, name string) []byte {
	t.Helper()
	png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot: %v", err)
		return nil
	}
	dir := filepath.Join("..", "test-output")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Error(err)
		return png
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Error(err)
		return png
	}
	abs, _ := filepath.Abs(p)
	t.Logf("screenshot: %s", abs)
	return png
}

// hexToRGB turns #rrggbb into the rgb(r, g, b) a browser computes.
func hexToRGB(t *testing.T, hex string) string {
	t.Helper()
	var r, g, b uint8
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		t.Fatalf("colour %q: %v", hex, err)
	}
	return fmt.Sprintf("rgb(%d, %d, %d)", r, g, b)
}

// pageServer starts the real router, serving the map page as serve does,
// over a SQLite store seeded with the demo articles, and returns its URL.
func pageServer(t *testing.T) string {
	t.Helper()
	gz, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	st, p := ingesttest.SeededSQLite(t, gz)
	// The real router serves the page at / for browsers and its assets, as
	// incidentmap serve does.
	srv := httptest.NewServer(api.New(api.Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}, Page: web.Handler()}).Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// status GETs u as a polite client would: the browser under test shares
// this client's address, so while it loads tiles the server may answer 429
// (too many requests in flight from one client); the answer is to wait as
// Retry-After says and ask again.
func status(t *testing.T, u string) int {
	t.Helper()
	for try := 0; ; try++ {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || try == 20 {
			return resp.StatusCode
		}
		wait := 250 * time.Millisecond
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 && s < 5 {
			wait = time.Duration(s) * time.Second
		}
		time.Sleep(wait)
	}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}
