/**
 * Scale-out: two server instances sharing Redis and PostgreSQL, with real clients on each.
 * Edits on one instance reach clients of the other live; concurrent edits of a model and a
 * quote through different instances converge; after both stop, a third instance serves the
 * documents intact from PostgreSQL; a token one instance issued is good on the other.
 *
 * Redis and PostgreSQL are throwaway servers (test/support/services.ts); without them this
 * suite is skipped, and under CI=true it fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.js';
import type { RunningServer } from '../../server/main.js';
import { postgresDocumentStore } from '../../server/postgresDocuments.js';
import { redisRelay, redisSettings } from '../../server/redisRelay.js';
import type { QuoteEvent, QuoteHeader, QuoteLineRecord } from '../../src/domain/quote/QuoteRecord.js';
import { addSheet, insertRows, setCell } from '../../src/sync/model/modelCommands.js';
import { docToWorkbook, getCell, workbookToDoc } from '../../src/sync/model/modelDoc.js';
import { initQuote, insertLine, readQuote, updateHeader } from '../../src/sync/quote/quoteDoc.js';
import { describeWithServices, freePort, startPostgres, startRedis } from '../support/services.js';
import type { RunningService } from '../support/services.js';
import { connectClient, login, until } from '../support/syncClient.js';
import type { SyncClient } from '../support/syncClient.js';
import { readWorkbook } from '../support/workbooks.js';
import { FIXTURE_AT, fixtureHeader } from '../support/quoteFixtures.js';

const PASSWORD = 'scale-out-test-password';
const MODEL = 'model:scale-out-valve';
const QUOTE = 'quote:q-scale-out';

const at = FIXTURE_AT;
const header: QuoteHeader = fixtureHeader({ id: 'q-scale-out' });
const lineWithId = (id: string): QuoteLineRecord => ({
  kind: 'catalogue',
  id,
  sku: 'SVC-INSTALL',
  description: `Installation ${id}`,
  quantity: 2,
  unit: 'day',
  unitPriceMinor: 320000,
  unitCostMinor: 180000,
  discountPct: 5,
  inclusion: 'standard',
  chosen: true,
});
const created: QuoteEvent = { at, revision: 1, kind: 'created', to: 'inquiry', by: 'test' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small seeded generator (mulberry32), so the interleaving of a failing run can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Same updates seen, same content (map key order differs by arrival, so not JSON text). */
function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) && isDeepStrictEqual(a.toJSON(), b.toJSON());
}

function quoteOf(doc: Y.Doc) {
  const read = readQuote(doc);
  if (!read.ok) throw new Error(read.problems.join('; '));
  return read.quote;
}

function ok(result: { ok: boolean; problems?: readonly string[] }): void {
  if (!result.ok) throw new Error(`command refused: ${(result.problems ?? []).join('; ')}`);
}

