package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
)

// articleResult is what POST /articles says of each article.
type articleResult struct {
	Line int    `json:"line,omitempty"`
	ID   string `json:"id,omitempty"`
	// Status is created, existing (stored before: nothing changed) or
	// error (nothing stored; Error says why).
	Status          string   `json:"status"`
	Created         bool     `json:"created"`
	NewIncidents    int      `json:"new_incidents"`
	MergedIncidents int      `json:"merged_incidents"`
	Incidents       []string `json:"incidents"`
	Error           string   `json:"error,omitempty"`
}

// The statuses of articleResult.
const (
	statusCreated  = "created"
	statusExisting = "existing"
	statusError    = "error"
)

// batchLine is one line of a batch, read before anything is stored.
type batchLine struct {
	line int
	a    incident.Article
	err  error
}

// postArticles ingests one article (plain text or JSON) or a batch (JSON
// Lines, Content-Type application/x-ndjson or application/jsonl). A batch
// is read whole before anything is stored, so a batch past the size or
// count limit is refused with nothing stored; then each article is its own
// transaction, and the reply lists every line's outcome (created, existing,
// or error with the reason).
func (s *Server) postArticles(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Pipeline == nil {
		return &Problem{Type: "about:blank", Title: "Forbidden", Status: http.StatusForbidden, Detail: "this server does not ingest"}
	}
	var published time.Time
	if p := r.URL.Query().Get("published"); p != "" {
		t, err := incident.ParsePublished(p)
		if err != nil {
			return badRequest("published", "%v", err)
		}
		published = t
	}
	opt := incident.ReadOptions{Published: published, URL: r.URL.Query().Get("url")}
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "application/x-ndjson") || strings.HasPrefix(ct, "application/jsonl") || strings.HasPrefix(ct, "application/json-seq") {
		return s.postBatch(w, r, body, opt)
	}
	_, a, err := incident.ReadArticle(body)
	if rerr, ok := err.(*incident.ReadError); ok {
		return bodyError(rerr.Err)
	}
	if err != nil {
		return badRequest("", "%v", err)
	}
	res, err := s.ingestOne(r, opt.Apply(a))
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !res.Created {
		status = http.StatusOK
	}
	w.Header().Set("Location", "/articles/"+res.ID)
	return writeJSON(w, status, res)
}

// postBatch ingests a JSON Lines batch (see postArticles): read whole,
// then each article in its own transaction, and the reply lists every
// line's outcome.
func (s *Server) postBatch(w http.ResponseWriter, r *http.Request, body io.Reader, opt incident.ReadOptions) error {
	var lines []batchLine
	err := incident.ReadArticles(body, true, opt, func(line int, a incident.Article, perr error) error {
		if len(lines) >= s.cfg.MaxBatch {
			return badRequest("", "a batch holds at most %d articles; nothing was stored", s.cfg.MaxBatch)
		}
		lines = append(lines, batchLine{line: line, a: a, err: perr})
		return nil
	})
	if err != nil {
		p := bodyError(err)
		if p.Status == http.StatusRequestEntityTooLarge {
			p.Detail += "; nothing was stored"
		}
		return p
	}
	if len(lines) == 0 {
		return badRequest("", "the batch holds no article")
	}
	results := make([]articleResult, 0, len(lines))
	failed, unavailable := 0, false
	for _, l := range lines {
		res, err := articleResult{}, l.err
		if err == nil {
			res, err = s.ingestOne(r, l.a)
		}
		if err != nil {
			var p *Problem
			if !errors.As(s.storeError(err), &p) {
				s.log.Error("batch line failed", "line", l.line, "err", err)
				p = &Problem{Status: http.StatusInternalServerError, Detail: "the server could not store it"}
			}
			if p.Status >= 500 {
				unavailable = true
			}
			failed++
			res = articleResult{ID: l.a.ID, Status: statusError, Error: p.Detail}
			if l.err != nil {
				res.Error = l.err.Error()
			}
		}
		res.Line = l.line
		results = append(results, res)
	}
	status := http.StatusCreated
	switch {
	case failed == len(results) && unavailable:
		status = http.StatusServiceUnavailable
	case failed == len(results):
		status = http.StatusBadRequest
	case failed > 0:
		status = http.StatusMultiStatus
	}
	return writeJSON(w, status, map[string]any{"articles": results, "failed": failed})
}

// ingestOne stores a, the request's published and url already applied
// (incident.ReadOptions).
func (s *Server) ingestOne(r *http.Request, a incident.Article) (articleResult, error) {
	if strings.TrimSpace(a.Body) == "" {
		return articleResult{}, badRequest("body", "the article has no body")
	}
	if a.ID != "" && !validArticleID(a.ID) {
		shown := a.ID
		if len(shown) > 64 {
			shown = shown[:64] + "..."
		}
		return articleResult{}, badRequest("id", "an article id is 1 to %d letters, digits and . _ : @ + ~ -, starting with a letter or digit, not %q", maxArticleID, shown)
	}
	res, x, err := s.cfg.Pipeline.Article(r.Context(), a, time.Time{})
	if err != nil {
		return articleResult{}, s.storeError(err)
	}
	s.metrics.ingested.WithLabelValues("articles").Inc()
	s.metrics.ingested.WithLabelValues("incidents_new").Add(float64(res.NewIncidents))
	s.metrics.ingested.WithLabelValues("incidents_merged").Add(float64(res.MergedIncidents))
	ids := make([]string, 0, len(x.Incidents))
	for _, inc := range x.Incidents {
		ids = append(ids, inc.ID)
	}
	status := statusExisting
	if res.Created {
		status = statusCreated
	}
	return articleResult{ID: res.ArticleID, Status: status, Created: res.Created, NewIncidents: res.NewIncidents,
		MergedIncidents: res.MergedIncidents, Incidents: ids}, nil
}

// maxArticleID is the longest article id, in bytes.
const maxArticleID = 128

// validArticleID reports whether id may name an article: it goes into
// URLs, Location headers and logs as it is, so no separators, spaces or
// control bytes.
func validArticleID(id string) bool {
	if id == "" || len(id) > maxArticleID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && strings.IndexByte("._:@+~-", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// getArticle shows a stored article: what was extracted and from which
// sentences.
func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	if len(id) > 1024 {
		return notFound("no article with an id that long")
	}
	rec, err := s.cfg.Store.Article(r.Context(), id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("no article with id %q", id)
		}
		return s.storeError(err)
	}
	feats := make([]json.RawMessage, 0, len(rec.Incidents))
	for i := range rec.Incidents {
		if rec.Incidents[i].Status == store.StatusDeleted {
			continue // deleted by an analyst: its history stays, the article no longer shows it
		}
		feats = append(feats, feature.Append(nil, &rec.Incidents[i]))
	}
	a := rec.Article
	doc := map[string]any{
		"id": a.ID, "title": a.Title, "url": a.URL, "source": a.Source, "body": a.Body,
		"ingested_at": rec.IngestedAt.UTC().Format(time.RFC3339),
		"mentions":    nonNilMentions(rec.Mentions),
		"incidents":   map[string]any{"type": "FeatureCollection", "features": feats},
	}
	if !a.Published.IsZero() {
		doc["published"] = a.Published.Format("2006-01-02")
	}
	if rec.CanonicalURL != "" {
		doc["canonical_url"] = rec.CanonicalURL
	}
	if rec.Byline != "" {
		doc["byline"] = rec.Byline
	}
	return writeJSON(w, http.StatusOK, doc)
}

func nonNilMentions(ms []store.MentionRecord) []store.MentionRecord {
	if ms == nil {
		return []store.MentionRecord{}
	}
	return ms
}
