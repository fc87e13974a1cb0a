// The "Timing" section: the election's lease duration, renew deadline and retry period, where each
// came from (a flag of a candidate pod's container, or client-go's default), and the checks the
// Lease server made of them. Everything is set as text; the data is checked field by field.
import type { ElectionTiming, TimingCheck, TimingLevel, TimingSource, TimingValue } from '../src/shared/timing';
import { timingText } from '../src/core/electionTiming';
import { plainText } from '../src/core/untrustedText';
import { h, replace } from './dom';
import { t } from '../src/shared/l10n';

const levels: readonly TimingLevel[] = ['ok', 'warn', 'error'];

function isValue(value: unknown): value is TimingValue {
  const v = value as TimingValue | null | undefined;
  return typeof v?.ms === 'number' && Number.isFinite(v.ms) && typeof v.source === 'object' && v.source !== null;
}

function isCheck(value: unknown): value is TimingCheck {
  const c = value as TimingCheck | null | undefined;
  return typeof c?.message === 'string' && levels.includes(c.level);
}

function sourceText(source: TimingSource): string {
  if (source.kind === 'flag') {
    return t(
      '--{0}={1} in {2}/{3}',
      plainText(String(source.flag), 80),
      plainText(String(source.raw), 80),
      plainText(String(source.pod), 120),
      plainText(String(source.container), 80),
    );
  }
  return t('client-go default');
}

function levelLabel(level: TimingLevel): string {
  return level === 'ok' ? t('OK') : level === 'warn' ? t('Warning') : t('Error');
}

export class TimingSection {
  readonly root: HTMLElement;
  /** The count of warnings and errors, for the section's heading. */
  problems = 0;

  constructor() {
    this.root = h('div', { class: 'timing' });
    this.render(undefined);
  }

  render(timing: ElectionTiming | undefined): void {
    this.problems = 0;
    if (timing === undefined || !isValue(timing.leaseDuration) || !isValue(timing.renewDeadline) || !isValue(timing.retryPeriod)) {
      replace(this.root, h('p', { class: 'muted' }, t('No timing yet: it is read from the candidate pods once they are known.')));
      return;
    }
    const rows: [string, TimingValue][] = [
      [t('Lease duration'), timing.leaseDuration],
      [t('Renew deadline'), timing.renewDeadline],
      [t('Retry period'), timing.retryPeriod],
    ];
    const values = h(
      'dl',
      { class: 'facts timing-values' },
      ...rows.map(([label, value]) =>
        h(
          'div',
          { class: 'fact' },
          h('dt', undefined, label),
          h(
            'dd',
            undefined,
            h('span', { class: 'timing-value' }, timingText(value.ms)),
            ' ',
            h('span', { class: 'muted timing-source' }, sourceText(value.source)),
          ),
        ),
      ),
    );
    const checks = (Array.isArray(timing.checks) ? timing.checks : []).filter(isCheck);
    this.problems = checks.filter((c) => c.level !== 'ok').length;
    const order = (c: TimingCheck): number => (c.level === 'error' ? 0 : c.level === 'warn' ? 1 : 2);
    const list = h(
      'ul',
      { class: 'timing-checks' },
      ...[...checks]
        .sort((a, b) => order(a) - order(b))
        .map((c) =>
          h(
            'li',
            {
              class: `timing-check timing-${c.level}`,
              attrs: { 'data-check': typeof c.id === 'string' ? c.id : '', 'data-level': c.level },
            },
            h('span', { class: 'timing-level' }, levelLabel(c.level)),
            ' ',
            h('span', { class: 'timing-message' }, plainText(c.message, 400)),
          ),
        ),
    );
    const pod = typeof timing.pod === 'string' ? timing.pod : undefined;
    replace(
      this.root,
      values,
      pod === undefined ? null : h('p', { class: 'muted timing-pod' }, t('Flags read from pod {0}.', plainText(pod, 120))),
      list,
    );
  }
}
