import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser';
import { PoliciesPage } from './pages/PoliciesPage';

// Expected values come from workbooks/demo/pricing-settings.json as written: region south has
// factor 1.02 and freight 800.00 CNY; AL-A00 has 24 points, the latest 21610 on 2026-11-20;
// SP-SEAL-KIT has block breaks 1–9, 10–49, 50–∞.
const artifacts = 'test-results';
mkdirSync(artifacts, { recursive: true });

describeInBrowser('e2e: price policies', (session) => {
  async function openPage(locale: string): Promise<Page> {
    const { app, browser } = session();
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.url);
    return page;
  }

  it('changes a region factor, refusing text first, and keeps it after a reload', async () => {
    const page = await openPage('en-US');
    const policies = await PoliciesPage.openFromShell(page);
    await policies.tab('regions');
    expect(await policies.cell('regions', 'south', 'factor')).toBe('1.02');
    expect(await policies.cell('regions', 'south', 'freight')).toBe('800');

    await policies.setCell('regions', 'south', 'factor', 'abc');
    await policies.save('regions');
    expect(await policies.problems('regions')).toEqual(['Row 2 · Factor: "abc" is not a number']);
    expect(await policies.cell('regions', 'south', 'factor')).toBe('abc');

    await policies.setCell('regions', 'south', 'factor', '0');
    await policies.save('regions');
    // The directory refuses it (factor must be positive); the problem is placed on row 2's factor.
    expect(await policies.problems('regions')).toEqual([expect.stringMatching(/^Row 2 · Factor: /)]);
    expect(await policies.cell('regions', 'south', 'factor')).toBe('0');

    await policies.setCell('regions', 'south', 'factor', '1.04');
    await policies.save('regions');
    expect(await policies.saved('regions')).toBe(true);
    await policies.screenshot(`${artifacts}/policies-regions.png`);

    await page.reload();
    const reloaded = await PoliciesPage.ready(page);
    await reloaded.tab('regions');
    expect(await reloaded.cell('regions', 'south', 'factor')).toBe('1.04');
    expect(await reloaded.cell('regions', 'east', 'factor')).toBe('1');

    // The other tables, for a look at their layout.
    await reloaded.tab('tiers');
    expect(await reloaded.cell('tiers', 'key', 'defaultDiscount')).toBe('5');
    expect(await reloaded.cell('tiers', 'key', 'discountCap')).toBe('10');
    await reloaded.screenshot(`${artifacts}/policies-tiers.png`);
    await reloaded.tab('general');
    await reloaded.screenshot(`${artifacts}/policies-general.png`);
  }, 90_000);

  it('refuses a CSV with a bad date line, changing nothing, then imports a good one', async () => {
    const page = await openPage('en-US');
    const policies = await PoliciesPage.openFromShell(page);
    await policies.tab('indices');
    expect(await policies.latest('AL-A00')).toBe('21610 (2026-11-20)');
    await policies.openPoints('AL-A00');
    const before = await policies.points();
    expect(before).toHaveLength(24);

    const refused = await policies.importCsv('date,value\n2026-13-01,21700\n2026-12-15,21820\n');
    expect(refused.problems).toEqual(['line 2: "2026-13-01" is not a date written YYYY-MM-DD']);
    expect(await policies.points()).toEqual(before);
    expect(await policies.latest('AL-A00')).toBe('21610 (2026-11-20)');
    await policies.screenshot(`${artifacts}/policies-indices-refused.png`);

    // Two new dates and one already in the series (2026-11-20: 21610 → 21650).
    const imported = await policies.importCsv('date,value\n2026-12-01,21700\n2026-12-15,21820\n2026-11-20,21650\n');
    expect(imported.done).toBe('Imported: 2 points added, 1 replaced.');
    const after = await policies.points();
    expect(after).toHaveLength(26);
    expect(after.slice(-3)).toEqual([
      ['2026-11-20', '21650'],
      ['2026-12-01', '21700'],
      ['2026-12-15', '21820'],
    ]);
    expect(await policies.latest('AL-A00')).toBe('21820 (2026-12-15)');
    await policies.screenshot(`${artifacts}/policies-indices.png`);

    await page.reload();
    const reloaded = await PoliciesPage.ready(page);
    await reloaded.tab('indices');
    expect(await reloaded.latest('AL-A00')).toBe('21820 (2026-12-15)');
  }, 90_000);

  it('shows what is wrong with an item’s volume breaks and refuses to save them', async () => {
    const page = await openPage('zh-CN');
    const policies = await PoliciesPage.openFromShell(page);
    await policies.tab('catalogue');
    await policies.openBreaks('SP-SEAL-KIT');
    expect(await policies.bandProblems()).toEqual([]);

    await policies.setBand(1, 'from', '12');
    expect(await policies.bandProblems()).toEqual(['band 2 (12–49): gap after band 1 (1–9)']);
    await policies.save('catalogue');
    expect(await policies.problems('catalogue')).toEqual(['第 2 行 · SP-SEAL-KIT：band 2 (12–49): gap after band 1 (1–9)']);
    await policies.screenshot(`${artifacts}/policies-breaks.png`);

    await policies.setBand(1, 'from', '10');
    expect(await policies.bandProblems()).toEqual([]);
    await policies.discard('catalogue');
  }, 90_000);
});
