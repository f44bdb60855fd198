// The incidentmap map page: a full-screen MapLibre map of the incidents the
// server knows, drawn from its own vector tiles over a basemap it also serves,
// with a side panel of filters, a place search and "download this view" links.
//
// Everything comes from the page's own origin (the CSP allows nothing else):
// no tile server, no fonts, no CDN. MapLibre draws text only from glyph PBFs,
// which we do not serve, so no map layer uses `text-field`: place names and
// cluster counts are HTML labels laid over the map (see LabelOverlay).
//
// For tests and monitoring the page sets <body data-incidents="N"> once the
// incidents are drawn, N being the number of incidents in view that match the
// filters, as the OGC items endpoint counts them (numberMatched for the view's
// bbox and the filters). window.incidentmap exposes the map and a few helpers.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { basemapStyle } from './basemap.js';
import { ADMIN1_ZOOM, breaks, choroplethLayers, classColour, colourExpr, totalsFrom } from './choropleth.js';
import { STEPS, addStep, dayDiff, addDays, parseDatetime, windowLabel } from './timeline.js';

// MapLibre 6 runs its tile parsing in a module worker that it loads by URL;
// build.mjs copies the package's worker next to the bundle and passes its
// hashed path in here.
// eslint-disable-next-line no-undef
maplibregl.setWorkerUrl(new URL(__MAPLIBRE_WORKER_URL__, location.href).href);

// The event types, their colours and sub-event types come from the server's
// GET /taxonomy (ACLED's codebook, the one table its filters and queryables
// read too), so the legend, the type filter and the layer colours cover
// every type the server knows. OTHER_COLOR draws anything else.
const OTHER_COLOR = '#495057';

// Words for the precision codes of the ACLED codebook.
const TIME_PRECISION = {
  1: 'the day is known',
  2: 'within about a week',
  3: 'only the month or longer',
};
const GEO_PRECISION = {
  1: 'the exact place',
  2: 'near the place, or part of a region',
  3: 'somewhere in a region, along a border or in a country',
};

// The interactive incident layers, topmost first: a click picks the first.
const INCIDENT_LAYERS = ['incident-points', 'incident-clusters', 'incident-borders', 'incident-regions'];

const $ = (id) => document.getElementById(id);

/** el makes an element with text content (never HTML) and attributes. */
function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** abs resolves a path against the page, as MapLibre wants absolute URLs. */
const abs = (u, base = location.href) => new URL(u, base).href;

/** debounce delays fn until calls stop for ms milliseconds. */
function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

/** getJSON fetches a JSON document from our server, throwing on HTTP errors. */
async function getJSON(url, { signal } = {}) {
  const resp = await fetch(url, { headers: { Accept: 'application/geo+json, application/json' }, signal });
  if (!resp.ok) {
    let detail = '';
    try {
      detail = (await resp.json()).detail || '';
    } catch {
      // not a problem+json body
    }
    const err = new Error(`${url}: ${resp.status}${detail ? ` ${detail}` : ''}`);
    err.status = resp.status;
    throw err;
  }
  return resp.json();
}

function setStatus(text) {
  $('status').textContent = text;
}

// ---------------------------------------------------------------- filters

/**
 * Filters holds what the panel selects and turns it into the query
 * parameters every incident endpoint shares (datetime, type, actor).
 */
class Filters {
  constructor() {
    this.from = ''; // YYYY-MM-DD or '' for open
    this.to = '';
    this.all = []; // every event type's name, from /taxonomy
    this.types = new Set(); // the checked ones; all checked = no type filter
    this.actor = '';
    this.verifiedOnly = false; // the public view can hide unreviewed incidents
  }

  /** setTypes makes names the event types to choose from, all checked. */
  setTypes(names) {
    this.all = [...names];
    this.types = new Set(names);
  }

  /** none reports whether the filters exclude every incident. */
  none() {
    return this.all.length > 0 && this.types.size === 0;
  }

  /** params returns the filters as URLSearchParams. */
  params() {
    const p = new URLSearchParams();
    if (this.from || this.to) p.set('datetime', `${this.from || '..'}/${this.to || '..'}`);
    if (this.types.size > 0 && this.types.size < this.all.length) p.set('type', [...this.types].join(','));
    if (this.actor) p.set('actor', this.actor);
    if (this.verifiedOnly) p.set('status', 'verified');
    return p;
  }
}

/** withQuery merges params into a URL (or a {z}/{x}/{y} template) as text. */
function withQuery(url, params) {
  const [base, query = ''] = url.split('?', 2);
  const merged = new URLSearchParams(query);
  for (const k of ['datetime', 'type', 'actor', 'bbox', 'status']) merged.delete(k);
  for (const [k, v] of params) merged.set(k, v);
  const q = merged.toString();
  return q ? `${base}?${q}` : base;
}

/** viewBbox returns the view as an OGC bbox the server accepts (no antimeridian crossing). */
function viewBbox(map) {
  const b = map.getBounds();
  let w = b.getWest();
  let e = b.getEast();
  // A view across the antimeridian (or wider than the world) is asked for
  // as the whole longitude range: the server takes no wrapping boxes.
  if (e - w >= 360 || w < -180 || e > 180) {
    w = -180;
    e = 180;
  }
  const s = Math.max(-90, b.getSouth());
  const n = Math.min(90, b.getNorth());
  const r = (v) => Math.round(v * 1e5) / 1e5;
  return [r(w), r(s), r(e), r(n)].join(',');
}

// ------------------------------------------------------------------ style

/** colorBy returns a style expression colouring by an event-type property, one colour per type. */
function colorBy(prop, types) {
  if (types.length === 0) return OTHER_COLOR; // a match needs at least one label
  const m = ['match', ['get', prop]];
  for (const t of types) m.push(t.name, t.color);
  m.push(OTHER_COLOR);
  return m;
}

/**
 * loadTaxonomy reads the event types from GET /taxonomy: each with its
 * name, disorder_type, color and sub_event_types, in codebook order.
 */
async function loadTaxonomy() {
  const doc = await getJSON('/taxonomy');
  const types = Array.isArray(doc.event_types) ? doc.event_types : [];
  return types.filter((t) => t && typeof t.name === 'string' && typeof t.color === 'string');
}

const isPoint = ['==', ['geometry-type'], 'Point'];
const isLine = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];
const isPolygon = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const isCluster = ['to-boolean', ['get', 'cluster']];

/**
 * heatLayer draws the density of incidents: each point weighs one, each
 * cluster (the tiles cluster at low zooms) its count.
 */
