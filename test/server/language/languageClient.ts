// Speaks LSP's document protocol to a Lease server: didOpen/didChange/didClose, the feature
// requests, and the diagnostics it publishes, waited for by version (no sleeps).
// `languageClient(conn)` wraps any connection, the test entry's or dist/server.js's
// (harness/leaseServerProcess.ts: `languageClient((await startLeaseServer()).conn)`).
import { join } from 'node:path';
import {
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  PublishDiagnosticsNotification,
  type CodeLens,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type SymbolInformation,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { startLspProcess } from '../../../harness/lspProcess';
import { Waits } from '../../../harness/waits';

export interface LanguageClient {
  conn: ProtocolConnection;
  /** Every publishDiagnostics received, oldest first. */
  published: PublishDiagnosticsParams[];
  open(uri: string, languageId: string, text: string): Promise<void>;
  change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number>;
  close(uri: string): Promise<void>;
  version(uri: string): number;
  /** The first diagnostics published for `uri` at `version` or later (the current version by default). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** The first publish (already received or to come) that passes `check`. */
  waitForPublish(what: string, check: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  symbols(uri: string): Promise<DocumentSymbol[] | SymbolInformation[] | null>;
  folding(uri: string): Promise<FoldingRange[] | null>;
  hover(uri: string, position: Position): Promise<Hover | null>;
  codeLenses(uri: string): Promise<CodeLens[] | null>;
}

export function languageClient(conn: ProtocolConnection): LanguageClient {
  const versions = new Map<string, number>();
  const published: PublishDiagnosticsParams[] = [];
  const waits = new Waits();
  conn.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    waits.poke();
  });
  const client: LanguageClient = {
    conn,
    published,
    async open(uri, languageId, text) {
      versions.set(uri, 1);
      await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    },
    async change(uri, changes) {
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
      return version;
    },
    async close(uri) {
      versions.delete(uri);
      await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    version(uri) {
      return versions.get(uri) ?? 0;
    },
    diagnostics(uri, version = client.version(uri), timeoutMs) {
      return client.waitForPublish(`diagnostics of ${uri} v${version}`, (p) => p.uri === uri && (p.version ?? 0) >= version, timeoutMs);
    },
    waitForPublish(what, check, timeoutMs = 10_000) {
      return waits.waitFor(what, () => published.find(check), timeoutMs, {
        detail: () => `got ${published.map((p) => `${p.uri} v${p.version}`).join(', ')}`,
      });
    },
    symbols: (uri) => conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
    folding: (uri) => conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }),
    hover: (uri, position) => conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
    codeLenses: (uri) => conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }),
  };
  return client;
}

export interface TestLanguageServer {
  client: LanguageClient;
  initialize: InitializeResult;
  stderr: string[];
  close(): Promise<void>;
}

/** Starts test/server/language/languageServerEntry.ts over IPC (TypeScript through tsx) and initializes it. */
export async function startTestLanguageServer(): Promise<TestLanguageServer> {
  let client: LanguageClient | undefined;
  const proc = await startLspProcess({
    module: join(__dirname, 'languageServerEntry.ts'),
    execArgv: ['--import', 'tsx'],
    listen: (conn) => {
      client = languageClient(conn);
    },
  });
  return { client: client!, initialize: proc.initialize, stderr: proc.output, close: () => proc.close() };
}
