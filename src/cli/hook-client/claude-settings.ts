/**
 * Editing Claude Code's settings.json for `sightline hooks install|uninstall`: pure functions on
 * the parsed object, so every other key, hook and handler of the user's stays exactly as it was.
 */
type Json = Record<string, any>;

/**
 * The events Sightline listens to: every event of formats.md §2.3 except those where a handler
 * costs too much or changes behaviour — MessageDisplay and FileChanged fire per streamed chunk /
 * file save, PostToolBatch repeats PostToolUse, WorktreeCreate/Remove hooks replace git's worktree
 * handling, and Elicitation hooks answer MCP servers.
 */
export const SIGHTLINE_HOOK_EVENTS = [
  'SessionStart', 'SessionEnd', 'Setup', 'InstructionsLoaded', 'UserPromptSubmit', 'UserPromptExpansion',
  'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'PermissionDenied', 'Notification',
  'Stop', 'StopFailure', 'SubagentStart', 'SubagentStop', 'TaskCreated', 'TaskCompleted', 'TeammateIdle',
  'PreCompact', 'PostCompact', 'ConfigChange', 'CwdChanged', 'DirectoryAdded',
] as const;

/** Claude Code's per-handler timeout is in seconds; ours finishes in well under one. */
export const HOOK_TIMEOUT_SECONDS = 5;

/** Ours, recognized by the command: `… sightline[.js]["] hook` (or `statusline`). */
export function isSightlineCommand(command: unknown, sub: 'hook' | 'statusline'): boolean {
  return typeof command === 'string' && new RegExp(`sightline(\\.js)?["']?\\s+${sub}\\s*$`).test(command);
}

/** settings with one Sightline handler per event (any earlier Sightline handler replaced), everything else untouched. */
export function withSightlineHooks(settings: Json, command: string): Json {
  const cleaned = withoutSightlineHooks(settings);
  const hooks: Json = { ...(cleaned.hooks ?? {}) };
  for (const event of SIGHTLINE_HOOK_EVENTS) {
    const groups = Array.isArray(hooks[event]) ? hooks[event] : [];
    hooks[event] = [...groups, { hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS }] }];
  }
  return { ...cleaned, hooks };
}

/** settings without any Sightline handler; groups and events left empty by that removal go too. */
export function withoutSightlineHooks(settings: Json): Json {
  if (!settings.hooks || typeof settings.hooks !== 'object') return settings;
  const hooks: Json = {};
  for (const [event, groups] of Object.entries(settings.hooks as Json)) {
    if (!Array.isArray(groups)) {
      hooks[event] = groups;
      continue;
    }
    const kept = groups.flatMap((group: Json) => {
      if (!group || !Array.isArray(group.hooks)) return [group];
      const handlers = group.hooks.filter((h: Json) => !isSightlineCommand(h?.command, 'hook'));
      if (handlers.length === group.hooks.length) return [group];
      return handlers.length ? [{ ...group, hooks: handlers }] : [];
    });
    if (kept.length || groups.length === 0) hooks[event] = kept;
  }
  const { hooks: _old, ...rest } = settings;
  return Object.keys(hooks).length ? { ...rest, hooks } : rest;
}

export interface StatusLineChange {
  settings: Json;
  /** the user's statusLine we replaced (to restore on uninstall), when we replaced one */
  replaced?: Json;
  /** true when a user statusLine was kept because --force was not given */
  keptUsers: boolean;
}

export function withSightlineStatusLine(settings: Json, command: string, force: boolean): StatusLineChange {
  const current = settings.statusLine;
  const ours = { type: 'command', command, padding: 0 };
  if (current && !isSightlineCommand(current.command, 'statusline')) {
    if (!force) return { settings, keptUsers: true };
    return { settings: { ...settings, statusLine: ours }, replaced: current, keptUsers: false };
  }
  return { settings: { ...settings, statusLine: ours }, keptUsers: false };
}

/** Remove our statusLine, putting back the user's one we replaced (if any). A user's own statusLine is left alone. */
export function withoutSightlineStatusLine(settings: Json, previous: Json | undefined): Json {
  if (!settings.statusLine || !isSightlineCommand(settings.statusLine.command, 'statusline')) return settings;
  const { statusLine: _ours, ...rest } = settings;
  return previous ? { ...rest, statusLine: previous } : rest;
}
