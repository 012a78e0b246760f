/**
 * Real sync clients for Node tests and benchmarks: a Hocuspocus provider over `ws` against a
 * running Suanpan server, and the login that gets its token. Each client has its own
 * websocket, as separate devices do.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** POST /api/login; the access token, or a thrown error with the server's reason. */
export async function login(serverUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${serverUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new Error(`login as ${username} failed: ${body.error ?? res.status}`);
  return body.token;
}

export interface SyncClient {
  readonly doc: Y.Doc;
  readonly provider: HocuspocusProvider;
  readonly socket: HocuspocusProviderWebsocket;
  /** Resolves at the first sync; rejects with the server's reason when refused. */
  readonly ready: Promise<void>;
  /** Close the connection (the doc stays usable offline). */
  disconnect(): void;
  /** Connect again after `disconnect`. */
  reconnect(): Promise<void>;
  destroy(): void;
}

/** A client of document `name` on the server at `serverUrl` (http://…), with `token`. */
export function connectClient(serverUrl: string, name: string, token: string | (() => Promise<string>), doc: Y.Doc = new Y.Doc()): SyncClient {
  const socket = new HocuspocusProviderWebsocket({ url: `${serverUrl.replace(/^http/, 'ws')}/sync`, WebSocketPolyfill: WebSocket });
  let settle: { ok: () => void; fail: (e: Error) => void } | undefined;
  const ready = new Promise<void>((ok, fail) => (settle = { ok, fail }));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
    onSynced: () => settle?.ok(),
    onAuthenticationFailed: ({ reason }) => settle?.fail(new Error(reason)),
  });
  // A provider given its own websocket provider connects once attached to it.
  provider.attach();
  return {
    doc,
    provider,
    socket,
    ready,
    disconnect: () => socket.disconnect(),
    reconnect: async () => {
      // Right after disconnect() the socket is still closing, and connect() on a socket that
      // still reads as connected does nothing at all.
      await until(() => socket.status === WebSocketStatus.Disconnected, 'the socket to finish closing');
      const synced = new Promise<void>((ok) => {
        const done = ({ state }: { state: boolean }) => {
          if (!state) return;
          provider.off('synced', done);
          ok();
        };
        provider.on('synced', done);
      });
      await socket.connect();
      await synced;
    },
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Wait until `check` holds, polling; a timeout names `what`. */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
