// Starts the Lease server (dist/server.js) with vscode-languageclient, restarts it when asked (the
// Restart Lease Server command) and reports its life in the "Lease Lens" log output channel. Each time the server reaches Running a new ServerRun begins;
// it ends (its token is cancelled and its disposables disposed) when the server stops or restarts,
// so that state belonging to one server process never outlives it.
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type NotificationType,
  type RequestParam,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { errorMessage } from '../shared/errors';
import { ServerLog, type InitializationOptions } from '../shared/protocol';
import { commandIds } from './commands/commandIds';
import type { ServerStatus } from './leases/cacheChange';
import { DisposableStore } from './lifecycle';

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

export class ServerNotRunningError extends Error {
  constructor(status: ServerStatus) {
    const why = 'message' in status && status.message ? ` (${status.message})` : '';
    const again = status.state === 'failed' ? 'reload the window' : 'run "Lease Lens: Restart Lease Server"';
    super(`The Lease server is not running${why}. Run "Lease Lens: Show Output" to see why, then ${again} to start it again.`);
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
  /** The server will not start again by itself (gave up restarting, or deactivating). */
  private final = false;
  private statusValue: ServerStatus = { state: 'starting' };
  /** The language client's own handler: restarts up to 4 times in 3 minutes; new on each restart. */
  private crashes: ErrorHandler | undefined;
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
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    // The client's own handler, wrapped to log what happens and to offer a restart when it gives up.
    const errorHandler: ErrorHandler = {
      error: (error, message, count) => {
        this.output.error(`Lease server connection error: ${error.message}`);
        return this.crashes!.error(error, message, count);
      },
      closed: async () => {
        const result = await this.crashes!.closed();
        if (result.action === CloseAction.Restart) {
          this.output.warn('The Lease server exited; restarting it.');
          return result;
        }
        this.gaveUp();
        return { ...result, handled: true };
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'lease-lens-log' }, { language: 'yaml' }],
      initializationOptions,
      outputChannel: output,
      errorHandler,
      markdown: { isTrusted: false, supportHtml: false },
    };
    this.client = new LanguageClient('leaseLens', 'Lease Lens Server', serverOptions, clientOptions);
    this.crashes = this.client.createDefaultErrorHandler();
    this.disposables.addAll(
      this.client.onDidChangeState(({ oldState, newState }) => this.stateChanged(oldState, newState)),
      this.client.onNotification(ServerLog.line, ({ level, message }) => this.output[level](`[server] ${message}`)),
    );
  }

  get status(): ServerStatus {
    return this.statusValue;
  }

  /** Starts the server; a failure is reported (output, tree, message), never thrown. */
  async start(): Promise<void> {
    this.output.info('Starting the Lease server…');
    try {
      await this.client.start();
    } catch (err) {
      const message = errorMessage(err);
      this.output.error(`The Lease server did not start: ${message}`);
      this.setStatus({ state: 'failed', message });
      void vscode.window
        .showErrorMessage(
          `Lease Lens: the Lease server did not start (${message}). Check the output, then reload the window.`,
          'Show Output',
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
    this.crashes = this.client.createDefaultErrorHandler();
    await this.stopClient();
    await this.start();
  }

  /** The server gave up restarting by itself: says so, offering the Restart Lease Server command. */
  private gaveUp(): void {
    this.final = true;
    this.output.error(
      'The Lease server exited too often; it is not restarted by itself. Run "Lease Lens: Restart Lease Server" to start it again.',
    );
    this.setStatus({ state: 'stopped', message: 'exited too often; use Restart Lease Server' });
    const restart = 'Restart Lease Server';
    void vscode.window
      .showErrorMessage(
        'Lease Lens: the Lease server exited too often and is not restarted by itself. See the output for why.',
        restart,
        'Show Output',
      )
      .then((choice) => {
        if (choice === restart) {
          void vscode.commands.executeCommand(commandIds.restartServer).then(undefined, () => undefined);
        } else if (choice) {
          this.output.show();
        }
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
    if (this.statusValue.state === 'failed' || this.final) {
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
        if (this.statusValue.state !== 'stopped') {
          this.setStatus({ state: 'stopped', message: 'restarting…' });
        }
        break;
      case State.StartFailed:
        this.endRun();
        this.setStatus({ state: 'failed', message: 'see the output' });
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
