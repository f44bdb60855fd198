package cql2

import (
	"fmt"
	"strings"
)

// Type is the type of a queryable's values. The names match store.ColumnType.
type Type string

// The queryable types.
const (
	TypeString    Type = "string"
	TypeInteger   Type = "integer"
	TypeNumber    Type = "number"
	TypeBoolean   Type = "boolean"
	TypeDate      Type = "date"
	TypeTimestamp Type = "timestamp"
	TypeGeometry  Type = "geometry"
)

// Queryable is a property filters may use.
type Queryable struct {
	// Column is, for the SQL stores' translation (store/internal/sqlquery),
	// the trusted SQL expression for the property, e.g. "i.event_type"; it
	// is written into SQL as is. Validate does not use it.
	Column string
	// Type is the type of the column's values.
	Type Type
}

// Queryables maps property names to queryables. The temporal queryable
// "event_date" may also be called "datetime", as OGC API - Features does.
type Queryables map[string]Queryable

// Lookup finds a property, honouring the datetime alias.
func (q Queryables) Lookup(name string) (Queryable, bool) {
	if c, ok := q[name]; ok {
		return c, true
	}
	if name == "datetime" {
		c, ok := q["event_date"]
		return c, ok
	}
	return Queryable{}, false
}

func (q Queryables) unknown(name string) error {
	names := sortedKeys(q)
	if _, ok := q["event_date"]; ok {
		if _, ok := q["datetime"]; !ok {
			names = append(names, "datetime")
		}
	}
	return &ValidationError{Property: name, Msg: fmt.Sprintf("unknown property %s: the queryables are %s",
		quote(name), strings.Join(names, ", "))}
}

// class is the broad kind of a value for type checks.
type class string

const (
	cString   class = "a string"
	cNumber   class = "a number"
	cBoolean  class = "a boolean"
	cTemporal class = "a date or timestamp"
	cGeometry class = "a geometry"
	cInterval class = "an interval"
)

func typeClass(t Type) class {
	switch t {
	case TypeString:
		return cString
	case TypeInteger, TypeNumber:
		return cNumber
	case TypeBoolean:
		return cBoolean
	case TypeDate, TypeTimestamp:
		return cTemporal
	case TypeGeometry:
		return cGeometry
	}
	return ""
}

// Validate checks that every property of e is a queryable of q and that
// every literal has the type of what it is compared with.
func Validate(e Expr, q Queryables) error {
	v := validator{q: q}
	return v.boolean(e)
}

type validator struct{ q Queryables }

// operand describes a value: its class and, for a property, its name.
type operand struct {
	c    class
	prop string
	typ  Type
}

func (o operand) String() string {
	if o.prop != "" {
		return fmt.Sprintf("property %s (%s)", quote(o.prop), o.typ)
	}
	return string(o.c)
}

func (v validator) value(e Expr) (operand, error) {
	switch x := e.(type) {
	case Property:
		c, ok := v.q.Lookup(x.Name)
		if !ok {
			return operand{}, v.q.unknown(x.Name)
		}
		cl := typeClass(c.Type)
		if cl == "" {
			return operand{}, &ValidationError{Property: x.Name, Msg: fmt.Sprintf("property %s has unsupported type %q", quote(x.Name), c.Type)}
		}
		return operand{c: cl, prop: x.Name, typ: c.Type}, nil
	case String:
		return operand{c: cString}, nil
	case Number:
		return operand{c: cNumber}, nil
	case Bool:
		return operand{c: cBoolean}, nil
	case Date, Timestamp:
		return operand{c: cTemporal}, nil
	case Geometry:
		if x.Geometry == nil {
			return operand{}, &ValidationError{Msg: "empty geometry literal"}
		}
		return operand{c: cGeometry}, nil
	case Interval:
		for _, end := range []Expr{x.Start, x.End} {
			if end == nil {
				continue
			}
			o, err := v.value(end)
			if err != nil {
				return operand{}, err
			}
			if o.c != cTemporal {
				return operand{}, mismatch(o, "an interval end, which must be a date or timestamp")
			}
		}
		return operand{c: cInterval}, nil
	case nil:
		return operand{}, &ValidationError{Msg: "missing value"}
	}
	return operand{}, &ValidationError{Msg: fmt.Sprintf("expected a value but found a %T predicate", e)}
}

func mismatch(o operand, want string) error {
	return &ValidationError{Property: o.prop, Msg: fmt.Sprintf("%s cannot be used as %s", o, want)}
}

