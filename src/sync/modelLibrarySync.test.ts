/**
 * Two devices (two Dexie databases, two document stores) exchanging model documents as a sync
 * server would: Y.encodeStateAsUpdate on one side, Y.applyUpdate on the other.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openRelease } from '../domain/workbook/release.js';
import type { ReleasedModel } from '../domain/workbook/release.js';
import { L, workbook } from '../domain/workbook/testSupport.js';
import { SuanpanDb } from '../store/db.js';
import { sheetIdByName } from './model/modelDoc.js';
import { setCell } from './model/modelCommands.js';
import { ModelLibrary } from './modelLibrary.js';
import type { OpenModel } from './modelLibrary.js';
import { libraryMap, readLibraryMeta, releasesMap } from './modelLibraryDoc.js';
import { MemoryDocPersistence } from './persistence.js';
import type { DocPersistence } from './persistence.js';

/** unit_cost = area × 12. */
const finish = workbook({
  id: 'finish',
  kind: 'module',
  name: L('Surface finish', '表面处理'),
  productLine: 'widgets',
  sheets: [{ name: 'Calc', cells: { A1: 'Area', B1: 2, A2: 'Rate', B2: 12, B3: '=B1*B2' } }],
  parameters: [{ id: 'area', label: L('Area'), type: 'number', bind: 'Calc!B1', default: 2 }],
  outputs: [{ id: 'unit_cost', label: L('Cost'), role: 'unit_cost', ref: 'Calc!B3' }],
});

/** unit_price = B1 + finish at area 3 = 100 + 36 = 136. */
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

function ticking(from: string): () => string {
  let t = Date.parse(from);
  return () => new Date((t += 1000)).toISOString();
}

/** Documents as the server holds them: name → state. */
let server: Map<string, Uint8Array>;

/**
 * Local documents that fill from `server` only when `whenServerSynced` is awaited, as the
 * network persistence does: `open` gives the device's copy, the server's content comes later.
 */
function serverBacked(local: MemoryDocPersistence): DocPersistence {
  return {
    async open(name) {
      const persisted = await local.open(name);
      return {
        ...persisted,
        whenServerSynced: () => {
          const state = server.get(name);
          if (state) Y.applyUpdate(persisted.doc, state, 'server');
          return Promise.resolve(true);
        },
      };
    },
    delete: (name) => local.delete(name),
  };
}

let db1: SuanpanDb;
let db2: SuanpanDb;
let local1: MemoryDocPersistence;
let local2: MemoryDocPersistence;
let one: ModelLibrary;
let two: ModelLibrary;
let oneErrors: unknown[];
let twoErrors: unknown[];

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  const dexie = { indexedDB: globalThis.indexedDB, IDBKeyRange };
  db1 = new SuanpanDb('device-1', dexie);
  db2 = new SuanpanDb('device-2', dexie);
  local1 = new MemoryDocPersistence();
  local2 = new MemoryDocPersistence();
  server = new Map();
  twoErrors = [];
  oneErrors = [];
  one = new ModelLibrary({
    db: db1,
    persistence: local1,
    now: ticking('2025-01-01T00:00:00.000Z'),
    projectionDelayMs: 10_000,
    onError: (e) => oneErrors.push(e),
  });
  two = new ModelLibrary({
    db: db2,
    persistence: serverBacked(local2),
    now: ticking('2026-06-01T00:00:00.000Z'),
    projectionDelayMs: 10_000,
    onError: (e) => twoErrors.push(e),
  });
});

afterEach(async () => {
  await one.dispose();
  await two.dispose();
  db1.close();
  db2.close();
});

/** Device 1 sends its stored copy of `name` to the server. */
async function publish(name: string): Promise<void> {
  const stored = await local1.open(name);
  server.set(name, Y.encodeStateAsUpdate(stored.doc));
  await stored.destroy();
}

/** What `from` has that `to` lacks, applied to `to` as a remote update. */
function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

async function priceOf(release: ReleasedModel | undefined): Promise<unknown> {
  if (!release) throw new Error('no such release');
  const opened = await openRelease(release);
  if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
  const value = opened.model.read('unit_price').value;
  opened.model.dispose();
  return value;
}

