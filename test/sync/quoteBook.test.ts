/**
 * The quote book across layers: demo seed, tier policy on new quotes, line pricing with the
 * price policies (figures worked out by hand in the comments), lifecycle, revisions, duplicate,
 * market index repricing, and bad input that must change nothing.
 */
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { compareRevisions } from '../../src/domain/quote/revisions.js';
import type { QuoteLineRecord, QuoteRecord } from '../../src/domain/quote/QuoteRecord.js';
import { openRelease } from '../../src/domain/workbook/release.js';
import { settle } from '../../src/domain/pricing/money.js';
import { approvalRequired, quoteDocName } from '../../src/sync/quote/quoteDoc.js';
import { openQuoteWorld } from '../support/quoteWorld.js';
import type { QuoteWorld } from '../support/quoteWorld.js';

const NOW = new Date('2026-11-27T04:00:00Z');
let world: QuoteWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function open(options: Parameters<typeof openQuoteWorld>[0] = {}): Promise<QuoteWorld> {
  world = await openQuoteWorld({ now: () => NOW, ...options });
  return world;
}

function ok<T>(result: { ok: true; value?: T } | { ok: false; problems: readonly string[] }): T {
  if (!result.ok) throw new Error(`refused: ${result.problems.join('; ')}`);
  return result.value as T;
}

async function record(w: QuoteWorld, id: string): Promise<QuoteRecord> {
  return ok(await w.quotes.read(id));
}

/** The stored document's bytes: equal before and after means nothing was written. */
async function stored(w: QuoteWorld, id: string): Promise<string> {
  const doc = (await w.persistence.open(quoteDocName(id))).doc;
  return Buffer.from(Y.encodeStateVector(doc)).toString('hex');
}

async function newQuote(w: QuoteWorld, customerId: string, quoteDate = '2026-11-27'): Promise<string> {
  return ok(await w.quotes.create({ customerId, quoteDate, inquiry: { requirements: 'test' } }, 'tester'));
}

describe('demo workspace', () => {
  it('seeds a dozen customers and quotes in every lifecycle state, once', async () => {
    const w = await open({ seedDemo: true });
    expect(w.demo?.problems).toEqual([]);
    expect(await w.db.customers.count()).toBe(12);
    const states = new Set((await w.db.quotes.toArray()).map((q) => q.state));
    expect([...states].sort()).toEqual(['approval', 'expired', 'inquiry', 'lost', 'quoted', 'sent', 'solution_design', 'won']);
    expect(await w.db.quotes.count()).toBe(14);
  }, 60_000);
});

describe('a new quote', () => {
  it('takes the tier policy, region freight, VAT and validity of its customer', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-sh-pharma');
    const { header } = await record(w, id);
    expect(header.number).toBe('Q-2026-0001');
    expect(header).toMatchObject({
      revision: 1,
      state: 'inquiry',
      tier: 'key',
      defaultDiscountPct: 5,
      discountCapPct: 10,
      region: 'east',
      freightMinor: 50000,
      vatRatePct: 13,
      validUntil: '2026-12-27',
      customerName: '上海康远制药设备有限公司',
      owner: '李娜',
    });
    expect(header.paymentTerms).toContain('30% advance, 70% within 30 days');
    expect((await w.db.quotes.get(id))?.number).toBe('Q-2026-0001');
    const second = await newQuote(w, 'c-sh-pharma');
    expect((await record(w, second)).header.number).toBe('Q-2026-0002');
  });

  it('numbers past a number that arrived from elsewhere, and never reuses one', async () => {
    const w = await open();
    const first = await newQuote(w, 'c-sh-pharma');
    const entry = await w.db.quotes.get(first);
    // A quote numbered 0002 lands in the list (as a synced one would), bypassing this book.
    await w.db.quotes.put({ ...entry!, id: 'q-from-elsewhere', number: 'Q-2026-0002' });
    const third = await newQuote(w, 'c-sh-pharma');
    expect((await record(w, third)).header.number).toBe('Q-2026-0003');
    // A refused quote takes no number it could reuse; the next one continues the count.
    expect((await w.quotes.create({ customerId: 'c-nobody', inquiry: { requirements: 'x' } }, 'tester')).ok).toBe(false);
    expect((await record(w, await newQuote(w, 'c-sh-pharma'))).header.number).toBe('Q-2026-0004');
  });

  it('refuses an unknown customer and creates nothing', async () => {
    const w = await open();
    const before = await w.db.quotes.count();
    const result = await w.quotes.create({ customerId: 'c-nobody', inquiry: { requirements: 'x' } }, 'tester');
    expect(result).toEqual({ ok: false, problems: ['there is no customer "c-nobody"'] });
    expect(await w.db.quotes.count()).toBe(before);
  });
});

