import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startServer } from '../../server/main';
import type { RunningServer } from '../../server/main';
import { describeInBrowser } from '../support/browser';
import { QuoteListPage } from './pages/QuoteListPage';
import { QuotePage } from './pages/QuotePage';

/*
 * Issue 6's co-editing story in two Chromium contexts, as two users of one Suanpan server (the
 * real one `npm start` runs, seeded with the demo workspace): both sign in, open the same quote,
 * see each other there, see each other's edits within a second, go offline, edit, come back, and
 * converge.
 */
const PASSWORD = 'co-editing-e2e';

describeInBrowser('e2e: two users co-edit one quote through the server', (session) => {
  let server: RunningServer;
  let dataDir: string;
  const users: { context: BrowserContext; page: Page; quote?: QuotePage }[] = [];

  async function signIn(username: string): Promise<Page> {
    const context = await session().browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/quotes`);
    const form = page.getByTestId('sign-in');
    await form.locator('input[name="username"]').fill(username);
    await form.locator('input[name="password"]').fill(PASSWORD);
    await form.getByRole('button').click();
    await page.getByTestId('signed-in-user').waitFor();
    users.push({ context, page });
    return page;
  }

  const status = (page: Page) => page.getByTestId('connection-status');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'suanpan-coedit-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, appDir: inject('builtAppDir'), demoPassword: PASSWORD, log: () => undefined });
  }, 60_000);

  afterAll(async () => {
    for (const u of users) await u.context.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs two users in; each device finds the workspace the server seeded', async () => {
    const sales = await signIn('sales');
    const admin = await signIn('admin');
    for (const page of [sales, admin]) {
      await expect.poll(async () => (await status(page).getAttribute('data-state')) ?? '', { timeout: 15_000 }).toBe('online');
      const list = await QuoteListPage.open(page, server.url);
      // The demo workspace has 14 quotes; this device never seeded them itself.
      await list.waitUntilRows((rows) => rows.length === 14, 20_000);
    }
  });

  it('opens the same quote on both; each sees the other there', async () => {
    const [a, b] = users as [(typeof users)[number], (typeof users)[number]];
    const list = await QuoteListPage.open(a.page, server.url);
    const rows = await list.waitUntilRows((all) => all.some((r) => r.state === 'inquiry' || r.state === 'solution_design'));
    const row = rows.find((r) => r.state === 'inquiry' || r.state === 'solution_design');
    if (!row) throw new Error('no editable demo quote');
    await a.page.goto(`${server.url}/quotes/${row.id}`);
    a.quote = await QuotePage.ready(a.page);
    await b.page.goto(`${server.url}/quotes/${row.id}`);
    b.quote = await QuotePage.ready(b.page);
    await expect.poll(() => a.page.locator('[data-testid="presence-peer"][data-username="admin"]').count(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => b.page.locator('[data-testid="presence-peer"][data-username="sales"]').count(), { timeout: 5000 }).toBe(1);
    // Where each one is: b's cursor in a line's quantity is marked on a's screen, in that field only.
    const [line] = await a.quote.lines();
    if (!line) throw new Error('the quote has no priced line');
    await b.page.locator(`tr.quote-line[data-line-id="${line.id}"] [data-testid="line-quantity"]`).focus();
    const marked = a.page.locator('[data-peer-focus~="admin"]');
    await expect.poll(() => marked.count(), { timeout: 5000 }).toBe(1);
    expect(await marked.locator('[data-testid="line-quantity"]').count()).toBe(1);
    await b.page.locator('body').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => marked.count(), { timeout: 5000 }).toBe(0);
  });

  it('shows one user’s edit to the other within a second', async () => {
    const [a, b] = users as [Required<(typeof users)[number]>, Required<(typeof users)[number]>];
    const [line] = await a.quote.lines();
    if (!line) throw new Error('the quote has no priced line');
    const wanted = line.quantity + 3;
    await a.quote.setQuantity(line.id, wanted);
    // Watched inside b's page (every animation frame), so the second is the sync's, not the test's polling.
    await b.page.waitForFunction(
      ([id, value]) => (document.querySelector(`tr.quote-line[data-line-id="${id}"] [data-testid="line-quantity"]`) as HTMLInputElement | null)?.value === value,
      [line.id, String(wanted)] as const,
      { timeout: 1000 },
    );
    await b.quote.waitForLine(line.id, (l) => l.quantity === wanted);
  });

  it('edits offline on both sides, then converges when both are back', async () => {
    const [a, b] = users as [Required<(typeof users)[number]>, Required<(typeof users)[number]>];
    const lines = await a.quote.lines();
    const first = lines[0];
    const second = lines[1] ?? lines[0];
    if (!first || !second) throw new Error('the quote has no priced line');
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await expect.poll(async () => status(a.page).getAttribute('data-state'), { timeout: 5000 }).toBe('offline');
    await expect.poll(async () => status(b.page).getAttribute('data-state'), { timeout: 5000 }).toBe('offline');

    await a.quote.setQuantity(first.id, 21);
    await b.quote.setDiscount(second.id, 2);
    // Each side keeps its own edit locally and counts it as pending.
    await a.quote.waitForLine(first.id, (l) => l.quantity === 21);
    await expect.poll(async () => Number(await status(a.page).getAttribute('data-pending')), { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(async () => Number(await status(b.page).getAttribute('data-pending')), { timeout: 5000 }).toBeGreaterThan(0);

    await a.context.setOffline(false);
    await b.context.setOffline(false);
    for (const side of [a, b]) {
      await side.quote.waitForLine(first.id, (l) => l.quantity === 21);
      await side.quote.waitForLine(second.id, (l) => l.discountPct === 2);
      await expect.poll(async () => status(side.page).getAttribute('data-state'), { timeout: 15_000 }).toBe('online');
    }
    expect(await a.quote.totals()).toEqual(await b.quote.totals());
  });
});
