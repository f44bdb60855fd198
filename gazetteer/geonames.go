package gazetteer

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// ImportOptions says which GeoNames rows an import keeps.
type ImportOptions struct {
	// MinPopulation leaves out populated places with fewer people. Capitals
	// and the seats of first- and second-level divisions (PPLC, PPLG, PPLA,
	// PPLA2) are kept whatever their population; 0 keeps every populated
	// place with a population and every seat.
	MinPopulation int64
}

// ImportStats counts what an import wrote and what it skipped.
type ImportStats struct {
	// Places is every place written; the kinds below add up to it.
	Places    int
	Countries int
	Admin1    int
	Admin2    int
	Cities    int
	// Airports counts airports and air bases.
	Airports int
	// AlternateNames counts the names and codes kept from alternateNames files.
	AlternateNames int
	// Skipped counts malformed lines, which the import leaves out.
	Skipped int
	// Examples are the first few malformed lines as "file:line: reason".
	Examples []string
}

// ErrNotGeoNames is wrapped by the error about a file that is not a GeoNames
// dump file the importer reads: an unknown file name, or lines with the
// wrong number of columns for the kind its name says.
var ErrNotGeoNames = errors.New("not a GeoNames dump file")

// maxImportExamples bounds ImportStats.Examples.
const maxImportExamples = 10

// maxGeoNamesLine bounds one dump line; GeoNames' longest (a row's
// alternatenames column, at most 10,000 characters) is far below it.
const maxGeoNamesLine = 1 << 20

