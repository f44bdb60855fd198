package feeds

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/store"
)

func TestReadPage(t *testing.T) {
	u, _ := url.Parse("https://harbour.example/story/convoy-ambush.html?utm_source=feed")
	p, err := ReadPage(readFixture(t, "article.html"), u)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Text, "Gunmen ambushed a supply convoy") && !strings.Contains(p.Text, "\n\nGunmen ambushed") {
		t.Errorf("text does not start with the story: %q", p.Text)
	}
	for _, boiler := range []string{"cookies", "Subscribe", "recipes", "Copyright", "track(", "analytics"} {
		if strings.Contains(p.Text, boiler) {
			t.Errorf("boilerplate %q in the text: %q", boiler, p.Text)
		}
	}
	if !strings.Contains(p.Text, "patrols on the road would be increased.") {
		t.Errorf("the story's last paragraph is missing: %q", p.Text)
	}
	if p.Canonical != "https://harbour.example/story/convoy-ambush.html" {
		t.Errorf("canonical %q", p.Canonical)
	}
	if !p.Published.Equal(time.Date(2023, 7, 3, 5, 40, 0, 0, time.UTC)) {
		t.Errorf("published %v", p.Published)
	}
	if !strings.Contains(p.Title, "Convoy ambushed") {
		t.Errorf("title %q", p.Title)
	}
}

