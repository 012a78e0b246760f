import { describe, expect, it } from 'vitest';
import type { Focus, Peer } from '../../sync/network/presence';
import { changedKeys, localIdentity, namesOf, peersByCell, peersByField, peopleOf, sameFocus, samePeers, usernamesOf } from './presenceModel';

const user = (username: string, displayName = username) => ({ username, displayName, role: 'sales', colour: 'hsl(1 70% 42%)' });
const peer = (clientId: number, username: string, focus?: Focus, displayName?: string): Peer => ({ clientId, user: user(username, displayName), focus });
const field = (key: string): Focus => ({ kind: 'field', key });
const cell = (sheet: string, row: string, col: string): Focus => ({ kind: 'cell', sheet, row, col });

describe('localIdentity', () => {
  it('reads the user this tab announces, filling in what is missing', () => {
    expect(localIdentity({ getLocalState: () => ({ user: { username: 'ann', role: 'admin' } }) })).toEqual({ username: 'ann', displayName: 'ann', role: 'admin', colour: 'hsl(0 0% 45%)' });
  });
  it('is undefined without a usable user', () => {
    expect(localIdentity({ getLocalState: () => null })).toBeUndefined();
    expect(localIdentity({ getLocalState: () => ({}) })).toBeUndefined();
    expect(localIdentity({ getLocalState: () => ({ user: { displayName: 'x' } }) })).toBeUndefined();
  });
});

describe('sameFocus and samePeers', () => {
  it('compares focus by kind and every id', () => {
    expect(sameFocus(undefined, undefined)).toBe(true);
    expect(sameFocus(field('a'), undefined)).toBe(false);
    expect(sameFocus(field('a'), field('a'))).toBe(true);
    expect(sameFocus(field('a'), field('b'))).toBe(false);
    expect(sameFocus(cell('s', 'r1', 'c1'), cell('s', 'r1', 'c1'))).toBe(true);
    expect(sameFocus(cell('s', 'r1', 'c1'), cell('s', 'r1', 'c2'))).toBe(false);
    expect(sameFocus(cell('s', 'r1', 'c1'), field('s'))).toBe(false);
  });
  it('sees equal lists as equal, and any moved focus or other order as a change', () => {
    expect(samePeers([peer(1, 'a', field('x'))], [peer(1, 'a', field('x'))])).toBe(true);
    expect(samePeers([peer(1, 'a', field('x'))], [peer(1, 'a', field('y'))])).toBe(false);
    expect(samePeers([peer(1, 'a'), peer(2, 'b')], [peer(2, 'b'), peer(1, 'a')])).toBe(false);
    expect(samePeers([peer(1, 'a')], [peer(1, 'a'), peer(2, 'b')])).toBe(false);
    expect(samePeers([peer(1, 'a')], [{ ...peer(1, 'a'), user: { ...user('a'), colour: 'red' } }])).toBe(false);
  });
});

describe('peersByField', () => {
  it('groups peers on fields by key and leaves out those on cells or nowhere', () => {
    const p1 = peer(1, 'a', field('header:notes'));
    const p2 = peer(2, 'b', field('line:l1:quantity'));
    const p3 = peer(3, 'c', field('header:notes'));
    const map = peersByField([p1, p2, p3, peer(4, 'd'), peer(5, 'e', cell('s', 'r', 'c'))]);
    expect([...map.keys()].sort()).toEqual(['header:notes', 'line:l1:quantity']);
    expect(map.get('header:notes')).toEqual([p1, p3]);
    expect(map.get('line:l1:quantity')).toEqual([p2]);
  });
});

describe('peersByCell', () => {
  // Sheet s1: rows r-a, r-b, r-c at 0, 1, 2; columns c-x, c-y at 0, 1.
  const rows = new Map([['r-a', 0], ['r-b', 1], ['r-c', 2]]);
  const cols = new Map([['c-x', 0], ['c-y', 1]]);
  it('places peers by the current positions of their row and column ids, on this sheet only', () => {
    const p1 = peer(1, 'a', cell('s1', 'r-c', 'c-y'));
    const p2 = peer(2, 'b', cell('s1', 'r-c', 'c-y'));
    const p3 = peer(3, 'c', cell('s1', 'r-a', 'c-x'));
    const other = peer(4, 'd', cell('s2', 'r-a', 'c-x'));
    const gone = peer(5, 'e', cell('s1', 'r-deleted', 'c-x'));
    const map = peersByCell([p1, p2, p3, other, gone, peer(6, 'f', field('x'))], 's1', rows, cols);
    expect(map).toEqual(new Map([['2:1', [p1, p2]], ['0:0', [p3]]]));
  });
  it('follows a row that moved', () => {
    const p = peer(1, 'a', cell('s1', 'r-a', 'c-x'));
    // A row inserted above r-a: it is now the second row.
    const moved = new Map([['r-new', 0], ['r-a', 1], ['r-b', 2], ['r-c', 3]]);
    expect([...peersByCell([p], 's1', moved, cols).keys()]).toEqual(['1:0']);
  });
});

describe('changedKeys', () => {
  it('names marks added, changed and removed, not those that stayed', () => {
    const before = new Map([
      ['0:0', [peer(1, 'a')]],
      ['1:1', [peer(2, 'b')]],
      ['2:2', [peer(3, 'c')]],
    ]);
    const after = new Map([
      ['0:0', [peer(1, 'a')]],
      ['1:1', [peer(2, 'b'), peer(4, 'd')]],
      ['3:3', [peer(3, 'c')]],
    ]);
    expect(changedKeys(before, after).sort()).toEqual(['1:1', '2:2', '3:3']);
    expect(changedKeys(after, after)).toEqual([]);
  });
});

describe('peopleOf, usernamesOf, namesOf', () => {
  it('makes one person of several tabs, in the order first seen', () => {
    const people = peopleOf([peer(1, 'bob', undefined, 'Bob'), peer(2, 'ann', undefined, 'Ann'), peer(3, 'bob', field('x'), 'Bob')]);
    expect(people.map((p) => [p.user.username, p.peers.map((q) => q.clientId)])).toEqual([
      ['bob', [1, 3]],
      ['ann', [2]],
    ]);
  });
  it('lists each name once', () => {
    const peers = [peer(1, 'bob', undefined, 'Bob'), peer(2, 'bob', undefined, 'Bob'), peer(3, 'ann', undefined, 'Ann')];
    expect(usernamesOf(peers)).toBe('bob ann');
    expect(namesOf(peers)).toBe('Bob, Ann');
  });
});
