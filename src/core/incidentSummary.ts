// An incident record of one Lease, for an incident channel or a postmortem: its terms (holder,
// start, end and how each ended), the gaps without a leader, its health flags, the Lease's Events
// and the leadership log lines within ±30 s of each change — as Markdown (copied or saved) and as
// JSON (saved). Every cluster string is clipped; in Markdown it is escaped (markdownEscape.ts) or
// inside a fenced block, so no link, HTML or markup of a cluster's making survives. Times are UTC
// ISO 8601, which reads the same in every time zone of an incident. Pure.
import type { HealthDetail, HealthFlag, TermEnd, TermSource } from '../shared/health';
import { t, tn } from '../shared/l10n';
import { parseLeaseKey, type LeaseEvent, type LeaseKey, type LogLine } from '../shared/types';
import { formatDuration } from './duration';
import { markdownCodeBlock, markdownText } from './markdownEscape';
import { clipText } from './untrustedText';
import type { TermFate } from '../shared/fate';
import { fateLine } from './leaderFate';

/** Log lines within this much of a leadership change are told with it. */
export const incidentLogWindowMs = 30_000;
/** At most this many log lines per change, and Events in all (newest kept). */
export const maxLinesPerChange = 40;
export const maxIncidentEvents = 200;

const maxHolder = 256;
const maxMessage = 1000;
const maxLogText = 1000;

export interface IncidentInput {
  key: LeaseKey;
  /** The server's record of the Lease; null when it keeps none. */
  detail: HealthDetail | null;
  /** The Lease's Events (from following it, or the context's leadership Events of it). */
  events: readonly LeaseEvent[];
  /** Why Events could not be read, if so. */
  eventsMessage?: string;
  /** The followed Lease's log lines; undefined when the Lease is not followed. */
  logs?: readonly LogLine[];
  now: number;
  windowMs?: number;
  /** The old holders' fates from following the Lease (issue 16 §1), when known. */
  fates?: readonly TermFate[];
}

/** What happened to an old holder's pod around the end of its term. */
export interface IncidentFate {
  holder: string;
  end?: string;
  line: string;
  evidence: { time?: string; source: string; text: string; previous?: boolean }[];
}

export interface IncidentTerm {
  holder: string;
  start: string;
  end?: string;
  how?: TermEnd;
  source: TermSource;
  gapBeforeMs?: number;
  renewals: number;
  renewMedianMs?: number;
  renewMaxMs?: number;
  durationMs?: number;
}

export interface IncidentLogLine {
  time: string;
  pod: string;
  container: string;
  signal?: string;
  text: string;
}

export interface IncidentChange {
  time: string;
  /** The holder before; absent for the first term known. */
  from?: string;
  /** The holder after; '' when the Lease was left without one (released, expired, deleted). */
  to: string;
  gapMs?: number;
  logLines: IncidentLogLine[];
}

export interface IncidentEvent {
  time: string;
  type: string;
  reason: string;
  source: string;
  count: number;
  message: string;
}

