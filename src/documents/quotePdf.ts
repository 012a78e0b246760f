/**
 * The quote document a customer receives, as PDF (A4, zh or en), built with pdf-lib and an
 * embedded Noto Sans SC subset. Runs in Node and in the browser: the caller supplies the font
 * bytes (public/fonts/NotoSansSC-{Regular,Bold}-subset.ttf).
 *
 * Totals come from quoteTotals(), the same figures the app shows. Cost and margin are internal:
 * nothing here reads them.
 */
import { PDFDocument } from 'pdf-lib';
import type { PDFFont } from 'pdf-lib';
import type { Customer } from '../domain/crm/Customer.js';
import type { CompanyInfo } from '../domain/pricing/PricingSettings.js';
import type { LineTotals } from '../domain/pricing/quoteTotals.js';
import { quoteTotals } from '../domain/quote/QuoteRecord.js';
import type { PricedLineRecord, QuoteHeader, QuoteLineRecord } from '../domain/quote/QuoteRecord.js';
import { revisionLabel } from '../domain/quote/quoteNumber.js';
import { formatAmount, formatPercent, formatPrintedAt, formatQuantity, localNowIso } from './pdfFormat.js';
import { A4, CELL_PAD_X, COLORS, CONTENT_WIDTH, MARGIN, PageFlow, PdfTable, drawLines, drawTextLine, fittedLine, lineHeight, linesHeight, textLines } from './pdfPages.js';
import type { Cell, Column, TableRow, TextLine } from './pdfPages.js';
import { embedSubsetFont } from './pdfFonts.js';
import { PdfFace } from './pdfText.js';
import { PDF_LANGUAGES, QUOTE_PDF_TEXTS } from './pdfTexts.js';
import type { PdfLanguage, QuotePdfTexts } from './pdfTexts.js';

export interface QuotePdfInput {
  readonly language: PdfLanguage;
  readonly header: QuoteHeader;
  readonly lines: readonly QuoteLineRecord[];
  readonly company: CompanyInfo;
  /** The customer record, for its first contact; the printed name is `header.customerName`. */
  readonly customer?: Customer | undefined;
  /** ISO date-time printed in the footer; now (local time) when omitted. */
  readonly printedAt?: string | undefined;
}

export interface QuotePdfFonts {
  /** TrueType bytes of the regular and bold faces (Noto Sans SC subsets). */
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
}

export class QuotePdfError extends Error {
  override name = 'QuotePdfError';
}

const SIZE = {
  companyName: 15,
  title: 22,
  small: 7.5,
  body: 8.5,
  label: 9,
  customerName: 10.5,
  total: 11,
} as const;

/**
 * Renders a quote as PDF bytes.
 *
 * @example
 * const bytes = await renderQuotePdf({ language: 'zh', header, lines, company, customer }, { regular, bold });
 */
export async function renderQuotePdf(input: QuotePdfInput, fonts: QuotePdfFonts): Promise<Uint8Array> {
  if (!PDF_LANGUAGES.includes(input.language)) {
    throw new QuotePdfError(`quote PDF language must be one of ${PDF_LANGUAGES.join(', ')}, got "${String(input.language)}"`);
  }
  const printedAtIso = input.printedAt ?? localNowIso();
  const printedAt = formatPrintedAt(printedAtIso);
  const texts = QUOTE_PDF_TEXTS[input.language];
  const label = revisionLabel(input.header.number, input.header.revision);

  const doc = await PDFDocument.create();
  const regular = await embed(doc, fonts.regular, 'regular');
  const bold = await embed(doc, fonts.bold, 'bold');

  const companyName = input.company.name[input.language];
  doc.setTitle(`${texts.title} ${label}`, { showInWindowTitleBar: true });
  doc.setAuthor(companyName);
  doc.setSubject(input.header.customerName);
  doc.setCreator('Suanpan');
  doc.setProducer('Suanpan (pdf-lib)');
  doc.setLanguage(texts.lang);
  doc.setCreationDate(new Date(printedAtIso));
  doc.setModificationDate(new Date(printedAtIso));

  new QuoteDocument(doc, input, texts, label, printedAt, new PdfFace(regular), new PdfFace(bold)).render();
  return doc.save();
}

