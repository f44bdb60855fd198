package incident

import (
	"io"
	"time"
)

// ReadOptions is what the caller of a reader says about the articles it
// reads (the --published and --url flags, the published and url query
// parameters). It is applied by one rule everywhere: a given Published is
// every article's publication date, over the article's own (the caller
// knows better than a feed's field); a given URL is only for articles that
// have none (a URL names one article, so it never replaces one).
type ReadOptions struct {
	Published time.Time
	URL       string
}

// Apply returns a with the options applied by that rule.
func (o ReadOptions) Apply(a Article) Article {
	if !o.Published.IsZero() {
		a.Published = o.Published
	}
	if o.URL != "" && a.URL == "" {
		a.URL = o.URL
	}
	return a
}

// ReadError is an error reading an article's input (I/O, a size limit of
// the reader), as opposed to one in the article itself.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return "read article: " + e.Err.Error() }

// Unwrap returns the reader's error.
func (e *ReadError) Unwrap() error { return e.Err }

// ReadArticle reads one article, plain text or JSON (see ParseArticle),
// from r, at most MaxArticleSize bytes of it, and returns the input as read
// too (incident.Geoparse reads a plain text whole). Errors
// reading r are *ReadError; those of the article are ParseArticle's.
func ReadArticle(r io.Reader) ([]byte, Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxArticleSize+1))
	if err != nil {
		return nil, Article{}, &ReadError{err}
	}
	a, err := ParseArticle(data)
	return data, a, err
}

// ReadArticles reads r as one article or, with jsonl, as JSON Lines (see
// ReadJSONL), and calls fn with each article, opt applied, or the error
// that input gave; line is 0 for a single article. An error from fn stops
// the reading and is returned, as is an error reading r.
func ReadArticles(r io.Reader, jsonl bool, opt ReadOptions, fn func(line int, a Article, err error) error) error {
	if jsonl {
		return ReadJSONL(r, func(line int, a Article, err error) error {
			if err != nil {
				return fn(line, a, err)
			}
			return fn(line, opt.Apply(a), nil)
		})
	}
	_, a, err := ReadArticle(r)
	if _, ok := err.(*ReadError); ok {
		return err
	}
	if err != nil {
		return fn(0, a, err)
	}
	return fn(0, opt.Apply(a), nil)
}
