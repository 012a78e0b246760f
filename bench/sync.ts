/**
 * The sync server under load (issue 6): the real server started in this process on port 0 with
 * a temporary DATA_DIR, 200 Hocuspocus providers (each its own websocket, as separate devices)
 * over 50 quote documents, every client editing at a steady 1 edit/s, timed for 60 s
 * (SUANPAN_SYNC_BENCH_SECONDS to shorten) after 5 s of untimed warm-up. Clients and server
 * share this one process, and so the machine's cores: every figure includes the clients' work.
 *
 * Each edit is quote-like (a header field, a new line, a marker in the notes text) and carries
 * its author, number and send time, so every other client of the document can tell when it
 * arrived. Measured:
 * - `sync.edits_per_sec`: edits made per second, all clients; `sync.edits_per_sec.delivered`:
 *   edits completing their arrival at every other client of their document, per second, both
 *   over the timed window. Equal when the load is held.
 * - `sync.latency.p50|p95|max`: remote-visible latency, from the edit to its arrival at the last
 *   of the other clients of that document, ms; `sync.latency.each.p50|p95`: per arrival.
 * - `sync.lost_updates`: after the run, edits missing on some replica (the author's included);
 *   `sync.lost_updates.stored`: missing from the server's stored copies after it stops. Must be 0.
 * - `sync.diverged_documents`: documents whose replicas differ after the run. Must be 0.
 * - `sync.event_loop_delay.p50|p95|max`: how late this process's timers ran while timing (GC,
 *   the host's other work): stalls every arrival shares, whatever the server does.
 * - `sync.memory.rss|heap`: the process after the run, everything connected, MB;
 *   `.heap_growth`: heap over the heap before the server started; `.heap_server_idle`: the same
 *   once the clients are gone (the server alone, documents stored and unloaded).
 *
 * Targets: p50 ≤ 30 ms, p95 ≤ 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { sqliteDocumentStore } from '../server/documents.js';
import { startServer } from '../server/main.js';
import { openStore } from '../server/store.js';
import { connectClient, login, until } from '../test/support/syncClient.js';
import type { SyncClient } from '../test/support/syncClient.js';
import { prng } from './generatedModel.js';
import { emit, median, percentile, progress, settledHeapMB } from './stats.js';

export const TARGET_LATENCY_P50_MS = 30;
export const TARGET_LATENCY_P95_MS = 100;

const DOCUMENTS = 50;
const CLIENTS = 200;
/** Edits per second of each client: a busy person, steady (SUANPAN_SYNC_BENCH_RATE to find the ceiling). */
const DEFAULT_EDITS_PER_CLIENT_PER_SECOND = 1;
const PASSWORD = 'sync-bench-password';
/** Editing before the timed window, not counted in the figures (checked for loss all the same). */
const WARMUP_SECONDS = 5;
/** The event-loop delay monitor's timer, ms; its figures include this interval, so it is taken off. */
const STALL_RESOLUTION_MS = 5;
const lateness = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - STALL_RESOLUTION_MS);

export interface SyncFinding {
  readonly what: string;
  readonly value: number;
  readonly limit: number;
  readonly unit: string;
}

/** What every edit carries: who, which of theirs, when (performance.now() of this process). */
interface Stamp {
  readonly by: number;
  readonly seq: number;
  readonly at: number;
}

const stampKey = (by: number, seq: number) => `${by}.${seq}`;
const MARKER = /<(\d+)\.(\d+)@([\d.]+)>/g;

const header = (doc: Y.Doc) => doc.getMap<unknown>('header');
const lines = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('lines');
const notes = (doc: Y.Doc) => doc.getText('notes');

interface Bench {
  readonly client: SyncClient;
  readonly index: number;
  readonly document: number;
}

/**
 * Edits sent and their arrivals at the other clients of their document. Only edits sent while
 * `timing` is on count in the figures; all of them are checked for loss at the end.
 */
class Ledger {
  private readonly pending = new Map<string, { at: number; waiting: number; latest: number; timed: boolean }>();
  readonly each: number[] = [];
  readonly everyone: number[] = [];
  timing = false;
  /** Edits made while timing, and edits that reached every other client while timing. */
  made = 0;
  deliveredInWindow = 0;

  constructor(private readonly receivers: number) {}

  sent(stamp: Stamp): void {
    if (this.timing) this.made++;
    this.pending.set(stampKey(stamp.by, stamp.seq), { at: stamp.at, waiting: this.receivers, latest: 0, timed: this.timing });
  }

