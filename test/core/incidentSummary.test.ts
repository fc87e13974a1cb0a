import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { incidentJson, incidentMarkdown, incidentRecord, type IncidentInput } from '../../src/core/incidentSummary';
import { markdownCodeBlock, markdownText } from '../../src/core/markdownEscape';
import type { HealthDetail, HealthRow } from '../../src/shared/health';
import type { LeaseEvent, LogLine } from '../../src/shared/types';

const T0 = Date.UTC(2026, 10, 21, 0, 0, 0);
const key = 'kind-demo/kube-system/kube-scheduler';

function row(extra: Partial<HealthRow> = {}): HealthRow {
  return {
    key,
    context: 'kind-demo',
    namespace: 'kube-system',
    name: 'kube-scheduler',
    holder: 'cp-2_uuid',
    transitionsHour: 2,
    transitionsDay: 5,
    lastGapMs: 4000,
    longestGapMs: 12_000,
    renewMedianMs: 2000,
    renewMaxMs: 6000,
    flags: ['flapping'],
    terms: 3,
    eventTerms: 1,
    ...extra,
  };
}

function detail(extra: Partial<HealthDetail> = {}): HealthDetail {
  return {
    row: row(),
    terms: [
      { holder: 'cp-0_uuid', acquiredAt: T0, lostAt: T0 + 60_000, end: 'unknown', source: 'events', renewals: 0 },
      {
        holder: 'cp-1_uuid',
        acquiredAt: T0 + 64_000,
        lostAt: T0 + 120_000,
        end: 'expired',
        source: 'watch',
        gapBeforeMs: 4000,
        renewals: 20,
        renewMedianMs: 2000,
        renewMaxMs: 3000,
        durationMs: 15_000,
      },
      { holder: 'cp-2_uuid', acquiredAt: T0 + 132_000, source: 'watch', gapBeforeMs: 12_000, renewals: 5, durationMs: 15_000 },
    ],
    renewIntervals: [2000, 2000],
    droppedTerms: 0,
    ...extra,
  };
}

function event(time: number, message: string, extra: Partial<LeaseEvent> = {}): LeaseEvent {
  return { uid: String(time), time, type: 'Normal', reason: 'LeaderElection', message, source: 'default-scheduler', count: 1, ...extra };
}

function line(seq: number, time: number, text: string, signal?: LogLine['signal']): LogLine {
  return { seq, pod: 'kube-scheduler-cp-2', container: 'kube-scheduler', time, text, signal };
}

function input(extra: Partial<IncidentInput> = {}): IncidentInput {
  return {
    key,
    detail: detail(),
    events: [event(T0 + 132_500, 'cp-2_uuid became leader'), event(T0 + 64_100, 'cp-1_uuid became leader')],
    now: T0 + 200_000,
    ...extra,
  };
}

