import './account-menu.css';
import { useEffect, useRef, useState } from 'react';
import type { Me } from '../lib/auth';
import { Link, useLocation } from '../lib/router';

/** Team mode's account menu in the top bar: who you are, your stats, settings, sign out. */
export function AccountMenu({ me, onSignOut }: { me: Me; onSignOut: () => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const { path } = useLocation();
  useEffect(() => setOpen(false), [path]);
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
  const initial = (me.user.name.trim()[0] ?? '?').toUpperCase();
  return (
    <div className="relative" ref={box}>
      <button className="btn account-button" type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="account-menu">
        <span className="avatar" aria-hidden="true">
          {initial}
        </span>
        <span className="account-name">{me.user.name}</span>
      </button>
      {open && (
        <div className="popover account-popover" role="menu" aria-label="Account">
          <div className="account-who" role="none">
            <strong>{me.user.name}</strong>
            {me.user.email && <span className="muted">{me.user.email}</span>}
            <span>
              <span className="badge accent" data-testid="account-role">
                {me.role}
              </span>{' '}
              <span className="muted">in {me.team.name}</span>
            </span>
          </div>
          <Link role="menuitem" className="btn" href="/me/stats">
            My stats
          </Link>
          <Link role="menuitem" className="btn" href="/settings">
            {me.role === 'admin' ? 'Settings' : 'Profile & API keys'}
          </Link>
          <button role="menuitem" className="btn" type="button" onClick={() => void onSignOut()} data-testid="sign-out">
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
