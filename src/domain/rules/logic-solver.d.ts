/**
 * Types for the parts of logic-solver 2.0.1 (Meteor's MiniSat build, CommonJS, ships no types)
 * this project uses; see node_modules/logic-solver/README.md. Import it as the default export
 * (`import Logic from 'logic-solver'`): Node's ESM loader and Vite's CommonJS interop both hand
 * `module.exports` over as the default.
 */
declare module 'logic-solver' {
  namespace Logic {
    /** A variable name ("-name" negates it) or a variable number (negative negates). */
    type Term = string | number;
    /** An immutable formula object; the solver compiles each object once. */
    interface Formula {
      readonly __logicFormula: never;
    }
    type FormulaOrTerm = Formula | Term;
    /** Operand lists may nest arrays, as in the library. */
    type Operand = FormulaOrTerm | readonly Operand[];

    /** An integer as a list of bit formulas, least significant first. */
    class Bits {
      constructor(formulas: readonly FormulaOrTerm[]);
      readonly bits: readonly FormulaOrTerm[];
    }

    class Solver {
      constructor();
      require(...args: Operand[]): void;
      forbid(...args: Operand[]): void;
      solve(): Solution | null;
      solveAssuming(assumption: FormulaOrTerm): Solution | null;
      getVarNum(name: string, noCreate?: boolean): number;
      getVarName(num: number): string;
      /** Requires the minimum permanently (see README). */
      minimizeWeightedSum(solution: Solution, formulas: readonly FormulaOrTerm[], weights: number | readonly number[]): Solution;
      maximizeWeightedSum(solution: Solution, formulas: readonly FormulaOrTerm[], weights: number | readonly number[]): Solution;
    }

    class Solution {
      getMap(): Record<string, boolean>;
      /** Names of the variables set true, sorted; internal `$` variables left out. */
      getTrueVars(): string[];
      evaluate(formula: FormulaOrTerm): boolean;
      evaluate(bits: Bits): number;
      getFormula(): FormulaOrTerm;
      getWeightedSum(formulas: readonly FormulaOrTerm[], weights: number | readonly number[]): number;
      ignoreUnknownVariables(): void;
    }

    const TRUE: Term;
    const FALSE: Term;

    function not(operand: FormulaOrTerm): FormulaOrTerm;
    function or(...operands: Operand[]): FormulaOrTerm;
    function and(...operands: Operand[]): FormulaOrTerm;
    function xor(...operands: Operand[]): FormulaOrTerm;
    function implies(a: FormulaOrTerm, b: FormulaOrTerm): FormulaOrTerm;
    function equiv(a: FormulaOrTerm, b: FormulaOrTerm): FormulaOrTerm;
    function exactlyOne(...operands: Operand[]): FormulaOrTerm;
    function atMostOne(...operands: Operand[]): FormulaOrTerm;

    function constantBits(n: number): Bits;
    function variableBits(baseName: string, n: number): Bits;
    function sum(...operands: (Operand | Bits)[]): Bits;
    function weightedSum(formulas: readonly FormulaOrTerm[], weights: number | readonly number[]): Bits;
    function equalBits(a: Bits, b: Bits): FormulaOrTerm;
    function lessThan(a: Bits, b: Bits): FormulaOrTerm;
    function lessThanOrEqual(a: Bits, b: Bits): FormulaOrTerm;
    function greaterThan(a: Bits, b: Bits): FormulaOrTerm;
    function greaterThanOrEqual(a: Bits, b: Bits): FormulaOrTerm;

    function isFormula(value: unknown): value is Formula;
    function isTerm(value: unknown): value is Term;
    /** Runs `f` without the library's run-time argument checks (faster formula building). */
    function disablingAssertions<T>(f: () => T): T;
  }
  export default Logic;
}
