/** What the list benchmark's driver and page exchange (JSON across DevTools). */
import type { ListDatasetOptions } from '../../listDataset.js';

export interface LoadOptions extends ListDatasetOptions {
  readonly quotes: number;
  readonly customers: number;
  /** Records per bulkAdd (one transaction each). */
  readonly chunk: number;
}

export interface LoadFigures {
  readonly generateMs: number;
  readonly writeMs: number;
  /** Counted back from the database. */
  readonly quotes: number;
  readonly customers: number;
}

export interface TimeRequest {
  readonly table: 'quotes' | 'customers';
  /** A QuoteQuery or CustomerQuery. */
  readonly query: unknown;
  readonly warmup: number;
  readonly runs: number;
}

export interface TimeResult {
  /** ms per query, timed in the page. */
  readonly times: number[];
  readonly plan: string;
  readonly rows: number;
  readonly hasMore: boolean;
}

export interface ListBench {
  load(options: LoadOptions): Promise<LoadFigures>;
  time(request: TimeRequest): Promise<TimeResult>;
  readonly ready: true;
}
