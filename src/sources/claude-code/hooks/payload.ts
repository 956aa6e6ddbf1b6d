import { z } from 'zod';

/**
 * A Claude Code hook payload (formats.md §2.2–2.3). Only the two fields every event carries are
 * required; everything else is optional and version-dependent, so unknown fields pass through.
 */
export const hookPayload = z.looseObject({
  hook_event_name: z.string().min(1).max(128),
  session_id: z.string().min(1).max(256),
});

export type HookPayload = z.infer<typeof hookPayload> & Record<string, unknown>;

/** One payload with the time the hook command (or the server) received it. */
export interface ReceivedHook {
  payload: HookPayload;
  /** epoch ms; hooks carry no timestamp of their own */
  receivedAt: number;
}

/** Who the events belong to (local mode: localOwner; team mode: the caller's scope). */
export interface EventOwner {
  teamId: string;
  userId: string;
  visibility: 'private' | 'team' | 'public';
}

/** A string field of the payload, or null. */
export function str(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' && value ? value : null;
}

/** A finite number field of the payload, or null. */
export function num(payload: Record<string, unknown>, key: string): number | null {
  const value = payload[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
