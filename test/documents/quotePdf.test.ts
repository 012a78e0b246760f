/**
 * The quote PDF as a customer sees it: rendered with the real fonts, then read back with
 * Poppler (pdftotext for the words and numbers, pdftoppm for one image per page). Every figure
 * checked below was worked out by hand in the comments, not taken from quoteTotals().
 *
 * Poppler comes from Debian (`apt-get install -y poppler-utils`). Without it these checks are
 * skipped on a workstation and fail under CI=true (./poppler.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Customer } from '../../src/domain/crm/Customer.js';
import type { CompanyInfo } from '../../src/domain/pricing/PricingSettings.js';
import { QuoteHeader, QuoteLineRecord } from '../../src/domain/quote/QuoteRecord.js';
import { PDFDocument } from 'pdf-lib';
import { embedSubsetFont } from '../../src/documents/pdfFonts.js';
import { PdfFace } from '../../src/documents/pdfText.js';
import { QuotePdfError, renderQuotePdf } from '../../src/documents/quotePdf.js';
import type { QuotePdfInput } from '../../src/documents/quotePdf.js';
import { describeWithPoppler, runPoppler as run } from './poppler.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const fonts = {
  regular: new Uint8Array(readFileSync(join(repoRoot, 'public/fonts/NotoSansSC-Regular-subset.ttf'))),
  bold: new Uint8Array(readFileSync(join(repoRoot, 'public/fonts/NotoSansSC-Bold-subset.ttf'))),
};

const work = mkdtempSync(join(tmpdir(), 'suanpan-quote-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Rendered {
  readonly pdfPath: string;
  /** pdftotext -layout output, one entry per page. */
  readonly pages: readonly string[];
  readonly text: string;
  /** pdftotext -raw output: content-stream order with the spaces as drawn (-layout drops some between CJK and digits). */
  readonly raw: string;
  readonly pngs: readonly string[];
}

async function renderAndRead(name: string, input: QuotePdfInput): Promise<Rendered> {
  const bytes = await renderQuotePdf(input, fonts);
  const pdfPath = join(work, `${name}.pdf`);
  writeFileSync(pdfPath, bytes);
  const text = run('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-']);
  // pdftotext ends every page with a form feed.
  const pages = text.split('\f').slice(0, -1);
  const raw = run('pdftotext', ['-raw', '-enc', 'UTF-8', pdfPath, '-']);
  const dir = join(work, name);
  mkdirSync(dir);
  run('pdftoppm', ['-r', '50', '-png', pdfPath, join(dir, 'page')]);
  const pngs = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
  return { pdfPath, pages, text, raw, pngs };
}

/** Keeps one sample for a person to look at (test-results/ is not committed). */
function keepSample(rendered: Rendered, name: string): void {
  const out = join(repoRoot, 'test-results', 'quote-pdf');
  mkdirSync(out, { recursive: true });
  // Pages of an earlier, longer run would otherwise linger beside this one's.
  for (const f of readdirSync(out)) if (f.startsWith(`${name}-`) || f === `${name}.pdf`) rmSync(join(out, f));
  copyFileSync(rendered.pdfPath, join(out, `${name}.pdf`));
  rendered.pngs.forEach((png, i) => copyFileSync(png, join(out, `${name}-${i + 1}.png`)));
}

// ---------------------------------------------------------------------------------------------
// The quote, by hand

const company: CompanyInfo = {
  name: { zh: '杭州算盘流体设备有限公司', en: 'Hangzhou Suanpan Fluid Equipment Co., Ltd.' },
  address: { zh: '浙江省杭州市余杭区文一西路 998 号', en: '998 Wenyi West Road, Yuhang District, Hangzhou, Zhejiang' },
  phone: '+86 571 8888 6666',
  email: 'sales@suanpan.example',
  taxId: '91330110MA2B3C4D5E',
  bank: '中国工商银行杭州余杭支行 1202 0000 1234 5678 901',
};

const customer = Customer.parse({
  id: 'cus-hengtong',
  name: '江苏恒通化工有限公司',
  industry: '化工',
  region: 'east',
  tier: 'key',
  paymentTerms: '',
  creditLimitMinor: 50_000_000,
  taxId: '91320500MA1XYZ0001',
  contacts: [{ name: '王建国', role: '采购经理', phone: '138 0000 1234', email: 'wang@hengtong.example' }],
  owner: '李娜',
  notes: '',
  createdAt: '2026-01-05T09:00:00+08:00',
  updatedAt: '2026-01-05T09:00:00+08:00',
});

