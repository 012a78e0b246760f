/**
 * A simulated network between replicas (Y.Docs) in one process, driven by a seeded generator.
 *
 * - Every local update is sent to every other replica as its own message. Messages wait in
 *   flight and are delivered one at a time in random order (so out of order), and a delivered
 *   message is sometimes sent again later (duplicated).
 * - A disconnected replica buffers what it makes and receives nothing; messages in flight to it
 *   may be lost when it goes (as a dropped socket loses them).
 * - On reconnect it sends its buffer message by message and syncs by state vector with each
 *   replica online, as a Yjs provider does (sync steps 1 and 2), each direction a message of
 *   its own that is delivered, like any other, whenever the network gets to it.
 * - Old updates are sometimes replayed to a replica that already has them.
 *
 * Yjs holds an update whose causal predecessors have not arrived yet until they do, so the
 * disorder is safe for Yjs itself; what is under test is everything built on it.
 */
import * as Y from 'yjs';
import type { Random } from './random.js';

/** Origin of updates applied from the network; anything else is a local edit and is sent. */
export const REMOTE = Symbol('remote');

interface Message {
  readonly to: number;
  readonly update: Uint8Array;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  duplicated: number;
  dropped: number;
  replayed: number;
  reconnects: number;
}

export interface NetworkOptions {
  /** Chance that a delivered message is sent again later. */
  readonly duplicate: number;
  /** Chance that each message in flight to a replica is lost when it disconnects. */
  readonly dropOnDisconnect: number;
}

const DEFAULTS: NetworkOptions = { duplicate: 0.1, dropOnDisconnect: 0.5 };

export class Network {
  private readonly online: boolean[];
  private readonly buffered: Uint8Array[][];
  private inflight: Message[] = [];
  private readonly history: { from: number; update: Uint8Array }[] = [];
  readonly stats: NetworkStats = { sent: 0, delivered: 0, duplicated: 0, dropped: 0, replayed: 0, reconnects: 0 };

  constructor(
    readonly docs: readonly Y.Doc[],
    private readonly rng: Random,
    private readonly options: NetworkOptions = DEFAULTS,
  ) {
    this.online = docs.map(() => true);
    this.buffered = docs.map(() => []);
    docs.forEach((doc, i) =>
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) this.outgoing(i, update);
      }),
    );
  }

  isOnline(replica: number): boolean {
    return this.online[replica] === true;
  }

  /** Messages not yet delivered (including those waiting for an offline replica). */
  get pending(): number {
    return this.inflight.length + this.buffered.reduce((n, b) => n + b.length, 0);
  }

  private outgoing(from: number, update: Uint8Array): void {
    this.history.push({ from, update });
    if (this.online[from]) this.broadcast(from, update);
    else (this.buffered[from] as Uint8Array[]).push(update);
  }

  private broadcast(from: number, update: Uint8Array): void {
    for (let to = 0; to < this.docs.length; to++) {
      if (to === from) continue;
      this.inflight.push({ to, update });
      this.stats.sent++;
    }
  }

  disconnect(replica: number): void {
    if (!this.online[replica]) return;
    this.online[replica] = false;
    this.inflight = this.inflight.filter((m) => {
      const lost = m.to === replica && this.rng.chance(this.options.dropOnDisconnect);
      if (lost) this.stats.dropped++;
      return !lost;
    });
  }

  reconnect(replica: number): void {
    if (this.online[replica]) return;
    this.online[replica] = true;
    this.stats.reconnects++;
    const doc = this.docs[replica] as Y.Doc;
    for (const update of (this.buffered[replica] as Uint8Array[]).splice(0)) this.broadcast(replica, update);
    this.docs.forEach((peer, j) => {
      if (j === replica || !this.online[j]) return;
      this.inflight.push({ to: replica, update: Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)) });
      this.inflight.push({ to: j, update: Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer)) });
      this.stats.sent += 2;
    });
  }

  /** Deliver up to `count` messages, each picked at random among those whose receiver is online. */
  deliver(count: number): void {
    for (let n = 0; n < count; n++) {
      const ready: number[] = [];
      this.inflight.forEach((m, i) => {
        if (this.online[m.to]) ready.push(i);
      });
      if (ready.length === 0) return;
      const index = this.rng.pick(ready);
      const [message] = this.inflight.splice(index, 1) as [Message];
      if (this.rng.chance(this.options.duplicate)) {
        this.inflight.splice(this.rng.int(this.inflight.length + 1), 0, message);
        this.stats.duplicated++;
      }
      Y.applyUpdate(this.docs[message.to] as Y.Doc, message.update, REMOTE);
      this.stats.delivered++;
    }
  }

  /** Apply an update made earlier to an online replica that may well have it already. */
  replayOld(): void {
    const targets = this.docs.map((_, i) => i).filter((i) => this.online[i]);
    if (this.history.length === 0 || targets.length === 0) return;
    const { update } = this.rng.pick(this.history);
    Y.applyUpdate(this.docs[this.rng.pick(targets)] as Y.Doc, update, REMOTE);
    this.stats.replayed++;
  }

  /** Everyone back online and every message delivered (still in random order, duplicates included). */
  deliverAll(): void {
    for (let i = 0; i < this.docs.length; i++) this.reconnect(i);
    while (this.inflight.length > 0) this.deliver(this.inflight.length);
  }
}
