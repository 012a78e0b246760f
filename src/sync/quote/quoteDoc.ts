/**
 * The quote document (`quote:<id>`, ARCHITECTURE.md): one quote as a Y.Doc, built for
 * co-editing from the start. This file is the shape's authority, the typed way to read it and
 * the only place that writes it.
 *
 * Shape. Additive only: a key is never renamed, removed or given another meaning.
 *
 *   doc.getMap('header')     one key per QuoteHeader field (JSON values), so two people editing
 *                            the notes and the validity date at once both keep their edit
 *   doc.getArray('lines')    Y.Array<Y.Map>: one map per line of the current revision, one key per
 *                            field (`values` and `policySteps` are JSON values replaced whole), and
 *                            `order`, the line's place in the quote (a number; lines sort by it,
 *                            then by array position). Moving a line writes only its `order`, so a
 *                            move never copies the line: concurrent moves of one line settle on
 *                            one place, and an edit or removal made meanwhile is kept.
 *   doc.getArray('revisions') JSON text of each earlier revision (RevisionSnapshot), frozen when the
 *                            next one started; never edited
 *   doc.getArray('events')   QuoteEvent objects, append-only: created, transitions, revisions
 *
 * Every command checks the whole result against the record types before writing, in one
 * transaction, so a refused edit leaves the document exactly as it was.
 */
import * as Y from 'yjs';
import { transition } from '../../domain/quote/lifecycle.js';
import type { QuoteAction, QuoteState } from '../../domain/quote/lifecycle.js';
import {
  EDITABLE_STATES,
  QuoteEvent,
  QuoteHeader,
  QuoteLineRecord,
  REVISABLE_STATES,
  RevisionSnapshot,
  linesOverCap,
} from '../../domain/quote/QuoteRecord.js';
import type { QuoteRecord } from '../../domain/quote/QuoteRecord.js';
import type { z } from 'zod';

export const HEADER_MAP = 'header';
export const LINES_ARRAY = 'lines';
export const REVISIONS_ARRAY = 'revisions';
export const EVENTS_ARRAY = 'events';

export const quoteDocName = (id: string): string => `quote:${id}`;

export type CommandResult = { readonly ok: true } | { readonly ok: false; readonly problems: readonly string[] };

const refused = (...problems: string[]): CommandResult => ({ ok: false, problems });

/** Zod issues as readable lines, each led by its field (`lines.2.quantity must be greater than 0`). */
export function zodProblems(error: z.ZodError, what: string): string[] {
  return error.issues.map((i) => `${[what, ...i.path.map(String)].join('.')} ${i.message}`);
}

const headerMap = (doc: Y.Doc) => doc.getMap<unknown>(HEADER_MAP);
const linesArray = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>(LINES_ARRAY);
const revisionsArray = (doc: Y.Doc) => doc.getArray<string>(REVISIONS_ARRAY);
const eventsArray = (doc: Y.Doc) => doc.getArray<unknown>(EVENTS_ARRAY);

function plainOf(map: Y.Map<unknown>): Record<string, unknown> {
  return Object.fromEntries([...map.entries()]);
}

/** The document key of a line's place (not a field of the record). */
const ORDER_KEY = 'order';

function lineMap(line: QuoteLineRecord, order: number): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(line)) if (v !== undefined) map.set(k, v);
  map.set(ORDER_KEY, order);
  return map;
}

/** The line maps in quote order: by `order`, then array position (lines written before `order` existed, or inserted at one place at once). */
function orderedLines(doc: Y.Doc): Y.Map<unknown>[] {
  return linesArray(doc)
    .toArray()
    .map((map, position) => ({ map, position, order: map.get(ORDER_KEY) }))
    .sort((a, b) => (typeof a.order === 'number' ? a.order : a.position) - (typeof b.order === 'number' ? b.order : b.position) || a.position - b.position)
    .map((e) => e.map);
}

/** The record fields of a line map (its place left out). */
function lineFields(map: Y.Map<unknown>): Record<string, unknown> {
  const plain = plainOf(map);
  delete plain[ORDER_KEY];
  return plain;
}

/**
 * An order value for a line placed at `index` among `others` (in quote order). Gives every line
 * an explicit order first when some lack one (documents from before `order`), and spreads them
 * out again when halving has run out of precision.
 */
