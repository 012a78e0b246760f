/**
 * The model library on the real example workbooks, stored in (fake) IndexedDB exactly as in the
 * browser: Dexie for the index and releases, y-indexeddb for the documents. Expected figures come
 * from the files on disk (their golden test cases, releases computed straight from the files),
 * never from the library itself.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PriceModel } from '../../src/domain/workbook/PriceModel.js';
import { memorySource } from '../../src/domain/workbook/testSupport.js';
import { openRelease, releaseWorkbooks } from '../../src/domain/workbook/release.js';
import type { ReleasedModel } from '../../src/domain/workbook/release.js';
import type { Workbook } from '../../src/domain/workbook/schema.js';
import { SuanpanDb } from '../../src/store/db.js';
import { docToWorkbook, sheetIdByName } from '../../src/sync/model/modelDoc.js';
import { setCell } from '../../src/sync/model/modelCommands.js';
import { ModelLibrary, TamperedReleaseError } from '../../src/sync/modelLibrary.js';
import { IndexeddbDocPersistence } from '../../src/sync/persistence.js';
import type { DocPersistence } from '../../src/sync/persistence.js';
import { readWorkbook, workbookFiles } from '../support/workbooks.js';

const ROOT = 'workbooks/';
/** Every example file's text keyed as includes name them (path under workbooks/), read from disk. */
const diskTexts: Record<string, string> = Object.fromEntries(workbookFiles('workbooks').map((f) => [f.slice(ROOT.length), readFileSync(f, 'utf8')]));
const diskWorkbooks: Record<string, Workbook> = Object.fromEntries(workbookFiles('workbooks').map((f) => [f.slice(ROOT.length), readWorkbook(f)]));
const products = Object.entries(diskWorkbooks).filter(([, w]) => w.kind === 'product');

let indexedDB: IDBFactory;
const open: { db: SuanpanDb; library: ModelLibrary }[] = [];

/** A library as the app opens it on page load: a new Dexie instance and persistence over the same IndexedDB. */
function startApp(persistence: DocPersistence = new IndexeddbDocPersistence()): { db: SuanpanDb; library: ModelLibrary } {
  const db = new SuanpanDb('suanpan', { indexedDB, IDBKeyRange });
  const library = new ModelLibrary({ db, persistence, projectionDelayMs: 20 });
  open.push({ db, library });
  return { db, library };
}

/** Close everything, as a page reload does (documents flushed, connections closed). */
async function closeApp(app: { db: SuanpanDb; library: ModelLibrary }): Promise<void> {
  await app.library.dispose();
  app.db.close();
}

beforeEach(() => {
  indexedDB = new IDBFactory();
  globalThis.indexedDB = indexedDB;
});

afterEach(async () => {
  for (const app of open.splice(0)) await closeApp(app);
});

async function priced(release: ReleasedModel, output: string): Promise<unknown> {
  const opened = await openRelease(release);
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
  const value = opened.model.read(output).value;
  opened.model.dispose();
  return value;
}

