// What the commands act on; built once in extension.ts.
import type * as vscode from 'vscode';
import type { LeaseYamlProvider } from '../documents/leaseYamlProvider';
import type { LogDocumentProvider } from '../documents/logDocumentProvider';
import type { FollowManager } from '../follow/followManager';
import type { LeaseServerClient } from '../leaseServerClient';
import type { LeaseCache } from '../leases/leaseCache';
import type { LeaseSync } from '../leases/leaseSync';
import type { PanelManager } from '../panel/panelManager';
import type { LeaseTreeProvider } from '../tree/leaseTreeProvider';
import type { FlappingNotifier } from '../health/flappingNotifier';
import type { HealthPanelManager } from '../health/healthPanel';
import type { HealthState } from '../health/healthState';
import type { LeadershipEventsProvider } from '../health/leadershipEventsProvider';

/** Leadership health: what the server says of every Lease, the Health view, alerts, Events documents. */
export interface HealthDeps {
  readonly state: HealthState;
  readonly panels: HealthPanelManager;
  readonly flapping: FlappingNotifier;
  readonly events: LeadershipEventsProvider;
}

export interface CommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.LogOutputChannel;
  readonly server: LeaseServerClient;
  /** What the client knows: Leases, contexts, states. */
  readonly leases: LeaseCache;
  readonly sync: LeaseSync;
  /** The Leases view's rows, filter and followed Leases. */
  readonly tree: LeaseTreeProvider;
  readonly follow: FollowManager;
  readonly panels: PanelManager;
  readonly logs: LogDocumentProvider;
  readonly yaml: LeaseYamlProvider;
  readonly view: vscode.TreeView<string>;
  readonly health: HealthDeps;
}

export type CommandHandler = (...args: unknown[]) => unknown;
