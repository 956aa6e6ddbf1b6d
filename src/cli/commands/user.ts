import { createInterface } from 'node:readline';
import { parseFlags } from '../args.js';
import { isStoreLocked } from '../remote.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/store.js';
import type { SqlSession } from '../../store/sql/session.js';
import { hashPassword, passwordProblem } from '../../people/passwords.js';
import { ROLES, type Role } from '../../people/principal.js';
import { recordAudit } from '../../people/audit.js';
import { createUser, findUserByEmail, listUsers, setPassword, setUserDisabled, type UserRow } from '../../people/repo/users.js';
import { createTeam, listTeams, type TeamRow } from '../../people/repo/teams.js';
import { addMembership, membershipsOfUser } from '../../people/repo/memberships.js';

const HELP = `Usage: sightline user <action> [options]

Manage team-mode accounts directly in the store (like 'sightline import', it opens the store itself:
on DuckDB stop 'sightline serve' first; on PostgreSQL set DATABASE_URL and run it any time).

Actions:
  add             --email E --name N [--role admin|member|viewer] [--team ID_OR_NAME] [--password-stdin]
                  Create an account in a team. Without teams yet, a team is created (named by --team,
                  default "Team") and the first account is its admin. Role default: member.
                  --new-team NAME instead creates another team with this account as its admin (teams
                  see nothing of each other).
  list            [--json]   every account, its teams and roles, disabled or not
  reset-password  --email E [--password-stdin]   set a new password; signs the account out everywhere
  disable         --email E   refuse the account at once (sessions, its API keys, live connections)
  enable          --email E

The password is asked for on the terminal (not echoed), or read from the first line of stdin with
--password-stdin (for scripts). At least 10 characters.

Examples:
  sightline user add --email ada@example.com --name "Ada Lovelace" --role admin
  sightline user add --email grace@example.com --name "Grace Hopper" --new-team Research
  echo "$PASSWORD" | sightline user reset-password --email ada@example.com --password-stdin
  sightline user disable --email mallory@example.com
`;

const FLAGS = {
  email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, 'new-team': { type: 'string' },
  'password-stdin': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;
type Values = Record<string, string | boolean | undefined>;

/** `sightline user add|list|reset-password|disable|enable` */
export async function userCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  const action = positionals[0];
  if (values.help || !action) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const run = ACTIONS[action];
  if (!run) return usageError(`unknown action '${action}': use add, list, reset-password, disable or enable`);
  const needsEmail = action !== 'list';
  if (needsEmail && typeof values.email !== 'string') return usageError(`${action} needs --email`);
  const store = await openStoreForUsers();
  if (!store) return 1;
  try {
    return await run(store, values);
  } finally {
    await store.close();
  }
}

const ACTIONS: Record<string, (store: Store, values: Values) => Promise<number>> = {
  add: addUser,
  list: listAccounts,
  'reset-password': resetPassword,
  disable: (store, values) => setDisabled(store, String(values.email), true),
  enable: (store, values) => setDisabled(store, String(values.email), false),
};

async function addUser(store: Store, values: Values): Promise<number> {
  const role = (values.role as string | undefined) ?? 'member';
  if (!ROLES.includes(role as Role)) return usageError(`--role must be one of ${ROLES.join(', ')}, got '${role}'`);
  if (typeof values.name !== 'string' || !values.name.trim()) return usageError('add needs --name');
  if (await findUserByEmail(store.reads, String(values.email))) return fail(`an account with the email ${values.email} exists already`);
  const newTeam = typeof values['new-team'] === 'string' ? values['new-team'].trim() : undefined;
  if (newTeam !== undefined && (!newTeam || values.team !== undefined)) return usageError('--new-team needs a name, and goes without --team');
  const teams = await listTeams(store.reads);
  if (newTeam && teams.some((t) => t.name === newTeam)) return fail(`a team named '${newTeam}' exists already: add to it with --team`);
  const team = newTeam ? null : pickTeam(teams, values.team as string | undefined);
  if (team === 'ambiguous') return fail(`there are ${teams.length} teams: pick one with --team (${teams.map((t) => `${t.name} [${t.id}]`).join(', ')})`);
  if (team === 'missing') return fail(`no team '${values.team}'`);
  const password = await readPassword(values['password-stdin'] === true);
  const hash = await hashPassword(password);
  const user = await store.transaction(async (db) => {
    const target = team ?? (await createTeam(db, { name: newTeam ?? (values.team as string | undefined) ?? 'Team' }));
    const created = await createUser(db, { email: String(values.email), name: String(values.name), passwordHash: hash });
    const finalRole: Role = team ? (role as Role) : 'admin'; // the first account of a new team runs it
    await addMembership(db, { teamId: target.id, userId: created.id, role: finalRole });
    await cliAudit(db, target.id, 'user.create', created.id, { role: finalRole });
    return { ...created, teamName: target.name, role: finalRole };
  });
  process.stdout.write(`Added ${user.email} (${user.name}) to ${user.teamName} as ${user.role}.\n`);
  return 0;
}

