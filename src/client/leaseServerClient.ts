// Starts the Lease server (dist/server.js) with vscode-languageclient, starts it again whenever it
// exits (after 1 s, 2 s, 4 s, … at most 30 s; never giving up, see RestartBackoff) or when asked (the
// Restart Lease Server command) and reports its life in the "Lease Lens" log output channel. Each time the server reaches Running a new ServerRun begins;
// it ends (its token is cancelled and its disposables disposed) when the server stops or restarts,
// so that state belonging to one server process never outlives it.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type NotificationType,
  type RequestParam,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { errorMessage } from '../shared/errors';
import { leaseServerExecArgv } from '../shared/constants';
import { Diagnostics, ServerLog, type InitializationOptions, type ServerStats } from '../shared/protocol';
import type { ServerStatus } from './leases/cacheChange';
import { DisposableStore } from './lifecycle';
import { RestartBackoff } from './restartBackoff';

/** One run of the server process. */
export interface ServerRun {
  readonly client: LanguageClient;
  /** Cancelled when this run ends. */
  readonly token: vscode.CancellationToken;
  /** Disposed when this run ends. */
  readonly disposables: DisposableStore;
}

class Run implements ServerRun {
  readonly disposables = new DisposableStore();
  private readonly source = new vscode.CancellationTokenSource();
  constructor(readonly client: LanguageClient) {}
  get token(): vscode.CancellationToken {
    return this.source.token;
  }
  end(): void {
    this.source.cancel();
    try {
      this.disposables.dispose();
    } finally {
      this.source.dispose();
    }
  }
}

/** Why Lease Lens does nothing in Restricted Mode, and what to do. */
export const untrustedMessage = vscode.l10n.t(
  'This folder is not trusted (Restricted Mode), so Lease Lens does not start: it reads no kubeconfig, runs no credential plugin and contacts no cluster. Run "Workspaces: Manage Workspace Trust" and trust the folder to use Lease Lens',
);

export class ServerNotRunningError extends Error {
  constructor(status: ServerStatus) {
    if (status.state === 'untrusted') {
      super(untrustedMessage);
      return;
    }
    const why = 'message' in status && status.message ? ` (${status.message})` : '';
    super(
      status.state === 'failed'
        ? vscode.l10n.t(
            'The Lease server is not running{0}. Run "Lease Lens: Show Output" to see why, then reload the window to start it again.',
            why,
          )
        : vscode.l10n.t(
            'The Lease server is not running{0}. Run "Lease Lens: Show Output" to see why, then run "Lease Lens: Restart Lease Server" to start it again.',
            why,
          ),
    );
  }
}

const stateNames: Record<State, string> = {
  [State.Stopped]: 'stopped',
  [State.Starting]: 'starting',
  [State.StartFailed]: 'failed to start',
  [State.Running]: 'running',
};

export class LeaseServerClient implements vscode.Disposable {
  readonly client: LanguageClient;
  private run: Run | undefined;
  private runs = 0;
  /** The server will not start again by itself (deactivating). */
  private final = false;
  private statusValue: ServerStatus = { state: 'starting' };
  private readonly backoff = new RestartBackoff();
  /** Ends the wait before starting an exited server again, when one is under way. */
  private wakeBackoff: (() => void) | undefined;
  private restarting: Promise<void> | undefined;
  private readonly disposables = new DisposableStore();
  private readonly runEmitter = new vscode.EventEmitter<ServerRun>();
  private readonly statusEmitter = new vscode.EventEmitter<ServerStatus>();
  /** A new run of the server began: (re)issue everything the server must know. */
  readonly onDidStartRun = this.runEmitter.event;
  readonly onDidChangeStatus = this.statusEmitter.event;

