/**
 * One seeded run over a model document: replicas edit through the real commands while the
 * simulated network disconnects, reorders and duplicates; each replica keeps a live engine
 * binding (engineBinding.ts), which now and then is checked against an engine opened afresh
 * from that replica's document. At the end everything is delivered and:
 *
 * 1. every replica's Yjs state is the same (state vector, raw content, exported workbook);
 * 2. every replica's engine gives the same values as a model rebuilt from the merged document
 *    (the workbook written out, imported into a fresh document and bound afresh), or, when the
 *    merged document does not load, every replica reports the same load errors as the rebuild;
 * 3. a tail of value edits, delivered everywhere, reaches every engine by the binding's
 *    incremental path with the same result as a rebuild.
 *
 * Throws an Error naming the seed, the step and the differences on the first failure.
 */
import * as Y from 'yjs';
import { parseWorkbookText } from '../../../src/domain/workbook/parse.js';
import { openBinding } from '../../../src/sync/model/engineBinding.js';
import type { LiveBinding } from '../../../src/sync/model/engineBinding.js';
import { docToWorkbook, listSheets, workbookToDoc } from '../../../src/sync/model/modelDoc.js';
import { MODEL_MAP } from '../../../src/sync/model/docShape.js';
import { RecordError } from '../../../src/sync/model/recordCommands.js';
import { canonical, differences } from './compare.js';
import { engineSnapshot, errorLines, openFresh } from './engineCheck.js';
import { editValue, randomEdit, sheetRoles } from './modelEdits.js';
import type { ModelSpec } from './models.js';
import { Network } from './network.js';
import type { NetworkStats } from './network.js';
import { Random } from './random.js';
import { withSeededIds } from './seededIds.js';

export interface RunSize {
  readonly replicas: number;
  /** Steps of the random schedule (edits, deliveries, disconnects, reconnects). */
  readonly steps: number;
  /** Mid-run checks of one replica's engine against a fresh load of its document (each costs engine loads). */
  readonly midChecks: number;
  /**
   * Bind every replica to the engine and compare engines. An engine load costs tens of
   * milliseconds (HyperFormula builds its parser per instance), so a run without engines,
   * checking documents only, is some twenty times cheaper.
   */
  readonly engines: boolean;
}

export interface ModelRunReport {
  /** Whether the merged document loads; undefined when engines were off and it passes the format's checks. */
  readonly loadable: boolean | undefined;
  readonly edits: number;
  readonly engineChecks: number;
  /** Cells of the merged model that read #REF! (references to deleted rows, columns): the same on every replica. */
  readonly refErrors: number;
  /** Why the merged model does not load (the same on every replica); empty when it loads or engines were off. */
  readonly loadErrors: readonly string[];
  /** Edits refused because the replica was holding updates whose predecessors had not arrived. */
  readonly refusals: number;
  readonly network: NetworkStats;
  /** A hash of the merged document's raw content (row, column and sheet ids included), to tell replays apart. */
  readonly contentHash: string;
  /** The edits made, in order (for reading a failure). */
  readonly trace: readonly string[];
}

type Action = 'edit' | 'deliver' | 'disconnect' | 'reconnect' | 'replay';

const SCHEDULE: readonly (readonly [number, Action])[] = [
  [52, 'edit'],
  [32, 'deliver'],
  [5, 'disconnect'],
  [5, 'reconnect'],
  [2, 'replay'],
];

class RunFailure extends Error {}

/** The replica holds updates (or deletions) it cannot apply until earlier ones arrive. */
function holdsPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** FNV-1a, 32 bits, as hex: enough to tell two documents apart in a test. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export async function runModelSeed(seed: number, spec: ModelSpec, size: RunSize): Promise<ModelRunReport> {
  const rng = new Random(seed);
  return withSeededIds(rng.fork(), () => new ModelRun(seed, spec, size, rng).run());
}

class ModelRun {
  private readonly docs: Y.Doc[] = [];
  private readonly bindings: LiveBinding[] = [];
  private readonly trace: string[] = [];
  private engineChecks = 0;
  private edits = 0;
  private refusals = 0;
  private refErrors = 0;
  private loadErrors: readonly string[] = [];
  private contentHash = '';
  private where = 'setup';

  constructor(
    private readonly seed: number,
    private readonly spec: ModelSpec,
    private readonly size: RunSize,
    private readonly rng: Random,
  ) {}

  private fail(message: string, details: readonly string[] = []): never {
    const tail = this.trace.slice(-12).map((t) => `    ${t}`);
    throw new RunFailure([`model ${this.spec.label}, seed ${this.seed}, ${this.where}: ${message}`, ...details.map((d) => `  ${d}`), '  last edits:', ...tail].join('\n'));
  }

