package api

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// requireWrite refuses a request without the write token. Tokens are
// compared in constant time and never logged.
func (s *Server) requireWrite(next handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.WriteToken == "" {
			return &Problem{Type: "about:blank", Title: "Forbidden", Status: http.StatusForbidden,
				Detail: "writes are disabled: start the server with a write token (--token or INCIDENTMAP_TOKEN)"}
		}
		if !tokenMatches(r, s.cfg.WriteToken) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="incidentmap"`)
			return &Problem{Type: "about:blank", Title: "Unauthorized", Status: http.StatusUnauthorized,
				Detail: "this request needs the write token as Authorization: Bearer TOKEN"}
		}
		return next(w, r)
	}
}

// requireRead refuses reads without the read token when one is configured.
func (s *Server) requireRead(next handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.ReadToken == "" || r.URL.Path == "/healthz" || r.Method == http.MethodOptions {
			return next(w, r)
		}
		addVary(w, "Authorization")
		if !tokenMatches(r, s.cfg.ReadToken) && !(s.cfg.WriteToken != "" && tokenMatches(r, s.cfg.WriteToken)) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="incidentmap"`)
			return &Problem{Type: "about:blank", Title: "Unauthorized", Status: http.StatusUnauthorized,
				Detail: "this server needs a token for reads too: Authorization: Bearer TOKEN"}
		}
		return next(w, r)
	}
}

func tokenMatches(r *http.Request, want string) bool {
	got, ok := bearer(r)
	if !ok {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// bearer returns the token of an Authorization: Bearer header; the scheme
// is case-insensitive (RFC 9110 11.1).
func bearer(r *http.Request) (string, bool) {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}
