import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyRecord, MAX_HOLDER_LENGTH, type LeadershipRecord } from '../../src/core/leadershipRecord';
import { MAX_PARSED_TERMS, parseRecord, RECORD_FORMAT, serialise } from '../../src/core/leadershipRecordJson';
import { MAX_PARSED_INTERVALS } from '../../src/core/renewStats';
import { A, B, held, leaderEvent, released, replay } from './leadershipHistory';

/** A record with every kind of field: Events terms, watched terms, renewals, a release, a deletion. */
function fullRecord(): LeadershipRecord {
  return replay([
    { events: [leaderEvent(B, 'became leader', -60_000), leaderEvent(B, 'stopped leading', -30_000)] },
    { obs: held(A, 0, 0, 3), at: 0 },
    { obs: held(A, 0, 2000, 3), at: 2000 },
    { obs: held(A, 0, 4000.5, 3), at: 4000 },
    { obs: released(5000, 3), at: 5000 },
    { obs: held(B, 9000, 9000, 4), at: 9000 },
    { deleted: 10_000 },
  ]);
}

function roundTrip(record: LeadershipRecord): LeadershipRecord | undefined {
  return parseRecord(JSON.parse(JSON.stringify(serialise(record))));
}

/** The serialised full record, changed by `edit` (which may mutate it), as JSON would carry it. */
function edited(edit: (json: Record<string, unknown> & { terms: Record<string, unknown>[] }) => void): unknown {
  const json = JSON.parse(JSON.stringify(serialise(fullRecord()))) as Record<string, unknown> & { terms: Record<string, unknown>[] };
  edit(json);
  return json;
}