// ImportGeoNames reads GeoNames dump files and writes the places they hold to
// w as a gzipped compact gazetteer that Load reads as an extra file.
//
// The files are told apart by name (countryInfo.txt, admin1CodesASCII.txt,
// alternateNamesV2.txt, and the geoname tables allCountries.txt,
// citiesNNN.txt and XX.txt; any of them may be gzipped) and processed in
// that order whatever the order of files. Places the base gazetteer already
// holds (the same GeoNames city, the division with the same GeoNames admin1
// code, the country, the airport with the same ICAO code) keep their ids,
// shapes and names and gain the imported ones, so the import enriches the
// base rather than duplicating it. base may be nil.
//
// The geoname tables are read twice and never held in memory: the first pass
// collects the ids to import, the second writes them; only alternate names of
// those ids are kept. Malformed lines are counted and skipped.
func ImportGeoNames(ctx context.Context, files []string, w io.Writer, base *Gazetteer, opt ImportOptions) (ImportStats, error) {
	im := newGeoNamesImport(base, opt)
	byKind := map[geoNamesFileKind][]string{}
	for _, path := range files {
		kind, err := geoNamesKindOf(path)
		if err != nil {
			return im.stats, err
		}
		if err := sniffGeoNames(path, kind); err != nil {
			return im.stats, err
		}
		byKind[kind] = append(byKind[kind], path)
	}
	steps := []struct {
		kind geoNamesFileKind
		fn   func(path string, n int, line string) error
	}{
		{gnCountryInfo, im.countryLine},
		{gnAdmin1Codes, im.admin1Line},
		{gnTable, im.collectLine},
		{gnAlternateNames, im.alternateLine},
	}
	for _, s := range steps {
		for _, path := range byKind[s.kind] {
			if err := eachGeoNamesLine(ctx, path, s.fn); err != nil {
				return im.stats, err
			}
		}
	}

	zw := gzip.NewWriter(w)
	im.out = bufio.NewWriterSize(zw, 1<<16)
	fmt.Fprintln(im.out, "#id\tkind\tname\talts\tdemonyms\tlat\tlon\tcc\tadmin1\tpop\tfcode\tcity\tcodes\tgeometry")
	for _, path := range byKind[gnTable] {
		if err := eachGeoNamesLine(ctx, path, im.writeLine); err != nil {
			return im.stats, err
		}
	}
	if err := im.finish(); err != nil {
		return im.stats, err
	}
	if err := im.out.Flush(); err != nil {
		return im.stats, fmt.Errorf("import geonames: write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return im.stats, fmt.Errorf("import geonames: write: %w", err)
	}
	return im.stats, nil
}

// geoNamesFileKind is which GeoNames dump a file is.
type geoNamesFileKind int

const (
	gnCountryInfo geoNamesFileKind = iota
	gnAdmin1Codes
	gnAlternateNames
	gnTable
)

// columns returns how many tab-separated columns a line of the kind has; the
// old alternateNames.txt has 8 columns where alternateNamesV2.txt has 10.
func (k geoNamesFileKind) columnsOK(n int) bool {
	switch k {
	case gnCountryInfo, gnTable:
		return n == 19
	case gnAdmin1Codes:
		return n == 4
	case gnAlternateNames:
		return n == 10 || n == 8
	}
	return false
}

func (k geoNamesFileKind) String() string {
	return [...]string{"countryInfo", "admin1 codes", "alternate names", "geoname table"}[k]
}

// geoNamesKindOf tells the kind of dump from the file's name.
func geoNamesKindOf(path string) (geoNamesFileKind, error) {
	name := strings.ToLower(filepath.Base(path))
	if strings.HasSuffix(name, ".zip") {
		return 0, fmt.Errorf("import geonames %s: .zip archives are not read; unzip it and pass the .txt file inside", path)
	}
	name = strings.TrimSuffix(name, ".gz")
	stem, ok := strings.CutSuffix(name, ".txt")
	switch {
	case !ok:
	case strings.HasPrefix(stem, "countryinfo"):
		return gnCountryInfo, nil
	case strings.HasPrefix(stem, "admin1codes"):
		return gnAdmin1Codes, nil
	case strings.HasPrefix(stem, "alternatenames") && !strings.Contains(stem, "deletes"):
		return gnAlternateNames, nil
	case stem == "allcountries" || stem == "no-country" || isCitiesStem(stem) || isCountryStem(stem):
		return gnTable, nil
	}
	return 0, fmt.Errorf("import geonames %s: %w: want countryInfo.txt, admin1CodesASCII.txt, alternateNamesV2.txt, allCountries.txt, citiesNNN.txt or XX.txt (a country's table)", path, ErrNotGeoNames)
}

func isCitiesStem(s string) bool {
	digits, ok := strings.CutPrefix(s, "cities")
	if !ok || digits == "" {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isCountryStem(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

// sniffGeoNames checks the first 100 lines of a file before any long pass: a
// file whose lines mostly have the wrong number of columns is not the dump
// its name says.
func sniffGeoNames(path string, kind geoNamesFileKind) error {
	f, r, err := openGeoNames(path)
	if err != nil {
		return err
	}
	defer f.Close()
	lr := geoNamesLines{r: r}
	seen, bad := 0, 0
	var cols [20]string
	for seen < 100 {
		line, long, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("import geonames %s: %w", path, err)
		}
		if !long && (line == "" || line[0] == '#') {
			continue
		}
		seen++
		if long || !kind.columnsOK(splitTabs(line, cols[:])) {
			bad++
		}
	}
	if bad*2 > seen {
		return fmt.Errorf("import geonames %s: %w: %d of the first %d lines have the wrong number of columns for a %s file",
			path, ErrNotGeoNames, bad, seen, kind)
	}
	return nil
}

// openGeoNames opens a dump file, gunzipping it if it is gzipped.
func openGeoNames(path string) (io.Closer, *bufio.Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("import geonames: %w", err)
	}
	br := bufio.NewReaderSize(f, 1<<16)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("import geonames %s: %w", path, err)
		}
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	return f, br, nil
}

// geoNamesLines reads lines of any length, cutting those longer than
// maxGeoNamesLine instead of failing.
type geoNamesLines struct {
	r   *bufio.Reader
	buf []byte
}

// next returns the next line without its line ending; long reports a line
// longer than maxGeoNamesLine, returned empty.
func (l *geoNamesLines) next() (line string, long bool, err error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		if len(l.buf)+len(chunk) > maxGeoNamesLine {
			long = true
			l.buf = l.buf[:0]
		} else if !long {
			l.buf = append(l.buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			if len(l.buf) == 0 && !long {
				return "", false, io.EOF
			}
		} else if err != nil {
			return "", false, err
		}
		break
	}
	if long {
		return "", true, nil
	}
	b := l.buf
	b = b[:len(b)-len(trailingNewline(b))]
	return string(b), false, nil
}

func trailingNewline(b []byte) []byte {
	n := 0
	if len(b) > 0 && b[len(b)-1] == '\n' {
		n++
		if len(b) > 1 && b[len(b)-2] == '\r' {
			n++
		}
	}
	return b[len(b)-n:]
}

// eachGeoNamesLine calls fn for each line of a dump file with its line
// number, leaving out blank lines and '#' comments. A line too long to be a
// dump line reaches fn as "\x00long".
func eachGeoNamesLine(ctx context.Context, path string, fn func(path string, n int, line string) error) error {
	f, r, err := openGeoNames(path)
	if err != nil {
		return err
	}
	defer f.Close()
	lr := geoNamesLines{r: r}
	for n := 1; ; n++ {
		if n&0xffff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line, long, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("import geonames %s line %d: %w", path, n, err)
		}
		if long {
			line = longLine
		} else if line == "" || line[0] == '#' {
			continue
		}
		if err := fn(path, n, line); err != nil {
			return err
		}
	}
}

// longLine stands for a line longer than maxGeoNamesLine.
const longLine = "\x00long"

