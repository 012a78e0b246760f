import { afterEach, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { peersOf, setFocus, watchPeers, type Peer } from './presence';

// Two or three tabs, each with its own awareness, passing updates by hand as the provider would.
const made: Awareness[] = [];
function tab(clientId: number, state: Record<string, unknown> | null): Awareness {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new Awareness(doc);
  awareness.setLocalState(state);
  made.push(awareness);
  return awareness;
}
/** What `from` knows about itself, delivered to `to`. */
function send(from: Awareness, to: Awareness): void {
  applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), 'test');
}
afterEach(() => {
  for (const a of made.splice(0)) a.destroy();
});

const alice = { username: 'alice', displayName: 'Alice', role: 'sales', colour: 'hsl(10 70% 42%)' };
const bob = { username: 'bob', displayName: 'Bob', role: 'engineer', colour: 'hsl(200 70% 42%)' };

describe('peersOf', () => {
  it('lists the other tabs with their user and focus, never this one', () => {
    const a = tab(1, { user: alice });
    const b = tab(2, { user: bob, focus: { kind: 'field', key: 'line:l-3:quantity' } });
    send(a, b);
    send(b, a);
    expect(peersOf(a)).toEqual([{ clientId: 2, user: bob, focus: { kind: 'field', key: 'line:l-3:quantity' } }]);
    expect(peersOf(b)).toEqual([{ clientId: 1, user: alice, focus: undefined }]);
  });

  it('reads a cell focus by its stable ids', () => {
    const a = tab(1, { user: alice });
    const b = tab(2, { user: bob, focus: { kind: 'cell', sheet: 's1', row: 'r-9', col: 'c-2' } });
    send(b, a);
    expect(peersOf(a)[0]?.focus).toEqual({ kind: 'cell', sheet: 's1', row: 'r-9', col: 'c-2' });
  });

  it('fills in what a user state leaves out', () => {
    const a = tab(1, { user: alice });
    const b = tab(2, { user: { username: 'carol' } });
    send(b, a);
    expect(peersOf(a)).toEqual([{ clientId: 2, user: { username: 'carol', displayName: 'carol', role: '', colour: 'hsl(0 0% 45%)' }, focus: undefined }]);
  });

  it('ignores states without a usable user, and a focus it cannot read', () => {
    const a = tab(1, { user: alice });
    const noUser = tab(2, { focus: { kind: 'field', key: 'header:notes' } });
    const badName = tab(3, { user: { username: 42, displayName: 'Mallory' } });
    const notObject = tab(4, { user: 'bob' });
    const badFocus = tab(5, { user: bob, focus: { kind: 'cell', sheet: 's1', row: 'r-1' } });
    const oddFocus = tab(6, { user: { ...bob, username: 'bob2', displayName: 'Bob 2' }, focus: { kind: 'field', key: 7 } });
    for (const other of [noUser, badName, notObject, badFocus, oddFocus]) send(other, a);
    expect(peersOf(a)).toEqual([
      { clientId: 5, user: bob, focus: undefined },
      { clientId: 6, user: { ...bob, username: 'bob2', displayName: 'Bob 2' }, focus: undefined },
    ]);
  });

  it('orders by display name, then by tab', () => {
    const a = tab(1, { user: alice });
    const bobLater = tab(9, { user: bob });
    const bobEarlier = tab(4, { user: bob });
    const aaron = tab(7, { user: { ...alice, username: 'aaron', displayName: 'Aaron' } });
    for (const other of [bobLater, bobEarlier, aaron]) send(other, a);
    expect(peersOf(a).map((p) => p.clientId)).toEqual([7, 4, 9]);
  });
});

describe('setFocus and watchPeers', () => {
  it('tells a watcher at once and on every change, until it stops watching', () => {
    const a = tab(1, { user: alice });
    const b = tab(2, { user: bob });
    const seen: Peer[][] = [];
    const stop = watchPeers(a, (peers) => seen.push(peers));
    expect(seen).toEqual([[]]);

    send(b, a);
    expect(seen.at(-1)).toEqual([{ clientId: 2, user: bob, focus: undefined }]);

    setFocus(b, { kind: 'field', key: 'header:notes' });
    expect(b.getLocalState()?.['focus']).toEqual({ kind: 'field', key: 'header:notes' });
    send(b, a);
    expect(seen.at(-1)).toEqual([{ clientId: 2, user: bob, focus: { kind: 'field', key: 'header:notes' } }]);

    // Nowhere in particular travels as null and reads back as no focus.
    setFocus(b, undefined);
    expect(b.getLocalState()?.['focus']).toBeNull();
    send(b, a);
    expect(seen.at(-1)).toEqual([{ clientId: 2, user: bob, focus: undefined }]);

    // The tab closes.
    b.setLocalState(null);
    send(b, a);
    expect(seen.at(-1)).toEqual([]);
    const count = seen.length;

    stop();
    const c = tab(3, { user: { ...bob, username: 'carol', displayName: 'Carol' } });
    send(c, a);
    expect(seen.length).toBe(count);
    expect(peersOf(a).map((p) => p.user.username)).toEqual(['carol']);
  });

  it('does not fire for an update that changes nothing', () => {
    const a = tab(1, { user: alice });
    const b = tab(2, { user: bob, focus: { kind: 'field', key: 'header:notes' } });
    send(b, a);
    let calls = 0;
    const stop = watchPeers(a, () => calls++);
    // The same state renewed (the provider's heartbeat) is an 'update', not a 'change'.
    b.setLocalState({ user: bob, focus: { kind: 'field', key: 'header:notes' } });
    send(b, a);
    stop();
    expect(calls).toBe(1);
  });
});
