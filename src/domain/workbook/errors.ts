/**
 * Load-time errors of workbook files. Every error names the file, the JSON path inside it and
 * what is wrong, and prints as one line: `file: path: message`.
 */

export interface WorkbookError {
  /** The file as the user named it (e.g. `workbooks/valve.workbook.json`). */
  readonly file: string;
  /** JSON path inside the file (`parameters[3].options[2].value`); `$` for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export function formatWorkbookError(e: WorkbookError): string {
  return `${e.file}: ${e.path}: ${e.message}`;
}

export type JsonPathSegment = string | number;

/** `['parameters', 3, 'options']` → `parameters[3].options`; odd keys are quoted: `cells["my key"]`. */
export function jsonPath(segments: readonly JsonPathSegment[]): string {
  if (segments.length === 0) return '$';
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Collects errors for one file so that checks can report and go on. */
export class ErrorSink {
  readonly errors: WorkbookError[] = [];
  constructor(readonly file: string) {}

  add(path: readonly JsonPathSegment[] | string, message: string): void {
    this.errors.push({ file: this.file, path: typeof path === 'string' ? path : jsonPath(path), message });
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

/** How a JSON value is described in messages: short, never the whole value. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return 'a number too large to represent';
    return `the number ${v}`;
  }
  if (typeof v === 'string') return v.length > 40 ? `the text "${v.slice(0, 37)}..."` : `the text ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  return 'an object';
}
