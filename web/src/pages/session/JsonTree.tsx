import { useState } from 'react';

const CHILDREN_PAGE = 200;
const STRING_PREVIEW = 600;

/**
 * A JSON value as a collapsible tree: objects and arrays open to `openDepth`, long strings clamped
 * with "show all". Children render only when their node is open, so a 5 MB line stays responsive.
 */
export function JsonTree({ value, openDepth = 2, label }: { value: unknown; openDepth?: number; label: string }) {
  return (
    <div className="jt" role="group" aria-label={label}>
      <JsonNode name={null} value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}

function JsonNode({ name, value, depth, openDepth }: { name: string | null; value: unknown; depth: number; openDepth: number }) {
  if (value === null || typeof value !== 'object') {
    return (
      <div className="jt-leaf">
        {name !== null && <span className="jt-key">{name}: </span>}
        <JsonScalar value={value} />
      </div>
    );
  }
  return <JsonBranch name={name} value={value as object} depth={depth} openDepth={openDepth} />;
}

function JsonBranch({ name, value, depth, openDepth }: { name: string | null; value: object; depth: number; openDepth: number }) {
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value);
  const [open, setOpen] = useState(depth < openDepth && entries.length <= 100);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const summary = isArray ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <div className="jt-node">
      <button type="button" className="jt-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {name !== null && <span className="jt-key">{name}</span>} <span className="muted">{summary}</span>
      </button>
      {open && (
        <div className="jt-children">
          {entries.slice(0, shown).map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > shown && (
            <button type="button" className="btn jt-more" onClick={() => setShown((n) => n + CHILDREN_PAGE)}>
              Show {Math.min(CHILDREN_PAGE, entries.length - shown)} more of {entries.length - shown}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function JsonScalar({ value }: { value: unknown }) {
  const [full, setFull] = useState(false);
  if (typeof value !== 'string') return <span className={`jt-${value === null ? 'null' : typeof value}`}>{String(value)}</span>;
  const long = value.length > STRING_PREVIEW;
  const multiline = value.includes('\n');
  const text = long && !full ? value.slice(0, STRING_PREVIEW) + '…' : value;
  if (!multiline && !long) return <span className="jt-string">"{value}"</span>;
  return (
    <>
      <pre tabIndex={0} className="jt-string jt-block">{text}</pre>
      {long && (
        <button type="button" className="btn jt-more" onClick={() => setFull((f) => !f)}>
          {full ? 'Show less' : `Show all ${value.length.toLocaleString('en-US')} characters`}
        </button>
      )}
    </>
  );
}
