import { createEffect, createSignal, Show, type JSX } from 'solid-js';
import { PricingSettings, type PricingSection } from '../../domain/pricing/PricingSettings';
import { localMessage, problemAt } from './fieldText';
import { policyMessages, type PolicyMessages } from './policyMessages';
import { CellReader, tableProblems, type Cells, type Problem, type TableLayout } from './policyTable';
import { createSectionDraft, EditableTable, problemsByCell, SectionFrame } from './SectionParts';
import type { SectionProps } from './TableSection';

interface GeneralDraft {
  nameZh: string;
  nameEn: string;
  addressZh: string;
  addressEn: string;
  phone: string;
  email: string;
  taxId: string;
  bank: string;
  numberScheme: string;
  vatRate: string;
  validityDays: string;
  overCap: 'refuse' | 'approval';
  owners: Cells[];
}

/** Form fields: draft key, where the value sits in PricingSettings, label. */
const fields = (t: PolicyMessages) =>
  [
    { key: 'nameZh', path: 'company.name.zh', label: t.nameZh },
    { key: 'nameEn', path: 'company.name.en', label: t.nameEn },
    { key: 'addressZh', path: 'company.address.zh', label: t.addressZh },
    { key: 'addressEn', path: 'company.address.en', label: t.addressEn },
    { key: 'phone', path: 'company.phone', label: t.phone },
    { key: 'email', path: 'company.email', label: t.email },
    { key: 'taxId', path: 'company.taxId', label: t.taxId },
    { key: 'bank', path: 'company.bank', label: t.bank },
    { key: 'numberScheme', path: 'numberScheme', label: t.numberScheme },
    { key: 'vatRate', path: 'vatRatePct', label: t.vatRate },
    { key: 'validityDays', path: 'validityDays', label: t.validityDays },
    { key: 'overCap', path: 'overCap', label: t.overCap },
  ] as const;

type FieldKey = ReturnType<typeof fields>[number]['key'];

function draftOf(s: PricingSettings): GeneralDraft {
  return {
    nameZh: s.company.name.zh,
    nameEn: s.company.name.en,
    addressZh: s.company.address.zh,
    addressEn: s.company.address.en,
    phone: s.company.phone,
    email: s.company.email,
    taxId: s.company.taxId,
    bank: s.company.bank,
    numberScheme: s.numberScheme,
    vatRate: String(s.vatRatePct),
    validityDays: String(s.validityDays),
    overCap: s.overCap,
    owners: s.owners.map((name) => ({ name })),
  };
}

const GENERAL_SECTIONS = ['company', 'numberScheme', 'vatRatePct', 'validityDays', 'overCap', 'owners'] as const satisfies readonly PricingSection[];

