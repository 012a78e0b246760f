/**
 * The market-index CSV import's refusals (src/domain/pricing/marketIndex.ts, parseIndexCsv) in
 * the interface language. Each still names its line; an unknown message is shown as written.
 */
import type { Language } from '../i18n';

const zhPatterns: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^line (\d+): expected 2 columns "date,value", found (\d+)$/u, (m) => `第 ${m[1]} 行：应为“日期,数值”两列，实际为 ${m[2]} 列`],
  [/^line (\d+): "(.*)" is not a date written YYYY-MM-DD$/u, (m) => `第 ${m[1]} 行：“${m[2]}”不是 YYYY-MM-DD 格式的日期`],
  [/^line (\d+): "(.*)" is not a number$/u, (m) => `第 ${m[1]} 行：“${m[2]}”不是数字`],
  [/^line (\d+): date (\S+) already given on line (\d+)$/u, (m) => `第 ${m[1]} 行：日期 ${m[2]} 已在第 ${m[3]} 行出现`],
  [/^the file holds no date,value line$/u, () => '文件中没有“日期,数值”数据行'],
];

export function indexCsvProblem(problem: string, language: Language): string {
  if (language !== 'zh-CN') return problem;
  for (const [pattern, say] of zhPatterns) {
    const m = pattern.exec(problem);
    if (m) return say(m);
  }
  return problem;
}
