package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// columns are the incident columns every read selects, in scan order.
const columns = `i.id, i.event_date, i.time_precision, i.event_type, i.sub_event_type, i.actor1, i.actor2,
	i.assoc_actors, i.location, i.place_id, i.country_code, i.admin1, i.geo_precision, i.fatalities, i.injuries,
	i.notes, i.confidence, i.lat, i.lon, i.geom`

// order is the listing order; the incidents_event_date index follows it.
const order = ` ORDER BY i.event_date DESC, i.id`

// batchSize is how many incidents get their sources in one query.
const batchSize = 256

type scanner interface{ Scan(dest ...any) error }

// scanOne reads one row of columns, after any extra leading destinations.
func scanOne(r scanner, extra ...any) (incident.Incident, error) {
	var in incident.Incident
	var sc rowScan
	if err := r.Scan(append(extra, sc.dest(&in)...)...); err != nil {
		return in, err
	}
	return in, sc.finish(&in)
}

// rowScan holds the columns that need converting after Scan.
type rowScan struct {
	date, assoc string
	fat, inj    sql.NullInt64
	lat, lon    float64
	geom        sql.RawBytes
}

func (sc *rowScan) dest(in *incident.Incident) []any {
	return []any{&in.ID, &sc.date, &in.TimePrecision, &in.EventType, &in.SubEventType, &in.Actor1, &in.Actor2,
		&sc.assoc, &in.Location, &in.PlaceID, &in.CountryCode, &in.Admin1, &in.GeoPrecision, &sc.fat, &sc.inj,
		&in.Notes, &in.Confidence, &sc.lat, &sc.lon, &sc.geom}
}

func (sc *rowScan) finish(in *incident.Incident) error {
	var err error
	if in.EventDate, err = time.Parse(time.DateOnly, sc.date); err != nil {
		return fmt.Errorf("incident %s: event_date: %w", in.ID, err)
	}
	if sc.assoc != "" && sc.assoc != "[]" {
		if err := json.Unmarshal([]byte(sc.assoc), &in.AssocActors); err != nil {
			return fmt.Errorf("incident %s: assoc_actors: %w", in.ID, err)
		}
	}
	if sc.fat.Valid {
		v := int(sc.fat.Int64)
		in.Fatalities = &v
	}
	if sc.inj.Valid {
		v := int(sc.inj.Int64)
		in.Injuries = &v
	}
	in.Point = orb.Point{sc.lon, sc.lat}
	if in.Geometry, err = wkb.Unmarshal(sc.geom); err != nil {
		return fmt.Errorf("incident %s: geometry: %w", in.ID, err)
	}
	return nil
}

