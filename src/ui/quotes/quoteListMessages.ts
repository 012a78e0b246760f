/** Texts of the quote list, the new-quote (inquiry) screen and the revision compare view. */
import type { ComparedField } from '../../domain/quote/revisions';
import type { Language } from '../i18n';

export type QuoteSortKey = 'updated' | 'quoteDate' | 'total' | 'number' | 'customer';

export interface QuoteListMessages {
  title: string;
  intro: string;
  loading: string;
  failed: string;
  search: string;
  searchPlaceholder: string;
  state: string;
  owner: string;
  productLine: string;
  anyOwner: string;
  anyProductLine: string;
  from: string;
  to: string;
  sort: string;
  sorts: Record<QuoteSortKey, string>;
  ascending: string;
  descending: string;
  clearFilters: string;
  newQuote: string;
  exportCsv: string;
  exportXlsx: string;
  exporting: string;
  exportFailed: string;
  count: (shown: number, more: boolean) => string;
  more: string;
  empty: string;
  noMatch: string;
  columns: {
    number: string;
    customer: string;
    state: string;
    quoteDate: string;
    validUntil: string;
    owner: string;
    total: string;
    margin: string;
  };
  internal: string;
  internalHint: string;
  validityPassed: string;
  expiredMark: string;
}

export interface NewQuoteMessages {
  title: string;
  intro: string;
  loading: string;
  failed: string;
  customer: string;
  customerSearch: string;
  chooseCustomer: string;
  noCustomers: string;
  newCustomer: string;
  policy: string;
  tier: string;
  region: string;
  defaultDiscount: string;
  discountCap: string;
  paymentTerms: string;
  paymentTermsOwn: string;
  owner: string;
  currency: string;
  rate: (cnyPerUnit: number, date: string) => string;
  quoteDate: string;
  inquiry: string;
  requirements: string;
  requirementsPlaceholder: string;
  quantity: string;
  requestedDate: string;
  optional: string;
  create: string;
  creating: string;
  cancel: string;
  refused: string;
  needCustomer: string;
  needRequirements: string;
  badQuantity: string;
}

export interface CompareMessages {
  title: (number: string) => string;
  loading: string;
  failed: string;
  back: string;
  revisionA: string;
  revisionB: string;
  onlyOne: string;
  same: string;
  noRevision: (n: number) => string;
  currencyDiffers: (a: string, b: string) => string;
  added: string;
  removed: string;
  changed: string;
  none: string;
  unchanged: (n: number) => string;
  lines: string;
  line: string;
  quantity: string;
  unitPrice: string;
  net: string;
  delta: string;
  change: string;
  fields: Record<ComparedField, string>;
  totals: string;
  totalsNote: string;
  totalRows: { net: string; cost: string; margin: string; marginPct: string };
  status: { added: string; removed: string; changed: string; same: string };
}

export const quoteListMessages: Record<Language, QuoteListMessages> = {
  'zh-CN': {
    title: '报价单',
    intro: '按编号、客户或产品搜索，按状态、负责人、产品线和报价日期筛选。链接保留筛选条件。',
    loading: '正在加载…',
    failed: '出错了：',
    search: '搜索',
    searchPlaceholder: '报价编号、客户、产品',
    state: '状态',
    owner: '负责人',
    productLine: '产品线',
    anyOwner: '全部负责人',
    anyProductLine: '全部产品线',
    from: '报价日期从',
    to: '至',
    sort: '排序',
    sorts: { updated: '最近更新', quoteDate: '报价日期', total: '总额', number: '编号', customer: '客户' },
    ascending: '升序',
    descending: '降序',
    clearFilters: '清除筛选',
    newQuote: '新建报价',
    exportCsv: '导出 CSV',
    exportXlsx: '导出 XLSX',
    exporting: '正在导出…',
    exportFailed: '导出失败：',
    count: (shown, more) => `显示 ${shown} 条${more ? '，还有更多' : ''}`,
    more: '加载更多',
    empty: '还没有报价单。',
    noMatch: '没有符合条件的报价单。',
    columns: {
      number: '编号',
      customer: '客户',
      state: '状态',
      quoteDate: '报价日期',
      validUntil: '有效期至',
      owner: '负责人',
      total: '总额',
      margin: '毛利率',
    },
    internal: '内部',
    internalHint: '内部数据，不会打印到报价单上',
    validityPassed: '已过有效期',
    expiredMark: '过期',
  },
  en: {
    title: 'Quotes',
    intro: 'Search by number, customer or product; filter by state, owner, product line and quote date. The link keeps the filters.',
    loading: 'Loading…',
    failed: 'Something went wrong: ',
    search: 'Search',
    searchPlaceholder: 'Quote number, customer, product',
    state: 'State',
    owner: 'Owner',
    productLine: 'Product line',
    anyOwner: 'All owners',
    anyProductLine: 'All product lines',
    from: 'Quote date from',
    to: 'to',
    sort: 'Sort',
    sorts: { updated: 'Last updated', quoteDate: 'Quote date', total: 'Total', number: 'Number', customer: 'Customer' },
    ascending: 'Ascending',
    descending: 'Descending',
    clearFilters: 'Clear filters',
    newQuote: 'New quote',
    exportCsv: 'Export CSV',
    exportXlsx: 'Export XLSX',
    exporting: 'Exporting…',
    exportFailed: 'Export failed: ',
    count: (shown, more) => `Showing ${shown}${more ? ', more to load' : ''}`,
    more: 'Load more',
    empty: 'No quotes yet.',
    noMatch: 'No quote matches.',
    columns: {
      number: 'Number',
      customer: 'Customer',
      state: 'State',
      quoteDate: 'Quote date',
      validUntil: 'Valid until',
      owner: 'Owner',
      total: 'Total',
      margin: 'Margin',
    },
    internal: 'internal',
    internalHint: 'Internal figure, never printed on the quote',
    validityPassed: 'validity passed',
    expiredMark: 'expired',
  },
};