// TestPollFetchesPages completes teasers from their pages, keeps the
// teaser when the page is gone, and knows the same story under another
// link by its page's canonical URL.
func TestPollFetchesPages(t *testing.T) {
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	fs.set("/teaser.xml", readFixture(t, "teaser.xml"), 0)
	fs.set("/amp.xml", readFixture(t, "teaser-amp.xml"), 0)
	fs.set("/story/convoy-ambush.html", readFixture(t, "article.html"), 0)
	fs.set("/amp/convoy-ambush.html", []byte(strings.Replace(string(readFixture(t, "article.html")),
		`href="/story/convoy-ambush.html"`, `href="`+fs.URL+`/story/convoy-ambush.html"`, 1)), 0)
	a := addSource(t, st, fs.URL+"/teaser.xml")
	b := addSource(t, st, fs.URL+"/amp.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	p := newPoller(st, in, c, "w")
	p.PageBelow = 0 // the default
	if _, err := p.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(in.articles) != 2 {
		t.Errorf("%d articles, want 2 (the convoy story once, the flood teaser)", len(in.articles))
	}
	var convoy, flood bool
	for _, art := range in.articles {
		switch {
		case art.Title == "Convoy ambushed outside Kismayo":
			convoy = strings.Contains(art.Body, "killing 4 drivers") && !strings.Contains(art.Body, "cookies") &&
				art.Published.Equal(time.Date(2023, 7, 3, 5, 40, 0, 0, time.UTC)) && art.Source == "The Harbour Times"
		case art.Title == "A page that is gone":
			flood = art.Body == "Residents of the district reported flooding after heavy rain."
		}
	}
	if !convoy || !flood {
		t.Errorf("articles: %+v", in.articles)
	}
	if got := getSource(t, st, a.ID); got.ItemsNew != 2 || got.Failures != 0 {
		t.Errorf("teaser source: %+v (a missing page is no failure of the feed)", got)
	}
	if got := getSource(t, st, b.ID); got.ItemsSeen != 1 || got.ItemsNew != 0 {
		t.Errorf("amp source: seen %d new %d, want 1, 0", got.ItemsSeen, got.ItemsNew)
	}
}

// TestPollSitemap reads a news sitemap: each listed page is fetched and
// read, newest first, within MaxPages a poll.
func TestPollSitemap(t *testing.T) {
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	fs.set("/sitemap.xml", readFixture(t, "news-sitemap.xml"), 0)
	fs.set("/story/convoy-ambush.html", readFixture(t, "article.html"), 0)
	older := strings.NewReplacer("Kismayo", "Baidoa", "convoy-ambush", "older", "4 drivers", "2 drivers").Replace(string(readFixture(t, "article.html")))
	fs.set("/story/older.html", []byte(older), 0)
	src := addSource(t, st, fs.URL+"/sitemap.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	p := newPoller(st, in, c, "w")
	p.PageBelow, p.MaxPages = 0, 1
	ctx := context.Background()
	if _, err := p.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(in.articles) != 1 {
		t.Fatalf("%d articles after one page, want 1", len(in.articles))
	}
	for _, a := range in.articles {
		if a.Title != "Convoy ambushed outside Kismayo" || !strings.Contains(a.Body, "killing 4 drivers") {
			t.Errorf("the newest page first: %+v", a)
		}
	}
	// The next poll reads the page left over; the sitemap is unchanged,
	// so make it answer in full again.
	c.add(11 * time.Minute)
	fs.set("/sitemap.xml", append(readFixture(t, "news-sitemap.xml"), ' '), 0)
	if _, err := p.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := getSource(t, st, src.ID); len(in.articles) != 2 || got.ItemsNew != 1 || got.TotalNew != 2 {
		t.Errorf("after the second poll: %d articles, %+v", len(in.articles), got)
	}
}

// TestPollCanonicalAndByline: an article read from its page keeps the
// page's canonical URL and a byline (the feed's author, else the page's);
// a second entry whose page names the same canonical article, under
// another link and with other words, is the same article.
func TestPollCanonicalAndByline(t *testing.T) {
	page := string(readFixture(t, "article.html"))
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	fs.set("/feed.xml", []byte(`<rss version="2.0"><channel><title>Harbour</title>
  <item><title>Convoy ambushed outside Kismayo</title><link>/p/1?utm_source=rss</link><guid>h-1</guid>
    <author>desk@harbour.example (Amina  Yusuf)</author><description>Teaser.</description></item>
  <item><title>Four drivers killed near Kismayo</title><link>/amp/1</link><guid>h-2</guid>
    <description>Teaser two.</description></item>
  <item><title>Flood in Jowhar</title><link>/p/3</link><guid>h-3</guid><description>Teaser three.</description></item>
</channel></rss>`), 0)
	fs.set("/p/1", []byte(page), 0)
	fs.set("/amp/1", []byte(strings.NewReplacer("killing 4 drivers", "killing four drivers",
		"Convoy ambushed outside", "Four drivers killed near").Replace(page)), 0)
	fs.set("/p/3", []byte(strings.NewReplacer(`<link rel="canonical" href="/story/convoy-ambush.html">`, "",
		`<meta property="og:url" content="https://harbour.example/og-should-not-win">`, "",
		"Kismayo", "Jowhar").Replace(page)), 0)
	src := addSource(t, st, fs.URL+"/feed.xml")
	p := newPoller(st, in, &clock{t: time.Now().Add(time.Second)}, "w")
	p.PageBelow = 0
	ctx := context.Background()
	if _, err := p.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(in.articles) != 2 {
		t.Fatalf("%d articles, want 2 (the convoy story once, the flood)", len(in.articles))
	}
	canonical := fs.URL + "/story/convoy-ambush.html"
	for id, a := range in.articles {
		m := in.metas[id]
		switch {
		case strings.Contains(a.Title, "Convoy"):
			if m.CanonicalURL != canonical || m.Byline != "Amina Yusuf" {
				t.Errorf("convoy meta %+v, want canonical %s, the feed's author", m, canonical)
			}
		case strings.Contains(a.Title, "Jowhar"):
			if m.CanonicalURL != "" || m.Byline != "Field correspondent" {
				t.Errorf("flood meta %+v, want no canonical URL, the page's byline", m)
			}
		default:
			t.Errorf("unexpected article %q", a.Title)
		}
	}
	// The second entry is remembered as the first article: the next poll
	// of a changed feed reads no page for it.
	id, seen, err := st.SeenItem(ctx, []string{"guid:" + strconv.FormatInt(src.ID, 10) + ":h-2"})
	if err != nil || !seen || !strings.Contains(in.articles[id].Title, "Convoy") {
		t.Errorf("entry h-2: seen %v as %q (%v), want the convoy article", seen, id, err)
	}
	if got := getSource(t, st, src.ID); got.ItemsSeen != 3 || got.ItemsNew != 2 {
		t.Errorf("source: seen %d new %d, want 3, 2", got.ItemsSeen, got.ItemsNew)
	}
}

func TestByline(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"Jane Roe", "Jane Roe"},
		{"  By   Jane\nRoe ", "Jane Roe"},
		{"by by Jane Roe", "Jane Roe"},
		{"BY JANE ROE", "JANE ROE"},
		{"jane@example.org (Jane Roe)", "Jane Roe"},
		{"noreply@example.org", ""},
		{"<a href=\"/authors/jr\">Jane Roe</a> and <b>Ali Hassan</b>", "Jane Roe and Ali Hassan"},
		{"&lt;b&gt;Jane&lt;/b&gt; Roe", "Jane Roe"},
		{"Byron Smith", "Byron Smith"},
		{"Reuters (AFP)", "Reuters (AFP)"},
		{strings.Repeat("é", 600), strings.Repeat("é", 500)},
	} {
		if got := Byline(tt.in); got != tt.want {
			t.Errorf("Byline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzByline(f *testing.F) {
	for _, s := range []string{"By Jane Roe", "a@b (c@d (Jane))", "&lt;b&gt;x", "<script>x</script>Jane", "by ", "\xff\xfeBy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := Byline(s)
		if len(b) > store.MaxByline || strings.ContainsAny(b, "\n\r\t") || strings.TrimSpace(b) != b || !utf8.ValidString(b) {
			t.Errorf("Byline(%q) = %q", s, b)
		}
		if len(b) >= 3 && strings.EqualFold(b[:3], "by ") {
			t.Errorf("Byline(%q) = %q starts with by", s, b)
		}
	})
}

// FuzzReadPage: whatever a page holds, its canonical URL is "" or an
// absolute http(s) link, and reading it twice gives the same page.
func FuzzReadPage(f *testing.F) {
	f.Add(readFixture(f, "article.html"))
	f.Add([]byte(`<html><head><link rel=CANONICAL href="javascript:alert(1)"><meta property="og:url" content="//cdn.example/x"></head><body><p>x</p></body></html>`))
	f.Add([]byte(`<link rel="canonical" href="http://[::1">`))
	u, _ := url.Parse("https://fuzz.example/a/b.html")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		p, err := ReadPage(data, u)
		if err != nil {
			return
		}
		if p.Canonical != "" {
			cu, err := url.Parse(p.Canonical)
			if err != nil || (cu.Scheme != "http" && cu.Scheme != "https") || cu.Host == "" || CanonicalURL(p.Canonical) == "" {
				t.Errorf("canonical %q is no absolute http(s) link", p.Canonical)
			}
		}
		if q, _ := ReadPage(data, u); q.Canonical != p.Canonical || q.Byline != p.Byline || q.Text != p.Text {
			t.Errorf("unstable page: %+v then %+v", p, q)
		}
	})
}
