// The packed leadership record (src/core/packedRecord.ts) against the plain one: packing loses
// nothing, the in-place renewal gives exactly what `observe` gives, in constant time (no array is
// copied or replaced), and the queries the flags and rows read agree with the plain record's.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedFromEvents } from '../../src/core/leadershipEvents';
import {
  emptyRecord,
  estimateRecordBytes,
  lastGap,
  longestGap,
  observe,
  observeDeleted,
  resume,
  transitionsWithin,
  type LeadershipRecord,
  type RecordLimits,
} from '../../src/core/leadershipRecord';
import { parseRecord, serialise } from '../../src/core/leadershipRecordJson';
import {
  changesWithin,
  estimatePackedBytes,
  eventTermsOf,
  lastGapOf,
  longestGapOf,
  openTermOf,
  pack,
  renewPacked,
  termCount,
  unpack,
  type PackedRecord,
} from '../../src/core/packedRecord';
import { RENEW_SAMPLE_SIZE } from '../../src/core/renewStats';
import type { LeaseSpec } from '../../src/shared/types';
import { leaseInfo } from '../support/builders';
import { A, B, C, DAY, HOUR, leaderEvent, MINUTE, SECOND, T0, t } from './leadershipHistory';

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The same thing done to a plain record and to its packed twin, the packed one as the Lease server does it. */
class Twins {
  plain: LeadershipRecord = emptyRecord();
  packed: PackedRecord = pack(emptyRecord());
  fastPaths = 0;

  constructor(private readonly limits: RecordLimits) {}

  observe(spec: LeaseSpec, atMs: number, resumed = false): void {
    const lease = leaseInfo(spec, T0 + atMs);
    const plainBefore = resumed ? resume(this.plain, lease, T0 + atMs) : this.plain;
    this.plain = observe(plainBefore, lease, T0 + atMs, this.limits);
    if (!resumed && renewPacked(this.packed, lease, T0 + atMs, this.limits)) {
      this.fastPaths++;
      return;
    }
    const before = unpack(this.packed);
    this.packed = pack(observe(resumed ? resume(before, lease, T0 + atMs) : before, lease, T0 + atMs, this.limits));
  }

  deleted(atMs: number): void {
    this.plain = observeDeleted(this.plain, T0 + atMs, this.limits);
    this.packed = pack(observeDeleted(unpack(this.packed), T0 + atMs, this.limits));
  }

  events(events: Parameters<typeof seedFromEvents>[1]): void {
    this.plain = seedFromEvents(this.plain, events, this.limits);
    this.packed = pack(seedFromEvents(unpack(this.packed), events, this.limits));
  }

  restart(): void {
    const plain = parseRecord(JSON.parse(JSON.stringify(serialise(this.plain))));
    const packed = parseRecord(JSON.parse(JSON.stringify(serialise(unpack(this.packed)))));
    assert.ok(plain && packed);
    this.plain = plain;
    this.packed = pack(packed);
  }

  check(what: string): void {
    assert.deepEqual(unpack(this.packed), this.plain, what);
    const now = this.plain.lastObservedAt ?? T0;
    for (const window of [MINUTE, HOUR, DAY]) {
      assert.equal(
        changesWithin(this.packed, now, window),
        transitionsWithin(this.plain, now, window),
        `${what}: changes within ${window}`,
      );
    }
    assert.equal(lastGapOf(this.packed), lastGap(this.plain), what);
    assert.equal(longestGapOf(this.packed), longestGap(this.plain), what);
    assert.equal(eventTermsOf(this.packed), eventTermsOf(this.plain), what);
    assert.equal(termCount(this.packed), this.plain.terms.length, what);
    assert.deepEqual(openTermOf(this.packed), openTermOf(this.plain), what);
  }
}

const HOLDERS = [A, B, C];

