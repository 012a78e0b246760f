import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import type { ModelEntry } from '../../store/modelEntry';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import { useServices, type AppStorage } from '../services';
import { libraryMessages } from './libraryMessages';
import './library.css';

/** The cost engineer's model library: search, create, import, duplicate, rename, delete (with undo). */
export default function LibraryPage(props: { locale: Locale }): JSX.Element {
  const services = useServices();
  const text = () => libraryMessages[props.locale.language()];
  const [storage] = createResource(() => services.storage());

  return (
    <section class="library">
      <h2>{text().title}</h2>
      <p class="library-intro">{text().intro}</p>
      <Show when={!storage.error} fallback={<p class="library-problem">{text().failed + String(storage.error)}</p>}>
        <Show when={storage()} fallback={<p>{text().loading}</p>}>{(s) => <Library storage={s()} locale={props.locale} />}</Show>
      </Show>
    </section>
  );
}

function entryName(entry: ModelEntry, language: Language): string {
  return language === 'zh-CN' ? entry.nameZh : entry.nameEn;
}

function Library(props: { storage: AppStorage; locale: Locale }): JSX.Element {
  const library = props.storage.library;
  const navigate = useNavigate();
  const text = () => libraryMessages[props.locale.language()];
  const [query, setQuery] = createSignal('');
  const [version, setVersion] = createSignal(0);
  const [entries] = createResource(
    () => ({ q: query(), v: version(), language: props.locale.language() }),
    ({ q, language }) => library.list(q, { language: language === 'zh-CN' ? 'zh' : 'en' }),
  );
  const [problem, setProblem] = createSignal<string>();
  const [removed, setRemoved] = createSignal<ModelEntry>();
  const [renaming, setRenaming] = createSignal<string>();
  const [importReport, setImportReport] = createSignal<{ title: string; lines: string[] }>();

  /** Runs an edit of the library, then lists again; a refusal is shown, never thrown away. */
  const act = async (edit: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await edit();
    } catch (e) {
      setProblem(text().failed + (e instanceof Error ? e.message : String(e)));
    }
    setVersion((n) => n + 1);
  };

  const remove = (entry: ModelEntry) =>
    act(async () => {
      await library.remove(entry.id);
      setRemoved(entry);
    });
  const undoRemove = (entry: ModelEntry) =>
    act(async () => {
      await library.restore(entry.id);
      setRemoved(undefined);
    });

  const importFile = async (file: File) => {
    setImportReport({ title: text().importing, lines: [] });
    const { importXlsx } = await import('../../domain/workbook/xlsx');
    const result = await importXlsx(new Uint8Array(await file.arrayBuffer()), file.name);
    const lines = result.problems.map((p) => [p.sheet, p.cell].filter(Boolean).join('!') + (p.sheet || p.cell ? ': ' : '') + p.message);
    if (!result.workbook) {
      setImportReport({ title: text().importFailed, lines });
      return;
    }
    const workbook = result.workbook;
    await act(async () => {
      const entry = await library.importWorkbook(workbook);
      setImportReport({ title: text().imported(entryName(entry, props.locale.language())) + (lines.length > 0 ? ' ' + text().importProblems : ''), lines });
    });
  };

  return (
    <div class="library-body">
      <div class="library-tools">
        <label class="library-search">
          <span>{text().search}</span>
          <input type="search" data-testid="library-search" placeholder={text().searchPlaceholder} value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        </label>
        <label class="library-import button">
          {text().importXlsx}
          <input
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="import-xlsx"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
      </div>

      <Show when={problem()}>{(p) => <p class="library-problem" role="alert">{p()}</p>}</Show>
      <Show when={importReport()}>
        {(r) => (
          <div class="library-report" role="status" data-testid="import-report">
            <p>{r().title}</p>
            <Show when={r().lines.length > 0}>
              <ul>
                <For each={r().lines}>{(line) => <li>{line}</li>}</For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      <Show when={removed()}>
        {(entry) => (
          <p class="library-undo" role="status">
            {text().removed(entryName(entry(), props.locale.language()))}{' '}
            <button type="button" data-testid="undo-remove" onClick={() => void undoRemove(entry())}>
              {text().undo}
            </button>
          </p>
        )}
      </Show>

      <Show when={entries()} fallback={<p>{text().loading}</p>}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p>{query() ? text().noMatch : text().empty}</p>}>
            <table class="library-table">
              <thead>
                <tr>
                  <th>{text().name}</th>
                  <th>{text().productLine}</th>
                  <th>{text().kind}</th>
                  <th>{text().version}</th>
                  <th>{text().updated}</th>
                  <th>{text().actions}</th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(entry) => (
                    <tr data-model={entry.id}>
                      <td>
                        <Show
                          when={renaming() === entry.id}
                          fallback={
                            <A href={`/models/${encodeURIComponent(entry.id)}`} data-testid="model-link">
                              {entryName(entry, props.locale.language())}
                            </A>
                          }
                        >
                          <RenameForm
                            entry={entry}
                            locale={props.locale}
                            onCancel={() => setRenaming(undefined)}
                            onSave={(name) =>
                              act(async () => {
                                await library.rename(entry.id, name);
                                setRenaming(undefined);
                              })
                            }
                          />
                        </Show>
                      </td>
                      <td>{entry.productLine}</td>
                      <td>{text().kinds[entry.kind]}</td>
                      <td>{entry.version}</td>
                      <td>
                        <time datetime={entry.updatedAt}>{new Date(entry.updatedAt).toLocaleString(props.locale.language())}</time>
                      </td>
                      <td class="library-actions">
                        <Show when={entry.kind === 'product'}>
                          <A href={`/configure/${encodeURIComponent(entry.id)}`}>{text().configure}</A>
                        </Show>
                        <button type="button" onClick={() => void act(async () => navigate(`/models/${encodeURIComponent((await library.duplicate(entry.id)).id)}`))}>
                          {text().duplicate}
                        </button>
                        <button type="button" onClick={() => setRenaming(entry.id)}>
                          {text().rename}
                        </button>
                        <button type="button" data-testid="remove-model" onClick={() => void remove(entry)}>
                          {text().remove}
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>

      <NewModelForm
        locale={props.locale}
        onCreate={(input) =>
          act(async () => {
            const entry = await library.create(input);
            navigate(`/models/${encodeURIComponent(entry.id)}`);
          })
        }
      />
    </div>
  );
}

function RenameForm(props: { entry: ModelEntry; locale: Locale; onSave(name: { zh: string; en: string }): void; onCancel(): void }): JSX.Element {
  const text = () => libraryMessages[props.locale.language()];
  const [zh, setZh] = createSignal(props.entry.nameZh);
  const [en, setEn] = createSignal(props.entry.nameEn);
  return (
    <form
      class="library-rename"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave({ zh: zh().trim(), en: en().trim() });
      }}
    >
      <input aria-label={text().nameZh} value={zh()} onInput={(e) => setZh(e.currentTarget.value)} lang="zh-CN" />
      <input aria-label={text().nameEn} value={en()} onInput={(e) => setEn(e.currentTarget.value)} lang="en" />
      <button type="submit">{text().renameSave}</button>
      <button type="button" onClick={() => props.onCancel()}>
        {text().cancel}
      </button>
    </form>
  );
}

