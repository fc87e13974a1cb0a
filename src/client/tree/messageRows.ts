// Rows that say something rather than show a Lease: the server's status, kubeconfig problems,
// a context's error, hint, loading and empty messages, forbidden namespaces. Pure.
import type { ContextState, KubeconfigProblem } from '../../shared/types';
import { escapeMarkdown } from './markdown';
import type { ServerStatus } from '../leases/cacheChange';
import { nodeLeaseNamespace, type ContextMessageKind } from './treeIds';
import type { RowLook } from './treeRow';
import { t } from '../../shared/l10n';

function basename(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split(/\r?\n/, 1)[0];
}

export function serverLook(status: ServerStatus): RowLook {
  const base = { collapsible: 'none' as const };
  switch (status.state) {
    case 'starting':
      return { ...base, label: t('Starting the Lease server…'), icon: { id: 'loading~spin' } };
    case 'running':
      return { ...base, label: t('The Lease server is running'), icon: { id: 'pass' } };
    case 'stopped':
      return {
        ...base,
        label: t('The Lease server stopped'),
        description: status.message ?? t('see the output'),
        icon: { id: 'debug-stop', color: 'errorForeground' },
        action: { kind: 'command', command: 'leaseLens.showOutput' },
      };
    case 'failed':
      return {
        ...base,
        label: t('The Lease server did not start'),
        description: status.message,
        icon: { id: 'error', color: 'errorForeground' },
        action: { kind: 'command', command: 'leaseLens.showOutput' },
      };
    case 'restarting':
      // It exited and starts again by itself after a delay ("restart 3 in 4 s"); a click shows why.
      return {
        ...base,
        label: t('The Lease server exited; starting it again'),
        description: status.message,
        icon: { id: 'sync~spin', color: 'list.warningForeground' },
        action: { kind: 'command', command: 'leaseLens.showOutput' },
      };
    case 'untrusted':
      // Not drawn: in Restricted Mode the view shows its welcome content instead (rootChildren).
      return { ...base, label: t('Restricted Mode: Lease Lens is off until you trust this folder'), icon: { id: 'shield' } };
  }
}

export function serverTooltip(status: ServerStatus): string | undefined {
  return 'message' in status && status.message ? escapeMarkdown(status.message, 4000) : undefined;
}

/** When no context is listed: the kubeconfig has none, or the setting names none of them. */
export function noContextsLook(kubeconfigHasContexts: boolean): RowLook {
  return {
    label: kubeconfigHasContexts
      ? t('None of the contexts in leaseLens.contexts is in the kubeconfig')
      : t('The kubeconfig has no contexts'),
    description: kubeconfigHasContexts ? t('choose contexts') : undefined,
    icon: { id: 'info' },
    collapsible: 'none',
    action: kubeconfigHasContexts ? { kind: 'command', command: 'leaseLens.chooseContexts' } : undefined,
  };
}

/** `config: yaml: line 3: …` with the file as description; a click opens the file. */
export function problemLook(problem: KubeconfigProblem): RowLook {
  const label = `${basename(problem.file)}: ${firstLine(problem.message) ?? ''}`;
  return {
    label: problem.context ? `${problem.context}: ${label}` : label,
    description: problem.file,
    icon: { id: 'error', color: 'errorForeground' },
    contextValue: 'problem',
    collapsible: 'none',
    action: { kind: 'open-file', file: problem.file },
  };
}

export function problemTooltip(problem: KubeconfigProblem): string {
  return `**${escapeMarkdown(problem.file)}**\n\n${escapeMarkdown(problem.message, 4000)}`;
}

const failedTitles: Partial<Record<ContextState['phase'], () => string>> = {
  unreachable: () => t('Cannot reach the API server'),
  unauthorized: () => t('The API server did not accept the credentials'),
  forbidden: () => t('Not allowed to list Leases'),
  misconfigured: () => t('The context is misconfigured'),
};

export function contextMessageLook(state: ContextState, message: ContextMessageKind, filterText: string | undefined): RowLook {
  const base = { collapsible: 'none' as const };
  switch (message) {
    case 'loading':
      return { ...base, label: state.phase === 'connecting' ? t('Connecting…') : t('Loading Leases…'), icon: { id: 'loading~spin' } };
    case 'empty':
      return { ...base, label: t('No Leases in this context'), icon: { id: 'info' } };
    case 'no-match':
      return {
        ...base,
        label: t('No Leases match the filter'),
        description: filterText,
        icon: { id: 'filter' },
        action: { kind: 'command', command: 'leaseLens.clearFilter' },
      };
    case 'error':
      return {
        ...base,
        label: failedTitles[state.phase]?.() ?? t('Cannot list Leases'),
        description: firstLine(state.message),
        icon: { id: 'error', color: 'errorForeground' },
        contextValue: 'message.error',
        action: { kind: 'command', command: 'leaseLens.showOutput' },
      };
    case 'hint':
      return { ...base, label: state.hint ?? '', icon: { id: 'lightbulb' }, contextValue: 'message.hint' };
  }
}

/** What happened and what to do, in full. */
export function contextMessageTooltip(state: ContextState): string {
  return [state.message, state.hint]
    .filter((text): text is string => !!text)
    .map((text) => escapeMarkdown(text, 4000))
    .join('\n\n');
}

export function forbiddenLook(namespace: string): RowLook {
  return {
    label: namespace,
    description: t('forbidden'),
    icon: { id: 'lock', color: 'disabledForeground' },
    contextValue: 'namespace.forbidden',
    collapsible: 'none',
  };
}

export function forbiddenTooltip(context: string, namespace: string): string {
  return t(
    'You may not list Leases in **{0}** (context {1}). Ask for `list` and `watch` on `leases.coordination.k8s.io` in that namespace to see them.',
    escapeMarkdown(namespace),
    escapeMarkdown(context),
  );
}

export function nodeCountTooltip(): string {
  return t(
    'Node heartbeat Leases in **{0}** are counted, not listed (one per node, renewed every 10 seconds). Set `leaseLens.nodeLeases` to `shown` to list them.',
    escapeMarkdown(nodeLeaseNamespace),
  );
}
