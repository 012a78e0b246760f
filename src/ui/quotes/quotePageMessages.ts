/**
 * Texts of the quote page (/quotes/:quoteId) in both interface languages. Messages from the
 * quote book (refusals) arrive in English and are shown as they are.
 */
import type { QuoteActionType } from '../../domain/quote/lifecycle';
import type { QuoteEvent } from '../../domain/quote/QuoteRecord';
import type { Language } from '../i18n';

export interface QuotePageText {
  loading: string;
  loadFailed: string;
  backToList: string;
  /** The document could not be read as a quote; the problems follow. */
  unreadable: string;
  // Header
  headerTitle: string;
  customer: string;
  tier: string;
  tierPolicy: (defaultPct: number, capPct: number, overCap: 'refuse' | 'approval') => string;
  region: string;
  owner: string;
  currency: string;
  rate: (currency: string, cnyPerUnit: number) => string;
  quoteDate: string;
  validUntil: string;
  validityPassed: string;
  paymentTerms: string;
  freight: string;
  vatRate: string;
  inquiry: string;
  requirements: string;
  inquiryQuantity: string;
  requestedDate: string;
  notes: string;
  reviseToChange: string;
  required: string;
  notAnAmount: string;
  closedReadOnly: string;
  oldRevisionReadOnly: (label: string, frozenAt: string) => string;
  backToCurrent: string;
  // Lines
  linesTitle: string;
  colItem: string;
  colQuantity: string;
  colUnit: string;
  colUnitPrice: string;
  colDiscount: string;
  colNet: string;
  colCost: string;
  colMargin: string;
  colActions: string;
  internal: string;
  internalHint: string;
  noLines: string;
  version: string;
  openInConfigurator: string;
  defaults: string;
  include: string;
  choose: string;
  notCounted: string;
  needsApproval: string;
  overCapRefused: string;
  moveUp: string;
  moveDown: string;
  remove: string;
  details: string;
  inclusion: string;
  modelPrice: string;
  loadStep: string;
  regionStep: string;
  listPrice: string;
  frozenIndices: string;
  noFrozenIndices: string;
  sectionTitle: string;
  addProduct: string;
  pickModel: string;
  addCatalogue: string;
  pickItem: string;
  quantity: string;
  addSection: string;
  add: string;
  // Totals
  totalsTitle: string;
  subtotal: string;
  discount: string;
  net: string;
  vat: (pct: number) => string;
  total: string;
  cost: string;
  margin: string;
  marginPct: string;
  // Lifecycle
  lifecycleTitle: string;
  actions: Record<QuoteActionType, string>;
  reasonPrompt: string;
  confirm: string;
  cancel: string;
  approvalRequired: string;
  revise: string;
  revisionsTitle: string;
  current: string;
  compare: string;
  duplicateTitle: string;
  duplicate: string;
  pickCustomer: string;
  tierChanged: (tierLabel: string, defaultPct: number, capPct: number) => string;
  applyTier: string;
  repriceTitle: string;
  repricePreview: string;
  repriceApply: string;
  repriceNothing: string;
  repriceLine: string;
  repriceOld: string;
  repriceNew: string;
  repriceReason: string;
  repriceUnchanged: string;
  // Events
  eventsTitle: string;
  eventKinds: Record<QuoteEvent['kind'], string>;
  // Documents
  documentsTitle: string;
  pdfZh: string;
  pdfEn: string;
  csv: string;
  xlsx: string;
  working: string;
  documentFailed: string;
  refused: string;
}

