/**
 * A deterministic, seeded data set of list projections for the list benchmark and tests:
 * customers (`CustomerEntry`) and quotes (`QuoteEntry`) with realistic distributions.
 *
 * - Customers: about three quarters Chinese company names (`杭州华通阀门有限公司`, some short
 *   ones like `杭州阀门厂`), the rest English (`Nordic Flow Controls GmbH`); tiers strategic 5 %,
 *   key 15 %, regular 50 %, new 30 %; region follows the city; ~10 owners, a few with most of
 *   the accounts; about 2 % deleted.
 * - Quotes: dates spread evenly over `years` years ending at `endDate`, numbered
 *   `Q-YYYY-NNNN` per year in date order (five digits past 9,999 a year); key accounts get
 *   more quotes; the owner is the account's owner 85 % of the time; the state depends on the
 *   quote's age (recent ones open, old ones won, lost or expired); 1–3 product lines out of
 *   `productLines` (3–6); totals log-normal around ¥80,000 rounded to ¥10, 0 for inquiries
 *   without lines.
 *
 * Same options, same records, in Node and in the browser (no Date.now, no Math.random).
 * Quotes come from a generator so 100,000 of them can be written in chunks without holding
 * them all.
 *
 * @example
 *   const customers = generateCustomers({ customers: 200, seed: 7 });
 *   for (const quote of generateQuotes(customers, { quotes: 1000, seed: 7 })) …
 */
import type { CustomerEntry, QuoteEntry } from '../src/store/quoteEntry.js';
import { searchWords } from '../src/store/searchWords.js';
import type { QuoteState } from '../src/domain/quote/lifecycle.js';

export interface ListDatasetOptions {
  /** Default 1. */
  readonly seed?: number;
  /** Last quote date, `YYYY-MM-DD`; default 2026-06-30. */
  readonly endDate?: string;
  /** How many years of quotes end at `endDate`; default 3. */
  readonly years?: number;
  /** How many product lines the business has, 3–6; default 5. */
  readonly productLines?: number;
}

export const DEFAULT_END_DATE = '2026-06-30';
const DAY_MS = 86_400_000;

/** mulberry32: small, fast, and the same in every JavaScript engine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

function weighted<T>(rand: Rand, choices: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let x = rand() * total;
  for (const [value, w] of choices) {
    x -= w;
    if (x < 0) return value;
  }
  return (choices[choices.length - 1] as readonly [T, number])[0];
}

/** A standard normal variate (Box–Muller). */
function gaussian(rand: Rand): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const OWNERS = ['zhang.wei', 'li.na', 'wang.fang', 'liu.yang', 'chen.jing', 'yang.min', 'zhao.lei', 'huang.li', 'zhou.qiang', 'wu.hua'] as const;
/** Some reps carry many more accounts than others. */
const OWNER_WEIGHTS = [18, 15, 13, 11, 10, 9, 8, 7, 5, 4] as const;

export const TIERS = ['strategic', 'key', 'regular', 'new'] as const;
const TIER_SHARE: readonly (readonly [string, number])[] = [
  ['strategic', 5],
  ['key', 15],
  ['regular', 50],
  ['new', 30],
];
/** How many more quotes an account of the tier asks for than a new one. */
const TIER_QUOTE_WEIGHT: Readonly<Record<string, number>> = { strategic: 20, key: 8, regular: 2, new: 1 };