describe('line pricing', () => {
  it('prices a catalogue item on block volume breaks with the tier discount', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-sh-pharma');
    ok(await w.quotes.addCatalogueLine(id, { sku: 'SP-SEAL-KIT', quantity: 12 }));
    const q = await record(w, id);
    // Block band 10–49 at ¥255.00 for the whole quantity; east region ×1; key tier 5 %.
    expect(q.lines[0]).toMatchObject({ kind: 'catalogue', unitPriceMinor: 25500, unitCostMinor: 12000, discountPct: 5, quantity: 12 });
    const entry = await w.db.quotes.get(id);
    // gross 12 × 25500 = 306000; discount 5 % = 15300; net 290700; + freight 50000 = 340700;
    // VAT 13 % = 44291; total 384991. Margin 290700 − 12 × 12000 = 146700 → 50.46 % of net.
    expect(entry?.totalMinor).toBe(384991);
    expect(entry?.marginBasisPoints).toBe(5046);
  });

  it('prices graduated breaks band by band, then the regional factor', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-de-anlagen');
    ok(await w.quotes.addCatalogueLine(id, { sku: 'PKG-EXPORT-CRATE', quantity: 8 }));
    const [line] = (await record(w, id)).lines;
    // 5 × 65000 + 3 × 58000 = 499000 over 8 pieces = 62375 each; export region ×1.08 = 67365.
    expect(line).toMatchObject({ unitPriceMinor: 67365, unitCostMinor: 41000 });
  });

  it('prices a configured valve on its release, then the load factor of its product line', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-hz-valve');
    ok(await w.quotes.addConfiguredLine(id, { modelId: 'butterfly-valve', values: { dn: 200, actuator: 'electric' }, quantity: 12 }));
    const [line] = (await record(w, id)).lines;
    if (line?.kind !== 'configured') throw new Error('expected a configured line');
    // Second path: the released model priced directly with the same values and quantity.
    const release = await w.library.getRelease(line.releaseHash);
    const opened = await openRelease(release!);
    if (!opened.ok) throw new Error('release does not open');
    const [evaluation] = opened.model.evaluate([{ ...line.values, qty: 12 }]);
    opened.model.dispose();
    if (!evaluation?.ok) throw new Error('model refused');
    const modelMinor = evaluation.outputs['unit_price']?.minor as number;
    expect(line.modelUnitPriceMinor).toBe(modelMinor);
    // valves ×1.05 (order book full); east ×1 adds no step.
    expect(line.unitPriceMinor).toBe(settle(modelMinor * 1.05, 0));
    expect(line.policySteps).toEqual([expect.objectContaining({ step: 'load', factor: 1.05, deltaMinor: settle(modelMinor * 1.05, 0) - modelMinor })]);
    expect(line.values['qty']).toBe(12);
    expect(line.discountPct).toBe(8); // strategic tier default
  });

  it('refuses a model version that is not released, and a negative quantity, changing nothing', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-hz-valve');
    ok(await w.quotes.addCatalogueLine(id, { sku: 'SVC-INSTALL', quantity: 1 }));
    const before = await stored(w, id);
    const unreleased = await w.quotes.addConfiguredLine(id, { modelId: 'butterfly-valve', releaseHash: 'f'.repeat(64), values: {}, quantity: 1 });
    expect(unreleased.ok).toBe(false);
    expect(!unreleased.ok && unreleased.problems.join()).toContain('not released');
    const negative = await w.quotes.addCatalogueLine(id, { sku: 'SVC-INSTALL', quantity: -2 });
    expect(!negative.ok && negative.problems).toEqual(['quantity must be greater than 0, got -2']);
    const lineId = (await record(w, id)).lines[0]?.id as string;
    const negativeEdit = await w.quotes.updateLine(id, lineId, { quantity: -1 });
    expect(negativeEdit.ok).toBe(false);
    expect(await stored(w, id)).toBe(before);
    expect((await record(w, id)).lines).toHaveLength(1);
  });

  it('refuses a configuration the model rules forbid', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-hz-valve');
    // The valve's rules: an oxygen medium needs a degreased metal seat, not EPDM (see the workbook).
    const result = await w.quotes.addConfiguredLine(id, { modelId: 'butterfly-valve', values: { medium: 'oxygen', seat: 'EPDM' }, quantity: 1 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join()).toContain("breaks the model's rules");
  });
});

