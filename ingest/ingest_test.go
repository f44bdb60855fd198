package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/seeds"
)

func TestPipeline(t *testing.T) {
	g, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	st, p := ingesttest.SeededSQLite(t, g)
	ctx := context.Background()
	before, _ := st.Stats(ctx)
	arts, _ := seeds.Articles()
	if n, err := p.SeedIfEmpty(ctx, arts); err != nil || n != 0 {
		t.Fatalf("seeding a store that holds articles ingested %d (%v)", n, err)
	}
	// An article without id gets one from its text; --published overrides.
	a := incident.Article{Title: "Blast", Body: "A car bomb exploded in Mogadishu on Sunday, killing 12 people."}
	res, x, err := p.Article(ctx, a, time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC))
	if err != nil || !res.Created || res.ArticleID != incident.ContentID(a.Title, a.Body) || len(x.Incidents) != 1 {
		t.Fatalf("ingest: %+v, %d incidents, %v", res, len(x.Incidents), err)
	}
	rec, err := st.Article(ctx, res.ArticleID)
	if err != nil || !rec.Article.Published.Equal(time.Date(2023, 5, 8, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("stored article: %+v %v", rec.Article, err)
	}
	found := false
	for _, m := range rec.Mentions {
		if m.Text == "Mogadishu" && m.Role == string(gazetteer.RoleIncident) && m.PlaceID != "" && m.Lat != nil && *m.Lat != 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("the Mogadishu mention was not stored with its place and role: %+v", rec.Mentions)
	}
	after, _ := st.Stats(ctx)
	if after.Articles != before.Articles+1 || after.Incidents != before.Incidents+1 {
		t.Errorf("articles %d -> %d, incidents %d -> %d", before.Articles, after.Articles, before.Incidents, after.Incidents)
	}
}