interface City {
  readonly zh: string;
  readonly en: string;
  readonly region: string;
}
const CITIES: readonly City[] = [
  { zh: '杭州', en: 'Hangzhou', region: 'east' },
  { zh: '上海', en: 'Shanghai', region: 'east' },
  { zh: '苏州', en: 'Suzhou', region: 'east' },
  { zh: '宁波', en: 'Ningbo', region: 'east' },
  { zh: '南京', en: 'Nanjing', region: 'east' },
  { zh: '无锡', en: 'Wuxi', region: 'east' },
  { zh: '温州', en: 'Wenzhou', region: 'east' },
  { zh: '合肥', en: 'Hefei', region: 'east' },
  { zh: '广州', en: 'Guangzhou', region: 'south' },
  { zh: '深圳', en: 'Shenzhen', region: 'south' },
  { zh: '佛山', en: 'Foshan', region: 'south' },
  { zh: '东莞', en: 'Dongguan', region: 'south' },
  { zh: '厦门', en: 'Xiamen', region: 'south' },
  { zh: '北京', en: 'Beijing', region: 'north' },
  { zh: '天津', en: 'Tianjin', region: 'north' },
  { zh: '石家庄', en: 'Shijiazhuang', region: 'north' },
  { zh: '唐山', en: 'Tangshan', region: 'north' },
  { zh: '武汉', en: 'Wuhan', region: 'central' },
  { zh: '长沙', en: 'Changsha', region: 'central' },
  { zh: '郑州', en: 'Zhengzhou', region: 'central' },
  { zh: '成都', en: 'Chengdu', region: 'southwest' },
  { zh: '重庆', en: 'Chongqing', region: 'southwest' },
  { zh: '昆明', en: 'Kunming', region: 'southwest' },
  { zh: '西安', en: "Xi'an", region: 'northwest' },
  { zh: '兰州', en: 'Lanzhou', region: 'northwest' },
  { zh: '沈阳', en: 'Shenyang', region: 'northeast' },
  { zh: '大连', en: 'Dalian', region: 'northeast' },
  { zh: '哈尔滨', en: 'Harbin', region: 'northeast' },
];
/** Cities weighted: the east coast buys most. */
const CITY_WEIGHT: Readonly<Record<string, number>> = { east: 4, south: 2.5, north: 2, central: 1.2, southwest: 1, northwest: 0.6, northeast: 0.8 };

const BRANDS_ZH = ['华通', '恒力', '永盛', '中联', '宏达', '金鼎', '瑞丰', '东方', '新华', '天成', '鑫源', '远大', '海川', '正泰', '长江', '德润', '博远', '精工', '亚太', '同创', '凯瑞', '明阳', '安泰', '晨光', '汇丰源', '九州', '中科', '国泰', '盛世', '广宇'] as const;
const BRANDS_EN = ['Nordic', 'Pacific', 'Atlas', 'Summit', 'Orion', 'Meridian', 'Apex', 'Harbor', 'Sterling', 'Vertex', 'Keystone', 'Polaris', 'Evergreen', 'Cascade', 'Zenith', 'Ironbridge', 'Bluewater', 'Redwood', 'Silverline', 'Northstar'] as const;

interface Industry {
  readonly key: string;
  readonly zh: readonly string[];
  readonly en: readonly string[];
}
const INDUSTRIES: readonly Industry[] = [
  { key: 'water', zh: ['水务', '给排水', '水处理'], en: ['Water', 'Water Treatment'] },
  { key: 'chemical', zh: ['化工', '精细化工'], en: ['Chemicals', 'Chemical Works'] },
  { key: 'power', zh: ['电力', '能源', '热电'], en: ['Power', 'Energy'] },
  { key: 'hvac', zh: ['暖通', '空调设备'], en: ['HVAC', 'Climate Systems'] },
  { key: 'petrochemical', zh: ['石化', '石油机械'], en: ['Petrochemical', 'Oil & Gas'] },
  { key: 'food', zh: ['食品', '乳业'], en: ['Foods', 'Dairy'] },
  { key: 'pharma', zh: ['制药', '生物医药'], en: ['Pharma', 'Life Sciences'] },
  { key: 'machinery', zh: ['机械', '重工', '装备制造'], en: ['Machinery', 'Engineering'] },
  { key: 'construction', zh: ['建设', '建工'], en: ['Construction', 'Builders'] },
  { key: 'distribution', zh: ['阀门', '流体设备', '机电'], en: ['Valve', 'Flow Controls', 'Industrial Supply'] },
];
const SUFFIXES_ZH = ['有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司', '厂'] as const;
const SUFFIXES_EN = ['Co., Ltd.', 'Ltd.', 'GmbH', 'Inc.', 'Group', 'Corporation', 'S.A.'] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'] as const;
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '建华', '志强', '海燕', '晓东'] as const;
const FIRST_EN = ['Anna', 'Ben', 'Clara', 'David', 'Erik', 'Fiona', 'George', 'Hanna', 'Ivan', 'Julia', 'Lars', 'Maria', 'Noah', 'Olivia', 'Peter'] as const;
const LAST_EN = ['Schmidt', 'Johnson', 'Larsen', 'Moreau', 'Rossi', 'Novak', 'Berg', 'Walker', 'Silva', 'Kowalski'] as const;