const header = QuoteHeader.parse({
  id: 'quote-7',
  number: 'Q-2026-0007',
  revision: 2,
  customerId: customer.id,
  customerName: customer.name,
  owner: '李娜',
  currency: 'CNY',
  exchangeRate: 1,
  quoteDate: '2026-03-02',
  validUntil: '2026-04-01',
  tier: 'key',
  region: 'east',
  paymentTerms: '合同签订后预付 30%，发货前付清余款。',
  defaultDiscountPct: 5,
  discountCapPct: 15,
  overCap: 'approval',
  vatRatePct: 13,
  freightMinor: 80_000, // 800.00
  inquiry: { requirements: '耐腐蚀，介质为稀硫酸，工作温度 80 ℃。', quantity: 4, requestedDate: '2026-04-20' },
  // U+1F600 is not in the font subset: it must print as '?' and not stop the document.
  notes: '价格含包装。规格 😀 确认后安排生产。',
  state: 'quoted',
  createdAt: '2026-03-01T10:00:00+08:00',
  changedAt: '2026-03-02T09:00:00+08:00',
});

const pricedDefaults = { inclusion: 'standard', chosen: false } as const;

// Unit costs are odd on purpose (7,777.77, 123.45, 666.66) so a leak into the text is easy to spot.
const lines = [
  QuoteLineRecord.parse({ kind: 'section', id: 's-valves', title: '阀门' }),
  QuoteLineRecord.parse({
    kind: 'configured',
    id: 'l-valve',
    description: '电动蝶阀 DN200 PN16，阀体球墨铸铁，阀板 316L，EPDM 密封',
    quantity: 4,
    unit: '台',
    unitPriceMinor: 1_250_000, // 12,500.00
    unitCostMinor: 777_777, // 7,777.77
    discountPct: 5,
    ...pricedDefaults,
    modelId: 'butterfly-valve',
    version: '1.2.0',
    releaseHash: 'a'.repeat(64),
    productLine: 'valves',
    values: { DN: 200, PN: 16 },
    fixed: ['DN'],
    modelUnitPriceMinor: 1_250_000,
    policySteps: [],
    frozenIndices: [],
  }),
  QuoteLineRecord.parse({
    kind: 'catalogue',
    id: 'l-seal',
    description: '密封圈套件',
    quantity: 3,
    unit: '套',
    unitPriceMinor: 33_333, // 333.33
    unitCostMinor: 12_345, // 123.45
    discountPct: 7.5,
    ...pricedDefaults,
    sku: 'SEAL-200',
  }),
  QuoteLineRecord.parse({ kind: 'section', id: 's-service', title: '服务' }),
  QuoteLineRecord.parse({
    kind: 'catalogue',
    id: 'l-install',
    description: '现场安装调试',
    quantity: 2.5,
    unit: '天',
    unitPriceMinor: 180_000, // 1,800.00
    unitCostMinor: 66_666, // 666.66
    discountPct: 10,
    ...pricedDefaults,
    sku: '',
  }),
  QuoteLineRecord.parse({
    kind: 'catalogue',
    id: 'l-spare',
    description: '备用电动执行器',
    quantity: 1,
    unit: '台',
    unitPriceMinor: 320_000, // 3,200.00
    unitCostMinor: 150_000,
    discountPct: 0,
    inclusion: 'optional',
    chosen: false,
    sku: 'ACT-200',
  }),
];

// Line totals (net = quantity × unit price − discount, each rounded to the fen, half away from zero):
//   valve:   4 × 12,500.00 = 50,000.00; 5% = 2,500.00;            net 47,500.00
//   seal:    3 × 333.33 = 999.99;       7.5% = 74.999 25 → 75.00;   net 924.99
//   install: 2.5 × 1,800.00 = 4,500.00; 10% = 450.00;              net 4,050.00
//   spare:   1 × 3,200.00 = 3,200.00;   0%;                        net 3,200.00 (optional, not chosen: shown, not counted)
// Subtotal = 50,000.00 + 999.99 + 4,500.00 = 55,499.99
// Discount = 2,500.00 + 75.00 + 450.00 = 3,025.00  → net 52,474.99
// Freight 800.00; taxable = 52,474.99 + 800.00 = 53,274.99
// VAT 13% = 6,925.748 7 → 6,925.75
// Total = 52,474.99 + 800.00 + 6,925.75 = 60,200.74
const expected = {
  lineTotals: ['47,500.00', '924.99', '4,050.00', '3,200.00'],
  unitPrices: ['12,500.00', '333.33', '1,800.00'],
  subtotal: '55,499.99',
  discount: '-3,025.00',
  freight: '800.00',
  vat: '6,925.75',
  total: '60,200.74',
};
// Never printed. Costs: 4 × 7,777.77 = 31,111.08; 3 × 123.45 = 370.35; 2.5 × 666.66 = 1,666.65;
// total 33,148.08. Margins: 47,500.00 − 31,111.08 = 16,388.92; 924.99 − 370.35 = 554.64;
// 4,050.00 − 1,666.65 = 2,383.35; quote 52,474.99 − 33,148.08 = 19,326.91.
const secretFigures = ['7,777.77', '7777.77', '123.45', '666.66', '31,111.08', '370.35', '1,666.65', '33,148.08', '16,388.92', '554.64', '2,383.35', '19,326.91'];

