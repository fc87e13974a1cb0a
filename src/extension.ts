// Lease Lens activation: creates the pieces of src/client and wires them together, nothing else.
// Two lifetimes: the extension's (context.subscriptions, registered the moment each piece is
// created) and one run of the Lease server (ServerRun: restarted servers get everything again).
import * as vscode from 'vscode';
import { Settings } from './shared/protocol';
import { registerCommands } from './client/commands/commandTable';
import type { CommandDeps } from './client/commands/commandDeps';
import { showEventsPick } from './client/commands/leaseCommands';
import { contextKeys } from './client/contextKeys';
import { setContextKey } from './client/setContextKey';
import { logScheme, yamlScheme } from './client/documents/documentUris';
import { LeaseYamlProvider } from './client/documents/leaseYamlProvider';
import { LogDocumentProvider } from './client/documents/logDocumentProvider';
import { FollowManager } from './client/follow/followManager';
import { notifyHolderChanges } from './client/follow/holderChangeNotifier';
import { LeaseServerClient } from './client/leaseServerClient';
import { LeaseStore } from './client/leaseStore';
import { leasePanelViewType, PanelManager } from './client/panel/panelManager';
import {
  expiringSeconds,
  holderChangeNotifications,
  nodeLeaseMode,
  onDidChangeSettings,
  panelSettings,
  serverSettings,
  shownContexts,
} from './client/settings';
import { FollowStatusBar } from './client/statusBar/followStatusBar';
import { ContextLoadProgress } from './client/tree/contextLoadProgress';
import { createLeaseTreeView } from './client/tree/leaseTreeProvider';

let server: LeaseServerClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const subscriptions = context.subscriptions;
  const output = vscode.window.createOutputChannel('Lease Lens', { log: true });
  subscriptions.push(output);

  const lensServer = new LeaseServerClient(context, output, () => ({ settings: serverSettings(), clientNow: Date.now() }));
  server = lensServer;
  subscriptions.push(lensServer);

  const store = new LeaseStore(
    lensServer,
    { nodeLeases: nodeLeaseMode(), expiringSeconds: expiringSeconds(), contexts: shownContexts() },
    output,
  );
  subscriptions.push(store);
  const view = createLeaseTreeView(store, subscriptions);
  subscriptions.push(new ContextLoadProgress(store));

  const follow = new FollowManager(lensServer, output, () => panelSettings().logBufferLines);
  subscriptions.push(follow);
  const statusBar = new FollowStatusBar(follow, expiringSeconds);
  subscriptions.push(statusBar, notifyHolderChanges(follow, holderChangeNotifications));

  const logs = new LogDocumentProvider(follow);
  subscriptions.push(logs, vscode.workspace.registerTextDocumentContentProvider(logScheme, logs));
  const yaml = new LeaseYamlProvider(lensServer, store);
  subscriptions.push(yaml, vscode.workspace.registerTextDocumentContentProvider(yamlScheme, yaml));

  const panels: PanelManager = new PanelManager(follow, {
    extensionUri: context.extensionUri,
    output,
    snapshot: (key) => follow.follow(key),
    settings: panelSettings,
    openLogs: (key, filter) => logs.open(key, filter),
    showEvents: (key) => showEventsPick(deps, key),
  });
  subscriptions.push(panels, vscode.window.registerWebviewPanelSerializer(leasePanelViewType, panels));

  const deps: CommandDeps = { extensionUri: context.extensionUri, output, store, follow, panels, logs, yaml, view };
  registerCommands(deps, subscriptions);

  subscriptions.push(
    follow.onDidChangeFollowed((keys) => {
      store.setFollowed(keys);
      setContextKey(contextKeys.following, keys.length > 0);
    }),
    store.onDidChangeKubeconfig(() => setContextKey(contextKeys.noKubeconfig, store.model.noKubeconfig)),
    onDidChangeSettings(() => {
      lensServer.notify(Settings.changed, serverSettings());
      store.setOptions({ nodeLeases: nodeLeaseMode(), expiringSeconds: expiringSeconds(), contexts: shownContexts() });
      panels.settingsChanged();
      statusBar.refresh();
    }),
    lensServer.onDidStartRun((run) => {
      store.startRun(run);
      follow.startRun(run);
    }),
  );

  setContextKey(contextKeys.active, true);
  void lensServer.start();
}

export function deactivate(): Promise<void> | undefined {
  const running = server;
  server = undefined;
  return running?.stop();
}
