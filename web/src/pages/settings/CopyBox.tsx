import './copy-box.css';
import { useState } from 'react';

/** A secret or link shown once, selectable, with a copy button. */
export function CopyBox({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // no clipboard permission (plain http on another host): the text stays selectable
      setCopied(false);
    }
  };
  return (
    <div className="copy-box">
      <code aria-label={label} data-testid={testId} tabIndex={0}>
        {value}
      </code>
      <button className="btn" type="button" onClick={copy}>
        {copied ? '✓ Copied' : 'Copy'}
      </button>
    </div>
  );
}
