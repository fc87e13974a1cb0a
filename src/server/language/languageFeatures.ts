// Language features of the Lease server, for the documents the client syncs:
//   controller-log documents (scheme lease-lens-log, language lease-log): outline of leadership
//     lines, diagnostics for failed renewals and lost elections, folding by pod;
//   YAML documents holding coordination.k8s.io/v1 Leases: diagnostics for values the API server
//     rejects, a hover with the live Lease, a "Follow this Lease" code lens; in the context of the
//     read-only Lease YAML document they come from (lease-lens-yaml:), else the current context;
//   YAML documents of workloads (Deployment, StatefulSet, DaemonSet, Pod…) whose containers set
//     leader election flags: diagnostics on the flag items and a hover on a flag (workloadTiming.ts).
// main.ts calls registerLanguageFeatures once and returns languageCapabilities from onInitialize.
import {
  CodeLensRefreshRequest,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type Disposable,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { DiagnosticsScheduler } from './diagnosticsScheduler';
import { manifestContext } from './documentContext';
import { isLogDocument, isYamlDocument } from './documentKinds';
import type { LeaseLookup } from './leaseLookup';
import { logDocumentDiagnostics, logDocumentFoldingRanges, logDocumentSymbols } from './logFeatures';
import { leaseManifestCodeLenses } from './manifestCodeLens';
import { leaseManifestDiagnostics } from './manifestDiagnostics';
import { leaseManifestHover } from './manifestHover';
import { SyncedDocuments } from './syncedDocuments';
import { findFlagContainers } from './workloadManifests';
import { workloadTimingDiagnostics, workloadTimingHover } from './workloadTiming';

export type { LeaseLookup } from './leaseLookup';

/** The capabilities to return from onInitialize (merged into the server's own). */
export const languageCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
  documentSymbolProvider: { label: 'Lease Lens' },
  foldingRangeProvider: true,
  hoverProvider: true,
  codeLensProvider: { resolveProvider: false },
} satisfies ServerCapabilities;

export interface LanguageFeatureOptions {
  /** The clock for time left and "ago" in hovers; Date.now by default. */
  now?: () => number;
  /** How long after a change diagnostics are published (at most once per delay); 250 ms by default. */
  diagnosticsDelayMs?: number;
}

export interface LanguageFeatures extends Disposable {
  /** Asks the client to fetch code lenses again, e.g. after the current context changed. */
  refreshCodeLenses(): void;
}

export function registerLanguageFeatures(
  connection: Connection,
  lookup: LeaseLookup,
  options: LanguageFeatureOptions = {},
): LanguageFeatures {
  const now = options.now ?? Date.now;
  const docs = new SyncedDocuments();
  const published = new Set<string>();

  const diagnosticsOf = (uri: string): Diagnostic[] | undefined => {
    const doc = docs.get(uri);
    if (doc === undefined) {
      return undefined;
    }
    if (isLogDocument(doc)) {
      const index = docs.logIndex(uri);
      return index === undefined ? [] : logDocumentDiagnostics(index);
    }
    if (isYamlDocument(doc)) {
      const manifests = docs.leaseManifests(uri);
      const workloads = findFlagContainers(doc.getText());
      // YAML that holds no Lease or election flags gets nothing, not even an empty list, unless it once had some.
      return manifests.length === 0 && workloads.length === 0 && !published.has(uri)
        ? undefined
        : [...leaseManifestDiagnostics(manifests), ...workloadTimingDiagnostics(workloads)];
    }
    return undefined;
  };

  const scheduler = new DiagnosticsScheduler(options.diagnosticsDelayMs ?? 250, (uri) => {
    const doc = docs.get(uri);
    const diagnostics = diagnosticsOf(uri);
    if (doc === undefined || diagnostics === undefined) {
      return;
    }
    published.add(uri);
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  });

  const subscriptions: Disposable[] = [
    docs,
    scheduler,
    docs.documents.onDidChangeContent(({ document }) => {
      if (isLogDocument(document) || isYamlDocument(document)) {
        scheduler.schedule(document.uri);
      }
    }),
    docs.documents.onDidClose(({ document }) => {
      scheduler.cancel(document.uri);
      if (published.delete(document.uri)) {
        void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
      }
    }),
    connection.onDocumentSymbol(({ textDocument }) => {
      const doc = docs.get(textDocument.uri);
      const index = doc !== undefined && isLogDocument(doc) ? docs.logIndex(doc.uri) : undefined;
      return index === undefined ? null : logDocumentSymbols(index);
    }),
    connection.onFoldingRanges(({ textDocument }) => {
      const doc = docs.get(textDocument.uri);
      const index = doc !== undefined && isLogDocument(doc) ? docs.logIndex(doc.uri) : undefined;
      return index === undefined ? null : logDocumentFoldingRanges(index);
    }),
    connection.onHover(({ textDocument, position }) => {
      const manifests = docs.leaseManifests(textDocument.uri);
      const onLease =
        manifests.length === 0 ? null : leaseManifestHover(manifests, position, lookup, manifestContext(textDocument.uri, lookup), now());
      const doc = docs.get(textDocument.uri);
      return (
        onLease ?? (doc !== undefined && isYamlDocument(doc) ? workloadTimingHover(findFlagContainers(doc.getText()), position) : null)
      );
    }),
    connection.onCodeLens(({ textDocument }) => {
      const manifests = docs.leaseManifests(textDocument.uri);
      return manifests.length === 0 ? null : leaseManifestCodeLenses(manifests, manifestContext(textDocument.uri, lookup));
    }),
    docs.listen(connection),
  ];

  return {
    refreshCodeLenses(): void {
      connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
    dispose(): void {
      for (const d of subscriptions.splice(0).reverse()) {
        d.dispose();
      }
      published.clear();
    },
  };
}
