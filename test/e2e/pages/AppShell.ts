import type { Locator, Page } from 'playwright-core';

/** The app shell as a user sees it: the product name, the tagline, the language toggle, the areas. */
export class AppShell {
  private constructor(private readonly page: Page) {}

  /** Opens the app at `url` and waits until the shell has rendered. */
  static async open(page: Page, url: string): Promise<AppShell> {
    await page.goto(url);
    const shell = new AppShell(page);
    await shell.heading.waitFor();
    return shell;
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  private get header(): Locator {
    return this.page.getByRole('banner');
  }

  /** The page's current language, as announced to assistive technology (html lang). */
  language(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }

  headingText(): Promise<string> {
    return this.heading.innerText();
  }

  /** The whole header's visible text: name, tagline and toggle. */
  headerText(): Promise<string> {
    return this.header.innerText();
  }

  /** Names of the work areas in the navigation, in order. */
  areaNames(): Promise<string[]> {
    return this.page.getByRole('navigation').locator('.shell-area-name').allInnerTexts();
  }

  /** Clicks the language toggle and waits until the page language has changed. */
  async switchLanguage(): Promise<void> {
    const before = await this.language();
    await this.header.getByRole('button').click();
    await this.page.waitForFunction((previous) => document.documentElement.lang !== previous, before);
  }
}
