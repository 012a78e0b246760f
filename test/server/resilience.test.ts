/**
 * The sync server under stress, with real providers against a real server on port 0: two
 * clients edit offline and reconnect, the server stops and restarts mid-session, a read-only
 * role pushes edits, and hostile or broken clients send garbage, oversized updates and bad
 * tokens. Nothing is lost, everything refused is logged, and well-behaved clients sync on.
 *
 * Every check compares a document with what the edits were expected to leave, worked out
 * beside the document from the list of edits (`Expected`), never read back from a replica.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from 'jose';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.js';
import type { RunningServer } from '../../server/main.js';
import { sqliteDocumentStore } from '../../server/documents.js';
import { openStore } from '../../server/store.js';
import { MAX_MESSAGE_BYTES } from '../../server/sync.js';
import { issueTokens, loadKeys } from '../../server/tokens.js';
import type { TokenKeys } from '../../server/tokens.js';
import { connectClient, login, until } from '../support/syncClient.js';
import type { SyncClient } from '../support/syncClient.js';

const PASSWORD = 'resilience-test-password';
let dataDir: string;
let appDir: string;
let server: RunningServer;
const logged: string[] = [];
const clients: SyncClient[] = [];
const sockets: WebSocket[] = [];

async function start(port = 0): Promise<RunningServer> {
  // No workbooks: the demo workspace is not seeded (it is not what these tests are about).
  return startServer({ port, host: '127.0.0.1', dataDir, appDir, workbooksDir: appDir, demoPassword: PASSWORD, log: (l) => logged.push(l) });
}

function client(name: string, token: string): SyncClient {
  const c = connectClient(server.url, name, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'suanpan-resilience-'));
  appDir = mkdtempSync(join(tmpdir(), 'suanpan-app-'));
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Suanpan</title>');
  server = await start();
}, 30_000);

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.terminate();
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Quote-shaped edits and what they must leave behind

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const header = (doc: Y.Doc) => doc.getMap<string>('header');
const lines = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('lines');
const notes = (doc: Y.Doc) => doc.getText('notes');
const MARKER = /<[a-z]+\d+>/g;

/**
 * What a set of edits must leave, kept beside the documents: header fields each writer owns,
 * lines by id with their quantity, and the markers in the notes text. The `status` field is
 * written by everyone; it must end as one writer's last value.
 */
class Expected {
  readonly fields = new Map<string, string>();
  readonly quantities = new Map<string, number>();
  readonly markers = new Set<string>();
  readonly lastStatus = new Map<string, string>();
  operations = 0;
}

/** Who made a line or marker: its label is the writer's name and the edit's number. */
const writerOf = (label: string): string => label.replace(/^<|>$/g, '').replace(/\d+$/, '');

/**
 * `count` edits by `who` on `doc`, each in its own transaction: header fields (own and shared),
 * new lines, quantity changes on own lines, markers inserted into and deleted from the notes.
 * `from` numbers the edits, so labels stay unique across rounds.
 */
function edit(doc: Y.Doc, who: string, from: number, count: number, rand: () => number, expected: Expected): void {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  for (let k = from; k < from + count; k++) {
    const label = `${who}${k}`;
    const ownLines = [...expected.quantities.keys()].filter((id) => writerOf(id) === who);
    const ownMarkers = [...expected.markers].filter((m) => writerOf(m) === who);
    const r = rand();
    // Changes to own lines and markers need some to exist; until then, markers are added.
    const kind = r < 0.2 ? 'field' : r < 0.28 ? 'status' : r < 0.5 ? 'line' : r < 0.6 && ownLines.length > 0 ? 'quantity' : r >= 0.88 && ownMarkers.length > 0 ? 'unmark' : 'mark';
    doc.transact(() => {
      switch (kind) {
        case 'field': {
          const field = `${who}.field${Math.floor(rand() * 8)}`;
          header(doc).set(field, label);
          expected.fields.set(field, label);
          break;
        }
        case 'status':
          header(doc).set('status', label);
          expected.lastStatus.set(who, label);
          break;
        case 'line': {
          const line = new Y.Map<unknown>();
          line.set('id', label);
          line.set('quantity', k);
          lines(doc).push([line]);
          expected.quantities.set(label, k);
          break;
        }
        case 'quantity': {
          const id = pick(ownLines);
          const line = lines(doc).toArray().find((m) => m.get('id') === id);
          if (!line) throw new Error(`line ${id} is missing on ${who}'s own replica`);
          line.set('quantity', k + 100_000);
          expected.quantities.set(id, k + 100_000);
          break;
        }
        case 'mark': {
          // At a marker boundary only, so no insert splits a marker.
          const text = notes(doc).toString();
          const at = text.indexOf('<', Math.floor(rand() * (text.length + 1)));
          notes(doc).insert(at === -1 ? text.length : at, `<${label}>`);
          expected.markers.add(`<${label}>`);
          break;
        }
        case 'unmark': {
          const marker = pick(ownMarkers);
          const at = notes(doc).toString().indexOf(marker);
          if (at === -1) throw new Error(`marker ${marker} is missing on ${who}'s own replica`);
          notes(doc).delete(at, marker.length);
          expected.markers.delete(marker);
          break;
        }
      }
    });
    expected.operations++;
  }
}

