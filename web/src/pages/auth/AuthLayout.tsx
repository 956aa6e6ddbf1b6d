import './auth.css';
import type { ReactNode } from 'react';
import { ThemeToggle } from '../../components/ThemeToggle';

/** The frame of the signed-out pages: brand, one card, no navigation. */
export function AuthLayout({ title, intro, children, footer }: { title: string; intro?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-top">
        <span className="brand">
          <span className="brand-dot" aria-hidden="true" /> Sightline
        </span>
        <ThemeToggle />
      </div>
      <main className="auth-card panel" id="main" aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {intro && <div className="auth-intro muted">{intro}</div>}
        {children}
        {footer && <div className="auth-footer">{footer}</div>}
      </main>
    </div>
  );
}
