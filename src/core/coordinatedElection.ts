// Coordinated leader election (KEP-4355, coordination.k8s.io LeaseCandidate): which candidate the
// Lease's strategy would pick, as kube-apiserver's leader-election controller does. Pure.
//
// The rules are those of kubernetes/kubernetes pkg/controlplane/controller/leaderelection:
// - election.go `pickBestLeaderOldestEmulationVersion`: skip candidates whose emulation or binary
//   version does not parse (`validLeaseCandidateForOldestEmulationVersion`, semver.ParseTolerant);
//   of the rest keep the best by `compare`: the lower emulation version, then the lower binary
//   version, then the earlier creationTimestamp (on a tie the one met first stays);
// - election.go `pickBestStrategy`: without a strategy on the Lease, the strategy of the candidate
//   with the highest binary version; two candidates at the same binary version with different
//   strategies are a conflict and nothing is picked;
// - election.go `isLeaseCandidateExpired` with leaderelection_controller.go
//   `leaseCandidateValidDuration = 30 * time.Minute`: a candidate without a renewTime, or renewed
//   longer ago than that, takes no part in the election.
// Only OldestEmulationVersion is run by the controller; other strategies (third-party ones) are
// decided by their own components, so no pick is named for them.
import type { LeaseCandidateInfo, LeaseSpec } from '../shared/types';
import { parseMicroTime } from './microTime';
import { clipText } from './untrustedText';
import { t } from '../shared/l10n';

/** leaderelection_controller.go: leaseCandidateValidDuration. */
export const leaseCandidateValidMs = 30 * 60_000;

export const oldestEmulationVersion = 'OldestEmulationVersion';

export interface CandidateVerdict {
  name: string;
  /** Takes part in the election: renewed within leaseCandidateValidMs and (for the strategy) valid versions. */
  eligible: boolean;
  /** Why it is not eligible. */
  reason?: string;
}

export interface CoordinatedPick {
  /** The strategy in force: the Lease's, else the candidates' (pickBestStrategy). */
  strategy?: string;
  /** Where the strategy comes from. */
  strategySource?: 'lease' | 'candidates';
  /** The candidate's name the strategy would pick. */
  picked?: string;
  /** Why nothing is picked. */
  reason?: string;
  /** One per candidate, in the order given. */
  verdicts: CandidateVerdict[];
}

/** A version as blang/semver's ParseTolerant reads it (leading `v`, missing minor/patch as 0). */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

const numeric = /^(0|[1-9]\d*)$/;
const identifier = /^[0-9A-Za-z-]+$/;

/** ParseTolerant: trims spaces, drops a leading `v`, fills a missing minor or patch with 0 and drops leading zeros. */
export function parseSemVer(text: string | undefined): SemVer | undefined {
  if (text === undefined) {
    return undefined;
  }
  let s = text.trim().replace(/^v/, '');
  const build = s.indexOf('+');
  if (build >= 0) {
    if (
      !s
        .slice(build + 1)
        .split('.')
        .every((part) => identifier.test(part))
    ) {
      return undefined;
    }
    s = s.slice(0, build);
  }
  const dash = s.indexOf('-');
  const core = dash >= 0 ? s.slice(0, dash) : s;
  const preText = dash >= 0 ? s.slice(dash + 1) : undefined;
  const parts = core.split('.');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) {
    return undefined;
  }
  while (parts.length < 3) {
    parts.push('0');
  }
  const [major, minor, patch] = parts.map((p) => Number(p.replace(/^0+(?=\d)/, '')));
  const pre = preText === undefined ? [] : preText.split('.');
  if (pre.some((p) => !identifier.test(p) || (/^\d+$/.test(p) && !numeric.test(p)))) {
    return undefined;
  }
  if (![major, minor, patch].every((n) => n !== undefined && Number.isSafeInteger(n))) {
    return undefined;
  }
  return { major: major ?? 0, minor: minor ?? 0, patch: patch ?? 0, pre };
}

