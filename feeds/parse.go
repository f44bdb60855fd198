package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Feed is a parsed feed document.
type Feed struct {
	// Format is "rss", "atom", "json", "sitemap" (whose entries carry
	// only a link, a date and, in a news sitemap, a title) or
	// "sitemapindex" (which has no entries but Sitemaps).
	Format string
	Title  string
	// Entries are in document order.
	Entries []Entry
	// Sitemaps are the sitemaps a sitemap index lists, links resolved,
	// the most recently modified first (those without a date after, in
	// document order).
	Sitemaps []Sitemap
}

// Sitemap is one sitemap a sitemap index lists.
type Sitemap struct {
	URL     string
	LastMod time.Time
}

// Entry is one item of a feed, with its links resolved against the feed's
// URL. Title, Content and Summary may hold HTML.
type Entry struct {
	GUID      string
	Title     string
	URL       string
	Published time.Time
	// Content is the full text when the feed carries it; Summary the
	// description or teaser.
	Content, Summary string
	Author           string
}

// ErrUnknownFormat is returned for a document that is none of RSS 2.0
// (or 0.9x/1.0), Atom 1.0, JSON Feed 1.x and a sitemap.
var ErrUnknownFormat = errors.New("not an RSS, Atom or JSON feed")

// Parse reads a feed document fetched from base (used to resolve relative
// links; nil leaves them as they are).
func Parse(data []byte, base *url.URL) (Feed, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	var f Feed
	var err error
	if len(trimmed) > 0 && trimmed[0] == '{' {
		f, err = parseJSONFeed(trimmed)
	} else {
		f, err = parseXMLFeed(trimmed)
	}
	if err != nil {
		return Feed{}, err
	}
	for i := range f.Sitemaps {
		f.Sitemaps[i].URL = resolve(base, f.Sitemaps[i].URL)
	}
	for i := range f.Entries {
		e := &f.Entries[i]
		e.URL = resolve(base, strings.TrimSpace(e.URL))
		e.GUID = strings.TrimSpace(e.GUID)
	}
	return f, nil
}

