/**
 * The quote document's shape under co-editing: two replicas edit at once and exchange
 * updates; edits of different fields (of the header or of one line) both survive, and a
 * document a broken writer damaged is reported, not guessed.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { QuoteEvent, QuoteHeader, QuoteLineRecord } from '../../src/domain/quote/QuoteRecord.js';
import { initQuote, insertLine, moveLine, readQuote, replaceLine, reviseQuote, updateHeader, applyAction, LINES_ARRAY } from '../../src/sync/quote/quoteDoc.js';

const at = '2026-11-27T04:00:00.000Z';
const header: QuoteHeader = {
  id: 'q-1',
  number: 'Q-2026-0001',
  revision: 1,
  customerId: 'c-1',
  customerName: '杭州华阀流体设备有限公司',
  owner: '张伟',
  currency: 'CNY',
  exchangeRate: 1,
  quoteDate: '2026-11-27',
  validUntil: '2026-12-27',
  tier: 'key',
  region: 'east',
  paymentTerms: '30% advance',
  defaultDiscountPct: 5,
  discountCapPct: 10,
  overCap: 'approval',
  vatRatePct: 13,
  freightMinor: 50000,
  inquiry: { requirements: 'DN200 valves' },
  notes: '',
  state: 'inquiry',
  createdAt: at,
  changedAt: at,
};
const line: QuoteLineRecord = {
  kind: 'catalogue',
  id: 'l-1',
  sku: 'SVC-INSTALL',
  description: 'Installation',
  quantity: 2,
  unit: 'day',
  unitPriceMinor: 320000,
  unitCostMinor: 180000,
  discountPct: 5,
  inclusion: 'standard',
  chosen: true,
};
const created: QuoteEvent = { at, revision: 1, kind: 'created', to: 'inquiry', by: 'test' };

function replicas(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  expect(initQuote(a, header, [line], created, 'test')).toEqual({ ok: true });
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

function read(doc: Y.Doc) {
  const r = readQuote(doc);
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.quote;
}

describe('quote document under co-editing', () => {
  it('keeps concurrent edits of different header fields', () => {
    const [a, b] = replicas();
    expect(updateHeader(a, { notes: 'call before delivery' }, 'a').ok).toBe(true);
    expect(updateHeader(b, { validUntil: '2027-01-15' }, 'b').ok).toBe(true);
    exchange(a, b);
    for (const doc of [a, b]) expect(read(doc).header).toMatchObject({ notes: 'call before delivery', validUntil: '2027-01-15' });
  });

  it('keeps concurrent edits of different fields of one line', () => {
    const [a, b] = replicas();
    expect(replaceLine(a, { ...line, quantity: 3 }, 'a').ok).toBe(true);
    expect(replaceLine(b, { ...line, discountPct: 8 }, 'b').ok).toBe(true);
    exchange(a, b);
    for (const doc of [a, b]) expect(read(doc).lines[0]).toMatchObject({ quantity: 3, discountPct: 8 });
  });

  it('keeps lines both replicas inserted', () => {
    const [a, b] = replicas();
    insertLine(a, { kind: 'section', id: 's-a', title: 'A' }, 0, 'a');
    insertLine(b, { ...line, id: 'l-b', quantity: 1 }, undefined, 'b');
    exchange(a, b);
    expect(read(a).lines.map((l) => l.id)).toEqual(read(b).lines.map((l) => l.id));
    expect(new Set(read(a).lines.map((l) => l.id))).toEqual(new Set(['s-a', 'l-1', 'l-b']));
  });

  it('refuses a header edit that breaks the record and writes nothing', () => {
    const [a] = replicas();
    const before = Y.encodeStateVector(a);
    const result = updateHeader(a, { freightMinor: -5 }, 'a');
    expect(result).toEqual({ ok: false, problems: ['header.freightMinor must not be negative'] });
    expect(Y.encodeStateVector(a)).toEqual(before);
  });

  it('freezes the revision it leaves: V1 stays readable after V2 is edited', () => {
    const [a] = replicas();
    for (const type of ['start_design', 'mark_quoted', 'send'] as const) expect(applyAction(a, { type }, 'test', new Date(at), 'a').ok).toBe(true);
    expect(reviseQuote(a, 'test', new Date(at), 'a').ok).toBe(true);
    expect(replaceLine(a, { ...line, quantity: 5 }, 'a').ok).toBe(true);
    const q = read(a);
    expect(q.header).toMatchObject({ revision: 2, state: 'quoted' });
    expect(q.revisions[0]?.lines[0]).toMatchObject({ quantity: 2 });
    expect(q.revisions[0]?.header).toMatchObject({ revision: 1, state: 'sent' });
    expect(q.events.map((e) => e.kind)).toEqual(['created', 'transition', 'transition', 'transition', 'revised']);
  });

  it('reports a line a broken writer left without a price, naming it', () => {
    const [a] = replicas();
    const lines = a.getArray<Y.Map<unknown>>(LINES_ARRAY);
    a.transact(() => lines.get(0).delete('unitPriceMinor'));
    const r = readQuote(a);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join()).toContain('lines.0');
  });
});

describe('line order', () => {
  const lines = ['l-1', 'l-2', 'l-3', 'l-4'].map((id) => ({ ...line, id }));

  it('moves and inserts by place, and reads a document written before lines had an order key', () => {
    const doc = new Y.Doc();
    expect(initQuote(doc, header, lines, created, 'test')).toEqual({ ok: true });
    // A document from before the order key: strip it from every line.
    doc.transact(() => doc.getArray<Y.Map<unknown>>(LINES_ARRAY).forEach((m) => m.delete('order')));
    expect(read(doc).lines.map((l) => l.id)).toEqual(['l-1', 'l-2', 'l-3', 'l-4']);
    expect(moveLine(doc, 'l-4', 0, 'test')).toEqual({ ok: true });
    expect(read(doc).lines.map((l) => l.id)).toEqual(['l-4', 'l-1', 'l-2', 'l-3']);
    expect(moveLine(doc, 'l-4', 2, 'test')).toEqual({ ok: true });
    expect(read(doc).lines.map((l) => l.id)).toEqual(['l-1', 'l-2', 'l-4', 'l-3']);
    expect(insertLine(doc, { ...line, id: 'l-5' }, 1, 'test')).toEqual({ ok: true });
    expect(read(doc).lines.map((l) => l.id)).toEqual(['l-1', 'l-5', 'l-2', 'l-4', 'l-3']);
    // The order key is the document's, never a field of the record.
    expect(Object.keys(read(doc).lines[0] ?? {})).not.toContain('order');
  });

  it('keeps moving one line back and forth between two others long after halving runs out', () => {
    const doc = new Y.Doc();
    expect(initQuote(doc, header, lines, created, 'test')).toEqual({ ok: true });
    for (let i = 0; i < 80; i++) {
      expect(moveLine(doc, 'l-4', 1, 'test')).toEqual({ ok: true });
      expect(moveLine(doc, 'l-3', 1, 'test')).toEqual({ ok: true });
    }
    // Each round ends with l-3 moved to place 1, right after l-1, and l-4 behind it.
    expect(read(doc).lines.map((l) => l.id)).toEqual(['l-1', 'l-3', 'l-4', 'l-2']);
  });
});