// same checks that b fits a (or a fits b) and both are of an allowed class.
func (v validator) same(what string, allowed []class, exprs ...Expr) error {
	ops := make([]operand, len(exprs))
	for i, e := range exprs {
		o, err := v.value(e)
		if err != nil {
			return err
		}
		ops[i] = o
	}
	ok := false
	for _, c := range allowed {
		ok = ok || ops[0].c == c
	}
	if !ok {
		names := make([]string, len(allowed))
		for i, c := range allowed {
			names[i] = string(c)
		}
		return mismatch(ops[0], "the subject of "+what+", which needs "+strings.Join(names, " or "))
	}
	for _, o := range ops[1:] {
		if o.c != ops[0].c {
			if ops[0].prop != "" && o.prop == "" {
				return &ValidationError{Property: ops[0].prop, Msg: fmt.Sprintf("%s is compared with %s in %s: %s",
					ops[0], o.c, what, hint(ops[0]))}
			}
			return &ValidationError{Property: o.prop, Msg: fmt.Sprintf("%s and %s cannot be compared in %s", ops[0], o, what)}
		}
	}
	return nil
}

// hint says how to write a literal for a property's type.
func hint(o operand) string {
	switch o.c {
	case cString:
		return "use a quoted string such as 'text'"
	case cNumber:
		return "use a number such as 3 or 2.5"
	case cBoolean:
		return "use TRUE or FALSE"
	case cTemporal:
		return "use DATE('2021-06-01') or TIMESTAMP('2021-06-01T12:00:00Z')"
	case cGeometry:
		return "use a spatial function such as S_INTERSECTS with a WKT geometry or BBOX"
	}
	return "use a literal of the property's type"
}

var scalarClasses = []class{cString, cNumber, cBoolean, cTemporal}

func (v validator) boolean(e Expr) error {
	switch x := e.(type) {
	case And:
		return v.all(x.Args)
	case Or:
		return v.all(x.Args)
	case Not:
		return v.boolean(x.Expr)
	case Bool:
		return nil
	case Comparison:
		switch x.Op {
		case OpEq, OpNe, OpLt, OpLe, OpGt, OpGe:
		default:
			return &ValidationError{Msg: fmt.Sprintf("unknown comparison operator %s", quote(string(x.Op)))}
		}
		return v.same("'"+string(x.Op)+"'", scalarClasses, x.Left, x.Right)
	case Like:
		return v.same("LIKE", []class{cString}, x.Expr, x.Pattern)
	case In:
		if len(x.List) == 0 {
			return &ValidationError{Msg: "IN needs at least one value"}
		}
		return v.same("IN", scalarClasses, append([]Expr{x.Expr}, x.List...)...)
	case Between:
		return v.same("BETWEEN", []class{cNumber, cTemporal}, x.Expr, x.Low, x.High)
	case IsNull:
		o, err := v.value(x.Expr)
		if err != nil {
			return err
		}
		if o.c == cInterval {
			return mismatch(o, "the subject of IS NULL")
		}
		return nil
	case SpatialPredicate:
		if _, ok := spatialOps[string(x.Op)]; !ok {
			return &ValidationError{Msg: fmt.Sprintf("unknown spatial function %s", quote(string(x.Op)))}
		}
		for _, a := range []Expr{x.Left, x.Right} {
			o, err := v.value(a)
			if err != nil {
				return err
			}
			if o.c != cGeometry {
				return mismatch(o, "an argument of "+string(x.Op)+", which needs a geometry")
			}
		}
		return nil
	case TemporalPredicate:
		if _, ok := temporalOps[string(x.Op)]; !ok {
			return &ValidationError{Msg: fmt.Sprintf("unknown temporal function %s", quote(string(x.Op)))}
		}
		for _, a := range []Expr{x.Left, x.Right} {
			o, err := v.value(a)
			if err != nil {
				return err
			}
			if o.c != cTemporal && o.c != cInterval {
				return mismatch(o, "an argument of "+string(x.Op)+", which needs a date, timestamp or interval")
			}
		}
		return nil
	case nil:
		return &ValidationError{Msg: "empty filter"}
	}
	o, err := v.value(e)
	if err != nil {
		return err
	}
	return mismatch(o, "a condition on its own")
}

func (v validator) all(args []Expr) error {
	if len(args) == 0 {
		return &ValidationError{Msg: "AND/OR needs arguments"}
	}
	for _, a := range args {
		if err := v.boolean(a); err != nil {
			return err
		}
	}
	return nil
}
