// The parsers of the host ↔ Leadership Health view boundary (src/shared/healthViewMessages.ts) and
// the follow panel's `health` message (src/shared/webviewMessages.ts): valid values pass as they
// are, anything malformed is refused or, inside a list, left out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HealthDetail, HealthRow } from '../../src/shared/health';
import {
  isHealthDetail,
  isHealthRow,
  isHealthTerm,
  parseHealthViewState,
  parseHealthViewToHost,
  parseHostToHealthView,
} from '../../src/shared/healthViewMessages';
import { parseHostToWebview } from '../../src/shared/webviewMessages';

const key = 'prod/kube-system/kube-scheduler';
const row: HealthRow = {
  key,
  context: 'prod',
  namespace: 'kube-system',
  name: 'kube-scheduler',
  holder: 'cp-1_abc',
  renewedAt: 1_700_000_000_000,
  observedAt: 1_700_000_000_010,
  durationMs: 15_000,
  transitionsHour: 2,
  transitionsDay: 5,
  lastGapMs: 3000,
  renewMedianMs: 2000,
  renewMaxMs: 2200,
  flags: ['flapping', 'clock-skew'],
  terms: 4,
  eventTerms: 1,
};
const detail: HealthDetail = {
  row,
  terms: [
    { holder: 'cp-0', acquiredAt: 1_699_999_000_000, lostAt: 1_699_999_500_000, end: 'unknown', source: 'events', renewals: 0 },
    { holder: 'cp-1_abc', acquiredAt: 1_699_999_600_000, source: 'watch', gapBeforeMs: 100_000, renewals: 12, durationMs: 15_000 },
  ],
  renewIntervals: [2000, 2100],
  droppedTerms: 0,
  firstObservedAt: 1_699_999_000_000,
};

