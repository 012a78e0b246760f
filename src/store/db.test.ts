import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { SuanpanDb } from './db.js';
import { ModelEntry, ModelId } from './modelEntry.js';

const entry = ModelEntry.parse({
  id: 'butterfly-valve',
  file: 'butterfly-valve.workbook.json',
  kind: 'product',
  nameZh: '蝶阀',
  nameEn: 'Butterfly valve',
  productLine: 'valves',
  version: '1.0.0',
  includes: ['modules/actuator.workbook.json'],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

describe('SuanpanDb', () => {
  it('has the version 2 tables and indexes', async () => {
    const indexedDB = new IDBFactory();
    const db = new SuanpanDb('schema-test', { indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(2);
    const schema = Object.fromEntries(db.tables.map((t) => [t.name, [t.schema.primKey.name, ...t.schema.indexes.map((i) => i.name)]]));
    expect(schema).toEqual({
      models: ['id', 'file', 'kind', 'productLine', 'updatedAt', 'deletedAt', 'includes'],
      releases: ['hash', 'modelId', '[modelId+version]', 'releasedAt'],
      configurations: ['id', 'modelId', 'savedAt'],
      settings: ['key'],
      quotes: [
        'id',
        'number',
        'customerId',
        'customerName',
        'state',
        'owner',
        'updatedAt',
        'createdAt',
        'quoteDate',
        'totalMinor',
        '[state+updatedAt]',
        '[state+quoteDate]',
        '[state+totalMinor]',
        '[state+number]',
        '[state+customerName]',
        '[owner+updatedAt]',
        '[owner+quoteDate]',
        '[owner+totalMinor]',
        '[owner+number]',
        '[owner+customerName]',
        '[owner+state+updatedAt]',
        '[customerId+updatedAt]',
        'productLines',
        'words',
      ],
      customers: ['id', 'name', 'tier', 'region', 'owner', 'industry', 'updatedAt', 'deletedAt', '[tier+name]', '[owner+name]', '[region+name]', '[owner+updatedAt]', 'words'],
    });
    db.close();
  });

  it('keeps files unique and finds includers through the multi-entry index', async () => {
    const indexedDB = new IDBFactory();
    const db = new SuanpanDb('index-test', { indexedDB, IDBKeyRange });
    await db.models.add(entry);
    await expect(db.models.add({ ...entry, id: ModelId.parse('other') })).rejects.toThrow(/ConstraintError|uniqueness/i);
    expect((await db.models.where('includes').equals('modules/actuator.workbook.json').toArray()).map((e) => e.id)).toEqual(['butterfly-valve']);
    db.close();
    // Reopened by name: the data is there.
    const again = new SuanpanDb('index-test', { indexedDB, IDBKeyRange });
    expect(await again.models.get('butterfly-valve')).toEqual(entry);
    again.close();
  });

  it('rejects malformed entries at the schema', () => {
    expect(ModelEntry.safeParse({ ...entry, id: 'has space' }).success).toBe(false);
    expect(ModelEntry.safeParse({ ...entry, kind: 'assembly' }).success).toBe(false);
    expect(ModelEntry.safeParse({ ...entry, updatedAt: 'now' }).success).toBe(false);
    expect(ModelEntry.safeParse({ ...entry, extra: 1 }).success).toBe(false);
  });
});
