package postgis

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/sourcelist"
	"github.com/incidentmap/incidentmap/store/internal/sqlquery"
	"github.com/incidentmap/incidentmap/store/internal/stream"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// columns are the incident columns every read selects, in scan order;
// the sources column follows them.
const columns = `i.id, i.event_date, i.time_precision, i.event_type, i.sub_event_type, i.actor1, i.actor2,
	i.assoc_actors, i.location, i.place_id, i.country_code, i.admin1, i.geo_precision, i.fatalities, i.injuries,
	i.notes, i.confidence, i.lat, i.lon, ST_AsBinary(i.geom), i.status, i.updated_at`

const order = ` ORDER BY i.event_date DESC, i.id`

// scanRow reads columns and the sources column.
func scanRow(rows pgx.Rows) (incident.Incident, error) {
	var in incident.Incident
	var lat, lon float64
	var geom, srcs []byte
	if err := rows.Scan(&in.ID, &in.EventDate, &in.TimePrecision, &in.EventType, &in.SubEventType, &in.Actor1,
		&in.Actor2, &in.AssocActors, &in.Location, &in.PlaceID, &in.CountryCode, &in.Admin1, &in.GeoPrecision,
		&in.Fatalities, &in.Injuries, &in.Notes, &in.Confidence, &lat, &lon, &geom, &in.Status, &in.Updated, &srcs); err != nil {
		return in, err
	}
	if len(in.AssocActors) == 0 {
		in.AssocActors = nil
	}
	in.EventDate = in.EventDate.UTC()
	in.Updated = in.Updated.UTC()
	in.Point = orb.Point{lon, lat}
	var err error
	if in.Geometry, err = wkb.Unmarshal(geom); err != nil {
		return in, fmt.Errorf("incident %s: geometry: %w", in.ID, err)
	}
	if in.Sources, err = sourcelist.ParseJSON(srcs); err != nil {
		return in, fmt.Errorf("incident %s: %w", in.ID, err)
	}
	if in.Status == store.StatusUnreviewed {
		in.Status = "" // the zero value: what an extraction gives
	}
	return in, nil
}

// stream runs query and hands each incident to fn; fn's error stops it.
func (s *Store) stream(ctx context.Context, query string, args []any, fn func(*incident.Incident) error) error {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		in, err := scanRow(rows)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(&in); err != nil {
			return err
		}
	}
	return mapErr(rows.Err())
}

// Incident returns one incident with all its sources.
func (s *Store) Incident(ctx context.Context, id string) (incident.Incident, error) {
	var out incident.Incident
	found := false
	err := s.stream(ctx, `SELECT `+columns+`, i.sources FROM incidents i WHERE i.id = $1`, []any{id},
		func(in *incident.Incident) error {
			out, found = *in, true
			return nil
		})
	if err != nil {
		return out, fmt.Errorf("incident %s: %w", id, err)
	}
	if !found {
		return out, fmt.Errorf("incident %s: %w", id, store.ErrNotFound)
	}
	return out, nil
}

// Incidents streams the incidents matching q in (event_date desc, id)
// order; fn's error stops the stream and is returned as is.
func (s *Store) Incidents(ctx context.Context, q store.Query, fn func(*incident.Incident) error) error {
	var b builder
	where, err := b.where(q, true)
	if err != nil {
		return fmt.Errorf("incidents: %w", err)
	}
	sqlText := `SELECT ` + columns + `, i.sources FROM incidents i` + where + order
	if q.Limit > 0 {
		sqlText += ` LIMIT ` + b.arg(q.Limit)
	}
	err = s.stream(ctx, sqlText, b.args, func(in *incident.Incident) error { return stream.FromCaller(fn(in)) })
	return stream.Error("incidents", err)
}

