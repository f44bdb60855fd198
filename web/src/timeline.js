// Dates for the time controls: ISO calendar days (YYYY-MM-DD, UTC), the
// steps the playback moves by, and the page URL's datetime parameter.

/** STEPS are the playback's steps: their names and the window a step suggests, in days. */
export const STEPS = { day: 1, week: 7, month: 30 };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** dayDiff counts days from one ISO date to another. */
export function dayDiff(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/** addDays returns the ISO date n days after an ISO date. */
export function addDays(a, n) {
  return new Date(Date.parse(`${a}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
}

/** addStep moves an ISO date n steps on; a month step keeps the day of the month where it can. */
export function addStep(a, step, n = 1) {
  if (step !== 'month') return addDays(a, n * (STEPS[step] || 1));
  const d = new Date(`${a}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

/** isoDay returns the day of an ISO date or RFC 3339 instant, or '' when it is neither. */
export function isoDay(v) {
  const d = String(v || '').slice(0, 10);
  return ISO_DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ? d : '';
}

/**
 * parseDatetime reads the datetime parameter as the API writes it
 * ("2024-03-01/2024-03-31", ".." or nothing for an open end, or one day)
 * into [from, to] days, '' for an open end or anything unreadable.
 */
export function parseDatetime(v) {
  if (!v) return ['', ''];
  const [a, b = a] = String(v).split('/', 2);
  return [isoDay(a), isoDay(b)];
}

/** windowLabel words a window of days for the panel. */
export function windowLabel(from, to) {
  if (!from && !to) return 'All dates';
  if (from && to && from === to) return from;
  return `${from || '…'} – ${to || '…'}`;
}
