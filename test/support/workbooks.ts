/** The example models on disk, for tests that cross layers. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatWorkbookError, parseWorkbookText } from '../../src/domain/workbook/index.js';
import type { Workbook } from '../../src/domain/workbook/index.js';

/** Every `*.workbook.json` below `dir`, sorted, modules included. */
export function workbookFiles(dir = 'workbooks'): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) return workbookFiles(full);
      return name.endsWith('.workbook.json') ? [full] : [];
    });
}

/** A workbook file parsed and validated; a file that does not load fails the test with its errors. */
export function readWorkbook(file: string): Workbook {
  const parsed = parseWorkbookText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatWorkbookError).join('\n'));
  return parsed.workbook;
}
