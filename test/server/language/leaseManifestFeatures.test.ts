// Lease manifests over LSP: diagnostics at the exact value, a hover with the live Lease, and a
// "Follow this Lease" code lens; only for YAML documents that hold coordination.k8s.io/v1 Leases.
// Runs against test/server/language/languageServerEntry.ts, whose lookup knows one live Lease
// (kind-lease-lens/kube-system/kube-scheduler, 12 s left on its fixed clock).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, MarkupContent } from 'vscode-languageserver-protocol/node';
import { commandIds } from '../../../src/client/commands/commandIds';
import { parseLeaseKey } from '../../../src/shared/types';
import { startTestLanguageServer, type TestLanguageServer } from './languageClient';
import { fakeContext, fakeHolder } from './fakeLease';
import { badLeases, goodLease, valueRange } from './leaseManifestFixtures';

let server: TestLanguageServer;

before(async () => {
  server = await startTestLanguageServer();
});

after(async () => {
  await server.close();
});

function markdown(contents: unknown): string {
  assert.ok(MarkupContent.is(contents), 'hover contents are MarkupContent');
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

describe('Lease manifest features', () => {
  test('a valid Lease gets an empty diagnostics list', async () => {
    const uri = 'file:///project/leases/good.yaml';
    await server.client.open(uri, 'yaml', goodLease);
    const published = await server.client.diagnostics(uri, 1);
    assert.deepEqual(published.diagnostics, []);
  });

  test('values the API server would reject are reported at the value, in every document of the file', async () => {
    const uri = 'file:///project/leases/bad.yaml';
    await server.client.open(uri, 'yaml', badLeases);
    const published = await server.client.diagnostics(uri, 1);
    const at = (lineText: string, value: string): ReturnType<typeof valueRange> => valueRange(badLeases, lineText, value);
    assert.deepEqual(
      published.diagnostics.map((d) => ({ range: d.range, severity: d.severity, code: d.code, message: d.message, source: d.source })),
      [
        {
          range: at("acquireTime: '2026", "'2026-11-21T00:41:17.924Z'"),
          severity: DiagnosticSeverity.Error,
          code: 'micro-time',
          message: 'acquireTime must have exactly 6 fractional digits (MicroTime), found 3',
          source: 'lease-lens',
        },
        {
          range: at('renewTime: "yesterday"', '"yesterday"'),
          severity: DiagnosticSeverity.Error,
          code: 'micro-time',
          message: 'renewTime is not a valid MicroTime: "yesterday" (expected e.g. 2026-11-21T00:41:17.924123Z)',
          source: 'lease-lens',
        },
        {
          range: at('leaseDurationSeconds: 0', '0'),
          severity: DiagnosticSeverity.Error,
          code: 'lease-duration',
          message: 'leaseDurationSeconds must be greater than 0, found 0',
          source: 'lease-lens',
        },
        {
          range: at('preferredHolder: payments', 'payments-7d9f8c6b5-x2k4p'),
          severity: DiagnosticSeverity.Error,
          code: 'preferred-holder-without-strategy',
          message: 'preferredHolder may only be set together with strategy (e.g. strategy: OldestEmulationVersion)',
          source: 'lease-lens',
        },
        {
          range: at('renewTime: 2026', '2026-11-21T00:41:17.9241234Z'),
          severity: DiagnosticSeverity.Error,
          code: 'micro-time',
          message: 'renewTime must have exactly 6 fractional digits (MicroTime), found 7',
          source: 'lease-lens',
        },
        {
          range: at('leaseDurationSeconds: -5', '-5'),
          severity: DiagnosticSeverity.Error,
          code: 'lease-duration',
          message: 'leaseDurationSeconds must be greater than 0, found -5',
          source: 'lease-lens',
        },
        {
          range: at('leaseTransitions: 1.5', '1.5'),
          severity: DiagnosticSeverity.Error,
          code: 'integer',
          message: 'leaseTransitions must be a whole number, found 1.5',
          source: 'lease-lens',
        },
      ],
    );
  });

  test('fixing a value clears its diagnostic', async () => {
    const uri = 'untitled:Untitled-1';
    await server.client.open(uri, 'yaml', goodLease.replace('leaseDurationSeconds: 15', 'leaseDurationSeconds: 0'));
    const before = await server.client.diagnostics(uri, 1);
    assert.deepEqual(
      before.diagnostics.map((d) => d.code),
      ['lease-duration'],
    );
    const range = before.diagnostics[0]?.range;
    assert.ok(range);
    const version = await server.client.change(uri, [{ range, text: '15' }]);
    const after = await server.client.diagnostics(uri, version);
    assert.deepEqual(after.diagnostics, []);
    await server.client.close(uri);
  });

  test('hovering the name shows the live Lease: holder, time left, transitions, last renew', async () => {
    const uri = 'file:///project/leases/good.yaml';
    const name = valueRange(goodLease, 'name: kube-scheduler', 'kube-scheduler');
    const hover = await server.client.hover(uri, { line: name.start.line, character: name.start.character + 3 });
    assert.ok(hover);
    assert.deepEqual(hover.range, name);
    const text = markdown(hover.contents);
    assert.match(text, /\*\*Lease\*\* `kube-system\/kube-scheduler` in context `kind-lease-lens`/);
    assert.ok(text.includes(`Holder: \`${fakeHolder}\``), text);
    assert.ok(text.includes('Time left: 12s of 15s'), text);
    assert.ok(text.includes('Transitions: 7'), text);
    assert.ok(text.includes('Last renew: `2026-11-21T00:41:17.924123Z` (3s ago)'), text);
    assert.ok(!text.includes('differs'), text);
  });

  test('hovering holderIdentity shows the live Lease and says when the manifest names another holder', async () => {
    const uri = 'file:///project/leases/bad.yaml';
    const holder = valueRange(badLeases, 'holderIdentity: cp-node-1', 'cp-node-1_');
    const hover = await server.client.hover(uri, holder.start);
    assert.ok(hover);
    assert.equal(hover.range?.start.line, holder.start.line);
    const text = markdown(hover.contents);
    assert.ok(text.includes(`Holder: \`${fakeHolder}\``), text);
    assert.ok(text.includes('Time left: 12s'), text);
    assert.ok(text.includes("differs from this manifest's holderIdentity (`cp-node-1_0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a`)"), text);
  });

  test('no hover elsewhere, nor for a Lease the current context does not have', async () => {
    const good = 'file:///project/leases/good.yaml';
    const duration = valueRange(goodLease, 'leaseDurationSeconds', '15');
    assert.equal(await server.client.hover(good, duration.start), null);
    const bad = 'file:///project/leases/bad.yaml';
    const unknown = valueRange(badLeases, 'name: payments-leader', 'payments-leader');
    assert.equal(await server.client.hover(bad, unknown.start), null);
    const configMap = valueRange(badLeases, 'name: not-a-lease', 'not-a-lease');
    assert.equal(await server.client.hover(bad, configMap.start), null);
  });

  test('each Lease gets "Follow this Lease" on its kind line, keyed in the current context (default namespace when none)', async () => {
    const lenses = await server.client.codeLenses('file:///project/leases/bad.yaml');
    assert.ok(lenses);
    const kindLines = badLeases
      .split('\n')
      .map((l, i) => (l === 'kind: Lease' ? i : -1))
      .filter((i) => i >= 0);
    assert.deepEqual(
      lenses.map((l) => ({ range: l.range, command: l.command?.command, title: l.command?.title, arguments: l.command?.arguments })),
      [
        {
          range: { start: { line: kindLines[0] ?? -1, character: 0 }, end: { line: kindLines[0] ?? -1, character: 11 } },
          command: commandIds.followLease,
          title: 'Follow this Lease',
          arguments: [`${fakeContext}/default/payments-leader`],
        },
        {
          range: { start: { line: kindLines[1] ?? -1, character: 0 }, end: { line: kindLines[1] ?? -1, character: 11 } },
          command: commandIds.followLease,
          title: 'Follow this Lease',
          arguments: [`${fakeContext}/kube-system/kube-scheduler`],
        },
      ],
    );
    assert.deepEqual(parseLeaseKey(String(lenses[0]?.command?.arguments?.[0])), {
      context: fakeContext,
      namespace: 'default',
      name: 'payments-leader',
    });
  });

  test('a read-only Lease YAML document is about the context in its address, not the current one', async () => {
    const same = 'lease-lens-yaml:/kind-lease-lens/kube-system/kube-scheduler.yaml';
    const other = 'lease-lens-yaml:/staging/kube-system/kube-scheduler.yaml';
    await server.client.open(same, 'yaml', goodLease);
    await server.client.open(other, 'yaml', goodLease);
    const name = valueRange(goodLease, 'name: kube-scheduler', 'kube-scheduler');
    assert.ok(await server.client.hover(same, name.start));
    // The lookup has no Lease in "staging": no hover, rather than the current context's Lease.
    assert.equal(await server.client.hover(other, name.start), null);
    const lenses = await server.client.codeLenses(other);
    assert.deepEqual(
      lenses?.map((l) => l.command?.arguments),
      [['staging/kube-system/kube-scheduler']],
    );
    await server.client.close(same);
    await server.client.close(other);
  });

  test('YAML without a Lease, and Leases in other languages, get nothing', async () => {
    const configMap = 'file:///project/config.yaml';
    const plain = 'file:///project/lease.txt';
    const marker = 'file:///project/leases/marker.yaml';
    await server.client.open(configMap, 'yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  renewTime: "1"\n');
    await server.client.open(plain, 'plaintext', badLeases);
    assert.equal(await server.client.codeLenses(configMap), null);
    assert.equal(await server.client.codeLenses(plain), null);
    assert.equal(await server.client.hover(plain, valueRange(badLeases, 'name: kube-scheduler', 'kube').start), null);
    await server.client.open(marker, 'yaml', goodLease);
    await server.client.diagnostics(marker, 1);
    assert.deepEqual(
      server.client.published.filter((p) => p.uri === configMap || p.uri === plain),
      [],
    );
    for (const uri of [configMap, plain, marker]) {
      await server.client.close(uri);
    }
  });
});
