package postgis

import (
	"context"

	"crypto/rand"
	"encoding/hex"
	"fmt"
	"github.com/incidentmap/incidentmap/internal/feature"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are applied in order, each once, in one transaction with its
// row in schema_migrations; append new ones, never edit applied ones.
var migrations = []string{
	1: `
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE meta (
	key   text PRIMARY KEY,
	value text NOT NULL
);

CREATE TABLE articles (
	id          text PRIMARY KEY,
	title       text NOT NULL,
	body        text NOT NULL,
	url         text NOT NULL DEFAULT '',
	published   timestamptz,
	source      text NOT NULL DEFAULT '',
	ingested_at timestamptz NOT NULL,
	mentions    jsonb NOT NULL DEFAULT '[]'
);

CREATE TABLE incidents (
	id             text PRIMARY KEY,
	event_date     date NOT NULL,
	time_precision integer NOT NULL,
	event_type     text NOT NULL DEFAULT '',
	sub_event_type text NOT NULL DEFAULT '',
	actor1         text NOT NULL DEFAULT '',
	actor2         text NOT NULL DEFAULT '',
	assoc_actors   text[] NOT NULL DEFAULT '{}',
	location       text NOT NULL DEFAULT '',
	place_id       text NOT NULL DEFAULT '',
	country_code   text NOT NULL DEFAULT '',
	admin1         text NOT NULL DEFAULT '',
	geo_precision  integer NOT NULL,
	fatalities     integer,
	injuries       integer,
	notes          text NOT NULL DEFAULT '',
	confidence     double precision NOT NULL,
	lat            double precision NOT NULL,
	lon            double precision NOT NULL,
	geom           geometry(Geometry, 4326) NOT NULL,
	created_at     timestamptz NOT NULL,
	updated_at     timestamptz NOT NULL
);

CREATE INDEX incidents_geom ON incidents USING gist (geom);
-- The (event_date desc, id) order every listing and cursor uses.
CREATE INDEX incidents_event_date ON incidents (event_date DESC, id);
CREATE INDEX incidents_event_type ON incidents (event_type);
CREATE INDEX incidents_sub_event_type ON incidents (sub_event_type);

-- Which articles reported which incident; ord is the incident's position
-- in the article's own extraction.
CREATE TABLE incident_sources (
	incident_id text NOT NULL REFERENCES incidents (id),
	article_id  text NOT NULL REFERENCES articles (id),
	ord         integer NOT NULL,
	PRIMARY KEY (incident_id, article_id)
);
-- An article's incidents in extraction order (GET /articles/{id}).
CREATE INDEX article_incidents ON incident_sources (article_id, ord);
`,
	2: `
-- Each incident carries its sources (a JSON array, see
-- store.AppendSourcesJSON) and its GeoJSON Feature (store.AppendFeature),
-- kept in step by every ingest and merge, so listings and exports read one
-- row per incident. feature is NULL until backfillFeatures has run.
ALTER TABLE incidents ADD COLUMN sources text NOT NULL DEFAULT '[]';
ALTER TABLE incidents ADD COLUMN feature text;
UPDATE incidents i SET sources = x.sources FROM (
	SELECT s.incident_id, json_agg(json_build_array(a.id, a.url, a.title,
		coalesce(to_char(a.published AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ''), a.source)
		ORDER BY a.published NULLS FIRST, a.id)::text AS sources
	FROM incident_sources s JOIN articles a ON a.id = s.article_id GROUP BY s.incident_id) x
	WHERE x.incident_id = i.id;
INSERT INTO meta (key, value) VALUES ('backfill_features', '1');
`,
	3: `
-- A page of the newest incidents in a region walks one GiST index in
-- event-date order (a KNN scan on the distance from a far-future day) and
-- stops after a page: a dense region no longer fetches and sorts every
-- incident in it (1,000-feature pages on a million incidents: 600 ms ->
-- 10 ms). btree_gist gives GiST the date column; it is in PostgreSQL's
-- contrib and trusted, so the database owner may create it. The index
-- replaces the geometry-only one, which it also serves.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX incidents_geom_date ON incidents USING gist (geom, event_date);
DROP INDEX incidents_geom;
`,
	4: `
-- Feature blocks (see store.BlockBuilder): each event day's Features,
-- compressed, a few blocks per day. A full or date-range export reads a
-- few thousand blocks instead of a row per incident. Every change to an
-- incident marks its days dirty (the trigger, in the writer's own
-- transaction); Store.Compact rebuilds dirty days under their dirty rows'
-- locks, so a writer marking a day while it is rebuilt waits and marks it
-- again; readers take dirty days from the incident rows.
CREATE TABLE feature_blocks (
	day  date NOT NULL,
	seq  integer NOT NULL,
	n    integer NOT NULL,
	body bytea NOT NULL, -- S2-compressed Features joined by newlines
	PRIMARY KEY (day, seq)
);
-- Compressed already: stored out of line as it is.
ALTER TABLE feature_blocks ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE TABLE feature_blocks_dirty (day date PRIMARY KEY);
CREATE FUNCTION incidents_mark_blocks() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	-- DO UPDATE, not DO NOTHING: it waits for a compaction holding the row
	-- and, once that deleted it, inserts it anew.
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO feature_blocks_dirty AS d (day) VALUES (OLD.event_date)
			ON CONFLICT (day) DO UPDATE SET day = EXCLUDED.day;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO feature_blocks_dirty AS d (day) VALUES (NEW.event_date)
			ON CONFLICT (day) DO UPDATE SET day = EXCLUDED.day;
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER incidents_mark_blocks AFTER INSERT OR DELETE OR UPDATE OF id, event_date, feature ON incidents
	FOR EACH ROW EXECUTE FUNCTION incidents_mark_blocks();
INSERT INTO feature_blocks_dirty (day) SELECT DISTINCT event_date FROM incidents;
`,
	5: `
-- One Feature shape everywhere (internal/feature): coordinates and lat/lon
-- to 7 decimals, the flat assoc_actors_text and source_urls. Features
-- written before are rewritten by backfillFeatures at open; clearing them
-- marks their days' blocks dirty, and the new version changes every ETag.
UPDATE incidents SET feature = NULL;
INSERT INTO meta (key, value) VALUES ('backfill_features', '1') ON CONFLICT (key) DO NOTHING;
UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'version';
`,
	// 6-19 are left to other work; review (issue 13) takes 20 onwards, so
	// the two can land in either order (migrate applies what is missing).
	20: `
-- Review (issue 13): a status, the fields analysts set (which ingests
-- never overwrite: store.KeepEdited) and every change as history. The
-- partial index lists the hidden (rejected, deleted) incidents, few.
ALTER TABLE incidents ADD COLUMN status text NOT NULL DEFAULT 'unreviewed'
	CHECK (status IN ('unreviewed', 'verified', 'rejected', 'deleted'));
ALTER TABLE incidents ADD COLUMN edited text[] NOT NULL DEFAULT '{}';
CREATE INDEX incidents_hidden ON incidents (id) WHERE status IN ('rejected', 'deleted');

-- One row a change; before_json and after_json are the incident's
-- Feature before and after (NULL when there was none).
CREATE TABLE incident_history (
	seq         bigserial PRIMARY KEY,
	incident_id text NOT NULL,
	at          timestamptz NOT NULL,
	author      text NOT NULL,
	action      text NOT NULL,
	article_id  text NOT NULL DEFAULT '',
	fields      text[] NOT NULL DEFAULT '{}',
	before_json text,
	after_json  text
);
CREATE INDEX incident_history_incident ON incident_history (incident_id, seq);
`,
	21: `
-- Merges (issue 13): a merged incident is a tombstone pointing at the one
-- that took it in, where later ingests of its articles go; history names
-- the other incident of a merge or split.
ALTER TABLE incidents ADD COLUMN merged_into text NOT NULL DEFAULT '';
ALTER TABLE incident_history ADD COLUMN other text NOT NULL DEFAULT '';
`,
	22: `
-- Change feed (issue 13): every Feature carries its updated time, and
-- updated_since / the tombstone listing read incidents by it. Features
-- are rewritten by backfillFeatures at open, as for migration 5.
CREATE INDEX incidents_updated ON incidents (updated_at);
UPDATE incidents SET feature = NULL;
INSERT INTO meta (key, value) VALUES ('backfill_features', '1') ON CONFLICT (key) DO NOTHING;
UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'version';
`,
	23: `
-- Grouping (issue 13): pairs of incidents the matcher found uncertain at
-- ingest, for a reviewer to merge (accept) or keep apart (dismiss).
CREATE TABLE merge_suggestions (
	id          bigserial PRIMARY KEY,
	incident_id text NOT NULL,            -- the later report's incident
	other_id    text NOT NULL,            -- the stored one it may be
	score       double precision NOT NULL,
	reason      text NOT NULL,
	created_at  timestamptz NOT NULL,
	state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'dismissed')),
	decided_by  text NOT NULL DEFAULT '',
	decided_at  timestamptz,
	UNIQUE (incident_id, other_id)
);
CREATE INDEX merge_suggestions_open ON merge_suggestions (id) WHERE state = 'open';
`,
	// 24-29 are left to other work; feeds (issue 14) takes 30 onwards.
	30: `
-- Feeds (issue 14): sources to poll, with the health of their polls and
-- the lease of the worker polling one now (claimed_by, claimed_until).
CREATE TABLE sources (
	id             bigserial PRIMARY KEY,
	url            text NOT NULL UNIQUE,
	name           text NOT NULL DEFAULT '',
	interval_s     bigint NOT NULL,
	paused         boolean NOT NULL DEFAULT false,
	created        timestamptz NOT NULL,
	last_success   timestamptz,
	last_error     text NOT NULL DEFAULT '',
	last_error_at  timestamptz,
	items_seen     integer NOT NULL DEFAULT 0,
	items_new      integer NOT NULL DEFAULT 0,
	total_new      bigint NOT NULL DEFAULT 0,
	next_poll      timestamptz NOT NULL,
	failures       integer NOT NULL DEFAULT 0,
	etag           text NOT NULL DEFAULT '',
	last_modified  text NOT NULL DEFAULT '',
	claimed_by     text NOT NULL DEFAULT '',
	claimed_until  timestamptz NOT NULL DEFAULT '-infinity'
);
CREATE INDEX sources_due ON sources (next_poll) WHERE NOT paused;

-- One row per key (an entry's GUID, URL or content hash) an article was
-- stored for, so the same story from two feeds is one article.
CREATE TABLE feed_items (
	key        text PRIMARY KEY,
	article_id text NOT NULL,
	source_id  bigint NOT NULL,
	seen_at    timestamptz NOT NULL DEFAULT now()
);
`,
	31: `
-- Feeds (issue 14): an article's canonical link (its page's rel=canonical
-- or og:url) and byline, '' when unknown.
ALTER TABLE articles ADD COLUMN canonical_url text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN byline text NOT NULL DEFAULT '';
`,
	// 32-39 are left to feeds (issue 14); aggregates (issue 15) take 40
	// onwards, alerts 41-49.
	40: `
-- Aggregates (issue 15, GET /stats): a count per country, first-level
-- division and day, week or month can be an index-only scan of one of
-- these (status included, which hides rejected incidents): by country
-- and days, or by days alone.
CREATE INDEX incidents_stats_country ON incidents (country_code, event_date) INCLUDE (admin1, fatalities, status);
CREATE INDEX incidents_stats_date ON incidents (event_date) INCLUDE (country_code, admin1, fatalities, status);
`,
	41: `
-- Alerts (issue 15): subscriptions by area, event types and fatalities.
-- Times are Unix milliseconds, 0 for never, as in the SQLite store. bbox
-- is a JSON array of four numbers or '', area a GeoJSON geometry or ''
-- (store/internal/alertrow): matching happens in Go, not in SQL.
CREATE TABLE subscriptions (
	id             bigserial PRIMARY KEY,
	name           text NOT NULL DEFAULT '',
	url            text NOT NULL DEFAULT '',
	secret         text NOT NULL,
	bbox           text NOT NULL DEFAULT '',
	region         text NOT NULL DEFAULT '',
	area           text NOT NULL DEFAULT '',
	types          text NOT NULL DEFAULT '[]',
	min_fatalities integer NOT NULL DEFAULT 0,
	after_seq      bigint NOT NULL DEFAULT 0,
	created        bigint NOT NULL
);

-- The changes ingests made while some subscription exists, queued in the
-- ingest's own transaction by the trigger, until a worker has matched
-- them: a crash or restart loses none, and a change committed late (a
-- lower seq after a higher one) is still queued.
CREATE TABLE alert_queue (seq bigint PRIMARY KEY);
CREATE FUNCTION queue_alert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.action IN ('extract', 'ingest') AND EXISTS (SELECT 1 FROM subscriptions) THEN
		INSERT INTO alert_queue (seq) VALUES (NEW.seq) ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER incident_history_alerts AFTER INSERT ON incident_history
	FOR EACH ROW EXECUTE FUNCTION queue_alert();

-- One row per change a subscription matched: the Atom feed's entries and
-- the webhook outbox (state pending until delivered or dead).
CREATE TABLE alerts (
	id              bigserial PRIMARY KEY,
	subscription_id bigint NOT NULL,
	seq             bigint NOT NULL,
	incident_id     text NOT NULL,
	event           text NOT NULL,
	created         bigint NOT NULL,
	payload         text NOT NULL,
	state           text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead', 'feed')),
	attempts        integer NOT NULL DEFAULT 0,
	last_error      text NOT NULL DEFAULT '',
	next_attempt    bigint NOT NULL DEFAULT 0,
	delivered_at    bigint NOT NULL DEFAULT 0,
	claimed_by      text NOT NULL DEFAULT '',
	claimed_until   bigint NOT NULL DEFAULT 0,
	UNIQUE (subscription_id, seq)
);
CREATE INDEX alerts_due ON alerts (next_attempt) WHERE state = 'pending';
CREATE INDEX alerts_state ON alerts (state, id);
`,
}

// migrate creates schema if set and brings the tables up to date under an
// advisory lock, so several serve processes starting together migrate once
// and the others wait.
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", mapErr(err))
	}
	defer conn.Release()
	lockKey := "incidentmap migrations " + schema
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext($1))`, lockKey); err != nil {
		return fmt.Errorf("migrate: lock: %w", mapErr(err))
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext($1))`, lockKey)
	if schema != "" {
		// Under the lock: concurrent CREATE SCHEMA IF NOT EXISTS can collide.
		if _, err := conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
			return fmt.Errorf("migrate: schema %s: %w", schema, mapErr(err))
		}
		// The connection may have read its search_path before the schema
		// existed (another store created it while this one waited for
		// the lock): set it again so that it is read anew, and make sure
		// the tables go into the store's schema, never into public.
		if _, err := conn.Exec(ctx, `SELECT set_config('search_path', current_setting('search_path'), false)`); err != nil {
			return fmt.Errorf("migrate: search_path: %w", mapErr(err))
		}
		var current string
		if err := conn.QueryRow(ctx, `SELECT coalesce(current_schema(), '')`).Scan(&current); err != nil {
			return fmt.Errorf("migrate: search_path: %w", mapErr(err))
		}
		if current != schema {
			return fmt.Errorf("migrate: tables would go into schema %q, not the store's %q (search_path %s)", current, schema, searchPathOf(ctx, conn))
		}
	}

	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var versions []int
		if err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(version), '{}') FROM schema_migrations`).Scan(&versions); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		applied := map[int]bool{}
		have := 0
		for _, v := range versions {
			applied[v], have = true, max(have, v)
		}
		if have > len(migrations)-1 {
			return fmt.Errorf("migrate: database schema version %d is newer than this binary's %d", have, len(migrations)-1)
		}
		// Versions are applied in order, each once; gaps in the numbering
		// are skipped, and one a database lacks below its newest (numbered
		// apart by work that landed later) is applied all the same.
		for v := 1; v < len(migrations); v++ {
			if applied[v] || migrations[v] == "" {
				continue
			}
			if _, err := tx.Exec(ctx, migrations[v]); err != nil {
				return fmt.Errorf("migrate to version %d: %w", v, err)
			}
			if v == 1 {
				// The epoch tells databases apart in Stats.Version.
				var epoch [6]byte
				_, _ = rand.Read(epoch[:])
				if _, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('epoch', $1), ('version', '0')`,
					hex.EncodeToString(epoch[:])); err != nil {
					return fmt.Errorf("migrate to version %d: %w", v, err)
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, v); err != nil {
				return fmt.Errorf("migrate to version %d: %w", v, err)
			}
		}
		return nil
	})
}

