/**
 * The configuration form a model generates: its parameters as labelled fields in groups, in
 * one language. Pure data, so the UI, the CLI and tests all render the same form.
 */
import type { Parameter, Workbook } from '../workbook/schema.js';
import type { ParameterValue } from '../workbook/parameters.js';

export type Locale = 'zh' | 'en';

export interface FormOption {
  readonly value: string | number;
  /** What to type (or send) to choose it; parses back to `value`. */
  readonly text: string;
  readonly label: string;
}

interface FieldCommon {
  readonly id: string;
  readonly label: string;
  readonly unit?: string;
  readonly description?: string;
  readonly default: ParameterValue;
  /** The default as a form field shows it; parses back to `default`. */
  readonly defaultText: string;
  /** False only for text fields: an empty text is a value, an empty number is not. */
  readonly required: boolean;
}

export type FormField =
  | (FieldCommon & { readonly type: 'number' | 'integer'; readonly min?: number; readonly max?: number; readonly step?: number })
  | (FieldCommon & { readonly type: 'choice'; readonly options: readonly FormOption[] })
  | (FieldCommon & { readonly type: 'boolean' })
  | (FieldCommon & { readonly type: 'text'; readonly maxLength?: number })
  | (FieldCommon & { readonly type: 'date'; readonly min?: string; readonly max?: string });

export interface FormGroup {
  /** The parameters' `group`; null for the fields that have none (always the last group). */
  readonly id: string | null;
  readonly fields: readonly FormField[];
}

export interface ConfiguratorForm {
  readonly modelId: string;
  readonly title: string;
  readonly locale: Locale;
  readonly groups: readonly FormGroup[];
}

/** A valid value as a user would type it; `parseParameterText` reads it back to the same value. */
export function valueText(value: ParameterValue): string {
  // String() of a number is plain or `1e+21` notation, both of which the parser accepts.
  return String(value);
}

function fieldOf(p: Parameter, locale: Locale): FormField {
  const common: FieldCommon = {
    id: p.id,
    label: p.label[locale],
    ...(p.unit !== undefined ? { unit: p.unit } : {}),
    ...(p.description ? { description: p.description[locale] } : {}),
    default: p.default,
    defaultText: valueText(p.default),
    required: p.type !== 'text',
  };
  switch (p.type) {
    case 'number':
    case 'integer':
      return {
        ...common,
        type: p.type,
        ...(p.min !== undefined ? { min: p.min } : {}),
        ...(p.max !== undefined ? { max: p.max } : {}),
        ...(p.step !== undefined ? { step: p.step } : {}),
      };
    case 'choice':
      return { ...common, type: 'choice', options: p.options.map((o) => ({ value: o.value, text: valueText(o.value), label: o.label[locale] })) };
    case 'boolean':
      return { ...common, type: 'boolean' };
    case 'text':
      return { ...common, type: 'text', ...(p.maxLength !== undefined ? { maxLength: p.maxLength } : {}) };
    case 'date':
      return { ...common, type: 'date', ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) };
  }
}

/**
 * The form for `workbook`'s parameters. Groups appear in the order the model first names them,
 * fields in the model's order within each group, and ungrouped fields come last.
 *
 * @example
 * formOf(valve, 'zh').groups.map((g) => g.id) // ['size', 'materials', 'service', 'actuation', 'commercial']
 */
export function formOf(workbook: Workbook, locale: Locale): ConfiguratorForm {
  const grouped = new Map<string, FormField[]>();
  const ungrouped: FormField[] = [];
  for (const p of workbook.parameters) {
    const field = fieldOf(p, locale);
    if (p.group === undefined || p.group === '') {
      ungrouped.push(field);
      continue;
    }
    const fields = grouped.get(p.group);
    if (fields) fields.push(field);
    else grouped.set(p.group, [field]);
  }
  const groups: FormGroup[] = [...grouped].map(([id, fields]) => ({ id, fields }));
  if (ungrouped.length > 0) groups.push({ id: null, fields: ungrouped });
  return { modelId: workbook.id, title: workbook.name[locale], locale, groups };
}
