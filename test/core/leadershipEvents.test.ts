import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toLeaseEvent } from '../../src/core/events';
import { leaderElectionSignal, seedFromEvents } from '../../src/core/leadershipEvents';
import { emptyRecord, MAX_HOLDER_LENGTH, observe, transitionsWithin } from '../../src/core/leadershipRecord';
import type { LeaseEvent } from '../../src/shared/types';
import { at, leaseInfo } from '../support/builders';
import { fixtureEvents, fixtureLeaseObjects } from '../support/fixtures';
import { A, B, C, held, HOUR, leaderEvent, released, replay, rows, T0, type Row, type Step } from './leadershipHistory';

describe('LeaderElection Events', () => {
  test('"<identity> became leader" and "<identity> stopped leading" with reason LeaderElection', () => {
    assert.deepEqual(leaderElectionSignal(leaderEvent(A, 'became leader', 5)), { identity: A, change: 'became-leader', time: T0 + 5 });
    assert.deepEqual(leaderElectionSignal(leaderEvent(B, 'stopped leading', 7)), { identity: B, change: 'stopped-leading', time: T0 + 7 });
  });

  const ignored: [string, LeaseEvent][] = [
    ['another reason', leaderEvent(A, 'became leader', 0, 'Created')],
    ['another message', { ...leaderEvent(A, 'became leader', 0), message: `${A} is leading` }],
    ['no identity', { ...leaderEvent(A, 'became leader', 0), message: ' became leader' }],
    ['an identity over two lines', { ...leaderEvent(A, 'became leader', 0), message: 'a\nb became leader' }],
    ['an identity too long', { ...leaderEvent(A, 'became leader', 0), message: `${'x'.repeat(MAX_HOLDER_LENGTH + 1)} became leader` }],
    ['a time that is not finite', { ...leaderEvent(A, 'became leader', 0), time: Number.NaN }],
  ];
  for (const [name, event] of ignored) {
    test(`ignored: ${name}`, () => {
      assert.equal(leaderElectionSignal(event), undefined);
      assert.deepEqual(seedFromEvents(emptyRecord(), [event]), emptyRecord());
    });
  }
});

interface Case {
  name: string;
  steps: Step[];
  terms: Row[];
}