export const QUOTE_PAGE_TEXT: Record<Language, QuotePageText> = {
  'zh-CN': {
    loading: '正在打开报价单…',
    loadFailed: '无法打开报价单：',
    backToList: '← 报价单列表',
    unreadable: '报价单文档无法读取：',
    headerTitle: '报价信息',
    customer: '客户',
    tier: '客户等级',
    tierPolicy: (d, c, o) => `默认折扣 ${d}%，上限 ${c}%；超过上限的折扣 → ${o === 'approval' ? '需审批' : '拒绝'}`,
    region: '区域',
    owner: '负责人',
    currency: '币种',
    rate: (cur, r) => `1 ${cur} = ${r} CNY`,
    quoteDate: '报价日期',
    validUntil: '有效期至',
    validityPassed: '已过有效期',
    paymentTerms: '付款条件',
    freight: '运费',
    vatRate: '增值税率 %',
    inquiry: '询价',
    requirements: '需求',
    inquiryQuantity: '数量',
    requestedDate: '要求交期',
    notes: '备注',
    reviseToChange: '当前状态下不可修改：请先创建新版本（修订）再修改。',
    required: '不能为空',
    notAnAmount: '不是有效的数字',
    closedReadOnly: '报价已结束，只读。',
    oldRevisionReadOnly: (label, at) => `正在查看历史版本 ${label}（冻结于 ${at}），只读。`,
    backToCurrent: '回到当前版本',
    linesTitle: '报价明细',
    colItem: '项目',
    colQuantity: '数量',
    colUnit: '单位',
    colUnitPrice: '单价',
    colDiscount: '折扣 %',
    colNet: '金额',
    colCost: '成本',
    colMargin: '毛利率',
    colActions: '操作',
    internal: '内部',
    internalHint: '内部数据，不打印、不导出',
    noLines: '还没有明细行。',
    version: '版本',
    openInConfigurator: '在配置器中打开',
    defaults: '默认配置',
    include: '计入',
    choose: '选用',
    notCounted: '不计入合计',
    needsApproval: '需审批',
    overCapRefused: '超过折扣上限，已拒绝',
    moveUp: '上移',
    moveDown: '下移',
    remove: '删除',
    details: '价格构成',
    inclusion: '行类型',
    modelPrice: '模型单价',
    loadStep: '供需系数',
    regionStep: '区域系数',
    listPrice: '报价单价',
    frozenIndices: '冻结的市场指数',
    noFrozenIndices: '未使用市场指数',
    sectionTitle: '分组标题',
    addProduct: '添加产品',
    pickModel: '已发布的产品',
    addCatalogue: '添加目录项',
    pickItem: '目录项',
    quantity: '数量',
    addSection: '添加分组',
    add: '添加',
    totalsTitle: '合计',
    subtotal: '小计',
    discount: '折扣',
    net: '折后金额',
    vat: (p) => `增值税 (${p}%)`,
    total: '总计',
    cost: '成本',
    margin: '毛利',
    marginPct: '毛利率',
    lifecycleTitle: '流程',
    actions: {
      start_design: '开始方案设计',
      mark_quoted: '标记为已报价',
      submit_for_approval: '提交审批',
      send: '发送给客户',
      mark_won: '赢单',
      mark_lost: '丢单',
      mark_expired: '标记为过期',
    },
    reasonPrompt: '原因',
    confirm: '确认',
    cancel: '取消',
    approvalRequired: '需要审批：有折扣超过客户等级的上限，发送前须先提交审批。',
    revise: '修订（新版本）',
    revisionsTitle: '版本',
    current: '当前',
    compare: '对比',
    duplicateTitle: '复制给其他客户',
    duplicate: '复制',
    pickCustomer: '客户',
    tierChanged: (t, d, c) => `客户等级已变为 ${t}（默认折扣 ${d}%，上限 ${c}%）。`,
    applyTier: '应用新等级政策',
    repriceTitle: '按市场指数重新定价',
    repricePreview: '预览重新定价',
    repriceApply: '应用新价格',
    repriceNothing: '没有使用市场指数的明细行。',
    repriceLine: '明细行',
    repriceOld: '原单价',
    repriceNew: '新单价',
    repriceReason: '原因',
    repriceUnchanged: '指数未变化',
    eventsTitle: '记录',
    eventKinds: { created: '创建', transition: '状态变更', revised: '修订', repriced: '重新定价' },
    documentsTitle: '文档',
    pdfZh: 'PDF（中文）',
    pdfEn: 'PDF (English)',
    csv: 'CSV',
    xlsx: 'XLSX',
    working: '正在生成…',
    documentFailed: '无法生成文档：',
    refused: '未执行：',
  },
  en: {
    loading: 'Opening the quote…',
    loadFailed: 'The quote cannot be opened: ',
    backToList: '← Quotes',
    unreadable: 'The quote document cannot be read: ',
    headerTitle: 'Quote',
    customer: 'Customer',
    tier: 'Tier',
    tierPolicy: (d, c, o) => `default discount ${d}%, cap ${c}%; discount above cap → ${o === 'approval' ? 'approval' : 'refused'}`,
    region: 'Region',
    owner: 'Owner',
    currency: 'Currency',
    rate: (cur, r) => `1 ${cur} = ${r} CNY`,
    quoteDate: 'Quote date',
    validUntil: 'Valid until',
    validityPassed: 'validity passed',
    paymentTerms: 'Payment terms',
    freight: 'Freight',
    vatRate: 'VAT %',
    inquiry: 'Inquiry',
    requirements: 'Requirements',
    inquiryQuantity: 'Quantity',
    requestedDate: 'Requested date',
    notes: 'Notes',
    reviseToChange: 'Not editable in this state: revise to change.',
    required: 'is required',
    notAnAmount: 'is not a number',
    closedReadOnly: 'The quote is closed; read-only.',
    oldRevisionReadOnly: (label, at) => `Viewing earlier revision ${label} (frozen ${at}), read-only.`,
    backToCurrent: 'Back to the current revision',
    linesTitle: 'Lines',
    colItem: 'Item',
    colQuantity: 'Qty',
    colUnit: 'Unit',
    colUnitPrice: 'Unit price',
    colDiscount: 'Discount %',
    colNet: 'Amount',
    colCost: 'Cost',
    colMargin: 'Margin %',
    colActions: 'Actions',
    internal: 'internal',
    internalHint: 'Internal: never printed or exported',
    noLines: 'No lines yet.',
    version: 'version',
    openInConfigurator: 'open in configurator',
    defaults: 'default configuration',
    include: 'include',
    choose: 'choose',
    notCounted: 'not counted',
    needsApproval: 'needs approval',
    overCapRefused: 'above the discount cap: refused',
    moveUp: 'Move up',
    moveDown: 'Move down',
    remove: 'Delete',
    details: 'Price steps',
    inclusion: 'Line type',
    modelPrice: 'Model price',
    loadStep: 'Load factor',
    regionStep: 'Region',
    listPrice: 'Unit price',
    frozenIndices: 'Frozen market indices',
    noFrozenIndices: 'No market index used',
    sectionTitle: 'Section title',
    addProduct: 'Add product',
    pickModel: 'Released product',
    addCatalogue: 'Add catalogue item',
    pickItem: 'Catalogue item',
    quantity: 'Quantity',
    addSection: 'Add section',
    add: 'Add',
    totalsTitle: 'Totals',
    subtotal: 'Subtotal',
    discount: 'Discount',
    net: 'Net',
    vat: (p) => `VAT (${p}%)`,
    total: 'Total',
    cost: 'Cost',
    margin: 'Margin',
    marginPct: 'Margin %',
    lifecycleTitle: 'Lifecycle',
    actions: {
      start_design: 'Start design',
      mark_quoted: 'Mark quoted',
      submit_for_approval: 'Submit for approval',
      send: 'Send',
      mark_won: 'Won',
      mark_lost: 'Lost',
      mark_expired: 'Mark expired',
    },
    reasonPrompt: 'Reason',
    confirm: 'Confirm',
    cancel: 'Cancel',
    approvalRequired: 'Approval required: a discount is above the tier cap; submit for approval before sending.',
    revise: 'Revise (new revision)',
    revisionsTitle: 'Revisions',
    current: 'current',
    compare: 'compare',
    duplicateTitle: 'Duplicate for another customer',
    duplicate: 'Duplicate',
    pickCustomer: 'Customer',
    tierChanged: (t, d, c) => `The customer's tier is now ${t} (default discount ${d}%, cap ${c}%).`,
    applyTier: 'Apply tier',
    repriceTitle: 'Reprice from market indices',
    repricePreview: 'Preview reprice',
    repriceApply: 'Apply new prices',
    repriceNothing: 'No line uses a market index.',
    repriceLine: 'Line',
    repriceOld: 'Old unit price',
    repriceNew: 'New unit price',
    repriceReason: 'Reason',
    repriceUnchanged: 'no index moved',
    eventsTitle: 'Events',
    eventKinds: { created: 'created', transition: 'state change', revised: 'revised', repriced: 'repriced' },
    documentsTitle: 'Documents',
    pdfZh: 'PDF (中文)',
    pdfEn: 'PDF (English)',
    csv: 'CSV',
    xlsx: 'XLSX',
    working: 'Working…',
    documentFailed: 'The document could not be made: ',
    refused: 'Not done: ',
  },
};
