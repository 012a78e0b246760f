/**
 * One seeded run over a quote document (src/sync/quote/quoteDoc.ts): replicas edit header
 * fields, add, replace, move and remove lines and append events through the real commands,
 * over the same simulated network as the models. At the end everything is delivered and every
 * replica must hold the same state (state vector, raw content, and what readQuote makes of it);
 * a quote that reads back is written into a fresh document and must read back the same.
 */
import * as Y from 'yjs';
import type { QuoteEvent, QuoteHeader, QuoteLineRecord } from '../../../src/domain/quote/QuoteRecord.js';
import { quoteTotals } from '../../../src/domain/quote/QuoteRecord.js';
import { EVENTS_ARRAY, HEADER_MAP, LINES_ARRAY, REVISIONS_ARRAY, appendEvent, initQuote, insertLine, moveLine, readQuote, removeLine, replaceLine, updateHeader } from '../../../src/sync/quote/quoteDoc.js';
import type { CommandResult, HeaderPatch } from '../../../src/sync/quote/quoteDoc.js';
import { canonical, differences } from './compare.js';
import { Network } from './network.js';
import type { NetworkStats } from './network.js';
import { Random } from './random.js';
import { FIXTURE_AT, fixtureHeader } from '../../support/quoteFixtures.js';

export interface QuoteRunReport {
  readonly edits: number;
  readonly refusals: number;
  /** Problems readQuote reports for the merged quote; empty when it reads back. */
  readonly unreadable: readonly string[];
  /** Line ids the merged quote holds more than once (concurrent moves of one line: see the test). */
  readonly duplicateLines: readonly string[];
  readonly network: NetworkStats;
}

const AT = FIXTURE_AT;

const HEADER: QuoteHeader = fixtureHeader({ id: 'q-fuzz', state: 'quoted' });

const CREATED: QuoteEvent = { at: AT, revision: 1, kind: 'created', to: 'quoted', by: 'fuzz' };

function catalogueLine(id: string, rng: Random): QuoteLineRecord {
  return {
    kind: 'catalogue',
    id,
    sku: rng.pick(['SVC-INSTALL', 'SP-SEAL', 'FRT-INS']),
    description: rng.pick(['Installation', '密封件', 'Freight insurance']),
    quantity: rng.between(1, 20),
    unit: rng.pick(['pc', 'day', 'set']),
    unitPriceMinor: rng.between(1, 500) * 100,
    unitCostMinor: rng.between(1, 300) * 100,
    discountPct: rng.between(0, 15),
    inclusion: rng.pick(['standard', 'optional', 'alternative'] as const),
    chosen: rng.chance(0.8),
  };
}

function configuredLine(id: string, rng: Random): QuoteLineRecord {
  return {
    kind: 'configured',
    id,
    description: 'Butterfly valve DN200',
    quantity: rng.between(1, 10),
    unit: 'pc',
    unitPriceMinor: rng.between(1000, 9000) * 100,
    unitCostMinor: rng.between(500, 6000) * 100,
    discountPct: rng.between(0, 12),
    inclusion: 'standard',
    chosen: true,
    modelId: 'butterfly-valve',
    version: '1.0.0',
    releaseHash: 'ab'.repeat(32),
    productLine: 'valves',
    values: { dn: rng.pick([100, 150, 200]), body: rng.pick(['GG25', 'WCB']) },
    fixed: ['dn'],
    modelUnitPriceMinor: rng.between(1000, 9000) * 100,
    policySteps: [],
    frozenIndices: [],
  };
}

function sectionLine(id: string, rng: Random): QuoteLineRecord {
  return { kind: 'section', id, title: rng.pick(['Valves', '备件', 'Services']) };
}

function newLine(id: string, rng: Random): QuoteLineRecord {
  return rng.weighted<(id: string, rng: Random) => QuoteLineRecord>([
    [5, catalogueLine],
    [2, configuredLine],
    [2, sectionLine],
  ])(id, rng);
}

/**
 * A few fields of `line` changed, its kind kept (as the app's edits keep it: quoteBook reprices
 * a priced line and refuses to turn it into a section).
 */
