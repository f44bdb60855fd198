package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"golang.org/x/net/html"
)

// MaxArticleBytes bounds the text of an article made from an entry.
const MaxArticleBytes = 1 << 20

// EntryArticle turns an entry into an article: title and body as plain
// text (the content, else the summary, with HTML stripped), the link, the
// date and the source's name. ok is false when the entry has no text to
// read.
func EntryArticle(source string, e Entry) (a incident.Article, ok bool) {
	a = incident.Article{
		Title:     truncate(StripHTML(e.Title), 1000),
		URL:       e.URL,
		Published: e.Published,
		Source:    source,
	}
	body := StripHTML(e.Content)
	if summary := StripHTML(e.Summary); len(summary) > len(body) {
		body = summary
	}
	a.Body = truncate(body, MaxArticleBytes)
	if a.Title == "" && a.Body == "" {
		return a, false
	}
	a.ID = incident.ContentID(a.Title, a.Body)
	return a, true
}

// Byline cleans an author's name as feeds and pages give it: HTML
// stripped, spaces folded, an RSS author's address reduced to the name
// in its parentheses ("jane@example.org (Jane Roe)" is Jane Roe), a bare
// e-mail address dropped (it names no one), a leading "By" dropped, at
// most store.MaxByline bytes.
func Byline(s string) string {
	s = strings.ToValidUTF8(s, "")
	for range 4 { // stripped text may hold what reads as markup again
		before := s
		s = strings.Join(strings.Fields(StripHTML(s)), " ")
		if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") && strings.Contains(s[:i], "@") {
			s = strings.TrimSpace(s[i+1 : len(s)-1])
		}
		for len(s) > 3 && strings.EqualFold(s[:3], "by ") {
			s = strings.TrimSpace(s[3:])
		}
		if s == before {
			break
		}
	}
	if !strings.Contains(s, " ") && strings.Contains(s, "@") {
		return ""
	}
	return strings.TrimSpace(truncate(s, store.MaxByline))
}

// truncate cuts s to at most n bytes at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// Keys are what an entry is known by, strongest first: its GUID (scoped
// by source, since GUIDs are unique only within a feed, unless it is a
// URL), its link without tracking parameters, and its text's hash (when
// it has text). An entry that matches a stored one on any key is the same
// story.
func Keys(sourceID string, e Entry, a incident.Article) []string {
	var keys []string
	if e.GUID != "" {
		if u := CanonicalURL(e.GUID); u != "" {
			keys = append(keys, "url:"+u)
		} else {
			keys = append(keys, "guid:"+sourceID+":"+e.GUID)
		}
	}
	if u := CanonicalURL(e.URL); u != "" && (len(keys) == 0 || keys[0] != "url:"+u) {
		keys = append(keys, "url:"+u)
	}
	if a.Title != "" || a.Body != "" {
		keys = append(keys, "hash:"+contentHash(a.Title, a.Body))
	}
	return keys
}

// contentHash hashes an article's words, case and punctuation folded, so
// the same story with other markup or spacing has the same hash.
func contentHash(title, body string) string {
	h := sha256.New()
	for _, s := range []string{title, body} {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r)
		}) {
			h.Write([]byte(w))
			h.Write([]byte{' '})
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// CanonicalURL normalises an http(s) link for comparison: lower-case
// scheme and host, no default port, no fragment, no utm_* or other
// tracking parameters, no trailing slash. It returns "" for anything else.
func CanonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(p == "80" && u.Scheme == "http") && !(p == "443" && u.Scheme == "https") {
		host += ":" + p
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "ref" || lk == "cmpid" {
			q.Del(k)
		}
	}
	// http and https are one page.
	out := "//" + host + strings.TrimSuffix(u.EscapedPath(), "/")
	if enc := q.Encode(); enc != "" {
		out += "?" + enc
	}
	return out
}

// blockElements break text: their content is a paragraph of its own.
var blockElements = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "blockquote": true, "tr": true, "table": true, "section": true,
	"article": true, "header": true, "footer": true, "figure": true, "figcaption": true, "pre": true, "hr": true,
}

// skipElements hold no reader-visible text.
var skipElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true, "object": true,
	"svg": true, "math": true, "head": true,
}

// StripHTML returns the text of an HTML fragment: entities decoded, tags,
// scripts and styles dropped, blocks as paragraphs separated by blank
// lines, runs of spaces as one. Plain text comes back with its spacing
// folded the same way.
func StripHTML(s string) string {
	if s == "" {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return foldSpace(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if skipElements[string(name)] && tt == html.StartTagToken {
				skip++
			} else if blockElements[string(name)] {
				b.WriteString("\n\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if skipElements[string(name)] {
				skip = max(0, skip-1)
			} else if blockElements[string(name)] {
				b.WriteString("\n\n")
			}
		}
	}
}

// foldSpace folds runs of spaces to one and runs of blank lines to one
// paragraph break, trimming each line.
func foldSpace(s string) string {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}
