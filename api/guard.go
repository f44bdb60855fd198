package api

import (
	"context"
	"net/http"
	"time"
)

// securityHeaders sets the headers every response carries: no sniffing, no
// framing, no referrer leaks, and for HTML a CSP that allows no inline or
// third-party script. The page may fetch and show what else is allowed
// (a basemap style's servers: see basemap.CSPSources), nothing else.
func securityHeaders(allowed []string, next http.Handler) http.Handler {
	extra := ""
	for _, a := range allowed {
		extra += " " + a
	}
	csp := "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:" + extra + "; worker-src 'self' blob:; connect-src 'self'" + extra +
		"; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", csp)
		next.ServeHTTP(w, r)
	})
}

// deadline gives each request's context a time limit that reaches the
// database: a query past it is cancelled and answered 503.
func deadline(d time.Duration, next http.Handler) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
