/**
 * CSV export of list rows: a header row, then one line per row, RFC 4180 quoting (fields holding a
 * comma, quote, CR or LF are quoted, quotes doubled). Nested values (arrays, objects) are written as JSON.
 * @example toCsv([{ id: 'a', text: 'say "hi"' }], ['id', 'text']) // 'id,text\r\na,"say ""hi"""\r\n'
 */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns?: readonly string[]): string {
  const header = columns ?? columnsOf(rows);
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(header.map((column) => csvField(cellText(row[column]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Every key seen, in first-seen order. */
function columnsOf(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
