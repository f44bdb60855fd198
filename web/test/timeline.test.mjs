// Tests of the time controls' date arithmetic and the URL's datetime
// parameter (node --test; web/modules_test.go runs them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, addStep, dayDiff, isoDay, parseDatetime, windowLabel } from '../src/timeline.js';

test('addStep', () => {
  const cases = [
    ['2024-01-31', 'day', 1, '2024-02-01'],
    ['2024-01-31', 'week', 1, '2024-02-07'],
    ['2024-01-31', 'month', 1, '2024-02-29'], // leap year: the last day of February
    ['2023-01-31', 'month', 1, '2023-02-28'],
    ['2024-03-15', 'month', 1, '2024-04-15'],
    ['2024-12-15', 'month', 1, '2025-01-15'],
    ['2024-03-31', 'month', -1, '2024-02-29'],
    ['2024-03-10', 'week', -2, '2024-02-25'],
    ['2024-03-10', 'nonsense', 1, '2024-03-11'], // an unknown step is a day
  ];
  for (const [from, step, n, want] of cases) assert.equal(addStep(from, step, n), want, `${from} + ${n} ${step}`);
});

test('dayDiff and addDays', () => {
  assert.equal(dayDiff('2024-02-28', '2024-03-01'), 2);
  assert.equal(dayDiff('2024-03-01', '2024-02-28'), -2);
  assert.equal(addDays('2024-03-31', -30), '2024-03-01');
  // Across a change of summer time: UTC days, no hour lost.
  assert.equal(dayDiff('2024-03-30', '2024-04-01'), 2);
});

test('parseDatetime reads what the API writes, and nothing else', () => {
  const cases = [
    ['2024-03-01/2024-03-31', ['2024-03-01', '2024-03-31']],
    ['2024-03-01/..', ['2024-03-01', '']],
    ['../2024-03-31', ['', '2024-03-31']],
    ['2024-03-05', ['2024-03-05', '2024-03-05']],
    ['2024-03-01T00:00:00Z/2024-03-02T12:00:00Z', ['2024-03-01', '2024-03-02']],
    ['', ['', '']],
    [null, ['', '']],
    ['yesterday/today', ['', '']],
    ['2024-13-45/2024-02-30', ['', '2024-02-30']],
    ['<script>/x', ['', '']],
  ];
  for (const [v, want] of cases) assert.deepEqual(parseDatetime(v), want, String(v));
  assert.equal(isoDay('2024-02-30'), '2024-02-30'); // Date.parse rolls it over; the server answers 400
  assert.equal(isoDay('2024-2-3'), '');
});

test('windowLabel', () => {
  assert.equal(windowLabel('', ''), 'All dates');
  assert.equal(windowLabel('2024-03-01', '2024-03-01'), '2024-03-01');
  assert.equal(windowLabel('2024-03-01', ''), '2024-03-01 – …');
  assert.equal(windowLabel('2024-03-01', '2024-03-07'), '2024-03-01 – 2024-03-07');
});
