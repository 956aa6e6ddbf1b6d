import type { FastifyRequest } from 'fastify';
import type { SqlSession } from '../../store/sql/session.js';
import { credentialStillValid, type Credential } from './credentials.js';

/** The little the watch needs of a WebSocket (ws's WebSocket fits). */
export interface WatchedSocket {
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** 1008 "policy violation": the credential the socket was opened with is no longer good. */
export const REVOKED_CLOSE_CODE = 1008;
const SWEEP_MS = 400;

/**
 * Open WebSockets of team mode, per credential. HTTP requests are re-checked one by one; a socket
 * stays open, so this re-checks every distinct credential with an open socket every 400 ms and
 * closes the sockets of any that a disable, a revoke, a logout-everywhere or a lost membership
 * voided, whichever process (a CLI, another instance) made the change. One primary-key query per
 * distinct credential and sweep, only while sockets are open.
 */
export class CredentialWatch {
  private readonly sockets = new Map<string, { credential: Credential; sockets: Set<WatchedSocket> }>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly db: SqlSession, private readonly onError: (error: unknown) => void = () => undefined) {}

  track(credential: Credential, socket: WatchedSocket): void {
    const key = credentialKey(credential);
    const entry = this.sockets.get(key) ?? { credential, sockets: new Set<WatchedSocket>() };
    entry.sockets.add(socket);
    this.sockets.set(key, entry);
    socket.once('close', () => this.forget(key, socket));
    this.timer ??= setInterval(() => void this.sweepNow(), SWEEP_MS).unref();
  }

  /** Re-check now (after a revoke in this process); concurrent calls share one sweep. */
  sweepNow(): Promise<void> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async sweep(): Promise<void> {
    for (const [key, entry] of [...this.sockets]) {
      const valid = await credentialStillValid(this.db, entry.credential).catch((error: unknown) => (this.onError(error), true));
      if (valid) continue;
      this.sockets.delete(key);
      for (const socket of entry.sockets) socket.close(REVOKED_CLOSE_CODE, 'signed out: the account or key is no longer valid');
    }
  }

  private forget(key: string, socket: WatchedSocket): void {
    const entry = this.sockets.get(key);
    entry?.sockets.delete(socket);
    if (entry && entry.sockets.size === 0) this.sockets.delete(key);
    if (this.sockets.size === 0) this.stop();
  }
}

function credentialKey(credential: Credential): string {
  return credential.kind === 'key' ? `key:${credential.keyId}` : `cookie:${credential.cookie}`;
}

/** Requests of team mode (by their raw request) → their credential and the app's watch. */
const watched = new WeakMap<object, { credential: Credential; watch: CredentialWatch }>();

export function rememberCredential(request: FastifyRequest, credential: Credential, watch: CredentialWatch): void {
  watched.set(request.raw, { credential, watch });
}

/**
 * Called by WebSocket routes once the socket is open: in team mode the socket is closed as soon as
 * the credential that opened it stops being valid. A no-op in local mode.
 */
export function watchSocketCredential(request: FastifyRequest, socket: WatchedSocket): void {
  const found = watched.get(request.raw);
  found?.watch.track(found.credential, socket);
}

/** After a revoke or sign-out-everywhere in this process: close the voided sockets now, not at the next sweep. */
export async function sweepCredentialsNow(request: FastifyRequest): Promise<void> {
  await watched.get(request.raw)?.watch.sweepNow();
}
