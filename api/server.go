package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/basemap"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
	"github.com/klauspost/compress/gzhttp"
)

// Config is what the HTTP layer needs; main fills it from flags.
type Config struct {
	Gazetteer *gazetteer.Gazetteer
	// Store holds the incidents; without one only the gazetteer endpoints
	// answer.
	Store store.Store
	// Pipeline ingests articles (POST /articles).
	Pipeline *ingest.Pipeline
	// Filters parses CQL2 filters; nil refuses the filter parameter.
	Filters query.FilterParser
	// Page serves the map page at / (for browsers) and its /assets/.
	Page http.Handler
	// Basemap is the basemap serve --basemap asked for, which the page
	// reads from GET /basemap/source.json (a PMTiles archive is served at
	// basemap.ArchivePath); nil is the embedded one.
	Basemap *basemap.Basemap
	// WriteToken guards every write (a bearer token), named
	// DefaultTokenName in the history; with neither it nor WriteTokens,
	// writes are refused.
	WriteToken string
	// WriteTokens are more write tokens, each with the name the history
	// of the changes made with it records.
	WriteTokens []Token
	// ReadToken, when set, guards reads too.
	ReadToken string
	Logger    *slog.Logger
	// MaxBodyBytes bounds request bodies; 0 means 10 MiB.
	MaxBodyBytes int64
	// MaxLimit caps the limit parameter; 0 means 10000.
	MaxLimit int
	// MaxExport caps the features of one export; 0 means 1,000,000.
	MaxExport int
	// MaxBatch caps the articles of one POST /articles; 0 means 1000.
	MaxBatch int
	// MaxConcurrent caps requests in flight (503 past it); 0 means 256.
	// /healthz and /metrics are outside this cap.
	MaxConcurrent int
	// MaxPerClient caps one client's requests in flight (429 past it); a
	// client is a configured token, else an address. 0 means a quarter of
	// MaxConcurrent.
	MaxPerClient int
	// BodyGrace is how long a request body's first bytes may take; 0 means
	// 5 s. Past it the body must keep arriving at BodyMinRate.
	BodyGrace time.Duration
	// BodyMinRate is the slowest a body may arrive, in bytes a second; 0
	// means 1024.
	BodyMinRate int64
	// BodyTimeout bounds reading a whole body; 0 means 60 s.
	BodyTimeout time.Duration
	// TrustProxy honours X-Forwarded-For, -Host and -Proto; without it
	// they are ignored, since any client can send them.
	TrustProxy bool
	// MaxGeocodeBytes bounds the text of POST /geocode, which needs no
	// token; 0 means 256 KiB.
	MaxGeocodeBytes int64
	// MaxMentions bounds the mentions POST /geocode returns (413 past it);
	// 0 means 5000.
	MaxMentions int
	// QueryTimeout bounds each request's work, database included; 0 means
	// 60 s. Exports get ten times as long.
	QueryTimeout time.Duration
	// AlertsChanged, when set, is called after a dead alert is put back to
	// be delivered (serve wakes its alert worker with it); it must not
	// block.
	AlertsChanged func()
}

// Server routes requests to handlers.
type Server struct {
	cfg     Config
	log     *slog.Logger
	router  *mux.Router
	metrics *metrics
	tiles   *tileService
	counts  countCache    // numberMatched per query and store version
	taggers chan struct{} // one token per POST /geocode tagging now
	exports *exportFiles
	queries query.Parser // the incident endpoints' parameters
}

// New builds the server and its routes.
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, log: cfg.Logger, router: mux.NewRouter(), metrics: newMetrics(),
		tiles: newTileService(cfg), taggers: make(chan struct{}, runtime.NumCPU()), exports: &exportFiles{}}
	s.queries = query.Parser{Gazetteer: cfg.Gazetteer, Filters: cfg.Filters, MaxLimit: cfg.MaxLimit, MaxExport: cfg.MaxExport}
	if srcs, ok := cfg.Store.(store.Sources); ok {
		s.metrics.reg.MustRegister(newSourceCollector(srcs))
	}
	if as, ok := cfg.Store.(store.Alerts); ok {
		s.metrics.reg.MustRegister(newPendingCollector(as))
	}
	s.router.Use(s.metrics.instrument)
	s.routes()
	return s
}

