/**
 * Local persistence plus the sync server: every document opened through this persistence is
 * stored on the device (the base persistence, y-indexeddb in the app) and, beside it, kept in
 * step with the server by a Hocuspocus provider. All providers share one websocket.
 *
 * The device stays the first home of every edit: offline, edits are stored locally and counted
 * as pending; on reconnect the providers exchange state with the server and the pending count
 * falls to zero. A document closed before the server acknowledged its edits is remembered in
 * an outbox (kept in `outbox` storage, so a reload does not forget it) and synced on the next
 * connection.
 *
 * @example
 *   const synced = new SyncedPersistence(indexedDbPersistence, { url: 'wss://host/sync', token: () => session.accessToken(), user, storage: localStorage });
 *   const quote = await synced.open('quote:q-1'); // local content now, server content as it arrives
 *   synced.onStatus((s) => console.log(s.state, s.pending));
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import type { Awareness } from 'y-protocols/awareness';
import type { DocPersistence, PersistedDoc } from '../persistence.js';

/** online: connected and nothing pending; syncing: connected, edits in flight; offline: no connection. */
export type ConnectionState = 'online' | 'syncing' | 'offline';

export interface SyncStatus {
  readonly state: ConnectionState;
  /** Local changes the server has not acknowledged yet (edits of open documents, plus closed documents waiting in the outbox). */
  readonly pending: number;
}

/** Who this device is, as shown to others (the server stamps the identity part, see server/sync.ts). */
export interface PresenceIdentity {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
  readonly colour: string;
}

export interface SyncedPersistenceOptions {
  /** The sync endpoint, ws:// or wss://…/sync. */
  readonly url: string;
  /** A fresh access token for each (re)connection. */
  readonly token: () => Promise<string>;
  readonly user: PresenceIdentity;
  /** Where the outbox is remembered across reloads (localStorage in the browser). */
  readonly storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** For Node: the `ws` package's WebSocket. */
  readonly WebSocketPolyfill?: unknown;
  /** How long closing a document waits for the server to acknowledge its last edits. */
  readonly closeWaitMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** A persisted document that also syncs with the server. */
export interface SyncedDoc extends PersistedDoc {
  /** Presence of everyone on this document (this device's state included). */
  readonly awareness: Awareness;
  /** True once the server's content has been merged in; false if that did not happen within `ms`. */
  whenServerSynced(ms?: number): Promise<boolean>;
  /** The server lets this user only read the document: local edits are not sent. */
  readOnly(): boolean;
}

const OUTBOX_KEY = 'suanpan.outbox';

interface Live {
  readonly provider: HocuspocusProvider;
  readonly persisted: PersistedDoc;
}

export class SyncedPersistence implements DocPersistence {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly live = new Set<Live>();
  private readonly outbox: Set<string>;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private connected = false;
  private draining: Promise<void> | undefined;
  private lastStatus: SyncStatus | undefined;

  constructor(
    private readonly base: DocPersistence,
    private readonly options: SyncedPersistenceOptions,
  ) {
    this.outbox = new Set(readOutbox(options.storage.getItem(OUTBOX_KEY)));
    this.socket = new HocuspocusProviderWebsocket({
      url: options.url,
      ...(options.WebSocketPolyfill === undefined ? {} : { WebSocketPolyfill: options.WebSocketPolyfill }),
      // Retry forever, but no faster than every second and no slower than every 10 s.
      delay: 1000,
      maxDelay: 10_000,
      maxAttempts: 0,
      autoConnect: true,
    });
    this.socket.on('status', ({ status }: { status: WebSocketStatus }) => {
      const was = this.connected;
      this.connected = status === WebSocketStatus.Connected;
      if (this.connected && !was) void this.drainOutbox();
      this.emit();
    });
  }

  // ------------------------------------------------------------------ DocPersistence

  async open(name: string): Promise<SyncedDoc> {
    const persisted = await this.base.open(name);
    return this.attach(persisted);
  }

  /** Deletes the device's copy; the server's stays (other devices still have the document). */
  delete(name: string): Promise<void> {
    this.outbox.delete(name);
    this.saveOutbox();
    return this.base.delete(name);
  }

  // ------------------------------------------------------------------ status

  status(): SyncStatus {
    let pending = 0;
    const open = new Set<string>();
    for (const l of this.live) {
      open.add(l.persisted.name);
      if (l.provider.authorizedScope !== 'readonly') pending += l.provider.unsyncedChanges;
    }
    for (const name of this.outbox) if (!open.has(name)) pending += 1;
    const state: ConnectionState = !this.connected ? 'offline' : pending > 0 ? 'syncing' : 'online';
    return { state, pending };
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status());
    return () => this.listeners.delete(listener);
  }

  /** Stop talking to the server (the browser went offline); edits keep being stored locally. */
  goOffline(): void {
    this.socket.disconnect();
    this.dropStaleSocket();
  }

  /** Connect again (the browser is back online). */
  goOnline(): void {
    this.dropStaleSocket();
    void this.socket.connect().catch(this.options.onError ?? (() => undefined));
  }

