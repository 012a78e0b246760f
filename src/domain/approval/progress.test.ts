import { describe, expect, it } from 'vitest';
import { routeProgress } from './progress.js';
import type { Decision, ProgressContext } from './progress.js';
import type { RouteLevel } from './routing.js';

// A route worked out by hand: manager (any), director (any, may approve for the levels below), finance (all of two).
const levels: RouteLevel[] = [
  { rank: 1, name: 'Manager', approvers: [{ user: 'mgr' }, { role: 'approver' }], mode: 'any', approvesBelow: false, reasons: [] },
  { rank: 2, name: 'Director', approvers: [{ user: 'dir' }], mode: 'any', approvesBelow: true, reasons: [] },
  { rank: 3, name: 'Finance', approvers: [{ user: 'fin1' }, { user: 'fin2' }], mode: 'all', approvesBelow: false, reasons: [] },
];
const context: ProgressContext = { author: 'rep', selfApproval: 'forbidden', delegations: [] };
let clock = 0;
const approve = (level: number, approver: string, role = 'approver', at?: string): Decision => ({ level, approver, role, decision: 'approved', at: at ?? `2026-12-0${1 + Math.floor(clock / 10)}T0${clock++ % 10}:00:00Z` });

describe('route progress', () => {
  it('runs the levels in sequence; an "all" level waits for everyone', () => {
    const steps = [approve(1, 'mgr'), approve(2, 'dir'), approve(3, 'fin1')];
    let p = routeProgress(levels, steps, context);
    expect([p.state, p.pendingRank, p.levels.map((l) => l.done)]).toEqual(['pending', 3, [true, true, false]]);
    expect(p.levels[2]?.waitingFor).toEqual([{ user: 'fin2' }]);
    p = routeProgress(levels, [...steps, approve(3, 'fin2')], context);
    expect([p.state, p.pendingRank, p.ignored]).toEqual(['approved', undefined, []]);
  });

  it('takes a role as an approver: anyone holding it answers for the level', () => {
    const p = routeProgress(levels, [approve(1, 'zhao', 'approver')], context);
    expect(p.levels[0]).toEqual({ rank: 1, done: true, approvedBy: ['zhao'], waitingFor: [] });
  });

  it('lets a skip-level approve for the levels below it, and no other level jump ahead', () => {
    const p = routeProgress(levels, [approve(3, 'fin1'), approve(2, 'dir')], context);
    expect(p.levels.map((l) => [l.done, l.approvedBy])).toEqual([
      [true, ['dir']],
      [true, ['dir']],
      [false, []],
    ]);
    expect(p.ignored.map((i) => i.reason)).toEqual(['level "Finance" comes after "Manager", which is still waiting, and may not approve for it']);
  });

  it('refuses the author approving their own quote when the policy forbids it, and allows it when it does not', () => {
    const own = approve(1, 'mgr');
    expect(routeProgress(levels, [own], { ...context, author: 'mgr' }).ignored.map((i) => i.reason)).toEqual(['mgr may not approve their own quote']);
    expect(routeProgress(levels, [own], { ...context, author: 'mgr', selfApproval: 'allowed' }).levels[0]?.done).toBe(true);
  });

  it('counts a delegate inside the dates and not a day outside them', () => {
    const withDelegation: ProgressContext = { ...context, delegations: [{ from: 'dir', fromRole: 'approver', to: 'deputy', start: '2026-12-01', end: '2026-12-10' }] };
    const inside = routeProgress(levels, [approve(2, 'deputy', 'sales', '2026-12-10T23:00:00Z')], withDelegation);
    expect(inside.levels.slice(0, 2).map((l) => l.done)).toEqual([true, true]);
    const outside = routeProgress(levels, [approve(2, 'deputy', 'sales', '2026-12-11T08:00:00Z')], withDelegation);
    expect(outside.levels[1]?.done).toBe(false);
    expect(outside.ignored.map((i) => i.reason)).toEqual(['deputy is not an approver of level "Director" on 2026-12-11']);
  });

  it('stops at a rejection: later approvals do not count', () => {
    const reject: Decision = { level: 1, approver: 'mgr', role: 'approver', decision: 'rejected', at: '2026-12-02T09:00:00Z' };
    const p = routeProgress(levels, [reject, approve(1, 'zhao', 'approver', '2026-12-02T10:00:00Z')], context);
    expect([p.state, p.rejectedBy, p.pendingRank]).toEqual(['rejected', 'mgr', undefined]);
    expect(p.ignored.map((i) => i.reason)).toEqual(['the route was already rejected by mgr']);
  });

  it('ignores decisions on a level not on the route, twice on a done level, and after completion', () => {
    const short: RouteLevel[] = [levels[0] as RouteLevel];
    const p = routeProgress(short, [approve(1, 'mgr'), approve(1, 'zhao'), approve(4, 'ceo')], context);
    expect(p.state).toBe('approved');
    expect(p.ignored.map((i) => i.reason)).toEqual(['the route is already complete', 'level 4 is not on this quote\'s route']);
  });

  it('an empty route is approved at once', () => {
    expect(routeProgress([], [], context).state).toBe('approved');
  });
});
