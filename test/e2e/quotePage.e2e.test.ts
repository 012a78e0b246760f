import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser';
import { readWorkbook } from '../support/workbooks';
import { ConfiguratorPage } from './pages/ConfiguratorPage';
import { QuoteLinkBar, QuotePage, type QuoteLineView, type QuoteTotalsView } from './pages/QuotePage';

/*
 * The quote page on the demo inquiry of 杭州华阀 (src/sync/demo/seedDemo.ts), one browser
 * profile for the whole walk, as a rep would do it. Figures worked out by hand from
 * workbooks/demo/pricing-settings.json: 杭州华阀 is a strategic account (8 % default discount,
 * 15 % cap, over the cap → approval) in the east region (factor 1, freight 500.00), VAT 13 %.
 * SVC-INSTALL lists at 3,200.00 a day; DOC-EN10204-31 at 450.00. The valve line of case 3
 * (docs/examples/butterfly-valve.md) prices 10,251.71 in the model; the valves' load factor
 * 1.05 makes 10,764.2955 → 10,764.30.
 */
const HUAFA = '杭州华阀流体设备有限公司';
// workbooks/demo/customers.json: a key account (5 % default discount, 10 % cap).
const KANGYUAN = { id: 'c-sh-pharma', name: '上海康远制药设备有限公司' };
const artifacts = 'test-results';
const valve = readWorkbook('workbooks/butterfly-valve.workbook.json');
const case3 = valve.tests.find((t) => t.id === 'case-3');
if (case3 === undefined) throw new Error('butterfly-valve has no test case case-3');

const fen = (amount: number) => Math.round(amount * 100);

/**
 * The totals the shown lines add up to, in fen, by the rules the issue states (a second path to
 * the page's own): each counted line qty × unit price, less its discount (rounded per line),
 * then freight, then VAT once on the whole.
 */
function expectedTotals(lines: readonly QuoteLineView[], freight: number, vatPct: number) {
  let subtotal = 0;
  let discount = 0;
  for (const line of lines) {
    if (!line.counted) continue;
    const gross = Math.round(line.quantity * fen(line.unitPrice));
    const off = Math.round((gross * line.discountPct) / 100);
    // The line's own amount on screen agrees with the same arithmetic.
    expect(fen(line.net), `line ${line.description}`).toBe(gross - off);
    subtotal += gross;
    discount += off;
  }
  const net = subtotal - discount;
  const vat = Math.round(((net + fen(freight)) * vatPct) / 100);
  return { subtotal, discount, net, vat, total: net + fen(freight) + vat };
}

function vatPctOf(totals: QuoteTotalsView): number {
  const match = /\(([\d.]+)%\)/.exec(totals.vatLabel);
  if (!match?.[1]) throw new Error(`no VAT rate in "${totals.vatLabel}"`);
  return Number(match[1]);
}

async function expectConsistentTotals(quote: QuotePage): Promise<QuoteTotalsView> {
  const totals = await quote.totals();
  const expected = expectedTotals(await quote.lines(), totals.freight, vatPctOf(totals));
  expect({ subtotal: fen(totals.subtotal), discount: fen(totals.discount), net: fen(totals.net), vat: fen(totals.vat), total: fen(totals.total) }).toEqual(expected);
  return totals;
}

