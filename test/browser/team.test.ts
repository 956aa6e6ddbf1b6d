import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeViolations, seriousA11yViolations } from './axe.js';
import { launchBrowser, screenshot, startDashboard, waitFor, type Dashboard } from './harness.js';

/**
 * Team mode end to end in Chromium (docs/people.md): the first visit sets up the team, the admin
 * signs out and in, invites a second user who registers from the link, both send sessions with
 * their own API keys, and sharing (team, public link, revoke) decides who sees what.
 */
const ADMIN = { team: 'Platform', name: 'Ada Admin', email: 'ada@example.com', password: 'correct horse battery' };
const MEMBER = { name: 'Bob Builder', email: 'bob@example.com', password: 'another long passphrase' };
const THEMES = ['light', 'dark'] as const;

async function newPage(browser: Browser, theme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: theme });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return { context, page };
}

async function expectNoA11yViolations(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `${where}:\n${describeViolations(violations)}`);
}

/** Screenshot in both themes (the toggle switches in place) and check accessibility in each. */
async function shootBothThemes(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  for (const theme of THEMES) {
    await page.evaluate((t) => {
      document.documentElement.dataset.theme = t;
      window.dispatchEvent(new Event('sightline:theme')); // the toggle's icon follows
    }, theme);
    await ready();
    await screenshot(page, `${name}-${theme}`);
    await expectNoA11yViolations(page, `${name} (${theme})`);
  }
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'light';
    window.dispatchEvent(new Event('sightline:theme'));
  });
}

