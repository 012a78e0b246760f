import type { Locator, Page } from 'playwright-core';
import { QuoteListPage } from './QuoteListPage';

/** One line of the quote as the rep reads it off the table. */
export interface QuoteLineView {
  readonly id: string;
  readonly kind: 'catalogue' | 'configured';
  readonly inclusion: 'standard' | 'optional' | 'alternative';
  readonly description: string;
  /** The sku (catalogue) or the model · version line (configured). */
  readonly meta: string;
  /** Configured lines: the values the rep set, as shown. */
  readonly summary: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discountPct: number;
  /** The line amount shown (after its discount). */
  readonly net: number;
  /** What the controls say: a standard line always counts, an optional one when "include" is ticked, an alternative when chosen. */
  readonly counted: boolean;
  /** The "needs approval" mark next to the discount, or null. */
  readonly overCapMark: string | null;
}

export interface QuoteTotalsView {
  readonly subtotal: number;
  readonly discount: number;
  readonly net: number;
  readonly freight: number;
  readonly vat: number;
  /** The VAT label, e.g. `增值税 (13%)`. */
  readonly vatLabel: string;
  readonly total: number;
  readonly cost: number;
  readonly margin: number;
}

/** `¥41,006.84`, `CN¥41,006.84` or `−¥3.00` → the number. */
export function amountOf(shown: string): number {
  const digits = shown.replace(/[^0-9.-]/g, '');
  if (digits === '' || digits === '-') throw new Error(`no amount in "${shown}"`);
  return Number(digits);
}

/** The quote page (/quotes/:id): header, lines, totals, lifecycle, revisions and documents. */
export class QuotePage {
  private constructor(private readonly page: Page) {}

  /** Waits until the quote has rendered (its number and its totals). */
  static async ready(page: Page): Promise<QuotePage> {
    const quote = new QuotePage(page);
    await page.getByTestId('quote-label').waitFor();
    await page.getByTestId('quote-totals').waitFor();
    return quote;
  }

  /** From the quote list: the row of this customer in this state (state key, e.g. 'inquiry'), by its number link. */
  static async openFromList(page: Page, baseUrl: string, customer: string, state: string): Promise<QuotePage> {
    const list = await QuoteListPage.open(page, baseUrl);
    const rows = await list.waitUntilRows((all) => all.some((r) => r.customer === customer && r.state === state));
    const row = rows.find((r) => r.customer === customer && r.state === state);
    if (!row) throw new Error(`the quote list has no ${state} quote of ${customer}`);
    await page.locator(`tr[data-quote="${row.id}"]`).getByTestId('quote-number').click();
    return QuotePage.ready(page);
  }

