/**
 * Texts of the cost engineer's workbench: toolbar, formula bar, sheet tabs, grid menu and the
 * plain-language reasons behind spreadsheet errors.
 */
import type { Language } from '../i18n';

/** The error codes the engine shows in a cell. */
export const errorCodes = ['#DIV/0!', '#REF!', '#CYCLE!', '#NAME?', '#N/A', '#VALUE!', '#NUM!', '#ERROR!', '#SPILL!'] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface GridMessages {
  toolbarLabel: string;
  undo: string;
  redo: string;
  insertRowAbove: string;
  insertRowBelow: string;
  deleteRow: string;
  insertColLeft: string;
  insertColRight: string;
  deleteCol: string;
  fillDown: string;
  copy: string;
  cut: string;
  formulaBarLabel: string;
  nameBoxLabel: string;
  nameBoxHint: string;
  badAddress(text: string): string;
  /** Placeholder of the formula bar when no cell is selected. */
  noCell: string;
  sheetsLabel: string;
  addSheet: string;
  /** Default name of a new sheet; a number follows. */
  newSheetName: string;
  renameHint: string;
  moveLeft: string;
  moveRight: string;
  deleteSheet: string;
  /** Asks to confirm; the sheet's name follows. */
  confirmDeleteSheet: string;
  confirm: string;
  cancel: string;
  problemsTitle: string;
  /** The status line while the model does not load. */
  problemCount(n: number): string;
  noProblems: string;
  loading: string;
  /** The document has never loaded: formulas are shown, not calculated. */
  neverLoaded: string;
  goToCell: string;
  /** A command was refused; the reason follows. */
  refused: string;
  /** Tooltip of a formula cell whose value is from before the model stopped loading. */
  staleValue: string;
  /** Tooltip of a formula cell that has not been calculated. */
  notCalculated: string;
  /** Tooltip of a cell a load error points at; the loader's message follows. */
  cellProblem: string;
  /** Tooltip of a parameter's cell. */
  parameterCell(label: string, id: string, defaultValue: string): string;
  errors: Record<ErrorCode, string>;
}

export const gridMessages = {
  'zh-CN': {
    toolbarLabel: '工作表工具',
    undo: '撤销',
    redo: '重做',
    insertRowAbove: '在上方插入行',
    insertRowBelow: '在下方插入行',
    deleteRow: '删除行',
    insertColLeft: '在左侧插入列',
    insertColRight: '在右侧插入列',
    deleteCol: '删除列',
    fillDown: '向下填充',
    copy: '复制',
    cut: '剪切',
    formulaBarLabel: '编辑栏',
    nameBoxLabel: '名称框',
    nameBoxHint: '当前单元格；输入地址（如 Tables!B80）并按回车可跳转',
    badAddress: (text: string) => `“${text}”不是单元格地址；请输入如 B3、A1:C4 或 Tables!B80 的地址`,
    noCell: '未选择单元格',
    sheetsLabel: '工作表',
    addSheet: '新建工作表',
    newSheetName: '工作表',
    renameHint: '双击重命名',
    moveLeft: '左移工作表',
    moveRight: '右移工作表',
    deleteSheet: '删除工作表',
    confirmDeleteSheet: '删除工作表及其全部单元格？引用它的公式将变为 #REF!：',
    confirm: '删除',
    cancel: '取消',
    problemsTitle: '模型问题',
    problemCount: (n: number) => `模型有 ${n} 个问题，暂时无法计算；价格保持上一次计算的结果。`,
    noProblems: '模型可以正常计算。',
    loading: '正在计算模型…',
    neverLoaded: '模型尚未能加载：公式显示为文本，未参与计算。',
    goToCell: '定位',
    refused: '未执行：',
    staleValue: '此值来自上一次成功计算；模型当前有错误，未重新计算。',
    notCalculated: '未计算：模型当前无法加载，请查看模型问题。',
    cellProblem: '此单元格导致模型无法加载：',
    parameterCell: (label: string, id: string, value: string) => `参数“${label}”（${id}）：模型在此使用参数的值（默认 ${value}），而不是单元格里输入的值。请在侧栏修改默认值，或在配置器中选择。`,
    errors: {
      '#DIV/0!': '除数为零。',
      '#REF!': '引用的单元格、行、列或工作表已被删除，或超出工作表范围。',
      '#CYCLE!': '循环引用：公式直接或间接引用了自身。',
      '#NAME?': '未知的函数名或名称。',
      '#N/A': '查找函数没有找到匹配的值。',
      '#VALUE!': '值的类型不对，例如需要数字的地方给了文本。',
      '#NUM!': '数值无效，例如负数开平方或结果过大。',
      '#ERROR!': '公式无法解析（语法错误）。',
      '#SPILL!': '数组结果无法展开到相邻单元格。',
    },
  },
  en: {
    toolbarLabel: 'Sheet tools',
    undo: 'Undo',
    redo: 'Redo',
    insertRowAbove: 'Insert row above',
    insertRowBelow: 'Insert row below',
    deleteRow: 'Delete row',
    insertColLeft: 'Insert column left',
    insertColRight: 'Insert column right',
    deleteCol: 'Delete column',
    fillDown: 'Fill down',
    copy: 'Copy',
    cut: 'Cut',
    formulaBarLabel: 'Formula bar',
    nameBoxLabel: 'Name box',
    nameBoxHint: 'The selected cell; type an address (such as Tables!B80) and press Enter to go there',
    badAddress: (text: string) => `"${text}" is not a cell address; type one such as B3, A1:C4 or Tables!B80`,
    noCell: 'No cell selected',
    sheetsLabel: 'Sheets',
    addSheet: 'Add sheet',
    newSheetName: 'Sheet',
    renameHint: 'Double-click to rename',
    moveLeft: 'Move sheet left',
    moveRight: 'Move sheet right',
    deleteSheet: 'Delete sheet',
    confirmDeleteSheet: 'Delete this sheet and all its cells? Formulas referring to it become #REF!: ',
    confirm: 'Delete',
    cancel: 'Cancel',
    problemsTitle: 'Model problems',
    problemCount: (n: number) => `The model has ${n === 1 ? 'a problem' : `${n} problems`} and does not calculate; prices stay as last calculated.`,
    noProblems: 'The model calculates.',
    loading: 'Calculating the model…',
    neverLoaded: 'The model has not loaded yet: formulas are shown as text, not calculated.',
    goToCell: 'Go to cell',
    refused: 'Not done: ',
    staleValue: 'This value is from the last successful calculation; the model has errors and was not recalculated.',
    notCalculated: 'Not calculated: the model does not load at the moment; see the model problems.',
    cellProblem: 'This cell keeps the model from loading: ',
    parameterCell: (label: string, id: string, value: string) =>
      `Parameter “${label}” (${id}): the model uses the parameter's value here (default ${value}), not what is typed in the cell. Change the default in the side panel, or choose it in the configurator.`,
    errors: {
      '#DIV/0!': 'Division by zero.',
      '#REF!': 'Refers to a cell, row, column or sheet that was deleted, or lies outside the sheet.',
      '#CYCLE!': 'Circular reference: the formula refers to itself, directly or through other cells.',
      '#NAME?': 'Unknown function or name.',
      '#N/A': 'A lookup found no matching value.',
      '#VALUE!': 'Wrong kind of value, such as text where a number is needed.',
      '#NUM!': 'Invalid number, such as the square root of a negative number or a result too large.',
      '#ERROR!': 'The formula cannot be read (syntax error).',
      '#SPILL!': 'An array result cannot spill into the neighbouring cells.',
    },
  },
} satisfies Record<Language, GridMessages>;
