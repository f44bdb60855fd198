package export

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/incident"
)

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, and U+2028/U+2029 are escaped so the output is also valid
// JavaScript.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendOptionalInt appends *p, or null when p is nil.
func appendOptionalInt(b []byte, p *int) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(*p), 10)
}

// appendSources appends the sources as a JSON array of objects with the
// incident.Source JSON tags; empty members are left out.
func appendSources(b []byte, sources []incident.Source) []byte {
	b = append(b, '[')
	for i, s := range sources {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendJSONString(b, s.ArticleID)
		if s.URL != "" {
			b = append(b, `,"url":`...)
			b = appendJSONString(b, s.URL)
		}
		if s.Title != "" {
			b = append(b, `,"title":`...)
			b = appendJSONString(b, s.Title)
		}
		if !s.Published.IsZero() {
			b = append(b, `,"published":"`...)
			b = s.Published.AppendFormat(b, time.RFC3339)
			b = append(b, '"')
		}
		if s.SourceName != "" {
			b = append(b, `,"source":`...)
			b = appendJSONString(b, s.SourceName)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}
