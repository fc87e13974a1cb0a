// Leader election timing in workload manifests over LSP (the real language server process):
// diagnostics on the exact flag items of Deployments, StatefulSets, DaemonSets and static Pods,
// in multi-document, flow-style and anchored YAML; a hover on a flag.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, MarkupContent } from 'vscode-languageserver-protocol/node';
import { startTestLanguageServer, type TestLanguageServer } from './languageClient';
import { valueRange } from './leaseManifestFixtures';

let server: TestLanguageServer;

before(async () => {
  server = await startTestLanguageServer();
});

after(async () => {
  await server.close();
});

const multiDocument = `# a ConfigMap, a sane Deployment, an out-of-range StatefulSet and a static Pod
apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
data:
  args: "--leader-elect-renew-deadline=1s"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sane
spec:
  template:
    spec:
      containers:
        - name: manager
          image: example/manager:v1
          args:
            - --leader-elect=true
            - --leader-elect-lease-duration=15s
            - --leader-elect-renew-deadline=10s
            - --leader-elect-retry-period=2s
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: descheduler
spec:
  template:
    spec:
      containers:
        - name: descheduler
          command:
            - /bin/descheduler
          args:
            - --leader-elect-lease-duration=15s
            - --leader-elect-renew-deadline=14s
            - --leader-elect-retry-period
            - 5s
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - name: kube-scheduler
    command:
    - kube-scheduler
    - --leader-elect=true
    - --leader-elect-lease-duration=10s
    - --leader-elect-renew-deadline=10s
`;

const flowStyle = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec: {template: {spec: {containers: [{name: agent, args: ["--leader-election-lease-duration=60s", "--leader-election-retry-period=1s"]}]}}}
`;

const anchored = `x-election: &election
  - --leader-elect-lease-duration=15s
  - &deadline --leader-elect-renew-deadline=2s
  - --leader-elect-retry-period=2s
apiVersion: apps/v1
kind: Deployment
metadata:
  name: anchored
spec:
  template:
    spec:
      containers:
        - name: a
          args: *election
        - name: b
          args:
            - |-
              --leader-elect-retry-period=bogus
            - *deadline
`;

function markdown(contents: unknown): string {
  assert.ok(MarkupContent.is(contents), 'hover contents are MarkupContent');
  return contents.value;
}

describe('leader election timing in workload manifests', () => {
  test('multi-document: warnings and errors on the exact flag items, none for sane flags or a ConfigMap', async () => {
    const uri = 'file:///project/deploy/workloads.yaml';
    await server.client.open(uri, 'yaml', multiDocument);
    const { diagnostics } = await server.client.diagnostics(uri, 1);
    const lines = multiDocument.split('\n');
    const at = (item: string, skip = 0): ReturnType<typeof valueRange> => {
      const line = lines.map((l, i) => (l.endsWith(`- ${item}`) ? i : -1)).filter((i) => i >= 0)[skip] ?? -1;
      const character = (lines[line] ?? '').indexOf(item);
      return { start: { line, character }, end: { line, character: character + item.length } };
    };
    const seen = diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]);
    const expect = (code: string, severity: DiagnosticSeverity, item: string, skip = 0): unknown[] => {
      const r = at(item, skip);
      return [code, severity, r.start.line, r.start.character, r.end.character];
    };
    assert.deepEqual(seen, [
      // The StatefulSet: 14 s of a 15 s lease, retry 5 s (its lease flag is the second one in the file).
      expect('timing-deadline-margin', DiagnosticSeverity.Warning, '--leader-elect-lease-duration=15s', 1),
      expect('timing-deadline-margin', DiagnosticSeverity.Warning, '--leader-elect-renew-deadline=14s'),
      // The static Pod: lease 10 s = deadline 10 s, and a lease below the recommended range.
      expect('timing-lease-over-deadline', DiagnosticSeverity.Error, '--leader-elect-lease-duration=10s'),
      expect('timing-lease-over-deadline', DiagnosticSeverity.Error, '--leader-elect-renew-deadline=10s', 1),
      expect('timing-range-lease', DiagnosticSeverity.Warning, '--leader-elect-lease-duration=10s'),
    ]);
    const margin = diagnostics.find((d) => d.code === 'timing-deadline-margin');
    assert.ok(typeof margin?.message === 'string');
    assert.match(margin.message, /14s.*5s.*15s/);
    assert.equal(margin?.source, 'lease-lens');
    await server.client.close(uri);
  });

  test('flow style: a DaemonSet with controller-runtime flags out of range', async () => {
    const uri = 'file:///project/deploy/flow.yaml';
    await server.client.open(uri, 'yaml', flowStyle);
    const { diagnostics } = await server.client.diagnostics(uri, 1);
    const lease = valueRange(flowStyle, 'containers', '"--leader-election-lease-duration=60s"');
    const retry = valueRange(flowStyle, 'containers', '"--leader-election-retry-period=1s"');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range]),
      [
        ['timing-range-lease', lease],
        ['timing-range-retry', retry],
      ],
    );
    await server.client.close(uri);
  });

  test('anchors, aliases and block scalars: each container is checked with its own items', async () => {
    const uri = 'file:///project/deploy/anchored.yaml';
    await server.client.open(uri, 'yaml', anchored);
    const { diagnostics } = await server.client.diagnostics(uri, 1);
    const codes = diagnostics.map((d) => [d.code, d.severity, d.range.start.line]);
    // Container a (through *election): deadline 2 s ≤ 2 s × 1.2; placed where the items are written (the anchor).
    assert.deepEqual(
      codes.filter(([, , line]) => (line as number) < 4),
      [
        ['timing-deadline-over-jitter', DiagnosticSeverity.Error, 2],
        ['timing-deadline-over-jitter', DiagnosticSeverity.Error, 3],
        ['timing-range-deadline', DiagnosticSeverity.Warning, 2],
      ],
    );
    // Container b: a block scalar holding an invalid value (the default 2 s applies), and the aliased deadline (at the alias).
    const b = codes.filter(([, , line]) => (line as number) >= 14);
    assert.deepEqual(b, [
      ['timing-invalid-flag', DiagnosticSeverity.Error, 16],
      ['timing-deadline-over-jitter', DiagnosticSeverity.Error, 18],
      ['timing-range-deadline', DiagnosticSeverity.Warning, 18],
    ]);
    await server.client.close(uri);
  });

  test('hovering a flag shows the three values with their sources and the checks about it', async () => {
    const uri = 'file:///project/deploy/hover.yaml';
    await server.client.open(uri, 'yaml', multiDocument);
    const item = valueRange(multiDocument, '- --leader-elect-renew-deadline=14s', '--leader-elect-renew-deadline=14s');
    const hover = await server.client.hover(uri, { line: item.start.line, character: item.start.character + 5 });
    assert.ok(hover);
    assert.deepEqual(hover.range, item);
    const text = markdown(hover.contents);
    assert.match(text, /descheduler/);
    assert.match(text, /lease duration: 15s \(`--leader-elect-lease-duration`\)/);
    assert.match(text, /retry period: 5s \(`--leader-elect-retry-period`\)/);
    assert.match(text, /\*\*Warning\*\*: The renew deadline 14s is within one retry period/);
    // The value item of `--leader-elect-retry-period 5s` hovers too.
    const value = valueRange(multiDocument, '- 5s', '5s');
    assert.ok(await server.client.hover(uri, value.start));
    // Elsewhere: nothing.
    assert.equal(await server.client.hover(uri, valueRange(multiDocument, 'image: example', 'example').start), null);
    await server.client.close(uri);
  });
});
