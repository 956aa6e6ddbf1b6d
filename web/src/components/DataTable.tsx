import { useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  label: string;
  render?: (row: T) => ReactNode;
  /** the value sorted on (client-side sort) and shown when there is no render */
  value?: (row: T) => number | string | null | undefined;
  align?: 'left' | 'right';
  /** false: not sortable. Default: sortable when the table sorts client-side or the server lists the key */
  sortable?: boolean;
}

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

interface DataTableProps<T> {
  rows: T[];
  columns: Array<Column<T>>;
  rowKey: (row: T) => string;
  caption: string;
  /** server-side sort: the current sort and a setter; without it the table sorts the rows it has */
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  onRowClick?: (row: T) => void;
  rowHref?: (row: T) => string;
  empty?: ReactNode;
}

/** A plain, accessible table: sortable headers (buttons with aria-sort), optional clickable rows. */
export function DataTable<T>({ rows, columns, rowKey, caption, sort, onSort, onRowClick, empty }: DataTableProps<T>) {
  const [localSort, setLocalSort] = useState<SortState | undefined>();
  const active = onSort ? sort : localSort;
  const sorted = useMemo(() => (onSort || !localSort ? rows : sortRows(rows, columns, localSort)), [rows, columns, localSort, onSort]);
  const toggle = (key: string) => {
    const next: SortState = active?.key === key && active.dir === 'desc' ? { key, dir: 'asc' } : { key, dir: 'desc' };
    if (onSort) onSort(next);
    else setLocalSort(next);
  };
  if (rows.length === 0 && empty) return <>{empty}</>;
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const sortable = column.sortable ?? true;
              const ariaSort = active?.key === column.key ? (active.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={column.key} scope="col" aria-sort={ariaSort} className={column.align === 'right' ? 'num' : undefined}>
                  {sortable ? (
                    <button type="button" onClick={() => toggle(column.key)}>
                      {column.label}
                      <span aria-hidden="true">{ariaSort === 'ascending' ? '▲' : ariaSort === 'descending' ? '▼' : ''}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)} className={onRowClick ? 'clickable' : undefined} onClick={onRowClick ? () => onRowClick(row) : undefined}>
              {columns.map((column) => (
                <td key={column.key} className={column.align === 'right' ? 'num' : undefined}>
                  {column.render ? column.render(row) : String(column.value?.(row) ?? '–')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function sortRows<T>(rows: T[], columns: Array<Column<T>>, sort: SortState): T[] {
  const column = columns.find((c) => c.key === sort.key);
  const value = column?.value;
  if (!value) return rows;
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
