import type { Rng } from './rng.js';
import type { Language } from './code-gen.js';
import { logLines, testOutputLines } from './code-gen.js';
import { encodeProjectDir } from './encode-cwd.js';
import { VirtualRepo } from './repo.js';
import { TextPool } from './text-pool.js';
import type { Corruptor, GenerateStats } from './writer.js';

export interface Project {
  cwd: string;
  /** Directory name under `projects/` (encoded cwd). */
  dirName: string;
  repo: VirtualRepo;
  branches: string[];
  /** Relative share of sessions. */
  weight: number;
}

/** Big reusable text, built once per run. */
export interface Corpus {
  logs: TextPool;
  tests: TextPool;
  /** Random base64 (no escaping needed, so any slice is valid JSON string content). */
  base64: string;
}

/** A main-file prefix another session can resume from (copied verbatim). */
export interface ResumeSource {
  lines: string[];
  lastUuid: string;
  contextTokens: number;
  endClock: number;
}

/** State shared by all sessions of one run. */
export interface World {
  outDir: string;
  projects: Project[];
  corpus: Corpus;
  corruptor: Corruptor;
  stats: GenerateStats;
  /** Recent resumable prefixes, per project index. */
  resumeSources: Map<number, ResumeSource[]>;
  startMs: number;
  days: number;
}

const KNOWN_CWDS: Array<[string, Language]> = [
  ['/home/dev/shop', 'ts'],
  ['/Users/maria/code/my_app.v2', 'py'],
  ['/home/dev/work/sightline', 'ts'],
  ['/Users/maria/Projets/éditeur', 'ts'],
  ['/home/dev/oss/queue_worker', 'go'],
  ['/srv/repos/data pipeline', 'py'],
];

export function buildProjects(rng: Rng, count: number): Project[] {
  const projects: Project[] = [];
  for (let i = 0; i < Math.max(1, count); i++) {
    const [cwd, language] = KNOWN_CWDS[i] ?? [`/home/dev/projects/service-${i}`, rng.pick<Language>(['ts', 'py', 'go'])];
    projects.push({
      cwd,
      dirName: encodeProjectDir(cwd),
      repo: new VirtualRepo(rng, language, rng.int(25, 50)),
      branches: ['main', 'main', `feat/${rng.hex(4)}-pagination`, `fix/${rng.hex(4)}-retry`, 'HEAD'],
      weight: rng.logNormal(1, 0.6),
    });
  }
  return projects;
}

export function buildCorpus(rng: Rng): Corpus {
  const randomBytes = Buffer.alloc(192 * 1024);
  for (let i = 0; i < randomBytes.length; i += 4) randomBytes.writeUInt32LE(rng.u32(), i);
  return {
    logs: new TextPool(logLines(rng, 6000)),
    tests: new TextPool(testOutputLines(rng, 3000)),
    base64: randomBytes.toString('base64'),
  };
}

/** `chars` characters of base64 image data, starting like a real PNG. */
export function base64Image(corpus: Corpus, rng: Rng, chars: number): string {
  const header = 'iVBORw0KGgoAAAANSUhEUgAA';
  const pool = corpus.base64;
  const wanted = Math.max(64, Math.round(chars / 4) * 4);
  const start = rng.int(0, pool.length / 4 - 1) * 4;
  let body = pool.slice(start);
  while (body.length < wanted) body += pool;
  return header + body.slice(0, wanted - header.length);
}
