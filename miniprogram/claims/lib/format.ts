// 由 scripts/build-mp.ts 从 miniprogram/lib/format.ts 生成，请勿手改。
import { formatYuan } from './money';

/** 880000 → "8,800.00 元". */
export function yuan(fen: number): string {
  return `${formatYuan(fen)} 元`;
}

/** "12.5" (yuan, as typed) → 1250 fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const match = /^\s*(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/,/g, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** ISO instant → "2026-03-02 10:00" in China time. */
export function chinaTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}
