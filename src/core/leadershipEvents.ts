// LeaderElection Events ("<identity> became leader", "<identity> stopped leading", recorded by
// client-go's electors) as leadership history from before the watch began. Terms known only from
// Events are marked `source: 'events'`; their end is 'unknown' (a stop Event does not say whether
// the holder released, lost or was cancelled), `lostAt` is the "stopped leading" time when there is
// one, and the gap after such a term runs from it. Pure.

import { isFiniteNumber } from '../shared/guards';
import type { LeaseEvent } from '../shared/types';
import {
  defaultRecordLimits,
  EVENT_MATCH_MS,
  gapBefore,
  MAX_HOLDER_LENGTH,
  pruneRecord,
  type LeadershipRecord,
  type RecordLimits,
  type RecordTerm,
} from './leadershipTerms';
import { emptyRenewSample } from './renewStats';

export interface LeaderElectionSignal {
  identity: string;
  change: 'became-leader' | 'stopped-leading';
  time: number;
}

const MESSAGE = /^([^\r\n]+) (became leader|stopped leading)$/;

/** What a LeaderElection Event says, or undefined for any other Event. */
export function leaderElectionSignal(event: LeaseEvent): LeaderElectionSignal | undefined {
  if (event.reason !== 'LeaderElection' || !isFiniteNumber(event.time) || typeof event.message !== 'string') {
    return undefined;
  }
  const message = event.message.trim();
  if (message.length > 2 * MAX_HOLDER_LENGTH + 20) {
    return undefined;
  }
  const m = MESSAGE.exec(message);
  const identity = m?.[1]?.trim();
  if (m === null || identity === undefined || identity === '' || [...identity].length > MAX_HOLDER_LENGTH) {
    return undefined;
  }
  return { identity, change: m[2] === 'became leader' ? 'became-leader' : 'stopped-leading', time: event.time };
}

function sameTerm(term: RecordTerm, holder: string, time: number): boolean {
  return term.holder === holder && Math.abs(term.acquiredAt - time) <= EVENT_MATCH_MS;
}

/**
 * The record with the leadership history `events` tell from before the watch's first term (or
 * first observation). Events of the watched era are left to the watch; a "became leader" of the
 * first watched term is that term. Seeding again with more or fewer Events adds what is new and
 * keeps what is known. A record that has pruned terms is left as it is (the Events could belong to
 * terms it no longer keeps).
 */
export function seedFromEvents(
  record: LeadershipRecord,
  events: readonly LeaseEvent[],
  limits: RecordLimits = defaultRecordLimits,
): LeadershipRecord {
  if (record.droppedTerms > 0) {
    return record;
  }
  const signals = events
    .map(leaderElectionSignal)
    .filter((s): s is LeaderElectionSignal => s !== undefined)
    .sort((a, b) => a.time - b.time);
  if (signals.length === 0) {
    return record;
  }
  const watched = record.terms.filter((term) => term.source === 'watch');
  const firstWatched = watched[0];
  const cutoff = firstWatched?.acquiredAt ?? record.firstObservedAt ?? Infinity;
  const known = record.terms.filter((term) => term.source === 'events').map((term) => ({ ...term }));

  for (const s of signals) {
    if (s.change !== 'became-leader' || s.time >= cutoff) {
      continue;
    }
    if ((firstWatched !== undefined && sameTerm(firstWatched, s.identity, s.time)) || known.some((t) => sameTerm(t, s.identity, s.time))) {
      continue;
    }
    known.push({ holder: s.identity, acquiredAt: s.time, renewals: 0, source: 'events', renew: emptyRenewSample() });
  }
  known.sort((a, b) => a.acquiredAt - b.acquiredAt);
  for (const s of signals) {
    if (s.change !== 'stopped-leading' || s.time > cutoff) {
      continue;
    }
    // The holder's latest term that began by then; a term stops once (the earliest stop counts).
    let term: RecordTerm | undefined;
    for (const candidate of known) {
      if (candidate.holder === s.identity && candidate.acquiredAt <= s.time) {
        term = candidate;
      }
    }
    if (term !== undefined) {
      term.lostAt = term.lostAt === undefined ? s.time : Math.min(term.lostAt, s.time);
    }
  }

  const watching = record.firstObservedAt !== undefined;
  known.forEach((term, index) => {
    const later = index < known.length - 1 || firstWatched !== undefined;
    if (term.lostAt !== undefined || later || watching) {
      term.end = 'unknown';
    }
    delete term.gapBeforeMs;
    const gap = index === 0 ? undefined : gapBefore(known[index - 1], term.acquiredAt);
    if (gap !== undefined) {
      term.gapBeforeMs = gap;
    }
  });
  const terms = [...known, ...watched];
  if (firstWatched !== undefined) {
    // The first watched term has no watched predecessor: its gap is the Events' to tell.
    const { gapBeforeMs: _old, ...first } = firstWatched;
    const gap = gapBefore(known.at(-1), first.acquiredAt);
    terms[known.length] = gap === undefined ? first : { ...first, gapBeforeMs: gap };
  }
  const latest = Math.max(record.lastObservedAt ?? -Infinity, signals.at(-1)?.time ?? -Infinity);
  return pruneRecord({ ...record, terms }, latest, limits);
}
