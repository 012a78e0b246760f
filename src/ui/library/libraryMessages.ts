/** Texts of the model library and the model screen around the workbench, in both languages. */
import type { Language } from '../i18n';

export interface LibraryMessages {
  title: string;
  intro: string;
  loading: string;
  search: string;
  searchPlaceholder: string;
  empty: string;
  noMatch: string;
  name: string;
  productLine: string;
  kind: string;
  kinds: { product: string; module: string };
  version: string;
  updated: string;
  actions: string;
  open: string;
  configure: string;
  duplicate: string;
  rename: string;
  renameSave: string;
  cancel: string;
  remove: string;
  removed: (name: string) => string;
  undo: string;
  newModel: string;
  nameZh: string;
  nameEn: string;
  create: string;
  importXlsx: string;
  importing: string;
  imported: (name: string) => string;
  importFailed: string;
  importProblems: string;
  failed: string;
  backToLibrary: string;
  release: string;
  releaseVersion: string;
  releaseDone: (version: string, hash: string) => string;
  releaseSame: (version: string) => string;
  releaseFailed: string;
  exportXlsx: string;
  openFailed: string;
  notFound: string;
}

export const libraryMessages: Record<Language, LibraryMessages> = {
  'zh-CN': {
    title: '价格模型',
    intro: '成本工程师在这里建立和维护产品的价格模型：表格、参数、输出、模块和测试用例。',
    loading: '正在打开模型库…',
    search: '搜索',
    searchPlaceholder: '按名称或产品线搜索',
    empty: '模型库是空的。',
    noMatch: '没有符合条件的模型。',
    name: '名称',
    productLine: '产品线',
    kind: '类型',
    kinds: { product: '产品', module: '模块' },
    version: '版本',
    updated: '更新于',
    actions: '操作',
    open: '打开',
    configure: '配置',
    duplicate: '复制',
    rename: '重命名',
    renameSave: '保存',
    cancel: '取消',
    remove: '删除',
    removed: (name) => `已删除“${name}”。`,
    undo: '撤销',
    newModel: '新建模型',
    nameZh: '中文名称',
    nameEn: '英文名称',
    create: '新建',
    importXlsx: '导入 XLSX',
    importing: '正在导入…',
    imported: (name) => `已导入“${name}”。`,
    importFailed: '无法导入：',
    importProblems: '以下内容未能按原样导入：',
    failed: '操作失败：',
    backToLibrary: '← 模型库',
    release: '发布版本',
    releaseVersion: '版本号',
    releaseDone: (version, hash) => `已发布 ${version}（哈希 ${hash}）。`,
    releaseSame: (version) => `内容与已发布的 ${version} 相同，无需重复发布。`,
    releaseFailed: '无法发布：',
    exportXlsx: '导出 XLSX',
    openFailed: '无法打开模型：',
    notFound: '模型库中没有这个模型。',
  },
  en: {
    title: 'Price models',
    intro: "Cost engineers build and maintain each product's price model here: sheets, parameters, outputs, modules and test cases.",
    loading: 'Opening the model library…',
    search: 'Search',
    searchPlaceholder: 'Search by name or product line',
    empty: 'The library is empty.',
    noMatch: 'No model matches.',
    name: 'Name',
    productLine: 'Product line',
    kind: 'Kind',
    kinds: { product: 'Product', module: 'Module' },
    version: 'Version',
    updated: 'Updated',
    actions: 'Actions',
    open: 'Open',
    configure: 'Configure',
    duplicate: 'Duplicate',
    rename: 'Rename',
    renameSave: 'Save',
    cancel: 'Cancel',
    remove: 'Delete',
    removed: (name) => `Deleted “${name}”.`,
    undo: 'Undo',
    newModel: 'New model',
    nameZh: 'Chinese name',
    nameEn: 'English name',
    create: 'Create',
    importXlsx: 'Import XLSX',
    importing: 'Importing…',
    imported: (name) => `Imported “${name}”.`,
    importFailed: 'Cannot import: ',
    importProblems: 'Not imported as it was:',
    failed: 'That did not work: ',
    backToLibrary: '← Model library',
    release: 'Release version',
    releaseVersion: 'Version',
    releaseDone: (version, hash) => `Released ${version} (hash ${hash}).`,
    releaseSame: (version) => `Same content as the released ${version}; nothing new to release.`,
    releaseFailed: 'Cannot release: ',
    exportXlsx: 'Export XLSX',
    openFailed: 'The model cannot be opened: ',
    notFound: 'There is no such model in the library.',
  },
};