// splitTabs splits s at tabs into dst and returns the number of columns,
// which may be more than len(dst); the columns past len(dst) are not stored.
func splitTabs(s string, dst []string) int {
	n := 0
	for {
		i := strings.IndexByte(s, '\t')
		if i < 0 {
			if n < len(dst) {
				dst[n] = s
			}
			return n + 1
		}
		if n < len(dst) {
			dst[n] = s[:i]
		}
		s = s[i+1:]
		n++
	}
}

// errGeoNamesLine is wrapped by every error about one malformed dump line.
var errGeoNamesLine = errors.New("malformed line")

func lineError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errGeoNamesLine, fmt.Sprintf(format, args...))
}

func columnsError(n, want int) error {
	return lineError("%d columns, want %d", n, want)
}

// parseGeoNameID parses a geonameid: a positive 32-bit number.
func parseGeoNameID(s string) (uint32, error) {
	id, err := strconv.ParseUint(s, 10, 32)
	if err != nil || id == 0 {
		return 0, lineError("bad geonameid %q", clip(s))
	}
	return uint32(id), nil
}

// clip shortens a bad value for an error message.
func clip(s string) string {
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}

// geoNameRow is the part of a row of a geoname table the import uses.
type geoNameRow struct {
	id                     uint32
	name, ascii, alternate string
	lat, lon               float64
	class, code            string
	cc, admin1, admin2     string
	pop                    int64
}

// parseGeoNameRow parses one row of allCountries.txt, citiesNNN.txt or XX.txt.
func parseGeoNameRow(line string) (geoNameRow, error) {
	var c [19]string
	if n := splitTabs(line, c[:]); n != len(c) {
		return geoNameRow{}, columnsError(n, len(c))
	}
	id, err := parseGeoNameID(c[0])
	if err != nil {
		return geoNameRow{}, err
	}
	if strings.TrimSpace(c[1]) == "" {
		return geoNameRow{}, lineError("geonameid %d has no name", id)
	}
	lat, err1 := strconv.ParseFloat(c[4], 64)
	lon, err2 := strconv.ParseFloat(c[5], 64)
	if err1 != nil || err2 != nil || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180) {
		return geoNameRow{}, lineError("bad coordinates %q %q", clip(c[4]), clip(c[5]))
	}
	var pop int64
	if c[14] != "" {
		if pop, err = strconv.ParseInt(c[14], 10, 64); err != nil || pop < 0 {
			return geoNameRow{}, lineError("bad population %q", clip(c[14]))
		}
	}
	if len(c[6]) > 1 {
		return geoNameRow{}, lineError("bad feature class %q", clip(c[6]))
	}
	return geoNameRow{
		id: id, name: c[1], ascii: c[2], alternate: c[3], lat: lat, lon: lon,
		class: c[6], code: c[7], cc: c[8], admin1: c[10], admin2: c[11], pop: pop,
	}, nil
}

// alternateNameRow is one row of alternateNamesV2.txt (or the older
// alternateNames.txt, which lacks from and to).
type alternateNameRow struct {
	id                   uint32
	lang, name           string
	preferred, short     bool
	colloquial, historic bool
	to                   string
}

// parseAlternateNameRow parses one row of an alternateNames file.
func parseAlternateNameRow(line string) (alternateNameRow, error) {
	var c [10]string
	n := splitTabs(line, c[:])
	if n != 10 && n != 8 {
		return alternateNameRow{}, columnsError(n, 10)
	}
	if _, err := strconv.ParseUint(c[0], 10, 32); err != nil {
		return alternateNameRow{}, lineError("bad alternateNameId %q", clip(c[0]))
	}
	id, err := parseGeoNameID(c[1])
	if err != nil {
		return alternateNameRow{}, err
	}
	var flags [4]bool
	for i := range flags {
		switch c[4+i] {
		case "", "0":
		case "1":
			flags[i] = true
		default:
			return alternateNameRow{}, lineError("bad flag %q", clip(c[4+i]))
		}
	}
	return alternateNameRow{
		id: id, lang: c[2], name: c[3],
		preferred: flags[0], short: flags[1], colloquial: flags[2], historic: flags[3], to: c[9],
	}, nil
}

// countryInfoRow is the part of a row of countryInfo.txt the import uses.
type countryInfoRow struct {
	iso, iso3, numeric string
	name, capital      string
	pop                int64
	id                 uint32
}

