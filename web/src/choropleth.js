// Regional totals: GET /stats counts the incidents (or sums the dead) of
// each country and first-level division under the page's filters, and the
// gazetteer basemap's country and division polygons are coloured by those
// totals: countries below zoom 4, divisions from zoom 4 (where the
// basemap starts drawing them). The legend gives each colour's range.

/** The colours of the classes, light to dark. */
export const RAMP = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

/** The zoom from which divisions replace countries. */
export const ADMIN1_ZOOM = 4;

const isPolygon = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const NONE = 'rgba(0,0,0,0)';

/** choroplethLayers are the two fill layers, empty until set. */
export function choroplethLayers() {
  const paint = { 'fill-color': NONE, 'fill-opacity': 0.78, 'fill-outline-color': 'rgba(90,20,20,0.5)' };
  return [
    {
      id: 'choropleth-countries', type: 'fill', source: 'basemap', 'source-layer': 'countries',
      maxzoom: ADMIN1_ZOOM, filter: ['all', isPolygon, ['in', ['get', 'code'], ['literal', []]]],
      layout: { visibility: 'none' }, paint: { ...paint },
    },
    {
      id: 'choropleth-admin1', type: 'fill', source: 'basemap', 'source-layer': 'admin1',
      minzoom: ADMIN1_ZOOM, filter: ['all', isPolygon, ['in', ['get', 'code'], ['literal', []]]],
      layout: { visibility: 'none' }, paint: { ...paint },
    },
  ];
}

/**
 * breaks returns the upper bounds of up to RAMP.length classes for values
 * from 1 to max, spaced geometrically (totals are skewed: one city's war
 * beside a hundred quiet districts), each a whole number above the last;
 * small totals get a class each.
 */
export function breaks(max) {
  if (!(max >= 1)) return [];
  const k = RAMP.length;
  if (max <= k) return Array.from({ length: Math.floor(max) }, (_, i) => i + 1);
  const out = [];
  for (let i = 1; i <= k; i++) {
    const b = i === k ? max : Math.ceil(max ** (i / k));
    if (out.length === 0 || b > out[out.length - 1]) out.push(b);
  }
  return out;
}

/** classOf returns the class index of v for upper bounds bs. */
export function classOf(v, bs) {
  for (let i = 0; i < bs.length; i++) if (v <= bs[i]) return i;
  return bs.length - 1;
}

/**
 * classColour is the colour of class i of n: spread over the whole ramp,
 * so two classes are light and dark, and one alone is mid-ramp.
 */
export function classColour(i, n) {
  if (n <= 1) return RAMP[Math.floor(RAMP.length / 2)];
  return RAMP[Math.round((i * (RAMP.length - 1)) / (n - 1))];
}

/** colourExpr colours features by their `code` from totals (a Map code -> value). */
export function colourExpr(totals, bs) {
  if (totals.size === 0) return NONE;
  const m = ['match', ['get', 'code']];
  for (const [code, v] of totals) m.push(code, classColour(classOf(v, bs), bs.length));
  m.push(NONE);
  return m;
}

/**
 * totalsFrom reads a /stats document into a Map code -> value, code being
 * the country or the division code, value incidents or fatalities.
 */
export function totalsFrom(doc, group, measure) {
  const out = new Map();
  for (const g of Array.isArray(doc?.groups) ? doc.groups : []) {
    const code = group === 'admin1' ? g.admin1 : g.country_code;
    const v = Number(g[measure]) || 0;
    if (code && v > 0) out.set(code, (out.get(code) || 0) + v);
  }
  return out;
}
