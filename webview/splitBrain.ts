// Split brain in the panel: a banner at the top while the alarm is up (what it rests on, since
// when), and in the candidate pods' section what each pod's metrics say — leader or not, lease
// renew requests, work queue depth — or why they could not be read. Every cluster string is text.
import type { PodMetrics, SplitBrainEvidence, SplitBrainState } from '../src/shared/splitBrain';
import { clipText } from '../src/core/untrustedText';
import { h, replace, show } from './dom';
import { formatNumber, t } from '../src/shared/l10n';
import { relativeSpan } from './relative';

function evidenceLabel(kind: SplitBrainEvidence['kind']): string {
  switch (kind) {
    case 'metrics-two-leaders':
      return t('Metrics');
    case 'metrics-holder-not-leading':
      return t('Metrics of the holder');
    case 'logs-two-leaders':
      return t('Logs');
    case 'event-other-leader':
      return t('Events');
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export class SplitBrainView {
  /** The banner, for the top of the panel. */
  readonly banner: HTMLElement;
  /** The pods' metrics, for the candidate pods' section. */
  readonly metrics: HTMLElement;

  constructor() {
    this.banner = h('div', { class: 'banner banner-split-brain', attrs: { role: 'alert' } });
    this.metrics = h('div', { class: 'pod-metrics' });
    show(this.banner, false);
    show(this.metrics, false);
  }

  render(state: SplitBrainState | undefined, metrics: readonly PodMetrics[] | undefined, now: number): void {
    this.renderBanner(state, now);
    this.renderMetrics(metrics, now);
  }

  private renderBanner(state: SplitBrainState | undefined, now: number): void {
    const up = state?.alarm === true && Array.isArray(state.evidence) && state.evidence.length > 0;
    show(this.banner, up);
    if (!up) {
      replace(this.banner);
      return;
    }
    replace(
      this.banner,
      h(
        'div',
        { class: 'split-brain-title' },
        t('Split brain: more than one replica believes it leads'),
        finite(state.alarmSince) ? ' · ' : null,
        finite(state.alarmSince) ? relativeSpan(state.alarmSince, now) : null,
      ),
      h(
        'ul',
        { class: 'split-brain-evidence' },
        ...state.evidence.map((e) =>
          h(
            'li',
            { attrs: { 'data-kind': String(e.kind) } },
            h('span', { class: 'split-brain-kind' }, evidenceLabel(e.kind)),
            ': ',
            h('span', { class: 'split-brain-detail' }, clipText(String(e.detail), 300)),
          ),
        ),
      ),
      h(
        'div',
        { class: 'split-brain-hint' },
        t(
          'It has lasted longer than the retry period ({0} s). A replica that leads without holding the Lease works on stale state.',
          (state.retryPeriodMs / 1000).toFixed(1),
        ),
      ),
    );
  }

  private renderMetrics(metrics: readonly PodMetrics[] | undefined, now: number): void {
    const list: readonly PodMetrics[] = Array.isArray(metrics) ? metrics : [];
    show(this.metrics, list.length > 0);
    replace(
      this.metrics,
      list.length > 0
        ? h(
            'div',
            { class: 'pod-metrics-title' },
            t('Metrics through the pod proxy'),
            ' · ',
            relativeSpan(Math.max(...list.map((m) => m.readAt)), now),
          )
        : null,
      list.length > 0 ? h('ul', { class: 'pod-metrics-list' }, ...list.map((m) => metricsItem(m))) : null,
    );
  }
}

function metricsItem(m: PodMetrics): HTMLElement {
  const facts: (string | HTMLElement)[] = [];
  if (m.masterStatus === 1) {
    facts.push(h('span', { class: 'master-status is-leader' }, t('leader (master status 1)')));
  } else if (m.masterStatus === 0) {
    facts.push(h('span', { class: 'master-status' }, t('not leader (master status 0)')));
  }
  if (finite(m.renewRequests)) {
    facts.push(t('{0} lease renew requests', formatNumber(m.renewRequests)));
  }
  if (finite(m.workqueueDepth)) {
    facts.push(t('work queue depth {0}', formatNumber(m.workqueueDepth)));
  }
  if (finite(m.port)) {
    facts.push(t('port {0}', m.port));
  }
  const parts: (string | HTMLElement)[] = [];
  facts.forEach((f, i) => parts.push(...(i > 0 ? [' · ', f] : [f])));
  return h(
    'li',
    { class: 'pod-metrics-item', attrs: { 'data-pod': clipText(String(m.pod), 253) } },
    h('span', { class: 'pod-name' }, clipText(String(m.pod), 253)),
    ' ',
    h('span', { class: 'pod-metrics-facts' }, ...parts),
    m.note ? h('div', { class: 'pod-metrics-note notice notice-warning' }, clipText(String(m.note), 500)) : null,
  );
}
