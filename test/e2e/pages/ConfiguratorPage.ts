import type { Locator, Page } from 'playwright-core';

/** The sales rep's configurator as a user sees it: the form of one model beside its price. */
export class ConfiguratorPage {
  private constructor(private readonly page: Page) {}

  /** Waits until the form and the price of the model have rendered. */
  static async ready(page: Page): Promise<ConfiguratorPage> {
    const configurator = new ConfiguratorPage(page);
    await configurator.priceFigure('unit-price').waitFor();
    return configurator;
  }

  /** From the shell: the Configurator area in the navigation, then the product by its name. */
  static async openFromShell(page: Page, productName: string): Promise<ConfiguratorPage> {
    await page.getByRole('navigation').getByRole('link', { name: /^(Configurator|配置器)$/ }).click();
    await page.getByRole('main').getByRole('link', { name: productName, exact: true }).click();
    return ConfiguratorPage.ready(page);
  }

  /** From the configurator's list: a saved configuration by its name. */
  static async openSaved(page: Page, name: string): Promise<ConfiguratorPage> {
    await page.getByRole('navigation').getByRole('link', { name: /^(Configurator|配置器)$/ }).click();
    await page.getByTestId('saved-configurations').getByRole('link', { name, exact: true }).click();
    return ConfiguratorPage.ready(page);
  }

  /** Saves the configuration under `name` and waits for the confirmation (or refusal) line. */
  async save(name: string): Promise<string> {
    const form = this.page.getByTestId('save-configuration');
    await form.locator('input').fill(name);
    await form.getByRole('button').click();
    const status = form.getByRole('status');
    await status.waitFor();
    return status.innerText();
  }

  private field(id: string): Locator {
    return this.page.locator(`[data-field="${id}"]`);
  }

  private priceFigure(name: string): Locator {
    return this.page.locator(`[data-price="${name}"] dd`);
  }

  /** The product's title. */
  title(): Promise<string> {
    return this.page.getByRole('main').getByRole('heading', { level: 2 }).innerText();
  }

  /** The released version and short hash line. */
  releaseText(): Promise<string> {
    return this.page.locator('.configurator-release').innerText();
  }

  /** Picks an option of a choice field by its value as typed (`'300'`, `'WCB'`). */
  async choose(field: string, value: string): Promise<void> {
    await this.field(field).locator('select').selectOption(value);
  }

  /** Replaces what a text or number field holds with `text`, as if typed. */
  async type(field: string, text: string): Promise<void> {
    await this.field(field).locator('input').fill(text);
  }

  async tick(field: string, on: boolean): Promise<void> {
    await this.field(field).locator('input[type=checkbox]').setChecked(on);
  }

  /** The reason shown under the field, or null when the field is fine. */
  async fieldError(field: string): Promise<string | null> {
    const error = this.field(field).locator('.configurator-error');
    return (await error.count()) === 0 ? null : error.innerText();
  }

  /** The "Possible: …" line under a field, or null when the rules do not narrow it. */
  async allowedHint(field: string): Promise<string | null> {
    const hint = this.field(field).getByTestId('allowed-range');
    return (await hint.count()) === 0 ? null : hint.innerText();
  }

  /** The value a choice field shows (as typed, e.g. `'METAL'`). */
  chosen(field: string): Promise<string> {
    return this.field(field).locator('select').inputValue();
  }

  /** The rules' conflict panel: its rule messages and the fixes offered, or null when there is no conflict. */
  async conflict(): Promise<{ rules: string[]; fixes: string[] } | null> {
    const panel = this.page.getByTestId('rule-conflict');
    if ((await panel.count()) === 0) return null;
    return { rules: await panel.locator('[data-rule]').allInnerTexts(), fixes: await panel.getByTestId('rule-fix').allInnerTexts() };
  }

  /** Clicks the fix offered with this text. */
  async applyFix(text: string): Promise<void> {
    await this.page.getByTestId('rule-fix').getByText(text, { exact: true }).click();
  }

  /** The warning that the price shown does not match the form, or null when it does. */
  async staleMark(): Promise<string | null> {
    const mark = this.page.locator('.price-stale');
    return (await mark.count()) === 0 ? null : mark.innerText();
  }

  /** The unit price as shown (e.g. `¥10,251.71`). */
  unitPriceText(): Promise<string> {
    return this.priceFigure('unit-price').innerText();
  }

  /** The unit price shown, as a number. */
  async unitPrice(): Promise<number> {
    return amountOf(await this.unitPriceText());
  }

  async totalPrice(): Promise<number> {
    return amountOf(await this.priceFigure('total-price').innerText());
  }

  /** Labels of the price breakdown's steps, in order. */
  waterfallLabels(): Promise<string[]> {
    return this.page.locator('.waterfall-label').allInnerTexts();
  }

  /** Opens a breakdown step by its label; returns the cells behind it as [address, value] pairs, in tree order. */
  async stepCells(label: string): Promise<[string, string][]> {
    const step = this.page.locator('.waterfall-step').filter({ has: this.page.getByRole('button', { name: label, exact: true }) });
    await step.getByRole('button', { name: label, exact: true }).click();
    const cells = step.getByTestId('waterfall-cells');
    await cells.waitFor();
    return cells.locator('.explain-line').evaluateAll((lines) =>
      lines.map((line) => [line.querySelector('.explain-ref')?.textContent ?? '', line.querySelector('.explain-value')?.textContent ?? ''] as [string, string]),
    );
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}

/** `¥41,006.84` or `CN¥41,006.84` → 41006.84. */
function amountOf(shown: string): number {
  const digits = shown.replace(/[^0-9.-]/g, '');
  if (digits === '') throw new Error(`no amount in "${shown}"`);
  return Number(digits);
}
