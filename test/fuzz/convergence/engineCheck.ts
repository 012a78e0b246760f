/**
 * The engine side of a replica, as plain data to compare: every cell value of every sheet the
 * engine holds (modules' included), every output as read (money settled), every parameter's
 * value. Errors are compared by type (`#REF!`, `#VALUE!` …), not by message.
 */
import { DetailedCellError } from 'hyperformula';
import type { WorkbookError } from '../../../src/domain/workbook/errors.js';
import { formatWorkbookError } from '../../../src/domain/workbook/errors.js';
import type { WorkbookSource } from '../../../src/domain/workbook/load.js';
import { PriceModel } from '../../../src/domain/workbook/PriceModel.js';
import type { OpenResult } from '../../../src/domain/workbook/PriceModel.js';

export interface EngineSnapshot {
  readonly sheets: Record<string, unknown[][]>;
  readonly outputs: Record<string, { value: unknown; minor?: number; error?: string }>;
  readonly parameters: Record<string, unknown>;
}

function cellValue(v: unknown): unknown {
  if (v instanceof DetailedCellError) return `#error:${v.type}`;
  return v === undefined ? null : v;
}

/** Rows without their trailing empty cells, and without trailing empty rows: an engine written to and one built afresh may size a sheet differently. */
function trimmed(rows: unknown[][]): unknown[][] {
  const out = rows.map((row) => {
    const r = row.map(cellValue);
    while (r.length > 0 && r[r.length - 1] === null) r.pop();
    return r;
  });
  while (out.length > 0 && (out[out.length - 1] as unknown[]).length === 0) out.pop();
  return out;
}

export function engineSnapshot(model: PriceModel): EngineSnapshot {
  const sheets = Object.fromEntries(Object.entries(model.engine.getAllSheetsValues()).map(([name, rows]) => [name, trimmed(rows as unknown[][])]));
  const outputs = Object.fromEntries(
    Object.values(model.readAll()).map((o) => [o.id, { value: o.value, ...(o.minor === undefined ? {} : { minor: o.minor }), ...(o.error ? { error: o.error.code } : {}) }]),
  );
  return { sheets, outputs, parameters: { ...model.values() } };
}

export const errorLines = (errors: readonly WorkbookError[]): string[] => errors.map(formatWorkbookError);

/** Open the workbook text as the engine binding does (same file name, same modules). */
export function openFresh(file: string, text: string, modules: WorkbookSource): Promise<OpenResult> {
  return PriceModel.open(file, { read: (f) => (f === file ? Promise.resolve(text) : modules.read(f)) });
}
