import { spawn } from 'node:child_process';

export interface CommandRun {
  seconds: number;
  stdout: string;
  stderr: string;
  code: number;
}

/** Run a whole process and time it from spawn to exit, as a user at a shell would see it. */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: (performance.now() - started) / 1000, stdout, stderr, code: code ?? 1 }));
  });
}

export async function median(times: number, run: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await run());
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
