package cql2

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ParseJSON parses a CQL2-JSON filter with the default Options.
func ParseJSON(b []byte) (Expr, error) {
	return ParseJSONOptions(b, Options{})
}

// ParseJSONOptions parses a CQL2-JSON filter within the limits of o.
func ParseJSONOptions(b []byte, o Options) (Expr, error) {
	o = o.withDefaults()
	if len(b) > o.MaxLength {
		return nil, newSyntaxError(b[:o.MaxLength], o.MaxLength, "the filter is longer than %d bytes", o.MaxLength)
	}
	p := &jsonParser{src: b, dec: json.NewDecoder(bytes.NewReader(b)), maxNest: 4*o.MaxDepth + 16, maxDepth: o.MaxDepth}
	p.dec.UseNumber()
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if pos := p.start(); pos < len(b) {
		return nil, newSyntaxError(b, pos, "unexpected data after the filter")
	}
	return p.boolExpr(root, 1)
}

// jnode is a JSON value with the byte offset it starts at.
type jnode struct {
	pos   int
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	str   string
	num   json.Number
	b     bool
	keys  []string
	vals  []*jnode
	elems []*jnode
}

func (n *jnode) member(k string) *jnode {
	for i, key := range n.keys {
		if key == k {
			return n.vals[i]
		}
	}
	return nil
}

func (n *jnode) describe() string {
	switch n.kind {
	case 'o':
		if len(n.keys) == 0 {
			return "an empty object"
		}
		return "an object with " + quote(n.keys[0])
	case 'a':
		return "an array"
	case 's':
		return "the string " + quote(n.str)
	case 'n':
		return "the number " + n.num.String()
	case 'b':
		return "the boolean " + strconv.FormatBool(n.b)
	}
	return "null"
}

type jsonParser struct {
	src      []byte
	dec      *json.Decoder
	maxNest  int
	maxDepth int
}

// start is the offset of the next token: the decoder's offset past
// whitespace and separators.
func (p *jsonParser) start() int {
	i := int(p.dec.InputOffset())
	for i < len(p.src) {
		switch p.src[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			i++
			continue
		}
		break
	}
	return i
}

func (p *jsonParser) errAt(pos int, format string, args ...any) *SyntaxError {
	return newSyntaxError(p.src, pos, format, args...)
}

func (p *jsonParser) syntax(pos int, err error) *SyntaxError {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return p.errAt(int(se.Offset)-1, "invalid JSON: %s", strings.TrimPrefix(se.Error(), "invalid character "))
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return p.errAt(len(p.src), "the JSON ends too early")
	}
	return p.errAt(pos, "invalid JSON: %v", err)
}

// value reads one JSON value into a jnode.
func (p *jsonParser) value(nest int) (*jnode, error) {
	pos := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(pos, err)
	}
	n := &jnode{pos: pos}
	switch v := tok.(type) {
	case json.Delim:
		if v == '}' || v == ']' {
			return nil, p.errAt(pos, "unexpected %q", string(v))
		}
		if nest+1 > p.maxNest {
			return nil, p.errAt(pos, "the filter nests deeper than %d levels", p.maxDepth)
		}
		if v == '{' {
			n.kind = 'o'
			for p.dec.More() {
				kpos := p.start()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.syntax(kpos, err)
				}
				k, _ := kt.(string)
				if n.member(k) != nil {
					return nil, p.errAt(kpos, "duplicate member %s", quote(k))
				}
				val, err := p.value(nest + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, val)
			}
		} else {
			n.kind = 'a'
			for p.dec.More() {
				val, err := p.value(nest + 1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, val)
			}
		}
		epos := p.start()
		if _, err := p.dec.Token(); err != nil {
			return nil, p.syntax(epos, err)
		}
	case string:
		n.kind, n.str = 's', v
	case json.Number:
		n.kind, n.num = 'n', v
	case bool:
		n.kind, n.b = 'b', v
	case nil:
		n.kind = 'z'
	}
	return n, nil
}

// jsonOps maps the lower-cased "op" of a predicate to its arity.
var jsonOps = map[string]int{
	"and": -2, "or": -2, "not": 1, "=": 2, "<>": 2, "<": 2, "<=": 2, ">": 2, ">=": 2,
	"like": 2, "between": 3, "in": 2, "isnull": 1,
}

func (p *jsonParser) depthErr(n *jnode, depth int) error {
	if depth > p.maxDepth {
		return p.errAt(n.pos, "the filter nests deeper than %d levels", p.maxDepth)
	}
	return nil
}

