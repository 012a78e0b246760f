import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser';
import { NewQuotePage, QuoteListPage } from './pages/QuoteListPage';

// Expected counts are read off the demo seed by hand (src/sync/demo/seedDemo.ts, DEMO_QUOTES):
// 14 quotes; won: the Hangzhou valve maker's spare parts (2026-10-15) and Ningbo solar's frame
// (2026-09-22); 杭州华阀 has two quotes (2026-11-20 inquiry, 2026-10-15 won).
const DEMO_QUOTES = 14;
const DEMO_WON = 2;
const HUAFA = '杭州华阀流体设备有限公司';
const HUAFA_QUOTES = 2;
// 昆山立信's trial order is the one expired quote; 张伟 owns 华阀 (2 quotes), 京铁 and Rhein Anlagenbau.
const EXPIRED_CUSTOMER = '昆山立信电气有限公司';
const ZHANG_WEI_QUOTES = 4;
const KANGYUAN = '上海康远制药设备有限公司';
// workbooks/demo: 康远 is a key account (tier "key": 5% default, 10% cap, 30/70 in 30 days), owned by 李娜.
const KEY_TIER = { label: '重点客户', discount: '5%', cap: '10%', terms: '30% 预付，70% 货到 30 天内付清 / 30% advance, 70% within 30 days of delivery' };

