package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"github.com/incidentmap/incidentmap/internal/feature"
	"time"
)

// migrations are applied in order, each once, in one transaction with its
// row in schema_migrations; append new ones, never edit applied ones.
var migrations = []string{
	1: `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value ANY NOT NULL
) STRICT;

CREATE TABLE articles (
	id          TEXT PRIMARY KEY,
	title       TEXT NOT NULL,
	body        TEXT NOT NULL,
	url         TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '', -- RFC 3339, '' when unknown
	source      TEXT NOT NULL DEFAULT '',
	ingested_at TEXT NOT NULL,            -- RFC 3339 UTC
	mentions    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mentions))
) STRICT;

-- rid is the rowid the R*Tree points at: an INTEGER PRIMARY KEY keeps it
-- stable across VACUUM, which an implicit rowid is not.
CREATE TABLE incidents (
	rid            INTEGER PRIMARY KEY,
	id             TEXT NOT NULL UNIQUE,
	event_date     TEXT NOT NULL,         -- YYYY-MM-DD
	time_precision INTEGER NOT NULL,
	event_type     TEXT NOT NULL DEFAULT '',
	sub_event_type TEXT NOT NULL DEFAULT '',
	actor1         TEXT NOT NULL DEFAULT '',
	actor2         TEXT NOT NULL DEFAULT '',
	assoc_actors   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(assoc_actors)),
	location       TEXT NOT NULL DEFAULT '',
	place_id       TEXT NOT NULL DEFAULT '',
	country_code   TEXT NOT NULL DEFAULT '',
	admin1         TEXT NOT NULL DEFAULT '',
	geo_precision  INTEGER NOT NULL,
	fatalities     INTEGER,
	injuries       INTEGER,
	notes          TEXT NOT NULL DEFAULT '',
	confidence     REAL NOT NULL,
	lat            REAL NOT NULL,
	lon            REAL NOT NULL,
	geom           BLOB NOT NULL,         -- WKB, EPSG:4326
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
) STRICT;

-- The (event_date desc, id) order every listing and cursor uses.
CREATE INDEX incidents_event_date ON incidents (event_date DESC, id);
CREATE INDEX incidents_event_type ON incidents (event_type);
CREATE INDEX incidents_sub_event_type ON incidents (sub_event_type);

-- Which articles reported which incident; ord is the incident's position
-- in the article's own extraction. The article's url, title, published and
-- source are copied here (articles never change once stored) so listing
-- incidents with their sources reads one small b-tree, not the articles.
CREATE TABLE incident_sources (
	incident_id TEXT NOT NULL REFERENCES incidents (id),
	article_id  TEXT NOT NULL REFERENCES articles (id),
	ord         INTEGER NOT NULL,
	url         TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	published   TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (incident_id, article_id)
) STRICT, WITHOUT ROWID;

-- An article's incidents in extraction order (GET /articles/{id}).
CREATE INDEX article_incidents ON incident_sources (article_id, ord);

-- Bounding boxes of incidents' geometries; id is incidents.rid. Written
-- in the same transaction as the incident.
CREATE VIRTUAL TABLE incidents_rtree USING rtree (id, minx, maxx, miny, maxy);
`,
	2: `
-- Each incident carries its sources (a JSON array, see
-- store.AppendSourcesJSON) and its GeoJSON Feature (store.AppendFeature),
-- kept in step by every ingest and merge, so listings and exports read one
-- row per incident. feature is NULL until backfillFeatures has run.
ALTER TABLE incidents ADD COLUMN sources TEXT NOT NULL DEFAULT '[]';
ALTER TABLE incidents ADD COLUMN feature BLOB;
UPDATE incidents SET sources = (SELECT json_group_array(json_array(s.article_id, s.url, s.title, s.published, s.source))
	FROM (SELECT * FROM incident_sources s WHERE s.incident_id = incidents.id ORDER BY s.published, s.article_id) s);

-- Bounding boxes in space and event day (days since 1970-01-01, exact in
-- the R*Tree's 32-bit floats): a page of the newest incidents in a box
-- searches a window of days at a time instead of every incident in it.
CREATE VIRTUAL TABLE incidents_st USING rtree (id, minx, maxx, miny, maxy, mint, maxt);
INSERT INTO incidents_st (id, minx, maxx, miny, maxy, mint, maxt)
	SELECT r.id, r.minx, r.maxx, r.miny, r.maxy, i.d, i.d FROM incidents_rtree r
	JOIN (SELECT rid, CAST(julianday(event_date) - 2440587.5 AS INTEGER) AS d FROM incidents) i ON i.rid = r.id;
INSERT INTO meta (key, value) VALUES ('backfill_features', 1);
`,
	3: `
-- Listings and exports read (event_date, id, feature) newest first. A
-- covering index turns that into one sequential read of the index instead
-- of a row lookup per incident: 5.5x faster on a million incidents
-- (115k -> 634k features/s), for a second copy of each feature.
CREATE INDEX incidents_date_feature ON incidents (event_date DESC, id, feature);
`,
	4: `
-- Feature blocks (see store.BlockBuilder): each event day's Features,
-- compressed, a few blocks per day. A full or date-range export reads a
-- few thousand blocks instead of a row per incident. Every change to an
-- incident marks its days dirty (the triggers, in the writer's own
-- transaction); Store.Compact rebuilds dirty days and clears them in one
-- transaction, and readers take dirty days from the incident rows, so a
-- block is never read stale.
CREATE TABLE feature_blocks (
	day  TEXT NOT NULL,    -- YYYY-MM-DD
	seq  INTEGER NOT NULL, -- block number within the day
	n    INTEGER NOT NULL, -- features in the block
	body BLOB NOT NULL,    -- S2-compressed Features joined by newlines
	PRIMARY KEY (day, seq)
) STRICT;
CREATE TABLE feature_blocks_dirty (day TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
CREATE TRIGGER incidents_blocks_insert AFTER INSERT ON incidents BEGIN
	INSERT OR IGNORE INTO feature_blocks_dirty (day) VALUES (NEW.event_date);
END;
CREATE TRIGGER incidents_blocks_update AFTER UPDATE OF id, event_date, feature ON incidents BEGIN
	INSERT OR IGNORE INTO feature_blocks_dirty (day) VALUES (OLD.event_date), (NEW.event_date);
END;
CREATE TRIGGER incidents_blocks_delete AFTER DELETE ON incidents BEGIN
	INSERT OR IGNORE INTO feature_blocks_dirty (day) VALUES (OLD.event_date);
END;
INSERT OR IGNORE INTO feature_blocks_dirty (day) SELECT DISTINCT event_date FROM incidents;
`,
	5: `
-- One Feature shape everywhere (internal/feature): coordinates and lat/lon
-- to 7 decimals, the flat assoc_actors_text and source_urls. Features
-- written before are rewritten by backfillFeatures at open; clearing them
-- marks their days' blocks dirty, and the new version changes every ETag.
UPDATE incidents SET feature = NULL;
INSERT OR IGNORE INTO meta (key, value) VALUES ('backfill_features', 1);
UPDATE meta SET value = value + 1 WHERE key = 'version';
`,
	6: `
-- Stats reads these counts instead of counting a million rows after every
-- write (0.6 s, by every request that saw the new version first); the
-- triggers keep them in the writer's transaction.
INSERT OR REPLACE INTO meta (key, value) VALUES
	('incidents', (SELECT count(*) FROM incidents)),
	('articles', (SELECT count(*) FROM articles));
CREATE TRIGGER incidents_count_insert AFTER INSERT ON incidents BEGIN
	UPDATE meta SET value = value + 1 WHERE key = 'incidents';
END;
CREATE TRIGGER incidents_count_delete AFTER DELETE ON incidents BEGIN
	UPDATE meta SET value = value - 1 WHERE key = 'incidents';
END;
CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN
	UPDATE meta SET value = value + 1 WHERE key = 'articles';
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN
	UPDATE meta SET value = value - 1 WHERE key = 'articles';
END;
`,
	// 7-19 are left to other work; review (issue 13) takes 20 onwards, so
	// the two can land in either order (migrate applies what is missing).
	20: `
-- Review (issue 13): a status, the fields analysts set (which ingests
-- never overwrite: store.KeepEdited) and every change as history. The
-- partial index lists the hidden (rejected, deleted) incidents, few,
-- which public reads leave out by id without leaving the covering index.
ALTER TABLE incidents ADD COLUMN status TEXT NOT NULL DEFAULT 'unreviewed'
	CHECK (status IN ('unreviewed', 'verified', 'rejected', 'deleted'));
ALTER TABLE incidents ADD COLUMN edited TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(edited));
CREATE INDEX incidents_hidden ON incidents (id) WHERE status IN ('rejected', 'deleted');

-- One row a change; before_json and after_json are the incident's
-- Feature before and after (NULL when there was none).
CREATE TABLE incident_history (
	seq         INTEGER PRIMARY KEY,
	incident_id TEXT NOT NULL,
	at          TEXT NOT NULL,            -- RFC 3339 UTC
	author      TEXT NOT NULL,
	action      TEXT NOT NULL,
	article_id  TEXT NOT NULL DEFAULT '',
	fields      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(fields)),
	before_json BLOB,
	after_json  BLOB
) STRICT;
CREATE INDEX incident_history_incident ON incident_history (incident_id, seq);
`,
	21: `
-- Merges (issue 13): a merged incident is a tombstone pointing at the one
-- that took it in, where later ingests of its articles go; history names
-- the other incident of a merge or split.
ALTER TABLE incidents ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';
ALTER TABLE incident_history ADD COLUMN other TEXT NOT NULL DEFAULT '';
`,
	22: `
-- Change feed (issue 13): every Feature carries its updated time, and
-- updated_since / the tombstone listing read incidents by it. Features
-- are rewritten by backfillFeatures at open, as for migration 5.
CREATE INDEX incidents_updated ON incidents (updated_at);
UPDATE incidents SET feature = NULL;
INSERT OR IGNORE INTO meta (key, value) VALUES ('backfill_features', 1);
UPDATE meta SET value = value + 1 WHERE key = 'version';
`,
	23: `
-- Grouping (issue 13): pairs of incidents the matcher found uncertain at
-- ingest, for a reviewer to merge (accept) or keep apart (dismiss).
CREATE TABLE merge_suggestions (
	id          INTEGER PRIMARY KEY,
	incident_id TEXT NOT NULL,            -- the later report's incident
	other_id    TEXT NOT NULL,            -- the stored one it may be
	score       REAL NOT NULL,
	reason      TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'dismissed')),
	decided_by  TEXT NOT NULL DEFAULT '',
	decided_at  TEXT NOT NULL DEFAULT '',
	UNIQUE (incident_id, other_id)
) STRICT;
CREATE INDEX merge_suggestions_open ON merge_suggestions (id) WHERE state = 'open';
`,
	// 24-29 are left to other work; feeds (issue 14) takes 30 onwards.
	30: `
-- Feeds (issue 14): sources to poll, with the health of their polls and
-- the lease of the worker polling one now. Times are Unix milliseconds,
-- 0 for never, so that due and lease checks compare integers.
CREATE TABLE sources (
	id             INTEGER PRIMARY KEY,
	url            TEXT NOT NULL UNIQUE,
	name           TEXT NOT NULL DEFAULT '',
	interval_s     INTEGER NOT NULL,
	paused         INTEGER NOT NULL DEFAULT 0,
	created        INTEGER NOT NULL,
	last_success   INTEGER NOT NULL DEFAULT 0,
	last_error     TEXT NOT NULL DEFAULT '',
	last_error_at  INTEGER NOT NULL DEFAULT 0,
	items_seen     INTEGER NOT NULL DEFAULT 0,
	items_new      INTEGER NOT NULL DEFAULT 0,
	total_new      INTEGER NOT NULL DEFAULT 0,
	next_poll      INTEGER NOT NULL DEFAULT 0,
	failures       INTEGER NOT NULL DEFAULT 0,
	etag           TEXT NOT NULL DEFAULT '',
	last_modified  TEXT NOT NULL DEFAULT '',
	claimed_by     TEXT NOT NULL DEFAULT '',
	claimed_until  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sources_due ON sources (next_poll) WHERE paused = 0;

-- One row per key (an entry's GUID, URL or content hash) an article was
-- stored for, so the same story from two feeds is one article.
CREATE TABLE feed_items (
	key        TEXT PRIMARY KEY,
	article_id TEXT NOT NULL,
	source_id  INTEGER NOT NULL,
	seen_at    INTEGER NOT NULL
) STRICT;
`,
	31: `
-- Feeds (issue 14): an article's canonical link (its page's rel=canonical
-- or og:url) and byline, '' when unknown.
ALTER TABLE articles ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN byline TEXT NOT NULL DEFAULT '';
`,
	// 32-39 are left to feeds (issue 14); aggregates (issue 15) take 40
	// onwards, alerts 41-49.
	40: `
-- Aggregates (issue 15, GET /stats): a count per country, first-level
-- division and day, week or month reads one of these covering indexes and
-- no incident rows (rid, which hides rejected incidents, is in every
-- index): by country and days, or by days alone.
CREATE INDEX incidents_stats_country ON incidents (country_code, event_date, admin1, fatalities);
CREATE INDEX incidents_stats_date ON incidents (event_date, country_code, admin1, fatalities);
`,
	41: `
-- Alerts (issue 15): subscriptions by area, event types and fatalities.
-- Times are Unix milliseconds, 0 for never. bbox is a JSON array of four
-- numbers or '', area a GeoJSON geometry or '' (store/internal/alertrow).
CREATE TABLE subscriptions (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL DEFAULT '',
	url            TEXT NOT NULL DEFAULT '',
	secret         TEXT NOT NULL,
	bbox           TEXT NOT NULL DEFAULT '',
	region         TEXT NOT NULL DEFAULT '',
	area           TEXT NOT NULL DEFAULT '',
	types          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(types)),
	min_fatalities INTEGER NOT NULL DEFAULT 0,
	after_seq      INTEGER NOT NULL DEFAULT 0,
	created        INTEGER NOT NULL
) STRICT;

-- The changes ingests made while some subscription exists, queued in the
-- ingest's own transaction by the trigger, until a worker has matched
-- them: a crash or restart loses none.
CREATE TABLE alert_queue (seq INTEGER PRIMARY KEY) STRICT;
CREATE TRIGGER incident_history_alerts AFTER INSERT ON incident_history
	WHEN NEW.action IN ('extract', 'ingest') AND EXISTS (SELECT 1 FROM subscriptions)
BEGIN
	INSERT OR IGNORE INTO alert_queue (seq) VALUES (NEW.seq);
END;

-- One row per change a subscription matched: the Atom feed's entries and
-- the webhook outbox (state pending until delivered or dead).
CREATE TABLE alerts (
	id              INTEGER PRIMARY KEY,
	subscription_id INTEGER NOT NULL,
	seq             INTEGER NOT NULL,
	incident_id     TEXT NOT NULL,
	event           TEXT NOT NULL,
	created         INTEGER NOT NULL,
	payload         BLOB NOT NULL,
	state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead', 'feed')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	next_attempt    INTEGER NOT NULL DEFAULT 0,
	delivered_at    INTEGER NOT NULL DEFAULT 0,
	claimed_by      TEXT NOT NULL DEFAULT '',
	claimed_until   INTEGER NOT NULL DEFAULT 0,
	UNIQUE (subscription_id, seq)
) STRICT;
CREATE INDEX alerts_due ON alerts (next_attempt) WHERE state = 'pending';
CREATE INDEX alerts_state ON alerts (state, id);
`,
}

