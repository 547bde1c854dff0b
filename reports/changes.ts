/**
 * What changed since the last run: a cell this run measured whose verdict moved, or whose figure moved beyond
 * what a noisy machine moves it. Figures are compared as data, by the one rule of lib/evidence/evidence.ts
 * (sameFigure: numbers within a quarter of the larger or within 0.5, lists and records element by element,
 * text equal), so only moves a learner would act on are listed (4.1 → 2.0 rounds, 1 → 5 connections,
 * [MISS, HIT] → [MISS, MISS]).
 */
import { sameFigure } from '../lib/evidence/evidence.js';
import { type Cell, cellText, type Shown } from './matrix-model.js';

/** Whether two cells say the same: the same verdict and, passed, the same figure; otherwise the same text. */
export function sameShown(a: Shown, b: Shown): boolean {
  if (a.verdict !== b.verdict) return false;
  return a.verdict === 'passed'
    ? sameFigure(a.figure, b.figure) && (a.figure !== undefined || a.text === b.text)
    : a.text === b.text;
}

/** What the cell showed before, if it moved since the last run; undefined if it did not (or is new). */
export function movedFrom(cell: Cell): string | undefined {
  const previous = cell.previous;
  if (!previous || previous.verdict === 'interrupted' || cell.verdict === 'interrupted') return undefined;
  if (previous.verdict !== cell.verdict) return `${previous.verdict}: ${cellText(previous)}`;
  return sameShown(previous, cell) ? undefined : cellText(previous);
}
