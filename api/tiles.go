package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/tiles"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// tileService serves vector tiles: incidents from an in-memory index kept
// in step with the store's version, and the basemap from the gazetteer.
type tileService struct {
	mu       sync.Mutex
	ix       *tiles.Index
	version  string
	building chan struct{} // closed when the running build ends; nil when none runs
	buildErr error
	built    time.Time     // when the current index was published
	took     time.Duration // how long building it took, without a paced build's pauses
	cache    *tiles.Cache

	basemapOnce sync.Once
	basemap     *tiles.Basemap
}

// syncIndexBelow is the store size under which a stale index is rebuilt
// before answering; larger stores rebuild in the background while the old
// index answers.
const syncIndexBelow = 50000

// index returns an index for the store's current version, or the previous
// one while a large rebuild runs. One build runs at a time, however many
// requests ask: they wait for it rather than each building their own.
func (s *Server) index(ctx context.Context) (*tiles.Index, string, error) {
	ts := s.tiles
	st, err := s.cfg.Store.Stats(ctx)
	if err != nil {
		return nil, "", err
	}
	ts.mu.Lock()
	if ts.ix != nil && (ts.version == st.Version || st.Incidents >= syncIndexBelow) {
		// A large store rebuilds in the background, and not more often than
		// every ten times a build takes (at least 10 s), so a steady stream of
		// ingests does not keep a core busy rebuilding: tiles lag writes by
		// that much, and their ETags say which version they show.
		due := time.Since(ts.built) >= max(10*time.Second, 10*ts.took)
		if ts.version != st.Version && ts.building == nil && due {
			ts.building = make(chan struct{})
			go s.buildIndex(st.Version, ts.building, true)
		}
		ix, v := ts.ix, ts.version
		ts.mu.Unlock()
		return ix, v, nil
	}
	done := ts.building
	if done == nil {
		done = make(chan struct{})
		ts.building = done
		go s.buildIndex(st.Version, done, false)
	}
	ts.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.ix == nil {
		return nil, "", ts.buildErr
	}
	return ts.ix, ts.version, nil
}

// rebuildBatch is how many incidents a paced rebuild reads between pauses.
const rebuildBatch = 10000

// buildIndex reads every incident into a new index for version, then
// publishes it and wakes the requests waiting on done. A paced build (a
// rebuild while the old index answers) pauses after each batch of
// incidents as long as the batch took, so it takes at most about half a
// core and requests keep the rest: on a 2-core machine a million-incident
// rebuild at full speed is a core for 15-25 s, which every request felt.
func (s *Server) buildIndex(version string, done chan struct{}, paced bool) {
	ctx := context.Background()
	var work time.Duration // reading and indexing, without the pauses
	start := time.Now()
	ix, err := tiles.BuildIndex(ctx, func(fn func(*incident.Incident) error) error {
		n := 0
		return s.cfg.Store.Incidents(ctx, store.Query{}, func(inc *incident.Incident) error {
			if err := fn(inc); err != nil {
				return err
			}
			if n++; paced && n%rebuildBatch == 0 {
				d := time.Since(start)
				work += d
				time.Sleep(d)
				start = time.Now()
			}
			return nil
		})
	})
	work += time.Since(start)
	ts := s.tiles
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if err != nil {
		s.log.Error("tile index build failed", "err", err)
	} else {
		ts.ix, ts.version = ix, version
		ts.built, ts.took = time.Now(), work
		s.log.Info("tile index built", "incidents", ix.Len(), "bytes", ix.Bytes(), "version", version)
	}
	ts.buildErr = err
	ts.building = nil
	close(done)
}

// WarmTiles builds the tile index now, so the first map view does not wait
// for it; serve calls it in the background at start.
func (s *Server) WarmTiles(ctx context.Context) {
	if s.cfg.Store == nil {
		return
	}
	if _, _, err := s.index(ctx); err != nil {
		s.log.Warn("tile index warm-up", "err", err)
	}
}

// tileCoords parses z/x/y: malformed is 400, out of range 404.
func tileCoords(r *http.Request) (maptile.Tile, error) {
	v := mux.Vars(r)
	t, err := tiles.ParseTile(v["z"], v["x"], v["y"])
	if err != nil {
		if errors.Is(err, tiles.ErrOutOfRange) {
			return t, notFound("%v", err)
		}
		return t, badRequest("z/x/y", "%v", err)
	}
	return t, nil
}

// incidentTile answers GET /tiles/{z}/{x}/{y}.mvt with the /incidents
// filters applied. Date and type filters are answered from the index;
// filters only the store can evaluate (actor, q, region, intersects,
// filter) stream the tile's incidents from the store.
func (s *Server) incidentTile(w http.ResponseWriter, r *http.Request) error {
	t, err := tileCoords(r)
	if err != nil {
		return err
	}
	q, err := s.incidentQuery(r, modeExport)
	if err != nil {
		return err
	}
	q.Limit = 0
	ctx := r.Context()
	// The index holds the public incidents only: a status filter goes to the store.
	storeOnly := q.Actor != "" || q.Text != "" || q.Intersects != nil || q.Filter != nil || q.Bbox != nil || q.Statuses != nil
	var (
		data    []byte
		version string
	)
	if storeOnly {
		st, err := s.cfg.Store.Stats(ctx)
		if err != nil {
			return s.storeError(err)
		}
		version = st.Version
		if done := s.tileNotModified(w, r, version, t); done {
			return nil
		}
		src := func(ctx context.Context, b orb.Bound, fn func(*incident.Incident) error) error {
			qq := q
			if qq.Bbox != nil {
				// Both boxes must hold: keep the user's bbox as an intersects.
				if qq.Intersects == nil {
					qq.Intersects = qq.Bbox.ToPolygon()
				}
			}
			qq.Bbox = &b
			return s.cfg.Store.Incidents(ctx, qq, fn)
		}
		if data, err = tiles.Incidents(ctx, t, src, tiles.Options{}); err != nil {
			return s.storeError(err)
		}
	} else {
		ix, v, err := s.index(ctx)
		if err != nil {
			return s.storeError(err)
		}
		version = v
		if done := s.tileNotModified(w, r, version, t); done {
			return nil
		}
		f := tiles.Filter{Types: q.Types}
		if q.From != nil {
			f.From = *q.From
		}
		if q.To != nil {
			f.To = *q.To
		}
		key := tiles.CacheKey{Version: version, Tile: t, Filter: f.Key()}
		var ok bool
		if data, ok = s.tiles.cache.Get(key); !ok {
			if data, err = ix.Tile(t, f, tiles.Options{}); err != nil {
				return err
			}
			s.tiles.cache.Add(key, data)
		}
	}
	w.Header().Set("Content-Type", "application/vnd.mapbox-vector-tile")
	serveBytes(w, r, data) // Content-Length and byte ranges, for /vsicurl/
	return nil
}