describe('discount above the tier cap', () => {
  it('is routed to approval: accepted, flagged, and the quote cannot be sent without it', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-sh-pharma');
    const lineId = ok(await w.quotes.addCatalogueLine(id, { sku: 'SVC-INSTALL', quantity: 1 }));
    ok(await w.quotes.updateLine(id, lineId, { discountPct: 12 }));
    const q = await record(w, id);
    expect(approvalRequired(q)).toBe(true);
    ok(await w.quotes.transition(id, { type: 'start_design' }, 'tester'));
    ok(await w.quotes.transition(id, { type: 'mark_quoted' }, 'tester'));
    const send = await w.quotes.transition(id, { type: 'send' }, 'tester');
    expect(send.ok).toBe(false);
    expect((await record(w, id)).header.state).toBe('quoted');
    ok(await w.quotes.transition(id, { type: 'submit_for_approval' }, 'tester'));
    expect((await record(w, id)).header.state).toBe('approval');
  });

  it('is refused when the policy says so, and the line keeps its discount', async () => {
    const w = await open({ settings: (s) => ({ ...s, overCap: 'refuse' }) });
    const id = await newQuote(w, 'c-sh-pharma');
    const lineId = ok(await w.quotes.addCatalogueLine(id, { sku: 'SVC-INSTALL', quantity: 1 }));
    const before = await stored(w, id);
    const result = await w.quotes.updateLine(id, lineId, { discountPct: 12 });
    expect(!result.ok && result.problems.join()).toContain('discount 12% exceeds the cap of 10% for tier key');
    expect(await stored(w, id)).toBe(before);
    expect((await record(w, id)).lines[0]).toMatchObject({ discountPct: 5 });
  });
});

describe('revisions and copies', () => {
  it('revises a sent quote: same number, V2 editable, V1 kept as it was; compare shows the change', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-tj-chem');
    const lineId = ok(await w.quotes.addCatalogueLine(id, { sku: 'SVC-INSTALL', quantity: 2 }));
    for (const type of ['start_design', 'mark_quoted', 'send'] as const) ok(await w.quotes.transition(id, { type }, 'tester'));
    const v1 = await record(w, id);
    expect(await w.quotes.updateLine(id, lineId, { quantity: 3 })).toMatchObject({ ok: false });
    ok(await w.quotes.revise(id, 'tester'));
    ok(await w.quotes.updateLine(id, lineId, { quantity: 3 }));
    const v2 = await record(w, id);
    expect(v2.header).toMatchObject({ number: v1.header.number, revision: 2, state: 'quoted' });
    expect(v2.revisions).toHaveLength(1);
    expect(v2.revisions[0]?.lines).toEqual(v1.lines);
    const asRevisionLines = (lines: readonly QuoteLineRecord[]) =>
      lines.flatMap((l) => (l.kind === 'section' ? [] : [{ id: l.id, description: l.description, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, costMinor: l.unitCostMinor, discountPct: l.discountPct }]));
    const diff = compareRevisions(asRevisionLines(v1.lines), asRevisionLines(v2.lines));
    // ¥3,200.00 a day at 2 % (regular tier, north ×1.03 → ¥3,296.00): one more day nets 329600 − 6592 = 323008.
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]?.netDeltaMinor).toBe(323008);
  });

  it('duplicates for another customer with that customer’s tier, region and a new number', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-sh-pharma');
    ok(await w.quotes.addCatalogueLine(id, { sku: 'SP-SEAL-KIT', quantity: 12 }));
    const copyId = ok(await w.quotes.duplicateForCustomer(id, 'c-gz-hvac', 'tester'));
    const copy = await record(w, copyId);
    expect(copy.header).toMatchObject({ customerId: 'c-gz-hvac', tier: 'regular', region: 'south', revision: 1, state: 'inquiry', copiedFrom: id, number: 'Q-2026-0002' });
    // 25500 × 1.02 (south) = 26010; the regular tier's 2 % default.
    expect(copy.lines[0]).toMatchObject({ unitPriceMinor: 26010, discountPct: 2 });
  });

  it('a refused edit in a closed state changes nothing', async () => {
    const w = await open();
    const wonId = await newQuote(w, 'c-tj-chem');
    ok(await w.quotes.addCatalogueLine(wonId, { sku: 'SVC-INSTALL', quantity: 1 }));
    for (const type of ['start_design', 'mark_quoted', 'send'] as const) ok(await w.quotes.transition(wonId, { type }, 'tester'));
    ok(await w.quotes.transition(wonId, { type: 'mark_won', reason: 'best lead time' }, 'tester'));
    const won = { id: wonId };
    const before = await stored(w, won.id);
    const q = await record(w, won.id);
    expect(q.header).toMatchObject({ state: 'won', outcomeReason: 'best lead time' });
    const line = q.lines.find((l) => l.kind !== 'section');
    expect((await w.quotes.updateLine(won.id, line?.id as string, { discountPct: 1 })).ok).toBe(false);
    expect((await w.quotes.revise(won.id, 'tester')).ok).toBe(false);
    expect((await w.quotes.transition(won.id, { type: 'send' }, 'tester')).ok).toBe(false);
    expect(await stored(w, won.id)).toBe(before);
  });
});

