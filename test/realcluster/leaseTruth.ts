// The terms of one Lease as its own versions tell them (seen through our own watch): the truth a
// leadership record is checked against. A term begins with a new holderIdentity or a higher
// leaseTransitions, at the version's acquireTime; its last renewal is the newest renewTime its
// holder wrote. An empty holder (a release) ends the open term.
import type { V1Lease } from '@kubernetes/client-node';
import { parseMicroTime } from '../../src/core/microTime';

export interface TruthTerm {
  holder: string;
  /** acquireTime (ms). */
  acquiredAt: number;
  /** The holder's newest renewTime in this term (ms). */
  lastRenewedAt: number;
  /** leaseDurationSeconds (ms). */
  durationMs: number;
  transitions: number;
}

/** MicroTime strings as the watch delivers them (the wire JSON: client-node leaves them strings). */
function time(v: unknown): number | undefined {
  return typeof v === 'string' ? parseMicroTime(v) : v instanceof Date ? v.getTime() : undefined;
}

export function truthTerms(versions: readonly V1Lease[]): TruthTerm[] {
  const terms: TruthTerm[] = [];
  let open: TruthTerm | undefined;
  for (const v of versions) {
    const holder = v.spec?.holderIdentity ?? '';
    const acquiredAt = time(v.spec?.acquireTime);
    const renewedAt = time(v.spec?.renewTime) ?? acquiredAt;
    const transitions = v.spec?.leaseTransitions ?? 0;
    if (holder === '') {
      open = undefined;
      continue;
    }
    if (open !== undefined && open.holder === holder && transitions <= open.transitions) {
      if (renewedAt !== undefined && renewedAt > open.lastRenewedAt) {
        open.lastRenewedAt = renewedAt;
      }
      continue;
    }
    if (acquiredAt === undefined || renewedAt === undefined) {
      continue;
    }
    open = { holder, acquiredAt, lastRenewedAt: renewedAt, durationMs: (v.spec?.leaseDurationSeconds ?? 0) * 1000, transitions };
    terms.push(open);
  }
  return terms;
}