/** Two sessions worth of events (prompt, model calls, a tool call), posted with an API key. */
async function postSessions(dash: Dashboard, key: string, sessionIds: string[]): Promise<void> {
  const t0 = Date.now() - 3_600_000;
  const events = sessionIds.flatMap((sessionId, i) => {
    const ts = t0 + i * 600_000;
    const common = { sessionId, project: 'billing', agent: 'claude-code' };
    return [
      { ...common, key: `${sessionId}-prompt`, ts, kind: 'prompt', text: `Refactor the invoice totals (${sessionId})` },
      { ...common, key: `${sessionId}-llm-1`, ts: ts + 1000, kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 1200, outputTokens: 300, durationMs: 2100 },
      { ...common, key: `${sessionId}-tool`, ts: ts + 4000, endTs: ts + 4800, kind: 'tool_call', toolName: 'Bash', durationMs: 800, status: 'ok', text: 'npm test' },
      { ...common, key: `${sessionId}-llm-2`, ts: ts + 6000, kind: 'llm_call', model: 'claude-sonnet-4-5', inputTokens: 2400, outputTokens: 500, durationMs: 3100 },
    ];
  });
  const response = await fetch(`${dash.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
  assert.equal(response.status, 200, await response.text());
}

/** Create an ingest+read key on the settings page; the secret is shown once. */
async function createKeyInUi(page: Page, dash: Dashboard, name: string): Promise<string> {
  await page.goto(`${dash.url}/settings?tab=keys`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('checkbox', { name: /^read/ }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('key-secret').textContent()) ?? '';
  assert.match(secret, /^sl_/);
  assert.match((await page.getByTestId('key-lines').textContent()) ?? '', new RegExp(`SIGHTLINE_KEY=${secret}`));
  await page.getByTestId('keys-table').getByText(name).waitFor();
  return secret;
}

/** The session ids the sessions page lists for the signed-in user. */
async function listedSessions(page: Page, dash: Dashboard): Promise<string[]> {
  await page.goto(`${dash.url}/sessions?range=7d`);
  await page.locator('[data-testid="session-link"], .empty').first().waitFor();
  const hrefs = await page.getByTestId('session-link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => decodeURIComponent(href.replace('/sessions/', '')));
}

describe('team mode in Chromium: setup, sign-in, invites, API keys, sharing, public links', () => {
  let dash: Dashboard;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let member: { context: BrowserContext; page: Page };
  let adminKey = '';
  let publicLink = '';
  before(async () => {
    dash = await startDashboard({ bytes: 0, mode: 'team' });
    browser = await launchBrowser();
    admin = await newPage(browser);
    member = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await dash?.close();
  });

  test('the first visit gets the setup page: inline errors, then the admin is created and signed in', async () => {
    const { page } = admin;
    await page.goto(`${dash.url}/sessions`);
    await page.getByTestId('setup-form').waitFor();
    assert.match((await page.getByTestId('password-rule').textContent()) ?? '', /At least 10 characters/);
    await shootBothThemes(page, 'team-setup', () => page.getByTestId('setup-form').waitFor());

    await page.getByLabel('Team name').fill(ADMIN.team);
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('short');
    await page.getByRole('button', { name: 'Create team and sign in' }).click();
    await page.locator('.field-error').filter({ hasText: 'enter an email address, like name@example.com' }).waitFor();
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'team-setup-errors-light');

    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('button', { name: 'Create team and sign in' }).click();
    await page.locator('.field-error').filter({ hasText: 'at least 10 characters' }).waitFor();
    assert.equal(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), null);

    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Confirm password').fill(ADMIN.password + 'x');
    await page.getByRole('button', { name: 'Create team and sign in' }).click();
    await page.locator('.field-error').filter({ hasText: 'the two passwords differ' }).waitFor();

    await page.getByLabel('Confirm password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create team and sign in' }).click();
    await page.getByTestId('account-menu').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    // the overview (empty: no sessions yet) has finished loading
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    await page.getByTestId('account-menu').click();
    assert.equal(await page.getByTestId('account-role').textContent(), 'admin');
    await screenshot(page, 'team-account-menu-light');
    await expectNoA11yViolations(page, 'account menu');
  });

  test('sign out → login page; a wrong password says so; the right one signs in and goes on to ?next=', async () => {
    const { page } = admin;
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-form').waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    assert.equal(me, 401, 'the cookie is gone');
    await shootBothThemes(page, 'team-login', () => page.getByTestId('login-form').waitFor());

    await page.goto(`${dash.url}/login?next=${encodeURIComponent('/settings?tab=members')}`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('form-error').filter({ hasText: 'Wrong email or password' }).waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('members-table').waitFor();
    assert.equal(new URL(page.url()).pathname, '/settings');
    const rows = await page.getByTestId('members-table').locator('tbody tr').count();
    assert.equal(rows, 1);
    assert.equal(await page.getByRole('combobox', { name: `Role of ${ADMIN.name}` }).isDisabled(), true, 'the last admin keeps the role');
  });

  test('settings: every tab renders in light and dark without accessibility violations; a setting saves', async () => {
    const { page } = admin;
    for (const tab of ['profile', 'members', 'invites', 'keys', 'budgets', 'alerts', 'notifications', 'signup']) {
      await page.goto(`${dash.url}/settings${tab === 'profile' ? '' : `?tab=${tab}`}`);
      await page.locator('[role="tabpanel"] .panel').first().waitFor();
      await page.locator('[role="tabpanel"] [aria-busy="true"]').first().waitFor({ state: 'detached' });
      await shootBothThemes(page, `team-settings-${tab}`, () => page.locator('[role="tabpanel"] .panel').first().waitFor());
    }
    await page.goto(`${dash.url}/settings?tab=alerts`);
    await page.getByLabel('Context window use (%)').fill('150');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel('Context window use (%)').fill('75');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const team = await page.evaluate(async () => (await (await fetch('/api/v1/team')).json()) as { settings: { alerts: { contextPct: number } } });
    assert.equal(team.settings.alerts.contextPct, 75);
  });

  test('an invite link opened in a second browser registers the second user, who lands signed in', async () => {
    await admin.page.goto(`${dash.url}/settings?tab=invites`);
    await admin.page.getByRole('button', { name: 'Create invite link' }).click();
    const link = (await admin.page.getByTestId('invite-link').textContent()) ?? '';
    assert.match(link, /\/register\?invite=/);
    await admin.page.getByTestId('invites-table').getByText('open').waitFor();
    await screenshot(admin.page, 'team-settings-invite-created-light');

    const { page } = member;
    await page.goto(link);
    await page.getByTestId('register-form').waitFor();
    await shootBothThemes(page, 'team-register', () => page.getByTestId('register-form').waitFor());
    await page.getByLabel('Your name').fill(MEMBER.name);
    await page.getByLabel('Password', { exact: true }).fill(MEMBER.password);
    await page.getByLabel('Confirm password').fill(MEMBER.password);
    // the server's refusal names its field: that email has an account already
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.field-error').filter({ hasText: 'an account with this email exists' }).waitFor();
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'team-register-errors-light');
    await page.getByLabel('Email').fill(MEMBER.email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('account-menu').waitFor();
    await page.getByTestId('account-menu').click();
    assert.equal(await page.getByTestId('account-role').textContent(), 'member');
    // members see their profile and keys only
    await page.getByRole('menuitem', { name: 'Profile & API keys' }).click();
    await page.getByRole('tab', { name: 'API keys' }).waitFor();
    const tabs = await page.getByRole('tab').allTextContents();
    assert.deepEqual(tabs, ['Profile', 'API keys']);

    // the invite was good once
    await admin.page.reload();
    await admin.page.getByTestId('invites-table').getByText('accepted').waitFor();
  });

  test('each user sends sessions with their own key; private sessions stay with their owner', async () => {
    adminKey = await createKeyInUi(admin.page, dash, 'ada laptop');
    await screenshot(admin.page, 'team-settings-key-created-light');
    const memberKey = await createKeyInUi(member.page, dash, 'bob laptop');
    await postSessions(dash, adminKey, ['ada-billing-1', 'ada-private-2']);
    await postSessions(dash, memberKey, ['bob-billing-1']);
    await waitFor(async () => (await listedSessions(admin.page, dash)).length === 2, 15_000, "the admin's two sessions");
    assert.deepEqual((await listedSessions(admin.page, dash)).sort(), ['ada-billing-1', 'ada-private-2']);
    assert.deepEqual(await listedSessions(member.page, dash), ['bob-billing-1']);
  });

  test('the owner shares a session with the team: the member sees and opens it, but cannot change its sharing', async () => {
    await admin.page.goto(`${dash.url}/sessions/ada-billing-1`);
    const select = admin.page.getByTestId('visibility-select');
    await select.waitFor();
    assert.equal(await select.inputValue(), 'private');
    assert.equal(await select.isDisabled(), false);
    await select.selectOption('team');
    await waitFor(async () => (await select.inputValue()) === 'team' && !(await select.isDisabled()), 10_000, 'the new visibility');
    await admin.page.reload();
    await waitFor(async () => (await admin.page.getByTestId('visibility-select').inputValue()) === 'team', 10_000, 'team visibility after a reload');
    await shootBothThemes(admin.page, 'team-session-sharing', () => admin.page.getByTestId('visibility-select').waitFor());

    assert.deepEqual((await listedSessions(member.page, dash)).sort(), ['ada-billing-1', 'bob-billing-1']);
    await member.page.getByTestId('session-link').filter({ hasText: 'ada-billing-1' }).or(member.page.locator('a[href="/sessions/ada-billing-1"]')).first().click();
    await member.page.getByTestId('session-title').waitFor();
    const memberSelect = member.page.getByTestId('visibility-select');
    assert.equal(await memberSelect.isDisabled(), true);
    await member.page.getByText('Only the owner of this session (or an admin) can change who sees it.').waitFor();
    await screenshot(member.page, 'team-session-sharing-member-light');
  });

  test('the member posts an insight on the shared session; the owner sees it live and upvotes it', async () => {
    await admin.page.goto(`${dash.url}/insights`);
    await member.page.goto(`${dash.url}/insights`);
    await member.page.getByTestId('insight-form').waitFor();
    await admin.page.getByTestId('insights-empty').waitFor({ timeout: 30_000 });
    await member.page.getByLabel('Title').fill('Billing fixes need the schema first');
    await member.page.getByLabel('What did you learn?').fill('Reading the schema before editing saved two retries.');
    await member.page.getByLabel('Tags (separated by spaces or commas)').fill('billing schema');
    await member.page.getByLabel('Session (optional)').fill('ada-billing-1');
    await member.page.getByRole('button', { name: 'Post insight' }).click();
    const card = admin.page.locator('[data-insight]', { hasText: 'Billing fixes need the schema first' });
    await card.waitFor({ timeout: 5_000 }); // pushed over the live WebSocket: no reload
    assert.equal(await card.locator('[data-session-link]').getAttribute('href'), '/sessions/ada-billing-1');
    await card.getByTestId('vote').click();
    await waitFor(async () => (await card.locator('[data-votes]').getAttribute('data-votes')) === '1', 5_000, "the owner's upvote");
    await member.page.reload();
    const mine = member.page.locator('[data-insight]', { hasText: 'Billing fixes need the schema first' });
    await waitFor(async () => (await mine.locator('[data-votes]').getAttribute('data-votes')) === '1', 10_000, 'the vote seen by the author');
    await shootBothThemes(admin.page, 'team-insight-upvoted', () => card.waitFor());
    await admin.page.goto(`${dash.url}/sessions/ada-billing-1`); // where the next step begins
    await admin.page.getByTestId('visibility-select').waitFor();
  });

  test('a public link works signed out (read-only, no navigation); revoked, it is a not-found page', async () => {
    const { page } = admin;
    await page.getByTestId('visibility-select').selectOption('public');
    await waitFor(async () => (await page.getByTestId('visibility-select').inputValue()) === 'public', 10_000, 'public visibility');
    await page.getByTestId('create-public-link').click();
    publicLink = (await page.getByTestId('public-link').textContent()) ?? '';
    assert.match(publicLink, /\/p\/[\w-]{20,}$/);

    const stranger = await newPage(browser);
    await stranger.page.goto(publicLink);
    await stranger.page.getByTestId('public-banner').waitFor();
    await stranger.page.getByTestId('timeline-count').waitFor();
    assert.match((await stranger.page.getByTestId('timeline-count').textContent()) ?? '', /^4 events/);
    assert.equal(await stranger.page.locator('nav').count(), 0, 'no shell navigation');
    assert.equal(await stranger.page.getByTestId('account-menu').count(), 0);
    await shootBothThemes(stranger.page, 'team-public-session', () => stranger.page.getByTestId('timeline-count').waitFor());

    await page.getByTestId('revoke-public-links').click();
    await page.getByTestId('revoked-note').filter({ hasText: 'Revoked 1 public link' }).waitFor();
    await stranger.page.reload();
    await stranger.page.getByTestId('public-not-found').waitFor();
    await shootBothThemes(stranger.page, 'team-public-revoked', () => stranger.page.getByTestId('public-not-found').waitFor());
    await stranger.context.close();
  });

  test('a session that ends while a page is open leads to the login page, and back after signing in', async () => {
    const { context, page } = member;
    await page.goto(`${dash.url}/tools?range=7d`);
    await page.getByRole('navigation').getByRole('link', { name: 'Sessions' }).waitFor();
    await context.clearCookies(); // as if signed out everywhere, or the cookie expired
    await page.getByRole('navigation').getByRole('link', { name: 'Sessions' }).click();
    await page.getByTestId('login-form').waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/login');
    assert.equal(url.searchParams.get('next'), '/sessions?range=7d');
    await page.getByLabel('Email').fill(MEMBER.email);
    await page.getByLabel('Password').fill(MEMBER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('account-menu').waitFor();
    await waitFor(() => new URL(page.url()).pathname === '/sessions', 5000, 'back on the sessions page');
  });

  test('signed out, a page visit shows the login page; repeated failures are throttled with the wait shown', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${dash.url}/sessions/ada-billing-1`);
    await page.getByTestId('login-form').waitFor();
    for (let attempt = 0; attempt < 6; attempt++) {
      await page.getByLabel('Email').fill('nobody@example.com');
      await page.getByLabel('Password').fill(`wrong password ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('form-error').waitFor();
      await waitFor(async () => !(await page.getByRole('button', { name: /Sign in/ }).getAttribute('aria-busy').then((b) => b === 'true')), 10_000, 'the answer');
    }
    await page.getByTestId('form-error').filter({ hasText: /Too many failed attempts\. You can try again in \d+:\d\d/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).isDisabled(), true);
    await screenshot(page, 'team-login-throttled-light');
    await context.close();
  });
});
