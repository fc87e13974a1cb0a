// A PrometheusRule (monitoring.coreos.com/v1, the Prometheus Operator's resource) for one election:
// no leader for longer than the lease duration, too many leader changes in the flapping window,
// renewals close to the renew deadline. Built on client-go's `leader_election_master_status`
// (per replica: 1 while it leads) and on kube-state-metrics' `kube_lease_renew_time` where that
// runs; every expression explained in a comment, every threshold from what Lease Lens measured.
// The comments and annotations are in the UI language (t). Written as text for a new unsaved
// document: never applied to a cluster. Pure.
import { t } from '../../shared/l10n';
import { commentText, kubernetesName, promqlString, templateText } from './escape';
import { LATE_RENEW_SHARE, monitoringThresholds, promDuration, type MonitoringInput, type MonitoringThresholds } from './monitoringInput';
import { entriesOf, yamlDocument, yamlMap, type YamlMap } from './yamlWriter';

/** The alert names, for tests and documentation. */
export const alertNames = {
  noLeader: 'LeaderElectionNoLeader',
  leaseExpired: 'LeaderElectionLeaseNotRenewed',
  flapping: 'LeaderElectionFlapping',
  renewingLate: 'LeaderElectionRenewingLate',
} as const;

const MASTER_STATUS = 'leader_election_master_status';
const RENEW_TIME = 'kube_lease_renew_time';

/** The selectors of one Lease: client-go's metric names the lock `name`; kube-state-metrics names it `lease` in `namespace`. */
export function selectors(input: Pick<MonitoringInput, 'namespace' | 'name'>): { masterStatus: string; renewTime: string } {
  const name = promqlString(input.name);
  const namespace = promqlString(input.namespace);
  return {
    masterStatus: MASTER_STATUS + '{name=' + name + '}',
    renewTime: RENEW_TIME + '{namespace=' + namespace + ', lease=' + name + '}',
  };
}

/** PromQL put together from parts (kept apart from the prose the l10n scan looks for). */
function promql(...parts: Array<string | number>): string {
  return parts.join(' ');
}

export function seconds(s: number): string {
  return t('{0} s', s);
}

export function ms(n: number): string {
  return n < 1000 ? t('{0} ms', Math.round(n)) : t('{0} s', Math.round(n / 100) / 10);
}

function sourceNote(source: string): string {
  return source === 'lease' ? t('measured on the Lease') : source === 'timing' ? t('from the election flags') : t('client-go default');
}

/** What Lease Lens measured, as comment lines for the header. */
export function measuredLines(input: MonitoringInput, th: MonitoringThresholds): string[] {
  const lines = [
    t(
      'Lease duration {0} ({1}), renew deadline {2} ({3}), retry period {4} ({5}).',
      seconds(th.leaseDurationSeconds),
      sourceNote(th.leaseDurationSource),
      seconds(th.renewDeadlineSeconds),
      sourceNote(th.renewDeadlineSource),
      seconds(th.retryPeriodSeconds),
      sourceNote(th.retryPeriodSource),
    ),
  ];
  if (input.renewMedianMs !== undefined && input.renewMaxMs !== undefined) {
    lines.push(t('Observed renew interval: median {0}, longest {1}.', ms(input.renewMedianMs), ms(input.renewMaxMs)));
  } else if (input.renewMedianMs !== undefined || input.renewMaxMs !== undefined) {
    lines.push(t('Observed renew interval: {0}.', ms(input.renewMedianMs ?? input.renewMaxMs ?? 0)));
  } else {
    lines.push(t('Observed renew interval: none measured yet.'));
  }
  lines.push(
    th.longestGapSeconds !== undefined
      ? t(
          'Observed failovers: {0}, the longest without a leader for {1} (a healthy handover takes at most lease duration + retry period = {2}).',
          input.gapsMs.length,
          seconds(th.longestGapSeconds),
          seconds(th.expectedFailoverSeconds),
        )
      : t(
          'Observed failovers: none with a gap yet (a healthy handover takes at most lease duration + retry period = {0}).',
          seconds(th.expectedFailoverSeconds),
        ),
  );
  if (input.transitionsHour !== undefined) {
    lines.push(t('Leader changes in the last hour: {0}.', input.transitionsHour));
  }
  lines.push(t('Flapping rule (leaseLens.flapping.*): more than {0} leader changes in {1} min.', th.changes, th.windowMinutes));
  if (input.holderShape === 'hostname-uuid' || input.holderShape === 'hostname') {
    lines.push(t('The holder identity names a pod: the replica that leads is the pod label of its leader_election_master_status series.'));
  }
  return lines;
}

function labels(input: MonitoringInput, severity: string): YamlMap {
  return yamlMap(entriesOf({ severity, lease_namespace: templateText(input.namespace), lease: templateText(input.name) }));
}

function annotations(summary: string, description: string): YamlMap {
  return yamlMap(entriesOf({ summary, description }));
}