// Times in ms after T0; rows: holder, acquired, end, lostAt, gap before, source.
const cases: Case[] = [
  {
    name: 'Events only: terms from "became leader", ended by "stopped leading" (cause unknown), gaps from the stop',
    steps: [
      {
        events: [
          leaderEvent(C, 'became leader', 40_000),
          leaderEvent(A, 'became leader', 0),
          leaderEvent(A, 'stopped leading', 10_000),
          leaderEvent(B, 'became leader', 12_000),
        ],
      },
    ],
    terms: [
      [A, 0, 'unknown', 10_000, null, 'events'],
      [B, 12_000, 'unknown', null, 2000, 'events'],
      [C, 40_000, 'open', null, null, 'events'],
    ],
  },
  {
    name: 'Events, then the watch sees the same term: merged, its acquireTime kept',
    steps: [
      { events: [leaderEvent(A, 'became leader', 0), leaderEvent(A, 'stopped leading', 10_000), leaderEvent(B, 'became leader', 12_000)] },
      { obs: held(B, 11_999.5, 20_000, 4), at: 20_000 },
      { obs: held(B, 11_999.5, 22_000, 4), at: 22_000 },
    ],
    terms: [
      [A, 0, 'unknown', 10_000, null, 'events'],
      [B, 11_999.5, 'open', null, 1999.5, 'watch'],
    ],
  },
  {
    name: 'Events, then the watch sees another holder: the Events term ends, its gap unknown',
    steps: [{ events: [leaderEvent(A, 'became leader', 0)] }, { obs: held(B, 60_000, 60_000, 1), at: 60_000 }],
    terms: [
      [A, 0, 'unknown', null, null, 'events'],
      [B, 60_000, 'open', null, null, 'watch'],
    ],
  },
  {
    name: 'Events with a stop, then the watch sees the next holder: the gap from the stop',
    steps: [
      { events: [leaderEvent(A, 'became leader', 0), leaderEvent(A, 'stopped leading', 50_000)] },
      { obs: held(B, 60_000.25, 60_000.25, 1), at: 60_100 },
    ],
    terms: [
      [A, 0, 'unknown', 50_000, null, 'events'],
      [B, 60_000.25, 'open', null, 10_000.25, 'watch'],
    ],
  },
  {
    name: 'Events newer than the watched term are the watch’s business: dropped',
    steps: [
      { events: [leaderEvent(A, 'became leader', 0), leaderEvent(B, 'became leader', 50_000)] },
      { obs: held(A, 0, 70_000, 1), at: 70_000 },
    ],
    terms: [[A, 0, 'open', null, null, 'watch']],
  },
  {
    name: 'the watch first, then older Events: added before it, the watched term not duplicated',
    steps: [
      { obs: held(A, 100_000, 100_000, 3), at: 100_500 },
      {
        events: [
          leaderEvent(C, 'became leader', 10_000),
          leaderEvent(C, 'stopped leading', 20_000),
          leaderEvent(B, 'became leader', 30_000),
          leaderEvent(B, 'stopped leading', 90_000),
          leaderEvent(A, 'became leader', 100_000.5),
          leaderEvent(C, 'became leader', 200_000), // after the watch began: the watch says
        ],
      },
    ],
    terms: [
      [C, 10_000, 'unknown', 20_000, null, 'events'],
      [B, 30_000, 'unknown', 90_000, 10_000, 'events'],
      [A, 100_000, 'open', null, 10_000, 'watch'],
    ],
  },
  {
    name: 'seeding again, with more and with fewer Events, keeps what is known and adds what is new',
    steps: [
      { obs: held(A, 100_000, 100_000, 3), at: 100_500 },
      { events: [leaderEvent(B, 'became leader', 30_000), leaderEvent(B, 'stopped leading', 90_000)] },
      { events: [leaderEvent(B, 'became leader', 30_000), leaderEvent(B, 'stopped leading', 90_000)] },
      { events: [leaderEvent(C, 'became leader', 10_000), leaderEvent(C, 'stopped leading', 20_000)] },
      { events: [] },
    ],
    terms: [
      [C, 10_000, 'unknown', 20_000, null, 'events'],
      [B, 30_000, 'unknown', 90_000, 10_000, 'events'],
      [A, 100_000, 'open', null, 10_000, 'watch'],
    ],
  },
  {
    name: 'the watch first saw a released Lease: Events before it end, the later ones are dropped',
    steps: [
      { obs: released(5000, 2), at: 9000 },
      { events: [leaderEvent(A, 'became leader', 0), leaderEvent(B, 'became leader', 10_000)] },
      { obs: held(C, 20_000, 20_000, 3), at: 20_000 },
    ],
    terms: [
      [A, 0, 'unknown', null, null, 'events'],
      [C, 20_000, 'open', null, null, 'watch'],
    ],
  },
  {
    name: 'a stop without a known start is dropped; a restart keeps Events terms',
    steps: [
      { events: [leaderEvent(B, 'stopped leading', 5000), leaderEvent(A, 'became leader', 6000)] },
      'restart',
      { obs: held(A, 6000, 8000, 1), at: 8000 },
    ],
    terms: [[A, 6000, 'open', null, null, 'watch']],
  },
];

describe('leadership record: Events history and the watch catching up', () => {
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(rows(replay(c.steps)), c.terms);
    });
  }

  test('the fixture Events, then the fixture Lease: one term, from the precise acquireTime', () => {
    const events = fixtureEvents().map(toLeaseEvent);
    assert.ok(events.every((e) => e !== undefined));
    const seeded = seedFromEvents(emptyRecord(), events as LeaseEvent[]);
    assert.deepEqual(
      seeded.terms.map((term) => [term.holder, term.acquiredAt, term.source]),
      [['cp-node-2_1f0c9a3e-7b7d-4c55-a0a1-6d2e8e3f4b21', at('2026-11-20T23:58:41.000000Z'), 'events']],
    );
    const scheduler = fixtureLeaseObjects()[0];
    assert.ok(scheduler);
    const watched = observe(seeded, leaseInfo(scheduler.spec, at('2026-11-21T00:41:18.000000Z')), at('2026-11-21T00:41:18.000000Z'));
    assert.equal(watched.terms.length, 1);
    assert.equal(watched.terms[0]?.source, 'watch');
    assert.equal(watched.terms[0]?.acquiredAt, at('2026-11-20T23:58:41.204518Z'));
    assert.equal(watched.terms[0]?.transitions, 7);
  });

  test('a record that pruned terms is not seeded (the Events could be of terms it dropped)', () => {
    const steps: Step[] = [];
    for (let i = 0; i < 51; i++) {
      steps.push({ obs: held(`pod-${i}`, 100_000 + i * 1000, 100_000 + i * 1000, i), at: 100_000 + i * 1000 });
    }
    const record = replay(steps);
    assert.equal(record.droppedTerms, 1);
    assert.equal(seedFromEvents(record, [leaderEvent(A, 'became leader', 0)]), record);
  });

  test('Events terms count as transitions', () => {
    const record = replay([{ events: [leaderEvent(A, 'became leader', 0), leaderEvent(B, 'became leader', 1000)] }]);
    assert.equal(transitionsWithin(record, T0 + 2000, HOUR), 1);
    assert.equal(transitionsWithin(record, T0 + 2000, 500), 0);
  });
});
