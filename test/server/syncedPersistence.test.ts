/**
 * The browser's sync seam (src/sync/network/syncedPersistence.ts) against the real server:
 * edits travel between two devices, offline edits are counted as pending and merged on
 * reconnect, a document closed before the server acknowledged it syncs from the outbox at the
 * next connection, and presence carries the identity the server vouched for.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.js';
import type { RunningServer } from '../../server/main.js';
import { MemoryDocPersistence } from '../../src/sync/persistence.js';
import { SyncedPersistence, colourFor } from '../../src/sync/network/syncedPersistence.js';
import type { SyncStatus } from '../../src/sync/network/syncedPersistence.js';
import { login, until } from '../support/syncClient.js';

/** No demo workspace for these tests: seeding takes seconds and is tested in seed.test.ts. */
const NO_SEED = join(tmpdir(), 'suanpan-no-workbooks');

const PASSWORD = 'synced-persistence-password';
let dataDir: string;
let appDir: string;
let server: RunningServer;
const made: SyncedPersistence[] = [];

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

function device(username: string, storage = memoryStorage(), base = new MemoryDocPersistence()) {
  const synced = new SyncedPersistence(base, {
    url: `${server.url.replace('http', 'ws')}/sync`,
    token: () => login(server.url, username, PASSWORD),
    user: { username, displayName: username, role: 'claimed-by-client', colour: colourFor(username) },
    storage,
    WebSocketPolyfill: WebSocket,
  });
  made.push(synced);
  let status: SyncStatus = synced.status();
  synced.onStatus((s) => (status = s));
  return { synced, storage, base, status: () => status };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'suanpan-synced-'));
  appDir = mkdtempSync(join(tmpdir(), 'suanpan-app-'));
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Suanpan</title>');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, appDir, workbooksDir: NO_SEED, demoPassword: PASSWORD, log: () => undefined });
});

afterEach(async () => {
  for (const s of made.splice(0)) await s.destroy();
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

describe('SyncedPersistence', () => {
  it('brings an edit from one device to another and reports online with nothing pending', async () => {
    const a = device('sales');
    const b = device('admin');
    const docA = await a.synced.open('quote:sp-1');
    const docB = await b.synced.open('quote:sp-1');
    expect(await docA.whenServerSynced()).toBe(true);
    expect(await docB.whenServerSynced()).toBe(true);
    docA.doc.getMap('header').set('notes', 'two pumps');
    await until(() => docB.doc.getMap('header').get('notes') === 'two pumps', 'the edit on device b');
    await until(() => a.status().state === 'online' && a.status().pending === 0, 'device a settled');
  });

  it('counts offline edits as pending and merges both sides on reconnect', async () => {
    const a = device('sales');
    const b = device('sales');
    const docA = await a.synced.open('quote:sp-2');
    const docB = await b.synced.open('quote:sp-2');
    await Promise.all([docA.whenServerSynced(), docB.whenServerSynced()]);
    a.synced.goOffline();
    await until(() => a.status().state === 'offline', 'device a offline');
    docA.doc.getArray('lines').push(['from a 1', 'from a 2', 'from a 3']);
    docB.doc.getArray('lines').push(['from b']);
    expect(a.status().pending).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(docB.doc.getArray('lines').toArray()).toEqual(['from b']);
    a.synced.goOnline();
    await until(() => docA.doc.getArray('lines').length === 4 && docB.doc.getArray('lines').length === 4, 'both sides merged');
    expect(docA.doc.getArray('lines').toArray().sort()).toEqual(['from a 1', 'from a 2', 'from a 3', 'from b']);
    expect(docB.doc.getArray('lines').toJSON()).toEqual(docA.doc.getArray('lines').toJSON());
    await until(() => a.status().state === 'online' && a.status().pending === 0, 'device a settled');
  });

  it('syncs a document closed offline from the outbox at the next connection, across a reload', async () => {
    const storage = memoryStorage();
    const base = new MemoryDocPersistence();
    const a = device('sales', storage, base);
    const first = await a.synced.open('quote:sp-3');
    await first.whenServerSynced();
    a.synced.goOffline();
    await until(() => a.status().state === 'offline', 'offline');
    first.doc.getMap('header').set('notes', 'written offline');
    await first.destroy();
    expect(JSON.parse(storage.items.get('suanpan.outbox') ?? '[]')).toEqual(['quote:sp-3']);
    expect(a.status().pending).toBe(1);
    await a.synced.destroy();

    // A "reload": a new persistence over the same local storage and outbox.
    const again = device('sales', storage, base);
    await until(() => again.status().state === 'online' && again.status().pending === 0, 'the outbox drained', 10_000);
    expect(JSON.parse(storage.items.get('suanpan.outbox') ?? '[]')).toEqual([]);
    const b = device('admin');
    const docB = await b.synced.open('quote:sp-3');
    await docB.whenServerSynced();
    expect(docB.doc.getMap('header').get('notes')).toBe('written offline');
  });

  it('shows each user under the identity the server vouched for, not the one the client claimed', async () => {
    const a = device('sales');
    const b = device('approver');
    const docA = await a.synced.open('quote:sp-4');
    const docB = await b.synced.open('quote:sp-4');
    await Promise.all([docA.whenServerSynced(), docB.whenServerSynced()]);
    // The client claims to be someone else; the server stamps its token's identity.
    docA.awareness.setLocalStateField('user', { username: 'admin', displayName: 'Boss', role: 'admin', colour: 'red' });
    docA.awareness.setLocalStateField('focus', { field: 'notes' });
    const seen = () => [...docB.awareness.getStates().entries()].find(([id]) => id === docA.doc.clientID)?.[1] as { user?: Record<string, string>; focus?: unknown } | undefined;
    await until(() => seen()?.focus !== undefined, 'a’s presence on b');
    expect(seen()?.user).toMatchObject({ username: 'sales', role: 'sales', colour: 'red' });
    expect(seen()?.focus).toEqual({ field: 'notes' });
  });

  it('does not count the edits of a read-only document as pending', async () => {
    const a = device('sales');
    const model = await a.synced.open('model:sp-5');
    await model.whenServerSynced();
    await until(() => model.readOnly(), 'the read-only scope');
    model.doc.getMap('model').set('version', '9.9.9');
    await new Promise((r) => setTimeout(r, 200));
    expect(a.status()).toEqual({ state: 'online', pending: 0 });
  });
});

describe('GET /api/documents', () => {
  it('lists the stored documents with what the token’s role may do, and refuses a missing token', async () => {
    await server.documents.store('model:listed-model', new Uint8Array([0, 0]));
    await server.documents.store('quote:listed-quote', new Uint8Array([0, 0]));
    const res = await fetch(`${server.url}/api/documents`, { headers: { authorization: `Bearer ${await login(server.url, 'sales', PASSWORD)}` } });
    const { documents } = (await res.json()) as { documents: { name: string; access: string; updatedAt: string }[] };
    const byName = new Map(documents.map((d) => [d.name, d]));
    // Sales may only read models (ARCHITECTURE.md) and may edit quotes.
    expect(byName.get('model:listed-model')?.access).toBe('read');
    expect(byName.get('quote:listed-quote')?.access).toBe('write');
    expect(Number.isNaN(Date.parse(byName.get('quote:listed-quote')?.updatedAt ?? ''))).toBe(false);
    expect((await fetch(`${server.url}/api/documents`)).status).toBe(401);
  });
});
