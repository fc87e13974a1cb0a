// Split brain and zombie leaders: the evidence that more than one replica believes it leads, and
// the alarm once that evidence has lasted longer than the election's retry period (a hand-over
// takes up to about one retry period, so a shorter overlap is no split brain). Pure.
//
// Evidence, each naming what it rests on:
//   metrics-two-leaders         two candidate pods' leader_election_master_status read 1, both
//                               read after the current holder was first seen
//   metrics-holder-not-leading  the holder's pod reads 0 (read after it became holder) while the
//                               Lease is held and renewed
//   logs-two-leaders            the latest leadership log lines of two running replicas both say
//                               they lead (acquired), each from the container that runs now
//   event-other-leader          a "… became leader" Event from an identity that is not the holder,
//                               after the holder's acquireTime, while the holder still renews
import type { PodMetrics, SplitBrainEvidence, SplitBrainKind, SplitBrainState } from '../shared/splitBrain';
import type { LeadershipSignal, LeaseEvent } from '../shared/types';
import { t } from '../shared/l10n';
import { preview } from './untrustedText';

/** The retry period client-go uses by default (ms); the alarm waits at least this long. */
export const defaultRetryPeriodMs = 2_000;

/** A pod's latest decisive leadership log line. */
export interface PodLeadershipLine {
  pod: string;
  signal: LeadershipSignal;
  time: number;
  /** The pod's restart count when the line arrived: a restart since makes the line stale. */
  restarts: number;
}

export interface SplitBrainPod {
  name: string;
  holder: boolean;
  restarts: number;
  /** False for pods not running (Pending, Failed, being deleted). */
  running: boolean;
}

export interface SplitBrainInput {
  now: number;
  /** The Lease now; absent or without holder: nobody holds it. */
  lease?: {
    holder?: string;
    /** acquireTime and renewTime (ms, the holder's clock). */
    acquiredAt?: number;
    renewedAt?: number;
    durationMs?: number;
    /** When this version was observed (ms, our clock). */
    observedAt: number;
  };
  /** When the current holder was first seen (ms, our clock). */
  holderSeenAt?: number;
  pods: readonly SplitBrainPod[];
  metrics: readonly PodMetrics[];
  /** A metrics reading older than this (ms) no longer counts. */
  metricsMaxAgeMs: number;
  lines: readonly PodLeadershipLine[];
  events: readonly LeaseEvent[];
}

/** Evidence found now, before it is matched with what was found before. */
export interface FoundEvidence {
  kind: SplitBrainKind;
  pods: string[];
  detail: string;
}

/** Signals that say whether the pod leads; the others (lock read or write errors) say nothing. */
const DECISIVE: ReadonlySet<LeadershipSignal> = new Set(['acquired', 'attempting', 'renew-failed', 'lost', 'new-leader', 'released']);

export function isDecisive(signal: LeadershipSignal): boolean {
  return DECISIVE.has(signal);
}

const BECAME_LEADER = /^\s*(\S{1,253})\s+became leader\b/;

/** True while the Lease has a holder whose latest version was observed less than a duration ago. */
function stillRenewed(input: SplitBrainInput): boolean {
  const l = input.lease;
  return !!l?.holder && l.durationMs !== undefined && l.durationMs > 0 && l.observedAt + l.durationMs > input.now;
}

function names(pods: readonly string[]): string {
  return pods.map((p) => preview(p, 60)).join(', ');
}

