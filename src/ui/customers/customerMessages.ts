/** Texts of the customer list and the customer page, in both languages. */
import type { Language } from '../i18n';

export interface CustomerMessages {
  title: string;
  intro: string;
  loading: string;
  failed: string;
  search: string;
  searchPlaceholder: string;
  all: string;
  sort: string;
  sortName: string;
  sortUpdated: string;
  /** e.g. "12 customers" or "first 25 customers" when more can be loaded. */
  count: (shown: number, more: boolean) => string;
  more: string;
  empty: string;
  noMatch: string;
  newCustomer: string;
  updated: string;
  backToList: string;
  notFound: string;
  // Fields
  name: string;
  industry: string;
  region: string;
  tier: string;
  paymentTerms: string;
  paymentTermsPlaceholder: (terms: string) => string;
  creditLimit: string;
  taxId: string;
  owner: string;
  notes: string;
  choose: string;
  contacts: string;
  contactName: string;
  contactRole: string;
  contactPhone: string;
  contactEmail: string;
  addContact: string;
  removeContact: string;
  noContacts: string;
  // Tier card
  tierPolicy: (label: string) => string;
  defaultDiscount: string;
  discountCap: string;
  commission: string;
  tierPaymentTerms: string;
  noTier: string;
  // Saving, deleting
  create: string;
  save: string;
  created: (name: string) => string;
  saved: (name: string) => string;
  refused: string;
  /** One refusal in the list beside the form: where, then what. */
  problemAt: (field: string, message: string) => string;
  remove: string;
  removed: (name: string) => string;
  undo: string;
  deletedBanner: string;
  restore: string;
  policiesUnavailable: string;
  // Quotes of the customer
  quotes: string;
  quoteNumber: string;
  quoteState: string;
  quoteDate: string;
  quoteTotal: string;
  noQuotes: string;
  moreQuotes: (shown: number) => string;
  newQuote: string;
  inquiry: string;
  requirements: string;
  requirementsPlaceholder: string;
  quantity: string;
  requestedDate: string;
  createQuote: string;
  cancel: string;
  quoteFailed: string;
  optional: string;
}