/** semver 2.0 precedence: −1, 0 or 1. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (const field of ['major', 'minor', 'patch'] as const) {
    if (a[field] !== b[field]) {
      return a[field] < b[field] ? -1 : 1;
    }
  }
  if (a.pre.length === 0 || b.pre.length === 0) {
    return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined || y === undefined) {
      return x === undefined ? -1 : 1;
    }
    if (x === y) {
      continue;
    }
    const xn = numeric.test(x);
    const yn = numeric.test(y);
    if (xn && yn) {
      return Number(x) < Number(y) ? -1 : 1;
    }
    if (xn !== yn) {
      return xn ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return 0;
}

const zero: SemVer = { major: 0, minor: 0, patch: 0, pre: [] };

function createdAt(c: LeaseCandidateInfo): number {
  const ms = c.creationTimestamp === undefined ? NaN : Date.parse(c.creationTimestamp);
  return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY;
}

/** election.go `compare`: negative when `lhs` is the better leader, positive when `rhs` is. */
export function compareCandidates(lhs: LeaseCandidateInfo, rhs: LeaseCandidateInfo): number {
  let result = compareSemVer(parseSemVer(lhs.emulationVersion) ?? zero, parseSemVer(rhs.emulationVersion) ?? zero);
  if (result === 0) {
    result = compareSemVer(parseSemVer(lhs.binaryVersion) ?? zero, parseSemVer(rhs.binaryVersion) ?? zero);
  }
  if (result === 0) {
    return createdAt(lhs) > createdAt(rhs) ? 1 : -1;
  }
  return result;
}

/** election.go `isLeaseCandidateExpired`. */
export function candidateExpired(c: LeaseCandidateInfo, now: number): boolean {
  const renewed = parseMicroTime(c.renewTime);
  return renewed === undefined || renewed + leaseCandidateValidMs < now;
}

function bestStrategy(candidates: readonly LeaseCandidateInfo[]): { strategy?: string; conflict?: string } {
  const first = candidates[0];
  if (first === undefined) {
    return {};
  }
  let strategy = first.strategy ?? '';
  let highest = parseSemVer(first.binaryVersion) ?? zero;
  for (const c of candidates.slice(1)) {
    const version = parseSemVer(c.binaryVersion) ?? zero;
    const result = compareSemVer(highest, version);
    if (result < 0) {
      strategy = c.strategy ?? '';
      highest = version;
    } else if (result === 0 && (c.strategy ?? '') !== strategy) {
      return { conflict: t('candidates at the same binary version name different strategies') };
    }
  }
  return strategy === '' ? {} : { strategy };
}

/** Which candidate the election's strategy would pick at `now`, and why each other one would not. */
export function coordinatedPick(
  spec: Pick<LeaseSpec, 'strategy'>,
  candidates: readonly LeaseCandidateInfo[] | undefined,
  now: number,
): CoordinatedPick {
  const all = candidates ?? [];
  const verdicts: CandidateVerdict[] = all.map((c) =>
    candidateExpired(c, now)
      ? { name: c.name, eligible: false, reason: t('not renewed within 30 minutes: not part of the election') }
      : { name: c.name, eligible: true },
  );
  const live = all.filter((_, i) => verdicts[i]?.eligible === true);
  const pick: CoordinatedPick = { verdicts };
  if (spec.strategy) {
    pick.strategy = spec.strategy;
    pick.strategySource = 'lease';
  } else {
    const best = bestStrategy(live);
    if (best.conflict) {
      pick.reason = best.conflict;
      return pick;
    }
    if (best.strategy) {
      pick.strategy = best.strategy;
      pick.strategySource = 'candidates';
    }
  }
  if (all.length === 0) {
    pick.reason = t('no LeaseCandidates name this Lease');
    return pick;
  }
  if (!pick.strategy) {
    pick.reason = t('no strategy on the Lease or its candidates');
    return pick;
  }
  if (pick.strategy !== oldestEmulationVersion) {
    pick.reason = t(
      'strategy {0} is not run by the Kubernetes controller; its own component picks the leader',
      clipText(pick.strategy, 63),
    );
    return pick;
  }
  let electee: LeaseCandidateInfo | undefined;
  all.forEach((c, i) => {
    const verdict = verdicts[i];
    if (!verdict?.eligible) {
      return;
    }
    if (parseSemVer(c.emulationVersion) === undefined || parseSemVer(c.binaryVersion) === undefined) {
      verdict.eligible = false;
      verdict.reason = t('emulation or binary version is not a semantic version');
      return;
    }
    if (electee === undefined || compareCandidates(electee, c) > 0) {
      electee = c;
    }
  });
  if (electee === undefined) {
    pick.reason = t('no eligible candidate');
  } else {
    pick.picked = electee.name;
  }
  return pick;
}