interface Product {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}
/** Product lines in the order they are taken: `productLines: 3` is the first three. */
const PRODUCT_LINES: readonly (readonly [string, readonly Product[]])[] = [
  [
    'valves',
    [
      { id: 'butterfly-valve', zh: '蝶阀', en: 'Butterfly valve' },
      { id: 'SKU-GV-100', zh: '闸阀', en: 'Gate valve' },
      { id: 'SKU-BV-200', zh: '球阀', en: 'Ball valve' },
      { id: 'SKU-GL-300', zh: '截止阀', en: 'Globe valve' },
      { id: 'SKU-CV-400', zh: '止回阀', en: 'Check valve' },
    ],
  ],
  [
    'aluminium-extrusions',
    [
      { id: 'aluminium-profile', zh: '铝型材', en: 'Aluminium profile' },
      { id: 'SKU-HS-110', zh: '散热器型材', en: 'Heat-sink profile' },
      { id: 'SKU-RL-120', zh: '导轨型材', en: 'Rail profile' },
    ],
  ],
  [
    'sheet-metal',
    [
      { id: 'sheet-metal-enclosure', zh: '钣金机箱', en: 'Sheet-metal enclosure' },
      { id: 'SKU-CC-210', zh: '控制柜', en: 'Control cabinet' },
      { id: 'SKU-JB-220', zh: '接线盒', en: 'Junction box' },
    ],
  ],
  [
    'pumps',
    [
      { id: 'SKU-CP-310', zh: '离心泵', en: 'Centrifugal pump' },
      { id: 'SKU-DP-320', zh: '隔膜泵', en: 'Diaphragm pump' },
      { id: 'SKU-MP-330', zh: '计量泵', en: 'Metering pump' },
    ],
  ],
  [
    'actuators',
    [
      { id: 'SKU-EA-410', zh: '电动执行器', en: 'Electric actuator' },
      { id: 'SKU-PA-420', zh: '气动执行器', en: 'Pneumatic actuator' },
    ],
  ],
  [
    'instruments',
    [
      { id: 'SKU-EM-510', zh: '电磁流量计', en: 'Electromagnetic flowmeter' },
      { id: 'SKU-PT-520', zh: '压力变送器', en: 'Pressure transmitter' },
    ],
  ],
];
const PRODUCT_LINE_WEIGHTS = [10, 6, 5, 4, 3, 2] as const;

export function productLineNames(count = 5): string[] {
  return PRODUCT_LINES.slice(0, checkProductLines(count)).map(([name]) => name);
}

function checkProductLines(count: number): number {
  if (!Number.isInteger(count) || count < 3 || count > PRODUCT_LINES.length) {
    throw new RangeError(`productLines must be a whole number from 3 to ${PRODUCT_LINES.length}, got ${count}`);
  }
  return count;
}

function checkCount(name: string, count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${count}`);
}

function endOf(options: ListDatasetOptions): { endMs: number; days: number } {
  const endDate = options.endDate ?? DEFAULT_END_DATE;
  const endMs = Date.parse(`${endDate}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(endMs)) throw new RangeError(`endDate must be a date YYYY-MM-DD, got "${endDate}"`);
  const years = options.years ?? 3;
  if (!(years > 0 && years <= 50)) throw new RangeError(`years must be more than 0 and at most 50, got ${years}`);
  return { endMs, days: Math.round(years * 365.25) };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoTime = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Customers

function companyName(rand: Rand, city: City, industry: Industry, english: boolean): string {
  if (english) {
    const place = rand() < 0.35 ? city.en : pick(rand, BRANDS_EN);
    return `${place} ${pick(rand, industry.en)} ${pick(rand, SUFFIXES_EN)}`;
  }
  // A short works name (杭州阀门厂) now and then, else city + brand + trade + legal form.
  if (rand() < 0.06) return `${city.zh}${pick(rand, industry.zh)}厂`;
  return `${city.zh}${pick(rand, BRANDS_ZH)}${pick(rand, industry.zh)}${pick(rand, SUFFIXES_ZH)}`;
}

function taxId(rand: Rand): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let id = '91';
  for (let i = 0; i < 16; i++) id += alphabet[Math.floor(rand() * alphabet.length)];
  return id;
}

function contactName(rand: Rand, english: boolean): string {
  return english ? `${pick(rand, FIRST_EN)} ${pick(rand, LAST_EN)}` : `${pick(rand, SURNAMES)}${pick(rand, GIVEN)}`;
}