/** Every piece of evidence of a split brain in `input`, in a stable order. */
export function findSplitBrainEvidence(input: SplitBrainInput): FoundEvidence[] {
  const found: FoundEvidence[] = [];
  const running = new Map(input.pods.filter((p) => p.running).map((p) => [p.name, p]));
  const since = input.holderSeenAt ?? -Infinity;
  const fresh = input.metrics.filter(
    (m) => m.masterStatus !== undefined && running.has(m.pod) && input.now - m.readAt <= input.metricsMaxAgeMs && m.readAt >= since,
  );
  const leaders = fresh
    .filter((m) => m.masterStatus === 1)
    .map((m) => m.pod)
    .sort();
  if (leaders.length >= 2) {
    found.push({
      kind: 'metrics-two-leaders',
      pods: leaders,
      detail: t('leader_election_master_status is 1 on {0} pods: {1}', leaders.length, names(leaders)),
    });
  }
  if (stillRenewed(input)) {
    const holderPod = input.pods.find((p) => p.holder && p.running);
    const reading = holderPod ? fresh.find((m) => m.pod === holderPod.name) : undefined;
    if (holderPod && reading?.masterStatus === 0) {
      found.push({
        kind: 'metrics-holder-not-leading',
        pods: [holderPod.name],
        detail: t("The holder's pod {0} reports leader_election_master_status 0 while its Lease is renewed", preview(holderPod.name, 60)),
      });
    }
  }
  const leading = input.lines
    .filter((l) => {
      const pod = running.get(l.pod);
      return pod !== undefined && l.signal === 'acquired' && pod.restarts <= l.restarts;
    })
    .map((l) => l.pod)
    .sort();
  if (leading.length >= 2) {
    found.push({
      kind: 'logs-two-leaders',
      pods: leading,
      detail: t('The latest leadership log lines of {0} pods say they lead: {1}', leading.length, names(leading)),
    });
  }
  const lease = input.lease;
  if (lease?.holder && stillRenewed(input)) {
    const windowMs = Math.max(lease.durationMs ?? 0, 15_000) * 2;
    const others = new Set<string>();
    for (const e of input.events) {
      const m = BECAME_LEADER.exec(e.message);
      const identity = m?.[1];
      if (
        identity === undefined ||
        identity === lease.holder ||
        (lease.acquiredAt !== undefined && e.time <= lease.acquiredAt) ||
        (lease.renewedAt !== undefined && lease.renewedAt <= e.time) ||
        input.now - e.time > windowMs
      ) {
        continue;
      }
      others.add(identity);
    }
    if (others.size > 0) {
      const ids = [...others].sort();
      found.push({
        kind: 'event-other-leader',
        pods: ids,
        detail: t('An Event says {0} became leader, but {1} still holds and renews the Lease', names(ids), preview(lease.holder, 60)),
      });
    }
  }
  return found;
}

function evidenceKey(e: { kind: SplitBrainKind; pods: readonly string[] }): string {
  return `${e.kind}\u0000${e.pods.join('\u0000')}`;
}

/**
 * The next state: evidence seen before keeps its `since`, new evidence starts now, evidence no
 * longer found is dropped. The alarm is up while some evidence has lasted the retry period.
 */
export function advanceSplitBrain(
  previous: SplitBrainState | undefined,
  found: readonly FoundEvidence[],
  now: number,
  retryPeriodMs: number,
): SplitBrainState {
  const before = new Map((previous?.evidence ?? []).map((e) => [evidenceKey(e), e.since]));
  const evidence: SplitBrainEvidence[] = found.map((f) => ({ ...f, since: before.get(evidenceKey(f)) ?? now }));
  const alarm = evidence.some((e) => now - e.since >= retryPeriodMs);
  const state: SplitBrainState = { alarm, retryPeriodMs, evidence };
  if (alarm) {
    state.alarmSince = previous?.alarm && previous.alarmSince !== undefined ? previous.alarmSince : now;
  }
  return state;
}

/** When the alarm would rise if nothing changes (ms), or undefined: already up, or no evidence. */
export function nextAlarmCheck(state: SplitBrainState): number | undefined {
  if (state.alarm || state.evidence.length === 0) {
    return undefined;
  }
  return Math.min(...state.evidence.map((e) => e.since)) + state.retryPeriodMs;
}

/** True when two states differ in what the panel and the host show. */
export function splitBrainChanged(a: SplitBrainState | undefined, b: SplitBrainState): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}
