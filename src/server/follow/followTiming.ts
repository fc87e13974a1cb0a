// The election's timing of a followed Lease: the candidate pods' command lines (kept from the pod
// watch the follow already runs), the current term's renew intervals and the timeline's gaps,
// checked by src/core/electionTiming.ts.
import { electionTiming, readElectionConfig, type PodCommands } from '../../core/electionTiming';
import { addInterval, emptyRenewSample, renewSummary, type RenewSample } from '../../core/renewStats';
import { parseMicroTime } from '../../core/microTime';
import type { LeaseInfo, LeaseTimeline, PodRef } from '../../shared/types';
import type { ElectionTiming } from '../../shared/timing';

/** The parts of a Pod's JSON the timing needs. */
interface RawPodCommands {
  metadata?: { name?: string; namespace?: string };
  spec?: { containers?: { name?: unknown; command?: unknown; args?: unknown }[] };
}

const maxItems = 200;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.slice(0, maxItems).filter((v): v is string => typeof v === 'string') : [];
}

export class FollowTiming {
  /** The pods' commands by `namespace/name` (candidates may be in several namespaces). */
  private readonly commands = new Map<string, PodCommands>();
  private holder: string | undefined;
  private lastRenewedAt: number | undefined;
  private renew: RenewSample = emptyRenewSample();

  setPod(raw: unknown): void {
    const pod = raw as RawPodCommands | null;
    const name = pod?.metadata?.name;
    if (typeof name !== 'string' || name === '') {
      return;
    }
    const containers = (Array.isArray(pod?.spec?.containers) ? (pod?.spec?.containers ?? []) : []).map((c) => ({
      name: typeof c.name === 'string' ? c.name : '',
      items: [...strings(c.command), ...strings(c.args)],
    }));
    this.commands.set(`${pod?.metadata?.namespace ?? ''}/${name}`, { name, containers });
  }

  /** Forgets a pod, by `namespace/name`. */
  deletePod(id: string): void {
    this.commands.delete(id);
  }

  clearPods(): void {
    this.commands.clear();
  }

  /** A new version of the Lease: a renewal of the same holder adds an interval; a new holder starts a new sample. */
  observeLease(lease: LeaseInfo): void {
    const holder = lease.spec.holderIdentity ?? '';
    const renewedAt = parseMicroTime(lease.spec.renewTime);
    if (holder !== this.holder) {
      this.holder = holder;
      this.renew = emptyRenewSample();
      this.lastRenewedAt = renewedAt;
      return;
    }
    if (renewedAt !== undefined && (this.lastRenewedAt === undefined || renewedAt > this.lastRenewedAt)) {
      if (this.lastRenewedAt !== undefined) {
        this.renew = addInterval(this.renew, renewedAt - this.lastRenewedAt);
      }
      this.lastRenewedAt = renewedAt;
    }
  }

  /** The timing of the candidates (holder first), or undefined before the Lease is known. */
  timing(candidates: readonly PodRef[], lease: LeaseInfo | undefined, timeline: LeaseTimeline): ElectionTiming | undefined {
    if (lease === undefined) {
      return undefined;
    }
    const pods = candidates.map((p) => this.commands.get(`${p.namespace}/${p.name}`)).filter((p): p is PodCommands => p !== undefined);
    const summary = renewSummary(this.renew, undefined);
    const gaps = timeline.terms.map((term) => term.gapBeforeMs).filter((g): g is number => g !== undefined && g >= 0);
    const seconds = lease.spec.leaseDurationSeconds;
    return electionTiming(readElectionConfig(pods), {
      ...(typeof seconds === 'number' ? { leaseDurationSeconds: seconds } : {}),
      ...(summary.medianMs !== undefined ? { renewCount: summary.count, renewMedianMs: summary.medianMs, renewMaxMs: summary.maxMs } : {}),
      ...(gaps.length > 0 ? { maxGapMs: Math.max(...gaps) } : {}),
    });
  }
}
