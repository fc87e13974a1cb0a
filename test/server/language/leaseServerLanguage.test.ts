// The language features inside the real Lease server (dist/server.js, started as the extension
// starts it), with a live Lease from a local API server: a controller-log document's outline and
// diagnostics, and a Lease manifest's hover and code lens in the kubeconfig's current context.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MarkupContent, type DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { startApiServer, type ApiServer } from '../../../demo/apiserver';
import { leaseObject } from '../../support/builders';
import { writeKubeconfig } from '../../support/kubeconfig';
import { startLeaseServer, type LeaseServerProcess } from '../../../harness/leaseServerProcess';
import { leaseKey } from '../../../src/shared/types';
import { languageClient, type LanguageClient } from './languageClient';
import { goodLease } from './leaseManifestFixtures';
import { fixtureLogDocument, logUri } from './logDocumentFixture';

const context = 'kind-lease-lens';
const holder = 'cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21';
const key = leaseKey(context, 'kube-system', 'kube-scheduler');

let api: ApiServer;
let server: LeaseServerProcess;
let client: LanguageClient;

before(async () => {
  api = await startApiServer();
  api.store.ensureNamespace('kube-system');
  api.store.applyLease(leaseObject({ namespace: 'kube-system', name: 'kube-scheduler', holder, durationSeconds: 3600, transitions: 4 }));
  const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: context, user: 'admin' }], current: context }));
  server = await startLeaseServer({ env: { KUBECONFIG: kubeconfig } });
  client = languageClient(server.conn);
  await server.watch([context]);
  await server.waitFor(`${key} in the cache`, () => server.leases.get(key));
});

after(async () => {
  await server?.close();
  await api?.close();
});

describe('language features of the real Lease server', () => {
  test('a controller-log document gets its outline, folds and diagnostics', async () => {
    await client.open(logUri, 'lease-log', fixtureLogDocument().text);
    const symbols = (await client.symbols(logUri)) as DocumentSymbol[];
    assert.equal(symbols.length, 12);
    assert.deepEqual(
      (await client.folding(logUri))?.map((f) => [f.startLine, f.endLine]),
      [
        [1, 8],
        [9, 12],
        [13, 15],
      ],
    );
    const published = await client.diagnostics(logUri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.range.start.line, d.code]),
      [
        [5, 'lock-update-failed'],
        [6, 'lock-get-failed'],
        [7, 'renew-failed'],
        [8, 'lost'],
        [11, 'renew-failed'],
        [12, 'lost'],
        [15, 'lost'],
      ],
    );
  });

  test('a Lease manifest shows the live Lease on hover and follows it in the current context', async () => {
    const uri = 'file:///project/leases/kube-scheduler.yaml';
    await client.open(uri, 'yaml', goodLease);
    assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
    const line = goodLease.split('\n').findIndex((l) => l.includes('name: kube-scheduler'));
    const hover = await client.hover(uri, { line, character: 10 });
    assert.ok(hover && MarkupContent.is(hover.contents));
    assert.ok(hover.contents.value.includes(`Holder: \`${holder}\``), hover.contents.value);
    assert.match(hover.contents.value, /Time left: (59m \d\ds|1h 00m) of 1h 00m/);
    assert.ok(hover.contents.value.includes('Transitions: 4'), hover.contents.value);
    const lenses = await client.codeLenses(uri);
    assert.deepEqual(
      lenses?.map((l) => [l.command?.command, l.command?.arguments]),
      [['leaseLens.followLease', [key]]],
    );
  });
});
