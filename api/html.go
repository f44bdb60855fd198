package api

import (
	"context"
	"errors"
	"html/template"
	"net/http"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

// The HTML encodings are plain pages without scripts, so the strict CSP
// holds and the pages work everywhere.
var pages = template.Must(template.New("base").Funcs(template.FuncMap{"deref": func(p *int) int { return *p }}).Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.}} · incidentmap</title><style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:top}
code{background:#f4f4f4;padding:0 .2rem}</style></head><body><p><a href="/?f=html">incidentmap</a> · <a href="/collections?f=html">collections</a> · <a href="/api?f=html">API</a></p>{{end}}
{{define "landing"}}{{template "head" "OGC API"}}<h1>{{.title}}</h1><p>{{.description}}</p><ul>{{range .links}}<li><a href="{{.Href}}">{{.Title}}</a> <code>{{.Type}}</code></li>{{end}}</ul></body></html>{{end}}
{{define "list"}}{{template "head" .Title}}<h1>{{.Title}}</h1><ul>{{range .Items}}<li><code>{{.}}</code></li>{{end}}</ul></body></html>{{end}}
{{define "collections"}}{{template "head" "Collections"}}<h1>Incidents</h1><p>{{.Stats.Incidents}} incidents from {{.Stats.Articles}} articles.</p>
<ul><li><a href="/collections/incidents/items?f=html">browse the incidents</a></li><li><a href="/collections/incidents/items">GeoJSON</a></li><li><a href="/collections/incidents/queryables">queryables</a></li></ul></body></html>{{end}}
{{define "items"}}{{template "head" "Incidents"}}<h1>Incidents</h1><table><tr><th>date</th><th>type</th><th>location</th><th>actors</th><th>fatalities</th><th>notes</th></tr>
{{range .Items}}<tr><td>{{.EventDate.Format "2006-01-02"}}</td><td>{{.SubEventType}}</td><td><a href="/collections/incidents/items/{{.ID}}?f=html">{{.Location}}</a></td><td>{{.Actor1}}{{if .Actor2}} vs {{.Actor2}}{{end}}</td><td>{{if .Fatalities}}{{deref .Fatalities}}{{end}}</td><td>{{.Notes}}</td></tr>{{end}}</table>
{{if .Next}}<p><a href="{{.Next}}">next page</a></p>{{end}}</body></html>{{end}}
{{define "item"}}{{template "head" .Location}}<h1>{{.SubEventType}} in {{.Location}}, {{.EventDate.Format "2006-01-02"}}</h1><table>
<tr><th>event type</th><td>{{.EventType}} / {{.SubEventType}}</td></tr><tr><th>date precision</th><td>{{.TimePrecision}}</td></tr>
<tr><th>actors</th><td>{{.Actor1}}{{if .Actor2}} vs {{.Actor2}}{{end}}</td></tr><tr><th>location</th><td>{{.Location}} ({{.CountryCode}}), precision {{.GeoPrecision}}</td></tr>
<tr><th>fatalities</th><td>{{if .Fatalities}}{{deref .Fatalities}}{{else}}unknown{{end}}</td></tr><tr><th>injuries</th><td>{{if .Injuries}}{{deref .Injuries}}{{else}}unknown{{end}}</td></tr>
<tr><th>notes</th><td>{{.Notes}}</td></tr><tr><th>sources</th><td>{{range .Sources}}<a href="{{.URL}}">{{.Title}}</a><br>{{end}}</td></tr></table></body></html>{{end}}
`))

func renderHTML(w http.ResponseWriter, name string, data any) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return pages.ExecuteTemplate(w, name, data)
}

func (s *Server) landingHTML(w http.ResponseWriter, r *http.Request, doc map[string]any) error {
	return renderHTML(w, "landing", doc)
}

func (s *Server) listHTML(w http.ResponseWriter, title string, items []string) error {
	return renderHTML(w, "list", map[string]any{"Title": title, "Items": items})
}

func (s *Server) collectionsHTML(w http.ResponseWriter, r *http.Request, st store.Stats) error {
	return renderHTML(w, "collections", map[string]any{"Stats": st})
}

func (s *Server) itemsHTML(w http.ResponseWriter, r *http.Request, q store.Query) error {
	limit := q.Limit
	q.Limit = limit + 1
	var items []*incident.Incident
	more := false
	err := s.cfg.Store.Incidents(r.Context(), q, func(inc *incident.Incident) error {
		if len(items) == limit {
			more = true
			return errStopPage
		}
		items = append(items, inc)
		return nil
	})
	if err != nil && !errors.Is(err, errStopPage) && !errors.Is(err, context.Canceled) {
		return s.storeError(err)
	}
	next := ""
	if more && len(items) > 0 {
		v := r.URL.Query()
		last := items[len(items)-1]
		v.Set("cursor", query.EncodeCursor(store.Cursor{EventDate: last.EventDate, ID: last.ID}))
		v.Set("f", "html")
		next = r.URL.Path + "?" + v.Encode()
	}
	return renderHTML(w, "items", map[string]any{"Items": items, "Next": next})
}

func (s *Server) itemHTML(w http.ResponseWriter, r *http.Request, inc *incident.Incident) error {
	return renderHTML(w, "item", inc)
}
