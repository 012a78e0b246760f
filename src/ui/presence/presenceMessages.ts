/** Texts of the presence bar and the marks on fields and cells, in both interface languages. */
import type { Language } from '../i18n';

export interface PresenceText {
  /** The bar's accessible name. */
  barLabel: string;
  /** Before the badges. */
  here: string;
  you: string;
  onlyYou: string;
  /** A person with this document open in more than one tab. */
  tabs: (count: number) => string;
  /** Tooltip of a badge: where that person is. */
  isAt: (place: string) => string;
  /** Tooltip of a badge whose person is on no field or cell in particular. */
  nowhere: string;
  roles: Readonly<Record<string, string>>;
}

export const presenceMessages: Record<Language, PresenceText> = {
  'zh-CN': {
    barLabel: '正在查看的人',
    here: '在线：',
    you: '你',
    onlyYou: '只有你',
    tabs: (count) => `${count} 个标签页`,
    isAt: (place) => `正在：${place}`,
    nowhere: '正在浏览',
    roles: { admin: '管理员', engineer: '成本工程师', sales: '销售', approver: '审批人' },
  },
  en: {
    barLabel: 'People here',
    here: 'Here:',
    you: 'you',
    onlyYou: 'only you',
    tabs: (count) => `${count} tabs`,
    isAt: (place) => `On ${place}`,
    nowhere: 'Looking around',
    roles: { admin: 'Admin', engineer: 'Cost engineer', sales: 'Sales', approver: 'Approver' },
  },
};

/** A role's name in `language`; a role the app does not know is shown as it came. */
export function roleLabel(language: Language, role: string): string {
  return presenceMessages[language].roles[role] ?? role;
}
