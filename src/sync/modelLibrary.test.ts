import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { loadWorkbookTree } from '../domain/workbook/load.js';
import { parseWorkbookText } from '../domain/workbook/parse.js';
import { PriceModel } from '../domain/workbook/PriceModel.js';
import { openRelease } from '../domain/workbook/release.js';
import type { Workbook } from '../domain/workbook/schema.js';
import { L, workbook } from '../domain/workbook/testSupport.js';
import { SuanpanDb } from '../store/db.js';
import { EXAMPLES_SEEDED } from '../store/setting.js';
import { modelMap } from './model/docShape.js';
import { bindModel } from './model/engineBinding.js';
import { docToWorkbook, listSheets, sheetIdByName } from './model/modelDoc.js';
import { setCell } from './model/modelCommands.js';
import { ModelLibrary, TamperedReleaseError } from './modelLibrary.js';
import type { ModelLibraryOptions } from './modelLibrary.js';
import { MemoryDocPersistence } from './persistence.js';
import type { DocPersistence } from './persistence.js';

/** A module: unit_cost = area × 12 (area a parameter bound to Calc!B1). */
const finish = workbook({
  id: 'finish',
  kind: 'module',
  name: L('Surface finish', '表面处理'),
  productLine: 'widgets',
  sheets: [{ name: 'Calc', cells: { A1: 'Area', B1: 2, A2: 'Rate', B2: 12, B3: '=B1*B2' } }],
  parameters: [{ id: 'area', label: L('Area'), type: 'number', bind: 'Calc!B1', default: 2 }],
  outputs: [{ id: 'unit_cost', label: L('Cost'), role: 'unit_cost', ref: 'Calc!B3' }],
});

/** A product including the module with area 3: unit_price = 100 + 3 × 12 = 136. */
const widget = workbook({
  id: 'widget',
  name: L('Widget', '小部件'),
  productLine: 'widgets',
  sheets: [{ name: 'Calc', cells: { A1: 'Base', B1: 100, B2: '=B1+finish.unit_cost' } }],
  modules: [{ id: 'finish', file: 'modules/finish.workbook.json', inputs: { area: 3 } }],
  outputs: [{ id: 'unit_price', label: L('Price'), role: 'unit_price', ref: 'Calc!B2' }],
});

const gadget = workbook({
  id: 'gadget',
  name: L('Gadget', '小器具'),
  productLine: 'gizmos',
  sheets: [{ name: 'Calc', cells: { B1: 7 } }],
  outputs: [{ id: 'unit_price', label: L('Price'), role: 'unit_price', ref: 'Calc!B1' }],
});

const files: Record<string, string> = {
  'widget.workbook.json': JSON.stringify(widget),
  'gadget.workbook.json': JSON.stringify(gadget),
  'modules/finish.workbook.json': JSON.stringify(finish),
};

function parsed(value: unknown): Workbook {
  const r = parseWorkbookText(JSON.stringify(value), 'test.workbook.json');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.workbook;
}

/** A clock that ticks one second per reading, from 2025-01-01T00:00:00Z. */
function ticking(): () => string {
  let t = Date.parse('2025-01-01T00:00:00.000Z');
  return () => new Date((t += 1000)).toISOString();
}

let db: SuanpanDb;
let persistence: MemoryDocPersistence;
let library: ModelLibrary;

function makeLibrary(extra: Partial<ModelLibraryOptions> = {}): ModelLibrary {
  return new ModelLibrary({ db, persistence, now: ticking(), projectionDelayMs: 10_000, ...extra });
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  db = new SuanpanDb('test', { indexedDB: globalThis.indexedDB, IDBKeyRange });
  persistence = new MemoryDocPersistence();
  library = makeLibrary();
});

afterEach(async () => {
  await library.dispose();
  db.close();
});

async function priceOf(model: PriceModel, output = 'unit_price'): Promise<unknown> {
  return model.read(output).value;
}