function copyOf(e: Expected): Expected {
  const copy = new Expected();
  for (const [k, v] of e.fields) copy.fields.set(k, v);
  for (const [k, v] of e.quantities) copy.quantities.set(k, v);
  for (const m of e.markers) copy.markers.add(m);
  for (const [k, v] of e.lastStatus) copy.lastStatus.set(k, v);
  copy.operations = e.operations;
  return copy;
}

/** What differs between a replica and what was expected (empty when nothing). */
function differences(doc: Y.Doc, expected: Expected): string[] {
  const found: string[] = [];
  const h = header(doc);
  for (const [field, value] of expected.fields) if (h.get(field) !== value) found.push(`header ${field} is ${String(h.get(field))}, expected ${value}`);
  const status = h.get('status');
  if (expected.lastStatus.size > 0 && ![...expected.lastStatus.values()].includes(status as string)) found.push(`status ${String(status)} is no writer's last value`);
  const quantities = new Map<string, unknown>();
  for (const line of lines(doc)) {
    const id = String(line.get('id'));
    if (quantities.has(id)) found.push(`line ${id} appears twice`);
    quantities.set(id, line.get('quantity'));
  }
  for (const [id, quantity] of expected.quantities) if (quantities.get(id) !== quantity) found.push(`line ${id} has quantity ${String(quantities.get(id))}, expected ${quantity}`);
  for (const id of quantities.keys()) if (!expected.quantities.has(id)) found.push(`line ${id} was never added`);
  const text = notes(doc).toString();
  const markers = text.match(MARKER) ?? [];
  if (text.replace(MARKER, '') !== '') found.push(`the notes hold text that is no whole marker: ${text.replace(MARKER, '').slice(0, 40)}`);
  const seen = new Set<string>();
  for (const m of markers) {
    if (seen.has(m)) found.push(`marker ${m} appears twice`);
    seen.add(m);
    if (!expected.markers.has(m)) found.push(`marker ${m} should not be there`);
  }
  for (const m of expected.markers) if (!seen.has(m)) found.push(`marker ${m} is lost`);
  return found;
}

/** The same content and the same Yjs state on both replicas. */
function identical(a: Y.Doc, b: Y.Doc): boolean {
  // Header keys sorted: a map's key order is each replica's own insertion order.
  const content = (d: Y.Doc) => JSON.stringify([[...header(d).entries()].sort(([x], [y]) => (x < y ? -1 : 1)), lines(d).toJSON(), notes(d).toString()]);
  return content(a) === content(b) && Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
}

function docOf(state: Uint8Array | undefined): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

/** The document as the running server has stored it. */
async function stored(name: string): Promise<Y.Doc> {
  return docOf(await server.documents.load(name));
}

