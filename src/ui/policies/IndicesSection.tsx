import { createSignal, Show, type JSX } from 'solid-js';
import type { DirectoryStore } from '../../sync/directory/directoryStore';
import type { Locale } from '../locale';
import { indexCsvProblem } from './indexCsvText';
import { indicesLayout, latestPoint, readIndices, seriesRows } from './nestedDrafts';
import { policyMessages } from './policyMessages';
import type { Problem } from './policyTable';
import { EditableTable, ProblemList, problemsByCell, SectionFrame } from './SectionParts';
import { createSectionEditor, type SectionProps } from './TableSection';

/** Market index series; each opens to its points and a CSV import. */
export function IndicesSection(props: SectionProps): JSX.Element {
  const language = () => props.locale.language();
  const text = () => policyMessages[language()];
  const layout = () => indicesLayout(text());
  const { d, edit, problems, frameProps } = createSectionEditor(props, 'indices', (s) => ({ rows: seriesRows(s) }), (draft, reader) => readIndices(draft.rows, reader, layout(), text()), layout);
  const [open, setOpen] = createSignal<number>();


  const opened = () => {
    const i = open();
    const row = i === undefined ? undefined : d.draft.rows[i];
    return i !== undefined && row ? { index: i, row } : undefined;
  };

  return (
    <SectionFrame
      id="indices"
      title={text().tabs.indices}
      intro={text().indicesIntro}
      text={text()}
      {...frameProps}
    >
      <EditableTable
        columns={layout().columns}
        rows={d.draft.rows.map((r) => r.cells)}
        text={text()}
        rowKey="key"
        testid="table-indices"
        selected={open()}
        problems={problemsByCell(problems())}
        extraColumns={[
          {
            label: text().latest,
            cell: (i) => {
              const latest = () => latestPoint(d.draft.rows[i]?.points ?? []);
              return (
                <span class="policy-latest" data-testid="series-latest">
                  {latest() ? `${latest()?.value} (${latest()?.date})` : text().none}
                </span>
              );
            },
          },
          {
            label: text().points,
            cell: (i) => (
              <button type="button" class="policy-button policy-open" data-testid="open-points" aria-expanded={open() === i} onClick={() => setOpen(open() === i ? undefined : i)}>
                {text().pointCount(d.draft.rows[i]?.points.length ?? 0)}
              </button>
            ),
          },
        ]}
        onCell={(row, column, value) => edit(() => d.setDraft('rows', row, 'cells', column, value))}
        onAdd={() => edit(() => d.setDraft('rows', (rows) => [...rows, { cells: { key: '', name: '', unit: '' }, points: [] }]))}
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
          return (
            <div class="policy-nested" data-testid="points-editor">
              <div class="policy-nested-header">
                <h4>{text().pointsOf(row().cells.key || text().row(i() + 1))}</h4>
                <button type="button" class="policy-button" onClick={() => setOpen(undefined)}>
                  {text().close}
                </button>
              </div>
              <div class="policy-nested-body">
                <div class="policy-points">
                  <EditableTable
                    columns={layout().nested?.columns ?? []}
                    rows={row().points}
                    parentRow={i()}
                    text={{ ...text(), row: text().point }}
                    rowKey="date"
                    testid="table-points"
                    problems={problemsByCell(problems())}
                    onCell={(point, column, value) => edit(() => d.setDraft('rows', i(), 'points', point, column, value))}
                    onAdd={() => edit(() => d.setDraft('rows', i(), 'points', (points) => [...points, { date: new Date().toISOString().slice(0, 10), value: '' }]))}
                    onRemove={(point) => edit(() => d.setDraft('rows', i(), 'points', (points) => points.filter((_, j) => j !== point)))}
                  />
                </div>
                <CsvImport directory={props.directory} locale={props.locale} seriesKey={props.settings().indices[i()]?.key} blocked={d.dirty()} />
              </div>
            </div>
          );
        }}
      </Show>
    </SectionFrame>
  );
}

/**
 * `date,value` lines into the stored series, all or nothing (DirectoryStore.importIndexCsv).
 * It writes the stored series, so it waits until the section's own edits are saved or discarded.
 */
function CsvImport(props: { directory: DirectoryStore; locale: Locale; seriesKey: string | undefined; blocked: boolean }): JSX.Element {
  const language = () => props.locale.language();
  const text = () => policyMessages[language()];
  const [csv, setCsv] = createSignal('');
  const [done, setDone] = createSignal<string>();
  const [refused, setRefused] = createSignal<readonly Problem[]>([]);

  const importText = (content: string) => {
    setDone(undefined);
    setRefused([]);
    const key = props.seriesKey;
    if (key === undefined || props.blocked) {
      setRefused([{ text: text().importSaveFirst }]);
      return;
    }
    const result = props.directory.importIndexCsv(key, content);
    if (result.ok) {
      setDone(text().importDone(result.added ?? 0, result.replaced ?? 0));
      setCsv('');
    } else setRefused(result.problems.map((p) => ({ text: indexCsvProblem(p, language()) })));
  };

  return (
    <div class="policy-import" data-testid="csv-import">
      <h4>{text().importTitle}</h4>
      <p class="policy-hint">{text().importHint}</p>
      <Show when={props.blocked}>
        <p class="policy-hint policy-warning">{text().importSaveFirst}</p>
      </Show>
      <label class="policy-button policy-file">
        {text().importFile}
        <input
          type="file"
          accept=".csv,text/csv,text/plain"
          data-testid="csv-file"
          disabled={props.blocked}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void file.text().then(importText);
          }}
        />
      </label>
      <label class="policy-field">
        <span class="policy-field-label">{text().importText}</span>
        <textarea rows="5" data-testid="csv-text" placeholder={'date,value\n2026-12-01,21700'} value={csv()} onInput={(e) => setCsv(e.currentTarget.value)} />
      </label>
      <button type="button" class="policy-button policy-primary" data-testid="csv-submit" disabled={props.blocked || csv().trim() === ''} onClick={() => importText(csv())}>
        {text().importButton}
      </button>
      <Show when={done()}>
        {(message) => (
          <p class="policy-saved" role="status" data-testid="csv-done">
            {message()}
          </p>
        )}
      </Show>
      <ProblemList title={text().importRefused} problems={refused()} testid="csv-problems" text={text()} />
    </div>
  );
}
