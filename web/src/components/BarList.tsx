import type { ReactNode } from 'react';
import { seriesColor } from '../lib/theme';

export interface BarItem {
  key: string;
  label: ReactNode;
  value: number;
  display?: string;
  color?: string;
}

/** A ranked list with proportional bars: categorical comparisons without a chart canvas. */
export function BarList({ items, label }: { items: BarItem[]; label: string }) {
  const max = Math.max(1, ...items.map((item) => item.value));
  return (
    <ul className="barlist" aria-label={label}>
      {items.map((item, index) => (
        <li key={item.key}>
          <span className="truncate" title={typeof item.label === 'string' ? item.label : undefined}>
            {item.label}
          </span>
          <span className="track" aria-hidden="true">
            <span className="fill" style={{ width: `${(item.value / max) * 100}%`, background: item.color ?? seriesColor(index), display: 'block' }} />
          </span>
          <span className="num">{item.display ?? item.value.toLocaleString('en-US')}</span>
        </li>
      ))}
    </ul>
  );
}
