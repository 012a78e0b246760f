/**
 * Quote PDF generation (issue 5): a generated 50-line quote in Chinese (5 sections, configured
 * and catalogue lines, a few optional ones, descriptions of one to four lines) rendered with
 * renderQuotePdf and the real Noto Sans SC subsets, as the app and the server do it.
 *
 * - `quotes.pdf.50_lines.median|p95`: one render, font embedding and subsetting included, ms.
 *   The fonts are read from disk once, as an app keeps them after the first fetch.
 * - `quotes.pdf.50_lines.bytes`: size of the PDF.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompanyInfo } from '../src/domain/pricing/PricingSettings.js';
import type { QuoteHeader, QuoteLineRecord } from '../src/domain/quote/QuoteRecord.js';
import { renderQuotePdf } from '../src/documents/quotePdf.js';
import type { QuotePdfFonts, QuotePdfInput } from '../src/documents/quotePdf.js';
import { REPO_ROOT } from './exampleModels.js';
import { prng } from './generatedModel.js';
import { collectGarbage, emit, median, percentile, progress } from './stats.js';

const WARMUP = 2;
const RUNS = 15;

const PRODUCTS = ['电动蝶阀', '手动闸阀', '不锈钢球阀', '止回阀', '调节阀', '安全阀', '电磁流量计', '压力变送器'];
const DETAILS = ['阀体球墨铸铁，阀板 316L，EPDM 密封', '法兰连接 GB/T 9115，含配对法兰与紧固件', '工作温度 -20 ~ 120 ℃，介质为清水或弱腐蚀性液体', '执行器 IP67，220 V AC，带手动操作机构与限位开关'];

/** A 50-line quote (plus section headings), the same every run. */
export function generatedQuote(lineCount = 50): QuotePdfInput {
  const random = prng(20_260_302);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const lines: QuoteLineRecord[] = [];
  for (let i = 0; i < lineCount; i++) {
    if (i % 10 === 0) lines.push({ kind: 'section', id: `s-${i / 10 + 1}`, title: `第 ${i / 10 + 1} 部分：${pick(PRODUCTS)}及附件` });
    const description = `${pick(PRODUCTS)} DN${50 * (1 + Math.floor(random() * 8))} PN${pick([10, 16, 25])}，${Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(DETAILS)).join('；')}`;
    const priced = {
      id: `l-${i + 1}`,
      description,
      quantity: 1 + Math.floor(random() * 40),
      unit: pick(['台', '套', '件', 'm']),
      unitPriceMinor: 10_000 + Math.floor(random() * 5_000_000),
      unitCostMinor: 5_000 + Math.floor(random() * 2_000_000),
      discountPct: pick([0, 0, 3, 5, 7.5, 10]),
      inclusion: i % 17 === 16 ? ('optional' as const) : ('standard' as const),
      chosen: false,
    };
    lines.push(
      i % 3 === 0
        ? { kind: 'catalogue', ...priced, sku: `SKU-${1000 + i}` }
        : {
            kind: 'configured',
            ...priced,
            modelId: 'valve',
            version: '1.0.0',
            releaseHash: '0'.repeat(64),
            productLine: 'valves',
            values: { DN: 200 },
            fixed: ['DN'],
            modelUnitPriceMinor: priced.unitPriceMinor,
            policySteps: [],
            frozenIndices: [],
          },
    );
  }
  const header: QuoteHeader = {
    id: 'bench-quote',
    number: 'Q-2026-0050',
    revision: 1,
    customerId: 'c-1',
    customerName: '江苏恒通化工有限公司',
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
    freightMinor: 120_000,
    inquiry: { requirements: '耐腐蚀，介质为稀硫酸。' },
    notes: '价格含包装，不含安装。',
    state: 'quoted',
    createdAt: '2026-03-01T10:00:00+08:00',
    changedAt: '2026-03-02T09:00:00+08:00',
  };
  const company: CompanyInfo = {
    name: { zh: '杭州算盘流体设备有限公司', en: 'Hangzhou Suanpan Fluid Equipment Co., Ltd.' },
    address: { zh: '浙江省杭州市余杭区文一西路 998 号', en: '998 Wenyi West Road, Hangzhou' },
    phone: '+86 571 8888 6666',
    email: 'sales@suanpan.example',
    taxId: '91330110MA2B3C4D5E',
    bank: '中国工商银行杭州余杭支行 1202 0000 1234 5678 901',
  };
  return { language: 'zh', header, lines, company, printedAt: '2026-03-02T09:15:00+08:00' };
}

export function readQuotePdfFonts(root = REPO_ROOT): QuotePdfFonts {
  const read = (name: string) => new Uint8Array(readFileSync(join(root, 'public', 'fonts', name)));
  return { regular: read('NotoSansSC-Regular-subset.ttf'), bold: read('NotoSansSC-Bold-subset.ttf') };
}

export async function benchQuotePdf(): Promise<void> {
  const fonts = readQuotePdfFonts();
  const input = generatedQuote(50);
  progress('quote PDF, 50 lines (zh):');
  collectGarbage();
  const first = performance.now();
  let bytes = await renderQuotePdf(input, fonts);
  progress(`  first render ${(performance.now() - first).toFixed(1)} ms (fonts prepared once per font array)`);
  for (let i = 1; i < WARMUP; i++) bytes = await renderQuotePdf(input, fonts);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    bytes = await renderQuotePdf(input, fonts);
    times.push(performance.now() - t0);
  }
  emit('quotes.pdf.50_lines.median', median(times), 'ms');
  emit('quotes.pdf.50_lines.p95', percentile(times, 95), 'ms');
  emit('quotes.pdf.50_lines.bytes', bytes.length, 'bytes');
  progress(`  median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, n=${times.length}; ${(bytes.length / 1024).toFixed(0)} KiB`);
}
