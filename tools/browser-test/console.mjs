// Drives the console in a real headless Chromium (Debian's package) with playwright-core, against
// the packaged service that bin/browser-test started. Each step asserts what a user would see;
// a screenshot of each page goes to $OUT. Exit code 0 only if every step passed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const BASE = process.env.SERVICE_URL;
const TOKEN = process.env.TOKEN;
const ADMIN_TOKEN = process.env.ADMIN_TOKEN;
const OUT = process.env.OUT || 'target/browser';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(OUT, { recursive: true });

const TIMEOUT = 60_000;
let step = 'start';
const problems = []; // console errors and CSP violations: none may happen
// the one refusal a step provokes on purpose: Chromium logs the failed fetch as a console error
let expectedRefusal = null;

async function api(path, { method = 'GET', body, token = TOKEN } = {}) {
  const response = await fetch(BASE + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** A text ingest that takes several seconds: many chunks, each slowed by the service's simulated item delay. */
function slowText(label, timeoutSeconds) {
  const paragraph = `${label}: a paragraph about replicas, locks and search, long enough to be a chunk of its own. `.repeat(4);
  return api('/api/v1/ingest/text', {
    method: 'POST',
    body: { collection: 'handbook', text: Array(30).fill(paragraph).join('\n\n'), source_id: label, ...(timeoutSeconds ? { timeout_seconds: timeoutSeconds } : {}) },
  });
}

async function waitFor(what, predicate, timeout = TIMEOUT) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function signIn(page, token) {
  await page.goto(`${BASE}/console`);
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

async function shot(page, name) {
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (expectedRefusal && url.endsWith(expectedRefusal.path) && message.text().includes(`status of ${expectedRefusal.status}`)) {
      expectedRefusal.seen = true;
      return;
    }
    problems.push(`console: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  step = 'sign in';
  await signIn(page, TOKEN);
  // the token is in memory only: nothing in storage, and a reload signs out
  const stored = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie);
  if (stored.includes(TOKEN.slice(-20))) throw new Error('the token was stored by the page');
  await page.getByText('dev-acme · tenant acme').waitFor();

  step = 'a slow operation submitted through the API moves its bar to 100 %';
  const slow = await slowText('slow-one');
  const row = page.locator(`tr[data-id="${slow.id}"]`);
  await row.waitFor(); // arrived through the live feed
  const bar = row.locator('progress');
  const seen = new Set();
  await waitFor('the bar to move and reach 100', async () => {
    const value = Number(await bar.getAttribute('value'));
    seen.add(value);
    return value === 100 && (await row.locator('.status').textContent()) === 'completed';
  });
  const between = [...seen].filter((v) => v > 0 && v < 100);
  if (between.length === 0) throw new Error(`the bar jumped straight to 100 (values seen: ${[...seen]})`);
  console.log(`progress values seen for ${slow.id}: ${[...seen].sort((a, b) => a - b).join(', ')}`);
  await shot(page, 'operations');

  step = 'cancel another from the UI';
  const victim = await slowText('to-cancel');
  await page.goto(`${BASE}/console#/operations/${victim.id}`);
  await page.locator('.status').filter({ hasText: /running|pending/ }).first().waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.locator('dd .status').filter({ hasText: /^cancelled$/ }).waitFor();
  if (!(await page.getByRole('button', { name: 'Cancel' }).isDisabled())) throw new Error('Cancel still enabled after cancelling');
  if (await page.getByRole('button', { name: 'Retry' }).isDisabled()) throw new Error('Retry disabled on a cancelled operation');

  step = 'its history shows who cancelled it';
  const timeline = page.getByRole('list', { name: 'History' });
  await timeline.getByText('(cancel_requested) by user dev-acme').waitFor();
  await timeline.getByText('(submitted) by user dev-acme').waitFor();
  await shot(page, 'operation-detail');

  step = 'a refused action shows the problem message';
  // cancel it again through the API behind the page's back: the button is disabled, so ask the API
  // for a retry of a completed one instead, which the UI must refuse with the API's message
  await page.goto(`${BASE}/console#/operations/${slow.id}`);
  await page.locator('dd .status').filter({ hasText: /^completed$/ }).waitFor();
  if (!(await page.getByRole('button', { name: 'Retry' }).isDisabled())) throw new Error('Retry enabled on a completed operation');

  step = 'retry a failed one';
  const doomed = await slowText('too-slow', 1); // its deadline passes mid-way: failed deadline_exceeded
  await waitFor('the operation to fail', async () => (await api(`/api/v1/operations/${doomed.id}`)).status === 'failed');
  await page.goto(`${BASE}/console#/operations/${doomed.id}`);
  await page.locator('dd .status').filter({ hasText: /^failed$/ }).waitFor();
  await page.getByText('deadline_exceeded:').first().waitFor();
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.waitForURL((url) => url.hash.startsWith('#/operations/') && !url.hash.endsWith(doomed.id));
  await page.getByRole('list', { name: 'History' }).getByText(`(retry of ${doomed.id}) by user dev-acme`).waitFor();
  const retriedId = page.url().split('/').pop();
  await api(`/api/v1/operations/${retriedId}/cancel`, { method: 'POST' }); // it would fail the same way

  step = 'collections, the tenant lock and stats';
  await page.goto(`${BASE}/console#/collections`);
  await page.getByRole('rowheader', { name: 'handbook' }).waitFor();
  await page.getByText(/^Free: no sync/).waitFor();

  step = 'sync now, with the tenant lock held while it runs';
  await page.getByLabel('Source folder for handbook').fill('manuals');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.waitForURL((url) => url.hash.startsWith('#/operations/'));
  const syncId = page.url().split('/').pop();
  await page.getByText(/^sync$/).first().waitFor();
  await page.goto(`${BASE}/console#/collections`);
  await page.getByText(/^Held by sync/).waitFor();
  await page.getByText(/^alive \(/).waitFor(); // its heartbeat, judged by the service
  await shot(page, 'collections-locked');
  await waitFor('the sync to complete', async () => (await api(`/api/v1/operations/${syncId}`)).status === 'completed');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('row', { name: /handbook/ }).getByText('completed').waitFor();
  await page.getByText(/^Free: no sync/).waitFor();
  await shot(page, 'collections');
  await page.goto(`${BASE}/console#/stats`);
  await page.getByRole('img', { name: 'Operations by status' }).waitFor();
  await shot(page, 'stats');

  step = 'create a schedule, see it listed with its next run, delete it';
  await page.goto(`${BASE}/console#/schedules`);
  await page.getByText('No schedules yet.').waitFor();
  await page.getByLabel('Collection').fill('handbook');
  await page.getByLabel('Source folder').fill('manuals');
  await page.getByLabel(/^Cron/).fill('not a cron');
  expectedRefusal = { path: '/api/v1/schedules', status: 400 };
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await page.getByText(/invalid_argument.*cron/).waitFor(); // the API's problem message, shown
  if (!expectedRefusal.seen) throw new Error('the refused schedule was not a 400');
  expectedRefusal = null;
  await page.getByLabel(/^Cron/).fill('30 2 * * *');
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await page.getByRole('rowheader', { name: 'handbook' }).waitFor();
  await page.getByText('30 2 * * *').waitFor();
  const listed = await api('/api/v1/schedules');
  if (listed.schedules.length !== 1 || listed.schedules[0].time_zone !== 'Europe/Berlin') {
    throw new Error(`schedule not stored as entered: ${JSON.stringify(listed)}`);
  }
  await shot(page, 'schedules');
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No schedules yet.').waitFor();

  step = 'as admin, bulk-cancel two';
  const first = await slowText('bulk-1');
  const second = await slowText('bulk-2');
  const admin = await context.newPage();
  admin.on('pageerror', (error) => problems.push(`admin page error: ${error.message}`));
  await signIn(admin, ADMIN_TOKEN);
  await admin.goto(`${BASE}/console#/admin`);
  for (const op of [first, second]) {
    await admin.getByLabel(`Select ingest_text ${op.id}`).first().check();
  }
  const bulk = admin.getByRole('region', { name: /^(Running|Pending)/ }).getByRole('button', { name: 'Cancel selected' });
  // both are listed in one table or two; press each table's button that has a selection
  for (const button of await bulk.all()) {
    if (!(await button.isDisabled())) await button.click();
  }
  for (const op of [first, second]) {
    await waitFor(`${op.id} cancelled`, async () => (await api(`/api/v1/operations/${op.id}`)).status === 'cancelled'
      || (await api(`/api/v1/operations/${op.id}`)).cancel_requested);
  }
  await admin.getByRole('list', { name: 'Bulk action results' }).getByText('cancel: 200').first().waitFor();
  await admin.getByRole('heading', { name: 'Workers' }).waitFor();
  await admin.getByRole('cell', { name: 'live' }).first().waitFor();
  await shot(admin, 'admin');
  const history = await api(`/api/v1/operations/${first.id}/history`);
  const byAdmin = history.events.find((e) => e.reason === 'cancel_requested');
  if (!byAdmin || byAdmin.actor.id !== 'dev-ops') throw new Error(`bulk cancel not recorded as the admin's: ${JSON.stringify(history.events)}`);

  step = 'no script errors and no policy violations';
  if (problems.length) throw new Error(problems.join('\n'));
  console.log('browser test: every step passed');
} catch (e) {
  console.error(`browser test failed at "${step}": ${e.stack || e}`);
  for (const [i, p] of browser.contexts().flatMap((c) => c.pages()).entries()) {
    await p.screenshot({ path: `${OUT}/failure-${i}.png`, fullPage: true }).catch(() => {});
  }
  for (const p of problems) console.error(p);
  process.exitCode = 1;
} finally {
  await browser.close();
}
