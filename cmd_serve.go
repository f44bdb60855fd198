package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/incidentmap/incidentmap/api"
)

func cmdServe(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("serve", env, "serve [--addr :8080]")
	var gf gazetteerFlags
	gf.register(fs)
	addr := fs.String("addr", envOr("INCIDENTMAP_ADDR", ":8080"), "address to listen on (env INCIDENTMAP_ADDR)")
	logJSON := fs.Bool("log-json", false, "write logs as JSON lines")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", pos)}
	}
	var handler slog.Handler = slog.NewTextHandler(env.stderr, nil)
	if *logJSON {
		handler = slog.NewJSONHandler(env.stderr, nil)
	}
	log := slog.New(handler)

	start := time.Now()
	g, err := gf.load(ctx)
	if err != nil {
		return err
	}
	log.Info("gazetteer loaded", "places", g.Len(), "duration_ms", time.Since(start).Milliseconds())

	srv := &http.Server{
		Handler:           api.New(api.Config{Gazetteer: g, Logger: log}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", *addr)
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
		// SIGTERM or SIGINT: stop accepting, let in-flight requests finish.
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
