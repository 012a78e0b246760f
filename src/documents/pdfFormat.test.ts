import { describe, expect, it } from 'vitest';
import { formatAmount, formatPercent, formatPrintedAt, formatQuantity, groupThousands, localNowIso } from './pdfFormat.js';

describe('document number formats', () => {
  it('groups thousands in amounts, with the currency decimals', () => {
    expect(formatAmount(123456789, 'CNY')).toBe('1,234,567.89');
    expect(formatAmount(-302500, 'CNY')).toBe('-3,025.00');
    expect(formatAmount(5, 'CNY')).toBe('0.05');
    expect(formatAmount(1500, 'JPY')).toBe('1,500');
    expect(formatAmount(0, 'USD')).toBe('0.00');
    expect(groupThousands('999')).toBe('999');
    expect(groupThousands('-1000.5')).toBe('-1,000.5');
  });

  it('prints quantities and percentages without float noise', () => {
    expect(formatQuantity(1200)).toBe('1,200');
    expect(formatQuantity(2.5)).toBe('2.5');
    expect(formatQuantity(0.1 + 0.2)).toBe('0.3');
    expect(formatPercent(13)).toBe('13');
    expect(formatPercent(7.5)).toBe('7.5');
  });
});

describe('printed-at time', () => {
  it('keeps the clock time the ISO text was written in', () => {
    expect(formatPrintedAt('2026-03-02T09:15:00+08:00')).toBe('2026-03-02 09:15');
    expect(formatPrintedAt('2026-03-02T01:15:00Z')).toBe('2026-03-02 01:15');
  });

  it('refuses text that is not an ISO date-time, quoting it', () => {
    expect(() => formatPrintedAt('2 March')).toThrow(/printedAt must be an ISO date-time.*"2 March"/);
    expect(() => formatPrintedAt('2026-13-40T99:00')).toThrow(/printedAt/);
  });

  it('writes now as local time with its offset, naming the same instant', () => {
    const now = new Date('2026-03-02T01:15:30Z');
    const iso = localNowIso(now);
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(Date.parse(iso)).toBe(now.getTime());
  });
});
