/**
 * `npm start`: one Node process serving the built app, the login API and the sync endpoint
 * (`/sync`, Hocuspocus) on one origin. Configured by environment:
 *   PORT (default 8080), HOST (default 127.0.0.1; 0.0.0.0 to serve a team), DATA_DIR (default
 *   data/), SUANPAN_DEMO_PASSWORD (every demo user's password; random and printed when unset).
 * Scale-out (docs/deploy.md): DATABASE_URL puts documents, users and the signing key in
 * PostgreSQL; REDIS_URL (which needs DATABASE_URL) relays edits between instances through Redis.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Server } from '@hocuspocus/server';
import type { Extension } from '@hocuspocus/server';
import { handler } from './http.js';
import { seedWorkspace } from './seed.js';
import { sqliteDocumentStore } from './documents.js';
import type { DocumentStore } from './documents.js';
import { postgresAccounts } from './postgresAccounts.js';
import type { SharedAccounts } from './postgresAccounts.js';
import { postgresDocumentStore } from './postgresDocuments.js';
import { redisRelay } from './redisRelay.js';
import type { RedisRelay } from './redisRelay.js';
import { MAX_MESSAGE_BYTES, accessExtension, guardConnections, storedDocuments } from './sync.js';
import { openMemoryStore, openStore } from './store.js';
import type { Db } from './store.js';
import { loadKeys } from './tokens.js';
import type { TokenKeys } from './tokens.js';
import { seedDemoUsers } from './users.js';
import type { SeededUser } from './users.js';

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly appDir: string;
  /** The example models and demo data seeded on the first start (default: ./workbooks). */
  readonly workbooksDir?: string;
  readonly demoPassword?: string | undefined;
  readonly log?: (line: string) => void;
  /**
   * PostgreSQL (DATABASE_URL): documents, users and the token signing key, shared by every
   * instance. dataDir is then unused. Without it, all of that is in SQLite under dataDir.
   */
  readonly databaseUrl?: string | undefined;
  /** Redis (REDIS_URL) relaying edits and presence between instances; needs databaseUrl. */
  readonly redisUrl?: string | undefined;
}

export interface RunningServer {
  readonly url: string;
  readonly server: HttpServer;
  readonly db: Db;
  readonly documents: DocumentStore;
  /** Demo users created by this start (with their generated passwords, if any). */
  readonly seeded: readonly SeededUser[];
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.error(`[suanpan] ${line}`));
  if (options.redisUrl && !options.databaseUrl) {
    throw new Error('REDIS_URL is set without DATABASE_URL: instances relaying edits through Redis must also share documents and users in PostgreSQL');
  }
  // Scaled out, what instances must agree on is in PostgreSQL; login reads a copy of its users.
  let db: Db;
  let keys: TokenKeys;
  let seeded: SeededUser[];
  let documents: DocumentStore;
  let accounts: SharedAccounts | undefined;
  let relay: RedisRelay | undefined;
  let refreshUsers: NodeJS.Timeout | undefined;
  if (options.databaseUrl) {
    db = openMemoryStore();
    const opened: { close(): Promise<void> }[] = [];
    try {
      documents = await postgresDocumentStore(options.databaseUrl, { log });
      opened.push(documents);
      const shared = await postgresAccounts(options.databaseUrl, log);
      accounts = shared;
      opened.push(shared);
      keys = await shared.loadKeys();
      seeded = await shared.seedDemoUsers(options.demoPassword);
      await shared.copyUsersInto(db);
      if (options.redisUrl) relay = await redisRelay(options.redisUrl, log);
    } catch (e) {
      await Promise.allSettled(opened.map((o) => o.close()));
      db.close();
      throw e;
    }
    // Users added on another instance or by hand in PostgreSQL log in here within a minute.
    const shared = accounts;
    refreshUsers = setInterval(() => {
      shared.copyUsersInto(db).catch((e: unknown) => log(`could not refresh users from PostgreSQL: ${e instanceof Error ? e.message : String(e)}`));
    }, 60_000);
    refreshUsers.unref();
  } else {
    db = openStore(options.dataDir);
    keys = await loadKeys(options.dataDir);
    seeded = await seedDemoUsers(db, options.demoPassword);
    documents = sqliteDocumentStore(db);
  }
  const extensions: Extension[] = [accessExtension(keys, log), storedDocuments(documents)];
  if (relay) extensions.unshift(relay.extension);
  const http = handler({ db, documents, keys, appDir: options.appDir, log });
  const sync = new Server({
    port: options.port,
    address: options.host,
    quiet: true,
    // Never process.exit from inside the library: main() handles signals, tests stop it.
    stopOnSignals: false,
    debounce: 500,
    maxDebounce: 5000,
    // ws closes a connection whose frame exceeds this (guardConnections logs the smaller excess).
    websocketOptions: { maxPayload: MAX_MESSAGE_BYTES + 64 * 1024 },
    extensions,
    async onRequest({ request, response }) {
      http(request, response);
      // An empty rejection tells Hocuspocus the request is answered.
      throw null;
    },
    async onUpgrade({ request, socket }) {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/sync') {
        socket.destroy();
        throw null;
      }
    },
  });
  // Messages that do not decode are refused with a log line, not only printed by Hocuspocus.
  const connections = guardConnections(sync.hocuspocus, log);
  // Before listening: a document Hocuspocus had open would overwrite the seed at its next save.
  await seedWorkspace(documents, { workbooksDir: options.workbooksDir ?? resolve('workbooks'), log });
  await sync.listen();
  const server = sync.httpServer;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    server,
    db,
    documents,
    seeded,
    close: async () => {
      // Pending document writes first, then the connections (and the Redis relay, an
      // extension), then the databases.
      clearInterval(refreshUsers);
      sync.hocuspocus.flushPendingStores();
      await sync.destroy();
      // The sockets too (Hocuspocus leaves them open), so clients notice and reconnect.
      connections.closeAll(1001, 'server stopped');
      await documents.close();
      await accounts?.close();
      db.close();
    },
  };
}

function portFrom(text: string | undefined): number {
  if (text === undefined || text === '') return 8080;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

async function main(): Promise<void> {
  const running = await startServer({
    port: portFrom(process.env['PORT']),
    host: process.env['HOST'] || '127.0.0.1',
    dataDir: resolve(process.env['DATA_DIR'] || 'data'),
    appDir: resolve('dist'),
    demoPassword: process.env['SUANPAN_DEMO_PASSWORD'] || undefined,
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    redisUrl: process.env['REDIS_URL'] || undefined,
  });
  for (const user of running.seeded) {
    console.log(`demo user ${user.username} (${user.role})${user.generatedPassword ? `: password ${user.generatedPassword}` : ''}`);
  }
  console.log(`Suanpan is serving ${running.url}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(`Suanpan could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
