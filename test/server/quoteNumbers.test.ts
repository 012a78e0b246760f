/**
 * Quote numbers unique across devices: the server hands out each scheme's sequence per year
 * (POST /api/quote-numbers), and two devices' quote books, each with its own local database,
 * number their new quotes from it without ever taking the same number.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/main.js';
import type { RunningServer } from '../../server/main.js';
import { openQuoteWorld } from '../support/quoteWorld.js';
import { login } from '../support/syncClient.js';

const PASSWORD = 'quote-numbers-password';
let dataDir: string;
let appDir: string;
let server: RunningServer;

async function ask(token: string, body: unknown): Promise<{ status: number; body: { sequence?: number; error?: string } }> {
  const res = await fetch(`${server.url}/api/quote-numbers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { sequence?: number; error?: string } };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'suanpan-numbers-'));
  appDir = mkdtempSync(join(tmpdir(), 'suanpan-app-'));
  mkdirSync(join(appDir, 'assets'));
  writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>Suanpan</title>');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, appDir, workbooksDir: join(dataDir, 'none'), demoPassword: PASSWORD, log: () => undefined });
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(appDir, { recursive: true, force: true });
});

describe('POST /api/quote-numbers', () => {
  it('counts up per scheme and year, never below what the device already issued, and never twice under concurrent calls', async () => {
    const token = await login(server.url, 'sales', PASSWORD);
    expect((await ask(token, { scheme: 'T-{YYYY}-{NNN}', year: 2031, atLeast: 0 })).body.sequence).toBe(1);
    expect((await ask(token, { scheme: 'T-{YYYY}-{NNN}', year: 2031, atLeast: 0 })).body.sequence).toBe(2);
    // A device that numbered offline up to 7 lifts the floor.
    expect((await ask(token, { scheme: 'T-{YYYY}-{NNN}', year: 2031, atLeast: 7 })).body.sequence).toBe(8);
    // Another year, another scheme: their own sequences.
    expect((await ask(token, { scheme: 'T-{YYYY}-{NNN}', year: 2032, atLeast: 0 })).body.sequence).toBe(1);
    expect((await ask(token, { scheme: 'U-{NNNN}', year: 2031, atLeast: 0 })).body.sequence).toBe(1);
    const burst = await Promise.all(Array.from({ length: 20 }, () => ask(token, { scheme: 'T-{YYYY}-{NNN}', year: 2031, atLeast: 0 })));
    expect(burst.map((r) => r.body.sequence).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => 9 + i));
  });

  it('refuses a role that may not create quotes, a missing token and bad fields, each saying why', async () => {
    expect(await ask(await login(server.url, 'engineer', PASSWORD), { scheme: 'Q', year: 2031, atLeast: 0 })).toEqual({ status: 403, body: { error: 'engineer may not create quotes' } });
    const token = await login(server.url, 'sales', PASSWORD);
    expect((await ask(token, { scheme: 'Q', year: 31, atLeast: 0 })).body.error).toBe('"year" must be a whole number from 1900 to 9999');
    expect((await ask(token, { scheme: 'Q', year: 2031, atLeast: -1 })).body.error).toBe('"atLeast" must be a whole number from 0 to 999999999');
    expect((await ask(token, { year: 2031, atLeast: 0 })).body.error).toBe('"scheme" must be a non-empty string');
    expect((await fetch(`${server.url}/api/quote-numbers`, { method: 'POST' })).status).toBe(401);
  });
});

describe('two devices numbering quotes through the server', () => {
  it('never give two quotes the same number, though neither sees the other’s quotes', async () => {
    const token = await login(server.url, 'sales', PASSWORD);
    const numbering = async (scheme: string, year: number, atLeast: number) => {
      const answer = await ask(token, { scheme, year, atLeast });
      if (answer.body.sequence === undefined) throw new Error(answer.body.error);
      return answer.body.sequence;
    };
    const now = () => new Date('2033-03-15T02:00:00Z');
    const a = await openQuoteWorld({ numbering, now });
    const b = await openQuoteWorld({ numbering, now });
    try {
      const numbers: string[] = [];
      for (let i = 0; i < 3; i++) {
        for (const w of [a, b]) {
          const customerId = w.customers.all()[0]?.id ?? '';
          const made = await w.quotes.create({ customerId, quoteDate: '2033-03-15', inquiry: { requirements: `round ${i}` } }, 'sales');
          if (!made.ok) throw new Error(made.problems.join('; '));
          const read = await w.quotes.read(made.value);
          if (!read.ok) throw new Error(read.problems.join('; '));
          numbers.push(read.value.header.number);
        }
      }
      // The demo scheme Q-{YYYY}-{NNNN}, alternating devices, one sequence.
      expect(numbers).toEqual(['Q-2033-0001', 'Q-2033-0002', 'Q-2033-0003', 'Q-2033-0004', 'Q-2033-0005', 'Q-2033-0006']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
