/**
 * Workbook format v1: the file a cost engineer writes (`workbooks/*.workbook.json`).
 * Documented in docs/workbook-format.md; keep both in step. Fields are never renamed or
 * reused with another meaning: add, do not change (old files must keep loading).
 */
import { z } from 'zod';
import { RuleList } from '../rules/ruleSchema.js';

export const WORKBOOK_FORMAT = 'suanpan.workbook/1';

/** Ids are what scripts, URLs and `--set id=value` use: ASCII, no spaces. */
const Id = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {
    message: 'must start with a letter or "_" and contain only letters, digits, "_", "." and "-"',
  })
  .max(64, { message: 'must be at most 64 characters' });

export const LocalizedText = z.strictObject({
  zh: z.string().min(1, { message: 'must not be empty' }),
  en: z.string().min(1, { message: 'must not be empty' }),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A cell: a number, text, boolean, empty, or a formula (text starting with "="). */
export const CellContent = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type CellContent = z.infer<typeof CellContent>;

const Sheet = z.strictObject({
  name: z
    .string()
    .min(1, { message: 'must not be empty' })
    .max(31, { message: 'must be at most 31 characters' })
    .refine((s) => !/[[\]*?/\\:'!·]/.test(s), { message: 'must not contain any of [ ] * ? / \\ : \' ! ·' }),
  /** Row-major block starting at A1: convenient for tables. */
  rows: z.array(z.array(CellContent)).optional(),
  /** Cells by A1 address: convenient for scattered inputs and formulas. */
  cells: z.record(z.string(), CellContent).optional(),
});
export type SheetDef = z.infer<typeof Sheet>;

const NamedExpression = z.strictObject({
  name: z.string().min(1, { message: 'must not be empty' }),
  /** A formula, usually a reference: "=Tables!$B$2" or "=Materials!$A$2:$D$9". */
  expression: z.union([z.string(), z.number(), z.boolean()]),
  comment: z.string().optional(),
});

/** Where a parameter or output lives: "Sheet!B2" (a cell) or a named expression's name. */
const Ref = z.string().min(1, { message: 'must not be empty' });

const parameterBase = {
  id: Id,
  label: LocalizedText,
  unit: z.string().optional(),
  group: z.string().optional(),
  description: LocalizedText.optional(),
  bind: Ref,
};

const NumberParameter = z.strictObject({
  ...parameterBase,
  type: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().positive({ message: 'must be greater than 0' }).optional(),
  default: z.number(),
  /**
   * Key of a market index series in the admin's price policies (e.g. "AL-A00"). A quote fills
   * the parameter with the series' value on the quote date and freezes that value on the line;
   * outside a quote (workbench, golden tests) the parameter is an ordinary input.
   */
  index: z
    .string()
    .regex(/^\S+$/, { message: 'must name a market index series, e.g. "AL-A00" (not empty, no spaces)' })
    .max(64, { message: 'must be at most 64 characters' })
    .optional(),
});

const IntegerParameter = z.strictObject({
  ...parameterBase,
  type: z.literal('integer'),
  /**
   * The model's order quantity: a quote line's quantity is written here, so the model's own
   * volume pricing applies, and the line multiplies the model's unit price by it.
   */
  quantity: z.boolean().optional(),
  min: z.number().int({ message: 'must be a whole number' }).optional(),
  max: z.number().int({ message: 'must be a whole number' }).optional(),
  step: z.number().int({ message: 'must be a whole number' }).positive({ message: 'must be greater than 0' }).optional(),
  default: z.number(),
});

export const ChoiceOption = z.strictObject({
  value: z.union([z.string().min(1, { message: 'must not be empty' }), z.number()]),
  label: LocalizedText,
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

const ChoiceParameter = z.strictObject({
  ...parameterBase,
  type: z.literal('choice'),
  options: z.array(ChoiceOption).min(1, { message: 'must list at least one option' }),
  default: z.union([z.string(), z.number()]),
});

const BooleanParameter = z.strictObject({
  ...parameterBase,
  type: z.literal('boolean'),
  default: z.boolean(),
});

const TextParameter = z.strictObject({
  ...parameterBase,
  type: z.literal('text'),
  maxLength: z.number().int().positive().optional(),
  default: z.string(),
});

/** Dates are ISO calendar dates; the engine stores them as spreadsheet serial numbers. */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' });

const DateParameter = z.strictObject({
  ...parameterBase,
  type: z.literal('date'),
  min: IsoDate.optional(),
  max: IsoDate.optional(),
  default: IsoDate,
});

export const Parameter = z.discriminatedUnion('type', [
  NumberParameter,
  IntegerParameter,
  ChoiceParameter,
  BooleanParameter,
  TextParameter,
  DateParameter,
]);
export type Parameter = z.infer<typeof Parameter>;
export type ParameterType = Parameter['type'];

export const OUTPUT_ROLES = [
  'unit_price',
  'total_price',
  'unit_cost',
  'total_cost',
  'margin',
  'lead_time',
  'weight',
  'breakdown',
  'other',
] as const;
export type OutputRole = (typeof OUTPUT_ROLES)[number];

export const Output = z.strictObject({
  id: Id,
  label: LocalizedText,
  role: z.enum(OUTPUT_ROLES),
  ref: Ref,
  unit: z.string().optional(),
  /** Money outputs are settled to the currency's minor unit; others are reported as computed. */
  money: z.boolean().optional(),
  /** For money: places kept by settlement (default 2). */
  decimals: z.number().int().min(0).max(6).optional(),
  /** Breakdown step order (waterfall), lowest first. */
  step: z.number().int().optional(),
});
export type Output = z.infer<typeof Output>;

export const ModuleInclude = z.strictObject({
  /** Alias; the module's outputs appear in formulas as `<id>.<output id>`. */
  id: Id.refine((s) => !s.includes('.'), { message: 'must not contain "."' }),
  /** Path of the module's workbook file, relative to this file. */
  file: z.string().min(1, { message: 'must not be empty' }),
  /** Module parameter id → value or formula in this workbook's context ("=DN", "=Inputs!B3"). */
  inputs: z.record(z.string(), CellContent).optional(),
});
export type ModuleInclude = z.infer<typeof ModuleInclude>;

const ExpectedValue = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.strictObject({ value: z.union([z.number(), z.string(), z.boolean()]), tolerance: z.number().min(0).optional() }),
]);

export const TestCase = z.strictObject({
  id: Id,
  description: z.string().optional(),
  given: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  expect: z.record(z.string(), ExpectedValue),
  /** Absolute tolerance for numbers in this case (default 1e-6; money is compared settled). */
  tolerance: z.number().min(0).optional(),
  /** Where the expected figures were worked out, for a reader to check. */
  source: z.string().optional(),
});
export type TestCase = z.infer<typeof TestCase>;

export const Workbook = z.strictObject({
  format: z.literal(WORKBOOK_FORMAT, { message: `must be "${WORKBOOK_FORMAT}"` }),
  id: Id,
  kind: z.enum(['product', 'module']).default('product'),
  name: LocalizedText,
  productLine: z.string().min(1, { message: 'must not be empty' }),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be a version like 1.0.0' }),
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be a 3-letter ISO 4217 code such as CNY' }),
  description: LocalizedText.optional(),
  sheets: z.array(Sheet).min(1, { message: 'must have at least one sheet' }),
  names: z.array(NamedExpression).default([]),
  parameters: z.array(Parameter).default([]),
  outputs: z.array(Output).default([]),
  modules: z.array(ModuleInclude).default([]),
  /** Configuration rules (src/domain/rules/ruleSchema.ts; docs/workbook-format.md#rules). */
  rules: RuleList.default([]),
  tests: z.array(TestCase).default([]),
});
export type Workbook = z.infer<typeof Workbook>;
export type WorkbookInput = z.input<typeof Workbook>;
