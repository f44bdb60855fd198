package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// GeoPackage constants (OGC 12-128r18, GeoPackage 1.3).
const (
	gpkgApplicationID = 0x47504B47 // "GPKG"
	gpkgUserVersion   = 10300
	gpkgGeomColumn    = "geom"
	wgs84SRSID        = 4326
)

// wgs84WKT is EPSG:4326 as WKT 1, as GDAL writes it into GeoPackages.
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// gpkgWriter writes an OGC GeoPackage 1.3 with three feature tables of one
// geometry type each, because GIS clients give a layer one type and drop
// or hide the features of other types: the layer named after the export
// (incidents) holds every incident at its representative POINT, and
// incidents_lines and incidents_areas the incidents located on a line (a
// border) as a MULTILINESTRING or in an area (a region) as a
// MULTIPOLYGON, with the same attributes. SQLite needs a seekable file, so
// the database is built in a temporary file in one transaction and copied
// to the io.Writer on Close.
type gpkgWriter struct {
	ctx    context.Context
	w      io.Writer
	path   string
	tables [3]*gpkgTable // points, lines, areas
	db     *sql.DB
	tx     *sql.Tx
	cols   [numColumns]column
	rec    record
	args   []any
	geom   bytes.Buffer
	wkb    *wkb.Encoder
	err    error // the first failed Write; Close then writes nothing
	closed bool
}

// gpkgTable is one feature table of the GeoPackage.
type gpkgTable struct {
	name     string
	geomType string // its gpkg_geometry_columns geometry_type_name
	insert   *sql.Stmt
	rtree    *sql.Stmt
	bound    orb.Bound
	hasBB    bool
}

// The GeoPackage's tables: suffixes of the layer name and geometry types.
var gpkgTables = [3]struct{ suffix, geomType string }{
	{"", "POINT"},
	{"_lines", "MULTILINESTRING"},
	{"_areas", "MULTIPOLYGON"},
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func newGPKGWriter(w io.Writer, opt Options) (_ *gpkgWriter, err error) {
	f, err := os.CreateTemp(opt.TempDir, "incidents-*.gpkg")
	if err != nil {
		return nil, fmt.Errorf("gpkg: create temp file: %w", err)
	}
	path := f.Name()
	f.Close()
	g := &gpkgWriter{ctx: context.Background(), w: w, path: path, cols: schema()}
	for i, t := range gpkgTables {
		g.tables[i] = &gpkgTable{name: opt.layerName() + t.suffix, geomType: t.geomType}
	}
	defer func() {
		if err != nil {
			g.cleanup()
		}
	}()
	g.wkb = wkb.NewEncoder(&g.geom).SetByteOrder(binary.LittleEndian)
	g.db, err = sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("gpkg: open %s: %w", path, err)
	}
	g.db.SetMaxOpenConns(1)
	// The file is scratch until Close copies it out, so durability buys
	// nothing: no journal, no fsync.
	for _, q := range []string{
		fmt.Sprintf("PRAGMA application_id = %d", gpkgApplicationID),
		fmt.Sprintf("PRAGMA user_version = %d", gpkgUserVersion),
		"PRAGMA journal_mode = OFF",
		"PRAGMA synchronous = OFF",
		"PRAGMA cache_size = -8192",
	} {
		if _, err = g.db.ExecContext(g.ctx, q); err != nil {
			return nil, fmt.Errorf("gpkg: %s: %w", q, err)
		}
	}
	if g.tx, err = g.db.BeginTx(g.ctx, nil); err != nil {
		return nil, fmt.Errorf("gpkg: begin: %w", err)
	}
	for _, q := range g.schemaSQL() {
		if _, err = g.tx.ExecContext(g.ctx, q); err != nil {
			return nil, fmt.Errorf("gpkg: create schema: %w\n%s", err, q)
		}
	}
	names := make([]string, 0, numColumns+1)
	marks := make([]string, 0, numColumns+1)
	names = append(names, gpkgGeomColumn)
	marks = append(marks, "?")
	for _, c := range g.cols {
		names = append(names, quoteIdent(c.name))
		marks = append(marks, "?")
	}
	for _, t := range g.tables {
		q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteIdent(t.name), strings.Join(names, ","), strings.Join(marks, ","))
		if t.insert, err = g.tx.PrepareContext(g.ctx, q); err != nil {
			return nil, fmt.Errorf("gpkg: prepare insert: %w", err)
		}
		q = fmt.Sprintf("INSERT INTO %s VALUES (?,?,?,?,?)", quoteIdent(t.rtreeName()))
		if t.rtree, err = g.tx.PrepareContext(g.ctx, q); err != nil {
			return nil, fmt.Errorf("gpkg: prepare rtree insert: %w", err)
		}
	}
	g.args = make([]any, numColumns+1)
	return g, nil
}

func (t *gpkgTable) rtreeName() string {
	return "rtree_" + t.name + "_" + gpkgGeomColumn
}