describe('seedExamples', () => {
  it('adds every file, releases the products, and reports a broken file without stopping', async () => {
    const report = await library.seedExamples({ ...files, 'broken.workbook.json': '{ "format": "suanpan.workbook/1", ' });
    expect(report.skipped).toBe(false);
    expect(report.models.map((m) => m.id).sort()).toEqual(['finish', 'gadget', 'widget']);
    expect(report.errors.map((e) => e.file)).toEqual(['broken.workbook.json']);
    expect(report.releases.map((r) => r.modelId).sort()).toEqual(['gadget', 'widget']);

    const finishEntry = await library.get('finish');
    expect(finishEntry).toMatchObject({ file: 'modules/finish.workbook.json', kind: 'module', nameEn: 'Surface finish', nameZh: '表面处理', version: '1.0.0', includes: [] });
    expect((await library.get('widget'))?.includes).toEqual(['modules/finish.workbook.json']);
    expect(await db.settings.get(EXAMPLES_SEEDED)).toBeDefined();

    // Released and priceable: 100 + 3 × 12.
    const latest = await library.latestReleases();
    const release = await library.getRelease(latest.find((r) => r.modelId === 'widget')?.hash ?? '');
    if (!release) throw new Error('no release');
    const opened = await openRelease(release);
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
    expect(await priceOf(opened.model)).toBe(136);
    opened.model.dispose();
  });

  it('runs once: a second call does nothing', async () => {
    await library.seedExamples(files);
    await library.remove('gadget');
    const again = await library.seedExamples(files);
    expect(again).toEqual({ skipped: true, models: [], releases: [], errors: [] });
    expect((await library.list()).map((e) => e.id)).toEqual(['finish', 'widget']);
    expect(await db.models.count()).toBe(3);
  });

  it('repeated after a crash half way, completes without duplicating anything', async () => {
    // The third document opened fails, as if the page were closed there.
    let opens = 0;
    const crashing: DocPersistence = {
      open: (name) => (++opens === 3 ? Promise.reject(new Error('page closed')) : persistence.open(name)),
      delete: (name) => persistence.delete(name),
    };
    const first = makeLibrary({ persistence: crashing });
    await expect(first.seedExamples(files)).rejects.toThrow('page closed');
    await first.dispose();
    expect(await db.models.count()).toBeGreaterThan(0);
    expect(await db.models.count()).toBeLessThan(3);
    expect(await db.settings.get(EXAMPLES_SEEDED)).toBeUndefined();

    const report = await library.seedExamples(files);
    expect(report.errors).toEqual([]);
    expect(await db.models.count()).toBe(3);
    expect(await db.releases.count()).toBe(2);
    // Every document holds its model.
    for (const id of ['widget', 'gadget', 'finish']) {
      const open = await library.openModel(id);
      expect(modelMap(open.doc).get('id')).toBe(id);
      await open.close();
    }
  });

  it('completes an entry whose document was never written', async () => {
    await library.seedExamples(files);
    await persistence.delete('model:gadget');
    await db.settings.delete(EXAMPLES_SEEDED);
    const report = await library.seedExamples(files);
    expect(report.errors).toEqual([]);
    const open = await library.openModel('gadget');
    expect(docToWorkbook(open.doc)).toEqual(parsed(gadget));
    await open.close();
  });
});

describe('list', () => {
  beforeEach(async () => {
    await library.seedExamples(files);
  });

  it('sorts by name and searches id, names and product line, ignoring case', async () => {
    expect((await library.list()).map((e) => e.nameEn)).toEqual(['Gadget', 'Surface finish', 'Widget']);
    expect((await library.list('SURFACE')).map((e) => e.id)).toEqual(['finish']);
    expect((await library.list('GADG')).map((e) => e.id)).toEqual(['gadget']);
    expect((await library.list('表面')).map((e) => e.id)).toEqual(['finish']);
    expect((await library.list('小部')).map((e) => e.id)).toEqual(['widget']);
    expect((await library.list('widgets')).map((e) => e.id)).toEqual(['finish', 'widget']);
    expect((await library.list('gizmo')).map((e) => e.id)).toEqual(['gadget']);
    expect((await library.list('', { kind: 'module' })).map((e) => e.id)).toEqual(['finish']);
    expect(await library.list('nothing like this')).toEqual([]);
  });

  it('leaves out models in the bin unless asked', async () => {
    await library.remove('gadget');
    expect((await library.list()).map((e) => e.id)).toEqual(['finish', 'widget']);
    expect((await library.list('', { includeDeleted: true })).map((e) => e.id)).toEqual(['gadget', 'finish', 'widget']);
  });
});

