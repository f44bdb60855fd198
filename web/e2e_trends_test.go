package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/incidentmap/incidentmap/api"
	"github.com/incidentmap/incidentmap/basemap"
	"github.com/incidentmap/incidentmap/basemap/pmtilestest"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/web"
	"github.com/paulmach/orb"
)

// pageReady opens u and waits until the page has counted the incidents
// in view.
func pageReady(t *testing.T, bctx context.Context, u string, problems func() []string) {
	t.Helper()
	err := chromedp.Do(bctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(u),
		chromedp.WaitReady(chromedp.CSS(`body[data-incidents]`)),
	)
	if err != nil {
		t.Fatalf("opening %s: %v (page problems: %v)", u, err, problems())
	}
}

// eval runs a script in the page and decodes its result.
func eval[T any](t *testing.T, bctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(bctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// idle resolves once the map has drawn everything.
const idle = `new Promise((resolve) => {
	const m = window.incidentmap.map;
	m.once('idle', () => resolve(true));
	m.triggerRepaint();
})`

// numberMatched asks the server what the page's count asked (a query of
// the OGC items: bbox, datetime and the other filters).
func numberMatched(t *testing.T, base, q string) int {
	t.Helper()
	var fc struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, base+"/collections/incidents/items?"+q, &fc)
	return fc.NumberMatched
}

// TestMapTrendsInChromium plays the time slider over the seeded incidents
// and checks that the count in view follows the window (each count the
// page shows is what the server counts for its window and view), that a
// quick range and the URL carry the filters, then switches to the heatmap
// and the regional totals and checks what they draw against /stats.
// Screenshots: test-output/map-playback.png, map-heatmap.png,
// map-choropleth.png.
// Over 100 lines on purpose: one browser session walks the controls in order; a split would start Chromium per step.
func TestMapTrendsInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	chrome := chromiumPath(t)
	if !web.Available() {
		skipOrFail(t, "the map page is not built: run make web")
	}
	base := pageServer(t)
	bctx, problems := startBrowser(t, chrome)
	defer func() {
		if t.Failed() {
			screenshot(t, bctx, "map-trends-failed.png")
		}
	}()

	// A view of every seeded incident (Iraq, Syria, Saudi Arabia, Somalia,
	// Ukraine), a month at a time, four steps a second.
	pageReady(t, bctx, base+"/?step=month&speed=4#2.6/25/44", problems)
	all := eval[string](t, bctx, `document.body.dataset.incidents`)
	if all == "0" || all == "" {
		t.Fatalf("no incidents in the overview: %q", all)
	}
	if disabled := eval[bool](t, bctx, `new Promise((resolve) => {
		const b = document.getElementById('play');
		const wait = () => (b.disabled ? setTimeout(wait, 50) : resolve(false));
		wait();
	})`); disabled {
		t.Fatal("the play button stays disabled")
	}

	// Record every count the page shows while it plays, with the question
	// it asked, and the windows it steps through.
	type frame struct {
		Count  string `json:"count"`
		Query  string `json:"query"`
		Window string `json:"window"`
	}
	eval[bool](t, bctx, `(() => {
		window.__frames = [];
		const rec = () => window.__frames.push({count: document.body.dataset.incidents || '',
			query: window.incidentmap.app.countedKey, window: document.getElementById('window').textContent});
		new MutationObserver(rec).observe(document.body, {attributes: true, attributeFilter: ['data-incidents']});
		document.getElementById('play').click();
		return true;
	})()`)
	if err := chromedp.Do(bctx, chromedp.WaitReady(chromedp.CSS(`body[data-playing]`))); err != nil {
		t.Fatalf("play: %v", err)
	}
	time.Sleep(1500 * time.Millisecond)
	screenshot(t, bctx, "map-playback.png")
	wctx, wcancel := context.WithTimeout(bctx, 100*time.Second)
	err := chromedp.Do(wctx, chromedp.WaitReady(chromedp.CSS(`body:not([data-playing])`)))
	wcancel()
	if err != nil {
		t.Fatalf("the playback did not reach the end: %v", err)
	}
	frames := eval[[]frame](t, bctx, `(() => {
		const f = window.__frames;
		f.push({count: document.body.dataset.incidents, query: window.incidentmap.app.countedKey, window: document.getElementById('window').textContent});
		return f;
	})()`)
	counts := map[string]bool{}
	windows := map[string]bool{}
	for _, f := range frames {
		counts[f.Count] = true
		windows[f.Window] = true
	}
	t.Logf("%d frames, counts %v, %d windows, last %s", len(frames), counts, len(windows), frames[len(frames)-1].Window)
	if len(counts) < 2 || len(windows) < 10 {
		t.Errorf("playing a month at a time over 2017-2022 showed counts %v in %d windows", counts, len(windows))
	}
	// The seeds end on 2022-04-08: the last window holds that day.
	if last := frames[len(frames)-1].Window; !strings.Contains(last, "2022-04") {
		t.Errorf("the playback stopped at %q, before the newest incident", last)
	}
	checked := 0
	for _, f := range frames {
		if f.Query == "" || !strings.Contains(f.Query, "datetime=") {
			continue
		}
		if want := numberMatched(t, base, f.Query); fmt.Sprint(want) != f.Count {
			t.Errorf("window %s: the page shows %s incidents, the server counts %d (%s)", f.Window, f.Count, want, f.Query)
		}
		if checked++; checked == 12 {
			break
		}
	}
	if checked == 0 {
		t.Error("no frame of the playback asked for a datetime")
	}

	// A quick range: the last 30 days of the data, in the panel and the URL.
	eval[bool](t, bctx, `(document.querySelector('#quick-ranges button[data-days="30"]').click(), true)`)
	if err := chromedp.Do(bctx, chromedp.WaitReady(chromedp.CSS(`body[data-incidents="1"]`))); err != nil {
		t.Fatalf("the last 30 days (2022-03-10/2022-04-08 hold one incident): %v (%s)", err,
			eval[string](t, bctx, `document.getElementById('window').textContent + ' ' + document.body.dataset.incidents`))
	}
	if w := eval[string](t, bctx, `document.getElementById('window').textContent`); w != "2022-03-10 – 2022-04-08" {
		t.Errorf("last 30 days: window %q", w)
	}

	// Heatmap: the points give way to a heat layer, drawn in its ramp's
	// warm colours.
	eval[bool](t, bctx, `(document.getElementById('time-reset').click(), document.getElementById('mode-heatmap').click(), true)`)
	eval[bool](t, bctx, idle)
	vis := eval[map[string]string](t, bctx, `(() => {
		const m = window.incidentmap.map;
		return {heat: m.getLayoutProperty('incident-heat', 'visibility'), points: m.getLayoutProperty('incident-points', 'visibility'),
			mode: document.body.dataset.mode, legend: String(document.getElementById('legend-heatmap').hidden)};
	})()`)
	if vis["heat"] != "visible" || vis["points"] != "none" || vis["mode"] != "heatmap" || vis["legend"] != "false" {
		t.Errorf("heatmap mode: %v", vis)
	}
	// The tiles of all dates replace those of the last window: poll what
	// is drawn until they are in (or give up after some 10 s).
	panelRight := eval[float64](t, bctx, `document.getElementById('panel').getBoundingClientRect().right`)
	warm := func(r, g, b uint8) bool { return r > 200 && g < 190 && b < 110 }
	n := 0
	for try := 0; try < 20 && n < 150; try++ {
		eval[bool](t, bctx, idle)
		n = countPixels(t, screenshot(t, bctx, "map-heatmap.png"), int(panelRight)+10, warm)
		if n < 150 {
			time.Sleep(500 * time.Millisecond)
		}
	}
	if n < 150 {
		t.Errorf("the heatmap drew %d warm pixels right of the panel", n)
	} else {
		t.Logf("heatmap: %d warm pixels", n)
	}

	// The URL keeps the filters and the mode: a link opened elsewhere
	// shows the same.
	eval[bool](t, bctx, `(() => {
		const a = document.getElementById('actor');
		a.value = 'Forces';
		a.dispatchEvent(new Event('input'));
		return true;
	})()`)
	time.Sleep(600 * time.Millisecond) // the actor input is debounced
	link := eval[string](t, bctx, `location.href`)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if u.Query().Get("mode") != "heatmap" || u.Query().Get("actor") != "Forces" || u.Query().Get("step") != "month" || !strings.HasPrefix(u.Fragment, "2.6/") {
		t.Errorf("the URL lost the view or filters: %s", link)
	}
	pageReady(t, bctx, base+"/?type=Battles,Riots&datetime=2020-01-01/2021-12-31&mode=heatmap#5/33/44", problems)
	restored := eval[map[string]any](t, bctx, `(() => {
		const app = window.incidentmap.app;
		return {mode: app.mode, from: app.filters.from, to: app.filters.to, zoom: Math.round(app.map.getZoom()),
			types: [...document.querySelectorAll('#types input:checked')].map((b) => b.value),
			tiles: app.map.getSource('incidents').tiles[0]};
	})()`)
	if restored["mode"] != "heatmap" || restored["from"] != "2020-01-01" || restored["to"] != "2021-12-31" || restored["zoom"] != float64(5) ||
		fmt.Sprint(restored["types"]) != "[Battles Riots]" || !strings.Contains(fmt.Sprint(restored["tiles"]), "type=Battles%2CRiots") {
		t.Errorf("a link with filters opened as %v", restored)
	}

	// Regional totals: countries below zoom 4 coloured by /stats, then
	// provinces.
	var stats struct {
		Groups []struct {
			CountryCode string `json:"country_code"`
			Admin1      string `json:"admin1"`
			Incidents   int    `json:"incidents"`
		} `json:"groups"`
	}
	getJSON(t, base+"/stats?group=admin1&interval=month", &stats)
	countries, provinces := map[string]bool{}, map[string]bool{}
	for _, g := range stats.Groups {
		countries[g.CountryCode] = true
		if g.Admin1 != "" {
			provinces[g.Admin1] = true
		}
	}
	pageReady(t, bctx, base+"/?mode=choropleth#2.6/25/44", problems)
	if err := chromedp.Do(bctx, chromedp.WaitReady(chromedp.CSS(`body[data-choropleth-level="country"]`))); err != nil {
		t.Fatalf("choropleth: %v", err)
	}
	eval[bool](t, bctx, idle)
	type drawn struct {
		N       string   `json:"n"`
		Codes   []string `json:"codes"`
		Classes []string `json:"classes"`
	}
	read := `(() => {
		const m = window.incidentmap.map;
		const layer = document.body.dataset.choroplethLevel === 'admin1' ? 'choropleth-admin1' : 'choropleth-countries';
		const codes = [...new Set(m.queryRenderedFeatures({layers: [layer]}).map((f) => f.properties.code))].sort();
		return {n: document.body.dataset.choropleth, codes,
			classes: [...document.querySelectorAll('#choropleth-classes li')].map((li) => li.textContent)};
	})()`
	got := eval[drawn](t, bctx, read)
	t.Logf("countries: %+v", got)
	if got.N != fmt.Sprint(len(countries)) || len(got.Codes) == 0 || len(got.Classes) == 0 {
		t.Errorf("the choropleth colours %s countries (drawn %v, legend %v); /stats counts %d", got.N, got.Codes, got.Classes, len(countries))
	}
	for _, c := range got.Codes {
		if !countries[c] {
			t.Errorf("the choropleth colours %s, where /stats counts nothing", c)
		}
	}
	screenshot(t, bctx, "map-choropleth.png")
	eval[bool](t, bctx, `new Promise((resolve) => {
		const m = window.incidentmap.map;
		m.once('idle', () => resolve(true));
		m.jumpTo({center: [42, 30], zoom: 4.5});
	})`)
	if err := chromedp.Do(bctx, chromedp.WaitReady(chromedp.CSS(`body[data-choropleth-level="admin1"]`))); err != nil {
		t.Fatalf("choropleth by province: %v", err)
	}
	got = eval[drawn](t, bctx, read)
	t.Logf("provinces: %+v", got)
	if got.N != fmt.Sprint(len(provinces)) {
		t.Errorf("the choropleth colours %s provinces; /stats counts %d (%v)", got.N, len(provinces), provinces)
	}
	for _, c := range got.Codes {
		if !provinces[c] {
			t.Errorf("the choropleth colours province %s, where /stats counts nothing", c)
		}
	}
	screenshot(t, bctx, "map-choropleth-provinces.png")
	for _, p := range problems() {
		t.Errorf("page: %s", p)
	}
}