  constructor(
    context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    initializationOptions: () => InitializationOptions,
  ) {
    this.disposables.addAll(this.runEmitter, this.statusEmitter);
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      // V8 flags that keep the server's heap close to what it holds (constants.ts).
      run: { module, transport: TransportKind.ipc, options: { execArgv: [...leaseServerExecArgv] } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...leaseServerExecArgv, '--nolazy', '--inspect=6009'] } },
    };
    // Not the language client's own handler, which gives up after 5 exits in 3 minutes: an exited
    // server is started again after a growing delay, as often as it takes.
    const errorHandler: ErrorHandler = {
      error: (error) => {
        this.output.error(`Lease server connection error: ${error.message}`);
        // A broken connection also closes; closed() below starts the server again.
        return { action: ErrorAction.Continue, handled: true };
      },
      closed: () => this.exited(),
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'lease-lens-log' }, { language: 'yaml' }],
      initializationOptions,
      outputChannel: output,
      errorHandler,
      markdown: { isTrusted: false, supportHtml: false },
    };
    this.client = new LanguageClient('leaseLens', 'Lease Lens Server', serverOptions, clientOptions);
    this.disposables.addAll(
      this.client.onDidChangeState(({ oldState, newState }) => this.stateChanged(oldState, newState)),
      this.client.onNotification(ServerLog.line, ({ level, message }) => this.output[level](`[server] ${message}`)),
      // Restricted Mode ended: the server starts now.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.statusValue.state === 'untrusted') {
          this.output.info('The folder is trusted now.');
          void this.start();
        }
      }),
    );
  }

  get status(): ServerStatus {
    return this.statusValue;
  }

  /** The running server's figures (Diagnostics.stats); throws ServerNotRunningError when it is not running. */
  async stats(): Promise<ServerStats> {
    const run = this.run;
    if (!run || this.statusValue.state !== 'running') {
      throw new ServerNotRunningError(this.statusValue);
    }
    return run.client.sendRequest(Diagnostics.stats, null, run.token);
  }

  /**
   * Starts the server; a failure is reported (output, tree, message), never thrown. In Restricted
   * Mode it does not: the server would read kubeconfig files and run credential plugins, which a
   * folder's settings and files could choose. It starts when the folder is trusted.
   */
  async start(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.output.info(`${untrustedMessage}.`);
      this.setStatus({ state: 'untrusted' });
      return;
    }
    this.output.info('Starting the Lease server…');
    try {
      await this.client.start();
    } catch (err) {
      const message = errorMessage(err);
      this.output.error(`The Lease server did not start: ${message}`);
      if (this.wakeBackoff) {
        // It exited while starting: it is started again after the wait (exited()), not given up on.
        return;
      }
      this.setStatus({ state: 'failed', message });
      void vscode.window
        .showErrorMessage(
          vscode.l10n.t('Lease Lens: the Lease server did not start ({0}). Check the output, then reload the window.', message),
          vscode.l10n.t('Show Output'),
        )
        .then((choice) => {
          if (choice) {
            this.output.show();
          }
        });
    }
  }

  /** Stops the server (on deactivate); waits for a start in progress first. */
  async stop(): Promise<void> {
    this.final = true;
    if (this.wakeBackoff) {
      // The server is down, waiting to start again: it does not now.
      const stopped = this.nextState();
      this.wakeBackoff();
      await stopped;
    }
    await this.stopClient();
  }

  /**
   * Stops the server and starts it again, with a fresh count of exits (the Restart Lease Server
   * command). The tree shows the server stopping and starting; the new run reads the kubeconfig,
   * watches the same contexts and follows the same Leases again. Never throws.
   */
  restart(): Promise<void> {
    this.restarting ??= this.restartNow().finally(() => {
      this.restarting = undefined;
    });
    return this.restarting;
  }

  private async restartNow(): Promise<void> {
    this.output.info('Restarting the Lease server…');
    this.final = false;
    this.backoff.reset();
    if (this.wakeBackoff) {
      // The server is down, waiting to start again: it starts now.
      const starting = this.nextState();
      this.wakeBackoff();
      await starting;
      return;
    }
    await this.stopClient();
    await this.start();
  }

  /**
   * The server process exited (the language client's close handler): wait as RestartBackoff says,
   * showing it in the tree and the output, then have the client start it again.
   */
  private async exited(): Promise<CloseHandlerResult> {
    if (this.final) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    // The client still says Running while it waits for this answer; this run is over.
    this.endRun();
    const plan = this.backoff.exited(Date.now());
    const seconds = plan.delayMs / 1000;
    this.output.warn(`The Lease server exited; starting it again in ${seconds} s (restart ${plan.attempt}).`);
    this.setStatus({
      state: 'restarting',
      attempt: plan.attempt,
      delayMs: plan.delayMs,
      message: vscode.l10n.t('restart {0} in {1} s', plan.attempt, seconds),
    });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.wakeBackoff?.(), plan.delayMs);
      this.wakeBackoff = () => {
        clearTimeout(timer);
        this.wakeBackoff = undefined;
        resolve();
      };
    });
    if (this.final) {
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.output.info(`Starting the Lease server again (restart ${plan.attempt})…`);
    return { action: CloseAction.Restart, handled: true };
  }

  /** Resolves when the language client's state next changes (or after 5 s, so that nothing hangs on it). */
  private nextState(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sub.dispose();
        resolve();
      }, 5000);
      const sub = this.client.onDidChangeState(() => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  }

  /** Stops the language client if it runs, after a start in progress has settled. */
  private async stopClient(): Promise<void> {
    if (this.client.state === State.Starting) {
      await new Promise<void>((resolve) => {
        const sub = this.client.onDidChangeState(({ newState }) => {
          if (newState !== State.Starting) {
            sub.dispose();
            resolve();
          }
        });
      });
    }
    if (this.client.state === State.Running) {
      try {
        await this.client.stop();
      } catch (err) {
        this.output.warn(`The Lease server did not stop cleanly: ${errorMessage(err)}`);
      }
    }
  }

  /** The client once the server runs; throws ServerNotRunningError when it will not. */
  async running(): Promise<LanguageClient> {
    if (this.client.state === State.Running && this.run) {
      return this.client;
    }
    if (this.statusValue.state === 'failed' || this.statusValue.state === 'untrusted' || this.final) {
      throw new ServerNotRunningError(this.statusValue);
    }
    return new Promise<LanguageClient>((resolve, reject) => {
      const subs = new DisposableStore();
      const done = (): void => subs.dispose();
      subs.addAll(
        this.onDidStartRun((run) => {
          done();
          resolve(run.client);
        }),
        this.onDidChangeStatus((status) => {
          if (status.state === 'failed' || this.final) {
            done();
            reject(new ServerNotRunningError(status));
          }
        }),
      );
    });
  }

  /** The current run, if the server runs. */
  get currentRun(): ServerRun | undefined {
    return this.run;
  }

  /** Sends a notification if the server runs; a failure is logged (the next run starts afresh). */
  notify<P>(type: NotificationType<P>, params: RequestParam<P>): void {
    if (!this.run) {
      return;
    }
    this.client.sendNotification(type, params).catch((err: unknown) => {
      this.output.warn(`Could not send ${type.method}: ${errorMessage(err)}`);
    });
  }

  dispose(): void {
    try {
      this.endRun();
    } finally {
      this.disposables.dispose();
    }
  }

  private stateChanged(oldState: State, newState: State): void {
    this.output.info(`Lease server: ${stateNames[oldState]} → ${stateNames[newState]}`);
    switch (newState) {
      case State.Starting:
        this.endRun();
        this.setStatus({ state: 'starting' });
        break;
      case State.Running: {
        this.endRun();
        this.backoff.started(Date.now());
        this.runs++;
        if (this.runs > 1) {
          this.output.warn(`The Lease server restarted (restart ${this.runs - 1}); reloading contexts and follows.`);
        }
        const run = new Run(this.client);
        this.run = run;
        this.setStatus({ state: 'running' });
        this.runEmitter.fire(run);
        break;
      }
      case State.Stopped:
        this.endRun();
        if (this.statusValue.state !== 'stopped' && !this.wakeBackoff) {
          this.setStatus({ state: 'stopped', message: vscode.l10n.t('restarting…') });
        }
        break;
      case State.StartFailed:
        this.endRun();
        if (!this.wakeBackoff) {
          // (While waiting to start again it is not failed: the tree keeps saying when it restarts.)
          this.setStatus({ state: 'failed', message: vscode.l10n.t('see the output') });
        }
        break;
    }
  }

  private endRun(): void {
    const run = this.run;
    this.run = undefined;
    run?.end();
  }

  private setStatus(status: ServerStatus): void {
    this.statusValue = status;
    this.statusEmitter.fire(status);
  }
}
