// Package gazetteer knows the world's places and finds them in text.
//
// It loads the embedded world gazetteer (countries and their borders,
// first-level divisions, populated places, airports and air bases, built from
// GeoNames, Natural Earth, OurAirports and world-countries), extends it with
// GeoNames dumps a user imports, indexes every name, tags place mentions in
// news text, resolves each to one place and turns spatial expressions
// ("the Iraq-Syria border", "20 km north of Erbil", "northern Syria") into
// real geometries.
package gazetteer