describe('expiry', () => {
  it('marks open quotes whose validity passed as expired, and only those', async () => {
    const w = await open();
    // Quote date 2026-10-01 → valid until 2026-10-31, sent on 2026-10-05; NOW is 2026-11-27.
    const id = await newQuote(w, 'c-tj-chem', '2026-10-01');
    ok(await w.quotes.addCatalogueLine(id, { sku: 'SVC-INSTALL', quantity: 1 }));
    for (const type of ['start_design', 'mark_quoted', 'send'] as const) ok(await w.quotes.transition(id, { type }, 'tester', new Date('2026-10-05T02:00:00Z')));
    const fresh = await newQuote(w, 'c-tj-chem', '2026-11-20');
    ok(await w.quotes.addCatalogueLine(fresh, { sku: 'SVC-INSTALL', quantity: 1 }));
    for (const type of ['start_design', 'mark_quoted', 'send'] as const) ok(await w.quotes.transition(fresh, { type }, 'tester'));
    const before = new Map((await w.db.quotes.toArray()).map((q) => [q.id, q.state]));
    expect(await w.quotes.expireOverdue()).toBe(1);
    const after = new Map((await w.db.quotes.toArray()).map((q) => [q.id, q.state]));
    expect(after.get(id)).toBe('expired');
    expect(after.get(fresh)).toBe('sent');
    for (const [quoteId, state] of before) if (quoteId !== id) expect(after.get(quoteId)).toBe(state);
    expect((await record(w, id)).events.at(-1)).toMatchObject({ kind: 'transition', from: 'sent', to: 'expired', by: 'system' });
  });
});

describe('market index repricing', () => {
  it('freezes the A00 value of the quote date and shows old vs new with the reason', async () => {
    const w = await open();
    const id = await newQuote(w, 'c-nb-solar', '2026-03-10');
    ok(await w.quotes.addConfiguredLine(id, { modelId: 'aluminium-profile', values: {}, quantity: 400 }));
    const [line] = (await record(w, id)).lines;
    if (line?.kind !== 'configured') throw new Error('expected a configured line');
    // Latest AL-A00 point on or before 2026-03-10 is 2026-03-02 at 20,270.
    expect(line.frozenIndices).toEqual([{ series: 'AL-A00', date: '2026-03-02', value: 20270 }]);
    const preview = ok(await w.quotes.repricePreview(id, '2026-11-27'));
    expect(preview).toHaveLength(1);
    expect(preview[0]?.reason).toBe('AL-A00 20270 (2026-03-02) → 21610 (2026-11-20)');
    expect(preview[0]?.oldUnitPriceMinor).toBe(line.unitPriceMinor);
    // The metal is most of the price: dearer ingot, dearer piece.
    expect(preview[0]?.newUnitPriceMinor).toBeGreaterThan(line.unitPriceMinor);
    // Nothing written by the preview.
    expect((await record(w, id)).lines[0]).toEqual(line);
    ok(await w.quotes.applyReprice(id, 'tester', '2026-11-27'));
    const after = await record(w, id);
    expect(after.header.quoteDate).toBe('2026-11-27');
    expect(after.lines[0]).toMatchObject({ unitPriceMinor: preview[0]?.newUnitPriceMinor, frozenIndices: [{ series: 'AL-A00', date: '2026-11-20', value: 21610 }] });
    expect(after.events.at(-1)).toMatchObject({ kind: 'repriced', note: 'AL-A00 20270 (2026-03-02) → 21610 (2026-11-20)' });
  });

  it('a CSV with a bad date or a text value names the line and changes nothing', async () => {
    const w = await open();
    const before = JSON.stringify(w.directory.settings().indices);
    const result = w.directory.importIndexCsv('AL-A00', 'date,value\n2026-11-25,21700\n2026-13-01,21800\n2026-11-26,abc\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual(['line 3: "2026-13-01" is not a date written YYYY-MM-DD', 'line 4: "abc" is not a number']);
    expect(JSON.stringify(w.directory.settings().indices)).toBe(before);
    const good = w.directory.importIndexCsv('AL-A00', 'date,value\n2026-11-25,21700\n2026-11-20,21600\n');
    expect(good).toMatchObject({ ok: true, added: 1, replaced: 1 });
    const points = w.directory.settings().indices.find((s) => s.key === 'AL-A00')?.points ?? [];
    expect(points.slice(-2)).toEqual([
      { date: '2026-11-20', value: 21600 },
      { date: '2026-11-25', value: 21700 },
    ]);
  });
});
