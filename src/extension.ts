// Lease Lens activation: creates the pieces of src/client and wires them together, nothing else.
// Two lifetimes: the extension's (one DisposableStore in context.subscriptions, each piece added
// the moment it is created, disposed newest first) and one run of the Lease server (ServerRun:
// restarted servers get everything again).
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
import { LogFilterRunner } from './client/documents/logFilterRunner';
import { FollowManager } from './client/follow/followManager';
import { notifyHolderChanges } from './client/follow/holderChangeNotifier';
import { SplitBrainNotifier } from './client/follow/splitBrainNotifier';
import { LeaseServerClient } from './client/leaseServerClient';
import { LeaseCache } from './client/leases/leaseCache';
import { LeaseSync } from './client/leases/leaseSync';
import { connectLeaseSync, leaseServerPort } from './client/leases/serverPort';
import { connectWhenAsked } from './client/connectWhenAsked';
import { uiL10n, useUiLanguage } from './client/l10n';
import { DisposableStore } from './client/lifecycle';
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
import { createLeaseTreeView, LeaseTreeProvider } from './client/tree/leaseTreeProvider';
import { LeaseTreeModel } from './client/tree/treeModel';
import { FlappingNotifier } from './client/health/flappingNotifier';
import { HealthPanelManager, healthViewType } from './client/health/healthPanel';
import { connectHealthState } from './client/health/healthPort';
import { flappingNotifications, healthViewSettings } from './client/health/healthSettings';
import { HealthState } from './client/health/healthState';
import { eventsScheme } from './client/health/leadershipEventsText';
import { LeadershipEventsProvider } from './client/health/leadershipEventsProvider';
import { watchStartupContexts } from './client/health/startupContexts';
import { statusBarHealth } from './client/health/statusBarHealth';

let server: LeaseServerClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  useUiLanguage();
  const disposables = new DisposableStore();
  context.subscriptions.push(disposables);
  const output = disposables.add(vscode.window.createOutputChannel('Lease Lens', { log: true }));

  // The leadership records are kept in the extension's global storage (the server creates its folder).
  const storagePath = context.globalStorageUri.fsPath;
  const lensServer = new LeaseServerClient(context, output, () => ({
    settings: serverSettings(),
    clientNow: Date.now(),
    l10n: uiL10n(),
    storagePath,
  }));
  server = lensServer;
  disposables.add(lensServer);

  const leases = disposables.add(new LeaseCache(shownContexts()));
  const sync = new LeaseSync(
    leases,
    leaseServerPort(lensServer),
    (message) => output.error(message),
    (message) => output.info(message),
  );
  disposables.addAll(...connectLeaseSync(sync, lensServer));
  const treeModel = new LeaseTreeModel(leases, { nodeLeases: nodeLeaseMode(), expiringSeconds: expiringSeconds() });
  const tree = disposables.add(new LeaseTreeProvider(treeModel, sync));
  const view = createLeaseTreeView(tree, disposables);
  disposables.add(connectWhenAsked(sync, view));
  disposables.add(watchStartupContexts(sync, leases));
  const health = disposables.add(new HealthState((message) => output.error(message)));
  disposables.addAll(...connectHealthState(health, lensServer, sync));
  disposables.add(new ContextLoadProgress(leases));

  const follow = disposables.add(new FollowManager(lensServer, output, () => panelSettings().logBufferLines));
  const statusBar = disposables.add(new FollowStatusBar(follow, expiringSeconds, statusBarHealth(health, leases)));
  disposables.add(notifyHolderChanges(follow, holderChangeNotifications, context.globalState));
  const splitBrain = disposables.add(new SplitBrainNotifier(follow));

  const logFilters = new LogFilterRunner(context.asAbsolutePath('dist/logFilterWorker.js'));
  const logs = disposables.add(new LogDocumentProvider(follow, logFilters, output));
  disposables.add(vscode.workspace.registerTextDocumentContentProvider(logScheme, logs));
  const yaml = disposables.add(new LeaseYamlProvider(lensServer, leases));
  disposables.add(vscode.workspace.registerTextDocumentContentProvider(yamlScheme, yaml));
  const leadershipEvents = disposables.add(new LeadershipEventsProvider(lensServer));
  disposables.add(vscode.workspace.registerTextDocumentContentProvider(eventsScheme, leadershipEvents));
  const healthPanels = disposables.add(
    new HealthPanelManager({ extensionUri: context.extensionUri, output, health, leases, settings: healthViewSettings }),
  );
  const flapping = disposables.add(
    new FlappingNotifier(health, context.globalState, {
      enabled: flappingNotifications,
      rule: () => ({ changes: healthViewSettings().flapChanges, windowMinutes: healthViewSettings().flapWindowMinutes }),
      show: (key) => healthPanels.show(key),
    }),
  );

  const panels: PanelManager = new PanelManager(follow, {
    extensionUri: context.extensionUri,
    output,
    snapshot: (key) => follow.follow(key),
    settings: panelSettings,
    openLogs: (key, filter) => logs.open(key, filter),
    showEvents: (key) => showEventsPick(deps, key),
    healthDetail: (key) => health.detail(key),
  });
  disposables.addAll(
    panels,
    // A restored panel follows its Lease again: the user asked for that cluster before the reload.
    vscode.window.registerWebviewPanelSerializer(leasePanelViewType, {
      deserializeWebviewPanel: (panel, state) => {
        sync.connect();
        return panels.deserializeWebviewPanel(panel, state);
      },
    }),
    // A restored Health view covers the contexts watched: the user asked for clusters before the reload.
    vscode.window.registerWebviewPanelSerializer(healthViewType, {
      deserializeWebviewPanel: (panel) => {
        sync.connect();
        return healthPanels.deserializeWebviewPanel(panel);
      },
    }),
  );

  const deps: CommandDeps = {
    extensionUri: context.extensionUri,
    output,
    server: lensServer,
    leases,
    sync,
    tree,
    follow,
    panels,
    logs,
    yaml,
    view,
    health: { state: health, panels: healthPanels, flapping, events: leadershipEvents },
  };
  registerCommands(deps, disposables);

  disposables.addAll(
    follow.onDidChangeFollowed((keys) => {
      tree.setFollowed(keys);
      setContextKey(contextKeys.following, keys.length > 0);
    }),
    health.onDidChange((change) => {
      const keys = change.kind === 'flags' ? change.keys : [...change.rows.map((r) => r.key), ...change.removed];
      if (change.kind === 'flags') {
        tree.setHealthFlags(change.keys.map((key) => [key, splitBrain.flags(key, health.flagsOf(key))]));
      }
      panels.healthChanged(keys);
    }),
    splitBrain.onDidChangeAlarm((keys) => tree.setHealthFlags(keys.map((key) => [key, splitBrain.flags(key, health.flagsOf(key))]))),
    leases.onDidChange(({ kind }) => {
      if (kind === 'kubeconfig') {
        setContextKey(contextKeys.noKubeconfig, leases.noKubeconfig);
      }
    }),
    onDidChangeSettings(() => {
      lensServer.notify(Settings.changed, serverSettings());
      tree.setOptions({ nodeLeases: nodeLeaseMode(), expiringSeconds: expiringSeconds() });
      sync.setShownContexts(shownContexts());
      panels.settingsChanged();
      healthPanels.settingsChanged();
      statusBar.refresh();
    }),
    lensServer.onDidStartRun((run) => follow.startRun(run)),
  );

  setContextKey(contextKeys.active, true);
  void lensServer.start();
}

export function deactivate(): Promise<void> | undefined {
  const running = server;
  server = undefined;
  return running?.stop();
}