async function embed(doc: PDFDocument, bytes: Uint8Array, which: 'regular' | 'bold'): Promise<PDFFont> {
  try {
    return await embedSubsetFont(doc, bytes, which);
  } catch (error) {
    throw new QuotePdfError(`quote PDF: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One rendering: lays out the sections of the document top to bottom, then the footers. */
class QuoteDocument {
  private readonly flow: PageFlow;
  private readonly currency: string;
  private readonly companyName: string;

  constructor(
    doc: PDFDocument,
    private readonly input: QuotePdfInput,
    private readonly t: QuotePdfTexts,
    private readonly label: string,
    private readonly printedAt: string,
    private readonly regular: PdfFace,
    private readonly bold: PdfFace,
  ) {
    this.flow = new PageFlow(doc);
    this.currency = input.header.currency;
    this.companyName = input.company.name[input.language];
  }

  render(): void {
    // Totals first: a bad line (duplicate id, negative quantity) fails before anything is drawn.
    const totals = quoteTotals(this.input.header, this.input.lines);
    const byLine = new Map(totals.lines.map((l) => [l.lineId, l]));
    this.drawCompanyHeader();
    this.drawParties();
    this.flow.onNewPage = () => this.drawRunningHeader();
    this.drawLinesTable(byLine);
    this.drawTotals(totals, totals.lines.some((l) => !l.included));
    this.drawTerms();
    this.drawFooters();
  }

  private lines(face: PdfFace, text: string, size: number, width: number, color = COLORS.text): TextLine[] {
    return textLines(face, text, size, width, color);
  }

  private drawCompanyHeader(): void {
    const { company, language } = this.input;
    const page = this.flow.page;
    const top = this.flow.y;
    const titleLines = [this.bold.width(this.bold.clean(this.t.title), SIZE.title), this.regular.width(this.regular.clean(this.label), 10)];
    const titleWidth = Math.min(200, Math.max(...titleLines) + 4);
    const leftWidth = CONTENT_WIDTH - titleWidth - 12;
    const other = company.name[language === 'zh' ? 'en' : 'zh'].trim();
    const contact = [
      company.phone.trim() === '' ? '' : `${this.t.phone} ${company.phone.trim()}`,
      company.email.trim() === '' ? '' : `${this.t.email} ${company.email.trim()}`,
    ].filter((s) => s !== '');
    const left: TextLine[] = [
      ...this.lines(this.bold, this.companyName, SIZE.companyName, leftWidth),
      ...(other !== '' && other !== this.companyName.trim() ? this.lines(this.regular, other, SIZE.small, leftWidth, COLORS.muted) : []),
      ...this.lines(this.regular, company.address[language], SIZE.body, leftWidth, COLORS.muted),
      ...(contact.length > 0 ? this.lines(this.regular, contact.join(' · '), SIZE.body, leftWidth, COLORS.muted) : []),
      ...(company.taxId.trim() === '' ? [] : this.lines(this.regular, `${this.t.taxId} ${company.taxId.trim()}`, SIZE.body, leftWidth, COLORS.muted)),
    ];
    const leftBottom = drawLines(page, left, MARGIN.left, top, leftWidth);
    const right: TextLine[] = [
      ...this.lines(this.bold, this.t.title, SIZE.title, titleWidth, COLORS.accent),
      fittedLine(this.regular, this.label, 10, titleWidth, COLORS.text),
    ];
    const rightBottom = drawLines(page, right, A4[0] - MARGIN.right - titleWidth, top, titleWidth, 'right');
    const ruleY = Math.min(leftBottom, rightBottom) - 6;
    page.drawLine({ start: { x: MARGIN.left, y: ruleY }, end: { x: A4[0] - MARGIN.right, y: ruleY }, thickness: 1.2, color: COLORS.accent });
    this.flow.y = ruleY - 12;
  }

  /** Label/value rows: labels in one column, values wrapped in the other. */
  private drawFields(fields: ReadonlyArray<readonly [string, string]>, x: number, top: number, width: number): number {
    const labelWidth = Math.max(0, ...fields.map(([l]) => this.regular.width(this.regular.clean(l), SIZE.body))) + 10;
    let y = top;
    for (const [labelText, value] of fields) {
      const valueLines = this.lines(this.regular, value, SIZE.body, width - labelWidth);
      drawTextLine(this.flow.page, { text: this.regular.clean(labelText), face: this.regular, size: SIZE.body, color: COLORS.muted }, x, y, labelWidth);
      y = drawLines(this.flow.page, valueLines, x + labelWidth, y, width - labelWidth);
    }
    return y;
  }

  private drawParties(): void {
    const { header, customer } = this.input;
    const top = this.flow.y;
    const leftWidth = CONTENT_WIDTH * 0.56 - 16;
    const rightX = MARGIN.left + CONTENT_WIDTH * 0.56;
    const rightWidth = CONTENT_WIDTH * 0.44;

    let leftY = drawLines(this.flow.page, this.lines(this.regular, this.t.customer, SIZE.small, leftWidth, COLORS.muted), MARGIN.left, top, leftWidth);
    leftY = drawLines(this.flow.page, this.lines(this.bold, header.customerName, SIZE.customerName, leftWidth), MARGIN.left, leftY, leftWidth);
    const person = customer?.contacts[0];
    if (person !== undefined) {
      const who = person.role.trim() === '' ? person.name : this.input.language === 'zh' ? `${person.name}（${person.role}）` : `${person.name} (${person.role})`;
      const fields: Array<readonly [string, string]> = [[this.t.contact, who]];
      if (person.phone.trim() !== '') fields.push([this.t.phone, person.phone]);
      if (person.email.trim() !== '') fields.push([this.t.email, person.email]);
      leftY = this.drawFields(fields, MARGIN.left, leftY - 2, leftWidth);
    }

    const quoteFields: Array<readonly [string, string]> = [
      [this.t.quoteNumber, this.label],
      [this.t.quoteDate, header.quoteDate],
    ];
    if (header.validUntil !== undefined) quoteFields.push([this.t.validUntil, header.validUntil]);
    quoteFields.push([this.t.owner, header.owner], [this.t.currency, this.currency]);
    const rightY = this.drawFields(quoteFields, rightX, top, rightWidth);
    this.flow.y = Math.min(leftY, rightY) - 14;
  }

  private drawRunningHeader(): void {
    const page = this.flow.page;
    const top = this.flow.y;
    const half = CONTENT_WIDTH / 2;
    drawTextLine(page, fittedLine(this.bold, this.companyName, SIZE.label, half, COLORS.text), MARGIN.left, top, half);
    drawTextLine(page, fittedLine(this.regular, `${this.t.title} ${this.label} ${this.t.continued}`, SIZE.label, half, COLORS.muted), MARGIN.left + half, top, half, 'right');
    const ruleY = top - lineHeight(SIZE.label) - 3;
    page.drawLine({ start: { x: MARGIN.left, y: ruleY }, end: { x: A4[0] - MARGIN.right, y: ruleY }, thickness: 0.8, color: COLORS.accent });
    this.flow.y = ruleY - 10;
  }

  private drawLinesTable(byLine: ReadonlyMap<string, LineTotals>): void {
    const fixed = { no: 26, quantity: 46, unit: 34, unitPrice: 72, discount: 38, amount: 84 };
    const columns: Column[] = [
      { width: fixed.no, align: 'center' },
      { width: CONTENT_WIDTH - Object.values(fixed).reduce((a, b) => a + b, 0), align: 'left' },
      { width: fixed.quantity, align: 'right' },
      { width: fixed.unit, align: 'center' },
      { width: fixed.unitPrice, align: 'right' },
      { width: fixed.discount, align: 'right' },
      { width: fixed.amount, align: 'right' },
    ];
    const inner = (i: number) => (columns[i]?.width ?? 0) - 2 * CELL_PAD_X;
    const c = this.t.columns;
    const headings = [c.no, c.description, c.quantity, c.unit, c.unitPrice(this.currency), c.discount, c.amount(this.currency)];
    const header: TableRow = {
      cells: headings.map((h, i) => ({ lines: this.lines(this.bold, h, SIZE.small, inner(i)) })),
      fill: COLORS.headerFill,
    };
    const table = new PdfTable(this.flow, columns, header);

    const rows: TableRow[] = [];
    let number = 0;
    for (const line of this.input.lines) {
      if (line.kind === 'section') {
        rows.push({
          cells: [{ lines: this.lines(this.bold, line.title, SIZE.label, table.innerWidth('span')) }],
          span: true,
          fill: COLORS.sectionFill,
          keepWithNext: true,
        });
        continue;
      }
      number += 1;
      const lineTotals = byLine.get(line.id);
      if (lineTotals === undefined) throw new QuotePdfError(`line ${line.id} has no totals`);
      rows.push(this.itemRow(line, lineTotals, number, inner));
    }
    table.draw(rows);
  }

  private itemRow(line: PricedLineRecord, totals: LineTotals, number: number, inner: (i: number) => number): TableRow {
    const counted = totals.included;
    const amountColor = counted ? COLORS.text : COLORS.muted;
    const description: TextLine[] = this.lines(this.regular, line.description, SIZE.body, inner(1));
    if (line.kind === 'catalogue' && line.sku.trim() !== '') {
      description.push(...this.lines(this.regular, this.t.sku(line.sku), SIZE.small, inner(1), COLORS.muted));
    }
    if (line.inclusion !== 'standard') {
      description.push(...this.lines(this.bold, this.t.inclusionTag(line.inclusion, counted), SIZE.small, inner(1), COLORS.accent));
    }
    const one = (text: string, i: number, color = COLORS.text): Cell => ({ lines: [fittedLine(this.regular, text, SIZE.body, inner(i), color)] });
    return {
      cells: [
        one(String(number), 0),
        { lines: description },
        one(formatQuantity(line.quantity), 2),
        { lines: this.lines(this.regular, line.unit, SIZE.body, inner(3)) },
        one(formatAmount(line.unitPriceMinor, this.currency), 4),
        one(line.discountPct === 0 ? '-' : `${formatPercent(line.discountPct)}%`, 5),
        one(formatAmount(totals.netMinor, this.currency), 6, amountColor),
      ],
    };
  }

  private drawTotals(totals: ReturnType<typeof quoteTotals>, hasUncounted: boolean): void {
    const width = 236;
    const x = A4[0] - MARGIN.right - width;
    const amountWidth = 110;
    const labelWidth = width - amountWidth;
    const rows: Array<readonly [string, string]> = [
      [this.t.subtotal, formatAmount(totals.subtotalMinor, this.currency)],
      [this.t.discount, formatAmount(-totals.discountMinor, this.currency)],
      [this.t.freight, formatAmount(totals.freightMinor, this.currency)],
      [this.t.vat(formatPercent(totals.vatRatePct)), formatAmount(totals.vatMinor, this.currency)],
    ];
    const rowHeight = lineHeight(SIZE.label) + 2;
    const totalHeight = lineHeight(SIZE.total) + 8;
    const noteWidth = CONTENT_WIDTH - width - 20;
    const note = hasUncounted ? this.lines(this.regular, this.t.notCountedNote, SIZE.small, noteWidth, COLORS.muted) : [];
    const blockHeight = Math.max(rows.length * rowHeight + totalHeight + 4, linesHeight(note)) + 10;
    this.flow.y -= 10;
    this.flow.ensure(blockHeight);
    const page = this.flow.page;
    let y = this.flow.y;
    drawLines(page, note, MARGIN.left, y, noteWidth);
    for (const [labelText, amount] of rows) {
      drawTextLine(page, { text: this.regular.clean(labelText), face: this.regular, size: SIZE.label, color: COLORS.muted }, x, y, labelWidth);
      drawTextLine(page, fittedLine(this.regular, amount, SIZE.label, amountWidth, COLORS.text), x + labelWidth, y, amountWidth, 'right');
      y -= rowHeight;
    }
    y -= 2;
    page.drawLine({ start: { x, y }, end: { x: x + width, y }, thickness: 1, color: COLORS.accent });
    y -= 5;
    drawTextLine(page, fittedLine(this.bold, this.t.total(this.currency), SIZE.total, labelWidth, COLORS.text), x, y, labelWidth);
    drawTextLine(page, fittedLine(this.bold, formatAmount(totals.totalMinor, this.currency), SIZE.total, amountWidth, COLORS.text), x + labelWidth, y, amountWidth, 'right');
    this.flow.y = Math.min(y - lineHeight(SIZE.total), this.flow.y - linesHeight(note)) - 14;
  }

  private drawTerms(): void {
    const { header, company } = this.input;
    const sections: Array<readonly [string, string]> = [];
    if (header.paymentTerms.trim() !== '') sections.push([this.t.paymentTerms, header.paymentTerms]);
    if (header.validUntil !== undefined) sections.push([this.t.validity, this.t.validityText(header.validUntil)]);
    const inquiry = [
      header.inquiry.requirements.trim(),
      header.inquiry.quantity === undefined ? '' : this.t.requestedQuantity(formatQuantity(header.inquiry.quantity)),
      header.inquiry.requestedDate === undefined ? '' : this.t.requestedDate(header.inquiry.requestedDate),
    ].filter((s) => s !== '');
    if (inquiry.length > 0) sections.push([this.t.inquiry, inquiry.join('\n')]);
    if (header.notes.trim() !== '') sections.push([this.t.notes, header.notes.trim()]);
    if (company.bank.trim() !== '') sections.push([this.t.bank, company.bank.trim()]);

    for (const [heading, body] of sections) {
      const headingLines = this.lines(this.bold, heading, SIZE.label, CONTENT_WIDTH);
      const bodyLines = this.lines(this.regular, body, SIZE.body, CONTENT_WIDTH);
      // A heading never sits alone at the bottom of a page.
      this.flow.ensure(linesHeight(headingLines) + lineHeight(SIZE.body));
      this.flow.y = drawLines(this.flow.page, headingLines, MARGIN.left, this.flow.y, CONTENT_WIDTH);
      for (const line of bodyLines) {
        this.flow.ensure(lineHeight(line.size));
        this.flow.y = drawLines(this.flow.page, [line], MARGIN.left, this.flow.y, CONTENT_WIDTH);
      }
      this.flow.y -= 6;
    }
  }

  /** Page numbers need the page count, so footers go on once everything is laid out. */
  private drawFooters(): void {
    const pages = this.flow.pages;
    const third = CONTENT_WIDTH / 3;
    const top = MARGIN.bottom - 20;
    pages.forEach((page, i) => {
      page.drawLine({ start: { x: MARGIN.left, y: top + 6 }, end: { x: A4[0] - MARGIN.right, y: top + 6 }, thickness: 0.5, color: COLORS.rule });
      drawTextLine(page, fittedLine(this.regular, this.label, SIZE.small, third, COLORS.muted), MARGIN.left, top, third);
      drawTextLine(page, fittedLine(this.regular, this.t.page(i + 1, pages.length), SIZE.small, third, COLORS.text), MARGIN.left + third, top, third, 'center');
      drawTextLine(page, fittedLine(this.regular, this.t.printedAt(this.printedAt), SIZE.small, third, COLORS.muted), MARGIN.left + 2 * third, top, third, 'right');
    });
  }
}
