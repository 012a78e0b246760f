/**
 * Page flow and table drawing for A4 documents built with pdf-lib: a cursor that moves down the
 * page and starts a new one (with its running header) when the next block does not fit, and
 * table rows whose cells wrap, repeat the header on each page, and split when taller than a page.
 */
import { rgb } from 'pdf-lib';
import type { PDFDocument, PDFPage, RGB } from 'pdf-lib';
import { wrapForFace } from './pdfText.js';
import type { PdfFace } from './pdfText.js';

export const A4: readonly [number, number] = [595.28, 841.89];
export const MARGIN = { left: 42, right: 42, top: 40, bottom: 56 } as const;
export const CONTENT_WIDTH = A4[0] - MARGIN.left - MARGIN.right;

export const COLORS = {
  text: rgb(0.13, 0.13, 0.13),
  muted: rgb(0.42, 0.42, 0.42),
  accent: rgb(0.12, 0.3, 0.5),
  rule: rgb(0.78, 0.8, 0.82),
  headerFill: rgb(0.9, 0.93, 0.96),
  sectionFill: rgb(0.95, 0.95, 0.95),
} as const;

/** Vertical distance between lines of text at a font size. */
export function lineHeight(size: number): number {
  return size * 1.42;
}

/** Distance from the top of a line box to the baseline. */
function baselineOffset(size: number): number {
  return size * 1.08;
}

export type Align = 'left' | 'right' | 'center';

export interface TextLine {
  readonly text: string;
  readonly face: PdfFace;
  readonly size: number;
  readonly color: RGB;
}

/** Draws one line of already-cleaned text in a box of `width` from `x`, its top at `top`. */
export function drawTextLine(page: PDFPage, line: TextLine, x: number, top: number, width: number, align: Align = 'left'): void {
  if (line.text === '') return;
  const w = line.face.width(line.text, line.size);
  const left = align === 'right' ? x + width - w : align === 'center' ? x + (width - w) / 2 : x;
  page.drawText(line.text, { x: left, y: top - baselineOffset(line.size), size: line.size, font: line.face.font, color: line.color });
}

/** Lines of wrapped text in one style. */
export function textLines(face: PdfFace, text: string, size: number, width: number, color: RGB): TextLine[] {
  return wrapForFace(face, text, size, width).map((t) => ({ text: t, face, size, color }));
}

/** One line that must not wrap (an amount): shrunk to fit `width` when it would overflow. */
export function fittedLine(face: PdfFace, text: string, size: number, width: number, color: RGB): TextLine {
  const clean = face.clean(text);
  const w = face.width(clean, size);
  const fitted = w > width && w > 0 ? Math.floor(((size * width) / w) * 10) / 10 : size;
  return { text: clean, face, size: fitted, color };
}

export function linesHeight(lines: readonly TextLine[]): number {
  return lines.reduce((h, l) => h + lineHeight(l.size), 0);
}

/** Draws lines top-down from `top`; returns the y below the last one. */
export function drawLines(page: PDFPage, lines: readonly TextLine[], x: number, top: number, width: number, align: Align = 'left'): number {
  let y = top;
  for (const line of lines) {
    drawTextLine(page, line, x, y, width, align);
    y -= lineHeight(line.size);
  }
  return y;
}

/**
 * The cursor of a document: pages so far, the current page, and `y`, the top of free space.
 * `onNewPage` draws what every continuation page starts with and moves `y` below it.
 */
export class PageFlow {
  readonly pages: PDFPage[] = [];
  page: PDFPage;
  y: number;
  onNewPage: (flow: PageFlow) => void = () => {};

  constructor(private readonly doc: PDFDocument) {
    this.page = this.addPage();
    this.y = A4[1] - MARGIN.top;
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([A4[0], A4[1]]);
    this.pages.push(page);
    return page;
  }

  newPage(): void {
    this.page = this.addPage();
    this.y = A4[1] - MARGIN.top;
    this.onNewPage(this);
  }

  /** Space left above the bottom margin. */
  get available(): number {
    return this.y - MARGIN.bottom;
  }

  fits(height: number): boolean {
    return height <= this.available + 1e-6;
  }

  /** Starts a new page unless `height` fits on this one. */
  ensure(height: number): void {
    if (!this.fits(height)) this.newPage();
  }
}

export interface Column {
  readonly width: number;
  readonly align: Align;
}

export interface Cell {
  readonly lines: readonly TextLine[];
}

export interface TableRow {
  /** One cell per column, or a single cell spanning the table when `span`. */
  readonly cells: readonly Cell[];
  readonly span?: boolean;
  readonly fill?: RGB;
  /** Keep with the next row (a section heading is never the last row on a page). */
  readonly keepWithNext?: boolean;
}

export const CELL_PAD_X = 4;
const CELL_PAD_Y = 3.5;

/** A table: fixed columns, the header repeated on every page it runs over. */
export class PdfTable {
  private readonly xs: number[];

