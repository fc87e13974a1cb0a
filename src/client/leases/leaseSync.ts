// Keeps the lease cache in step with the Lease server: applies the server's notifications, reads
// the kubeconfig when a server run starts, watches the contexts the view needs (the current one once
// the user asked for a cluster, expanded ones) and, after a restart, the ones watched before, which
// show as reconnecting until the new server answers. Speaks to the server through small ports (the
// vscode side in serverPort.ts), so that tests drive it against a real server process without VS Code.
import type { NotificationType } from 'vscode-languageserver-protocol';
import { Contexts, Kubeconfig, Leases, type HealthFlagChange, type LeaseSnapshot } from '../../shared/protocol';
import type { ContextState, KubeconfigState } from '../../shared/types';
import type { DisposableLike } from '../lifecycle';
import type { LeaseCache, ServerStatus } from './leaseCache';

/** One run of the server process, as the sync asks it. */
export interface SyncRun {
  kubeconfig(): Promise<KubeconfigState>;
  watch(contexts: string[]): Promise<ContextState[]>;
  snapshot(context: string): Promise<LeaseSnapshot>;
  /** The run ended (the server stopped or restarted): what it still answers is dropped. */
  readonly ended: boolean;
}

/** The server as the sync reaches it between runs. */
export interface LeaseServerPort {
  /** The current run, if the server runs. */
  currentRun(): SyncRun | undefined;
  /** Notifications for the running server; dropped when none runs. */
  unwatch(contexts: string[]): void;
  refresh(contexts?: string[]): void;
}

/** Where the server's notifications arrive: the language client, or a test's connection. */
export interface NotificationSource {
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): DisposableLike;
}

/**
 * A watched context the server has no session for yet (a new server run, before the client watches
 * it again) is reported idle; the client is about to watch it: it shows as connecting.
 */
function reconnecting(state: ContextState): ContextState {
  if (state.phase !== 'idle') {
    return state;
  }
  return { ...state, phase: 'connecting', synced: false };
}

export class LeaseSync {
  private connectedValue = false;
  private readonly flagListeners = new Set<(changes: HealthFlagChange[]) => void>();
  /** A renewal naming an id the cache does not hold was logged in this server run. */
  private unknownLogged = false;

  constructor(
    readonly cache: LeaseCache,
    private readonly server: LeaseServerPort,
    private readonly logError: (message: string) => void,
    private readonly logInfo: (message: string) => void = () => undefined,
  ) {}

  /** Whether the current context is watched: once asked to connect (connect()). */
  get connected(): boolean {
    return this.connectedValue;
  }

  /**
   * Watches the current context from now on (idempotent). Watching runs the context's credential
   * plugin and contacts its cluster, so it waits until the user asks for a cluster: the Leases view
   * shows, a followed Lease is restored, a command that needs a cluster runs or a Lease manifest is
   * opened. Activation alone (any YAML file opened) reads the kubeconfig and nothing more.
   */
  connect(): void {
    if (this.connectedValue) {
      return;
    }
    this.connectedValue = true;
    this.syncWatched();
  }

  /** Applies the server's notifications to the cache until disposed. */
  listen(source: NotificationSource): DisposableLike[] {
    return [
      source.onNotification(Kubeconfig.changed, (state) => this.kubeconfigChanged(state)),
      source.onNotification(Contexts.state, (state) => this.cache.setContextState(state)),
      source.onNotification(Leases.changed, (batch) => {
        const unknown = this.cache.unknownRenewals;
        this.cache.applyBatch(batch);
        if (this.cache.unknownRenewals > unknown && !this.unknownLogged) {
          this.unknownLogged = true;
          this.logInfo(
            `A Lease batch of ${batch.context} renewed ${this.cache.unknownRenewals - unknown} Lease(s) by ids the client does not hold; ignored (logged once per server run).`,
          );
        }
        if (batch.flags && batch.flags.length > 0) {
          for (const listener of this.flagListeners) {
            listener(batch.flags);
          }
        }
      }),
    ];
  }

  /** Health flags that rode with the Lease batches (LeaseBatch.flags). */
  onHealthFlags(listener: (changes: HealthFlagChange[]) => void): DisposableLike {
    this.flagListeners.add(listener);
    return { dispose: () => this.flagListeners.delete(listener) };
  }

  serverStatusChanged(status: ServerStatus): void {
    this.cache.setServerStatus(status);
  }

  /** A new server run: read the kubeconfig and watch the contexts watched before. */
  startRun(run: SyncRun): void {
    // The new run numbers its Leases afresh: renewals name only what it sent.
    this.cache.newServerRun();
    this.unknownLogged = false;
    void this.loadKubeconfig(run);
  }

  /** Watches a context (idempotent): when its row is expanded, or it is the current one. */
  ensureWatched(context: string): void {
    if (!this.cache.watch(context)) {
      return;
    }
    const run = this.server.currentRun();
    if (run) {
      void this.watch(run, [context]);
    }
  }

  /** Asks the server to list again (all watched contexts when none is named). */
  refresh(contexts?: string[]): void {
    this.server.refresh(contexts);
  }

  /** The contexts to show (the leaseLens.contexts setting); empty: all. */
  setShownContexts(contexts: readonly string[]): void {
    this.cache.setShownContexts(contexts);
    this.syncWatched();
  }

  private async loadKubeconfig(run: SyncRun): Promise<void> {
    try {
      const state = await run.kubeconfig();
      if (run.ended) {
        return;
      }
      // Contexts watched in an earlier run (or before this one answered) are watched again;
      // kubeconfigChanged below watches the current one itself.
      const earlier = this.cache.watchedContexts();
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
    this.cache.setKubeconfig({ ...state, contexts: state.contexts.map((c) => (this.cache.isWatched(c.context) ? reconnecting(c) : c)) });
    if (!this.connectedValue) {
      this.logInfo(
        `Read the kubeconfig (${state.contexts.length} contexts). Lease Lens connects to a cluster when you open the Leases view, ` +
          'open a Lease manifest or run a command that needs one.',
      );
    }
    this.syncWatched();
  }

  /** Watches the current context when shown and connected; stops watching contexts no longer shown. */
  private syncWatched(): void {
    const gone = this.cache.watchedContexts().filter((c) => !this.cache.isShown(c));
    if (gone.length > 0) {
      this.cache.unwatch(gone);
      this.server.unwatch(gone);
    }
    const current = this.connectedValue ? this.cache.shownContexts().find((c) => c.current) : undefined;
    if (current) {
      this.ensureWatched(current.context);
    }
  }

  private async watch(run: SyncRun, contexts: string[]): Promise<void> {
    try {
      const states = await run.watch(contexts);
      if (run.ended) {
        return;
      }
      states.forEach((s) => this.cache.setContextState(s));
      await Promise.all(
        contexts.map(async (context) => {
          const snapshot = await run.snapshot(context);
          if (!run.ended && this.cache.isWatched(context)) {
            this.cache.applySnapshot(snapshot);
          }
        }),
      );
    } catch (err) {
      this.requestFailed(run, `watch ${contexts.join(', ')}`, err);
    }
  }

  private requestFailed(run: SyncRun, what: string, err: unknown): void {
    if (run.ended) {
      return; // the server stopped; the next run asks again
    }
    this.logError(`Could not ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
