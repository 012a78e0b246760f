/** Texts of the price-policy admin screen, in both languages. */
import type { Language } from '../i18n';

export const policyTabs = ['general', 'tiers', 'regions', 'load', 'catalogue', 'indices', 'currencies'] as const;
export type PolicyTab = (typeof policyTabs)[number];

export interface PolicyMessages {
  title: string;
  intro: string;
  loading: string;
  failed: string;
  unavailable: string;
  tabs: Record<PolicyTab, string>;
  unsavedMark: string;
  save: string;
  discard: string;
  saved: string;
  refused: string;
  /** One problem in a list: where, then what. */
  problemAt: (where: string, problem: string) => string;
  addRow: string;
  removeRow: string;
  row: (n: number) => string;
  none: string;
  // Company and quotes
  companyTitle: string;
  nameZh: string;
  nameEn: string;
  addressZh: string;
  addressEn: string;
  phone: string;
  email: string;
  taxId: string;
  bank: string;
  quotesTitle: string;
  numberScheme: string;
  numberSchemeHint: string;
  vatRate: string;
  validityDays: string;
  overCap: string;
  overCapRefuse: string;
  overCapApproval: string;
  owners: string;
  ownersIntro: string;
  ownerName: string;
  // Tiers
  tiersIntro: string;
  key: string;
  labelZh: string;
  labelEn: string;
  defaultDiscount: string;
  discountCap: string;
  paymentTerms: string;
  commission: string;
  inUse: (what: 'tier' | 'region', key: string, names: readonly string[]) => string;
  // Regions
  regionsIntro: string;
  factor: string;
  freight: string;
  // Load factors
  loadIntro: string;
  productLine: string;
  reason: string;
  // Catalogue and volume breaks
  catalogueIntro: string;
  sku: string;
  unit: string;
  price: string;
  cost: string;
  breaks: string;
  breaksSummary: (kind: 'graduated' | 'block', bands: number) => string;
  breaksTitle: (sku: string) => string;
  kind: string;
  kindNone: string;
  kindGraduated: string;
  kindBlock: string;
  kindExplain: { graduated: string; block: string };
  from: string;
  to: string;
  toOpen: string;
  unitPrice: string;
  band: (n: number) => string;
  bandsProblems: string;
  close: string;
  // Market indices
  indicesIntro: string;
  seriesName: string;
  latest: string;
  points: string;
  pointsOf: (key: string) => string;
  pointCount: (n: number) => string;
  point: (n: number) => string;
  date: string;
  value: string;
  duplicateDate: (date: string) => string;
  notDate: (text: string) => string;
  importTitle: string;
  importHint: string;
  importFile: string;
  importText: string;
  importButton: string;
  importDone: (added: number, replaced: number) => string;
  importRefused: string;
  importSaveFirst: string;
  // Currencies
  currenciesIntro: string;
  code: string;
  cnyPerUnit: string;
  rateDate: string;
}