/** Company header, numbering, VAT, validity, over-cap handling and the sales reps: saved together. */
export function GeneralSection(props: SectionProps): JSX.Element {
  const language = () => props.locale.language();
  const text = () => policyMessages[language()];
  const ownersLayout = (): TableLayout => ({ section: 'owners', columns: [{ key: 'name', label: text().ownerName, path: '' }], rowWord: text().row });
  const d = createSectionDraft(props.settings, draftOf);
  const [problems, setProblems] = createSignal<readonly Problem[]>([]);
  const [saved, setSaved] = createSignal(false);
  createEffect(() => props.onDirty(d.dirty()));

  const fieldFor = (path: string) => fields(text()).find((f) => f.path === path);
  /** Refusals on their field (`company.name.zh`) or owner row. */
  const place = (raw: readonly string[]): Problem[] =>
    raw.flatMap((p) => {
      const at = problemAt(p, 'pricing');
      if (at?.path[0] === 'owners') return tableProblems([p], ownersLayout(), language());
      const field = at ? fieldFor(at.path.join('.')) : undefined;
      return [field && at ? { cell: field.key, where: field.label, text: localMessage(at.message, language()) } : { text: p }];
    });

  const save = () => {
    const reader = new CellReader(language());
    const t = text();
    const draft = d.draft;
    const candidate: PricingSettings = {
      ...props.settings(),
      company: {
        name: { zh: draft.nameZh.trim(), en: draft.nameEn.trim() },
        address: { zh: draft.addressZh.trim(), en: draft.addressEn.trim() },
        phone: draft.phone.trim(),
        email: draft.email.trim(),
        taxId: draft.taxId.trim(),
        bank: draft.bank.trim(),
      },
      numberScheme: draft.numberScheme.trim(),
      vatRatePct: reader.number(draft.vatRate, { cell: 'vatRate', where: t.vatRate }),
      validityDays: reader.number(draft.validityDays, { cell: 'validityDays', where: t.validityDays }),
      overCap: draft.overCap,
      owners: draft.owners.map((o) => (o.name ?? '').trim()),
    };
    const read = reader.result(candidate);
    if (!read.ok) {
      setProblems(read.problems);
      return;
    }
    // Checked whole first, so the sections below are written all or none.
    const parsed = PricingSettings.safeParse(candidate);
    if (!parsed.success) {
      setProblems(place(parsed.error.issues.map((i) => `pricing.${i.path.map(String).join('.')} ${i.message}`)));
      return;
    }
    const current = props.settings();
    for (const section of GENERAL_SECTIONS) {
      if (JSON.stringify(current[section]) === JSON.stringify(parsed.data[section])) continue;
      const result = props.directory.set(section, parsed.data[section]);
      if (!result.ok) {
        setProblems(place(result.problems));
        return;
      }
    }
    setProblems([]);
    d.reset();
    setSaved(true);
  };

  const cells = () => problemsByCell(problems());
  const edit = (change: () => void) => {
    d.edit(change);
    setSaved(false);
  };

  const Field = (p: { key: Exclude<FieldKey, 'overCap'>; hint?: string; wide?: boolean; numeric?: boolean }) => {
    const field = () => fields(text()).find((f) => f.key === p.key);
    return (
      <label class="policy-field" classList={{ 'policy-field-wide': p.wide === true }}>
        <span class="policy-field-label">{field()?.label}</span>
        <input
          name={p.key}
          inputmode={p.numeric === true ? 'decimal' : undefined}
          aria-invalid={cells().has(p.key)}
          value={d.draft[p.key]}
          onInput={(e) => {
            const value = e.currentTarget.value;
            edit(() => d.setDraft(p.key, value));
          }}
        />
        <Show when={p.hint}>{(hint) => <span class="policy-hint">{hint()}</span>}</Show>
        <Show when={cells().get(p.key)}>{(problem) => <span class="field-problem">{problem()}</span>}</Show>
      </label>
    );
  };

  return (
    <SectionFrame
      id="general"
      title={text().tabs.general}
      text={text()}
      dirty={d.dirty()}
      saved={saved()}
      problems={problems()}
      onSave={save}
      onDiscard={() => {
        d.reset();
        setProblems([]);
      }}
    >
      <h4 class="policy-subtitle">{text().companyTitle}</h4>
      <div class="policy-form">
        <Field key="nameZh" />
        <Field key="nameEn" />
        <Field key="addressZh" />
        <Field key="addressEn" />
        <Field key="phone" />
        <Field key="email" />
        <Field key="taxId" />
        <Field key="bank" />
      </div>
      <h4 class="policy-subtitle">{text().quotesTitle}</h4>
      <div class="policy-form">
        <Field key="numberScheme" hint={text().numberSchemeHint} />
        <Field key="vatRate" numeric />
        <Field key="validityDays" numeric />
        <label class="policy-field">
          <span class="policy-field-label">{text().overCap}</span>
          <select
            name="overCap"
            value={d.draft.overCap}
            onChange={(e) => {
              const value = e.currentTarget.value === 'refuse' ? 'refuse' : 'approval';
              edit(() => d.setDraft('overCap', value));
            }}
          >
            <option value="refuse">{text().overCapRefuse}</option>
            <option value="approval">{text().overCapApproval}</option>
          </select>
        </label>
      </div>
      <h4 class="policy-subtitle">{text().owners}</h4>
      <p class="policy-intro">{text().ownersIntro}</p>
      <div class="policy-owners">
        <EditableTable
          columns={ownersLayout().columns}
          rows={d.draft.owners}
          text={text()}
          rowKey="name"
          testid="table-owners"
          problems={cells()}
          onCell={(row, _column, value) => edit(() => d.setDraft('owners', row, 'name', value))}
          onAdd={() => edit(() => d.setDraft('owners', (rows) => [...rows, { name: '' }]))}
          onRemove={(row) => edit(() => d.setDraft('owners', (rows) => rows.filter((_, i) => i !== row)))}
        />
      </div>
    </SectionFrame>
  );
}
