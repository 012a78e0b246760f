/**
 * Benchmark plumbing: metric lines on stdout (nothing else goes there), progress on stderr,
 * timing loops with warm-up and a time budget, percentiles, garbage collection.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Metric {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

const emitted: Metric[] = [];

/** One metric: a JSON line on stdout. */
export function emit(metric: string, value: number, unit: string): void {
  if (!Number.isFinite(value)) {
    progress(`warning: ${metric} has no finite value (${value}); not reported`);
    return;
  }
  // Four significant figures (one decimal from 100 up): more would be noise.
  const rounded = Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Number(value.toPrecision(4));
  const m: Metric = { metric, value: rounded, unit };
  emitted.push(m);
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

export function emittedMetrics(): readonly Metric[] {
  return emitted;
}

export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A metric-name segment: letters, digits, "_" and "-" only. */
export function metricSegment(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '_');
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

let gcFunction: (() => void) | undefined | null = null;

/**
 * A full garbage collection, if one can be had: `--expose-gc`, or else the V8 flag set at run
 * time (works on Node 20). Returns false when no GC is available; heap figures are then rough.
 */
export function collectGarbage(): boolean {
  if (gcFunction === null) {
    gcFunction = globalThis.gc ? () => void globalThis.gc?.() : undefined;
    if (!gcFunction) {
      try {
        setFlagsFromString('--expose-gc');
        const fn: unknown = runInNewContext('gc');
        if (typeof fn === 'function') gcFunction = () => void (fn as () => unknown)();
      } catch {
        gcFunction = undefined;
      }
    }
    if (!gcFunction) progress('warning: no garbage collector available (run node with --expose-gc); heap figures are rough');
  }
  if (!gcFunction) return false;
  // Two passes: the first may only queue finalisers and weak-reference clean-up.
  gcFunction();
  gcFunction();
  return true;
}

/** Heap used (MB) after a full GC, with a turn of the event loop between passes for finalisers. */
export async function settledHeapMB(): Promise<number> {
  collectGarbage();
  await new Promise<void>((resolve) => setImmediate(resolve));
  collectGarbage();
  return heapUsedMB();
}

export function heapUsedMB(): number {
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

export interface RepeatOptions {
  /** Untimed runs first (JIT, caches), after a full GC. */
  readonly warmup: number;
  /** At least this many timed runs, even over budget. */
  readonly min: number;
  /** At most this many timed runs. */
  readonly max: number;
  /** Stop after `min` once this much time (ms) has been spent timing. */
  readonly budgetMs: number;
}

/** Times `run(i)` (ms each) according to `options`; `i` counts from 0 across warm-up and timed runs. */
export function repeat(run: (i: number) => void, options: RepeatOptions): number[] {
  // GC first, then warm up: a forced GC discards compiled code, which the warm-up restores.
  collectGarbage();
  let i = 0;
  for (; i < options.warmup; i++) run(i);
  const times: number[] = [];
  const started = performance.now();
  while (times.length < options.max && (times.length < options.min || performance.now() - started < options.budgetMs)) {
    const t0 = performance.now();
    run(i++);
    times.push(performance.now() - t0);
  }
  return times;
}

/** Like `repeat`, with a nanosecond clock: for calls that take microseconds. */
export function repeatFine(run: (i: number) => void, options: RepeatOptions): number[] {
  let i = 0;
  for (; i < options.warmup; i++) run(i);
  const times: number[] = [];
  const started = performance.now();
  while (times.length < options.max && (times.length < options.min || performance.now() - started < options.budgetMs)) {
    const t0 = process.hrtime.bigint();
    run(i++);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}
