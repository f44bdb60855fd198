package feeds

import (
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParse(t *testing.T) {
	tests := []struct {
		file, base string
		format     string
		want       []Entry // Content and Summary checked through EntryArticle below
	}{
		{"rss.xml", "https://wire.example/feed.xml", "rss", []Entry{
			{GUID: "wire-1001", Title: "Market blast in <b>Mogadishu</b>", URL: "https://wire.example/news/market-blast?utm_source=rss",
				Published: time.Date(2023, 5, 8, 9, 30, 0, 0, time.UTC)},
			{GUID: "https://wire.example/news/talks", Title: "Talks resume in the capital", URL: "https://wire.example/news/talks"},
			{Title: "Entry without a date or link"},
		}},
		{"atom.xml", "https://desk.example/atom.xml", "atom", []Entry{
			{GUID: "tag:desk.example,2023:erbil-drone", Title: "Drone strike reported near <i>Erbil</i>",
				URL: "https://desk.example/stories/erbil-drone.html", Published: time.Date(2023, 6, 1, 5, 15, 0, 0, time.UTC)},
			{GUID: "tag:desk.example,2023:council", Title: "Only updated, no published",
				URL: "https://desk.example/stories/council.html", Published: time.Date(2023, 6, 2, 7, 0, 0, 0, time.UTC)},
		}},
		{"feed.json", "https://bulletin.example/feed.json", "json", []Entry{
			{GUID: "b-77", Title: "Shelling hits Kyiv suburb", URL: "https://bulletin.example/2023/kyiv-shelling",
				Published: time.Date(2023, 4, 14, 6, 0, 0, 0, time.UTC)},
			{GUID: "78", Title: "Weather &lt;update&gt;", URL: "https://bulletin.example/2023/weather"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			base, _ := url.Parse(tt.base)
			f, err := Parse(readFixture(t, tt.file), base)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tt.format || len(f.Entries) != len(tt.want) {
				t.Fatalf("format %s, %d entries; want %s, %d", f.Format, len(f.Entries), tt.format, len(tt.want))
			}
			for i, w := range tt.want {
				g := f.Entries[i]
				if g.GUID != w.GUID || g.Title != w.Title || g.URL != w.URL || !g.Published.Equal(w.Published) {
					t.Errorf("entry %d = %q %q %q %v\nwant %q %q %q %v", i, g.GUID, g.Title, g.URL, g.Published, w.GUID, w.Title, w.URL, w.Published)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"broken XML":  string(readFixture(t, "broken.xml")),
		"HTML page":   "<html><body><p>not a feed</p></body></html>",
		"empty":       "",
		"JSON object": `{"hello": "world"}`,
		"bad JSON":    `{"version": "https://jsonfeed.org/version/1", "items": [`,
	} {
		t.Run(name, func(t *testing.T) {
			if f, err := Parse([]byte(doc), nil); err == nil {
				t.Errorf("parsed %+v", f)
			}
		})
	}
}

func TestEntryArticle(t *testing.T) {
	base, _ := url.Parse("https://wire.example/feed.xml")
	f, err := Parse(readFixture(t, "rss.xml"), base)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := EntryArticle("Wire", f.Entries[0])
	if !ok {
		t.Fatal("no article")
	}
	want := "A car bomb exploded near a busy market in Mogadishu on Sunday, killing 9 people, police said.\n\nAmbulances reached the scene within minutes."
	if a.Title != "Market blast in Mogadishu" || a.Body != want || a.Source != "Wire" || a.ID == "" ||
		a.URL != "https://wire.example/news/market-blast?utm_source=rss" || a.Published.IsZero() {
		t.Errorf("article = %+v", a)
	}
	// The summary stands in when there is no content; HTML escaped in RSS
	// is stripped too.
	a, _ = EntryArticle("Wire", f.Entries[1])
	if a.Body != "Delegations met again on Tuesday to discuss a ceasefire framework." {
		t.Errorf("body from an escaped description = %q", a.Body)
	}
	if _, ok := EntryArticle("x", Entry{Title: "<p> </p>", Summary: "<script>x()</script>"}); ok {
		t.Error("an entry with no text made an article")
	}
}

func TestStripHTML(t *testing.T) {
	for in, want := range map[string]string{
		"plain   text\n here":                      "plain text here",
		"<p>One</p><p>Two &amp; three</p>":         "One\n\nTwo & three",
		"a<br>b":                                   "a\n\nb",
		"<style>p{}</style><b>bold</b> <i>it</i>!": "bold it!",
		"5 &lt; 6":                                 "5 < 6",
		"<unclosed":                                "",
	} {
		if got := StripHTML(in); got != want {
			t.Errorf("StripHTML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	same := []string{
		"https://wire.example/news/talks",
		"http://WIRE.example/news/talks/?utm_campaign=digest",
		"https://wire.example:443/news/talks#top",
	}
	for _, u := range same {
		if got := CanonicalURL(u); got != "//wire.example/news/talks" {
			t.Errorf("CanonicalURL(%q) = %q", u, got)
		}
	}
	for _, u := range []string{"", "urn:uuid:1", "mailto:x@example.org", "/relative"} {
		if got := CanonicalURL(u); got != "" {
			t.Errorf("CanonicalURL(%q) = %q, want empty", u, got)
		}
	}
	if CanonicalURL("https://a.example/p?id=1") == CanonicalURL("https://a.example/p?id=2") {
		t.Error("a meaningful query parameter was dropped")
	}
}

// FuzzParseEntries feeds arbitrary documents through parsing and the
// entry-to-article conversion: nothing panics, and every article made is
// valid UTF-8 text within bounds with a stable id.
func FuzzParseEntries(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "feed.json", "broken.xml", "mirror.xml", "news-sitemap.xml"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte(`<rss><channel><item><title>&bogus; <![CDATA[<b>x</b>]]></title></item></channel></rss>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":1,"title":"\u0000<"}]}`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>/s1.xml</loc><lastmod>2023-07-01</lastmod></sitemap><sitemap><loc>s2.xml</loc></sitemap></sitemapindex>`))
	base, _ := url.Parse("https://fuzz.example/feed")
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data, base)
		if err != nil {
			return
		}
		if feed.Format != "sitemapindex" && len(feed.Sitemaps) > 0 {
			t.Errorf("a %s with sitemaps %v", feed.Format, feed.Sitemaps)
		}
		for i, sm := range feed.Sitemaps {
			if sm.URL == "" || (i > 0 && feed.Sitemaps[i-1].LastMod.Before(sm.LastMod)) {
				t.Errorf("sitemaps out of order or without a link: %+v", feed.Sitemaps)
			}
		}
		for _, e := range feed.Entries {
			a, ok := EntryArticle("fuzz", e)
			if !ok {
				continue
			}
			if len(a.Body) > MaxArticleBytes || strings.Contains(a.Title, "<script") {
				t.Errorf("article out of bounds: %d bytes, title %q", len(a.Body), a.Title)
			}
			b, _ := EntryArticle("fuzz", e)
			if a.ID != b.ID {
				t.Errorf("unstable id %s != %s", a.ID, b.ID)
			}
			keys := Keys("1", e, a)
			if len(keys) == 0 || !strings.HasPrefix(keys[len(keys)-1], "hash:") {
				t.Errorf("keys %v end without the content hash", keys)
			}
		}
	})
}