const baseInput: QuotePdfInput = { language: 'zh', header, lines, company, customer, printedAt: '2026-03-02T09:15:00+08:00' };

/** A 60-line quote: every line 1 × 100.00, no discount, no freight. */
function longQuote(): QuotePdfInput {
  const many = Array.from({ length: 60 }, (_, i) =>
    QuoteLineRecord.parse({
      kind: 'catalogue',
      id: `l-${i + 1}`,
      description:
        i === 29
          ? // Longer than a page: the row must split across pages and keep its last words.
            '超长描述用于检验跨页拆行。'.repeat(150) + ' MARKER-TAIL'
          : `标准件 ${i + 1} 号 Standard part number ${i + 1}`,
      quantity: 1,
      unit: 'pc',
      unitPriceMinor: 10_000,
      unitCostMinor: 4_000,
      discountPct: 0,
      ...pricedDefaults,
      sku: `SKU-${i + 1}`,
    }),
  );
  // 60 × 100.00 = 6,000.00; VAT 13% = 780.00; total 6,780.00.
  return { ...baseInput, header: { ...header, freightMinor: 0 }, lines: [QuoteLineRecord.parse({ kind: 'section', id: 's', title: '标准件' }), ...many] };
}

// ---------------------------------------------------------------------------------------------

describeWithPoppler('quote PDF read back with Poppler', ['pdftotext', 'pdftoppm'], () => {
  it('prints the Chinese quote with its lines, totals and page number, and no cost or margin', async () => {
    const r = await renderAndRead('quote-zh', baseInput);
    keepSample(r, 'quote-zh');
    const flat = r.text.replace(/\s+/g, ' ');
    for (const words of [company.name.zh, '报价单', customer.name, '王建国', '采购经理', 'Q-2026-0007 V2', '2026-03-02', '2026-04-01', '李娜', '阀门', '服务', '电动蝶阀 DN200 PN16']) {
      expect(flat, words).toContain(words);
    }
    for (const amount of [...expected.lineTotals, ...expected.unitPrices, expected.subtotal, expected.discount, expected.freight, expected.vat, expected.total]) {
      expect(flat, amount).toContain(amount);
    }
    expect(flat).toContain('增值税 (13%)');
    expect(flat).toContain('可选：未计入合计');
    expect(flat).toContain('7.5%');
    expect(flat).toMatch(/规格 \? 确认/);
    expect(r.pages).toHaveLength(1);
    expect(flat).toMatch(/第\s*1\s*\/\s*1\s*页/);
    expect(r.raw).toContain('第 1 / 1 页');
    expect(r.pngs).toHaveLength(1);
    for (const secret of secretFigures) expect(flat, secret).not.toContain(secret);
    expect(flat).not.toMatch(/成本|毛利|利润|cost|margin/i);
  });

  it('prints the English quote with the same figures', async () => {
    const r = await renderAndRead('quote-en', { ...baseInput, language: 'en' });
    keepSample(r, 'quote-en');
    const flat = r.text.replace(/\s+/g, ' ');
    for (const words of ['Quotation', company.name.en, customer.name, 'Q-2026-0007 V2', 'Page 1 of 1', 'VAT (13%)', 'Optional: not included in the total', 'Payment terms']) {
      expect(flat, words).toContain(words);
    }
    for (const amount of [...expected.lineTotals, expected.subtotal, expected.discount, expected.vat, expected.total]) expect(flat, amount).toContain(amount);
    for (const secret of secretFigures) expect(flat, secret).not.toContain(secret);
    expect(r.pngs).toHaveLength(1);
  });

  it('prints a chosen alternative as counted, in a currency without minor units, with no customer record', async () => {
    const { validUntil: _dropped, ...noValidity } = header;
    const alternative = QuoteLineRecord.parse({
      kind: 'catalogue',
      id: 'l-alt',
      description: 'Stainless steel body instead of ductile iron',
      quantity: 2,
      unit: 'pc',
      unitPriceMinor: 1_500, // ¥1,500 (JPY has no minor unit)
      unitCostMinor: 900,
      discountPct: 0,
      inclusion: 'alternative',
      chosen: true,
      sku: '',
    });
    // 2 × 1,500 = 3,000; freight 0; VAT 10% = 300; total 3,300.
    const r = await renderAndRead('quote-jpy', {
      language: 'en',
      header: { ...noValidity, currency: 'JPY', vatRatePct: 10, freightMinor: 0 },
      lines: [alternative],
      company,
      printedAt: '2026-03-02T09:15:00+09:00',
    });
    const flat = r.text.replace(/\s+/g, ' ');
    for (const words of ['Alternative: chosen, included in the total', 'Amount (JPY)', 'VAT (10%)', 'Total (JPY) 3,300', '1,500', '3,000', 'Printed 2026-03-02 09:15']) {
      expect(flat, words).toContain(words);
    }
    expect(flat).not.toContain('Valid until');
    expect(flat).not.toContain('Contact');
    expect(flat).not.toMatch(/3,300\.00|1,500\.00/);
  });

  it('runs a 60-line quote over pages, repeating the table header and numbering every page', async () => {
    const r = await renderAndRead('quote-60-lines', longQuote());
    keepSample(r, 'quote-60-lines');
    const n = r.pages.length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(r.pngs).toHaveLength(n);
    r.pages.forEach((page, i) => {
      const flat = page.replace(/\s+/g, ' ');
      expect(flat, `page ${i + 1}`).toMatch(new RegExp(`第\\s*${i + 1}\\s*/\\s*${n}\\s*页`));
      // Pages the table runs over carry its header.
      if (/SKU-\d+/.test(flat)) expect(flat, `page ${i + 1}`).toContain('单价 (CNY)');
    });
    const flat = r.text.replace(/\s+/g, ' ');
    expect(r.raw).toContain(`第 2 / ${n} 页`);
    for (const i of [1, 29, 31, 60]) expect(flat).toContain(`Standard part number ${i}`);
    expect(flat).toContain('MARKER-TAIL');
    expect(flat).toContain('6,000.00');
    expect(flat).toContain('780.00');
    expect(flat).toContain('6,780.00');
  });
});

