/**
 * The browser's session client (src/sync/network/session.ts) against the real server: it tells
 * a Suanpan server from a static host, signs in, refreshes the access token before it expires,
 * remembers the session across reloads, and stays signed in (offline) when the server is gone.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.js';
import type { RunningServer } from '../../server/main.js';
import { Session } from '../../src/sync/network/session.js';
import type { SessionEnvironment } from '../../src/sync/network/session.js';

const PASSWORD = 'session-test-password';
let dataDir: string;
let appDir: string;
let server: RunningServer;

function storage(): SessionEnvironment['storage'] & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'suanpan-session-'));
  appDir = mkdtempSync(join(tmpdir(), 'suanpan-app-'));
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Suanpan</title>');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, appDir, workbooksDir: join(dataDir, 'no-workbooks'), demoPassword: PASSWORD, log: () => undefined });
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

describe('Session', () => {
  it('finds no server behind a static host', async () => {
    const statics = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((r) => statics.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;
    try {
      expect((await Session.detect({ fetch, storage: storage(), baseUrl: url })).kind).toBe('local');
    } finally {
      statics.close();
    }
  });

  it('asks for a sign-in, refuses a wrong password, and signs in with the right one', async () => {
    const kept = storage();
    const found = await Session.detect({ fetch, storage: kept, baseUrl: server.url });
    if (found.kind !== 'needs-login') throw new Error(`expected needs-login, got ${found.kind}`);
    await expect(found.session.login('sales', 'wrong')).rejects.toMatchObject({ name: 'LoginError', message: 'wrong username or password' });
    expect(kept.items.size).toBe(0);
    const user = await found.session.login('sales', PASSWORD);
    expect(user).toMatchObject({ username: 'sales', role: 'sales' });
    expect(decodeJwt(await found.session.accessToken()).sub).toBe('sales');
  });

  it('remembers the session across a reload, and refreshes the token a minute before it expires', async () => {
    const kept = storage();
    let now = Date.now();
    const env = { fetch, storage: kept, baseUrl: server.url, now: () => now };
    const first = await Session.detect(env);
    if (first.kind !== 'needs-login') throw new Error('expected needs-login');
    await first.session.login('approver', PASSWORD);
    const token = await first.session.accessToken();

    const reloaded = await Session.detect(env);
    expect(reloaded.kind).toBe('signed-in');
    if (reloaded.kind !== 'signed-in') return;
    expect(reloaded.session.user?.username).toBe('approver');
    const fresh = await reloaded.session.accessToken();
    // Still valid for 14 minutes: the same token is handed out.
    now += 60_000;
    expect(await reloaded.session.accessToken()).toBe(fresh);
    // Within a minute of its 15-minute life: a new one is fetched (the server signs with iat in seconds).
    now += 14 * 60_000 + 1000;
    await new Promise((r) => setTimeout(r, 1100));
    const refreshed = await reloaded.session.accessToken();
    expect(refreshed).not.toBe(fresh);
    expect(decodeJwt(refreshed).sub).toBe('approver');
    expect(token).not.toBe(refreshed);
  });

  it('stays signed in, offline, when the server cannot be reached; a forgotten session is local', async () => {
    const kept = storage();
    const found = await Session.detect({ fetch, storage: kept, baseUrl: server.url });
    if (found.kind !== 'needs-login') throw new Error('expected needs-login');
    await found.session.login('engineer', PASSWORD);
    const gone = 'http://127.0.0.1:9';
    const offline = await Session.detect({ fetch, storage: kept, baseUrl: gone });
    expect(offline.kind).toBe('signed-in');
    if (offline.kind !== 'signed-in') return;
    expect(offline.session.user?.username).toBe('engineer');
    offline.session.logout();
    expect(kept.items.size).toBe(0);
    expect((await Session.detect({ fetch, storage: kept, baseUrl: gone })).kind).toBe('local');
  });
});
