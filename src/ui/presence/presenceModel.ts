/**
 * Presence as the screens need it, in plain functions over the peers of a document
 * (src/sync/network/presence.ts): who is on which form field or grid cell, who is there at
 * all (one badge per person, however many tabs), and which marks changed between two
 * moments so only those are redrawn.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { Focus, Peer } from '../../sync/network/presence';
import type { PresenceIdentity } from '../../sync/network/syncedPersistence';

/** One person on the document: their identity and the tabs (peers) they have open on it. */
export interface Person {
  readonly user: PresenceIdentity;
  readonly peers: readonly Peer[];
}

/** The identity this tab announces (stamped from the login), if any. */
export function localIdentity(awareness: Pick<Awareness, 'getLocalState'>): PresenceIdentity | undefined {
  const state = awareness.getLocalState();
  const user = state?.['user'];
  if (typeof user !== 'object' || user === null) return undefined;
  const u = user as Record<string, unknown>;
  if (typeof u['username'] !== 'string') return undefined;
  const text = (key: string, fallback: string) => (typeof u[key] === 'string' ? (u[key] as string) : fallback);
  return { username: u['username'], displayName: text('displayName', u['username']), role: text('role', ''), colour: text('colour', 'hsl(0 0% 45%)') };
}

export function sameFocus(a: Focus | undefined, b: Focus | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'field') return b.kind === 'field' && a.key === b.key;
  return b.kind === 'cell' && a.sheet === b.sheet && a.row === b.row && a.col === b.col;
}

export function sameIdentity(a: PresenceIdentity, b: PresenceIdentity): boolean {
  return a.username === b.username && a.displayName === b.displayName && a.role === b.role && a.colour === b.colour;
}

/** Same peers, in the same order, with the same identities and focus: nothing to redraw. */
export function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((p, i) => {
    const q = b[i] as Peer;
    return p.clientId === q.clientId && sameIdentity(p.user, q.user) && sameFocus(p.focus, q.focus);
  });
}

/** Peers by the form field they are on (fields nobody is on are absent). */
export function peersByField(peers: readonly Peer[]): Map<string, Peer[]> {
  const out = new Map<string, Peer[]>();
  for (const p of peers) {
    if (p.focus?.kind !== 'field') continue;
    const list = out.get(p.focus.key);
    if (list) list.push(p);
    else out.set(p.focus.key, [p]);
  }
  return out;
}

/**
 * Peers on cells of one sheet, keyed `${row}:${col}` by the cells' positions now. A peer on a
 * row or column that no longer exists (deleted meanwhile) is left out.
 */
export function peersByCell(peers: readonly Peer[], sheetId: string, rowIndex: ReadonlyMap<string, number>, colIndex: ReadonlyMap<string, number>): Map<string, Peer[]> {
  const out = new Map<string, Peer[]>();
  for (const p of peers) {
    const f = p.focus;
    if (f?.kind !== 'cell' || f.sheet !== sheetId) continue;
    const row = rowIndex.get(f.row);
    const col = colIndex.get(f.col);
    if (row === undefined || col === undefined) continue;
    const key = `${row}:${col}`;
    const list = out.get(key);
    if (list) list.push(p);
    else out.set(key, [p]);
  }
  return out;
}

/** Keys whose peers differ between `before` and `after` (marks to add, change or remove). */
export function changedKeys(before: ReadonlyMap<string, readonly Peer[]>, after: ReadonlyMap<string, readonly Peer[]>): string[] {
  const out: string[] = [];
  for (const [key, peers] of after) {
    const old = before.get(key);
    if (!old || !samePeers(old, peers)) out.push(key);
  }
  for (const key of before.keys()) if (!after.has(key)) out.push(key);
  return out;
}

/** One entry per person (a person with two tabs open is one badge), in the peers' order. */
export function peopleOf(peers: readonly Peer[]): Person[] {
  const byName = new Map<string, { user: PresenceIdentity; peers: Peer[] }>();
  for (const p of peers) {
    const known = byName.get(p.user.username);
    if (known) known.peers.push(p);
    else byName.set(p.user.username, { user: p.user, peers: [p] });
  }
  return [...byName.values()];
}

/** Usernames of the peers, each once, space-separated (so `[data-peer-focus~="sales"]` finds one). */
export function usernamesOf(peers: readonly Peer[]): string {
  return [...new Set(peers.map((p) => p.user.username))].join(' ');
}

/** Display names of the peers, each once, for a name tag or a tooltip. */
export function namesOf(peers: readonly Peer[]): string {
  return [...new Set(peers.map((p) => p.user.displayName))].join(', ');
}
