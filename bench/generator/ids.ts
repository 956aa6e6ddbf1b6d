import type { Rng } from './rng.js';

/** Id formats as Claude Code and the Anthropic API write them. */
export const messageId = (rng: Rng): string => `msg_01${rng.base62(22)}`;
export const requestId = (rng: Rng): string => `req_011C${rng.base62(20)}`;
export const toolUseId = (rng: Rng): string => `toolu_01${rng.base62(22)}`;
/** 2.1.x subagent ids: `a` + 16 hex digits. */
export const agentId = (rng: Rng): string => `a${rng.hex(16)}`;

/** Line timestamps: ISO-8601 UTC with milliseconds and `Z`. */
export const isoTime = (epochMs: number): string => new Date(Math.round(epochMs)).toISOString();

/** JSON string literal (with quotes) for any text. */
export const jsonString = (text: string): string => JSON.stringify(text);

/** JSON string body (no quotes): safe to concatenate with other escaped bodies. */
export const escapeBody = (text: string): string => {
  const quoted = JSON.stringify(text);
  return quoted.slice(1, quoted.length - 1);
};