// boolExpr turns a JSON value into a boolean expression.
func (p *jsonParser) boolExpr(n *jnode, depth int) (Expr, error) {
	if err := p.depthErr(n, depth); err != nil {
		return nil, err
	}
	if n.kind == 'b' {
		return Bool(n.b), nil
	}
	if n.kind != 'o' || n.member("op") == nil {
		return nil, p.errAt(n.pos, "expected a predicate ({\"op\": ..., \"args\": [...]}) or a boolean but found %s", n.describe())
	}
	op, args, err := p.opArgs(n)
	if err != nil {
		return nil, err
	}
	lop := strings.ToLower(op)
	if sop, ok := spatialOps[strings.ToUpper(op)]; ok {
		l, r, err := p.binaryArgs(n, args, op, "a geometry (property, GeoJSON or bbox)", depth, func(e Expr) bool {
			switch e.(type) {
			case Property, Geometry:
				return true
			}
			return false
		})
		if err != nil {
			return nil, err
		}
		return SpatialPredicate{Op: sop, Left: l, Right: r}, nil
	}
	if top, ok := temporalOps[strings.ToUpper(op)]; ok {
		l, r, err := p.binaryArgs(n, args, op, "a temporal value (property, date, timestamp or interval)", depth, func(e Expr) bool {
			switch e.(type) {
			case Property, Date, Timestamp, Interval:
				return true
			}
			return false
		})
		if err != nil {
			return nil, err
		}
		return TemporalPredicate{Op: top, Left: l, Right: r}, nil
	}
	arity, ok := jsonOps[lop]
	if !ok {
		return nil, p.errAt(n.member("op").pos, "function or operator %s is not supported", quote(op))
	}
	if arity > 0 && len(args.elems) != arity {
		return nil, p.errAt(args.pos, "%s takes %d arguments, found %d", quote(op), arity, len(args.elems))
	}
	if arity < 0 && len(args.elems) < -arity {
		return nil, p.errAt(args.pos, "%s takes at least %d arguments, found %d", quote(op), -arity, len(args.elems))
	}
	return p.operator(op, args, depth)
}

// operator reads the arguments of a logical, comparison, LIKE, BETWEEN,
// IN or IS NULL operator op whose arity is checked.
func (p *jsonParser) operator(op string, args *jnode, depth int) (Expr, error) {
	a, lop := args.elems, strings.ToLower(op)
	var err error
	scalar := func(i int) (Expr, error) {
		return p.scalar(a[i], depth+1, "as argument "+strconv.Itoa(i+1)+" of "+quote(op))
	}
	switch lop {
	case "and", "or":
		list := make([]Expr, len(a))
		for i, x := range a {
			e, err := p.boolExpr(x, depth+1)
			if err != nil {
				return nil, err
			}
			list[i] = e
		}
		if lop == "and" {
			return And{Args: list}, nil
		}
		return Or{Args: list}, nil
	case "not":
		e, err := p.boolExpr(a[0], depth+1)
		if err != nil {
			return nil, err
		}
		return Not{Expr: e}, nil
	case "like":
		l, err := scalar(0)
		if err != nil {
			return nil, err
		}
		if a[1].kind != 's' {
			if a[1].kind == 'o' && a[1].member("op") != nil {
				return nil, p.errAt(a[1].pos, "function %s is not supported in a LIKE pattern", a[1].member("op").describe())
			}
			return nil, p.errAt(a[1].pos, "expected a string pattern as argument 2 of \"like\" but found %s", a[1].describe())
		}
		return Like{Expr: l, Pattern: String(a[1].str)}, nil
	case "between":
		var v [3]Expr
		for i := range v {
			if v[i], err = scalar(i); err != nil {
				return nil, err
			}
		}
		return Between{Expr: v[0], Low: v[1], High: v[2]}, nil
	case "in":
		l, err := scalar(0)
		if err != nil {
			return nil, err
		}
		if a[1].kind != 'a' || len(a[1].elems) == 0 {
			return nil, p.errAt(a[1].pos, "expected a non-empty array of values as argument 2 of \"in\" but found %s", a[1].describe())
		}
		list := make([]Expr, len(a[1].elems))
		for i, x := range a[1].elems {
			if list[i], err = p.scalar(x, depth+1, "in the list of \"in\""); err != nil {
				return nil, err
			}
		}
		return In{Expr: l, List: list}, nil
	case "isnull":
		e, err := scalar(0)
		if err != nil {
			return nil, err
		}
		return IsNull{Expr: e}, nil
	}
	l, err := scalar(0)
	if err != nil {
		return nil, err
	}
	r, err := scalar(1)
	if err != nil {
		return nil, err
	}
	return Comparison{Op: CompareOp(op), Left: l, Right: r}, nil
}

