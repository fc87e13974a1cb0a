// The generated PrometheusRule and Grafana dashboard, checked by the real parsers: Prometheus's
// model/rulefmt (strict; every expr through promql/parser, every label and annotation as an alert
// template) and the grafana-foundation-sdk's dashboard types generated from Grafana's schema
// (strict decoding of the dashboard, each panel's plugin options and field config, each Prometheus
// query), in the Go program of test/monitoring/go.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { grafanaDashboardJson } from '../../src/core/monitoring/grafanaDashboard';
import type { MonitoringInput } from '../../src/core/monitoring/monitoringInput';
import { alertNames, prometheusRuleYaml } from '../../src/core/monitoring/prometheusRule';
import { buildChecker, check } from './checker';

function input(overrides: Partial<MonitoringInput> = {}): MonitoringInput {
  return {
    namespace: 'kube-system',
    name: 'kube-scheduler',
    holderShape: 'hostname-uuid',
    leaseDurationSeconds: 15,
    renewMedianMs: 2000,
    renewMaxMs: 3400,
    gapsMs: [12_000, 17_500],
    transitionsHour: 2,
    flapping: { changes: 3, windowMinutes: 10 },
    ...overrides,
  };
}

const hostileName = 'evil"} or vector(1) #\n{{ .Value }} {{/* */}} $datasource [[x]] ${__from} \\ \u2028 é 😀 \u007f\t{';
const hostileNamespace = 'ns"\n- alert: Injected\n  expr: vector(1)';

describe('generated monitoring against the real parsers', { timeout: 20 * 60_000 }, () => {
  let binary = '';
  before(async () => {
    binary = await buildChecker();
  });

  test('the rule parses with rulefmt and promql, the dashboard with Grafana’s schema; thresholds as measured', () => {
    const report = check(binary, prometheusRuleYaml(input()), grafanaDashboardJson(input()));
    assert.deepEqual(report.errors, []);
    assert.equal(report.exitCode, 0);
    assert.equal(report.kind, 'PrometheusRule');
    const rules = report.groups.flatMap((g) => g.rules);
    assert.deepEqual(
      rules.map((r) => r.alert),
      [alertNames.noLeader, alertNames.leaseExpired, alertNames.flapping, alertNames.renewingLate],
    );
    const byName = new Map(rules.map((r) => [r.alert, r]));
    assert.equal(byName.get(alertNames.noLeader)?.for, '15s');
    assert.deepEqual(byName.get(alertNames.noLeader)?.metrics, ['leader_election_master_status']);
    assert.deepEqual(byName.get(alertNames.leaseExpired)?.metrics, ['kube_lease_renew_time']);
    assert.match(byName.get(alertNames.leaseExpired)?.expr ?? '', /> 45$/); // 15 s lease + 30 s scrape lag
    assert.match(byName.get(alertNames.flapping)?.expr ?? '', /\[10m\]\)\) > 3$/);
    assert.match(byName.get(alertNames.renewingLate)?.expr ?? '', /> 8 < 15$/); // 80 % of the 10 s deadline
    assert.equal(report.dashboard.schemaVersion, 42);
    assert.deepEqual(
      report.dashboard.panels.map((p) => p.type),
      ['state-timeline', 'timeseries', 'timeseries', 'timeseries'],
    );
  });

  test('timing from the flags and a short lease change the thresholds', () => {
    const figures = input({
      leaseDurationSeconds: 4,
      timing: { renewDeadlineSeconds: 3, retryPeriodSeconds: 1 },
      flapping: { changes: 5, windowMinutes: 30 },
    });
    const report = check(binary, prometheusRuleYaml(figures), grafanaDashboardJson(figures));
    assert.deepEqual(report.errors, []);
    const rules = new Map(report.groups.flatMap((g) => g.rules).map((r) => [r.alert, r]));
    assert.equal(rules.get(alertNames.noLeader)?.for, '4s');
    assert.match(rules.get(alertNames.flapping)?.expr ?? '', /\[30m\]\)\) > 5$/);
    assert.match(rules.get(alertNames.renewingLate)?.expr ?? '', /> 2\.4 < 4$/);
  });

  test('a hostile namespace and name stay data: exact matchers, literal annotations, no variable for Grafana', () => {
    const figures = input({ namespace: hostileNamespace, name: hostileName });
    const report = check(binary, prometheusRuleYaml(figures), grafanaDashboardJson(figures));
    assert.deepEqual(report.errors, []);
    const rules = report.groups.flatMap((g) => g.rules);
    assert.equal(rules.length, 4, 'nothing injected');
    for (const rule of rules) {
      const selected = [...(rule.matchers.name ?? []), ...(rule.matchers.lease ?? [])];
      assert.ok(selected.length > 0);
      assert.ok(
        selected.every((v) => v === hostileName),
        `${rule.alert}: ${JSON.stringify(rule.matchers)}`,
      );
      assert.ok((rule.matchers.namespace ?? []).every((v) => v === hostileNamespace));
      assert.equal(rule.labels.lease, hostileName);
      assert.equal(rule.labels.lease_namespace, hostileNamespace);
      assert.ok(rule.annotations.summary?.includes(`${hostileNamespace}/${hostileName}`), rule.annotations.summary);
    }
    assert.match(report.name, /^[a-z0-9][-a-z0-9.]*[a-z0-9]$/);
    for (const panel of report.dashboard.panels) {
      for (const t of panel.targets) {
        assert.ok([...(t.matchers.name ?? []), ...(t.matchers.lease ?? [])].every((v) => v === hostileName));
      }
    }
    assert.ok(!report.dashboard.title.includes('$') && !report.dashboard.title.includes('\n'));
  });

  test('the checker rejects what is broken (so its silence means something)', () => {
    const rule = prometheusRuleYaml(input());
    const board = grafanaDashboardJson(input());
    // A PromQL syntax error, an unescaped quote, an unknown rule field, a bad template, an unknown panel option.
    assert.equal(check(binary, rule.replace(') == 0"', ') == "'), board).exitCode, 1);
    assert.equal(check(binary, rule.replace('{name=\\"kube-scheduler\\"}', '{name=\\"kube"scheduler\\"}'), board).exitCode, 1);
    assert.equal(check(binary, rule.replace('      rules:\n', '      rulez: 1\n      rules:\n'), board).exitCode, 1);
    assert.equal(check(binary, rule.replace('summary: "No replica', 'summary: "{{ No replica'), board).exitCode, 1);
    const parsed = JSON.parse(board) as { panels: Array<{ options: Record<string, unknown> }> };
    parsed.panels[0]!.options.bogus = true;
    const bad = check(binary, rule, JSON.stringify(parsed));
    assert.equal(bad.exitCode, 1);
    assert.match(bad.errors.join('\n'), /bogus/);
  });
});