// schemaSQL returns the statements that create the GeoPackage core tables,
// the feature tables and their spatial indexes (the gpkg_rtree_index
// extension).
func (g *gpkgWriter) schemaSQL() []string {
	var cols strings.Builder
	fmt.Fprintf(&cols, "fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, %s GEOMETRY", gpkgGeomColumn)
	for _, c := range g.cols {
		typ := "TEXT"
		switch c.kind {
		case kindInt:
			typ = "MEDIUMINT" // 32-bit; GDAL reads it as Integer, not Integer64
		case kindFloat:
			typ = "DOUBLE"
		case kindDate:
			typ = "DATE"
		}
		fmt.Fprintf(&cols, ", %s %s", quoteIdent(c.name), typ)
		if !c.nullable {
			cols.WriteString(" NOT NULL")
		}
	}
	out := []string{
		`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
			organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
		`INSERT INTO gpkg_spatial_ref_sys VALUES
			('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
			('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
			('WGS 84 geodetic', 4326, 'EPSG', 4326, '` + wgs84WKT + `', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
		`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
			identifier TEXT UNIQUE, description TEXT DEFAULT '',
			last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
			min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
			CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
		`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
			geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
			CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
			CONSTRAINT uk_gc_table_name UNIQUE (table_name),
			CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
			CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
		`CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
			definition TEXT NOT NULL, scope TEXT NOT NULL,
			CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`,
	}
	descriptions := [3]string{
		"incidentmap incidents, every one at its representative point",
		"incidentmap incidents located on a line (a border)",
		"incidentmap incidents located in an area (a region)",
	}
	for i, tb := range g.tables {
		t := quoteIdent(tb.name)
		lit := strings.ReplaceAll(tb.name, "'", "''")
		out = append(out,
			`CREATE TABLE `+t+` (`+cols.String()+`)`,
			`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
			VALUES ('`+lit+`', 'features', '`+lit+`', '`+descriptions[i]+`', 4326)`,
			`INSERT INTO gpkg_geometry_columns VALUES ('`+lit+`', '`+gpkgGeomColumn+`', '`+tb.geomType+`', 4326, 0, 0)`,
			`INSERT INTO gpkg_extensions VALUES ('`+lit+`', '`+gpkgGeomColumn+`', 'gpkg_rtree_index',
			'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
			`CREATE VIRTUAL TABLE `+quoteIdent(tb.rtreeName())+` USING rtree(id, minx, maxx, miny, maxy)`,
		)
	}
	return out
}

// rtreeTriggersSQL returns the triggers the gpkg_rtree_index extension
// requires to keep the index in step with later edits (in QGIS, say). They
// call ST_* functions that GeoPackage readers provide and this writer does
// not, so they are created after the rows are in and the index filled.
func (tb *gpkgTable) rtreeTriggersSQL() []string {
	t, c, r := quoteIdent(tb.name), gpkgGeomColumn, quoteIdent(tb.rtreeName())
	n := func(suffix string) string { return quoteIdent(tb.rtreeName() + "_" + suffix) }
	ins := `INSERT OR REPLACE INTO ` + r + ` VALUES (NEW.fid, ST_MinX(NEW.` + c + `), ST_MaxX(NEW.` + c + `), ST_MinY(NEW.` + c + `), ST_MaxY(NEW.` + c + `));`
	return []string{
		`CREATE TRIGGER ` + n("insert") + ` AFTER INSERT ON ` + t + ` WHEN (NEW.` + c + ` NOT NULL AND NOT ST_IsEmpty(NEW.` + c + `)) BEGIN ` + ins + ` END`,
		`CREATE TRIGGER ` + n("update1") + ` AFTER UPDATE OF ` + c + ` ON ` + t + ` WHEN OLD.fid = NEW.fid AND (NEW.` + c + ` NOTNULL AND NOT ST_IsEmpty(NEW.` + c + `)) BEGIN ` + ins + ` END`,
		`CREATE TRIGGER ` + n("update2") + ` AFTER UPDATE OF ` + c + ` ON ` + t + ` WHEN OLD.fid = NEW.fid AND (NEW.` + c + ` ISNULL OR ST_IsEmpty(NEW.` + c + `)) BEGIN DELETE FROM ` + r + ` WHERE id = OLD.fid; END`,
		`CREATE TRIGGER ` + n("update3") + ` AFTER UPDATE ON ` + t + ` WHEN OLD.fid != NEW.fid AND (NEW.` + c + ` NOTNULL AND NOT ST_IsEmpty(NEW.` + c + `)) BEGIN DELETE FROM ` + r + ` WHERE id = OLD.fid; ` + ins + ` END`,
		`CREATE TRIGGER ` + n("update4") + ` AFTER UPDATE ON ` + t + ` WHEN OLD.fid != NEW.fid AND (NEW.` + c + ` ISNULL OR ST_IsEmpty(NEW.` + c + `)) BEGIN DELETE FROM ` + r + ` WHERE id IN (OLD.fid, NEW.fid); END`,
		`CREATE TRIGGER ` + n("delete") + ` AFTER DELETE ON ` + t + ` WHEN OLD.` + c + ` NOT NULL BEGIN DELETE FROM ` + r + ` WHERE id = OLD.fid; END`,
	}
}

// Write implements Writer.
func (g *gpkgWriter) Write(inc *incident.Incident) error {
	if g.closed {
		return ErrClosed
	}
	if g.err != nil {
		return g.err
	}
	g.err = g.write(inc)
	return g.err
}

func (g *gpkgWriter) write(inc *incident.Incident) error {
	g.rec.fill(inc)
	for i, c := range g.cols {
		v := g.rec.v[i]
		var a any
		switch {
		case v.null:
		case c.kind == kindInt:
			a = v.i
		case c.kind == kindFloat:
			a = v.f
		default:
			a = v.s
		}
		g.args[i+1] = a
	}
	point, lines, areas := shapesOf(inc)
	for i, geom := range [3]orb.Geometry{point, lines, areas} {
		if geom == nil {
			continue
		}
		if err := g.insert(g.tables[i], inc.ID, geom); err != nil {
			return err
		}
	}
	return nil
}

// insert adds one feature with the attributes in g.args to table t.
func (g *gpkgWriter) insert(t *gpkgTable, id string, geom orb.Geometry) error {
	empty := isEmpty(geom)
	var b orb.Bound
	if !empty {
		b = geom.Bound()
	}
	blob, err := g.geometryBlob(geom, b, empty)
	if err != nil {
		return fmt.Errorf("gpkg: encode geometry of %s: %w", id, err)
	}
	g.args[0] = blob
	res, err := t.insert.ExecContext(g.ctx, g.args...)
	if err != nil {
		return fmt.Errorf("gpkg: insert %s: %w", id, err)
	}
	if empty {
		return nil
	}
	fid, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("gpkg: insert %s: %w", id, err)
	}
	if _, err := t.rtree.ExecContext(g.ctx, fid, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
		return fmt.Errorf("gpkg: index %s: %w", id, err)
	}
	t.bound, t.hasBB = extend(t.bound, t.hasBB, geom)
	return nil
}

// geometryBlob encodes geom as GeoPackage binary: the "GP" header with the
// envelope, then little-endian WKB. The driver copies the bytes, so the
// buffer is reused.
func (g *gpkgWriter) geometryBlob(geom orb.Geometry, b orb.Bound, empty bool) ([]byte, error) {
	g.geom.Reset()
	var hdr [40]byte
	hdr[0], hdr[1], hdr[2] = 'G', 'P', 0
	n := 8
	if empty {
		hdr[3] = 0x01 | 0x10 // little endian, empty, no envelope
	} else {
		hdr[3] = 0x01 | 0x02 // little endian, envelope [minx, maxx, miny, maxy]
		for i, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			binary.LittleEndian.PutUint64(hdr[8+8*i:], math.Float64bits(v))
		}
		n = 40
	}
	binary.LittleEndian.PutUint32(hdr[4:], wgs84SRSID)
	g.geom.Write(hdr[:n])
	if err := g.wkb.Encode(geom); err != nil {
		return nil, err
	}
	return g.geom.Bytes(), nil
}

// Close implements Writer: it sets the layer's extent, adds the index
// triggers, commits, and copies the database to the io.Writer.
func (g *gpkgWriter) Close() error {
	if g.closed {
		return ErrClosed
	}
	g.closed = true
	defer g.cleanup()
	if g.err != nil {
		return g.err
	}
	for _, t := range g.tables {
		if t.hasBB {
			_, err := g.tx.ExecContext(g.ctx, `UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = ? WHERE table_name = ?`,
				t.bound.Min[0], t.bound.Min[1], t.bound.Max[0], t.bound.Max[1], time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), t.name)
			if err != nil {
				return fmt.Errorf("gpkg: set extent: %w", err)
			}
		}
		for _, q := range t.rtreeTriggersSQL() {
			if _, err := g.tx.ExecContext(g.ctx, q); err != nil {
				return fmt.Errorf("gpkg: create rtree triggers: %w", err)
			}
		}
		t.insert.Close()
		t.rtree.Close()
	}
	if err := g.tx.Commit(); err != nil {
		return fmt.Errorf("gpkg: commit: %w", err)
	}
	g.tx = nil
	if err := g.db.Close(); err != nil {
		return fmt.Errorf("gpkg: close database: %w", err)
	}
	g.db = nil
	f, err := os.Open(g.path)
	if err != nil {
		return fmt.Errorf("gpkg: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(g.w, f); err != nil {
		return fmt.Errorf("gpkg: copy out: %w", err)
	}
	return nil
}

// cleanup releases the database and removes the temporary file.
func (g *gpkgWriter) cleanup() {
	if g.tx != nil {
		g.tx.Rollback()
		g.tx = nil
	}
	if g.db != nil {
		g.db.Close()
		g.db = nil
	}
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(g.path + suffix) // most of these never existed
	}
}
