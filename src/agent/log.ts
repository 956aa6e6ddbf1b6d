/** Progress lines: `<iso time> <level> <message> key=value …`, greppable and readable in a journal. */
export type AgentLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export function formatLogLine(level: string, message: string, fields: Record<string, unknown> = {}, now = new Date()): string {
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${quote(value)}`);
  return [now.toISOString(), level.padEnd(5), message, ...pairs].join(' ');
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/** info to stdout, warnings and errors to stderr. */
export const consoleLog: AgentLog = (level, message, fields) => {
  const line = formatLogLine(level, message, fields) + '\n';
  (level === 'info' ? process.stdout : process.stderr).write(line);
};

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
