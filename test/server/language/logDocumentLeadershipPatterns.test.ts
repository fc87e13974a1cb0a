// A controller-log document in the real Lease server (dist/server.js) reads leadership lines with
// the follow panel's matcher: the other clients' built-in phrases (fabric8, kubert, kopf) and the
// user's leaseLens.logs.leadershipPatterns, also after the setting changes; words that merely
// contain "leader" stay unmarked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { startApiServer, type ApiServer } from '../../../demo/apiserver';
import { writeKubeconfig } from '../../support/kubeconfig';
import { at } from '../../support/builders';
import { startLeaseServer, type LeaseServerProcess } from '../../../harness/leaseServerProcess';
import { formatLogDocumentLine } from '../../../src/core/logDocument';
import { Settings } from '../../../src/shared/protocol';
import { defaultServerSettings } from '../../../src/shared/types';
import { languageClient, type LanguageClient } from './languageClient';

const start = at('2026-11-21T00:41:17.118002Z');
const lines = [
  // fabric8's LeaderElector through Spring Boot's Logback pattern
  [
    'java-operator-5b6c7d8f9-k2j3h',
    "2026-11-21 00:41:36.119 DEBUG 1 --- [pool-2-thread-1] i.f.k.c.e.l.LeaderElector : Successfully Acquired leader lease 'apps/java'",
  ],
  // kubert (kube-rs) through tracing's JSON
  [
    'rs-controller-0',
    '{"timestamp":"2026-11-21T00:41:19.000001Z","level":"WARN","fields":{"message":"conflict while trying to acquire lease","error":"Api(ErrorResponse { code: 409 })"},"target":"kubert::leader"}',
  ],
  // kopf's peering
  ['kopf-operator-0', '[2026-11-21 00:41:20,001] kopf._core.engines.peering [INFO    ] Pausing operations in favour of [<Peer other>].'],
  // the user's own lines
  ['billing-0', 'billing: took over apps/billing-leader'],
  ['billing-0', 'billing: handed the lead to billing-1'],
  // merely contains "leader"
  ['billing-0', 'rolebinding leader-election-rolebinding created for the leaderboard cache'],
] as const;

function documentText(): string {
  return lines.map(([pod, text], i) => formatLogDocumentLine({ time: start + i * 1000, pod, container: 'manager', text })).join('\n');
}

describe('controller-log documents read leadership lines as the follow panel does', () => {
  let api: ApiServer;
  let server: LeaseServerProcess;
  let client: LanguageClient;

  before(async () => {
    api = await startApiServer();
    const kubeconfig = writeKubeconfig(api.kubeconfig({ contexts: [{ name: 'demo', user: 'admin' }], current: 'demo' }));
    server = await startLeaseServer({
      env: { KUBECONFIG: kubeconfig },
      settings: { leadershipPatterns: { '^billing: took over ': 'acquired' } },
    });
    client = languageClient(server.conn);
  });

  after(async () => {
    await server?.close();
    await api?.close();
  });

  async function outline(uri: string): Promise<[number, string][]> {
    await client.open(uri, 'lease-log', documentText());
    const symbols = (await client.symbols(uri)) as DocumentSymbol[];
    return symbols.map((s) => [s.range.start.line, s.name]);
  }

  test("other clients' phrases and the user's pattern are leadership lines; a mere 'leader' is not", async () => {
    const uri = 'lease-lens-log:/demo/apps/billing-leader.lease-log';
    assert.deepEqual(await outline(uri), [
      [0, 'Acquired the lease · java-operator-5b6c7d8f9-k2j3h'],
      [1, 'Failed to update the lock · rs-controller-0'],
      [2, 'Lost leadership · kopf-operator-0'],
      [3, 'Acquired the lease · billing-0'],
    ]);
    const published = await client.diagnostics(uri, 1);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.range.start.line, d.code]),
      [
        [1, 'lock-update-failed'],
        [2, 'lost'],
      ],
    );
  });

  test('a changed setting applies to the documents read after it', async () => {
    await server.conn.sendNotification(Settings.changed, {
      ...defaultServerSettings,
      leadershipPatterns: { '^billing: took over ': 'acquired', 'handed the lead to': 'new-leader' },
    });
    // Messages on the connection are handled in order: the document opened next is read with the new patterns.
    const uri = 'lease-lens-log:/demo/apps/billing-leader-2.lease-log';
    assert.deepEqual((await outline(uri)).slice(3), [
      [3, 'Acquired the lease · billing-0'],
      [4, 'New leader elected · billing-0'],
    ]);
  });
});
