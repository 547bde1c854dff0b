// Unit: a figure as data (lib/evidence/evidence.ts): how a spec records its key figure and its id, the one
// formatter every report uses, and the one rule for "the same figure".
import { expect, test } from '@playwright/test';
import { Evidence, formatItem, keyFigure, sameFigure, sameValue } from '../lib/evidence/evidence.js';

test('a key figure keeps its unit and id as data; a later key takes both over', () => {
  const evidence = new Evidence();
  evidence.record('wall time', 1.0188, 's');
  evidence.key('measured rounds', 2.04, { unit: 'rounds', id: 'rounds' });
  expect(keyFigure(evidence.items)).toEqual({ name: 'measured rounds', value: 2.04, unit: 'rounds', id: 'rounds' });
  evidence.key('TCP connections', 5, 'connections');
  expect(keyFigure(evidence.items)).toEqual({ name: 'TCP connections', value: 5, unit: 'connections' });
  expect(evidence.items.filter((i) => i.key || i.id)).toHaveLength(1);
  evidence.key('next request', 200, { id: 'next-request' });
  expect(keyFigure(evidence.items)).toEqual({ name: 'next request', value: 200, id: 'next-request' });
});

test('one formatter: two decimals, a unit said for exactly one, lists in brackets, records as key: value', () => {
  expect(formatItem({ value: 2.0399, unit: 'rounds' })).toBe('2.04 rounds');
  expect(formatItem({ value: 1, unit: 'processes' })).toBe('1 process');
  expect(formatItem({ value: 4, unit: 'processes' })).toBe('4 processes');
  expect(formatItem({ value: 1, unit: 's' })).toBe('1 s');
  expect(formatItem({ value: ['MISS', 'HIT'] })).toBe('[MISS, HIT]');
  expect(formatItem({ value: { '22': 403, '443': 200 } })).toBe('22: 403, 443: 200');
  expect(formatItem({ value: 'no response (ECONNREFUSED)' })).toBe('no response (ECONNREFUSED)');
  expect(formatItem({ value: null })).toBe('null');
});

test('the same figure: numbers within a quarter of the larger or within 0.5', () => {
  expect(sameValue(1.02, 1.04)).toBe(true);
  expect(sameValue(0.01, 0.02)).toBe(true);
  expect(sameValue(6.0, 6.4)).toBe(true);
  expect(sameValue(8, 9)).toBe(true);
  expect(sameValue(0.0, 0.5)).toBe(true);
  expect(sameValue(0.0, 0.51)).toBe(false);
  expect(sameValue(4.1, 2.0)).toBe(false);
  expect(sameValue(1, 5)).toBe(false);
  expect(sameValue(2, 3)).toBe(false);
  expect(sameValue(100, 75)).toBe(true);
  expect(sameValue(100, 74)).toBe(false);
  expect(sameValue(-4, -3)).toBe(true);
});

test('the same figure: lists and records element by element, text the same words and whole numbers', () => {
  expect(sameValue(['MISS', 'HIT'], ['MISS', 'HIT'])).toBe(true);
  expect(sameValue(['MISS', 'HIT'], ['MISS', 'MISS'])).toBe(false);
  expect(sameValue(['MISS', 'HIT'], ['MISS', 'HIT', 'HIT'])).toBe(false);
  expect(sameValue([1.02, 4], [1.04, 4])).toBe(true);
  expect(sameValue([1, 4], [1, 8])).toBe(false);
  expect(sameValue({ a: 10, b: 'x' }, { a: 11, b: 'x' })).toBe(true);
  expect(sameValue({ a: 10, b: 'x' }, { a: 10, b: 'y' })).toBe(false);
  expect(sameValue({ a: 10 }, { a: 10, b: 1 })).toBe(false);
  expect(sameValue({ a: 10 }, { b: 10 })).toBe(false);
  // A time written into text moves within the spread; a status or a count in it does not.
  expect(sameValue('500 after 5.0 s', '500 after 4.3 s')).toBe(true);
  expect(sameValue('500 after 5.0 s', '500 after 9.0 s')).toBe(false);
  expect(sameValue('400 after 5.0 s', '431 after 5.0 s')).toBe(false);
  expect(sameValue('1 of 20', '2 of 20')).toBe(false);
  expect(sameValue('cut after 4.5 s', '500 after 4.5 s')).toBe(false);
  expect(sameValue('nginx', 'nginx')).toBe(true);
  expect(sameValue(431, '431')).toBe(false);
  expect(sameValue(['1'], { 0: '1' })).toBe(false);
  expect(sameValue(true, true)).toBe(true);
  expect(sameValue(null, 0)).toBe(false);
});

test('two figures are the same only in the same unit; no figure is the same as no figure only', () => {
  expect(sameFigure({ value: 1.02, unit: 'rounds' }, { value: 1.04, unit: 'rounds' })).toBe(true);
  expect(sameFigure({ value: 1, unit: 's' }, { value: 1, unit: 'rounds' })).toBe(false);
  expect(sameFigure({ value: 1 }, { value: 1, unit: 's' })).toBe(false);
  expect(sameFigure(undefined, undefined)).toBe(true);
  expect(sameFigure({ value: 1 }, undefined)).toBe(false);
});
