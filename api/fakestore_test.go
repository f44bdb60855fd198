package api

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// fakeStore is an in-memory store.Store for the HTTP tests. It evaluates
// every Query field but Filter, whose SQL only the real stores run.
type fakeStore struct {
	mu        sync.Mutex
	articles  map[string]store.ArticleRecord
	incidents map[string]incident.Incident
	version   int
	down      bool
	counts    int // Count calls
}

func newFakeStore() *fakeStore {
	return &fakeStore{articles: map[string]store.ArticleRecord{}, incidents: map[string]incident.Incident{}}
}

func (f *fakeStore) Ingest(ctx context.Context, a store.ArticleRecord) (store.IngestResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return store.IngestResult{}, store.ErrUnavailable
	}
	res := store.IngestResult{ArticleID: a.Article.ID}
	if _, ok := f.articles[a.Article.ID]; ok {
		return res, nil
	}
	res.Created = true
	a.IngestedAt = time.Now()
	f.articles[a.Article.ID] = a
	for _, inc := range a.Incidents {
		if old, ok := f.incidents[inc.ID]; ok {
			old.Sources = append(old.Sources, inc.Sources...)
			f.incidents[inc.ID] = old
			res.MergedIncidents++
			continue
		}
		f.incidents[inc.ID] = inc
		res.NewIncidents++
	}
	f.version++
	return res, nil
}

func (f *fakeStore) Article(ctx context.Context, id string) (store.ArticleRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.articles[id]
	if !ok {
		return a, store.ErrNotFound
	}
	return a, nil
}

func (f *fakeStore) Incident(ctx context.Context, id string) (incident.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	inc, ok := f.incidents[id]
	if !ok {
		return inc, store.ErrNotFound
	}
	return inc, nil
}

func (f *fakeStore) match(q store.Query) []incident.Incident {
	var out []incident.Incident
	for _, inc := range f.incidents {
		g := inc.Geometry
		if g == nil {
			g = inc.Point
		}
		b := g.Bound()
		if q.Bbox != nil && !q.Bbox.Intersects(b) {
			continue
		}
		if q.Intersects != nil && !q.Intersects.Bound().Intersects(b) {
			continue
		}
		if q.From != nil && inc.EventDate.Before(q.From.Truncate(24*time.Hour)) {
			continue
		}
		if q.To != nil && inc.EventDate.After(*q.To) {
			continue
		}
		if len(q.Types) > 0 && !contains(q.Types, inc.EventType) && !contains(q.Types, inc.SubEventType) {
			continue
		}
		if q.Actor != "" && !strings.Contains(strings.ToLower(inc.Actor1+" "+inc.Actor2+" "+strings.Join(inc.AssocActors, " ")), strings.ToLower(q.Actor)) {
			continue
		}
		if q.Text != "" && !strings.Contains(strings.ToLower(inc.Notes+" "+inc.Location), strings.ToLower(q.Text)) {
			continue
		}
		out = append(out, inc)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].EventDate.Equal(out[j].EventDate) {
			return out[i].EventDate.After(out[j].EventDate)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (f *fakeStore) Incidents(ctx context.Context, q store.Query, fn func(*incident.Incident) error) error {
	f.mu.Lock()
	if f.down {
		f.mu.Unlock()
		return store.ErrUnavailable
	}
	all := f.match(q)
	f.mu.Unlock()
	n := 0
	for i := range all {
		inc := all[i]
		if q.After != nil {
			if inc.EventDate.After(q.After.EventDate) || (inc.EventDate.Equal(q.After.EventDate) && inc.ID <= q.After.ID) {
				continue
			}
		}
		if q.Limit > 0 && n == q.Limit {
			break
		}
		if err := fn(&inc); err != nil {
			return err
		}
		n++
	}
	return nil
}

func (f *fakeStore) Count(ctx context.Context, q store.Query) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts++
	return int64(len(f.match(q))), nil
}

func (f *fakeStore) Stats(ctx context.Context) (store.Stats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return store.Stats{}, store.ErrUnavailable
	}
	st := store.Stats{Incidents: int64(len(f.incidents)), Articles: int64(len(f.articles)), Version: strconv.Itoa(f.version)}
	for _, inc := range f.incidents {
		b := orb.Bound{Min: inc.Point, Max: inc.Point}
		if st.Extent == nil {
			st.Extent = &b
		} else {
			e := st.Extent.Union(b)
			st.Extent = &e
		}
		if st.FirstDate.IsZero() || inc.EventDate.Before(st.FirstDate) {
			st.FirstDate = inc.EventDate
		}
		if inc.EventDate.After(st.LastDate) {
			st.LastDate = inc.EventDate
		}
	}
	return st, nil
}

func (f *fakeStore) Ping(ctx context.Context) error { return nil }
func (f *fakeStore) Close() error                   { return nil }
