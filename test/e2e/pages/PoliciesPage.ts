import type { Locator, Page } from 'playwright-core';

/** Seeding the demo workspace on a first start takes a few seconds on a busy machine. */
const FIRST_OPEN_MS = 45_000;

export type PolicySection = 'general' | 'tiers' | 'regions' | 'load' | 'catalogue' | 'indices' | 'currencies';

/** The admin's price policies: one tab per section, each a table saved on its own. */
export class PoliciesPage {
  private constructor(private readonly page: Page) {}

  /** From the shell: the Price policies area in the navigation. */
  static async openFromShell(page: Page): Promise<PoliciesPage> {
    await page.getByRole('navigation').getByRole('link', { name: /^(Price policies|价格政策)$/ }).click();
    return PoliciesPage.ready(page);
  }

  /** Waits until the sections have rendered (the demo policies are seeded on a first start). */
  static async ready(page: Page): Promise<PoliciesPage> {
    await page.locator('[data-section="general"]').waitFor({ state: 'attached', timeout: FIRST_OPEN_MS });
    return new PoliciesPage(page);
  }

  private section(id: PolicySection): Locator {
    return this.page.locator(`[data-section="${id}"]`);
  }

  async tab(id: PolicySection): Promise<void> {
    await this.page.getByTestId(`tab-${id}`).click();
    await this.section(id).waitFor();
  }

  /** The input of a cell in a section's main table; the row is found by its key (first column). */
  private cellInput(id: PolicySection, rowKey: string, column: string): Locator {
    return this.section(id).getByTestId(`table-${id}`).locator(`tr[data-key="${rowKey}"] input[name="${column}"]`);
  }

  cell(id: PolicySection, rowKey: string, column: string): Promise<string> {
    return this.cellInput(id, rowKey, column).inputValue();
  }

  async setCell(id: PolicySection, rowKey: string, column: string, value: string): Promise<void> {
    await this.cellInput(id, rowKey, column).fill(value);
  }

  /** Presses the section's save; waits for "Saved." or the refusal. */
  async save(id: PolicySection): Promise<void> {
    await this.page.getByTestId(`save-${id}`).click();
    await this.page.locator(`[data-testid="saved-${id}"], [data-testid="problems-${id}"]`).first().waitFor();
  }

  async saved(id: PolicySection): Promise<boolean> {
    return this.page.getByTestId(`saved-${id}`).isVisible();
  }

  /** The refusal list under a section, one entry per problem. */
  problems(id: PolicySection): Promise<string[]> {
    return this.page.getByTestId(`problems-${id}`).locator('li').allInnerTexts();
  }

  async discard(id: PolicySection): Promise<void> {
    await this.page.getByTestId(`discard-${id}`).click();
  }

  // Market indices ------------------------------------------------------------------------

  /** The series list's "latest" column for a series, e.g. "21610 (2026-11-20)". */
  latest(seriesKey: string): Promise<string> {
    return this.section('indices').locator(`tr[data-key="${seriesKey}"]`).getByTestId('series-latest').innerText();
  }

  async openPoints(seriesKey: string): Promise<void> {
    await this.section('indices').locator(`tr[data-key="${seriesKey}"]`).getByTestId('open-points').click();
    await this.page.getByTestId('points-editor').waitFor();
  }

  /** The open series' points as [date, value] rows, in table order. */
  async points(): Promise<string[][]> {
    const rows = await this.page.getByTestId('table-points').locator('tbody tr').all();
    return Promise.all(rows.map(async (r) => [await r.locator('input[name="date"]').inputValue(), await r.locator('input[name="value"]').inputValue()]));
  }

  /** Pastes CSV text into the open series' import and imports it; returns the result lines. */
  async importCsv(text: string): Promise<{ done?: string; problems: string[] }> {
    const importer = this.page.getByTestId('csv-import');
    await importer.getByTestId('csv-text').fill(text);
    await importer.getByTestId('csv-submit').click();
    await importer.locator('[data-testid="csv-done"], [data-testid="csv-problems"]').first().waitFor();
    const done = importer.getByTestId('csv-done');
    if (await done.isVisible()) return { done: await done.innerText(), problems: [] };
    return { problems: await importer.getByTestId('csv-problems').locator('li').allInnerTexts() };
  }

  // Catalogue and volume breaks -------------------------------------------------------------

  async openBreaks(sku: string): Promise<void> {
    await this.section('catalogue').locator(`tr[data-key="${sku}"]`).getByTestId('open-breaks').click();
    await this.page.getByTestId('breaks-editor').waitFor();
  }

  /** Sets a cell of band `n` (from 0) of the open item. */
  async setBand(n: number, column: 'from' | 'to' | 'unitPrice', value: string): Promise<void> {
    await this.page.getByTestId('table-bands').locator(`tr[data-row="${n}"] input[name="${column}"]`).fill(value);
  }

  /** What the breaks editor says is wrong with the bands, as typed. */
  async bandProblems(): Promise<string[]> {
    const list = this.page.getByTestId('band-problems');
    return (await list.count()) === 0 ? [] : list.locator('li').allInnerTexts();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
