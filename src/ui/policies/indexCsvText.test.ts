import { describe, expect, it } from 'vitest';
import { parseIndexCsv } from '../../domain/pricing/marketIndex';
import { indexCsvProblem } from './indexCsvText';

describe('indexCsvProblem', () => {
  it('says each of the parser’s refusals in Chinese with its line', () => {
    const parsed = parseIndexCsv('date,value\n2026-13-01,20000\n2026-12-01,abc\n2026-12-02\n2026-12-03,1\n2026-12-03,2');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => indexCsvProblem(e, 'zh-CN'))).toEqual([
      '第 2 行：“2026-13-01”不是 YYYY-MM-DD 格式的日期',
      '第 3 行：“abc”不是数字',
      '第 4 行：应为“日期,数值”两列，实际为 1 列',
      '第 6 行：日期 2026-12-03 已在第 5 行出现',
    ]);
  });

  it('keeps English and unknown messages as written', () => {
    expect(indexCsvProblem('line 2: "x" is not a number', 'en')).toBe('line 2: "x" is not a number');
    expect(indexCsvProblem('there is no market index "X"', 'zh-CN')).toBe('there is no market index "X"');
    expect(indexCsvProblem('the file holds no date,value line', 'zh-CN')).toBe('文件中没有“日期,数值”数据行');
  });
});
