// Commands of leadership health: the Health view, flapping alerts undone, the incident summary
// (copied or saved as Markdown or JSON) and a context's leadership Events document. All read-only.
import * as vscode from 'vscode';
import { incidentJson, incidentMarkdown, type IncidentInput } from '../../core/incidentSummary';
import { clipText, plainText } from '../../core/untrustedText';
import { errorMessage } from '../../shared/errors';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';
import type { CommandDeps, CommandHandler } from '../commands/commandDeps';
import { leaseTarget } from '../commands/pickLease';
import { parseTreeId } from '../tree/treeIds';
import { eventsScheme, parseEventsDocument } from './leadershipEventsText';

/** What an incident summary is made of: the server's record, the Events, and log lines when followed. */
export async function incidentInput(deps: CommandDeps, key: LeaseKey): Promise<IncidentInput> {
  const detail = await deps.health.state.detail(key);
  const snapshot = deps.follow.snapshot(key);
  const now = Date.now();
  if (snapshot) {
    return { key, detail, events: snapshot.events, eventsMessage: snapshot.eventsMessage, logs: snapshot.logs, now, fates: snapshot.fates };
  }
  const parsed = parseLeaseKey(key);
  if (!parsed) {
    return { key, detail, events: [], now };
  }
  try {
    const events = await deps.health.events.events(parsed.context);
    return { key, detail, events: events.filter((e) => e.namespace === parsed.namespace && e.name === parsed.name), now };
  } catch (err) {
    return { key, detail, events: [], eventsMessage: errorMessage(err), now };
  }
}

function leaseName(key: LeaseKey): string {
  const parsed = parseLeaseKey(key);
  return plainText(parsed ? `${parsed.namespace}/${parsed.name}` : key);
}

export const showHealth =
  (deps: CommandDeps): CommandHandler =>
  () => {
    deps.health.panels.show();
  };

export const unmuteFlappingAlerts =
  (deps: CommandDeps): CommandHandler =>
  () =>
    deps.health.flapping.unmute();

export const copyIncidentSummary =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Copy the incident summary of which Lease?') });
    if (!key) {
      return;
    }
    await vscode.env.clipboard.writeText(incidentMarkdown(await incidentInput(deps, key)));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the incident summary of {0}', leaseName(key)), 3000);
  };

export const saveIncidentSummary =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const key = await leaseTarget(deps, arg, { placeholder: vscode.l10n.t('Save the incident summary of which Lease?') });
    const parsed = key ? parseLeaseKey(key) : undefined;
    if (!key || !parsed) {
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = `${parsed.name}-incident.md`;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save the incident summary of {0}', leaseName(key)),
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: { [vscode.l10n.t('Markdown')]: ['md'], JSON: ['json'] },
    });
    if (!target) {
      return;
    }
    const input = await incidentInput(deps, key);
    const text = target.path.toLowerCase().endsWith('.json') ? incidentJson(input) : incidentMarkdown(input);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Saved the incident summary of {0}', leaseName(key)), 3000);
  };

/** The context a command names: a context row, else one picked from the watched (or known) contexts. */
async function contextTarget(deps: CommandDeps, arg: unknown): Promise<string | undefined> {
  const id = typeof arg === 'string' ? parseTreeId(arg) : undefined;
  if (id && 'context' in id) {
    return id.context;
  }
  const watched = deps.leases.watchedContexts();
  const known = watched.length > 0 ? watched : (deps.leases.kubeconfigState?.contexts.map((c) => c.context) ?? []);
  if (known.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Lease Lens: no context is known yet. Open the Lease Lens view to read the kubeconfig.'),
    );
    return undefined;
  }
  if (known.length === 1) {
    return known[0];
  }
  const picked = await vscode.window.showQuickPick(
    known.map((c) => ({ label: clipText(c, 200), context: c })),
    { placeHolder: vscode.l10n.t('Show the leadership Events of which context?') },
  );
  return picked?.context;
}

export const showLeadershipEvents =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const context = await contextTarget(deps, arg);
    if (context) {
      deps.sync.ensureWatched(context);
      await deps.health.events.open({ context, filter: {} });
    }
  };

export const filterLeadershipEvents =
  (deps: CommandDeps): CommandHandler =>
  async (arg?: unknown) => {
    const doc =
      arg instanceof vscode.Uri && arg.scheme === eventsScheme
        ? parseEventsDocument(arg.path, arg.query)
        : deps.health.events.activeDocument();
    const context = doc?.context ?? (await contextTarget(deps, arg));
    if (!context) {
      return;
    }
    const filter = await deps.health.events.pickFilter(context, doc?.filter ?? {});
    if (filter) {
      await deps.health.events.open({ context, filter });
    }
  };
