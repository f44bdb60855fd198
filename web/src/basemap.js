// The basemap under the incidents. By default it is the server's own
// gazetteer basemap (countries, first-level divisions, towns), which works
// offline. `incidentmap serve --basemap` can name instead:
//
//   - a local PMTiles archive, which the server hands out at
//     /basemap.pmtiles with HTTP Range requests; the pmtiles package reads
//     it here (header, directories, tiles) and MapLibre draws its layers
//     under the gazetteer's borders, styled by their usual names
//     (Protomaps, OpenMapTiles and Shortbread schemas; anything else gets
//     a plain fill or line);
//   - a MapLibre style URL, whose layers replace the gazetteer's drawing.
//
// GET /basemap/source.json says which. Either way the gazetteer source stays
// in the style: the regional totals colour its countries and divisions.
import * as maplibregl from 'maplibre-gl';
import { PMTiles, Protocol } from 'pmtiles';

/** The layers of the gazetteer basemap and the source they read. */
const isPoint = ['==', ['geometry-type'], 'Point'];
const isLine = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];
const isPolygon = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];

/** gazetteerSource is the server's own basemap, as a style source. */
export const gazetteerSource = (abs) => ({ type: 'vector', url: abs('/basemap.json') });

/** gazetteerLayers draws the embedded basemap; withLand=false leaves land to a street basemap. */
export function gazetteerLayers({ land = true } = {}) {
  const layers = [
    { id: 'sea', type: 'background', paint: { 'background-color': '#c9dde8' } },
    {
      id: 'countries-fill', type: 'fill', source: 'basemap', 'source-layer': 'countries',
      filter: isPolygon, paint: { 'fill-color': '#f6f3ec' },
    },
    {
      id: 'admin1-lines', type: 'line', source: 'basemap', 'source-layer': 'admin1',
      filter: isLine, minzoom: 4.5,
      paint: { 'line-color': '#cbc1b5', 'line-width': 0.6, 'line-dasharray': [3, 2] },
    },
    {
      id: 'countries-lines', type: 'line', source: 'basemap', 'source-layer': 'countries',
      filter: isLine, paint: { 'line-color': '#85796f', 'line-width': ['interpolate', ['linear'], ['zoom'], 1, 0.7, 8, 1.8] },
    },
    {
      id: 'places', type: 'circle', source: 'basemap', 'source-layer': 'places',
      filter: isPoint,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 2, 1.5, 10, 3],
        'circle-color': '#343a40',
        'circle-opacity': 0.7,
      },
    },
  ];
  return land ? layers : layers.filter((l) => l.id !== 'countries-fill');
}

// How the street layers of the common schemas are drawn, by source-layer
// name: a role decides the paint.
const ROLES = {
  earth: 'land', land: 'land',
  landuse: 'landuse', landcover: 'landuse', park: 'landuse', natural: 'landuse', land_use: 'landuse', sites: 'landuse',
  water: 'water', water_polygons: 'water', ocean: 'water', water_lines: 'waterway', waterway: 'waterway',
  buildings: 'building', building: 'building',
  roads: 'road', transportation: 'road', streets: 'road', street: 'road', road: 'road', highway: 'road',
  street_polygons: 'landuse', bridges: 'road',
  boundaries: 'boundary', boundary: 'boundary',
  aeroway: 'landuse', transit: 'rail', railway: 'rail',
};

// A road is major when its kind or class says so (Protomaps `kind`,
// OpenMapTiles `class`, Shortbread `kind`).
const MAJOR = ['highway', 'major_road', 'motorway', 'trunk', 'primary', 'secondary', 'motorway_link', 'trunk_link'];
const isMajor = ['in', ['coalesce', ['get', 'kind'], ['get', 'class'], ''], ['literal', MAJOR]];
const roadWidth = (minor, major) => ['interpolate', ['exponential', 1.6], ['zoom'],
  10, ['case', isMajor, major[0], minor[0]],
  14, ['case', isMajor, major[1], minor[1]],
  18, ['case', isMajor, major[2], minor[2]]];

