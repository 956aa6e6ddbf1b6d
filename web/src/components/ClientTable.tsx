import { useMemo, useState, type ReactNode } from 'react';
import { DataTable, type Column, type SortState } from './DataTable';

/**
 * Tables over rows the page already has (aggregates, not cursor lists): sorted over ALL rows first,
 * then cut into pages, so sorting and paging agree. Plus a client-side CSV download of the same rows.
 */
export interface ClientColumn<T> extends Column<T> {
  /** the raw value written to the CSV (default: `value`) */
  csv?: (row: T) => string | number | boolean | null | undefined;
}

interface ClientTableProps<T> {
  rows: T[];
  columns: Array<ClientColumn<T>>;
  rowKey: (row: T) => string;
  caption: string;
  pageSize?: number;
  defaultSort?: SortState;
  empty?: ReactNode;
  /** a label for the pager's navigation landmark */
  label: string;
}

export function ClientTable<T>({ rows, columns, rowKey, caption, pageSize = 25, defaultSort, empty, label }: ClientTableProps<T>) {
  const [sort, setSort] = useState<SortState | undefined>(defaultSort);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => sortClientRows(rows, columns, sort), [rows, columns, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const current = Math.min(page, pages - 1);
  const pageRows = sorted.slice(current * pageSize, (current + 1) * pageSize);
  return (
    <>
      <DataTable
        rows={pageRows}
        columns={columns}
        rowKey={rowKey}
        caption={caption}
        sort={sort}
        onSort={(next) => {
          setSort(next);
          setPage(0);
        }}
        empty={empty}
      />
      {pages > 1 && (
        <nav className="pager" aria-label={`${label} pages`}>
          <span>
            Page {current + 1} of {pages} · {sorted.length} rows
          </span>
          <button className="btn" type="button" onClick={() => setPage(current - 1)} disabled={current === 0}>
            ← Previous
          </button>
          <button className="btn" type="button" onClick={() => setPage(current + 1)} disabled={current >= pages - 1}>
            Next →
          </button>
        </nav>
      )}
    </>
  );
}

export function sortClientRows<T>(rows: T[], columns: Array<Column<T>>, sort: SortState | undefined): T[] {
  const value = sort && columns.find((c) => c.key === sort.key)?.value;
  if (!sort || !value) return rows;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * sign;
  });
}

/** RFC 4180 CSV of the rows, one column per table column (its `csv`, else its `value`). */
export function toCsv<T>(rows: T[], columns: Array<ClientColumn<T>>): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const usable = columns.filter((c) => c.csv || c.value);
  const lines = [usable.map((c) => cell(c.key)).join(',')];
  for (const row of rows) lines.push(usable.map((c) => cell((c.csv ?? c.value)!(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** A button that downloads rows the page already holds as a CSV file. */
export function CsvDownload<T>({ rows, columns, name }: { rows: T[]; columns: Array<ClientColumn<T>>; name: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([toCsv(rows, columns)], { type: 'text/csv;charset=utf-8' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `${name}.csv`;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button className="btn" type="button" onClick={download} disabled={rows.length === 0} aria-label={`Download ${name.replace(/-/g, ' ')} as CSV`}>
      CSV
    </button>
  );
}

/** Mutually exclusive choices as a group of toggle buttons (aria-pressed), e.g. Day / Week / Month. */
export function ChoiceGroup<V extends string>({ label, value, choices, onChange, testId }: { label: string; value: V; choices: Array<{ value: V; label: string }>; onChange: (value: V) => void; testId?: string }) {
  return (
    <div className="field">
      <span id={`choice-${label.replace(/\W+/g, '-').toLowerCase()}`}>{label}</span>
      <span className="btn-group" role="group" aria-labelledby={`choice-${label.replace(/\W+/g, '-').toLowerCase()}`} data-testid={testId}>
        {choices.map((choice) => (
          <button key={choice.value} className="btn" type="button" aria-pressed={choice.value === value} onClick={() => onChange(choice.value)}>
            {choice.label}
          </button>
        ))}
      </span>
    </div>
  );
}
