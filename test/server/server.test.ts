/**
 * The server's login API and app serving, on a real HTTP server (port 0) with its SQLite
 * database in a temporary DATA_DIR.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.js';
import type { RunningServer } from '../../server/main.js';
import { issueTokens, loadKeys } from '../../server/tokens.js';

/** No demo workspace for these tests: seeding takes seconds and is tested in seed.test.ts. */
const NO_SEED = join(tmpdir(), 'suanpan-no-workbooks');

const PASSWORD = 'correct horse battery';
let dataDir: string;
let appDir: string;
let server: RunningServer;
const logged: string[] = [];

async function post(path: string, body: unknown, type = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function me(token: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'suanpan-data-'));
  appDir = mkdtempSync(join(tmpdir(), 'suanpan-app-'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Suanpan</title>');
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'assets', 'main-abc123.js'), 'console.log(1)');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, appDir, workbooksDir: NO_SEED, demoPassword: PASSWORD, log: (l) => logged.push(l) });
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

describe('login', () => {
  it('seeds one demo user per role, with hashed passwords', () => {
    expect(server.seeded.map((u) => [u.username, u.role])).toEqual([
      ['admin', 'admin'],
      ['engineer', 'engineer'],
      ['sales', 'sales'],
      ['approver', 'approver'],
    ]);
    const hashes = server.db.prepare('SELECT password_hash AS h FROM users').all() as { h: string }[];
    for (const { h } of hashes) {
      expect(h).toMatch(/^\$argon2id\$/);
      expect(h).not.toContain(PASSWORD);
    }
  });

  it('gives a token for the right password, and the token says who and which role', async () => {
    const login = await post('/api/login', { username: 'sales', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.json['user']).toEqual({ username: 'sales', role: 'sales', displayName: '销售 Sales' });
    expect(login.json['expiresIn']).toBe(900);
    const who = await me(login.json['token'] as string);
    expect(who).toEqual({ status: 200, json: { user: { username: 'sales', role: 'sales', displayName: '销售 Sales' } } });
  });

  it('refuses a wrong password and an unknown user with the same answer, and logs it without the password', async () => {
    const wrong = await post('/api/login', { username: 'sales', password: 'nope' });
    const unknown = await post('/api/login', { username: 'mallory', password: 'nope' });
    expect(wrong).toEqual({ status: 401, json: { error: 'wrong username or password' } });
    expect(unknown).toEqual(wrong);
    expect(logged.some((l) => l.includes('login refused for "mallory"'))).toBe(true);
    expect(logged.join('\n')).not.toContain('nope');
  });

  it('says what is wrong with a malformed request', async () => {
    expect(await post('/api/login', '{"username": "sales",')).toEqual({ status: 400, json: { error: 'the body is not valid JSON' } });
    expect(await post('/api/login', { username: 'sales' })).toEqual({ status: 400, json: { error: '"password" must be a non-empty string' } });
    expect(await post('/api/login', '[]')).toEqual({ status: 400, json: { error: 'the body must be a JSON object' } });
    expect((await post('/api/login', { username: 'sales', password: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await post('/api/login', 'username=sales', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('refuses forged, expired and misused tokens', async () => {
    const other = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'admin', typ: 'access' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('suanpan').setSubject('admin').setIssuedAt().setExpirationTime('10m').sign(other.privateKey);
    expect(await me(forged)).toEqual({ status: 401, json: { error: 'the token signature does not verify' } });
    const keys = await loadKeys(dataDir);
    const old = await issueTokens(keys, { username: 'sales', role: 'sales', displayName: 'x' }, new Date(Date.now() - 16 * 60 * 1000));
    expect(await me(old.token)).toEqual({ status: 401, json: { error: 'the token has expired' } });
    // A refresh token is not an access token, and the reverse.
    const login = await post('/api/login', { username: 'approver', password: PASSWORD });
    expect((await me(login.json['refreshToken'] as string)).json).toEqual({ error: 'not an access token' });
    expect((await post('/api/refresh', { refreshToken: login.json['token'] })).status).toBe(401);
    expect((await me('not.a.jwt')).status).toBe(401);
    const noHeader = await fetch(`${server.url}/api/me`);
    expect(noHeader.status).toBe(401);
  });

  it('refreshes a session with a new pair', async () => {
    const login = await post('/api/login', { username: 'engineer', password: PASSWORD });
    const refreshed = await post('/api/refresh', { refreshToken: login.json['refreshToken'] });
    expect(refreshed.status).toBe(200);
    expect((await me(refreshed.json['token'] as string)).json['user']).toMatchObject({ username: 'engineer', role: 'engineer' });
  });

  it("tells a user what they may do with a document, by the token's role", async () => {
    const login = await post('/api/login', { username: 'sales', password: PASSWORD });
    const ask = async (document: string) =>
      (await fetch(`${server.url}/api/access?document=${encodeURIComponent(document)}`, { headers: { authorization: `Bearer ${login.json['token'] as string}` } })).json();
    expect(await ask('model:butterfly-valve')).toEqual({ document: 'model:butterfly-valve', access: 'read', reason: 'sales may only read model documents' });
    expect(await ask('quote:q-1')).toMatchObject({ access: 'write' });
    expect(await ask('directory')).toMatchObject({ access: 'read' });
    expect(await ask('files:/etc')).toMatchObject({ access: 'none' });
  });

  it('keeps users and the signing key across a restart', async () => {
    const login = await post('/api/login', { username: 'admin', password: PASSWORD });
    const again = await startServer({ port: 0, host: '127.0.0.1', dataDir, appDir, workbooksDir: NO_SEED, log: () => undefined });
    try {
      expect(again.seeded).toEqual([]);
      const res = await fetch(`${again.url}/api/me`, { headers: { authorization: `Bearer ${login.json['token'] as string}` } });
      expect(res.status).toBe(200);
    } finally {
      await again.close();
    }
  });
});

describe('serving the app', () => {
  it('serves files of the build, and index.html for app routes', async () => {
    const root = await fetch(`${server.url}/`);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await root.text()).toContain('<title>Suanpan</title>');
    const route = await fetch(`${server.url}/quotes/q-123/compare?a=1&b=2`);
    expect(await route.text()).toContain('<title>Suanpan</title>');
    const asset = await fetch(`${server.url}/assets/main-abc123.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('answers 404 for a missing file and never leaves the app folder', async () => {
    expect((await fetch(`${server.url}/assets/gone.js`)).status).toBe(404);
    // The URL parser folds "/%2e%2e/" away: this is just an app route, answered with the app.
    const folded = await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`);
    expect(await folded.text()).toContain('<title>Suanpan</title>');
    // An encoded slash survives the URL parser; decoded, the path is still read inside the folder.
    const escape = await fetch(`${server.url}/assets/..%2f..%2f..%2fetc%2fpasswd.txt`);
    expect(escape.status).toBe(404);
    expect(await escape.text()).not.toContain('root:');
    expect((await fetch(`${server.url}/%E0%A4%A`)).status).toBe(400);
  });
});

describe('without a demo password', () => {
  it('makes up one per user and reports it once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'suanpan-data-'));
    const fresh = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, appDir, workbooksDir: NO_SEED, log: () => undefined });
    try {
      const sales = fresh.seeded.find((u) => u.username === 'sales');
      expect(sales?.generatedPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
      const res = await fetch(`${fresh.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sales', password: sales?.generatedPassword }) });
      expect(res.status).toBe(200);
    } finally {
      await fresh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