// opArgs checks a predicate object's members and returns them.
func (p *jsonParser) opArgs(n *jnode) (string, *jnode, error) {
	opn, args := n.member("op"), n.member("args")
	for i, k := range n.keys {
		if k != "op" && k != "args" {
			return "", nil, p.errAt(n.vals[i].pos, "unexpected member %s in a predicate", quote(k))
		}
	}
	if opn.kind != 's' {
		return "", nil, p.errAt(opn.pos, "expected the operator name as a string but found %s", opn.describe())
	}
	if args == nil {
		return "", nil, p.errAt(n.pos, "the predicate %s has no \"args\"", quote(opn.str))
	}
	if args.kind != 'a' {
		return "", nil, p.errAt(args.pos, "expected \"args\" to be an array but found %s", args.describe())
	}
	return opn.str, args, nil
}

func (p *jsonParser) binaryArgs(n *jnode, args *jnode, op, what string, depth int, ok func(Expr) bool) (Expr, Expr, error) {
	if len(args.elems) != 2 {
		return nil, nil, p.errAt(args.pos, "%s takes 2 arguments, found %d", quote(op), len(args.elems))
	}
	var v [2]Expr
	for i, a := range args.elems {
		e, err := p.scalar(a, depth+1, "as argument "+strconv.Itoa(i+1)+" of "+quote(op))
		if err != nil {
			return nil, nil, err
		}
		if !ok(e) {
			return nil, nil, p.errAt(a.pos, "expected %s as argument %d of %s but found %s", what, i+1, quote(op), a.describe())
		}
		v[i] = e
	}
	return v[0], v[1], nil
}

// scalar turns a JSON value into a property or literal.
func (p *jsonParser) scalar(n *jnode, depth int, context string) (Expr, error) {
	if err := p.depthErr(n, depth); err != nil {
		return nil, err
	}
	switch n.kind {
	case 's':
		return String(n.str), nil
	case 'n':
		f, err := strconv.ParseFloat(n.num.String(), 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, p.errAt(n.pos, "the number %s is out of range", n.num.String())
		}
		return Number(f), nil
	case 'b':
		return Bool(n.b), nil
	case 'z':
		return nil, p.errAt(n.pos, "null is not a value %s: use {\"op\":\"isNull\",...} to test for no value", context)
	case 'a':
		return nil, p.errAt(n.pos, "expected a value %s but found an array", context)
	}
	switch {
	case n.member("property") != nil:
		v, err := p.onlyString(n, "property")
		if err != nil {
			return nil, err
		}
		if v.str == "" {
			return nil, p.errAt(v.pos, "expected a property name but found an empty string")
		}
		return Property{Name: v.str}, nil
	case n.member("date") != nil:
		v, err := p.onlyString(n, "date")
		if err != nil {
			return nil, err
		}
		d, ok := parseDate(v.str)
		if !ok {
			return nil, p.errAt(v.pos, "expected a date as YYYY-MM-DD but found %s", quote(v.str))
		}
		return d, nil
	case n.member("timestamp") != nil:
		v, err := p.onlyString(n, "timestamp")
		if err != nil {
			return nil, err
		}
		t, ok := parseTimestamp(v.str)
		if !ok {
			return nil, p.errAt(v.pos, "expected an RFC 3339 timestamp such as \"2021-06-01T12:00:00Z\" but found %s", quote(v.str))
		}
		return t, nil
	case n.member("interval") != nil:
		return p.interval(n, depth)
	case n.member("bbox") != nil && n.member("type") == nil:
		return p.bbox(n)
	case n.member("type") != nil:
		g, err := p.geoJSON(n, depth)
		if err != nil {
			return nil, err
		}
		return Geometry{g}, nil
	case n.member("op") != nil:
		if op := n.member("op"); op.kind == 's' {
			return nil, p.opNotValue(n, op, context)
		}
	}
	return nil, p.errAt(n.pos, "expected a value %s but found %s", context, n.describe())
}

