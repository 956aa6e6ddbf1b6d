import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentDir } from './state.js';

/**
 * One agent per state dir: two would push the same bytes and race on the state file.
 * `agent/agent.pid` is created exclusively; a pid file of a dead process is taken over.
 * Returns the release function, or throws naming the running agent.
 */
export function acquireAgentLock(home: string): () => void {
  mkdirSync(agentDir(home), { recursive: true, mode: 0o700 });
  const path = join(agentDir(home), 'agent.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) throw new Error(`another agent (pid ${pid}) runs on ${agentDir(home)}; stop it first`);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot take the agent lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