describe('create, duplicate, rename, import', () => {
  it('creates a blank model: one 20 × 8 sheet, version 0.1.0, CNY, id from the name', async () => {
    const entry = await library.create({ name: { zh: '齿轮箱', en: 'Gear box' }, productLine: 'gears' });
    expect(entry).toMatchObject({ id: 'gear-box', file: 'gear-box.workbook.json', kind: 'product', version: '0.1.0', productLine: 'gears', nameZh: '齿轮箱' });
    const open = await library.openModel('gear-box');
    expect(listSheets(open.doc).map((s) => [s.name, s.rowCount, s.colCount])).toEqual([['Sheet1', 20, 8]]);
    const wb = docToWorkbook(open.doc);
    expect(wb).toMatchObject({ id: 'gear-box', version: '0.1.0', currency: 'CNY', parameters: [], outputs: [], modules: [] });
    await open.close();

    expect((await library.create({ name: { zh: '齿轮箱', en: 'Gear box' }, productLine: 'gears' })).id).toBe('gear-box-2');
    expect((await library.create({ name: { zh: '阀', en: '阀' }, productLine: 'x' })).id).toBe('model');
    expect(await library.create({ name: { zh: '涂层', en: 'Coating' }, productLine: 'x', kind: 'module' })).toMatchObject({ id: 'coating', file: 'modules/coating.workbook.json', kind: 'module' });
  });

  it('refuses unfit names and ids, saying which', async () => {
    await expect(library.create({ name: { zh: '', en: 'X' }, productLine: 'p' })).rejects.toThrow(/name\.zh must not be empty/);
    await expect(library.create({ name: { zh: 'x', en: 'X' }, productLine: ' ' })).rejects.toThrow(/productLine must not be empty/);
    await expect(library.create({ name: { zh: 'x', en: 'X' }, productLine: 'p', id: '9 lives' })).rejects.toThrow(/"9 lives".*must start with a letter/);
    await library.create({ name: { zh: 'x', en: 'X' }, productLine: 'p', id: 'taken' });
    await expect(library.create({ name: { zh: 'x', en: 'X' }, productLine: 'p', id: 'taken' })).rejects.toThrow(/already a model with id "taken"/);
  });

  it('duplicates into a document of its own', async () => {
    await library.seedExamples(files);
    const copy = await library.duplicate('widget');
    expect(copy).toMatchObject({ id: 'widget-copy', file: 'widget-copy.workbook.json', nameEn: 'Widget (copy)', nameZh: '小部件（副本）', includes: ['modules/finish.workbook.json'] });

    const original = await library.openModel('widget');
    const twin = await library.openModel('widget-copy');
    expect(twin.doc).not.toBe(original.doc);
    expect(docToWorkbook(twin.doc)).toEqual({ ...parsed(widget), id: 'widget-copy', name: { en: 'Widget (copy)', zh: '小部件（副本）' } });
    setCell(twin.doc, sheetIdByName(twin.doc, 'Calc') as string, 0, 1, 500, 'test');
    expect(docToWorkbook(original.doc).sheets[0]?.cells?.B1).toBe(100);
    await original.close();
    await twin.close();
    expect((await library.duplicate('widget')).id).toBe('widget-copy-2');
  });

  it('renames in the document and the entry', async () => {
    await library.seedExamples(files);
    const renamed = await library.rename('widget', { zh: '新部件', en: 'New widget' });
    expect(renamed).toMatchObject({ nameZh: '新部件', nameEn: 'New widget' });
    const open = await library.openModel('widget');
    expect(docToWorkbook(open.doc).name).toEqual({ zh: '新部件', en: 'New widget' });
    await open.close();
    await expect(library.rename('widget', { zh: '新部件', en: '' })).rejects.toThrow(/name\.en must not be empty/);
  });

  it('imports a workbook under a new id when its id is taken, never overwriting', async () => {
    await library.seedExamples(files);
    const other = parsed({ ...gadget, name: L('Other gadget', '另一个') });
    const entry = await library.importWorkbook(other);
    expect(entry).toMatchObject({ id: 'gadget-2', file: 'gadget-2.workbook.json', nameEn: 'Other gadget' });
    const open = await library.openModel('gadget');
    expect(docToWorkbook(open.doc).name.en).toBe('Gadget');
    await open.close();
    const imported = await library.openModel('gadget-2');
    expect(docToWorkbook(imported.doc)).toEqual({ ...other, id: 'gadget-2' });
    await imported.close();
  });

  it('clears a leftover document of an interrupted create when its id is used', async () => {
    const stale = await persistence.open('model:fresh');
    stale.doc.getMap('model').set('id', 'something old');
    await stale.destroy();
    const entry = await library.create({ name: L('Fresh'), productLine: 'p' });
    expect(entry.id).toBe('fresh');
    const open = await library.openModel('fresh');
    expect(docToWorkbook(open.doc).name.en).toBe('Fresh');
    await open.close();
  });
});

