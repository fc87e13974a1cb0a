import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  advanceSplitBrain,
  defaultRetryPeriodMs,
  findSplitBrainEvidence,
  nextAlarmCheck,
  type SplitBrainInput,
} from '../../src/core/splitBrain';
import type { PodMetrics } from '../../src/shared/splitBrain';
import type { LeaseEvent } from '../../src/shared/types';

const NOW = 1_800_000_000_000;

function input(over: Partial<SplitBrainInput> = {}): SplitBrainInput {
  return {
    now: NOW,
    lease: { holder: 'ctl-a_1234', acquiredAt: NOW - 60_000, renewedAt: NOW - 1_000, durationMs: 15_000, observedAt: NOW - 1_000 },
    holderSeenAt: NOW - 60_000,
    pods: [
      { name: 'ctl-a', holder: true, restarts: 0, running: true },
      { name: 'ctl-b', holder: false, restarts: 0, running: true },
      { name: 'ctl-c', holder: false, restarts: 0, running: true },
    ],
    metrics: [],
    metricsMaxAgeMs: 30_000,
    lines: [],
    events: [],
    ...over,
  };
}

function reading(pod: string, masterStatus: number | undefined, readAt = NOW - 500): PodMetrics {
  return { pod, readAt, ...(masterStatus === undefined ? { note: 'no port' } : { masterStatus }) };
}

function event(message: string, time: number): LeaseEvent {
  return { uid: message, time, type: 'Normal', reason: 'LeaderElection', message, source: 'ctl', count: 1 };
}

const kinds = (i: SplitBrainInput): string[] => findSplitBrainEvidence(i).map((e) => `${e.kind}:${e.pods.join(',')}`);

describe('findSplitBrainEvidence', () => {
  const cases: [string, Partial<SplitBrainInput>, string[]][] = [
    ['nothing known: no evidence', {}, []],
    ['one leader by metrics: none', { metrics: [reading('ctl-a', 1), reading('ctl-b', 0), reading('ctl-c', undefined)] }, []],
    ['two pods report master status 1', { metrics: [reading('ctl-a', 1), reading('ctl-b', 1)] }, ['metrics-two-leaders:ctl-a,ctl-b']],
    ['a stale reading does not count', { metrics: [reading('ctl-a', 1), reading('ctl-b', 1, NOW - 40_000)] }, []],
    [
      'a reading from before the holder was seen does not count',
      { metrics: [reading('ctl-a', 1), reading('ctl-b', 1, NOW - 70_000)], metricsMaxAgeMs: 100_000 },
      [],
    ],
    [
      'a pod not running does not count',
      {
        metrics: [reading('ctl-a', 1), reading('ctl-b', 1)],
        pods: [
          { name: 'ctl-a', holder: true, restarts: 0, running: true },
          { name: 'ctl-b', holder: false, restarts: 0, running: false },
        ],
      },
      [],
    ],
    ['the holder reports 0 while it renews', { metrics: [reading('ctl-a', 0), reading('ctl-b', 0)] }, ['metrics-holder-not-leading:ctl-a']],
    [
      'the holder reports 0 after its Lease ran out: no evidence',
      {
        metrics: [reading('ctl-a', 0)],
        lease: { holder: 'ctl-a_1234', acquiredAt: NOW - 60_000, renewedAt: NOW - 20_000, durationMs: 15_000, observedAt: NOW - 20_000 },
      },
      [],
    ],
    [
      'two latest log lines say acquired',
      {
        lines: [
          { pod: 'ctl-a', signal: 'acquired', time: NOW - 9_000, restarts: 0 },
          { pod: 'ctl-b', signal: 'acquired', time: NOW - 3_000, restarts: 0 },
        ],
      },
      ['logs-two-leaders:ctl-a,ctl-b'],
    ],
    [
      'a log line from before a restart is stale',
      {
        lines: [
          { pod: 'ctl-a', signal: 'acquired', time: NOW - 9_000, restarts: 0 },
          { pod: 'ctl-b', signal: 'acquired', time: NOW - 3_000, restarts: 0 },
        ],
        pods: [
          { name: 'ctl-a', holder: true, restarts: 0, running: true },
          { name: 'ctl-b', holder: false, restarts: 1, running: true },
        ],
      },
      [],
    ],
    [
      'one acquired, one lost: none',
      {
        lines: [
          { pod: 'ctl-a', signal: 'acquired', time: NOW - 9_000, restarts: 0 },
          { pod: 'ctl-b', signal: 'lost', time: NOW - 3_000, restarts: 0 },
        ],
      },
      [],
    ],
    [
      'a became-leader Event of another identity while the holder renews',
      { events: [event('ctl-b_99 became leader', NOW - 5_000)] },
      ['event-other-leader:ctl-b_99'],
    ],
    ['the holder’s own Event: none', { events: [event('ctl-a_1234 became leader', NOW - 5_000)] }, []],
    ['an Event from before the holder acquired: none', { events: [event('ctl-b_99 became leader', NOW - 70_000)] }, []],
    ['an Event after the holder’s last renewal: none yet', { events: [event('ctl-b_99 became leader', NOW - 500)] }, []],
    ['another message: none', { events: [event('ctl-b_99 stopped leading', NOW - 5_000)] }, []],
  ];
  for (const [what, over, expected] of cases) {
    test(what, () => assert.deepEqual(kinds(input(over)), expected));
  }

  test('evidence says what it rests on, with hostile names clipped to one printable line', () => {
    const [e] = findSplitBrainEvidence(
      input({
        pods: [
          { name: 'ctl-a', holder: true, restarts: 0, running: true },
          { name: 'evil\u202e<b>x</b>', holder: false, restarts: 0, running: true },
        ],
        metrics: [reading('ctl-a', 1), reading('evil\u202e<b>x</b>', 1)],
      }),
    );
    assert.ok(e);
    assert.match(e.detail, /leader_election_master_status/);
    assert.doesNotMatch(e.detail, /\u202e/);
  });
});

