package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/featureblock"
	"github.com/incidentmap/incidentmap/store/internal/sourcelist"
	"github.com/incidentmap/incidentmap/store/internal/sqlquery"
	"github.com/incidentmap/incidentmap/store/internal/stream"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// columns are the incident columns every read selects, in scan order.
const columns = `i.id, i.event_date, i.time_precision, i.event_type, i.sub_event_type, i.actor1, i.actor2,
	i.assoc_actors, i.location, i.place_id, i.country_code, i.admin1, i.geo_precision, i.fatalities, i.injuries,
	i.notes, i.confidence, i.lat, i.lon, i.geom, i.sources, i.status, i.updated_at`

// order is the listing order; the incidents_event_date index follows it.
const order = ` ORDER BY i.event_date DESC, i.id`

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
	updated     string
	fat, inj    sql.NullInt64
	lat, lon    float64
	geom, srcs  sql.RawBytes
}

func (sc *rowScan) dest(in *incident.Incident) []any {
	return []any{&in.ID, &sc.date, &in.TimePrecision, &in.EventType, &in.SubEventType, &in.Actor1, &in.Actor2,
		&sc.assoc, &in.Location, &in.PlaceID, &in.CountryCode, &in.Admin1, &in.GeoPrecision, &sc.fat, &sc.inj,
		&in.Notes, &in.Confidence, &sc.lat, &sc.lon, &sc.geom, &sc.srcs, &in.Status, &sc.updated}
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
	if in.Sources, err = sourcelist.ParseJSON(sc.srcs); err != nil {
		return fmt.Errorf("incident %s: %w", in.ID, err)
	}
	if in.Status == store.StatusUnreviewed {
		in.Status = "" // the zero value: what an extraction gives
	}
	in.Updated = parseTime(sc.updated)
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
	var sc rowScan
	err := s.each(ctx, q, columns, func(rows *sql.Rows) error {
		in := new(incident.Incident) // fn may keep the pointer
		if err := rows.Scan(sc.dest(in)...); err != nil {
			return err
		}
		if err := sc.finish(in); err != nil {
			return err
		}
		return stream.FromCaller(fn(in))
	})
	return stream.Error("incidents", err)
}

// StreamGeoJSON streams the stored GeoJSON Feature of each incident
// matching q, in (event_date desc, id) order (see store.FeatureStreamer).
func (s *Store) StreamGeoJSON(ctx context.Context, q store.Query, fn func(store.Cursor, []byte) error) error {
	if featureblock.WholeDays(q) {
		fn, done := featureblock.Limited(q, fn)
		return done(stream.Error("geojson", s.streamBlocks(ctx, q, fn)))
	}
	var (
		date, lastDate sql.RawBytes
		id             string
		d              time.Time
		feature        sql.RawBytes
	)
	err := s.each(ctx, q, `i.event_date, i.id, i.feature`, func(rows *sql.Rows) error {
		if err := rows.Scan(&date, &id, &feature); err != nil {
			return err
		}
		// Rows come in date order: parse a date once per day, not per row.
		if !bytes.Equal(date, lastDate) {
			var err error
			if d, err = time.Parse(time.DateOnly, string(date)); err != nil {
				return fmt.Errorf("incident %s: event_date: %w", id, err)
			}
			lastDate = append(lastDate[:0], date...)
		}
		return stream.FromCaller(fn(store.Cursor{EventDate: d, ID: id}, feature))
	})
	return stream.Error("geojson", err)
}

// each runs the query for q selecting cols and calls fn on each row. A
// page (Limit) of a spatial query walks back through windows of event
// days on the space-time R*Tree, newest first, each window sorted on its
// own, so it reads about as many incidents as the page holds whether the
// box is dense or sparse; anything else is one statement.
func (s *Store) each(ctx context.Context, q store.Query, cols string, fn func(*sql.Rows) error) error {
	b := builder{window: q.Limit > 0}
	from, where, err := b.query(q, true)
	if err != nil {
		return err
	}
	sqlText := `SELECT ` + cols + from + where + order
	if q.Limit > 0 {
		b.limit = len(b.args)
		sqlText += ` LIMIT ` + b.arg(q.Limit)
	}
	run := func() (int, error) {
		rows, err := s.db.QueryContext(ctx, sqlText, b.args...)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			if err := fn(rows); err != nil {
				return n, err
			}
			n++
		}
		return n, rows.Err()
	}
	if b.lo < 0 {
		_, err := run()
		return err
	}
	return s.walkDays(ctx, q, &b, run)
}