function heatLayer() {
  return {
    id: 'incident-heat', type: 'heatmap', source: 'incidents', 'source-layer': 'incidents',
    filter: isPoint, layout: { visibility: 'none' },
    paint: {
      'heatmap-weight': ['case', isCluster, ['to-number', ['get', 'count'], 1], 1],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 0, 0.6, 9, 1.6],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 0, 12, 6, 24, 12, 40],
      'heatmap-opacity': 0.85,
      'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'],
        0, 'rgba(255,255,178,0)', 0.15, '#fecc5c', 0.4, '#fd8d3c', 0.7, '#f03b20', 1, '#bd0026'],
    },
  };
}

/** incidentLayers are the layers drawn from the incidents source, coloured by the event types. */
function incidentLayers(types) {
  const src = { source: 'incidents', 'source-layer': 'incidents' };
  const fatalities = ['coalesce', ['to-number', ['get', 'fatalities']], 0];
  return [
    {
      id: 'incident-regions', type: 'fill', ...src, filter: isPolygon,
      paint: { 'fill-color': colorBy('event_type', types), 'fill-opacity': 0.14 },
    },
    {
      id: 'incident-regions-outline', type: 'line', ...src, filter: isPolygon,
      paint: { 'line-color': colorBy('event_type', types), 'line-width': 1, 'line-opacity': 0.6 },
    },
    {
      id: 'incident-borders', type: 'line', ...src, filter: isLine,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': colorBy('event_type', types), 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 2.5, 10, 6], 'line-opacity': 0.85 },
    },
    {
      // Clusters: sized by how many incidents they hold (their count is an
      // HTML label), coloured by their most frequent type.
      id: 'incident-clusters', type: 'circle', ...src, filter: ['all', isPoint, isCluster],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['to-number', ['get', 'count'], 1], 1, 9, 10, 14, 100, 22, 1000, 32, 10000, 44],
        'circle-color': colorBy('dominant_type', types),
        'circle-opacity': 0.55,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      // Single incidents: the radius grows with the log of the dead, so one
      // massacre does not hide its neighbours; unknown tolls draw smallest.
      id: 'incident-points', type: 'circle', ...src, filter: ['all', isPoint, ['!', isCluster]],
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['ln', ['+', 1, fatalities]], 0, 5, Math.log(11), 9, Math.log(101), 14, Math.log(1001), 20],
        'circle-color': colorBy('event_type', types),
        'circle-opacity': 0.85,
        'circle-stroke-color': ['case', ['has', 'fatalities'], '#ffffff', '#212529'],
        'circle-stroke-width': 1.2,
      },
    },
  ];
}

// ------------------------------------------------------------ HTML labels

/**
 * LabelOverlay draws short texts at map positions as HTML, since the map has
 * no glyphs to draw text with: the names of the largest places in view and
 * the counts of clusters. It picks labels when the map stops moving and only
 * repositions them while it moves.
 */
class LabelOverlay {
  constructor(map) {
    this.map = map;
    this.root = el('div', null, { class: 'labels', 'aria-hidden': 'true' });
    // Right after the canvas, so popups and controls stay above the labels.
    const canvas = map.getCanvasContainer();
    canvas.parentNode.insertBefore(this.root, canvas.nextSibling);
    this.items = []; // {lngLat, node}
    map.on('move', () => this.position());
  }

  /** set replaces the labels: items of {lngLat, text, className}. */
  set(items) {
    this.root.replaceChildren();
    this.items = items.map((it) => {
      const node = el('span', it.text, { class: it.className });
      this.root.appendChild(node);
      return { lngLat: it.lngLat, node };
    });
    this.position();
  }

  position() {
    for (const it of this.items) {
      const p = this.map.project(it.lngLat);
      it.node.style.transform = `translate(${Math.round(p.x)}px, ${Math.round(p.y)}px)`;
    }
  }
}

/** placeLabels picks up to max place names in view, largest first, that do not overlap. */
function placeLabels(map, max = 30) {
  if (!map.getLayer('places')) return [];
  const feats = map.queryRenderedFeatures({ layers: ['places'] });
  feats.sort((a, b) => (a.properties.rank ?? 1e9) - (b.properties.rank ?? 1e9));
  const taken = [];
  const out = [];
  const seen = new Set();
  for (const f of feats) {
    const name = f.properties.name;
    if (!name || seen.has(name) || f.geometry.type !== 'Point') continue;
    const lngLat = f.geometry.coordinates;
    const p = map.project(lngLat);
    // A rough box for the text, to the right of the dot.
    const box = { x0: p.x, y0: p.y - 9, x1: p.x + 7 * name.length + 8, y1: p.y + 9 };
    if (taken.some((t) => box.x0 < t.x1 && box.x1 > t.x0 && box.y0 < t.y1 && box.y1 > t.y0)) continue;
    taken.push(box);
    seen.add(name);
    out.push({ lngLat, text: name, className: 'label place' });
    if (out.length >= max) break;
  }
  return out;
}

/** clusterLabels shows the count of each cluster in view. */
function clusterLabels(map, max = 200) {
  if (!map.getLayer('incident-clusters') || map.getLayoutProperty('incident-clusters', 'visibility') === 'none') return [];
  const out = [];
  const seen = new Set();
  for (const f of map.queryRenderedFeatures({ layers: ['incident-clusters'] })) {
    const key = f.geometry.coordinates.join(',');
    if (seen.has(key)) continue; // the same cluster in two tiles' buffers
    seen.add(key);
    out.push({ lngLat: f.geometry.coordinates, text: String(f.properties.count ?? ''), className: 'label count' });
    if (out.length >= max) break;
  }
  return out;
}

// ------------------------------------------------------------------ popup

/** formatCount renders a casualty number, null meaning the text did not say. */
const formatCount = (n) => (n === null || n === undefined ? 'not reported' : String(n));

