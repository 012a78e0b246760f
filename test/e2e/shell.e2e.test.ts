import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumMissingMessage,
  findChromium,
  isCI,
  launchChromium,
  serveBuiltApp,
  type ServedApp,
} from '../support/browser';
import { AppShell } from './pages/AppShell';

const lookup = findChromium();
const strict = isCI();

if (!lookup.found) {
  // Said once, plainly, where a developer will see it: on the terminal, not in a report file.
  console.warn(chromiumMissingMessage(lookup.missingPath, { ci: strict }));
}

if (!lookup.found && strict) {
  describe('e2e: app shell', () => {
    it('needs Chromium under CI=true', () => {
      throw new Error(chromiumMissingMessage(lookup.missingPath, { ci: true }));
    });
  });
}

describe.skipIf(!lookup.found)('e2e: app shell', () => {
  let app: ServedApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!lookup.found) return;
    [app, browser] = await Promise.all([serveBuiltApp(), launchChromium(lookup.executablePath)]);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openShell(locale: string): Promise<AppShell> {
    if (app == null || browser == null) throw new Error('beforeAll did not start the app and the browser');
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    return AppShell.open(page, app.url);
  }

  it('greets an English browser in English and switches to Chinese', async () => {
    const shell = await openShell('en-US');
    expect(await shell.headingText()).toBe('算盘 Suanpan');
    expect(await shell.language()).toBe('en');
    expect(await shell.headerText()).toContain('configure-price-quote workbench');
    expect(await shell.areaNames()).toEqual(['Models', 'Configurator', 'Quotes', 'Approvals', 'Customers']);

    await shell.switchLanguage();

    expect(await shell.language()).toBe('zh-CN');
    expect(await shell.headingText()).toBe('算盘 Suanpan');
    expect(await shell.headerText()).toContain('配置报价（CPQ）工作台');
    expect(await shell.headerText()).not.toContain('configure-price-quote workbench');
    expect(await shell.areaNames()).toEqual(['价格模型', '配置器', '报价单', '审批', '客户']);
  });

  it('greets a Chinese browser in Chinese and switches to English', async () => {
    const shell = await openShell('zh-CN');
    expect(await shell.language()).toBe('zh-CN');
    expect(await shell.headerText()).toContain('配置报价（CPQ）工作台');

    await shell.switchLanguage();

    expect(await shell.language()).toBe('en');
    expect(await shell.headerText()).toContain('configure-price-quote workbench');
  });
});
