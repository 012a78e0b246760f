import type { Locator, Page } from 'playwright-core';

/** The cost engineer's model library: the list, search, import, and the way into a model. */
export class LibraryPage {
  private constructor(private readonly page: Page) {}

  /** From the shell: the Models area in the navigation; waits until the list has rendered. */
  static async openFromShell(page: Page): Promise<LibraryPage> {
    await page.getByRole('navigation').getByRole('link', { name: /^(Models|价格模型)$/ }).click();
    const library = new LibraryPage(page);
    await library.rows().first().waitFor();
    return library;
  }

  private rows(): Locator {
    return this.page.locator('tr[data-model]');
  }

  /** Model names as listed, in order. */
  names(): Promise<string[]> {
    return this.page.getByTestId('model-link').allInnerTexts();
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('library-search').fill(text);
  }

  /** Opens the model with this name in the workbench; `nth` picks among models of the same name, in list order. */
  async open(name: string, nth = 0): Promise<void> {
    await this.page.getByTestId('model-link').getByText(name, { exact: true }).nth(nth).click();
  }

  /** Duplicates the model with this id; the app opens the copy. */
  async duplicate(modelId: string): Promise<void> {
    await this.rows()
      .and(this.page.locator(`[data-model="${modelId}"]`))
      .getByRole('button', { name: /^(Duplicate|复制)$/ })
      .click();
  }

  /** Creates a blank model from the form under the list; the app opens it in the workbench. */
  async create(name: { zh: string; en: string }, productLine: string): Promise<void> {
    const form = this.page.getByTestId('new-model');
    await form.locator('input[name="nameZh"]').fill(name.zh);
    await form.locator('input[name="nameEn"]').fill(name.en);
    await form.locator('input[name="productLine"]').fill(productLine);
    await form.locator('button[type="submit"]').click();
  }

  /** Imports an XLSX file and returns the report's lines (title first). */
  async importXlsx(path: string): Promise<string[]> {
    await this.page.getByTestId('import-xlsx').setInputFiles(path);
    const report = this.page.getByTestId('import-report');
    await report.getByText(/^(Imported|已导入|Cannot import|无法导入)/).waitFor();
    return (await report.innerText()).split('\n').filter((line) => line.trim() !== '');
  }
}
