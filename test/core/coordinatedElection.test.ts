// Which candidate a coordinated election's strategy would pick: the rules of kube-apiserver's
// leader-election controller (pkg/controlplane/controller/leaderelection/election.go).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareCandidates, compareSemVer, coordinatedPick, leaseCandidateValidMs, parseSemVer } from '../../src/core/coordinatedElection';
import type { LeaseCandidateInfo } from '../../src/shared/types';
import { microTime } from '../support/builders';

const now = Date.parse('2026-12-06T02:00:00Z');

function candidate(name: string, patch: Partial<LeaseCandidateInfo> = {}): LeaseCandidateInfo {
  return {
    name,
    uid: `uid-${name}`,
    apiVersion: 'coordination.k8s.io/v1beta1',
    leaseName: 'kube-scheduler',
    binaryVersion: '1.33.0',
    emulationVersion: '1.33.0',
    strategy: 'OldestEmulationVersion',
    renewTime: microTime(now - 10_000),
    pingTime: microTime(now - 12_000),
    creationTimestamp: '2026-12-01T00:00:00Z',
    ...patch,
  };
}

describe('semantic versions as blang/semver ParseTolerant reads them', () => {
  test('tolerant forms', () => {
    assert.deepEqual(parseSemVer('v1.31'), { major: 1, minor: 31, patch: 0, pre: [] });
    assert.deepEqual(parseSemVer(' 1.32.1 '), { major: 1, minor: 32, patch: 1, pre: [] });
    assert.deepEqual(parseSemVer('1.33.0-alpha.1+abc'), { major: 1, minor: 33, patch: 0, pre: ['alpha', '1'] });
    assert.equal(parseSemVer('latest'), undefined);
    assert.equal(parseSemVer('1.2.3.4'), undefined);
    assert.equal(parseSemVer(undefined), undefined);
  });

  test('precedence: numbers, then a pre-release below its release', () => {
    const v = (s: string) => parseSemVer(s)!;
    assert.equal(compareSemVer(v('1.31.0'), v('1.32.0')), -1);
    assert.equal(compareSemVer(v('1.10.0'), v('1.9.0')), 1, 'numeric, not lexical');
    assert.equal(compareSemVer(v('1.33.0-alpha.1'), v('1.33.0')), -1);
    assert.equal(compareSemVer(v('1.33.0-alpha.2'), v('1.33.0-alpha.10')), -1);
    assert.equal(compareSemVer(v('1.33.0-beta'), v('1.33.0-alpha.1')), 1);
    assert.equal(compareSemVer(v('v1.33'), v('1.33.0')), 0);
  });
});

describe('OldestEmulationVersion picks like the controller', () => {
  test('the lowest emulation version wins, whatever the binary version', () => {
    const pick = coordinatedPick(
      { strategy: 'OldestEmulationVersion' },
      [
        candidate('new', { binaryVersion: '1.34.0', emulationVersion: '1.34.0' }),
        candidate('old-emulating', { binaryVersion: '1.34.0', emulationVersion: '1.33.0' }),
        candidate('mid', { binaryVersion: '1.33.2', emulationVersion: '1.33.2' }),
      ],
      now,
    );
    assert.equal(pick.picked, 'old-emulating');
    assert.equal(pick.strategy, 'OldestEmulationVersion');
    assert.equal(pick.strategySource, 'lease');
    assert.equal(pick.reason, undefined);
  });

  test('same emulation version: the lower binary version; then the earlier creation', () => {
    const byBinary = coordinatedPick(
      { strategy: 'OldestEmulationVersion' },
      [
        candidate('a', { binaryVersion: '1.34.0', emulationVersion: '1.33.0' }),
        candidate('b', { binaryVersion: '1.33.0', emulationVersion: '1.33.0' }),
      ],
      now,
    );
    assert.equal(byBinary.picked, 'b');
    const byAge = coordinatedPick(
      { strategy: 'OldestEmulationVersion' },
      [candidate('young', { creationTimestamp: '2026-12-05T00:00:00Z' }), candidate('old', { creationTimestamp: '2026-12-01T00:00:00Z' })],
      now,
    );
    assert.equal(byAge.picked, 'old');
    assert.ok(compareCandidates(candidate('young', { creationTimestamp: '2026-12-05T00:00:00Z' }), candidate('old')) > 0);
  });

  test('a candidate not renewed for 30 minutes takes no part, nor one without a renewTime', () => {
    const stale = candidate('stale', { emulationVersion: '1.30.0', renewTime: microTime(now - leaseCandidateValidMs - 1000) });
    const never = candidate('never', { emulationVersion: '1.29.0', renewTime: undefined });
    const fresh = candidate('fresh', { emulationVersion: '1.33.0', renewTime: microTime(now - leaseCandidateValidMs + 1000) });
    const pick = coordinatedPick({ strategy: 'OldestEmulationVersion' }, [stale, never, fresh], now);
    assert.equal(pick.picked, 'fresh');
    assert.deepEqual(
      pick.verdicts.map((v) => [v.name, v.eligible]),
      [
        ['stale', false],
        ['never', false],
        ['fresh', true],
      ],
    );
    assert.match(pick.verdicts[0]?.reason ?? '', /30 minutes/);
  });

  test('a version that is not semver makes a candidate invalid for the strategy', () => {
    const pick = coordinatedPick(
      { strategy: 'OldestEmulationVersion' },
      [candidate('bad', { emulationVersion: 'old' }), candidate('good', { emulationVersion: '1.33.0' })],
      now,
    );
    assert.equal(pick.picked, 'good');
    assert.equal(pick.verdicts[0]?.eligible, false);
    assert.match(pick.verdicts[0]?.reason ?? '', /semantic version/);
  });

  test('no eligible candidate: no pick, with a reason', () => {
    const pick = coordinatedPick({ strategy: 'OldestEmulationVersion' }, [candidate('x', { renewTime: undefined })], now);
    assert.equal(pick.picked, undefined);
    assert.equal(pick.reason, 'no eligible candidate');
  });
});

describe('strategies', () => {
  test('a strategy the controller does not run: no pick, with a reason naming it', () => {
    const pick = coordinatedPick({ strategy: 'example.com/Custom' }, [candidate('a', { strategy: 'example.com/Custom' })], now);
    assert.equal(pick.picked, undefined);
    assert.match(pick.reason ?? '', /example\.com\/Custom is not run by the Kubernetes controller/);
  });

  test('without a strategy on the Lease: the candidate with the highest binary version names it', () => {
    const pick = coordinatedPick(
      {},
      [
        candidate('a', { binaryVersion: '1.32.0', emulationVersion: '1.32.0', strategy: 'example.com/Other' }),
        candidate('b', { binaryVersion: '1.33.0', emulationVersion: '1.32.0' }),
      ],
      now,
    );
    assert.equal(pick.strategy, 'OldestEmulationVersion');
    assert.equal(pick.strategySource, 'candidates');
    assert.equal(pick.picked, 'a', 'same emulation version, lower binary version');
  });

  test('two candidates at the same binary version with different strategies: a conflict, no pick', () => {
    const pick = coordinatedPick(
      {},
      [candidate('a', { strategy: 'OldestEmulationVersion' }), candidate('b', { strategy: 'example.com/Other' })],
      now,
    );
    assert.equal(pick.picked, undefined);
    assert.match(pick.reason ?? '', /different strategies/);
  });

  test('no candidates', () => {
    assert.equal(coordinatedPick({ strategy: 'OldestEmulationVersion' }, [], now).reason, 'no LeaseCandidates name this Lease');
  });
});