/** safeURL returns the URL when it is http(s), else null: source links come from articles. */
function safeURL(u) {
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** row appends a "label: value" line to a definition list. */
function row(dl, label, value) {
  if (value === undefined || value === null || value === '') return;
  dl.append(el('dt', label), el('dd', value));
}

/** incidentContent builds the popup body for a full incident Feature. */
function incidentContent(feature) {
  const p = feature.properties || {};
  const root = el('div', null, { class: 'incident' });
  root.append(el('h3', p.sub_event_type || p.event_type || 'Incident'));
  if (p.sub_event_type && p.event_type) root.append(el('p', p.event_type, { class: 'type' }));

  const dl = el('dl');
  const tp = TIME_PRECISION[p.time_precision];
  row(dl, 'Date', p.event_date ? `${p.event_date}${tp ? ` (${tp})` : ''}` : '');
  const actors = [p.actor1, p.actor2].filter(Boolean).join(' against ');
  row(dl, 'Actors', actors);
  if (p.assoc_actors) row(dl, 'With', Array.isArray(p.assoc_actors) ? p.assoc_actors.join('; ') : p.assoc_actors);
  row(dl, 'Killed', formatCount(p.fatalities));
  row(dl, 'Injured', formatCount(p.injuries));
  const where = [p.location, p.admin1 && p.admin1 !== p.location ? p.admin1 : '', p.country_code].filter(Boolean).join(', ');
  const gp = GEO_PRECISION[p.geo_precision];
  row(dl, 'Where', `${where}${gp ? ` (${gp})` : ''}`);
  root.append(dl);

  if (p.notes) root.append(el('blockquote', p.notes, { class: 'notes' }));

  const sources = Array.isArray(p.sources) ? p.sources : [];
  if (sources.length > 0) {
    const ul = el('ul', null, { class: 'sources' });
    for (const s of sources) {
      const li = el('li');
      const href = safeURL(s.url);
      const title = s.title || s.url || s.id;
      if (href) {
        li.append(el('a', title, { href, target: '_blank', rel: 'noopener noreferrer' }));
      } else {
        li.append(el('span', title));
      }
      if (s.id) {
        li.append(' · ', el('a', 'what was extracted', { href: `/articles/${encodeURIComponent(s.id)}`, target: '_blank', rel: 'noopener' }));
      }
      ul.append(li);
    }
    root.append(el('h4', sources.length === 1 ? 'Source' : 'Sources'), ul);
  }
  return root;
}

/**
 * showIncident opens a popup for an incident and fills it from the items
 * endpoint; review, when given, adds the reviewer's form to the full record
 * (it gets the Feature, its ETag and the body to append to).
 */
async function showIncident(map, popup, id, lngLat, tileProps, review) {
  // Show what the tile knows at once; the full record (notes, actors,
  // sources) follows from /collections/incidents/items/{id}.
  popup.setLngLat(lngLat).setDOMContent(incidentContent({ properties: tileProps })).addTo(map);
  popup.getElement()?.classList.add('loading');
  try {
    const resp = await fetch(`/collections/incidents/items/${encodeURIComponent(id)}?f=json`, {
      headers: { Accept: 'application/geo+json' },
      cache: 'no-cache',
    });
    if (!resp.ok) {
      const err = new Error(`${resp.status}`);
      err.status = resp.status;
      throw err;
    }
    const f = await resp.json();
    const body = incidentContent(f);
    if (review) review(f, resp.headers.get('ETag') || '', body);
    if (popup.isOpen()) popup.setDOMContent(body);
  } catch (err) {
    if (popup.isOpen()) {
      const body = incidentContent({ properties: tileProps });
      body.append(el('p', `Could not load the details: ${err.message}`, { class: 'error' }));
      popup.setDOMContent(body);
    }
  } finally {
    popup.getElement()?.classList.remove('loading');
  }
}

// ----------------------------------------------------------------- review

const REVIEW_STATUSES = ['unreviewed', 'verified', 'rejected'];
const TOKEN_KEY = 'incidentmap.token';

/**
 * sendEdit writes to the server with the reviewer's token and, when given,
 * the ETag the edit was based on; it returns the response body (JSON) or
 * throws an Error whose status is the HTTP status (412: changed since).
 */
async function sendEdit(method, url, token, etag, body, type = 'application/json') {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': type, Accept: 'application/geo+json, application/json' };
  if (etag) headers['If-Match'] = etag;
  const resp = await fetch(url, { method, headers, body: JSON.stringify(body) });
  if (!resp.ok) {
    let detail = '';
    try {
      detail = (await resp.json()).detail || '';
    } catch {
      // not a problem+json body
    }
    const err = new Error(resp.status === 412
      ? 'Someone changed this incident since you opened it: open it again and redo the edit.'
      : `${resp.status}${detail ? ` ${detail}` : ''}`);
    err.status = resp.status;
    throw err;
  }
  return resp.json();
}

/**
 * reviewForm builds the reviewer's form for a Feature: status, sub-event
 * type (its event type follows), date and people killed, saved as one JSON
 * merge patch with If-Match; and the merge controls. app carries the token,
 * the incident marked for a merge and the refresh.
 */
function reviewForm(app, feature, etag) {
  const p = feature.properties || {};
  const id = String(feature.id ?? p.id);
  const form = el('form', null, { class: 'review', 'data-id': id });
  const status = el('select', null, { name: 'status', 'aria-label': 'Review status' });
  for (const st of REVIEW_STATUSES) status.append(el('option', st, { value: st }));
  status.value = p.status || 'unreviewed';
  const sub = el('select', null, { name: 'sub_event_type', 'aria-label': 'Sub-event type' });
  for (const t of app.eventTypes) {
    const group = el('optgroup', null, { label: t.name });
    for (const st of t.sub_event_types || []) group.append(el('option', st, { value: st }));
    sub.append(group);
  }
  sub.value = p.sub_event_type || '';
  const date = el('input', null, { type: 'date', name: 'event_date', 'aria-label': 'Event date' });
  date.value = p.event_date || '';
  const killed = el('input', null, { type: 'number', min: '0', name: 'fatalities', 'aria-label': 'People killed' });
  killed.value = p.fatalities === null || p.fatalities === undefined ? '' : String(p.fatalities);
  const label = (text, input) => {
    const l = el('label', null);
    l.append(el('span', text), input);
    return l;
  };
  const msg = el('p', '', { class: 'review-msg', role: 'status' });
  const save = el('button', 'Save', { type: 'submit' });
  form.append(el('h4', 'Review'), label('Status', status), label('Type', sub), label('Date', date), label('Killed', killed), save);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const patch = {};
    if (status.value !== (p.status || 'unreviewed')) patch.status = status.value;
    if (sub.value && sub.value !== p.sub_event_type) patch.sub_event_type = sub.value;
    if (date.value && date.value !== p.event_date) patch.event_date = date.value;
    const k = killed.value === '' ? null : Number(killed.value);
    if (k !== (p.fatalities ?? null)) patch.fatalities = k;
    if (Object.keys(patch).length === 0) {
      msg.textContent = 'Nothing changed.';
      return;
    }
    save.disabled = true;
    try {
      await sendEdit('PATCH', `/collections/incidents/items/${encodeURIComponent(id)}`, app.token, etag,
        { properties: patch }, 'application/merge-patch+json');
      msg.textContent = 'Saved.';
      form.dataset.saved = 'true';
      app.refresh();
    } catch (err) {
      msg.textContent = err.message;
      msg.classList.add('error');
      form.dataset.error = String(err.status || '');
    } finally {
      save.disabled = false;
    }
  });

  // Merging: mark one incident, then merge it into another from its popup.
  const merge = el('div', null, { class: 'merge' });
  const marked = app.mergeFirst;
  if (marked && marked.id !== id) {
    const into = el('button', `Merge “${marked.label}” into this one`, { type: 'button', class: 'merge-into' });
    into.addEventListener('click', async () => {
      into.disabled = true;
      try {
        await sendEdit('POST', `/collections/incidents/items/${encodeURIComponent(id)}/merge`, app.token, etag,
          { incidents: [marked.id] });
        app.setMergeFirst(null);
        msg.textContent = 'Merged.';
        form.dataset.merged = 'true';
        app.refresh();
      } catch (err) {
        msg.textContent = err.message;
        msg.classList.add('error');
      } finally {
        into.disabled = false;
      }
    });
    merge.append(into);
  }
  const move = el('button', 'Move', { type: 'button', class: 'move', title: 'Drag a marker to the right place' });
  const [lon, lat] = [p.lon, p.lat];
  move.addEventListener('click', () => app.startMove(id, etag, [lon, lat]));
  merge.append(move);
  const mark = el('button', marked?.id === id ? 'Marked for merging' : 'Mark for merging', { type: 'button', class: 'merge-mark' });
  mark.addEventListener('click', () => {
    app.setMergeFirst({ id, label: `${p.sub_event_type || p.event_type || 'Incident'}, ${p.location || ''} ${p.event_date || ''}`.trim() });
    mark.textContent = 'Marked for merging';
  });
  merge.append(mark);
  form.append(merge, msg);
  return form;
}

