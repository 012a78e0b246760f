/** Texts of the workbench's side panel, in the app's two languages. */
import { OUTPUT_ROLES } from '../../domain/workbook/schema';
import type { OutputRole, ParameterType } from '../../domain/workbook/schema';
import type { RecordKind } from '../../sync/model/recordCommands';
import type { Language } from '../i18n';

export type PanelSection = RecordKind | 'rules' | 'info';

export interface PanelMessages {
  title: string;
  tabs: Record<PanelSection, string>;
  /** Heading of the form for a record not yet added. */
  newRecord: Record<RecordKind, string>;
  empty: string;
  columns: {
    id: string;
    label: string;
    type: string;
    bind: string;
    value: string;
    role: string;
    ref: string;
    file: string;
    inputs: string;
    name: string;
    expression: string;
    description: string;
  };
  fields: {
    id: string;
    labelZh: string;
    labelEn: string;
    type: string;
    unit: string;
    group: string;
    descriptionZh: string;
    descriptionEn: string;
    bind: string;
    default: string;
    min: string;
    max: string;
    step: string;
    maxLength: string;
    index: string;
    quantity: string;
    options: string;
    optionValue: string;
    role: string;
    ref: string;
    money: string;
    decimals: string;
    outputStep: string;
    file: string;
    inputs: string;
    inputParameter: string;
    inputValue: string;
    name: string;
    expression: string;
    comment: string;
    description: string;
    given: string;
    expect: string;
    parameter: string;
    output: string;
    expected: string;
    actual: string;
    tolerance: string;
    caseTolerance: string;
    source: string;
    modelId: string;
    kind: string;
    modelNameZh: string;
    modelNameEn: string;
    productLine: string;
    version: string;
    currency: string;
  };
  hints: {
    index: string;
    bind: string;
    ref: string;
    expression: string;
    inputs: string;
    loose: string;
    date: string;
  };
  types: Record<ParameterType, string>;
  roles: Record<OutputRole, string>;
  kinds: { product: string; module: string };
  money: { byRole: string; yes: string; no: string };
  yes: string;
  no: string;
  add: string;
  save: string;
  remove: string;
  close: string;
  addOption: string;
  addRow: string;
  removeRow: string;
  saved: string;
  removed: string;
  notSaved: string;
  changedElsewhere: string;
  goneElsewhere: string;
  loadProblems: string;
  runTests: string;
  running: string;
  notRun: string;
  runFailed: string;
  staleRun: string;
  summary: (passed: number, failed: number) => string;
  pass: string;
  fail: string;
  refusedInput: string;
}

const roleList = (names: readonly string[]): Record<OutputRole, string> =>
  Object.fromEntries(OUTPUT_ROLES.map((r, i) => [r, names[i] ?? r])) as Record<OutputRole, string>;