func parseCountryInfoRow(line string) (countryInfoRow, error) {
	var c [19]string
	if n := splitTabs(line, c[:]); n != len(c) {
		return countryInfoRow{}, columnsError(n, len(c))
	}
	if !isUpperCode(c[0], 2) {
		return countryInfoRow{}, lineError("bad ISO code %q", clip(c[0]))
	}
	if strings.TrimSpace(c[4]) == "" {
		return countryInfoRow{}, lineError("country %s has no name", c[0])
	}
	r := countryInfoRow{iso: c[0], name: c[4], capital: c[5]}
	if isUpperCode(c[1], 3) {
		r.iso3 = c[1]
	}
	if n, err := strconv.Atoi(c[2]); err == nil && n > 0 {
		r.numeric = strconv.Itoa(n)
	}
	r.pop, _ = strconv.ParseInt(c[7], 10, 64)
	if c[16] != "" {
		id, err := parseGeoNameID(c[16])
		if err != nil {
			return countryInfoRow{}, err
		}
		r.id = id
	}
	return r, nil
}

func isUpperCode(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < 'A' || s[i] > 'Z') && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// admin1CodeRow is one row of admin1CodesASCII.txt.
type admin1CodeRow struct {
	code, name, ascii string
	id                uint32
}

func parseAdmin1CodeRow(line string) (admin1CodeRow, error) {
	var c [4]string
	if n := splitTabs(line, c[:]); n != len(c) {
		return admin1CodeRow{}, columnsError(n, len(c))
	}
	cc, a1, ok := strings.Cut(c[0], ".")
	if !ok || !isUpperCode(cc, 2) || a1 == "" {
		return admin1CodeRow{}, lineError("bad admin1 code %q", clip(c[0]))
	}
	if strings.TrimSpace(c[1]) == "" {
		return admin1CodeRow{}, lineError("admin1 %s has no name", c[0])
	}
	r := admin1CodeRow{code: c[0], name: c[1], ascii: c[2]}
	if c[3] != "" {
		id, err := parseGeoNameID(c[3])
		if err != nil {
			return admin1CodeRow{}, err
		}
		r.id = id
	}
	return r, nil
}

// geoNamesKind returns the kind of place a GeoNames feature becomes, or ""
// for features the import leaves out.
func geoNamesKind(class, code string) Kind {
	switch class {
	case "P":
		switch code {
		case "PPLH", "PPLQ", "PPLW", "PPLCH":
			return "" // historical, abandoned or destroyed
		}
		return KindCity
	case "A":
		switch code {
		case "ADM1":
			return KindAdmin1
		case "ADM2":
			return KindAdmin2
		case "PCLI", "PCLD", "PCLS":
			return KindCountry
		}
	case "S":
		switch code {
		case "AIRP", "AIRF", "AIRH":
			return KindAirport
		case "AIRB":
			return KindAirbase
		}
	}
	return ""
}

// keeps reports whether the import writes a row.
func (o ImportOptions) keeps(r *geoNameRow) bool {
	k := geoNamesKind(r.class, r.code)
	if k != KindCity {
		return k != ""
	}
	switch r.code {
	case "PPLC", "PPLG", "PPLA", "PPLA2":
		return true
	case "PPLA3", "PPLA4", "PPLA5":
		return r.pop >= o.MinPopulation
	}
	return r.pop > 0 && r.pop >= o.MinPopulation
}

// geoNameIDs is a set of geonameids: a bitset for the ids GeoNames hands out
// (below 2^27) and a map for any larger.
type geoNameIDs struct {
	bits []uint64
	big  map[uint32]struct{}
}

const geoNameBitsMax = 1 << 27

func (s *geoNameIDs) add(id uint32) {
	if id >= geoNameBitsMax {
		if s.big == nil {
			s.big = map[uint32]struct{}{}
		}
		s.big[id] = struct{}{}
		return
	}
	i := int(id / 64)
	if i >= len(s.bits) {
		s.bits = slices.Grow(s.bits, i+1-len(s.bits))[:i+1]
	}
	s.bits[i] |= 1 << (id % 64)
}

func (s *geoNameIDs) has(id uint32) bool {
	if id >= geoNameBitsMax {
		_, ok := s.big[id]
		return ok
	}
	i := int(id / 64)
	return i < len(s.bits) && s.bits[i]&(1<<(id%64)) != 0
}

func (s *geoNameIDs) remove(id uint32) {
	if id >= geoNameBitsMax {
		delete(s.big, id)
		return
	}
	if i := int(id / 64); i < len(s.bits) {
		s.bits[i] &^= 1 << (id % 64)
	}
}

// geoNamesAlternates are what the alternateNames files add to one place.
type geoNamesAlternates struct {
	names   []string
	english string // the preferred English name
	codes   []string
}

// geoNamesImport is the state of one import.
type geoNamesImport struct {
	opt   ImportOptions
	base  *Gazetteer
	stats ImportStats
	out   *bufio.Writer

	countries   map[string]*countryInfoRow // ISO alpha-2 -> countryInfo row
	admin1Names map[string]*admin1CodeRow  // GeoNames admin1 code -> row
	baseAdmin1  map[string]*Place          // GeoNames admin1 code -> base division
	ids         geoNameIDs                 // ids still to write
	alternates  map[uint32]*geoNamesAlternates
	written     map[string]bool      // ids written other than "gn:..."
	capitals    map[string]orb.Point // ISO alpha-2 -> capital, for countries base lacks
}

