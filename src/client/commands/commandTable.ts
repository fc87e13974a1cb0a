// Every command of the manifest, built from a table of factories (one per command id, checked by
// the type: a missing or extra entry does not compile) and registered with one error handler that
// tells the user what failed and what to do.
import * as vscode from 'vscode';
import type { DisposableStore } from '../lifecycle';
import type { CommandDeps, CommandHandler } from './commandDeps';
import { commandIds, type CommandName } from './commandIds';
import * as lease from './leaseCommands';
import * as view from './viewCommands';

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
};

function reportFailure(deps: CommandDeps, id: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  deps.output.error(`${id} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
  void vscode.window
    .showErrorMessage(`Lease Lens: ${message.replace(/\.$/, '')}. See the output for details.`, 'Show Output')
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
          await handler(...args);
        } catch (err) {
          reportFailure(deps, id, err);
        }
      }),
    );
  }
}