  async run(): Promise<ModelRunReport> {
    const start = new Y.Doc();
    start.clientID = 1000;
    workbookToDoc(this.spec.workbook, start);
    const initial = Y.encodeStateAsUpdate(start);
    const roles = sheetRoles(this.spec, start);
    for (let i = 0; i < this.size.replicas; i++) {
      const doc = new Y.Doc();
      // Fixed client ids: Yjs orders concurrent inserts by them, so a seed replays exactly.
      doc.clientID = i + 1;
      Y.applyUpdate(doc, initial);
      this.docs.push(doc);
      if (this.size.engines) this.bindings.push(openBinding(doc, this.spec.file, this.spec.modules));
    }
    const net = new Network(this.docs, this.rng.fork());
    const editRng = this.rng.fork();
    try {
      await Promise.all(this.bindings.map((b) => b.settled()));
      for (const [i, b] of this.bindings.entries()) if (!b.upToDate) this.fail(`replica ${i} did not load the starting model`, errorLines(b.errors));

      const checkAt = new Set(Array.from({ length: this.size.engines ? this.size.midChecks : 0 }, () => this.rng.int(this.size.steps)));
      for (let step = 0; step < this.size.steps; step++) {
        this.where = `step ${step}`;
        const replica = this.rng.int(this.docs.length);
        // Awaiting lets every binding's pending rebuild run; between checks, edits and deliveries pile up as they would in a busy tab.
        if (checkAt.has(step)) await this.checkAgainstFresh(replica);
        switch (this.rng.weighted(SCHEDULE)) {
          case 'edit': {
            const doc = this.docs[replica] as Y.Doc;
            let note: string | undefined;
            try {
              note = randomEdit(this.spec, roles, doc, editRng, `r${replica}`);
            } catch (e) {
              // Yjs applies an update's deletions at once but holds its insertions until their
              // predecessors arrive, so a replica short of an update can see a record field as
              // gone (replaced elsewhere, the replacement not yet here). Refusing an edit then is
              // right; refusing one with nothing pending is not.
              if (!(e instanceof RecordError) || !holdsPending(doc)) this.fail(`replica ${replica}: a command refused an edit made from what the replica sees`, [(e as Error).message]);
              this.refusals++;
              this.trace.push(`${this.where} r${replica}: refused while updates are pending: ${(e as Error).message}`);
            }
            if (note !== undefined) {
              this.edits++;
              this.trace.push(`${this.where} r${replica}${net.isOnline(replica) ? '' : ' (offline)'}: ${note}`);
            }
            break;
          }
          case 'deliver':
            net.deliver(this.rng.between(1, 6));
            break;
          case 'disconnect':
            // At least one replica stays online, so there is a network to talk about.
            if (this.docs.filter((_, i) => net.isOnline(i)).length > 1) net.disconnect(replica);
            break;
          case 'reconnect':
            net.reconnect(replica);
            break;
          case 'replay':
            net.replayOld();
            break;
        }
      }

      this.where = 'end';
      net.deliverAll();
      this.checkSameDocuments();
      await Promise.all(this.bindings.map((b) => b.settled()));
      const loadable = await this.checkAgainstRebuilt();

      if (loadable && this.size.engines) {
        // Values only: with no rebuild pending, each reaches the engines through PriceModel.setCells.
        this.where = 'tail';
        for (let k = 0; k < 6; k++) {
          const i = this.rng.int(this.docs.length);
          const doc = this.docs[i] as Y.Doc;
          const note = editValue(doc, listSheets(doc), editRng, `r${i}`);
          if (note !== undefined) this.trace.push(`tail r${i}: ${note}`);
        }
        net.deliverAll();
        this.checkSameDocuments();
        await Promise.all(this.bindings.map((b) => b.settled()));
        await this.checkAgainstRebuilt();
      }
      return { loadable, edits: this.edits, engineChecks: this.engineChecks, refusals: this.refusals, refErrors: this.refErrors, loadErrors: this.loadErrors, contentHash: this.contentHash, network: { ...net.stats }, trace: this.trace };
    } finally {
      for (const b of this.bindings) b.dispose();
    }
  }