// walkDays runs a spatial page (see each) window by window of event days,
// newest first, until the page is full or the days run out; run reads one
// window with b's day and limit arguments as set.
func (s *Store) walkDays(ctx context.Context, q store.Query, b *builder, run func() (int, error)) error {
	// The days to walk: from the cursor's, q.To's or the newest day back
	// to q.From's or the oldest.
	var first, last sql.NullString
	if err := s.meta.QueryRowContext(ctx, `SELECT (SELECT min(event_date) FROM incidents),
		(SELECT max(event_date) FROM incidents)`).Scan(&first, &last); err != nil {
		return err
	}
	if !first.Valid {
		return nil
	}
	minDay, maxDay := parseDay(first.String), parseDay(last.String)
	if q.From != nil {
		minDay = max(minDay, dayNumber(*q.From))
	}
	if q.To != nil {
		maxDay = min(maxDay, dayNumber(*q.To))
	}
	if q.After != nil {
		maxDay = min(maxDay, dayNumber(q.After.EventDate))
	}
	// Each window first finds, on the R*Tree alone, the day of the page's
	// oldest candidate (the remaining-th newest in the window) and reads
	// rows from that day on only: a dense window costs an index scan, not a
	// row lookup per candidate. Candidates that fail the exact or attribute
	// tests leave the page short; the walk then goes on from the day before.
	// pass is the share of index candidates seen to pass the row tests
	// (the exact geometry test, attributes, CQL2): the cut reaches back for
	// enough candidates to fill the page at that rate.
	remaining := int64(q.Limit)
	width := int64(32)
	pass := 1.0
	for hi := maxDay; hi >= minDay && remaining > 0; {
		lo := max(hi-width+1, minDay)
		want := min(int64(math.Ceil(float64(remaining)/pass*1.25)), remaining*64)
		b.args[b.lo], b.args[b.hi], b.args[b.cut] = lo, hi, want-1
		var cut sql.NullInt64
		if err := s.db.QueryRowContext(ctx, b.cutSQL, b.args...).Scan(&cut); err != nil && !notFound(err) {
			return err
		}
		if cut.Valid {
			lo = max(lo, cut.Int64)
		}
		b.args[b.lo], b.args[b.limit] = lo, remaining
		n, err := run()
		if err != nil {
			return err
		}
		if cut.Valid && int64(n) < remaining {
			// At least want candidates from the cut on gave n matches.
			pass = max(float64(n)/float64(want), 1.0/64)
		}
		remaining -= int64(n)
		// Size the next window for what is left at the density seen.
		width = hi - lo + 1
		next := width * 4
		if n > 0 {
			next = min(max(width*remaining*3/(2*int64(n)), width), width*8)
		}
		width, hi = next, lo-1
	}
	return nil
}

func parseDay(s string) int64 {
	t, _ := time.Parse(time.DateOnly, s)
	return dayNumber(t)
}