/** `count` customers, ids `C-000001`…, created over the data set's years. */
export function generateCustomers(options: ListDatasetOptions & { readonly customers: number }): CustomerEntry[] {
  checkCount('customers', options.customers);
  const rand = seededRandom((options.seed ?? 1) * 7919 + 1);
  const { endMs, days } = endOf(options);
  const startMs = endMs - days * DAY_MS;
  const cityChoices = CITIES.map((c) => [c, CITY_WEIGHT[c.region] ?? 1] as const);
  const ownerChoices = OWNERS.map((o, i) => [o, OWNER_WEIGHTS[i] ?? 1] as const);
  const names = new Set<string>();
  const customers: CustomerEntry[] = [];
  for (let i = 0; i < options.customers; i++) {
    const english = rand() < 0.25;
    const overseas = english && rand() < 0.6;
    const city = weighted(rand, cityChoices);
    const industry = pick(rand, INDUSTRIES);
    // Names are mostly unique, as in a real book; a rare clash gets a branch suffix.
    let name = companyName(rand, city, industry, english);
    for (let tries = 0; names.has(name) && tries < 8; tries++) name = companyName(rand, city, industry, english);
    if (names.has(name)) name = english ? `${name} (${i})` : `${name}第${i}分公司`;
    names.add(name);
    const createdMs = startMs - int(rand, 0, 365) * DAY_MS + Math.floor(rand() * days * DAY_MS);
    const updatedMs = Math.min(endMs + DAY_MS - 1000, createdMs + Math.floor(rand() * 400 * DAY_MS));
    const tax = taxId(rand);
    const contacts = Array.from({ length: int(rand, 1, 3) }, () => contactName(rand, english));
    const deleted = rand() < 0.02;
    const customer: CustomerEntry = {
      id: `C-${String(i + 1).padStart(6, '0')}`,
      name,
      industry: industry.key,
      region: overseas ? 'overseas' : city.region,
      tier: weighted(rand, TIER_SHARE),
      owner: weighted(rand, ownerChoices),
      createdAt: isoTime(createdMs),
      updatedAt: isoTime(updatedMs),
      words: searchWords(name, tax, industry.key, ...contacts),
    };
    if (deleted) customer.deletedAt = isoTime(Math.min(endMs, updatedMs + DAY_MS));
    customers.push(customer);
  }
  return customers;
}

// ---------------------------------------------------------------------------------------------
// Quotes

const OPEN_RECENT: readonly (readonly [QuoteState, number])[] = [
  ['inquiry', 20],
  ['solution_design', 20],
  ['quoted', 25],
  ['approval', 15],
  ['sent', 20],
];
const RECENT: readonly (readonly [QuoteState, number])[] = [
  ['quoted', 10],
  ['approval', 5],
  ['sent', 25],
  ['won', 25],
  ['lost', 20],
  ['expired', 15],
];
const CLOSED: readonly (readonly [QuoteState, number])[] = [
  ['won', 40],
  ['lost', 35],
  ['expired', 25],
];

function stateForAge(rand: Rand, ageDays: number): QuoteState {
  if (ageDays < 30) return weighted(rand, OPEN_RECENT);
  if (ageDays < 120) return weighted(rand, RECENT);
  return weighted(rand, CLOSED);
}