function orderAt(others: Y.Map<unknown>[], index: number): number {
  const orderOf = (m: Y.Map<unknown> | undefined) => m?.get(ORDER_KEY);
  if (others.some((m) => typeof orderOf(m) !== 'number')) others.forEach((m, i) => m.set(ORDER_KEY, i));
  const before = index > 0 ? (orderOf(others[index - 1]) as number) : undefined;
  const after = index < others.length ? (orderOf(others[index]) as number) : undefined;
  if (before === undefined) return after === undefined ? 0 : after - 1;
  if (after === undefined) return before + 1;
  const middle = (before + after) / 2;
  if (middle > before && middle < after) return middle;
  others.forEach((m, i) => m.set(ORDER_KEY, i));
  return index - 0.5;
}

export type ReadResult = { readonly ok: true; readonly quote: QuoteRecord } | { readonly ok: false; readonly problems: readonly string[] };

/** The document as records, checked. A document written by a broken replica is reported, not guessed. */
export function readQuote(doc: Y.Doc): ReadResult {
  const header = headerMap(doc);
  if (header.size === 0) return refused('the document holds no quote (it was never created, or not loaded yet)') as ReadResult;
  const problems: string[] = [];
  const h = QuoteHeader.safeParse(plainOf(header));
  if (!h.success) problems.push(...zodProblems(h.error, 'header'));
  const lines: QuoteLineRecord[] = [];
  orderedLines(doc).forEach((m, i) => {
    const parsed = QuoteLineRecord.safeParse(lineFields(m));
    if (parsed.success) lines.push(parsed.data);
    else problems.push(...zodProblems(parsed.error, `lines.${i}`));
  });
  const revisions = revisionsArray(doc)
    .toArray()
    .flatMap((text, i) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        problems.push(`revisions.${i} is not JSON`);
        return [];
      }
      const parsed = RevisionSnapshot.safeParse(data);
      if (!parsed.success) problems.push(...zodProblems(parsed.error, `revisions.${i}`));
      return parsed.success ? [parsed.data] : [];
    });
  const events = eventsArray(doc)
    .toArray()
    .flatMap((e) => {
      const parsed = QuoteEvent.safeParse(e);
      return parsed.success ? [parsed.data] : [];
    });
  if (problems.length > 0 || !h.success) return { ok: false, problems };
  return { ok: true, quote: { header: h.data, lines, revisions, events } };
}

/** Write a new quote into an empty document. */
export function initQuote(doc: Y.Doc, header: QuoteHeader, lines: readonly QuoteLineRecord[], event: QuoteEvent, origin: unknown): CommandResult {
  if (headerMap(doc).size > 0) return refused('the document already holds a quote');
  const h = QuoteHeader.safeParse(header);
  if (!h.success) return refused(...zodProblems(h.error, 'header'));
  const checked: QuoteLineRecord[] = [];
  for (const [i, line] of lines.entries()) {
    const parsed = QuoteLineRecord.safeParse(line);
    if (!parsed.success) return refused(...zodProblems(parsed.error, `lines.${i}`));
    checked.push(parsed.data);
  }
  const overCap = h.data.overCap === 'refuse' ? linesOverCap(h.data, checked) : [];
  if (overCap.length > 0) return refused(...overCap.map((l) => capProblem(h.data, l.discountPct)));
  doc.transact(() => {
    for (const [k, v] of Object.entries(h.data)) if (v !== undefined) headerMap(doc).set(k, v);
    linesArray(doc).push(checked.map((line, i) => lineMap(line, i)));
    eventsArray(doc).push([event]);
  }, origin);
  return { ok: true };
}

function capProblem(header: Pick<QuoteHeader, 'discountCapPct' | 'tier'>, pct: number): string {
  return `discount ${pct}% exceeds the cap of ${header.discountCapPct}% for tier ${header.tier}`;
}

function current(doc: Y.Doc): { ok: true; quote: QuoteRecord } | { ok: false; result: CommandResult } {
  const read = readQuote(doc);
  return read.ok ? read : { ok: false, result: { ok: false, problems: read.problems } };
}

function editableProblem(state: QuoteState): string | undefined {
  return EDITABLE_STATES.includes(state)
    ? undefined
    : `the quote is ${state.replace('_', ' ')}; its lines and terms can only change in a new revision (revise it)`;
}