/** A random history of one Lease: renewals (on time, late, repeated, backwards), takeovers, releases, expiries, deletions, Events, restarts. */
function randomHistory(seed: number, limits: RecordLimits): Twins {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const twins = new Twins(limits);
  let now = 10 * MINUTE;
  let holder = pick(HOLDERS);
  let acquire = now;
  let renew = now;
  let transitions = Math.floor(rand() * 3);
  let duration = 15;
  if (rand() < 0.3) {
    twins.events([leaderEvent(pick(HOLDERS), 'became leader', 1000), leaderEvent(holder, 'became leader', 5 * MINUTE)]);
    twins.check(`seed ${seed}: Events first`);
  }
  const spec = (): LeaseSpec =>
    holder === ''
      ? { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: t(renew), renewTime: t(renew), leaseTransitions: transitions }
      : {
          holderIdentity: holder,
          leaseDurationSeconds: duration,
          acquireTime: t(acquire),
          renewTime: t(renew),
          leaseTransitions: transitions,
        };
  for (let step = 0; step < 160; step++) {
    const r = rand();
    let what: string;
    if (r < 0.6) {
      what = 'renewal';
      now += 1000 + Math.floor(rand() * 3000);
      const k = rand();
      renew = k < 0.1 ? renew : k < 0.15 ? renew - 500 : now + rand();
      if (rand() < 0.03) {
        duration = pick([10, 15, 137]);
      }
      twins.observe(spec(), now);
    } else if (r < 0.72) {
      what = 'takeover';
      now += Math.floor(rand() * 20_000);
      holder = pick(HOLDERS);
      acquire = rand() < 0.8 ? now : acquire;
      renew = now;
      transitions += rand() < 0.8 ? 1 : 0;
      twins.observe(spec(), now);
    } else if (r < 0.77) {
      what = 'release';
      now += 500;
      renew = now;
      holder = '';
      twins.observe(spec(), now);
      holder = pick(HOLDERS);
    } else if (r < 0.84) {
      what = 'silence past the duration, then the same version again';
      now += 60_000 + Math.floor(rand() * 60_000);
      twins.observe(spec(), now);
    } else if (r < 0.87) {
      what = 'deletion';
      now += 1000;
      twins.deleted(now);
    } else if (r < 0.9) {
      what = 'restart';
      twins.restart();
      now += HOUR;
      renew = now;
      twins.observe(spec(), now, true);
    } else if (r < 0.92) {
      what = 'days later';
      now += Math.floor(rand() * 9) * DAY;
      renew = now;
      twins.observe(spec(), now);
    } else if (r < 0.94) {
      what = 'Events';
      twins.events([
        leaderEvent(pick(HOLDERS), 'became leader', now - 30 * SECOND),
        leaderEvent(pick(HOLDERS), 'stopped leading', now - 10 * SECOND),
      ]);
    } else {
      what = 'a version that is no renewal';
      now += 100;
      twins.observe(spec(), now);
    }
    twins.check(`seed ${seed}, step ${step}: ${what}`);
  }
  return twins;
}

