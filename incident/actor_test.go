package incident

import (
	"maps"
	"testing"
)

// TestReadHomes: the home countries of the groups a text names and the
// default homes it implies, read in one pass.
func TestReadHomes(t *testing.T) {
	tests := []struct {
		name, text       string
		groups, defaults map[string]float64
	}{
		{"a group by one word", "Houthi fighters shelled Qarnat.", map[string]float64{"YE": 0.5}, nil},
		{"a group by two words", "Boko Haram raided Zqarta at night.", map[string]float64{"NG": 0.5}, nil},
		{"a group before a holding suffix", "Shells hit a YPG-held village.", map[string]float64{"SY": 0.5}, nil},
		{"named twice, capped at two", "Houthis, Houthis, Houthis, Houthis and Houthis again.", map[string]float64{"YE": 2}, nil},
		{"a default home by two words", "Regime forces shelled the town.", nil, map[string]float64{"SY": 0.5}},
		{"a default home of two countries", "Islamic State fighters attacked a post.", nil, map[string]float64{"SY": 0.5, "IQ": 0.5}},
		{"IS in capitals is the group", "IS fighters attacked a post.", nil, map[string]float64{"SY": 0.5, "IQ": 0.5}},
		{"is in lower case is a verb", "What is fighters' pay?", nil, nil},
		{"both tables from one text", "Hezbollah and regime troops took the hill.", map[string]float64{"LB": 0.5}, map[string]float64{"SY": 0.5}},
		{"a group with no home", "Wagner contractors left the base.", nil, nil},
		{"a nation's forces that fight at home", "Syrian helicopters dropped barrel bombs.", nil, map[string]float64{"SY": 0.5}},
		{"the first of two nations' forces", "Iraqi or coalition forces raided the farm.", nil, map[string]float64{"IQ": 0.5}},
		{"a nation's adjective before no force", "Syrian refugees crossed the border.", nil, nil},
		{"nothing", "Rain fell on the market.", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups, defaults := readHomes(tokenize(tt.text))
			if !maps.Equal(groups, tt.groups) || !maps.Equal(defaults, tt.defaults) {
				t.Errorf("homes %v, defaults %v; want %v, %v", groups, defaults, tt.groups, tt.defaults)
			}
		})
	}
}
