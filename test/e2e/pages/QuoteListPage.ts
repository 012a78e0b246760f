import type { Download, Locator, Page } from 'playwright-core';

/** One row of the quote list as a user reads it. */
export interface QuoteRow {
  readonly id: string;
  readonly number: string;
  /** e.g. 'V2', or '' for revision 1. */
  readonly revision: string;
  readonly customer: string;
  readonly owner: string;
  /** The state badge's state key (its label depends on the language). */
  readonly state: string;
  readonly stateLabel: string;
  /** As shown, e.g. '¥41,006.84'. */
  readonly totalText: string;
  /** The shown total as a number, e.g. 41006.84. */
  readonly total: number;
}

/** The first open of a fresh browser seeds the demo workspace, which takes a while. */
const FIRST_OPEN_MS = 45_000;

/** The quote list: search, filters, sort, exports, and the ways to a quote and to a new one. */
export class QuoteListPage {
  private constructor(private readonly page: Page) {}

  /** Opens `/quotes` (with an optional query) directly and waits for the rows. */
  static async open(page: Page, baseUrl: string, query = ''): Promise<QuoteListPage> {
    await page.goto(new URL(`quotes${query}`, baseUrl).href);
    const list = new QuoteListPage(page);
    await list.settled();
    return list;
  }

  /** From the shell: the Quotes area in the navigation. */
  static async openFromShell(page: Page): Promise<QuoteListPage> {
    await page.getByRole('navigation').getByRole('link', { name: /^(Quotes|报价单)$/ }).click();
    const list = new QuoteListPage(page);
    await list.settled();
    return list;
  }

  /** Waits until the list shows rows or says that none match. */
  async settled(): Promise<void> {
    await this.page.locator('tr[data-quote], [data-testid="quotes-empty"]').first().waitFor({ timeout: FIRST_OPEN_MS });
  }

  private rowLocator(): Locator {
    return this.page.locator('tr[data-quote]');
  }

  /** The rows as shown, in order. */
  async rows(): Promise<QuoteRow[]> {
    return this.rowLocator().evaluateAll((trs) =>
      trs.map((tr) => {
        const text = (id: string) => tr.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
        const totalText = text('quote-total');
        return {
          id: tr.getAttribute('data-quote') ?? '',
          number: text('quote-number'),
          revision: text('quote-revision'),
          customer: text('quote-customer'),
          owner: text('quote-owner'),
          state: tr.querySelector('[data-testid="quote-state"]')?.getAttribute('data-state') ?? '',
          stateLabel: text('quote-state'),
          totalText,
          total: Number(totalText.replace(/[^0-9.-]/g, '')),
        };
      }),
    );
  }

  /** Waits until the list shows exactly `n` rows (filters apply asynchronously). */
  async waitForRowCount(n: number): Promise<void> {
    await this.page.waitForFunction(
      (count) => (count === 0 ? document.querySelector('[data-testid="quotes-empty"]') !== null : document.querySelectorAll('tr[data-quote]').length === count),
      n,
    );
  }

  /** Waits until every row satisfies the predicate on its text (e.g. after a filter). */
  async waitUntilRows(predicate: (rows: QuoteRow[]) => boolean, timeoutMs = 10_000): Promise<QuoteRow[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.rows();
      if (predicate(rows)) return rows;
      if (Date.now() > until) throw new Error(`the quote list never reached the expected rows; it shows ${JSON.stringify(rows.map((r) => `${r.number} ${r.customer} ${r.state}`))}`);
      await this.page.waitForTimeout(100);
    }
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('quote-search').fill(text);
  }

  /** Ticks or clears a state in the state filter. */
  async filterState(state: string, on = true): Promise<void> {
    await this.page.getByTestId('state-filter').locator(`input[value="${state}"]`).setChecked(on);
  }

  /** The states ticked in the state filter. */
  async checkedStates(): Promise<string[]> {
    return this.page
      .getByTestId('state-filter')
      .locator('input:checked')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  }

  async sortBy(key: 'updated' | 'quoteDate' | 'total' | 'number' | 'customer', direction: 'asc' | 'desc'): Promise<void> {
    await this.page.getByTestId('sort').selectOption(key);
    await this.page.getByTestId('direction').selectOption(direction);
  }

  searchText(): Promise<string> {
    return this.page.getByTestId('quote-search').inputValue();
  }

  /** The page's query string, e.g. '?state=won'. */
  query(): string {
    return new URL(this.page.url()).search;
  }

  /** Clicks an export button and returns the download it starts. */
  async export(kind: 'csv' | 'xlsx'): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId(`export-${kind}`).click()]);
    return download;
  }

  /** Clicks the row of the quote with this number. */
  async openQuote(number: string): Promise<void> {
    await this.rowLocator().filter({ has: this.page.getByTestId('quote-number').getByText(number, { exact: true }) }).locator('td').nth(1).click();
  }

  async newQuote(): Promise<void> {
    await this.page.getByTestId('new-quote-link').click();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}

/** The new-quote (inquiry) form. */
export class NewQuotePage {
  private constructor(private readonly page: Page) {}

  static async ready(page: Page): Promise<NewQuotePage> {
    await page.getByTestId('new-quote').waitFor({ timeout: FIRST_OPEN_MS });
    return new NewQuotePage(page);
  }

  /** Finds the customer by name in the searchable list and picks it. */
  async pickCustomer(name: string): Promise<void> {
    await this.page.getByTestId('customer-search').fill(name);
    const option = this.page.getByTestId('customer-select').locator(`option[data-name="${name}"]`);
    const value = await option.getAttribute('value');
    if (value === null) throw new Error(`no customer "${name}" to pick`);
    await this.page.getByTestId('customer-select').selectOption(value);
  }

  /** The tier policy card as label → value pairs. */
  async policy(): Promise<Record<string, string>> {
    const card = this.page.getByTestId('tier-policy');
    await card.waitFor();
    return card.locator('dl').evaluate((dl) => {
      const out: Record<string, string> = {};
      for (const dt of dl.querySelectorAll('dt')) out[dt.textContent?.trim() ?? ''] = dt.nextElementSibling?.textContent?.trim() ?? '';
      return out;
    });
  }

  owner(): Promise<string> {
    return this.page.getByTestId('new-quote').locator('select[name="owner"]').inputValue();
  }

  async fillInquiry(inquiry: { requirements: string; quantity?: string; requestedDate?: string }): Promise<void> {
    const form = this.page.getByTestId('new-quote');
    await form.locator('textarea[name="requirements"]').fill(inquiry.requirements);
    if (inquiry.quantity !== undefined) await form.locator('input[name="quantity"]').fill(inquiry.quantity);
    if (inquiry.requestedDate !== undefined) await form.locator('input[name="requestedDate"]').fill(inquiry.requestedDate);
  }

  async create(): Promise<void> {
    await this.page.getByTestId('create-quote').click();
  }

  /** The refusal's lines (empty when there is none). */
  async problems(): Promise<string[]> {
    const box = this.page.getByTestId('new-quote-problems');
    if ((await box.count()) === 0) return [];
    return box.locator('li').allInnerTexts();
  }

  requirements(): Promise<string> {
    return this.page.getByTestId('new-quote').locator('textarea[name="requirements"]').inputValue();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
