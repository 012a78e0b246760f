import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser';
import { CustomerForm, CustomersPage } from './pages/CustomersPage';

// Expected values come from the demo data as written (workbooks/demo/customers.json and
// pricing-settings.json): 12 customers; tier "key" gives 5% by default, capped at 10%.
const HUAFA = '杭州华阀流体设备有限公司';
const artifacts = 'test-results';
mkdirSync(artifacts, { recursive: true });

describeInBrowser('e2e: customers', (session) => {
  async function openPage(locale: string): Promise<Page> {
    const { app, browser } = session();
    const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.url);
    return page;
  }

  /** Polls a read until it gives the expected value (lists follow the search a moment later). */
  async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
    await expect.poll(read, { timeout: 10_000 }).toEqual(expected);
  }

  it('lists the 12 demo customers and searches by part of a Chinese name, a contact and a tax ID', async () => {
    const page = await openPage('en-US');
    const list = await CustomersPage.openFromShell(page);

    await eventually(() => list.countText(), '12 customers');
    expect(await list.names()).toHaveLength(12);
    // Tier and region labels come from the directory, in the interface language.
    expect((await list.rowCells(HUAFA)).slice(0, 5)).toEqual([HUAFA, 'Strategic', 'East China', '张伟', '流体控制 / Flow control']);
    await page.screenshot({ path: `${artifacts}/customers-list.png`, fullPage: true });

    await list.search('华阀');
    await eventually(() => list.names(), [HUAFA]);
    await list.search('周明'); // a contact of 杭州华阀
    await eventually(() => list.names(), [HUAFA]);
    await list.search('91110106MA01DE4321'); // 北京京铁's tax ID
    await eventually(() => list.names(), ['北京京铁轨道装备有限公司']);

    await list.search('');
    await list.filterTier('key');
    await eventually(async () => (await list.names()).sort(), ['Rhein Anlagenbau GmbH', '宁波光储新能源股份有限公司', '上海康远制药设备有限公司', '深圳智造机器人科技有限公司'].sort());
  }, 90_000);

  it('creates a customer with the tier card beside the tier, and finds it after a reload', async () => {
    const page = await openPage('en-US');
    const list = await CustomersPage.openFromShell(page);
    const form = await list.newCustomer();

    await form.fill({ tier: 'key' });
    expect(await form.tierDiscounts()).toEqual({ defaultDiscount: '5%', cap: '10%' });
    expect(await form.tierCard()).toContain('30% advance, 70% within 30 days of delivery');
    expect(await form.placeholder('paymentTerms')).toContain('Empty = the tier’s terms: 30% 预付');

    const name = '佛山顺德测试阀门有限公司';
    await form.fill({ name, industry: '阀门 / Valves', region: 'south', owner: '李娜', creditLimit: '500,000.50', taxId: '91440606MA4TEST001' });
    await form.addContact({ name: '林晓', role: '采购经理', phone: '+86 757 2222 0000', email: 'linxiao@shunde.example' });
    await form.screenshot(`${artifacts}/customer-new.png`);
    await form.save();

    await page.waitForURL(/\/customers\/c-[0-9a-z]+$/);
    expect(await form.notice()).toBe(`Created “${name}”.`);

    await page.reload();
    const reopened = await CustomerForm.ready(page);
    expect(await reopened.title()).toBe(name);
    expect(await reopened.value('creditLimit')).toBe('500000.50');
    expect(await reopened.value('tier')).toBe('key');
    expect(await reopened.value('region')).toBe('south');
    expect(await reopened.contactValue(0, 'email')).toBe('linxiao@shunde.example');
    await reopened.fill({ creditLimit: '600000' });
    await reopened.save();
    expect(await reopened.notice()).toBe(`Saved “${name}”.`);

    const back = await reopened.backToList();
    await eventually(() => back.countText(), '13 customers');
    await back.search('顺德');
    await eventually(() => back.names(), [name]);
    expect((await back.rowCells(name)).slice(0, 4)).toEqual([name, 'Key', 'South China', '李娜']);
  }, 90_000);

  it('shows a bad e-mail at its field, refuses a customer without a name, and saves nothing', async () => {
    const page = await openPage('zh-CN');
    const list = await CustomersPage.openFromShell(page);
    const form = await list.newCustomer();

    await form.fill({ name: '测试邮箱有限公司', region: 'east', tier: 'regular', owner: '王强' });
    await form.addContact({ name: '赵六', email: 'zhao-at-example' });
    await form.save();
    expect(await form.fieldProblems('contacts.0.email')).toEqual(['须为电子邮件地址，如 name@example.com']);
    expect(await form.contactValue(0, 'email')).toBe('zhao-at-example');
    expect(page.url()).toMatch(/\/customers\/new$/);

    await form.addContact({ name: '钱七', email: 'qian@example.com' });
    await form.fill({ name: '' });
    await page.locator('[name="contacts.0.email"]').fill('zhao@example.com');
    await form.save();
    expect(await form.fieldProblems('name')).toEqual(['不能为空']);
    expect(await form.fieldProblems('contacts.0.email')).toEqual([]);
    expect(await form.problemList()).toEqual(['客户名称：不能为空']);
    // What was typed stays.
    expect(await form.value('region')).toBe('east');
    expect(await form.contactValue(1, 'name')).toBe('钱七');
    expect(page.url()).toMatch(/\/customers\/new$/);
    await form.screenshot(`${artifacts}/customer-refused.png`);

    const back = await form.backToList();
    await eventually(() => back.countText(), '共 12 位客户');
  }, 90_000);

  it('deletes a customer and restores it', async () => {
    const page = await openPage('en-US');
    const list = await CustomersPage.openFromShell(page);
    const form = await list.open('昆山立信电气有限公司');

    expect(await form.remove()).toContain('Deleted “昆山立信电气有限公司”.');
    const shorter = await form.backToList();
    await eventually(() => shorter.countText(), '11 customers');

    await page.goBack();
    const deleted = await CustomerForm.ready(page);
    await deleted.restore();
    const back = await deleted.backToList();
    await eventually(() => back.countText(), '12 customers');
  }, 90_000);

  it('lists the customer’s quotes and opens a new quote from an inquiry', async () => {
    const page = await openPage('en-US');
    const list = await CustomersPage.openFromShell(page);
    const form = await list.open(HUAFA);

    // The demo has two quotes for 杭州华阀: one new inquiry, one won.
    const quotes = await form.quotes();
    expect(quotes.map((q) => q[1]).sort()).toEqual(['Inquiry', 'Won']);
    expect(quotes.every((q) => /^Q-2026-\d{4}$/.test(q[0] ?? ''))).toBe(true);
    await form.screenshot(`${artifacts}/customer-page.png`);

    await form.newQuote({ requirements: 'DN150 PN16 butterfly valves, 6 pcs, for a pump station', quantity: '6', requestedDate: '2027-01-15' });
    expect(page.url()).toMatch(/\/quotes\/q-[0-9a-z]+$/);
  }, 90_000);
});
