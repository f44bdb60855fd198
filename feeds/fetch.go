package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
)

// DefaultUserAgent names the fetcher to the sites it reads.
const DefaultUserAgent = "incidentmap-feeds/1.0 (+https://github.com/incidentmap/incidentmap)"

// robotsAgent is the token robots.txt groups are matched against.
const robotsAgent = "incidentmap"

// ErrForbiddenAddress is returned for a URL whose host resolves to a
// loopback, private, link-local or otherwise non-public address while
// private addresses are not allowed.
var ErrForbiddenAddress = errors.New("address not allowed")

// ErrRobots is returned when robots.txt disallows a URL.
var ErrRobots = errors.New("disallowed by robots.txt")

// ErrTooLarge is returned when a response is larger than MaxBytes.
var ErrTooLarge = errors.New("response too large")

// StatusError is a response with a status the fetcher cannot use.
type StatusError struct {
	Code int
	// RetryAfter is the wait a 429 or 503 asked for (Retry-After), 0
	// when it named none.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.Code, http.StatusText(e.Code))
}

// Options configure a Fetcher; the zero value is usable.
type Options struct {
	// UserAgent is sent with every request; "" means DefaultUserAgent.
	UserAgent string
	// Timeout bounds one request, body included; 0 means 30 s.
	Timeout time.Duration
	// MaxBytes bounds a response body; 0 means 10 MiB.
	MaxBytes int64
	// MaxRedirects caps the redirects followed; 0 means 5.
	MaxRedirects int
	// AllowPrivate lets the fetcher reach loopback and private addresses
	// (tests, feeds on an intranet). Off, every address a connection is
	// made to is checked as it is dialled, so a DNS answer cannot slip
	// past the check.
	AllowPrivate bool
	// HostDelay is the least time between two requests to one host; 0
	// means 1 s.
	HostDelay time.Duration
	// RobotsTTL is how long a host's robots.txt is kept; 0 means 1 h.
	RobotsTTL time.Duration
}

// Fetcher gets documents over HTTP(S) within its Options' bounds. It is
// safe for concurrent use.
type Fetcher struct {
	opt    Options
	client *http.Client

	mu     sync.Mutex
	next   map[string]time.Time // per host: the earliest next request
	robots map[string]robotsEntry
}

type robotsEntry struct {
	group   *robotstxt.Group // nil allows everything
	fetched time.Time
}

// NewFetcher returns a Fetcher with opt's bounds.
func NewFetcher(opt Options) *Fetcher {
	if opt.UserAgent == "" {
		opt.UserAgent = DefaultUserAgent
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 30 * time.Second
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 10 << 20
	}
	if opt.MaxRedirects <= 0 {
		opt.MaxRedirects = 5
	}
	if opt.HostDelay <= 0 {
		opt.HostDelay = time.Second
	}
	if opt.RobotsTTL <= 0 {
		opt.RobotsTTL = time.Hour
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		// No proxy from the environment: the address check must see the
		// address really dialled.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opt.Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	f := &Fetcher{opt: opt, next: map[string]time.Time{}, robots: map[string]robotsEntry{}}
	f.client = &http.Client{
		Transport: transport,
		Timeout:   opt.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > opt.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", opt.MaxRedirects)
			}
			if err := checkScheme(req.URL); err != nil {
				return err
			}
			// A redirect is a new request: its robots.txt and its host's
			// turn apply too.
			ok, err := f.allowed(req.Context(), req.URL)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("redirect to %s: %w", req.URL, ErrRobots)
			}
			return f.wait(req.Context(), req.URL.Host)
		},
	}
	return f
}

// CheckURL parses a source URL: absolute, http or https, with a host.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("source URL: %w", err)
	}
	if err := checkScheme(u); err != nil {
		return nil, err
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("source URL %q has no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("source URL %q carries credentials", raw)
	}
	u.Fragment = ""
	return u, nil
}

func checkScheme(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("URL scheme %q: only http and https are fetched", u.Scheme)
	}
	return nil
}

// RefusePrivate is a net.Dialer Control that refuses to connect to an
// address that is not PublicAddr, with ErrForbiddenAddress. It runs on the
// address really dialled, after DNS, so a hostname cannot slip past it:
// the guard of the fetcher, for other outbound requests to URLs users
// give (webhooks).
func RefusePrivate(network, address string, c syscall.RawConn) error {
	return refusePrivate(network, address, c)
}