describe('remove, restore, purge', () => {
  beforeEach(async () => {
    await library.seedExamples(files);
  });

  it('will not bin a module a product includes, and names the product', async () => {
    await expect(library.remove('finish')).rejects.toThrow('module "Surface finish" (finish) cannot be deleted: it is included by "Widget" (widget)');
    await library.remove('widget');
    const binned = await library.remove('finish');
    expect(binned.deletedAt).toBeDefined();
    // Restoring the product brings back the module it needs.
    const restored = await library.restore('widget');
    expect(restored.deletedAt).toBeUndefined();
    expect((await library.get('finish'))?.deletedAt).toBeUndefined();
  });

  it('a binned model cannot be opened or released until restored', async () => {
    await library.remove('gadget');
    await expect(library.openModel('gadget')).rejects.toThrow(/in the bin; restore it first/);
    expect(await library.release('gadget')).toMatchObject({ ok: false });
    await library.restore('gadget');
    const open = await library.openModel('gadget');
    await open.close();
  });

  it('purges the entry and the stored document, but not a module still included', async () => {
    await library.remove('widget');
    await expect(library.purge('finish')).rejects.toThrow(/included by "Widget" \(widget\)/);
    const open = await library.openModel('gadget');
    await expect(library.purge('gadget')).rejects.toThrow(/is open/);
    await open.close();
    await library.purge('gadget');
    await library.purge('widget');
    await library.purge('finish');
    expect(await db.models.count()).toBe(0);
    expect(persistence.names()).toEqual([]);
    // Releases stay: configurations and quotes pin them.
    expect(await db.releases.count()).toBe(2);
  });

  it('a module no longer included can be binned once the include is gone from the document', async () => {
    const open = await library.openModel('widget');
    open.doc.transact(() => (modelMap(open.doc).get('modules') as Y.Array<unknown>).delete(0, 1));
    await open.flush();
    expect((await library.get('widget'))?.includes).toEqual([]);
    await open.close();
    expect((await library.remove('finish')).deletedAt).toBeDefined();
  });
});

