// The documents the client syncs (didOpen/didChange/didClose), with what the features read from
// them: a line index per controller-log document, updated edit by edit, and the Leases found in
// each YAML document, computed once per version.
import { TextDocuments, type Disposable, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findLeaseManifests, type LeaseManifest } from '../../core/leaseManifest';
import { isLogDocument, isYamlDocument } from './documentKinds';
import { LogIndex, splitLines } from './logIndex';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

function ordered(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      count++;
    }
  }
  return count;
}

/** The texts of lines [from, to] of the document. */
function lineTexts(doc: TextDocument, from: number, to: number): string[] {
  const text = doc.getText({ start: { line: from, character: 0 }, end: { line: to + 1, character: 0 } });
  const lines = splitLines(text);
  const count = to - from + 1;
  while (lines.length < count) {
    lines.push('');
  }
  return lines.length > count ? lines.slice(0, count) : lines;
}

export class SyncedDocuments implements Disposable {
  readonly documents: TextDocuments<TextDocument>;
  private readonly logIndexes = new Map<string, LogIndex>();
  private readonly manifests = new Map<string, { version: number; leases: LeaseManifest[] }>();
  private readonly subscriptions: Disposable[] = [];

  constructor() {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => {
        const doc = TextDocument.create(uri, languageId, version, content);
        this.manifests.delete(uri);
        if (isLogDocument(doc)) {
          this.logIndexes.set(uri, new LogIndex(content));
        } else {
          this.logIndexes.delete(uri);
        }
        return doc;
      },
      update: (doc, changes, version) => this.update(doc, changes, version),
    });
    this.subscriptions.push(
      this.documents.onDidClose(({ document }) => {
        this.logIndexes.delete(document.uri);
        this.manifests.delete(document.uri);
      }),
    );
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The line index of an open controller-log document. */
  logIndex(uri: string): LogIndex | undefined {
    return this.logIndexes.get(uri);
  }

  /** The Leases in an open YAML document (none for other documents). */
  leaseManifests(uri: string): LeaseManifest[] {
    const doc = this.documents.get(uri);
    if (doc === undefined || !isYamlDocument(doc)) {
      return [];
    }
    const cached = this.manifests.get(uri);
    if (cached !== undefined && cached.version === doc.version) {
      return cached.leases;
    }
    const leases = findLeaseManifests(doc.getText());
    this.manifests.set(uri, { version: doc.version, leases });
    return leases;
  }

  private update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const index = this.logIndexes.get(doc.uri);
    if (index === undefined) {
      return TextDocument.update(doc, changes, version);
    }
    for (const change of changes) {
      if (!('range' in change)) {
        TextDocument.update(doc, [change], version);
        this.logIndexes.set(doc.uri, new LogIndex(doc.getText()));
        continue;
      }
      const last = doc.lineCount - 1;
      const { start, end } = ordered(change.range);
      const from = Math.min(Math.max(start.line, 0), last);
      const to = Math.min(Math.max(end.line, 0), last);
      TextDocument.update(doc, [change], version);
      const current = this.logIndexes.get(doc.uri) ?? index;
      current.replace(from, to - from + 1, lineTexts(doc, from, from + lineBreaks(change.text)));
      if (current.lineCount !== doc.lineCount) {
        // An edit that joined or split a CR LF pair: read the whole document again.
        this.logIndexes.set(doc.uri, new LogIndex(doc.getText()));
      }
    }
    return doc;
  }

  listen(connection: Parameters<TextDocuments<TextDocument>['listen']>[0]): Disposable {
    return this.documents.listen(connection);
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) {
      d.dispose();
    }
    this.logIndexes.clear();
    this.manifests.clear();
  }
}