function changedLine(line: QuoteLineRecord, rng: Random): QuoteLineRecord {
  if (line.kind === 'section') return { ...line, title: `${line.title}·${rng.int(100)}` };
  const next = { ...line };
  const changes = rng.between(1, 3);
  for (let k = 0; k < changes; k++) {
    switch (rng.int(6)) {
      case 0:
        next.quantity = rng.between(1, 50);
        break;
      case 1:
        next.discountPct = rng.between(0, 20);
        break;
      case 2:
        next.description = `${line.description} (${rng.int(100)})`;
        break;
      case 3:
        next.unitPriceMinor = rng.between(1, 900) * 100;
        break;
      case 4:
        next.chosen = !next.chosen;
        break;
      case 5:
        next.inclusion = rng.pick(['standard', 'optional', 'alternative'] as const);
        break;
    }
  }
  return next;
}

function headerPatch(rng: Random): HeaderPatch {
  const patch: Record<string, unknown> = {};
  const fields = rng.between(1, 2);
  for (let k = 0; k < fields; k++) {
    switch (rng.int(8)) {
      case 0:
        patch.notes = rng.pick(['', 'call before delivery', '请提前联系', `note ${rng.int(1000)}`]);
        break;
      case 1:
        patch.validUntil = `2027-0${rng.between(1, 9)}-1${rng.between(0, 9)}`;
        break;
      case 2:
        patch.paymentTerms = rng.pick(['30% advance', '100% on delivery', '60 days net']);
        break;
      case 3:
        patch.freightMinor = rng.between(0, 2000) * 100;
        break;
      case 4:
        patch.vatRatePct = rng.pick([0, 6, 9, 13]);
        break;
      case 5:
        patch.owner = rng.pick(['张伟', '李娜', 'Chen']);
        break;
      case 6:
        patch.inquiry = rng.chance(0.5) ? { requirements: `DN${rng.pick([100, 200, 300])} valves`, quantity: rng.between(1, 50) } : { requirements: 'spares' };
        break;
      case 7:
        patch.validUntil = undefined;
        break;
    }
  }
  return patch as HeaderPatch;
}

function holdsPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

class QuoteRunFailure extends Error {}

function duplicates(lines: readonly QuoteLineRecord[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const l of lines) (seen.has(l.id) ? twice : seen).add(l.id);
  return [...twice];
}