// Count returns how many incidents match q, ignoring its Limit and After.
func (s *Store) Count(ctx context.Context, q store.Query) (int64, error) {
	var b builder
	q.Limit, q.After = 0, nil
	where, err := b.where(q, false)
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM incidents i`+where, b.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count: %w", mapErr(err))
	}
	return n, nil
}

// Article returns a stored article with its mentions and incidents (each
// with all its sources), the incidents in the article's extraction order.
func (s *Store) Article(ctx context.Context, id string) (store.ArticleRecord, error) {
	var rec store.ArticleRecord
	var published *time.Time
	var mentions []byte
	a := &rec.Article
	err := s.pool.QueryRow(ctx, `SELECT id, title, body, url, published, source, ingested_at, mentions,
		canonical_url, byline FROM articles WHERE id = $1`, id).Scan(&a.ID, &a.Title, &a.Body, &a.URL, &published, &a.Source,
		&rec.IngestedAt, &mentions, &rec.CanonicalURL, &rec.Byline)
	if err == pgx.ErrNoRows {
		return rec, fmt.Errorf("article %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return rec, fmt.Errorf("article %s: %w", id, mapErr(err))
	}
	if published != nil {
		a.Published = published.UTC()
	}
	rec.IngestedAt = rec.IngestedAt.UTC()
	if err := json.Unmarshal(mentions, &rec.Mentions); err != nil {
		return rec, fmt.Errorf("article %s: mentions: %w", id, err)
	}
	if len(rec.Mentions) == 0 {
		rec.Mentions = nil
	}
	err = s.stream(ctx, `SELECT `+columns+`, i.sources FROM incident_sources x JOIN incidents i ON i.id = x.incident_id
		WHERE x.article_id = $1 ORDER BY x.ord`, []any{id}, func(in *incident.Incident) error {
		rec.Incidents = append(rec.Incidents, *in)
		return nil
	})
	if err != nil {
		return rec, fmt.Errorf("article %s: %w", id, err)
	}
	return rec, nil
}

// queryables are the columns a CQL2 filter may name.
var queryables = sqlquery.Queryables()

// builder collects bind values for $N placeholders.
type builder struct{ args []any }

// arg registers a bind value and returns its placeholder. Geometries
// become WKB (wrap the placeholder in ST_GeomFromWKB(..., 4326)).
func (b *builder) arg(v any) string {
	switch x := v.(type) {
	case orb.Bound:
		v = wkb.MustMarshal(x.ToPolygon())
	case orb.Geometry:
		v = wkb.MustMarshal(x)
	}
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

// where renders q's WHERE clause.
func (b *builder) where(q store.Query, withCursor bool) (string, error) {
	conds, spatial, err := b.conds(q, withCursor)
	if err != nil || len(conds) == 0 {
		return "", err
	}
	where := ` WHERE ` + strings.Join(conds, ` AND `)
	if spatial && q.Limit > 0 {
		// A spatial page first finds its oldest day: the limit-th match in
		// the GiST (geom, event_date) index's newest-first KNN order, which
		// reads about a page of rows; the page itself then reads only the
		// matches from that day on, sorted by (event_date desc, id) with the
		// day's ties complete. Without it the planner fetches every match in
		// the region before its top-N sort.
		where += ` AND i.event_date >= (SELECT min(c.event_date) FROM (SELECT i.event_date FROM incidents i` + where +
			` ORDER BY i.event_date <-> '9999-12-31'::date LIMIT ` + b.arg(q.Limit) + `) c)`
	}
	return where, nil
}

// conds renders q's conditions and says whether one is spatial.
func (b *builder) conds(q store.Query, withCursor bool) ([]string, bool, error) {
	conds, spatial, err := b.spatialConds(q)
	if err != nil {
		return nil, false, err
	}
	if q.From != nil {
		conds = append(conds, `i.event_date >= `+b.arg(dateOf(*q.From))+`::date`)
	}
	if q.To != nil {
		conds = append(conds, `i.event_date <= `+b.arg(dateOf(*q.To))+`::date`)
	}
	conds = b.fieldConds(conds, q)
	if q.Filter != nil {
		f, err := sqlquery.ToSQL(q.Filter, sqlquery.PostGIS, queryables, b.arg)
		if err != nil {
			return nil, false, fmt.Errorf("filter: %w", err)
		}
		if strings.TrimSpace(f) != "" {
			conds = append(conds, `(`+f+`)`)
		}
	}
	conds = b.updatedConds(conds, q)
	conds = append(conds, b.statusCond(q.Statuses))
	if withCursor && q.After != nil {
		d := b.arg(dateOf(q.After.EventDate))
		// The leading bound lets the (event_date desc, id) index start at
		// the cursor instead of the planner sorting every row before it.
		conds = append(conds, `i.event_date <= `+d+`::date AND (i.event_date < `+d+`::date OR i.id > `+b.arg(q.After.ID)+`)`)
	}
	return conds, spatial, nil
}

// spatialConds renders q's bbox and intersects conditions and says whether
// there is one (a bbox of the whole world is none).
func (b *builder) spatialConds(q store.Query) ([]string, bool, error) {
	var conds []string
	spatial := false
	if q.Bbox != nil {
		bb := *q.Bbox
		if bb.IsEmpty() {
			return nil, false, fmt.Errorf("empty bbox %v", bb)
		}
		if !(bb.Min[0] <= -180 && bb.Min[1] <= -90 && bb.Max[0] >= 180 && bb.Max[1] >= 90) {
			env := `ST_MakeEnvelope(` + b.arg(bb.Min[0]) + `, ` + b.arg(bb.Min[1]) + `, ` + b.arg(bb.Max[0]) + `, ` +
				b.arg(bb.Max[1]) + `, 4326)`
			conds = append(conds, `i.geom && `+env+` AND ST_Intersects(i.geom, `+env+`)`)
			spatial = true
		}
	}
	if q.Intersects != nil {
		g := q.Intersects
		if bd, ok := g.(orb.Bound); ok {
			g = bd.ToPolygon()
		}
		if _, ok := geo.Extent(g); !ok {
			conds = append(conds, `FALSE`)
		} else {
			conds = append(conds, `ST_Intersects(i.geom, ST_GeomFromWKB(`+b.arg(g)+`, 4326))`)
			spatial = true
		}
	}
	return conds, spatial, nil
}

// fieldConds appends the conditions on q's fields: types, actor, text,
// country, admin1 and shape.
func (b *builder) fieldConds(conds []string, q store.Query) []string {
	if len(q.Types) > 0 {
		p := b.arg(q.Types)
		conds = append(conds, `(i.event_type = ANY(`+p+`::text[]) OR i.sub_event_type = ANY(`+p+`::text[]))`)
	}
	if q.Actor != "" {
		p := b.arg(`%` + sqlquery.EscapeLike(q.Actor) + `%`)
		conds = append(conds, `(i.actor1 ILIKE `+p+` ESCAPE '\' OR i.actor2 ILIKE `+p+
			` ESCAPE '\' OR array_to_string(i.assoc_actors, E'\n') ILIKE `+p+` ESCAPE '\')`)
	}
	if q.Text != "" {
		p := b.arg(`%` + sqlquery.EscapeLike(q.Text) + `%`)
		conds = append(conds, `(i.notes ILIKE `+p+` ESCAPE '\' OR i.location ILIKE `+p+` ESCAPE '\' OR i.actor1 ILIKE `+p+
			` ESCAPE '\' OR i.actor2 ILIKE `+p+` ESCAPE '\' OR array_to_string(i.assoc_actors, E'\n') ILIKE `+p+` ESCAPE '\')`)
	}
	if q.Country != "" {
		conds = append(conds, `i.country_code = `+b.arg(q.Country))
	}
	if q.Admin1 != "" {
		conds = append(conds, `i.admin1 = `+b.arg(q.Admin1))
	}
	switch q.Shape {
	case store.ShapeLines:
		conds = append(conds, `GeometryType(i.geom) IN ('LINESTRING', 'MULTILINESTRING')`)
	case store.ShapeAreas:
		conds = append(conds, `GeometryType(i.geom) IN ('POLYGON', 'MULTIPOLYGON')`)
	}
	return conds
}

