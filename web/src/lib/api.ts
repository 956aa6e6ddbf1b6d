/**
 * The REST API under /api/v1. The browser sends its cookie (the local token cookie, or the team-mode
 * session cookie); changes also send the session's CSRF token (docs/people.md "CSRF").
 */
export type Params = Record<string, string | number | boolean | undefined | null>;

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** seconds to wait before trying again (429 answers say so in Retry-After) */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** What the signed-in session adds to requests; set by the AuthProvider (lib/auth.tsx). */
const session: { csrfToken: string | null; onUnauthorized: (() => void) | null } = { csrfToken: null, onUnauthorized: null };

/** The CSRF token every cookie-authenticated change must carry (null: local mode or signed out). */
export function setCsrfToken(token: string | null): void {
  session.csrfToken = token;
}

/** Called when a request answers 401: team mode sends the user to the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  session.onUnauthorized = handler;
}

export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const qs = query.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

export async function apiGet<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  return request<T>(apiUrl(path, params), { signal, headers: { accept: 'application/json' } });
}

/**
 * Send a change as JSON (POST/PUT/PATCH/DELETE) with the CSRF token when there is one.
 * @example await apiSend('PUT', `/sessions/${id}/visibility`, { visibility: 'team' })
 */
export async function apiSend<T = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  return request<T>(apiUrl(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiFailure(0, 'network', 'Sightline is not reachable: is `sightline serve` still running?');
  }
  if (response.ok) return (response.status === 204 ? undefined : await response.json()) as T;
  if (response.status === 401) session.onUnauthorized?.();
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null;
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiFailure(response.status, body?.error?.code ?? 'http', message, body?.error?.field, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}