function NewModelForm(props: { locale: Locale; onCreate(input: { name: { zh: string; en: string }; productLine: string; kind: 'product' | 'module' }): void }): JSX.Element {
  const text = () => libraryMessages[props.locale.language()];
  const [zh, setZh] = createSignal('');
  const [en, setEn] = createSignal('');
  const [line, setLine] = createSignal('');
  const [kind, setKind] = createSignal<'product' | 'module'>('product');
  return (
    <form
      class="library-new"
      data-testid="new-model"
      onSubmit={(e) => {
        e.preventDefault();
        props.onCreate({ name: { zh: zh().trim() || en().trim(), en: en().trim() || zh().trim() }, productLine: line().trim(), kind: kind() });
      }}
    >
      <h3>{text().newModel}</h3>
      <label>
        {text().nameZh}
        <input required={!en()} value={zh()} onInput={(e) => setZh(e.currentTarget.value)} lang="zh-CN" name="nameZh" />
      </label>
      <label>
        {text().nameEn}
        <input required={!zh()} value={en()} onInput={(e) => setEn(e.currentTarget.value)} lang="en" name="nameEn" />
      </label>
      <label>
        {text().productLine}
        <input required value={line()} onInput={(e) => setLine(e.currentTarget.value)} name="productLine" />
      </label>
      <label>
        {text().kind}
        <select value={kind()} onChange={(e) => setKind(e.currentTarget.value === 'module' ? 'module' : 'product')} name="kind">
          <option value="product">{text().kinds.product}</option>
          <option value="module">{text().kinds.module}</option>
        </select>
      </label>
      <button type="submit">{text().create}</button>
    </form>
  );
}
