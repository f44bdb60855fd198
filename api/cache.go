package api

import (
	"net/http"
	"strings"
)

// cacheControl sets a read's Cache-Control. When reads need a token, the
// response belongs to the client that presented it: private, so a shared
// cache (a CDN, a corporate proxy) never hands it to someone without the
// token, and it varies by Authorization.
func (s *Server) cacheControl(w http.ResponseWriter, v string) {
	if s.cfg.ReadToken != "" {
		v = strings.Replace(v, "public", "private", 1)
		addVary(w, "Authorization")
	}
	w.Header().Set("Cache-Control", v)
}

// addVary adds a header name to Vary unless it is there.
func addVary(w http.ResponseWriter, name string) {
	for _, v := range w.Header().Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(f), name) {
				return
			}
		}
	}
	w.Header().Add("Vary", name)
}

// varyByOrigin says a response whose body holds this server's own URLs
// varies by the forwarded host and scheme, when those are trusted.
func (s *Server) varyByOrigin(w http.ResponseWriter) {
	if s.cfg.TrustProxy {
		addVary(w, "X-Forwarded-Host")
		addVary(w, "X-Forwarded-Proto")
	}
}
