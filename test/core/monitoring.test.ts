// Generate Monitoring's pure parts (src/core/monitoring): thresholds from the measured figures, the
// escaping of cluster strings for PromQL, alert templates, YAML, Grafana and Kubernetes names, and
// the structure of the PrometheusRule and dashboard. The real parsers check the output in
// test/monitoring/validation.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { parseWebviewToHost } from '../../src/shared/webviewMessages';
import type { HealthDetail } from '../../src/shared/health';
import { displayText, kubernetesName, promqlString, templateText, yamlString } from '../../src/core/monitoring/escape';
import { holderShape, monitoringInput } from '../../src/core/monitoring/fromHealth';
import { DASHBOARD_SCHEMA_VERSION, grafanaDashboard } from '../../src/core/monitoring/grafanaDashboard';
import { monitoringThresholds, promDuration, type MonitoringInput } from '../../src/core/monitoring/monitoringInput';
import { alertNames, prometheusRuleYaml } from '../../src/core/monitoring/prometheusRule';

function input(overrides: Partial<MonitoringInput> = {}): MonitoringInput {
  return {
    namespace: 'kube-system',
    name: 'kube-scheduler',
    holderShape: 'hostname-uuid',
    leaseDurationSeconds: 15,
    gapsMs: [],
    flapping: { changes: 3, windowMinutes: 10 },
    ...overrides,
  };
}