function pickTeam(teams: TeamRow[], wanted: string | undefined): TeamRow | null | 'ambiguous' | 'missing' {
  if (wanted === undefined) return teams.length === 0 ? null : teams.length === 1 ? teams[0] : 'ambiguous';
  if (teams.length === 0) return null; // the team is created with this name
  return teams.find((t) => t.id === wanted || t.name === wanted) ?? 'missing';
}

async function listAccounts(store: Store, values: Values): Promise<number> {
  const teams = new Map((await listTeams(store.reads)).map((t) => [t.id, t.name]));
  const users = await listUsers(store.reads);
  const rows = await Promise.all(users.map(async (user) => ({ user, memberships: await membershipsOfUser(store.reads, user.id) })));
  const shown = rows.map(({ user, memberships }) => ({
    email: user.email, name: user.name, disabled: user.disabled, lastLoginAt: user.lastLoginAt ? new Date(user.lastLoginAt).toISOString() : null,
    teams: memberships.map((m) => ({ team: teams.get(m.teamId) ?? m.teamId, role: m.role })),
  }));
  if (values.json) process.stdout.write(JSON.stringify(shown, null, 2) + '\n');
  else if (shown.length === 0) process.stdout.write('No accounts yet. Add one with: sightline user add --email … --name … --role admin\n');
  else for (const u of shown) process.stdout.write(`${u.email.padEnd(32)} ${u.name.padEnd(24)} ${u.teams.map((t) => `${t.role}@${t.team}`).join(', ').padEnd(24)} ${u.disabled ? 'DISABLED' : 'active'}  last login ${u.lastLoginAt ?? 'never'}\n`);
  return 0;
}

async function resetPassword(store: Store, values: Values): Promise<number> {
  const user = await findUserByEmail(store.reads, String(values.email));
  if (!user) return fail(`no account with the email ${values.email}`);
  const hash = await hashPassword(await readPassword(values['password-stdin'] === true));
  await store.transaction(async (db) => {
    await setPassword(db, user.id, hash);
    await cliAudit(db, await firstTeam(db, user), 'password.reset', user.id);
  });
  process.stdout.write(`New password set for ${user.email}; every session of it is signed out.\n`);
  return 0;
}

async function setDisabled(store: Store, email: string, disabled: boolean): Promise<number> {
  const user = await findUserByEmail(store.reads, email);
  if (!user) return fail(`no account with the email ${email}`);
  await store.transaction(async (db) => {
    await setUserDisabled(db, user.id, disabled);
    await cliAudit(db, await firstTeam(db, user), disabled ? 'user.disable' : 'user.enable', user.id);
  });
  process.stdout.write(`${user.email} is ${disabled ? 'disabled: its sessions, API keys and live connections are refused from now on' : 'enabled again'}.\n`);
  return 0;
}

async function firstTeam(db: SqlSession, user: UserRow): Promise<string | null> {
  return (await membershipsOfUser(db, user.id))[0]?.teamId ?? null;
}

function cliAudit(db: SqlSession, teamId: string | null, action: string, userId: string, detail?: object): Promise<void> {
  return recordAudit(db, { teamId, actorId: null, action, resource: `user:${userId}`, result: 'ok', client: 'cli', detail: { by: 'sightline user', ...detail } });
}

/** The password from stdin's first line, or asked twice on the terminal without echo. */
async function readPassword(fromStdin: boolean): Promise<string> {
  const password = fromStdin ? await firstLineOfStdin() : await promptTwice();
  const problem = passwordProblem(password);
  if (problem) throw new Error(`password refused: ${problem}`);
  return password;
}

async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new Error('--password-stdin: stdin was empty');
}

async function promptTwice(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('no terminal to ask for the password: pipe it in with --password-stdin');
  const first = await promptHidden('Password: ');
  if ((await promptHidden('Again: ')) !== first) throw new Error('the passwords differ');
  return first;
}

function promptHidden(label: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(label);
    let typed = '';
    process.stdin.setRawMode(true);
    process.stdin.resume();
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003') process.exit(130); // Ctrl-C
        if (char !== '\r' && char !== '\n') {
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
          continue;
        }
        process.stdin.off('data', onData);
        process.stdin.setRawMode(false);
        process.stdin.pause();
        process.stderr.write('\n');
        return resolve(typed);
      }
    };
    process.stdin.on('data', onData);
  });
}

async function openStoreForUsers(): Promise<Store | null> {
  try {
    return await openStore();
  } catch (error) {
    if (!isStoreLocked(error)) throw error;
    fail('the store is held by a running `sightline serve` (DuckDB allows one process): stop it first, or manage people in the dashboard');
    return null;
  }
}

function fail(message: string): number {
  process.stderr.write(`sightline user: ${message}\n`);
  return 1;
}

function usageError(message: string): number {
  process.stderr.write(`sightline user: ${message}\nRun 'sightline user --help' for usage.\n`);
  return 2;
}
