/**
 * ROUND, ROUNDUP and ROUNDDOWN as Excel computes them. HyperFormula's own versions scale the
 * binary float (`ROUND(1.005,2)` gives 1, `ROUNDUP(0.1*3,1)` gives 0.4); a price model must
 * round like the spreadsheet its author checked it against, so we replace all three with the
 * decimal rounding that settlement uses.
 */
import { FunctionArgumentType, FunctionPlugin, HyperFormula } from 'hyperformula';
import type { ImplementedFunctions } from 'hyperformula';
import { roundDecimal } from '../pricing/money.js';

type RunArgs = Parameters<ExcelRoundingPlugin['runFunction']>;

const numberAndPlaces = [
  { argumentType: FunctionArgumentType.NUMBER },
  { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
];

export class ExcelRoundingPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ROUND: { method: 'round', parameters: numberAndPlaces },
    ROUNDUP: { method: 'roundup', parameters: numberAndPlaces },
    ROUNDDOWN: { method: 'rounddown', parameters: numberAndPlaces },
  };

  round(ast: { args: RunArgs[0] }, state: RunArgs[1]) {
    return this.runFunction(ast.args, state, this.metadata('ROUND'), (x: number, places: number) =>
      roundDecimal(x, places, 'half-away'),
    );
  }

  roundup(ast: { args: RunArgs[0] }, state: RunArgs[1]) {
    return this.runFunction(ast.args, state, this.metadata('ROUNDUP'), (x: number, places: number) =>
      roundDecimal(x, places, 'up'),
    );
  }

  rounddown(ast: { args: RunArgs[0] }, state: RunArgs[1]) {
    return this.runFunction(ast.args, state, this.metadata('ROUNDDOWN'), (x: number, places: number) =>
      roundDecimal(x, places, 'down'),
    );
  }
}

let installed = false;

/**
 * HyperFormula's function registry is process-wide and read when an engine is built, so this
 * runs once before the first engine is created; calling it again does nothing.
 */
export function installExcelRounding(): void {
  if (installed) return;
  for (const id of Object.keys(ExcelRoundingPlugin.implementedFunctions)) {
    HyperFormula.registerFunction(id, ExcelRoundingPlugin);
  }
  installed = true;
}