// countPixels counts the pixels of a PNG right of x0 (and clear of the
// map's controls at the edges) that match.
func countPixels(t *testing.T, b []byte, x0 int, match func(r, g, b uint8) bool) int {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	r := img.Bounds()
	box := image.Rect(max(x0, r.Min.X), r.Min.Y+60, r.Max.X-60, r.Max.Y-60)
	n := 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if match(uint8(cr>>8), uint8(cg>>8), uint8(cb>>8)) {
				n++
			}
		}
	}
	return n
}

// TestStreetBasemapInChromium serves a PMTiles archive of streets the
// test writes (serve --basemap FILE.pmtiles), opens the map at zoom 14
// over them and checks that the page read the archive by byte ranges and
// drew its streets. Screenshot: test-output/map-streets.png.
func TestStreetBasemapInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	chrome := chromiumPath(t)
	if !web.Available() {
		skipOrFail(t, "the map page is not built: run make web")
	}
	center := orb.Point{44.366, 33.315} // Baghdad
	data, err := pmtilestest.Streets(center, 14)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "streets.pmtiles")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	bm, err := basemap.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bm.Close() })
	gz, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	st, p := ingesttest.SeededSQLite(t, gz)
	h := api.New(api.Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}, Page: web.Handler(), Basemap: bm}).Handler()
	// Note how the archive is asked for: by ranges, answered 206.
	var (
		mu     sync.Mutex
		ranges []string
		codes  []int
	)
	srv := newRecordingServer(t, h, func(r *http.Request, code int) {
		if r.URL.Path != basemap.ArchivePath {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		ranges = append(ranges, r.Header.Get("Range"))
		codes = append(codes, code)
	})

	bctx, problems := startBrowser(t, chrome)
	defer func() {
		if t.Failed() {
			screenshot(t, bctx, "map-streets.png")
		}
	}()
	pageReady(t, bctx, fmt.Sprintf("%s/#14/%f/%f", srv, center.Lat(), center.Lon()), problems)
	if kind := eval[string](t, bctx, `document.body.dataset.basemap`); kind != "pmtiles" {
		t.Fatalf("the page draws the %q basemap (status: %s)", kind, eval[string](t, bctx, `document.getElementById('status').textContent`))
	}
	type streets struct {
		Zoom  float64        `json:"zoom"`
		Roads int            `json:"roads"`
		Kinds map[string]int `json:"kinds"`
		Water int            `json:"water"`
	}
	var got streets
	for try := 0; try < 20; try++ {
		got = eval[streets](t, bctx, `new Promise((resolve) => {
			const m = window.incidentmap.map;
			m.once('idle', () => {
				const layers = m.getStyle().layers.map((l) => l.id);
				const roads = m.queryRenderedFeatures({layers: layers.filter((id) => id.startsWith('streets-roads'))});
				const kinds = {};
				for (const f of roads) kinds[f.properties.kind] = (kinds[f.properties.kind] || 0) + 1;
				const water = m.queryRenderedFeatures({layers: layers.filter((id) => id.startsWith('streets-water'))}).length;
				resolve({zoom: m.getZoom(), roads: roads.length, kinds, water});
			});
			m.triggerRepaint();
		})`)
		if got.Roads > 0 {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("zoom %.1f: %d street features %v, %d water", got.Zoom, got.Roads, got.Kinds, got.Water)
	if got.Zoom != 14 || got.Roads == 0 || got.Kinds["major_road"] == 0 || got.Kinds["minor_road"] == 0 || got.Water == 0 {
		t.Errorf("at zoom 14 the street basemap drew %+v", got)
	}
	panelRight := eval[float64](t, bctx, `document.getElementById('panel').getBoundingClientRect().right`)
	// Streets are white lines on #f2efe9 land: white pixels mean streets. A
	// busy machine may capture the canvas before its frame is drawn, so the
	// screenshot is taken again for a few seconds before the test gives up.
	n := 0
	for try := 0; try < 12 && n < 2000; try++ {
		time.Sleep(300 * time.Millisecond)
		shot := screenshot(t, bctx, "map-streets.png")
		n = countPixels(t, shot, int(panelRight)+10, func(r, g, b uint8) bool { return r > 250 && g > 250 && b > 250 })
	}
	if n < 2000 {
		t.Errorf("%d white (street) pixels in the map at zoom 14", n)
	} else {
		t.Logf("streets: %d white pixels", n)
	}
	mu.Lock()
	t.Logf("archive requests: %d, ranges %v, statuses %v", len(ranges), ranges, codes)
	if len(ranges) < 2 || slices.Contains(ranges, "") || slices.ContainsFunc(codes, func(c int) bool { return c != http.StatusPartialContent && c != http.StatusNotModified }) {
		t.Errorf("the archive was not read by ranges: %v -> %v", ranges, codes)
	}
	mu.Unlock()
	for _, p := range problems() {
		t.Errorf("page: %s", p)
	}
}

// newRecordingServer serves h and calls note with each request and the
// status answered.
func newRecordingServer(t *testing.T, h http.Handler, note func(*http.Request, int)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(rec, r)
		note(r, rec.code)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// TestStyleBasemapInChromium: with serve --basemap STYLE_URL the page
// loads the style from that other origin (the CSP lets it), draws the
// incidents over it, and still colours the regional totals from the
// gazetteer source it adds. The style here is a background of one colour
// served by a second local server. Screenshot: test-output/map-style.png.
func TestStyleBasemapInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	chrome := chromiumPath(t)
	if !web.Available() {
		skipOrFail(t, "the map page is not built: run make web")
	}
	styles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"version":8,"name":"test","sources":{},"layers":[{"id":"style-bg","type":"background","paint":{"background-color":"#2a9d8f"}}]}`)
	}))
	t.Cleanup(styles.Close)
	bm, err := basemap.Open(styles.URL + "/style.json")
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	st, p := ingesttest.SeededSQLite(t, gz)
	srv := httptest.NewServer(api.New(api.Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}, Page: web.Handler(), Basemap: bm}).Handler())
	t.Cleanup(srv.Close)

	bctx, problems := startBrowser(t, chrome)
	pageReady(t, bctx, srv.URL+"/?mode=choropleth#2.6/25/44", problems)
	got := eval[map[string]any](t, bctx, `(() => {
		const m = window.incidentmap.map;
		const ids = m.getStyle().layers.map((l) => l.id);
		return {kind: document.body.dataset.basemap, first: ids[0], incidents: ids.includes('incident-points'),
			choropleth: ids.includes('choropleth-countries'), sea: ids.includes('sea'), status: document.getElementById('status').textContent};
	})()`)
	if got["kind"] != "style" || got["first"] != "style-bg" || got["incidents"] != true || got["choropleth"] != true || got["sea"] != false {
		t.Errorf("with a style URL the page drew %v", got)
	}
	if err := chromedp.Do(bctx, chromedp.WaitReady(chromedp.CSS(`body[data-choropleth="5"]`))); err != nil {
		t.Errorf("regional totals over a style basemap: %v", err)
	}
	eval[bool](t, bctx, idle)
	shot := screenshot(t, bctx, "map-style.png")
	panelRight := eval[float64](t, bctx, `document.getElementById('panel').getBoundingClientRect().right`)
	// #2a9d8f, the style's background.
	if n := countPixels(t, shot, int(panelRight)+10, func(r, g, b uint8) bool { return r < 60 && g > 140 && g < 170 && b > 125 && b < 160 }); n < 10000 {
		t.Errorf("%d pixels of the style's background", n)
	}
	for _, p := range problems() {
		t.Errorf("page: %s", p)
	}
}
