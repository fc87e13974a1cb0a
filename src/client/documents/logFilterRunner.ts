// Runs controller log filters off the extension host's main thread, so that a regular expression
// that backtracks without end (`(\w+\s?)+$` over a long line of words) never freezes the editor:
// one worker thread (dist/logFilterWorker.js) evaluates one filter at a time, and an evaluation
// that takes longer than the bound is stopped — the worker is terminated and a new one started for
// the next filter. No vscode, so plain Node tests run it as the extension does.
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../../shared/errors';
import type { LogFilterState } from '../../shared/webviewProtocol';
import type { FilterableLine, LogFilterReply, LogFilterRequest } from './logFilterMessages';
import { l10nInUse, t } from '../../shared/l10n';

/** How long one evaluation of a filter over a document's lines may take. */
export const logFilterBoundMs = 1000;

export type LogFilterOutcome =
  /** The indexes of the matching lines, in order. */
  | { kind: 'matched'; matches: number[] }
  /** The filter does not compile: what is wrong. */
  | { kind: 'invalid'; error: string }
  /** The evaluation overran the bound and was stopped. */
  | { kind: 'stopped'; boundMs: number }
  /** The worker could not run it (it failed to start or died). */
  | { kind: 'failed'; error: string };

export class LogFilterRunner {
  private current: { worker: Worker; online: Promise<void> } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;

  constructor(
    /** The worker's script: dist/logFilterWorker.js. */
    private readonly script: string,
    readonly boundMs = logFilterBoundMs,
  ) {}

  /** Runs `filter` over `lines`; evaluations run one after another, each within the bound. Never throws. */
  run(filter: LogFilterState, lines: readonly FilterableLine[]): Promise<LogFilterOutcome> {
    const outcome = this.queue.then(() => this.evaluate(filter, lines));
    this.queue = outcome.catch(() => undefined);
    return outcome.catch((err: unknown): LogFilterOutcome => ({ kind: 'failed', error: errorMessage(err) }));
  }

  dispose(): void {
    this.disposed = true;
    this.drop();
  }

  private async evaluate(filter: LogFilterState, lines: readonly FilterableLine[]): Promise<LogFilterOutcome> {
    if (this.disposed) {
      return { kind: 'failed', error: t('the log filter was closed') };
    }
    let worker: Worker;
    try {
      worker = await this.started();
    } catch (err) {
      this.drop();
      return { kind: 'failed', error: errorMessage(err) };
    }
    const request: LogFilterRequest = {
      id: this.nextId++,
      filter,
      lines: lines.map((line) => (line.signal === undefined ? { text: line.text } : { text: line.text, signal: line.signal })),
    };
    return new Promise<LogFilterOutcome>((resolve) => {
      const finish = (outcome: LogFilterOutcome): void => {
        clearTimeout(timer);
        worker.unref();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (reply: LogFilterReply): void => {
        if (reply.id === request.id) {
          finish('error' in reply ? { kind: 'invalid', error: reply.error } : { kind: 'matched', matches: reply.matches });
        }
      };
      const onError = (err: Error): void => {
        finish({ kind: 'failed', error: err.message });
        this.drop(worker);
      };
      const onExit = (code: number): void => {
        finish({ kind: 'failed', error: t("the filter's worker thread exited (code {0})", code) });
        this.drop(worker);
      };
      const timer = setTimeout(() => {
        finish({ kind: 'stopped', boundMs: this.boundMs });
        this.drop(worker);
      }, this.boundMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      try {
        worker.postMessage(request);
      } catch (err) {
        finish({ kind: 'failed', error: errorMessage(err) });
      }
    });
  }

  /** The running worker, started (and online) when there is none. */
  private started(): Promise<Worker> {
    if (!this.current) {
      // Unreferenced while it idles (see evaluate), so that it never keeps a process alive.
      // The worker's messages (an invalid regular expression) in the UI language.
      const worker = new Worker(this.script, { workerData: { l10n: l10nInUse() } });
      // An error between evaluations must not go unheard (an 'error' nobody hears throws).
      worker.on('error', () => this.drop(worker));
      const online = new Promise<void>((resolve, reject) => {
        worker.once('online', () => {
          worker.off('error', reject);
          resolve();
        });
        worker.once('error', reject);
      });
      this.current = { worker, online };
    }
    const { worker, online } = this.current;
    worker.ref();
    return online.then(() => worker);
  }

  /** Terminates the worker (the given one, if it is still the current one); the next evaluation starts another. */
  private drop(worker?: Worker): void {
    const current = this.current;
    if (!current || (worker !== undefined && current.worker !== worker)) {
      return;
    }
    this.current = undefined;
    void current.worker.terminate();
  }
}
