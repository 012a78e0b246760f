/**
 * The sync endpoint with real clients: Hocuspocus providers in Node (ws) against the server on
 * port 0. Edits reach the other client and survive a restart; a read-only role's edits are
 * dropped by the server; a bad token or a forbidden document is refused.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.js';
import type { RunningServer } from '../../server/main.js';

/** No demo workspace for these tests: seeding takes seconds and is tested in seed.test.ts. */
const NO_SEED = join(tmpdir(), 'suanpan-no-workbooks');

const PASSWORD = 'sync-test-password';
let dataDir: string;
let appDir: string;
let server: RunningServer;
const open: HocuspocusProvider[] = [];
const logged: string[] = [];

async function start(): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', dataDir, appDir, workbooksDir: NO_SEED, demoPassword: PASSWORD, log: (l) => logged.push(l) });
}

async function tokenOf(username: string): Promise<string> {
  const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

interface Client {
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  /** Resolves when synced, rejects with the server's reason when refused. */
  readonly ready: Promise<void>;
}

function connect(name: string, token: string): Client {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({ url: `${server.url.replace('http', 'ws')}/sync`, WebSocketPolyfill: WebSocket });
  let settle: { ok: () => void; fail: (e: Error) => void } | undefined;
  const ready = new Promise<void>((ok, fail) => (settle = { ok, fail }));
  const provider = new HocuspocusProvider({
    websocketProvider,
    name,
    document: doc,
    token,
    onSynced: () => settle?.ok(),
    onAuthenticationFailed: ({ reason }) => settle?.fail(new Error(reason)),
  });
  // A provider given its own websocket provider connects once attached to it.
  provider.attach();
  open.push(provider);
  return { doc, provider, ready };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'suanpan-sync-'));
  appDir = mkdtempSync(join(tmpdir(), 'suanpan-app-'));
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Suanpan</title>');
  server = await start();
});

afterEach(() => {
  for (const p of open.splice(0)) {
    p.destroy();
    p.configuration.websocketProvider.destroy();
  }
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

describe('sync', () => {
  it('brings one client’s edit to another, and keeps it across a restart', async () => {
    const token = await tokenOf('sales');
    const a = connect('quote:q-sync-1', token);
    const b = connect('quote:q-sync-1', token);
    await Promise.all([a.ready, b.ready]);
    a.doc.getMap('header').set('notes', 'deliver before Friday');
    await until(() => b.doc.getMap('header').get('notes') === 'deliver before Friday', 'the edit on the other client');

    await new Promise((r) => setTimeout(r, 100));
    await server.close();
    server = await start();
    const c = connect('quote:q-sync-1', await tokenOf('sales'));
    await c.ready;
    expect(c.doc.getMap('header').get('notes')).toBe('deliver before Friday');
  });

  it('drops the edits of a role that may only read, for the server and other clients', async () => {
    const engineer = connect('model:valve', await tokenOf('engineer'));
    const sales = connect('model:valve', await tokenOf('sales'));
    await Promise.all([engineer.ready, sales.ready]);
    engineer.doc.getMap('model').set('version', '1.0.0');
    await until(() => sales.doc.getMap('model').get('version') === '1.0.0', 'the engineer’s edit reaching sales');
    sales.doc.getMap('model').set('version', '9.9.9');
    await new Promise((r) => setTimeout(r, 500));
    expect(engineer.doc.getMap('model').get('version')).toBe('1.0.0');
    // A fresh reader sees the server's copy: the engineer's value.
    const later = connect('model:valve', await tokenOf('approver'));
    await later.ready;
    expect(later.doc.getMap('model').get('version')).toBe('1.0.0');
  });

  it('refuses a forged token and a document the role may not open, and keeps serving others', async () => {
    const forged = connect('quote:q-sync-2', 'not.a.token');
    await expect(forged.ready).rejects.toThrow();
    const strange = connect('files:etc', await tokenOf('admin'));
    await expect(strange.ready).rejects.toThrow();
    expect(logged.some((l) => l.includes('sync refused'))).toBe(true);
    const fine = connect('crm', await tokenOf('sales'));
    await fine.ready;
  });
});
