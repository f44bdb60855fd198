package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/alerts"
	"github.com/incidentmap/incidentmap/api"
	"github.com/incidentmap/incidentmap/basemap"
	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/seeds"
	"github.com/incidentmap/incidentmap/web"
)

// serveFlags are serve's flags; cfg gathers the server's limits as the
// flags set them.
type serveFlags struct {
	gazetteer gazetteerFlags
	store     storeFlags
	poll      pollFlags
	alerts    alertFlags
	addr      string
	tokens    tokenFlags
	readToken string
	basemap   string
	pprofAddr string
	noSeed    bool
	logJSON   bool
	noPoll    bool
	maxFilter int
	maxDepth  int
	cfg       api.Config
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	f.gazetteer.register(fs)
	f.store.register(fs)
	fs.StringVar(&f.addr, "addr", envOr("INCIDENTMAP_ADDR", ":8080"), "address to listen on (env INCIDENTMAP_ADDR)")
	fs.Var(&f.tokens, "token", "a write token: name=secret, or a bare secret (named \"default\"); give it once per analyst, whose name the history of each change records (env INCIDENTMAP_TOKEN); without one, writes are refused")
	fs.StringVar(&f.readToken, "read-token", "", "bearer token reads need too (env INCIDENTMAP_READ_TOKEN); default: reads are open")
	fs.BoolVar(&f.cfg.TrustProxy, "trust-proxy", false, "honour X-Forwarded-For, -Host and -Proto (set only behind a proxy that sets them: any client can send them)")
	fs.StringVar(&f.basemap, "basemap", os.Getenv("INCIDENTMAP_BASEMAP"), "the map page's basemap: a MapLibre style URL (http/https), or a local PMTiles v3 file the server serves with Range requests (env INCIDENTMAP_BASEMAP); default: the embedded basemap")
	fs.BoolVar(&f.noSeed, "no-seed", false, "do not load the demo articles into an empty store")
	fs.BoolVar(&f.logJSON, "log-json", false, "write logs as JSON lines")
	fs.Int64Var(&f.cfg.MaxBodyBytes, "max-body", 10<<20, "largest request body in bytes")
	fs.IntVar(&f.cfg.MaxLimit, "max-limit", 10000, "largest page (limit parameter)")
	fs.IntVar(&f.cfg.MaxExport, "max-export", 1000000, "most features in one export")
	fs.IntVar(&f.cfg.MaxConcurrent, "max-concurrent", 256, "most requests in flight; past it, 503 with Retry-After (/healthz and /metrics are outside it)")
	fs.IntVar(&f.cfg.MaxPerClient, "max-per-client", 0, "most requests in flight from one client (an address, or a token); past it, 429 (default: a quarter of --max-concurrent)")
	fs.DurationVar(&f.cfg.BodyGrace, "body-grace", 5*time.Second, "time a request body's first bytes may take")
	fs.Int64Var(&f.cfg.BodyMinRate, "body-min-rate", 1024, "slowest a request body may arrive after --body-grace, in bytes a second; slower is 408")
	fs.DurationVar(&f.cfg.BodyTimeout, "body-timeout", 60*time.Second, "longest a whole request body may take")
	fs.Int64Var(&f.cfg.MaxGeocodeBytes, "max-geocode-bytes", 256<<10, "largest text POST /geocode takes (it needs no token)")
	fs.IntVar(&f.cfg.MaxMentions, "max-mentions", 5000, "most place mentions POST /geocode returns; a text naming more is refused with 413")
	fs.IntVar(&f.maxFilter, "max-filter-length", 16<<10, "longest CQL2 filter in bytes")
	fs.IntVar(&f.maxDepth, "max-filter-depth", 32, "deepest nesting of a CQL2 filter")
	fs.DurationVar(&f.cfg.QueryTimeout, "query-timeout", 60*time.Second, "time limit of one request's work, database included (exports: 10x)")
	f.poll.register(fs)
	f.alerts.register(fs)
	fs.StringVar(&f.pprofAddr, "pprof", "", "serve Go's profiles (/debug/pprof/) on this loopback address, e.g. 127.0.0.1:6060, for profiling under load; default: off")
	fs.BoolVar(&f.noPoll, "no-poll", false, "do not poll the registered sources (leave it to 'incidentmap watch' workers)")
}

// fromEnv completes the flags from the environment, which tokens come
// from by preference (flags show in ps), and checks --pprof.
func (f *serveFlags) fromEnv() error {
	if v := os.Getenv("INCIDENTMAP_TOKEN"); len(f.tokens) == 0 && strings.TrimSpace(v) != "" {
		if err := f.tokens.Set(v); err != nil {
			return usageError{"INCIDENTMAP_TOKEN: " + err.Error()}
		}
	}
	if f.readToken == "" {
		f.readToken = os.Getenv("INCIDENTMAP_READ_TOKEN")
	}
	if f.pprofAddr != "" {
		if err := loopbackAddr(f.pprofAddr); err != nil {
			return usageError{"--pprof: " + err.Error()}
		}
	}
	return nil
}

// logger writes to stderr, as text or, with --log-json, as JSON lines.
func (f *serveFlags) logger(stderr io.Writer) *slog.Logger {
	if f.logJSON {
		return slog.New(slog.NewJSONHandler(stderr, nil))
	}
	return slog.New(slog.NewTextHandler(stderr, nil))
}

