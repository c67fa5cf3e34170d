/**
 * Money is integer fen. Fee rates are exact fractions, so a fee is computed as a rational
 * number of fen (BigInt numerator over a fixed denominator) and rounded once, at the end.
 */
export const FEN_PER_YUAN = 100;
export const yuan = (amount: number): number => amount * FEN_PER_YUAN;
/** An amount in fen as a person reads it: 8800元, 12.50元. */
export const yuanText = (fen: number): string => `${Math.floor(fen / 100)}${fen % 100 === 0 ? '' : `.${String(fen % 100).padStart(2, '0')}`}元`;

/** Rates in parts per 100,000 (0.001 %), enough for every rate in the Measures. */
export const RATE_SCALE = 100_000n;

export type RoundingMode = 'half-up' | 'down' | 'up' | 'half-even';
export interface Rounding {
  /** Round to the fen (the default) or to whole yuan, as some courts issue notices. */
  unit: 'fen' | 'yuan';
  mode: RoundingMode;
}
export const DEFAULT_ROUNDING: Rounding = { unit: 'fen', mode: 'half-up' };

/** An exact amount: `scaled / RATE_SCALE` fen. */
export type ExactFen = bigint;

export const exact = (fen: number): ExactFen => BigInt(fen) * RATE_SCALE;

/** part × rate, where rate is given in parts per 100,000. */
export const applyRate = (partFen: number, ratePer100k: number): ExactFen => BigInt(partFen) * BigInt(ratePer100k);

/** Rounds `value / divisor` (divisor 2 halves a fee, 3 takes a third) once, to the fen or yuan. */
export function roundFen(value: ExactFen, rounding: Rounding = DEFAULT_ROUNDING, divisor = 1n): number {
  const unit = (rounding.unit === 'yuan' ? RATE_SCALE * 100n : RATE_SCALE) * divisor;
  const whole = value / unit;
  const rest = value % unit;
  let units = whole;
  switch (rounding.mode) {
    case 'down':
      break;
    case 'up':
      if (rest > 0n) units += 1n;
      break;
    case 'half-up':
      if (rest * 2n >= unit) units += 1n;
      break;
    case 'half-even':
      if (rest * 2n > unit || (rest * 2n === unit && whole % 2n === 1n)) units += 1n;
      break;
  }
  return Number(units * (rounding.unit === 'yuan' ? 100n : 1n));
}

export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** A rate for people: 2500 → "2.5%". */
export function formatRate(ratePer100k: number): string {
  return `${ratePer100k / 1000}%`;
}
