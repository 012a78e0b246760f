/**
 * `npm start`: one Node process serving the built app, the login API and the sync endpoint
 * (`/sync`, Hocuspocus) on one origin. Configured by environment:
 *   PORT (default 8080), HOST (default 127.0.0.1; 0.0.0.0 to serve a team), DATA_DIR (default
 *   data/), SUANPAN_DEMO_PASSWORD (every demo user's password; random and printed when unset).
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Server } from '@hocuspocus/server';
import { handler } from './http.js';
import { sqliteDocumentStore } from './documents.js';
import type { DocumentStore } from './documents.js';
import { MAX_MESSAGE_BYTES, accessExtension, storedDocuments } from './sync.js';
import { openStore } from './store.js';
import type { Db } from './store.js';
import { loadKeys } from './tokens.js';
import { seedDemoUsers } from './users.js';
import type { SeededUser } from './users.js';

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly appDir: string;
  readonly demoPassword?: string | undefined;
  readonly log?: (line: string) => void;
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
  const db = openStore(options.dataDir);
  const keys = await loadKeys(options.dataDir);
  const seeded = await seedDemoUsers(db, options.demoPassword);
  const documents = sqliteDocumentStore(db);
  const http = handler({ db, documents, keys, appDir: options.appDir, log });
  const sync = new Server({
    port: options.port,
    address: options.host,
    quiet: true,
    // Never process.exit from inside the library: main() handles signals, tests stop it.
    stopOnSignals: false,
    debounce: 500,
    maxDebounce: 5000,
    // ws closes a connection whose frame exceeds this (beforeHandleMessage logs the smaller excess).
    websocketOptions: { maxPayload: MAX_MESSAGE_BYTES + 64 * 1024 },
    extensions: [accessExtension(keys, log), storedDocuments(documents)],
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
      // Pending document writes first, then the connections, then the database.
      sync.hocuspocus.flushPendingStores();
      await sync.destroy();
      await documents.close();
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
