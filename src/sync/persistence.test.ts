import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbDocPersistence, MemoryDocPersistence, openPersistedDoc } from './persistence.js';
import type { DocPersistence } from './persistence.js';

beforeEach(() => {
  // A fresh IndexedDB per test: y-indexeddb reads the global at call time.
  globalThis.indexedDB = new IDBFactory();
});

function write(doc: Y.Doc): void {
  doc.transact(() => {
    doc.getMap('model').set('id', 'valve');
    const list = new Y.Array<number>();
    list.push([1, 2, 3]);
    doc.getMap('model').set('list', list);
  });
}

function read(doc: Y.Doc): unknown {
  return doc.getMap('model').toJSON();
}

/** Has IndexedDB a database of this name? (Opening one that does not exist creates it at version 1 with no stores.) */
async function storedNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '').sort();
}

describe('openPersistedDoc (y-indexeddb)', () => {
  it('keeps content across destroy and reopen', async () => {
    const first = await openPersistedDoc('model:valve');
    expect(first.doc.getMap('model').size).toBe(0);
    write(first.doc);
    first.doc.getMap('model').set('later', 'edit after the first transaction');
    await first.destroy();
    // Edits after destroy are not stored.
    first.doc.getMap('model').set('unsaved', true);

    const again = await openPersistedDoc('model:valve');
    expect(read(again.doc)).toEqual({ id: 'valve', list: [1, 2, 3], later: 'edit after the first transaction' });
    await again.destroy();
  });

  it('keeps documents of different names apart', async () => {
    const a = await openPersistedDoc('model:a');
    a.doc.getMap('model').set('id', 'a');
    await a.destroy();
    const b = await openPersistedDoc('model:b');
    expect(b.doc.getMap('model').size).toBe(0);
    await b.destroy();
  });

  it('clear deletes the stored data', async () => {
    const first = await openPersistedDoc('model:gone');
    write(first.doc);
    await first.clear();
    expect(await storedNames()).not.toContain('model:gone');
    const again = await openPersistedDoc('model:gone');
    expect(again.doc.getMap('model').size).toBe(0);
    await again.destroy();
  });

  it('destroy twice is harmless', async () => {
    const p = await openPersistedDoc('model:twice');
    await p.destroy();
    await p.destroy();
    await expect(p.whenSynced).resolves.toBeUndefined();
  });
});

describe.each<[string, () => DocPersistence]>([
  ['IndexeddbDocPersistence', () => new IndexeddbDocPersistence()],
  ['MemoryDocPersistence', () => new MemoryDocPersistence()],
])('%s', (_name, make) => {
  it('reopens with the stored content, and delete removes it', async () => {
    const persistence = make();
    const p = await persistence.open('model:x');
    write(p.doc);
    await p.destroy();
    const q = await persistence.open('model:x');
    expect(read(q.doc)).toEqual({ id: 'valve', list: [1, 2, 3] });
    q.doc.getMap('model').set('second', 2);
    await q.destroy();
    const r = await persistence.open('model:x');
    expect(read(r.doc)).toEqual({ id: 'valve', list: [1, 2, 3], second: 2 });
    await r.destroy();

    await persistence.delete('model:x');
    const s = await persistence.open('model:x');
    expect(s.doc.getMap('model').size).toBe(0);
    await s.destroy();
  });

  it('two open copies of one name both keep their edits', async () => {
    const persistence = make();
    const a = await persistence.open('model:y');
    const b = await persistence.open('model:y');
    a.doc.getMap('model').set('a', 1);
    b.doc.getMap('model').set('b', 2);
    await a.destroy();
    await b.destroy();
    const c = await persistence.open('model:y');
    expect(read(c.doc)).toEqual({ a: 1, b: 2 });
    await c.destroy();
  });
});