describe('adopt', () => {
  it('lists a model from another device with its release: same hash, same content, same price', async () => {
    await one.seedExamples(files);
    await publish('model:widget');
    expect(local2.names()).toEqual([]);

    const entry = await two.adopt('widget');
    expect(entry).toMatchObject({
      id: 'widget',
      file: 'widget.workbook.json',
      kind: 'product',
      nameEn: 'Widget',
      nameZh: '小部件',
      productLine: 'widgets',
      version: '1.0.0',
      includes: ['modules/finish.workbook.json'],
    });
    // Created on device 1 (2025), not when device 2 saw it (2026).
    expect(entry?.createdAt).toBe((await one.get('widget'))?.createdAt);
    expect(entry?.createdAt.startsWith('2025-01-01')).toBe(true);
    expect((await two.list()).map((e) => [e.id, e.nameEn, e.version])).toEqual([['widget', 'Widget', '1.0.0']]);
    expect(local2.names()).toEqual(['model:widget']);

    const [released] = await one.releases('widget');
    const received = await two.releases('widget');
    expect(received.map((r) => r.hash)).toEqual([released?.hash]);
    const hash = released?.hash ?? '';
    expect(await two.getRelease(hash)).toEqual(await one.getRelease(hash));
    expect(await priceOf(await two.getRelease(hash))).toBe(136); // 100 + 3 × 12
    // The released 1.0.0 is known here, so the next release is offered as 1.0.1.
    expect(await two.suggestNextVersion('widget')).toBe('1.0.1');
  });

  it('is idempotent', async () => {
    await one.seedExamples(files);
    await publish('model:widget');
    const first = await two.adopt('widget');
    const second = await two.adopt('widget');
    expect(second).toEqual(first);
    expect(await db2.models.count()).toBe(1);
    expect(await db2.releases.count()).toBe(1);
    // Also while the model is open here.
    const open = await two.openModel('widget');
    expect(await two.adopt('widget')).toEqual(first);
    await open.close();
  });

  it('lists nothing, and keeps no copy, for an empty, foreign or unnamed document', async () => {
    expect(await two.adopt('nothing')).toBeUndefined();
    const foreign = new Y.Doc();
    foreign.getMap('header').set('number', 'Q-1');
    server.set('model:foreign', Y.encodeStateAsUpdate(foreign));
    expect(await two.adopt('foreign')).toBeUndefined();
    expect(await two.adopt('not an id!')).toBeUndefined();
    expect(local2.names()).toEqual([]);
    expect(await db2.models.count()).toBe(0);
  });

  it('refuses a model whose file another model uses here, saying which', async () => {
    // Device 2 has its own model "other" at widget.workbook.json.
    await two.seedExamples({ 'widget.workbook.json': JSON.stringify({ ...gadget, id: 'other' }) });
    await one.seedExamples(files);
    await publish('model:widget');
    await expect(two.adopt('widget')).rejects.toThrow('model:widget cannot be listed: its file "widget.workbook.json" is already used by model "other" on this device');
    expect(await two.get('widget')).toBeUndefined();
    expect((await two.get('other'))?.nameEn).toBe('Gadget');
  });

  it('leaves out release records that fail their checks, saying which, and keeps the good ones', async () => {
    await one.seedExamples(files);
    const [good] = await db1.releases.where('modelId').equals('widget').toArray();
    if (!good) throw new Error('no release');
    const open = await one.openModel('widget');
    open.doc.transact(() => {
      releasesMap(open.doc).set('0'.repeat(64), { ...good }); // under another hash
      releasesMap(open.doc).set('1'.repeat(64), { hash: '1'.repeat(64) }); // no header
      releasesMap(open.doc).set('2'.repeat(64), { ...good, hash: '2'.repeat(64), modelId: 'gadget' }); // another model's
    });
    await open.close();
    await publish('model:widget');

    expect(await two.adopt('widget')).toBeDefined();
    expect((await db2.releases.toArray()).map((r) => r.hash)).toEqual([good.hash]);
    // Reported once, not again when the document changes and is projected anew.
    const again = await two.openModel('widget');
    await two.rename('widget', L('Widget 2', '小部件 2'));
    await again.close();
    expect(twoErrors).toHaveLength(1);
    expect(oneErrors).toHaveLength(1); // device 1 projects its own document with the same checks
    const message = String((twoErrors[0] as Error).message);
    expect(message).toContain(`model:widget releases.${'0'.repeat(64)}: the record says hash ${good.hash}`);
    expect(message).toContain(`model:widget releases.${'1'.repeat(64)}: modelId`);
    expect(message).toContain(`model:widget releases.${'2'.repeat(64)}: the record belongs to model "gadget"`);
  });
});