/** Polls until the shown totals change from `before` (the book writes, then the page follows). */
async function totalsAfter(quote: QuotePage, before: QuoteTotalsView): Promise<QuoteTotalsView> {
  const until = Date.now() + 10_000;
  for (;;) {
    const now = await quote.totals();
    if (now.total !== before.total) return now;
    if (Date.now() > until) throw new Error(`the totals never moved from ${before.total}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeInBrowser('e2e: quote page', (session) => {
  let context: BrowserContext;
  let page: Page;
  let quote: QuotePage;

  beforeAll(async () => {
    context = await session().browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context.close();
  });

  it('opens the demo inquiry of 杭州华阀 from the list; its totals are the sum of its shown lines', async () => {
    quote = await QuotePage.openFromList(page, session().app.url, HUAFA, 'inquiry');
    expect(await quote.label()).toMatch(/^Q-2026-\d{4}$/);
    expect(await quote.state()).toBe('inquiry');

    const install = await quote.line('SVC-INSTALL');
    // 2 days × 3,200.00, 8 % off: 6,400.00 − 512.00 = 5,888.00.
    expect(install).toMatchObject({ quantity: 2, unitPrice: 3200, discountPct: 8, net: 5888, counted: true });
    // The optional seal kits are shown but not counted until included.
    const seals = await quote.line('SP-SEAL-KIT');
    expect(seals).toMatchObject({ inclusion: 'optional', counted: false });

    const totals = await expectConsistentTotals(quote);
    expect(totals.freight).toBe(500);
    expect(totals.vatLabel).toBe('增值税 (13%)');
    await quote.screenshot(`${artifacts}/quote-page.png`);
  });

  it('a new quantity reprices the line and moves the totals', async () => {
    const install = await quote.line('SVC-INSTALL');
    const before = await quote.totals();
    await quote.setQuantity(install.id, 3);
    const after = await totalsAfter(quote, before);
    // 3 × 3,200.00 × 0.92 = 8,832.00: net +2,944.00, VAT +382.72 (exact in fen, so no rounding moves).
    expect(await quote.line('SVC-INSTALL')).toMatchObject({ quantity: 3, net: 8832 });
    expect(fen(after.total) - fen(before.total)).toBe(294_400 + 38_272);
    await expectConsistentTotals(quote);

    // A negative quantity is refused with the reason; the line keeps its quantity and price.
    await quote.setQuantity(install.id, -1);
    await page.locator(`[data-problems="line:${install.id}"]`).waitFor();
    expect(await quote.lineProblem(install.id)).toContain('quantity must be greater than 0');
    expect(await quote.line('SVC-INSTALL')).toMatchObject({ quantity: 3, net: 8832 });
    expect((await quote.totals()).total).toBe(after.total);
  });

  it('adds a catalogue item', async () => {
    const before = await quote.totals();
    await quote.addCatalogueItem('DOC-EN10204-31', 2);
    await totalsAfter(quote, before);
    // 2 × 450.00, 8 % off: 900.00 − 72.00 = 828.00.
    expect(await quote.line('DOC-EN10204-31')).toMatchObject({ kind: 'catalogue', quantity: 2, unitPrice: 450, discountPct: 8, net: 828, counted: true });
    await expectConsistentTotals(quote);
  });

  it('an optional line counts once included; a section can be added, moved and deleted', async () => {
    const seals = await quote.line('SP-SEAL-KIT');
    const before = await quote.totals();
    await quote.include(seals.id, true);
    await totalsAfter(quote, before);
    // 12 kits in the 10–49 block band at 255.00, 8 % off: 3,060.00 − 244.80 = 2,815.20, now counted.
    expect(await quote.line('SP-SEAL-KIT')).toMatchObject({ counted: true, unitPrice: 255, net: 2815.2 });
    await expectConsistentTotals(quote);
    await quote.include(seals.id, false);
    await quote.waitForLine(seals.id, (l) => !l.counted);

    await quote.addSection('附件 / Extras');
    const added = await quote.waitForRows((rows) => rows.at(-1)?.title === '附件 / Extras');
    const extras = added.at(-1)?.id ?? '';
    await quote.moveLine(extras, 'up');
    const moved = await quote.waitForRows((rows) => rows.at(-2)?.id === extras);
    expect(moved.at(-1)?.kind).toBe('catalogue');
    await quote.deleteLine(extras);
    await quote.waitForRows((rows) => !rows.some((r) => r.id === extras));
  });

  it('adds a configured valve through the configurator and comes back to the new line', async () => {
    const count = (await quote.lines()).length;
    const number = await quote.label();
    await quote.addProduct('butterfly-valve');
    const configurator = await ConfiguratorPage.ready(page);
    const bar = new QuoteLinkBar(page);
    expect(await bar.text()).toContain(`正在添加到报价单 ${number}（${HUAFA}）`);
    for (const [field, value] of Object.entries(case3.given)) {
      const type = valve.parameters.find((p) => p.id === field)?.type;
      if (type === 'choice') await configurator.choose(field, String(value));
      else if (type === 'boolean') await configurator.tick(field, value === true);
      else await configurator.type(field, String(value));
    }
    expect(await configurator.staleMark()).toBeNull();
    await configurator.screenshot(`${artifacts}/configurator-quote-link.png`);

    quote = await bar.submit();
    await quote.waitForLineCount(count + 1);
    const added = (await quote.lines()).at(-1);
    // Case 3: 4 valves at 10,251.71 × 1.05 = 10,764.30; 8 % off 43,057.20 → 43,057.20 − 3,444.58 = 39,612.62.
    expect(added).toMatchObject({ kind: 'configured', quantity: 4, unitPrice: 10764.3, discountPct: 8, net: 39612.62 });
    expect(added?.summary).toContain('DN');
    // Its price steps: the model's 10,251.71, the valves' load factor × 1.05 (+512.59), 10,764.30.
    expect(await quote.priceSteps((added as QuoteLineView).id)).toEqual([
      ['model', 10251.71],
      ['load', 512.59],
      ['list', 10764.3],
    ]);
    await expectConsistentTotals(quote);
  });

  it('reopens the configured line in the configurator and updates it', async () => {
    const added = (await quote.lines()).at(-1) as QuoteLineView;
    await quote.openInConfigurator(added.id);
    const configurator = await ConfiguratorPage.ready(page);
    // Opened on the line's values: the form shows case 3's choices, not the model's defaults.
    expect(await configurator.chosen('seat')).toBe('PTFE');
    expect(await new QuoteLinkBar(page).text()).toContain('更新明细行');
    await configurator.type('qty', '6');
    quote = await new QuoteLinkBar(page).submit();
    const updated = await quote.waitForLine(added.id, (l) => l.quantity === 6);
    // 6 × 10,764.30 = 64,585.80; 8 % off 5,166.86 (5,166.864) → 59,418.94.
    expect(updated).toMatchObject({ unitPrice: 10764.3, net: 59418.94 });
    await expectConsistentTotals(quote);
  });

  it('a discount above the tier cap is marked "needs approval", and sending is refused with the reason', async () => {
    const install = await quote.line('SVC-INSTALL');
    expect(await quote.approvalBanner()).toBeNull();
    await quote.setDiscount(install.id, 20);
    const over = await quote.waitForLine(install.id, (l) => l.discountPct === 20 && l.overCapMark !== null);
    expect(over.overCapMark).toBe('需审批');
    expect(await quote.approvalBanner()).toContain('需要审批');
    await expectConsistentTotals(quote);

    await quote.act('start_design');
    await quote.waitForState('solution_design');
    await quote.act('mark_quoted');
    await quote.waitForState('quoted');
    expect(await quote.actions()).toEqual(expect.arrayContaining(['submit_for_approval', 'send', 'revise']));
    await quote.act('send');
    await page.locator('[data-problems="lifecycle"]').waitFor();
    expect(await quote.lifecycleProblem()).toContain('needs approval first');
    expect(await quote.state()).toBe('quoted');
    await quote.screenshot(`${artifacts}/quote-page-approval.png`);

    // Back within the cap (still editable while quoted): no approval needed.
    await quote.setDiscount(install.id, 12);
    await quote.waitForLine(install.id, (l) => l.discountPct === 12 && l.overCapMark === null);
    expect(await quote.approvalBanner()).toBeNull();
  });

  it('sends, revises to V2 with V1 still readable, and marks it won with a reason', async () => {
    const number = await quote.label();
    await quote.act('send');
    await quote.waitForState('sent');
    expect(await quote.hasEditableLines()).toBe(false);
    const sentTotals = await quote.totals();

    await quote.act('revise');
    await quote.waitForState('quoted');
    expect(await quote.label()).toBe(`${number} V2`);
    const revisions = await quote.revisions();
    expect(revisions.map((r) => [r.revision, r.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(revisions[1]?.compareHref).toBe(`/quotes/${quote.id()}/compare?a=1&b=2`);

    // V2 is editable again; V1 stays as it was sent.
    const install = await quote.line('SVC-INSTALL');
    await quote.setQuantity(install.id, 4);
    await quote.waitForLine(install.id, (l) => l.quantity === 4);

    await quote.openRevision(1);
    await page.getByTestId('old-revision').waitFor();
    expect(await quote.label()).toBe(number);
    expect(await quote.state()).toBe('sent');
    expect(await quote.hasEditableLines()).toBe(false);
    expect((await quote.line('SVC-INSTALL')).quantity).toBe(3);
    expect((await quote.totals()).total).toBe(sentTotals.total);
    await quote.screenshot(`${artifacts}/quote-page-v1.png`);

    await quote.openRevision(2);
    await page.waitForFunction(() => document.querySelector('[data-testid="old-revision"]') === null);
    expect(await quote.label()).toBe(`${number} V2`);
    await quote.act('send');
    await quote.waitForState('sent');
    await quote.close('mark_won', '交期 12 天，优于竞争对手');
    await quote.waitForState('won');
    expect((await quote.events()).some((e) => e.includes('交期 12 天，优于竞争对手'))).toBe(true);
    expect(await quote.actions()).toEqual([]);
    await quote.screenshot(`${artifacts}/quote-page-won.png`);
  });

  it('downloads the PDF and the CSV of V2', async () => {
    const number = (await quote.label()).replace(' ', '-');
    const pdf = await quote.download('pdf-zh');
    expect(pdf.name).toBe(`${number}.pdf`);
    expect(readFileSync(pdf.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const csv = await quote.download('csv');
    expect(csv.name).toBe(`${number}.csv`);
    const text = readFileSync(csv.path, 'utf8');
    expect(text).toContain(HUAFA);
    expect(text).toContain('现场安装调试(人天)');
  }, 60_000);

  it("duplicates the won quote for another customer, priced with that customer's tier", async () => {
    const number = (await quote.label()).replace(/ V\d+$/, '');
    const from = quote.id();
    await page.getByTestId('duplicate').locator('select[name="customer"]').selectOption(KANGYUAN.id);
    await page.getByTestId('duplicate').getByRole('button').click();
    await page.waitForURL((url) => /\/quotes\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(from));
    quote = await QuotePage.ready(page);
    await quote.waitForState('inquiry');
    expect(await quote.label()).not.toBe(number);
    expect(await page.getByTestId('quote-header').innerText()).toContain(KANGYUAN.name);
    // A key account: every line starts at the key tier's 5 % default discount.
    expect(new Set((await quote.lines()).map((l) => l.discountPct))).toEqual(new Set([5]));
    await expectConsistentTotals(quote);
  });

  it('previews a reprice from market indices line by line, then applies it', async () => {
    // An aluminium profile takes the AL-A00 index of the quote date, frozen on its line.
    const count = (await quote.lines()).length;
    await quote.addProduct('aluminium-profile');
    await ConfiguratorPage.ready(page);
    quote = await new QuoteLinkBar(page).submit();
    await quote.waitForLineCount(count + 1);
    const profile = (await quote.lines()).at(-1) as QuoteLineView;
    const preview = await quote.repricePreview();
    // Priced today, repriced today: the same index value, so the same price, and it says so.
    expect(preview).toEqual([{ lineId: profile.id, old: profile.unitPrice, new: profile.unitPrice, reason: '指数未变化' }]);
    await quote.applyReprice();
    await page.waitForFunction(() => document.querySelector('[data-event="repriced"]') !== null);
    expect((await quote.events()).at(-1)).toContain('重新定价');
  });

  it("offers the customer's new tier once it changed, and applies it", async () => {
    expect(await page.getByTestId('tier-changed').count()).toBe(0);
    // The customer page (another screen of the app) moves 康远 up to strategic: 8 % default, 15 % cap.
    await page.getByTestId('quote-header').getByRole('link', { name: KANGYUAN.name }).click();
    await page.getByTestId('customer-form').locator('select[name="tier"]').selectOption('strategic');
    await page.getByTestId('save-customer').click();
    await page.getByTestId('customer-notice').waitFor();
    await page.goBack();
    quote = await QuotePage.ready(page);
    const banner = page.getByTestId('tier-changed');
    await banner.waitFor();
    await banner.getByRole('button').click();
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByTestId('tier-policy').innerText()).toContain('默认折扣 8%，上限 15%');
    // Every line was at the old default (5 %), so every line follows the new one.
    expect(new Set((await quote.lines()).map((l) => l.discountPct))).toEqual(new Set([8]));
    await expectConsistentTotals(quote);
  });

  it("changes the currency to USD at the rate table's rate", async () => {
    await page.getByTestId('quote-header').locator('select[name="currency"]').selectOption('USD');
    await page.getByTestId('exchange-rate').waitFor();
    expect(await page.getByTestId('exchange-rate').innerText()).toBe('1 USD = 7.12 CNY');
    // 3,200.00 CNY / 7.12 = 449.438… → 449.44; freight 500.00 / 7.12 = 70.224… → 70.22.
    const install = await quote.waitForLine((await quote.line('SVC-INSTALL')).id, (l) => l.unitPrice !== 3200);
    expect(install.unitPrice).toBe(449.44);
    expect((await quote.totals()).freight).toBe(70.22);
    await expectConsistentTotals(quote);
  });

  it('reads in English too', async () => {
    await page.getByRole('banner').getByRole('button').click();
    await page.getByRole('heading', { name: 'Lines', level: 3 }).waitFor();
    expect((await quote.totals()).vatLabel).toBe('VAT (13%)');
    await quote.screenshot(`${artifacts}/quote-page-en.png`);
  });
});