describe('openModel', () => {
  beforeEach(async () => {
    await library.seedExamples(files);
  });

  it('shares one live document between handles', async () => {
    const a = await library.openModel('widget');
    const b = await library.openModel('widget');
    expect(b.doc).toBe(a.doc);
    await a.close();
    await a.close(); // twice: harmless, does not close b's document
    const c = await library.openModel('widget');
    expect(c.doc).toBe(b.doc);
    await b.close();
    await c.close();
    const d = await library.openModel('widget');
    expect(d.doc).not.toBe(a.doc);
    await d.close();
  });

  it('keeps the entry in step with document edits', async () => {
    const open = await library.openModel('widget');
    const before = await library.get('widget');
    open.doc.transact(() => {
      const name = modelMap(open.doc).get('name') as Y.Map<string>;
      name.set('en', 'Widget Pro');
      modelMap(open.doc).set('productLine', 'pro-widgets');
    }, 'remote');
    await open.flush();
    const after = await library.get('widget');
    expect(after).toMatchObject({ nameEn: 'Widget Pro', nameZh: '小部件', productLine: 'pro-widgets' });
    expect(after?.updatedAt && before?.updatedAt && after.updatedAt > before.updatedAt).toBe(true);
    expect(after?.createdAt).toBe(before?.createdAt);
    await open.close();
  });

  it('writes the projection on its own after the delay, in one transaction per batch of edits', async () => {
    const quick = makeLibrary({ projectionDelayMs: 5 });
    const open = await quick.openModel('gadget');
    const sheet = sheetIdByName(open.doc, 'Calc') as string;
    const spy = vi.spyOn(db.models, 'put');
    setCell(open.doc, sheet, 0, 1, 8, 'test');
    setCell(open.doc, sheet, 0, 1, 9, 'test');
    (modelMap(open.doc).get('name') as Y.Map<string>).set('en', 'Gadget 2');
    await vi.waitFor(async () => expect((await quick.get('gadget'))?.nameEn).toBe('Gadget 2'));
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    await open.close();
    await quick.dispose();
  });

  it('an edit not yet projected when the library went away is projected on the next open', async () => {
    const open = await library.openModel('gadget');
    (modelMap(open.doc).get('name') as Y.Map<string>).set('en', 'Gadget X');
    // Simulate a closed page: the document kept the edit, the entry never heard of it.
    const stored = await persistence.open('model:gadget');
    expect((modelMap(stored.doc).get('name') as Y.Map<string>).get('en')).toBe('Gadget X');
    await stored.destroy();
    const fresh = makeLibrary();
    expect((await fresh.get('gadget'))?.nameEn).toBe('Gadget');
    const again = await fresh.openModel('gadget');
    expect((await fresh.get('gadget'))?.nameEn).toBe('Gadget X');
    await again.close();
    await fresh.dispose();
    await open.close();
  });
});

describe('moduleSource', () => {
  it('serves the library models as files, and nothing for an unknown path', async () => {
    await library.seedExamples(files);
    const source = library.moduleSource();
    expect(JSON.parse((await source.read('modules/finish.workbook.json')) ?? 'null')).toEqual(parsed(finish));
    expect(await source.read('modules/nothing.workbook.json')).toBeUndefined();
    const tree = await loadWorkbookTree('widget.workbook.json', source);
    expect(tree.ok).toBe(true);
    const missing = await loadWorkbookTree('nothing.workbook.json', source);
    expect(missing).toEqual({ ok: false, errors: [{ file: 'nothing.workbook.json', path: '$', message: 'file not found' }] });
  });

  it('lets the engine binding price a product with modules from the library, following module edits', async () => {
    await library.seedExamples(files);
    const product = await library.openModel('widget');
    const binding = await bindModel(product.doc, product.entry.file, library.moduleSource());
    expect(binding.model.read('unit_price').value).toBe(136);
    binding.dispose();

    const module = await library.openModel('finish');
    setCell(module.doc, sheetIdByName(module.doc, 'Calc') as string, 1, 1, 20, 'test'); // rate 12 → 20
    const rebound = await bindModel(product.doc, product.entry.file, library.moduleSource());
    expect(rebound.model.read('unit_price').value).toBe(160); // 100 + 3 × 20
    rebound.dispose();
    await module.close();
    await product.close();
  });
});

