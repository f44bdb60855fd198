package gazetteer

import "github.com/paulmach/orb"

// Role says whether a mention may be where something happened.
type Role string

// The roles of a place mention.
const (
	// RoleIncident marks a place that may be where an event happened.
	RoleIncident Role = "incident"
	// RoleMention marks a place only mentioned: a demonym, the place someone
	// spoke or met, a capital standing for its government.
	RoleMention Role = "mention"
)

// Mention is one place named in a text, resolved to one place.
type Mention struct {
	// Text is the mention as written; Start and End are offsets in Unicode
	// code points into the text, End exclusive.
	Text       string `json:"text"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
	ByteStart  int    `json:"-"`
	ByteEnd    int    `json:"-"`
	Place      *Place `json:"-"`
	Role       Role   `json:"role"`
	Confidence float64
	// Precision is 1 for the exact place, 2 for near it, part of it or a
	// district, 3 for a province or wider region, a border or a country.
	Precision int
	// Demonym marks adjectives and demonyms ("Iraqi", "Iran-backed"): tied to
	// a country, never an incident location by themselves.
	Demonym bool
	// Modifier names the spatial expression that shaped the place: "near",
	// "border", "part", "offset", "airport", "division" or "".
	Modifier string
	// Sentence is the index of the sentence the mention is in.
	Sentence int
	// Candidates is how many places the name could have meant.
	Candidates int
	// Variant marks a name met as a spelling variant of the place's names
	// ("Haweeja" for Al Hawijah), not as the gazetteer spells any of them.
	Variant bool `json:"-"`
	// Embedded marks a place named inside an organisation's name ("Quds
	// Force", "Turkestan Islamic Party"): it names the group, not where
	// the group is.
	Embedded bool `json:"-"`
}

// Geometry returns the mention's geometry: the resolved (or derived) place's.
func (m *Mention) Geometry() orb.Geometry { return m.Place.Geometry() }