  arrived(stamp: Stamp, now: number): void {
    const entry = this.pending.get(stampKey(stamp.by, stamp.seq));
    if (!entry) return;
    const latency = now - entry.at;
    if (entry.timed) this.each.push(latency);
    entry.latest = Math.max(entry.latest, latency);
    if (--entry.waiting > 0) return;
    this.pending.delete(stampKey(stamp.by, stamp.seq));
    // Completions while timing count whenever the edit was made: in a steady state as many
    // warm-up edits arrive inside the window as timed ones are still on their way at its end.
    if (this.timing) this.deliveredInWindow++;
    if (entry.timed) this.everyone.push(entry.latest);
  }

  get outstanding(): number {
    return this.pending.size;
  }
}

function isStamp(v: unknown): v is Stamp {
  return typeof v === 'object' && v !== null && typeof (v as Stamp).by === 'number' && typeof (v as Stamp).seq === 'number' && typeof (v as Stamp).at === 'number';
}

/** Reports every remote edit arriving on `doc` to the ledger. */
function watch(doc: Y.Doc, ledger: Ledger): void {
  header(doc).observe((event, transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const key of event.keysChanged) {
      const value = header(doc).get(key);
      if (isStamp(value)) ledger.arrived(value, now);
    }
  });
  lines(doc).observe((event, transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const item of event.changes.added) {
      for (const line of item.content.getContent() as Y.Map<unknown>[]) {
        const stamp = line.get('stamp');
        if (isStamp(stamp)) ledger.arrived(stamp, now);
      }
    }
  });
  notes(doc).observe((event, transaction) => {
    if (transaction.local) return;
    const now = performance.now();
    for (const op of event.delta) {
      if (typeof op.insert !== 'string') continue;
      for (const m of op.insert.matchAll(MARKER)) ledger.arrived({ by: Number(m[1]), seq: Number(m[2]), at: Number(m[3]) }, now);
    }
  });
}

/** What every replica of a document must hold at the end: lines, markers, each author's last header value. */
interface DocumentExpectation {
  readonly lines: Set<string>;
  readonly markers: Set<string>;
  readonly lastHeader: Map<string, string>;
}

/** One quote-like edit by `b`, stamped; recorded in what its document must hold. */
function makeEdit(b: Bench, seq: number, rand: () => number, expected: DocumentExpectation, ledger: Ledger): void {
  const doc = b.client.doc;
  const stamp: Stamp = { by: b.index, seq, at: performance.now() };
  const key = stampKey(b.index, seq);
  doc.transact(() => {
    switch (seq % 3) {
      case 0: {
        // A header field of this client's own (quote header fields are last-writer-wins).
        const field = `field.${b.index}`;
        header(doc).set(field, stamp);
        expected.lastHeader.set(field, key);
        break;
      }
      case 1: {
        const line = new Y.Map<unknown>();
        line.set('id', key);
        line.set('quantity', 1 + Math.floor(rand() * 40));
        line.set('description', `DN${50 * (1 + Math.floor(rand() * 8))} 蝶阀`);
        line.set('stamp', stamp);
        lines(doc).push([line]);
        expected.lines.add(key);
        break;
      }
      default: {
        // At a marker boundary, so no insert splits another.
        const text = notes(doc).toString();
        const at = text.indexOf('<', Math.floor(rand() * (text.length + 1)));
        const marker = `<${b.index}.${seq}@${stamp.at.toFixed(3)}>`;
        notes(doc).insert(at === -1 ? text.length : at, marker);
        expected.markers.add(key);
        break;
      }
    }
  });
  ledger.sent(stamp);
}

/** Edits of a document missing from one replica. */
function missing(doc: Y.Doc, expected: DocumentExpectation): number {
  let count = 0;
  const ids = new Set(lines(doc).toArray().map((l) => String(l.get('id'))));
  for (const id of expected.lines) if (!ids.has(id)) count++;
  const markers = new Set([...notes(doc).toString().matchAll(MARKER)].map((m) => `${m[1]}.${m[2]}`));
  for (const key of expected.markers) if (!markers.has(key)) count++;
  for (const [field, key] of expected.lastHeader) {
    const value = header(doc).get(field);
    if (!isStamp(value) || stampKey(value.by, value.seq) !== key) count++;
  }
  return count;
}

/** The same content and the same operations (state vector) on two replicas. */
function sameState(a: Y.Doc, b: Y.Doc): boolean {
  // Header keys sorted: a map's key order is each replica's own insertion order.
  const content = (d: Y.Doc) => JSON.stringify([[...header(d).entries()].sort(([x], [y]) => (x < y ? -1 : 1)), lines(d).toJSON(), notes(d).toString()]);
  return content(a) === content(b) && Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
}

const mb = (bytes: number) => bytes / (1024 * 1024);

