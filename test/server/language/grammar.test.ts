// The TextMate grammar of controller-log documents (syntaxes/lease-log.tmLanguage.json): it is
// well formed, its expressions compile, and it colours what the document format and the
// leadership matcher define. Oniguruma's `(?i)` prefix is read as JavaScript's `i` flag; the
// grammar uses no other syntax JavaScript lacks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { formatLogDocumentHeader, formatLogDocumentLine } from '../../../src/core/logDocument';
import { matchLeadership } from '../../../src/core/logLine';
import { fixtureLogLines } from './logDocumentFixture';
import { repoPath } from '../../../harness/repoRoot';

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  patterns?: Rule[];
}

interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const grammar = JSON.parse(readFileSync(repoPath('syntaxes', 'lease-log.tmLanguage.json'), 'utf8')) as Grammar;

function compile(source: string): RegExp {
  return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);
}

function allRules(): Rule[] {
  const rules: Rule[] = [];
  const visit = (rule: Rule): void => {
    rules.push(rule);
    for (const child of rule.patterns ?? []) {
      visit(child);
    }
  };
  for (const rule of grammar.patterns) {
    visit(rule);
  }
  for (const rule of Object.values(grammar.repository)) {
    visit(rule);
  }
  return rules;
}

/** The match rules under a repository entry, with their scope (name or capture 1's). */
function matchRules(entry: string): { re: RegExp; scope: string; captures: Record<string, { name: string }> }[] {
  return (grammar.repository[entry]?.patterns ?? []).map((r) => ({
    re: compile(r.match ?? ''),
    scope: r.name ?? r.captures?.['1']?.name ?? '',
    captures: r.captures ?? {},
  }));
}

describe('lease-log grammar', () => {
  test('is the text.log.lease-lens grammar, and every include names a repository entry', () => {
    assert.equal(grammar.scopeName, 'text.log.lease-lens');
    for (const rule of allRules()) {
      if (rule.include !== undefined) {
        assert.match(rule.include, /^#/);
        assert.ok(grammar.repository[rule.include.slice(1)], `missing repository entry ${rule.include}`);
      }
    }
  });

  test('every expression compiles', () => {
    for (const rule of allRules()) {
      for (const source of [rule.match, rule.begin, rule.end]) {
        if (source !== undefined) {
          assert.doesNotThrow(() => compile(source), source);
        }
      }
    }
  });

  test('a document line: timestamp, pod and container are captured; the header is a comment', () => {
    const line = grammar.repository.line;
    assert.ok(line?.begin && line.beginCaptures);
    const text = formatLogDocumentLine({
      time: Date.parse('2026-11-21T00:41:36.118Z'),
      pod: 'kube-scheduler-cp-1',
      container: 'kube-scheduler',
      text: 'x',
    });
    const m = compile(line.begin).exec(text);
    assert.ok(m);
    assert.equal(m[1], '2026-11-21T00:41:36.118000Z');
    assert.equal(m[3], 'kube-scheduler-cp-1');
    assert.equal(m[5], 'kube-scheduler');
    assert.match(line.beginCaptures['1']?.name ?? '', /timestamp/);
    assert.match(line.beginCaptures['3']?.name ?? '', /pod/);
    const header = formatLogDocumentHeader({ context: 'c', namespace: 'ns', name: 'n' });
    assert.match(header, compile(grammar.repository.comment?.match ?? ''));
  });

  test('klog, JSON and logfmt levels get the level token scopes', () => {
    const klog = matchRules('klog');
    const scopeOf = (rules: ReturnType<typeof matchRules>, text: string): string | undefined => {
      const rule = rules.find((r) => r.re.test(text));
      return rule?.scope;
    };
    assert.match(scopeOf(klog, 'I1121 00:41:36.118002       1 leaderelection.go:260] x') ?? '', /token\.info-token/);
    assert.match(scopeOf(klog, 'W1121 00:41:36.118002       1 leaderelection.go:260] x') ?? '', /token\.warn-token/);
    assert.match(scopeOf(klog, 'E1121 00:52:13.554201       1 server.go:274] "Leaderelection lost"') ?? '', /token\.error-token/);
    assert.match(scopeOf(klog, 'F1121 00:52:13.554201       1 server.go:274] x') ?? '', /token\.error-token/);
    const json = matchRules('json-level').map((r) => ({ ...r, scope: r.captures['4']?.name ?? '' }));
    assert.equal(scopeOf(json, '{"level":"error","msg":"x"}'), 'token.error-token');
    assert.equal(scopeOf(json, '{"level": "WARN","msg":"x"}'), 'token.warn-token');
    assert.equal(scopeOf(json, '{"severity":"info"}'), 'token.info-token');
    const logfmt = matchRules('logfmt-level').map((r) => ({ ...r, scope: r.captures['4']?.name ?? '' }));
    assert.equal(scopeOf(logfmt, 'ts=1 level=debug msg=x'), 'token.debug-token');
    assert.equal(scopeOf(logfmt, 'level="error" msg=x'), 'token.error-token');
  });

  test('leadership phrases are coloured exactly where matchLeadership finds a signal', () => {
    const leadership = matchRules('leadership');
    const expected: Record<string, RegExp> = {
      lost: /leadership\.lost/,
      'renew-failed': /leadership\.failed/,
      'lock-update-failed': /leadership\.failed/,
      'lock-get-failed': /leadership\.failed/,
      acquired: /leadership\.acquired/,
      'new-leader': /leadership\.new-leader/,
      attempting: /leadership\.attempting/,
      released: /leadership\.released/,
    };
    const samples = [
      ...fixtureLogLines().map((l) => l.text),
      'I1121 00:41:36.1 1 x.go:1] new leader elected: cp-2',
      'I1 released lease ns/x',
    ];
    for (const text of samples) {
      const signal = matchLeadership(text);
      const rule = leadership
        .map((r) => ({ r, m: r.re.exec(text) }))
        .filter((x) => x.m !== null)
        .sort((a, b) => (a.m?.index ?? 0) - (b.m?.index ?? 0))[0];
      if (signal === undefined) {
        assert.equal(rule, undefined, `no leadership colour in: ${text}`);
      } else {
        assert.ok(rule, `a leadership colour in: ${text}`);
        assert.match(rule.r.scope, expected[signal] ?? /$^/, `${signal}: ${text}`);
      }
    }
  });
});
