import type { Locator, Page } from 'playwright-core';

/** One model open in the workbench: sheet tabs, grid, formula bar, toolbar and side panel. */
export class WorkbenchPage {
  private constructor(private readonly page: Page) {}

  /** Waits until the grid shows cells. */
  static async ready(page: Page): Promise<WorkbenchPage> {
    const workbench = new WorkbenchPage(page);
    await page.locator('td[data-cell="A1"]').first().waitFor();
    return workbench;
  }

  /** Waits until the engine has caught up with every edit (rebuilds after row or formula edits are asynchronous). */
  async settled(): Promise<void> {
    await this.page.locator('[data-testid="model-status"]:not([data-state="loading"])').waitFor();
  }

  private cell(address: string): Locator {
    return this.page.locator(`td[data-cell="${address}"]`).first();
  }

  sheetNames(): Promise<string[]> {
    return this.page.getByTestId('sheet-tab').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-sheet-name') ?? ''));
  }

  async showSheet(name: string): Promise<void> {
    await this.page.locator(`[data-testid="sheet-tab"][data-sheet-name="${name}"]`).click();
    await this.page.waitForFunction((sheet) => document.querySelector('[data-testid="formula-bar-address"]')?.textContent?.startsWith(`${sheet}!`) ?? false, name);
  }

  /** The value a cell of the current sheet shows (going to it first: the grid draws only what is in view). */
  async cellText(address: string): Promise<string> {
    await this.settled();
    await this.select(address);
    return (await this.cell(address).innerText()).trim();
  }

  /** The reason shown when hovering an error cell. */
  async cellReason(address: string): Promise<string | null> {
    return this.cell(address).getAttribute('title');
  }

  /** Selects a cell of the current sheet through the name box, as a user types an address there. */
  async select(address: string): Promise<void> {
    await this.page.getByTestId('formula-bar-address').click();
    const goTo = this.page.getByTestId('go-to-input');
    await goTo.fill(address);
    await goTo.press('Enter');
    await this.page.waitForFunction((a) => document.querySelector('[data-testid="formula-bar-address"]')?.textContent?.endsWith(`!${a}`) ?? false, address);
  }

  /** What the formula bar shows for the selected cell (the formula, not its value). */
  formulaBarText(): Promise<string> {
    return this.page.getByTestId('formula-bar-input').inputValue();
  }

  /** Types into the formula bar and commits with Enter, as a user edits the selected cell. */
  async enter(address: string, content: string): Promise<void> {
    await this.select(address);
    const input = this.page.getByTestId('formula-bar-input');
    await input.fill(content);
    await input.press('Enter');
  }

  /** Waits until a cell shows `text` (edits reach the engine asynchronously). */
  async waitForCell(address: string, text: string): Promise<void> {
    await this.select(address);
    await this.page.waitForFunction(
      ([a, t]) => (document.querySelector(`td[data-cell="${a}"]`) as HTMLElement | null)?.innerText.trim() === t,
      [address, text] as const,
    );
  }

  /**
   * Pastes tab-separated text at the selected cell, as the browser delivers a paste from Excel
   * (a ClipboardEvent carrying text/plain: Chromium headless has no system clipboard to use).
   */
  async paste(address: string, tsv: string): Promise<void> {
    await this.select(address);
    await this.page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, tsv);
  }

  /** Selects `from` and the `rows` below it, then fills down with Ctrl+D. */
  async fillDown(from: string, rows: number): Promise<void> {
    await this.select(from);
    for (let i = 0; i < rows; i++) await this.page.keyboard.press('Shift+ArrowDown');
    await this.page.keyboard.press('Control+d');
  }

  async pressUndo(): Promise<void> {
    await this.page.keyboard.press('Control+z');
  }

  async pressRedo(): Promise<void> {
    await this.page.keyboard.press('Control+y');
  }

  async insertRowAbove(address: string): Promise<void> {
    await this.select(address);
    await this.page.getByTestId('insert-row-above').click();
  }

  async deleteRow(address: string): Promise<void> {
    await this.select(address);
    await this.page.getByTestId('delete-row').click();
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('undo').click();
  }

  /** The model's load problems as listed under the grid (empty when it loads). */
  async problems(): Promise<string> {
    await this.settled();
    const list = this.page.getByTestId('model-problems');
    return (await list.count()) === 0 ? '' : list.innerText();
  }

  /** Releases the model as `version` and returns the message the app shows. */
  async release(version: string): Promise<string> {
    await this.page.getByTestId('release-version').fill(version);
    await this.page.getByTestId('release').click();
    const message = this.page.getByTestId('model-message');
    await message.waitFor();
    return message.innerText();
  }

  /** Exports the model as XLSX and returns the path of the downloaded file. */
  async exportXlsx(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('export-xlsx').click()]);
    const path = await download.path();
    if (path === null) throw new Error('the XLSX download did not complete');
    return path;
  }

  /** Runs the model's test cases in the side panel and returns the summary line. */
  async runTests(): Promise<string> {
    await this.page.getByTestId('panel-tab-tests').click();
    await this.page.getByTestId('run-tests').click();
    const summary = this.page.getByTestId('test-summary');
    await summary.waitFor();
    return summary.innerText();
  }

  async testStatuses(): Promise<string[]> {
    return this.page.getByTestId('test-result').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status') ?? ''));
  }

  /** The rules tab's JSON text. */
  async rulesText(): Promise<string> {
    await this.page.getByTestId('panel-tab-rules').click();
    return this.page.getByTestId('rules-editor').inputValue();
  }

  /** Replaces the rules' JSON text, saves, and returns the status lines. */
  async saveRules(text: string): Promise<string[]> {
    await this.page.getByTestId('panel-tab-rules').click();
    await this.page.getByTestId('rules-editor').fill(text);
    await this.page.getByTestId('rules-save').click();
    const status = this.page.getByTestId('rules-status');
    await status.waitFor();
    return (await status.innerText()).split('\n').filter((l) => l.trim() !== '');
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
