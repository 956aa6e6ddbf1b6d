import { Link } from '../../lib/router';
import type { TagCount } from './types';
import './tag-cloud.css';

/**
 * Tags sized by how many insights carry them. Each is a link (to `hrefOf(tag)`), so the cloud is a
 * keyboard-usable filter; the count is in the text (and so the accessible name), not only in the size.
 */
export function TagCloud({ tags, selected, hrefOf, label }: { tags: TagCount[]; selected?: string; hrefOf: (tag: string) => string; label: string }) {
  if (!tags.length) return <p className="muted">No tags yet.</p>;
  const max = Math.max(...tags.map((t) => t.count));
  const min = Math.min(...tags.map((t) => t.count));
  // 12–22 px: the most used tag stands out, the least used stays readable
  const size = (count: number) => (max === min ? 15 : 12 + Math.round(((count - min) / (max - min)) * 10));
  return (
    <ul className="tag-cloud" aria-label={label}>
      {tags.map((t) => (
        <li key={t.tag}>
          <Link
            href={hrefOf(t.tag)}
            className="tag-cloud-tag"
            style={{ fontSize: size(t.count) }}
            aria-current={t.tag === selected ? 'true' : undefined}
            data-tag={t.tag}
            data-count={t.count}
          >
            #{t.tag}
            <span className="tag-cloud-count">
              {' '}
              {t.count}
              <span className="sr-only"> insight{t.count === 1 ? '' : 's'}</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
