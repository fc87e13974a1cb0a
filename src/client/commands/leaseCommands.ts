// Commands on one Lease: follow, unfollow, logs, events, copy, YAML.
import { delimiter } from 'node:path';
import * as vscode from 'vscode';
import { compileLogFilter } from '../../core/logFilter';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';
import type { LogFilterState } from '../../shared/webviewProtocol';
import { logFilterFromQuery } from '../documents/documentUris';
import { leaseKeyOfLogDocument } from '../documents/logDocumentProvider';
import { plainText } from '../../core/untrustedText';
import type { CommandDeps, CommandHandler } from './commandDeps';
import { leaseKeyOf, leaseTarget } from './pickLease';
import { kubectlGetLease } from './shellQuote';

function leaseName(key: LeaseKey): string {
  const parsed = parseLeaseKey(key);
  return plainText(parsed ? `${parsed.namespace}/${parsed.name}` : key);
}

/** Follows and shows the panel; reveals it when followed already. */
export async function followAndShow(deps: CommandDeps, key: LeaseKey): Promise<void> {
  deps.panels.show(key);
  try {
    await deps.follow.follow(key);
  } catch (err) {
    deps.panels.close(key);
    throw new Error(vscode.l10n.t('could not follow {0}: {1}', leaseName(key), err instanceof Error ? err.message : String(err)));
  }
}

export const followLease =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Follow which Lease?') });
    if (key) {
      await followAndShow(deps, key);
    }
  };

export const unfollowLease =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Stop following which Lease?'), followedOnly: true });
    if (key) {
      deps.follow.unfollow(key);
    }
  };

export const openControllerLogs =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Open the controller logs of which Lease?') });
    if (key) {
      await deps.logs.open(key);
    }
  };

/** The log document the command was invoked on: the editor/title argument or the active editor. */
function logDocumentArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri && leaseKeyOfLogDocument(arg)) {
    return arg;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  return active && leaseKeyOfLogDocument(active) ? active : undefined;
}

export const filterControllerLogs =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const uri = logDocumentArg(arg);
    const key = uri
      ? leaseKeyOfLogDocument(uri)
      : await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Filter the controller logs of which Lease?') });
    if (!key) {
      return;
    }
    const current = uri ? logFilterFromQuery(uri.query) : undefined;
    const toFilter = (text: string): LogFilterState => {
      const regex = /^\/.+\/$/.test(text);
      return { preset: 'all', text: regex ? text.slice(1, -1) : text, regex, caseSensitive: false, invert: false };
    };
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter the controller logs of {0}', leaseName(key)),
      prompt: vscode.l10n.t('Show lines containing this text; write /…/ for a regular expression. Empty: every line.'),
      value: current ? (current.regex ? `/${current.text}/` : current.text) : '',
      validateInput: (value) => {
        const compiled = compileLogFilter(toFilter(value.trim()));
        return compiled.ok ? undefined : compiled.error;
      },
    });
    if (text === undefined) {
      return;
    }
    await deps.logs.open(key, text.trim() === '' ? undefined : toFilter(text.trim()));
  };

export const clearControllerLogFilter =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const uri = logDocumentArg(arg);
    const key = uri ? leaseKeyOfLogDocument(uri) : leaseKeyOf(arg);
    if (key) {
      await deps.logs.open(key);
    }
  };

/** Follows the Lease (its Events come with following) and lists its Events, newest first. */
export async function showEventsPick(deps: CommandDeps, key: LeaseKey): Promise<void> {
  const snapshot = await deps.follow.follow(key);
  const events = [...snapshot.events].sort((a, b) => b.time - a.time);
  if (events.length === 0) {
    const on = snapshot.eventsMessage ? `${leaseName(key)} (${plainText(snapshot.eventsMessage)})` : leaseName(key);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No Events are recorded on {0}. Controllers record LeaderElection Events only when configured to; the leadership history in the Lease panel does not depend on them.',
        on,
      ),
    );
    return;
  }
  await vscode.window.showQuickPick(
    events.map((e) => ({
      label: `${e.type === 'Warning' ? '$(warning)' : '$(info)'} ${plainText(e.reason, 80).replace(/\$\(/g, '\\$(')}`,
      description: `${new Date(e.time).toLocaleString(vscode.env.language)}${e.count > 1 ? ` ×${e.count}` : ''} · ${plainText(e.source, 80).replace(/\$\(/g, '\\$(')}`,
      detail: plainText(e.message, 500).replace(/\$\(/g, '\\$('),
    })),
    { title: vscode.l10n.t('Events on {0}', leaseName(key)), matchOnDescription: true, matchOnDetail: true },
  );
}

export const showEvents =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Show the Events of which Lease?') });
    if (key) {
      await followAndShow(deps, key);
      await showEventsPick(deps, key);
    }
  };

export const copyHolderIdentity =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Copy the holder identity of which Lease?') });
    if (!key) {
      return;
    }
    const lease = deps.leases.lease(key) ?? deps.follow.snapshot(key)?.lease;
    const holder = lease?.spec.holderIdentity;
    if (!holder) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('{0} has no holder right now (released or never held); nothing was copied.', leaseName(key)),
      );
      return;
    }
    await vscode.env.clipboard.writeText(holder);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the holder identity of {0}', leaseName(key)), 3000);
  };

export const copyKubectlCommand =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Copy a kubectl command for which Lease?') });
    const parsed = key ? parseLeaseKey(key) : undefined;
    if (!parsed) {
      return;
    }
    // The kubeconfig the server loaded (KUBECONFIG, leaseLens.kubeconfig or ~/.kube/config).
    const files = deps.leases.kubeconfigState?.files ?? [];
    await vscode.env.clipboard.writeText(kubectlGetLease(parsed.context, parsed.namespace, parsed.name, files, delimiter));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the kubectl command'), 3000);
  };

export const openLeaseYaml =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Open the YAML of which Lease?') });
    if (key) {
      await deps.yaml.open(key);
    }
  };
