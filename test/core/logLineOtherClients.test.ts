// Leadership lines beyond client-go (test/fixtures/leadership-lines-other-clients.txt, each line
// with the signal it must give and, in its block's header, the source of its text) and the user's
// own patterns (leaseLens.logs.leadershipPatterns).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LeadershipSignal } from '../../src/shared/types';
import { leadershipSignals, matchLeadership } from '../../src/core/logLine';
import {
  compileLeadershipPatterns,
  leadershipMatcher,
  leadershipPatternLineChars,
  matchLeadershipWith,
  maxLeadershipPatternChars,
  maxLeadershipPatterns,
  repeatsComplexGroup,
} from '../../src/core/leadershipPatterns';
import { readFixture } from '../support/fixtures';

interface FixtureLine {
  source: string;
  expected: LeadershipSignal | undefined;
  line: string;
}

function fixtureLines(): FixtureLine[] {
  const out: FixtureLine[] = [];
  let source = '';
  for (const raw of readFixture('leadership-lines-other-clients.txt').split('\n')) {
    const header = /^## ([\w.-]+\/[\w.-]+)[, ]/.exec(raw);
    if (header?.[1] !== undefined) {
      source = header[1];
    }
    if (raw === '' || raw.startsWith('#')) {
      continue;
    }
    const tab = raw.indexOf('\t');
    assert.ok(tab > 0, `fixture line without a tab: ${raw}`);
    const expected = raw.slice(0, tab);
    assert.ok(expected === '-' || (leadershipSignals as readonly string[]).includes(expected), `unknown signal ${expected}`);
    out.push({ source, expected: expected === '-' ? undefined : (expected as LeadershipSignal), line: raw.slice(tab + 1) });
  }
  return out;
}

const lines = fixtureLines();

describe('matchLeadership on leadership-lines-other-clients.txt', () => {
  for (const { source, expected, line } of lines) {
    test(`${expected ?? 'none'}: ${line.slice(0, 90)}`, () => {
      assert.equal(matchLeadership(line), expected, `${source}\n${line}`);
    });
  }

  test('the fixture covers every client and every kind of line asked for', () => {
    const sources = new Set(lines.map((l) => l.source));
    for (const repo of [
      'fabric8io/kubernetes-client',
      'spring-cloud/spring-cloud-kubernetes',
      'nolar/kopf',
      'hendrikmaus/kube-leader-election',
      'olix0r/kubert',
      'kubernetes-sigs/controller-runtime',
      'cilium/cilium',
    ]) {
      assert.ok(sources.has(repo), `lines from ${repo}`);
    }
    const signals = new Set(lines.map((l) => l.expected));
    for (const s of leadershipSignals) {
      assert.ok(signals.has(s), `a line for ${s}`);
    }
    assert.ok(lines.filter((l) => l.expected === undefined).length >= 20, 'negatives');
  });

  test('with the --timestamps prefix too', () => {
    for (const { expected, line } of lines) {
      assert.equal(matchLeadership(`2026-11-21T00:41:17.924123456Z ${line}`), expected, line);
    }
  });

  test('client-go phrases that look alike keep their meaning', () => {
    assert.equal(matchLeadership('successfully renewed lease kube-system/x'), undefined);
    assert.equal(matchLeadership('Successfully Acquired leader lease x'), 'acquired');
    assert.equal(matchLeadership('failed to renew lease x: timed out'), 'renew-failed');
    assert.equal(matchLeadership('the new leaderboard is ready'), undefined);
    assert.equal(matchLeadership('leader-election-lost-handler started'), undefined);
  });
});

