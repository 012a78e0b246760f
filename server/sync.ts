/**
 * The sync endpoint: Hocuspocus on the same origin, at `/sync`. Every connection brings an
 * access token; the server checks it and the role's access to the document (access.ts). A role
 * that may only read gets a read-only connection, whose updates the server drops. Presence
 * (awareness) states are stamped with the identity the token vouched for, whatever the client
 * claimed. Messages over the size limit close that one connection, with a log line; everyone
 * else is served on. Documents are kept in a DocumentStore, loaded when first opened and
 * stored a moment after edits settle.
 */
import * as Y from 'yjs';
import type { Extension, beforeHandleAwarenessPayload, beforeHandleMessagePayload, onAuthenticatePayload, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
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
