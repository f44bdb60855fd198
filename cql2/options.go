package cql2

// Options bounds what the parsers accept. Zero fields take the defaults.
type Options struct {
	// MaxLength is the longest input in bytes (default DefaultMaxLength).
	MaxLength int
	// MaxDepth is the deepest nesting (default DefaultMaxDepth): every
	// parenthesis, NOT, AND/OR group, predicate, interval and geometry
	// collection counts one level. JSON may nest arrays and objects up to
	// 4*MaxDepth+16 levels, enough for any expression within MaxDepth.
	MaxDepth int
}

// The default limits.
const (
	DefaultMaxLength = 16 << 10
	DefaultMaxDepth  = 32
)

func (o Options) withDefaults() Options {
	if o.MaxLength <= 0 {
		o.MaxLength = DefaultMaxLength
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	return o
}
