/**
 * What a formula of the constraint problem means: whether it holds under a full assignment.
 * The reference semantics, walked over the tree; the solver works on its own compiled form,
 * so tests can use this as a second path.
 */
import type { Formula } from './problem.js';

/** Whether `f` holds when each variable takes the value in `assignment` (a missing variable makes its atoms false). */
export function holds(f: Formula, assignment: ReadonlyMap<string, string>): boolean {
  switch (f.kind) {
    case 'const':
      return f.value;
    case 'atom':
      return assignment.get(f.variable) === f.value;
    case 'not':
      return !holds(f.of, assignment);
    case 'and':
      return f.of.every((g) => holds(g, assignment));
    case 'or':
      return f.of.some((g) => holds(g, assignment));
  }
}
