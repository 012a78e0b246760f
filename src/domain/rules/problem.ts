/**
 * A configuration problem as the solver sees it: variables with finite domains (one value
 * each, exactly), and hard constraints as boolean formulas over "variable = value" atoms.
 * Everything the cost engineer writes (requires, excludes, compatibility tables, expressions,
 * ranges that depend on choices, numeric parameters split at the bounds rules compare them to,
 * DIMACS CNF variables) compiles to this, so one solver serves them all.
 *
 * Values are strings here (option values, interval ids like "(120,180]", "true"/"false");
 * the compiling layer maps them back to what the user sees.
 */

export type Formula =
  | { readonly kind: 'atom'; readonly variable: string; readonly value: string }
  | { readonly kind: 'not'; readonly of: Formula }
  | { readonly kind: 'and'; readonly of: readonly Formula[] }
  | { readonly kind: 'or'; readonly of: readonly Formula[] }
  | { readonly kind: 'const'; readonly value: boolean };

export interface Domain {
  readonly variable: string;
  /** Distinct, at least one. */
  readonly values: readonly string[];
}

/** A hard rule: `formula` must hold in every valid configuration. */
export interface Constraint {
  /** The rule's id (several constraints may share one when a rule compiles to several). */
  readonly id: string;
  readonly formula: Formula;
}

export interface ConstraintProblem {
  readonly domains: readonly Domain[];
  readonly constraints: readonly Constraint[];
}

/** What the user fixed: variable → value. Only the user changes these. */
export type Choices = ReadonlyMap<string, string>;

/** The smallest set of rules and choices that cannot hold together (minimal: drop any one and they can). */
export interface Conflict {
  /** Constraint (rule) ids, sorted. */
  readonly rules: readonly string[];
  /** Variables whose chosen value takes part, sorted. */
  readonly choices: readonly string[];
}

export type Propagation =
  | {
      readonly consistent: true;
      /** For every variable, the values some valid configuration extending the choices has (domain order). */
      readonly allowed: ReadonlyMap<string, readonly string[]>;
    }
  | { readonly consistent: false; readonly conflict: Conflict };

/** One way out of a conflict: the fewest other choices changed (to another value, or unset with `to: null`). */
export interface Fix {
  readonly changes: readonly { readonly variable: string; readonly from: string; readonly to: string | null }[];
}

/** A soft preference: take this value when nothing forces another (defaults, recommendations). */
export interface Preference {
  readonly variable: string;
  readonly value: string;
  /** Higher wins when preferences compete; default 1. */
  readonly weight?: number;
}
