// Every command of the manifest, built from a table of factories (one per command id, checked by
// the type: a missing or extra entry does not compile) and registered with one error handler that
// tells the user what failed and what to do.
import * as vscode from 'vscode';
import type { DisposableStore } from '../lifecycle';
import type { CommandDeps, CommandHandler } from './commandDeps';
import { commandIds, type CommandName } from './commandIds';
import * as lease from './leaseCommands';
import * as view from './viewCommands';
import * as health from '../health/healthCommands';
import * as monitoring from '../monitoring/generateMonitoring';

type CommandFactory = (deps: CommandDeps) => CommandHandler;

export const commandFactories: { readonly [K in CommandName]: CommandFactory } = {
  followLease: lease.followLease,
  unfollowLease: lease.unfollowLease,
  openControllerLogs: lease.openControllerLogs,
  filterControllerLogs: lease.filterControllerLogs,
  clearControllerLogFilter: lease.clearControllerLogFilter,
  showEvents: lease.showEvents,
  copyHolderIdentity: lease.copyHolderIdentity,
  copyKubectlCommand: lease.copyKubectlCommand,
  openLeaseYaml: lease.openLeaseYaml,
  refresh: view.refresh,
  filterLeases: view.filterLeases,
  clearFilter: view.clearFilter,
  chooseContexts: view.chooseContexts,
  selectKubeconfig: view.selectKubeconfig,
  showDemoHelp: view.showDemoHelp,
  showOutput: view.showOutput,
  restartServer: view.restartServer,
  showServerStats: view.showServerStats,
  showHealth: health.showHealth,
  unmuteFlappingAlerts: health.unmuteFlappingAlerts,
  copyIncidentSummary: health.copyIncidentSummary,
  saveIncidentSummary: health.saveIncidentSummary,
  showLeadershipEvents: health.showLeadershipEvents,
  filterLeadershipEvents: health.filterLeadershipEvents,
  generateMonitoring: monitoring.generateMonitoring,
};

/**
 * Commands that need a cluster: running one connects Lease Lens first (the current context is
 * watched, its credential plugin runs), so that a Lease picked from the palette can be listed.
 * The others only touch the view, the settings or the output.
 */
export const needsCluster: { readonly [K in CommandName]: boolean } = {
  followLease: true,
  unfollowLease: false,
  openControllerLogs: true,
  filterControllerLogs: true,
  clearControllerLogFilter: true,
  showEvents: true,
  copyHolderIdentity: true,
  copyKubectlCommand: true,
  openLeaseYaml: true,
  refresh: true,
  filterLeases: false,
  clearFilter: false,
  chooseContexts: false,
  selectKubeconfig: false,
  showDemoHelp: false,
  showOutput: false,
  restartServer: false,
  showServerStats: false,
  showHealth: true,
  unmuteFlappingAlerts: false,
  copyIncidentSummary: true,
  saveIncidentSummary: true,
  showLeadershipEvents: true,
  filterLeadershipEvents: true,
  generateMonitoring: true,
};

function reportFailure(deps: CommandDeps, id: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  deps.output.error(`${id} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
  const showOutput = vscode.l10n.t('Show Output');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('Lease Lens: {0}. See the output for details.', message.replace(/\.$/, '')), showOutput)
    .then((choice) => {
      if (choice) {
        deps.output.show();
      }
    });
}

export function registerCommands(deps: CommandDeps, disposables: DisposableStore): void {
  for (const name of Object.keys(commandFactories) as CommandName[]) {
    const id = commandIds[name];
    const handler = commandFactories[name](deps);
    disposables.add(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          if (needsCluster[name]) {
            deps.sync.connect();
          }
          await handler(...args);
        } catch (err) {
          reportFailure(deps, id, err);
        }
      }),
    );
  }
}