describe('leaseLens.logs.leadershipPatterns', () => {
  test('a valid pattern gives its meaning to lines the built-in phrases do not know', () => {
    const { patterns, problems } = compileLeadershipPatterns({
      '^my-operator: took over (\\S+)$': 'acquired',
      'handing over\\b': 'released',
    });
    assert.deepEqual(problems, []);
    assert.equal(patterns.length, 2);
    const match = leadershipMatcher(patterns);
    assert.equal(matchLeadership('my-operator: took over payments/x'), undefined);
    assert.equal(match('my-operator: took over payments/x'), 'acquired');
    assert.equal(match('MY-OPERATOR: TOOK OVER payments/x'), 'acquired', 'case-insensitive');
    assert.equal(match('now handing over to the next replica'), 'released');
    assert.equal(match('nothing to see'), undefined);
    // The built-in phrases still count.
    assert.equal(match('successfully acquired lease kube-system/x'), 'acquired');
    assert.equal(match('Leader election lost'), 'lost');
  });

  test("the user's pattern is tried first and the first matching pattern wins", () => {
    const { patterns } = compileLeadershipPatterns({ 'failed to renew lease .*: transient': 'new-leader', renew: 'lost' });
    assert.equal(matchLeadershipWith(patterns, 'failed to renew lease x: transient hiccup'), 'new-leader');
    assert.equal(matchLeadershipWith(patterns, 'failed to renew lease x: timed out'), 'lost');
  });

  test('every signal can be a meaning; anything else is a problem and the pattern is skipped', () => {
    const setting = Object.fromEntries(leadershipSignals.map((s, i) => [`pattern-${i}`, s]));
    const ok = compileLeadershipPatterns(setting);
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(
      ok.patterns.map((p) => p.signal),
      [...leadershipSignals],
    );
    const bad = compileLeadershipPatterns({ 'took over': 'leader', 'gave up': 'lost', x: 42 as unknown as string });
    assert.deepEqual(
      bad.patterns.map((p) => p.source),
      ['gave up'],
    );
    assert.equal(bad.problems.length, 2);
    assert.match(bad.problems[0] ?? '', /took over.*one of attempting, acquired/);
  });

  test('an invalid regular expression is reported with its error and skipped; the others still work', () => {
    const { patterns, problems } = compileLeadershipPatterns({ 'took (over': 'acquired', 'gave up': 'lost' });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /took \(over.*(Unterminated group|Invalid regular expression)/);
    assert.equal(leadershipMatcher(patterns)('gave up the lease'), 'lost');
    assert.equal(leadershipMatcher(patterns)('took (over'), undefined);
  });

  test('an empty pattern, a very long one and those beyond the limit are skipped', () => {
    assert.equal(compileLeadershipPatterns({ '': 'acquired' }).patterns.length, 0);
    assert.match(compileLeadershipPatterns({ '': 'acquired' }).problems[0] ?? '', /empty/);
    const long = compileLeadershipPatterns({ ['a'.repeat(maxLeadershipPatternChars + 1)]: 'acquired' });
    assert.equal(long.patterns.length, 0);
    assert.match(long.problems[0] ?? '', /longer than 500/);
    const many = compileLeadershipPatterns(
      Object.fromEntries(Array.from({ length: maxLeadershipPatterns + 3 }, (_, i) => [`p${i}`, 'acquired'])),
    );
    assert.equal(many.patterns.length, maxLeadershipPatterns);
    assert.equal(many.problems.length, 3);
  });

  test('patterns that repeat a group holding a quantifier or an alternative are refused with a clear message', () => {
    for (const source of ['(a+)+$', '(?:\\w+\\s?)*x', '(a|ab)*c', '((a)*b)+', '(x+){2,}', '(.*a){3}', '^(([a-z])+.)+[A-Z]([a-z])+$']) {
      assert.equal(repeatsComplexGroup(source), true, source);
      const { patterns, problems } = compileLeadershipPatterns({ [source]: 'lost' });
      assert.equal(patterns.length, 0, source);
      assert.match(problems[0] ?? '', /repeats a group that holds a quantifier or an alternative/, source);
    }
  });

  test('ordinary patterns are accepted: quantifiers outside groups, optional groups, escapes and classes', () => {
    for (const source of [
      'took over (\\S+)',
      '^\\[\\w+\\] leader is (\\w+)$',
      '(foo|bar)? became primary',
      '(ab)+ x',
      '[(+*)]+ leader',
      '\\(a+\\)+ leader',
      '(?:primary|leader) elected',
      'a{1,2} (b){1}',
    ]) {
      assert.equal(repeatsComplexGroup(source), false, source);
      assert.deepEqual(compileLeadershipPatterns({ [source]: 'acquired' }).problems, [], source);
    }
  });

  test('user patterns see at most the first 2,000 characters of a line, so a long line costs little', () => {
    const { patterns } = compileLeadershipPatterns({ 'took over$': 'acquired', '^x+y': 'lost' });
    const long = `${'x'.repeat(leadershipPatternLineChars)} took over`;
    assert.equal(matchLeadershipWith(patterns, long), undefined);
    assert.equal(matchLeadershipWith(patterns, 'x'.repeat(leadershipPatternLineChars - 1) + 'y'), 'lost');
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      matchLeadershipWith(patterns, 'x'.repeat(1_000_000));
    }
    assert.ok(performance.now() - started < 2_000);
  });

  test('with no patterns the matcher is the built-in one', () => {
    assert.equal(leadershipMatcher([]), matchLeadership);
    assert.deepEqual(compileLeadershipPatterns(undefined), { patterns: [], problems: [] });
  });
});