func newGeoNamesImport(base *Gazetteer, opt ImportOptions) *geoNamesImport {
	im := &geoNamesImport{
		opt: opt, base: base,
		countries:   map[string]*countryInfoRow{},
		admin1Names: map[string]*admin1CodeRow{},
		baseAdmin1:  map[string]*Place{},
		alternates:  map[uint32]*geoNamesAlternates{},
		written:     map[string]bool{},
		capitals:    map[string]orb.Point{},
	}
	if base != nil {
		base.Each(func(p *Place) bool {
			if p.Kind == KindAdmin1 {
				for _, c := range p.Codes {
					if code, ok := strings.CutPrefix(c, "geonames-admin1:"); ok {
						im.baseAdmin1[code] = p
					}
				}
			}
			return true
		})
	}
	return im
}

// skip counts a malformed line and keeps the first few as examples.
func (im *geoNamesImport) skip(path string, n int, err error) {
	im.stats.Skipped++
	if len(im.stats.Examples) < maxImportExamples {
		im.stats.Examples = append(im.stats.Examples, fmt.Sprintf("%s:%d: %v", filepath.Base(path), n, err))
	}
}

func (im *geoNamesImport) countryLine(path string, n int, line string) error {
	r, err := parseCountryInfoRow(line)
	if err != nil {
		im.skip(path, n, err)
		return nil
	}
	im.countries[r.iso] = &r
	return nil
}

func (im *geoNamesImport) admin1Line(path string, n int, line string) error {
	r, err := parseAdmin1CodeRow(line)
	if err != nil {
		im.skip(path, n, err)
		return nil
	}
	im.admin1Names[r.code] = &r
	return nil
}

// collectLine is the first pass over a geoname table: it collects the ids
// to import and counts malformed lines (the second pass skips them quietly).
func (im *geoNamesImport) collectLine(path string, n int, line string) error {
	if line == longLine {
		im.skip(path, n, lineError("longer than %d bytes", maxGeoNamesLine))
		return nil
	}
	r, err := parseGeoNameRow(line)
	if err != nil {
		im.skip(path, n, err)
		return nil
	}
	if im.opt.keeps(&r) {
		im.ids.add(r.id)
	}
	return nil
}

// alternateLine keeps the English and unlabelled Latin-script names, and the
// IATA and ICAO codes, of the places the import writes.
func (im *geoNamesImport) alternateLine(path string, n int, line string) error {
	// Most rows name places the import leaves out: look at the id first.
	_, rest, _ := strings.Cut(line, "\t")
	idText, _, _ := strings.Cut(rest, "\t")
	if id, err := strconv.ParseUint(idText, 10, 32); err == nil && !im.ids.has(uint32(id)) {
		return nil
	}
	r, err := parseAlternateNameRow(line)
	if err != nil {
		im.skip(path, n, err)
		return nil
	}
	if r.historic || r.colloquial || r.to != "" {
		return nil
	}
	var code, name string
	switch r.lang {
	case "iata":
		if isUpperCode(r.name, 3) {
			code = "iata:" + r.name
		}
	case "icao":
		if isUpperCode(r.name, 4) {
			code = "icao:" + r.name
		}
	case "abbr":
		// Abbreviations are found by search as codes, never tagged in text
		// where "LA" or "CA" are ordinary words; two letters are too few.
		if len(r.name) >= 3 && len(r.name) <= 8 && !strings.ContainsAny(r.name, " \t") {
			code = "abbr:" + strings.ToValidUTF8(r.name, "")
		}
	case "", "en":
		if EnglishName(r.name) {
			name = strings.Clone(cleanName(r.name))
		}
	}
	if code == "" && name == "" {
		return nil
	}
	a := im.alternates[r.id]
	if a == nil {
		a = &geoNamesAlternates{}
		im.alternates[r.id] = a
	}
	switch {
	case code != "":
		if slices.Contains(a.codes, code) {
			return nil
		}
		a.codes = append(a.codes, code)
	case r.lang == "en" && r.preferred && a.english == "":
		a.english = name
	default:
		if slices.Contains(a.names, name) {
			return nil
		}
		a.names = append(a.names, name)
	}
	im.stats.AlternateNames++
	return nil
}

// writeLine is the second pass over a geoname table: it writes each row
// collected in the first.
func (im *geoNamesImport) writeLine(path string, n int, line string) error {
	idText, _, _ := strings.Cut(line, "\t")
	id, err := strconv.ParseUint(idText, 10, 32)
	if err != nil || !im.ids.has(uint32(id)) {
		return nil
	}
	r, err := parseGeoNameRow(line)
	if err != nil {
		return nil // counted in the first pass
	}
	im.ids.remove(r.id) // a row in two tables is written once
	p := im.place(&r)
	if p == nil {
		return nil
	}
	return im.write(p)
}