// searchPathOf returns the connection's search_path, for errors.
func searchPathOf(ctx context.Context, conn *pgxpool.Conn) string {
	var sp string
	if err := conn.QueryRow(ctx, `SHOW search_path`).Scan(&sp); err != nil {
		return "unknown"
	}
	return sp
}

// backfillFeatures writes the feature column of incidents stored before
// schema version 2, a thousand per transaction, once: migration 2 leaves a
// marker in meta that the last batch removes.
func backfillFeatures(ctx context.Context, pool *pgxpool.Pool) error {
	for {
		var pending int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM meta WHERE key = 'backfill_features'`).Scan(&pending); err != nil {
			return fmt.Errorf("backfill features: %w", mapErr(err))
		}
		if pending == 0 {
			return nil
		}
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `SELECT `+columns+`, i.sources FROM incidents i WHERE i.feature IS NULL LIMIT 1000 FOR UPDATE`)
			if err != nil {
				return err
			}
			var ids []string
			var feats []string
			for rows.Next() {
				in, err := scanRow(rows)
				if err != nil {
					rows.Close()
					return err
				}
				ids = append(ids, in.ID)
				feats = append(feats, string(feature.Append(nil, &in)))
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE incidents i SET feature = x.f FROM unnest($1::text[], $2::text[]) AS x(id, f)
				WHERE i.id = x.id`, ids, feats); err != nil {
				return err
			}
			if len(ids) < 1000 {
				_, err = tx.Exec(ctx, `DELETE FROM meta WHERE key = 'backfill_features'`)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("backfill features: %w", mapErr(err))
		}
	}
}