  /** Replica `i`'s engine, once caught up, against an engine opened afresh from its own document. */
  private async checkAgainstFresh(i: number): Promise<void> {
    const binding = this.bindings[i] as LiveBinding;
    await binding.settled();
    const text = JSON.stringify(docToWorkbook(this.docs[i] as Y.Doc));
    const fresh = await openFresh(this.spec.file, text, this.spec.modules);
    this.engineChecks++;
    try {
      if (!fresh.ok) {
        const diff = differences(errorLines(binding.errors), errorLines(fresh.errors));
        if (diff.length > 0) this.fail(`replica ${i}'s binding reports other load errors than a fresh load of its document`, diff);
        return;
      }
      if (!binding.upToDate || !binding.model) this.fail(`replica ${i}'s document loads afresh, but its binding is not up to date`, errorLines(binding.errors));
      const diff = differences(engineSnapshot(binding.model), engineSnapshot(fresh.model));
      if (diff.length > 0) this.fail(`replica ${i}'s engine differs from an engine opened afresh from its own document (left: binding, right: fresh)`, diff);
    } finally {
      if (fresh.ok) fresh.model.dispose();
    }
  }

  private checkSameDocuments(): void {
    const [first, ...others] = this.docs as [Y.Doc, ...Y.Doc[]];
    const vector = canonical(Y.encodeStateVector(first));
    const raw = canonical(first.getMap(MODEL_MAP).toJSON());
    this.contentHash = fnv1a(raw);
    const wb = canonical(docToWorkbook(first));
    // Id-form references never reach a workbook: each one is translated to A1 or #REF!.
    if (wb.includes('⟦')) this.fail('the written workbook still holds an id-form reference', [wb.slice(Math.max(0, wb.indexOf('⟦') - 60), wb.indexOf('⟦') + 60)]);
    others.forEach((doc, k) => {
      const i = k + 1;
      if (canonical(Y.encodeStateVector(doc)) !== vector) this.fail(`replica ${i} has another state vector than replica 0 after everything was delivered`);
      if (canonical(doc.getMap(MODEL_MAP).toJSON()) !== raw) {
        this.fail(`replica ${i}'s document content differs from replica 0's`, differences(JSON.parse(canonical(doc.getMap(MODEL_MAP).toJSON())), JSON.parse(raw)));
      }
      if (canonical(docToWorkbook(doc)) !== wb) this.fail(`replica ${i} writes another workbook than replica 0`, differences(JSON.parse(canonical(docToWorkbook(doc))), JSON.parse(wb)));
    });
  }

  /**
   * Every replica's engine against a model rebuilt from the merged document: its workbook
   * written out, read back, imported into a fresh document and bound afresh. Returns whether
   * the merged document loads (undefined when engines are off and it passes the format's checks).
   */
  private async checkAgainstRebuilt(): Promise<boolean | undefined> {
    const written = docToWorkbook(this.docs[0] as Y.Doc);
    const parsed = parseWorkbookText(JSON.stringify(written), this.spec.file);
    let doc: Y.Doc | undefined;
    if (parsed.ok) {
      doc = new Y.Doc();
      doc.clientID = 999;
      workbookToDoc(parsed.workbook, doc);
      const roundTrip = differences(JSON.parse(canonical(docToWorkbook(doc))), JSON.parse(canonical(written)));
      if (roundTrip.length > 0) this.fail('the merged workbook, imported into a fresh document, is written back differently (left: fresh)', roundTrip);
    }
    if (!this.size.engines) return parsed.ok ? undefined : false;
    const fresh = doc ? openBinding(doc, this.spec.file, this.spec.modules) : undefined;
    try {
      await fresh?.settled();
      const expectedErrors = errorLines(parsed.ok ? (fresh?.errors ?? []) : parsed.errors);
      const reference = fresh?.upToDate && fresh.model ? engineSnapshot(fresh.model) : undefined;
      this.loadErrors = expectedErrors;
      this.bindings.forEach((b, i) => {
        if (reference === undefined) {
          const diff = differences(errorLines(b.errors), expectedErrors);
          if (diff.length > 0 || expectedErrors.length === 0) this.fail(`replica ${i}'s load errors differ from the rebuilt model's (left: replica)`, diff);
          return;
        }
        if (!b.upToDate || !b.model) this.fail(`the merged document loads afresh, but replica ${i}'s binding is not up to date`, errorLines(b.errors));
        const diff = differences(engineSnapshot(b.model), reference);
        if (diff.length > 0) this.fail(`replica ${i}'s engine differs from the model rebuilt from the merged document (left: replica, right: rebuilt)`, diff);
      });
      this.engineChecks += this.bindings.length;
      if (reference) this.refErrors = Object.values(reference.sheets).flat(2).filter((v) => v === '#error:REF').length;
      return reference !== undefined;
    } finally {
      fresh?.dispose();
    }
  }
}