export const newQuoteMessages: Record<Language, NewQuoteMessages> = {
  'zh-CN': {
    title: '新建报价（询价）',
    intro: '记录客户的询价。客户等级的价格政策会自动用于这张报价。',
    loading: '正在加载…',
    failed: '出错了：',
    customer: '客户',
    customerSearch: '查找客户',
    chooseCustomer: '— 选择客户 —',
    noCustomers: '没有符合的客户。',
    newCustomer: '新建客户',
    policy: '等级政策',
    tier: '客户等级',
    region: '区域',
    defaultDiscount: '默认折扣',
    discountCap: '折扣上限',
    paymentTerms: '付款条件',
    paymentTermsOwn: '（客户自己的条件，优先于等级）',
    owner: '负责人',
    currency: '币种',
    rate: (rate, date) => `1 = ${rate} 人民币（${date}）`,
    quoteDate: '报价日期',
    inquiry: '询价内容',
    requirements: '需求',
    requirementsPlaceholder: '产品、规格、数量、交期、特殊要求…',
    quantity: '数量',
    requestedDate: '要求交期',
    optional: '可选',
    create: '创建报价',
    creating: '正在创建…',
    cancel: '返回列表',
    refused: '无法创建报价：',
    needCustomer: '请选择客户。',
    needRequirements: '请填写需求。',
    badQuantity: '数量必须大于 0。',
  },
  en: {
    title: 'New quote (inquiry)',
    intro: "Record what the customer asks for. The customer tier's price policy is applied to the quote automatically.",
    loading: 'Loading…',
    failed: 'Something went wrong: ',
    customer: 'Customer',
    customerSearch: 'Find a customer',
    chooseCustomer: '— choose a customer —',
    noCustomers: 'No customer matches.',
    newCustomer: 'New customer',
    policy: 'Tier policy',
    tier: 'Tier',
    region: 'Region',
    defaultDiscount: 'Default discount',
    discountCap: 'Discount cap',
    paymentTerms: 'Payment terms',
    paymentTermsOwn: " (the customer's own terms, before the tier's)",
    owner: 'Owner',
    currency: 'Currency',
    rate: (rate, date) => `1 = ${rate} CNY (${date})`,
    quoteDate: 'Quote date',
    inquiry: 'Inquiry',
    requirements: 'Requirements',
    requirementsPlaceholder: 'Products, specifications, quantities, delivery, special requests…',
    quantity: 'Quantity',
    requestedDate: 'Requested date',
    optional: 'optional',
    create: 'Create quote',
    creating: 'Creating…',
    cancel: 'Back to the list',
    refused: 'The quote was not created: ',
    needCustomer: 'Choose a customer.',
    needRequirements: 'Write down the requirements.',
    badQuantity: 'The quantity must be greater than 0.',
  },
};

export const compareMessages: Record<Language, CompareMessages> = {
  'zh-CN': {
    title: (n) => `${n} 版本对比`,
    loading: '正在加载…',
    failed: '出错了：',
    back: '返回报价单',
    revisionA: '版本 A',
    revisionB: '版本 B',
    onlyOne: '这张报价只有一个版本。修订后即可对比。',
    same: '两边是同一个版本。',
    noRevision: (n) => `没有版本 ${n}。`,
    currencyDiffers: (a, b) => `两个版本币种不同（${a} / ${b}），差额按数值相减。`,
    added: '新增的行',
    removed: '删除的行',
    changed: '修改的行',
    none: '无',
    unchanged: (n) => `${n} 行未变`,
    lines: '逐行对比',
    line: '行',
    quantity: '数量',
    unitPrice: '单价',
    net: '净额',
    delta: '差额',
    change: '变化',
    fields: { description: '描述', quantity: '数量', unitPriceMinor: '单价', costMinor: '单位成本', discountPct: '折扣' },
    totals: '合计',
    totalsNote: '计入总额的行（不含税和运费）；成本和毛利为内部数据。',
    totalRows: { net: '净额', cost: '成本', margin: '毛利', marginPct: '毛利率' },
    status: { added: '新增', removed: '删除', changed: '修改', same: '未变' },
  },
  en: {
    title: (n) => `${n}: compare revisions`,
    loading: 'Loading…',
    failed: 'Something went wrong: ',
    back: 'Back to the quote',
    revisionA: 'Revision A',
    revisionB: 'Revision B',
    onlyOne: 'This quote has one revision only. Revise it to compare.',
    same: 'Both sides are the same revision.',
    noRevision: (n) => `There is no revision ${n}.`,
    currencyDiffers: (a, b) => `The revisions are in different currencies (${a} / ${b}); deltas subtract the numbers as they are.`,
    added: 'Lines added',
    removed: 'Lines removed',
    changed: 'Lines changed',
    none: 'none',
    unchanged: (n) => `${n} unchanged`,
    lines: 'Line by line',
    line: 'Line',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    net: 'Net',
    delta: 'Delta',
    change: 'Change',
    fields: { description: 'Description', quantity: 'Quantity', unitPriceMinor: 'Unit price', costMinor: 'Unit cost', discountPct: 'Discount' },
    totals: 'Totals',
    totalsNote: 'Lines counted in the total (before tax and freight); cost and margin are internal.',
    totalRows: { net: 'Net', cost: 'Cost', margin: 'Margin', marginPct: 'Margin %' },
    status: { added: 'added', removed: 'removed', changed: 'changed', same: 'same' },
  },
};