// withDefaults fills in the limits cfg leaves zero.
func (cfg Config) withDefaults() Config {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 10 << 20
	}
	if cfg.MaxLimit <= 0 {
		cfg.MaxLimit = 10000
	}
	if cfg.MaxExport <= 0 {
		cfg.MaxExport = 1000000
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 1000
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 256
	}
	if cfg.MaxPerClient <= 0 {
		cfg.MaxPerClient = max(1, cfg.MaxConcurrent/4)
	}
	if cfg.BodyGrace <= 0 {
		cfg.BodyGrace = 5 * time.Second
	}
	if cfg.BodyMinRate <= 0 {
		cfg.BodyMinRate = 1024
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = 60 * time.Second
	}
	if cfg.MaxGeocodeBytes <= 0 {
		cfg.MaxGeocodeBytes = 256 << 10
	}
	if cfg.MaxMentions <= 0 {
		cfg.MaxMentions = 5000
	}
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = 60 * time.Second
	}
	return cfg
}

// Handler returns the server with its middleware: bodies must arrive at a
// minimum rate and are decoded, panics become 500s, every request is
// logged, CORS is open, requests in flight are capped overall and per
// client, responses are gzipped when the client accepts it.
func (s *Server) Handler() http.Handler {
	return s.guardBody(s.recoverer(s.logRequests(securityHeaders(s.cfg.Basemap.CSPSources(), s.cors(s.limitConcurrency(gzhttp.GzipHandler(s.router)))))))
}

func (s *Server) routes() {
	r := s.router
	r.Handle("/healthz", s.h(s.healthz)).Methods(http.MethodGet, http.MethodHead)
	// Metrics name routes and volumes: with a read token they need it too.
	metrics := s.metrics.handler()
	r.Handle("/metrics", errorAdapter(s.log, s.requireRead(func(w http.ResponseWriter, r *http.Request) error {
		metrics.ServeHTTP(w, r)
		return nil
	}))).Methods(http.MethodGet)
	r.Handle("/places", s.h(s.searchPlaces)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/places/{id}", s.h(s.getPlace)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/geocode", s.h(s.geocode)).Methods(http.MethodPost)
	// Tiles also answer as .pbf with the TileJSON at metadata.json beside
	// them: the layout GDAL's MVT driver reads (MVT:http://host/tiles/10).
	r.Handle("/basemap/{z}/{x}/{y}.{ext:mvt|pbf}", s.h(s.basemapTile)).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/basemap.json", s.h(s.tileJSON(true))).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/basemap/metadata.json", s.h(s.tileJSON(true))).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/basemap/source.json", s.h(s.basemapSource)).Methods(http.MethodGet, http.MethodHead)
	if s.cfg.Basemap.Kind() == basemap.PMTiles {
		r.Handle(basemap.ArchivePath, s.h(s.basemapArchive)).Methods(http.MethodGet, http.MethodHead)
	}
	r.Handle("/taxonomy", s.h(s.taxonomy)).Methods(http.MethodGet, http.MethodHead)
	if s.cfg.Store != nil {
		get := []string{http.MethodGet, http.MethodHead}
		r.Handle("/", s.h(s.root)).Methods(get...)
		if s.cfg.Page != nil {
			r.PathPrefix("/assets/").Handler(s.cfg.Page).Methods(get...)
		}
		r.Handle("/conformance", s.h(s.conformanceDoc)).Methods(get...)
		r.Handle("/api", s.h(s.openAPI)).Methods(get...)
		r.Handle("/collections", s.h(s.collections)).Methods(get...)
		r.Handle("/collections/{collectionId}", s.h(s.collection)).Methods(get...)
		r.Handle("/collections/{collectionId}/items", s.h(s.ogcItems)).Methods(get...)
		r.Handle("/collections/{collectionId}/items/{featureId}", s.h(s.ogcItem)).Methods(get...)
		// OGC API - Features - Part 4 (review/edits, see edit.go).
		r.Handle("/collections/{collectionId}/items", s.h(s.requireWrite(s.createItem))).Methods(http.MethodPost)
		r.Handle("/collections/{collectionId}/items/{featureId}", s.h(s.requireWrite(s.replaceItem))).Methods(http.MethodPut)
		r.Handle("/collections/{collectionId}/items/{featureId}", s.h(s.requireWrite(s.patchItem))).Methods(http.MethodPatch)
		r.Handle("/collections/{collectionId}/items/{featureId}", s.h(s.requireWrite(s.deleteItem))).Methods(http.MethodDelete)
		r.Handle("/collections/{collectionId}/items/{featureId}/history", s.h(s.itemHistory)).Methods(get...)
		r.Handle("/collections/{collectionId}/items/{featureId}/merge", s.h(s.requireWrite(s.mergeItems))).Methods(http.MethodPost)
		r.Handle("/collections/{collectionId}/items/{featureId}/split", s.h(s.requireWrite(s.splitItem))).Methods(http.MethodPost)
		r.Handle("/collections/{collectionId}/queryables", s.h(s.queryables)).Methods(get...)
		r.Handle("/collections/{collectionId}/tombstones", s.h(s.tombstones)).Methods(get...)
		r.Handle("/collections/{collectionId}/suggestions", s.h(s.listSuggestions)).Methods(get...)
		r.Handle("/collections/{collectionId}/suggestions/{suggestionId}/accept", s.h(s.requireWrite(s.decideSuggestion(true)))).Methods(http.MethodPost)
		r.Handle("/collections/{collectionId}/suggestions/{suggestionId}/dismiss", s.h(s.requireWrite(s.decideSuggestion(false)))).Methods(http.MethodPost)
		r.Handle("/incidents", s.h(s.listIncidents)).Methods(get...)
		r.Handle("/stats", s.h(s.getStats)).Methods(get...)
		r.Handle("/tiles/{z}/{x}/{y}.{ext:mvt|pbf}", s.h(s.incidentTile)).Methods(get...)
		r.Handle("/tiles.json", s.h(s.tileJSON(false))).Methods(get...)
		r.Handle("/tiles/metadata.json", s.h(s.tileJSON(false))).Methods(get...)
		r.Handle("/export.{format}", deadline(10*s.cfg.QueryTimeout, s.h(s.exportIncidents))).Methods(get...)
		r.Handle("/articles", s.h(s.requireWrite(s.postArticles))).Methods(http.MethodPost)
		r.Handle("/articles/{id}", s.h(s.getArticle)).Methods(get...)
		r.Handle("/sources", s.h(s.listSources)).Methods(get...)
		r.Handle("/sources", s.h(s.requireWrite(s.postSource))).Methods(http.MethodPost)
		r.Handle("/sources/{id}", s.h(s.getSource)).Methods(get...)
		r.Handle("/sources/{id}", s.h(s.requireWrite(s.patchSource))).Methods(http.MethodPatch)
		r.Handle("/sources/{id}", s.h(s.requireWrite(s.deleteSource))).Methods(http.MethodDelete)
		r.Handle("/subscriptions", s.h(s.requireWrite(s.listSubscriptions))).Methods(get...)
		r.Handle("/subscriptions", s.h(s.requireWrite(s.postSubscription))).Methods(http.MethodPost)
		r.Handle("/subscriptions/{id}", s.h(s.requireWrite(s.getSubscription))).Methods(get...)
		r.Handle("/subscriptions/{id}", s.h(s.requireWrite(s.deleteSubscription))).Methods(http.MethodDelete)
		r.Handle("/subscriptions/{id}/alerts", s.h(s.requireWrite(s.listAlerts))).Methods(get...)
		r.Handle("/subscriptions/{id}/feed.atom", s.h(s.subscriptionFeed)).Methods(get...)
		r.Handle("/alerts", s.h(s.requireWrite(s.listAlerts))).Methods(get...)
		r.Handle("/alerts/{id}/retry", s.h(s.requireWrite(s.retryAlert))).Methods(http.MethodPost)
	}
	r.NotFoundHandler = s.h(func(w http.ResponseWriter, r *http.Request) error {
		return notFound("no resource at %s", r.URL.Path)
	})
	r.MethodNotAllowedHandler = s.h(func(w http.ResponseWriter, r *http.Request) error {
		allow := s.allowed(r)
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return &Problem{Type: "about:blank", Title: "Method Not Allowed", Status: http.StatusMethodNotAllowed,
			Detail: r.Method + " is not allowed on " + r.URL.Path + "; allowed: " + strings.Join(allow, ", ")}
	})
}

