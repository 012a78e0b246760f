/**
 * The demo workspace of a first start: price policies, a dozen customers across tiers and
 * regions, and quotes in every lifecycle state, priced on the released example models. Seeded
 * once (a setting records it), and each part only into an empty store: never over a user's data.
 */
import type { CustomerInput } from '../../domain/crm/Customer.js';
import { businessDate } from '../../domain/quote/lifecycle.js';
import type { QuoteAction } from '../../domain/quote/lifecycle.js';
import type { ParameterValue } from '../../domain/quote/QuoteRecord.js';
import type { PricingSettings } from '../../domain/pricing/PricingSettings.js';
import type { SuanpanDb } from '../../store/db.js';
import type { CustomerBook } from '../crm/customerBook.js';
import type { DirectoryStore } from '../directory/directoryStore.js';
import type { QuoteBook } from '../quote/quoteBook.js';

export const DEMO_SEEDED = 'demoSeeded';

export interface DemoData {
  readonly settings: PricingSettings;
  readonly customers: readonly (CustomerInput & { readonly id: string })[];
}

interface DemoLine {
  readonly model?: string;
  readonly values?: Readonly<Record<string, ParameterValue>>;
  readonly sku?: string;
  readonly section?: string;
  readonly quantity?: number;
  readonly discountPct?: number;
  readonly inclusion?: 'standard' | 'optional' | 'alternative';
}

interface DemoQuote {
  readonly customer: string;
  /** The quote date, in days before the seeding day: the demo stays current whenever it is seeded. */
  readonly daysAgo: number;
  readonly requirements: string;
  readonly lines: readonly DemoLine[];
  readonly actions: readonly QuoteAction[];
  readonly currency?: string;
}

const design: QuoteAction = { type: 'start_design' };
const quoted: QuoteAction = { type: 'mark_quoted' };
const send: QuoteAction = { type: 'send' };
const toQuoted = [design, quoted];
const toSent = [design, quoted, send];

/** Quotes spread over the lifecycle; prices come from the models, nothing here is a price. */
const DEMO_QUOTES: readonly DemoQuote[] = [
  {
    customer: 'c-hz-valve',
    daysAgo: 7,
    requirements: 'DN200 PN16 电动蝶阀 12 台，介质循环水，要求 12 月底前交货。',
    lines: [
      { section: '阀门 / Valves' },
      { model: 'butterfly-valve', values: { dn: 200, actuator: 'electric' }, quantity: 12 },
      { section: '服务 / Services' },
      { sku: 'SVC-INSTALL', quantity: 2 },
      { sku: 'SP-SEAL-KIT', quantity: 12, inclusion: 'optional' },
    ],
    actions: [],
  },
  {
    customer: 'c-cd-water',
    daysAgo: 3,
    requirements: '水厂改造项目询价：DN300 蝶阀若干，待图纸确认。',
    lines: [],
    actions: [],
  },
  {
    customer: 'c-sz-robot',
    daysAgo: 9,
    requirements: '控制柜钣金外壳 600×800×300，喷粉 RAL7035，50 台。',
    lines: [{ model: 'sheet-metal-enclosure', values: {}, quantity: 50 }],
    actions: [design],
  },
  {
    customer: 'c-nb-solar',
    daysAgo: 11,
    requirements: '光伏支架铝型材 6063-T5，定尺 2.4 m，阳极氧化。',
    lines: [{ model: 'aluminium-profile', values: {}, quantity: 800 }],
    actions: [design],
  },
  {
    customer: 'c-sh-pharma',
    daysAgo: 15,
    requirements: '洁净车间卫生级蝶阀 DN100，EPDM 阀座，附 3.1 证书。',
    lines: [
      { model: 'butterfly-valve', values: { dn: 100 }, quantity: 20 },
      { sku: 'DOC-EN10204-31', quantity: 20 },
    ],
    actions: toQuoted,
  },
  {
    customer: 'c-de-anlagen',
    daysAgo: 17,
    requirements: 'Butterfly valves DN150 for a cooling water skid, FCA Shanghai, EUR.',
    currency: 'EUR',
    lines: [
      { model: 'butterfly-valve', values: { dn: 150 }, quantity: 8 },
      { sku: 'PKG-EXPORT-CRATE', quantity: 2 },
    ],
    actions: toQuoted,
  },
  {
    customer: 'c-gz-hvac',
    daysAgo: 22,
    requirements: '商场暖通项目，蝶阀 DN250 共 6 台，要求特价。',
    lines: [{ model: 'butterfly-valve', values: { dn: 250 }, quantity: 6, discountPct: 9 }],
    actions: [design, quoted, { type: 'submit_for_approval' }],
  },
  {
    customer: 'c-bj-rail',
    daysAgo: 25,
    requirements: '车辆段设备柜外壳 30 台 + 备选不锈钢款。',
    lines: [
      { model: 'sheet-metal-enclosure', values: {}, quantity: 30 },
      { model: 'sheet-metal-enclosure', values: {}, quantity: 30, inclusion: 'alternative' },
      { sku: 'SVC-TRAINING', quantity: 1, inclusion: 'optional' },
    ],
    actions: toSent,
  },
  {
    customer: 'c-tj-chem',
    daysAgo: 29,
    requirements: '化工管线蝶阀 DN80，介质弱酸。',
    lines: [{ model: 'butterfly-valve', values: { dn: 80 }, quantity: 10 }],
    actions: toSent,
  },
  {
    customer: 'c-hz-valve',
    daysAgo: 42,
    requirements: '四季度备件补货。',
    lines: [
      { model: 'butterfly-valve', values: { dn: 100 }, quantity: 15 },
      { sku: 'SP-SEAL-KIT', quantity: 20 },
    ],
    actions: [...toSent, { type: 'mark_won', reason: '价格与交期均满足，框架协议内下单。' }],
  },
  {
    customer: 'c-nb-solar',
    daysAgo: 66,
    requirements: '储能柜铝型材框架。',
    lines: [{ model: 'aluminium-profile', values: {}, quantity: 400 }],
    actions: [...toSent, { type: 'mark_won', reason: 'Won on lead time: 12 days against 20.' }],
  },
  {
    customer: 'c-cq-auto',
    daysAgo: 78,
    requirements: '生产线防护罩钣金件。',
    lines: [{ model: 'sheet-metal-enclosure', values: {}, quantity: 20 }],
    actions: [...toSent, { type: 'mark_lost', reason: '竞争对手报价低 8%。' }],
  },
  {
    customer: 'c-sg-marine',
    daysAgo: 101,
    requirements: 'Seawater butterfly valves DN200 for a retrofit.',
    currency: 'USD',
    lines: [{ model: 'butterfly-valve', values: { dn: 200 }, quantity: 4 }],
    actions: [design, { type: 'mark_lost', reason: 'Project postponed to next year by the owner.' }],
  },
  {
    customer: 'c-ks-electric',
    daysAgo: 87,
    requirements: '配电柜外壳，试单 5 台。',
    lines: [{ model: 'sheet-metal-enclosure', values: {}, quantity: 5 }],
    actions: [...toQuoted, { type: 'mark_expired' }],
  },
];

