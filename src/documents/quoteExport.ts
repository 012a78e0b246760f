/**
 * CSV and XLSX exports of the quote list (internal: margin included) and of one quote
 * (customer-facing: never cost or margin). Amounts are numbers in major units of the quote's
 * currency (1234.56), taken exactly from the integer minor units.
 */
import { currencyDecimals } from '../domain/pricing/money.js';
import type { QuoteState } from '../domain/quote/lifecycle.js';
import { quoteTotals } from '../domain/quote/QuoteRecord.js';
import type { QuoteHeader, QuoteLineRecord } from '../domain/quote/QuoteRecord.js';
import { moneyCell, numberCell, tableToCsv, tablesToXlsx } from './exportCells.js';
import type { ExportCell, ExportRow, ExportTable } from './exportCells.js';
import { EXPORT_TEXTS } from './exportTexts.js';
import type { ExportLanguage } from './exportTexts.js';

/**
 * What the list export needs of a quote: the shape of the Dexie list projection
 * (src/store/quoteEntry.ts `QuoteEntry`), which this layer may not import.
 */
export interface QuoteListRow {
  readonly number: string;
  readonly revision: number;
  readonly customerName: string;
  readonly owner: string;
  readonly state: QuoteState;
  readonly productLines: readonly string[];
  readonly currency: string;
  readonly totalMinor: number;
  /** Margin in basis points of net; null when net is 0. Internal. */
  readonly marginBasisPoints: number | null;
  readonly quoteDate: string;
  readonly validUntil?: string | undefined;
  readonly updatedAt: string;
}

/** What the one-quote export prints of the header. */
export type QuoteExportHeader = Pick<
  QuoteHeader,
  'number' | 'revision' | 'customerName' | 'quoteDate' | 'validUntil' | 'currency' | 'paymentTerms' | 'vatRatePct' | 'freightMinor'
>;

function listTable(rows: readonly QuoteListRow[], language: ExportLanguage): ExportTable {
  const t = EXPORT_TEXTS[language];
  const h = t.list;
  const heading: ExportRow = [h.number, h.revision, h.customer, h.owner, h.state, h.productLines, h.currency, h.total, h.marginPct, h.quoteDate, h.validUntil, h.updatedAt];
  const body = rows.map((q): ExportRow => [
    q.number,
    numberCell(q.revision),
    q.customerName,
    q.owner,
    t.states[q.state],
    q.productLines.join('; '),
    q.currency,
    moneyCell(q.totalMinor, currencyDecimals(q.currency)),
    q.marginBasisPoints === null ? null : { kind: 'decimal', units: q.marginBasisPoints, decimals: 2, grouped: false },
    q.quoteDate,
    q.validUntil ?? null,
    q.updatedAt,
  ]);
  return { sheetName: t.listSheet, rows: [heading, ...body], headingRows: [0] };
}

/** Columns of the line table; the totals put their label under the description, the amount under the line total. */
const LINE_COLUMNS = 9;
const DESCRIPTION_COLUMN = 2;
const AMOUNT_COLUMN = 7;

function quoteTable(header: QuoteExportHeader, lines: readonly QuoteLineRecord[], language: ExportLanguage): ExportTable {
  const t = EXPORT_TEXTS[language];
  const decimals = currencyDecimals(header.currency);
  const money = (minor: number): ExportCell => moneyCell(minor, decimals);
  const totals = quoteTotals(header, lines);
  const byLine = new Map(totals.lines.map((l) => [l.lineId, l]));

  const rows: ExportRow[] = [
    [t.header.number, t.numberWithRevision(header.number, header.revision)],
    [t.header.customer, header.customerName],
    [t.header.quoteDate, header.quoteDate],
    [t.header.validUntil, header.validUntil ?? null],
    [t.header.currency, header.currency],
    [t.header.paymentTerms, header.paymentTerms],
    [],
  ];
  const headingRows = [rows.length];
  const l = t.lines;
  rows.push([l.no, l.kind, l.description, l.quantity, l.unit, l.unitPrice(header.currency), l.discountPct, l.lineTotal(header.currency), l.included]);
  let no = 0;
  for (const line of lines) {
    if (line.kind === 'section') {
      headingRows.push(rows.length);
      rows.push([null, line.title]);
      continue;
    }
    const amounts = byLine.get(line.id);
    if (!amounts) throw new Error(`line ${line.id}: no totals computed for it`); // quoteTotals covers every priced line
    no++;
    const kind = line.kind === 'configured' ? t.kinds.configured : t.kinds.catalogue;
    const tag = line.inclusion === 'standard' ? '' : t.inclusion[line.inclusion];
    rows.push([
      numberCell(no),
      kind + tag,
      line.description,
      numberCell(line.quantity),
      line.unit,
      money(line.unitPriceMinor),
      numberCell(line.discountPct),
      money(amounts.netMinor),
      amounts.included ? t.yes : t.no,
    ]);
  }
  rows.push([]);
  const totalRow = (label: string, minor: number): ExportRow => {
    const row: ExportCell[] = Array.from({ length: LINE_COLUMNS }, () => null);
    row[DESCRIPTION_COLUMN] = label;
    row[AMOUNT_COLUMN] = money(minor);
    return row;
  };
  rows.push(
    totalRow(t.totals.subtotal, totals.subtotalMinor),
    // Shown negative, so the column adds up to the total.
    totalRow(t.totals.discount, totals.discountMinor === 0 ? 0 : -totals.discountMinor),
    totalRow(t.totals.freight, totals.freightMinor),
    totalRow(t.totals.vat(totals.vatRatePct), totals.vatMinor),
  );
  headingRows.push(rows.length);
  rows.push(totalRow(t.totals.total(header.currency), totals.totalMinor));
  return { sheetName: t.quoteSheet, rows, headingRows };
}

/**
 * The quote list as CSV (internal: includes margin %).
 *
 * @example const csv = quoteListCsv(await quoteBook.list(filter), 'zh-CN');
 */
export function quoteListCsv(rows: readonly QuoteListRow[], language: ExportLanguage): string {
  return tableToCsv(listTable(rows, language).rows);
}

/** The quote list as XLSX (internal: includes margin %). */
export async function quoteListXlsx(rows: readonly QuoteListRow[], language: ExportLanguage): Promise<Uint8Array> {
  return tablesToXlsx([listTable(rows, language)]);
}

/**
 * One quote as CSV, for the customer: header, lines with sections, totals; no cost or margin.
 * Throws (naming the line) when the lines cannot be totalled, e.g. two lines with one id.
 *
 * @example const csv = quoteCsv(record.header, record.lines, 'en');
 */
export function quoteCsv(header: QuoteExportHeader, lines: readonly QuoteLineRecord[], language: ExportLanguage): string {
  return tableToCsv(quoteTable(header, lines, language).rows);
}

/** One quote as XLSX, for the customer: as `quoteCsv`, amounts as 2-decimal number cells. */
export async function quoteXlsx(header: QuoteExportHeader, lines: readonly QuoteLineRecord[], language: ExportLanguage): Promise<Uint8Array> {
  return tablesToXlsx([quoteTable(header, lines, language)]);
}
