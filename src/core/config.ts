import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Sightline keeps its files: $SIGHTLINE_HOME, default ~/.sightline */
export function sightlineHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.SIGHTLINE_HOME && env.SIGHTLINE_HOME.trim() ? env.SIGHTLINE_HOME : join(homedir(), '.sightline');
}

export function duckdbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(sightlineHome(env), 'sightline.duckdb');
}