/** The JSON form. */
export interface IncidentRecord {
  lease: { key: string; context: string; namespace: string; name: string };
  generatedAt: string;
  recorded: boolean;
  holder?: string;
  deleted?: boolean;
  flags: HealthFlag[];
  unknownSince?: string;
  transitionsHour?: number;
  transitionsDay?: number;
  lastGapMs?: number;
  longestGapMs?: number;
  renewMedianMs?: number;
  renewMaxMs?: number;
  droppedTerms: number;
  terms: IncidentTerm[];
  changes: IncidentChange[];
  events: IncidentEvent[];
  eventsMessage?: string;
  /** False: the Lease was not followed, so no log lines were at hand. */
  logsIncluded: boolean;
  fates?: IncidentFate[];
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

function holderText(holder: string): string {
  return clipText(holder, maxHolder);
}

function changesOf(detail: HealthDetail | null, logs: readonly LogLine[] | undefined, windowMs: number): IncidentChange[] {
  if (!detail) {
    return [];
  }
  const changes: Array<Omit<IncidentChange, 'logLines'> & { at: number }> = [];
  let previous: string | undefined;
  let previousLost: number | undefined;
  for (const term of detail.terms) {
    // The Lease stood without a holder before this term: that change is told on its own.
    if (previous !== undefined && previousLost !== undefined && previousLost < term.acquiredAt - 1) {
      changes.push({ at: previousLost, time: iso(previousLost), from: previous, to: '' });
      previous = '';
    }
    changes.push({ at: term.acquiredAt, time: iso(term.acquiredAt), from: previous, to: holderText(term.holder), gapMs: term.gapBeforeMs });
    previous = holderText(term.holder);
    previousLost = term.lostAt;
  }
  const last = detail.terms.at(-1);
  if (last?.lostAt !== undefined) {
    changes.push({ at: last.lostAt, time: iso(last.lostAt), from: holderText(last.holder), to: '' });
  }
  const leadership = (logs ?? []).filter((l) => l.signal !== undefined);
  return changes.map(({ at, ...change }) => ({
    ...change,
    logLines: leadership
      .filter((l) => Math.abs(l.time - at) <= windowMs)
      .sort((a, b) => a.time - b.time || a.seq - b.seq)
      .slice(0, maxLinesPerChange)
      .map((l) => ({
        time: iso(l.time),
        pod: clipText(l.pod, 253),
        container: clipText(l.container, 63),
        signal: l.signal,
        text: clipText(l.text, maxLogText),
      })),
  }));
}

/** The record as data (the JSON form, and what the Markdown is written from). */
export function incidentRecord(input: IncidentInput): IncidentRecord {
  const parsed = parseLeaseKey(input.key);
  const detail = input.detail;
  const row = detail?.row;
  const events = [...input.events]
    .sort((a, b) => a.time - b.time)
    .slice(-maxIncidentEvents)
    .map((e) => ({
      time: iso(e.time),
      type: clipText(e.type, 64),
      reason: clipText(e.reason, 128),
      source: clipText(e.source, 256),
      count: e.count,
      message: clipText(e.message, maxMessage),
    }));
  return {
    lease: {
      key: clipText(input.key, 1024),
      context: clipText(parsed?.context ?? input.key, 512),
      namespace: parsed?.namespace ?? '',
      name: parsed?.name ?? '',
    },
    generatedAt: iso(input.now),
    recorded: detail !== null,
    holder: row ? holderText(row.holder) : undefined,
    deleted: row?.deleted,
    flags: row ? [...row.flags] : [],
    unknownSince: row?.unknownSince === undefined ? undefined : iso(row.unknownSince),
    transitionsHour: row?.transitionsHour,
    transitionsDay: row?.transitionsDay,
    lastGapMs: row?.lastGapMs,
    longestGapMs: row?.longestGapMs,
    renewMedianMs: row?.renewMedianMs,
    renewMaxMs: row?.renewMaxMs,
    droppedTerms: detail?.droppedTerms ?? 0,
    terms: (detail?.terms ?? []).map((term) => ({
      holder: holderText(term.holder),
      start: iso(term.acquiredAt),
      end: term.lostAt === undefined ? undefined : iso(term.lostAt),
      how: term.end,
      source: term.source,
      gapBeforeMs: term.gapBeforeMs,
      renewals: term.renewals,
      renewMedianMs: term.renewMedianMs,
      renewMaxMs: term.renewMaxMs,
      durationMs: term.durationMs,
    })),
    changes: changesOf(detail, input.logs, input.windowMs ?? incidentLogWindowMs),
    events,
    eventsMessage: input.eventsMessage === undefined ? undefined : clipText(input.eventsMessage, maxMessage),
    logsIncluded: input.logs !== undefined,
    ...(input.fates && input.fates.length > 0 ? { fates: input.fates.map(incidentFate) } : {}),
  };
}

function incidentFate(fate: TermFate): IncidentFate {
  return {
    holder: holderText(fate.holder),
    end: fate.lostAt === undefined ? undefined : iso(fate.lostAt),
    line: clipText(fateLine(fate, iso), maxMessage),
    evidence: fate.evidence.slice(0, 50).map((e) => ({
      time: e.at === undefined ? undefined : iso(e.at),
      source: e.source,
      text: clipText(e.text, maxMessage),
      ...(e.previous ? { previous: true } : {}),
    })),
  };
}

export function incidentJson(input: IncidentInput): string {
  return `${JSON.stringify(incidentRecord(input), null, 2)}\n`;
}

const flagWords: Record<HealthFlag, () => string> = {
  'stale-unknown': () => t('unknown (connection lost)'),
  'expired-no-taker': () => t('expired with no taker'),
  'never-held': () => t('never held'),
  'renewing-late': () => t('renewing late'),
  flapping: () => t('flapping'),
  'clock-skew': () => t('clock skew'),
  'split-brain': () => t('split brain'),
};

/** A flag in words, as the tree, the status bar and the summary say it. */
export function healthFlagWord(flag: HealthFlag): string {
  return flagWords[flag]();
}

const endWords: Record<TermEnd, () => string> = {
  released: () => t('released'),
  expired: () => t('expired'),
  'taken-over': () => t('taken over'),
  deleted: () => t('deleted'),
  unknown: () => t('unknown'),
};

function ms(value: number | undefined): string {
  return value === undefined ? '—' : formatDuration(value);
}

function cell(text: string | undefined): string {
  return text === undefined || text === '' ? '—' : markdownText(text);
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The Markdown form: pastes into an incident channel or a postmortem. */
export function incidentMarkdown(input: IncidentInput): string {
  const r = incidentRecord(input);
  const out: string[] = [];
  out.push(
    `# ${t('Incident summary: {0} in context {1}', markdownText(`${r.lease.namespace}/${r.lease.name}`), markdownText(r.lease.context))}`,
  );
  out.push(t('Generated {0} by Lease Lens.', r.generatedAt));
  if (!r.recorded) {
    out.push(t('Lease Lens keeps no leadership record of this Lease (its context is not watched, or the Lease is unknown).'));
  } else {
    const facts = [
      `- ${t('**Holder now:** {0}', cell(r.holder))}${r.deleted ? ` (${t('the Lease was deleted')})` : ''}`,
      `- ${t('**Flags:** {0}', r.flags.length > 0 ? r.flags.map(healthFlagWord).join(', ') : t('none'))}`,
      `- ${t('**Leadership changes:** {0} in the last hour, {1} in the last day', r.transitionsHour ?? 0, r.transitionsDay ?? 0)}`,
      `- ${t('**Failover gaps:** last {0}, longest {1}', ms(r.lastGapMs), ms(r.longestGapMs))}`,
      `- ${t('**Renew interval of the current term:** median {0}, max {1}', ms(r.renewMedianMs), ms(r.renewMaxMs))}`,
    ];
    if (r.unknownSince) {
      facts.push(`- ${t('**Unknown since:** {0} (the connection to the context was lost)', r.unknownSince)}`);
    }
    out.push(facts.join('\n'));
  }

  out.push(`## ${t('Terms')}`);
  if (r.terms.length === 0) {
    out.push(t('No terms are recorded.'));
  } else {
    out.push(
      table(
        [
          t('Holder'),
          t('Start'),
          t('End'),
          t('How it ended'),
          t('Gap before'),
          t('Renewals'),
          t('Renew interval (median / max)'),
          t('Known from'),
        ],
        r.terms.map((term) => [
          cell(term.holder),
          term.start,
          term.end ?? t('holding'),
          term.how ? endWords[term.how]() : '—',
          ms(term.gapBeforeMs),
          String(term.renewals),
          `${ms(term.renewMedianMs)} / ${ms(term.renewMaxMs)}${term.durationMs === undefined ? '' : ` (${t('duration {0}', formatDuration(term.durationMs))})`}`,
          term.source === 'events' ? t('Events') : t('watch'),
        ]),
      ),
    );
    if (r.droppedTerms > 0) {
      out.push(tn(r.droppedTerms, '{0} older term is no longer kept.|{0} older terms are no longer kept.'));
    }
  }

  out.push(`## ${t('Leadership changes')}`);
  if (r.changes.length === 0) {
    out.push(t('No leadership changes are recorded.'));
  }
  for (const change of r.changes) {
    const from = change.from === undefined ? undefined : change.from === '' ? t('(no holder)') : markdownText(change.from);
    const to = change.to === '' ? t('(no holder)') : markdownText(change.to);
    const gap = change.gapMs === undefined ? '' : ` (${t('gap {0}', formatDuration(change.gapMs))})`;
    out.push(`### ${change.time}: ${from === undefined ? to : `${from} → ${to}`}${gap}`);
    if (!r.logsIncluded) {
      continue;
    }
    if (change.logLines.length === 0) {
      out.push(t('No leadership log lines within {0} of this change.', formatDuration(input.windowMs ?? incidentLogWindowMs)));
    } else {
      out.push(markdownCodeBlock(change.logLines.map((l) => `${l.time} ${l.pod}/${l.container}: ${l.text}`)));
    }
  }
  if (!r.logsIncluded) {
    out.push(t('Log lines are not included: follow the Lease to include the leadership log lines around each change.'));
  }

  if (r.fates) {
    out.push(`## ${t('The old leaders’ fates')}`);
    for (const fate of r.fates) {
      out.push(`### ${fate.end ?? '—'}: ${markdownText(fate.holder)}\n\n${markdownText(fate.line)}`);
      if (fate.evidence.length > 0) {
        out.push(
          markdownCodeBlock(
            fate.evidence.map((e) => `${e.time ?? '—'} [${e.source}${e.previous ? ` ${t('previous container')}` : ''}] ${e.text}`),
          ),
        );
      }
    }
  }

  out.push(`## ${t('Events')}`);
  if (r.eventsMessage) {
    out.push(t('Events could not be read: {0}', markdownText(r.eventsMessage)));
  }
  if (r.events.length === 0) {
    out.push(t('No Events are recorded on this Lease.'));
  } else {
    out.push(
      table(
        [t('Time'), t('Type'), t('Reason'), t('Source'), t('Count'), t('Message')],
        r.events.map((e) => [e.time, cell(e.type), cell(e.reason), cell(e.source), String(e.count), cell(e.message)]),
      ),
    );
  }
  return `${out.join('\n\n')}\n`;
}