// allowed lists the methods some route takes at r's path (RFC 9110
// 15.5.6: a 405 says which).
func (s *Server) allowed(r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		rr := r.Clone(r.Context())
		rr.Method = m
		var match mux.RouteMatch
		if s.router.Match(rr, &match) && match.MatchErr == nil {
			out = append(out, m)
		}
	}
	return append(out, http.MethodOptions)
}

// h adapts a handler: read token, the request deadline, and errors written
// as problem+json in one place.
func (s *Server) h(fn handlerFunc) http.Handler {
	return deadlineOnce(s.cfg.QueryTimeout, errorAdapter(s.log, s.requireRead(fn)))
}

// deadlineOnce applies the default deadline unless a longer one is set.
func deadlineOnce(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.Context().Deadline(); ok {
			next.ServeHTTP(w, r)
			return
		}
		deadline(d, next).ServeHTTP(w, r)
	})
}

// healthz reports whether the server can answer: the gazetteer is loaded
// and, when there is a store, the database answers (503 otherwise).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	doc := map[string]any{"status": "ok", "places": s.cfg.Gazetteer.Len()}
	if s.cfg.Store != nil {
		if err := s.cfg.Store.Ping(r.Context()); err != nil {
			s.log.Warn("health: store unavailable", "err", err)
			return &Problem{Type: "about:blank", Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
				Detail: "the database does not answer"}
		}
		doc["store"] = "ok"
	}
	return writeJSON(w, http.StatusOK, doc)
}

