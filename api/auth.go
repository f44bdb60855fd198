package api

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/incidentmap/incidentmap/store"
)

// Token is a named write token: the name is what an incident's history
// records of the changes made with it, the secret what clients send.
type Token struct {
	Name, Secret string
}

// DefaultTokenName names the token given without a name (WriteToken,
// --token SECRET).
const DefaultTokenName = "default"

// writeTokens are the configured write tokens, WriteToken first as
// DefaultTokenName.
func (cfg Config) writeTokens() []Token {
	var out []Token
	if cfg.WriteToken != "" {
		out = append(out, Token{Name: DefaultTokenName, Secret: cfg.WriteToken})
	}
	for _, t := range cfg.WriteTokens {
		if t.Secret != "" {
			out = append(out, t)
		}
	}
	return out
}

// writer returns the name of the write token r carries, if any. Every
// token is compared, in constant time, whichever matches.
func (s *Server) writer(r *http.Request) (string, bool) {
	got, ok := bearer(r)
	if !ok {
		return "", false
	}
	name, found := "", false
	for _, t := range s.cfg.writeTokens() {
		if subtle.ConstantTimeCompare([]byte(got), []byte(t.Secret)) == 1 && !found {
			name, found = t.Name, true
		}
	}
	return name, found
}

// requireWrite refuses a request without a write token, and otherwise
// hands on the token's name in the request's context (store.WithActor),
// for the history of what the request changes. Tokens are compared in
// constant time and never logged.
func (s *Server) requireWrite(next handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if len(s.cfg.writeTokens()) == 0 {
			return &Problem{Type: "about:blank", Title: "Forbidden", Status: http.StatusForbidden,
				Detail: "writes are disabled: start the server with a write token (--token or INCIDENTMAP_TOKEN)"}
		}
		name, ok := s.writer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="incidentmap"`)
			return &Problem{Type: "about:blank", Title: "Unauthorized", Status: http.StatusUnauthorized,
				Detail: "this request needs a write token as Authorization: Bearer TOKEN"}
		}
		return next(w, r.WithContext(store.WithActor(r.Context(), name)))
	}
}

// requireRead refuses reads without the read token when one is configured.
func (s *Server) requireRead(next handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.ReadToken == "" || r.URL.Path == "/healthz" || r.Method == http.MethodOptions {
			return next(w, r)
		}
		addVary(w, "Authorization")
		if _, isWriter := s.writer(r); !tokenMatches(r, s.cfg.ReadToken) && !isWriter {
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
