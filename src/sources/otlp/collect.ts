import { canonicalEvent, type CanonicalEvent } from '../../core/event.js';

/** What one request became: valid events, and how many records were rejected and why (first few). */
export interface OtlpMapping {
  events: CanonicalEvent[];
  rejected: number;
  errors: string[];
}

const MAX_ERRORS = 3;

export function emptyMapping(): OtlpMapping {
  return { events: [], rejected: 0, errors: [] };
}

/**
 * Map one record, validating what comes out: a record that throws or maps to an invalid event is
 * rejected (counted for partial_success) and the rest of the request goes on.
 */
export function collect(out: OtlpMapping, where: string, map: () => CanonicalEvent | null): void {
  let event: CanonicalEvent | null;
  try {
    event = map();
  } catch (error) {
    return reject(out, `${where}: ${(error as Error).message}`);
  }
  if (!event) return;
  const parsed = canonicalEvent.safeParse(event);
  if (parsed.success) {
    out.events.push(parsed.data);
    return;
  }
  const issue = parsed.error.issues[0];
  reject(out, `${where}: ${issue.path.join('.') || 'event'}: ${issue.message}`);
}

function reject(out: OtlpMapping, message: string): void {
  out.rejected++;
  if (out.errors.length < MAX_ERRORS) out.errors.push(message);
}

/** partial_success.error_message: the first reasons, and how many more there were. */
export function rejectionMessage(mapping: OtlpMapping): string {
  const more = mapping.rejected - mapping.errors.length;
  return mapping.errors.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