export async function benchSync(): Promise<SyncFinding[]> {
  const seconds = Number(process.env['SUANPAN_SYNC_BENCH_SECONDS'] ?? '60');
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`SUANPAN_SYNC_BENCH_SECONDS must be a positive number of seconds, not "${process.env['SUANPAN_SYNC_BENCH_SECONDS']}"`);
  const rate = Number(process.env['SUANPAN_SYNC_BENCH_RATE'] ?? DEFAULT_EDITS_PER_CLIENT_PER_SECOND);
  if (!Number.isFinite(rate) || rate <= 0) throw new Error(`SUANPAN_SYNC_BENCH_RATE must be a positive number of edits per second per client, not "${process.env['SUANPAN_SYNC_BENCH_RATE']}"`);
  const perDocument = CLIENTS / DOCUMENTS;
  // The host's load matters more than anything here: say what it was.
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  progress(`sync: ${CLIENTS} clients over ${DOCUMENTS} quote documents, ${rate} edit/s each, ${seconds} s (server and clients in this one process); load average ${load()}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'suanpan-sync-bench-'));
  const emptyDir = mkdtempSync(join(tmpdir(), 'suanpan-sync-bench-app-'));
  const serverLog: string[] = [];
  const heapBefore = await settledHeapMB();
  // No workbooks: nothing seeded; the documents are the benchmark's own.
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, appDir: emptyDir, workbooksDir: emptyDir, demoPassword: PASSWORD, log: (l) => serverLog.push(l) });
  const benches: Bench[] = [];
  const timers: NodeJS.Timeout[] = [];
  let serverClosed = false;
  try {
    const token = await login(server.url, 'sales', PASSWORD);
    const ledger = new Ledger(perDocument - 1);
    const expectations = Array.from({ length: DOCUMENTS }, (): DocumentExpectation => ({ lines: new Set(), markers: new Set(), lastHeader: new Map() }));
    const name = (d: number) => `quote:bench-${String(d).padStart(2, '0')}`;

    const connectStarted = performance.now();
    // A few at a time: 200 logins-with-token at once would measure the handshake, not sync.
    for (let i = 0; i < CLIENTS; i += 20) {
      const batch: Bench[] = [];
      for (let j = i; j < Math.min(CLIENTS, i + 20); j++) {
        const document = j % DOCUMENTS;
        const client = connectClient(server.url, name(document), token);
        watch(client.doc, ledger);
        batch.push({ client, index: j, document });
      }
      benches.push(...batch);
      await Promise.all(batch.map((b) => b.client.ready));
    }
    progress(`  ${CLIENTS} clients connected and synced in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`);

    // Steady editing, each client on its own timer, started at a random phase.
    const rand = prng(20_261_127);
    const interval = 1000 / rate;
    for (const b of benches) {
      let seq = 0;
      const edit = () => makeEdit(b, seq++, rand, expectations[b.document] as DocumentExpectation, ledger);
      const phase = setTimeout(() => {
        edit();
        timers.push(setInterval(edit, interval));
      }, rand() * interval);
      timers.push(phase);
    }
    // Untimed warm-up first: compiling the code paths and the first connections' buffers.
    await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
    ledger.timing = true;
    // Stalls of this process (GC, the host's other work) delay every arrival alike: measured
    // beside the latency, to tell them from the server's own delay.
    const stalls = monitorEventLoopDelay({ resolution: STALL_RESOLUTION_MS });
    stalls.enable();
    const started = performance.now();
    for (let s = 10; s < seconds; s += 10) {
      await new Promise((r) => setTimeout(r, 10_000));
      progress(`  ${s} s: ${ledger.made} edits, ${ledger.outstanding} not yet everywhere, latency so far p50 ${percentile(ledger.everyone, 50).toFixed(1)} ms, p95 ${percentile(ledger.everyone, 95).toFixed(1)} ms`);
    }
    await new Promise((r) => setTimeout(r, (seconds % 10 || 10) * 1000));
    for (const t of timers.splice(0)) clearTimeout(t);
    const elapsed = (performance.now() - started) / 1000;
    progress(`  editing stopped; load average ${load()}`);
    ledger.timing = false;
    stalls.disable();
    const made = ledger.made;
    const deliveredInWindow = ledger.deliveredInWindow;

    // Let the last edits arrive, then count what every replica holds.
    const drainStarted = performance.now();
    try {
      await until(() => ledger.outstanding === 0, 'the last edits to arrive', 30_000);
    } catch {
      progress(`  ${ledger.outstanding} edits still not everywhere after 30 s`);
    }
    progress(`  drained in ${((performance.now() - drainStarted) / 1000).toFixed(1)} s`);
    let lost = 0;
    let diverged = 0;
    for (let d = 0; d < DOCUMENTS; d++) {
      const replicas = benches.filter((b) => b.document === d).map((b) => b.client.doc);
      for (const doc of replicas) lost += missing(doc, expectations[d] as DocumentExpectation);
      if (replicas.some((doc) => !sameState(doc, replicas[0] as Y.Doc))) diverged++;
    }

    const usage = process.memoryUsage();
    const heapConnected = await settledHeapMB();

    emit('sync.clients', CLIENTS, 'clients');
    emit('sync.documents', DOCUMENTS, 'documents');
    emit('sync.seconds', elapsed, 's');
    emit('sync.edits_per_sec', made / elapsed, 'edits/s');
    emit('sync.edits_per_sec.delivered', deliveredInWindow / elapsed, 'edits/s');
    emit('sync.latency.p50', percentile(ledger.everyone, 50), 'ms');
    emit('sync.latency.p95', percentile(ledger.everyone, 95), 'ms');
    emit('sync.latency.max', ledger.everyone.reduce((m, x) => Math.max(m, x), 0), 'ms');
    emit('sync.latency.each.p50', percentile(ledger.each, 50), 'ms');
    emit('sync.latency.each.p95', percentile(ledger.each, 95), 'ms');
    emit('sync.event_loop_delay.p50', lateness(stalls.percentile(50)), 'ms');
    emit('sync.event_loop_delay.p95', lateness(stalls.percentile(95)), 'ms');
    emit('sync.event_loop_delay.max', lateness(stalls.max), 'ms');
    emit('sync.lost_updates', lost, 'edits');
    emit('sync.diverged_documents', diverged, 'documents');
    emit('sync.memory.rss', mb(usage.rss), 'MB');
    emit('sync.memory.heap', heapConnected, 'MB');
    emit('sync.memory.heap_growth', heapConnected - heapBefore, 'MB');
    progress(`  ${made} edits in ${elapsed.toFixed(1)} s (${(made / elapsed).toFixed(1)}/s), ${deliveredInWindow} arrived everywhere meanwhile; latency to every other client median ${median(ledger.everyone).toFixed(1)} ms, p95 ${percentile(ledger.everyone, 95).toFixed(1)} ms (n=${ledger.everyone.length}); per arrival p50 ${percentile(ledger.each, 50).toFixed(1)} ms, p95 ${percentile(ledger.each, 95).toFixed(1)} ms (n=${ledger.each.length})`);
    progress(`  event loop delay p50 ${lateness(stalls.percentile(50)).toFixed(1)} ms, p95 ${lateness(stalls.percentile(95)).toFixed(1)} ms, max ${lateness(stalls.max).toFixed(0)} ms`);
    progress(`  lost ${lost}, diverged documents ${diverged}; RSS ${mb(usage.rss).toFixed(0)} MB, heap ${heapConnected.toFixed(0)} MB (${(heapConnected - heapBefore).toFixed(0)} MB more than before the server started)`);

    // The server alone: clients gone, documents stored and unloaded.
    for (const b of benches.splice(0)) b.client.destroy();
    await new Promise((r) => setTimeout(r, 1000));
    const heapServer = await settledHeapMB();
    emit('sync.memory.heap_server_idle', heapServer - heapBefore, 'MB');
    await server.close();
    serverClosed = true;

    // What the server stored, read back from its database.
    const db = openStore(dataDir);
    let lostStored = 0;
    try {
      const store = sqliteDocumentStore(db);
      for (let d = 0; d < DOCUMENTS; d++) {
        const doc = new Y.Doc();
        const state = await store.load(name(d));
        if (state) Y.applyUpdate(doc, state);
        lostStored += missing(doc, expectations[d] as DocumentExpectation);
      }
    } finally {
      db.close();
    }
    emit('sync.lost_updates.stored', lostStored, 'edits');
    const refused = serverLog.filter((l) => /refused|closed/.test(l));
    progress(`  stored copies: ${lostStored} edits missing; server heap after the clients left ${(heapServer - heapBefore).toFixed(1)} MB over the start; ${refused.length} refusals logged${refused.length > 0 ? `: ${refused.slice(0, 3).join(' | ')}` : ''}`);

    const p50 = percentile(ledger.everyone, 50);
    const p95 = percentile(ledger.everyone, 95);
    return [
      { what: 'sync: remote-visible latency p50', value: p50, limit: TARGET_LATENCY_P50_MS, unit: 'ms' },
      { what: 'sync: remote-visible latency p95', value: p95, limit: TARGET_LATENCY_P95_MS, unit: 'ms' },
      { what: 'sync: lost updates (replicas and stored)', value: lost + lostStored, limit: 0, unit: 'edits' },
      { what: 'sync: edits/s made but not delivered everywhere (held: within 1%)', value: (made - deliveredInWindow) / elapsed, limit: Math.round(made / elapsed) / 100, unit: 'edits/s' },
    ];
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const b of benches) b.client.destroy();
    if (!serverClosed) await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
  }
}