// searchPlaces answers GET /places?q=NAME[&limit=N].
func (s *Server) searchPlaces(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return badRequest("q", "the q parameter (a place name or code) is required")
	}
	if len(q) > 512 {
		return badRequest("q", "q is longer than 512 bytes")
	}
	limit, err := query.ParseLimit(r.URL.Query().Get("limit"), 10, s.cfg.MaxLimit)
	if err != nil {
		return paramProblem(err)
	}
	s.cacheControl(w, "public, max-age=3600")
	return writeGeoJSON(w, http.StatusOK, feature.SearchResults(s.cfg.Gazetteer.Search(q, limit)))
}

// getPlace answers GET /places/{id}.
func (s *Server) getPlace(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	p, ok := s.cfg.Gazetteer.Place(id)
	if !ok {
		return notFound("no place with id %q", id)
	}
	s.cacheControl(w, "public, max-age=3600")
	return writeGeoJSON(w, http.StatusOK, feature.Place(p))
}

// geocode answers POST /geocode: text in (text/plain, or JSON {"text": ...}),
// place mentions out as the geoparse command prints them. It needs no
// token, so its work is bounded: the text (MaxGeocodeBytes), the mentions
// returned (MaxMentions), taggers running at once (one a core) and the
// query deadline. Each mention carries its place's point; geometry=places
// adds each place's full geometry once, geometry=full gives it to every
// mention.
func (s *Server) geocode(w http.ResponseWriter, r *http.Request) error {
	geom, err := feature.ParseMentionGeometry(r.URL.Query().Get("geometry"))
	if err != nil {
		return badRequest("geometry", "%v", err)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, min(s.cfg.MaxBodyBytes, s.cfg.MaxGeocodeBytes)))
	if err != nil {
		return bodyError(err)
	}
	text := string(body)
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "application/json") {
		var in struct {
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(body, &in); err != nil {
			return badRequest("", "the body is not valid JSON: %v", err)
		}
		if in.Text == nil {
			return badRequest("text", `a JSON body needs a "text" member`)
		}
		text = *in.Text
	}
	body = nil
	if strings.TrimSpace(text) == "" {
		return badRequest("text", "there is no text to geocode")
	}
	ms, err := s.tag(r.Context(), text)
	if err != nil {
		return err
	}
	if len(ms) > s.cfg.MaxMentions {
		return &Problem{Type: "about:blank", Title: "Content Too Large", Status: http.StatusRequestEntityTooLarge, Param: "text",
			Detail: "the text names more than " + strconv.Itoa(s.cfg.MaxMentions) + " places; send it in parts"}
	}
	return writeGeoJSON(w, http.StatusOK, feature.Mentions(ms, geom))
}

// tag runs the gazetteer's tagger within the request's deadline, at most
// one a core at once: waiting for a turn or for the tagger past the
// deadline is a 503 (the tagger cannot be interrupted; it finishes on its
// own, its work bounded by the size of the text).
func (s *Server) tag(ctx context.Context, text string) ([]gazetteer.Mention, error) {
	busy := &Problem{Type: "about:blank", Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
		Detail: "geocoding this text took longer than the server allows; send less text"}
	select {
	case s.taggers <- struct{}{}:
	case <-ctx.Done():
		return nil, busy
	}
	done := make(chan []gazetteer.Mention, 1)
	go func() {
		defer func() { <-s.taggers }()
		done <- incident.Geoparse(s.cfg.Gazetteer, text)
	}()
	select {
	case ms := <-done:
		return ms, nil
	case <-ctx.Done():
		return nil, busy
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

func writeGeoJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// recoverer turns a panic into a 500 problem; the stack goes to the log,
// never to the client.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				writeProblem(w, r, &Problem{Type: "about:blank", Title: "Internal Server Error", Status: 500,
					Detail: "the server could not complete the request"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (sw *statusWriter) WriteHeader(code int) { sw.status = code; sw.ResponseWriter.WriteHeader(code) }
func (sw *statusWriter) Write(b []byte) (int, error) {
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	n, err := sw.ResponseWriter.Write(b)
	sw.bytes += n
	return n, err
}

// logRequests writes one structured log line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes,
			"duration_ms", time.Since(start).Milliseconds())
	})
}

// cors lets browser clients on other origins read the API.
func (s *Server) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
			w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match, If-Match")
			w.Header().Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		// Editors in the browser read the ETag to send it back as If-Match.
		w.Header().Set("Access-Control-Expose-Headers", "ETag, Location")
		next.ServeHTTP(w, r)
	})
}

func jsonEncode(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
