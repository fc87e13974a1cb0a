// Read-only controller log documents (scheme lease-lens-log): the merged log lines of a followed
// Lease, following it when needed, updating live while open (at most twice a second). A filter's
// pattern runs in a worker thread within a time bound (LogFilterRunner), never on this thread.
import * as vscode from 'vscode';
import { logDocumentLanguage } from '../../core/logDocument';
import { errorMessage } from '../../shared/errors';
import type { FollowSnapshot, LeaseKey } from '../../shared/types';
import type { LogFilterState } from '../../shared/webviewProtocol';
import type { FollowManager } from '../follow/followManager';
import { DisposableStore, toDisposable } from '../lifecycle';
import { leaseDocumentPath, leaseKeyFromDocumentPath, logExtension, logFilterFromQuery, logFilterQuery, logScheme } from './documentUris';
import type { LogFilterRunner } from './logFilterRunner';
import { filterLogLines, renderLogDocument, type FilteredLogLines } from './logText';

export function logDocumentUri(key: LeaseKey, filter?: LogFilterState): vscode.Uri | undefined {
  const path = leaseDocumentPath(key, logExtension);
  return path === undefined ? undefined : vscode.Uri.from({ scheme: logScheme, path, query: logFilterQuery(filter) });
}

export function leaseKeyOfLogDocument(uri: vscode.Uri): LeaseKey | undefined {
  return uri.scheme === logScheme ? leaseKeyFromDocumentPath(uri.path, logExtension) : undefined;
}

export class LogDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly pending = new Set<LeaseKey>();
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables = new DisposableStore();

  /** Filtered documents whose filter overran its bound (until closed). */
  private readonly stopped = new Set<string>();

  constructor(
    private readonly follow: FollowManager,
    private readonly filters: LogFilterRunner,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.addAll(
      this.emitter,
      toDisposable(() => filters.dispose()),
      vscode.workspace.onDidCloseTextDocument((document) => this.stopped.delete(document.uri.toString())),
      follow.onDidChange(({ key, update }) => {
        if (
          !update ||
          update.logs !== undefined ||
          'logsMessage' in update ||
          update.podResolution !== undefined ||
          update.deleted !== undefined
        ) {
          this.schedule(key);
        }
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = leaseKeyOfLogDocument(uri);
    if (!key) {
      return `# ${vscode.l10n.t('This is not a Lease Lens controller log address.')}\n`;
    }
    try {
      const snapshot = this.follow.snapshot(key) ?? (await this.follow.follow(key));
      const filter = logFilterFromQuery(uri.query);
      return renderLogDocument(key, snapshot, filter, filter && (await this.filtered(key, uri, snapshot, filter)));
    } catch (err) {
      const message = errorMessage(err);
      const could = vscode.l10n.t('Could not follow {0}: {1}', key, message.replace(/[\r\n]+/g, ' '));
      return `# ${could}\n# ${vscode.l10n.t('Close this document and open it again from the Leases view.')}\n`;
    }
  }

  /**
   * What the filter keeps. A filter with text (the user's pattern) runs in the worker, within its
   * bound; one that overran it is not run again for this document until it is closed.
   */
  private async filtered(key: LeaseKey, uri: vscode.Uri, snapshot: FollowSnapshot, filter: LogFilterState): Promise<FilteredLogLines> {
    if (filter.text === '') {
      return filterLogLines(snapshot.logs, filter);
    }
    const address = uri.toString();
    if (this.stopped.has(address)) {
      return { kind: 'stopped', boundMs: this.filters.boundMs };
    }
    const outcome = await this.filters.run(filter, snapshot.logs);
    switch (outcome.kind) {
      case 'matched':
        return { kind: 'lines', lines: outcome.matches.map((index) => snapshot.logs[index]).filter((line) => line !== undefined) };
      case 'stopped':
        this.stopped.add(address);
        this.output.warn(`The controller log filter of ${key} took longer than ${outcome.boundMs} ms and was stopped.`);
        return outcome;
      case 'invalid':
      case 'failed':
        return outcome;
    }
  }

  /** Opens (or shows) the log document of a Lease with a filter. */
  async open(key: LeaseKey, filter?: LogFilterState): Promise<void> {
    const uri = logDocumentUri(key, filter);
    if (!uri) {
      throw new Error(vscode.l10n.t('"{0}" does not name a Lease', key));
    }
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== logDocumentLanguage) {
      document = await vscode.languages.setTextDocumentLanguage(document, logDocumentLanguage);
    }
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.disposables.dispose();
  }

  private schedule(key: LeaseKey): void {
    this.pending.add(key);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), 500);
    }
  }

  private flush(): void {
    this.timer = undefined;
    const keys = new Set(this.pending);
    this.pending.clear();
    for (const document of vscode.workspace.textDocuments) {
      const key = leaseKeyOfLogDocument(document.uri);
      if (key && keys.has(key) && !document.isClosed) {
        this.emitter.fire(document.uri);
      }
    }
  }
}