describe('healthViewMessages', () => {
  test('isHealthRow: every field checked', () => {
    assert.equal(isHealthRow(row), true);
    assert.equal(isHealthRow({ ...row, renewedAt: undefined, lastGapMs: undefined }), true, 'optional numbers may be absent');
    for (const bad of [
      { ...row, key: 1 },
      { ...row, holder: null },
      { ...row, transitionsHour: '2' },
      { ...row, transitionsDay: NaN },
      { ...row, durationMs: Infinity },
      { ...row, flags: ['flapping', 'on-fire'] },
      { ...row, flags: 'flapping' },
      { ...row, deleted: 'yes' },
      { ...row, terms: undefined },
      null,
      [row],
    ]) {
      assert.equal(isHealthRow(bad), false, JSON.stringify(bad));
    }
  });

  test('isHealthTerm and isHealthDetail', () => {
    assert.equal(isHealthDetail(detail), true);
    assert.equal(isHealthTerm({ ...detail.terms[0], end: 'exploded' }), false);
    assert.equal(isHealthTerm({ ...detail.terms[0], source: 'rumour' }), false);
    assert.equal(isHealthTerm({ ...detail.terms[0], acquiredAt: undefined }), false);
    assert.equal(isHealthDetail({ ...detail, renewIntervals: [1, '2'] }), false);
    assert.equal(isHealthDetail({ ...detail, terms: [{ holder: 'x' }] }), false);
    assert.equal(isHealthDetail({ ...detail, row: { ...row, flags: [1] } }), false);
    assert.equal(isHealthDetail({ ...detail, droppedTerms: undefined }), false);
  });

  test('parseHostToHealthView: rows (bad rows and keys left out), contexts, detail, settings', () => {
    assert.deepEqual(
      parseHostToHealthView({ type: 'rows', reset: true, rows: [row, { ...row, flags: 7 }, 'x'], removed: [key, 'nokey', 3], hostNow: 5 }),
      {
        type: 'rows',
        reset: true,
        rows: [row],
        removed: [key],
        hostNow: 5,
      },
    );
    assert.equal(parseHostToHealthView({ type: 'rows', reset: 'yes', rows: [], removed: [], hostNow: 5 }), undefined);
    assert.equal(parseHostToHealthView({ type: 'rows', reset: true, rows: {}, removed: [], hostNow: 5 }), undefined);
    assert.equal(parseHostToHealthView({ type: 'rows', reset: true, rows: [], removed: [] }), undefined);

    assert.deepEqual(
      parseHostToHealthView({
        type: 'contexts',
        contexts: [
          { context: 'prod', phase: 'unreachable', synced: true, unknownSince: 10, clockSkewMs: -4000, message: 'down', extra: 'dropped' },
          { context: 'x', phase: 'on-fire', synced: true },
          { context: 'y', phase: 'connected' },
        ],
      }),
      {
        type: 'contexts',
        contexts: [{ context: 'prod', phase: 'unreachable', synced: true, unknownSince: 10, clockSkewMs: -4000, message: 'down' }],
      },
    );

    assert.deepEqual(parseHostToHealthView({ type: 'detail', key, detail, hostNow: 1 }), { type: 'detail', key, detail, hostNow: 1 });
    assert.deepEqual(parseHostToHealthView({ type: 'detail', key, detail: null, hostNow: 1 }), {
      type: 'detail',
      key,
      detail: null,
      hostNow: 1,
    });
    assert.equal(parseHostToHealthView({ type: 'detail', key, detail: { row }, hostNow: 1 }), undefined);
    assert.equal(parseHostToHealthView({ type: 'detail', key: 'bad', detail: null, hostNow: 1 }), undefined);

    assert.deepEqual(parseHostToHealthView({ type: 'settings', settings: { flapChanges: 3, flapWindowMinutes: 10, more: 1 } }), {
      type: 'settings',
      settings: { flapChanges: 3, flapWindowMinutes: 10 },
    });
    assert.equal(parseHostToHealthView({ type: 'settings', settings: { flapChanges: 3 } }), undefined);
    assert.equal(parseHostToHealthView({ type: 'snapshot' }), undefined);
    assert.equal(parseHostToHealthView('rows'), undefined);
  });

  test('parseHealthViewToHost: ready, follow, select, copyIncident with a valid key', () => {
    assert.deepEqual(parseHealthViewToHost({ type: 'ready', extra: 1 }), { type: 'ready' });
    for (const type of ['follow', 'select', 'copyIncident'] as const) {
      assert.deepEqual(parseHealthViewToHost({ type, key, extra: 1 }), { type, key });
      assert.equal(parseHealthViewToHost({ type, key: 'no-slashes' }), undefined);
      assert.equal(parseHealthViewToHost({ type, key: `a/b/${'c'.repeat(2000)}` }), undefined);
      assert.equal(parseHealthViewToHost({ type }), undefined);
    }
    assert.equal(parseHealthViewToHost({ type: 'openLogsInEditor', key }), undefined);
    assert.equal(parseHealthViewToHost(null), undefined);
  });

  test('parseHealthViewState: wrong fields dropped, not the state', () => {
    const state = { sortColumn: 'name', sortDescending: true, filter: 'kube', flaggedOnly: true, selected: key };
    assert.deepEqual(parseHealthViewState(state), state);
    assert.deepEqual(
      parseHealthViewState({ sortColumn: 5, sortDescending: 'yes', filter: 'x'.repeat(5000), flaggedOnly: 1, selected: 'nokey' }),
      {},
    );
    assert.deepEqual(parseHealthViewState({}), {});
    assert.equal(parseHealthViewState('state'), undefined);
    assert.equal(parseHealthViewState(null), undefined);
  });

  test("parseHostToWebview: the panel's health message, a detail or null", () => {
    assert.deepEqual(parseHostToWebview({ type: 'health', detail, hostNow: 3 }), { type: 'health', detail, hostNow: 3 });
    assert.deepEqual(parseHostToWebview({ type: 'health', detail: null, hostNow: 3 }), { type: 'health', detail: null, hostNow: 3 });
    assert.equal(parseHostToWebview({ type: 'health', detail: { ...detail, terms: 'x' }, hostNow: 3 }), undefined);
    assert.equal(parseHostToWebview({ type: 'health', hostNow: 3 }), undefined);
    assert.equal(parseHostToWebview({ type: 'health', detail: null }), undefined);
  });
});