// write writes a place and counts it.
func (im *geoNamesImport) write(p *Place) error {
	if !strings.HasPrefix(p.ID, "gn:") {
		if im.written[p.ID] {
			return nil
		}
		im.written[p.ID] = true
	}
	if err := WriteCompact(im.out, p); err != nil {
		return fmt.Errorf("import geonames: write: %w", err)
	}
	im.stats.Places++
	switch p.Kind {
	case KindCountry:
		im.stats.Countries++
	case KindAdmin1:
		im.stats.Admin1++
	case KindAdmin2:
		im.stats.Admin2++
	case KindCity:
		im.stats.Cities++
	case KindAirport, KindAirbase:
		im.stats.Airports++
	}
	return nil
}

// place turns a row into the place to write, merged with the base's place
// of the same id; nil when the row makes no place.
func (im *geoNamesImport) place(r *geoNameRow) *Place {
	d := im.draft(r)
	if d == nil {
		return nil
	}
	importWins := true
	switch d.p.Kind {
	case KindCity:
		if r.code == "PPLC" && im.needsCountry(r.cc) {
			if _, ok := im.capitals[r.cc]; !ok {
				im.capitals[r.cc] = d.p.Point
			}
		}
	case KindAirport, KindAirbase:
		im.airport(d, r)
		importWins = false
	case KindAdmin1:
		if !im.admin1(d, r) {
			return nil
		}
		importWins = false
	case KindAdmin2:
		if !d.admin2(r) {
			return nil
		}
	case KindCountry:
		if !im.country(d, r) {
			return nil
		}
		importWins = false
	default:
		return nil
	}
	p := d.p
	p.Alternates = geoNamesAltNames(p.Name, d.alts)
	if im.base != nil {
		if b, ok := im.base.Place(p.ID); ok {
			return mergePlace(b, p, importWins)
		}
	}
	return p
}

// placeDraft is a place being made from a row: the names it may also go
// by, and its English name from the alternateNames file.
type placeDraft struct {
	p       *Place
	alts    []string
	english string
}

// rename makes name, cleaned, the place's name, keeping the old one as an
// alternate.
func (d *placeDraft) rename(name string) {
	if name = cleanName(name); name != "" && name != d.p.Name {
		d.alts = append(d.alts, d.p.Name)
		d.p.Name = name
	}
}

// draft is what every kind of place takes from row r: id, kind, name,
// country, point, codes, alternate names and first-level division; nil
// when the row has no name.
func (im *geoNamesImport) draft(r *geoNameRow) *placeDraft {
	p := &Place{
		ID: "gn:" + strconv.FormatUint(uint64(r.id), 10), Kind: geoNamesKind(r.class, r.code), Name: cleanName(r.name),
		CountryCode: r.cc, Population: r.pop, FeatureCode: r.code,
		Point: orb.Point{r.lon, r.lat},
		Codes: []string{"geonames:" + strconv.FormatUint(uint64(r.id), 10)},
	}
	if p.Name == "" {
		return nil
	}
	d := &placeDraft{p: p, alts: []string{r.ascii}}
	d.alts = append(d.alts, strings.Split(r.alternate, ",")...)
	if a := im.alternates[r.id]; a != nil {
		d.alts = append(d.alts, a.names...)
		d.alts = append(d.alts, a.english)
		p.Codes = append(p.Codes, a.codes...)
		d.english = a.english
	}
	if r.admin1 != "" && r.cc != "" {
		gnCode := r.cc + "." + r.admin1
		p.Admin1 = gnCode
		if b := im.baseAdmin1[gnCode]; b != nil {
			p.Admin1 = b.Admin1
		}
	}
	return d
}

// airport names an airport in English, tells an airbase by its name, and
// takes the base's id of the same airport, found by ICAO code.
func (im *geoNamesImport) airport(d *placeDraft, r *geoNameRow) {
	p := d.p
	if d.english != "" {
		d.rename(d.english)
	}
	if p.Kind == KindAirport && isAirbaseName(p.Name) {
		p.Kind = KindAirbase
	}
	p.City = airportCity(p.Name)
	if im.base == nil {
		return
	}
	// The base keys airports by ICAO code: the alternateNames file gives
	// it, and the row's own list of names often holds it too.
	var icaos []string
	for _, c := range p.Codes {
		if icao, ok := strings.CutPrefix(c, "icao:"); ok {
			icaos = append(icaos, icao)
		}
	}
	for _, a := range d.alts {
		if isUpperCode(a, 4) {
			icaos = append(icaos, a)
		}
	}
	for _, icao := range icaos {
		if b, ok := im.base.Place("airport:" + icao); ok && (b.Kind == KindAirport || b.Kind == KindAirbase) && b.CountryCode == r.cc {
			p.ID = b.ID
			if c := "icao:" + icao; !slices.Contains(p.Codes, c) {
				p.Codes = append(p.Codes, c)
			}
			break
		}
	}
}