export interface SeedDemoReport {
  readonly skipped: boolean;
  readonly customers: number;
  readonly quotes: number;
  readonly problems: readonly string[];
}

/** Seed the demo workspace once; problems are reported and the rest is still seeded. */
export async function seedDemo(
  parts: { db: SuanpanDb; directory: DirectoryStore; customers: CustomerBook; quotes: QuoteBook },
  data: DemoData,
  by = 'demo',
  now: Date = new Date(),
): Promise<SeedDemoReport> {
  const { db, directory, customers, quotes } = parts;
  if (await db.settings.get(DEMO_SEEDED)) return { skipped: true, customers: 0, quotes: 0, problems: [] };
  const problems: string[] = [];
  const seeded = directory.seed(data.settings);
  if (!seeded.ok) problems.push(...seeded.problems.map((p) => `price policies: ${p}`));
  let customerCount = 0;
  if (customers.all(true).length === 0) {
    for (const { id, ...input } of data.customers) {
      const made = customers.create(input, id);
      if (made.ok) customerCount++;
      else problems.push(...made.problems.map((p) => `customer ${id}: ${p}`));
    }
    await customers.flush();
  }
  let quoteCount = 0;
  if ((await db.quotes.count()) === 0) {
    for (const demo of DEMO_QUOTES) {
      const problem = await seedQuote(quotes, demo, by, now);
      if (problem) problems.push(problem);
      else quoteCount++;
    }
  }
  await db.settings.put({ key: DEMO_SEEDED, value: new Date().toISOString() });
  return { skipped: false, customers: customerCount, quotes: quoteCount, problems };
}

async function seedQuote(quotes: QuoteBook, demo: DemoQuote, by: string, now: Date): Promise<string | undefined> {
  const quoteDate = businessDate(new Date(now.getTime() - demo.daysAgo * 86_400_000));
  const made = await quotes.create(
    { customerId: demo.customer, quoteDate, inquiry: { requirements: demo.requirements }, ...(demo.currency ? { currency: demo.currency } : {}) },
    by,
  );
  if (!made.ok) return `quote for ${demo.customer}: ${made.problems.join('; ')}`;
  const id = made.value;
  // Held open while seeding, so each step reuses the live document instead of reopening it.
  const held = await quotes.open(id);
  try {
    return await seedSteps(quotes, demo, id, quoteDate, by, now);
  } finally {
    await held.close();
  }
}

async function seedSteps(quotes: QuoteBook, demo: DemoQuote, id: string, quoteDate: string, by: string, now: Date): Promise<string | undefined> {
  for (const line of demo.lines) {
    const added = line.section
      ? await quotes.addSection(id, line.section)
      : line.sku
        ? await quotes.addCatalogueLine(id, { sku: line.sku, quantity: line.quantity ?? 1, ...(line.inclusion ? { inclusion: line.inclusion } : {}), ...(line.discountPct === undefined ? {} : { discountPct: line.discountPct }) })
        : await quotes.addConfiguredLine(id, {
            modelId: line.model ?? '',
            values: line.values ?? {},
            quantity: line.quantity ?? 1,
            ...(line.inclusion ? { inclusion: line.inclusion } : {}),
            ...(line.discountPct === undefined ? {} : { discountPct: line.discountPct }),
          });
    if (!added.ok) return `quote for ${demo.customer}, line ${line.model ?? line.sku ?? line.section}: ${added.problems.join('; ')}`;
  }
  // Each step a few days after the last, from the quote date on, never later than now.
  const start = Date.parse(`${quoteDate}T02:00:00Z`);
  for (const [i, action] of demo.actions.entries()) {
    const days = action.type === 'mark_won' || action.type === 'mark_lost' ? 12 : action.type === 'mark_expired' ? 45 : i + 1;
    const at = new Date(Math.min(start + days * 86_400_000, now.getTime()));
    const moved = await quotes.transition(id, action, by, at);
    if (!moved.ok) return `quote for ${demo.customer}, ${action.type}: ${moved.problems.join('; ')}`;
  }
  return undefined;
}
