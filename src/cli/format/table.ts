import { visibleLength, type Palette } from './color.js';

export interface Column {
  header: string;
  align: 'left' | 'right';
  /** dropped first when the table is wider than the terminal */
  optional?: boolean;
}

/** `main` rows get a rule above them; `detail` rows (per-model breakdowns) stay with their row. */
export interface TableRow {
  cells: string[];
  kind: 'main' | 'detail' | 'total';
}

/**
 * A box-drawn table with aligned columns; cells may hold several lines.
 * @example renderTable([{ header: 'Date', align: 'left' }], [{ cells: ['2026-03-04'], kind: 'main' }], palette(false))
 */
export function renderTable(columns: Column[], rows: TableRow[], paint: Palette, width?: number): string {
  const shown = fitColumns(columns, rows, width);
  const widths = shown.map((index) => columnWidth(columns[index], rows, index));
  const rule = (left: string, mid: string, right: string) => left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const out = [rule('┌', '┬', '┐')];
  out.push(...renderLines(shown.map((index) => paint.header(columns[index].header)), shown, columns, widths));
  rows.forEach((row) => {
    if (row.kind !== 'detail') out.push(rule('├', '┼', '┤'));
    const style = row.kind === 'total' ? paint.total : row.kind === 'detail' ? paint.dim : (text: string) => text;
    out.push(...renderLines(shown.map((index) => row.cells[index] ?? ''), shown, columns, widths, style));
  });
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

function columnWidth(column: Column, rows: TableRow[], index: number): number {
  let width = visibleLength(column.header);
  for (const row of rows) for (const line of (row.cells[index] ?? '').split('\n')) width = Math.max(width, visibleLength(line));
  return width;
}

function tableWidth(columns: Column[], rows: TableRow[], shown: number[]): number {
  return shown.reduce((sum, index) => sum + columnWidth(columns[index], rows, index) + 3, 1);
}

/** Indexes of the columns to draw: all, or without the optional ones when that is too wide. */
function fitColumns(columns: Column[], rows: TableRow[], width?: number): number[] {
  const all = columns.map((_, index) => index);
  if (!width || tableWidth(columns, rows, all) <= width) return all;
  return all.filter((index) => !columns[index].optional);
}

function renderLines(cells: string[], shown: number[], columns: Column[], widths: number[], style = (text: string) => text): string[] {
  const split = cells.map((cell) => cell.split('\n'));
  const height = Math.max(1, ...split.map((lines) => lines.length));
  const lines: string[] = [];
  for (let line = 0; line < height; line++) {
    const parts = split.map((cellLines, i) => pad(cellLines[line] ?? '', widths[i], columns[shown[i]].align));
    lines.push(`│ ${parts.map((part) => (part.trim() ? style(part) : part)).join(' │ ')} │`);
  }
  return lines;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}