// Count returns how many incidents match q, ignoring its Limit and After.
func (s *Store) Count(ctx context.Context, q store.Query) (int64, error) {
	if n, ok, err := s.countBox(ctx, q); ok || err != nil {
		return n, err
	}
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

// countBox counts a query of a bbox and days only on the space-time R*Tree:
// an incident whose box lies inside the query's matches without reading
// its row, so only those straddling the edge are looked up and tested.
// A dense region's count reads the index, not 150,000 rows. ok is false
// for other queries.
func (s *Store) countBox(ctx context.Context, q store.Query) (n int64, ok bool, err error) {
	if q.Bbox == nil || q.Bbox.IsEmpty() || q.Intersects != nil || len(q.Types) > 0 || q.Actor != "" ||
		q.Text != "" || q.Country != "" || q.Admin1 != "" || q.Shape != store.ShapeAny || q.Filter != nil ||
		q.Statuses != nil || q.UpdatedSince != nil || q.UpdatedFrom != nil || q.UpdatedTo != nil {
		return 0, false, nil
	}
	bb := *q.Bbox
	lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
	if q.From != nil {
		lo = dayNumber(*q.From)
	}
	if q.To != nil {
		hi = dayNumber(*q.To)
	}
	// Without days the plain R*Tree is the smaller search.
	tree, overlaps := `incidents_rtree`, `r.maxx >= ?1 AND r.minx <= ?2 AND r.maxy >= ?3 AND r.miny <= ?4 AND ?5 <= ?6`
	if q.From != nil || q.To != nil {
		tree, overlaps = `incidents_st`, `r.maxx >= ?1 AND r.minx <= ?2 AND r.maxy >= ?3 AND r.miny <= ?4 AND r.maxt >= ?5 AND r.mint <= ?6`
	}
	const inside = `r.minx >= ?1 AND r.maxx <= ?2 AND r.miny >= ?3 AND r.maxy <= ?4`
	// The hidden incidents (few, on their partial index) that the index
	// counts are taken off again.
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM `+tree+` r WHERE `+overlaps+` AND `+inside+`) +
		(SELECT count(*) FROM `+tree+` r CROSS JOIN incidents i ON i.rid = r.id
			WHERE `+overlaps+` AND NOT (`+inside+`) AND st_intersects(i.geom, ?7) = 1) -
		(SELECT count(*) FROM incidents i CROSS JOIN `+tree+` r ON r.id = i.rid
			WHERE i.id IN (`+hiddenIDs+`) AND `+overlaps+` AND (`+inside+` OR st_intersects(i.geom, ?7) = 1))`,
		bb.Min[0], bb.Max[0], bb.Min[1], bb.Max[1], lo, hi, wkb.MustMarshal(bb.ToPolygon())).Scan(&n)
	if err != nil {
		return 0, true, fmt.Errorf("count: %w", err)
	}
	return n, true, nil
}

// stream runs query and hands each incident, with its sources, to fn.
func (s *Store) stream(ctx context.Context, query string, args []any, fn func(*incident.Incident) error) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var sc rowScan
	for rows.Next() {
		in := new(incident.Incident) // fn may keep the pointer
		if err := rows.Scan(sc.dest(in)...); err != nil {
			return err
		}
		if err := sc.finish(in); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(in); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Article returns a stored article with its mentions and incidents (each
// with all its sources), the incidents in the article's extraction order.
func (s *Store) Article(ctx context.Context, id string) (store.ArticleRecord, error) {
	var rec store.ArticleRecord
	var published, ingested, mentions string
	a := &rec.Article
	err := s.db.QueryRowContext(ctx, `SELECT id, title, body, url, published, source, ingested_at, mentions,
		canonical_url, byline FROM articles WHERE id = ?1`, id).Scan(&a.ID, &a.Title, &a.Body, &a.URL, &published, &a.Source,
		&ingested, &mentions, &rec.CanonicalURL, &rec.Byline)
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
type builder struct {
	args []any
	// window asks a spatial query to go through the space-time R*Tree,
	// leaving lo and hi, the indexes in args of its first and last day,
	// for the caller to set (-1 when the query is not spatial); limit is
	// the index of the LIMIT value.
	window             bool
	lo, hi, cut, limit int
	cutSQL             string
	// byRid leaves hidden incidents out by rid instead of id, so an
	// aggregate reads its covering index alone (see Store.Aggregate).
	byRid bool
}

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

// query renders q's FROM and WHERE clauses: its spatial conditions first,
// then the attributes, then the cursor.
func (b *builder) query(q store.Query, withCursor bool) (from, where string, err error) {
	from, conds, err := b.spatial(q)
	if err != nil {
		return "", "", err
	}
	attrs, err := b.attributes(q)
	if err != nil {
		return "", "", err
	}
	conds = append(conds, attrs...)
	if withCursor && q.After != nil {
		d := b.arg(q.After.EventDate.UTC().Format(time.DateOnly))
		conds = append(conds, `(i.event_date < `+d+` OR (i.event_date = `+d+` AND i.id > `+b.arg(q.After.ID)+`))`)
	}
	if len(conds) > 0 {
		where = ` WHERE ` + strings.Join(conds, ` AND `)
	}
	return from, where, nil
}

// spatial renders q's bbox and intersects conditions and the FROM clause
// they need. With a spatial filter the R*Tree drives the join (CROSS JOIN
// fixes the order), then the exact test runs on the candidates only.
func (b *builder) spatial(q store.Query) (from string, conds []string, err error) {
	box, bboxCond, conds, err := b.shapes(q)
	if err != nil {
		return "", nil, err
	}
	from = ` FROM incidents i`
	b.lo, b.hi = -1, -1
	if box != nil && !box.IsEmpty() && b.window {
		from = ` FROM incidents_st r CROSS JOIN incidents i ON i.rid = r.id`
		conds = append(conds, b.overlaps(*box))
		b.lo = len(b.args)
		lo := b.arg(int64(0))
		b.hi = len(b.args)
		hi := b.arg(int64(0))
		conds = append(conds, `r.maxt >= `+lo+` AND r.mint <= `+hi)
		b.cut = len(b.args)
		// The R*Tree-only query for the day of the cut-th newest candidate
		// in the window (see Store.each).
		b.cutSQL = `SELECT r.maxt FROM incidents_st r WHERE ` + strings.Join(conds[len(conds)-2:], ` AND `) +
			` ORDER BY r.maxt DESC LIMIT 1 OFFSET ` + b.arg(int64(0))
	} else if box != nil && !box.IsEmpty() && (q.From != nil || q.To != nil) {
		// Days in a region (an aggregate, a count, an export): the
		// space-time R*Tree finds only those days' candidates, not every
		// incident in the box. A year's numberMatched in a 20-degree box of
		// the million-incident store read every year's rows in the box on
		// the plain R*Tree (see BenchmarkCountBoxDaysFilter).
		from = ` FROM incidents_st r CROSS JOIN incidents i ON i.rid = r.id`
		conds = append(conds, b.overlaps(*box))
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		if q.From != nil {
			lo = dayNumber(*q.From)
		}
		if q.To != nil {
			hi = dayNumber(*q.To)
		}
		conds = append(conds, `r.maxt >= `+b.arg(lo)+` AND r.mint <= `+b.arg(hi))
	} else if box != nil && !box.IsEmpty() {
		from = ` FROM incidents_rtree r CROSS JOIN incidents i ON i.rid = r.id`
		conds = append(conds, b.overlaps(*box))
	}
	if bboxCond >= 0 && box != nil && !box.IsEmpty() {
		// A row whose (outward-rounded) R*Tree box lies inside the query box
		// intersects it: only rows that straddle the edge need the exact test,
		// which decodes the geometry in Go. Most rows are points well inside.
		bb := *q.Bbox
		conds[bboxCond] = `(r.minx >= ` + b.arg(bb.Min[0]) + ` AND r.maxx <= ` + b.arg(bb.Max[0]) +
			` AND r.miny >= ` + b.arg(bb.Min[1]) + ` AND r.maxy <= ` + b.arg(bb.Max[1]) + ` OR ` + conds[bboxCond] + `)`
	}
	return from, conds, nil
}

// shapes renders q's exact bbox and intersects tests and returns the box
// an index can narrow the candidates to (nil: none), and the index in
// conds of the bbox test (-1: none), which spatial may relax.
func (b *builder) shapes(q store.Query) (box *orb.Bound, bboxCond int, conds []string, err error) {
	bboxCond = -1
	if q.Bbox != nil {
		bb := *q.Bbox
		if bb.IsEmpty() {
			return nil, -1, nil, fmt.Errorf("empty bbox %v", bb)
		}
		if !(bb.Min[0] <= world.Min[0] && bb.Min[1] <= world.Min[1] && bb.Max[0] >= world.Max[0] && bb.Max[1] >= world.Max[1]) {
			box = &bb
			bboxCond = len(conds)
			conds = append(conds, `st_intersects(i.geom, `+b.arg(bb.ToPolygon())+`) = 1`)
		}
	}
	if q.Intersects != nil {
		gb, ok := geo.Extent(q.Intersects)
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
	return box, bboxCond, conds, nil
}

// overlaps is the R*Tree test of the row r's box against box.
func (b *builder) overlaps(box orb.Bound) string {
	return `r.maxx >= ` + b.arg(box.Min[0]) + ` AND r.minx <= ` + b.arg(box.Max[0]) +
		` AND r.maxy >= ` + b.arg(box.Min[1]) + ` AND r.miny <= ` + b.arg(box.Max[1])
}

// attributes renders q's date, type, actor, text, place, shape and CQL2
// conditions.
func (b *builder) attributes(q store.Query) ([]string, error) {
	var conds []string
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
		p := b.arg(`%` + sqlquery.EscapeLike(q.Actor) + `%`)
		conds = append(conds, `(i.actor1 LIKE `+p+` ESCAPE '\' OR i.actor2 LIKE `+p+` ESCAPE '\' OR i.assoc_actors LIKE `+p+` ESCAPE '\')`)
	}
	if q.Text != "" {
		p := b.arg(`%` + sqlquery.EscapeLike(q.Text) + `%`)
		conds = append(conds, `(i.notes LIKE `+p+` ESCAPE '\' OR i.location LIKE `+p+` ESCAPE '\' OR i.actor1 LIKE `+p+
			` ESCAPE '\' OR i.actor2 LIKE `+p+` ESCAPE '\' OR i.assoc_actors LIKE `+p+` ESCAPE '\')`)
	}
	if q.Country != "" {
		conds = append(conds, `i.country_code = `+b.arg(q.Country))
	}
	if q.Admin1 != "" {
		conds = append(conds, `i.admin1 = `+b.arg(q.Admin1))
	}
	if q.Shape != store.ShapeAny {
		conds = append(conds, shapeSQL(q.Shape))
	}
	if q.Filter != nil {
		f, err := sqlquery.ToSQL(q.Filter, sqlquery.SQLite, queryables, b.arg)
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		if strings.TrimSpace(f) != "" {
			conds = append(conds, `(`+f+`)`)
		}
	}
	if q.UpdatedSince != nil {
		conds = append(conds, `i.updated_at > `+b.arg(formatTime(*q.UpdatedSince)))
	}
	// Stored times are fixed-width text, so they compare as the instants.
	if q.UpdatedFrom != nil {
		conds = append(conds, `i.updated_at >= `+b.arg(formatTime(*q.UpdatedFrom)))
	}
	if q.UpdatedTo != nil {
		conds = append(conds, `i.updated_at <= `+b.arg(formatTime(*q.UpdatedTo)))
	}
	if b.byRid && q.Statuses == nil {
		conds = append(conds, `i.rid NOT IN (`+hiddenRids+`)`)
	} else {
		conds = append(conds, statusCond(q.Statuses, b.arg))
	}
	return conds, nil
}

