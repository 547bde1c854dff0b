/**
 * What changed since the last run: a cell this run measured whose verdict moved, or whose figure moved beyond
 * what a noisy machine moves it. Figures are compared as text with their numbers taken out, and then number
 * by number: two numbers are the same finding when they differ by at most a quarter of the larger one, or by
 * at most 0.5 (0.01 s and 0.02 s; 1.02 and 1.04 rounds; 6.0 s and 6.4 s), so only moves a learner would act on
 * are listed (4.1 → 2.0 rounds, 1 → 5 connections, [MISS, HIT] → [MISS, MISS]).
 */
import type { Cell } from './matrix-model.js';

const number = /-?\d+(?:\.\d+)?/g;

export function sameWithinSpread(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.25 * Math.max(Math.abs(a), Math.abs(b)), 0.5);
}

/** Whether two figures say the same: the same words, and every number within the spread of its counterpart. */
export function sameFigureText(before: string, after: string): boolean {
  if (before === after) return true;
  if (before.replace(number, '#') !== after.replace(number, '#')) return false;
  const a = before.match(number) ?? [];
  const b = after.match(number) ?? [];
  return a.every((value, i) => sameWithinSpread(Number(value), Number(b[i])));
}

/** The previous value of a cell that moved since the last run, or undefined if it did not (or is new). */
export function movedFrom(cell: Cell): string | undefined {
  const previous = cell.previous;
  if (!previous || previous.verdict === 'interrupted' || cell.verdict === 'interrupted') return undefined;
  if (previous.verdict !== cell.verdict) return `${previous.verdict}: ${previous.headline}`;
  return sameFigureText(previous.headline, cell.headline) ? undefined : previous.headline;
}
