// When Lease Lens first contacts a cluster (LeaseSync.connect: watching the current context, which
// runs its credential plugin): when the Leases view shows, or when a Lease manifest (kind: Lease,
// apiVersion: coordination.k8s.io/v1) is opened, for its hover and code lens; never because any
// YAML file was opened (a CI workflow activates the extension, nothing more). Commands that need a
// cluster and restored Lease panels connect on their own (commandTable.ts, extension.ts).
import * as vscode from 'vscode';
import { findLeaseManifests } from '../core/leaseManifest';
import { DisposableStore } from './lifecycle';

export interface Connectable {
  connect(): void;
}

/** A YAML document holding at least one coordination.k8s.io/v1 Lease. */
export function isLeaseManifest(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' && findLeaseManifests(document.getText()).length > 0;
}

/** Connects `sync` once the view shows or a Lease manifest is open; then stops listening. */
export function connectWhenAsked(sync: Connectable, view: vscode.TreeView<string>): vscode.Disposable {
  const subscriptions = new DisposableStore();
  const connect = (): void => {
    subscriptions.dispose();
    sync.connect();
  };
  if (view.visible || vscode.workspace.textDocuments.some(isLeaseManifest)) {
    connect();
    return subscriptions;
  }
  subscriptions.addAll(
    view.onDidChangeVisibility(({ visible }) => {
      if (visible) {
        connect();
      }
    }),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isLeaseManifest(document)) {
        connect();
      }
    }),
  );
  return subscriptions;
}
