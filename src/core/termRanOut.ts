// Whether a term had run out when the next holder started: the one rule the follow timeline
// (timeline.ts) and the health record (leadershipRecord.ts) share for 'expired' against 'taken-over'.
// Pure.
import type { LockKind } from '../shared/types';

/**
 * A term alive until `expiresAt` (its last renewTime + leaseDurationSeconds) had run out when the next
 * holder started at `start`. The ConfigMap and Endpoints locks keep whole seconds (their annotation is
 * RFC 3339, not MicroTime), which cuts both times down: a takeover in the second the term ran out
 * (renewed at x.9 s, taken over 15.3 s later, both written as x) counts as run out. Taking an unexpired
 * lock is not how a client-go candidate acquires, so the benefit of that doubt goes to 'expired'.
 */
export function termRanOut(expiresAt: number, start: number, lock: LockKind | undefined): boolean {
  return lock === 'configmap' || lock === 'endpoints' ? expiresAt <= start : expiresAt < start;
}
