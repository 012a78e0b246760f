/**
 * Configuration rules as a workbook file writes them (`rules`, format v1; documented in
 * docs/workbook-format.md#rules). Six kinds:
 *
 * - `requires`: whenever `if` holds, `then` must hold ("PTFE seat requires temperature ≤ 180");
 * - `excludes`: whenever `if` holds, `then` must not hold;
 * - `table`: the allowed combinations of two or more parameters, one row each;
 * - `expression`: a formula over parameter ids that must be TRUE;
 * - `range`: a parameter's range that depends on other choices, one case each;
 * - `prefer`: a soft rule: when `when` holds, prefer these values (defaults, recommendations).
 *
 * A condition is an object `{parameter: match, …}` (all must hold) or a list of such objects
 * (any may hold). A match is a value, a list of values (any of them) or a range
 * `{min, max, above, below}` (min/max inclusive, above/below exclusive).
 *
 * This file checks the shape only; what needs the parameters (unknown ids, options, types)
 * is checked by checkRules.ts. It must not import workbook/schema.ts: that file imports this one.
 */
import { z } from 'zod';
import { describeValue } from '../workbook/errors.js';
import type { JsonPathSegment } from '../workbook/errors.js';

export const RULE_KINDS = ['requires', 'excludes', 'table', 'expression', 'range', 'prefer'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

// Same rules as schema.ts's Id and LocalizedText (messages included), which cannot be imported here.
const RuleId = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {
    message: 'must start with a letter or "_" and contain only letters, digits, "_", "." and "-"',
  })
  .max(64, { message: 'must be at most 64 characters' });

const RuleText = z.strictObject({
  zh: z.string().min(1, { message: 'must not be empty' }),
  en: z.string().min(1, { message: 'must not be empty' }),
});

export const RuleScalar = z.union([z.string(), z.number(), z.boolean()], {
  error: (issue) => `expected a value (text, a number, true or false), got ${describeValue(issue.input)}`,
});
export type RuleScalar = z.infer<typeof RuleScalar>;

const boundFields = {
  min: z.number().optional(),
  max: z.number().optional(),
  above: z.number().optional(),
  below: z.number().optional(),
};

interface BoundsLike {
  min?: number | undefined;
  max?: number | undefined;
  above?: number | undefined;
  below?: number | undefined;
}

/** Problems of a set of bounds, at the field they concern. */
function boundsProblems(b: BoundsLike): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (b.min !== undefined && b.above !== undefined) out.push({ path: 'above', message: 'give either min or above, not both' });
  if (b.max !== undefined && b.below !== undefined) out.push({ path: 'below', message: 'give either max or below, not both' });
  const lower = b.min ?? b.above;
  const upper = b.max ?? b.below;
  if (lower === undefined && upper === undefined) out.push({ path: '', message: 'give at least one of min, max, above, below' });
  if (lower !== undefined && upper !== undefined) {
    const open = b.min === undefined || b.max === undefined;
    if (open ? lower >= upper : lower > upper) {
      out.push({ path: b.max !== undefined ? 'max' : 'below', message: `leaves no value: the lower bound is ${lower}, the upper ${upper}` });
    }
  }
  return out;
}

export const Bounds = z.strictObject(boundFields).superRefine((b, ctx) => {
  for (const p of boundsProblems(b)) ctx.addIssue({ code: 'custom', path: p.path === '' ? [] : [p.path], message: p.message });
});
export type Bounds = z.infer<typeof Bounds>;

/** A value, a list of values (any of them), or a range. */
export const Match = z.union([RuleScalar, z.array(RuleScalar).min(1, { message: 'must list at least one value' }), Bounds], {
  error: (issue) => `expected a value, a list of values or a range such as {"max": 180}, got ${describeValue(issue.input)}`,
});
export type Match = z.infer<typeof Match>;

/** `{parameter: match, …}`: all must hold. */
export const Conjunction = z
  .record(z.string(), Match)
  .refine((c) => Object.keys(c).length > 0, { message: 'must name at least one parameter' });
export type Conjunction = z.infer<typeof Conjunction>;

/** One conjunction, or a list of them of which any may hold. */
export const Condition = z.union([Conjunction, z.array(Conjunction).min(1, { message: 'must list at least one condition' })], {
  error: (issue) => `expected a condition such as {"seat": "PTFE"} or a list of them, got ${describeValue(issue.input)}`,
});
export type Condition = z.infer<typeof Condition>;

const base = { id: RuleId, message: RuleText };

export const RequiresRule = z.strictObject({ ...base, kind: z.literal('requires'), if: Condition, then: Condition });
export const ExcludesRule = z.strictObject({ ...base, kind: z.literal('excludes'), if: Condition, then: Condition });