// admin1 gives a first-level division its id (the base's, when it has the
// division) and its English and admin1CodesASCII names; false when the
// row names no division.
func (im *geoNamesImport) admin1(d *placeDraft, r *geoNameRow) bool {
	gnCode := r.cc + "." + r.admin1
	if r.admin1 == "" || r.cc == "" {
		return false
	}
	d.p.ID = "admin1:" + gnCode
	d.p.Codes = append(d.p.Codes, "geonames-admin1:"+gnCode)
	if b := im.baseAdmin1[gnCode]; b != nil {
		d.p.ID = b.ID
	}
	if d.english != "" {
		d.rename(d.english)
	}
	if a := im.admin1Names[gnCode]; a != nil {
		d.rename(a.name)
		d.alts = append(d.alts, a.ascii)
	}
	return true
}

// admin2 gives a second-level division its id and English name; false
// when the row names no division.
func (d *placeDraft) admin2(r *geoNameRow) bool {
	if r.cc == "" || r.admin1 == "" || r.admin2 == "" {
		return false
	}
	gnCode := r.cc + "." + r.admin1 + "." + r.admin2
	d.p.ID = "admin2:" + gnCode
	d.p.Codes = append(d.p.Codes, "geonames-admin2:"+gnCode)
	if d.english != "" {
		d.rename(d.english)
	}
	return true
}

// country makes the row its country's place, named and counted as
// countryInfo says; false when the row is not surely the country (a
// dependency filed under another's code, or a country the base knows by
// other names).
func (im *geoNamesImport) country(d *placeDraft, r *geoNameRow) bool {
	p := d.p
	ci := im.countries[r.cc]
	switch {
	case r.cc == "":
		return false
	case ci != nil && ci.id != 0 && ci.id != r.id:
		return false // a dependency or section filed under another country's code
	case ci == nil && r.code != "PCLI":
		return false // without countryInfo, only an independent state is surely the country
	case ci == nil && im.base != nil:
		if b, ok := im.base.Country(r.cc); ok && !strings.EqualFold(b.Name, p.Name) && !containsFold(b.Alternates, p.Name) {
			return false // not the base's country by any of its names
		}
	}
	p.ID = "country:" + r.cc
	p.Admin1 = ""
	if d.english != "" {
		d.rename(d.english)
	}
	if ci != nil {
		d.rename(ci.name)
		p.Codes = append(p.Codes, ci.codes()...)
		if ci.pop > 0 {
			p.Population = ci.pop
		}
	}
	return true
}

// needsCountry reports whether the import must make a country the base lacks.
func (im *geoNamesImport) needsCountry(cc string) bool {
	if cc == "" || im.written["country:"+cc] {
		return false
	}
	if im.base != nil {
		if _, ok := im.base.Country(cc); ok {
			return false
		}
	}
	return im.countries[cc] != nil
}

// finish writes what countryInfo and admin1CodesASCII add beyond the rows
// of the tables: the base's countries and divisions with the names and
// populations GeoNames gives, and the countries the base lacks, placed at
// their capital.
func (im *geoNamesImport) finish() error {
	isos := make([]string, 0, len(im.countries))
	for iso := range im.countries {
		isos = append(isos, iso)
	}
	sort.Strings(isos)
	for _, iso := range isos {
		ci := im.countries[iso]
		if im.written["country:"+iso] {
			continue
		}
		p := &Place{
			ID: "country:" + iso, Kind: KindCountry, Name: cleanName(ci.name), CountryCode: iso,
			Population: ci.pop, FeatureCode: "PCLI", Codes: ci.codes(),
		}
		if ci.id != 0 {
			p.Codes = append(p.Codes, "geonames:"+strconv.FormatUint(uint64(ci.id), 10))
		}
		if im.base != nil {
			if b, ok := im.base.Country(iso); ok {
				p.ID = b.ID
				if err := im.write(mergePlace(b, p, false)); err != nil {
					return err
				}
				continue
			}
		}
		pt, ok := im.capitals[iso]
		if !ok || p.Name == "" {
			continue // nowhere to put it
		}
		p.Point = pt
		if err := im.write(p); err != nil {
			return err
		}
	}
	if im.base == nil {
		return nil
	}
	codes := make([]string, 0, len(im.admin1Names))
	for code := range im.admin1Names {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		a := im.admin1Names[code]
		b := im.baseAdmin1[code]
		if b == nil || im.written[b.ID] {
			continue
		}
		add := geoNamesAltNames(b.Name, []string{a.name, a.ascii})
		fresh := false
		for _, n := range add {
			if !containsFold(b.Alternates, n) {
				fresh = true
			}
		}
		if !fresh {
			continue // nothing new: leave the base's division alone
		}
		p := &Place{ID: b.ID, Kind: KindAdmin1, Name: b.Name, Alternates: add}
		if a.id != 0 {
			p.Codes = []string{"geonames:" + strconv.FormatUint(uint64(a.id), 10)}
		}
		if err := im.write(mergePlace(b, p, false)); err != nil {
			return err
		}
	}
	return nil
}

