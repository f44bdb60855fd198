package feeds

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

func TestParseSitemapIndex(t *testing.T) {
	base, _ := url.Parse("https://news.example/sitemaps/index.xml")
	tests := []struct {
		name string
		doc  string
		want []Sitemap
		err  bool
	}{
		{"newest first, undated after in document order", `<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/s-2023-06.xml</loc><lastmod>2023-06-30</lastmod></sitemap>
  <sitemap><loc>/s-undated-a.xml</loc></sitemap>
  <sitemap><loc>s-2023-07.xml</loc><lastmod>2023-07-03T05:40:00+02:00</lastmod></sitemap>
  <sitemap><loc>  </loc><lastmod>2024-01-01</lastmod></sitemap>
  <sitemap><loc>https://news.example/s-undated-b.xml</loc><lastmod>not a date</lastmod></sitemap>
</sitemapindex>`, []Sitemap{
			{URL: "https://news.example/sitemaps/s-2023-07.xml", LastMod: time.Date(2023, 7, 3, 3, 40, 0, 0, time.UTC)},
			{URL: "https://news.example/s-2023-06.xml", LastMod: time.Date(2023, 6, 30, 0, 0, 0, 0, time.UTC)},
			{URL: "https://news.example/s-undated-a.xml"},
			{URL: "https://news.example/s-undated-b.xml"},
		}, false},
		{"empty index", `<sitemapindex></sitemapindex>`, nil, false},
		{"entities and CDATA in loc", `<sitemapindex><sitemap><loc><![CDATA[/a.xml?x=1&y=2]]></loc></sitemap><sitemap><loc>/b.xml?x=1&amp;y=2</loc></sitemap></sitemapindex>`,
			[]Sitemap{{URL: "https://news.example/a.xml?x=1&y=2"}, {URL: "https://news.example/b.xml?x=1&y=2"}}, false},
		{"broken", `<sitemapindex><sitemap><loc>/a.xml</loc>`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(tt.doc), base)
			if tt.err {
				if err == nil {
					t.Fatalf("parsed %+v, want an error", f)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != "sitemapindex" || len(f.Entries) != 0 {
				t.Errorf("format %q, %d entries", f.Format, len(f.Entries))
			}
			if !slices.EqualFunc(f.Sitemaps, tt.want, func(a, b Sitemap) bool { return a.URL == b.URL && a.LastMod.Equal(b.LastMod) }) {
				t.Errorf("sitemaps = %+v\nwant      %+v", f.Sitemaps, tt.want)
			}
		})
	}
}

// sitemapSite serves a site of sitemaps and article pages, logging the
// paths asked for.
type sitemapSite struct {
	*httptest.Server
	mu   sync.Mutex
	docs map[string]string
	log  []string
}

func newSitemapSite(t *testing.T, docs map[string]string) *sitemapSite {
	s := &sitemapSite{docs: docs}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.log = append(s.log, r.URL.Path)
		doc, ok := s.docs[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(strings.ReplaceAll(doc, "ORIGIN", "http://"+r.Host)))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *sitemapSite) asked(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.log {
		if p == path {
			n++
		}
	}
	return n
}

func urlset(paths ...string) string {
	var b strings.Builder
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i, p := range paths {
		b.WriteString(`<url><loc>` + p + `</loc><lastmod>2023-07-0` + string(rune('1'+i)) + `</lastmod></url>`)
	}
	b.WriteString(`</urlset>`)
	return b.String()
}

func story(place, canonical string) string {
	page := strings.NewReplacer("Kismayo", place, "/story/convoy-ambush.html", canonical).Replace(string(articleFixture))
	return page
}

var articleFixture []byte

