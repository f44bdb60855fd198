package incident

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxArticleSize bounds one article's input: ParseArticle and ReadJSONL
// refuse anything larger with ErrTooLarge.
const MaxArticleSize = 10 << 20

// Errors ParseArticle and ReadJSONL return; callers map them to 4xx answers.
var (
	// ErrTooLarge says an article is over MaxArticleSize bytes.
	ErrTooLarge = errors.New("article larger than 10 MB")
	// ErrEmpty says the input holds nothing but white space.
	ErrEmpty = errors.New("empty article")
	// ErrNoBody says the article has a title but no body.
	ErrNoBody = errors.New("article has no body")
)

// articleJSON is the wire form of an article; published is a string so that
// both a bare date and an RFC 3339 instant are accepted.
type articleJSON struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Body      *string `json:"body"`
	URL       string  `json:"url"`
	Published string  `json:"published"`
	Source    string  `json:"source"`
}

// ParseArticle reads one article: a JSON object
// {"id","title","body","url","published","source"} when the first non-space
// byte is '{', else plain text whose first non-empty line is the title and
// the rest the body. Invalid UTF-8 is replaced by U+FFFD and C0 control
// characters other than tab and line breaks by spaces (byte for byte, so
// offsets hold); an article without id gets ContentID.
func ParseArticle(data []byte) (Article, error) {
	if len(data) > MaxArticleSize {
		return Article{}, ErrTooLarge
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(bytes.TrimSpace(trimmed)) == 0 {
		return Article{}, ErrEmpty
	}
	if trimmed[0] == '{' {
		return parseJSONArticle(trimmed)
	}
	return parseTextArticle(data)
}

func parseJSONArticle(data []byte) (Article, error) {
	var w articleJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&w); err != nil {
		return Article{}, fmt.Errorf("parse article json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Article{}, errors.New("parse article json: data after the object")
	}
	if w.Body == nil || strings.TrimSpace(*w.Body) == "" {
		return Article{}, ErrNoBody
	}
	a := Article{
		ID:     strings.TrimSpace(w.ID),
		Title:  clean(w.Title),
		Body:   clean(*w.Body),
		URL:    strings.TrimSpace(w.URL),
		Source: strings.TrimSpace(w.Source),
	}
	if w.Published != "" {
		t, err := ParsePublished(w.Published)
		if err != nil {
			return Article{}, err
		}
		a.Published = t
	}
	if a.ID == "" {
		a.ID = ContentID(a.Title, a.Body)
	}
	return a, nil
}

func parseTextArticle(data []byte) (Article, error) {
	text := clean(string(data))
	text = strings.TrimPrefix(text, "\ufeff")
	var title string
	rest := text
	for rest != "" {
		line, after, found := strings.Cut(rest, "\n")
		if !found {
			after = ""
		}
		rest = after
		if t := strings.TrimSpace(line); t != "" {
			title = t
			break
		}
	}
	body := strings.TrimSpace(rest)
	if body == "" {
		return Article{}, ErrNoBody
	}
	return Article{ID: ContentID(title, body), Title: title, Body: body}, nil
}

// ParsePublished reads a publication date: YYYY-MM-DD or RFC 3339.
func ParsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("published %q: want YYYY-MM-DD or RFC 3339", s)
}

// clean replaces invalid UTF-8 and control characters; it keeps byte
// lengths of control characters so offsets into the text stay valid.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	dirty := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			dirty = true
			break
		}
	}
	if !dirty {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			b[i] = ' '
		}
	}
	return string(b)
}

// ReadJSONL streams JSON Lines, one article object a line, calling fn with
// the 1-based line number and the article or the error that line gave.
// Blank lines are skipped. A non-nil error from fn stops the reading and is
// returned; an error reading r is returned as well.
func ReadJSONL(r io.Reader, fn func(line int, a Article, err error) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	line := 0
	for {
		buf = buf[:0]
		tooLarge := false
		var rerr error
		for {
			chunk, err := br.ReadSlice('\n')
			if !tooLarge {
				if len(buf)+len(chunk) > MaxArticleSize+2 {
					tooLarge = true
					buf = buf[:0]
				} else {
					buf = append(buf, chunk...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			rerr = err
			break
		}
		if rerr != nil && rerr != io.EOF {
			return fmt.Errorf("read jsonl line %d: %w", line+1, rerr)
		}
		if rerr == io.EOF && len(buf) == 0 && !tooLarge {
			return nil
		}
		line++
		var a Article
		var err error
		switch t := bytes.TrimSpace(buf); {
		case tooLarge:
			err = ErrTooLarge
		case len(t) == 0:
			if rerr == io.EOF {
				return nil
			}
			continue
		case t[0] != '{':
			err = errors.New("not a JSON object")
		default:
			a, err = ParseArticle(t)
		}
		if err != nil {
			err = fmt.Errorf("line %d: %w", line, err)
		}
		if ferr := fn(line, a, err); ferr != nil {
			return ferr
		}
		if rerr == io.EOF {
			return nil
		}
	}
}
