// Controller-log documents over LSP: outline, diagnostics and folding from the Lease server's
// language features, for lease-lens-log documents only, kept up to date as the client appends
// lines and drops old ones.
// Runs against test/server/language/languageServerEntry.ts; once main.ts wires registerLanguageFeatures,
// the same assertions hold against dist/server.js (see languageClient.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-protocol/node';
import { formatLogDocumentLine } from '../../../src/core/logDocument';
import { startTestLanguageServer, type TestLanguageServer } from './languageClient';
import { fixtureLogDocument, fixturePods, logUri } from './logDocumentFixture';

const [scheduler, controllerManager, payments] = fixturePods;
const doc = fixtureLogDocument();
const docLines = doc.text.split('\n');

/** The range of the log text of document line `line` (after the `[pod/container] ` tag). */
function messageRange(line: number): Range {
  const text = docLines[line] ?? '';
  return { start: { line, character: text.indexOf('] ') + 2 }, end: { line, character: text.length } };
}

function lineRange(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: (docLines[line] ?? '').length } };
}

let server: TestLanguageServer;

before(async () => {
  server = await startTestLanguageServer();
});

after(async () => {
  await server.close();
});

describe('controller-log document features', () => {
  test('the server announces the capabilities the features need', () => {
    const caps = server.initialize.capabilities;
    assert.ok(caps.documentSymbolProvider);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
  });

  test('the outline lists every leadership line with its pod, time and a kind per signal', async () => {
    await server.client.open(logUri, 'lease-log', doc.text);
    const symbols = (await server.client.symbols(logUri)) as DocumentSymbol[];
    const expected: [line: number, name: string, kind: SymbolKind][] = [
      [1, `Attempting to acquire · ${scheduler.pod}`, SymbolKind.Event],
      [3, `Acquired the lease · ${scheduler.pod}`, SymbolKind.Key],
      [5, `Failed to update the lock · ${scheduler.pod}`, SymbolKind.Operator],
      [6, `Failed to read the lock · ${scheduler.pod}`, SymbolKind.Operator],
      [7, `Failed to renew · ${scheduler.pod}`, SymbolKind.Operator],
      [8, `Lost leadership · ${scheduler.pod}`, SymbolKind.Null],
      [9, `Attempting to acquire · ${controllerManager.pod}`, SymbolKind.Event],
      [10, `Acquired the lease · ${controllerManager.pod}`, SymbolKind.Key],
      [11, `Failed to renew · ${controllerManager.pod}`, SymbolKind.Operator],
      [12, `Lost leadership · ${controllerManager.pod}`, SymbolKind.Null],
      [13, `Acquired the lease · ${payments.pod}`, SymbolKind.Key],
      [15, `Lost leadership · ${payments.pod}`, SymbolKind.Null],
    ];
    assert.deepEqual(
      symbols.map((s) => [s.range.start.line, s.name, s.kind]),
      expected,
    );
    for (const symbol of symbols) {
      const line = symbol.range.start.line;
      assert.deepEqual(symbol.range, lineRange(line));
      assert.deepEqual(symbol.selectionRange, messageRange(line));
      // The detail is the line's own MicroTime, as the document shows it.
      assert.equal(symbol.detail, docLines[line]?.slice(0, 27));
    }
    assert.equal(symbols[0]?.detail, '2026-11-21T00:41:17.118002Z');
  });

  test('failed renewals and lock operations are warnings, a lost election is an error', async () => {
    const published = await server.client.diagnostics(logUri, 1);
    const expected: [line: number, severity: DiagnosticSeverity, code: string, message: string][] = [
      [
        5,
        DiagnosticSeverity.Warning,
        'lock-update-failed',
        `${scheduler.pod}/${scheduler.container} failed to update the lock at 2026-11-21T00:41:21.118002Z`,
      ],
      [
        6,
        DiagnosticSeverity.Warning,
        'lock-get-failed',
        `${scheduler.pod}/${scheduler.container} failed to read the lock at 2026-11-21T00:41:22.118002Z`,
      ],
      [
        7,
        DiagnosticSeverity.Warning,
        'renew-failed',
        `${scheduler.pod}/${scheduler.container} failed to renew the lease at 2026-11-21T00:41:23.118002Z`,
      ],
      [
        8,
        DiagnosticSeverity.Error,
        'lost',
        `${scheduler.pod}/${scheduler.container} lost the leader election at 2026-11-21T00:41:24.118002Z`,
      ],
      [
        11,
        DiagnosticSeverity.Warning,
        'renew-failed',
        `${controllerManager.pod}/${controllerManager.container} failed to renew the lease at 2026-11-21T00:41:27.118002Z`,
      ],
      [
        12,
        DiagnosticSeverity.Error,
        'lost',
        `${controllerManager.pod}/${controllerManager.container} lost the leader election at 2026-11-21T00:41:28.118002Z`,
      ],
      [
        15,
        DiagnosticSeverity.Error,
        'lost',
        `${payments.pod}/${payments.container} lost the leader election at 2026-11-21T00:41:31.118002Z`,
      ],
    ];
    assert.deepEqual(
      published.diagnostics.map((d) => [d.range.start.line, d.severity, d.code, d.message]),
      expected,
    );
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'lease-lens');
      assert.deepEqual(d.range, messageRange(d.range.start.line));
    }
  });

  test('runs of three or more lines from one pod fold; shorter runs and the header do not', async () => {
    const folds = await server.client.folding(logUri);
    assert.deepEqual(
      folds?.map((f) => [f.startLine, f.endLine, f.collapsedText]),
      [
        [1, 8, `${scheduler.pod}: 8 lines`],
        [9, 12, `${controllerManager.pod}: 4 lines`],
        [13, 15, `${payments.pod}: 3 lines`],
      ],
    );
  });

  test('appended lines and lines dropped at the top update outline, diagnostics and folds', async () => {
    const uri = 'lease-lens-log:/kind-lease-lens/kube-system/live.lease-log';
    const text = doc.text;
    await server.client.open(uri, 'lease-log', text);
    await server.client.diagnostics(uri, 1);
    const lastLine = docLines.length - 1; // the empty line after the final newline
    const time = Date.parse('2026-11-21T00:42:00Z');
    const appended = [
      {
        pod: payments.pod,
        container: payments.container,
        time,
        text: 'E1121 00:42:00.000000       1 leaderelection.go:308] "Failed to renew lease" err="context deadline exceeded"',
      },
      {
        pod: payments.pod,
        container: payments.container,
        time: time + 1,
        text: 'I1121 00:42:00.000100       1 leaderelection.go:271] "Successfully acquired lease" lock="payments/x"',
      },
      { pod: payments.pod, container: payments.container, time: time + 2, text: 'I1121 00:42:00.000200       1 main.go:10] tick' },
    ].map((l) => formatLogDocumentLine(l) + '\n');
    // The client appends at the end, then drops the first eight log lines (the scheduler's run),
    // keeping the header: two edits in one didChange, the second on the text after the first.
    const version = await server.client.change(uri, [
      { range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 0 } }, text: appended.join('') },
      { range: { start: { line: 1, character: 0 }, end: { line: 9, character: 0 } }, text: '' },
    ]);
    const published = await server.client.diagnostics(uri, version);
    // Line numbers move up by eight; the new lines are 17 − 8 + 1 = 10 onwards.
    assert.deepEqual(
      published.diagnostics.map((d) => [d.range.start.line, d.code]),
      [
        [3, 'renew-failed'],
        [4, 'lost'],
        [7, 'lost'],
        [10, 'renew-failed'],
      ],
    );
    const symbols = (await server.client.symbols(uri)) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => [s.range.start.line, s.name]),
      [
        [1, `Attempting to acquire · ${controllerManager.pod}`],
        [2, `Acquired the lease · ${controllerManager.pod}`],
        [3, `Failed to renew · ${controllerManager.pod}`],
        [4, `Lost leadership · ${controllerManager.pod}`],
        [5, `Acquired the lease · ${payments.pod}`],
        [7, `Lost leadership · ${payments.pod}`],
        [10, `Failed to renew · ${payments.pod}`],
        [11, `Acquired the lease · ${payments.pod}`],
      ],
    );
    const folds = await server.client.folding(uri);
    assert.deepEqual(
      folds?.map((f) => [f.startLine, f.endLine]),
      [
        [1, 4],
        [5, 7],
        [10, 12],
      ],
    );
    await server.client.close(uri);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'lease-lens-log:/kind-lease-lens/kube-system/closed.lease-log';
    await server.client.open(uri, 'lease-log', doc.text);
    const open = await server.client.diagnostics(uri, 1);
    assert.equal(open.diagnostics.length, 7);
    await server.client.close(uri);
    const cleared = await server.client.waitForPublish(`cleared diagnostics of ${uri}`, (p) => p.uri === uri && p.diagnostics.length === 0);
    assert.equal(cleared.version, undefined);
  });

  test('log features are for lease-lens-log documents of language lease-log only', async () => {
    const onDisk = 'file:///tmp/kube-scheduler.lease-log';
    const plain = 'lease-lens-log:/kind-lease-lens/kube-system/plain.lease-log';
    const marker = 'lease-lens-log:/kind-lease-lens/kube-system/marker.lease-log';
    await server.client.open(onDisk, 'lease-log', doc.text);
    await server.client.open(plain, 'plaintext', doc.text);
    assert.equal(await server.client.symbols(onDisk), null);
    assert.equal(await server.client.folding(onDisk), null);
    assert.equal(await server.client.symbols(plain), null);
    assert.equal(await server.client.hover(plain, { line: 8, character: 80 }), null);
    assert.equal(await server.client.codeLenses(plain), null);
    // Diagnostics are published in the order documents changed: once the marker's are in, the
    // others would have been too.
    await server.client.open(marker, 'lease-log', doc.text);
    await server.client.diagnostics(marker, 1);
    assert.deepEqual(
      server.client.published.filter((p) => p.uri === onDisk || p.uri === plain),
      [],
    );
    for (const uri of [onDisk, plain, marker]) {
      await server.client.close(uri);
    }
  });
});