describe('packed leadership record', () => {
  test('pack and unpack lose nothing of a record the rules made', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { plain } = randomHistory(seed, { maxTerms: 50, maxAgeMs: 7 * DAY });
      assert.deepEqual(unpack(pack(plain)), plain, `seed ${seed}`);
    }
  });

  test('the in-place renewal gives exactly what observe gives, through takeovers, releases, expiries, deletions, Events, restarts and pruning', () => {
    let fastPaths = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const limits: RecordLimits = seed % 3 === 0 ? { maxTerms: 4, maxAgeMs: DAY } : { maxTerms: 50, maxAgeMs: 7 * DAY };
      fastPaths += randomHistory(seed, limits).fastPaths;
    }
    assert.ok(fastPaths > 5000, `most renewals take the fast path (${fastPaths})`);
  });

  test('a renewal changes the record in place: no array copied or replaced, however many terms', () => {
    let plain = emptyRecord();
    for (let i = 0; i < 50; i++) {
      plain = observe(
        plain,
        leaseInfo(
          {
            holderIdentity: `pod-${i}_x`,
            leaseDurationSeconds: 15,
            acquireTime: t(i * MINUTE),
            renewTime: t(i * MINUTE),
            leaseTransitions: i,
          },
          T0 + i * MINUTE,
        ),
        T0 + i * MINUTE,
      );
    }
    const packed = pack(plain);
    const { nums, holders, codes } = packed;
    const length = nums.length;
    let sample: number[] | undefined;
    for (let r = 1; r <= 200; r++) {
      const atMs = 49 * MINUTE + r * 2000;
      const spec: LeaseSpec = {
        holderIdentity: 'pod-49_x',
        leaseDurationSeconds: 15,
        acquireTime: t(49 * MINUTE),
        renewTime: t(atMs),
        leaseTransitions: 49,
      };
      assert.equal(renewPacked(packed, leaseInfo(spec, T0 + atMs), T0 + atMs), true, `renewal ${r}`);
      plain = observe(plain, leaseInfo(spec, T0 + atMs), T0 + atMs);
      if (r === RENEW_SAMPLE_SIZE) {
        sample = packed.sample;
      }
    }
    assert.equal(packed.nums, nums);
    assert.equal(packed.nums.length, length);
    assert.equal(packed.holders, holders);
    assert.equal(packed.codes, codes);
    assert.equal(packed.sample, sample, 'a full sample is a ring, written in place');
    assert.equal(packed.sample.length, RENEW_SAMPLE_SIZE);
    assert.deepEqual(unpack(packed), plain);
    assert.equal(openTermOf(packed)?.renewals, 200);
    assert.equal(openTermOf(packed)?.renew.intervals.length, RENEW_SAMPLE_SIZE);
  });

  test('anything but the open term going on is declined, leaving the record as it was', () => {
    const plain = observe(
      emptyRecord(),
      leaseInfo({ holderIdentity: A, leaseDurationSeconds: 15, acquireTime: t(0), renewTime: t(0), leaseTransitions: 1 }, T0),
      T0,
    );
    const packed = pack(plain);
    const before = JSON.stringify(packed);
    const versions: [string, LeaseSpec, number][] = [
      [
        'another holder',
        { holderIdentity: B, leaseDurationSeconds: 15, acquireTime: t(2000), renewTime: t(2000), leaseTransitions: 2 },
        2000,
      ],
      [
        'the same holder, leaseTransitions moved on',
        { holderIdentity: A, leaseDurationSeconds: 15, acquireTime: t(2000), renewTime: t(2000), leaseTransitions: 2 },
        2000,
      ],
      ['released', { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: t(2000), renewTime: t(2000), leaseTransitions: 1 }, 2000],
      [
        'run out by both clocks',
        { holderIdentity: A, leaseDurationSeconds: 15, acquireTime: t(0), renewTime: t(0), leaseTransitions: 1 },
        16_000,
      ],
      [
        'an open term older than the age limit is kept, but an ended one would go',
        { holderIdentity: A, leaseDurationSeconds: 15, acquireTime: t(0), renewTime: t(8 * DAY), leaseTransitions: 1 },
        Number.NaN,
      ],
    ];
    for (const [what, spec, atMs] of versions) {
      assert.equal(renewPacked(packed, leaseInfo(spec, T0 + atMs), T0 + atMs), false, what);
      assert.equal(JSON.stringify(packed), before, what);
    }
    const deleted = pack(observeDeleted(plain, T0 + 1000));
    assert.equal(renewPacked(deleted, leaseInfo(versions[1]![1], T0 + 3000), T0 + 3000), false, 'deleted');
    assert.equal(renewPacked(pack(emptyRecord()), leaseInfo(versions[0]![1], T0), T0), false, 'never observed');
  });

  test('holders repeated in a record are one string; bytes are counted per distinct holder', () => {
    let plain = emptyRecord();
    for (let i = 0; i < 10; i++) {
      const holder = [A, B][i % 2] as string;
      // A fresh string each version, as JSON.parse makes it.
      const spec: LeaseSpec = {
        holderIdentity: `${holder}`.split('').join(''),
        leaseDurationSeconds: 15,
        acquireTime: t(i * MINUTE),
        renewTime: t(i * MINUTE),
        leaseTransitions: i,
      };
      plain = observe(plain, leaseInfo(spec, T0 + i * MINUTE), T0 + i * MINUTE);
    }
    const packed = pack(plain);
    assert.equal(new Set(packed.holders).size, 2);
    const alternating = estimatePackedBytes(packed);
    assert.equal(estimateRecordBytes(plain), alternating);
    const distinct = estimatePackedBytes({ ...packed, holders: packed.holders.map((h, i) => `${h}-${i}`) });
    assert.ok(distinct > alternating + 8 * 50, `${distinct} vs ${alternating}`);
  });

  test('the benchmark case: 10 terms of client-go holders of node-like holders stay within 2 KB; a full renew sample adds its ring', () => {
    let plain = emptyRecord();
    for (let i = 0; i < 10; i++) {
      // `<node>_<uuid>`, 62 characters, as the benchmark's node-like Leases (70 % of them) after a takeover;
      // acquireTime = renewTime, as its takeovers write them.
      const holder = `edge-07-a1b2c3-bcdfg-${1000 + i}_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d`;
      plain = observe(
        plain,
        leaseInfo(
          { holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: t(i * HOUR), renewTime: t(i * HOUR), leaseTransitions: i },
          T0 + i * HOUR,
        ),
        T0 + i * HOUR,
      );
    }
    const packed = pack(plain);
    const bytes = estimateRecordBytes(plain);
    assert.ok(bytes <= 2048, `${bytes} bytes`);
    assert.equal(packed.nums.length, 5 + 10 * 10, 'no spare capacity');
    const holder = packed.holders[9] as string;
    for (let r = 1; r <= RENEW_SAMPLE_SIZE + 4; r++) {
      const atMs = 9 * HOUR + r * 2000;
      assert.ok(
        renewPacked(
          packed,
          leaseInfo(
            { holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: t(9 * HOUR), renewTime: t(atMs), leaseTransitions: 9 },
            T0 + atMs,
          ),
          T0 + atMs,
        ),
      );
    }
    assert.equal(packed.sample.length, RENEW_SAMPLE_SIZE);
    assert.equal(estimatePackedBytes(packed), bytes + 48 + 8 * RENEW_SAMPLE_SIZE);
  });
});
