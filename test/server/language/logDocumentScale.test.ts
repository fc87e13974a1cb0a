// A bounded live log document of 20,000 lines: the server keeps up with a stream of appends and
// top trims edit by edit, and what it reports equals what it reports for the same text opened
// fresh. Timings are printed as test diagnostics; the bounds asserted are generous.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { formatLogDocumentHeader, formatLogDocumentLine } from '../../../src/core/logDocument';
import { startTestLanguageServer, type TestLanguageServer } from './languageClient';
import { fixtureLogLines } from './logDocumentFixture';

const bound = 20_000;
const pods = ['ctrl-a', 'ctrl-b', 'ctrl-c'];
const fixtureTexts = fixtureLogLines().map((l) => l.text);
let seed = 7;
let podIndex = 0;
let runLeft = 0;
let clock = Date.parse('2026-11-21T00:00:00Z');

function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

/** Runs of 1–6 lines per pod; one line in ten a fixture line (about half of them leadership). */
function nextLine(): string {
  if (runLeft === 0) {
    podIndex = Math.floor(random() * pods.length);
    runLeft = 1 + Math.floor(random() * 6);
  }
  runLeft--;
  clock += 1.5;
  const text =
    random() < 0.1
      ? (fixtureTexts[Math.floor(random() * fixtureTexts.length)] ?? '')
      : `I1121 00:00:00.000000       1 reconcile.go:88] "Reconciled" object="ns/obj-${Math.floor(random() * 1e6)}" duration="${random().toFixed(4)}s"`;
  return formatLogDocumentLine({ time: clock, pod: pods[podIndex] ?? 'ctrl-a', container: 'manager', text });
}

const header = formatLogDocumentHeader({ context: 'kind-lease-lens', namespace: 'payments', name: 'leader' });
let server: TestLanguageServer;

before(async () => {
  server = await startTestLanguageServer();
});

after(async () => {
  await server.close();
});

async function timed<T>(what: string, log: string[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  log.push(`${what}: ${(performance.now() - started).toFixed(1)} ms`);
  return result;
}

describe('large live log documents', () => {
  test('20,000 lines, then 100 edits appending and trimming 50 lines each, match a fresh document', async (t) => {
    const timings: string[] = [];
    const uri = 'lease-lens-log:/kind-lease-lens/payments/leader.lease-log';
    const lines = [header];
    while (lines.length <= bound) {
      lines.push(nextLine());
    }
    await server.client.open(uri, 'lease-log', lines.join('\n') + '\n');
    const first = await timed('first outline of 20,000 lines', timings, () => server.client.symbols(uri));
    assert.ok(Array.isArray(first) && first.length > 500, `a few hundred leadership lines at least, got ${first?.length}`);
    await timed('first folding ranges', timings, () => server.client.folding(uri));
    await server.client.diagnostics(uri, 1);

    const editsStarted = performance.now();
    let version = 1;
    for (let edit = 0; edit < 100; edit++) {
      const added: string[] = [];
      for (let i = 0; i < 50; i++) {
        added.push(nextLine());
      }
      const end = lines.length; // the empty line after the final newline
      version = await server.client.change(uri, [
        { range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: added.join('\n') + '\n' },
        { range: { start: { line: 1, character: 0 }, end: { line: 51, character: 0 } }, text: '' },
      ]);
      lines.push(...added);
      lines.splice(1, 50);
      // Ask for the outline now and then, as the editor does while the document streams.
      if (edit % 10 === 9) {
        await server.client.symbols(uri);
      }
    }
    const live = await timed('outline after the edits', timings, () => server.client.symbols(uri));
    const liveDiagnostics = await server.client.diagnostics(uri, version);
    timings.push(`100 edits with 10 outlines: ${(performance.now() - editsStarted).toFixed(1)} ms`);
    const liveFolds = await server.client.folding(uri);

    const fresh = 'lease-lens-log:/kind-lease-lens/payments/fresh.lease-log';
    await server.client.open(fresh, 'lease-log', lines.join('\n') + '\n');
    assert.deepEqual(live, await server.client.symbols(fresh));
    assert.deepEqual(liveFolds, await server.client.folding(fresh));
    assert.deepEqual(liveDiagnostics.diagnostics, (await server.client.diagnostics(fresh, 1)).diagnostics);
    assert.equal(lines.length, bound + 1);
    const symbols = live as DocumentSymbol[];
    assert.ok(symbols.every((s) => s.range.start.line >= 1 && s.range.start.line <= bound));
    for (const line of timings) {
      t.diagnostic(line);
    }
    assert.ok(performance.now() - editsStarted < 20_000, timings.join('; '));
    await server.client.close(uri);
    await server.client.close(fresh);
  });
});