/** What a PromQL (Go) double-quoted string literal holds: the escapes promqlString writes. */
function unquotePromql(literal: string): string {
  assert.ok(literal.startsWith('"') && literal.endsWith('"'));
  return literal
    .slice(1, -1)
    .replace(/\\(U[0-9A-F]{8}|u[0-9A-F]{4}|x[0-9a-f]{2}|["\\])/g, (_, e: string) =>
      e.length === 1 ? e : String.fromCodePoint(parseInt(e.slice(1), 16)),
    );
}

describe('monitoring thresholds', () => {
  test('from the Lease and client-go defaults', () => {
    const t = monitoringThresholds(input({ gapsMs: [3000, 17_500] }));
    assert.equal(t.leaseDurationSeconds, 15);
    assert.equal(t.leaseDurationSource, 'lease');
    assert.equal(t.renewDeadlineSeconds, 10);
    assert.equal(t.renewDeadlineSource, 'default');
    assert.equal(t.retryPeriodSeconds, 2);
    assert.equal(t.lateRenewSeconds, 8);
    assert.equal(t.expectedFailoverSeconds, 17);
    assert.equal(t.longestGapSeconds, 17.5);
    assert.equal(t.changes, 3);
    assert.equal(t.windowMinutes, 10);
  });

  test('timing from the flags wins over the defaults; a short lease scales the default deadline', () => {
    const flags = monitoringThresholds(input({ timing: { renewDeadlineSeconds: 20, retryPeriodSeconds: 4 }, leaseDurationSeconds: 30 }));
    assert.deepEqual([flags.renewDeadlineSeconds, flags.renewDeadlineSource, flags.retryPeriodSeconds], [20, 'timing', 4]);
    assert.equal(flags.lateRenewSeconds, 16);
    const short = monitoringThresholds(input({ leaseDurationSeconds: 6 }));
    assert.equal(short.renewDeadlineSeconds, 4);
    const none = monitoringThresholds(input({ leaseDurationSeconds: undefined, timing: { leaseDurationSeconds: 60 } }));
    assert.deepEqual([none.leaseDurationSeconds, none.leaseDurationSource], [60, 'timing']);
    const defaults = monitoringThresholds(input({ leaseDurationSeconds: Number.NaN }));
    assert.deepEqual([defaults.leaseDurationSeconds, defaults.leaseDurationSource], [15, 'default']);
  });

  test('Prometheus durations', () => {
    assert.equal(promDuration(15), '15s');
    assert.equal(promDuration(2.5), '2500ms');
  });
});

describe('escaping cluster strings', () => {
  const hostile = 'a"b\\c\n$x ${y} [[z]] {{ .Value }} é 😀 \u2028\u007f\ud800';

  test('a PromQL literal holds exactly the string, in printable ASCII, with no $ or [ for Grafana', () => {
    const literal = promqlString(hostile);
    assert.match(literal, /^"[\x20-\x7e]*"$/);
    assert.ok(!literal.includes('$') && !literal.includes('['));
    assert.equal(unquotePromql(literal), hostile.replace('\ud800', '\ufffd'));
  });

  test('an alert template cannot open an action', () => {
    const text = templateText('{{ .Value }} {x}');
    assert.equal(text, '{{"{"}}{{"{"}} .Value }} {{"{"}}x}');
    // Every `{{` in the result opens one of the `{{"{"}}` actions.
    assert.equal(text.split('{{').length - 1, text.split('{{"{"}}').length - 1);
  });

  test('a YAML scalar is one printable-ASCII line that JSON (a subset of YAML) reads back', () => {
    const scalar = yamlString(hostile);
    assert.match(scalar, /^"[\x20-\x7e]*"$/);
    assert.equal(
      JSON.parse(scalar.replace(/\\U([0-9A-F]{8})/g, (_, h: string) => JSON.stringify(String.fromCodePoint(parseInt(h, 16))).slice(1, -1))),
      hostile.replace('\ud800', '\ufffd'),
    );
  });

  test('Grafana text and Kubernetes names', () => {
    assert.equal(displayText('a\n$b [[c]]'), 'a ＄b [ [c]]');
    assert.equal(kubernetesName('Lease Lens/"x"..y', { fallback: 'f' }), 'lease-lens-x.y');
    assert.equal(kubernetesName('x.y', { label: true, fallback: 'f' }), 'x-y');
    assert.equal(kubernetesName('"$"', { fallback: 'f' }), 'f');
    assert.ok(kubernetesName('a'.repeat(400), { fallback: 'f' }).length <= 253);
  });
});

describe('the PrometheusRule', () => {
  test('alerts on no leader, flapping and late renewals, each explained in a comment', () => {
    const yaml = prometheusRuleYaml(input({ renewMedianMs: 2000, renewMaxMs: 9100, gapsMs: [4000] }));
    assert.match(yaml, /^apiVersion: "monitoring\.coreos\.com\/v1"$/m);
    assert.match(yaml, /^kind: "PrometheusRule"$/m);
    for (const name of Object.values(alertNames)) {
      const at = yaml.indexOf(`- alert: "${name}"`);
      assert.ok(at > 0, name);
      const before = yaml.slice(0, at).trimEnd().split('\n').at(-1) ?? '';
      assert.match(before, /^\s*# /, `${name} has its explanation right above it`);
    }
    assert.match(yaml, /expr: "max\(leader_election_master_status\{name=\\"kube-scheduler\\"\}\) == 0"/);
    assert.match(yaml, /# Observed renew interval: median 2 s, longest 9\.1 s\./);
    assert.match(yaml, /the longest without a leader for 4 s/);
  });

  test('a hostile name cannot add a line, a key or a rule', () => {
    const yaml = prometheusRuleYaml(input({ name: 'x"\n- alert: Injected\n  expr: vector(1) # {{', namespace: 'n\u2028s' }));
    assert.ok(!yaml.includes('\u2028'));
    assert.ok(!/^\s*- alert: Injected/m.test(yaml));
    assert.equal(yaml.match(/^\s*- alert: /gm)?.length, 4);
    for (const line of yaml.split('\n')) {
      assert.match(line, /^[\x20-\x7e]*$/, 'printable ASCII only');
    }
  });
});

describe('the PrometheusRule read back by the yaml library', () => {
  test('every value as written, for a hostile name', () => {
    const name = 'x"\n- alert: Injected\u007f\u0085\u2028 {{ .Value }} $y';
    const doc = parse(prometheusRuleYaml(input({ name }))) as {
      kind: string;
      spec: { groups: Array<{ rules: Array<{ alert: string; expr: string; labels: Record<string, string> }> }> };
    };
    assert.equal(doc.kind, 'PrometheusRule');
    const rules = doc.spec.groups[0]!.rules;
    assert.deepEqual(
      rules.map((r) => r.alert),
      Object.values(alertNames),
    );
    assert.ok(rules.every((r) => r.labels.lease === templateText(name)));
    assert.equal(rules[0]!.expr, `max(leader_election_master_status{name=${promqlString(name)}}) == 0`);
  });
});

describe('the Grafana dashboard', () => {
  test('panels for leaders per replica, changes, renew intervals and gaps; the data source a variable', () => {
    const board = grafanaDashboard(input({ gapsMs: [9000] })) as {
      schemaVersion: number;
      templating: { list: Array<{ type: string; name: string }> };
      panels: Array<{
        type: string;
        title: string;
        datasource: { uid: string };
        targets: Array<{ expr: string; datasource: { uid: string } }>;
        fieldConfig: { defaults: { thresholds?: { steps: Array<{ value: number | null }> } } };
      }>;
    };
    assert.equal(board.schemaVersion, DASHBOARD_SCHEMA_VERSION);
    assert.deepEqual(
      board.templating.list.map((v) => [v.type, v.name]),
      [['datasource', 'datasource']],
    );
    assert.deepEqual(
      board.panels.map((p) => p.type),
      ['state-timeline', 'timeseries', 'timeseries', 'timeseries'],
    );
    for (const panel of board.panels) {
      assert.equal(panel.datasource.uid, '${datasource}');
      assert.ok(panel.targets.every((t) => t.datasource.uid === '${datasource}'));
    }
    assert.match(board.panels[0]!.targets[0]!.expr, /^max by \(pod\) \(leader_election_master_status\{name="kube-scheduler"\}\)$/);
    // The flapping rule's line on the changes panel, the deadline's on the renewals panel.
    assert.deepEqual(
      board.panels[1]!.fieldConfig.defaults.thresholds?.steps.map((s) => s.value),
      [null, 4],
    );
    assert.deepEqual(
      board.panels[2]!.fieldConfig.defaults.thresholds?.steps.map((s) => s.value),
      [null, 8, 10],
    );
  });
});

describe('the input from the Lease server’s health detail', () => {
  test('duration, renew figures, gaps and the holder’s shape', () => {
    const detail = {
      row: {
        key: 'c/ns/n',
        context: 'c',
        namespace: 'ns',
        name: 'n',
        holder: 'pod-a_0f6e2b9c-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
        durationMs: 20_000,
        transitionsHour: 4,
        transitionsDay: 9,
        renewMedianMs: 2100,
        renewMaxMs: 5000,
        flags: [],
        terms: 3,
        eventTerms: 0,
      },
      terms: [
        { holder: 'a', acquiredAt: 1, source: 'watch', renewals: 1 },
        { holder: 'b', acquiredAt: 2, source: 'watch', renewals: 1, gapBeforeMs: 7000 },
        { holder: 'c', acquiredAt: 3, source: 'watch', renewals: 1, gapBeforeMs: 0 },
      ],
      renewIntervals: [],
      droppedTerms: 0,
    } as HealthDetail;
    const got = monitoringInput({ namespace: 'ns', name: 'n' }, detail, { changes: 3, windowMinutes: 10 });
    assert.equal(got.leaseDurationSeconds, 20);
    assert.equal(got.holderShape, 'hostname-uuid');
    assert.deepEqual(got.gapsMs, [7000]);
    assert.deepEqual([got.renewMedianMs, got.renewMaxMs, got.transitionsHour], [2100, 5000, 4]);
    assert.equal(monitoringInput({ namespace: 'ns', name: 'n' }, null, { changes: 3, windowMinutes: 10 }).leaseDurationSeconds, undefined);
    assert.deepEqual(
      ['', 'node-1', 'some text!'].map((h) => holderShape(h)),
      ['none', 'hostname', 'other'],
    );
  });
});

describe('the panel asks for monitoring', () => {
  test('a generateMonitoring message names a Lease', () => {
    assert.deepEqual(parseWebviewToHost({ type: 'generateMonitoring', key: 'ctx/ns/name' }), {
      type: 'generateMonitoring',
      key: 'ctx/ns/name',
    });
    assert.equal(parseWebviewToHost({ type: 'generateMonitoring', key: 'no-key' }), undefined);
  });
});