describe('scale-out configuration', () => {
  it('refuses REDIS_URL without DATABASE_URL, saying why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'suanpan-scale-'));
    try {
      await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, appDir: dataDir, redisUrl: 'redis://127.0.0.1:6379', log: () => undefined })).rejects.toThrow(
        /REDIS_URL is set without DATABASE_URL/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reads a Redis URL, and refuses one that is not', () => {
    expect(redisSettings('rediss://relay:p%40ss@cache.example:6380/2')).toEqual({
      host: 'cache.example',
      port: 6380,
      options: { username: 'relay', password: 'p@ss', db: 2, tls: {} },
    });
    expect(redisSettings('redis://127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, options: {} });
    expect(() => redisSettings('http://127.0.0.1:6379')).toThrow(/must start with redis:\/\//);
    expect(() => redisSettings('redis://127.0.0.1:6379/x')).toThrow(/database must be a whole number/);
    expect(() => redisSettings('127.0.0.1:6379')).toThrow(/redis:\/\//);
  });

  it('says where when Redis or PostgreSQL cannot be reached, without the password', async () => {
    const port = await freePort();
    await expect(redisRelay(`redis://127.0.0.1:${port}`, () => undefined, 300)).rejects.toThrow(`Redis at 127.0.0.1:${port} could not be used`);
    const failure = postgresDocumentStore(`postgresql://someone:secret-pw@127.0.0.1:${port}/suanpan`, { log: () => undefined });
    await expect(failure).rejects.toThrow(`PostgreSQL at postgresql://someone:***@127.0.0.1:${port}/suanpan could not be used`);
    await expect(failure).rejects.not.toThrow(/secret-pw/);
  });
});

describeWithServices('scale-out with Redis and PostgreSQL', () => {
  let redis: RunningService | undefined;
  let postgres: RunningService | undefined;
  let appDir: string;
  let emptyDir: string;
  const dirs: string[] = [];
  const running: RunningServer[] = [];
  const clients: SyncClient[] = [];
  const logged: string[] = [];

  async function instance(): Promise<RunningServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'suanpan-scale-'));
    dirs.push(dataDir);
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      appDir,
      // No demo workspace: seeding takes seconds and is tested on its own (seed.test.ts).
      workbooksDir: emptyDir,
      demoPassword: PASSWORD,
      databaseUrl: postgres?.url,
      redisUrl: redis?.url,
      log: (line) => logged.push(line),
    });
    running.push(server);
    return server;
  }

  function client(server: RunningServer, name: string, token: string): SyncClient {
    const c = connectClient(server.url, name, token);
    clients.push(c);
    return c;
  }

  async function stop(server: RunningServer): Promise<void> {
    running.splice(running.indexOf(server), 1);
    await server.close();
  }

  /** A new database in the test cluster, for tests that need a store of their own. */
  async function freshDatabase(name: string): Promise<string> {
    const admin = new pg.Client({ connectionString: postgres?.url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return (postgres?.url ?? '').replace(/\/postgres$/, `/${name}`);
  }

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    appDir = mkdtempSync(join(tmpdir(), 'suanpan-app-'));
    mkdirSync(join(appDir, 'assets'));
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Suanpan</title>');
    emptyDir = mkdtempSync(join(tmpdir(), 'suanpan-no-workbooks-'));
  }, 60_000);

  afterAll(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await Promise.allSettled(running.splice(0).map((s) => s.close()));
    await Promise.allSettled([redis?.stop(), postgres?.stop()]);
    for (const dir of [...dirs, appDir, emptyDir]) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('two instances: shared login, live relay, concurrent edits converge, a third instance reads them back', async () => {
    // Started together: schema, signing key and demo users are created once between them.
    const [one, two] = await Promise.all([instance(), instance()]);
    const seededNames = [...one.seeded, ...two.seeded].map((u) => u.username).sort();
    expect(seededNames).toEqual(['admin', 'approver', 'engineer', 'sales']);

    // A token from instance 1 is good on instance 2, for the API and for sync.
    const salesToken = await login(one.url, 'sales', PASSWORD);
    const me = await fetch(`${two.url}/api/me`, { headers: { authorization: `Bearer ${salesToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('sales');
    const refreshed = await fetch(`${one.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'engineer', password: PASSWORD }) });
    const { refreshToken } = (await refreshed.json()) as { refreshToken: string };
    const renewed = await fetch(`${two.url}/api/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
    expect(renewed.status).toBe(200);

    const engineerOne = client(one, MODEL, await login(one.url, 'engineer', PASSWORD));
    const engineerTwo = client(two, MODEL, await login(two.url, 'engineer', PASSWORD));
    const salesOne = client(one, QUOTE, salesToken);
    const salesTwo = client(two, QUOTE, salesToken);
    await Promise.all([engineerOne.ready, engineerTwo.ready, salesOne.ready, salesTwo.ready]);

    // Live: what a client of instance 1 writes appears at a client of instance 2.
    workbookToDoc(readWorkbook('workbooks/butterfly-valve.workbook.json'), engineerOne.doc, 'test');
    const sheet = addSheet(engineerOne.doc, { name: 'ScaleOut', rows: 40, cols: 2 }, 'test');
    setCell(engineerOne.doc, sheet, 0, 0, 21, 'test');
    await until(() => engineerTwo.doc.getMap('model').size > 0 && getCell(engineerTwo.doc, sheet, 0, 0) === 21, 'the model edit on instance 1 reaching a client of instance 2');
    ok(initQuote(salesOne.doc, header, [lineWithId('l-1')], created, 'test'));
    await until(() => salesTwo.doc.getMap('header').size > 0, 'the new quote reaching a client of instance 2');

    // Concurrent: in one synchronous stretch, so neither client has seen the other's edit.
    insertRows(engineerOne.doc, sheet, 0, 1, 'test');
    setCell(engineerOne.doc, sheet, 0, 0, 'from-1', 'test');
    insertRows(engineerTwo.doc, sheet, 0, 1, 'test');
    setCell(engineerTwo.doc, sheet, 0, 1, 'from-2', 'test');
    setCell(engineerTwo.doc, sheet, 1, 1, '=A2*2', 'test');
    ok(updateHeader(salesOne.doc, { notes: 'from instance 1' }, 'test'));
    ok(updateHeader(salesTwo.doc, { validUntil: '2027-01-15' }, 'test'));
    ok(insertLine(salesOne.doc, lineWithId('a-0'), undefined, 'test'));
    ok(insertLine(salesTwo.doc, lineWithId('b-0'), 0, 'test'));

    await until(() => sameState(engineerOne.doc, engineerTwo.doc), 'the concurrent row inserts settling', 10_000);

    // Then bursts from both sides, interleaved with the network by a seeded schedule.
    const random = seededRandom(6);
    for (let i = 1; i <= 15; i++) {
      setCell(engineerOne.doc, sheet, 10 + i, 0, i, 'test');
      setCell(engineerTwo.doc, sheet, 10 + i, 1, `=A${11 + i}+1`, 'test');
      ok(insertLine(salesOne.doc, lineWithId(`a-${i}`), undefined, 'test'));
      ok(insertLine(salesTwo.doc, lineWithId(`b-${i}`), Math.floor(random() * 3), 'test'));
      await sleep(Math.floor(random() * 15));
    }

    await until(() => sameState(engineerOne.doc, engineerTwo.doc) && sameState(salesOne.doc, salesTwo.doc), 'the replicas on both instances converging', 10_000);

    // Model, by hand: 40 rows plus one inserted on each side; the two new rows lead, 21 and
    // the formula that pointed at its row (A2) moved down together to row 3.
    for (const doc of [engineerOne.doc, engineerTwo.doc]) {
      expect(getCell(doc, sheet, 2, 0)).toBe(21);
      expect(getCell(doc, sheet, 2, 1)).toBe('=A3*2');
      const top = [0, 1].map((row) => [getCell(doc, sheet, row, 0), getCell(doc, sheet, row, 1)]);
      expect(top).toContainEqual(['from-1', null]);
      expect(top).toContainEqual([null, 'from-2']);
      for (let i = 1; i <= 15; i++) {
        expect(getCell(doc, sheet, 10 + i, 0)).toBe(i);
        expect(getCell(doc, sheet, 10 + i, 1)).toBe(`=A${11 + i}+1`);
      }
    }
    // Quote, by hand: both header edits, and every line either side inserted, once.
    const expectedLines = ['l-1', ...Array.from({ length: 16 }, (_, i) => `a-${i}`), ...Array.from({ length: 16 }, (_, i) => `b-${i}`)].sort();
    for (const doc of [salesOne.doc, salesTwo.doc]) {
      const quote = quoteOf(doc);
      expect(quote.header.notes).toBe('from instance 1');
      expect(quote.header.validUntil).toBe('2027-01-15');
      expect(quote.lines.map((l) => l.id).sort()).toEqual(expectedLines);
    }
    // Instance 1's lines went to the end each time, so they keep their order among themselves.
    expect(quoteOf(salesOne.doc).lines.map((l) => l.id).filter((id) => id.startsWith('a-'))).toEqual(Array.from({ length: 16 }, (_, i) => `a-${i}`));

    const workbookAtEnd = docToWorkbook(engineerOne.doc);
    const quoteAtEnd = quoteOf(salesOne.doc);

    // Both instances stop at once, each storing its copy: the stores merge, nothing is lost.
    for (const c of clients.splice(0)) c.destroy();
    await Promise.all([stop(one), stop(two)]);

    const three = await instance();
    expect(three.seeded).toEqual([]);
    const engineerThree = client(three, MODEL, await login(three.url, 'engineer', PASSWORD));
    const salesThree = client(three, QUOTE, salesToken);
    await Promise.all([engineerThree.ready, salesThree.ready]);
    expect(docToWorkbook(engineerThree.doc)).toEqual(workbookAtEnd);
    expect(quoteOf(salesThree.doc)).toEqual(quoteAtEnd);
    expect((await three.documents.list()).map((d) => d.name)).toEqual(expect.arrayContaining([MODEL, QUOTE]));
  }, 90_000);

  it('merges concurrent writes of one document instead of keeping only the last', async () => {
    const url = await freshDatabase('store_merge');
    const store = await postgresDocumentStore(url, { log: () => undefined });
    try {
      const base = new Y.Doc();
      base.getMap('header').set('notes', 'base');
      const left = new Y.Doc();
      const right = new Y.Doc();
      Y.applyUpdate(left, Y.encodeStateAsUpdate(base));
      Y.applyUpdate(right, Y.encodeStateAsUpdate(base));
      left.getMap('header').set('validUntil', '2027-01-15');
      right.getArray('lines').push(['l-9']);
      // The first write of a name races an insert as well as an update.
      await Promise.all([store.store('quote:q-merge', Y.encodeStateAsUpdate(left)), store.store('quote:q-merge', Y.encodeStateAsUpdate(right))]);
      const loaded = new Y.Doc();
      Y.applyUpdate(loaded, (await store.load('quote:q-merge')) ?? new Uint8Array());
      expect(loaded.getMap('header').toJSON()).toEqual({ notes: 'base', validUntil: '2027-01-15' });
      expect(loaded.getArray('lines').toJSON()).toEqual(['l-9']);
      expect(await store.load('quote:nothing-here')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('lets exactly one of several instances claim the seeding, and lists names in byte order', async () => {
    const url = await freshDatabase('store_claim');
    const stores = await Promise.all([1, 2, 3].map(() => postgresDocumentStore(url, { log: () => undefined })));
    try {
      const claims = await Promise.all(stores.map((s, i) => s.claimSeed(`instance-${i}`)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await stores[0]?.claimSeed('later')).toBe(false);
      for (const name of ['quote:a', 'crm', 'quote:B', 'model:a']) await stores[1]?.store(name, Y.encodeStateAsUpdate(new Y.Doc()));
      const listed = (await stores[2]?.list()) ?? [];
      expect(listed.map((d) => d.name)).toEqual(['crm', 'model:a', 'quote:B', 'quote:a']);
      expect(listed.every((d) => !Number.isNaN(Date.parse(d.updatedAt)))).toBe(true);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('hands out one sequence across instances: quote numbers never repeat, and a floor lifts it', async () => {
    const url = await freshDatabase('store_counters');
    const stores = await Promise.all([1, 2, 3].map(() => postgresDocumentStore(url, { log: () => undefined })));
    try {
      const got = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 3]?.nextInSequence('quote-number|Q|2031', 0)));
      expect(got.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(await stores[0]?.nextInSequence('quote-number|Q|2031', 50)).toBe(51);
      expect(await stores[1]?.nextInSequence('quote-number|Q|2032', 0)).toBe(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
