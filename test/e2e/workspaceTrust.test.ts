// Safe to open any folder, in the packaged extension in code-server with Workspace Trust on.
//
// The folder is hostile: it carries a kubeconfig whose user is an exec credential plugin (a script
// that leaves a marker file and prints a token) for an API server the folder chose, and its
// .vscode/settings.json names that kubeconfig in leaseLens.kubeconfig. The machine's kubeconfig
// (KUBECONFIG) names another local API server, with a plain token. Both servers record every
// request. Whatever happens, the folder's plugin never runs and its server hears nothing:
//  1. Restricted Mode: the view says why Lease Lens is off; nothing is read, run or sent. Trusting
//     the folder (from the view's button) starts Lease Lens on the machine's kubeconfig only.
//  2. A trusted folder, the Leases view closed: opening a CI workflow (plain YAML) activates the
//     extension but sends no request; opening a Lease manifest connects, to the machine's cluster.
//
// Screenshots: test-results/e2e/trust-*.png.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer, type RequestRecord } from '../../demo/apiserver';
import { waitFor } from '../../harness/waiting';
import { leaseObject } from '../support/builders';
import { kubeconfigYaml } from '../support/kubeconfig';
import { startCodeServer, type CodeServer } from '../../harness/codeServer';
import { openScoped, writeTimings } from './session';
import { exactly, Workbench } from '../../harness/workbench';

const VIEW = 'Leases';
const MACHINE_CONTEXT = 'machine-context';
const FOLDER_CONTEXT = 'folder-context';
const LEASE_NAMESPACE = 'kube-system';
const LEASE_NAME = 'kube-scheduler';
const RESTRICTED_TEXT = /This folder is not trusted \(Restricted Mode\), so Lease Lens is off/;

const CI_WORKFLOW = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`;

const LEASE_MANIFEST = `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: ${LEASE_NAME}
  namespace: ${LEASE_NAMESPACE}
spec:
  holderIdentity: cp-node-1_7c1b2a9e-6f0d-4a51-9d7e-2f4c8b1e0a33
  leaseDurationSeconds: 15
`;

/** Everything one code-server session needs: two API servers, the hostile folder, the workbench. */
interface TrustSession {
  machineApi: ApiServer;
  folderApi: ApiServer;
  /** Written by the folder's credential plugin whenever it runs. */
  marker: string;
  machineKubeconfig: string;
  folderKubeconfig: string;
  server: CodeServer;
  bench: Workbench;
  startedAt: number;
  close(): Promise<number[]>;
}

/** The folder: its kubeconfig and plugin (for its own API server), its settings naming them, YAML files. */
function writeHostileFolder(folder: string, folderApi: ApiServer, marker: string): string {
  const plugin = join(folder, 'cluster', 'credential-plugin.sh');
  const kubeconfig = join(folder, 'cluster', 'kubeconfig.yaml');
  const files: Record<string, string> = {
    [plugin]:
      `#!/bin/sh\necho ran >> '${marker}'\n` +
      `printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"folder-token"}}'\n`,
    [kubeconfig]: kubeconfigYaml({
      clusters: [{ name: 'folder-cluster', server: folderApi.url }],
      users: [{ name: 'folder-sso', exec: { command: plugin, apiVersion: 'client.authentication.k8s.io/v1' } }],
      contexts: [{ name: FOLDER_CONTEXT, cluster: 'folder-cluster', user: 'folder-sso' }],
    }),
    [join(folder, '.vscode', 'settings.json')]: `${JSON.stringify({ 'leaseLens.kubeconfig': kubeconfig }, null, 2)}\n`,
    [join(folder, '.github', 'workflows', 'ci.yml')]: CI_WORKFLOW,
    [join(folder, 'deploy', 'scheduler-lease.yaml')]: LEASE_MANIFEST,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  chmodSync(plugin, 0o755);
  return kubeconfig;
}

function openTrustSession(name: string): Promise<TrustSession> {
  const startedAt = Date.now();
  return openScoped(name, async ({ defer }) => {
    const scratch = mkdtempSync(join(tmpdir(), `lease-lens-e2e-${name}-`));
    defer(() => rmSync(scratch, { recursive: true, force: true }));
    const machineApi = await startApiServer({ users: [{ name: 'machine-user', token: 'machine-token', admin: true }] });
    defer(() => machineApi.close());
    machineApi.store.applyLease(
      leaseObject({ namespace: LEASE_NAMESPACE, name: LEASE_NAME, holder: 'cp-node-1_7c1b2a9e', durationSeconds: 3600 }),
    );
    const folderApi = await startApiServer({ users: [{ name: 'folder-user', token: 'folder-token', admin: true }] });
    defer(() => folderApi.close());

    const marker = join(scratch, 'plugin-ran');
    const machineKubeconfig = join(scratch, 'machine-kubeconfig.yaml');
    writeFileSync(machineKubeconfig, machineApi.kubeconfig({ contexts: [{ name: MACHINE_CONTEXT, user: 'machine-user' }] }));
    const folder = join(scratch, 'hostile-folder');
    const folderKubeconfig = writeHostileFolder(folder, folderApi, marker);

    const server = await startCodeServer({
      name,
      env: { KUBECONFIG: machineKubeconfig },
      folder,
      workspaceTrust: true,
      // No modal question at startup: the folder opens in Restricted Mode until trusted.
      settings: { 'security.workspace.trust.startupPrompt': 'never' },
      log: (message) => console.log(`[e2e ${name}] ${message}`),
    });
    defer(() => server.stop());
    const bench = await Workbench.open(server.url);
    defer(() => bench.close());
    return { machineApi, folderApi, marker, machineKubeconfig, folderKubeconfig, server, bench, startedAt };
  });
}

