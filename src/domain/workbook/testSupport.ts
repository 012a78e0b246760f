/** Helpers for tests of the workbook engine: small workbooks built in code, files in memory. */
import type { WorkbookSource } from './load.js';

export const L = (en: string, zh = en) => ({ zh, en });

/** A product workbook with the given parts; everything not given is empty. */
export function workbook(parts: Record<string, unknown>): Record<string, unknown> {
  return {
    format: 'suanpan.workbook/1',
    id: 'test-model',
    name: L('Test model', '测试模型'),
    productLine: 'test',
    version: '1.0.0',
    currency: 'CNY',
    ...parts,
  };
}

export function memorySource(files: Record<string, unknown>): WorkbookSource {
  return {
    async read(file) {
      const f = files[file];
      if (f === undefined) return undefined;
      return typeof f === 'string' ? f : JSON.stringify(f);
    },
  };
}
