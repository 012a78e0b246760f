import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SavedConfiguration } from '../domain/configurator/SavedConfiguration.js';
import { ConfigurationStore, DamagedConfigurationError } from './configurations.js';
import { SuanpanDb } from './db.js';

const HASH = 'ab'.repeat(32);

function config(id: string, over: Record<string, unknown> = {}): SavedConfiguration {
  return SavedConfiguration.parse({
    id: `configuration:${id}`,
    name: `Config ${id}`,
    modelId: 'butterfly-valve',
    modelVersion: '1.0.0',
    releaseHash: HASH,
    values: { dn: 200, seat: 'PTFE' },
    userSet: ['dn'],
    savedAt: '2026-05-04T08:30:00.000Z',
    ...over,
  });
}

let db: SuanpanDb;
let store: ConfigurationStore;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  db = new SuanpanDb('configurations-test', { indexedDB: globalThis.indexedDB, IDBKeyRange });
  store = new ConfigurationStore(db);
});

afterEach(() => db.close());

describe('ConfigurationStore', () => {
  it('saves, reads back, updates in place and removes', async () => {
    const a = config('a');
    await store.save(a);
    expect(await store.get('configuration:a')).toEqual(a);
    await store.save({ ...a, name: 'Renamed', savedAt: '2026-05-05T00:00:00.000Z' });
    expect(await db.configurations.count()).toBe(1);
    expect((await store.get('configuration:a'))?.name).toBe('Renamed');
    expect(await store.remove('configuration:a')).toBe(true);
    expect(await store.remove('configuration:a')).toBe(false);
    expect(await store.get('configuration:a')).toBeUndefined();
  });

  it('lists newest first, all or of one model', async () => {
    await store.save(config('old', { savedAt: '2026-01-01T00:00:00.000Z' }));
    await store.save(config('new', { savedAt: '2026-03-01T00:00:00.000Z' }));
    await store.save(config('other', { modelId: 'aluminium-profile', savedAt: '2026-02-01T00:00:00.000Z' }));
    expect((await store.list()).map((c) => c.id)).toEqual(['configuration:new', 'configuration:other', 'configuration:old']);
    expect((await store.list('butterfly-valve')).map((c) => c.id)).toEqual(['configuration:new', 'configuration:old']);
    expect(await store.list('nothing')).toEqual([]);
  });

  it('refuses to write a record that fails the schema, naming the field', async () => {
    const bad = { ...config('x'), name: '' } as SavedConfiguration;
    await expect(store.save(bad)).rejects.toThrow(/cannot save configuration "configuration:x".*name/s);
    expect(await db.configurations.count()).toBe(0);
  });

  it('reports a damaged stored record instead of using it, and keeps it', async () => {
    await store.save(config('good'));
    // Written behind the store's back (an old version, a hand edit).
    await db.configurations.put({ ...config('bad'), releaseHash: 'not a hash' } as unknown as SavedConfiguration);
    expect((await store.list()).map((c) => c.id)).toEqual(['configuration:good']);
    await expect(store.get('configuration:bad')).rejects.toThrow(DamagedConfigurationError);
    await expect(store.get('configuration:bad')).rejects.toThrow(/configuration:bad.*releaseHash/s);
    expect(await store.damaged()).toEqual([{ id: 'configuration:bad', problem: expect.stringContaining('releaseHash') as unknown }]);
    expect(await db.configurations.count()).toBe(2);
  });
});
