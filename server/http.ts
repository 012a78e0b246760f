/**
 * The server's HTTP side: the login API and the built app, on one origin.
 *
 *   POST /api/login    {"username", "password"} → {"token", "refreshToken", "expiresIn", "user"}
 *   POST /api/refresh  {"refreshToken"}         → a new pair, if the user still exists
 *   GET  /api/me       Authorization: Bearer <token> → the user the token vouches for
 *   GET  /api/access?document=<name>  (Bearer) → may this user write, only read, or not open it
 *   GET  /api/documents (Bearer)      → {"documents": [{name, updatedAt, access}]} this user may open
 *   POST /api/quote-numbers (Bearer) {"scheme", "year", "atLeast"} → {"sequence"}: the next quote
 *        number's sequence for that scheme and year, unique across devices
 *   GET  anything else  a file of the build, or index.html for an app route (/quotes/…)
 *
 * Bad requests get a JSON error saying what is wrong; refusals are logged (never a password or
 * a token) and the server keeps serving everyone else.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { documentAccess } from './access.js';
import type { DocumentStore } from './documents.js';
import type { Db } from './store.js';
import { issueTokens, verifyAccess, verifyRefresh } from './tokens.js';
import type { Identity, TokenKeys } from './tokens.js';
import { authenticate, findUser } from './users.js';

const MAX_BODY_BYTES = 16 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface HttpContext {
  readonly db: Db;
  readonly documents: DocumentStore;
  readonly keys: TokenKeys;
  /** The production build (`vite build` output). */
  readonly appDir: string;
  readonly log: (line: string) => void;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new RequestError(415, 'send JSON with content-type application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestError(400, 'the body is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new RequestError(400, 'the body must be a JSON object');
  return data as Record<string, unknown>;
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new RequestError(400, `"${field}" must be a non-empty string`);
  return value;
}

function bearer(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new RequestError(401, 'send the access token as "Authorization: Bearer <token>"');
  return match[1];
}

async function identityOf(req: IncomingMessage, ctx: HttpContext, address: string): Promise<Identity> {
  const checked = await verifyAccess(ctx.keys, bearer(req));
  if (!checked.ok) {
    ctx.log(`token refused from ${address}: ${checked.reason}`);
    throw new RequestError(401, checked.reason);
  }
  return checked.identity;
}

async function api(req: IncomingMessage, res: ServerResponse, path: string, ctx: HttpContext): Promise<void> {
  const address = req.socket.remoteAddress ?? '?';
  if (path === '/api/login' && req.method === 'POST') {
    const body = await readJson(req);
    const username = text(body, 'username');
    const user = await authenticate(ctx.db, username, text(body, 'password'));
    if (!user) {
      ctx.log(`login refused for "${username}" from ${address}`);
      return sendJson(res, 401, { error: 'wrong username or password' });
    }
    const pair = await issueTokens(ctx.keys, user);
    return sendJson(res, 200, { ...pair, user });
  }
  if (path === '/api/refresh' && req.method === 'POST') {
    const checked = await verifyRefresh(ctx.keys, text(await readJson(req), 'refreshToken'));
    const user = checked.ok ? findUser(ctx.db, checked.username) : undefined;
    if (!user) {
      ctx.log(`refresh refused from ${address}: ${checked.ok ? 'the user no longer exists' : checked.reason}`);
      return sendJson(res, 401, { error: checked.ok ? 'the user no longer exists' : checked.reason });
    }
    return sendJson(res, 200, { ...(await issueTokens(ctx.keys, user)), user });
  }
  if (path === '/api/me' && req.method === 'GET') {
    const checked = await verifyAccess(ctx.keys, bearer(req));
    if (!checked.ok) {
      ctx.log(`token refused from ${address}: ${checked.reason}`);
      return sendJson(res, 401, { error: checked.reason });
    }
    return sendJson(res, 200, { user: checked.identity });
  }
  if (path === '/api/access' && req.method === 'GET') {
    const checked = await verifyAccess(ctx.keys, bearer(req));
    if (!checked.ok) return sendJson(res, 401, { error: checked.reason });
    const name = new URL(req.url ?? '', 'http://localhost').searchParams.get('document');
    if (name === null) throw new RequestError(400, 'name the document: /api/access?document=quote:<id>');
    return sendJson(res, 200, { document: name, ...documentAccess(checked.identity.role, name) });
  }
  if (path === '/api/documents' && req.method === 'GET') {
    const identity = await identityOf(req, ctx, address);
    const documents = [];
    for (const stored of await ctx.documents.list()) {
      const { access } = documentAccess(identity.role, stored.name);
      if (access !== 'none') documents.push({ ...stored, access });
    }
    return sendJson(res, 200, { documents });
  }
  if (path === '/api/quote-numbers' && req.method === 'POST') {
    const identity = await identityOf(req, ctx, address);
    if (documentAccess(identity.role, 'quote:x').access !== 'write') throw new RequestError(403, `${identity.role} may not create quotes`);
    const body = await readJson(req);
    const scheme = text(body, 'scheme');
    const { year, atLeast } = body;
    if (scheme.length > 80) throw new RequestError(400, '"scheme" must be at most 80 characters');
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 9999) throw new RequestError(400, '"year" must be a whole number from 1900 to 9999');
    if (typeof atLeast !== 'number' || !Number.isInteger(atLeast) || atLeast < 0 || atLeast > 999_999_999) throw new RequestError(400, '"atLeast" must be a whole number from 0 to 999999999');
    const sequence = await ctx.documents.nextInSequence(`quote-number|${scheme}|${year}`, atLeast);
    return sendJson(res, 200, { sequence });
  }
  throw new RequestError(404, `no API ${req.method ?? ''} ${path}`);
}

function serveFile(res: ServerResponse, file: string, immutable: boolean, method: string): void {
  const size = statSync(file).size;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function serveApp(req: IncomingMessage, res: ServerResponse, path: string, ctx: HttpContext): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new RequestError(405, `${req.method ?? ''} is not served here`);
  const root = resolve(ctx.appDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new RequestError(400, 'the path is not valid percent-encoding');
  }
  const file = resolve(join(root, normalize(decoded)));
  if (file !== root && !file.startsWith(root + sep)) throw new RequestError(400, 'the path leaves the app folder');
  if (isFile(file)) return serveFile(res, file, path.startsWith('/assets/'), req.method);
  // An app route (/quotes/q-…) is the app's page; a missing file with an extension is a 404.
  if (extname(path) !== '') throw new RequestError(404, `no file ${path}`);
  serveFile(res, join(root, 'index.html'), false, req.method);
}

/** The request handler of the HTTP server. */
export function handler(ctx: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const work = path.startsWith('/api/') ? api(req, res, path, ctx) : (async () => serveApp(req, res, path, ctx))();
    work.catch((e: unknown) => {
      const status = e instanceof RequestError ? e.status : 500;
      const message = e instanceof RequestError ? e.message : 'the server failed; the error is in its log';
      if (!(e instanceof RequestError)) ctx.log(`${req.method ?? ''} ${path} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      else if (status >= 400 && path.startsWith('/api/')) ctx.log(`${req.method ?? ''} ${path} refused (${status}): ${message}`);
      if (res.headersSent) res.destroy();
      else sendJson(res, status, { error: message });
    });
  };
}
