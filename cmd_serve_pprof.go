package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// loopbackAddr refuses a --pprof address that is not on this machine:
// profiles show code paths and memory, and a CPU profile costs a core.
func loopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%q is not a loopback address (127.0.0.1:PORT, [::1]:PORT, localhost:PORT)", addr)
	}
	return nil
}

// pprofHandler serves net/http/pprof's profiles under /debug/pprof/, on
// its own mux so the API's router never routes to them.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// servePprof serves the profiles on addr, outside the API's slots and
// middleware, until stop is called.
func servePprof(addr string, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--pprof: %w", err)
	}
	srv := &http.Server{Handler: pprofHandler(), ReadHeaderTimeout: 10 * time.Second}
	log.Info("profiles", "addr", ln.Addr().String(), "path", "/debug/pprof/")
	go func() { _ = srv.Serve(ln) }()
	return func() { _ = srv.Close() }, nil
}