func cmdServe(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("serve", env, "serve [--addr :8080] [--db incidents.db | --postgres URL] [--basemap STYLE_URL|FILE.pmtiles]")
	var f serveFlags
	f.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", pos)}
	}
	if err := f.fromEnv(); err != nil {
		return err
	}
	log := f.logger(env.stderr)

	bm, err := openBasemap(f.basemap, log)
	if err != nil {
		return err
	}
	defer bm.Close()

	start := time.Now()
	g, err := f.gazetteer.load(ctx)
	if err != nil {
		return err
	}
	log.Info("gazetteer loaded", "places", g.Len(), "duration_ms", time.Since(start).Milliseconds())
	st, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	pipe := &ingest.Pipeline{Gazetteer: g, Store: st}
	// The alert worker raises and delivers alerts in the background: an
	// ingest only queues its changes (in its own transaction) and wakes it.
	aw := f.alerts.worker(st, g, log)
	if aw != nil {
		pipe.Stored = aw.Notify
	}
	if !f.noSeed {
		if err := loadSeeds(ctx, pipe, log); err != nil {
			return err
		}
	}
	if len(f.tokens) == 0 {
		log.Warn("no write token: POST /articles and edits are refused (set INCIDENTMAP_TOKEN)")
	}
	cfg := f.cfg
	cfg.Gazetteer, cfg.Store, cfg.Pipeline, cfg.Page, cfg.Basemap = g, st, pipe, web.Handler(), bm
	cfg.Filters = query.CQL2Filters{Options: cql2.Options{MaxLength: f.maxFilter, MaxDepth: f.maxDepth}}
	cfg.WriteTokens, cfg.ReadToken, cfg.Logger = f.tokens, f.readToken, log
	cfg.AlertsChanged = alertsChanged(aw)
	apiServer := api.New(cfg)
	defer apiServer.Close() // the exports kept for range requests
	go apiServer.WarmTiles(ctx)
	if aw != nil {
		aw.Observe = apiServer.ObserveAlert // counted in /metrics
		// The worker stops with ctx; wait for its deliveries in flight to
		// record before the store closes.
		defer inBackground(ctx, aw.Run)()
		log.Info("alert worker", "worker", aw.ID, "tick", f.alerts.tick, "allow_private", f.alerts.allowPrivate)
	}
	if !f.noPoll {
		if p := f.poll.poller(st, pipe, log); p != nil {
			// The poller stops with ctx; wait for its poll in flight to
			// record before the store closes.
			defer inBackground(ctx, p.Run)()
			log.Info("polling sources", "worker", p.Worker, "tick", f.poll.tick, "allow_private", f.poll.allowPrivate)
		}
	}
	if f.pprofAddr != "" {
		stop, err := servePprof(f.pprofAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	return listenAndServe(ctx, apiServer.Handler(), f.addr, f.cfg.BodyTimeout, log)
}

// openBasemap opens --basemap's style URL or PMTiles file (the embedded
// basemap when spec is empty) and logs what it opened.
func openBasemap(spec string, log *slog.Logger) (*basemap.Basemap, error) {
	bm, err := basemap.Open(spec)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	if bm.Kind() != basemap.Embedded {
		h := bm.Header()
		log.Info("basemap", "kind", bm.Kind(), "source", spec, "minzoom", h.MinZoom, "maxzoom", h.MaxZoom)
	}
	return bm, nil
}

// inBackground runs run until ctx ends or the returned stop is called;
// stop returns when run has.
func inBackground(ctx context.Context, run func(context.Context) error) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = run(ctx) }()
	return func() { cancel(); <-done }
}

// alertsChanged wakes aw, when there is one.
func alertsChanged(aw *alerts.Worker) func() {
	if aw == nil {
		return nil
	}
	return aw.Notify
}

// loadSeeds ingests the embedded demo articles into an empty store, so
// the map is not empty on first start.
func loadSeeds(ctx context.Context, pipe *ingest.Pipeline, log *slog.Logger) error {
	arts, err := seeds.Articles()
	if err != nil {
		return err
	}
	n, err := pipe.SeedIfEmpty(ctx, arts)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("empty store: loaded the demo articles", "articles", n)
	}
	return nil
}

// listenAndServe serves h on addr until ctx ends (SIGTERM or SIGINT),
// then lets the requests in flight finish.
func listenAndServe(ctx context.Context, h http.Handler, addr string, bodyTimeout time.Duration, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       bodyTimeout + 10*time.Second, // the handler's body guard moves it along
		WriteTimeout:      10 * time.Minute,             // exports stream for a while
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		// SIGTERM or SIGINT: stop accepting, let in-flight requests (and the
		// transaction each is in) finish.
		log.Info("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	}
}

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// tokenFlags collects serve's --token values: "name=secret", a named write
// token whose name an incident's history records, or a bare "secret"
// (named api.DefaultTokenName), as before names existed. The flag may be
// given several times.
type tokenFlags []api.Token

var tokenName = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,64}$`)

func (t *tokenFlags) String() string {
	names := make([]string, len(*t))
	for i, tok := range *t {
		names[i] = tok.Name
	}
	return strings.Join(names, ",")
}

func (t *tokenFlags) Set(v string) error {
	tok, err := parseToken(v)
	if err != nil {
		return err
	}
	for _, have := range *t {
		if have.Name == tok.Name && tok.Name != api.DefaultTokenName {
			return fmt.Errorf("two tokens named %q", tok.Name)
		}
	}
	*t = append(*t, tok)
	return nil
}

// parseToken reads one --token value. A value is name=secret when what
// comes before the first '=' is a name (letters, digits, _ . @ -) and
// what follows is not only '=' signs; otherwise the whole value is a bare
// secret, so a base64 secret's padding ("c2VjcmV0==") stays a secret.
func parseToken(v string) (api.Token, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return api.Token{}, fmt.Errorf("empty token")
	}
	if name, secret, ok := strings.Cut(v, "="); ok && tokenName.MatchString(name) && strings.Trim(secret, "=") != "" {
		return api.Token{Name: name, Secret: secret}, nil
	}
	return api.Token{Name: api.DefaultTokenName, Secret: v}, nil
}
