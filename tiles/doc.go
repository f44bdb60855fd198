// Package tiles serves incidents and a gazetteer basemap as Mapbox Vector
// Tiles 2.1: tile math and parsing, an in-memory index that answers a tile
// over a million incidents in milliseconds (points clustered on a pixel grid
// below a zoom, lines and polygons simplified and clipped) and its lifecycle
// (Live: built on demand, rebuilt when the data's version changes), an LRU
// of encoded tiles, a basemap of the gazetteer, and the TileJSON 3.0.0
// document that describes the layers.
//
// Coordinates inside the package are Web Mercator "world" coordinates with
// 32 bits per axis (0 is the west / north edge), so a tile at zoom z with
// extent 4096 maps a world coordinate to a tile coordinate with one shift for
// every zoom up to 20. A pixel, in Options, is 1/256 of a tile side (16 units
// of the 4096 extent), the classic 256-pixel tile.
package tiles
