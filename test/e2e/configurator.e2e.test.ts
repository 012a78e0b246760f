import { expect, it } from 'vitest';
import { describeInBrowser } from '../support/browser';
import { readWorkbook } from '../support/workbooks';
import { ConfiguratorPage } from './pages/ConfiguratorPage';

// The expected prices come from the model's golden test case (docs/examples/butterfly-valve.md#case-3),
// never from the engine.
const valve = readWorkbook('workbooks/butterfly-valve.workbook.json');
const case3 = valve.tests.find((t) => t.id === 'case-3');
if (case3 === undefined) throw new Error('butterfly-valve has no test case case-3');
const expected = case3.expect as Record<string, number>;

describeInBrowser('e2e: configurator', (session) => {
  /** The butterfly valve's configurator, reached from the shell like a user would. */
  async function openValve(locale: string): Promise<ConfiguratorPage> {
    const { app, browser } = session();
    const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.url);
    return ConfiguratorPage.openFromShell(page, locale.startsWith('zh') ? valve.name.zh : valve.name.en);
  }

  /** Fills the form with a test case's `given` values, each the way its field takes it. */
  async function fill(configurator: ConfiguratorPage, given: Record<string, unknown>): Promise<void> {
    for (const [field, value] of Object.entries(given)) {
      const type = valve.parameters.find((p) => p.id === field)?.type;
      if (type === 'choice') await configurator.choose(field, String(value));
      else if (type === 'boolean') await configurator.tick(field, value === true);
      else await configurator.type(field, String(value));
    }
  }

  it('prices case 3 of the butterfly valve as the model documents it', async () => {
    const configurator = await openValve('en-US');
    expect(await configurator.title()).toBe(valve.name.en);
    expect(await configurator.releaseText()).toMatch(new RegExp(`version ${valve.version} · hash [0-9a-f]{8}$`));

    await fill(configurator, case3.given);

    expect(await configurator.staleMark()).toBeNull();
    expect(await configurator.unitPrice()).toBe(expected.unit_price);
    expect(await configurator.totalPrice()).toBe(expected.total_price);
    expect(await configurator.unitPriceText()).toContain('10,251.71');
    expect(await configurator.waterfallLabels()).toEqual(['Body', 'Disc, stem & seat', 'Machining, assembly & test', 'Actuator', 'Surcharges', 'Margin']);
    // The machining step opens to its cells: Calc!B20 = ROUND(B19 × Rate, 2) with
    // B19 = 6.35 h (docs/examples/butterfly-valve.md, case 3) and the rate Tables!B2 = 65 CNY/h → 412.75.
    const cells = await configurator.stepCells('Machining, assembly & test');
    expect(cells).toEqual(expect.arrayContaining([['Calc!B20', '412.75'], ['Calc!B19', '6.35'], ['Tables!B2', '65']]));
    await configurator.screenshot('test-results/configurator.png');
  });

  it('keeps the last price, marked stale, while a number is invalid, and updates it once fixed', async () => {
    const configurator = await openValve('zh-CN');
    await fill(configurator, case3.given);
    const markup = String(case3.given.markup_pct ?? valve.parameters.find((p) => p.id === 'markup_pct')?.default);

    await configurator.type('markup_pct', 'abc');

    expect(await configurator.fieldError('markup_pct')).toMatch(/^无效的值/);
    expect(await configurator.staleMark()).toContain('价格未更新');
    expect(await configurator.unitPrice()).toBe(expected.unit_price);

    await configurator.type('markup_pct', markup);

    expect(await configurator.fieldError('markup_pct')).toBeNull();
    expect(await configurator.staleMark()).toBeNull();
    expect(await configurator.unitPrice()).toBe(expected.unit_price);
    expect(await configurator.totalPrice()).toBe(expected.total_price);
  });

  it('narrows the temperature after a PTFE seat, explains a forced 200 °C, and the fix works', async () => {
    const configurator = await openValve('en-US');
    expect(await configurator.allowedHint('temperature')).toBeNull();
    await configurator.choose('seat', 'PTFE');
    // The model's own range is −40…425 °C; a PTFE seat is rated to 180 °C (rule ptfe-seat-max-temperature).
    expect(await configurator.allowedHint('temperature')).toBe('Possible: [-40, 180]');
    const before = await configurator.unitPrice();

    await configurator.type('temperature', '200');
    // Only the metal seat is rated above 180 °C (EPDM 120, NBR 80, PTFE 180, metal 425).
    expect(await configurator.conflict()).toEqual({ rules: ['A PTFE seat is rated up to 180 °C'], fixes: ['Seat → Metal, triple offset (≤425 °C)'] });
    expect(await configurator.staleMark()).toContain('configuration rule');
    expect(await configurator.unitPrice()).toBe(before);
    await configurator.screenshot('test-results/configurator-conflict.png');

    await configurator.applyFix('Seat → Metal, triple offset (≤425 °C)');
    expect(await configurator.conflict()).toBeNull();
    expect(await configurator.staleMark()).toBeNull();
    expect(await configurator.chosen('seat')).toBe('METAL');
    // A metal seat cannot take a lever (rule metal-seat-no-lever): the actuator the user never set moves on by itself.
    expect(await configurator.chosen('actuator')).not.toBe('lever');
  });
});
