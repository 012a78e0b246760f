/** Configuration rules: the workbook format's `rules`, compiled for the solver, and the model check. */
export { compileRules } from './compileRules.js';
export type { CompileRulesResult } from './compileRules.js';
export { ModelRules } from './modelRules.js';
export type { AllowedValues, Interval, ModelCheck, RuleConflict, RuleFix, RuleState } from './modelRules.js';
export { RULE_KINDS } from './ruleSchema.js';
export type { Rule, RuleKind, Condition, Match, Bounds } from './ruleSchema.js';
export { MAX_EXPRESSION_COMBINATIONS } from './ruleExpressions.js';
export { ConfigurationSolver, ProblemError } from './ConfigurationSolver.js';
export type { ConstraintProblem, Formula, Choices, Conflict, Fix, Preference, Propagation } from './problem.js';
