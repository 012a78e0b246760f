import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { QuoteLineRecord } from '../domain/quote/QuoteRecord.js';
import { neutraliseCell, tableToCsv } from './exportCells.js';
import { quoteCsv, quoteListCsv, quoteListXlsx, quoteXlsx } from './quoteExport.js';
import type { QuoteExportHeader, QuoteListRow } from './quoteExport.js';

/** A small RFC 4180 reader, written apart from the writer: fields, quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const s = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw new Error('unterminated quote');
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += s[i++];
      }
    } else if (s[i] === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (s.startsWith('\r\n', i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (s[i] === '\r' || s[i] === '\n') {
      throw new Error(`bare line break at ${i}: records must end in CRLF`);
    } else field += s[i++];
  }
  expect(field).toBe('');
  expect(row).toEqual([]); // the last record ends in CRLF
  return rows;
}

async function readXlsx(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  return ws;
}

/** Every cell of the sheet as [address, value], in row order. */
function cellsOf(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Cell> {
  const cells = new Map<string, ExcelJS.Cell>();
  ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (cell) => cells.set(cell.address, cell)));
  return cells;
}

const HASH = 'a'.repeat(64);

const header: QuoteExportHeader = {
  number: 'Q-2026-0007',
  revision: 2,
  customerName: '=HYPERLINK("http://x")',
  quoteDate: '2026-03-15',
  validUntil: '2026-04-14',
  currency: 'CNY',
  paymentTerms: '款到发货, 30 天内付清',
  vatRatePct: 13,
  freightMinor: 80000,
};

const lines: QuoteLineRecord[] = [
  { kind: 'section', id: 's1', title: '型材 / Profiles' },
  {
    kind: 'configured',
    id: 'l1',
    description: '+cmd|\' /C calc\'!A0',
    quantity: 400,
    unit: 'pc',
    unitPriceMinor: 5270,
    unitCostMinor: 4959,
    discountPct: 5,
    inclusion: 'standard',
    chosen: false,
    modelId: 'aluminium-profile',
    version: '1.0.0',
    releaseHash: HASH,
    productLine: 'aluminium-extrusions',
    values: { pieces: 400 },
    fixed: ['pieces'],
    modelUnitPriceMinor: 5270,
    policySteps: [],
    frozenIndices: [{ series: 'AL-A00', date: '2026-03-02', value: 20270 }],
  },
  {
    kind: 'catalogue',
    id: 'l2',
    description: '锯片 "A", 备用\n第二行',
    quantity: 2,
    unit: 'pc',
    unitPriceMinor: 123456,
    unitCostMinor: 98765,
    discountPct: 0,
    inclusion: 'optional',
    chosen: false,
    sku: 'SAW-1',
  },
  { kind: 'section', id: 's2', title: '@SUM(A1)' },
  {
    kind: 'catalogue',
    id: 'l3',
    description: '-2+3',
    quantity: 1.5,
    unit: 'm',
    unitPriceMinor: 1999,
    unitCostMinor: 1500,
    discountPct: 10,
    inclusion: 'standard',
    chosen: false,
    sku: 'X-1',
  },
];

// Worked by hand (totals in fen):
//  l1: 400 × 52.70 = 21,080.00; 5 % = 1,054.00; net 20,026.00.
//  l2: optional, not chosen: 2 × 1,234.56 = 2,469.12 shown, not counted.
//  l3: 1.5 × 19.99 = 29.985 → 29.99; 10 % = 2.999 → 3.00; net 26.99.
//  subtotal 21,080.00 + 29.99 = 21,109.99; discount 1,054.00 + 3.00 = 1,057.00; net 20,052.99;
//  freight 800.00; taxable 20,852.99; VAT 13 % = 2,710.8887 → 2,710.89;
//  total 20,052.99 + 800.00 + 2,710.89 = 23,563.88.
const expectedQuoteZh: string[][] = [
  ['报价单号', 'Q-2026-0007 V2', '', '', '', '', '', '', ''],
  ['客户', `'=HYPERLINK("http://x")`, '', '', '', '', '', '', ''],
  ['报价日期', '2026-03-15', '', '', '', '', '', '', ''],
  ['有效期至', '2026-04-14', '', '', '', '', '', '', ''],
  ['币种', 'CNY', '', '', '', '', '', '', ''],
  ['付款条件', '款到发货, 30 天内付清', '', '', '', '', '', '', ''],
  ['', '', '', '', '', '', '', '', ''],
  ['序号', '类型 / 分组', '品名 / 描述', '数量', '单位', '单价 (CNY)', '折扣 (%)', '金额 (CNY)', '计入合计'],
  ['', '型材 / Profiles', '', '', '', '', '', '', ''],
  ['1', '配置产品', `'+cmd|' /C calc'!A0`, '400', 'pc', '52.70', '5', '20026.00', '是'],
  ['2', '目录商品（可选）', '锯片 "A", 备用\n第二行', '2', 'pc', '1234.56', '0', '2469.12', '否'],
  ['', `'@SUM(A1)`, '', '', '', '', '', '', ''],
  ['3', '目录商品', `'-2+3`, '1.5', 'm', '19.99', '10', '26.99', '是'],
  ['', '', '', '', '', '', '', '', ''],
  ['', '', '小计', '', '', '', '', '21109.99', ''],
  ['', '', '折扣', '', '', '', '', '-1057.00', ''],
  ['', '', '运费', '', '', '', '', '800.00', ''],
  ['', '', '增值税 (13%)', '', '', '', '', '2710.89', ''],
  ['', '', '合计 (CNY)', '', '', '', '', '23563.88', ''],
];

