/**
 * The quote's documents: PDF in Chinese or English, CSV and XLSX of the revision on screen.
 * pdf-lib and exceljs load on first use, so they stay out of the shell's and the page's chunk.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
import { revisionLabel } from '../../domain/quote/quoteNumber';
import type { QuoteLineRecord } from '../../domain/quote/QuoteRecord';
import { downloadFile } from './download';
import type { QuotePageContext } from './quotePageContext';

type DocumentKind = 'pdf-zh' | 'pdf-en' | 'csv' | 'xlsx';

const FONT_URLS = { regular: '/fonts/NotoSansSC-Regular-subset.ttf', bold: '/fonts/NotoSansSC-Bold-subset.ttf' } as const;

async function fetchFont(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`font ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The two font subsets, fetched once per page and kept: every PDF embeds them, and they are
 * several hundred kilobytes. A failed fetch is forgotten so the next click tries again.
 */
function fontLoader(): () => Promise<{ regular: Uint8Array; bold: Uint8Array }> {
  let loading: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;
  return () => {
    loading ??= Promise.all([fetchFont(FONT_URLS.regular), fetchFont(FONT_URLS.bold)]).then(([regular, bold]) => ({ regular, bold }));
    loading.catch(() => (loading = undefined));
    return loading;
  };
}

/** `Q-2026-0007 V2` → `Q-2026-0007-V2`, safe as a file name. */
export function documentBaseName(number: string, revision: number): string {
  return revisionLabel(number, revision)
    .replace(/\s+/g, '-')
    .replace(/[\\/:*?"<>|]/g, '_');
}

export function DocumentsSection(props: { context: QuotePageContext }): JSX.Element {
  const c = props.context;
  const text = () => c.text();
  const fonts = fontLoader();
  const [busy, setBusy] = createSignal<DocumentKind>();
  const [failure, setFailure] = createSignal<string>();

  const make = async (kind: DocumentKind) => {
    setBusy(kind);
    setFailure(undefined);
    try {
      // Plain copies: the store's proxies are not for libraries to walk.
      const header = structuredClone(unwrap(c.shown().header));
      const lines: readonly QuoteLineRecord[] = structuredClone(unwrap(c.shown().lines));
      const base = documentBaseName(header.number, header.revision);
      if (kind === 'pdf-zh' || kind === 'pdf-en') {
        const [{ renderQuotePdf }, fontBytes] = await Promise.all([import('../../documents/quotePdf'), fonts()]);
        const customer = c.storage.customers.get(header.customerId, true);
        const bytes = await renderQuotePdf({ language: kind === 'pdf-zh' ? 'zh' : 'en', header, lines, company: c.settings().company, customer }, fontBytes);
        downloadFile(`${base}.pdf`, bytes, 'application/pdf');
      } else if (kind === 'csv') {
        const { quoteCsv } = await import('../../documents/quoteExport');
        downloadFile(`${base}.csv`, quoteCsv(header, lines, c.language()), 'text/csv;charset=utf-8');
      } else {
        const { quoteXlsx } = await import('../../documents/quoteExport');
        downloadFile(`${base}.xlsx`, await quoteXlsx(header, lines, c.language()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      }
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(undefined);
    }
  };

  const button = (kind: DocumentKind, label: string) => (
    <button type="button" data-document={kind} disabled={busy() !== undefined} onClick={() => void make(kind)}>
      {label}
    </button>
  );

  return (
    <section class="quote-section quote-documents" aria-label={text().documentsTitle}>
      <h3>{text().documentsTitle}</h3>
      <div class="quote-tool-actions">
        {button('pdf-zh', text().pdfZh)}
        {button('pdf-en', text().pdfEn)}
        {button('csv', text().csv)}
        {button('xlsx', text().xlsx)}
        <Show when={busy()}>
          <span role="status">{text().working}</span>
        </Show>
      </div>
      <Show when={failure()}>
        {(f) => (
          <p class="quote-problem" role="alert">
            {text().documentFailed + f()}
          </p>
        )}
      </Show>
    </section>
  );
}
