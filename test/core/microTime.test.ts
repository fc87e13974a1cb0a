import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMicroTime, microTimeIssue, parseMicroTime } from '../../src/core/microTime';
import { fixtureLeaseObjects } from '../support/fixtures';

/** Rounds to whole microseconds, for comparing derived times. */
function micros(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000);
}

describe('parseMicroTime', () => {
  test('keeps microsecond precision of a MicroTime', () => {
    const t = parseMicroTime('2026-11-21T00:41:17.924123Z');
    assert.equal(micros(t), 1795221677924123);
    assert.equal(Math.floor(t ?? 0), Date.parse('2026-11-21T00:41:17.924Z'));
  });

  test('accepts 0 to 9 fractional digits', () => {
    assert.equal(parseMicroTime('2026-11-21T00:41:17Z'), Date.parse('2026-11-21T00:41:17Z'));
    assert.equal(parseMicroTime('2026-11-21T00:41:17.9Z'), Date.parse('2026-11-21T00:41:17.900Z'));
    assert.equal(parseMicroTime('2026-11-21T00:41:17.924Z'), 1795221677924);
    assert.equal(micros(parseMicroTime('2026-11-21T00:41:17.924123456Z')), 1795221677924123);
    assert.equal(micros(parseMicroTime('2026-11-21T00:41:17.000000001Z')), 1795221677000000);
  });

  test('applies ±hh:mm offsets', () => {
    const utc = parseMicroTime('2026-11-21T00:41:17.924123Z');
    assert.equal(parseMicroTime('2026-11-21T02:41:17.924123+02:00'), utc);
    assert.equal(parseMicroTime('2026-11-20T19:11:17.924123-05:30'), utc);
    assert.equal(parseMicroTime('2026-11-21T00:41:17.924123+00:00'), utc);
  });

  test('agrees with Date.parse across calendar edges', () => {
    for (const s of [
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '0001-01-01T00:00:00Z',
      '1900-03-01T00:00:00Z',
      '2000-02-29T12:34:56Z',
      '2024-02-29T23:59:59Z',
      '2100-12-31T23:59:59Z',
      '9999-12-31T23:59:59Z',
    ]) {
      assert.equal(parseMicroTime(s), Date.parse(s), s);
    }
    assert.equal(parseMicroTime('1970-01-01T00:00:00.000000Z'), 0);
    assert.equal(parseMicroTime('1969-12-31T23:59:59.500000Z'), -500);
  });

  test('every MicroTime in leases.json parses', () => {
    let count = 0;
    for (const lease of fixtureLeaseObjects()) {
      for (const s of [lease.spec.acquireTime, lease.spec.renewTime]) {
        if (s !== undefined) {
          assert.notEqual(parseMicroTime(s), undefined, s);
          count++;
        }
      }
    }
    assert.equal(count, 12);
  });

  test('rejects garbage and impossible dates', () => {
    for (const s of [
      undefined,
      '',
      'now',
      '2026-11-21',
      '2026-11-21T00:41:17',
      '2026-11-21 00:41:17Z',
      '2026-11-21T00:41:17.Z',
      '2026-11-21T00:41:17.1234567890Z',
      '2026-11-21T00:41:17.924123z',
      ' 2026-11-21T00:41:17.924123Z',
      '2026-11-21T00:41:17.924123Z ',
      '2026-13-01T00:00:00Z',
      '2026-00-01T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-11-21T24:00:00Z',
      '2026-11-21T00:60:00Z',
      '2026-11-21T00:00:60Z',
      '2026-11-21T00:41:17+24:00',
      '2026-11-21T00:41:17+0200',
      '２０２６-11-21T00:41:17Z',
      `2026-11-21T00:41:17.${'1'.repeat(1000)}Z`,
    ]) {
      assert.equal(parseMicroTime(s), undefined, String(s));
    }
    assert.equal(parseMicroTime(null as unknown as string), undefined);
    assert.equal(parseMicroTime(1795221677924 as unknown as string), undefined);
  });
});

describe('microTimeIssue', () => {
  test('accepts exactly six fractional digits', () => {
    assert.equal(microTimeIssue('2026-11-21T00:41:17.924123Z'), undefined);
    assert.equal(microTimeIssue('2026-11-21T02:41:17.924123+02:00', 'renewTime'), undefined);
  });

  test('names the field and counts the digits', () => {
    assert.equal(
      microTimeIssue('2026-11-21T00:41:17.924Z', 'renewTime'),
      'renewTime must have exactly 6 fractional digits (MicroTime), found 3',
    );
    assert.equal(
      microTimeIssue('2026-11-21T00:41:17.924123456Z', 'acquireTime'),
      'acquireTime must have exactly 6 fractional digits (MicroTime), found 9',
    );
    assert.equal(microTimeIssue('2026-11-21T00:41:17Z'), 'value must have exactly 6 fractional digits (MicroTime), found 0');
  });

  test('says when the value is not a time at all, printably', () => {
    assert.equal(
      microTimeIssue('yesterday', 'renewTime'),
      'renewTime is not a valid MicroTime: "yesterday" (expected e.g. 2026-11-21T00:41:17.924123Z)',
    );
    assert.equal(
      microTimeIssue('2026-02-30T00:00:00.000000Z', 'renewTime'),
      'renewTime is not a valid MicroTime: "2026-02-30T00:00:00.000000Z" (expected e.g. 2026-11-21T00:41:17.924123Z)',
    );
    const issue = microTimeIssue(`\u0007bell${'x'.repeat(10_000)}`) ?? '';
    assert.ok(issue.startsWith('value is not a valid MicroTime: "bellxxx'));
    assert.ok(!issue.includes('\u0007'));
    assert.ok(issue.length < 150, `${issue.length}`);
  });
});

describe('formatMicroTime', () => {
  test('writes six fractional digits and Z', () => {
    assert.equal(formatMicroTime(0), '1970-01-01T00:00:00.000000Z');
    assert.equal(formatMicroTime(-500), '1969-12-31T23:59:59.500000Z');
    assert.equal(formatMicroTime(1795221677924), '2026-11-21T00:41:17.924000Z');
    assert.equal(formatMicroTime(0.0004), '1970-01-01T00:00:00.000000Z');
    assert.equal(formatMicroTime(999.9996), '1970-01-01T00:00:01.000000Z');
  });

  test('round-trips every fixture MicroTime', () => {
    for (const lease of fixtureLeaseObjects()) {
      for (const s of [lease.spec.acquireTime, lease.spec.renewTime]) {
        if (s !== undefined) {
          assert.equal(formatMicroTime(parseMicroTime(s) ?? NaN), s);
        }
      }
    }
  });

  test('normalises offsets to UTC', () => {
    assert.equal(formatMicroTime(parseMicroTime('2026-11-21T02:41:17.000001+02:00') ?? NaN), '2026-11-21T00:41:17.000001Z');
  });

  test('gives an empty string for non-times', () => {
    assert.equal(formatMicroTime(NaN), '');
    assert.equal(formatMicroTime(Infinity), '');
    assert.equal(formatMicroTime(1e20), '');
  });
});