describe('neutraliseCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+41 22', "'+41 22"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['  =1+1', "'  =1+1"],
    ['\u3000=1', "'\u3000=1"],
    ['\n-1', "'\n-1"],
    ['\t=1', "'\t=1"],
    ['\tplain', "'\tplain"],
    ['\rplain', "'\rplain"],
  ])('puts an apostrophe before %j', (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });

  it.each(['', 'Q-2026-0001', 'a=1', "'=already text", '铝型材 6063-T5', ' plain', '1-2'])('leaves %j alone', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });

  it('neutralises text cells only: negative numbers stay numbers', () => {
    expect(tableToCsv([['-5', { kind: 'number', value: -5 }, { kind: 'decimal', units: -105700, decimals: 2, grouped: true }]])).toBe("\uFEFF'-5,-5,-1057.00\r\n");
  });

  it('refuses a number that is not finite, naming the cell', () => {
    expect(() => tableToCsv([[null], [null, { kind: 'number', value: Number.NaN }]])).toThrow('row 2, column 2: NaN is not a finite number');
  });
});

describe('one quote', () => {
  it('fixture lines are valid records', () => {
    for (const line of lines) expect(QuoteLineRecord.safeParse(line).success).toBe(true);
  });

  it('CSV: header, lines with sections, totals; neutralised; RFC 4180 quoting; BOM and CRLF', () => {
    const csv = quoteCsv(header, lines, 'zh-CN');
    expect(parseCsv(csv)).toEqual(expectedQuoteZh);
    // Quoting as RFC 4180 writes it: commas, doubled quotes, the line break kept inside quotes.
    expect(csv).toContain('\r\n2,目录商品（可选）,"锯片 ""A"", 备用\n第二行",2,pc,1234.56,0,2469.12,否\r\n');
    expect(csv).toContain(`\r\n客户,"'=HYPERLINK(""http://x"")",,,,,,,\r\n`);
  });

  it('never shows cost or margin', () => {
    const csv = quoteCsv(header, lines, 'en');
    // Costs 49.59, 987.65, 15.00 per unit; 400 × 49.59 = 19,836.00; margins would be 190.00 etc.
    for (const secret of ['49.59', '987.65', '15.00', '19836', 'margin', 'Margin', 'cost', 'Cost']) expect(csv).not.toContain(secret);
  });

  it('CSV in English', () => {
    const rows = parseCsv(quoteCsv(header, lines, 'en'));
    expect(rows[7]).toEqual(['No.', 'Kind / section', 'Description', 'Qty', 'Unit', 'Unit price (CNY)', 'Discount (%)', 'Amount (CNY)', 'In total']);
    expect(rows[10]?.slice(0, 2)).toEqual(['2', 'Catalogue item (optional)']);
    expect(rows[10]?.[8]).toBe('no');
    expect(rows[17]?.slice(2)).toEqual(['VAT (13%)', '', '', '', '', '2710.89', '']);
    expect(rows[18]?.slice(2)).toEqual(['Total (CNY)', '', '', '', '', '23563.88', '']);
  });

  it('XLSX: the same cells; amounts are 2-decimal numbers, formula-like text is neutralised', async () => {
    const ws = await readXlsx(await quoteXlsx(header, lines, 'zh-CN'));
    expect(ws.name).toBe('报价单');
    const cells = cellsOf(ws);
    const value = (a: string) => cells.get(a)?.value;
    expect(value('B1')).toBe('Q-2026-0007 V2');
    expect(cells.get('B2')?.type).toBe(ExcelJS.ValueType.String);
    expect(value('B2')).toBe(`'=HYPERLINK("http://x")`);
    expect(value('C10')).toBe(`'+cmd|' /C calc'!A0`);
    expect(value('B12')).toBe(`'@SUM(A1)`);
    expect(value('C13')).toBe(`'-2+3`);
    expect(value('C11')).toBe('锯片 "A", 备用\n第二行');
    expect(value('B9')).toBe('型材 / Profiles');
    // Numbers: quantities, prices, discounts; money with a 2-decimal format.
    expect(value('A10')).toBe(1);
    expect(value('D13')).toBe(1.5);
    expect(value('F10')).toBe(52.7);
    expect(cells.get('F10')?.numFmt).toBe('#,##0.00');
    expect(value('G13')).toBe(10);
    expect(value('H10')).toBe(20026);
    expect(value('H15')).toBe(21109.99);
    // The discount is a negative NUMBER, untouched.
    expect(cells.get('H16')?.type).toBe(ExcelJS.ValueType.Number);
    expect(value('H16')).toBe(-1057);
    expect(value('H18')).toBe(2710.89);
    expect(value('C19')).toBe('合计 (CNY)');
    expect(value('H19')).toBe(23563.88);
    expect(cells.get('H19')?.numFmt).toBe('#,##0.00');
    // Every cell of the sheet against the hand-written CSV rows: same text, same numbers, no more.
    for (const cell of cells.values()) {
      const want = expectedQuoteZh[Number(cell.row) - 1]?.[Number(cell.col) - 1];
      if (typeof cell.value === 'number') expect(cell.value, cell.address).toBe(Number(want));
      else expect(cell.value, cell.address).toBe(want);
    }
    expect(cells.size).toBe(expectedQuoteZh.flat().filter((t) => t !== '').length);
  });

  it('refuses lines that cannot be totalled, naming the line', () => {
    const bad = [...lines, { ...lines[4], id: 'l1' } as QuoteLineRecord];
    expect(() => quoteCsv(header, bad, 'en')).toThrow('line id l1 appears twice');
  });
});

