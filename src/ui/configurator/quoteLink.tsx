/**
 * The configurator working for a quote: `?quote=<id>` adds the configured product as a new line,
 * `?quote=<id>&line=<lineId>` reopens a configured line on its own release with its values and
 * updates it. Either way the quote book prices the line, and the rep goes back to the quote.
 */
import { A, useNavigate } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { revisionLabel } from '../../domain/quote/quoteNumber';
import type { ConfiguredLineRecord, ParameterValue } from '../../domain/quote/QuoteRecord';
import type { Language } from '../i18n';
import type { Locale } from '../locale';
import type { AppStorage } from '../services';
import '../quotes/quotePage.css';

/** The quote (and line) the configurator was opened for. */
export interface QuoteLinkTarget {
  readonly quoteId: string;
  /** `Q-2026-0007 V2`. */
  readonly label: string;
  readonly customerName: string;
  /** The configured line being edited, when there is one. */
  readonly line?: ConfiguredLineRecord;
}

export type QuoteLinkLoad = { readonly ok: true; readonly target: QuoteLinkTarget } | { readonly ok: false; readonly problem: string };

/** Reads the quote (and the line) the address names; a line must be a configured line of this model. */
export async function loadQuoteLink(storage: AppStorage, request: { quoteId: string; lineId?: string | undefined; modelId: string }): Promise<QuoteLinkLoad> {
  const read = await storage.quotes.read(request.quoteId);
  if (!read.ok) return { ok: false, problem: read.problems.join('; ') };
  const { header, lines } = read.value;
  const target = { quoteId: header.id, label: revisionLabel(header.number, header.revision), customerName: header.customerName };
  if (request.lineId === undefined) return { ok: true, target };
  const line = lines.find((l) => l.id === request.lineId);
  if (!line || line.kind !== 'configured') return { ok: false, problem: `quote ${target.label} has no configured line ${request.lineId}` };
  if (line.modelId !== request.modelId) return { ok: false, problem: `line ${request.lineId} of quote ${target.label} is a ${line.modelId}, not a ${request.modelId}` };
  return { ok: true, target: { ...target, line } };
}

interface QuoteLinkText {
  adding: (label: string, customer: string) => string;
  editing: (label: string, customer: string) => string;
  add: string;
  update: string;
  backToQuote: string;
  staleHint: string;
  refused: string;
  unavailable: string;
}

const TEXT: Record<Language, QuoteLinkText> = {
  'zh-CN': {
    adding: (l, c) => `正在添加到报价单 ${l}（${c}）`,
    editing: (l, c) => `正在修改报价单 ${l}（${c}）的明细行`,
    add: '添加到报价单',
    update: '更新明细行',
    backToQuote: '返回报价单',
    staleHint: '请先修正表单中的问题。',
    refused: '未执行：',
    unavailable: '无法关联报价单：',
  },
  en: {
    adding: (l, c) => `Adding to quote ${l} for ${c}`,
    editing: (l, c) => `Editing a line of quote ${l} for ${c}`,
    add: 'Add to quote',
    update: 'Update line',
    backToQuote: 'Back to the quote',
    staleHint: 'Fix the form first.',
    refused: 'Not done: ',
    unavailable: 'The quote cannot be linked: ',
  },
};

export interface QuoteLinkBarProps {
  locale: Locale;
  storage: AppStorage;
  link: QuoteLinkLoad;
  modelId: string;
  releaseHash: string;
  /** The values the rep set (the rest follow the model's defaults and rules). */
  values(): Readonly<Record<string, ParameterValue>>;
  /** The form's quantity parameter, when the model has one. */
  quantity(): number | undefined;
  /** The form shows a price that does not match it (an invalid field, a rule conflict). */
  stale(): boolean;
}

export function QuoteLinkBar(props: QuoteLinkBarProps): JSX.Element {
  const navigate = useNavigate();
  const text = () => TEXT[props.locale.language()];
  const [problems, setProblems] = createSignal<readonly string[]>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (target: QuoteLinkTarget) => {
    setBusy(true);
    setProblems(undefined);
    try {
      const quantity = props.quantity();
      const result = target.line
        ? await props.storage.quotes.updateLine(target.quoteId, target.line.id, { values: props.values(), ...(quantity === undefined ? {} : { quantity }) })
        : await props.storage.quotes.addConfiguredLine(target.quoteId, { modelId: props.modelId, releaseHash: props.releaseHash, values: props.values(), quantity: quantity ?? 1 });
      if (result.ok) navigate(`/quotes/${encodeURIComponent(target.quoteId)}`);
      else setProblems(result.problems);
    } catch (e) {
      setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show
      when={props.link.ok ? props.link.target : undefined}
      fallback={
        <div class="quote-link-bar" role="alert" data-testid="quote-link">
          <span class="quote-problem">{text().unavailable + (props.link.ok ? '' : props.link.problem)}</span>
        </div>
      }
    >
      {(target) => (
        <div class="quote-link-bar" data-testid="quote-link">
          <span class="quote-link-bar-text">{target().line ? text().editing(target().label, target().customerName) : text().adding(target().label, target().customerName)}</span>
          <button type="button" class="quote-action-primary" data-testid="quote-link-submit" disabled={busy() || props.stale()} title={props.stale() ? text().staleHint : undefined} onClick={() => void submit(target())}>
            {target().line ? text().update : text().add}
          </button>
          <A href={`/quotes/${encodeURIComponent(target().quoteId)}`}>{text().backToQuote}</A>
          <Show when={problems()}>
            {(list) => (
              <div class="quote-problem" role="alert" style={{ 'flex-basis': '100%' }}>
                {text().refused}
                <For each={list()}>{(p) => <span class="quote-problem-item">{p}</span>}</For>
              </div>
            )}
          </Show>
        </div>
      )}
    </Show>
  );
}
