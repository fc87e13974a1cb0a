// Commands on the Leases view: refresh, filter, contexts, kubeconfig, help, output, server restart.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { contextKeys } from '../contextKeys';
import { setContextKey } from '../setContextKey';
import { settingKeys } from '../../shared/settings';
import { shownContexts, writeSetting } from '../settings';
import { parseTreeId } from '../tree/treeIds';
import { showFilter } from '../tree/leaseTreeProvider';
import type { CommandDeps, CommandHandler } from './commandDeps';
import { commandIds } from './commandIds';
import { serverStatsJsonPrefix, serverStatsLines } from '../serverStatsText';

export const refresh =
  (deps: CommandDeps): CommandHandler =>
  (arg?: unknown) => {
    const id = typeof arg === 'string' ? parseTreeId(arg) : undefined;
    deps.sync.refresh(id?.kind === 'context' ? [id.context] : undefined);
  };

export function applyLeaseFilter(deps: CommandDeps, text: string): void {
  deps.tree.setFilter(text);
  const active = deps.tree.model.filterText;
  showFilter(deps.view, active);
  setContextKey(contextKeys.filtered, active !== undefined);
}

export const filterLeases =
  (deps: CommandDeps): CommandHandler =>
  async () => {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Filter Leases'),
      prompt: vscode.l10n.t('Text matches Lease names, namespaces and holders; ns:<namespace> keeps one namespace. Empty: no filter.'),
      placeHolder: vscode.l10n.t('e.g. scheduler, ns:kube-system, ns:payments cp-node-2'),
      value: deps.tree.model.filterText ?? '',
    });
    if (text !== undefined) {
      applyLeaseFilter(deps, text);
    }
  };

export const clearFilter =
  (deps: CommandDeps): CommandHandler =>
  () => {
    applyLeaseFilter(deps, '');
  };

export const chooseContexts =
  (deps: CommandDeps): CommandHandler =>
  async () => {
    const contexts = deps.leases.allContexts();
    if (contexts.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Lease Lens: the kubeconfig has no contexts. Choose another kubeconfig file with "Lease Lens: Choose Kubeconfig File…".',
        ),
      );
      return;
    }
    const chosen = shownContexts();
    const picked = await vscode.window.showQuickPick(
      contexts.map((c) => ({
        label: c.context.replace(/\$\(/g, '\\$('),
        name: c.context,
        description: [c.current ? vscode.l10n.t('current') : undefined, c.cluster].filter(Boolean).join(' · ').replace(/\$\(/g, '\\$('),
        picked: chosen.length === 0 || chosen.includes(c.context),
      })),
      {
        canPickMany: true,
        title: vscode.l10n.t('Contexts to show in the Leases view'),
        placeHolder: vscode.l10n.t('None or all chosen: every context'),
      },
    );
    if (!picked) {
      return;
    }
    const names = picked.length === contexts.length ? [] : picked.map((p) => p.name);
    await writeSetting(settingKeys.contexts, names);
  };

export const selectKubeconfig = (): CommandHandler => async () => {
  const files = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use this kubeconfig'),
    title: vscode.l10n.t('Choose the kubeconfig file Lease Lens reads'),
    defaultUri: vscode.Uri.file(`${os.homedir()}/.kube`),
  });
  const file = files?.[0];
  if (file) {
    await writeSetting(settingKeys.kubeconfig, file.fsPath);
  }
};

export const showDemoHelp =
  (deps: CommandDeps): CommandHandler =>
  async () => {
    const readme = vscode.Uri.joinPath(deps.extensionUri, 'README.md');
    const hasReadme = await vscode.workspace.fs.stat(readme).then(
      () => true,
      () => false,
    );
    const copy = vscode.l10n.t('Copy Command');
    const choose = vscode.l10n.t('Choose Kubeconfig File…');
    const openReadme = vscode.l10n.t('Open README');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Start the demo cluster from a Lease Lens checkout with "{0}": it starts a local Kubernetes API server with leader-elected workloads and writes .demo/kubeconfig.yaml. Then choose that file with "Lease Lens: Choose Kubeconfig File…".',
        'npm install && npm start',
      ),
      copy,
      choose,
      ...(hasReadme ? [openReadme] : []),
    );
    if (choice === copy) {
      await vscode.env.clipboard.writeText('npm install && npm start');
    } else if (choice === choose) {
      await vscode.commands.executeCommand(commandIds.selectKubeconfig);
    } else if (choice === openReadme) {
      await vscode.commands.executeCommand('markdown.showPreview', readme);
    }
  };

export const showOutput =
  (deps: CommandDeps): CommandHandler =>
  () => {
    deps.output.show();
  };

/**
 * What the Lease server holds and has sent, in the output: memory, contexts, follows, requests,
 * the health records and the IPC channel (a summary, then the figures as one JSON line that
 * scripts and the editor benchmark read). A keybinding may pass `{ "reveal": false }` to write
 * them without opening the Output panel.
 */
export const showServerStats =
  (deps: CommandDeps): CommandHandler =>
  async (options?: unknown) => {
    const stats = await deps.server.stats();
    for (const line of serverStatsLines(stats)) {
      deps.output.info(line);
    }
    deps.output.info(`${serverStatsJsonPrefix}${JSON.stringify(stats)}`);
    const reveal = !(typeof options === 'object' && options !== null && (options as { reveal?: unknown }).reveal === false);
    if (reveal) {
      deps.output.show(true);
    }
  };

/** Stops and starts the Lease server: contexts reconnect, followed Leases are followed again. */
export const restartServer =
  (deps: CommandDeps): CommandHandler =>
  () =>
    deps.server.restart();