func resolve(base *url.URL, ref string) string {
	if ref == "" || base == nil {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

// xmlFeed holds every element of RSS 2.0, RSS 1.0 (RDF) and Atom that an
// Entry needs; the root element's name says which were filled.
type xmlFeed struct {
	XMLName xml.Name
	// RSS 2.0 nests items in channel; RSS 1.0 puts them beside it.
	Channel struct {
		Title string    `xml:"title"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	Items []rssItem `xml:"item"`
	// Atom.
	Title   string      `xml:"title"`
	Entries []atomEntry `xml:"entry"`
	// Sitemaps (and Google News sitemaps).
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		News    struct {
			Title   string `xml:"title"`
			PubDate string `xml:"publication_date"`
		} `xml:"news"`
	} `xml:"url"`
	// Sitemap indexes.
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	About       string `xml:"about,attr"`
	PubDate     string `xml:"pubDate"`
	DCDate      string `xml:"http://purl.org/dc/elements/1.1/ date"`
	Description string `xml:"description"`
	Encoded     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Creator     string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Author      string `xml:"author"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Inner string `xml:",innerxml"`
	Text  string `xml:",chardata"`
}

// html returns the text as HTML: escaped text for type text, the markup
// as it is for xhtml, the decoded characters for html.
func (t atomText) html() string {
	switch t.Type {
	case "xhtml":
		return t.Inner
	case "html", "text/html":
		return t.Text
	}
	return xmlEscape(t.Text)
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

type atomEntry struct {
	ID    string   `xml:"id"`
	Title atomText `xml:"title"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Content   atomText `xml:"content"`
	Summary   atomText `xml:"summary"`
	Author    struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

func parseXMLFeed(data []byte) (Feed, error) {
	var doc xmlFeed
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false // feeds in the wild carry stray entities and ampersands
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		return charset.NewReaderLabel(label, r)
	}
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return Feed{}, ErrUnknownFormat
		}
		return Feed{}, fmt.Errorf("parse feed: %w", err)
	}
	switch strings.ToLower(doc.XMLName.Local) {
	case "rss", "rdf":
		f := Feed{Format: "rss", Title: doc.Channel.Title}
		for _, it := range append(doc.Channel.Items, doc.Items...) {
			e := Entry{GUID: it.GUID, Title: xmlEscapeIfPlain(it.Title), URL: it.Link, Content: it.Encoded,
				Summary: it.Description, Author: firstNonEmpty(it.Creator, it.Author)}
			if e.GUID == "" {
				e.GUID = it.About
			}
			if e.URL == "" && strings.HasPrefix(e.GUID, "http") {
				e.URL = e.GUID
			}
			e.Published = parseDate(firstNonEmpty(it.PubDate, it.DCDate))
			f.Entries = append(f.Entries, e)
		}
		return f, nil
	case "urlset":
		// A sitemap lists pages, newest first here; their text comes
		// from the pages themselves.
		f := Feed{Format: "sitemap"}
		for _, u := range doc.URLs {
			e := Entry{GUID: u.Loc, URL: u.Loc, Title: xmlEscape(strings.TrimSpace(u.News.Title)),
				Published: parseDate(firstNonEmpty(u.News.PubDate, u.LastMod))}
			f.Entries = append(f.Entries, e)
		}
		slices.SortStableFunc(f.Entries, func(a, b Entry) int { return b.Published.Compare(a.Published) })
		return f, nil
	case "sitemapindex":
		// The sitemaps an index lists are read by the poller, newest first.
		f := Feed{Format: "sitemapindex"}
		for _, sm := range doc.Sitemaps {
			if loc := strings.TrimSpace(sm.Loc); loc != "" {
				f.Sitemaps = append(f.Sitemaps, Sitemap{URL: loc, LastMod: parseDate(sm.LastMod)})
			}
		}
		slices.SortStableFunc(f.Sitemaps, func(a, b Sitemap) int { return b.LastMod.Compare(a.LastMod) })
		return f, nil
	case "feed":
		f := Feed{Format: "atom", Title: doc.Title}
		for _, ae := range doc.Entries {
			e := Entry{GUID: ae.ID, Title: ae.Title.html(), Content: ae.Content.html(), Summary: ae.Summary.html(),
				Author: ae.Author.Name}
			for _, l := range ae.Links {
				if (l.Rel == "" || l.Rel == "alternate") && e.URL == "" {
					e.URL = l.Href
				}
			}
			e.Published = parseDate(firstNonEmpty(ae.Published, ae.Updated))
			f.Entries = append(f.Entries, e)
		}
		return f, nil
	}
	return Feed{}, ErrUnknownFormat
}

// xmlEscapeIfPlain keeps an RSS title as HTML: RSS titles are plain text
// in principle and escaped HTML in practice, and both read right as HTML
// once stripped, except a bare "<" or "&", escaped here.
func xmlEscapeIfPlain(s string) string {
	if strings.ContainsAny(s, "<&") && !strings.Contains(s, ">") && !strings.Contains(s, ";") {
		return xmlEscape(s)
	}
	return s
}

type jsonFeed struct {
	Version string `json:"version"`
	Title   string `json:"title"`
	Items   []struct {
		ID            json.RawMessage `json:"id"`
		URL           string          `json:"url"`
		ExternalURL   string          `json:"external_url"`
		Title         string          `json:"title"`
		ContentHTML   string          `json:"content_html"`
		ContentText   string          `json:"content_text"`
		Summary       string          `json:"summary"`
		DatePublished string          `json:"date_published"`
		DateModified  string          `json:"date_modified"`
		Author        struct {
			Name string `json:"name"`
		} `json:"author"`
	} `json:"items"`
}

func parseJSONFeed(data []byte) (Feed, error) {
	var doc jsonFeed
	if err := json.Unmarshal(data, &doc); err != nil {
		return Feed{}, fmt.Errorf("parse JSON feed: %w", err)
	}
	if !strings.HasPrefix(doc.Version, "https://jsonfeed.org/version/") {
		return Feed{}, ErrUnknownFormat
	}
	f := Feed{Format: "json", Title: doc.Title}
	for _, it := range doc.Items {
		e := Entry{GUID: jsonID(it.ID), Title: xmlEscape(it.Title), URL: firstNonEmpty(it.URL, it.ExternalURL),
			Summary: xmlEscape(it.Summary), Author: it.Author.Name}
		if it.ContentHTML != "" {
			e.Content = it.ContentHTML
		} else if it.ContentText != "" {
			e.Content = xmlEscape(it.ContentText)
		}
		e.Published = parseDate(firstNonEmpty(it.DatePublished, it.DateModified))
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

// jsonID reads a JSON Feed id, a string by the spec and a number in some
// feeds.
func jsonID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// dateLayouts are the date forms feeds use: RFC 822/1123 in RSS (with
// and without the weekday, numeric and named zones, two- and four-digit
// years), RFC 3339 in Atom and JSON Feed, and a few sloppy variants.
var dateLayouts = []string{
	time.RFC3339Nano,
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	time.RFC822Z,
	time.RFC822,
	"Mon, 02 Jan 06 15:04:05 -0700",
	"Mon, 02 Jan 06 15:04:05 MST",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseDate reads a feed date; the zero time when it is none of
// dateLayouts.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
