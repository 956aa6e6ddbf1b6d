import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { apiGet, apiSend, setCsrfToken, setUnauthorizedHandler } from './api';
import { navigate } from './router';

/**
 * Who is signed in (docs/people.md). Local mode: the one local user, an admin, always. Team mode:
 * the session cookie's user, or nobody (the app then shows setup, login or register).
 */
export type Role = 'admin' | 'member' | 'viewer';

/** GET /api/v1/auth/me, and the body of login, setup and register. */
export interface Me {
  role: Role;
  via: 'cookie' | 'key' | 'local-token';
  csrfToken: string | null;
  user: { id: string; email: string | null; name: string };
  team: { id: string; name: string };
}

interface AuthStateAnswer {
  mode: 'local' | 'team';
  needsSetup: boolean;
  openSignup: boolean;
  user: { id: string; email: string | null; name: string } | null;
}

export interface Auth {
  /** 'loading' until the first answer of /auth/state */
  status: 'loading' | 'ready';
  mode: 'local' | 'team';
  /** team mode without any user yet: the setup page creates the first admin */
  needsSetup: boolean;
  /** a team lets anyone register without an invite */
  openSignup: boolean;
  me: Me | null;
  user: Me['user'] | null;
  role: Role | null;
  csrfToken: string | null;
  /** ask the server again (after a change of name, role or settings) */
  refresh: () => Promise<void>;
  /** the answer of login, setup or register: signed in from now on */
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

const LOCAL_ME = (user: AuthStateAnswer['user']): Me => ({
  role: 'admin',
  via: 'local-token',
  csrfToken: null,
  user: user ?? { id: 'local', email: null, name: 'Local user' },
  team: { id: 'local', name: 'Local' },
});

/** Loads /auth/state (and /auth/me when someone is signed in) once; pages read it with useAuth(). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ status: Auth['status']; answer: AuthStateAnswer; me: Me | null }>({
    status: 'loading',
    answer: { mode: 'local', needsSetup: false, openSignup: false, user: null },
    me: null,
  });
  const current = useRef(state);
  current.current = state;

  const refresh = useCallback(async () => {
    const answer = await apiGet<AuthStateAnswer>('/auth/state').catch(() => null);
    // a local-mode page opened without the token cookie: the pages show their own errors, as always
    if (!answer || answer.mode === 'local') return setState({ status: 'ready', answer: answer ?? { mode: 'local', needsSetup: false, openSignup: false, user: null }, me: LOCAL_ME(answer?.user ?? null) });
    const me = answer.user ? await apiGet<Me>('/auth/me').catch(() => null) : null;
    setState({ status: 'ready', answer, me });
  }, []);

  useEffect(() => void refresh(), [refresh]);
  useEffect(() => setCsrfToken(state.me?.csrfToken ?? null), [state.me]);
  useEffect(() => {
    // a session that ended (signed out elsewhere, disabled, expired): back to the login page
    setUnauthorizedHandler(() => {
      const { answer, me } = current.current;
      if (answer.mode !== 'team' || !me) return;
      setState((s) => ({ ...s, me: null }));
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const value = useMemo<Auth>(() => {
    const { me, answer } = state;
    return {
      status: state.status,
      mode: answer.mode,
      needsSetup: answer.needsSetup,
      openSignup: answer.openSignup,
      me,
      user: me?.user ?? null,
      role: me?.role ?? null,
      csrfToken: me?.csrfToken ?? null,
      refresh,
      signedIn: (signed: Me) => {
        setCsrfToken(signed.csrfToken);
        setState((s) => ({ ...s, answer: { ...s.answer, needsSetup: false, user: signed.user }, me: signed }));
      },
      signOut: async () => {
        await apiSend('POST', '/auth/logout').catch(() => undefined);
        setCsrfToken(null);
        setState((s) => ({ ...s, answer: { ...s.answer, user: null }, me: null }));
        navigate('/login');
      },
    };
  }, [state, refresh]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs an <AuthProvider> above it');
  return auth;
}