  /** The quote's id, from the address. */
  id(): string {
    const match = /\/quotes\/([^/?#]+)/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`not on a quote page: ${this.page.url()}`);
    return decodeURIComponent(match[1]);
  }

  /** `Q-2026-0001` or `Q-2026-0001 V2`. */
  label(): Promise<string> {
    return this.page.getByTestId('quote-label').innerText();
  }

  /** The lifecycle state key of the revision on screen. */
  async state(): Promise<string> {
    return (await this.page.locator('.quote-view').getAttribute('data-state')) ?? '';
  }

  /** Waits until the revision on screen is in `state`. */
  async waitForState(state: string): Promise<void> {
    await this.page.locator(`.quote-view[data-state="${state}"]`).waitFor();
  }

  async lines(): Promise<QuoteLineView[]> {
    return this.page.locator('tr.quote-line').evaluateAll((rows) =>
      rows.map((tr) => {
        const cell = (id: string) => tr.querySelector(`[data-testid="${id}"]`);
        const numberIn = (id: string) => {
          const el = cell(id);
          const text = el instanceof HTMLInputElement ? el.value : (el?.textContent ?? '');
          return Number(text.trim());
        };
        const money = (id: string) => Number((cell(id)?.textContent ?? '').replace(/[^0-9.-]/g, ''));
        const inclusion = (tr.getAttribute('data-inclusion') ?? 'standard') as 'standard' | 'optional' | 'alternative';
        const include = cell('line-include') as HTMLInputElement | null;
        const choose = cell('line-choose') as HTMLInputElement | null;
        const counted = inclusion === 'standard' ? true : inclusion === 'optional' ? include?.checked === true : choose?.checked === true;
        return {
          id: tr.getAttribute('data-line-id') ?? '',
          kind: tr.getAttribute('data-kind') as 'catalogue' | 'configured',
          inclusion,
          description: tr.querySelector('.quote-line-name')?.textContent?.trim() ?? '',
          meta: tr.querySelector('.quote-line-meta')?.textContent?.trim() ?? '',
          summary: cell('line-summary')?.textContent?.trim() ?? '',
          quantity: numberIn('line-quantity'),
          unitPrice: money('line-unit-price'),
          discountPct: numberIn('line-discount'),
          net: money('line-net'),
          counted,
          overCapMark: cell('needs-approval')?.textContent?.trim() ?? null,
        };
      }),
    );
  }

  /** The first line whose description or sku line contains `text`. */
  async line(text: string): Promise<QuoteLineView> {
    const found = (await this.lines()).find((l) => l.description.includes(text) || l.meta.includes(text));
    if (!found) throw new Error(`the quote has no line "${text}"`);
    return found;
  }

  private row(lineId: string): Locator {
    return this.page.locator(`tr.quote-line[data-line-id="${lineId}"]`);
  }

  async totals(): Promise<QuoteTotalsView> {
    const figure = async (name: string) => amountOf(await this.page.locator(`[data-total="${name}"] dd`).innerText());
    return {
      subtotal: await figure('subtotal'),
      discount: await figure('discount'),
      net: await figure('net'),
      freight: await figure('freight'),
      vat: await figure('vat'),
      vatLabel: await this.page.locator('[data-total="vat"] dt').innerText(),
      total: await figure('total'),
      cost: await figure('cost'),
      margin: await figure('margin'),
    };
  }

  /** Types a value into a line's field and commits it (as leaving the field does). */
  private async commit(field: Locator, value: string): Promise<void> {
    await field.fill(value);
    await field.press('Tab');
  }

  async setQuantity(lineId: string, quantity: number): Promise<void> {
    await this.commit(this.row(lineId).getByTestId('line-quantity'), String(quantity));
  }

  async setDiscount(lineId: string, pct: number): Promise<void> {
    await this.commit(this.row(lineId).getByTestId('line-discount'), String(pct));
  }

  /** Waits until the line shows this quantity and discount (the quote book answers asynchronously). */
  async waitForLine(lineId: string, check: (line: QuoteLineView) => boolean, timeoutMs = 10_000): Promise<QuoteLineView> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const line = (await this.lines()).find((l) => l.id === lineId);
      if (line && check(line)) return line;
      if (Date.now() > until) throw new Error(`line ${lineId} never reached the expected state; it shows ${JSON.stringify(line)}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits until the page shows `n` priced lines. */
  async waitForLineCount(n: number): Promise<void> {
    await this.page.waitForFunction((count) => document.querySelectorAll('tr.quote-line').length === count, n);
  }

  /** Every row of the table in order: sections (with their title) and lines. */
  async rowsInOrder(): Promise<{ id: string; kind: string; title: string }[]> {
    return this.page.locator('tr[data-line-id]').evaluateAll((rows) =>
      rows.map((tr) => ({
        id: tr.getAttribute('data-line-id') ?? '',
        kind: tr.getAttribute('data-kind') ?? '',
        title: (tr.querySelector('input.quote-section-title') as HTMLInputElement | null)?.value ?? tr.querySelector('.quote-section-title')?.textContent ?? '',
      })),
    );
  }

  /** Waits until the rows in order satisfy `check`. */
  async waitForRows(check: (rows: { id: string; kind: string; title: string }[]) => boolean, timeoutMs = 10_000): Promise<{ id: string; kind: string; title: string }[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.rowsInOrder();
      if (check(rows)) return rows;
      if (Date.now() > until) throw new Error(`the rows never reached the expected order; they are ${JSON.stringify(rows)}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Ticks or clears "include" of an optional line. */
  async include(lineId: string, on: boolean): Promise<void> {
    await this.row(lineId).getByTestId('line-include').setChecked(on);
  }

  async moveLine(lineId: string, direction: 'up' | 'down'): Promise<void> {
    await this.page.locator(`tr[data-line-id="${lineId}"]`).getByRole('button', { name: direction === 'up' ? /^(Move up|上移)$/ : /^(Move down|下移)$/ }).click();
  }

  async deleteLine(lineId: string): Promise<void> {
    await this.page.locator(`tr[data-line-id="${lineId}"]`).getByRole('button', { name: /^(Delete|删除)$/ }).click();
  }

  async addCatalogueItem(sku: string, quantity: number): Promise<void> {
    const form = this.page.getByTestId('add-catalogue');
    await form.locator('select[name="sku"]').selectOption(sku);
    await form.locator('input[name="quantity"]').fill(String(quantity));
    await form.getByRole('button').click();
  }

  async addSection(title: string): Promise<void> {
    const form = this.page.getByTestId('add-section');
    await form.locator('input[name="title"]').fill(title);
    await form.getByRole('button').click();
  }

  /** "Add product": picks the released model and goes to the configurator for this quote. */
  async addProduct(modelId: string): Promise<void> {
    const form = this.page.getByTestId('add-product');
    await form.locator('select[name="model"]').selectOption(modelId);
    await form.getByRole('button').click();
    await this.page.waitForURL(/\/configure\//);
  }

  /** "Open in configurator" of a configured line. */
  async openInConfigurator(lineId: string): Promise<void> {
    await this.row(lineId).getByTestId('open-in-configurator').click();
    await this.page.waitForURL(/\/configure\//);
  }

  /** Opens a line's price steps: [step, amount] from the model's price to the line's unit price. */
  async priceSteps(lineId: string): Promise<[string, number][]> {
    await this.row(lineId).getByTestId('line-details').click();
    const steps = this.page.locator(`[data-details-for="${lineId}"]`).getByTestId('policy-steps');
    await steps.waitFor();
    return steps.locator('li').evaluateAll((items) =>
      items.map((li) => [li.getAttribute('data-step') ?? '', Number((li.querySelector('.num')?.textContent ?? '').replace(/[^0-9.-]/g, ''))] as [string, number]),
    );
  }

  /** "Preview reprice": the rows of the preview (line id, old → new unit price, reason). */
  async repricePreview(): Promise<{ lineId: string; old: number; new: number; reason: string }[]> {
    const tool = this.page.getByTestId('reprice');
    await tool.getByRole('button', { name: /^(Preview reprice|预览重新定价)$/ }).click();
    await tool.locator('tr[data-reprice-line], p').first().waitFor();
    return tool.locator('tr[data-reprice-line]').evaluateAll((rows) =>
      rows.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        const money = (text: string | undefined) => Number((text ?? '').replace(/[^0-9.-]/g, ''));
        return { lineId: tr.getAttribute('data-reprice-line') ?? '', old: money(cells[1]), new: money(cells[2]), reason: cells[3] ?? '' };
      }),
    );
  }

  async applyReprice(): Promise<void> {
    await this.page.getByTestId('reprice').getByRole('button', { name: /^(Apply new prices|应用新价格)$/ }).click();
  }

  /** The approval banner's text, or null. */
  async approvalBanner(): Promise<string | null> {
    const banner = this.page.getByTestId('approval-required');
    return (await banner.count()) === 0 ? null : banner.innerText();
  }

  /** Labels of the lifecycle buttons offered now. */
  actions(): Promise<string[]> {
    return this.page.getByTestId('lifecycle').locator('[data-action]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-action') ?? ''));
  }

  /** Clicks a lifecycle action (`start_design`, `send`, `revise` …). */
  async act(action: string): Promise<void> {
    await this.page.getByTestId('lifecycle').locator(`[data-action="${action}"]`).click();
  }

  /** Won or lost, with the reason asked for. */
  async close(action: 'mark_won' | 'mark_lost', reason: string): Promise<void> {
    await this.act(action);
    const form = this.page.getByTestId('outcome-reason');
    await form.locator('input[name="reason"]').fill(reason);
    await form.getByRole('button', { name: /^(Confirm|确认)$/ }).click();
  }

  /** The refusal shown under the lifecycle bar, or null. */
  async lifecycleProblem(): Promise<string | null> {
    const problem = this.page.locator('[data-problems="lifecycle"]');
    return (await problem.count()) === 0 ? null : problem.innerText();
  }

  /** A line's refusal (e.g. a discount above the cap), or null. */
  async lineProblem(lineId: string): Promise<string | null> {
    const problem = this.page.locator(`[data-problems="line:${lineId}"]`);
    return (await problem.count()) === 0 ? null : problem.innerText();
  }

  /** The revisions listed: number and whether it is the one on screen. */
  async revisions(): Promise<{ revision: number; label: string; current: boolean; compareHref: string | null }[]> {
    return this.page
      .getByTestId('revisions')
      .locator('li')
      .evaluateAll((items) =>
        items.map((li) => ({
          revision: Number(li.getAttribute('data-revision')),
          label: li.querySelector('.quote-revision-label')?.textContent ?? '',
          current: li.getAttribute('aria-current') === 'page',
          compareHref: li.querySelector('[data-testid="compare-revision"]')?.getAttribute('href') ?? null,
        })),
      );
  }

  async openRevision(revision: number): Promise<void> {
    await this.page.getByTestId('revisions').locator(`li[data-revision="${revision}"]`).getByTestId('open-revision').click();
  }

  /** The "earlier revision, read-only" banner, or null on the current revision. */
  async oldRevisionBanner(): Promise<string | null> {
    const banner = this.page.getByTestId('old-revision');
    return (await banner.count()) === 0 ? null : banner.innerText();
  }

  /** Whether any line field can still be typed in. */
  async hasEditableLines(): Promise<boolean> {
    return (await this.page.locator('tr.quote-line input[data-testid="line-quantity"]').count()) > 0;
  }

  /** The events log, one text per event. */
  events(): Promise<string[]> {
    return this.page.getByTestId('quote-events').locator('li').allInnerTexts();
  }

  /** Downloads a document (`pdf-zh`, `pdf-en`, `csv`, `xlsx`): its suggested name and saved path. */
  async download(kind: 'pdf-zh' | 'pdf-en' | 'csv' | 'xlsx'): Promise<{ name: string; path: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 30_000 }), this.page.locator(`[data-document="${kind}"]`).click()]);
    const path = await download.path();
    if (path === null) throw new Error(`the ${kind} download did not complete`);
    return { name: download.suggestedFilename(), path };
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}

/** The configurator's bar when it works for a quote. */
export class QuoteLinkBar {
  constructor(private readonly page: Page) {}

  text(): Promise<string> {
    return this.page.getByTestId('quote-link').innerText();
  }

  /** "Add to quote" / "Update line", then back on the quote. */
  async submit(): Promise<QuotePage> {
    await this.page.getByTestId('quote-link-submit').click();
    await this.page.waitForURL(/\/quotes\/[^/]+$/);
    return QuotePage.ready(this.page);
  }
}