// onlyString returns n's member key, which must be a string and n's only
// member.
func (p *jsonParser) onlyString(n *jnode, key string) (*jnode, error) {
	if err := p.only(n, key); err != nil {
		return nil, err
	}
	v := n.member(key)
	if v.kind != 's' {
		return nil, p.errAt(v.pos, "expected a string for %s but found %s", quote(key), v.describe())
	}
	return v, nil
}

// opNotValue is the error for an operation, op, where a value was
// expected: a predicate, or a function, which the parser does not support.
func (p *jsonParser) opNotValue(n, op *jnode, context string) error {
	if _, isPred := jsonOps[strings.ToLower(op.str)]; isPred {
		return p.errAt(n.pos, "expected a value %s but found the predicate %s", context, quote(op.str))
	}
	if _, ok := spatialOps[strings.ToUpper(op.str)]; ok {
		return p.errAt(n.pos, "expected a value %s but found the predicate %s", context, quote(op.str))
	}
	if _, ok := temporalOps[strings.ToUpper(op.str)]; ok {
		return p.errAt(n.pos, "expected a value %s but found the predicate %s", context, quote(op.str))
	}
	return p.errAt(op.pos, "function %s is not supported", quote(op.str))
}

// only refuses members of n other than key.
func (p *jsonParser) only(n *jnode, key string) error {
	for i, k := range n.keys {
		if k != key {
			return p.errAt(n.vals[i].pos, "unexpected member %s beside %s", quote(k), quote(key))
		}
	}
	return nil
}

// interval reads {"interval": [start, end]}.
func (p *jsonParser) interval(n *jnode, depth int) (Expr, error) {
	if err := p.only(n, "interval"); err != nil {
		return nil, err
	}
	if err := p.depthErr(n, depth+1); err != nil {
		return nil, err
	}
	v := n.member("interval")
	if v.kind != 'a' || len(v.elems) != 2 {
		return nil, p.errAt(v.pos, "expected \"interval\" to be an array of a start and an end but found %s", v.describe())
	}
	var ends [2]Expr
	for i, x := range v.elems {
		switch {
		case x.kind == 's':
			e, ok := parseIntervalString(x.str)
			if !ok {
				return nil, p.errAt(x.pos, "expected a date, an RFC 3339 timestamp or \"..\" in the interval but found %s", quote(x.str))
			}
			ends[i] = e
		case x.kind == 'o' && (x.member("property") != nil || x.member("date") != nil || x.member("timestamp") != nil):
			e, err := p.scalar(x, depth+2, "in the interval")
			if err != nil {
				return nil, err
			}
			ends[i] = e
		default:
			return nil, p.errAt(x.pos, "expected a date, timestamp, \"..\" or property in the interval but found %s", x.describe())
		}
	}
	iv := Interval{Start: ends[0], End: ends[1]}
	if !intervalOrdered(iv) {
		return nil, p.errAt(v.pos, "the interval starts after it ends")
	}
	return iv, nil
}

// bbox reads {"bbox": [numbers]}.
func (p *jsonParser) bbox(n *jnode) (Expr, error) {
	if err := p.only(n, "bbox"); err != nil {
		return nil, err
	}
	v := n.member("bbox")
	if v.kind != 'a' {
		return nil, p.errAt(v.pos, "expected \"bbox\" to be an array of numbers but found %s", v.describe())
	}
	nums := make([]float64, len(v.elems))
	for i, x := range v.elems {
		f, err := p.number(x)
		if err != nil {
			return nil, err
		}
		nums[i] = f
	}
	g, msg := bboxGeometry(nums)
	if msg != "" {
		return nil, p.errAt(v.pos, "%s", msg)
	}
	return Geometry{g}, nil
}

func (p *jsonParser) number(x *jnode) (float64, error) {
	if x.kind != 'n' {
		return 0, p.errAt(x.pos, "expected a number but found %s", x.describe())
	}
	f, err := strconv.ParseFloat(x.num.String(), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, p.errAt(x.pos, "the number %s is out of range", x.num.String())
	}
	return f, nil
}

var geoJSONTypes = []string{"Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"}

