// "Lease Lens: Generate Monitoring": for one Lease, a PrometheusRule and a Grafana dashboard built
// from what Lease Lens measured of its election (src/core/monitoring), opened as two new untitled
// documents. Nothing is applied to a cluster; the user reviews and saves them.
import * as vscode from 'vscode';
import { monitoringInput } from '../../core/monitoring/fromHealth';
import { grafanaDashboardJson } from '../../core/monitoring/grafanaDashboard';
import type { ElectionTiming as MonitoringTiming } from '../../core/monitoring/monitoringInput';
import { prometheusRuleYaml } from '../../core/monitoring/prometheusRule';
import { plainText } from '../../core/untrustedText';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';
import type { CommandDeps, CommandHandler } from '../commands/commandDeps';
import { leaseTarget } from '../commands/pickLease';
import { healthViewSettings } from '../health/healthSettings';

/** The election's timing when the follow has read it from the candidates' flags; defaults otherwise. */
function followedTiming(deps: CommandDeps, key: LeaseKey): MonitoringTiming | undefined {
  const timing = deps.follow.snapshot(key)?.timing;
  if (!timing) {
    return undefined;
  }
  const fromFlag = (value: { ms: number; source: { kind: string } }): number | undefined =>
    value.source.kind === 'flag' ? value.ms / 1000 : undefined;
  return {
    leaseDurationSeconds: fromFlag(timing.leaseDuration),
    renewDeadlineSeconds: fromFlag(timing.renewDeadline),
    retryPeriodSeconds: fromFlag(timing.retryPeriod),
  };
}

/** The two documents' texts for a Lease, from the host's health and follow state. */
export async function monitoringDocuments(deps: CommandDeps, key: LeaseKey): Promise<{ rule: string; dashboard: string } | undefined> {
  const parsed = parseLeaseKey(key);
  if (!parsed) {
    return undefined;
  }
  const lease = deps.leases.lease(key) ?? deps.follow.snapshot(key)?.lease;
  const detail = await deps.health.state.detail(key);
  const { flapChanges, flapWindowMinutes } = healthViewSettings();
  const input = monitoringInput(
    {
      namespace: parsed.namespace,
      name: parsed.name,
      holder: lease?.spec.holderIdentity,
      leaseDurationSeconds: lease?.spec.leaseDurationSeconds,
    },
    detail,
    { changes: flapChanges, windowMinutes: flapWindowMinutes },
    followedTiming(deps, key),
  );
  return { rule: prometheusRuleYaml(input), dashboard: grafanaDashboardJson(input) };
}

export const generateMonitoring =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Generate monitoring for which Lease?') });
    if (!key) {
      return;
    }
    const docs = await monitoringDocuments(deps, key);
    if (!docs) {
      return;
    }
    const rule = await vscode.workspace.openTextDocument({ language: 'yaml', content: docs.rule });
    const dashboard = await vscode.workspace.openTextDocument({ language: 'json', content: docs.dashboard });
    await vscode.window.showTextDocument(dashboard, { preview: false, viewColumn: vscode.ViewColumn.Active });
    await vscode.window.showTextDocument(rule, { preview: false, viewColumn: vscode.ViewColumn.Active });
    const parsed = parseLeaseKey(key);
    vscode.window.setStatusBarMessage(
      vscode.l10n.t(
        'Generated a PrometheusRule and a Grafana dashboard for {0} (not applied to any cluster)',
        plainText(parsed ? `${parsed.namespace}/${parsed.name}` : key),
      ),
      5000,
    );
  };
