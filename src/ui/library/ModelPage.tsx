import { A } from '@solidjs/router';
import { createResource, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { formatWorkbookError } from '../../domain/workbook/errors';
import { docToWorkbook } from '../../sync/model/modelDoc';
import type { OpenModel } from '../../sync/modelLibrary';
import type { Locale } from '../locale';
import { useServices, type AppStorage } from '../services';
import SidePanel from '../workbench/SidePanel';
import Workbench from '../workbench/Workbench';
import { libraryMessages } from './libraryMessages';
import './library.css';

/** One model of the library open in the workbench, with release and XLSX export. */
export default function ModelPage(props: { locale: Locale; modelId: string }): JSX.Element {
  const services = useServices();
  const text = () => libraryMessages[props.locale.language()];
  const [opened] = createResource(
    () => props.modelId,
    async (id) => {
      const storage = await services.storage();
      const entry = await storage.library.get(id);
      if (!entry || entry.deletedAt !== undefined) return undefined;
      return { storage, model: await storage.library.openModel(id) };
    },
  );

  return (
    <section class="model-page">
      <A href="/models">{text().backToLibrary}</A>
      <Show when={!opened.error} fallback={<p class="library-problem">{text().openFailed + String(opened.error)}</p>}>
        <Show when={!opened.loading} fallback={<p>{text().loading}</p>}>
          <Show when={opened()} keyed fallback={<p class="library-problem">{text().notFound}</p>}>
            {(o) => <OpenedModel storage={o.storage} model={o.model} locale={props.locale} />}
          </Show>
        </Show>
      </Show>
    </section>
  );
}

function OpenedModel(props: { storage: AppStorage; model: OpenModel; locale: Locale }): JSX.Element {
  const library = props.storage.library;
  const { doc, entry } = props.model;
  onCleanup(() => props.model.close());
  const text = () => libraryMessages[props.locale.language()];
  const [version, setVersion] = createSignal('');
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'problem'; lines: string[] }>();
  void library.suggestNextVersion(entry.id).then((v) => {
    if (!version()) setVersion(v);
  });

  const release = async () => {
    setMessage(undefined);
    try {
      const result = await library.release(entry.id, { version: version().trim() });
      if (!result.ok) {
        setMessage({ kind: 'problem', lines: [text().releaseFailed, ...result.errors.map(formatWorkbookError)] });
        return;
      }
      const r = result.release;
      setMessage({ kind: 'ok', lines: [result.created ? text().releaseDone(r.version, r.hash.slice(0, 8)) : text().releaseSame(r.version)] });
      setVersion(await library.suggestNextVersion(entry.id));
    } catch (e) {
      setMessage({ kind: 'problem', lines: [text().releaseFailed, e instanceof Error ? e.message : String(e)] });
    }
  };

  const exportXlsx = async () => {
    setMessage(undefined);
    try {
      const { exportWorkbookToXlsx } = await import('../../domain/workbook/xlsx');
      const workbook = docToWorkbook(doc);
      const bytes = await exportWorkbookToXlsx(workbook);
      const url = URL.createObjectURL(new Blob([bytes.slice().buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${workbook.id}-${workbook.version}.xlsx`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setMessage({ kind: 'problem', lines: [e instanceof Error ? e.message : String(e)] });
    }
  };

  const title = () => (props.locale.language() === 'zh-CN' ? entry.nameZh : entry.nameEn);
  const actions = (
    <span class="model-page-actions">
      <form
        class="model-page-release"
        onSubmit={(e) => {
          e.preventDefault();
          void release();
        }}
      >
        <label>
          {text().releaseVersion}{' '}
          <input data-testid="release-version" value={version()} onInput={(e) => setVersion(e.currentTarget.value)} required />
        </label>
        <button type="submit" data-testid="release">
          {text().release}
        </button>
      </form>
      <button type="button" data-testid="export-xlsx" onClick={() => void exportXlsx()}>
        {text().exportXlsx}
      </button>
      <Show when={entry.kind === 'product'}>
        <A href={`/configure/${encodeURIComponent(entry.id)}`}>{text().configure}</A>
      </Show>
    </span>
  );

  return (
    <>
      <header class="model-page-header">
        <h2>{title()}</h2>
        <span>{entry.productLine}</span>
      </header>
      <Show when={message()}>
        {(m) => (
          <div class="model-page-message" classList={{ 'library-problem': m().kind === 'problem' }} role="status" data-testid="model-message">
            <For each={m().lines}>{(line) => <p>{line}</p>}</For>
          </div>
        )}
      </Show>
      <Workbench
        doc={doc}
        file={entry.file}
        modules={library.moduleSource()}
        locale={props.locale}
        actions={actions}
        sidePanel={(ctx) => <SidePanel ctx={ctx} file={entry.file} />}
        awareness={props.model.awareness}
      />
    </>
  );
}
