/**
 * The price-policy tables as plain data: a row is the text of its cells as typed, read into
 * the section's record type only on save. Problems, whether found reading a cell or refused
 * by the directory (`pricing.regions.1.policy.factor …`), are put on the cell they concern.
 */
import type { Language } from '../i18n';
import { localMessage, problemAt, readNumber, readYuan } from './fieldText';

export interface Column {
  readonly key: string;
  readonly label: string;
  /** Where the value sits in the saved record (e.g. 'policy.factor'): how a refusal finds its cell. */
  readonly path: string;
  /** How wide the cell's input is; 'wide' takes the room left. */
  readonly size?: 'narrow' | 'normal' | 'wide';
  readonly numeric?: boolean;
  readonly placeholder?: string;
}

/** A row as typed: column key → text. */
export type Cells = Record<string, string>;

/** A problem, on a cell when it concerns one (`cell` is a cellKey), with where it is in words. */
export interface Problem {
  readonly cell?: string;
  readonly where?: string;
  readonly text: string;
}

export type Conversion<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Key of a cell; `sub` is the row of a nested table (a point of a series, a band of an item). */
export function cellKey(row: number, column: string, sub?: number): string {
  return sub === undefined ? `${row}:${column}` : `${row}/${sub}:${column}`;
}

/** How a section's table is laid out, to place problems on cells and name them in words. */
export interface TableLayout {
  /** The PricingSettings key of the section, e.g. 'regions'. */
  readonly section: string;
  readonly columns: readonly Column[];
  readonly rowWord: (n: number) => string;
  readonly nested?: {
    /** Where the nested rows sit in the saved record, e.g. ['points'] or ['volumeBreaks', 'bands']. */
    readonly path: readonly string[];
    readonly columns: readonly Column[];
    readonly subWord: (n: number) => string;
  };
}

export interface Place {
  readonly cell: string;
  readonly where: string;
}

/** The cell key and its name in words ("Row 2 · Factor"); rows are counted from 1 for people. */
export function placeOf(layout: TableLayout, row: number, column: string, sub?: number): Place {
  const columns = sub === undefined ? layout.columns : (layout.nested?.columns ?? []);
  const label = columns.find((c) => c.key === column)?.label ?? column;
  const parts = [layout.rowWord(row + 1), ...(sub === undefined || !layout.nested ? [] : [layout.nested.subWord(sub + 1)]), label];
  return { cell: cellKey(row, column, sub), where: parts.join(' · ') };
}

const isIndex = (s: string | undefined): s is string => s !== undefined && /^\d+$/u.test(s);

/**
 * The directory's refusal problems placed on the section's cells. A problem of another
 * section, or one about the whole table (a duplicate key), is kept whole.
 */
export function tableProblems(problems: readonly string[], layout: TableLayout, language: Language): Problem[] {
  return problems.map((problem): Problem => {
    const at = problemAt(problem, 'pricing');
    if (!at || at.path[0] !== layout.section) return { text: problem };
    const message = localMessage(at.message, language);
    const [, rowText, ...rest] = at.path;
    if (!isIndex(rowText)) return { text: rowText === undefined ? message : `${[rowText, ...rest].join('.')} ${message}` };
    const row = Number(rowText);
    const tail = rest.join('.');
    const column = layout.columns.find((c) => c.path === tail);
    if (column) return { ...placeOf(layout, row, column.key), text: message };
    const nested = layout.nested;
    if (nested && rest.length > nested.path.length && nested.path.every((p, i) => rest[i] === p)) {
      const subText = rest[nested.path.length];
      const subTail = rest.slice(nested.path.length + 1).join('.');
      const subColumn = nested.columns.find((c) => c.path === subTail);
      if (isIndex(subText) && subColumn) return { ...placeOf(layout, row, subColumn.key, Number(subText)), text: message };
    }
    return { where: layout.rowWord(row + 1), text: tail === '' ? message : `${tail} ${message}` };
  });
}

/** Reads typed cells into values, noting a problem on each cell that does not read. */
export class CellReader {
  readonly problems: Problem[] = [];

  constructor(private readonly language: Language) {}

  /** A number; NaN (and a problem) when the text is not one. */
  number(text: string | undefined, place: Place): number {
    const read = readNumber(text ?? '', this.language);
    if (read.ok) return read.value;
    this.problems.push({ ...place, text: read.reason });
    return Number.NaN;
  }

  /** Yuan as integer fen; NaN (and a problem) when the text is not an amount. */
  yuan(text: string | undefined, place: Place): number {
    const read = readYuan(text ?? '', this.language);
    if (read.ok) return read.value;
    this.problems.push({ ...place, text: read.reason });
    return Number.NaN;
  }

  note(problem: Problem): void {
    this.problems.push(problem);
  }

  result<T>(value: T): Conversion<T> {
    return this.problems.length > 0 ? { ok: false, problems: this.problems } : { ok: true, value };
  }
}