function rules(input: MonitoringInput, th: MonitoringThresholds): YamlMap[] {
  const s = selectors(input);
  const lease = templateText(`${input.namespace}/${input.name}`);
  const window = `[${th.windowMinutes}m]`;
  const lateShare = Math.round(100 * LATE_RENEW_SHARE);
  return [
    yamlMap(
      entriesOf({
        alert: alertNames.noLeader,
        expr: promql(`max(${s.masterStatus})`, '==', 0),
        for: promDuration(th.leaseDurationSeconds),
        labels: labels(input, 'critical'),
        annotations: annotations(
          t('No replica leads {0}', lease),
          t(
            'Every replica that exports leader_election_master_status for {0} has reported 0 (not leading) for longer than the lease duration ({1}).',
            lease,
            seconds(th.leaseDurationSeconds),
          ),
        ),
      }),
      [
        t('No leader (client-go metric): leader_election_master_status is 1 on the replica that leads and 0 on the others;'),
        t('max() over the replicas is 0 when none leads. `for` is the lease duration: a healthy handover'),
        t(
          "takes at most lease duration + retry period ({0}), counted from the old leader's last renewal.",
          seconds(th.expectedFailoverSeconds),
        ),
        t("Needs the component to register client-go's leader-election metrics and Prometheus to scrape every replica;"),
        t('when no replica is scraped at all there is no series, and the kube-state-metrics alert below covers that.'),
      ],
    ),
    yamlMap(
      entriesOf({
        alert: alertNames.leaseExpired,
        expr: promql('time()', '-', `max(${s.renewTime})`, '>', th.leaseDurationSeconds + th.scrapeIntervalSeconds),
        for: promDuration(th.leaseDurationSeconds),
        labels: labels(input, 'critical'),
        annotations: annotations(
          t('The Lease {0} is not renewed', lease),
          t(
            'No replica has renewed {0} for longer than its lease duration ({1}): the Lease expired and no replica took it over for {1}.',
            lease,
            seconds(th.leaseDurationSeconds),
          ),
        ),
      }),
      [
        t("No leader (kube-state-metrics, where it runs): kube_lease_renew_time is the Lease's spec.renewTime (Unix seconds)."),
        t(
          'Its age passes the lease duration ({0}) when the Lease expired; {1} more allow for the scrape interval (the value can be that old).',
          seconds(th.leaseDurationSeconds),
          seconds(th.scrapeIntervalSeconds),
        ),
        t('`for` the lease duration: nobody took the Lease over for that long.'),
      ],
    ),
    yamlMap(
      entriesOf({
        alert: alertNames.flapping,
        expr: promql(`sum(changes(${s.masterStatus}${window})`, '-', `resets(${s.masterStatus}${window}))`, '>', th.changes),
        labels: labels(input, 'warning'),
        annotations: annotations(
          t('Leadership of {0} is flapping', lease),
          t('More than {0} leader changes within {1} min for {2}.', th.changes, th.windowMinutes, lease),
        ),
      }),
      [
        t("Leader changes: on each replica's leader_election_master_status series, changes() counts every flip and"),
        t('resets() the flips from 1 to 0, so their difference counts the times a replica became leader; summed over'),
        t("the replicas it is the number of leader changes in the window ({0} min, Lease Lens's flapping window).", th.windowMinutes),
        t('More than {0} is flapping (leaseLens.flapping.changes). A replica that became leader before its first', th.changes),
        t('scrape is not counted, so this can count fewer changes than there were, never more.'),
      ],
    ),
    yamlMap(
      entriesOf({
        alert: alertNames.renewingLate,
        expr: promql(`(timestamp(${s.renewTime})`, '-', `${s.renewTime})`, '>', th.lateRenewSeconds, '<', th.leaseDurationSeconds),
        keep_firing_for: promDuration(Math.max(60, th.windowMinutes * 60)),
        labels: labels(input, 'warning'),
        annotations: annotations(
          t('The leader of {0} renews close to its deadline', lease),
          t(
            'A renewal of {0} came more than {1} after the previous one; the leader gives up leading at {2} (renew deadline).',
            lease,
            seconds(th.lateRenewSeconds),
            seconds(th.renewDeadlineSeconds),
          ),
        ),
      }),
      [
        t('Renewals close to the deadline (kube-state-metrics): timestamp() - value is how old the last renewal was when'),
        t(
          'kube-state-metrics was scraped. Above {0} ({1}% of the renew deadline, {2}) the leader is one slow',
          seconds(th.lateRenewSeconds),
          lateShare,
          seconds(th.renewDeadlineSeconds),
        ),
        t(
          'API call from losing the Lease; "< {0}" leaves an expired Lease to the alerts above. A scrape sees a late',
          th.leaseDurationSeconds,
        ),
        t('renewal only when it lands in the gap, so the alert keeps firing for a while after one is seen.'),
      ],
    ),
  ];
}

/** The PrometheusRule as YAML text, with its explanations as comments. */
export function prometheusRuleYaml(input: MonitoringInput): string {
  const th = monitoringThresholds(input);
  const base = kubernetesName(`lease-lens-${input.name}`, { fallback: 'lease-lens-election', max: 240 });
  const header = [
    t('Alerts for the leader election of the Lease {0}, generated by Lease Lens.', commentText(`${input.namespace}/${input.name}`)),
    t('Not applied to any cluster: review it, then apply it where the Prometheus Operator runs'),
    t('(its ruleSelector must match the labels below).'),
    '',
    ...measuredLines(input, th),
  ];
  const doc = yamlMap(
    [
      { key: 'apiVersion', value: 'monitoring.coreos.com/v1' },
      { key: 'kind', value: 'PrometheusRule' },
      {
        key: 'metadata',
        value: yamlMap(
          entriesOf({
            name: base,
            namespace: kubernetesName(input.namespace, { label: true, fallback: 'default' }),
            labels: yamlMap(entriesOf({ 'app.kubernetes.io/created-by': 'lease-lens' })),
          }),
        ),
      },
      {
        key: 'spec',
        value: yamlMap([{ key: 'groups', value: [yamlMap(entriesOf({ name: `${base}.leader-election`, rules: rules(input, th) }))] }]),
      },
    ],
    header,
  );
  return yamlDocument(doc);
}
