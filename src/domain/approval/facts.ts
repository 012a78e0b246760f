/**
 * The figures an approval condition sees (conditions.ts), from a quote's current revision. Only
 * lines that count (standard lines, chosen options and alternatives) shape them. The total is in
 * CNY at the quote's rate, so one threshold serves quotes in every currency.
 */
import { isPricedLine, quoteTotals } from '../quote/QuoteRecord.js';
import type { QuoteHeader, QuoteLineRecord } from '../quote/QuoteRecord.js';
import type { QuoteFacts } from './conditions.js';

export function quoteFacts(header: QuoteHeader, lines: readonly QuoteLineRecord[]): QuoteFacts {
  const totals = quoteTotals(header, lines);
  const counted = new Set(totals.lines.filter((l) => l.included).map((l) => l.lineId));
  const priced = lines.filter(isPricedLine).filter((l) => counted.has(l.id));
  const configured = priced.flatMap((l) => (l.kind === 'configured' ? [l] : []));
  const distinct = (values: string[]) => [...new Set(values)].sort();
  return {
    margin_pct: totals.marginPct ?? 0,
    discount_pct: priced.reduce((max, l) => Math.max(max, l.discountPct), 0),
    // Minor units → yuan, at the quote's CNY rate, to the fen.
    total: Math.round(totals.totalMinor * header.exchangeRate) / 100,
    tier: header.tier,
    region: header.region,
    customer: header.customerId,
    product_lines: distinct(configured.map((l) => l.productLine)),
    models: distinct(configured.map((l) => l.modelId)),
  };
}