  /**
   * A socket closed on a dead network finishes its close handshake only when the browser gives
   * up, many seconds later; until then it still says "connected", and `connect()` does nothing.
   * Finish the close now, as the socket itself would (providers hear of it, nothing reconnects
   * on its own because `disconnect` was asked for).
   */
  private dropStaleSocket(): void {
    if (this.socket.shouldConnect && this.socket.status === WebSocketStatus.Connected) return;
    if (this.socket.status !== WebSocketStatus.Disconnected) this.socket.onClose({ event: { code: 1000, reason: 'the network went offline' } as CloseEvent });
    this.connected = false;
    this.emit();
  }

  /** Close every connection; open documents stay usable locally. For tests and shutdown. */
  async destroy(): Promise<void> {
    for (const l of [...this.live]) this.detach(l);
    this.socket.destroy();
    await this.draining;
  }

  // ------------------------------------------------------------------ internals

  private attach(persisted: PersistedDoc): SyncedDoc {
    const name = persisted.name;
    const provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name,
      document: persisted.doc,
      token: this.options.token,
      // Several providers of one name may share the socket (a document closing while it reopens).
      sessionAwareness: true,
      onAuthenticationFailed: ({ reason }) => this.options.onError?.(new Error(`the server refused ${name}: ${reason}`)),
    });
    const live: Live = { provider, persisted };
    this.live.add(live);
    provider.awareness?.setLocalStateField('user', this.options.user);

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || provider.authorizedScope === 'readonly') return;
      if (!this.outbox.has(name)) {
        this.outbox.add(name);
        this.saveOutbox();
      }
    };
    persisted.doc.on('update', onUpdate);
    const onUnsynced = ({ number }: { number: number }) => {
      if (number === 0 && this.outbox.delete(name)) this.saveOutbox();
      this.emit();
    };
    provider.on('unsyncedChanges', onUnsynced);
    provider.on('synced', () => this.emit());
    provider.attach();

    let closed: Promise<void> | undefined;
    const close = async (after: () => Promise<void>) => {
      persisted.doc.off('update', onUpdate);
      await this.settle(provider, this.options.closeWaitMs ?? 2000);
      provider.off('unsyncedChanges', onUnsynced);
      this.detach(live);
      await after();
      this.emit();
    };
    const awareness = provider.awareness as Awareness;
    return {
      name,
      doc: persisted.doc,
      whenSynced: persisted.whenSynced,
      awareness,
      readOnly: () => provider.authorizedScope === 'readonly',
      whenServerSynced: (ms = 10_000) => waitFor(provider, () => provider.isSynced, ms),
      destroy: () => (closed ??= close(() => persisted.destroy())),
      clear: () => (closed ??= close(() => persisted.clear())),
    };
  }

  private detach(live: Live): void {
    if (!this.live.delete(live)) return;
    live.provider.awareness?.setLocalState(null);
    live.provider.destroy();
  }

  /** Wait (bounded) until the server has acknowledged every edit of `provider`, if connected. */
  private async settle(provider: HocuspocusProvider, ms: number): Promise<void> {
    if (!this.connected || provider.authorizedScope === 'readonly') return;
    await waitFor(provider, () => provider.isSynced && provider.unsyncedChanges === 0, ms);
  }

  /** Sync documents closed with edits the server had not acknowledged, one at a time. */
  private drainOutbox(): Promise<void> {
    this.draining ??= (async () => {
      try {
        const open = new Set([...this.live].map((l) => l.persisted.name));
        for (const name of [...this.outbox]) {
          if (!this.connected) return;
          if (open.has(name)) continue;
          const doc = await this.open(name);
          await doc.whenServerSynced(10_000);
          await doc.destroy();
        }
      } catch (e) {
        (this.options.onError ?? (() => undefined))(e);
      } finally {
        this.draining = undefined;
      }
    })();
    return this.draining;
  }

  private saveOutbox(): void {
    this.options.storage.setItem(OUTBOX_KEY, JSON.stringify([...this.outbox]));
    this.emit();
  }

  private emit(): void {
    const status = this.status();
    if (this.lastStatus && this.lastStatus.state === status.state && this.lastStatus.pending === status.pending) return;
    this.lastStatus = status;
    for (const l of this.listeners) l(status);
  }
}

function readOutbox(text: string | null): string[] {
  try {
    const value: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Resolve true once `done()` holds (checked on the provider's sync events), false after `ms`. */
function waitFor(provider: HocuspocusProvider, done: () => boolean, ms: number): Promise<boolean> {
  if (done()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const check = () => {
      if (!done()) return;
      finish(true);
    };
    const timer = setTimeout(() => finish(false), ms);
    const finish = (value: boolean) => {
      clearTimeout(timer);
      provider.off('synced', check);
      provider.off('unsyncedChanges', check);
      resolve(value);
    };
    provider.on('synced', check);
    provider.on('unsyncedChanges', check);
  });
}

/** A stable colour per user, so everyone sees the same person in the same colour. */
export function colourFor(username: string): string {
  let h = 0;
  for (const ch of username) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `hsl(${h % 360} 70% 42%)`;
}
