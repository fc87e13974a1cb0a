// Live read-only documents of a context's leadership Events (scheme lease-lens-events): asks the
// Lease server for them (LeadershipEvents.list) when opened, redraws open ones on
// LeadershipEvents.changed, and asks again after the server restarts. Filters come from quick
// picks (the components and Leases found in the Events) and live in the document's address.
import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';
import type { LeadershipEvent } from '../../shared/health';
import { LeadershipEvents, type LeadershipEventsResult } from '../../shared/protocol';
import type { LeaseServerClient } from '../leaseServerClient';
import { DisposableStore } from '../lifecycle';
import { clipText } from '../../core/untrustedText';
import {
  eventsDocumentPath,
  eventsScheme,
  leadershipEventsText,
  parseEventsDocument,
  type EventsDocument,
  type EventsFilter,
} from './leadershipEventsText';

export function eventsUri(doc: EventsDocument): vscode.Uri {
  const { path, query } = eventsDocumentPath(doc);
  return vscode.Uri.from({ scheme: eventsScheme, path, query });
}

export class LeadershipEventsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly results = new Map<string, LeadershipEventsResult>();
  private readonly disposables = new DisposableStore();

  constructor(private readonly server: LeaseServerClient) {
    this.disposables.addAll(
      this.emitter,
      server.client.onNotification(LeadershipEvents.changed, (result) => {
        this.results.set(result.context, result);
        this.redraw(result.context);
      }),
      server.onDidStartRun(() => {
        // A new server: ask it again for every open document.
        const contexts = [...this.results.keys()];
        this.results.clear();
        contexts.forEach((c) => this.redraw(c));
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const doc = parseEventsDocument(uri.path, uri.query);
    if (!doc) {
      return `# ${vscode.l10n.t('This is not a Lease Lens Events address.')}\n`;
    }
    try {
      const result = await this.result(doc.context, token);
      return leadershipEventsText(doc, result.events, result.message);
    } catch (err) {
      return leadershipEventsText(doc, undefined, errorMessage(err));
    }
  }

  /** The Events held for a context (to offer filters), asking the server when none are. */
  async events(context: string): Promise<LeadershipEvent[]> {
    return (await this.result(context)).events;
  }

  async open(doc: EventsDocument): Promise<void> {
    const document = await vscode.workspace.openTextDocument(eventsUri(doc));
    await vscode.window.showTextDocument(document, { preview: false });
  }

  /** The Events document the command runs on: the active editor's, if it is one. */
  activeDocument(): EventsDocument | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return uri?.scheme === eventsScheme ? parseEventsDocument(uri.path, uri.query) : undefined;
  }

  /** Lets the user pick a component and a Lease to filter by; undefined when cancelled. */
  async pickFilter(context: string, current: EventsFilter): Promise<EventsFilter | undefined> {
    const events = await this.events(context);
    const all = vscode.l10n.t('(all)');
    const distinct = (values: string[]): string[] => [...new Set(values)].filter((v) => v !== '').sort();
    const component = await vscode.window.showQuickPick(
      [
        { label: all, value: undefined },
        ...distinct(events.map((e) => e.component)).map((c) => ({ label: clipText(c, 120), value: c })),
      ].map((item) => ({ ...item, picked: item.value === current.component })),
      { title: vscode.l10n.t('Leadership Events: which component (source / reporting component)?') },
    );
    if (!component) {
      return undefined;
    }
    const leases = distinct(
      events.filter((e) => !component.value || e.component === component.value).map((e) => `${e.namespace}/${e.name}`),
    );
    const lease = await vscode.window.showQuickPick(
      [{ label: all, value: undefined }, ...leases.map((l) => ({ label: clipText(l, 200), value: l }))],
      { title: vscode.l10n.t('Leadership Events: which Lease?') },
    );
    if (!lease) {
      return undefined;
    }
    return { component: component.value, lease: lease.value };
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async result(context: string, token?: vscode.CancellationToken): Promise<LeadershipEventsResult> {
    const held = this.results.get(context);
    if (held) {
      return held;
    }
    const client = await this.server.running();
    const result = await client.sendRequest(LeadershipEvents.list, { context }, token);
    this.results.set(context, result);
    return result;
  }

  private redraw(context: string): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== eventsScheme || document.isClosed) {
        continue;
      }
      if (parseEventsDocument(document.uri.path, document.uri.query)?.context === context) {
        this.emitter.fire(document.uri);
      }
    }
  }
}