// hiddenIDs selects the ids of rejected and deleted incidents from the
// incidents_hidden partial index (the same WHERE, so SQLite uses it).
const hiddenIDs = `SELECT h.id FROM incidents h WHERE h.status IN ('rejected', 'deleted')`

// hiddenRids selects their rowids from the same partial index, for reads
// that stay on an index holding rid (every index does) but not id.
const hiddenRids = `SELECT h.rid FROM incidents h WHERE h.status IN ('rejected', 'deleted')`

// statusCond renders the review-status condition of a query: by default
// the hidden incidents' ids are left out, a test on the id that keeps
// reads on the covering (event_date, id, feature) index; explicit
// statuses test the column.
func statusCond(statuses []string, arg func(any) string) string {
	if statuses == nil {
		return `i.id NOT IN (` + hiddenIDs + `)`
	}
	if len(statuses) == 0 {
		return `0`
	}
	ph := make([]string, len(statuses))
	for i, st := range statuses {
		ph[i] = arg(st)
	}
	return `i.status IN (` + strings.Join(ph, ", ") + `) AND i.status <> 'deleted'`
}

// queryables are the columns a CQL2 filter may name.
var queryables = sqlquery.Queryables()

// shapeSQL keeps the incidents of a shape. SQLite holds WKB: the type is
// the byte after the byte-order mark (little endian, 01) or the last of
// the first word (big endian).
func shapeSQL(s store.Shape) string {
	codes := `('03', '06')`
	if s == store.ShapeLines {
		codes = `('02', '05')`
	}
	return `CASE hex(substr(i.geom, 1, 1)) WHEN '01' THEN hex(substr(i.geom, 2, 1)) ELSE hex(substr(i.geom, 5, 1)) END IN ` + codes
}

func boundOf(minx, miny, maxx, maxy float64) orb.Bound {
	return orb.Bound{Min: orb.Point{minx, miny}, Max: orb.Point{maxx, maxy}}
}
