// Smoke test of the e2e machinery: code-server with the packaged VSIX and KUBECONFIG from the demo
// cluster, the workbench in Chromium, the Lease Lens view container with its Leases view and a row
// for the demo context. Screenshot: test-results/e2e/smoke-workbench.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN_CONTEXT } from '../../demo';
import { endSession, openSession, type Session } from './session';

const started = Date.now();
let session: Session | undefined;

function current(): Session {
  assert.ok(session, 'the session did not start (see the before hook)');
  return session;
}

describe('e2e: the packaged extension in code-server', { timeout: 10 * 60_000 }, () => {
  before(async () => {
    session = await openSession({ name: 'smoke' });
  });

  after(async () => {
    const s = session;
    session = undefined;
    await endSession(s, { name: 'smoke', screenshot: 'smoke-workbench-final', numbers: { testMs: Date.now() - started } });
  });

  test('code-server answers and the workbench shows the Lease Lens activity bar entry', async () => {
    const { bench, server } = current();
    assert.ok(server.port > 0);
    await bench.activityBarItem('Lease Lens').waitFor();
  });

  test('opens the Lease Lens container with its Leases view', async () => {
    const { bench } = current();
    await bench.openViewContainer('Lease Lens');
    assert.match(await bench.sideBarTitle(), /^Lease Lens(: Leases)?$/);
    await bench.view('Leases').waitFor();
    await bench.tree('Leases').waitFor({ state: 'attached' });
  });

  test('lists the demo context in the Leases tree', async () => {
    const { bench } = current();
    try {
      await bench.treeItem('Leases', ADMIN_CONTEXT).waitFor({ timeout: 30_000 });
    } finally {
      await bench.screenshot('smoke-workbench');
    }
    const labels = await bench.treeLabels('Leases');
    assert.ok(labels.includes(ADMIN_CONTEXT), `tree rows: ${labels.join(', ')}`);
    assert.deepEqual(bench.dialogs, []);
  });

  test('runs a Lease Lens command from the palette (Show Output: the extension log)', async () => {
    const { bench } = current();
    assert.ok(await bench.hasCommand('Lease Lens: Show Output'));
    await bench.runCommand('Lease Lens: Show Output');
    const output = bench.page.locator('.part.panel .monaco-editor .view-lines');
    // Monaco draws spaces as no-break spaces, which \s matches.
    await output
      .filter({ hasText: /Lease\s+server/ })
      .first()
      .waitFor();
    await bench.screenshot('smoke-output');
  });
});
