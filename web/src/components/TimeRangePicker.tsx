import { useEffect, useRef, useState } from 'react';
import { useQueryParams } from '../lib/router';
import { PRESETS, useTimeRange } from '../lib/time-range';

/** Presets and a custom from/to; the choice lives in the URL (`range`, or `from`/`to`). */
export function TimeRangePicker() {
  const range = useTimeRange();
  const [, setParams] = useQueryParams();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const openPicker = () => {
    setFrom(toLocalInput(range.from));
    setTo(toLocalInput(range.to));
    setOpen((o) => !o);
  };
  const applyCustom = () => {
    const start = new Date(from).getTime();
    const end = new Date(to).getTime();
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return;
    setParams({ range: undefined, from: new Date(start).toISOString(), to: new Date(end).toISOString() });
    setOpen(false);
  };
  return (
    <div className="relative" ref={box}>
      <button className="btn" type="button" aria-haspopup="dialog" aria-expanded={open} onClick={openPicker} data-testid="time-range">
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6"><circle cx="8" cy="8" r="6.5" /><path d="M8 4.5V8l2.5 1.5" /></svg>
        {range.label}
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label="Time range">
          {PRESETS.map((preset) => (
            <button
              key={preset.id}
              type="button"
              className={`btn ${range.preset === preset.id ? 'active' : ''}`}
              onClick={() => {
                setParams({ range: preset.id, from: undefined, to: undefined });
                setOpen(false);
              }}
            >
              {preset.label}
            </button>
          ))}
          <label className="field">
            From
            <input className="input" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="field">
            To
            <input className="input" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button className="btn primary" type="button" onClick={applyCustom} disabled={!from || !to || new Date(to) <= new Date(from)}>
            Apply custom range
          </button>
        </div>
      )}
    </div>
  );
}

function toLocalInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}
