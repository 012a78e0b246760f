/**
 * Numbers and dates as a quote document prints them. Amounts go through formatMinor (exact
 * integer arithmetic, no float formatting) and gain thousands separators here.
 */
import { currencyDecimals, formatMinor } from '../domain/pricing/money.js';

/** "1234567.5" → "1,234,567.5" (any sign and fraction kept as they are). */
export function groupThousands(plain: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(plain);
  if (m === null) return plain;
  const [, sign = '', whole = '', frac = ''] = m;
  return sign + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + frac;
}

/**
 * An amount in minor units of `currency`, with separators and the currency's decimals.
 *
 * @example formatAmount(123456789, 'CNY') === '1,234,567.89'; formatAmount(1500, 'JPY') === '1,500'
 */
export function formatAmount(minor: number, currency: string): string {
  return groupThousands(formatMinor(minor, currencyDecimals(currency)));
}

const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const percentFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });

/** @example formatQuantity(1200) === '1,200'; formatQuantity(2.5) === '2.5' */
export function formatQuantity(quantity: number): string {
  return quantityFormat.format(quantity);
}

/** A percentage without the sign: 13 → "13", 7.5 → "7.5". */
export function formatPercent(pct: number): string {
  return percentFormat.format(pct);
}

export class PrintedAtError extends Error {
  override name = 'PrintedAtError';
}

/**
 * "2026-03-02 09:15" from an ISO date-time, in the clock time it was written with (so the same
 * input prints the same on every machine).
 */
export function formatPrintedAt(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  if (m === null || Number.isNaN(Date.parse(iso))) {
    throw new PrintedAtError(`printedAt must be an ISO date-time such as 2026-03-02T09:15:00+08:00, got "${iso}"`);
  }
  return `${m[1]} ${m[2]}`;
}

/** Now as an ISO date-time in this machine's local time, with its offset. */
export function localNowIso(now: Date = new Date()): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
    `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}