/** Like `until`, for a check that has to await. */
async function eventually(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for `doc` to hold what is expected; on timeout, says what is still missing. */
async function holds(doc: () => Y.Doc, expected: Expected, what: string, ms = 15_000): Promise<void> {
  try {
    await until(() => differences(doc(), expected).length === 0, what, ms);
  } catch (e) {
    throw new Error(`${(e as Error).message}:\n  ${differences(doc(), expected).slice(0, 10).join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------------------------

describe('offline editing and restarts', () => {
  it('merges 500 offline edits from each of two clients without losing one', async () => {
    const name = 'quote:q-offline-500';
    const token = await login(server.url, 'sales', PASSWORD);
    const a = client(name, token);
    const b = client(name, token);
    await Promise.all([a.ready, b.ready]);
    const expected = new Expected();
    const rand = seeded(20261127);
    // Some shared history first, so offline edits land between and beside known content.
    edit(a.doc, 'a', 0, 30, rand, expected);
    edit(b.doc, 'b', 0, 30, rand, expected);
    await holds(() => a.doc, expected, 'the shared history on a');
    await holds(() => b.doc, expected, 'the shared history on b');

    a.disconnect();
    b.disconnect();
    edit(a.doc, 'a', 30, 500, rand, expected);
    edit(b.doc, 'b', 30, 500, rand, expected);
    expect(expected.operations).toBe(1060);
    // Offline, each replica has its own edits only.
    expect(differences(a.doc, expected).length).toBeGreaterThan(0);

    await Promise.all([a.reconnect(), b.reconnect()]);
    await holds(() => a.doc, expected, 'every edit on a');
    await holds(() => b.doc, expected, 'every edit on b');
    await until(() => identical(a.doc, b.doc), 'both replicas identical');
    expect(differences(a.doc, expected)).toEqual([]);
    expect(header(a.doc).get('status')).toBe(header(b.doc).get('status'));

    // The server's copy has everything too: a newcomer gets it all.
    const c = client(name, token);
    await c.ready;
    expect(differences(c.doc, expected)).toEqual([]);
    expect(identical(c.doc, a.doc)).toBe(true);
  }, 60_000);

  it('keeps every edit across a server restart, and the clients reconnect on their own', async () => {
    const name = 'quote:q-restart';
    const token = await login(server.url, 'sales', PASSWORD);
    const a = client(name, token);
    const b = client(name, token);
    await Promise.all([a.ready, b.ready]);
    const expected = new Expected();
    const rand = seeded(7);
    edit(a.doc, 'a', 0, 100, rand, expected);
    edit(b.doc, 'b', 0, 100, rand, expected);
    await holds(() => a.doc, expected, 'the first edits on a');
    await holds(() => b.doc, expected, 'the first edits on b');

    // Edits the server has applied but not yet stored (its store waits 500 ms for edits to settle).
    edit(a.doc, 'a', 100, 20, rand, expected);
    const beforeStop = copyOf(expected);
    await holds(() => b.doc, beforeStop, 'the last edits before the stop on b');
    const port = Number(new URL(server.url).port);
    await server.close();

    // The stored copy, read straight from the database while the server is down.
    const db = openStore(dataDir);
    try {
      const stored = docOf(await sqliteDocumentStore(db).load(name));
      expect(differences(stored, beforeStop)).toEqual([]);
    } finally {
      db.close();
    }

    // Both keep editing while the server is down.
    edit(a.doc, 'a', 120, 150, rand, expected);
    edit(b.doc, 'b', 100, 150, rand, expected);
    await new Promise((r) => setTimeout(r, 300));
    edit(b.doc, 'b', 250, 50, rand, expected);

    server = await start(port);
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    // No reconnect() here: the providers find the server again themselves.
    await holds(() => a.doc, expected, 'every edit on a after the restart', 30_000);
    await holds(() => b.doc, expected, 'every edit on b after the restart', 30_000);
    await until(() => identical(a.doc, b.doc), 'both replicas identical after the restart');

    // And the restarted server stores the merged document.
    await eventually(async () => differences(await stored(name), expected).length === 0, 'the merged document stored by the restarted server');
    expect(identical(await stored(name), a.doc)).toBe(true);
  }, 90_000);
});

describe('a role that may only read', () => {
  it('cannot change a model document: the server’s stored copy and the other clients stay as they were', async () => {
    const name = 'model:resilience-valve';
    const engineer = client(name, await login(server.url, 'engineer', PASSWORD));
    const sales = client(name, await login(server.url, 'sales', PASSWORD));
    await Promise.all([engineer.ready, sales.ready]);
    const model = (d: Y.Doc) => d.getMap<string>('model');

    model(engineer.doc).set('version', '1.0.0');
    await until(() => model(sales.doc).get('version') === '1.0.0', 'the engineer’s edit reaching sales');
    await eventually(async () => model(await stored(name)).get('version') === '1.0.0', 'the engineer’s edit stored');

    model(sales.doc).set('version', '9.9.9');
    model(sales.doc).set('discount', '90%');
    sales.doc.getArray('sheets').push(['a sheet by sales']);
    await new Promise((r) => setTimeout(r, 600));
    // A later edit by the engineer, once stored, shows the server stored after the refused edits.
    model(engineer.doc).set('reviewed', 'yes');
    await eventually(async () => model(await stored(name)).get('reviewed') === 'yes', 'the engineer’s later edit stored');

    const copy = await stored(name);
    expect(model(copy).toJSON()).toEqual({ version: '1.0.0', reviewed: 'yes' });
    expect(copy.getArray('sheets').length).toBe(0);
    // Not one item by the sales replica is in the stored state.
    expect(Y.decodeStateVector(Y.encodeStateVector(copy)).has(sales.doc.clientID)).toBe(false);
    expect(model(engineer.doc).toJSON()).toEqual({ version: '1.0.0', reviewed: 'yes' });
    expect(engineer.doc.getArray('sheets').length).toBe(0);
    // A newcomer gets the server's copy: the engineer's values.
    const approver = client(name, await login(server.url, 'approver', PASSWORD));
    await approver.ready;
    expect(model(approver.doc).toJSON()).toEqual({ version: '1.0.0', reviewed: 'yes' });
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile and broken clients

/** lib0 encoding, as the sync protocol writes it. */
function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push(0x80 | (n % 128));
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const varBytes = (b: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(varUint(b.length)), b]);
const varString = (s: string): Uint8Array => varBytes(Buffer.from(s, 'utf8'));
const message = (...parts: (number[] | Uint8Array)[]): Uint8Array => Buffer.concat(parts.map((p) => (p instanceof Uint8Array ? p : Buffer.from(p))));
// Hocuspocus message types and sub-types (@hocuspocus/server types.ts, y-protocols sync.js).
const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
const AUTH_TOKEN = 0;
const SYNC_UPDATE = 2;

interface RawSocket {
  readonly ws: WebSocket;
  readonly received: Uint8Array[];
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** A bare websocket to /sync: no provider, whatever bytes the test sends. */
async function rawSocket(): Promise<RawSocket> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync`);
  sockets.push(ws);
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((ok) => ws.on('close', (code, reason) => ok({ code, reason: reason.toString() })));
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  return { ws, received, closed };
}

/** A bare websocket authenticated for `name` (the server answered the token). */
async function authenticatedSocket(name: string, token: string): Promise<RawSocket> {
  const raw = await rawSocket();
  raw.ws.send(message(varString(name), [AUTH, AUTH_TOKEN], varString(token)));
  await until(() => raw.received.length > 0, 'the server’s answer to the token');
  return raw;
}

async function closedWithin(raw: RawSocket, ms = 5000): Promise<{ code: number; reason: string }> {
  return Promise.race([raw.closed, new Promise<never>((_, fail) => setTimeout(() => fail(new Error('the server kept the connection open')), ms))]);
}

describe('hostile and broken clients', () => {
  let a: SyncClient;
  let b: SyncClient;
  let salesToken: string;
  const name = 'quote:q-bystander';
  let probes = 0;

  /** The well-behaved pair still syncs: an edit on one reaches the other. */
  async function stillSyncing(): Promise<void> {
    const value = `probe ${++probes}`;
    header(a.doc).set('probe', value);
    await until(() => header(b.doc).get('probe') === value, `probe ${probes} reaching the other client`);
    expect(identical(a.doc, b.doc)).toBe(true);
  }

  const logsFrom = (mark: number) => logged.slice(mark).join('\n');

  beforeAll(async () => {
    salesToken = await login(server.url, 'sales', PASSWORD);
  });

  /** Each test: a fresh well-behaved pair, connected the whole time. */
  async function pair(): Promise<void> {
    a = client(name, salesToken);
    b = client(name, salesToken);
    await Promise.all([a.ready, b.ready]);
    await stillSyncing();
  }

  it('refuses and logs messages that do not decode, before and after authentication', async () => {
    await pair();
    const garbage: [string, Uint8Array | string][] = [
      ['bytes that are no varint', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
      ['a length past the end', new Uint8Array([0x40, 0x61, 0x62])],
      ['a text frame', 'hello, server'],
      ['an unknown message type', message(varString(name), [42])],
      ['a token message cut short', message(varString(name), [AUTH, AUTH_TOKEN], [0x20, 0x61])],
    ];
    for (const [what, bytes] of garbage) {
      const mark = logged.length;
      const raw = await rawSocket();
      raw.ws.send(bytes);
      const { code } = await closedWithin(raw);
      expect(code, what).toBe(1007);
      expect(logsFrom(mark), what).toMatch(/sync message refused, connection closed: .*(does not decode|type 42)/);
      await stillSyncing();
    }

    // Authenticated, then a broken Yjs update and broken presence.
    const broken: [string, Uint8Array][] = [
      ['a broken Yjs update', message(varString(name), [SYNC, SYNC_UPDATE], varBytes(new Uint8Array([5, 200, 1, 2, 3, 99, 99, 7])))],
      ['presence that is not JSON', message(varString(name), [AWARENESS], varBytes(message([1], varUint(12345), [1], varString('{not json'))))],
      ['an unknown sync step', message(varString(name), [SYNC, 9], varBytes(new Uint8Array([0, 0])))],
    ];
    for (const [what, bytes] of broken) {
      const mark = logged.length;
      const raw = await authenticatedSocket(name, salesToken);
      raw.ws.send(bytes);
      const { code } = await closedWithin(raw);
      expect(code, what).toBe(1007);
      expect(logsFrom(mark), what).toMatch(new RegExp(`sync message refused, connection closed: a message on "${name}"`));
      await stillSyncing();
    }
    // The broken update left no trace on the well-behaved replicas.
    expect(header(a.doc).toJSON()).toEqual({ probe: `probe ${probes}` });
  });

  it('refuses and logs an oversized update, within and beyond the websocket frame limit', async () => {
    await pair();
    // A real update, too big: one text insert of MAX_MESSAGE_BYTES + 1 KiB.
    const big = new Y.Doc();
    big.getText('notes').insert(0, 'x'.repeat(MAX_MESSAGE_BYTES + 1024));
    const update = Y.encodeStateAsUpdate(big);
    expect(update.length).toBeGreaterThan(MAX_MESSAGE_BYTES);

    let mark = logged.length;
    let raw = await authenticatedSocket(name, salesToken);
    raw.ws.send(message(varString(name), [SYNC, SYNC_UPDATE], varBytes(update)));
    expect((await closedWithin(raw)).code).toBe(1007);
    expect(logsFrom(mark)).toMatch(new RegExp(`sync message refused, connection closed: a message of \\d+ bytes is larger than ${MAX_MESSAGE_BYTES} bytes`));
    await stillSyncing();

    // Beyond ws's frame limit (MAX_MESSAGE_BYTES + 64 KiB), ws closes it (1009) before any decoding.
    mark = logged.length;
    raw = await authenticatedSocket(name, salesToken);
    raw.ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 128 * 1024));
    expect((await closedWithin(raw)).code).toBe(1009);
    expect(logsFrom(mark)).toMatch(/sync connection closed on a protocol fault: Max payload size exceeded/);
    await stillSyncing();

    // Unauthenticated, too: refused before the server buffers it.
    mark = logged.length;
    raw = await rawSocket();
    raw.ws.send(message(varString(name), [SYNC, SYNC_UPDATE], varBytes(update)));
    expect((await closedWithin(raw)).code).toBe(1007);
    expect(logsFrom(mark)).toMatch(/larger than/);

    await stillSyncing();
    expect(notes(a.doc).length).toBe(0);
    expect(notes(b.doc).length).toBe(0);
  });

  it('refuses and logs expired and forged tokens', async () => {
    await pair();
    const keys = await loadKeys(dataDir);
    const sales = { username: 'sales', role: 'sales', displayName: 'Sales' } as const;
    const foreignPair = await generateKeyPair('ES256');
    const foreign: TokenKeys = { privateKey: foreignPair.privateKey, publicKey: foreignPair.publicKey };
    const [head, , signature] = salesToken.split('.');
    const claimsAdmin = Buffer.from(JSON.stringify({ role: 'admin', name: 'Admin', typ: 'access', iss: 'suanpan', sub: 'admin', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    const bad: [string, string, RegExp][] = [
      // Signed with the server's own key, 16 minutes ago: past its 15 minutes.
      ['an expired token', (await issueTokens(keys, sales, new Date(Date.now() - 16 * 60 * 1000))).token, /the token has expired/],
      ['a token signed with another key', (await issueTokens(foreign, { ...sales, role: 'admin' })).token, /the token signature does not verify/],
      ['a sales token edited to claim admin', `${head}.${claimsAdmin}.${signature}`, /the token signature does not verify/],
      ['a token that is no JWT', 'not-a-token', /the token is not/],
    ];
    for (const [what, token, reason] of bad) {
      const mark = logged.length;
      const refused = connectClient(server.url, name, token);
      try {
        await expect(refused.ready, what).rejects.toThrow();
      } finally {
        refused.destroy();
      }
      expect(logsFrom(mark), what).toMatch(reason);
      expect(logsFrom(mark), what).toMatch(/sync refused/);
      await stillSyncing();
    }
    // The refused clients changed nothing.
    expect(header(a.doc).toJSON()).toEqual({ probe: `probe ${probes}` });
  });
});
