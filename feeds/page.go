package feeds

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// Page is what an article page says, read with a readability parser: the
// main text without navigation, ads and other boilerplate, and the page's
// metadata.
type Page struct {
	Title, Byline string
	// Text is the main text, paragraphs separated by blank lines.
	Text      string
	Published time.Time
	// Canonical is the page's rel=canonical (else og:url) link, absolute;
	// "" when it names none.
	Canonical string
}

// ReadPage extracts the main text of an HTML page fetched from u. No
// script runs: the page is parsed as it was served.
func ReadPage(body []byte, u *url.URL) (Page, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return Page{}, fmt.Errorf("read page %s: %w", u, err)
	}
	p := Page{Canonical: canonicalLink(doc, u)}
	art, err := readability.FromDocument(doc, u)
	if err != nil {
		return Page{}, fmt.Errorf("read page %s: %w", u, err)
	}
	if art.Node == nil {
		return Page{}, fmt.Errorf("read page %s: no main text found", u)
	}
	var b strings.Builder
	if err := art.RenderHTML(&b); err != nil {
		return Page{}, fmt.Errorf("read page %s: %w", u, err)
	}
	p.Text = StripHTML(b.String())
	p.Title = strings.TrimSpace(art.Title())
	p.Byline = strings.TrimSpace(art.Byline())
	if t, err := art.PublishedTime(); err == nil {
		p.Published = t.UTC()
	}
	return p, nil
}

// canonicalLink finds <link rel="canonical" href> or, failing it,
// <meta property="og:url" content>, resolved against u.
func canonicalLink(doc *html.Node, u *url.URL) string {
	var canonical, og string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(k string) string {
				for _, a := range n.Attr {
					if strings.EqualFold(a.Key, k) {
						return strings.TrimSpace(a.Val)
					}
				}
				return ""
			}
			switch n.Data {
			case "link":
				if canonical == "" && strings.EqualFold(attr("rel"), "canonical") {
					canonical = attr("href")
				}
			case "meta":
				if og == "" && attr("property") == "og:url" {
					og = attr("content")
				}
			case "body":
				return // metadata lives in head
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	link := resolve(u, firstNonEmpty(canonical, og))
	if CanonicalURL(link) == "" {
		return ""
	}
	return link
}
