package incident

// ACLED's event types (codebook 2019 onwards).
const (
	TypeBattles           = "Battles"
	TypeExplosions        = "Explosions/Remote violence"
	TypeViolenceCivilians = "Violence against civilians"
	TypeProtests          = "Protests"
	TypeRiots             = "Riots"
	TypeStrategic         = "Strategic developments"
)

// ACLED's sub-event types.
const (
	SubArmedClash        = "Armed clash"
	SubGovRegains        = "Government regains territory"
	SubNonStateOvertakes = "Non-state actor overtakes territory"

	SubChemical  = "Chemical weapon"
	SubAirStrike = "Air/drone strike"
	SubSuicide   = "Suicide bomb"
	SubShelling  = "Shelling/artillery/missile attack"
	SubIED       = "Remote explosive/landmine/IED"
	SubGrenade   = "Grenade"

	SubSexualViolence = "Sexual violence"
	SubAttack         = "Attack"
	SubAbduction      = "Abduction/forced disappearance"

	SubPeacefulProtest     = "Peaceful protest"
	SubProtestIntervention = "Protest with intervention"
	SubExcessiveForce      = "Excessive force against protesters"

	SubViolentDemonstration = "Violent demonstration"
	SubMobViolence          = "Mob violence"

	SubAgreement          = "Agreement"
	SubArrests            = "Arrests"
	SubChangeToGroup      = "Change to group/activity"
	SubDisruptedWeapons   = "Disrupted weapons use"
	SubHeadquarters       = "Headquarters or base established"
	SubLooting            = "Looting/property destruction"
	SubNonViolentTransfer = "Non-violent transfer of territory"
	SubOtherStrategic     = "Other"
)

// EventType is one of ACLED's six event types with its sub-event types.
type EventType struct {
	Name string `json:"name"`
	// Disorder is ACLED's disorder type: "Political violence",
	// "Demonstrations" or "Strategic developments".
	Disorder string   `json:"disorder_type"`
	Subtypes []string `json:"sub_event_types"`
	// Color is the map legend's colour for the type.
	Color string `json:"color"`
}

// Taxonomy is ACLED's whole codebook in one table: the extractor's
// triggers, the API's queryables and filters and the map legend all read it.
var Taxonomy = []EventType{
	{Name: TypeBattles, Disorder: "Political violence", Color: "#c92a2a",
		Subtypes: []string{SubArmedClash, SubGovRegains, SubNonStateOvertakes}},
	{Name: TypeExplosions, Disorder: "Political violence", Color: "#e8590c",
		Subtypes: []string{SubChemical, SubAirStrike, SubSuicide, SubShelling, SubIED, SubGrenade}},
	{Name: TypeViolenceCivilians, Disorder: "Political violence", Color: "#7048e8",
		Subtypes: []string{SubSexualViolence, SubAttack, SubAbduction}},
	{Name: TypeProtests, Disorder: "Demonstrations", Color: "#1c7ed6",
		Subtypes: []string{SubPeacefulProtest, SubProtestIntervention, SubExcessiveForce}},
	{Name: TypeRiots, Disorder: "Demonstrations", Color: "#f08c00",
		Subtypes: []string{SubViolentDemonstration, SubMobViolence}},
	{Name: TypeStrategic, Disorder: "Strategic developments", Color: "#2f9e44",
		Subtypes: []string{SubAgreement, SubArrests, SubChangeToGroup, SubDisruptedWeapons, SubHeadquarters,
			SubLooting, SubNonViolentTransfer, SubOtherStrategic}},
}

// TypeOf returns the event type a sub-event type belongs to, or "" when
// the name is no sub-event type of the codebook.
func TypeOf(sub string) string {
	for _, t := range Taxonomy {
		for _, s := range t.Subtypes {
			if s == sub {
				return t.Name
			}
		}
	}
	return ""
}

// IsEventType reports whether name is one of the six event types.
func IsEventType(name string) bool {
	for _, t := range Taxonomy {
		if t.Name == name {
			return true
		}
	}
	return false
}

// SubEventTypes lists every sub-event type in codebook order.
func SubEventTypes() []string {
	var out []string
	for _, t := range Taxonomy {
		out = append(out, t.Subtypes...)
	}
	return out
}

// EventTypes lists the six event types in codebook order.
func EventTypes() []string {
	out := make([]string, len(Taxonomy))
	for i, t := range Taxonomy {
		out[i] = t.Name
	}
	return out
}
