/** Texts of sign-in, the signed-in user and the connection indicator, in both languages. */
import type { Language } from '../i18n';

export interface AccountMessages {
  signInTitle: string;
  signInIntro: string;
  username: string;
  password: string;
  signIn: string;
  signingIn: string;
  refused: string;
  /** The server could not be reached at all. */
  unreachable: string;
  signOut: string;
  roles: Record<string, string>;
  online: string;
  syncing: (pending: number) => string;
  offline: (pending: number) => string;
  connectionHint: string;
  checking: string;
}

export const accountMessages: Record<Language, AccountMessages> = {
  'zh-CN': {
    signInTitle: '登录',
    signInIntro: '此工作台由服务器提供，登录后与团队同步报价和模型。',
    username: '用户名',
    password: '密码',
    signIn: '登录',
    signingIn: '正在登录…',
    refused: '用户名或密码不正确。',
    unreachable: '无法连接服务器，请检查网络后重试。',
    signOut: '退出登录',
    roles: { admin: '管理员', engineer: '成本工程师', sales: '销售', approver: '审批人' },
    online: '在线',
    syncing: (n) => `同步中（${n} 项待上传）`,
    offline: (n) => (n > 0 ? `离线，${n} 项修改待同步` : '离线'),
    connectionHint: '修改总是先保存在本机；联网后自动与服务器合并。',
    checking: '正在连接…',
  },
  en: {
    signInTitle: 'Sign in',
    signInIntro: 'This workbench is served by a Suanpan server; sign in to share quotes and models with your team.',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    refused: 'Wrong username or password.',
    unreachable: 'The server cannot be reached. Check the network and try again.',
    signOut: 'Sign out',
    roles: { admin: 'Admin', engineer: 'Cost engineer', sales: 'Sales', approver: 'Approver' },
    online: 'Online',
    syncing: (n) => `Syncing (${n} to send)`,
    offline: (n) => (n > 0 ? `Offline, ${n} pending ${n === 1 ? 'change' : 'changes'}` : 'Offline'),
    connectionHint: 'Edits are always saved on this device first and merge with the server when it is reachable.',
    checking: 'Connecting…',
  },
};