describe('an open document follows the other device', () => {
  let open1: OpenModel;
  let open2: OpenModel;

  beforeEach(async () => {
    await one.seedExamples(files);
    await publish('model:widget');
    await publish('model:finish');
    await two.adopt('widget');
    await two.adopt('finish');
    open1 = await one.openModel('widget');
    open2 = await two.openModel('widget');
  });

  afterEach(async () => {
    await open1.close();
    await open2.close();
  });

  it('a release made on device 1 reaches device 2 releases, priced on its content', async () => {
    setCell(open1.doc, sheetIdByName(open1.doc, 'Calc') as string, 0, 1, 150, 'test');
    const outcome = await one.release('widget', { version: '1.0.1' });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(await db2.releases.count()).toBe(1);

    send(open1.doc, open2.doc);
    await open2.flush();
    expect((await two.releases('widget')).map((r) => [r.version, r.hash])).toEqual([
      ['1.0.1', outcome.release.hash],
      ['1.0.0', (await one.releases('widget'))[1]?.hash],
    ]);
    expect(await priceOf(await two.getRelease(outcome.release.hash))).toBe(186); // 150 + 3 × 12
    expect((await two.get('widget'))?.version).toBe('1.0.1');
    expect(await two.suggestNextVersion('widget')).toBe('1.0.2');
  });

  it('a version released on device 1 is taken on device 2 too, even before the projection ran', async () => {
    setCell(open1.doc, sheetIdByName(open1.doc, 'Calc') as string, 0, 1, 150, 'test');
    const outcome = await one.release('widget', { version: '1.0.1' });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    send(open1.doc, open2.doc); // the projection waits 10 s; release must not
    setCell(open2.doc, sheetIdByName(open2.doc, 'Calc') as string, 0, 1, 170, 'test');
    expect(await two.release('widget', { version: '1.0.1' })).toEqual({
      ok: false,
      errors: [{ file: 'widget.workbook.json', path: 'version', message: 'version 1.0.1 of widget was released with different content; choose a new version (next free: 1.0.2)' }],
    });
    const mine = await two.release('widget', { version: '1.0.2' });
    if (!mine.ok) throw new Error(JSON.stringify(mine.errors));
    expect(await priceOf(mine.release)).toBe(206); // 170 + 36

    // And back: device 1 receives device 2's release.
    send(open2.doc, open1.doc);
    await open1.flush();
    expect((await one.releases('widget')).map((r) => r.version)).toEqual(['1.0.2', '1.0.1', '1.0.0']);
    expect(await priceOf(await one.getRelease(mine.release.hash))).toBe(206);
  });

  it('a rename on device 1 shows on device 2', async () => {
    await one.rename('widget', { zh: '新部件', en: 'New widget' });
    send(open1.doc, open2.doc);
    await open2.flush();
    expect(await two.get('widget')).toMatchObject({ nameZh: '新部件', nameEn: 'New widget' });
    expect((await two.list('new')).map((e) => e.id)).toEqual(['widget']);
  });

  it('the bin travels: removed on device 1, in the bin on device 2; restored, back', async () => {
    const removed = await one.remove('widget');
    expect(removed.deletedAt).toBe((await one.get('widget'))?.deletedAt);
    send(open1.doc, open2.doc);
    await open2.flush();
    expect((await two.get('widget'))?.deletedAt).toBe(removed.deletedAt);
    expect((await two.list()).map((e) => e.id)).toEqual(['finish']);

    await one.restore('widget');
    send(open1.doc, open2.doc);
    await open2.flush();
    expect((await two.get('widget'))?.deletedAt).toBeUndefined();
    expect((await two.list()).map((e) => e.id)).toEqual(['finish', 'widget']);
  });
});

