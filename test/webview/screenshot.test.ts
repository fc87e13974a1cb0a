// A screenshot of the panel with a realistic snapshot (dark theme, and light), saved as test
// artifacts in test-results/webview/. Also checks the render raised no errors and broke no CSP rule.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Harness, type Theme } from './harness';
import { realisticSnapshot, settings, snapshotMessage } from '../support/followSnapshots';
import { repoPath } from '../../harness/repoRoot';

const outDir = repoPath('test-results', 'webview');

describe('panel: screenshots', () => {
  let harness: Harness;

  before(async () => {
    harness = await Harness.start();
    await mkdir(outDir, { recursive: true });
  });
  after(async () => harness?.close());

  const shots: Array<{ file: string; theme: Theme; width: number }> = [
    { file: 'panel.png', theme: 'dark', width: 1280 },
    { file: 'panel-light.png', theme: 'light', width: 1280 },
    { file: 'panel-narrow.png', theme: 'dark', width: 560 },
  ];

  for (const { file: name, theme, width } of shots) {
    test(`screenshot of a realistic panel (${name}: ${theme}, ${width}px)`, async () => {
      const panel = await harness.open({ theme, width, height: 1000 });
      const now = Date.now();
      await panel.send(snapshotMessage(realisticSnapshot(now), now, settings()));
      await panel.page.waitForSelector('.log-line');
      await panel.page.waitForSelector('.state-badge[data-state="held"]');
      await panel.settle();
      const file = join(outDir, name);
      await panel.page.screenshot({ path: file, fullPage: true });
      assert.deepEqual(panel.pageErrors, []);
      assert.deepEqual(await panel.cspViolations(), [], 'the toolkit and the panel need nothing the CSP forbids');
      assert.deepEqual(panel.dialogs, []);
      await panel.page.context().close();
    });
  }
});