// refusePrivate is a net.Dialer Control: it runs on the resolved address
// of every connection, redirects included.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, ErrForbiddenAddress)
	}
	if !PublicAddr(ap.Addr()) {
		return fmt.Errorf("dial %s: %w", address, ErrForbiddenAddress)
	}
	return nil
}

var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64, may reach private IPv4
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64
	netip.MustParsePrefix("2002::/16"),      // 6to4, may embed private IPv4
}

// PublicAddr reports whether a is an address on the public internet: not
// loopback, private, link-local, multicast, unspecified or reserved.
func PublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// Response is a fetched document.
type Response struct {
	// NotModified is true for a 304: Body is empty, the validators sent
	// still hold.
	NotModified bool
	Body        []byte
	// ETag and LastModified are the response's validators.
	ETag, LastModified string
	// URL is where the document was found, after redirects.
	URL *url.URL
}

// Fetch gets u, conditionally when etag or lastModified is set, after
// checking robots.txt and waiting for the host's turn.
func (f *Fetcher) Fetch(ctx context.Context, u *url.URL, etag, lastModified string) (Response, error) {
	if err := checkScheme(u); err != nil {
		return Response{}, err
	}
	ok, err := f.allowed(ctx, u)
	if err != nil {
		return Response{}, err
	}
	if !ok {
		return Response{}, fmt.Errorf("fetch %s: %w", u, ErrRobots)
	}
	if err := f.wait(ctx, u.Host); err != nil {
		return Response{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Response{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept", "application/feed+json, application/atom+xml, application/rss+xml, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return Response{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	out := Response{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), URL: resp.Request.URL}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		return out, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return Response{}, fmt.Errorf("fetch %s: %w", u, &StatusError{Code: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))})
	}
	if resp.ContentLength > f.opt.MaxBytes {
		return Response{}, fmt.Errorf("fetch %s: %w: %d bytes, the limit is %d", u, ErrTooLarge, resp.ContentLength, f.opt.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opt.MaxBytes+1))
	if err != nil {
		return Response{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	if int64(len(body)) > f.opt.MaxBytes {
		return Response{}, fmt.Errorf("fetch %s: %w: more than %d bytes", u, ErrTooLarge, f.opt.MaxBytes)
	}
	out.Body = body
	return out, nil
}

// wait blocks until host may be asked again, and books the next turn.
func (f *Fetcher) wait(ctx context.Context, host string) error {
	f.mu.Lock()
	now := time.Now()
	at := f.next[host]
	if at.Before(now) {
		at = now
	}
	f.next[host] = at.Add(f.opt.HostDelay)
	f.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// allowed checks u against its host's robots.txt, fetched once per
// RobotsTTL. A missing robots.txt (4xx) allows everything; one that
// cannot be read (5xx, network) refuses for now, as RFC 9309 asks.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) (bool, error) {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	e, ok := f.robots[key]
	f.mu.Unlock()
	if !ok || time.Since(e.fetched) > f.opt.RobotsTTL {
		group, err := f.fetchRobots(ctx, key)
		if err != nil {
			return false, err
		}
		e = robotsEntry{group: group, fetched: time.Now()}
		f.mu.Lock()
		f.robots[key] = e
		f.mu.Unlock()
	}
	if e.group == nil {
		return true, nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return e.group.Test(path), nil
}

func (f *Fetcher) fetchRobots(ctx context.Context, origin string) (*robotstxt.Group, error) {
	if err := f.wait(ctx, strings.SplitN(origin, "://", 2)[1]); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return nil, fmt.Errorf("robots.txt of %s: %w", origin, err)
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("robots.txt of %s: %w", origin, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 && resp.StatusCode < 500 {
		return nil, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("robots.txt of %s: %w", origin, &StatusError{Code: resp.StatusCode})
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if err != nil {
		return nil, fmt.Errorf("robots.txt of %s: %w", origin, err)
	}
	data, err := robotstxt.FromBytes(body)
	if err != nil {
		return nil, nil // unparsable rules restrict nothing
	}
	return data.FindGroup(robotsAgent), nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}