/** Picks a customer index with probability proportional to its tier's quote weight. */
function customerPicker(customers: readonly CustomerEntry[]): (rand: Rand) => number {
  const cumulative = new Float64Array(customers.length);
  let total = 0;
  customers.forEach((c, i) => {
    total += TIER_QUOTE_WEIGHT[c.tier] ?? 1;
    cumulative[i] = total;
  });
  return (rand) => {
    const x = rand() * total;
    let lo = 0;
    let hi = customers.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * `quotes` quotes for `customers`, in number order (`Q-YYYY-NNNN`, per year, ids `q-0000001`…).
 * Dates spread evenly over the years; `updatedAt` never passes the end of `endDate`.
 */
export function generateQuotes(customers: readonly CustomerEntry[], options: ListDatasetOptions & { readonly quotes: number }): Generator<QuoteEntry, void, undefined> {
  // Checked here, not in the generator body, so a bad option throws at the call.
  checkCount('quotes', options.quotes);
  if (customers.length === 0 && options.quotes > 0) throw new RangeError('quotes need at least one customer');
  const { endMs, days } = endOf(options);
  const lines = PRODUCT_LINES.slice(0, checkProductLines(options.productLines ?? 5));
  return quotesOf(customers, options, endMs, days, lines);
}

function* quotesOf(
  customers: readonly CustomerEntry[],
  options: ListDatasetOptions & { readonly quotes: number },
  endMs: number,
  days: number,
  lines: typeof PRODUCT_LINES,
): Generator<QuoteEntry, void, undefined> {
  const rand = seededRandom((options.seed ?? 1) * 104_729 + 2);
  const lineChoices = lines.map((l, i) => [l, PRODUCT_LINE_WEIGHTS[i] ?? 1] as const);
  const pickCustomer = customerPicker(customers);
  const lastMs = endMs + DAY_MS - 1000;
  // A business issuing more than 9,999 quotes a year configures a five-digit sequence
  // (`Q-{YYYY}-{NNNNN}`), so numbers keep sorting in issue order as text.
  const digits = options.quotes / Math.max(1, days / 365.25) > 9999 ? 5 : 4;
  let year = 0;
  let sequence = 0;
  for (let i = 0; i < options.quotes; i++) {
    const dayMs = endMs - (days - 1 - Math.floor((i * days) / options.quotes)) * DAY_MS;
    const quoteDate = isoDate(dayMs);
    const quoteYear = Number(quoteDate.slice(0, 4));
    if (quoteYear !== year) {
      year = quoteYear;
      sequence = 0;
    }
    sequence += 1;
    const number = `Q-${year}-${String(sequence).padStart(digits, '0')}`;
    const ageDays = (endMs - dayMs) / DAY_MS;
    const state = stateForAge(rand, ageDays);
    const customerIndex = pickCustomer(rand);
    const customer = customers[customerIndex] as CustomerEntry;
    const owner = rand() < 0.85 ? customer.owner : pick(rand, OWNERS);

    // An early inquiry may have no lines yet.
    const empty = (state === 'inquiry' || state === 'solution_design') && rand() < 0.3;
    const quoteLines = new Set<(typeof lines)[number]>();
    if (!empty) {
      const n = weighted(rand, [
        [1, 60],
        [2, 30],
        [3, 10],
      ]);
      for (let k = 0; k < n; k++) quoteLines.add(weighted(rand, lineChoices));
    }
    const products: Product[] = [];
    for (const [, catalogue] of quoteLines) {
      const n = int(rand, 1, 2);
      for (let k = 0; k < n; k++) {
        const product = pick(rand, catalogue);
        if (!products.includes(product)) products.push(product);
      }
    }
    const totalMinor = empty ? 0 : Math.max(1, Math.round(Math.exp(Math.log(80_000) + 1.1 * gaussian(rand)) / 10)) * 1000;
    const createdMs = dayMs + (1 + int(rand, 0, 10)) * 3_600_000 + int(rand, 0, 3599) * 1000;
    const closed = state === 'won' || state === 'lost' || state === 'expired';
    const activeDays = closed ? Math.min(ageDays, int(rand, 5, 90)) : ageDays * rand();
    const updatedMs = Math.min(lastMs, createdMs + Math.floor(activeDays * DAY_MS * rand()));
    const quote: QuoteEntry = {
      id: `q-${String(i + 1).padStart(7, '0')}`,
      number,
      revision: weighted(rand, [
        [1, 80],
        [2, 15],
        [3, 5],
      ]),
      customerId: customer.id,
      customerName: customer.name,
      owner,
      state,
      productLines: [...quoteLines].map(([name]) => name),
      products: products.map((p) => p.id),
      currency: customer.region === 'overseas' && rand() < 0.7 ? 'USD' : 'CNY',
      totalMinor,
      marginBasisPoints: totalMinor === 0 ? null : int(rand, 300, 4200),
      quoteDate,
      createdAt: isoTime(createdMs),
      updatedAt: isoTime(updatedMs),
      // The same texts as the quote book's projection (src/sync/quote/quoteBook.ts).
      words: searchWords(number, customer.name, owner, ...products.map((p) => p.id), ...products.flatMap((p) => [p.zh, p.en])),
    };
    if (state !== 'inquiry' && state !== 'solution_design') quote.validUntil = isoDate(dayMs + 30 * DAY_MS);
    yield quote;
  }
}

/** Both halves at once, for tests and small sets: `customers` customers and `quotes` quotes. */
export function generateListDataset(options: ListDatasetOptions & { readonly customers: number; readonly quotes: number }): { customers: CustomerEntry[]; quotes: QuoteEntry[] } {
  const customers = generateCustomers(options);
  return { customers, quotes: [...generateQuotes(customers, options)] };
}