// ------------------------------------------------------------ the page

/** The map's modes: incidents as points, their density, or regional totals. */
const MODES = ['points', 'heatmap', 'choropleth'];
/** The playback's speeds: steps a second. */
const SPEEDS = ['0.5', '1', '2', '4'];
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** IncidentMap wires the map, the panel and the server together. */
class IncidentMap {
  /** base is the starting style from basemapStyle: {kind, note, style}. */
  constructor(base) {
    this.filters = new Filters();
    this.tileTemplate = null; // the incidents tile URL template from /tiles.json
    this.countSeq = 0;
    this.countedKey = '';
    this.countPromise = Promise.resolve();
    this.extent = null; // [first, last] dates of the data
    this.eventTypes = []; // from /taxonomy: {name, disorder_type, color, sub_event_types}
    this.mode = 'points';
    this.measure = 'incidents'; // what the regional totals count
    this.step = 'week'; // the playback's step and speed
    this.speed = '1';
    this.playing = false;
    this.playToken = 0;
    this.totalsDocs = null; // the /stats answers {country, admin1} for totalsKey
    this.totalsKey = '';
    this.totalsSeq = 0;
    this.totalsPromise = Promise.resolve();
    this.basemapKind = base.kind;
    this.readURL();
    // Reviewer mode: the write token, entered once and kept for the
    // browser tab's session only; the incident marked for a merge.
    this.token = sessionStorage.getItem(TOKEN_KEY) || '';
    this.mergeFirst = null;
    this.moving = null; // {id, etag, marker} while a point is being moved

    this.map = new maplibregl.Map({
      container: 'map',
      style: base.style,
      center: [44, 33],
      zoom: 4,
      maxZoom: 16,
      attributionControl: { compact: true, customAttribution: 'Places: GeoNames (CC BY 4.0), Natural Earth' },
      hash: true, // the view lives in the URL's hash, the filters in its query: a link reproduces both
    });
    document.body.dataset.basemap = base.kind;
    if (base.note) setStatus(base.note);
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl(), 'bottom-right');
    this.popup = new maplibregl.Popup({ maxWidth: '360px', className: 'incident-popup' });
    this.labels = new LabelOverlay(this.map);
    this.fitPanel();
    window.addEventListener('resize', () => this.fitPanel());

