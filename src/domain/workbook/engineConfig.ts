/**
 * HyperFormula's configuration for every engine the domain builds (price models, rule
 * expressions). Its own module so any part of the domain can use it without importing the
 * model composer (which the loader, and so the rules check, depends on).
 */
import type { ConfigParams } from 'hyperformula';

/**
 * Engine settings every model uses.
 * - precisionRounding 14: the default (10 significant digits) turns 1234567890.12 into
 *   1234567890.1; 14 keeps cents up to 10^12.
 * - useColumnIndex: exact VLOOKUP/MATCH become index look-ups instead of scans, which is what
 *   keeps lookups into large catalogue tables fast; it costs heap (≈ +25 % at 10,000 formulas).
 * - undoLimit 0: undo belongs to the document layer (Y.UndoManager), never to the engine.
 */
export const ENGINE_CONFIG: Partial<ConfigParams> = {
  licenseKey: 'gpl-v3',
  precisionRounding: 14,
  useColumnIndex: true,
  undoLimit: 0,
  // Excel compares text ignoring case but not accents ("é" <> "e"). HyperFormula's default
  // also strips accents, an NFD normalisation of every string a SUMIF or lookup compares:
  // about a tenth of a 1,000-cell recalculation in the 10,000-formula benchmark.
  accentSensitive: true,
  // ISO dates typed in a cell ("2026-03-15") are dates, as in a spreadsheet set to that format.
  dateFormats: ['YYYY-MM-DD', 'DD/MM/YYYY'],
};