export const customerMessages: Record<Language, CustomerMessages> = {
  'zh-CN': {
    title: '客户',
    intro: '重点客户管理：客户等级及其价格政策、区域、负责销售、联系人和报价记录。',
    loading: '正在打开客户列表…',
    failed: '操作失败：',
    search: '搜索',
    searchPlaceholder: '按名称、税号、行业或联系人搜索',
    all: '全部',
    sort: '排序',
    sortName: '按名称',
    sortUpdated: '按最近更新',
    count: (shown, more) => (more ? `显示前 ${shown} 位客户` : `共 ${shown} 位客户`),
    more: '加载更多',
    empty: '还没有客户。',
    noMatch: '没有符合条件的客户。',
    newCustomer: '新建客户',
    updated: '更新于',
    backToList: '← 客户列表',
    notFound: '没有这个客户。',
    name: '客户名称',
    industry: '行业',
    region: '区域',
    tier: '客户等级',
    paymentTerms: '付款条件',
    paymentTermsPlaceholder: (terms) => `留空 = 沿用客户等级的付款条件：${terms}`,
    creditLimit: '信用额度（元）',
    taxId: '统一社会信用代码 / 税号',
    owner: '负责销售',
    notes: '备注',
    choose: '— 请选择 —',
    contacts: '联系人',
    contactName: '姓名',
    contactRole: '职务',
    contactPhone: '电话',
    contactEmail: '电子邮件',
    addContact: '添加联系人',
    removeContact: '移除',
    noContacts: '还没有联系人。',
    tierPolicy: (label) => `${label}的价格政策`,
    defaultDiscount: '默认折扣',
    discountCap: '折扣上限',
    commission: '提成比例',
    tierPaymentTerms: '付款条件',
    noTier: '选择客户等级后，这里显示它的价格政策。',
    create: '创建客户',
    save: '保存',
    created: (name) => `已创建“${name}”。`,
    saved: (name) => `已保存“${name}”。`,
    refused: '未保存，请修改以下问题：',
    problemAt: (field, message) => `${field}：${message}`,
    remove: '删除客户',
    removed: (name) => `已删除“${name}”。`,
    undo: '撤销',
    deletedBanner: '该客户已删除；引用它的报价单仍然可以打开。',
    restore: '恢复客户',
    policiesUnavailable: '价格政策无法读取：',
    quotes: '报价单',
    quoteNumber: '编号',
    quoteState: '状态',
    quoteDate: '报价日期',
    quoteTotal: '含税合计',
    noQuotes: '这个客户还没有报价单。',
    moreQuotes: (shown) => `仅显示最近 ${shown} 份。`,
    newQuote: '新建报价',
    inquiry: '询价',
    requirements: '客户需求',
    requirementsPlaceholder: '例如：DN200 PN16 电动蝶阀 12 台，介质循环水',
    quantity: '数量',
    requestedDate: '要求交期',
    createQuote: '创建报价单',
    cancel: '取消',
    quoteFailed: '无法创建报价单：',
    optional: '（可选）',
  },
  en: {
    title: 'Customers',
    intro: 'Key accounts: each customer’s tier and its price policy, region, owner, contacts and quotes.',
    loading: 'Opening the customers…',
    failed: 'That did not work: ',
    search: 'Search',
    searchPlaceholder: 'Search by name, tax ID, industry or contact',
    all: 'All',
    sort: 'Sort',
    sortName: 'By name',
    sortUpdated: 'Recently updated',
    count: (shown, more) => (more ? `First ${shown} customers` : `${shown} ${shown === 1 ? 'customer' : 'customers'}`),
    more: 'More',
    empty: 'No customers yet.',
    noMatch: 'No customer matches.',
    newCustomer: 'New customer',
    updated: 'Updated',
    backToList: '← Customers',
    notFound: 'There is no such customer.',
    name: 'Name',
    industry: 'Industry',
    region: 'Region',
    tier: 'Tier',
    paymentTerms: 'Payment terms',
    paymentTermsPlaceholder: (terms) => `Empty = the tier’s terms: ${terms}`,
    creditLimit: 'Credit limit (CNY)',
    taxId: 'Tax ID',
    owner: 'Owner',
    notes: 'Notes',
    choose: '— choose —',
    contacts: 'Contacts',
    contactName: 'Name',
    contactRole: 'Role',
    contactPhone: 'Phone',
    contactEmail: 'E-mail',
    addContact: 'Add contact',
    removeContact: 'Remove',
    noContacts: 'No contacts yet.',
    tierPolicy: (label) => `Policy of tier ${label}`,
    defaultDiscount: 'Default discount',
    discountCap: 'Discount cap',
    commission: 'Commission',
    tierPaymentTerms: 'Payment terms',
    noTier: 'Choose a tier to see its price policy here.',
    create: 'Create customer',
    save: 'Save',
    created: (name) => `Created “${name}”.`,
    saved: (name) => `Saved “${name}”.`,
    refused: 'Not saved. Please fix:',
    problemAt: (field, message) => `${field}: ${message}`,
    remove: 'Delete customer',
    removed: (name) => `Deleted “${name}”.`,
    undo: 'Undo',
    deletedBanner: 'This customer is deleted; quotes that name it still open.',
    restore: 'Restore customer',
    policiesUnavailable: 'The price policies cannot be read: ',
    quotes: 'Quotes',
    quoteNumber: 'Number',
    quoteState: 'State',
    quoteDate: 'Quote date',
    quoteTotal: 'Total incl. VAT',
    noQuotes: 'No quotes for this customer yet.',
    moreQuotes: (shown) => `Showing the latest ${shown}.`,
    newQuote: 'New quote',
    inquiry: 'Inquiry',
    requirements: 'Requirements',
    requirementsPlaceholder: 'e.g. 12 electric butterfly valves DN200 PN16 for circulating water',
    quantity: 'Quantity',
    requestedDate: 'Requested date',
    createQuote: 'Create quote',
    cancel: 'Cancel',
    quoteFailed: 'Cannot create the quote: ',
    optional: ' (optional)',
  },
};