describe('releases', () => {
  beforeEach(async () => {
    await library.seedExamples(files);
  });

  it('releasing unchanged content again gives the stored release', async () => {
    const [seeded] = await library.releases('widget');
    const again = await library.release('widget', { releasedAt: '2030-01-01T00:00:00.000Z' });
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(again.created).toBe(false);
    expect(again.release.hash).toBe(seeded?.hash);
    expect(again.release.releasedAt).toBe(seeded?.releasedAt);
    expect(await db.releases.count()).toBe(2);
  });

  it('refuses a released version with new content, takes a new version, and keeps the old price', async () => {
    const open = await library.openModel('widget');
    setCell(open.doc, sheetIdByName(open.doc, 'Calc') as string, 0, 1, 150, 'test');

    const clash = await library.release('widget');
    expect(clash).toEqual({
      ok: false,
      errors: [{ file: 'widget.workbook.json', path: 'version', message: 'version 1.0.0 of widget was released with different content; choose a new version (next free: 1.0.1)' }],
    });
    expect(docToWorkbook(open.doc).version).toBe('1.0.0');
    expect(await library.suggestNextVersion('widget')).toBe('1.0.1');
    expect(await library.release('widget', { version: '1.0.0' })).toMatchObject({ ok: false });
    expect(await library.release('widget', { version: 'v2' })).toEqual({
      ok: false,
      errors: [{ file: 'widget.workbook.json', path: 'version', message: '"v2" must be a version like 1.0.0' }],
    });

    const next = await library.release('widget', { version: '1.0.1' });
    if (!next.ok) throw new Error(JSON.stringify(next.errors));
    expect(next.created).toBe(true);
    expect(next.release.version).toBe('1.0.1');
    expect(docToWorkbook(open.doc).version).toBe('1.0.1');
    expect((await library.get('widget'))?.version).toBe('1.0.1');
    await open.close();

    const [newest, oldest] = await library.releases('widget');
    expect([newest?.version, oldest?.version]).toEqual(['1.0.1', '1.0.0']);
    expect(newest?.hash).not.toBe(oldest?.hash);
    expect((await library.latestReleases()).map((r) => [r.modelId, r.version])).toEqual([
      ['gadget', '1.0.0'],
      ['widget', '1.0.1'],
    ]);
    const prices = [];
    for (const summary of [oldest, newest]) {
      const release = await library.getRelease(summary?.hash ?? '');
      if (!release) throw new Error('missing release');
      const opened = await openRelease(release);
      if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
      prices.push(opened.model.read('unit_price').value);
      opened.model.dispose();
    }
    expect(prices).toEqual([136, 186]); // 100 + 36, then 150 + 36
    expect(await library.suggestNextVersion('widget')).toBe('1.0.2');
  });

  it('a module edit makes a new release of the product that includes it', async () => {
    const module = await library.openModel('finish');
    setCell(module.doc, sheetIdByName(module.doc, 'Calc') as string, 1, 1, 20, 'test');
    await module.close();
    const outcome = await library.release('widget', { version: '1.1.0' });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.created).toBe(true);
    const opened = await openRelease(outcome.release);
    if (!opened.ok) throw new Error('does not open');
    expect(opened.model.read('unit_price').value).toBe(160);
    opened.model.dispose();
  });

  it('reports a missing module at the include instead of releasing', async () => {
    const open = await library.openModel('widget');
    const modules = modelMap(open.doc).get('modules') as Y.Array<Y.Map<unknown>>;
    modules.get(0).set('file', 'modules/gone.workbook.json');
    const outcome = await library.release('widget', { version: '2.0.0' });
    expect(outcome).toMatchObject({ ok: false, errors: [{ file: 'widget.workbook.json', path: 'modules[0].file' }] });
    expect(docToWorkbook(open.doc).version).toBe('1.0.0');
    await open.close();
  });

  it('does not release a module on its own', async () => {
    expect(await library.release('finish')).toMatchObject({ ok: false, errors: [{ path: 'kind' }] });
  });

  it('detects a tampered stored release', async () => {
    const [summary] = await library.releases('widget');
    const hash = summary?.hash ?? '';
    const record = await db.releases.get(hash);
    if (!record) throw new Error('missing');
    await db.releases.put({ ...record, text: record.text.replace('"B1":100', '"B1":99') });
    await expect(library.getRelease(hash)).rejects.toThrow(TamperedReleaseError);
    await expect(library.getRelease(hash)).rejects.toThrow(/content hash is [0-9a-f]{64}, the release says/);
    await db.releases.put({ ...record, text: '{not json' });
    await expect(library.getRelease(hash)).rejects.toThrow(/not JSON/);
    expect(await library.getRelease('0'.repeat(64))).toBeUndefined();
  });

  it('suggests the current version while it is unreleased and ahead', async () => {
    const open = await library.openModel('gadget');
    modelMap(open.doc).set('version', '3.0.0');
    await open.close();
    expect(await library.suggestNextVersion('gadget')).toBe('3.0.0');
  });
});

it('PriceModel on the seeded module directly agrees with the hand computation', async () => {
  // Guards the fixture itself: 2 × 12 at the module's defaults.
  await library.seedExamples(files);
  const opened = await PriceModel.open('modules/finish.workbook.json', library.moduleSource());
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
  expect(opened.model.read('unit_cost').value).toBe(24);
  opened.model.dispose();
});
