// The election's timing read from pod command lines and checked (src/core/electionTiming.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { electionFlags, electionTiming, readElectionConfig, timingChecks } from '../../src/core/electionTiming';
import { parseGoDuration } from '../../src/core/goDuration';
import type { TimingCheck } from '../../src/shared/timing';

const level = (checks: TimingCheck[], id: TimingCheck['id']): string | undefined => checks.find((c) => c.id === id)?.level;

describe('parseGoDuration', () => {
  test('reads Go durations and refuses what Go refuses', () => {
    assert.deepEqual(['15s', '1m30s', '500ms', '1.5s', '2h', '0', '-2s', '15', '', '15 s', 's', '2s3'].map(parseGoDuration), [
      15_000,
      90_000,
      500,
      1500,
      7_200_000,
      0,
      -2000,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('electionFlags', () => {
  test('reads --flag=value and --flag value, kube and controller-runtime names, and nothing else', () => {
    const items = [
      '/usr/local/bin/kube-scheduler',
      '--leader-elect=true',
      '--leader-elect-lease-duration',
      '20s',
      '--leader-election-renew-deadline=12s',
      '-leader-elect-retry-period=3s',
      '--leader-elect-resource-name=sched',
      '--leader-elect-lease-durations=1s',
      '--kubeconfig=/etc/kubernetes/scheduler.conf',
    ];
    assert.deepEqual(
      electionFlags(items).map((f) => [f.flag, f.raw, f.index, f.valueIndex]),
      [
        ['leader-elect', 'true', 1, 1],
        ['leader-elect-lease-duration', '20s', 2, 3],
        ['leader-election-renew-deadline', '12s', 4, 4],
        ['leader-elect-retry-period', '3s', 5, 5],
        ['leader-elect-resource-name', 'sched', 6, 6],
      ],
    );
    assert.deepEqual(
      electionFlags(['--leader-elect', '--leader-elect-retry-period', '2s']).map((f) => [f.sets, f.raw]),
      [
        ['leaderElect', ''],
        ['retryPeriod', '2s'],
      ],
    );
  });
});

describe('readElectionConfig', () => {
  test('client-go defaults with their source when no pod sets a flag', () => {
    const config = readElectionConfig([{ name: 'a', containers: [{ name: 'c', items: ['run', '--v=2'] }] }]);
    assert.deepEqual(
      [config.values.leaseDuration, config.values.renewDeadline, config.values.retryPeriod].map((v) => [v.ms, v.source.kind]),
      [
        [15_000, 'default'],
        [10_000, 'default'],
        [2_000, 'default'],
      ],
    );
    assert.equal(config.pod, 'a');
  });

  test('the first container with election flags wins, and says which flag in which container', () => {
    const config = readElectionConfig([
      {
        name: 'holder-pod',
        containers: [
          { name: 'sidecar', items: ['envoy'] },
          { name: 'manager', items: ['/manager', '--leader-election-lease-duration=30s'] },
        ],
      },
      { name: 'other', containers: [{ name: 'manager', items: ['/manager', '--leader-election-lease-duration=60s'] }] },
    ]);
    assert.deepEqual(config.values.leaseDuration, {
      ms: 30_000,
      source: { kind: 'flag', flag: 'leader-election-lease-duration', pod: 'holder-pod', container: 'manager', raw: '30s' },
    });
    assert.equal(config.values.renewDeadline.source.kind, 'default');
  });
});

describe('timingChecks', () => {
  const config = (lease: string, deadline: string, retry: string): ReturnType<typeof readElectionConfig> =>
    readElectionConfig([
      {
        name: 'p',
        containers: [
          {
            name: 'c',
            items: [
              `--leader-elect-lease-duration=${lease}`,
              `--leader-elect-renew-deadline=${deadline}`,
              `--leader-elect-retry-period=${retry}`,
            ],
          },
        ],
      },
    ]);

  test('the defaults pass every check', () => {
    const checks = timingChecks(config('15s', '10s', '2s'), {
      leaseDurationSeconds: 15,
      renewCount: 10,
      renewMedianMs: 2000,
      renewMaxMs: 2100,
      maxGapMs: 12_000,
    });
    assert.deepEqual(
      checks.filter((c) => c.level !== 'ok').map((c) => c.message),
      [],
    );
    assert.ok(checks.every((c) => c.message.length > 0 && !c.message.includes('{')));
  });

  test('the order client-go enforces: lease > deadline > retry × 1.2', () => {
    assert.equal(level(timingChecks(config('10s', '10s', '2s')), 'lease-over-deadline'), 'error');
    assert.equal(level(timingChecks(config('15s', '6s', '5s')), 'deadline-over-jitter'), 'error');
    assert.equal(level(timingChecks(config('15s', '6.1s', '5s')), 'deadline-over-jitter'), 'ok');
    assert.match(timingChecks(config('15s', '6s', '5s')).find((c) => c.id === 'deadline-over-jitter')?.message ?? '', /6s.*1\.2.*6s/);
  });

  test('a renew deadline within one retry period of the lease duration warns (the demo workload)', () => {
    const checks = timingChecks(config('15s', '14s', '5s'));
    assert.equal(level(checks, 'deadline-margin'), 'warn');
    assert.equal(level(checks, 'lease-over-deadline'), 'ok');
  });

  test('recommended ranges', () => {
    const checks = timingChecks(config('60s', '40s', '1s'));
    assert.deepEqual(
      ['range-lease', 'range-deadline', 'range-retry'].map((id) => level(checks, id as TimingCheck['id'])),
      ['warn', 'warn', 'warn'],
    );
  });

  test("the Lease's leaseDurationSeconds against the flag", () => {
    assert.equal(level(timingChecks(config('15s', '10s', '2s'), { leaseDurationSeconds: 30 }), 'lease-seconds'), 'warn');
    assert.equal(level(timingChecks(config('15s', '10s', '2s'), {}), 'lease-seconds'), undefined);
  });

  test('observed renewals against the retry period and the renew deadline', () => {
    const observe = (medianMs: number, maxMs: number): TimingCheck[] =>
      timingChecks(config('15s', '10s', '2s'), { renewCount: 5, renewMedianMs: medianMs, renewMaxMs: maxMs });
    assert.equal(level(observe(2000, 2000), 'renew-interval'), 'ok');
    assert.equal(level(observe(4000, 4000), 'renew-interval'), 'warn');
    assert.equal(level(observe(2000, 8000), 'renew-deadline-headroom'), 'warn');
    assert.equal(level(observe(2000, 11_000), 'renew-deadline-headroom'), 'error');
    assert.equal(level(observe(2000, 3000), 'renew-deadline-headroom'), 'ok');
  });

  test('worst-case failover against the observed gaps', () => {
    assert.equal(level(timingChecks(config('15s', '10s', '2s'), { maxGapMs: 16_000 }), 'failover'), 'ok');
    const late = timingChecks(config('15s', '10s', '2s'), { maxGapMs: 40_000 }).find((c) => c.id === 'failover');
    assert.equal(late?.level, 'warn');
    assert.match(late?.message ?? '', /40s.*17s/);
  });

  test('invalid values and disabled election', () => {
    const bad = readElectionConfig([
      { name: 'p', containers: [{ name: 'c', items: ['--leader-elect=maybe', '--leader-elect-lease-duration=15'] }] },
    ]);
    assert.deepEqual(
      bad.invalid.map((i) => i.flag),
      ['leader-elect', 'leader-elect-lease-duration'],
    );
    assert.equal(bad.values.leaseDuration.source.kind, 'default');
    assert.equal(level(timingChecks(bad), 'invalid-flag'), 'error');
    const off = electionTiming(readElectionConfig([{ name: 'p', containers: [{ name: 'c', items: ['--leader-elect=false'] }] }]));
    assert.equal(off.leaderElect, false);
    assert.equal(level(off.checks, 'disabled'), 'warn');
  });
});
