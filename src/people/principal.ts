import type { Scope } from '../core/scope.js';
import type { KeyScope } from './api-keys.js';

export type Role = Scope['role'];
export const ROLES: readonly Role[] = ['admin', 'member', 'viewer'];

/** How the caller proved who it is. */
export type AuthMethod = 'local-token' | 'cookie' | 'key';

/** What kind of client is asking, for the audit log. */
export type ClientKind = 'web' | 'api' | 'agent' | 'cli';

/**
 * Who is asking, resolved by the auth hook before any handler runs (request.principal).
 * `scope` is what every read filters by; the rest is what writes and the audit log need.
 */
export interface Principal {
  userId: string;
  teamId: string;
  role: Role;
  via: AuthMethod;
  /** the API key used (via 'key') */
  keyId?: string;
  /** what that key may do; undefined when not authenticated by a key (a person may do everything their role allows) */
  keyScopes?: readonly KeyScope[];
  client: ClientKind;
  scope: Scope;
}