/** RFC 4180 fields of a CSV text (quotes doubled inside quoted fields), after the byte order mark. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describeInBrowser('e2e: quote list', (session) => {
  /** A fresh browser context: empty storage, so the first open seeds the demo workspace. */
  async function freshPage(locale = 'zh-CN'): Promise<Page> {
    const context = await session().browser.newContext({ locale, viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    return context.newPage();
  }

  it('lists the demo quotes, filters by state and search, sorts by total, and keeps the filter in the URL', async () => {
    const page = await freshPage();
    await page.goto(session().app.url);
    const list = await QuoteListPage.openFromShell(page);
    const all = await list.rows();
    expect(all).toHaveLength(DEMO_QUOTES);
    expect(new Set(all.map((r) => r.id)).size).toBe(DEMO_QUOTES);
    expect(all.filter((r) => r.state === 'expired').map((r) => r.customer)).toEqual([EXPIRED_CUSTOMER]);
    await list.screenshot('test-results/quote-list.png');

    await list.filterState('won');
    const won = await list.waitUntilRows((rows) => rows.length < DEMO_QUOTES);
    expect(won).toHaveLength(DEMO_WON);
    for (const row of won) {
      expect(row.state).toBe('won');
      expect(row.stateLabel).toBe('赢单');
    }
    expect(list.query()).toBe('?state=won');

    // The link reproduces the view.
    await page.reload();
    await list.settled();
    expect(await list.checkedStates()).toEqual(['won']);
    expect((await list.rows()).map((r) => r.id).sort()).toEqual(won.map((r) => r.id).sort());

    await list.filterState('won', false);
    await list.waitForRowCount(DEMO_QUOTES);
    await list.search('华阀');
    const huafa = await list.waitUntilRows((rows) => rows.length < DEMO_QUOTES);
    expect(huafa).toHaveLength(HUAFA_QUOTES);
    for (const row of huafa) expect(row.customer).toBe(HUAFA);
    expect(new URL(page.url()).searchParams.get('q')).toBe('华阀');
    await page.reload();
    await list.settled();
    expect(await list.searchText()).toBe('华阀');
    expect((await list.rows()).map((r) => r.customer)).toEqual(huafa.map((r) => r.customer));

    await list.search('');
    await list.waitForRowCount(DEMO_QUOTES);
    await list.sortBy('total', 'desc');
    const byTotal = await list.waitUntilRows((rows) => rows.length === DEMO_QUOTES && new URL(page.url()).searchParams.get('sort') === 'total');
    const amounts = byTotal.map((r) => r.total);
    expect(amounts.every((a) => Number.isFinite(a))).toBe(true);
    expect(amounts[0]).toBe(Math.max(...amounts));
    for (let i = 1; i < amounts.length; i++) expect(amounts[i - 1]).toBeGreaterThanOrEqual(amounts[i] ?? 0);
    await list.screenshot('test-results/quote-list-by-total.png');

    // A link with an owner filter opens on exactly that view.
    const byOwner = await QuoteListPage.open(page, session().app.url, `?owner=${encodeURIComponent('张伟')}`);
    const owned = await byOwner.waitUntilRows((rows) => rows.length < DEMO_QUOTES);
    expect(owned).toHaveLength(ZHANG_WEI_QUOTES);
    for (const row of owned) expect(row.owner).toBe('张伟');
    expect(await page.getByTestId('owner-filter').inputValue()).toBe('张伟');
  }, 90_000);

  it('exports the filtered list as CSV, every matching row and only those', async () => {
    const page = await freshPage('en-US');
    await page.goto(session().app.url);
    await QuoteListPage.openFromShell(page);
    const list = await QuoteListPage.open(page, session().app.url, '?sort=number&dir=asc');
    const shown = await list.rows();
    expect(shown).toHaveLength(DEMO_QUOTES);

    const download = await list.export('csv');
    expect(download.suggestedFilename()).toMatch(/^quotes-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const csv = parseCsv(readFileSync(path, 'utf8'));
    const [heading, ...body] = csv;
    expect(heading?.slice(0, 3)).toEqual(['Quote no.', 'Revision', 'Customer']);
    expect(body).toHaveLength(DEMO_QUOTES);
    expect(body.map((r) => r[0])).toEqual(shown.map((r) => r.number));
    expect(body.map((r) => r[2])).toEqual(shown.map((r) => r.customer));
    // The file's totals are plain numbers in major units; the page shows them as money.
    expect(body.map((r) => Number(r[7]))).toEqual(shown.map((r) => r.total));

    const xlsx = await list.export('xlsx');
    expect(xlsx.suggestedFilename()).toMatch(/^quotes-\d{4}-\d{2}-\d{2}\.xlsx$/);
    // An XLSX file is a ZIP archive: it starts with "PK".
    expect(readFileSync(await xlsx.path()).subarray(0, 2).toString('latin1')).toBe('PK');

    // Filtered: only the won quotes go out.
    await list.filterState('won');
    await list.waitForRowCount(DEMO_WON);
    const wonShown = await list.rows();
    const wonCsv = parseCsv(readFileSync(await (await list.export('csv')).path(), 'utf8')).slice(1);
    expect(wonCsv.map((r) => r[0])).toEqual(wonShown.map((r) => r.number));
    expect(wonCsv.map((r) => r[4])).toEqual(['Won', 'Won']);
  }, 90_000);

  it('records an inquiry for 康远 with its tier policy, opens the quote, and the list has one more', async () => {
    const page = await freshPage();
    await page.goto(session().app.url);
    const list = await QuoteListPage.openFromShell(page);
    expect(await list.rows()).toHaveLength(DEMO_QUOTES);
    await list.newQuote();
    const form = await NewQuotePage.ready(page);

    // Nothing picked, nothing written: the form says what is missing and keeps what was typed.
    await form.fillInquiry({ requirements: '', quantity: '-3' });
    await form.create();
    expect(await form.problems()).toEqual(['请选择客户。', '请填写需求。', '数量必须大于 0。']);
    expect(page.url()).toMatch(/\/quotes\/new$/);

    await form.pickCustomer(KANGYUAN);
    const policy = await form.policy();
    expect(policy).toMatchObject({ 客户等级: KEY_TIER.label, 默认折扣: KEY_TIER.discount, 折扣上限: KEY_TIER.cap, 付款条件: KEY_TIER.terms });
    expect(await form.owner()).toBe('李娜');
    await form.fillInquiry({ requirements: '洁净车间卫生级蝶阀 DN150，EPDM 阀座，8 台。', quantity: '8', requestedDate: '2027-01-15' });
    await form.screenshot('test-results/new-quote.png');
    await form.create();
    await page.waitForURL(/\/quotes\/q-[0-9a-z]+$/, { timeout: 15_000 });
    const id = new URL(page.url()).pathname.split('/').at(-1);

    const after = await QuoteListPage.open(page, session().app.url);
    await after.waitForRowCount(DEMO_QUOTES + 1);
    const rows = await after.rows();
    const made = rows.find((r) => r.id === id);
    expect(made).toMatchObject({ customer: KANGYUAN, state: 'inquiry', stateLabel: '询价', revision: '' });
  }, 90_000);
});
