/**
 * The sync endpoint: Hocuspocus on the same origin, at `/sync`. Every connection brings an
 * access token; the server checks it and the role's access to the document (access.ts). A role
 * that may only read gets a read-only connection, whose updates the server drops. Documents are
 * kept in SQLite (`documents`: the Yjs state per name), loaded when first opened and stored a
 * moment after edits settle.
 */
import * as Y from 'yjs';
import type { Extension, onAuthenticatePayload, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import { documentAccess } from './access.js';
import type { Db } from './store.js';
import { verifyAccess } from './tokens.js';
import type { Identity, TokenKeys } from './tokens.js';

export interface SyncContext {
  readonly user: Identity;
}

/** Authentication and per-document access of every sync connection. */
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
  };
}

/** Documents in SQLite: the state as one Yjs update per name. */
export function sqliteDocuments(db: Db): Extension {
  const read = db.prepare<[string], { state: Buffer }>('SELECT state FROM documents WHERE name = ?');
  const write = db.prepare('INSERT INTO documents (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at');
  return {
    async onLoadDocument(data: onLoadDocumentPayload): Promise<void> {
      const row = read.get(data.documentName);
      if (row) Y.applyUpdate(data.document, new Uint8Array(row.state));
    },
    async onStoreDocument(data: onStoreDocumentPayload): Promise<void> {
      write.run(data.documentName, Buffer.from(Y.encodeStateAsUpdate(data.document)), new Date().toISOString());
    },
  };
}