/** Header fields a user may edit on the current revision. */
export type HeaderPatch = Partial<
  Pick<QuoteHeader, 'owner' | 'validUntil' | 'paymentTerms' | 'freightMinor' | 'vatRatePct' | 'inquiry' | 'notes' | 'quoteDate' | 'currency' | 'exchangeRate'>
>;

export function updateHeader(doc: Y.Doc, patch: HeaderPatch, origin: unknown): CommandResult {
  const now = current(doc);
  if (!now.ok) return now.result;
  const problem = editableProblem(now.quote.header.state);
  if (problem) return refused(problem);
  const next = QuoteHeader.safeParse({ ...now.quote.header, ...patch });
  if (!next.success) return refused(...zodProblems(next.error, 'header'));
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) headerMap(doc).delete(k);
      else if (JSON.stringify(headerMap(doc).get(k)) !== JSON.stringify(v)) headerMap(doc).set(k, v);
    }
  }, origin);
  return { ok: true };
}

function checkLine(header: QuoteHeader, line: unknown, where: string): { ok: true; line: QuoteLineRecord } | { ok: false; result: CommandResult } {
  const parsed = QuoteLineRecord.safeParse(line);
  if (!parsed.success) return { ok: false, result: refused(...zodProblems(parsed.error, where)) };
  const l = parsed.data;
  if (l.kind !== 'section' && header.overCap === 'refuse' && l.discountPct > header.discountCapPct) {
    return { ok: false, result: refused(`${where}.discountPct: ${capProblem(header, l.discountPct)}`) };
  }
  return { ok: true, line: l };
}

/** Insert a line at `index` (the end when absent). Its id must be new in the quote. */
export function insertLine(doc: Y.Doc, line: QuoteLineRecord, index: number | undefined, origin: unknown): CommandResult {
  const now = current(doc);
  if (!now.ok) return now.result;
  const problem = editableProblem(now.quote.header.state);
  if (problem) return refused(problem);
  const checked = checkLine(now.quote.header, line, 'line');
  if (!checked.ok) return checked.result;
  if (now.quote.lines.some((l) => l.id === line.id)) return refused(`line ${line.id} already exists in this quote`);
  doc.transact(() => {
    const others = orderedLines(doc);
    const at = index === undefined ? others.length : Math.max(0, Math.min(index, others.length));
    linesArray(doc).push([lineMap(checked.line, orderAt(others, at))]);
  }, origin);
  return { ok: true };
}

function indexOfLine(doc: Y.Doc, id: string): number {
  return linesArray(doc)
    .toArray()
    .findIndex((m) => m.get('id') === id);
}

/** Replace a line's fields (same id). Only fields that changed are written, so concurrent edits of other fields survive. */
export function replaceLine(doc: Y.Doc, line: QuoteLineRecord, origin: unknown): CommandResult {
  const now = current(doc);
  if (!now.ok) return now.result;
  const problem = editableProblem(now.quote.header.state);
  if (problem) return refused(problem);
  const at = indexOfLine(doc, line.id);
  if (at < 0) return refused(`line ${line.id} is not in this quote (someone may have removed it)`);
  const checked = checkLine(now.quote.header, line, `lines.${now.quote.lines.findIndex((l) => l.id === line.id)}`);
  if (!checked.ok) return checked.result;
  const map = linesArray(doc).get(at);
  doc.transact(() => {
    const next = checked.line as Record<string, unknown>;
    for (const key of [...map.keys()]) if (!(key in next) && key !== ORDER_KEY) map.delete(key);
    for (const [k, v] of Object.entries(next)) if (JSON.stringify(map.get(k)) !== JSON.stringify(v)) map.set(k, v);
  }, origin);
  return { ok: true };
}

export function removeLine(doc: Y.Doc, id: string, origin: unknown): CommandResult {
  const now = current(doc);
  if (!now.ok) return now.result;
  const problem = editableProblem(now.quote.header.state);
  if (problem) return refused(problem);
  const at = indexOfLine(doc, id);
  if (at < 0) return refused(`line ${id} is not in this quote`);
  doc.transact(() => linesArray(doc).delete(at, 1), origin);
  return { ok: true };
}

