/**
 * Writes the list benchmark's data set (bench/listDataset.ts) as JSON lines, for anyone who
 * wants it outside the benchmark: one line per record, `{"table":"customers","record":{…}}`
 * first, then `{"table":"quotes","record":{…}}`. The same options give the same file.
 *
 *   npx tsx scripts/generate-list-dataset.ts lists.jsonl [--quotes 100000] [--customers 20000]
 *     [--seed 1] [--product-lines 5] [--end-date 2026-06-30] [--years 3]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { generateCustomers, generateQuotes } from '../bench/listDataset.js';
import type { ListDatasetOptions } from '../bench/listDataset.js';

const USAGE = 'usage: npx tsx scripts/generate-list-dataset.ts <out.jsonl> [--quotes N] [--customers N] [--seed N] [--product-lines 3-6] [--end-date YYYY-MM-DD] [--years N]';

interface Arguments extends ListDatasetOptions {
  readonly out: string;
  readonly quotes: number;
  readonly customers: number;
}

function parseArguments(argv: readonly string[]): Arguments {
  let out: string | undefined;
  const options: Record<string, string> = {};
  const known = ['quotes', 'customers', 'seed', 'product-lines', 'end-date', 'years'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      const value = argv[i + 1];
      if (!known.includes(name)) throw new Error(`unknown option ${arg}\n${USAGE}`);
      if (value === undefined || value.startsWith('--')) throw new Error(`option ${arg} needs a value\n${USAGE}`);
      options[name] = value;
      i++;
    } else if (out === undefined) out = arg;
    else throw new Error(`one output path only, got "${out}" and "${arg}"\n${USAGE}`);
  }
  if (out === undefined) throw new Error(`no output path\n${USAGE}`);
  const whole = (name: string, fallback: number): number => {
    const text = options[name];
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, got "${text}"`);
    return Number(text);
  };
  const years = options.years === undefined ? undefined : Number(options.years);
  if (years !== undefined && !Number.isFinite(years)) throw new Error(`--years must be a number, got "${options.years}"`);
  return {
    out,
    quotes: whole('quotes', 100_000),
    customers: whole('customers', 20_000),
    seed: whole('seed', 1),
    productLines: whole('product-lines', 5),
    ...(options['end-date'] === undefined ? {} : { endDate: options['end-date'] }),
    ...(years === undefined ? {} : { years }),
  };
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  // Generate the customers before opening the file: a bad option then leaves no file behind.
  const customers = generateCustomers(args);
  const quotes = generateQuotes(customers, args);
  const file = createWriteStream(args.out, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!file.write(line)) await once(file, 'drain');
  };
  for (const record of customers) await write(`${JSON.stringify({ table: 'customers', record })}\n`);
  let count = 0;
  for (const record of quotes) {
    await write(`${JSON.stringify({ table: 'quotes', record })}\n`);
    count++;
  }
  file.end();
  await once(file, 'finish');
  process.stderr.write(`${args.out}: ${customers.length} customers and ${count} quotes (seed ${String(args.seed)})\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`generate-list-dataset: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
