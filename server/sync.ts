/**
 * The sync endpoint: Hocuspocus on the same origin, at `/sync`. Every connection brings an
 * access token; the server checks it and the role's access to the document (access.ts). A role
 * that may only read gets a read-only connection, whose updates the server drops. Presence
 * (awareness) states are stamped with the identity the token vouched for, whatever the client
 * claimed. Messages over the size limit or that do not decode close that one connection, with
 * a log line; everyone else is served on. Documents are kept in a DocumentStore, loaded when
 * first opened and stored a moment after edits settle.
 */
import * as Y from 'yjs';
import { MessageType } from '@hocuspocus/server';
import type { Extension, Hocuspocus, beforeHandleAwarenessPayload, beforeHandleMessagePayload, onAuthenticatePayload, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import { documentAccess } from './access.js';
import type { DocumentStore } from './documents.js';
import { verifyAccess } from './tokens.js';
import type { Identity, TokenKeys } from './tokens.js';

/**
 * The largest sync message a client may send. A whole model or a 500-line quote is a few
 * hundred kilobytes as one update; anything beyond this is a fault or an attack.
 */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface SyncContext {
  readonly user: Identity;
}

/** The presence fields every client sees for a user: what the server vouches for. */
export interface PresenceUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: string;
}

/** Authentication and per-document access of every sync connection; identity in presence. */
export function accessExtension(keys: TokenKeys, log: (line: string) => void): Extension {
  return {
    async onAuthenticate(data: onAuthenticatePayload): Promise<SyncContext> {
      const checked = await verifyAccess(keys, data.token);
      if (!checked.ok) {
        log(`sync refused for ${data.documentName.slice(0, 80)}: ${checked.reason}`);
        throw new Error(checked.reason);
      }
      const decision = documentAccess(checked.identity.role, data.documentName);
      if (decision.access === 'none') {
        log(`sync refused for ${checked.identity.username} on ${data.documentName.slice(0, 80)}: ${decision.reason}`);
        throw new Error(decision.reason);
      }
      if (decision.access === 'read') data.connectionConfig.readOnly = true;
      return { user: checked.identity };
    },

    // A second line: on websocket connections guardConnections refuses these before Hocuspocus.
    async beforeHandleMessage(data: beforeHandleMessagePayload<SyncContext>): Promise<void> {
      if (data.update.length > MAX_MESSAGE_BYTES) {
        const who = (data.context as SyncContext | undefined)?.user.username ?? 'an unauthenticated client';
        log(`sync message of ${data.update.length} bytes from ${who} on ${data.documentName.slice(0, 80)} refused: larger than ${MAX_MESSAGE_BYTES} bytes`);
        throw new Error(`message larger than ${MAX_MESSAGE_BYTES} bytes`);
      }
    },

    async beforeHandleAwareness(data: beforeHandleAwarenessPayload<SyncContext>): Promise<void> {
      const user = data.context?.user;
      if (!user) return;
      const vouched: PresenceUser = { username: user.username, displayName: user.displayName, role: user.role };
      for (const [clientId, state] of data.states) {
        // A removed peer (null state) stays removed; every other state carries the token's identity.
        if (state === null || typeof state !== 'object') continue;
        data.states.set(clientId, { ...state, user: { ...(typeof state['user'] === 'object' && state['user'] !== null ? state['user'] : {}), ...vouched } });
      }
    },
  };
}

/** Documents in a DocumentStore: the state as one Yjs update per name. */
export function storedDocuments(store: DocumentStore): Extension {
  return {
    async onLoadDocument(data: onLoadDocumentPayload): Promise<void> {
      const state = await store.load(data.documentName);
      if (state) Y.applyUpdate(data.document, state);
    },
    async onStoreDocument(data: onStoreDocumentPayload): Promise<void> {
      await store.store(data.documentName, Y.encodeStateAsUpdate(data.document));
    },
  };
}

/** WebSocket close code for a message that does not decode ("invalid frame payload data"). */
export const MALFORMED_CLOSE_CODE = 1007;

export interface GuardedConnections {
  /**
   * Close every websocket still open. Hocuspocus's own destroy closes the document connections
   * but leaves the sockets open: clients would sit on a dead server and never reconnect.
   */
  closeAll(code: number, reason: string): void;
}

/**
 * Refuse and log every sync message that does not decode, before Hocuspocus sees it, by closing
 * its connection. Left alone, Hocuspocus only prints such faults to the console: it closes the
 * socket for an undecodable envelope, and it acknowledges a broken Yjs update as applied
 * (y-protocols swallows the error). Frames over ws's `maxPayload` are closed by ws; that is
 * logged here too. Other connections are not affected. Keeps the open sockets, for `closeAll`.
 */