describe('the library part of the document', () => {
  it('is written with a new model; a copy gets its own and none of the source releases', async () => {
    await one.seedExamples(files);
    const entry = await one.get('widget');
    const open = await one.openModel('widget');
    expect(readLibraryMeta(open.doc)).toEqual({ file: 'widget.workbook.json', createdAt: entry?.createdAt, deletedAt: undefined });
    expect([...releasesMap(open.doc).keys()]).toEqual((await one.releases('widget')).map((r) => r.hash));
    await open.close();

    const copy = await one.duplicate('widget');
    const twin = await one.openModel(copy.id);
    expect(readLibraryMeta(twin.doc)).toEqual({ file: 'widget-copy.workbook.json', createdAt: copy.createdAt, deletedAt: undefined });
    expect(releasesMap(twin.doc).size).toBe(0);
    await twin.close();
    expect(await one.releases('widget-copy')).toEqual([]);
  });

  it('is filled from this device on first open of a document written before it existed, and then travels', async () => {
    await one.seedExamples(files);
    await one.remove('gadget');
    // As stored before this change: the model only.
    for (const id of ['widget', 'gadget']) {
      const stored = await local1.open(`model:${id}`);
      stored.doc.transact(() => {
        for (const key of [...libraryMap(stored.doc).keys()]) libraryMap(stored.doc).delete(key);
        for (const key of [...releasesMap(stored.doc).keys()]) releasesMap(stored.doc).delete(key);
      });
      await stored.destroy();
    }
    await publish('model:widget');
    // Nothing to list yet: the document does not say where the model belongs.
    expect(await two.adopt('widget')).toBeUndefined();
    expect(local2.names()).toEqual([]);

    const widgetEntry = await one.get('widget');
    const [widgetRelease] = await one.releases('widget');
    await (await one.openModel('widget')).close();
    await one.restore('gadget'); // opens its document through the library too
    const gadgetEntry = await one.get('gadget');
    await one.remove('gadget');
    for (const [id, entry] of [['widget', widgetEntry], ['gadget', gadgetEntry]] as const) {
      const stored = await local1.open(`model:${id}`);
      expect(readLibraryMeta(stored.doc)).toMatchObject({ file: `${id}.workbook.json`, createdAt: entry?.createdAt });
      expect(releasesMap(stored.doc).size).toBe(1);
      await stored.destroy();
    }

    await publish('model:widget');
    await publish('model:gadget');
    expect((await two.adopt('widget'))?.createdAt).toBe(widgetEntry?.createdAt);
    expect((await two.releases('widget')).map((r) => r.hash)).toEqual([widgetRelease?.hash]);
    const gadgetThere = await two.adopt('gadget');
    expect(gadgetThere?.deletedAt).toBe((await one.get('gadget'))?.deletedAt);
    expect(gadgetThere?.deletedAt).toBeDefined();
  });

  it('a release stored here but missing from the document (a crash in between) is put back by releasing again', async () => {
    await one.seedExamples(files);
    const [release] = await one.releases('widget');
    const hash = release?.hash ?? '';
    const open = await one.openModel('widget');
    open.doc.transact(() => releasesMap(open.doc).delete(hash));
    const again = await one.release('widget');
    expect(again).toMatchObject({ ok: true, created: false });
    expect(releasesMap(open.doc).has(hash)).toBe(true);
    await open.close();
  });

  it('a tampered stored release is refused and never copied into the document', async () => {
    await one.seedExamples(files);
    const [release] = await one.releases('widget');
    const hash = release?.hash ?? '';
    const record = await db1.releases.get(hash);
    if (!record) throw new Error('missing');
    await db1.releases.put({ ...record, text: record.text.replace('"B1":100', '"B1":99') });
    const open = await one.openModel('widget');
    open.doc.transact(() => releasesMap(open.doc).delete(hash));
    const again = await one.release('widget');
    expect(again).toMatchObject({ ok: false, errors: [{ file: 'widget.workbook.json', path: '$' }] });
    expect(releasesMap(open.doc).has(hash)).toBe(false);
    await open.close();
  });

  it('a projection of the other device’s edits is one Dexie write of the entry', async () => {
    await one.seedExamples(files);
    await publish('model:gadget');
    await two.adopt('gadget');
    const open1 = await one.openModel('gadget');
    const open2 = await two.openModel('gadget');
    await one.rename('gadget', { zh: '器具', en: 'Gizmo' });
    const put = vi.spyOn(db2.models, 'put');
    send(open1.doc, open2.doc);
    await open2.flush();
    expect(put).toHaveBeenCalledTimes(1);
    put.mockRestore();
    await open1.close();
    await open2.close();
  });
});
