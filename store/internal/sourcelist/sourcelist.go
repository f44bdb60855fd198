// Package sourcelist is an incident's list of sources as both stores keep
// it: one JSON array, read without reflection, merged and ordered alike.
package sourcelist

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/jsonenc"
)

// AppendJSON appends an incident's sources as the stores keep them
// beside the incident (so reads need no join): a JSON array of
// [article id, url, title, published (RFC 3339, "" when unknown), source].
func AppendJSON(dst []byte, ss []incident.Source) []byte {
	dst = append(dst, '[')
	for i := range ss {
		s := &ss[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		dst = jsonenc.AppendString(dst, s.ArticleID)
		dst = append(dst, ',')
		dst = jsonenc.AppendString(dst, s.URL)
		dst = append(dst, ',')
		dst = jsonenc.AppendString(dst, s.Title)
		dst = append(dst, ',', '"')
		if !s.Published.IsZero() {
			dst = s.Published.UTC().AppendFormat(dst, time.RFC3339Nano)
		}
		dst = append(dst, '"', ',')
		dst = jsonenc.AppendString(dst, s.SourceName)
		dst = append(dst, ']')
	}
	return append(dst, ']')
}

// ParseJSON reads what AppendJSON wrote.
func ParseJSON(b []byte) ([]incident.Source, error) {
	if len(b) == 0 || string(b) == "[]" {
		return nil, nil
	}
	raw, ok := parseSourceRows(b)
	if !ok {
		// Anything the quick reader does not know (escapes, nulls, odd
		// spacing it did not expect) goes through encoding/json.
		raw = nil
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
	}
	out := make([]incident.Source, len(raw))
	for i, r := range raw {
		s := &out[i]
		s.ArticleID, s.URL, s.Title, s.SourceName = r[0], r[1], r[2], r[4]
		if r[3] != "" {
			t, err := time.Parse(time.RFC3339Nano, r[3])
			if err != nil {
				return nil, fmt.Errorf("sources: published: %w", err)
			}
			s.Published = t.UTC()
		}
	}
	return out, nil
}

// Add returns ss with s added in publication order, unless an entry
// for the same article is already there.
func Add(ss []incident.Source, s incident.Source) []incident.Source {
	for _, x := range ss {
		if x.ArticleID == s.ArticleID {
			return ss
		}
	}
	ss = append(ss, s)
	Sort(ss)
	return ss
}

// Of is the source entry an article gives the incidents it reports.
func Of(a *incident.Article) incident.Source {
	return incident.Source{ArticleID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published.UTC(), SourceName: a.Source}
}

// parseSourceRows reads a JSON array of arrays of five strings without
// escapes, as AppendJSON writes them (and PostgreSQL's json_agg, with
// spaces); ok is false for anything else. It is the hot part of decoding
// an incident row: encoding/json took a fifth of a full scan.
func parseSourceRows(b []byte) (rows [][5]string, ok bool) {
	i := 0
	ws := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
			i++
		}
	}
	expect := func(c byte) bool {
		ws()
		if i < len(b) && b[i] == c {
			i++
			return true
		}
		return false
	}
	str := func() (string, bool) {
		ws()
		if i >= len(b) || b[i] != '"' {
			return "", false
		}
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' || b[j] < 0x20 {
				return "", false
			}
			j++
		}
		if j >= len(b) || !utf8.Valid(b[i+1:j]) {
			return "", false
		}
		v := string(b[i+1 : j])
		i = j + 1
		return v, true
	}
	if !expect('[') {
		return nil, false
	}
	if expect(']') {
		ws()
		return nil, i == len(b)
	}
	for {
		if !expect('[') {
			return nil, false
		}
		var r [5]string
		for k := range r {
			if k > 0 && !expect(',') {
				return nil, false
			}
			v, ok := str()
			if !ok {
				return nil, false
			}
			r[k] = v
		}
		if !expect(']') {
			return nil, false
		}
		rows = append(rows, r)
		if expect(']') {
			ws()
			if i != len(b) {
				return nil, false
			}
			return rows, true
		}
		if !expect(',') {
			return nil, false
		}
	}
}

// Sort orders an incident's sources as every read returns them:
// by publication, then article id.
func Sort(ss []incident.Source) {
	slices.SortStableFunc(ss, func(a, b incident.Source) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return strings.Compare(a.ArticleID, b.ArticleID)
	})
}