export const panelMessages: Record<Language, PanelMessages> = {
  'zh-CN': {
    title: '模型面板',
    tabs: { parameters: '参数', outputs: '输出', modules: '模块', names: '名称', tests: '测试用例', rules: '规则', info: '模型信息' },
    newRecord: { parameters: '新参数', outputs: '新输出', modules: '新模块引用', names: '新名称', tests: '新测试用例' },
    empty: '还没有条目。',
    columns: {
      id: '标识',
      label: '名称',
      type: '类型',
      bind: '绑定',
      value: '当前值',
      role: '用途',
      ref: '引用',
      file: '文件',
      inputs: '输入',
      name: '名称',
      expression: '表达式',
      description: '说明',
    },
    fields: {
      id: '标识（id）',
      labelZh: '名称（中文）',
      labelEn: '名称（英文）',
      type: '类型',
      unit: '单位',
      group: '分组',
      descriptionZh: '说明（中文）',
      descriptionEn: '说明（英文）',
      bind: '绑定单元格或名称',
      default: '默认值',
      min: '最小值',
      max: '最大值',
      step: '步长',
      maxLength: '最大长度',
      index: '市场指数（报价时取值）',
      quantity: '订货数量（报价行数量写入此参数）',
      options: '选项',
      optionValue: '值',
      role: '用途',
      ref: '引用单元格或名称',
      money: '按金额结算',
      decimals: '小数位数',
      outputStep: '价格构成顺序',
      file: '模块文件',
      inputs: '模块输入',
      inputParameter: '模块参数',
      inputValue: '值或公式',
      name: '名称',
      expression: '表达式',
      comment: '备注',
      description: '说明',
      given: '给定参数',
      expect: '期望输出',
      parameter: '参数',
      output: '输出',
      expected: '期望',
      actual: '实际',
      tolerance: '容差',
      caseTolerance: '本用例容差',
      source: '计算依据',
      modelId: '模型标识',
      kind: '种类',
      modelNameZh: '模型名称（中文）',
      modelNameEn: '模型名称（英文）',
      productLine: '产品线',
      version: '版本',
      currency: '币种',
    },
    hints: {
      index: '价格政策中的指数代码，如 AL-A00；留空表示不取指数',
      bind: '如 Inputs!B2，或一个名称',
      ref: '如 Calc!B20，或一个名称',
      expression: '公式如 =Tables!$B$2，或一个常数',
      inputs: '公式须写明工作表，如 =Inputs!B7',
      loose: '数字直接写；看起来像数字的文本请加引号，如 "10"',
      date: 'YYYY-MM-DD',
    },
    types: { number: '数值', integer: '整数', choice: '选项', boolean: '是/否', text: '文本', date: '日期' },
    roles: roleList(['单价', '总价', '单位成本', '总成本', '毛利', '交期', '重量', '价格构成', '其他']),
    kinds: { product: '产品', module: '模块' },
    money: { byRole: '按用途（价格与成本为金额）', yes: '是', no: '否' },
    yes: '是',
    no: '否',
    add: '新增',
    save: '保存',
    remove: '删除',
    close: '关闭',
    addOption: '添加选项',
    addRow: '添加一行',
    removeRow: '删除此行',
    saved: '已保存。',
    removed: '已删除，可撤销恢复。',
    notSaved: '未更改：',
    changedElsewhere: '打开后已被他人修改；保存只写入你改动的字段。',
    goneElsewhere: '该条目已在别处被删除或改名。你填写的内容仍保留在表单中。',
    loadProblems: '模型当前无法加载：',
    runTests: '运行测试',
    running: '正在运行…',
    notRun: '点击“运行测试”，按模型的当前内容逐一核对测试用例。',
    runFailed: '无法运行测试：',
    staleRun: '运行之后模型已有改动。',
    summary: (passed, failed) => `通过 ${passed} 个，失败 ${failed} 个`,
    pass: '通过',
    fail: '失败',
    refusedInput: '给定值无效',
  },
  en: {
    title: 'Model panel',
    tabs: { parameters: 'Parameters', outputs: 'Outputs', modules: 'Modules', names: 'Names', tests: 'Tests', rules: 'Rules', info: 'Model info' },
    newRecord: { parameters: 'New parameter', outputs: 'New output', modules: 'New module reference', names: 'New name', tests: 'New test case' },
    empty: 'Nothing here yet.',
    columns: {
      id: 'Id',
      label: 'Label',
      type: 'Type',
      bind: 'Bound to',
      value: 'Value',
      role: 'Role',
      ref: 'Reference',
      file: 'File',
      inputs: 'Inputs',
      name: 'Name',
      expression: 'Expression',
      description: 'Description',
    },
    fields: {
      id: 'Id',
      labelZh: 'Label (Chinese)',
      labelEn: 'Label (English)',
      type: 'Type',
      unit: 'Unit',
      group: 'Group',
      descriptionZh: 'Description (Chinese)',
      descriptionEn: 'Description (English)',
      bind: 'Bound cell or name',
      default: 'Default',
      min: 'Minimum',
      max: 'Maximum',
      step: 'Step',
      maxLength: 'Maximum length',
      index: 'Market index (filled in quotes)',
      quantity: 'Order quantity (a quote line writes its quantity here)',
      options: 'Options',
      optionValue: 'Value',
      role: 'Role',
      ref: 'Cell or name',
      money: 'Settle as money',
      decimals: 'Decimals',
      outputStep: 'Breakdown order',
      file: 'Module file',
      inputs: 'Module inputs',
      inputParameter: 'Module parameter',
      inputValue: 'Value or formula',
      name: 'Name',
      expression: 'Expression',
      comment: 'Comment',
      description: 'Description',
      given: 'Given parameters',
      expect: 'Expected outputs',
      parameter: 'Parameter',
      output: 'Output',
      expected: 'Expected',
      actual: 'Actual',
      tolerance: 'Tolerance',
      caseTolerance: 'Tolerance of this case',
      source: 'Worked out in',
      modelId: 'Model id',
      kind: 'Kind',
      modelNameZh: 'Model name (Chinese)',
      modelNameEn: 'Model name (English)',
      productLine: 'Product line',
      version: 'Version',
      currency: 'Currency',
    },
    hints: {
      index: 'Key of a series in the price policies, e.g. AL-A00; empty for none',
      bind: 'A cell such as Inputs!B2, or a name',
      ref: 'A cell such as Calc!B20, or a name',
      expression: 'A formula such as =Tables!$B$2, or a constant',
      inputs: 'Formulas name the sheet of every cell: =Inputs!B7',
      loose: 'Numbers as they are; quote text that looks like a number: "10"',
      date: 'YYYY-MM-DD',
    },
    types: { number: 'Number', integer: 'Whole number', choice: 'Choice', boolean: 'Yes/no', text: 'Text', date: 'Date' },
    roles: roleList(['Unit price', 'Total price', 'Unit cost', 'Total cost', 'Margin', 'Lead time', 'Weight', 'Breakdown step', 'Other']),
    kinds: { product: 'Product', module: 'Module' },
    money: { byRole: 'By role (prices and costs are money)', yes: 'Yes', no: 'No' },
    yes: 'Yes',
    no: 'No',
    add: 'Add',
    save: 'Save',
    remove: 'Remove',
    close: 'Close',
    addOption: 'Add option',
    addRow: 'Add row',
    removeRow: 'Remove row',
    saved: 'Saved.',
    removed: 'Removed. Undo brings it back.',
    notSaved: 'Nothing changed:',
    changedElsewhere: 'Changed by someone else since you opened it; saving writes only the fields you changed.',
    goneElsewhere: 'This record was removed or renamed elsewhere. What you typed is still in the form.',
    loadProblems: 'The model does not load as it is now:',
    runTests: 'Run tests',
    running: 'Running…',
    notRun: 'Run the tests to check every case against the model as it is now.',
    runFailed: 'The tests could not run:',
    staleRun: 'The model has changed since this run.',
    summary: (passed, failed) => `${passed} passed, ${failed} failed`,
    pass: 'pass',
    fail: 'fail',
    refusedInput: 'Given values refused',
  },
};