// updatedConds appends the conditions on the time of the last change.
func (b *builder) updatedConds(conds []string, q store.Query) []string {
	if q.UpdatedSince != nil {
		conds = append(conds, `i.updated_at > `+b.arg(q.UpdatedSince.UTC())+`::timestamptz`)
	}
	// timestamptz keeps microseconds: a start between two of them begins at
	// the next, an end at the one before, so no stored time is let in by
	// the rounding of the bound.
	if q.UpdatedFrom != nil {
		from := q.UpdatedFrom.UTC()
		if t := from.Truncate(time.Microsecond); !t.Equal(from) {
			from = t.Add(time.Microsecond)
		}
		conds = append(conds, `i.updated_at >= `+b.arg(from)+`::timestamptz`)
	}
	if q.UpdatedTo != nil {
		conds = append(conds, `i.updated_at <= `+b.arg(q.UpdatedTo.UTC().Truncate(time.Microsecond))+`::timestamptz`)
	}
	return conds
}

// hidden is the condition that leaves out rejected and deleted incidents.
const hidden = `i.status IN ('rejected', 'deleted')`

// statusCond renders the review-status condition of a query: by default
// rejected and deleted incidents are left out.
func (b *builder) statusCond(statuses []string) string {
	if statuses == nil {
		return `NOT (` + hidden + `)`
	}
	return `i.status = ANY(` + b.arg(statuses) + `::text[]) AND i.status <> 'deleted'`
}
