/**
 * Clipboard text as spreadsheets write it: cells separated by tabs, rows by line breaks
 * (\r\n from Excel on Windows, \n elsewhere). A cell holding a tab, a line break or a double
 * quote is wrapped in double quotes, with its quotes doubled.
 */

/**
 * Rows of cells from clipboard text. A final line break does not start another row. A cell that
 * opens with a quote but is not a well-formed quoted cell (`"5" pipe`) is read as it stands.
 *
 * @example
 *   parseTsv('a\t"x\ty"\r\n1\t2\r\n') // [['a', 'x\ty'], ['1', '2']]
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return [];
  for (;;) {
    let cell: string;
    const quoted = text[i] === '"' ? readQuoted(text, i) : undefined;
    if (quoted) {
      cell = quoted.value;
      i = quoted.end;
    } else {
      let j = i;
      while (j < n && text[j] !== '\t' && text[j] !== '\n' && text[j] !== '\r') j++;
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) break;
    if (text[i] === '\t') {
      i++;
      continue;
    }
    // A line break: \r\n, \n or a lone \r.
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
  rows.push(row);
  return rows;
}

/** A quoted cell starting at `start`, if it is one: closed by a lone quote followed by a tab, a line break or the end. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch !== '"') {
      value += ch;
      i++;
      continue;
    }
    if (text[i + 1] === '"') {
      value += '"';
      i += 2;
      continue;
    }
    const after = text[i + 1];
    return after === undefined || after === '\t' || after === '\n' || after === '\r' ? { value, end: i + 1 } : undefined;
  }
  return undefined;
}

function quoteIfNeeded(cell: string): string {
  return /[\t\n\r"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Clipboard text for rows of cells (rows joined with \r\n, as Excel writes them). */
export function formatTsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(quoteIfNeeded).join('\t')).join('\r\n');
}
