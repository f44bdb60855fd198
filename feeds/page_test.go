package feeds

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"
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
	f, err := Parse([]byte(`<sitemapindex><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>`), nil)
	if err == nil || !strings.Contains(err.Error(), "sitemap index") {
		t.Errorf("a sitemap index: %+v, %v", f, err)
	}
}