describe('incident summary', () => {
  test('the JSON form lists the terms, how each ended, the changes with gaps and the Events oldest first', () => {
    const record = JSON.parse(incidentJson(input())) as ReturnType<typeof incidentRecord>;
    assert.deepEqual(record.lease, { key, context: 'kind-demo', namespace: 'kube-system', name: 'kube-scheduler' });
    assert.equal(record.generatedAt, '2026-11-21T00:03:20.000Z');
    assert.deepEqual(
      record.terms.map((t) => [t.holder, t.start, t.end, t.how, t.source, t.gapBeforeMs]),
      [
        ['cp-0_uuid', '2026-11-21T00:00:00.000Z', '2026-11-21T00:01:00.000Z', 'unknown', 'events', undefined],
        ['cp-1_uuid', '2026-11-21T00:01:04.000Z', '2026-11-21T00:02:00.000Z', 'expired', 'watch', 4000],
        ['cp-2_uuid', '2026-11-21T00:02:12.000Z', undefined, undefined, 'watch', 12_000],
      ],
    );
    // Each gap is a change of its own: the holder left, then the next took over.
    assert.deepEqual(
      record.changes.map((c) => [c.time, c.from, c.to, c.gapMs]),
      [
        ['2026-11-21T00:00:00.000Z', undefined, 'cp-0_uuid', undefined],
        ['2026-11-21T00:01:00.000Z', 'cp-0_uuid', '', undefined],
        ['2026-11-21T00:01:04.000Z', '', 'cp-1_uuid', 4000],
        ['2026-11-21T00:02:00.000Z', 'cp-1_uuid', '', undefined],
        ['2026-11-21T00:02:12.000Z', '', 'cp-2_uuid', 12_000],
      ],
    );
    assert.deepEqual(
      record.events.map((e) => e.message),
      ['cp-1_uuid became leader', 'cp-2_uuid became leader'],
    );
    assert.deepEqual(record.flags, ['flapping']);
    assert.equal(record.logsIncluded, false);
  });

  test('log lines: only leadership lines within ±30 s of a change, with that change', () => {
    const logs = [
      line(1, T0 + 132_000 - 29_000, 'attempting to acquire leader lease', 'attempting'),
      line(2, T0 + 132_000 + 1000, 'successfully acquired lease kube-system/kube-scheduler', 'acquired'),
      line(3, T0 + 132_000 + 2000, 'scheduled pod demo/x', undefined),
      line(4, T0 + 132_000 + 31_000, 'failed to renew lease', 'renew-failed'),
      line(5, T0 + 190_000, 'lost lease', 'lost'),
    ];
    const record = incidentRecord(input({ logs }));
    assert.equal(record.logsIncluded, true);
    const last = record.changes.at(-1)!;
    assert.deepEqual(
      last.logLines.map((l) => l.text),
      ['attempting to acquire leader lease', 'successfully acquired lease kube-system/kube-scheduler'],
    );
    // 00:02:00 (cp-1 expired) is within 30 s of lines 1 (00:01:43) and 2 (00:02:13) too; line 4 (00:02:43) of none.
    assert.deepEqual(
      record.changes[3]!.logLines.map((l) => l.text),
      ['attempting to acquire leader lease', 'successfully acquired lease kube-system/kube-scheduler'],
    );
    assert.ok(record.changes.every((c) => c.logLines.every((l) => l.signal !== 'renew-failed')));
    const md = incidentMarkdown(input({ logs }));
    assert.match(md, /successfully acquired lease kube-system\/kube-scheduler/);
    assert.doesNotMatch(md, /scheduled pod/);
    assert.doesNotMatch(md, /follow the Lease to include/);
  });

  test('without log lines (not followed) the Markdown says to follow the Lease', () => {
    const md = incidentMarkdown(input());
    assert.match(md, /Log lines are not included: follow the Lease/);
    assert.match(md, /^# Incident summary: kube\\-system\\\/kube\\-scheduler in context kind\\-demo$/m);
    assert.match(md, /\| cp\\-1\\_uuid \| 2026-11-21T00:01:04\.000Z \| 2026-11-21T00:02:00\.000Z \| expired \| 4s \|/);
    assert.match(md, /## Events/);
    assert.match(md, /\*\*Flags:\*\* flapping/);
  });

  test('no record: said, and the Events still listed', () => {
    const md = incidentMarkdown(input({ detail: null }));
    assert.match(md, /keeps no leadership record/);
    assert.match(md, /No terms are recorded/);
    assert.match(md, /cp\\-2\\_uuid became leader/);
  });

  test('hostile cluster strings stay inert text in Markdown and are clipped', () => {
    const hostile = '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold** | cell\n# heading\u202e';
    const md = incidentMarkdown(
      input({
        detail: detail({
          row: row({ holder: hostile }),
          terms: [{ holder: hostile, acquiredAt: T0, source: 'watch', renewals: 1 }],
        }),
        events: [event(T0 + 1, hostile, { reason: '`code`', source: 'x'.repeat(5000) })],
        logs: [line(1, T0 + 10, '``` closed fence\n[x](http://evil)', 'acquired'), line(2, T0 + 20, '````', 'acquired')],
      }),
    );
    assert.doesNotMatch(md, /\]\(command:/);
    assert.doesNotMatch(md, /<img/);
    assert.doesNotMatch(md, /\u202e/);
    assert.doesNotMatch(md, /^# heading/m);
    assert.doesNotMatch(md, /x{300}/, 'a long source is clipped');
    // Log lines sit in a fence longer than any backtick run they hold.
    assert.match(md, /^`````text\n.*``` closed fence \[x\]\(http:\/\/evil\)\n.*````\n`````$/m);
    // A table row is one line with the hostile pipe escaped.
    const rowLine = md.split('\n').find((l) => l.startsWith('| \\[click\\]'));
    assert.ok(rowLine);
    assert.equal(rowLine.split(' | ').length, 8);
  });

  test('markdownText and markdownCodeBlock', () => {
    assert.equal(markdownText('a_b <c> [d](e)'), 'a\\_b &lt;c&gt; \\[d\\]\\(e\\)');
    assert.equal(markdownText('abcdef', 3), 'ab…');
    assert.equal(markdownCodeBlock(['x']), '```text\nx\n```');
    assert.equal(markdownCodeBlock(['a ```` b']), '`````text\na ```` b\n`````');
  });
});
