// Package ingest runs news articles through place tagging and incident
// extraction into a store: the one path that the CLI's ingest command, the
// API's POST /articles and the demo seeding all take.
package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// Pipeline extracts incidents from articles and stores them.
type Pipeline struct {
	Gazetteer *gazetteer.Gazetteer
	Store     store.Store
	// Stored, when set, is called after an ingest that stored or updated
	// incidents (serve and watch wake their alert worker with it, so a
	// webhook need not wait for the worker's next tick). It must not
	// block: the ingest's caller is waiting.
	Stored func()
}

// Article extracts what a (parsed) article reports and stores it in one
// transaction. published overrides the article's own date when not zero.
func (p *Pipeline) Article(ctx context.Context, a incident.Article, published time.Time) (store.IngestResult, incident.Extraction, error) {
	return p.ArticleMeta(ctx, a, published, store.ArticleMeta{})
}

// ArticleMeta is Article with the article's canonical URL and byline (an
// article read from a feed), stored in the same transaction.
func (p *Pipeline) ArticleMeta(ctx context.Context, a incident.Article, published time.Time, m store.ArticleMeta) (store.IngestResult, incident.Extraction, error) {
	if a.ID == "" {
		a.ID = incident.ContentID(a.Title, a.Body)
	}
	if !published.IsZero() {
		a.Published = published
	}
	x := incident.Extract(p.Gazetteer, a, a.Published)
	rec := Record(a, x)
	rec.ArticleMeta = m
	res, err := p.Store.Ingest(ctx, rec)
	if err != nil {
		return store.IngestResult{}, x, fmt.Errorf("ingest article %s: %w", a.ID, err)
	}
	if p.Stored != nil && res.NewIncidents+res.MergedIncidents > 0 {
		p.Stored()
	}
	return res, x, nil
}

// Record turns an article and its extraction into what the store keeps.
func Record(a incident.Article, x incident.Extraction) store.ArticleRecord {
	rec := store.ArticleRecord{Article: a, Incidents: x.Incidents}
	rec.Mentions = make([]store.MentionRecord, 0, len(x.Mentions))
	for _, m := range x.Mentions {
		mr := store.MentionRecord{
			Text: m.Text, Start: m.Start, End: m.End, PlaceID: m.Place.ID, Name: m.Place.Name,
			Kind: string(m.Place.Kind), Country: m.Place.CountryCode, Role: string(m.Role),
			Confidence: m.Confidence, Sentence: m.Sentence,
		}
		if m.Place.Located() {
			lat, lon := m.Place.Lat(), m.Place.Lon()
			mr.Lat, mr.Lon = &lat, &lon
		}
		rec.Mentions = append(rec.Mentions, mr)
	}
	return rec
}

// SeedIfEmpty ingests the articles when the store holds no article yet, so
// a new install shows a map at once. It returns how many it ingested.
func (p *Pipeline) SeedIfEmpty(ctx context.Context, articles []incident.Article) (int, error) {
	st, err := p.Store.Stats(ctx)
	if err != nil {
		return 0, fmt.Errorf("seed: %w", err)
	}
	if st.Articles > 0 {
		return 0, nil
	}
	for _, a := range articles {
		if _, _, err := p.Article(ctx, a, time.Time{}); err != nil {
			return 0, fmt.Errorf("seed: %w", err)
		}
	}
	return len(articles), nil
}
