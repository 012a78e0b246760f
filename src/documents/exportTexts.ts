/**
 * Column headings and labels of the CSV/XLSX exports, in zh-CN and en. Kept here, not in the
 * UI's messages, so the document layer stays free of src/ui (it runs on the server too).
 */
import type { QuoteState } from '../domain/quote/lifecycle.js';

/** The UI's languages (src/ui/i18n.ts `Language`), spelled out so this layer need not import ui. */
export type ExportLanguage = 'zh-CN' | 'en';

export const EXPORT_LANGUAGES: readonly ExportLanguage[] = ['zh-CN', 'en'];

export interface ExportTexts {
  readonly listSheet: string;
  readonly quoteSheet: string;
  /** Quote list: one heading per column. */
  readonly list: {
    readonly number: string;
    readonly revision: string;
    readonly customer: string;
    readonly owner: string;
    readonly state: string;
    readonly productLines: string;
    readonly currency: string;
    readonly total: string;
    readonly marginPct: string;
    readonly quoteDate: string;
    readonly validUntil: string;
    readonly updatedAt: string;
  };
  readonly states: Readonly<Record<QuoteState, string>>;
  /** One quote: the header block's labels. */
  readonly header: {
    readonly number: string;
    readonly customer: string;
    readonly quoteDate: string;
    readonly validUntil: string;
    readonly currency: string;
    readonly paymentTerms: string;
  };
  /** "Q-2026-0001 V2": the number every revision keeps, and the revision. */
  readonly numberWithRevision: (number: string, revision: number) => string;
  /** One quote: the line table's headings. */
  readonly lines: {
    readonly no: string;
    readonly kind: string;
    readonly description: string;
    readonly quantity: string;
    readonly unit: string;
    readonly unitPrice: (currency: string) => string;
    readonly discountPct: string;
    readonly lineTotal: (currency: string) => string;
    readonly included: string;
  };
  readonly kinds: { readonly configured: string; readonly catalogue: string };
  /** Appended to the kind of an optional or alternative line. */
  readonly inclusion: { readonly optional: string; readonly alternative: string };
  readonly yes: string;
  readonly no: string;
  readonly totals: {
    readonly subtotal: string;
    readonly discount: string;
    readonly freight: string;
    readonly vat: (ratePct: number) => string;
    readonly total: (currency: string) => string;
  };
}

export const EXPORT_TEXTS: Record<ExportLanguage, ExportTexts> = {
  'zh-CN': {
    listSheet: '报价列表',
    quoteSheet: '报价单',
    list: {
      number: '报价单号',
      revision: '版本',
      customer: '客户',
      owner: '销售代表',
      state: '状态',
      productLines: '产品线',
      currency: '币种',
      total: '合计',
      marginPct: '毛利率 (%)',
      quoteDate: '报价日期',
      validUntil: '有效期至',
      updatedAt: '更新时间',
    },
    states: {
      inquiry: '询价',
      solution_design: '方案设计',
      quoted: '已报价',
      approval: '审批中',
      sent: '已发送',
      won: '赢单',
      lost: '丢单',
      expired: '已过期',
    },
    header: {
      number: '报价单号',
      customer: '客户',
      quoteDate: '报价日期',
      validUntil: '有效期至',
      currency: '币种',
      paymentTerms: '付款条件',
    },
    numberWithRevision: (number, revision) => `${number} V${revision}`,
    lines: {
      no: '序号',
      kind: '类型 / 分组',
      description: '品名 / 描述',
      quantity: '数量',
      unit: '单位',
      unitPrice: (c) => `单价 (${c})`,
      discountPct: '折扣 (%)',
      lineTotal: (c) => `金额 (${c})`,
      included: '计入合计',
    },
    kinds: { configured: '配置产品', catalogue: '目录商品' },
    inclusion: { optional: '（可选）', alternative: '（备选）' },
    yes: '是',
    no: '否',
    totals: {
      subtotal: '小计',
      discount: '折扣',
      freight: '运费',
      vat: (rate) => `增值税 (${rate}%)`,
      total: (c) => `合计 (${c})`,
    },
  },
  en: {
    listSheet: 'Quotes',
    quoteSheet: 'Quotation',
    list: {
      number: 'Quote no.',
      revision: 'Revision',
      customer: 'Customer',
      owner: 'Sales rep',
      state: 'State',
      productLines: 'Product lines',
      currency: 'Currency',
      total: 'Total',
      marginPct: 'Margin (%)',
      quoteDate: 'Quote date',
      validUntil: 'Valid until',
      updatedAt: 'Updated',
    },
    states: {
      inquiry: 'Inquiry',
      solution_design: 'Solution design',
      quoted: 'Quoted',
      approval: 'In approval',
      sent: 'Sent',
      won: 'Won',
      lost: 'Lost',
      expired: 'Expired',
    },
    header: {
      number: 'Quote no.',
      customer: 'Customer',
      quoteDate: 'Date',
      validUntil: 'Valid until',
      currency: 'Currency',
      paymentTerms: 'Payment terms',
    },
    numberWithRevision: (number, revision) => `${number} V${revision}`,
    lines: {
      no: 'No.',
      kind: 'Kind / section',
      description: 'Description',
      quantity: 'Qty',
      unit: 'Unit',
      unitPrice: (c) => `Unit price (${c})`,
      discountPct: 'Discount (%)',
      lineTotal: (c) => `Amount (${c})`,
      included: 'In total',
    },
    kinds: { configured: 'Configured product', catalogue: 'Catalogue item' },
    inclusion: { optional: ' (optional)', alternative: ' (alternative)' },
    yes: 'yes',
    no: 'no',
    totals: {
      subtotal: 'Subtotal',
      discount: 'Discount',
      freight: 'Freight',
      vat: (rate) => `VAT (${rate}%)`,
      total: (c) => `Total (${c})`,
    },
  },
};