export const TableRule = z
  .strictObject({
    ...base,
    kind: z.literal('table'),
    parameters: z.array(z.string()).min(2, { message: 'must name at least two parameters' }),
    allowed: z.array(z.array(Match)).min(1, { message: 'must list at least one allowed combination' }),
  })
  .superRefine((t, ctx) => {
    t.allowed.forEach((row, r) => {
      if (row.length !== t.parameters.length) {
        ctx.addIssue({ code: 'custom', path: ['allowed', r], message: `has ${row.length} ${row.length === 1 ? 'entry' : 'entries'}; expected ${t.parameters.length}, one per parameter` });
      }
    });
  });

export const ExpressionRule = z.strictObject({
  ...base,
  kind: z.literal('expression'),
  formula: z.string().refine((f) => f.startsWith('='), { message: 'must be a formula starting with "="' }),
});

export const RangeCase = z.strictObject({ when: Condition, ...boundFields }).superRefine((c, ctx) => {
  for (const p of boundsProblems(c)) ctx.addIssue({ code: 'custom', path: p.path === '' ? [] : [p.path], message: p.message });
});

export const RangeRule = z.strictObject({
  ...base,
  kind: z.literal('range'),
  parameter: z.string(),
  cases: z.array(RangeCase).min(1, { message: 'must list at least one case' }),
});

export const PreferRule = z.strictObject({
  ...base,
  kind: z.literal('prefer'),
  when: Condition.optional(),
  set: z.record(z.string(), RuleScalar).refine((s) => Object.keys(s).length > 0, { message: 'must name at least one parameter' }),
  /** Higher wins when two soft rules compete (default 1). */
  weight: z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(1000, { message: 'must be at most 1000' }).optional(),
});

const SCHEMAS = {
  requires: RequiresRule,
  excludes: ExcludesRule,
  table: TableRule,
  expression: ExpressionRule,
  range: RangeRule,
  prefer: PreferRule,
} as const;

export type RequiresRule = z.infer<typeof RequiresRule>;
export type ExcludesRule = z.infer<typeof ExcludesRule>;
export type TableRule = z.infer<typeof TableRule>;
export type ExpressionRule = z.infer<typeof ExpressionRule>;
export type RangeRule = z.infer<typeof RangeRule>;
export type PreferRule = z.infer<typeof PreferRule>;
export type Rule = RequiresRule | ExcludesRule | TableRule | ExpressionRule | RangeRule | PreferRule;

const KIND_LIST = RULE_KINDS.join(', ');

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const expected = issue.expected === 'object' || issue.expected === 'record' ? 'an object' : issue.expected === 'array' ? 'a list' : issue.expected === 'string' ? 'text' : `a ${issue.expected}`;
    if (issue.expected === 'number' && typeof issue.input === 'number') return `expected a finite number, got ${describeValue(issue.input)}`;
    return `expected ${expected}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`;
  return issue.message;
}

/** One rule: its kind's strict schema, with issues turned into our messages at their paths. */
function parseRule(value: unknown, report: (path: JsonPathSegment[], message: string) => void): Rule | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report([], `expected a rule object, got ${describeValue(value)}`);
    return undefined;
  }
  const kind = (value as Record<string, unknown>).kind;
  if (kind === undefined) {
    report(['kind'], `is required: one of ${KIND_LIST}`);
    return undefined;
  }
  if (typeof kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(kind)) {
    const shown = typeof kind === 'string' ? JSON.stringify(kind) : describeValue(kind);
    report(['kind'], `unknown kind ${shown}; expected one of ${KIND_LIST}`);
    return undefined;
  }
  const parsed = SCHEMAS[kind as RuleKind].safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) reportIssue(issue, [], report);
  return undefined;
}

/** A failed union: the branch the value was meant for (its type matched) says what is wrong inside it. */
function reportIssue(issue: z.core.$ZodIssue, base: readonly JsonPathSegment[], report: (path: JsonPathSegment[], message: string) => void): void {
  const path = [...base, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) report([...path, key], 'unknown field (check the spelling; see docs/workbook-format.md)');
    return;
  }
  if (issue.code === 'invalid_union') {
    const typeMismatch = (i: z.core.$ZodIssue) => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_union' && i.errors.every((b) => b.some(typeMismatch))));
    const meant = issue.errors.find((branch) => !branch.some(typeMismatch));
    if (meant) {
      for (const inner of meant) reportIssue(inner, path, report);
      return;
    }
  }
  report(path, issueMessage(issue));
}

/**
 * The workbook's `rules` field: each rule checked against its kind's schema. Issues come out
 * as custom issues with our own messages, so the workbook parser reports them as they are.
 */
export const RuleList = z.array(z.unknown()).transform((list, ctx): Rule[] => {
  const rules: Rule[] = [];
  list.forEach((value, index) => {
    const rule = parseRule(value, (path, message) => ctx.addIssue({ code: 'custom', path: [index, ...path], message, input: value }));
    if (rule) rules.push(rule);
  });
  return rules;
});
