package api

import (
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"strings"
)

// decodeBody replaces a gzip or deflate request body by its decoded
// stream, so handlers (and their size limits, which then count decoded
// bytes: no zip bombs) see plain content. Any other Content-Encoding is
// refused with 415 and the encodings the server takes.
func decodeBody(w http.ResponseWriter, r *http.Request) error {
	ce := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	var dec io.Reader
	switch ce {
	case "", "identity":
		return nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return badRequest("", "the body is not gzip as its Content-Encoding says: %v", bodyError(err))
		}
		dec = zr
	case "deflate":
		zr, err := zlib.NewReader(r.Body)
		if err != nil {
			return badRequest("", "the body is not deflate (zlib) as its Content-Encoding says: %v", bodyError(err))
		}
		dec = zr
	default:
		w.Header().Set("Accept-Encoding", "gzip, deflate")
		return &Problem{Type: "about:blank", Title: "Unsupported Media Type", Status: http.StatusUnsupportedMediaType,
			Detail: "Content-Encoding " + ce + " is not supported; send identity, gzip or deflate"}
	}
	r.Body = decodedBody{Reader: dec, closer: r.Body}
	r.Header.Del("Content-Encoding")
	r.Header.Del("Content-Length")
	r.ContentLength = -1
	return nil
}

// decodedBody reads the decoded stream and closes the request's body.
type decodedBody struct {
	io.Reader
	closer io.Closer
}

func (d decodedBody) Close() error { return d.closer.Close() }
