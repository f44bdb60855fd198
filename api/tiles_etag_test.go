package api

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/incidentmap/incidentmap/store"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/seeds"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// etagData returns n incidents clustered around towns of the Middle East,
// the Horn of Africa and Ukraine (where the seed articles fall), over ten
// years: a data set the size of a small conflict's archive.
func etagData(n int, seed uint64) []incident.Incident {
	rng := rand.New(rand.NewPCG(seed, 3))
	types := [][2]string{
		{"Explosions/Remote violence", "Air/drone strike"},
		{"Explosions/Remote violence", "Shelling/artillery/missile attack"},
		{"Battles", "Armed clash"},
		{"Violence against civilians", "Attack"},
		{"Protests", "Peaceful protest"},
	}
	centres := make([]orb.Point, 200)
	for i := range centres {
		centres[i] = orb.Point{25 + rng.Float64()*30, 0 + rng.Float64()*50}
	}
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]incident.Incident, n)
	for i := range out {
		c := centres[int(math.Floor(float64(len(centres))*rng.Float64()*rng.Float64()))]
		p := orb.Point{c[0] + rng.NormFloat64()*0.3, c[1] + rng.NormFloat64()*0.3}
		t := types[rng.IntN(len(types))]
		out[i] = incident.Incident{
			ID: fmt.Sprintf("%016x", rng.Uint64()), EventDate: start.AddDate(0, 0, rng.IntN(3650)), TimePrecision: 1,
			EventType: t[0], SubEventType: t[1], Location: fmt.Sprintf("Place %d", rng.IntN(5000)),
			Geometry: p, Point: p, GeoPrecision: 1, Confidence: 0.8,
		}
	}
	return out
}

// versionStore answers Stats with counts and the version only: the fake
// store's full Stats walks every incident, for each tile asked.
type versionStore struct{ *fakeStore }

func (v versionStore) Stats(ctx context.Context) (store.Stats, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return store.Stats{Incidents: int64(len(v.incidents)), Articles: int64(len(v.articles)), Version: strconv.Itoa(v.version)}, nil
}

// TestIngestKeepsOtherTilesETags ingests one article into a store of
// 20,000 incidents and checks that only the tiles the article's incidents
// fall in change their ETag: every tile with data at zooms 0-10 is asked
// before and after, and the share whose ETag survives is logged.
func TestIngestKeepsOtherTilesETags(t *testing.T) {
	testServer(t) // loads the gazetteer
	fs := newFakeStore()
	data := etagData(20000, 1)
	for _, in := range data {
		fs.incidents[in.ID] = in
	}
	fs.version++
	h := New(Config{Gazetteer: gz, Store: versionStore{fs}, Pipeline: &ingest.Pipeline{Gazetteer: gz, Store: fs}, WriteToken: testToken}).Handler()

	const maxZoom = 10
	seen := map[maptile.Tile]bool{}
	var set []maptile.Tile
	for _, in := range data {
		for z := maptile.Zoom(0); z <= maxZoom; z++ {
			tl := maptile.At(in.Point, z)
			if !seen[tl] {
				seen[tl] = true
				set = append(set, tl)
			}
		}
	}
	etags := func() map[maptile.Tile]string {
		out := make(map[maptile.Tile]string, len(set))
		for _, tl := range set {
			rec := do(h, "GET", fmt.Sprintf("/tiles/%d/%d/%d.mvt", tl.Z, tl.X, tl.Y), "", "", "")
			if rec.Code != http.StatusOK {
				t.Fatalf("tile %v: %d %s", tl, rec.Code, rec.Body)
			}
			out[tl] = rec.Header().Get("ETag")
		}
		return out
	}
	before := etags()
	// A tile the store draws (a filter only it evaluates) far from Baghdad.
	const storeTile = "/tiles/6/40/24.mvt?q=Place"
	storeBefore := do(h, "GET", storeTile, "", "", "").Header().Get("ETag")

	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(arts[1]) // the Baghdad airport drone strike
	rec := do(h, "POST", "/articles", "application/json", string(body), testToken)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /articles: %d %s", rec.Code, rec.Body)
	}
	var added []incident.Incident
	for id, in := range fs.incidents {
		if len(in.Sources) > 0 && in.Sources[0].ArticleID == arts[1].ID {
			added = append(added, fs.incidents[id])
		}
	}
	if len(added) == 0 {
		t.Fatal("the article added no incident")
	}
	after := etags()

	// A tile must keep its ETag unless an added incident lies in it or
	// near enough to be drawn in its buffer.
	touched := func(tl maptile.Tile) bool {
		b := tl.Bound()
		pad := (b.Max[0] - b.Min[0]) / 4
		b = b.Pad(pad)
		for _, in := range added {
			if b.Intersects(in.Geometry.Bound()) {
				return true
			}
		}
		return false
	}
	kept, changedByZoom, tilesByZoom := 0, map[maptile.Zoom]int{}, map[maptile.Zoom]int{}
	for _, tl := range set {
		tilesByZoom[tl.Z]++
		if before[tl] == after[tl] {
			kept++
			continue
		}
		changedByZoom[tl.Z]++
		if !touched(tl) {
			t.Errorf("tile %d/%d/%d changed its ETag but no added incident is near it", tl.Z, tl.X, tl.Y)
		}
	}
	if kept == len(set) {
		t.Fatalf("no tile changed its ETag after ingesting %d incidents", len(added))
	}
	share := float64(kept) / float64(len(set))
	t.Logf("ingesting 1 article (%d incidents) into %d incidents: %d of %d tiles (zooms 0-%d) keep their ETag: %.2f%%",
		len(added), len(data), kept, len(set), maxZoom, 100*share)
	for z := maptile.Zoom(0); z <= maxZoom; z++ {
		t.Logf("  zoom %2d: %4d of %5d tiles changed", z, changedByZoom[z], tilesByZoom[z])
	}
	if share < 0.99 {
		t.Errorf("only %.2f%% of tiles kept their ETag, want at least 99%%", 100*share)
	}

	if after := do(h, "GET", storeTile, "", "", "").Header().Get("ETag"); after != storeBefore || after == "" {
		t.Errorf("the store-drawn tile %s changed its ETag %s -> %s", storeTile, storeBefore, after)
	}

	// A CDN revalidating a tile the ingest did not touch gets a 304.
	for _, tl := range set {
		if before[tl] != after[tl] {
			continue
		}
		req := fmt.Sprintf("/tiles/%d/%d/%d.mvt", tl.Z, tl.X, tl.Y)
		r := httpGetIfNoneMatch(h, req, before[tl])
		if r.Code != http.StatusNotModified {
			t.Errorf("revalidating %s with its old ETag: %d, want 304", req, r.Code)
		}
		break
	}
}

func httpGetIfNoneMatch(h http.Handler, path, etag string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
