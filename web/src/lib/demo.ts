import { ApiFailure } from './api';

/** GET /api/v1/demo */
export interface DemoStatus {
  loaded: boolean;
  sessions: number;
  events: number;
  loadedAt: number | null;
  sessionIds: string[];
}

/** POST or DELETE /api/v1/demo (demo data: src/demo/ on the server). */
export async function changeDemo(method: 'POST' | 'DELETE'): Promise<DemoStatus> {
  let response: Response;
  try {
    response = await fetch('/api/v1/demo', { method, credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new ApiFailure(0, 'network', 'Sightline is not reachable: is `sightline serve` still running?');
  }
  const body = (await response.json().catch(() => null)) as (DemoStatus & { error?: { code: string; message: string } }) | null;
  if (!response.ok) throw new ApiFailure(response.status, body?.error?.code ?? 'http', body?.error?.message ?? `HTTP ${response.status}`);
  return body as DemoStatus;
}

/** Every page shows the new state: the simplest way to refetch everything (and resubscribe the live feed). */
export function reloadPage(): void {
  location.reload();
}