describe('leadership record JSON', () => {
  test('serialise → JSON → parse gives the same record', () => {
    const record = fullRecord();
    assert.deepEqual(
      record.terms.map((term) => [term.source, term.end]),
      [
        ['events', 'unknown'],
        ['watch', 'released'],
        ['watch', 'deleted'],
      ],
    );
    assert.deepEqual(roundTrip(record), record);
    assert.deepEqual(roundTrip(emptyRecord()), emptyRecord());
    const json = serialise(record);
    assert.equal(json.format, RECORD_FORMAT);
    assert.equal(JSON.stringify(json).includes('null'), false);
  });

  test('serialise copies: changing its result leaves the record alone', () => {
    const record = fullRecord();
    const json = serialise(record);
    json.terms[1]?.renew.intervals.push(1);
    json.terms.pop();
    assert.deepEqual(roundTrip(record), fullRecord());
  });

  test('extra fields are not carried over', () => {
    const parsed = parseRecord(
      edited((json) => {
        json.extra = 'x';
        (json.terms[0] as Record<string, unknown>).extra = { deep: true };
      }),
    );
    assert.ok(parsed);
    assert.equal('extra' in parsed, false);
    assert.equal('extra' in (parsed.terms[0] ?? {}), false);
  });

  const hostile: [string, () => unknown][] = [
    ['undefined', () => undefined],
    ['null', () => null],
    ['a number', () => 42],
    ['a string', () => JSON.stringify(serialise(fullRecord()))],
    ['an array', () => [serialise(fullRecord())]],
    ['an empty object', () => ({})],
    ['another format', () => edited((json) => (json.format = 2))],
    ['no format', () => edited((json) => delete json.format)],
    ['terms not an array', () => edited((json) => (json.terms = { 0: json.terms[0] } as never))],
    ['too many terms', () => edited((json) => (json.terms = Array.from({ length: MAX_PARSED_TERMS + 1 }, () => json.terms[1]) as never))],
    ['droppedTerms negative', () => edited((json) => (json.droppedTerms = -1))],
    ['droppedTerms fractional', () => edited((json) => (json.droppedTerms = 0.5))],
    ['firstObservedAt a string', () => edited((json) => (json.firstObservedAt = '2026-11-21T00:00:00Z'))],
    ['deletedAt Infinity (in-process)', () => edited((json) => (json.deletedAt = Number.POSITIVE_INFINITY))],
    ['a term that is null', () => edited((json) => (json.terms[0] = null as never))],
    ['an empty holder', () => edited((json) => (json.terms[0]!.holder = ''))],
    ['a holder that is a number', () => edited((json) => (json.terms[0]!.holder = 7))],
    ['a holder too long', () => edited((json) => (json.terms[0]!.holder = 'x'.repeat(MAX_HOLDER_LENGTH + 1)))],
    ['acquiredAt missing', () => edited((json) => delete json.terms[0]!.acquiredAt)],
    ['acquiredAt NaN (in-process)', () => edited((json) => (json.terms[0]!.acquiredAt = Number.NaN))],
    ['lostAt a string', () => edited((json) => (json.terms[0]!.lostAt = 'yesterday'))],
    ['a negative gap', () => edited((json) => (json.terms[1]!.gapBeforeMs = -5))],
    ['renewals negative', () => edited((json) => (json.terms[0]!.renewals = -1))],
    ['an unknown source', () => edited((json) => (json.terms[0]!.source = 'cluster'))],
    ['an unknown end', () => edited((json) => (json.terms[0]!.end = 'exploded'))],
    ['an open term before the last', () => edited((json) => delete json.terms[1]!.end)],
    ['an Events term after a watched one', () => edited((json) => (json.terms[2]!.source = 'events'))],
    ['watched terms but no firstObservedAt', () => edited((json) => delete json.firstObservedAt)],
    ['renew missing', () => edited((json) => delete json.terms[1]!.renew)],
    [
      'too many intervals',
      () =>
        edited((json) => (json.terms[1]!.renew = { count: 100, intervals: Array.from({ length: MAX_PARSED_INTERVALS + 1 }, () => 2000) })),
    ],
    ['a median beside intervals', () => edited((json) => (json.terms[1]!.renew = { count: 1, intervals: [2000], medianMs: 2000 }))],
    ['a negative median', () => edited((json) => (json.terms[1]!.renew = { count: 1, intervals: [], medianMs: -1 }))],
    ['a median that is a string', () => edited((json) => (json.terms[1]!.renew = { count: 1, intervals: [], medianMs: '2000' }))],
    ['a negative interval', () => edited((json) => (json.terms[1]!.renew = { count: 1, intervals: [-2000] }))],
    ['an interval that is a string', () => edited((json) => (json.terms[1]!.renew = { count: 1, intervals: ['2000'] }))],
    ['more intervals than the count', () => edited((json) => (json.terms[1]!.renew = { count: 1, intervals: [1, 2] }))],
    ['__proto__ keys', () => JSON.parse('{"__proto__": {"format": 1, "terms": [], "droppedTerms": 0}}') as unknown],
    [
      'a getter that throws',
      () =>
        Object.defineProperty({ format: 1, droppedTerms: 0 }, 'terms', {
          enumerable: true,
          get() {
            throw new Error('boom');
          },
        }),
    ],
    [
      'a proxy that throws',
      () =>
        new Proxy(
          {},
          {
            get() {
              throw new Error('boom');
            },
          },
        ),
    ],
  ];
  for (const [name, make] of hostile) {
    test(`rejects ${name}`, () => {
      assert.equal(parseRecord(make()), undefined);
    });
  }

  test('the unchanged full record does parse (so each rejection above is its change)', () => {
    assert.ok(parseRecord(edited(() => undefined)));
  });

  test('__proto__ in a term does not pollute Object.prototype', () => {
    const json = JSON.stringify(serialise(fullRecord())).replace('"holder":', '"__proto__":{"polluted":true},"holder":');
    const parsed = parseRecord(JSON.parse(json));
    assert.ok(parsed);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((parsed.terms[0] as unknown as Record<string, unknown>).polluted, undefined);
  });
});
