package cql2

import (
	"time"

	"github.com/paulmach/orb"
)

// Expr is a node of a parsed CQL2 expression; the node types in this file
// are the only implementations.
type Expr interface {
	cql2Expr()
}

// And is true when all of its Args are (at least two).
type And struct {
	Args []Expr
}

// Or is true when any of its Args is (at least two).
type Or struct {
	Args []Expr
}

// Not negates Expr.
type Not struct {
	Expr Expr
}

// CompareOp is a binary comparison operator.
type CompareOp string

// The comparison operators of CQL2.
const (
	OpEq CompareOp = "="
	OpNe CompareOp = "<>"
	OpLt CompareOp = "<"
	OpLe CompareOp = "<="
	OpGt CompareOp = ">"
	OpGe CompareOp = ">="
)

// Comparison compares two scalar values.
type Comparison struct {
	Op          CompareOp
	Left, Right Expr
}

// Like matches a character value against a pattern in which % stands for
// any run of characters, _ for one character and \ escapes the next one.
type Like struct {
	Expr    Expr
	Pattern String
	Not     bool
}

// In is true when Expr equals one of List.
type In struct {
	Expr Expr
	List []Expr
	Not  bool
}

// Between is true when Low <= Expr <= High.
type Between struct {
	Expr, Low, High Expr
	Not             bool
}

// IsNull is true when Expr has no value.
type IsNull struct {
	Expr Expr
	Not  bool
}

// Property names a queryable of the collection.
type Property struct {
	Name string
}

// String is a character literal.
type String string

// Number is a numeric literal.
type Number float64

// Bool is a boolean literal; it is also a boolean expression on its own.
type Bool bool

// Date is a calendar day, DATE('YYYY-MM-DD'); Time is 00:00 UTC of it.
type Date struct {
	Time time.Time
}

// Timestamp is an instant, TIMESTAMP('RFC 3339'); Time is in UTC.
type Timestamp struct {
	Time time.Time
}

// Interval is INTERVAL(start, end). Start and End are each a Date, a
// Timestamp, a Property or nil for an open end ("..").
type Interval struct {
	Start, End Expr
}

// Geometry is a geometry literal in WGS84 lon/lat: a WKT or GeoJSON
// geometry, or an orb.Bound for BBOX (an orb.MultiPolygon of two boxes
// when the BBOX crosses the antimeridian).
type Geometry struct {
	orb.Geometry
}

// SpatialOp is a spatial comparison function.
type SpatialOp string

// The spatial comparison functions of CQL2.
const (
	SIntersects SpatialOp = "S_INTERSECTS"
	SWithin     SpatialOp = "S_WITHIN"
	SContains   SpatialOp = "S_CONTAINS"
	SDisjoint   SpatialOp = "S_DISJOINT"
	SEquals     SpatialOp = "S_EQUALS"
	STouches    SpatialOp = "S_TOUCHES"
	SCrosses    SpatialOp = "S_CROSSES"
	SOverlaps   SpatialOp = "S_OVERLAPS"
)

// SpatialPredicate relates two geometries (a property or a literal each).
type SpatialPredicate struct {
	Op          SpatialOp
	Left, Right Expr
}

// TemporalOp is a temporal comparison function.
type TemporalOp string

// The temporal comparison functions of CQL2.
const (
	TAfter        TemporalOp = "T_AFTER"
	TBefore       TemporalOp = "T_BEFORE"
	TContains     TemporalOp = "T_CONTAINS"
	TDisjoint     TemporalOp = "T_DISJOINT"
	TDuring       TemporalOp = "T_DURING"
	TEquals       TemporalOp = "T_EQUALS"
	TFinishedBy   TemporalOp = "T_FINISHEDBY"
	TFinishes     TemporalOp = "T_FINISHES"
	TIntersects   TemporalOp = "T_INTERSECTS"
	TMeets        TemporalOp = "T_MEETS"
	TMetBy        TemporalOp = "T_METBY"
	TOverlappedBy TemporalOp = "T_OVERLAPPEDBY"
	TOverlaps     TemporalOp = "T_OVERLAPS"
	TStartedBy    TemporalOp = "T_STARTEDBY"
	TStarts       TemporalOp = "T_STARTS"
)

// TemporalPredicate relates two instants or intervals.
type TemporalPredicate struct {
	Op          TemporalOp
	Left, Right Expr
}

func (And) cql2Expr()               {}
func (Or) cql2Expr()                {}
func (Not) cql2Expr()               {}
func (Comparison) cql2Expr()        {}
func (Like) cql2Expr()              {}
func (In) cql2Expr()                {}
func (Between) cql2Expr()           {}
func (IsNull) cql2Expr()            {}
func (Property) cql2Expr()          {}
func (String) cql2Expr()            {}
func (Number) cql2Expr()            {}
func (Bool) cql2Expr()              {}
func (Date) cql2Expr()              {}
func (Timestamp) cql2Expr()         {}
func (Interval) cql2Expr()          {}
func (Geometry) cql2Expr()          {}
func (SpatialPredicate) cql2Expr()  {}
func (TemporalPredicate) cql2Expr() {}

var spatialOps = map[string]SpatialOp{}
var temporalOps = map[string]TemporalOp{}

func init() {
	for _, op := range []SpatialOp{SIntersects, SWithin, SContains, SDisjoint, SEquals, STouches, SCrosses, SOverlaps} {
		spatialOps[string(op)] = op
	}
	for _, op := range []TemporalOp{TAfter, TBefore, TContains, TDisjoint, TDuring, TEquals, TFinishedBy,
		TFinishes, TIntersects, TMeets, TMetBy, TOverlappedBy, TOverlaps, TStartedBy, TStarts} {
		temporalOps[string(op)] = op
	}
}

// isBoolean reports whether e is a boolean-valued node.
func isBoolean(e Expr) bool {
	switch e.(type) {
	case And, Or, Not, Comparison, Like, In, Between, IsNull, Bool, SpatialPredicate, TemporalPredicate:
		return true
	}
	return false
}
