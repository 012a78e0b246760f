/**
 * The words printed on a quote PDF, in zh-CN and en. Kept here, not in the UI's messages, so the
 * document layer stays free of src/ui and prints the same in the browser and on the server.
 */

export type PdfLanguage = 'zh' | 'en';

export const PDF_LANGUAGES: readonly PdfLanguage[] = ['zh', 'en'];

export interface QuotePdfTexts {
  /** BCP 47 tag written into the PDF catalogue (screen readers, text extraction). */
  readonly lang: string;
  readonly title: string;
  readonly customer: string;
  readonly contact: string;
  readonly phone: string;
  readonly email: string;
  readonly taxId: string;
  readonly quoteNumber: string;
  readonly quoteDate: string;
  readonly validUntil: string;
  readonly owner: string;
  readonly currency: string;
  readonly columns: {
    readonly no: string;
    readonly description: string;
    readonly quantity: string;
    readonly unit: string;
    readonly unitPrice: (currency: string) => string;
    readonly discount: string;
    readonly amount: (currency: string) => string;
  };
  readonly sku: (sku: string) => string;
  /** Tag under an optional or alternative line's description. */
  readonly inclusionTag: (inclusion: 'optional' | 'alternative', counted: boolean) => string;
  readonly subtotal: string;
  readonly discount: string;
  readonly freight: string;
  readonly vat: (ratePct: string) => string;
  readonly total: (currency: string) => string;
  readonly paymentTerms: string;
  readonly validity: string;
  readonly validityText: (date: string) => string;
  readonly inquiry: string;
  readonly requestedDate: (date: string) => string;
  readonly requestedQuantity: (quantity: string) => string;
  readonly notes: string;
  readonly bank: string;
  readonly notCountedNote: string;
  readonly continued: string;
  readonly page: (page: number, pages: number) => string;
  readonly printedAt: (when: string) => string;
}

export const QUOTE_PDF_TEXTS: Record<PdfLanguage, QuotePdfTexts> = {
  zh: {
    lang: 'zh-CN',
    title: '报价单',
    customer: '客户',
    contact: '联系人',
    phone: '电话',
    email: '邮箱',
    taxId: '税号',
    quoteNumber: '报价单号',
    quoteDate: '报价日期',
    validUntil: '有效期至',
    owner: '销售代表',
    currency: '币种',
    columns: {
      no: '序号',
      description: '品名 / 描述',
      quantity: '数量',
      unit: '单位',
      unitPrice: (c) => `单价 (${c})`,
      discount: '折扣',
      amount: (c) => `金额 (${c})`,
    },
    sku: (sku) => `物料号 ${sku}`,
    inclusionTag: (inclusion, counted) => `${inclusion === 'optional' ? '可选' : '备选'}：${counted ? '已选，计入合计' : '未计入合计'}`,
    subtotal: '小计',
    discount: '折扣',
    freight: '运费',
    vat: (rate) => `增值税 (${rate}%)`,
    total: (c) => `合计 (${c})`,
    paymentTerms: '付款条件',
    validity: '报价有效期',
    validityText: (date) => `本报价有效期至 ${date}。`,
    inquiry: '询价要求',
    requestedDate: (date) => `要求交期：${date}`,
    requestedQuantity: (q) => `询价数量：${q}`,
    notes: '备注',
    bank: '开户银行',
    notCountedNote: '标注“可选”或“备选”的行仅供参考，选定后方计入合计。',
    continued: '（续）',
    page: (page, pages) => `第 ${page} / ${pages} 页`,
    printedAt: (when) => `打印时间 ${when}`,
  },
  en: {
    lang: 'en',
    title: 'Quotation',
    customer: 'Customer',
    contact: 'Contact',
    phone: 'Phone',
    email: 'Email',
    taxId: 'Tax ID',
    quoteNumber: 'Quote no.',
    quoteDate: 'Date',
    validUntil: 'Valid until',
    owner: 'Sales rep',
    currency: 'Currency',
    columns: {
      no: 'No.',
      description: 'Description',
      quantity: 'Qty',
      unit: 'Unit',
      unitPrice: (c) => `Unit price (${c})`,
      discount: 'Disc.',
      amount: (c) => `Amount (${c})`,
    },
    sku: (sku) => `Item no. ${sku}`,
    inclusionTag: (inclusion, counted) =>
      `${inclusion === 'optional' ? 'Optional' : 'Alternative'}: ${counted ? 'chosen, included in the total' : 'not included in the total'}`,
    subtotal: 'Subtotal',
    discount: 'Discount',
    freight: 'Freight',
    vat: (rate) => `VAT (${rate}%)`,
    total: (c) => `Total (${c})`,
    paymentTerms: 'Payment terms',
    validity: 'Validity',
    validityText: (date) => `This quotation is valid until ${date}.`,
    inquiry: 'Inquiry requirements',
    requestedDate: (date) => `Requested date: ${date}`,
    requestedQuantity: (q) => `Quantity asked: ${q}`,
    notes: 'Notes',
    bank: 'Bank',
    notCountedNote: 'Lines marked Optional or Alternative are shown for reference and count only once chosen.',
    continued: '(continued)',
    page: (page, pages) => `Page ${page} of ${pages}`,
    printedAt: (when) => `Printed ${when}`,
  },
};