    this.buildPanel();
    // The layers' colours need the event types: the incidents are added
    // once both the map and the taxonomy are there.
    this.taxonomy = this.loadTypes();
    this.map.on('load', () => this.loadIncidents());
    this.map.on('moveend', () => this.updateDownloads());
    this.map.on('zoomend', () => { if (this.mode === 'choropleth') this.paintTotals(); });
    this.map.on('idle', () => this.onIdle());
    // When new tiles of the same data come from the cache, MapLibre may not
    // go through another 'idle'; a loaded incidents source is enough to
    // count (count() asks only once per view and filters).
    this.map.on('sourcedata', (e) => {
      if (e.sourceId === 'incidents' && e.isSourceLoaded) this.count();
    });
    this.map.on('click', (e) => this.onClick(e));
    this.map.on('error', (e) => {
      // A missing basemap or tile is worth a line in the console, not a crash.
      console.warn('map:', e.error?.message || e.error);
    });
    for (const layer of INCIDENT_LAYERS) {
      this.map.on('mouseenter', layer, () => { this.map.getCanvas().style.cursor = 'pointer'; });
      this.map.on('mouseleave', layer, () => { this.map.getCanvas().style.cursor = ''; });
    }
    this.loadExtent();
    this.updateDownloads();
  }

  /**
   * readURL takes the filters, the mode and the playback settings from the
   * page's query (the view comes from its hash): datetime, type, actor,
   * mode, measure, step, speed. Unreadable values are ignored.
   */
  readURL() {
    const q = new URLSearchParams(location.search);
    [this.filters.from, this.filters.to] = parseDatetime(q.get('datetime'));
    if (this.filters.from && this.filters.to && this.filters.from > this.filters.to) {
      [this.filters.from, this.filters.to] = [this.filters.to, this.filters.from];
    }
    this.filters.actor = (q.get('actor') || '').trim();
    const types = q.get('type');
    this.pendingTypes = types ? types.split(',').map((t) => t.trim()).filter(Boolean) : null;
    if (MODES.includes(q.get('mode'))) this.mode = q.get('mode');
    if (['incidents', 'fatalities'].includes(q.get('measure'))) this.measure = q.get('measure');
    if (q.get('step') in STEPS) this.step = q.get('step');
    if (SPEEDS.includes(q.get('speed'))) this.speed = q.get('speed');
  }

  /** writeURL puts the filters, the mode and the playback settings in the page's query. */
  writeURL() {
    const q = new URLSearchParams(location.search);
    for (const k of ['datetime', 'type', 'actor', 'mode', 'measure', 'step', 'speed']) q.delete(k);
    for (const [k, v] of this.filters.params()) q.set(k, v);
    if (this.mode !== 'points') q.set('mode', this.mode);
    if (this.measure !== 'incidents') q.set('measure', this.measure);
    if (this.step !== 'week') q.set('step', this.step);
    if (this.speed !== '1') q.set('speed', this.speed);
    const query = q.toString();
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }

  /**
   * fitPanel keeps the map's centre (and fitBounds, flyTo) in the part of
   * the map the panel does not cover.
   */
  fitPanel() {
    const panel = $('panel');
    const wide = window.innerWidth > 640 && !panel.classList.contains('closed');
    this.map.setPadding({ left: wide ? panel.offsetWidth + 10 : 0, top: 0, right: 0, bottom: 0 });
  }

  /** loadTypes fills the legend and the type filter from /taxonomy. */
  async loadTypes() {
    try {
      this.eventTypes = await loadTaxonomy();
    } catch (err) {
      setStatus(`No event types: ${err.message}`);
      return;
    }
    this.filters.setTypes(this.eventTypes.map((t) => t.name));
    if (this.pendingTypes) {
      // A link's types, those the server knows; none known means all.
      const want = new Set(this.pendingTypes);
      const known = this.filters.all.filter((n) => want.has(n));
      if (known.length > 0) this.filters.types = new Set(known);
      this.pendingTypes = null;
    }
    this.buildTypes();
  }

  /** loadIncidents reads /tiles.json and adds the incidents source and layers. */
  async loadIncidents() {
    await this.taxonomy;
    let tj;
    try {
      tj = await getJSON('/tiles.json');
    } catch (err) {
      setStatus(`No incident tiles: ${err.message}`);
      document.body.dataset.tiles = 'missing';
      return;
    }
    const tiles = Array.isArray(tj.tiles) && tj.tiles.length > 0 ? tj.tiles[0] : '/tiles/{z}/{x}/{y}.mvt';
    // Keep the template's path, resolved against the TileJSON's URL, and
    // carry our filters in its query. (String work: URL() would escape {z}.)
    this.tileTemplate = tiles.startsWith('http') ? tiles : `${location.origin}${tiles.startsWith('/') ? '' : '/'}${tiles}`;
    this.map.addSource('incidents', {
      type: 'vector',
      tiles: [this.tileURL()],
      minzoom: tj.minzoom ?? 0,
      maxzoom: tj.maxzoom ?? 16,
      bounds: tj.bounds,
      attribution: tj.attribution,
    });
    // Regional totals sit under the borders (when the basemap draws
    // them), the heatmap and the incidents over everything.
    const under = this.map.getLayer('admin1-lines') ? 'admin1-lines' : undefined;
    for (const layer of choroplethLayers()) this.map.addLayer(layer, under);
    this.map.addLayer(heatLayer());
    for (const layer of incidentLayers(this.eventTypes)) this.map.addLayer(layer);
    document.body.dataset.tiles = 'ok';
    this.setMode(this.mode);
  }

  /**
   * setMode shows the incidents one way: as points (clusters, borders,
   * regions), as a heatmap of their density, or as regional totals from
   * /stats; each with its own legend.
   */
  setMode(mode) {
    this.mode = MODES.includes(mode) ? mode : 'points';
    document.body.dataset.mode = this.mode;
    for (const m of MODES) {
      const r = $(`mode-${m}`);
      if (r) r.checked = m === this.mode;
    }
    $('legend-points').hidden = this.mode !== 'points';
    $('legend-heatmap').hidden = this.mode !== 'heatmap';
    $('legend-choropleth').hidden = this.mode !== 'choropleth';
    this.applyVisibility();
    if (this.mode === 'choropleth') this.loadTotals();
    this.writeURL();
    this.onIdle();
  }

  /** applyVisibility shows the layers of the mode, none when the filters exclude everything. */
  applyVisibility() {
    if (!this.map.getSource('incidents')) return;
    const none = this.filters.none();
    let changed = false;
    const show = (id, on) => {
      const v = on ? 'visible' : 'none';
      if (!this.map.getLayer(id) || (this.map.getLayoutProperty(id, 'visibility') ?? 'visible') === v) return;
      this.map.setLayoutProperty(id, 'visibility', v);
      changed = true;
    };
    for (const layer of incidentLayers(this.eventTypes)) show(layer.id, this.mode === 'points' && !none);
    show('incident-heat', this.mode === 'heatmap' && !none);
    show('choropleth-countries', this.mode === 'choropleth');
    show('choropleth-admin1', this.mode === 'choropleth');
    if (changed) {
      // MapLibre pauses a source while its layers change visibility and,
      // resuming, re-parses the tiles it holds: a tile URL set in the same
      // moment (a filter changed with the mode, or all types unchecked and
      // checked) would be lost and the old tiles drawn. Set it again once
      // the style has updated.
      this.map.once('render', () => this.map.getSource('incidents')?.setTiles([this.tileURL()]));
    }
  }

  /**
   * loadTotals asks /stats for the totals of every country and division
   * under the filters (once per filters), then colours them.
   */
  loadTotals() {
    const p = this.filters.params();
    p.set('interval', 'month');
    const key = p.toString();
    if (key === this.totalsKey) {
      this.paintTotals();
      return this.totalsPromise;
    }
    this.totalsKey = key;
    const seq = ++this.totalsSeq;
    $('choropleth-status').textContent = 'Counting…';
    this.totalsPromise = (async () => {
      let docs = { country: null, admin1: null };
      if (!this.filters.none()) {
        try {
          const [country, admin1] = await Promise.all([
            getJSON(`/stats?group=country&${key}`), getJSON(`/stats?group=admin1&${key}`)]);
          docs = { country, admin1 };
        } catch (err) {
          if (seq === this.totalsSeq) {
            $('choropleth-status').textContent = `Could not count: ${err.message}`;
            this.totalsKey = '';
          }
          return;
        }
      }
      if (seq !== this.totalsSeq) return;
      this.totalsDocs = docs;
      this.paintTotals();
    })();
    return this.totalsPromise;
  }

  /**
   * paintTotals colours the countries and divisions by the chosen measure
   * and draws the legend of the level in view: countries below
   * ADMIN1_ZOOM, divisions from it. <body data-choropleth="N"> says how
   * many regions of that level have a colour.
   */
  paintTotals() {
    if (!this.totalsDocs || !this.map.getLayer('choropleth-countries')) return;
    const level = this.map.getZoom() >= ADMIN1_ZOOM ? 'admin1' : 'country';
    const shown = {};
    for (const [group, layer] of [['country', 'choropleth-countries'], ['admin1', 'choropleth-admin1']]) {
      const totals = totalsFrom(this.totalsDocs[group], group, this.measure);
      const bs = breaks(Math.max(0, ...totals.values()));
      this.map.setPaintProperty(layer, 'fill-color', colourExpr(totals, bs));
      this.map.setFilter(layer, ['all', ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]],
        ['in', ['get', 'code'], ['literal', [...totals.keys()]]]]);
      shown[group] = { totals, bs };
    }
    const { totals, bs } = shown[level];
    const what = this.measure === 'fatalities' ? 'People killed' : 'Incidents';
    $('choropleth-title').textContent = `${what} per ${level === 'admin1' ? 'province (first-level division)' : 'country'}`;
    const list = $('choropleth-classes');
    list.replaceChildren();
    let lo = 1;
    bs.forEach((hi, i) => {
      const li = el('li', null, { 'data-class': String(i) });
      const sw = el('span', null, { class: 'swatch' });
      sw.style.background = classColour(i, bs.length);
      li.append(sw, document.createTextNode(lo === hi ? `${hi.toLocaleString()}` : `${lo.toLocaleString()}–${hi.toLocaleString()}`));
      list.append(li);
      lo = hi + 1;
    });
    const sum = [...totals.values()].reduce((a, b) => a + b, 0);
    $('choropleth-status').textContent = totals.size === 0
      ? 'Nothing to count under these filters.'
      : `${totals.size} ${level === 'admin1' ? 'provinces' : 'countries'}, ${sum.toLocaleString()} in all${level === 'admin1' ? ' (incidents placed only in a country are left out)' : ''}.`;
    document.body.dataset.choropleth = String(totals.size);
    document.body.dataset.choroplethLevel = level;
  }

  /** tileURL is the incidents tile template with the current filters. */
  tileURL() {
    return withQuery(this.tileTemplate, this.filters.params());
  }

  /** applyFilters pushes changed filters to the tiles, the links and the count. */
  applyFilters() {
    const src = this.map.getSource('incidents');
    if (src) {
      src.setTiles([this.tileURL()]);
      this.applyVisibility();
    }
    this.popup.remove();
    this.updateDownloads();
    this.countedKey = ''; // recount at the next idle
    if (this.mode === 'choropleth') this.loadTotals();
    this.writeURL();
    this.map.triggerRepaint();
  }

  /** updateDownloads points the download links at the view and the filters. */
  updateDownloads() {
    const p = this.filters.params();
    p.set('bbox', viewBbox(this.map));
    $('dl-geojson').href = `/export.geojson?${p}`;
    $('dl-gpkg').href = `/export.gpkg?${p}`;
  }

  /** onIdle runs when the map has drawn everything: labels and the incident count. */
  onIdle() {
    this.labels.set([...placeLabels(this.map), ...clusterLabels(this.map)]);
    if (this.map.getSource('incidents') && this.map.isSourceLoaded('incidents')) this.count();
  }

  /**
   * count asks the server how many incidents in view match the filters and
   * publishes it on <body data-incidents>. Only the answer to the latest
   * question is kept, so a slow answer cannot overwrite a newer one.
   */
  count() {
    const p = this.filters.params();
    p.set('bbox', viewBbox(this.map));
    p.set('limit', '1');
    const key = p.toString();
    if (key === this.countedKey) return this.countPromise;
    this.countedKey = key;
    this.countPromise = this.countNow(key);
    return this.countPromise;
  }

  /** countNow asks for the count of one question; only the latest answer is shown. */
  async countNow(key) {
    const seq = ++this.countSeq;
    let n = 0;
    if (!this.filters.none()) {
      try {
        const fc = await getJSON(`/collections/incidents/items?${key}`);
        n = fc.numberMatched ?? (fc.features || []).length;
      } catch (err) {
        if (seq === this.countSeq) {
          $('count').textContent = `Could not count: ${err.message}`;
          this.countedKey = '';
        }
        return;
      }
    }
    if (seq !== this.countSeq) return;
    $('count').textContent = `${n.toLocaleString()} incident${n === 1 ? '' : 's'} in view`;
    document.body.dataset.incidents = String(n);
  }

  /** onClick opens an incident's popup, or zooms into a cluster. */
  onClick(e) {
    const layers = INCIDENT_LAYERS.filter((l) => this.map.getLayer(l));
    if (layers.length === 0) return;
    // A few pixels of slack make small dots and thin lines easy to hit.
    const pad = 4;
    const box = [[e.point.x - pad, e.point.y - pad], [e.point.x + pad, e.point.y + pad]];
    const feats = this.map.queryRenderedFeatures(box, { layers });
    if (feats.length === 0) return;
    feats.sort((a, b) => layers.indexOf(a.layer.id) - layers.indexOf(b.layer.id));
    const f = feats[0];
    if (f.layer.id === 'incident-clusters') {
      this.map.easeTo({ center: f.geometry.coordinates, zoom: Math.min(this.map.getZoom() + 2, 16) });
      return;
    }
    const id = f.properties.id ?? f.id;
    if (id === undefined || id === null) return;
    const lngLat = f.geometry.type === 'Point' ? f.geometry.coordinates : e.lngLat;
    // The popup closes on map clicks; open it after that close has run.
    setTimeout(() => this.openIncident(String(id), lngLat, f.properties), 0);
  }

  /** openIncident shows an incident's popup, with the review form in reviewer mode. */
  openIncident(id, lngLat, tileProps = {}) {
    const review = this.token ? (f, etag, body) => body.append(reviewForm(this, f, etag)) : null;
    return showIncident(this.map, this.popup, id, lngLat, tileProps, review);
  }

  /** setReviewing enters reviewer mode with a token, or leaves it with ''. */
  setReviewing(token) {
    this.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    $('review-form').hidden = Boolean(token);
    $('review-state').hidden = !token;
    document.body.dataset.reviewing = token ? 'true' : 'false';
    if (!token) {
      this.setMergeFirst(null);
      this.stopMove();
    }
    this.popup.remove();
  }

  /** setMergeFirst marks (or, with null, unmarks) the incident to merge into another. */
  setMergeFirst(m) {
    this.mergeFirst = m;
    $('review-merge').textContent = m ? `Marked for merging: ${m.label}. Open the incident it is part of and merge it there.` : '';
  }

  /**
   * startMove puts a draggable marker on an incident's point; Save place
   * writes where it was dragged as the incident's new geometry (a point),
   * with the If-Match of the record it was started from.
   */
  startMove(id, etag, lngLat) {
    this.stopMove();
    this.popup.remove();
    const marker = new maplibregl.Marker({ draggable: true, color: '#d9480f' }).setLngLat(lngLat).addTo(this.map);
    this.moving = { id, etag, marker };
    $('move-msg').textContent = '';
    $('review-move').hidden = false;
    document.body.dataset.moving = id;
  }

  /** stopMove removes the marker of a move, saved or not. */
  stopMove() {
    this.moving?.marker.remove();
    this.moving = null;
    $('review-move').hidden = true;
    delete document.body.dataset.moving;
  }

  /** saveMove writes the marker's place as the incident's geometry. */
  async saveMove() {
    const m = this.moving;
    if (!m) return;
    const { lng, lat } = m.marker.getLngLat();
    const coords = [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
    try {
      await sendEdit('PATCH', `/collections/incidents/items/${encodeURIComponent(m.id)}`, this.token, m.etag,
        { geometry: { type: 'Point', coordinates: coords } }, 'application/merge-patch+json');
      this.stopMove();
      document.body.dataset.moved = m.id;
      this.refresh();
    } catch (err) {
      $('move-msg').textContent = err.message;
    }
  }

  /** refresh redraws the incidents after an edit: new tiles, a new count. */
  refresh() {
    const src = this.map.getSource('incidents');
    if (src) src.setTiles([this.tileURL()]);
    this.countedKey = '';
    this.map.triggerRepaint();
  }

  /** loadExtent reads the data's first and last dates to bound the time controls. */
  async loadExtent() {
    try {
      const c = await getJSON('/collections/incidents?f=json');
      const iv = c.extent?.temporal?.interval?.[0];
      if (!iv || !iv[0] || !iv[1]) return;
      this.extent = [iv[0].slice(0, 10), iv[1].slice(0, 10)];
    } catch (err) {
      setStatus(`No time extent: ${err.message}`);
      return;
    }
    const [first, last] = this.extent;
    const days = dayDiff(first, last);
    for (const id of ['date-from', 'date-to']) {
      $(id).min = first;
      $(id).max = last;
    }
    for (const id of ['slider-from', 'slider-to']) $(id).max = String(days);
    $('date-from').placeholder = first;
    $('date-to').placeholder = last;
    this.showRange();
    $('play').disabled = false;
  }

  /** setRange sets the time filter (ISO days, '' for open) and shows it everywhere. */
  setRange(from, to) {
    if (from && to && from > to) [from, to] = [to, from];
    this.filters.from = from;
    this.filters.to = to;
    this.showRange();
    this.applyFilters();
  }

  /** showRange puts the time filter in the date inputs, the sliders and the window label. */
  showRange() {
    const { from, to } = this.filters;
    $('date-from').value = from;
    $('date-to').value = to;
    if (this.extent) {
      const max = Number($('slider-to').max);
      $('slider-from').value = String(from ? Math.max(0, dayDiff(this.extent[0], from)) : 0);
      $('slider-to').value = String(to ? Math.min(max, dayDiff(this.extent[0], to)) : max);
    }
    $('window').textContent = windowLabel(from, to);
  }

  /**
   * play moves the time window through the data a step at a time (a day,
   * a week or a month), at speed steps a second, each step waiting for
   * the count (and the totals) of the last, until the window passes the
   * newest incident or stop is called. The window keeps its length; with
   * an open end it is one step long, and it starts at the first incident
   * unless it already lies inside the data.
   */
  async play() {
    if (!this.extent || this.playing) return;
    const [first, last] = this.extent;
    let { from, to } = this.filters;
    if (!from || !to || from >= last || to < first) {
      const days = from && to ? dayDiff(from, to) + 1 : STEPS[this.step];
      from = first;
      to = addDays(first, days - 1);
    }
    const token = ++this.playToken;
    this.playing = true;
    document.body.dataset.playing = 'true';
    $('play').textContent = '\u275a\u275a Pause';
    $('play').setAttribute('aria-pressed', 'true');
    this.setRange(from, to);
    while (this.playing && token === this.playToken) {
      await Promise.all([sleep(1000 / Number(this.speed)), this.settled()]);
      if (!this.playing || token !== this.playToken) return;
      const nf = addStep(from, this.step);
      if (nf > last) break;
      from = nf;
      to = addStep(to, this.step);
      this.setRange(from, to);
    }
    if (token === this.playToken) this.stop();
  }

  /** stop ends the playback where it is. */
  stop() {
    if (!this.playing) return;
    this.playing = false;
    this.playToken++;
    delete document.body.dataset.playing;
    $('play').textContent = '\u25b6 Play';
    $('play').setAttribute('aria-pressed', 'false');
  }

  /** settled resolves once the count (and in choropleth mode the totals) of the filters are in. */
  async settled() {
    // The count runs on the map's idle; ask at once instead of waiting.
    await Promise.all([this.count(), this.mode === 'choropleth' ? this.loadTotals() : null]);
  }

  /**
   * buildTypes fills the event-type filter (one checkbox each) and the
   * legend from the taxonomy; a type's sub-event types are its tooltip.
   */
  buildTypes() {
    const types = $('types');
    const legend = $('legend');
    types.replaceChildren();
    legend.replaceChildren();
    for (const t of this.eventTypes) {
      const subs = Array.isArray(t.sub_event_types) ? t.sub_event_types.join('; ') : '';
      const box = el('input', null, { type: 'checkbox', value: t.name });
      box.checked = this.filters.types.has(t.name);
      box.addEventListener('change', () => {
        if (box.checked) this.filters.types.add(t.name);
        else this.filters.types.delete(t.name);
        this.applyFilters();
      });
      const swatch = el('span', null, { class: 'swatch' });
      swatch.style.background = t.color;
      const label = el('label', null, { class: 'type', title: subs });
      label.append(box, swatch, document.createTextNode(t.name));
      types.append(label);
      const li = el('li', null, { 'data-type': t.name, title: subs });
      li.append(swatch.cloneNode(), document.createTextNode(t.name));
      legend.append(li);
    }
  }

  /** buildPanel fills the side panel and listens to its controls. */
  buildPanel() {
    // Review: the token, once a session; the public view may hide unreviewed incidents.
    $('review-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const token = $('review-token').value.trim();
      $('review-token').value = '';
      if (token) this.setReviewing(token);
    });
    $('review-stop').addEventListener('click', () => this.setReviewing(''));
    $('move-save').addEventListener('click', () => this.saveMove());
    $('move-cancel').addEventListener('click', () => this.stopMove());
    $('review-form').hidden = Boolean(this.token);
    $('review-state').hidden = !this.token;
    document.body.dataset.reviewing = this.token ? 'true' : 'false';
    $('verified-only').addEventListener('change', (e) => {
      this.filters.verifiedOnly = e.target.checked;
      this.applyFilters();
    });

    // Actor: a substring of actor1, actor2 or associated actors.
    $('actor').addEventListener('input', debounce((e) => {
      this.filters.actor = e.target.value.trim();
      this.applyFilters();
    }, 400));

    // Time: date inputs and sliders (days since the first incident) stay in step.
    const fromSlider = $('slider-from');
    const toSlider = $('slider-to');
    const fromDate = $('date-from');
    const toDate = $('date-to');
    const userRange = (from, to) => {
      this.stop();
      this.setRange(from, to);
    };
    fromDate.addEventListener('change', () => userRange(fromDate.value, toDate.value));
    toDate.addEventListener('change', () => userRange(fromDate.value, toDate.value));
    const onSlide = debounce(() => {
      if (!this.extent) return;
      const a = addDays(this.extent[0], Number(fromSlider.value));
      const b = addDays(this.extent[0], Number(toSlider.value));
      userRange(Number(fromSlider.value) === 0 ? '' : a, toSlider.value === toSlider.max ? '' : b);
    }, 250);
    fromSlider.addEventListener('input', onSlide);
    toSlider.addEventListener('input', onSlide);
    $('time-reset').addEventListener('click', () => userRange('', ''));
    // Quick ranges: the last day, week or month of the data (an archive's
    // last days, not an empty map; for live feeds that is today).
    for (const b of document.querySelectorAll('#quick-ranges button[data-days]')) {
      b.addEventListener('click', () => {
        if (!this.extent) return;
        const days = Number(b.dataset.days);
        const last = this.extent[1];
        userRange(addDays(last, 1 - days), last);
      });
    }
    // Playback: the window moves a step at a time through the data.
    $('play').addEventListener('click', () => (this.playing ? this.stop() : this.play()));
    $('play-step').value = this.step;
    $('play-speed').value = this.speed;
    $('play-step').addEventListener('change', (e) => { this.step = e.target.value in STEPS ? e.target.value : 'week'; this.writeURL(); });
    $('play-speed').addEventListener('change', (e) => { this.speed = SPEEDS.includes(e.target.value) ? e.target.value : '1'; this.writeURL(); });
    this.showRange();

    // What the map shows: points, heatmap or regional totals.
    for (const m of MODES) $(`mode-${m}`).addEventListener('change', (e) => { if (e.target.checked) this.setMode(m); });
    $('measure').value = this.measure;
    $('measure').addEventListener('change', (e) => {
      this.measure = e.target.value === 'fatalities' ? 'fatalities' : 'incidents';
      this.paintTotals();
      this.writeURL();
    });
    $('actor').value = this.filters.actor;

    // Place search, backed by the gazetteer.
    const results = $('search-results');
    let searchAbort = null;
    const search = async (q) => {
      searchAbort?.abort();
      if (q.length < 2) {
        results.replaceChildren();
        return;
      }
      searchAbort = new AbortController();
      try {
        const fc = await getJSON(`/places?${new URLSearchParams({ q, limit: '8' })}`, { signal: searchAbort.signal });
        this.showResults(fc.features || []);
      } catch (err) {
        if (err.name !== 'AbortError') results.replaceChildren(el('li', `Search failed: ${err.message}`, { class: 'error' }));
      }
    };
    const input = $('search');
    input.addEventListener('input', debounce(() => search(input.value.trim()), 250));
    $('search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      search(input.value.trim()).then(() => results.querySelector('button')?.click());
    });

    // The panel folds away on small screens.
    $('panel-toggle').addEventListener('click', () => {
      const panel = $('panel');
      const open = panel.classList.toggle('closed') === false;
      $('panel-toggle').setAttribute('aria-expanded', String(open));
      $('panel-toggle').textContent = open ? '\u2715' : '\u2630';
      this.fitPanel();
    });
  }

  /** showResults lists place search results; a click flies to the place. */
  showResults(features) {
    const results = $('search-results');
    if (features.length === 0) {
      results.replaceChildren(el('li', 'No place found', { class: 'empty' }));
      return;
    }
    results.replaceChildren(...features.map((f) => {
      const p = f.properties || {};
      const li = el('li');
      const btn = el('button', null, { type: 'button' });
      btn.append(el('strong', p.name || p.id));
      const meta = [p.kind, p.admin1, p.country_code].filter(Boolean).join(', ');
      if (meta) btn.append(el('span', ` ${meta}`, { class: 'meta' }));
      btn.addEventListener('click', () => this.flyToPlace(f));
      li.append(btn);
      return li;
    }));
  }

  /** flyToPlace frames a place: its bbox or geometry's bounds, or its point. */
  flyToPlace(f) {
    const b = f.bbox || geometryBounds(f.geometry);
    if (b && (b[2] - b[0] > 0.01 || b[3] - b[1] > 0.01)) {
      this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, maxZoom: 12 });
      return;
    }
    const p = f.properties || {};
    const center = b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : [p.lon, p.lat];
    this.map.flyTo({ center, zoom: 10 });
  }
}

