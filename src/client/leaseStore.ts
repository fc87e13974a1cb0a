// Feeds the server's messages (kubeconfig, context states, Lease snapshots and batches) into the
// tree model and tells the view, the documents and the progress indicator what changed. Keeps
// which contexts are watched, so that a restarted server is asked for the same ones again.
import * as vscode from 'vscode';
import { Contexts, Kubeconfig, Leases } from '../shared/protocol';
import type { ContextState, KubeconfigState, LeaseKey } from '../shared/types';
import type { LeaseServerClient, ServerRun } from './leaseServerClient';
import { LeaseTreeModel, type TreeChange, type TreeModelOptions } from './tree/treeModel';

export class LeaseStore implements vscode.Disposable {
  readonly model: LeaseTreeModel;
  private readonly watched = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly treeEmitter = new vscode.EventEmitter<TreeChange>();
  private readonly leasesEmitter = new vscode.EventEmitter<LeaseKey[]>();
  private readonly statesEmitter = new vscode.EventEmitter<void>();
  private readonly kubeconfigEmitter = new vscode.EventEmitter<KubeconfigState>();
  /** Rows to refresh. */
  readonly onDidChangeTree = this.treeEmitter.event;
  /** Leases whose data changed (shown or not). */
  readonly onDidChangeLeases = this.leasesEmitter.event;
  /** A watched context's state changed. */
  readonly onDidChangeContextStates = this.statesEmitter.event;
  readonly onDidChangeKubeconfig = this.kubeconfigEmitter.event;

  constructor(
    private readonly server: LeaseServerClient,
    options: TreeModelOptions,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.model = new LeaseTreeModel(options);
    this.model.setServerStatus(server.status);
    const client = server.client;
    this.subscriptions.push(
      this.treeEmitter,
      this.leasesEmitter,
      this.statesEmitter,
      this.kubeconfigEmitter,
      server.onDidChangeStatus((status) => {
        this.apply(this.model.setServerStatus(status));
        this.statesEmitter.fire();
      }),
      client.onNotification(Kubeconfig.changed, (state) => this.kubeconfigChanged(state)),
      client.onNotification(Contexts.state, (state) => this.contextStateChanged(state)),
      client.onNotification(Leases.changed, (batch) => this.apply(this.model.applyBatch(batch))),
    );
  }

  /** A new server run: read the kubeconfig and watch the contexts watched before. */
  startRun(run: ServerRun): void {
    void this.loadKubeconfig(run);
  }

  /** Watches a context (idempotent): when its row is expanded, or it is the current one. */
  ensureWatched(context: string): void {
    if (this.watched.has(context)) {
      return;
    }
    this.watched.add(context);
    this.statesEmitter.fire();
    const run = this.server.currentRun;
    if (run) {
      void this.watch(run, [context]);
    }
  }

  /** Contexts watched and shown, with their states (for the progress indicator). */
  watchedStates(): ContextState[] {
    if (this.server.status.state !== 'running') {
      return [];
    }
    return [...this.watched]
      .filter((c) => this.model.isShown(c))
      .map((c) => this.model.contextState(c))
      .filter((s): s is ContextState => s !== undefined);
  }

  /** Asks the server to list again (all watched contexts when none is named). */
  refresh(contexts?: string[]): void {
    this.server.notify(Contexts.refresh, contexts ? { contexts } : {});
  }

  setFilter(text: string): void {
    this.apply(this.model.setFilter(text));
  }

  setFollowed(keys: Iterable<LeaseKey>): void {
    this.apply(this.model.setFollowed(keys));
  }

  setOptions(options: Partial<TreeModelOptions>): void {
    this.apply(this.model.setOptions(options));
    this.syncWatched();
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) {
      d.dispose();
    }
  }

  private apply(change: TreeChange): void {
    if (change.all || change.ids.length > 0) {
      this.treeEmitter.fire(change);
    }
    if (change.leases.length > 0) {
      this.leasesEmitter.fire(change.leases);
    }
  }

  private async loadKubeconfig(run: ServerRun): Promise<void> {
    try {
      const state = await run.client.sendRequest(Kubeconfig.get, run.token);
      if (run.token.isCancellationRequested) {
        return;
      }
      // Contexts watched in an earlier run; kubeconfigChanged below watches the current one itself.
      const earlier = [...this.watched];
      this.kubeconfigChanged(state);
      const again = earlier.filter((c) => state.contexts.some((s) => s.context === c));
      if (again.length > 0) {
        await this.watch(run, again);
      }
    } catch (err) {
      this.requestFailed(run, 'read the kubeconfig', err);
    }
  }

  private kubeconfigChanged(state: KubeconfigState): void {
    this.apply(this.model.setKubeconfig(state));
    for (const context of [...this.watched]) {
      if (!state.contexts.some((c) => c.context === context)) {
        this.watched.delete(context);
      }
    }
    this.kubeconfigEmitter.fire(state);
    this.syncWatched();
  }

  /** Watches the current context when shown; stops watching contexts no longer shown. */
  private syncWatched(): void {
    const gone = [...this.watched].filter((c) => !this.model.isShown(c));
    if (gone.length > 0) {
      gone.forEach((c) => this.watched.delete(c));
      this.server.notify(Contexts.unwatch, { contexts: gone });
    }
    const current = this.model.shownContexts().find((c) => c.current);
    if (current) {
      this.ensureWatched(current.context);
    }
    this.statesEmitter.fire();
  }

  private contextStateChanged(state: ContextState): void {
    this.apply(this.model.setContextState(state));
    if (this.watched.has(state.context)) {
      this.statesEmitter.fire();
    }
  }

  private async watch(run: ServerRun, contexts: string[]): Promise<void> {
    try {
      const states = await run.client.sendRequest(Contexts.watch, { contexts }, run.token);
      if (run.token.isCancellationRequested) {
        return;
      }
      states.forEach((s) => this.contextStateChanged(s));
      await Promise.all(
        contexts.map(async (context) => {
          const snapshot = await run.client.sendRequest(Leases.snapshot, { context }, run.token);
          if (!run.token.isCancellationRequested && this.watched.has(context)) {
            this.apply(this.model.applySnapshot(snapshot));
            this.statesEmitter.fire();
          }
        }),
      );
    } catch (err) {
      this.requestFailed(run, `watch ${contexts.join(', ')}`, err);
    }
  }

  private requestFailed(run: ServerRun, what: string, err: unknown): void {
    if (run.token.isCancellationRequested) {
      return; // the server stopped; the next run asks again
    }
    this.output.error(`Could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
