package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/incidentmap/incidentmap/query"
)

// Problem is an RFC 9457 problem detail; handlers return one for every
// error a client can act on.
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	// Param names the query parameter or field at fault, when one is.
	Param string `json:"param,omitempty"`
}

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// badRequest says the client sent something the server cannot use.
func badRequest(param, format string, args ...any) *Problem {
	return &Problem{Type: "about:blank", Title: "Bad Request", Status: http.StatusBadRequest, Param: param, Detail: fmt.Sprintf(format, args...)}
}

// paramProblem turns a parameter the query package could not use into a
// 400 naming it; other errors pass as they are.
func paramProblem(err error) error {
	var qe *query.Error
	if errors.As(err, &qe) {
		return badRequest(qe.Param, "%s", qe.Detail)
	}
	return err
}

// notFound says the resource does not exist.
func notFound(format string, args ...any) *Problem {
	return &Problem{Type: "about:blank", Title: "Not Found", Status: http.StatusNotFound, Detail: fmt.Sprintf(format, args...)}
}

// handlerFunc is an HTTP handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// errorAdapter turns handler errors into problem+json responses: a Problem
// as it is, anything else as a 500 that reveals nothing of the cause, which
// is logged instead.
func errorAdapter(log *slog.Logger, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			var p *Problem
			if !errors.As(err, &p) {
				log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
				p = &Problem{Type: "about:blank", Title: "Internal Server Error", Status: http.StatusInternalServerError,
					Detail: "the server could not complete the request"}
			}
			writeProblem(w, r, p)
		}
	})
}

func writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	if p.Instance == "" {
		p.Instance = r.URL.Path
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
