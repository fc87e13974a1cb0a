// What the commands act on; built once in extension.ts.
import type * as vscode from 'vscode';
import type { LeaseYamlProvider } from '../documents/leaseYamlProvider';
import type { LogDocumentProvider } from '../documents/logDocumentProvider';
import type { FollowManager } from '../follow/followManager';
import type { LeaseStore } from '../leaseStore';
import type { PanelManager } from '../panel/panelManager';

export interface CommandDeps {
  readonly extensionUri: vscode.Uri;
  readonly output: vscode.LogOutputChannel;
  readonly store: LeaseStore;
  readonly follow: FollowManager;
  readonly panels: PanelManager;
  readonly logs: LogDocumentProvider;
  readonly yaml: LeaseYamlProvider;
  readonly view: vscode.TreeView<string>;
}

export type CommandHandler = (...args: unknown[]) => unknown;