/** Move a line to `toIndex` (its position after the move). */
export function moveLine(doc: Y.Doc, id: string, toIndex: number, origin: unknown): CommandResult {
  const now = current(doc);
  if (!now.ok) return now.result;
  const problem = editableProblem(now.quote.header.state);
  if (problem) return refused(problem);
  const ordered = orderedLines(doc);
  const from = ordered.findIndex((m) => m.get('id') === id);
  if (from < 0) return refused(`line ${id} is not in this quote`);
  const to = Math.max(0, Math.min(toIndex, ordered.length - 1));
  if (to === from) return { ok: true };
  const moving = ordered[from] as Y.Map<unknown>;
  doc.transact(() => {
    // Only the line's place changes: the line itself (and anyone's edit of it) stays where it is.
    moving.set(ORDER_KEY, orderAt(ordered.filter((m) => m !== moving), to));
  }, origin);
  return { ok: true };
}

/** Does the current revision need an approver before it can be sent? (Issue 7 adds routes.) */
export function approvalRequired(quote: Pick<QuoteRecord, 'header' | 'lines'>): boolean {
  return linesOverCap(quote.header, quote.lines).length > 0;
}

/** A lifecycle step (state machine in domain/quote/lifecycle.ts); refused with its reason. */
export function applyAction(doc: Y.Doc, action: QuoteAction, by: string, now: Date, origin: unknown): CommandResult {
  const q = current(doc);
  if (!q.ok) return q.result;
  const { header } = q.quote;
  const required = approvalRequired(q.quote);
  const result = transition(
    { state: header.state, validUntil: header.validUntil, approvalRequired: required, approvalComplete: false },
    action,
    now,
  );
  if (!result.ok) return refused(result.reason);
  if ((action.type === 'mark_quoted' || action.type === 'send') && q.quote.lines.every((l) => l.kind === 'section')) {
    return refused('the quote has no priced line yet');
  }
  const event: QuoteEvent = {
    at: result.changedAt,
    revision: header.revision,
    kind: 'transition',
    from: result.from,
    to: result.state,
    by,
    ...(result.outcomeReason === undefined ? {} : { note: result.outcomeReason }),
  };
  doc.transact(() => {
    const h = headerMap(doc);
    h.set('state', result.state);
    h.set('changedAt', result.changedAt);
    if (result.outcomeReason === undefined) h.delete('outcomeReason');
    else h.set('outcomeReason', result.outcomeReason);
    eventsArray(doc).push([event]);
  }, origin);
  return { ok: true };
}

/**
 * Start the next revision: the current one is frozen into `revisions` (readable, never edited),
 * the number stays, the revision counts up, and the quote is back to `quoted` for editing.
 */
export function reviseQuote(doc: Y.Doc, by: string, now: Date, origin: unknown, note?: string): CommandResult {
  const q = current(doc);
  if (!q.ok) return q.result;
  const { header, lines } = q.quote;
  if (!REVISABLE_STATES.includes(header.state)) {
    return refused(
      header.state === 'won' || header.state === 'lost'
        ? `the quote is ${header.state}; a closed quote is not revised (duplicate it instead)`
        : `the quote is ${header.state.replace('_', ' ')}; edit it as it is — a new revision starts once it has been quoted`,
    );
  }
  const at = now.toISOString();
  const snapshot: RevisionSnapshot = { header, lines: [...lines], frozenAt: at };
  const event: QuoteEvent = { at, revision: header.revision + 1, kind: 'revised', from: header.state, to: 'quoted', by, ...(note ? { note } : {}) };
  doc.transact(() => {
    revisionsArray(doc).push([JSON.stringify(snapshot)]);
    const h = headerMap(doc);
    h.set('revision', header.revision + 1);
    h.set('state', 'quoted');
    h.set('changedAt', at);
    eventsArray(doc).push([event]);
  }, origin);
  return { ok: true };
}

/** Append an event that changes nothing else (e.g. repriced from market indices). */
export function appendEvent(doc: Y.Doc, event: QuoteEvent, origin: unknown): void {
  doc.transact(() => eventsArray(doc).push([event]), origin);
}

/** The revision as it was: an earlier one from `revisions`, or the current one. */
export function revisionOf(quote: QuoteRecord, revision: number): { readonly header: QuoteHeader; readonly lines: readonly QuoteLineRecord[] } | undefined {
  if (revision === quote.header.revision) return { header: quote.header, lines: quote.lines };
  return quote.revisions.find((r) => r.header.revision === revision);
}
