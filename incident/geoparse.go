package incident

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/gazetteer"
)

// Geoparse finds every place mention of a plain text, with offsets in code
// points of the text as given and roles from Extract: incident where an
// event of the text happened, else mention. It is the one reading of plain
// text that `geoparse FILE` and POST /geocode share.
//
// A text of more than one line is an article as ParseArticle reads plain
// text (`extract` and `ingest` read it so too): its first non-empty line is
// the headline, the rest the body. The headline's mentions are incident
// only where extraction, finding no incident in the body, read the
// article's incident from the headline. A text of one line is all body. Invalid UTF-8 counts as U+FFFD, one code point for
// each run of bad bytes, as the article readers count it. A mention's
// Sentence counts within the headline or the body it is in.
func Geoparse(g *gazetteer.Gazetteer, text string) []gazetteer.Mention {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	title, titleAt, body, bodyAt, ok := splitHeadline(text)
	if !ok {
		return Extract(g, Article{ID: "geoparse", Body: text}, time.Time{}).Mentions
	}
	x := Extract(g, Article{ID: "geoparse", Title: title, Body: body}, time.Time{})
	head := x.Headline
	if !x.FromHeadline {
		head = Extract(g, Article{ID: "geoparse", Body: title}, time.Time{}).Mentions
		for i := range head {
			head[i].Role = gazetteer.RoleMention
		}
	}
	ms := make([]gazetteer.Mention, 0, len(head)+len(x.Mentions))
	ms = appendShifted(ms, head, text, titleAt)
	return appendShifted(ms, x.Mentions, text, bodyAt)
}

// splitHeadline splits text into a headline and a body when more text
// follows its first non-empty line, as ParseArticle does; titleAt and
// bodyAt are their byte offsets in text. Both are trimmed of spaces, as
// ParseArticle trims them.
func splitHeadline(text string) (title string, titleAt int, body string, bodyAt int, ok bool) {
	i := 0
	for i < len(text) {
		line, _, found := strings.Cut(text[i:], "\n")
		if strings.TrimSpace(line) != "" {
			break
		}
		if !found {
			return "", 0, "", 0, false
		}
		i += len(line) + 1
	}
	line, rest, found := strings.Cut(text[i:], "\n")
	if !found {
		return "", 0, "", 0, false
	}
	if strings.TrimSpace(rest) == "" {
		return "", 0, "", 0, false
	}
	titleAt = i + len(line) - len(strings.TrimLeftFunc(line, unicode.IsSpace))
	bodyAt = len(text) - len(strings.TrimLeftFunc(rest, unicode.IsSpace))
	return strings.TrimSpace(line), titleAt, strings.TrimRightFunc(text[bodyAt:], unicode.IsSpace), bodyAt, true
}

// appendShifted appends ms, whose offsets count in the part of text that
// starts at byte at, with offsets counted in text.
func appendShifted(out, ms []gazetteer.Mention, text string, at int) []gazetteer.Mention {
	cp := utf8.RuneCountInString(text[:at])
	for _, m := range ms {
		m.Start, m.End = m.Start+cp, m.End+cp
		m.ByteStart, m.ByteEnd = m.ByteStart+at, m.ByteEnd+at
		out = append(out, m)
	}
	return out
}