const listRows: QuoteListRow[] = [
  {
    number: 'Q-2026-0001',
    revision: 1,
    customerName: '华东"精密"铝业, 有限公司',
    owner: '张伟',
    state: 'won',
    productLines: ['aluminium-extrusions', 'valves'],
    currency: 'CNY',
    totalMinor: 123456789,
    marginBasisPoints: 1234,
    quoteDate: '2026-03-15',
    validUntil: '2026-04-14',
    updatedAt: '2026-03-16T08:00:00.000Z',
  },
  {
    number: 'Q-2026-0002',
    revision: 3,
    customerName: '@evil',
    owner: '-li',
    state: 'inquiry',
    productLines: [],
    currency: 'JPY',
    totalMinor: 5000,
    marginBasisPoints: -250,
    quoteDate: '2026-03-20',
    updatedAt: '2026-03-20T01:02:03.000Z',
  },
  {
    number: 'Q-2026-0003',
    revision: 1,
    customerName: 'Müller GmbH',
    owner: 'wang',
    state: 'solution_design',
    productLines: ['valves'],
    currency: 'EUR',
    totalMinor: 0,
    marginBasisPoints: null,
    quoteDate: '2026-03-21',
    validUntil: '2026-04-21',
    updatedAt: '2026-03-21T00:00:00.000Z',
  },
];

describe('quote list', () => {
  it('CSV, byte for byte: Chinese, quoting, neutralised text, currency decimals, margin %', () => {
    expect(quoteListCsv(listRows, 'zh-CN')).toBe(
      '\uFEFF报价单号,版本,客户,销售代表,状态,产品线,币种,合计,毛利率 (%),报价日期,有效期至,更新时间\r\n' +
        'Q-2026-0001,1,"华东""精密""铝业, 有限公司",张伟,赢单,aluminium-extrusions; valves,CNY,1234567.89,12.34,2026-03-15,2026-04-14,2026-03-16T08:00:00.000Z\r\n' +
        "Q-2026-0002,3,'@evil,'-li,询价,,JPY,5000,-2.50,2026-03-20,,2026-03-20T01:02:03.000Z\r\n" +
        'Q-2026-0003,1,Müller GmbH,wang,方案设计,valves,EUR,0.00,,2026-03-21,2026-04-21,2026-03-21T00:00:00.000Z\r\n',
    );
  });

  it('CSV in English parses back', () => {
    const rows = parseCsv(quoteListCsv(listRows, 'en'));
    expect(rows[0]).toEqual(['Quote no.', 'Revision', 'Customer', 'Sales rep', 'State', 'Product lines', 'Currency', 'Total', 'Margin (%)', 'Quote date', 'Valid until', 'Updated']);
    expect(rows[1]?.slice(2, 5)).toEqual(['华东"精密"铝业, 有限公司', '张伟', 'Won']);
    expect(rows[3]?.[4]).toBe('Solution design');
    expect(rows).toHaveLength(4);
  });

  it('an empty list is the heading row alone', () => {
    expect(parseCsv(quoteListCsv([], 'en'))).toHaveLength(1);
  });

  it('XLSX: numbers as numbers, text neutralised, Chinese intact', async () => {
    const ws = await readXlsx(await quoteListXlsx(listRows, 'zh-CN'));
    expect(ws.name).toBe('报价列表');
    const cells = cellsOf(ws);
    const value = (a: string) => cells.get(a)?.value;
    expect(value('C1')).toBe('客户');
    expect(value('C2')).toBe('华东"精密"铝业, 有限公司');
    expect(value('B3')).toBe(3);
    expect(value('C3')).toBe("'@evil");
    expect(value('D3')).toBe("'-li");
    expect(value('H2')).toBe(1234567.89);
    expect(cells.get('H2')?.numFmt).toBe('#,##0.00');
    expect(value('H3')).toBe(5000);
    expect(cells.get('H3')?.numFmt).toBe('#,##0');
    expect(value('I2')).toBe(12.34);
    expect(cells.get('I3')?.type).toBe(ExcelJS.ValueType.Number);
    expect(value('I3')).toBe(-2.5);
    expect(cells.has('I4')).toBe(false);
    expect(value('E2')).toBe('赢单');
  });
});