/** streetLayers styles the vector layers of a street archive, each by its role. */
export function streetLayers(vectorLayers, source = 'streets') {
  const out = [];
  const known = vectorLayers.filter((l) => l && typeof l.id === 'string');
  // Areas first, then water, buildings, then lines: in the order a map is painted.
  const order = ['land', 'landuse', 'water', 'building', 'other', 'waterway', 'rail', 'road', 'boundary'];
  const role = (id) => ROLES[id] || 'other';
  known.sort((a, b) => order.indexOf(role(a.id)) - order.indexOf(role(b.id)));
  for (const l of known) {
    const base = { source, 'source-layer': l.id };
    const id = `streets-${l.id}`;
    switch (role(l.id)) {
      case 'land':
        out.push({ id: `${id}-fill`, type: 'fill', ...base, filter: isPolygon, paint: { 'fill-color': '#f2efe9' } });
        break;
      case 'landuse':
        out.push({ id: `${id}-fill`, type: 'fill', ...base, filter: isPolygon, paint: { 'fill-color': '#dfe8d0', 'fill-opacity': 0.6 } });
        break;
      case 'water':
        out.push({ id: `${id}-fill`, type: 'fill', ...base, filter: isPolygon, paint: { 'fill-color': '#aad3df' } });
        out.push({ id: `${id}-line`, type: 'line', ...base, filter: isLine, paint: { 'line-color': '#aad3df', 'line-width': 1.2 } });
        break;
      case 'waterway':
        out.push({ id: `${id}-line`, type: 'line', ...base, filter: isLine, paint: { 'line-color': '#aad3df', 'line-width': 1.2 } });
        break;
      case 'building':
        out.push({ id: `${id}-fill`, type: 'fill', ...base, filter: isPolygon, minzoom: 13, paint: { 'fill-color': '#d9d0c9', 'fill-outline-color': '#c3b8ae' } });
        break;
      case 'rail':
        out.push({ id: `${id}-line`, type: 'line', ...base, filter: isLine, paint: { 'line-color': '#a7a19b', 'line-width': 1, 'line-dasharray': [3, 3] } });
        break;
      case 'road':
        // A grey casing under a white street, wider for major roads.
        out.push({
          id: `${id}-casing`, type: 'line', ...base, filter: isLine,
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': '#b9b2aa', 'line-width': roadWidth([0.8, 4, 14], [1.6, 7, 22]) },
        });
        out.push({
          id: `${id}-line`, type: 'line', ...base, filter: isLine,
          layout: { 'line-cap': 'round', 'line-join': 'round' },
          paint: { 'line-color': ['case', isMajor, '#fde9b4', '#ffffff'], 'line-width': roadWidth([0.4, 2.8, 11], [1, 5.5, 18]) },
        });
        break;
      case 'boundary':
        out.push({ id: `${id}-line`, type: 'line', ...base, filter: isLine, paint: { 'line-color': '#9e9cab', 'line-width': 1, 'line-dasharray': [4, 2] } });
        break;
      default:
        out.push({ id: `${id}-fill`, type: 'fill', ...base, filter: isPolygon, paint: { 'fill-color': '#e6e1da', 'fill-opacity': 0.5 } });
        out.push({ id: `${id}-line`, type: 'line', ...base, filter: isLine, paint: { 'line-color': '#c2bab1', 'line-width': 0.8 } });
    }
  }
  return out;
}

let protocolAdded = false;

/**
 * basemapStyle returns the map's starting style for the server's basemap:
 * the gazetteer's, the street archive's under the gazetteer's borders, or
 * the style at a URL with the gazetteer source added. Whatever fails
 * (no answer, an archive it cannot read, a style server out of reach)
 * falls back to the gazetteer basemap, with the reason in `note`.
 */
export async function basemapStyle(getJSON, abs) {
  const embedded = (note = '') => ({
    kind: 'embedded', note,
    style: { version: 8, sources: { basemap: gazetteerSource(abs) }, layers: gazetteerLayers() },
  });
  let src;
  try {
    src = await getJSON('/basemap/source.json');
  } catch {
    return embedded(); // an older server: the embedded basemap
  }
  if (src.kind === 'pmtiles' && typeof src.url === 'string') {
    try {
      return await pmtilesStyle(src, abs);
    } catch (err) {
      return embedded(`The street basemap could not be read (${err.message}); showing the built-in one.`);
    }
  }
  if (src.kind === 'style' && typeof src.url === 'string') {
    try {
      const style = await getJSON(src.url);
      if (!style || style.version !== 8 || !Array.isArray(style.layers)) throw new Error('not a MapLibre style');
      style.sources = { ...style.sources, basemap: gazetteerSource(abs) };
      return { kind: 'style', note: '', style };
    } catch (err) {
      return embedded(`The basemap style is out of reach (${err.message}); showing the built-in one.`);
    }
  }
  return embedded();
}

/** pmtilesStyle reads the archive's metadata and styles its layers. */
async function pmtilesStyle(src, abs) {
  const protocol = new Protocol();
  if (!protocolAdded) {
    maplibregl.addProtocol('pmtiles', protocol.tile);
    protocolAdded = true;
  }
  const url = abs(src.url);
  const archive = new PMTiles(url);
  protocol.add(archive);
  const header = await archive.getHeader();
  const meta = (await archive.getMetadata()) || {};
  const attribution = typeof meta.attribution === 'string' ? meta.attribution : '';
  const style = { version: 8, sources: { basemap: gazetteerSource(abs) }, layers: [] };
  const gaz = gazetteerLayers();
  // Sea and the gazetteer's land first (the archive may cover one city),
  // the archive's layers over them, the borders and towns on top.
  const [sea, land, ...rest] = gaz;
  style.layers.push(sea, land);
  if (header.tileType === 1) {
    style.sources.streets = {
      type: 'vector', url: `pmtiles://${url}`, attribution,
    };
    const vl = Array.isArray(meta.vector_layers) ? meta.vector_layers : [];
    style.layers.push(...streetLayers(vl));
  } else {
    style.sources.streets = { type: 'raster', url: `pmtiles://${url}`, tileSize: 256, attribution };
    style.layers.push({ id: 'streets-raster', type: 'raster', source: 'streets' });
  }
  style.layers.push(...rest);
  return { kind: 'pmtiles', note: '', style, name: meta.name || src.name || '' };
}
