import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser';
import { AppShell } from './pages/AppShell';

describeInBrowser('e2e: app shell', (session) => {
  async function openShell(locale: string): Promise<AppShell> {
    const { app, browser } = session();
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    return AppShell.open(page, app.url);
  }

  it('greets an English browser in English and switches to Chinese', async () => {
    const shell = await openShell('en-US');
    expect(await shell.headingText()).toBe('算盘 Suanpan');
    expect(await shell.language()).toBe('en');
    expect(await shell.headerText()).toContain('configure-price-quote workbench');
    expect(await shell.areaNames()).toEqual(['Models', 'Configurator', 'Quotes', 'Approvals', 'Customers', 'Price policies']);

    await shell.switchLanguage();

    expect(await shell.language()).toBe('zh-CN');
    expect(await shell.headingText()).toBe('算盘 Suanpan');
    expect(await shell.headerText()).toContain('配置报价（CPQ）工作台');
    expect(await shell.headerText()).not.toContain('configure-price-quote workbench');
    expect(await shell.areaNames()).toEqual(['价格模型', '配置器', '报价单', '审批', '客户', '价格政策']);
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