describe('the example library', () => {
  it('seeds every example and releases each product with the hash the files on disk give', async () => {
    const { library } = startApp();
    const report = await library.seedExamples(diskTexts);
    expect(report.errors).toEqual([]);
    expect(report.models.map((m) => [m.file, m.id, m.kind]).sort()).toEqual(Object.entries(diskWorkbooks).map(([file, w]) => [file, w.id, w.kind]).sort());
    expect(report.releases).toHaveLength(products.length);

    for (const [file, workbook] of products) {
      const fromDisk = await releaseWorkbooks(file, diskTexts);
      if (!fromDisk.ok) throw new Error(JSON.stringify(fromDisk.errors));
      const [stored] = await library.releases(workbook.id);
      expect(stored?.hash).toBe(fromDisk.release.hash);
      expect(stored?.version).toBe(workbook.version);
    }
    expect((await library.latestReleases()).map((r) => r.modelId).sort()).toEqual(products.map(([, w]) => w.id).sort());
  });

  it('a configurator on the seeded valve release prices the golden test case', async () => {
    const { library } = startApp();
    await library.seedExamples(diskTexts);
    const valve = diskWorkbooks['butterfly-valve.workbook.json'] as Workbook;
    const golden = valve.tests.find((t) => t.id === 'case-1');
    const [summary] = await library.releases('butterfly-valve');
    const release = await library.getRelease(summary?.hash ?? '');
    if (!release || !golden) throw new Error('missing');
    const opened = await openRelease(release);
    if (!opened.ok) throw new Error('does not open');
    expect(opened.model.set(golden.given)).toEqual({ ok: true });
    expect(opened.model.read('unit_price').value).toBe(golden.expect.unit_price);
    opened.model.dispose();
  });

  it('is all there after a reload: entries, document content and edits', async () => {
    const first = startApp();
    await first.library.seedExamples(diskTexts);
    const valve = await first.library.openModel('butterfly-valve');
    setCell(valve.doc, sheetIdByName(valve.doc, 'Inputs') as string, 0, 0, 'DN (nominal size)', 'test');
    await first.library.rename('aluminium-profile', { zh: '铝型材 A', en: 'Aluminium profile A' });
    await valve.close();
    const before = await first.library.list('', { includeDeleted: true });
    await closeApp(first);

    const second = startApp();
    expect(await second.library.list('', { includeDeleted: true })).toEqual(before);
    expect((await second.library.seedExamples(diskTexts)).skipped).toBe(true);
    for (const [file, workbook] of Object.entries(diskWorkbooks)) {
      const entry = before.find((e) => e.file === file);
      if (!entry) throw new Error(`no entry for ${file}`);
      const reopened = await second.library.openModel(entry.id);
      const expected = structuredClone(workbook);
      if (workbook.id === 'butterfly-valve') (expected.sheets[0]?.cells as Record<string, unknown>).A1 = 'DN (nominal size)';
      if (workbook.id === 'aluminium-profile') expected.name = { zh: '铝型材 A', en: 'Aluminium profile A' };
      expect(docToWorkbook(reopened.doc)).toEqual(expected);
      await reopened.close();
    }
    expect((await second.library.get('aluminium-profile'))?.nameEn).toBe('Aluminium profile A');
  });

  it('an edited model gives a new release; the old release still prices as before', async () => {
    const { library } = startApp();
    await library.seedExamples(diskTexts);
    const [old] = await library.releases('butterfly-valve');
    const valve = await library.openModel('butterfly-valve');
    // Tables!B2: the machining and assembly rate, 65 → 80 CNY/h.
    setCell(valve.doc, sheetIdByName(valve.doc, 'Tables') as string, 1, 1, 80, 'test');

    const refused = await library.release('butterfly-valve');
    expect(refused).toEqual({
      ok: false,
      errors: [
        {
          file: 'butterfly-valve.workbook.json',
          path: 'version',
          message: 'version 1.0.0 of butterfly-valve was released with different content; choose a new version (next free: 1.0.1)',
        },
      ],
    });
    const outcome = await library.release('butterfly-valve', { version: await library.suggestNextVersion('butterfly-valve') });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome).toMatchObject({ created: true, release: { version: '1.0.1' } });
    expect(outcome.release.hash).not.toBe(old?.hash);
    await valve.close();

    // Second path for the new figure: the file from disk with the same rate edit, version bumped.
    const edited = structuredClone(diskWorkbooks['butterfly-valve.workbook.json'] as Workbook);
    const tables = edited.sheets.find((s) => s.name === 'Tables');
    (tables?.rows?.[1] as unknown[])[1] = 80;
    edited.version = '1.0.1';
    const expectedNew = await PriceModel.open('butterfly-valve.workbook.json', memorySource({ ...diskTexts, 'butterfly-valve.workbook.json': edited }));
    if (!expectedNew.ok) throw new Error('edited file does not open');
    const newPrice = expectedNew.model.read('unit_price').value;
    expectedNew.model.dispose();
    const fromDisk = await releaseWorkbooks('butterfly-valve.workbook.json', { ...diskTexts, 'butterfly-valve.workbook.json': edited });
    expect(fromDisk.ok && fromDisk.release.hash).toBe(outcome.release.hash);

    const golden = (diskWorkbooks['butterfly-valve.workbook.json'] as Workbook).tests.find((t) => t.id === 'case-1');
    const oldRelease = await library.getRelease(old?.hash ?? '');
    const newRelease = await library.getRelease(outcome.release.hash);
    if (!oldRelease || !newRelease) throw new Error('missing release');
    expect(await priced(oldRelease, 'unit_price')).toBe(golden?.expect.unit_price);
    expect(await priced(newRelease, 'unit_price')).toBe(newPrice);
    expect(newPrice).not.toBe(golden?.expect.unit_price);
  });

  it('detects a release tampered with in storage', async () => {
    const { db, library } = startApp();
    await library.seedExamples(diskTexts);
    const [summary] = await library.releases('butterfly-valve');
    const record = await db.releases.get(summary?.hash ?? '');
    if (!record) throw new Error('missing');
    const tampered = record.text.replace('"Machining & assembly rate (CNY/h)",65', '"Machining & assembly rate (CNY/h)",60');
    expect(tampered).not.toBe(record.text);
    await db.releases.put({ ...record, text: tampered });
    await expect(library.getRelease(record.hash)).rejects.toThrow(TamperedReleaseError);
  });

  it('seeding interrupted half way and run again on the next start leaves no duplicates', async () => {
    const real = new IndexeddbDocPersistence();
    let opens = 0;
    const crashing: DocPersistence = {
      open: (name) => (++opens === 4 ? Promise.reject(new Error('tab closed')) : real.open(name)),
      delete: (name) => real.delete(name),
    };
    const first = startApp(crashing);
    await expect(first.library.seedExamples(diskTexts)).rejects.toThrow('tab closed');
    const partial = await first.db.models.count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(Object.keys(diskTexts).length);
    await closeApp(first);

    const second = startApp();
    const report = await second.library.seedExamples(diskTexts);
    expect(report.errors).toEqual([]);
    expect(await second.db.models.count()).toBe(Object.keys(diskTexts).length);
    expect(await second.db.releases.count()).toBe(products.length);
    for (const [file, workbook] of Object.entries(diskWorkbooks)) {
      const entry = (await second.library.list()).find((e) => e.file === file);
      if (!entry) throw new Error(`no entry for ${file}`);
      const doc = await second.library.openModel(entry.id);
      expect(docToWorkbook(doc.doc)).toEqual(workbook);
      await doc.close();
    }
  });
});
