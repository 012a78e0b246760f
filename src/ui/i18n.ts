/**
 * The shell's two languages and their texts. Plain data and pure functions, so the choice
 * of language can be tested in Node without a browser.
 */

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/** The work areas of the app, in the order the navigation shows them. */
export const areaIds = ['models', 'configurator', 'quotes', 'approvals', 'customers'] as const;
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
    },
    planned: '即将推出',
    shellNotice: '这是应用框架。各功能区的界面将在后续版本中陆续加入。',
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
    },
    planned: 'coming soon',
    shellNotice: 'This is the app shell. The screens for each area arrive in later versions.',
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
