// Commands on one Lease: follow, unfollow, logs, events, copy, YAML.
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
    throw new Error(`could not follow ${leaseName(key)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const followLease =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: 'Follow which Lease?' });
    if (key) {
      await followAndShow(deps, key);
    }
  };

export const unfollowLease =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: 'Stop following which Lease?', followedOnly: true });
    if (key) {
      deps.follow.unfollow(key);
    }
  };

export const openControllerLogs =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: 'Open the controller logs of which Lease?' });
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
      : await leaseTarget(deps, arg, { placeholder: 'Filter the controller logs of which Lease?' });
    if (!key) {
      return;
    }
    const current = uri ? logFilterFromQuery(uri.query) : undefined;
    const toFilter = (text: string): LogFilterState => {
      const regex = /^\/.+\/$/.test(text);
      return { preset: 'all', text: regex ? text.slice(1, -1) : text, regex, caseSensitive: false, invert: false };
    };
    const text = await vscode.window.showInputBox({
      title: `Filter the controller logs of ${leaseName(key)}`,
      prompt: 'Show lines containing this text; write /…/ for a regular expression. Empty: every line.',
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
    const why = snapshot.eventsMessage ? ` (${plainText(snapshot.eventsMessage)})` : '';
    void vscode.window.showInformationMessage(
      `No Events are recorded on ${leaseName(key)}${why}. Controllers record LeaderElection Events only when ` +
        'configured to; the leadership history in the Lease panel does not depend on them.',
    );
    return;
  }
  await vscode.window.showQuickPick(
    events.map((e) => ({
      label: `${e.type === 'Warning' ? '$(warning)' : '$(info)'} ${plainText(e.reason, 80).replace(/\$\(/g, '\\$(')}`,
      description: `${new Date(e.time).toLocaleString()}${e.count > 1 ? ` ×${e.count}` : ''} · ${plainText(e.source, 80).replace(/\$\(/g, '\\$(')}`,
      detail: plainText(e.message, 500).replace(/\$\(/g, '\\$('),
    })),
    { title: `Events on ${leaseName(key)}`, matchOnDescription: true, matchOnDetail: true },
  );
}

export const showEvents =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: 'Show the Events of which Lease?' });
    if (key) {
      await followAndShow(deps, key);
      await showEventsPick(deps, key);
    }
  };

export const copyHolderIdentity =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: 'Copy the holder identity of which Lease?' });
    if (!key) {
      return;
    }
    const lease = deps.leases.lease(key) ?? deps.follow.snapshot(key)?.lease;
    const holder = lease?.spec.holderIdentity;
    if (!holder) {
      void vscode.window.showInformationMessage(`${leaseName(key)} has no holder right now (released or never held); nothing was copied.`);
      return;
    }
    await vscode.env.clipboard.writeText(holder);
    vscode.window.setStatusBarMessage(`Copied the holder identity of ${leaseName(key)}`, 3000);
  };

export const copyKubectlCommand =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: 'Copy a kubectl command for which Lease?' });
    const parsed = key ? parseLeaseKey(key) : undefined;
    if (!parsed) {
      return;
    }
    await vscode.env.clipboard.writeText(kubectlGetLease(parsed.context, parsed.namespace, parsed.name));
    vscode.window.setStatusBarMessage('Copied the kubectl command', 3000);
  };

export const openLeaseYaml =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: 'Open the YAML of which Lease?' });
    if (key) {
      await deps.yaml.open(key);
    }
  };
