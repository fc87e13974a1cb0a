// How a kubeconfig context looks as a row, from its ContextState. Pure.
import type { ContextPhase, ContextState } from '../../shared/types';
import type { RowIcon } from './leaseRow';
import { escapeMarkdown, markdownTable } from './markdown';
import { formatNumber, t } from '../../shared/l10n';

const failedPhases: ReadonlySet<ContextPhase> = new Set<ContextPhase>(['unauthorized', 'forbidden', 'unreachable', 'misconfigured']);

/** The context cannot list Leases at all (for now). */
export function isFailed(state: ContextState): boolean {
  return failedPhases.has(state.phase);
}

/** A watched context whose first complete list has not arrived and has not failed. */
export function isLoading(state: ContextState): boolean {
  return !isFailed(state) && !state.synced;
}

/** `a, b, c +2 more` */
export function listNames(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? t('{0} +{1} more', shown, names.length - max) : shown;
}

function firstLine(text: string | undefined, max = 120): string | undefined {
  if (!text) {
    return undefined;
  }
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function phaseText(state: ContextState): string {
  const message = firstLine(state.message);
  switch (state.phase) {
    case 'idle':
      return t('not loaded');
    case 'connecting':
      return t('connecting…');
    case 'connected':
      return state.synced ? t('connected') : t('loading…');
    case 'partial':
      return state.forbiddenNamespaces.length > 0
        ? t('partly forbidden: {0}', listNames(state.forbiddenNamespaces))
        : t('partly forbidden');
    case 'unauthorized':
      return message ? t('unauthorized: {0}', message) : t('unauthorized');
    case 'forbidden':
      return message ? t('forbidden: {0}', message) : t('forbidden: may not list Leases');
    case 'unreachable':
      return message ? t('unreachable: {0}', message) : t('unreachable');
    case 'misconfigured':
      return message ? t('misconfigured: {0}', message) : t('misconfigured');
  }
}

/** `current · connected`, `unreachable: dial tcp 10.0.0.1:6443: connect: connection refused`. */
export function contextDescription(state: ContextState): string {
  const text = phaseText(state);
  return state.current ? t('current · {0}', text) : text;
}

const phaseIcons: Record<ContextPhase, RowIcon> = {
  idle: { id: 'cloud' },
  connecting: { id: 'loading~spin' },
  connected: { id: 'cloud' },
  partial: { id: 'warning', color: 'list.warningForeground' },
  unauthorized: { id: 'lock', color: 'errorForeground' },
  forbidden: { id: 'lock', color: 'errorForeground' },
  unreachable: { id: 'debug-disconnect', color: 'errorForeground' },
  misconfigured: { id: 'error', color: 'errorForeground' },
};

export function contextIcon(state: ContextState): RowIcon {
  if (state.phase === 'connected' && !state.synced) {
    return { id: 'loading~spin' };
  }
  if (state.phase === 'connected' && state.current) {
    return { id: 'cloud', color: 'charts.green' };
  }
  return phaseIcons[state.phase];
}

/** `context`, `context.current`, `context.current.failed`: menus match `/^context/`. */
export function contextContextValue(state: ContextState): string {
  let value = 'context';
  if (state.current) {
    value += '.current';
  }
  if (isFailed(state)) {
    value += '.failed';
  }
  return value;
}

export function contextTooltip(state: ContextState, now: number): string {
  const rows: Array<[string, string]> = [
    [t('Cluster'), escapeMarkdown(state.cluster ?? '')],
    [t('User'), escapeMarkdown(state.user ?? '')],
    [t('Namespace'), escapeMarkdown(state.namespace ?? '')],
    [t('Server'), escapeMarkdown(state.server ?? '')],
    [t('State'), escapeMarkdown(phaseText(state))],
  ];
  if (state.forbiddenNamespaces.length > 0) {
    rows.push([t('Forbidden namespaces'), escapeMarkdown(state.forbiddenNamespaces.join(', '))]);
  }
  if (state.nodeLeaseCount !== undefined) {
    rows.push([t('Node leases'), formatNumber(state.nodeLeaseCount)]);
  }
  const title = state.current ? t('**{0}** (current context)', escapeMarkdown(state.context)) : `**${escapeMarkdown(state.context)}**`;
  const parts = [title, markdownTable([t('Context'), ''], rows)];
  if (state.message) {
    parts.push(t('**What happened:** {0}', escapeMarkdown(state.message, 2000)));
  }
  if (state.hint) {
    parts.push(t('**What to do:** {0}', escapeMarkdown(state.hint, 2000)));
  }
  if (state.retryAt !== undefined && state.retryAt > now) {
    parts.push(t('Retrying in {0}s.', Math.ceil((state.retryAt - now) / 1000)));
  }
  return parts.join('\n\n');
}