export const policyMessages: Record<Language, PolicyMessages> = {
  'zh-CN': {
    title: '价格政策',
    intro: '管理员在这里设定每份报价都会用到的政策。每一部分单独保存；被拒绝的修改不会写入，表格保留您的输入。',
    loading: '正在打开价格政策…',
    failed: '操作失败：',
    unavailable: '价格政策无法读取：',
    tabs: {
      general: '公司与报价',
      tiers: '客户等级',
      regions: '区域',
      load: '负荷系数',
      catalogue: '目录与阶梯价',
      indices: '市场指数',
      currencies: '汇率',
    },
    unsavedMark: '（未保存）',
    save: '保存',
    discard: '放弃修改',
    saved: '已保存。',
    refused: '未保存，请修改以下问题：',
    problemAt: (where, problem) => `${where}：${problem}`,
    addRow: '添加一行',
    removeRow: '删除',
    row: (n) => `第 ${n} 行`,
    none: '—',
    companyTitle: '公司信息（印在报价单上）',
    nameZh: '中文名称',
    nameEn: '英文名称',
    addressZh: '中文地址',
    addressEn: '英文地址',
    phone: '电话',
    email: '电子邮件',
    taxId: '税号',
    bank: '开户行及账号',
    quotesTitle: '报价规则',
    numberScheme: '编号规则',
    numberSchemeHint: '{YYYY} = 年份，{NNNN} = 当年流水号',
    vatRate: '增值税率 %',
    validityDays: '报价有效期（天）',
    overCap: '折扣超出等级上限时',
    overCapRefuse: '拒绝',
    overCapApproval: '转审批',
    owners: '销售人员',
    ownersIntro: '可以负责客户和报价单的销售（登录功能上线前的名单）。',
    ownerName: '姓名',
    tiersIntro: '每位客户属于一个等级；等级的默认折扣、折扣上限和付款条件用于该客户的每一份新报价。',
    key: '代码',
    labelZh: '中文名称',
    labelEn: '英文名称',
    defaultDiscount: '默认折扣 %',
    discountCap: '折扣上限 %',
    paymentTerms: '付款条件',
    commission: '提成 %',
    inUse: (what, key, names) =>
      `${what === 'tier' ? '客户等级' : '区域'}“${key}”仍被 ${names.length} 位客户使用（${names.slice(0, 3).join('、')}${names.length > 3 ? ' 等' : ''}），不能删除或改代码；请先修改这些客户。`,
    regionsIntro: '区域系数乘在价格上（1.05 = 加价 5%），运费按每份报价计一次。',
    factor: '系数',
    freight: '运费（元）',
    loadIntro: '供需负荷系数按产品线加价或让价（1.05 = 订单饱满时加价 5%）。在每一行的价格构成中，它显示为单独的一步：基价 → 负荷 → 区域 → 折扣。',
    productLine: '产品线',
    reason: '原因',
    catalogueIntro: '不经配置器、直接加入报价单的标准品与服务。每一项可以设置阶梯价。',
    sku: '物料号',
    unit: '单位',
    price: '单价（元）',
    cost: '成本（元）',
    breaks: '阶梯价',
    breaksSummary: (kind, bands) => `${kind === 'graduated' ? '累进' : '按档'} · ${bands} 档`,
    breaksTitle: (sku) => `${sku} 的阶梯价`,
    kind: '类型',
    kindNone: '无阶梯价',
    kindGraduated: '分段累进',
    kindBlock: '整单按档',
    kindExplain: {
      graduated: '分段累进：每一段的数量按该段的单价计（类似累进税率）。',
      block: '整单按档：全部数量按其所在档的单价计。',
    },
    from: '从（含）',
    to: '到（含）',
    toOpen: '留空 = 不限',
    unitPrice: '单价（元）',
    band: (n) => `第 ${n} 档`,
    bandsProblems: '阶梯价有问题：',
    close: '收起',
    indicesIntro: '铝锭、铜、钢板等市场指数。价格模型按报价日期取“当日或之前最近的值”，报价行会冻结取到的值。',
    seriesName: '名称',
    latest: '最新值',
    points: '数据点',
    pointsOf: (key) => `${key} 的数据点`,
    pointCount: (n) => `${n} 个数据点`,
    point: (n) => `第 ${n} 个数据点`,
    date: '日期',
    value: '数值',
    duplicateDate: (date) => `日期 ${date} 出现了不止一次`,
    notDate: (text) => `“${text}”不是 YYYY-MM-DD 格式的日期`,
    importTitle: '导入 CSV',
    importHint: '每行“日期,数值”，日期写作 YYYY-MM-DD，第一行可以是表头。只有全部行都正确才会导入；已有日期的值会被文件中的值替换。',
    importFile: '选择文件',
    importText: '或粘贴 CSV 内容',
    importButton: '导入',
    importDone: (added, replaced) => `已导入：新增 ${added} 个数据点，替换 ${replaced} 个。`,
    importRefused: '未导入，数据没有任何更改：',
    importSaveFirst: '本部分有未保存的修改：请先保存或放弃，再导入。',
    currenciesIntro: '以外币报价时使用的汇率：1 单位外币折合多少人民币。',
    code: '币种',
    cnyPerUnit: '1 单位 = 人民币',
    rateDate: '汇率日期',
  },
  en: {
    title: 'Price policies',
    intro: 'What admins set once for every quote. Each part is saved on its own; a refused change writes nothing and the table keeps what you typed.',
    loading: 'Opening the price policies…',
    failed: 'That did not work: ',
    unavailable: 'The price policies cannot be read: ',
    tabs: {
      general: 'Company & quotes',
      tiers: 'Tiers',
      regions: 'Regions',
      load: 'Load factors',
      catalogue: 'Catalogue & volume breaks',
      indices: 'Market indices',
      currencies: 'Currencies',
    },
    unsavedMark: ' (unsaved)',
    save: 'Save',
    discard: 'Discard changes',
    saved: 'Saved.',
    refused: 'Not saved. Please fix:',
    problemAt: (where, problem) => `${where}: ${problem}`,
    addRow: 'Add row',
    removeRow: 'Delete',
    row: (n) => `Row ${n}`,
    none: '—',
    companyTitle: 'Company (printed on quotes)',
    nameZh: 'Name (Chinese)',
    nameEn: 'Name (English)',
    addressZh: 'Address (Chinese)',
    addressEn: 'Address (English)',
    phone: 'Phone',
    email: 'E-mail',
    taxId: 'Tax ID',
    bank: 'Bank and account',
    quotesTitle: 'Quote rules',
    numberScheme: 'Numbering scheme',
    numberSchemeHint: '{YYYY} = year, {NNNN} = sequence within the year',
    vatRate: 'VAT %',
    validityDays: 'Validity (days)',
    overCap: 'A discount above the tier cap is',
    overCapRefuse: 'refused',
    overCapApproval: 'routed to approval',
    owners: 'Sales reps',
    ownersIntro: 'Who can own customers and quotes (the list until users log in).',
    ownerName: 'Name',
    tiersIntro: "Every customer has a tier; the tier's default discount, cap and payment terms apply to each new quote for that customer.",
    key: 'Key',
    labelZh: 'Label (Chinese)',
    labelEn: 'Label (English)',
    defaultDiscount: 'Default discount %',
    discountCap: 'Discount cap %',
    paymentTerms: 'Payment terms',
    commission: 'Commission %',
    inUse: (what, key, names) =>
      `${what === 'tier' ? 'Tier' : 'Region'} "${key}" is used by ${names.length} ${names.length === 1 ? 'customer' : 'customers'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); it cannot be deleted or have its key changed. Change those customers first.`,
    regionsIntro: 'The regional factor multiplies the price (1.05 = 5% more); freight is charged once per quote.',
    factor: 'Factor',
    freight: 'Freight (CNY)',
    loadIntro:
      "Supply/demand load factors raise or lower the price of a product line (1.05 = 5% more while the order book is full). Each shows as its own step in a line's price breakdown: base → load → region → discount.",
    productLine: 'Product line',
    reason: 'Reason',
    catalogueIntro: 'Standard items and services added to quotes without the configurator. Each may have volume breaks.',
    sku: 'SKU',
    unit: 'Unit',
    price: 'Price (CNY)',
    cost: 'Cost (CNY)',
    breaks: 'Volume breaks',
    breaksSummary: (kind, bands) => `${kind === 'graduated' ? 'Graduated' : 'Block'} · ${bands} ${bands === 1 ? 'band' : 'bands'}`,
    breaksTitle: (sku) => `Volume breaks of ${sku}`,
    kind: 'Kind',
    kindNone: 'No volume breaks',
    kindGraduated: 'Graduated',
    kindBlock: 'Block',
    kindExplain: {
      graduated: "Graduated: each band's units are charged at that band's unit price (like tax brackets).",
      block: 'Block: the whole quantity is charged at the unit price of the band it falls in.',
    },
    from: 'From (incl.)',
    to: 'To (incl.)',
    toOpen: 'empty = no limit',
    unitPrice: 'Unit price (CNY)',
    band: (n) => `Band ${n}`,
    bandsProblems: 'The volume breaks are not valid:',
    close: 'Close',
    indicesIntro: 'Market indices such as aluminium, copper and steel plate. Price models take the latest value on or before the quote date; a quote line freezes the value it was priced with.',
    seriesName: 'Name',
    latest: 'Latest',
    points: 'Points',
    pointsOf: (key) => `Points of ${key}`,
    pointCount: (n) => `${n} ${n === 1 ? 'point' : 'points'}`,
    point: (n) => `Point ${n}`,
    date: 'Date',
    value: 'Value',
    duplicateDate: (date) => `the date ${date} is given more than once`,
    notDate: (text) => `"${text}" is not a date written YYYY-MM-DD`,
    importTitle: 'Import CSV',
    importHint: 'One "date,value" per line, dates written YYYY-MM-DD; a header line is allowed. Nothing is imported unless every line is good; a date already in the series takes the value from the file.',
    importFile: 'Choose file',
    importText: 'or paste the CSV',
    importButton: 'Import',
    importDone: (added, replaced) => `Imported: ${added} ${added === 1 ? 'point' : 'points'} added, ${replaced} replaced.`,
    importRefused: 'Not imported; nothing was changed:',
    importSaveFirst: 'This part has unsaved edits: save or discard them before importing.',
    currenciesIntro: 'Rates for quotes in other currencies: how many CNY one unit of the currency is worth.',
    code: 'Code',
    cnyPerUnit: '1 unit = CNY',
    rateDate: 'Rate date',
  },
};