export function guardConnections(hocuspocus: Hocuspocus, log: (line: string) => void): GuardedConnections {
  const open = new Set<{ close(code?: number, reason?: string): void }>();
  const handleConnection = hocuspocus.handleConnection.bind(hocuspocus);
  hocuspocus.handleConnection = (websocket, request, context) => {
    const client = handleConnection(websocket, request, context);
    open.add(websocket);
    const handleClose = client.handleClose.bind(client);
    client.handleClose = (event) => {
      open.delete(websocket);
      handleClose(event);
    };
    const handle = client.handleMessage;
    let refused = false;
    client.handleMessage = (data: Uint8Array) => {
      // Frames already in flight after the refusal are dropped unread.
      if (refused) return;
      const problem = messageProblem(data);
      if (problem === undefined) {
        handle(data);
        return;
      }
      refused = true;
      log(`sync message refused, connection closed: ${problem}`);
      websocket.close(MALFORMED_CLOSE_CODE, 'malformed message');
    };
    const events = websocket as { on?: unknown };
    if (typeof events.on === 'function') {
      (events.on as (event: 'error', listener: (e: Error) => void) => void).call(websocket, 'error', (e) => log(`sync connection closed on a protocol fault: ${e.message}`));
    }
    return client;
  };
  return {
    closeAll: (code, reason) => {
      for (const websocket of open) websocket.close(code, reason);
      open.clear();
    },
  };
}

/**
 * Why a client's sync message cannot be handled, or undefined when it decodes: the Hocuspocus
 * envelope (document name, message type) and what each type carries, Yjs updates included.
 */
export function messageProblem(data: Uint8Array): string | undefined {
  if (data.length > MAX_MESSAGE_BYTES) return `a message of ${data.length} bytes is larger than ${MAX_MESSAGE_BYTES} bytes`;
  // A bare Pong answers a server Ping; Hocuspocus decides what to do with it.
  if (data.length === 1 && data[0] === MessageType.Pong) return undefined;
  const reader = new MessageReader(data);
  let where = 'a message';
  try {
    const name = reader.text();
    where = `a message on ${JSON.stringify(name.slice(0, 80))}`;
    const type = reader.uint();
    switch (type) {
      case MessageType.Sync:
      case MessageType.SyncReply: {
        const step = reader.uint();
        if (step === 0) Y.decodeStateVector(reader.bytes());
        else if (step === 1 || step === 2) Y.decodeUpdate(reader.bytes());
        else return `${where} has an unknown sync step ${step}`;
        return undefined;
      }
      case MessageType.Awareness: {
        const update = new MessageReader(reader.bytes());
        for (let n = update.uint(); n > 0; n--) {
          update.uint(); // client id
          update.uint(); // clock
          JSON.parse(update.text());
        }
        return undefined;
      }
      case MessageType.Auth: {
        const kind = reader.uint();
        if (kind !== 0) return `${where} is an authentication message of unknown kind ${kind}`;
        reader.text(); // token
        if (!reader.done()) reader.text(); // provider version
        return undefined;
      }
      case MessageType.Stateless:
        reader.text();
        return undefined;
      case MessageType.QueryAwareness:
      case MessageType.CLOSE:
        return undefined;
      default:
        return `${where} has type ${type}, which no client may send`;
    }
  } catch (e) {
    return `${where} does not decode (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** The lib0 encoding of the sync protocol (unsigned varints, length-prefixed bytes and UTF-8). */
class MessageReader {
  private at = 0;
  private static readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  constructor(private readonly data: Uint8Array) {}

  done(): boolean {
    return this.at >= this.data.length;
  }

  uint(): number {
    let value = 0;
    // Multiplying, not shifting: bit operations would wrap at 32 bits.
    for (let scale = 1; ; scale *= 128) {
      if (this.at >= this.data.length) throw new RangeError('it ends in the middle of a number');
      const byte = this.data[this.at++] as number;
      value += (byte & 0x7f) * scale;
      // lib0, which Hocuspocus decodes with, refuses more than 53 bits too.
      if (value > Number.MAX_SAFE_INTEGER) throw new RangeError('a number is out of range');
      if (byte < 0x80) return value;
    }
  }

  bytes(): Uint8Array {
    const length = this.uint();
    if (length > this.data.length - this.at) throw new RangeError(`a field of ${length} bytes runs past its end`);
    const out = this.data.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  text(): string {
    return MessageReader.utf8.decode(this.bytes());
  }
}
