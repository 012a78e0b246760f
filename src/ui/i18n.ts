/**
 * The shell's two languages and their texts. Plain data and pure functions, so the choice
 * of language can be tested in Node without a browser.
 */

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/** The work areas of the app, in the order the navigation shows them. */
export const areaIds = ['models', 'configurator', 'quotes', 'approvals', 'customers', 'policies'] as const;
export type AreaId = (typeof areaIds)[number];

export interface Messages {
  /** One line saying what the product is, under the product name. */
  tagline: string;
  /** Text of the language toggle: the name of the language it switches to, in that language. */
  switchLanguage: string;
  switchLanguageHint: string;
  navLabel: string;
  areas: Record<AreaId, string>;
  /** Marks an area whose screen does not exist yet. */
  planned: string;
  shellNotice: string;
  configurator: ConfiguratorMessages;
}

/** Texts of the sales rep's configurator: the model list, the form and the price panel. */
export interface ConfiguratorMessages {
  listTitle: string;
  listIntro: string;
  loading: string;
  /** Shown when a model cannot be opened; the technical reason follows it. */
  loadFailed: string;
  notFound: string;
  backToList: string;
  version: string;
  hash: string;
  ungrouped: string;
  price: string;
  unitPrice: string;
  totalPrice: string;
  margin: string;
  /** Marks a price that no longer matches the form because some field is invalid. */
  stale: string;
  waterfall: string;
  waterfallTotal: string;
  /** Shown when the breakdown adds up to neither the unit price nor the total price. */
  waterfallOff: string;
  required: string;
  invalid: string;
  /** Hint on a breakdown step: clicking it shows the cells behind it. */
  showCells: string;
  /** Rules: what a field may still take, and conflicts. */
  possible: string;
  notPossible: string;
  nothingPossible: string;
  mustBeOn: string;
  mustBeOff: string;
  conflictTitle: string;
  conflictChoices: string;
  unset: string;
  staleConflict: string;
  configurationName: string;
  save: string;
  saved: (name: string) => string;
  saveFailed: string;
  savedTitle: string;
  noSaved: string;
  /** Shown when no model has been released yet. */
  noReleases: string;
  /** Short name of the group ids the example models use; unknown ids show as they are. */
  groups: Record<string, string>;
}

export const messages = {
  'zh-CN': {
    tagline: '面向按订单生产的制造企业的本地优先配置报价（CPQ）工作台',
    switchLanguage: 'English',
    switchLanguageHint: 'Switch the interface to English',
    navLabel: '功能区',
    areas: {
      models: '价格模型',
      configurator: '配置器',
      quotes: '报价单',
      approvals: '审批',
      customers: '客户',
      policies: '价格政策',
    },
    planned: '即将推出',
    shellNotice: '从上方选择工作区：报价单、客户、配置器或价格模型。审批将在后续版本中加入。',
    configurator: {
      listTitle: '配置器',
      listIntro: '选择一个产品，填写配置，即时查看价格及其构成。',
      loading: '正在加载价格模型…',
      loadFailed: '无法打开价格模型：',
      notFound: '没有这个产品模型。',
      backToList: '← 全部产品',
      version: '版本',
      hash: '哈希',
      ungrouped: '其他',
      price: '价格',
      unitPrice: '单价',
      totalPrice: '总价',
      margin: '毛利',
      stale: '价格未更新：请先改正标出的字段',
      waterfall: '价格构成',
      waterfallTotal: '合计',
      waterfallOff: '价格构成与价格不一致，差额：',
      required: '必填',
      invalid: '无效的值',
      showCells: '显示这一项背后的单元格',
      possible: '可选范围：',
      notPossible: '当前不可选',
      nothingPossible: '没有可选的值',
      mustBeOn: '必须选中',
      mustBeOff: '不能选中',
      conflictTitle: '这些选择相互冲突',
      conflictChoices: '涉及的选择：',
      unset: '恢复默认',
      staleConflict: '价格未更新：当前选择违反了配置规则',
      configurationName: '配置名称',
      save: '保存配置',
      saved: (name: string) => `已保存“${name}”。`,
      saveFailed: '无法保存：',
      savedTitle: '已保存的配置',
      noSaved: '还没有保存的配置。',
      noReleases: '还没有发布的产品模型。请在“价格模型”中发布一个版本。',
      groups: {
        size: '规格',
        materials: '材料',
        service: '工况',
        actuation: '驱动',
        commercial: '商务',
        dimensions: '尺寸',
        material: '材料',
        processes: '工艺',
        profile: '型材',
        cutting: '切割',
        treatment: '表面处理',
      },
    },
  },
  en: {
    tagline: 'A local-first configure-price-quote workbench for build-to-order manufacturers',
    switchLanguage: '中文',
    switchLanguageHint: '将界面切换为中文',
    navLabel: 'Work areas',
    areas: {
      models: 'Models',
      configurator: 'Configurator',
      quotes: 'Quotes',
      approvals: 'Approvals',
      customers: 'Customers',
      policies: 'Price policies',
    },
    planned: 'coming soon',
    shellNotice: 'Pick a work area above: quotes, customers, the configurator or the price models. Approvals arrive in a later version.',
    configurator: {
      listTitle: 'Configurator',
      listIntro: 'Pick a product, fill in its configuration, and see the price and its breakdown instantly.',
      loading: 'Loading the price model…',
      loadFailed: 'The price model cannot be opened: ',
      notFound: 'There is no such product model.',
      backToList: '← All products',
      version: 'version',
      hash: 'hash',
      ungrouped: 'Other',
      price: 'Price',
      unitPrice: 'Unit price',
      totalPrice: 'Total price',
      margin: 'Margin',
      stale: 'Price not updated: correct the marked fields first',
      waterfall: 'Price breakdown',
      waterfallTotal: 'Total',
      waterfallOff: 'The breakdown does not add up to the price; difference: ',
      required: 'Required',
      invalid: 'Not a valid value',
      showCells: 'Show the cells behind this step',
      possible: 'Possible:',
      notPossible: 'Not possible now',
      nothingPossible: 'no value is possible',
      mustBeOn: 'must be on',
      mustBeOff: 'must be off',
      conflictTitle: 'These choices conflict',
      conflictChoices: 'Choices involved:',
      unset: 'back to default',
      staleConflict: 'Price not updated: the choices break a configuration rule',
      configurationName: 'Configuration name',
      save: 'Save configuration',
      saved: (name: string) => `Saved “${name}”.`,
      saveFailed: 'Cannot save: ',
      savedTitle: 'Saved configurations',
      noSaved: 'No saved configurations yet.',
      noReleases: 'No product model has been released yet. Release a version under Models.',
      groups: {
        size: 'Size',
        materials: 'Materials',
        service: 'Service',
        actuation: 'Actuation',
        commercial: 'Commercial',
        dimensions: 'Dimensions',
        material: 'Material',
        processes: 'Processes',
        profile: 'Profile',
        cutting: 'Cutting',
        treatment: 'Surface treatment',
      },
    },
  },
} satisfies Record<Language, Messages>;

/**
 * Picks the interface language from the browser's preferred languages (BCP 47 tags, most
 * preferred first): the first Chinese or English tag wins; anything else falls back to English.
 * Every Chinese variant maps to zh-CN, the only Chinese text there is.
 *
 * @example
 * pickLanguage(['fr-FR', 'zh-TW', 'en']) // 'zh-CN'
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function otherLanguage(language: Language): Language {
  return language === 'zh-CN' ? 'en' : 'zh-CN';
}
