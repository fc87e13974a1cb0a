// Starts the Lease server (dist/server.js) with vscode-languageclient and reports its life in the
// "Lease Lens" log output channel. Each time the server reaches Running a new ServerRun begins;
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
import { ServerLog, type InitializationOptions } from '../shared/protocol';
import type { ServerStatus } from './tree/treeModel';

/** One run of the server process. */
export interface ServerRun {
  readonly client: LanguageClient;
  /** Cancelled when this run ends. */
  readonly token: vscode.CancellationToken;
  /** Disposed when this run ends. */
  readonly subscriptions: vscode.Disposable[];
}

class Run implements ServerRun {
  readonly subscriptions: vscode.Disposable[] = [];
  private readonly source = new vscode.CancellationTokenSource();
  constructor(readonly client: LanguageClient) {}
  get token(): vscode.CancellationToken {
    return this.source.token;
  }
  end(): void {
    this.source.cancel();
    for (const d of this.subscriptions.splice(0).reverse()) {
      d.dispose();
    }
    this.source.dispose();
  }
}

export class ServerNotRunningError extends Error {
  constructor(status: ServerStatus) {
    const why = 'message' in status && status.message ? ` (${status.message})` : '';
    super(`The Lease server is not running${why}. Run "Lease Lens: Show Output" to see why, then reload the window to start it again.`);
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
  /** The server will not start again in this window (gave up restarting, or deactivating). */
  private final = false;
  private statusValue: ServerStatus = { state: 'starting' };
  private readonly subscriptions: vscode.Disposable[] = [];
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
    this.subscriptions.push(this.runEmitter, this.statusEmitter);
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    // The client's own handler (restart up to 4 times in 3 minutes), wrapped to log what happens.
    const fallback: { handler?: ErrorHandler } = {};
    const errorHandler: ErrorHandler = {
      error: (error, message, count) => {
        this.output.error(`Lease server connection error: ${error.message}`);
        return fallback.handler!.error(error, message, count);
      },
      closed: async () => {
        const result = await fallback.handler!.closed();
        if (result.action === CloseAction.Restart) {
          this.output.warn('The Lease server exited; restarting it.');
        } else {
          this.final = true;
          this.output.error('The Lease server exited too often; it is not restarted. Reload the window to start it again.');
          this.setStatus({ state: 'stopped', message: 'exited too often; reload the window' });
        }
        return result;
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
    fallback.handler = this.client.createDefaultErrorHandler();
    this.subscriptions.push(
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
      const message = err instanceof Error ? err.message : String(err);
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
        this.output.warn(`The Lease server did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
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
      const subs: vscode.Disposable[] = [];
      const done = (): void => {
        for (const d of subs) {
          d.dispose();
        }
      };
      subs.push(
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
      this.output.warn(`Could not send ${type.method}: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  dispose(): void {
    this.endRun();
    for (const d of this.subscriptions.splice(0).reverse()) {
      d.dispose();
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
