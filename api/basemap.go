package api

import "net/http"

// basemapSource answers GET /basemap/source.json: which basemap the page
// draws (embedded, a style URL, or the PMTiles archive at
// /basemap.pmtiles) and what the archive's header says of it.
func (s *Server) basemapSource(w http.ResponseWriter, r *http.Request) error {
	s.cfg.Basemap.ServeSource(w, r)
	return nil
}

// basemapArchive answers GET /basemap.pmtiles: the archive serve
// --basemap named, whole or by byte ranges, for the page's PMTiles reader.
func (s *Server) basemapArchive(w http.ResponseWriter, r *http.Request) error {
	s.cfg.Basemap.ServeArchive(w, r)
	return nil
}
