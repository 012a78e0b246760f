/**
 * Editing a model document's configuration rules. The rules are written as one list, checked
 * first against the workbook format exactly as the loader checks a file (schema, unknown
 * parameters and options, type mismatches, expressions), so a refused edit changes nothing.
 * Problems elsewhere in the model (a broken formula being fixed) do not block a rules edit.
 *
 * The list is replaced whole in one transaction (one undo step); two people editing rules at
 * the same moment keep the later list. Rules are few and edited rarely, unlike cells.
 */
import * as Y from 'yjs';
import { formatWorkbookError } from '../../domain/workbook/errors.js';
import type { WorkbookError } from '../../domain/workbook/errors.js';
import { parseWorkbookText } from '../../domain/workbook/parse.js';
import { modelMap, toY } from './docShape.js';
import { docToWorkbook } from './modelDoc.js';

/** The rules were refused; `errors` say what is wrong and where (paths start at `rules`). */
export class RulesEditError extends Error {
  constructor(readonly errors: readonly WorkbookError[]) {
    super(errors.map(formatWorkbookError).join('\n'));
    this.name = 'RulesEditError';
  }
}

/** Replace the model's rules with `rules` (already parsed from the editor's JSON) after checking them. */
export function setRules(doc: Y.Doc, file: string, rules: unknown, origin: unknown): void {
  if (!Array.isArray(rules)) {
    throw new RulesEditError([{ file, path: 'rules', message: 'must be a list of rules: [ { "id": …, "kind": …, … } ]' }]);
  }
  const candidate = { ...docToWorkbook(doc), rules };
  const parsed = parseWorkbookText(JSON.stringify(candidate), file);
  if (!parsed.ok) {
    const ruleErrors = parsed.errors.filter((e) => e.path === 'rules' || e.path.startsWith('rules[') || e.path.startsWith('rules.'));
    if (ruleErrors.length > 0) throw new RulesEditError(ruleErrors);
  }
  doc.transact(() => {
    const list = new Y.Array<unknown>();
    modelMap(doc).set('rules', list);
    list.push(rules.map(toY));
  }, origin);
}
