// One line per context above the table: its connection phase, "unknown since …" while the
// connection is lost, and the clock skew when the API server's clock differs from ours by 3 s or more.
import type { HealthViewContext } from '../../src/shared/healthViewProtocol';
import type { ContextPhase } from '../../src/shared/types';
import { formatDuration } from '../../src/core/duration';
import { clipText } from '../../src/core/untrustedText';
import { t } from '../../src/shared/l10n';
import { h, replace } from '../dom';
import { clockTime, isoTime } from '../format';

/** Skew below this is not shown (the health flag uses the same bound). */
export const skewShownMs = 3000;

const phaseLabels: Record<ContextPhase, () => string> = {
  idle: () => t('not connected'),
  connecting: () => t('connecting'),
  connected: () => t('connected'),
  partial: () => t('connected, some namespaces forbidden'),
  unauthorized: () => t('unauthorized'),
  forbidden: () => t('forbidden'),
  unreachable: () => t('unreachable'),
  misconfigured: () => t('misconfigured'),
};

export class ContextsBar {
  readonly root = h('ul', { class: 'contexts', attrs: { 'aria-label': t('Contexts') } });
  private contexts: HealthViewContext[] = [];

  set(contexts: HealthViewContext[], now: number): void {
    this.contexts = contexts;
    this.render(now);
  }

  render(now: number): void {
    replace(this.root, ...this.contexts.map((context) => this.line(context, now)));
  }

  private line(context: HealthViewContext, now: number): HTMLElement {
    const parts: Array<Node | string> = [
      h('span', { class: 'context-name' }, clipText(context.context, 200)),
      ' ',
      h('span', { class: `phase phase-${context.phase}` }, phaseLabels[context.phase]()),
    ];
    if (context.phase === 'connected' && !context.synced) {
      parts.push(' ', h('span', { class: 'muted' }, t('listing…')));
    }
    if (context.unknownSince !== undefined) {
      parts.push(
        ' · ',
        h(
          'span',
          { class: 'unknown-since', title: isoTime(context.unknownSince) },
          t('unknown since {0}', clockTime(context.unknownSince, now)),
        ),
      );
    }
    const skew = context.clockSkewMs;
    if (skew !== undefined && Math.abs(skew) >= skewShownMs) {
      parts.push(
        ' · ',
        h(
          'span',
          { class: 'clock-skew', title: t('The API server’s clock minus this machine’s, from the Date header of its responses') },
          skew > 0 ? t('API server clock {0} ahead', formatDuration(skew)) : t('API server clock {0} behind', formatDuration(-skew)),
        ),
      );
    }
    if (context.message) {
      parts.push(' · ', h('span', { class: 'muted context-message' }, clipText(context.message, 300)));
    }
    return h('li', { class: 'context-line', attrs: { 'data-context': clipText(context.context, 200) } }, ...parts);
  }
}