// tileNotModified sets a tile's ETag (data version, tile, filters) and
// Cache-Control so browsers and CDNs revalidate cheaply; true means 304.
func (s *Server) tileNotModified(w http.ResponseWriter, r *http.Request, version string, t maptile.Tile) bool {
	tag := `W/"` + version + "-" + strconv.FormatUint(hashString(r.URL.RawQuery), 36) + "-" +
		strconv.Itoa(int(t.Z)) + "." + strconv.Itoa(int(t.X)) + "." + strconv.Itoa(int(t.Y)) + `"`
	w.Header().Set("ETag", tag)
	s.cacheControl(w, "public, max-age=60, stale-while-revalidate=600")
	if r.Header.Get("If-None-Match") == tag {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// basemapTile answers GET /basemap/{z}/{x}/{y}.mvt: countries, divisions and
// place labels from the gazetteer, so the map needs no outside tiles.
func (s *Server) basemapTile(w http.ResponseWriter, r *http.Request) error {
	t, err := tileCoords(r)
	if err != nil {
		return err
	}
	s.tiles.basemapOnce.Do(func() { s.tiles.basemap = BasemapFromGazetteer(s.cfg.Gazetteer) })
	tag := `"basemap-` + strconv.Itoa(s.cfg.Gazetteer.Len()) + "-" + strconv.Itoa(int(t.Z)) + "." + strconv.Itoa(int(t.X)) + "." + strconv.Itoa(int(t.Y)) + `"`
	w.Header().Set("ETag", tag)
	s.cacheControl(w, "public, max-age=86400")
	if r.Header.Get("If-None-Match") == tag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	data, err := s.tiles.basemap.Tile(t)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.mapbox-vector-tile")
	serveBytes(w, r, data) // Content-Length and byte ranges, for /vsicurl/
	return nil
}

// tileJSON answers GET /tiles.json (incidents; the request's filters carry
// into the tile URLs) and GET /basemap.json.
func (s *Server) tileJSON(basemap bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		o := tiles.TileJSONOptions{Name: "incidentmap incidents", Attribution: attribution}
		path := "/tiles/{z}/{x}/{y}.mvt"
		if basemap {
			o.Name, path = "incidentmap basemap", "/basemap/{z}/{x}/{y}.mvt"
			o.Basemap = true
			o.MaxZoom = 12
		}
		tpl := s.url(r, "/", nil)
		tpl = tpl[:len(tpl)-1] + path
		if !basemap {
			// A misspelt type, date or filter would give a TileJSON whose
			// every tile is a 400: check them as the tiles will.
			if _, err := s.incidentQuery(r, modeExport); err != nil {
				return err
			}
			if raw := r.URL.Query(); len(raw) > 0 {
				tpl += "?" + url.Values(raw).Encode()
			}
			st, err := s.cfg.Store.Stats(r.Context())
			if err != nil {
				return s.storeError(err)
			}
			o.Bounds, o.Version = st.Extent, st.Version
		}
		o.Tiles = []string{tpl}
		s.cacheControl(w, "public, max-age=60")
		s.varyByOrigin(w)
		return writeJSON(w, http.StatusOK, tiles.TileJSON(o))
	}
}

const attribution = "GeoNames (CC BY 4.0), Natural Earth, OurAirports; incidents extracted by incidentmap"

// BasemapFromGazetteer turns the gazetteer's countries, divisions and
// populated places into basemap features.
func BasemapFromGazetteer(g *gazetteer.Gazetteer) *tiles.Basemap {
	var fs []tiles.BasemapFeature
	g.Each(func(p *gazetteer.Place) bool {
		switch p.Kind {
		case gazetteer.KindCountry:
			if p.Shape != nil {
				fs = append(fs, tiles.BasemapFeature{Layer: tiles.LayerCountries, Geometry: p.Shape,
					Props: map[string]any{"name": p.Name, "code": p.CountryCode}})
			}
		case gazetteer.KindAdmin1:
			if p.Shape != nil {
				fs = append(fs, tiles.BasemapFeature{Layer: tiles.LayerAdmin1, Geometry: p.Shape, MinZoom: 4,
					Props: map[string]any{"name": p.Name, "code": p.Admin1, "country_code": p.CountryCode}})
			}
		case gazetteer.KindCity:
			if p.Population >= 20000 || p.FeatureCode == "PPLC" {
				fs = append(fs, tiles.BasemapFeature{Layer: tiles.LayerPlaces, Geometry: p.Point,
					Props: map[string]any{"name": p.Name, "population": p.Population, "country_code": p.CountryCode}})
			}
		}
		return true
	})
	return tiles.NewBasemap(fs)
}