// TestPollSitemapIndex follows a sitemap index: its sitemaps newest first,
// an index it lists one level down but not a third, itself and a sitemap
// listed twice once, robots.txt obeyed, a missing sitemap skipped, and at
// most Sitemaps of them a poll.
func TestPollSitemapIndex(t *testing.T) {
	articleFixture = readFixture(t, "article.html")
	site := newSitemapSite(t, map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /private/\n",
		"/index.xml": `<sitemapindex>
  <sitemap><loc>/index.xml</loc><lastmod>2023-07-09</lastmod></sitemap>
  <sitemap><loc>/s-old.xml</loc><lastmod>2023-06-01</lastmod></sitemap>
  <sitemap><loc>/s-new.xml</loc><lastmod>2023-07-05</lastmod></sitemap>
  <sitemap><loc>ORIGIN/s-new.xml</loc></sitemap>
  <sitemap><loc>/nested.xml</loc><lastmod>2023-07-04</lastmod></sitemap>
  <sitemap><loc>/private/s.xml</loc><lastmod>2023-07-08</lastmod></sitemap>
  <sitemap><loc>/gone.xml</loc><lastmod>2023-07-07</lastmod></sitemap>
  <sitemap><loc>file:///etc/passwd</loc><lastmod>2023-07-06</lastmod></sitemap>
</sitemapindex>`,
		"/s-new.xml":      urlset("/a/baidoa.html"),
		"/s-old.xml":      urlset("/a/merca.html"),
		"/nested.xml":     `<sitemapindex><sitemap><loc>/s-nested.xml</loc></sitemap><sitemap><loc>/deeper.xml</loc></sitemap></sitemapindex>`,
		"/s-nested.xml":   urlset("/a/jowhar.html"),
		"/deeper.xml":     `<sitemapindex><sitemap><loc>/s-deep.xml</loc></sitemap></sitemapindex>`,
		"/s-deep.xml":     urlset("/a/deep.html"),
		"/private/s.xml":  urlset("/a/private.html"),
		"/a/baidoa.html":  story("Baidoa", "/a/baidoa.html"),
		"/a/merca.html":   story("Merca", "/a/merca.html"),
		"/a/jowhar.html":  story("Jowhar", "/a/jowhar.html"),
		"/a/deep.html":    story("Deep", "/a/deep.html"),
		"/a/private.html": story("Private", "/a/private.html"),
	})
	st, in := openStore(t), &fakeIngest{}
	src := addSource(t, st, site.URL+"/index.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	p := newPoller(st, in, c, "w")
	p.PageBelow = 0
	if _, err := p.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	var places []string
	for _, a := range in.articles {
		for _, place := range []string{"Baidoa", "Merca", "Jowhar", "Deep", "Private"} {
			if strings.Contains(a.Title, place) {
				places = append(places, place)
			}
		}
	}
	slices.Sort(places)
	if !slices.Equal(places, []string{"Baidoa", "Jowhar", "Merca"}) {
		t.Errorf("articles from %v, want Baidoa, Jowhar and Merca", places)
	}
	for path, want := range map[string]int{"/index.xml": 1, "/s-new.xml": 1, "/deeper.xml": 1, "/s-deep.xml": 0,
		"/private/s.xml": 0, "/gone.xml": 1} {
		if got := site.asked(path); got != want {
			t.Errorf("%s asked %d times, want %d", path, got, want)
		}
	}
	if got := getSource(t, st, src.ID); got.Failures != 0 || got.ItemsSeen != 3 || got.ItemsNew != 3 {
		t.Errorf("source after the poll: %+v", got)
	}

	// A budget of two reads the two most recently modified sitemaps that
	// can be read (robots.txt and the missing one count against it).
	st2, in2 := openStore(t), &fakeIngest{}
	addSource(t, st2, site.URL+"/index.xml")
	p2 := newPoller(st2, in2, c, "w2")
	p2.PageBelow, p2.Sitemaps = 0, 3
	if _, err := p2.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(in2.articles) != 0 {
		t.Errorf("a budget of three: %d articles, want none (private, gone and the bad scheme come first)", len(in2.articles))
	}
	p2.Sitemaps = 4
	c.add(time.Hour)
	if _, err := p2.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, a := range in2.articles {
		if !strings.Contains(a.Title, "Baidoa") {
			t.Errorf("a budget of four read %q, want only the newest sitemap's Baidoa", a.Title)
		}
	}
	if len(in2.articles) != 1 {
		t.Errorf("a budget of four: %d articles, want 1", len(in2.articles))
	}
}

// TestPollSitemapIndexFails: an index none of whose sitemaps can be read
// is a failed poll, with the reason.
func TestPollSitemapIndexFails(t *testing.T) {
	site := newSitemapSite(t, map[string]string{
		"/index.xml":  `<sitemapindex><sitemap><loc>/gone.xml</loc></sitemap><sitemap><loc>/deep.xml</loc></sitemap></sitemapindex>`,
		"/deep.xml":   `<sitemapindex><sitemap><loc>/deeper.xml</loc></sitemap></sitemapindex>`,
		"/deeper.xml": `<sitemapindex><sitemap><loc>/s.xml</loc></sitemap></sitemapindex>`,
	})
	st, in := openStore(t), &fakeIngest{}
	src := addSource(t, st, site.URL+"/index.xml")
	p := newPoller(st, in, &clock{t: time.Now().Add(time.Second)}, "w")
	if _, err := p.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := getSource(t, st, src.ID)
	if got.Failures != 1 || !strings.Contains(got.LastError, "none of its sitemaps") || !strings.Contains(got.LastError, "404") {
		t.Errorf("source: failures %d, last error %q", got.Failures, got.LastError)
	}
	if site.asked("/s.xml") != 0 {
		t.Errorf("a third level of index was followed")
	}
}

// TestSitemapIndexRefusesPrivate: the sitemaps an index lists go through
// the address check, so an index on a public host cannot point the poller
// at loopback or the cloud metadata address.
func TestSitemapIndexRefusesPrivate(t *testing.T) {
	site := newSitemapSite(t, map[string]string{"/s.xml": urlset("/a/x.html")})
	p := &Poller{Fetcher: NewFetcher(Options{Timeout: 2 * time.Second})} // no AllowPrivate
	p.defaults()
	index := Feed{Format: "sitemapindex", Sitemaps: []Sitemap{{URL: site.URL + "/s.xml"}, {URL: "http://169.254.169.254/latest/s.xml"},
		{URL: "http://localhost:" + strconv.Itoa(site.Listener.Addr().(*net.TCPAddr).Port) + "/s.xml"}}}
	budget := 10
	entries, err := p.sitemaps(context.Background(), store.Source{ID: 1}, index, 1, &budget, map[string]bool{})
	if err == nil || !strings.Contains(err.Error(), "address not allowed") || len(entries) != 0 {
		t.Errorf("entries %v, err %v: want every sitemap refused", entries, err)
	}
	if n := site.asked("/s.xml") + site.asked("/robots.txt"); n != 0 {
		t.Errorf("the loopback site was asked %d times", n)
	}
}
