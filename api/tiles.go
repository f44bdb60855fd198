package api

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/tiles"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// tileService serves vector tiles: incidents from an index kept in step
// with the store's version, and the basemap from the gazetteer.
type tileService struct {
	live  *tiles.Live
	cache *tiles.Cache

	basemapOnce sync.Once
	basemap     *tiles.Basemap
}

// syncIndexBelow is the store size under which a stale index is rebuilt
// before answering; larger stores rebuild in the background while the old
// index answers.
const syncIndexBelow = 50000

// newTileService keeps the tile index of cfg's store.
func newTileService(cfg Config) *tileService {
	live := &tiles.Live{SyncBelow: syncIndexBelow, Logger: cfg.Logger,
		Version: func(ctx context.Context) (string, int64, error) {
			st, err := cfg.Store.Stats(ctx)
			return st.Version, st.Incidents, err
		},
		Scan: func(ctx context.Context, fn func(*incident.Incident) error) error {
			return cfg.Store.Incidents(ctx, store.Query{}, fn)
		},
	}
	return &tileService{live: live, cache: tiles.NewCache(64 << 20)}
}

// index returns the tile index for the store's current version, or the
// previous one while a large rebuild runs (see tiles.Live).
func (s *Server) index(ctx context.Context) (*tiles.Index, string, error) {
	return s.tiles.live.Index(ctx)
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
	q, err := s.incidentQuery(r, query.Export)
	if err != nil {
		return err
	}
	q.Limit = 0
	ctx := r.Context()
	// The index holds the public incidents only: a status filter goes to the store.
	storeOnly := q.Actor != "" || q.Text != "" || q.Intersects != nil || q.Filter != nil || q.Bbox != nil ||
		q.Country != "" || q.Admin1 != "" || q.Shape != store.ShapeAny || q.Statuses != nil ||
		q.UpdatedSince != nil || q.UpdatedFrom != nil || q.UpdatedTo != nil
	var data []byte
	if storeOnly {
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
		ix, version, err := s.index(ctx)
		if err != nil {
			return s.storeError(err)
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
	if done := s.tileNotModified(w, r, data); done {
		return nil
	}
	w.Header().Set("Content-Type", "application/vnd.mapbox-vector-tile")
	serveBytes(w, r, data) // Content-Length and byte ranges, for /vsicurl/
	return nil
}

// tileNotModified sets a tile's ETag and Cache-Control so browsers and
// CDNs revalidate cheaply; true means 304. The ETag is a hash of the tile's
// bytes, not of the store's version: a write changes the ETags of the tiles
// it touched only, and a CDN revalidating the others gets a 304 and keeps
// them (see TestIngestKeepsOtherTilesETags for the share that survives).
// The URL's filters need not be in it: an ETag is compared for one URL.
func (s *Server) tileNotModified(w http.ResponseWriter, r *http.Request, data []byte) bool {
	tag := tileETag(data)
	w.Header().Set("ETag", tag)
	s.cacheControl(w, "public, max-age=60, stale-while-revalidate=600")
	if etagMatch(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// tileETag is a weak ETag from a tile's content (weak: the gzip middleware
// may change its bytes on the wire, not what it says).
func tileETag(data []byte) string {
	sum := sha256.Sum256(data)
	return `W/"t` + base64.RawURLEncoding.EncodeToString(sum[:15]) + `"`
}

// etagMatch reports whether an If-None-Match header names tag (weak
// comparison, RFC 9110 13.1.2), or is "*".
func etagMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	opaque := strings.TrimPrefix(tag, "W/")
	for _, f := range strings.Split(header, ",") {
		f = strings.TrimSpace(f)
		if f == "*" || strings.TrimPrefix(f, "W/") == opaque {
			return true
		}
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
	s.tiles.basemapOnce.Do(func() { s.tiles.basemap = tiles.BasemapOf(s.cfg.Gazetteer) })
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
			if _, err := s.incidentQuery(r, query.Export); err != nil {
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