/** geometryBounds returns [w, s, e, n] of a GeoJSON geometry, or null. */
function geometryBounds(g) {
  if (!g) return null;
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x, y) => {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  };
  const walk = (c) => {
    if (typeof c[0] === 'number') add(c[0], c[1]);
    else for (const x of c) walk(x);
  };
  if (g.type === 'GeometryCollection') {
    for (const part of g.geometries || []) {
      const pb = geometryBounds(part);
      if (pb) {
        add(pb[0], pb[1]);
        add(pb[2], pb[3]);
      }
    }
  } else if (g.coordinates) {
    walk(g.coordinates);
  }
  return Number.isFinite(b[0]) ? b : null;
}

/**
 * loadSources shows the followed feeds from GET /sources: how many, and
 * which are failing or stale (failing for a day), so a feed that silently
 * stopped is seen on the map page. The section stays hidden without feeds.
 */
async function loadSources() {
  let doc;
  try {
    doc = await getJSON('/sources');
  } catch {
    return; // a store without sources, or reads guarded by a token
  }
  const sources = Array.isArray(doc.sources) ? doc.sources : [];
  if (sources.length === 0) return;
  const bad = sources.filter((s) => s.state === 'stale' || s.state === 'failing');
  const stale = bad.filter((s) => s.state === 'stale').length;
  $('feeds-summary').textContent =
    `${sources.length} feed${sources.length === 1 ? '' : 's'} followed` +
    (bad.length ? `, ${bad.length} failing (${stale} stale)` : ', all well');
  const list = $('feeds-stale');
  list.replaceChildren();
  for (const s of bad) {
    const li = el('li', null, { class: `feed-${s.state}`, title: s.last_error || '' });
    li.append(el('strong', s.state), ' ', el('span', s.name || s.url));
    if (s.last_error) li.append(el('br'), el('small', s.last_error));
    list.append(li);
  }
  $('feeds').hidden = false;
  document.body.dataset.staleFeeds = String(stale);
}

// The basemap (the embedded one, a street archive or a style URL) decides
// the starting style, so it is asked for first.
const app = new IncidentMap(await basemapStyle(getJSON, abs));
loadSources();
// For tests and debugging: the map (e.g. map.project([lon, lat])) and the filters.
window.incidentmap = { map: app.map, filters: app.filters, app, maplibregl };