  constructor(
    private readonly flow: PageFlow,
    readonly columns: readonly Column[],
    private readonly header: TableRow,
    private readonly left: number = MARGIN.left,
  ) {
    this.xs = [];
    let x = left;
    for (const c of columns) {
      this.xs.push(x);
      x += c.width;
    }
  }

  get width(): number {
    return this.columns.reduce((w, c) => w + c.width, 0);
  }

  /** Inner width of column `i` (or of the whole table for a spanning cell). */
  innerWidth(i: number | 'span'): number {
    return (i === 'span' ? this.width : (this.columns[i]?.width ?? 0)) - 2 * CELL_PAD_X;
  }

  rowHeight(row: TableRow): number {
    return Math.max(0, ...row.cells.map((c) => linesHeight(c.lines))) + 2 * CELL_PAD_Y;
  }

  drawHeader(): void {
    this.drawRow(this.header);
  }

  /**
   * Draws the header and the rows, breaking pages as needed. A row that would fit on a new page
   * moves there whole; one taller than a page is split across pages, starting where it is.
   */
  draw(rows: readonly TableRow[]): void {
    const headerHeight = this.rowHeight(this.header);
    const pageRoom = A4[1] - MARGIN.top - MARGIN.bottom - headerHeight - 40;
    const first = rows[0];
    this.flow.ensure(headerHeight + Math.min(first === undefined ? 0 : this.rowHeight(first), pageRoom));
    this.drawHeader();
    // True while no row is below the header on this page: breaking then would gain nothing.
    let fresh = true;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as TableRow;
      const next = rows[i + 1];
      const height = this.rowHeight(row);
      const needed = row.keepWithNext && next !== undefined ? height + this.rowHeight(next) : height;
      // A row taller than any page is split anyway: start it here if a few lines fit.
      const splitsHere = height > pageRoom && this.flow.fits(2 * CELL_PAD_Y + 3 * lineHeight(8.5));
      if (!fresh && !splitsHere && !this.flow.fits(Math.min(needed, pageRoom))) {
        this.breakPage();
        fresh = true;
      }
      let rest = row;
      for (;;) {
        if (this.flow.fits(this.rowHeight(rest))) {
          this.drawRow(rest);
          break;
        }
        const [head, tail] = this.splitRow(rest, this.flow.available);
        if (head === undefined && fresh) {
          // Not even one line fits on an empty page: print it overflowing rather than loop.
          this.drawRow(rest);
          break;
        }
        if (head !== undefined) this.drawRow(head);
        if (tail === undefined) break;
        rest = tail;
        this.breakPage();
        fresh = true;
      }
      fresh = false;
    }
  }

  private breakPage(): void {
    this.flow.newPage();
    this.drawHeader();
  }

  /**
   * The part of a row taller than the space left that fits (all cells but the longest are kept
   * whole in it), and the rest of its longest cell for the next page.
   */
  private splitRow(row: TableRow, available: number): [TableRow | undefined, TableRow | undefined] {
    const longest = row.cells.reduce((best, c, i) => (linesHeight(c.lines) > linesHeight(row.cells[best]?.lines ?? []) ? i : best), 0);
    const others = Math.max(0, ...row.cells.filter((_, i) => i !== longest).map((c) => linesHeight(c.lines)));
    const lines = row.cells[longest]?.lines ?? [];
    let h = 0;
    let n = 0;
    while (n < lines.length && h + lineHeight((lines[n] as TextLine).size) + 2 * CELL_PAD_Y <= available) {
      h += lineHeight((lines[n] as TextLine).size);
      n++;
    }
    if (n === 0 || h < others) return [undefined, row];
    if (n >= lines.length) return [row, undefined];
    const head: TableRow = { ...row, cells: row.cells.map((c, i) => (i === longest ? { lines: lines.slice(0, n) } : c)) };
    const tail: TableRow = { ...row, cells: row.cells.map((c, i) => (i === longest ? { lines: lines.slice(n) } : { lines: [] })) };
    return [head, tail];
  }

  private drawRow(row: TableRow): void {
    const page = this.flow.page;
    const top = this.flow.y;
    const height = this.rowHeight(row);
    if (row.fill !== undefined) page.drawRectangle({ x: this.left, y: top - height, width: this.width, height, color: row.fill });
    if (row.span) {
      const cell = row.cells[0];
      if (cell !== undefined) drawLines(page, cell.lines, this.left + CELL_PAD_X, top - CELL_PAD_Y, this.innerWidth('span'));
    } else {
      row.cells.forEach((cell, i) => {
        const column = this.columns[i];
        if (column === undefined) return;
        drawLines(page, cell.lines, (this.xs[i] ?? 0) + CELL_PAD_X, top - CELL_PAD_Y, column.width - 2 * CELL_PAD_X, column.align);
      });
    }
    page.drawLine({
      start: { x: this.left, y: top - height },
      end: { x: this.left + this.width, y: top - height },
      thickness: 0.5,
      color: COLORS.rule,
    });
    this.flow.y = top - height;
  }
}
