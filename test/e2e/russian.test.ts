// Lease Lens in Russian, in the packaged extension: code-server started with `--locale ru`. No
// language pack can be installed here, so VS Code's own UI stays English; but `vscode.env.language`
// is `ru`, so VS Code localises our manifest from package.nls.ru.json and gives the extension
// l10n/bundle.l10n.ru.json: the palette's command titles, the tree rows and their tooltips, the
// context menu, the panel (strings from the host), the status bar and the holder-change
// notification are in Russian. Screenshots: test-results/e2e/russian-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { ADMIN_CONTEXT } from '../../demo';
import { endSession, openSession, type Session } from './session';
import { waitForValue } from '../../harness/workbench';

const VIEW = 'Leases';
const EXTENSION_ID = 'lease-lens.lease-lens';
const NAMESPACE = 'demo';
const LEASE = 'leader-demo';
const WORKLOAD = `${NAMESPACE}/${LEASE}`;

const started = Date.now();
let session: Session | undefined;

function current(): Session {
  assert.ok(session, 'the session did not start (see the before hook)');
  return session;
}

async function row(name: string): Promise<Locator> {
  const found = current().bench.treeItem(VIEW, name).first();
  await found.waitFor();
  return found;
}

async function frameText(frame: Frame, selector: string, ok: (text: string) => boolean, what: string): Promise<string> {
  return waitForValue(async () => (await frame.locator(selector).allTextContents()).join('\n'), ok, {
    timeoutMs: 30_000,
    what: `${what} (${selector})`,
  });
}

describe('e2e: Lease Lens in Russian (code-server --locale ru)', { timeout: 10 * 60_000 }, () => {
  let panel: Frame | undefined;

  before(async () => {
    session = await openSession({ name: 'russian', locale: 'ru' });
  });

  after(async () => {
    const s = session;
    session = undefined;
    await endSession(s, { name: 'russian', screenshot: 'russian-final', numbers: { testMs: Date.now() - started } });
  });

  test('the palette lists the commands by their Russian titles (package.nls.ru.json)', async () => {
    const { bench } = current();
    await bench.activityBarItem('Lease Lens').waitFor();
    assert.ok(await bench.hasCommand('Lease Lens: Показать вывод'), 'Show Output in Russian');
    assert.ok(await bench.hasCommand('Lease Lens: Перезапустить сервер Lease'), 'Restart Lease Server in Russian');
  });

  test('the tree: a Lease row’s time left and its tooltip are in Russian', async () => {
    const { bench } = current();
    await bench.openViewContainer('Lease Lens');
    await bench.setSideBarWidth(480);
    await bench.expand(await row(ADMIN_CONTEXT));
    await bench.expand(await row(NAMESPACE));
    const lease = await row(LEASE);
    // "leader-demo-7d9f8c6b5-x2x4z · ≤10 с": seconds as "с".
    const description = await waitForValue(
      async () => (await bench.treeItemText(lease)).description,
      (text) => /\d+ с/.test(text),
      { timeoutMs: 30_000, what: 'a Russian time left' },
    );
    // The time left is the last part (the holder before it is a pod name, which may hold "65s").
    const timeLeft = description.split(' · ').at(-1) ?? '';
    assert.doesNotMatch(timeLeft, /\d+s\b/, description);
    const hover = await bench.hoverContent(lease, 'в контексте', { screenshot: 'russian-tooltip', timeoutMs: 30_000 });
    assert.match(hover.text, /Lease выбора лидера/, hover.text);
    assert.match(hover.text, /Поле spec/, hover.text);
    assert.match(hover.text, /По renewTime/, hover.text);
    await bench.dismissHover();
    await bench.screenshot('russian-tree', bench.page.locator('#workbench\\.parts\\.sidebar'));
  });

  test('the context menu and the panel are in Russian, dates and durations too', async () => {
    const { bench } = current();
    const lease = await row(LEASE);
    const entries = await bench.contextMenuEntries(lease);
    assert.ok(entries.includes('Следить за Lease'), `menu: ${entries.join(', ')}`);
    await bench.contextMenu(lease, 'Следить за Lease');
    panel = await bench.webviewFrame({ extensionId: EXTENSION_ID, readySelector: '.lease-name', hasText: LEASE });
    assert.equal(await panel.locator('html').getAttribute('lang'), 'ru');
    const headings = await frameText(panel, 'section h2', (t) => t.includes('История лидерства'), 'the section headings');
    for (const heading of ['Журналы контроллера', 'Поды-кандидаты', 'События']) {
      assert.ok(headings.includes(heading), `${heading} in ${headings}`);
    }
    await frameText(panel, '.countdown-value', (t) => /^\d+ с$|^\d+ мин \d\d с$|истёк/.test(t), 'the countdown in seconds («с»)');
    await frameText(panel, '.state-badge', (t) => ['Удерживается', 'Истекает', 'Истёк'].includes(t), 'the state badge');
    await frameText(panel, '.rel', (t) => /назад|только что/.test(t), 'relative times');
    await frameText(panel, '.log-status', (t) => /^Подходит \d/.test(t), 'the log match count');
    await bench
      .statusBarItem(/ · (≤?\d+ с|истекает|истёк)/)
      .first()
      .waitFor();
    await bench.screenshot('russian-panel', bench.page.locator('.part.editor'));
  });

  test('the holder-change notification is in Russian', async () => {
    const { bench, demo } = current();
    const before = demo.server.store.getLease(NAMESPACE, LEASE)?.spec?.holderIdentity ?? '';
    const crashed = await demo.crashLeader(WORKLOAD);
    await waitForValue(
      async () => demo.server.store.getLease(NAMESPACE, LEASE)?.spec?.holderIdentity ?? '',
      (id) => id !== '' && id !== before && id !== crashed.identity,
      { timeoutMs: 90_000, what: `a new holder of ${WORKLOAD}` },
    );
    // "demo/leader-demo: теперь лидер — leader-demo-…" (or, after several changes in a minute, their sum).
    const toast = bench.notification(new RegExp(`${WORKLOAD}(: теперь лидер — |: владелец сменился )`));
    await toast.first().waitFor({ timeout: 60_000 });
    const text = (await toast.first().innerText()).replace(/\s+/g, ' ');
    assert.doesNotMatch(text, /now leads|changed holder/, text);
    assert.match(text, /Показать Lease/, `the button: ${text}`);
    assert.match(text, /Больше не показывать/, `the button: ${text}`);
    await bench.screenshot('russian-notification');
  });
});