// migrate brings the schema up to date. BEGIN IMMEDIATE (the DSN's txlock)
// serialises processes opening the same file at once.
func migrate(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	) STRICT`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	applied := map[int]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	have := 0
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return fmt.Errorf("migrate: %w", err)
		}
		applied[v], have = true, max(have, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("migrate: %w", err)
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
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrate to version %d: %w", v, err)
		}
		if v == 1 {
			// The epoch tells databases apart in Stats.Version, so two
			// stores that both reached write 7 still give different ETags.
			var epoch [6]byte
			_, _ = rand.Read(epoch[:])
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('epoch', ?1), ('version', 0)`,
				hex.EncodeToString(epoch[:])); err != nil {
				return fmt.Errorf("migrate to version %d: %w", v, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)`,
			v, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
			return fmt.Errorf("migrate to version %d: %w", v, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// backfillFeatures writes the feature column of incidents stored before
// schema version 2, in transactions of a thousand, once: migration 2 leaves
// a marker in meta that the last batch removes.
func backfillFeatures(ctx context.Context, db *sql.DB) error {
	var pending int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM meta WHERE key = 'backfill_features'`).Scan(&pending)
	if err != nil || pending == 0 {
		return err
	}
	for {
		n, err := backfillBatch(ctx, db, 1000)
		if err != nil {
			return fmt.Errorf("backfill features: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}

func backfillBatch(ctx context.Context, db *sql.DB, size int) (int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT i.rid, `+columns+` FROM incidents i WHERE i.feature IS NULL LIMIT ?1`, size)
	if err != nil {
		return 0, err
	}
	type upd struct {
		rid     int64
		feature []byte
	}
	var todo []upd
	for rows.Next() {
		var rid int64
		in, err := scanOne(rows, &rid)
		if err != nil {
			rows.Close()
			return 0, err
		}
		todo = append(todo, upd{rid, feature.Append(nil, &in)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, u := range todo {
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET feature = ?2 WHERE rid = ?1`, u.rid, u.feature); err != nil {
			return 0, err
		}
	}
	if len(todo) < size {
		if _, err := tx.ExecContext(ctx, `DELETE FROM meta WHERE key = 'backfill_features'`); err != nil {
			return 0, err
		}
	}
	return len(todo), tx.Commit()
}
