/**
 * The one-table sections of the price policies: which columns, how a record becomes typed
 * cells and back. Amounts are shown in yuan and kept in fen; percentages as typed.
 */
import type { Customer } from '../../domain/crm/Customer';
import { yuanText } from './fieldText';
import type { PolicyMessages } from './policyMessages';
import { placeOf, type Problem } from './policyTable';
import type { TableSectionSpec } from './TableSection';

const cell = (cells: Readonly<Record<string, string>>, key: string) => (cells[key] ?? '').trim();

/** Keys customers still use that the new list no longer has: removing them would orphan those customers. */
export function keysInUse(customers: readonly Customer[], keep: ReadonlySet<string>, keyOf: (c: Customer) => string, what: 'tier' | 'region', text: PolicyMessages): Problem[] {
  const users = new Map<string, string[]>();
  for (const c of customers) {
    const key = keyOf(c);
    if (!keep.has(key)) users.set(key, [...(users.get(key) ?? []), c.name]);
  }
  return [...users].map(([key, names]) => ({ text: text.inUse(what, key, names) }));
}

export function tiersSpec(customers: () => readonly Customer[]): TableSectionSpec<'tiers'> {
  return {
    id: 'tiers',
    section: 'tiers',
    intro: (t) => t.tiersIntro,
    rowKey: 'key',
    columns: (t) => [
      { key: 'key', label: t.key, path: 'policy.key', size: 'narrow' },
      { key: 'labelZh', label: t.labelZh, path: 'label.zh' },
      { key: 'labelEn', label: t.labelEn, path: 'label.en' },
      { key: 'defaultDiscount', label: t.defaultDiscount, path: 'policy.defaultDiscountPct', size: 'narrow', numeric: true },
      { key: 'discountCap', label: t.discountCap, path: 'policy.discountCapPct', size: 'narrow', numeric: true },
      { key: 'paymentTerms', label: t.paymentTerms, path: 'policy.paymentTerms', size: 'wide' },
      { key: 'commission', label: t.commission, path: 'policy.commissionRatePct', size: 'narrow', numeric: true },
    ],
    toRows: (s) =>
      s.tiers.map((t) => ({
        key: t.policy.key,
        labelZh: t.label.zh,
        labelEn: t.label.en,
        defaultDiscount: String(t.policy.defaultDiscountPct),
        discountCap: String(t.policy.discountCapPct),
        paymentTerms: t.policy.paymentTerms,
        commission: String(t.policy.commissionRatePct),
      })),
    fromRows: (rows, reader, layout) =>
      rows.map((r, i) => ({
        label: { zh: cell(r, 'labelZh'), en: cell(r, 'labelEn') },
        policy: {
          key: cell(r, 'key'),
          defaultDiscountPct: reader.number(r.defaultDiscount, placeOf(layout, i, 'defaultDiscount')),
          discountCapPct: reader.number(r.discountCap, placeOf(layout, i, 'discountCap')),
          paymentTerms: cell(r, 'paymentTerms'),
          commissionRatePct: reader.number(r.commission, placeOf(layout, i, 'commission')),
        },
      })),
    newRow: () => ({ key: '', labelZh: '', labelEn: '', defaultDiscount: '0', discountCap: '0', paymentTerms: '', commission: '0' }),
    guard: (value, text) =>
      keysInUse(
        customers(),
        new Set(value.map((t) => t.policy.key)),
        (c) => c.tier,
        'tier',
        text,
      ),
  };
}

export function regionsSpec(customers: () => readonly Customer[]): TableSectionSpec<'regions'> {
  return {
    id: 'regions',
    section: 'regions',
    intro: (t) => t.regionsIntro,
    rowKey: 'key',
    columns: (t) => [
      { key: 'key', label: t.key, path: 'policy.region', size: 'narrow' },
      { key: 'labelZh', label: t.labelZh, path: 'label.zh' },
      { key: 'labelEn', label: t.labelEn, path: 'label.en' },
      { key: 'factor', label: t.factor, path: 'policy.factor', size: 'narrow', numeric: true },
      { key: 'freight', label: t.freight, path: 'policy.freightMinor', numeric: true },
    ],
    toRows: (s) =>
      s.regions.map((r) => ({ key: r.policy.region, labelZh: r.label.zh, labelEn: r.label.en, factor: String(r.policy.factor), freight: yuanText(r.policy.freightMinor) })),
    fromRows: (rows, reader, layout) =>
      rows.map((r, i) => ({
        label: { zh: cell(r, 'labelZh'), en: cell(r, 'labelEn') },
        policy: {
          region: cell(r, 'key'),
          factor: reader.number(r.factor, placeOf(layout, i, 'factor')),
          freightMinor: reader.yuan(r.freight, placeOf(layout, i, 'freight')),
        },
      })),
    newRow: () => ({ key: '', labelZh: '', labelEn: '', factor: '1', freight: '0' }),
    guard: (value, text) =>
      keysInUse(
        customers(),
        new Set(value.map((r) => r.policy.region)),
        (c) => c.region,
        'region',
        text,
      ),
  };
}

export const loadFactorsSpec: TableSectionSpec<'loadFactors'> = {
  id: 'load',
  section: 'loadFactors',
  intro: (t) => t.loadIntro,
  rowKey: 'productLine',
  columns: (t) => [
    { key: 'productLine', label: t.productLine, path: 'productLine' },
    { key: 'factor', label: t.factor, path: 'factor', size: 'narrow', numeric: true },
    { key: 'reason', label: t.reason, path: 'reason', size: 'wide' },
  ],
  toRows: (s) => s.loadFactors.map((f) => ({ productLine: f.productLine, factor: String(f.factor), reason: f.reason })),
  fromRows: (rows, reader, layout) =>
    rows.map((r, i) => ({ productLine: cell(r, 'productLine'), factor: reader.number(r.factor, placeOf(layout, i, 'factor')), reason: cell(r, 'reason') })),
  newRow: () => ({ productLine: '', factor: '1', reason: '' }),
};

export const currenciesSpec: TableSectionSpec<'currencies'> = {
  id: 'currencies',
  section: 'currencies',
  intro: (t) => t.currenciesIntro,
  rowKey: 'code',
  columns: (t) => [
    { key: 'code', label: t.code, path: 'code', size: 'narrow', placeholder: 'USD' },
    { key: 'cnyPerUnit', label: t.cnyPerUnit, path: 'cnyPerUnit', numeric: true },
    { key: 'date', label: t.rateDate, path: 'date', placeholder: 'YYYY-MM-DD' },
  ],
  toRows: (s) => s.currencies.map((c) => ({ code: c.code, cnyPerUnit: String(c.cnyPerUnit), date: c.date })),
  fromRows: (rows, reader, layout) =>
    rows.map((r, i) => ({ code: cell(r, 'code').toUpperCase(), cnyPerUnit: reader.number(r.cnyPerUnit, placeOf(layout, i, 'cnyPerUnit')), date: cell(r, 'date') })),
  newRow: () => ({ code: '', cnyPerUnit: '', date: new Date().toISOString().slice(0, 10) }),
};