export function runQuoteSeed(seed: number, size: { replicas: number; steps: number }): QuoteRunReport {
  const rng = new Random(seed ^ 0x5eed);
  const editRng = rng.fork();
  const start = new Y.Doc();
  start.clientID = 1000;
  const init = initQuote(start, HEADER, [sectionLine('l-0', editRng), catalogueLine('l-1', editRng), configuredLine('l-2', editRng)], CREATED, 'setup');
  if (!init.ok) throw new Error(`the starting quote is refused: ${init.problems.join('; ')}`);
  const initial = Y.encodeStateAsUpdate(start);
  const docs = Array.from({ length: size.replicas }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    Y.applyUpdate(doc, initial);
    return doc;
  });
  const net = new Network(docs, rng.fork());
  let where = 'setup';
  let edits = 0;
  let refusals = 0;
  const trace: string[] = [];
  const fail = (message: string, details: readonly string[] = []): never => {
    throw new QuoteRunFailure([`quote, seed ${seed}, ${where}: ${message}`, ...details.map((d) => `  ${d}`), '  last edits:', ...trace.slice(-12).map((t) => `    ${t}`)].join('\n'));
  };
  const counters = docs.map(() => 0);

  const edit = (i: number): void => {
    const doc = docs[i] as Y.Doc;
    const origin = `r${i}`;
    const read = readQuote(doc);
    const lines = read.ok ? read.quote.lines : [];
    let result: CommandResult;
    let note: string;
    const drawn = editRng.weighted<'header' | 'insert' | 'replace' | 'remove' | 'move' | 'event'>([
      [6, 'header'],
      [4, 'insert'],
      [6, 'replace'],
      [2, 'remove'],
      [1, 'move'],
      [1, 'event'],
    ]);
    // An edit of a line needs a line; with none, add one.
    const kind = lines.length === 0 && (drawn === 'replace' || drawn === 'remove' || drawn === 'move') ? 'insert' : drawn;
    switch (kind) {
      case 'header': {
        const patch = headerPatch(editRng);
        result = updateHeader(doc, patch, origin);
        note = `header ${JSON.stringify(patch)}`;
        break;
      }
      case 'insert': {
        const line = newLine(`r${i}-${++(counters[i] as number)}`, editRng);
        const at = editRng.int(lines.length + 1);
        result = insertLine(doc, line, at, origin);
        note = `insert ${line.kind} ${line.id} at ${at}`;
        break;
      }
      case 'replace': {
        const line = changedLine(editRng.pick(lines), editRng);
        result = replaceLine(doc, line, origin);
        note = `replace ${line.id} → ${JSON.stringify(line).slice(0, 80)}`;
        break;
      }
      case 'remove': {
        const id = editRng.pick(lines).id;
        result = removeLine(doc, id, origin);
        note = `remove ${id}`;
        break;
      }
      case 'move': {
        const id = editRng.pick(lines).id;
        const to = editRng.int(lines.length);
        result = moveLine(doc, id, to, origin);
        note = `move ${id} to ${to}`;
        break;
      }
      case 'event':
        appendEvent(doc, { at: AT, revision: 1, kind: 'repriced', by: origin }, origin);
        result = { ok: true };
        note = 'event repriced';
        break;
    }
    if (result.ok) {
      edits++;
      trace.push(`${where} r${i}${net.isOnline(i) ? '' : ' (offline)'}: ${note}`);
      return;
    }
    // As with models: a replica short of an update may read a line as broken and refuse.
    if (!holdsPending(doc) && read.ok) fail(`replica ${i}: ${note} was refused`, result.problems);
    refusals++;
    trace.push(`${where} r${i}: refused (${read.ok ? 'updates pending' : 'quote unreadable'}): ${note}: ${result.problems.join('; ')}`);
  };

  for (let step = 0; step < size.steps; step++) {
    where = `step ${step}`;
    const replica = rng.int(docs.length);
    switch (rng.weighted<'edit' | 'deliver' | 'disconnect' | 'reconnect' | 'replay'>([[50, 'edit'], [32, 'deliver'], [5, 'disconnect'], [5, 'reconnect'], [2, 'replay']])) {
      case 'edit':
        edit(replica);
        break;
      case 'deliver':
        net.deliver(rng.between(1, 6));
        break;
      case 'disconnect':
        if (docs.filter((_, i) => net.isOnline(i)).length > 1) net.disconnect(replica);
        break;
      case 'reconnect':
        net.reconnect(replica);
        break;
      case 'replay':
        net.replayOld();
        break;
    }
  }

  where = 'end';
  net.deliverAll();
  const raw = (doc: Y.Doc) =>
    canonical({
      header: doc.getMap(HEADER_MAP).toJSON(),
      lines: doc.getArray(LINES_ARRAY).toJSON(),
      revisions: doc.getArray(REVISIONS_ARRAY).toJSON(),
      events: doc.getArray(EVENTS_ARRAY).toJSON(),
    });
  const [first, ...others] = docs as [Y.Doc, ...Y.Doc[]];
  const vector = canonical(Y.encodeStateVector(first));
  const content = raw(first);
  const merged = readQuote(first);
  const mergedText = canonical(merged);
  others.forEach((doc, k) => {
    if (canonical(Y.encodeStateVector(doc)) !== vector) fail(`replica ${k + 1} has another state vector than replica 0`);
    if (raw(doc) !== content) fail(`replica ${k + 1}'s content differs from replica 0's`, differences(JSON.parse(raw(doc)), JSON.parse(content)));
    const text = canonical(readQuote(doc));
    if (text !== mergedText) fail(`replica ${k + 1} reads another quote than replica 0`, differences(JSON.parse(text), JSON.parse(mergedText)));
  });

  if (merged.ok) {
    // Written afresh, the merged quote reads back the same and totals the same.
    const fresh = new Y.Doc();
    const { header, lines, events } = merged.quote;
    const written = initQuote(fresh, header, lines, events[0] ?? CREATED, 'check');
    if (!written.ok) fail('the merged quote is refused when written into a fresh document', written.problems);
    for (const e of events.slice(1)) appendEvent(fresh, e, 'check');
    const again = readQuote(fresh);
    if (!again.ok) return fail('the merged quote, written afresh, does not read back', again.problems);
    const diff = differences(JSON.parse(canonical(again.quote)), JSON.parse(canonical(merged.quote)));
    if (diff.length > 0) fail('the merged quote, written afresh, reads back differently (left: fresh)', diff);
    if (duplicates(lines).length === 0) {
      const totals = differences(quoteTotals(again.quote.header, again.quote.lines), quoteTotals(header, lines));
      if (totals.length > 0) fail('the merged quote totals differently when written afresh', totals);
    }
  }
  return {
    edits,
    refusals,
    unreadable: merged.ok ? [] : merged.problems,
    duplicateLines: merged.ok ? duplicates(merged.quote.lines) : [],
    network: { ...net.stats },
  };
}