func (ci *countryInfoRow) codes() []string {
	var out []string
	if ci.iso3 != "" {
		out = append(out, "iso3:"+ci.iso3)
	}
	if ci.numeric != "" {
		out = append(out, "iso-numeric:"+ci.numeric)
	}
	return out
}

// maxAlternates bounds the alternate names of one place; the largest cities
// have hundreds in GeoNames, most of them in other languages.
const maxAlternates = 300

// mergePlace returns a copy of the base's place b with what the import adds:
// its names and codes, and its population when it has one. When importWins,
// the import's name, point, feature code and division replace the base's
// (a newer GeoNames row for the same city); otherwise the base's stay (the
// country, division or airport, whose shape and names come from sources
// chosen for them).
func mergePlace(b, imp *Place, importWins bool) *Place {
	out := *b
	names := []string{}
	if importWins {
		out.Name, out.Point, out.FeatureCode = imp.Name, imp.Point, imp.FeatureCode
		if imp.CountryCode != "" {
			out.CountryCode = imp.CountryCode
		}
		if imp.Admin1 != "" {
			out.Admin1 = imp.Admin1
		}
		names = append(names, b.Name)
	} else {
		names = append(names, imp.Name)
	}
	if imp.Population > 0 {
		out.Population = imp.Population
	}
	if out.City == "" {
		out.City = imp.City
	}
	names = append(names, b.Alternates...)
	names = append(names, imp.Alternates...)
	out.Alternates = geoNamesAltNames(out.Name, names)
	out.Codes = slices.Clone(b.Codes)
	for _, c := range imp.Codes {
		if !slices.Contains(out.Codes, c) {
			out.Codes = append(out.Codes, c)
		}
	}
	return &out
}

// geoNamesAltNames keeps the alternate names a reader of English news could
// meet, as the default gazetteer does: Latin script, capitalised, no codes,
// each once and none the same as the name.
func geoNamesAltNames(name string, alts []string) []string {
	seen := []string{strings.ToLower(name)}
	var out []string
	for _, a := range alts {
		if !EnglishName(a) {
			continue
		}
		a = cleanName(a)
		k := strings.ToLower(a)
		if slices.Contains(seen, k) {
			continue
		}
		seen = append(seen, k)
		out = append(out, a)
		if len(out) == maxAlternates {
			break
		}
	}
	return out
}

// EnglishName reports whether an alternate name is one English text may
// use: Latin letters, starting with a capital or digit, not a code ("BGW",
// "IQ07"), no lists or notes, not absurdly long. Both the GeoNames import
// and the generator of the embedded gazetteer keep names by it.
func EnglishName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 || !utf8.ValidString(s) || strings.ContainsAny(s, ",;()[]") {
		return false
	}
	letter := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			letter = true
		case unicode.IsControl(r):
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	if !letter || (!unicode.IsUpper(first) && !unicode.IsDigit(first)) {
		return false // "ba ge da", "bghdad": romanised from other scripts, not English usage
	}
	return !isShortCode(s)
}

// isShortCode reports whether s is a code rather than a name: up to four
// capitals and digits. (USA and UAE are how news names countries, but the
// default gazetteer lists those itself.)
func isShortCode(s string) bool {
	if len(s) > 4 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// cleanName folds a name's runs of white space, control characters and
// list separators into single spaces.
func cleanName(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == '|'
	}), " ")
}

func containsFold(ss []string, s string) bool {
	for _, x := range ss {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// isAirbaseName reports whether an airfield's name says it is military, as
// the default gazetteer tells air bases from airports.
func isAirbaseName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"air base", "airbase", "air station", "afb", "army air", "naval air", "air force"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// airportCity guesses the city an airport serves from its name ("Baghdad
// International Airport" -> "Baghdad"), so "Baghdad airport" finds it.
func airportCity(name string) string {
	for _, suffix := range []string{
		" International Airport", " Intl Airport", " Regional Airport", " Municipal Airport", " Airport",
		" Air Base", " Airbase", " Airfield", " Heliport",
	} {
		if city, ok := strings.CutSuffix(name, suffix); ok && city != "" {
			return city
		}
	}
	return ""
}