describe('advanceSplitBrain', () => {
  const found = findSplitBrainEvidence(input({ metrics: [reading('ctl-a', 1), reading('ctl-b', 1)] }));

  test('evidence alarms only once it has lasted the retry period', () => {
    const s0 = advanceSplitBrain(undefined, found, NOW, defaultRetryPeriodMs);
    assert.equal(s0.alarm, false);
    assert.equal(s0.evidence[0]!.since, NOW);
    assert.equal(nextAlarmCheck(s0), NOW + defaultRetryPeriodMs);
    const s1 = advanceSplitBrain(s0, found, NOW + defaultRetryPeriodMs - 1, defaultRetryPeriodMs);
    assert.equal(s1.alarm, false);
    const s2 = advanceSplitBrain(s1, found, NOW + defaultRetryPeriodMs, defaultRetryPeriodMs);
    assert.equal(s2.alarm, true);
    assert.equal(s2.alarmSince, NOW + defaultRetryPeriodMs);
    assert.equal(nextAlarmCheck(s2), undefined);
    const s3 = advanceSplitBrain(s2, found, NOW + 10_000, defaultRetryPeriodMs);
    assert.equal(s3.alarmSince, NOW + defaultRetryPeriodMs, 'the alarm keeps its start');
  });

  test('evidence that goes away starts again from zero; the retry period is a parameter', () => {
    const s0 = advanceSplitBrain(undefined, found, NOW, 5_000);
    const s1 = advanceSplitBrain(s0, [], NOW + 1_000, 5_000);
    assert.deepEqual(s1, { alarm: false, retryPeriodMs: 5_000, evidence: [] });
    const s2 = advanceSplitBrain(s1, found, NOW + 2_000, 5_000);
    assert.equal(s2.evidence[0]!.since, NOW + 2_000);
    assert.equal(advanceSplitBrain(s2, found, NOW + 6_000, 5_000).alarm, false);
    assert.equal(advanceSplitBrain(s2, found, NOW + 7_000, 5_000).alarm, true);
  });
});