// geoJSON turns a GeoJSON geometry object into an orb geometry.
func (p *jsonParser) geoJSON(n *jnode, depth int) (orb.Geometry, error) {
	if err := p.depthErr(n, depth); err != nil {
		return nil, err
	}
	t, c, err := p.geoJSONMembers(n)
	if err != nil {
		return nil, err
	}
	switch t {
	case "Point":
		return p.position(c)
	case "MultiPoint":
		mp := make(orb.MultiPoint, len(c.elems))
		for i, x := range c.elems {
			pt, err := p.position(x)
			if err != nil {
				return nil, err
			}
			mp[i] = pt
		}
		return mp, nil
	case "LineString":
		return p.positions(c, false)
	case "MultiLineString":
		ml := make(orb.MultiLineString, len(c.elems))
		for i, x := range c.elems {
			l, err := p.positions(x, false)
			if err != nil {
				return nil, err
			}
			ml[i] = l
		}
		return ml, nil
	case "Polygon":
		return p.polygon(c)
	case "MultiPolygon":
		mp := make(orb.MultiPolygon, len(c.elems))
		for i, x := range c.elems {
			pg, err := p.polygon(x)
			if err != nil {
				return nil, err
			}
			mp[i] = pg
		}
		return mp, nil
	}
	coll := make(orb.Collection, len(c.elems))
	for i, x := range c.elems {
		if x.kind != 'o' || x.member("type") == nil {
			return nil, p.errAt(x.pos, "expected a GeoJSON geometry in \"geometries\" but found %s", x.describe())
		}
		g, err := p.geoJSON(x, depth+1)
		if err != nil {
			return nil, err
		}
		coll[i] = g
	}
	return coll, nil
}

// geoJSONMembers checks a GeoJSON geometry object's type and members and
// returns its type and its coordinates (geometries of a collection), a
// non-empty array.
func (p *jsonParser) geoJSONMembers(n *jnode) (typ string, coords *jnode, err error) {
	t := n.member("type")
	if t.kind != 's' {
		return "", nil, p.errAt(t.pos, "expected a GeoJSON geometry type but found %s", t.describe())
	}
	valid := false
	for _, k := range geoJSONTypes {
		valid = valid || k == t.str
	}
	if !valid {
		return "", nil, p.errAt(t.pos, "expected a GeoJSON geometry type (%s) but found %s", strings.Join(geoJSONTypes, ", "), quote(t.str))
	}
	member := "coordinates"
	if t.str == "GeometryCollection" {
		member = "geometries"
	}
	for i, k := range n.keys {
		if k != "type" && k != member && k != "bbox" {
			return "", nil, p.errAt(n.vals[i].pos, "unexpected member %s in a GeoJSON %s", quote(k), t.str)
		}
	}
	c := n.member(member)
	if c == nil {
		return "", nil, p.errAt(n.pos, "the GeoJSON %s has no %q", t.str, member)
	}
	if c.kind != 'a' || len(c.elems) == 0 {
		return "", nil, p.errAt(c.pos, "expected %q to be a non-empty array but found %s", member, c.describe())
	}
	return t.str, c, nil
}

func (p *jsonParser) position(x *jnode) (orb.Point, error) {
	if x.kind != 'a' || len(x.elems) < 2 {
		return orb.Point{}, p.errAt(x.pos, "expected a position [lon, lat] but found %s", x.describe())
	}
	if len(x.elems) > 2 {
		return orb.Point{}, p.errAt(x.pos, "only 2D positions [lon, lat] are supported")
	}
	var pt orb.Point
	for i := range pt {
		f, err := p.number(x.elems[i])
		if err != nil {
			return pt, err
		}
		pt[i] = f
	}
	if msg := checkPoint(pt); msg != "" {
		return pt, p.errAt(x.pos, "%s", msg)
	}
	return pt, nil
}

func (p *jsonParser) positions(x *jnode, ring bool) (orb.LineString, error) {
	if x.kind != 'a' {
		return nil, p.errAt(x.pos, "expected an array of positions but found %s", x.describe())
	}
	l := make(orb.LineString, len(x.elems))
	for i, e := range x.elems {
		pt, err := p.position(e)
		if err != nil {
			return nil, err
		}
		l[i] = pt
	}
	if ring {
		if msg := checkRing(orb.Ring(l)); msg != "" {
			return nil, p.errAt(x.pos, "%s", msg)
		}
	} else if len(l) < 2 {
		return nil, p.errAt(x.pos, "a line needs at least 2 positions")
	}
	return l, nil
}

func (p *jsonParser) polygon(x *jnode) (orb.Polygon, error) {
	if x.kind != 'a' || len(x.elems) == 0 {
		return nil, p.errAt(x.pos, "expected an array of rings but found %s", x.describe())
	}
	pg := make(orb.Polygon, len(x.elems))
	for i, r := range x.elems {
		l, err := p.positions(r, true)
		if err != nil {
			return nil, err
		}
		pg[i] = orb.Ring(l)
	}
	return pg, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
