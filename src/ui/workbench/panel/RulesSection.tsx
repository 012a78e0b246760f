import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { compileRules } from '../../../domain/rules/compileRules';
import type { ModelCheck } from '../../../domain/rules/modelRules';
import { formatWorkbookError } from '../../../domain/workbook/errors';
import { docToWorkbook } from '../../../sync/model/modelDoc';
import { RulesEditError, setRules } from '../../../sync/model/ruleCommands';
import type { WorkbenchContext } from '../context';
import type { Language } from '../../i18n';

const texts: Record<Language, {
  intro: string;
  save: string;
  revert: string;
  saved: string;
  notSaved: string;
  notJson: string;
  count: (n: number) => string;
  checkTitle: string;
  checkClean: string;
  dead: (parameter: string, value: string) => string;
  never: (id: string) => string;
}> = {
  'zh-CN': {
    intro: '配置规则（JSON，格式见 docs/workbook-format.md）：requires、excludes、table、expression、range、prefer。保存前按工作簿格式检查。',
    save: '保存规则',
    revert: '放弃修改',
    saved: '规则已保存。',
    notSaved: '规则未保存：',
    notJson: '不是有效的 JSON：',
    count: (n) => `${n} 条规则`,
    checkTitle: '模型检查',
    checkClean: '没有永远不可选的选项，所有规则都可能生效。',
    dead: (p, v) => `参数 ${p} 的选项 ${v} 在任何有效配置中都不可选`,
    never: (id) => `规则 ${id} 的条件永远不会成立`,
  },
  en: {
    intro: 'Configuration rules (JSON, format in docs/workbook-format.md): requires, excludes, table, expression, range, prefer. Checked against the workbook format before saving.',
    save: 'Save rules',
    revert: 'Discard changes',
    saved: 'Rules saved.',
    notSaved: 'Rules not saved: ',
    notJson: 'Not valid JSON: ',
    count: (n) => `${n} rule${n === 1 ? '' : 's'}`,
    checkTitle: 'Model check',
    checkClean: 'No dead options; every rule can fire.',
    dead: (p, v) => `option ${v} of parameter ${p} is in no valid configuration`,
    never: (id) => `rule ${id} can never fire`,
  },
};

/**
 * The model's configuration rules as JSON text, saved through setRules (checked like a file;
 * a refused save keeps the text as typed), with the rules' model check below.
 */
export default function RulesSection(props: { ctx: WorkbenchContext; file: string }): JSX.Element {
  const t = () => texts[props.ctx.locale.language()];
  const stored = createMemo(() => (props.ctx.revision(), JSON.stringify(docToWorkbook(props.ctx.doc).rules, null, 2)));
  const [draft, setDraft] = createSignal<string>();
  const [status, setStatus] = createSignal<{ ok: boolean; lines: string[] }>();
  const check = createMemo((): ModelCheck | string[] | undefined => {
    props.ctx.revision();
    const workbook = docToWorkbook(props.ctx.doc);
    if (workbook.rules.length === 0) return undefined;
    const compiled = compileRules(workbook, props.file);
    return compiled.ok ? compiled.rules.check() : compiled.errors.map(formatWorkbookError);
  });

  const save = () => {
    const text = draft() ?? stored();
    let rules: unknown;
    try {
      rules = JSON.parse(text);
    } catch (e) {
      setStatus({ ok: false, lines: [t().notJson + (e instanceof Error ? e.message : String(e))] });
      return;
    }
    try {
      setRules(props.ctx.doc, props.file, rules, props.ctx.origin);
      setDraft(undefined);
      setStatus({ ok: true, lines: [t().saved] });
    } catch (e) {
      setStatus({ ok: false, lines: [t().notSaved, ...(e instanceof RulesEditError ? e.errors.map(formatWorkbookError) : [e instanceof Error ? e.message : String(e)])] });
    }
  };

  return (
    <section class="panel-rules">
      <p class="panel-note">{t().intro}</p>
      <textarea
        class="panel-rules-editor"
        data-testid="rules-editor"
        spellcheck={false}
        rows={18}
        value={draft() ?? stored()}
        onInput={(e) => setDraft(e.currentTarget.value)}
      />
      <div class="panel-rules-actions">
        <button type="button" data-testid="rules-save" onClick={save}>
          {t().save}
        </button>
        <Show when={draft() !== undefined}>
          <button type="button" onClick={() => setDraft(undefined)}>
            {t().revert}
          </button>
        </Show>
      </div>
      <Show when={status()}>
        {(s) => (
          <div classList={{ 'panel-error': !s().ok, 'panel-note': s().ok }} role="status" data-testid="rules-status">
            <For each={s().lines}>{(line) => <p>{line}</p>}</For>
          </div>
        )}
      </Show>
      <Show when={check()}>
        {(c) => {
          const result = c();
          const lines = Array.isArray(result)
            ? result
            : [...result.deadOptions.map((d) => t().dead(d.parameter, JSON.stringify(d.value))), ...result.neverFiring.map((id) => t().never(id))];
          return (
            <div class="panel-rules-check" data-testid="rules-check">
              <h4>{t().checkTitle}</h4>
              <Show when={lines.length > 0} fallback={<p>{t().checkClean}</p>}>
                <ul>
                  <For each={lines}>{(line) => <li>{line}</li>}</For>
                </ul>
              </Show>
            </div>
          );
        }}
      </Show>
    </section>
  );
}
