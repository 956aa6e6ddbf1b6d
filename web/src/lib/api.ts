/** The REST API under /api/v1. The browser sends the access cookie the `?token=` link set. */
export type Params = Record<string, string | number | boolean | undefined | null>;

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  const qs = query.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

export async function apiGet<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, params), { credentials: 'same-origin', signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiFailure(0, 'network', 'Sightline is not reachable: is `sightline serve` still running?');
  }
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; field?: string } } | null;
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  throw new ApiFailure(response.status, body?.error?.code ?? 'http', message, body?.error?.field);
}
