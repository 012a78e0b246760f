/**
 * Keeps a list projection (a Dexie entry) in step with a live document: rewritten at most once
 * per delay while edits arrive, and on demand. Shared by the model library and the quote book.
 */
import type * as Y from 'yjs';

/** Writes a live document's projection into its entry, at most once per delay. */
export class EntryProjector {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly onUpdate = () => this.schedule();

  constructor(
    private readonly doc: Y.Doc,
    private readonly project: () => Promise<void>,
    private readonly delayMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    doc.on('update', this.onUpdate);
  }

  private schedule(): void {
    // Throttle, not debounce: steady typing still reaches the entry every `delayMs`.
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, this.delayMs);
  }

  /** Project now (after any projection in progress). */
  run(): Promise<void> {
    this.chain = this.chain.then(this.project).catch(this.onError);
    return this.chain;
  }

  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.run();
    } else {
      await this.chain;
    }
  }

  stop(): void {
    this.doc.off('update', this.onUpdate);
  }
}