describe('text measurement', () => {
  it('sums per-character advances to the width pdf-lib measures by shaping the whole string', async () => {
    const doc = await PDFDocument.create();
    for (const [which, bytes] of [['regular', fonts.regular], ['bold', fonts.bold]] as const) {
      const font = await embedSubsetFont(doc, bytes, which);
      const face = new PdfFace(font);
      for (const text of ['电动蝶阀 DN200 PN16，阀体球墨铸铁', 'Unit price (CNY) 1,234,567.89', 'fi fl ffi AV To Wa “quoted” ¥€×', '第 2 / 5 页']) {
        expect(face.width(text, 8.5), `${which}: ${text}`).toBeCloseTo(font.widthOfTextAtSize(text, 8.5), 9);
      }
    }
  });
});

describe('quote PDF input checks', () => {
  it('refuses an unknown language', async () => {
    await expect(renderQuotePdf({ ...baseInput, language: 'fr' as 'zh' }, fonts)).rejects.toThrow(/language must be one of zh, en, got "fr"/);
  });

  it('refuses a printedAt that is not an ISO date-time', async () => {
    await expect(renderQuotePdf({ ...baseInput, printedAt: 'yesterday' }, fonts)).rejects.toThrow(/printedAt must be an ISO date-time.*"yesterday"/);
  });

  it('names the font that cannot be read', async () => {
    await expect(renderQuotePdf(baseInput, { ...fonts, bold: new Uint8Array([1, 2, 3]) })).rejects.toThrow(QuotePdfError);
    await expect(renderQuotePdf(baseInput, { ...fonts, bold: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/bold font/);
  });

  it('refuses lines with a repeated id, naming it', async () => {
    const first = lines[1] as QuoteLineRecord;
    await expect(renderQuotePdf({ ...baseInput, lines: [first, first] }, fonts)).rejects.toThrow(/l-valve appears twice/);
  });
});
