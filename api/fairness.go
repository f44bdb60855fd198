package api

import (
	"crypto/subtle"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// unslotted are the paths that never wait for or take a shared request
// slot: probes and scrapes must answer while clients hold every slot.
var unslotted = map[string]bool{"/healthz": true, "/metrics": true}

// slots caps requests in flight, overall and per client, so that one client
// (one address, or one token) cannot hold every slot.
type slots struct {
	total     chan struct{}
	perClient int

	mu  sync.Mutex
	per map[string]int
}

func newSlots(total, perClient int) *slots {
	return &slots{total: make(chan struct{}, total), perClient: perClient, per: map[string]int{}}
}

// acquire takes a slot for client; false means the client is at its share
// or the server at its limit.
func (s *slots) acquire(client string) (ok, shareFull bool) {
	s.mu.Lock()
	if s.per[client] >= s.perClient {
		s.mu.Unlock()
		return false, true
	}
	s.per[client]++
	s.mu.Unlock()
	select {
	case s.total <- struct{}{}:
		return true, false
	default:
		s.release(client, false)
		return false, false
	}
}

func (s *slots) release(client string, held bool) {
	if held {
		<-s.total
	}
	s.mu.Lock()
	if s.per[client]--; s.per[client] <= 0 {
		delete(s.per, client)
	}
	s.mu.Unlock()
}

// limitConcurrency answers 503 with Retry-After when more than
// MaxConcurrent requests are in flight, or 429 when this client already has
// MaxPerClient of them, so a flood queues nowhere and one client cannot
// starve the others. Health and metrics are outside the slots.
func (s *Server) limitConcurrency(next http.Handler) http.Handler {
	sl := newSlots(s.cfg.MaxConcurrent, s.cfg.MaxPerClient)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unslotted[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		client := s.clientKey(r)
		ok, shareFull := sl.acquire(client)
		if !ok {
			w.Header().Set("Retry-After", "1")
			if shareFull {
				writeProblem(w, r, &Problem{Type: "about:blank", Title: "Too Many Requests", Status: http.StatusTooManyRequests,
					Detail: "this client already has " + strconv.Itoa(s.cfg.MaxPerClient) + " requests in flight; wait for them"})
				return
			}
			writeProblem(w, r, &Problem{Type: "about:blank", Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
				Detail: "the server is at its limit of " + strconv.Itoa(s.cfg.MaxConcurrent) + " concurrent requests; retry shortly"})
			return
		}
		defer sl.release(client, true)
		next.ServeHTTP(w, r)
	})
}

// clientKey names who sent a request, for the per-client share: a
// configured token it presents (so a token's holder shares no slots with
// anonymous neighbours), else its address. Behind a trusted proxy the
// address is the last hop the proxy appended to X-Forwarded-For. An
// unknown token counts as no token, so made-up tokens buy no extra share.
func (s *Server) clientKey(r *http.Request) string {
	if tok, ok := bearer(r); ok {
		if name, ok := s.writer(r); ok {
			return "token:write:" + name
		}
		switch {
		case s.cfg.ReadToken != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.cfg.ReadToken)) == 1:
			return "token:read"
		}
	}
	return "ip:" + s.clientIP(r)
}

// clientIP is the request's peer address, or with TrustProxy the address
// the proxy saw.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			if ip := net.ParseIP(strings.TrimSpace(hops[len(hops)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// errSlowBody says a client sent its body slower than the minimum rate.
var errSlowBody = errors.New("the body arrived slower than the server's minimum rate")

// guardBody bounds how long a request body may take to arrive: BodyGrace
// for the first bytes, then at least BodyMinRate bytes a second, and
// BodyTimeout in all; a slower client's read fails (408), so it cannot hold
// a request slot for long with a trickle. It also decodes a gzip or
// deflate Content-Encoding and refuses any other (415).
func (s *Server) guardBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		mb := &minRateBody{rc: http.NewResponseController(w), body: r.Body, start: time.Now(),
			grace: s.cfg.BodyGrace, limit: s.cfg.BodyTimeout, rate: float64(s.cfg.BodyMinRate)}
		r.Body = mb
		defer func() {
			// A handler that answered without reading the whole body (a
			// refusal, a 413): the server reads on to reuse the
			// connection, and that too must keep to the minimum rate, or
			// a trickling client holds the connection for the read timeout.
			if !mb.eof {
				_ = mb.rc.SetReadDeadline(mb.deadline())
			}
		}()
		if err := decodeBody(w, r); err != nil {
			var p *Problem
			if !errors.As(bodyError(err), &p) {
				p = badRequest("", "%v", err)
			}
			writeProblem(w, r, p)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// minRateBody moves the connection's read deadline along with the bytes
// received: start + grace + received/rate, never past start + limit.
type minRateBody struct {
	rc           *http.ResponseController
	body         io.ReadCloser
	start        time.Time
	grace, limit time.Duration
	rate         float64 // bytes a second
	n            int64
	eof          bool
}

// deadline is when the bytes so far say the body must be in.
func (b *minRateBody) deadline() time.Time {
	d := b.grace + time.Duration(float64(b.n)/b.rate*float64(time.Second))
	if d > b.limit {
		d = b.limit
	}
	return b.start.Add(d)
}

func (b *minRateBody) Read(p []byte) (int, error) {
	if b.eof {
		return b.body.Read(p)
	}
	dl := b.deadline()
	// Not every ResponseWriter has a connection (tests' recorders): then
	// the server's own ReadTimeout is the only bound.
	_ = b.rc.SetReadDeadline(dl)
	n, err := b.body.Read(p)
	b.n += int64(n)
	if err == io.EOF {
		// The whole body is in and the server has lifted the deadline for
		// its background read: setting one now would cancel the request's
		// context when it passed, so later reads leave it alone.
		b.eof = true
	}
	if err != nil && err != io.EOF {
		var ne net.Error
		if errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) || !time.Now().Before(dl) {
			return n, errSlowBody
		}
	}
	return n, err
}

func (b *minRateBody) Close() error { return b.body.Close() }

// bodyError maps a failed body read to its answer: 413 past the size
// limit, 408 for a body that trickled in too slowly, 400 otherwise.
func bodyError(err error) *Problem {
	var mbe *http.MaxBytesError
	var p *Problem
	switch {
	case errors.As(err, &mbe):
		return &Problem{Type: "about:blank", Title: "Content Too Large", Status: http.StatusRequestEntityTooLarge,
			Detail: "the body is larger than " + strconv.FormatInt(mbe.Limit, 10) + " bytes"}
	case errors.Is(err, errSlowBody):
		return &Problem{Type: "about:blank", Title: "Request Timeout", Status: http.StatusRequestTimeout, Detail: err.Error()}
	case errors.As(err, &p):
		return p
	}
	return badRequest("", "reading the body: %v", err)
}
