import { createSignal, For, Show, type JSX } from 'solid-js';
import { bandProblems, catalogueLayout, catalogueRows, nextBand, readBreaks, readCatalogue, type BreaksKind, type CatalogueRow } from './nestedDrafts';
import { policyMessages } from './policyMessages';
import { CellReader } from './policyTable';
import { EditableTable, problemsByCell, SectionFrame } from './SectionParts';
import { createSectionEditor, type SectionProps } from './TableSection';

/** The catalogue of plain items, each with an editor for its volume breaks. */
export function CatalogueSection(props: SectionProps): JSX.Element {
  const language = () => props.locale.language();
  const text = () => policyMessages[language()];
  const layout = () => catalogueLayout(text());
  const { d, edit, problems, frameProps } = createSectionEditor(props, 'catalogue', (s) => ({ rows: catalogueRows(s) }), (draft, reader) => readCatalogue(draft.rows, reader, layout()), layout);
  /** The row whose volume breaks are open. */
  const [open, setOpen] = createSignal<number>();


  const summary = (row: CatalogueRow) => (row.kind === 'none' ? text().kindNone : text().breaksSummary(row.kind, row.bands.length));
  const opened = () => {
    const i = open();
    const row = i === undefined ? undefined : d.draft.rows[i];
    return i !== undefined && row ? { index: i, row } : undefined;
  };

  return (
    <SectionFrame
      id="catalogue"
      title={text().tabs.catalogue}
      intro={text().catalogueIntro}
      text={text()}
      {...frameProps}
    >
      <EditableTable
        columns={layout().columns}
        rows={d.draft.rows.map((r) => r.cells)}
        text={text()}
        rowKey="sku"
        testid="table-catalogue"
        selected={open()}
        problems={problemsByCell(problems())}
        extraColumns={[
          {
            label: text().breaks,
            cell: (i) => (
              <button type="button" class="policy-button policy-open" data-testid="open-breaks" aria-expanded={open() === i} onClick={() => setOpen(open() === i ? undefined : i)}>
                {d.draft.rows[i] ? summary(d.draft.rows[i]) : ''}
              </button>
            ),
          },
        ]}
        onCell={(row, column, value) => edit(() => d.setDraft('rows', row, 'cells', column, value))}
        onAdd={() => edit(() => d.setDraft('rows', (rows) => [...rows, { cells: { sku: '', nameZh: '', nameEn: '', unit: '', price: '0', cost: '0', productLine: '' }, kind: 'none', bands: [] }]))}
        onRemove={(row) => {
          const o = open();
          if (o === row) setOpen(undefined);
          else if (o !== undefined && o > row) setOpen(o - 1);
          edit(() => d.setDraft('rows', (rows) => rows.filter((_, i) => i !== row)));
        }}
      />

      <Show when={opened()}>
        {(o) => {
          const i = () => o().index;
          const row = () => o().row;
          const live = () => {
            const reader = new CellReader(language());
            const breaks = readBreaks(row(), i(), reader, layout());
            return [...reader.problems.map((p) => (p.where ? text().problemAt(p.where, p.text) : p.text)), ...bandProblems(breaks)];
          };
          const setKind = (kind: BreaksKind) =>
            edit(() => {
              d.setDraft('rows', i(), 'kind', kind);
              // A first band from 1 at the item's price, so the editor never starts empty.
              if (kind !== 'none' && row().bands.length === 0) d.setDraft('rows', i(), 'bands', [{ from: '1', to: '', unitPrice: row().cells.price ?? '' }]);
            });
          return (
            <div class="policy-nested" data-testid="breaks-editor">
              <div class="policy-nested-header">
                <h4>{text().breaksTitle(row().cells.sku || text().row(i() + 1))}</h4>
                <button type="button" class="policy-button" onClick={() => setOpen(undefined)}>
                  {text().close}
                </button>
              </div>
              <label class="policy-field policy-inline">
                <span class="policy-field-label">{text().kind}</span>
                <select name="breaksKind" value={row().kind} onChange={(e) => setKind(e.currentTarget.value === 'graduated' ? 'graduated' : e.currentTarget.value === 'block' ? 'block' : 'none')}>
                  <option value="none">{text().kindNone}</option>
                  <option value="graduated">{text().kindGraduated}</option>
                  <option value="block">{text().kindBlock}</option>
                </select>
              </label>
              <Show when={row().kind !== 'none'}>
                <p class="policy-intro">{row().kind === 'graduated' ? text().kindExplain.graduated : text().kindExplain.block}</p>
                <EditableTable
                  columns={layout().nested?.columns ?? []}
                  rows={row().bands}
                  parentRow={i()}
                  text={{ ...text(), row: text().band }}
                  rowKey="from"
                  testid="table-bands"
                  problems={problemsByCell(problems())}
                  onCell={(band, column, value) => edit(() => d.setDraft('rows', i(), 'bands', band, column, value))}
                  onAdd={() => edit(() => d.setDraft('rows', i(), 'bands', (bands) => [...bands, nextBand(bands)]))}
                  onRemove={(band) => edit(() => d.setDraft('rows', i(), 'bands', (bands) => bands.filter((_, j) => j !== band)))}
                />
                <Show when={live().length > 0}>
                  <div class="policy-problems" role="status" data-testid="band-problems">
                    <p>{text().bandsProblems}</p>
                    <ul>
                      <For each={live()}>{(p) => <li>{p}</li>}</For>
                    </ul>
                  </div>
                </Show>
              </Show>
            </div>
          );
        }}
      </Show>
    </SectionFrame>
  );
}
