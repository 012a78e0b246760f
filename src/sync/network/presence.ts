/**
 * Presence on a shared document: who else has it open, in which colour, and where each one is
 * (a form field, or a grid cell by stable row/column ids so it stays on the same cell when
 * rows move). Read from and written to the document's Yjs awareness; the identity part of
 * every state is stamped by the server (server/sync.ts), so a peer cannot pose as someone else.
 *
 * @example
 *   setFocus(open.awareness, { kind: 'field', key: 'line:l-3:quantity' });
 *   const stop = watchPeers(open.awareness, (peers) => render(peers));
 */
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceIdentity } from './syncedPersistence.js';

/** Where a person is: a form field (a key the screen chooses) or a cell by stable ids. */
export type Focus = { readonly kind: 'field'; readonly key: string } | { readonly kind: 'cell'; readonly sheet: string; readonly row: string; readonly col: string };

export interface Peer {
  /** The Yjs client id: one per open tab, so one person in two tabs is two peers. */
  readonly clientId: number;
  readonly user: PresenceIdentity;
  readonly focus: Focus | undefined;
}

function asFocus(value: unknown): Focus | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v['kind'] === 'field' && typeof v['key'] === 'string') return { kind: 'field', key: v['key'] };
  if (v['kind'] === 'cell' && typeof v['sheet'] === 'string' && typeof v['row'] === 'string' && typeof v['col'] === 'string') {
    return { kind: 'cell', sheet: v['sheet'], row: v['row'], col: v['col'] };
  }
  return undefined;
}

function asUser(value: unknown): PresenceIdentity | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['username'] !== 'string') return undefined;
  const text = (key: string, fallback: string) => (typeof v[key] === 'string' ? (v[key] as string) : fallback);
  return { username: v['username'], displayName: text('displayName', v['username']), role: text('role', ''), colour: text('colour', 'hsl(0 0% 45%)') };
}

/** Everyone else on the document (this tab excluded), in a stable order. */
export function peersOf(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user = asUser((state as Record<string, unknown>)['user']);
    if (!user) continue;
    peers.push({ clientId, user, focus: asFocus((state as Record<string, unknown>)['focus']) });
  }
  return peers.sort((a, b) => a.user.displayName.localeCompare(b.user.displayName) || a.clientId - b.clientId);
}

/** Say where this tab is (undefined: nowhere in particular). */
export function setFocus(awareness: Awareness, focus: Focus | undefined): void {
  awareness.setLocalStateField('focus', focus ?? null);
}

/** Call `listener` with the peers now and whenever they change; returns the unsubscribe. */
export function watchPeers(awareness: Awareness, listener: (peers: Peer[]) => void): () => void {
  const onChange = () => listener(peersOf(awareness));
  awareness.on('change', onChange);
  onChange();
  return () => awareness.off('change', onChange);
}
