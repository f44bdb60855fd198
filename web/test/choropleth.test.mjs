// Tests of the regional totals' classes and colours (node --test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RAMP, breaks, classColour, classOf, colourExpr, totalsFrom } from '../src/choropleth.js';

test('breaks: a class each up to five, then geometric', () => {
  assert.deepEqual(breaks(0), []);
  assert.deepEqual(breaks(1), [1]);
  assert.deepEqual(breaks(3), [1, 2, 3]);
  assert.deepEqual(breaks(5), [1, 2, 3, 4, 5]);
  assert.deepEqual(breaks(6), [2, 3, 5, 6]); // 6^(3/5) rounds up to 3 again: one class fewer
  const big = breaks(10000);
  assert.equal(big.length, RAMP.length);
  assert.equal(big[big.length - 1], 10000);
  for (let i = 1; i < big.length; i++) assert.ok(big[i] > big[i - 1], `${big} increases`);
  assert.deepEqual(big, [7, 40, 252, 1585, 10000]);
});

test('classOf and classColour', () => {
  const bs = [7, 40, 252, 1585, 10000];
  assert.equal(classOf(1, bs), 0);
  assert.equal(classOf(7, bs), 0);
  assert.equal(classOf(8, bs), 1);
  assert.equal(classOf(10000, bs), 4);
  assert.equal(classOf(20000, bs), 4);
  assert.equal(classColour(0, 1), RAMP[2]);
  assert.equal(classColour(0, 2), RAMP[0]);
  assert.equal(classColour(1, 2), RAMP[4]);
  assert.equal(classColour(4, 5), RAMP[4]);
});

test('totalsFrom and colourExpr', () => {
  const doc = {
    groups: [
      { country_code: 'IQ', admin1: 'IQ-AN', incidents: 3, fatalities: 10 },
      { country_code: 'IQ', admin1: '', incidents: 2, fatalities: 0 },
      { country_code: 'SY', admin1: 'SY-HL', incidents: 1, fatalities: null },
    ],
  };
  assert.deepEqual([...totalsFrom(doc, 'country', 'incidents')], [['IQ', 5], ['SY', 1]]);
  assert.deepEqual([...totalsFrom(doc, 'admin1', 'incidents')], [['IQ-AN', 3], ['SY-HL', 1]]);
  assert.deepEqual([...totalsFrom(doc, 'admin1', 'fatalities')], [['IQ-AN', 10]]);
  assert.deepEqual([...totalsFrom({}, 'country', 'incidents')], []);
  const totals = totalsFrom(doc, 'country', 'incidents');
  const e = colourExpr(totals, breaks(5));
  assert.deepEqual(e.slice(0, 2), ['match', ['get', 'code']]);
  assert.equal(e[2], 'IQ');
  assert.equal(e[3], RAMP[4]);
  assert.equal(e[4], 'SY');
  assert.equal(e[5], RAMP[0]);
  assert.equal(colourExpr(new Map(), []), 'rgba(0,0,0,0)');
});