async function closeTrustSession(s: TrustSession | undefined, name: string): Promise<void> {
  if (!s) {
    return;
  }
  await s.bench.screenshot(`${name}-final`).catch(() => undefined);
  const left = await s.close();
  writeTimings(name, { testMs: Date.now() - s.startedAt });
  assert.deepEqual(left, [], `code-server left processes behind: ${left.join(' ')}`);
}

/** The extension's "Lease Lens" output log, as code-server writes it under the user-data dir. */
function findLeaseLensLog(dir: string): string | undefined {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (entry.endsWith('Lease Lens.log')) {
      return path;
    }
    if (statSync(path).isDirectory()) {
      const found = findLeaseLensLog(path);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/** Waits until the extension's log holds a line matching `pattern`; answers the whole log. */
function waitForLogLine(server: CodeServer, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  let text = '';
  return waitFor(
    `the Lease Lens log to say ${String(pattern)}`,
    () => {
      const file = findLeaseLensLog(join(server.userDataDir, 'logs'));
      text = file ? readFileSync(file, 'utf8') : '';
      return pattern.test(text) ? text : undefined;
    },
    timeoutMs,
    { everyMs: 200, detail: () => `log so far:\n${text.split('\n').slice(-20).join('\n')}` },
  );
}

function describeRequests(requests: readonly RequestRecord[]): string {
  return JSON.stringify(requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} as ${r.user ?? '(none)'}`));
}

/** Opens a file of the folder by name through Quick Open, as a user would, and waits for its tab. */
async function openFile(bench: Workbench, fileName: string): Promise<void> {
  const widget = bench.page.locator('.quick-input-widget');
  await bench.page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible' });
  await widget.locator('.quick-input-box input').fill(fileName);
  const row = widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: bench.page.locator('.label-name', { hasText: exactly(fileName) }) });
  await row.first().waitFor();
  await row.first().click();
  await widget.waitFor({ state: 'hidden' });
  await bench.editorTab(fileName).waitFor();
}

/** In the Workspace Trust editor: Trust (the folder), then wait until it says the folder is trusted. */
async function trustFolder(bench: Workbench): Promise<void> {
  const editor = bench.page.locator('.workspace-trust-editor');
  await editor.waitFor();
  await editor.getByRole('button', { name: 'Trust', exact: true }).first().click();
  await editor.getByText('You trust this folder').first().waitFor();
}

/** The folder's kubeconfig was used: its plugin ran, or its API server heard from us. */
function folderTouched(s: TrustSession): boolean {
  return existsSync(s.marker) || s.folderApi.requests.length > 0;
}

/** The folder's kubeconfig was never used: its plugin did not run, its API server heard nothing. */
function assertFolderUntouched(s: TrustSession): void {
  assert.equal(existsSync(s.marker), false, "the folder's credential plugin ran");
  assert.deepEqual(s.folderApi.requests, [], `the folder's API server got ${describeRequests(s.folderApi.requests)}`);
}

describe('e2e: Workspace Trust, and no cluster contact until asked', { timeout: 15 * 60_000 }, () => {
  describe('a folder in Restricted Mode whose settings name its own kubeconfig', () => {
    const name = 'trust-restricted';
    let s: TrustSession | undefined;
    const current = (): TrustSession => {
      assert.ok(s, 'the session did not start (see the before hook)');
      return s;
    };

    before(async () => {
      s = await openTrustSession(name);
    });

    after(async () => {
      const closing = s;
      s = undefined;
      await closeTrustSession(closing, name);
    });

    test('the view says Lease Lens is off and why; no kubeconfig read, no plugin run, no request', async () => {
      const { bench, server, machineApi } = current();
      await bench.openViewContainer('Lease Lens');
      const welcome = bench.view(VIEW).locator('.welcome-view-content');
      try {
        await welcome.filter({ hasText: RESTRICTED_TEXT }).waitFor();
      } finally {
        await bench.screenshot('trust-restricted-view');
      }
      const text = await welcome.innerText();
      assert.match(text, /reads no kubeconfig, runs no credential plugin and contacts no cluster/);
      assert.match(text, /Trust the folder to see your Leases/);
      await bench.view(VIEW).getByRole('button', { name: 'Manage Workspace Trust' }).waitFor();
      // The extension is active and chose not to start its server.
      const log = await waitForLogLine(server, /This folder is not trusted \(Restricted Mode\), so Lease Lens does not start/);
      assert.doesNotMatch(log, /Starting the Lease server/);
      assert.deepEqual(await bench.treeLabels(VIEW), []);
      assertFolderUntouched(current());
      assert.deepEqual(machineApi.requests, [], `the machine's API server got ${describeRequests(machineApi.requests)}`);
    });

    test("trusting the folder starts Lease Lens on the machine's kubeconfig; the folder's setting is ignored", async () => {
      const { bench, server, machineApi, machineKubeconfig, folderKubeconfig } = current();
      await bench.view(VIEW).getByRole('button', { name: 'Manage Workspace Trust' }).click();
      await trustFolder(bench);
      await bench.openViewContainer('Lease Lens');
      let rows: string[] = [];
      try {
        // Until the machine's Lease shows, or (the bug) the folder's kubeconfig is used.
        await waitFor(
          "the machine's Lease in the view",
          async () => {
            rows = await bench.treeLabels(VIEW);
            return folderTouched(current()) || rows.includes(LEASE_NAME);
          },
          60_000,
          { everyMs: 200, detail: () => `tree rows: ${rows.join(', ')}` },
        );
      } finally {
        await bench.screenshot('trust-granted-view');
      }
      assertFolderUntouched(current());
      const labels = await bench.treeLabels(VIEW);
      assert.ok(labels.includes(MACHINE_CONTEXT), `tree rows: ${labels.join(', ')}`);
      assert.ok(!labels.includes(FOLDER_CONTEXT), `tree rows: ${labels.join(', ')}`);
      const log = await waitForLogLine(server, /\[server\] kubeconfig: \d+ contexts from /);
      assert.ok(log.includes(machineKubeconfig), "the server read the machine's kubeconfig");
      assert.ok(!log.includes(folderKubeconfig), `the server never named the folder's kubeconfig:\n${log}`);
      assertFolderUntouched(current());
      assert.ok(machineApi.requests.length > 0);
      assert.ok(
        machineApi.requests.every((r) => r.method === 'GET' && r.user === 'machine-user'),
        describeRequests(machineApi.requests),
      );
    });
  });

  describe('a trusted folder with the Leases view closed', () => {
    const name = 'trust-yaml';
    let s: TrustSession | undefined;
    const current = (): TrustSession => {
      assert.ok(s, 'the session did not start (see the before hook)');
      return s;
    };

    before(async () => {
      s = await openTrustSession(name);
      // The status bar's Restricted Mode item opens the Workspace Trust editor.
      await s.bench.statusBarItem('Restricted Mode').click();
      await trustFolder(s.bench);
    });

    after(async () => {
      const closing = s;
      s = undefined;
      await closeTrustSession(closing, name);
    });

    test('opening a CI workflow (plain YAML) activates Lease Lens but sends no request', async () => {
      const { bench, server, machineApi } = current();
      await openFile(bench, 'ci.yml');
      // The server ran, read the kubeconfig, and the client decided not to connect: before this
      // change it would have watched the current context at this point.
      const log = await waitForLogLine(server, /Read the kubeconfig .* Lease Lens connects to a cluster when you open the Leases view/);
      assert.match(log, /Starting the Lease server/);
      await bench.screenshot('trust-plain-yaml');
      assert.deepEqual(machineApi.requests, [], `the machine's API server got ${describeRequests(machineApi.requests)}`);
      assertFolderUntouched(current());
      assert.notEqual(await bench.activityBarItem('Lease Lens').getAttribute('aria-selected'), 'true', 'the view stayed closed');
    });

    test("opening a Lease manifest connects, to the machine's cluster only", async () => {
      const { bench, machineApi } = current();
      const opened = Date.now();
      await openFile(bench, 'scheduler-lease.yaml');
      await waitFor(
        'a list of Leases from the machine API server',
        () =>
          folderTouched(current()) ||
          machineApi.requests.some((r) => r.method === 'GET' && r.path.endsWith('/leases') && r.user === 'machine-user'),
        60_000,
        { everyMs: 200, detail: () => describeRequests(machineApi.requests) },
      );
      assertFolderUntouched(current());
      // The code lens the language server offers on a Lease manifest.
      await bench.page.locator('.part.editor .codelens-decoration', { hasText: 'Follow this Lease' }).first().waitFor();
      await bench.screenshot('trust-lease-manifest');
      assert.ok(
        machineApi.requests.every((r) => r.time >= opened && r.method === 'GET' && r.user === 'machine-user'),
        `every request came after the manifest was opened: ${describeRequests(machineApi.requests)}`,
      );
      assertFolderUntouched(current());
    });
  });
});