// Incident returns one incident with all its sources.
func (s *Store) Incident(ctx context.Context, id string) (incident.Incident, error) {
	var out incident.Incident
	found := false
	err := s.stream(ctx, `SELECT `+columns+` FROM incidents i WHERE i.id = ?1`, []any{id}, func(in *incident.Incident) error {
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
	from, where, err := b.query(q, true)
	if err != nil {
		return fmt.Errorf("incidents: %w", err)
	}
	sqlText := `SELECT ` + columns + from + where + order
	if q.Limit > 0 {
		sqlText += ` LIMIT ` + b.arg(q.Limit)
	}
	var fnErr error
	err = s.stream(ctx, sqlText, b.args, func(in *incident.Incident) error {
		if err := fn(in); err != nil {
			fnErr = err
			return err
		}
		return nil
	})
	if fnErr != nil && err == fnErr {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("incidents: %w", err)
	}
	return nil
}

// Count returns how many incidents match q, ignoring its Limit and After.
func (s *Store) Count(ctx context.Context, q store.Query) (int64, error) {
	var b builder
	from, where, err := b.query(q, false)
	if err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*)`+from+where, b.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return n, nil
}

// stream runs query on one pinned connection and hands each incident, with
// its sources, to fn. Rows are read in batches of batchSize whose sources
// come in one extra query on the same connection (SQLite lets one
// connection step several statements), so memory stays flat however many
// rows match, and a stream never waits for a second pooled connection.
func (s *Store) stream(ctx context.Context, query string, args []any, fn func(*incident.Incident) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		batch []incident.Incident
		sc    rowScan
		dest  []any
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := loadSources(ctx, conn, batch); err != nil {
			return err
		}
		for i := range batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(&batch[i]); err != nil {
				return err
			}
		}
		batch = nil
		return nil
	}
	for rows.Next() {
		if batch == nil {
			// A fresh slab per batch: fn may keep the pointers it got.
			batch = make([]incident.Incident, 0, batchSize)
		}
		batch = append(batch, incident.Incident{})
		in := &batch[len(batch)-1]
		dest = sc.dest(in)
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := sc.finish(in); err != nil {
			return err
		}
		sc = rowScan{}
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// loadSources fills the Sources of batch, ordered by publication, in one
// query on conn.
func loadSources(ctx context.Context, conn *sql.Conn, batch []incident.Incident) error {
	idx := make(map[string]int, len(batch))
	args := make([]any, 0, len(batch))
	var in strings.Builder
	for i := range batch {
		if _, dup := idx[batch[i].ID]; dup {
			continue
		}
		idx[batch[i].ID] = i
		if len(args) > 0 {
			in.WriteByte(',')
		}
		args = append(args, batch[i].ID)
		in.WriteString("?" + strconv.Itoa(len(args)))
	}
	rows, err := conn.QueryContext(ctx, `SELECT incident_id, article_id, url, title, published, source
		FROM incident_sources WHERE incident_id IN (`+in.String()+`)`, args...)
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, published string
		var src incident.Source
		if err := rows.Scan(&id, &src.ArticleID, &src.URL, &src.Title, &published, &src.SourceName); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		src.Published = parseTime(published)
		i := idx[id]
		batch[i].Sources = append(batch[i].Sources, src)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	for i := range batch {
		if len(batch[i].Sources) > 1 {
			slices.SortFunc(batch[i].Sources, func(a, b incident.Source) int {
				if c := a.Published.Compare(b.Published); c != 0 {
					return c
				}
				return strings.Compare(a.ArticleID, b.ArticleID)
			})
		}
	}
	return nil
}

// Article returns a stored article with its mentions and incidents (each
// with all its sources), the incidents in the article's extraction order.
func (s *Store) Article(ctx context.Context, id string) (store.ArticleRecord, error) {
	var rec store.ArticleRecord
	var published, ingested, mentions string
	a := &rec.Article
	err := s.db.QueryRowContext(ctx, `SELECT id, title, body, url, published, source, ingested_at, mentions
		FROM articles WHERE id = ?1`, id).Scan(&a.ID, &a.Title, &a.Body, &a.URL, &published, &a.Source, &ingested, &mentions)
	if notFound(err) {
		return rec, fmt.Errorf("article %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return rec, fmt.Errorf("article %s: %w", id, err)
	}
	a.Published = parseTime(published)
	rec.IngestedAt = parseTime(ingested)
	if err := json.Unmarshal([]byte(mentions), &rec.Mentions); err != nil {
		return rec, fmt.Errorf("article %s: mentions: %w", id, err)
	}
	err = s.stream(ctx, `SELECT `+columns+` FROM incident_sources s JOIN incidents i ON i.id = s.incident_id
		WHERE s.article_id = ?1 ORDER BY s.ord`, []any{id}, func(in *incident.Incident) error {
		rec.Incidents = append(rec.Incidents, *in)
		return nil
	})
	if err != nil {
		return rec, fmt.Errorf("article %s: %w", id, err)
	}
	return rec, nil
}

// builder collects bind values; placeholders are numbered (?N) so a
// filter may render its parts in any order.
type builder struct{ args []any }

// arg registers a bind value and returns its placeholder. Times become the
// text the columns hold and geometries WKB, so filters can pass either.
func (b *builder) arg(v any) string {
	switch x := v.(type) {
	case time.Time:
		x = x.UTC()
		if x.Equal(x.Truncate(24 * time.Hour)) {
			v = x.Format(time.DateOnly)
		} else {
			v = x.Format(time.RFC3339Nano)
		}
	case orb.Bound:
		v = wkb.MustMarshal(x.ToPolygon())
	case orb.Geometry:
		v = wkb.MustMarshal(x)
	case int:
		v = int64(x)
	}
	b.args = append(b.args, v)
	return "?" + strconv.Itoa(len(b.args))
}

// world is a bbox that filters nothing.
var world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// query renders q's FROM and WHERE clauses. With a spatial filter the R*Tree
// drives the join (CROSS JOIN fixes the order), then the exact test runs
// on the candidates only.
func (b *builder) query(q store.Query, withCursor bool) (from, where string, err error) {
	var conds []string
	var box *orb.Bound
	if q.Bbox != nil {
		bb := *q.Bbox
		if bb.IsEmpty() {
			return "", "", fmt.Errorf("empty bbox %v", bb)
		}
		if !(bb.Min[0] <= world.Min[0] && bb.Min[1] <= world.Min[1] && bb.Max[0] >= world.Max[0] && bb.Max[1] >= world.Max[1]) {
			box = &bb
			conds = append(conds, `st_intersects(i.geom, `+b.arg(bb.ToPolygon())+`) = 1`)
		}
	}
	if q.Intersects != nil {
		gb, ok := bound(q.Intersects)
		if !ok {
			conds = append(conds, `0`)
		} else {
			if box == nil {
				box = &gb
			} else {
				ib := orb.Bound{
					Min: orb.Point{max(box.Min[0], gb.Min[0]), max(box.Min[1], gb.Min[1])},
					Max: orb.Point{min(box.Max[0], gb.Max[0]), min(box.Max[1], gb.Max[1])},
				}
				if ib.IsEmpty() {
					conds = append(conds, `0`)
				}
				box = &ib
			}
			conds = append(conds, `st_intersects(i.geom, `+b.arg(q.Intersects)+`) = 1`)
		}
	}
	from = ` FROM incidents i`
	if box != nil && !box.IsEmpty() {
		from = ` FROM incidents_rtree r CROSS JOIN incidents i ON i.rid = r.id`
		conds = append(conds, `r.maxx >= `+b.arg(box.Min[0])+` AND r.minx <= `+b.arg(box.Max[0])+
			` AND r.maxy >= `+b.arg(box.Min[1])+` AND r.miny <= `+b.arg(box.Max[1]))
	}
	if q.From != nil {
		conds = append(conds, `i.event_date >= `+b.arg(q.From.UTC().Format(time.DateOnly)))
	}
	if q.To != nil {
		conds = append(conds, `i.event_date <= `+b.arg(q.To.UTC().Format(time.DateOnly)))
	}
	if len(q.Types) > 0 {
		ph := make([]string, len(q.Types))
		for i, t := range q.Types {
			ph[i] = b.arg(t)
		}
		list := strings.Join(ph, ", ")
		conds = append(conds, `(i.event_type IN (`+list+`) OR i.sub_event_type IN (`+list+`))`)
	}
	if q.Actor != "" {
		p := b.arg(`%` + store.EscapeLike(q.Actor) + `%`)
		conds = append(conds, `(i.actor1 LIKE `+p+` ESCAPE '\' OR i.actor2 LIKE `+p+` ESCAPE '\' OR i.assoc_actors LIKE `+p+` ESCAPE '\')`)
	}
	if q.Text != "" {
		p := b.arg(`%` + store.EscapeLike(q.Text) + `%`)
		conds = append(conds, `(i.notes LIKE `+p+` ESCAPE '\' OR i.location LIKE `+p+` ESCAPE '\' OR i.actor1 LIKE `+p+
			` ESCAPE '\' OR i.actor2 LIKE `+p+` ESCAPE '\' OR i.assoc_actors LIKE `+p+` ESCAPE '\')`)
	}
	if q.Filter != nil {
		f, err := q.Filter.SQL(store.DialectSQLite, b.arg)
		if err != nil {
			return "", "", fmt.Errorf("filter: %w", err)
		}
		if strings.TrimSpace(f) != "" {
			conds = append(conds, `(`+f+`)`)
		}
	}
	if withCursor && q.After != nil {
		d := b.arg(q.After.EventDate.UTC().Format(time.DateOnly))
		conds = append(conds, `(i.event_date < `+d+` OR (i.event_date = `+d+` AND i.id > `+b.arg(q.After.ID)+`))`)
	}
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return from, where, nil
}

// bound returns g's bounding box and whether g has coordinates at all.
func bound(g orb.Geometry) (orb.Bound, bool) {
	return geo.BoundOf(g), hasCoords(g)
}

func hasCoords(g orb.Geometry) bool {
	switch g := g.(type) {
	case nil:
		return false
	case orb.Point:
		return true
	case orb.Bound:
		return !g.IsEmpty()
	case orb.Collection:
		for _, c := range g {
			if hasCoords(c) {
				return true
			}
		}
		return false
	case orb.MultiPoint:
		return len(g) > 0
	case orb.LineString:
		return len(g) > 0
	case orb.Ring:
		return len(g) > 0
	case orb.MultiLineString:
		for _, c := range g {
			if len(c) > 0 {
				return true
			}
		}
	case orb.Polygon:
		return len(g) > 0 && len(g[0]) > 0
	case orb.MultiPolygon:
		for _, c := range g {
			if len(c) > 0 && len(c[0]) > 0 {
				return true
			}
		}
	}
	return false
}

func boundOf(minx, miny, maxx, maxy float64) orb.Bound {
	return orb.Bound{Min: orb.Point{minx, miny}, Max: orb.Point{maxx, maxy}}
}
