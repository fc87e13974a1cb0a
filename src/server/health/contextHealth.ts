// One watched context's leadership records: one per Lease the client sees, fed by the context's
// list/watch (observe, observeDeleted), seeded by its LeaderElection Events (seedFromEvents),
// loaded from disk when the context is watched (a loaded record goes on when its Lease is seen
// again, and is dropped when the first complete list does not have it). Knows which rows and
// flags changed since they were last sent. Protocol-agnostic: healthHub.ts sends.
// Records are kept packed (packedRecord.ts): a renewal is applied in place in constant time
// (renewPacked); anything else goes through the pure rules (observe, observeDeleted, seedFromEvents)
// on the unpacked record and is packed again. Flags and rows are computed on the timers, for the
// Leases that changed, straight from the packed form.
import { healthFlags, type HealthSettings } from '../../core/healthFlags';
import { healthDetail, healthRow, orderFlags, type HealthRowInput } from '../../core/healthRow';
import { seedFromEvents } from '../../core/leadershipEvents';
import { defaultRecordLimits, emptyRecord, observe, observeDeleted, resume, type RecordLimits } from '../../core/leadershipRecord';
import { estimatePackedBytes, pack, renewPacked, termCount, unpack, type PackedRecord } from '../../core/packedRecord';
import { healthFlagOrder, type HealthDetail, type HealthFlag, type HealthRow } from '../../shared/health';
import type { HealthFlagChange } from '../../shared/protocol';
import type { ContextState, LeaseEvent, LeaseInfo, LeaseKey } from '../../shared/types';
import type { StoredRecord } from './recordFiles';

/**
 * What changed in a context's records since they were saved: 'terms' (a term began or ended, a
 * record came or went, Events seeded one), or only 'renewals' (an open term's last renewal and
 * renew statistics), which is what changes all the time at fleet scale.
 */
export type Unsaved = 'nothing' | 'renewals' | 'terms';

/**
 * Records whose only change is renewals are saved at most this often (ms). At 10,000 Leases every
 * record renews, so each save rewrites the whole file (about 4 MB); a crash loses at most this much
 * of the renew statistics, never a term (terms go at the next save tick, healthHub.ts saveIntervalMs).
 */
export const renewalsSaveIntervalMs = 300_000;

/** Whether a context's records are due to be saved now, `sinceSaveMs` after they last were. */
export function saveDue(unsaved: Unsaved, sinceSaveMs: number): boolean {
  return unsaved === 'terms' || (unsaved === 'renewals' && sinceSaveMs >= renewalsSaveIntervalMs);
}

/** A row whose only change is a renewal is sent at most this often (ms). */
export const renewalRowIntervalMs = 5000;

interface Entry {
  key: LeaseKey;
  namespace: string;
  name: string;
  record: PackedRecord;
  lease?: LeaseInfo;
  /** Loaded from disk (or kept from before), not seen by this watch yet. */
  resumed: boolean;
  /** Flags as last sent (a bit per healthFlagOrder index, 0: none), and whether they must be evaluated again. */
  flagsSent: number;
  flagsStale: boolean;
  /** What changed since the row was last sent. */
  rowDirty: 'none' | 'renewal' | 'change';
  /** When the row was last sent, in ms since `epoch` (a small integer: no boxed double per Lease). */
  rowSentAt: number;
}

/** The flags as a bit mask over healthFlagOrder. */
function flagMask(flags: readonly HealthFlag[]): number {
  let mask = 0;
  for (const flag of flags) {
    mask |= 1 << healthFlagOrder.indexOf(flag);
  }
  return mask;
}

export interface RowChanges {
  rows: HealthRow[];
  removed: LeaseKey[];
}

export class ContextHealth {
  private readonly entries = new Map<LeaseKey, Entry>();
  private readonly removedKeys = new Set<LeaseKey>();
  /** Flag changes of Leases no longer kept (their flags clear). */
  private readonly clearedFlags: HealthFlagChange[] = [];
  private unknownSince: number | undefined;
  private clockSkew = false;
  private pruned = false;
  /** The origin of the entries' rowSentAt. */
  private readonly epoch = Date.now();
  /** What changed in the records since they were last saved (healthHub.ts saves them: saveDue). */
  unsaved: Unsaved = 'nothing';
  /** When the records were last saved (or loaded: the context's start). */
  savedAt = Date.now();

  constructor(
    readonly context: string,
    private readonly eventsOf: (key: LeaseKey) => readonly LeaseEvent[],
    private readonly limits: RecordLimits = defaultRecordLimits,
  ) {}

  /** Records from disk (or from before a restart of the context): they go on when their Leases are seen. */
  load(records: Map<LeaseKey, StoredRecord>): void {
    for (const [key, stored] of records) {
      if (!this.entries.has(key)) {
        this.entries.set(key, this.entry(key, stored.namespace, stored.name, pack(stored.record), true));
      }
    }
  }

  observed(lease: LeaseInfo): void {
    let entry = this.entries.get(lease.key);
    if (entry === undefined) {
      const events = this.eventsOf(lease.key);
      const record = events.length > 0 ? seedFromEvents(emptyRecord(), events, this.limits) : emptyRecord();
      entry = this.entry(lease.key, lease.namespace, lease.name, pack(record), false);
      this.entries.set(lease.key, entry);
      this.removedKeys.delete(lease.key);
    }
    const hadLease = entry.lease !== undefined;
    let renewalOnly: boolean;
    if (!entry.resumed && renewPacked(entry.record, lease, lease.observedAt, this.limits)) {
      // The open term went on, in place: the common case, in constant time.
      renewalOnly = hadLease;
    } else {
      const before = unpack(entry.record);
      let record = entry.resumed ? resume(before, lease, lease.observedAt) : before;
      entry.resumed = false;
      record = observe(record, lease, lease.observedAt, this.limits);
      entry.record = pack(record);
      const last = before.terms.at(-1);
      const now = record.terms.at(-1);
      // The same terms as before, their last one neither begun nor ended (a released or never-held
      // Lease written again counts as a renewal too).
      const sameLast = last === undefined ? now === undefined : now !== undefined && last.holder === now.holder && last.end === now.end;
      renewalOnly = hadLease && record.terms.length === before.terms.length && sameLast && record.deletedAt === before.deletedAt;
    }
    entry.lease = lease;
    entry.flagsStale = true;
    this.touched(renewalOnly ? 'renewals' : 'terms');
    this.markRow(entry, renewalOnly ? 'renewal' : 'change');
  }

  /** The Lease is gone: `deleted` by the cluster (its record says so), else no longer watched (dropped). */
  gone(key: LeaseKey, at: number, deleted: boolean): void {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return;
    }
    if (!deleted) {
      this.drop(entry);
      return;
    }
    entry.record = pack(observeDeleted(unpack(entry.record), at, this.limits));
    entry.lease = undefined;
    entry.flagsStale = true;
    this.touched('terms');
    this.markRow(entry, 'change');
  }

  /** The context's state: its lost connection and its clock skew mark every row. */
  state(state: ContextState): void {
    const unknownSince = state.unknownSince;
    const clockSkew = state.clockSkewMs !== undefined;
    if (unknownSince !== this.unknownSince || clockSkew !== this.clockSkew) {
      this.unknownSince = unknownSince;
      this.clockSkew = clockSkew;
      for (const entry of this.entries.values()) {
        entry.flagsStale = true;
        this.markRow(entry, 'change');
      }
    }
    if (!this.pruned && state.synced && state.phase === 'connected') {
      // The first complete list: a loaded record whose Lease it does not have is gone.
      this.pruned = true;
      for (const entry of [...this.entries.values()]) {
        if (entry.resumed) {
          this.drop(entry);
          this.touched('terms');
        }
      }
    }
  }

  /** The Lease's Events changed: seed its record again (what is new is added). */
  seed(key: LeaseKey): void {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return;
    }
    const before = unpack(entry.record);
    const seeded = seedFromEvents(before, this.eventsOf(key), this.limits);
    if (seeded !== before && JSON.stringify(seeded.terms) !== JSON.stringify(before.terms)) {
      entry.record = pack(seeded);
      entry.flagsStale = true;
      this.touched('terms');
      this.markRow(entry, 'change');
    }
  }

  /** Records were saved: nothing is unsaved from `at`. */
  saved(at: number): void {
    this.unsaved = 'nothing';
    this.savedAt = at;
  }

  private touched(change: Exclude<Unsaved, 'nothing'>): void {
    if (change === 'terms' || this.unsaved === 'nothing') {
      this.unsaved = change;
    }
  }

  rows(now: number, settings: HealthSettings): HealthRow[] {
    return [...this.entries.values()].map((entry) => this.row(entry, now, settings));
  }

  detail(key: LeaseKey, now: number, settings: HealthSettings): HealthDetail | null {
    const entry = this.entries.get(key);
    return entry ? healthDetail(this.row(entry, now, settings), entry.record) : null;
  }

  /** Rows changed since last taken (renewal-only ones at most every renewalRowIntervalMs), and rows gone. */
  takeRows(now: number, settings: HealthSettings): RowChanges {
    const rows: HealthRow[] = [];
    const sentAt = Math.floor(now - this.epoch);
    for (const entry of this.entries.values()) {
      if (entry.rowDirty === 'change' || (entry.rowDirty === 'renewal' && sentAt - entry.rowSentAt >= renewalRowIntervalMs)) {
        rows.push(this.row(entry, now, settings));
        entry.rowDirty = 'none';
        entry.rowSentAt = sentAt;
      }
    }
    const removed = [...this.removedKeys];
    this.removedKeys.clear();
    return { rows, removed };
  }

  /** Forgets what rows changed (nobody subscribed). */
  discardRows(): void {
    for (const entry of this.entries.values()) {
      entry.rowDirty = 'none';
    }
    this.removedKeys.clear();
  }

  /** Leases whose flags changed since last sent; `all`: evaluate every Lease (time-based flags), else the changed ones. */
  takeFlags(now: number, settings: HealthSettings, all: boolean): HealthFlagChange[] {
    const changes = this.clearedFlags.splice(0);
    for (const entry of this.entries.values()) {
      if (!all && !entry.flagsStale) {
        continue;
      }
      entry.flagsStale = false;
      const flags = this.flags(entry, now, settings);
      const mask = flagMask(flags);
      if (mask !== entry.flagsSent) {
        entry.flagsSent = mask;
        changes.push({ key: entry.key, flags });
        // A flag that came or went by time alone is a change of the row too.
        if (entry.rowDirty !== 'change') {
          entry.rowDirty = 'change';
        }
      }
    }
    return changes;
  }

  /** What to persist: the records of Leases not deleted. */
  stored(): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const entry of this.entries.values()) {
      const record = unpack(entry.record);
      if (record.deletedAt === undefined) {
        out.push({ namespace: entry.namespace, name: entry.name, record });
      }
    }
    return out;
  }

  storedMap(): Map<LeaseKey, StoredRecord> {
    return new Map(this.stored().map((s) => [`${this.context}/${s.namespace}/${s.name}`, s]));
  }

  keys(): LeaseKey[] {
    return [...this.entries.keys()];
  }

  /** Leases whose last sent flags were not empty. */
  flagged(): LeaseKey[] {
    return [...this.entries.values()].filter((entry) => entry.flagsSent !== 0).map((entry) => entry.key);
  }

  stats(): { leases: number; terms: number; bytes: number } {
    let terms = 0;
    let bytes = 0;
    for (const entry of this.entries.values()) {
      terms += termCount(entry.record);
      bytes += estimatePackedBytes(entry.record);
    }
    return { leases: this.entries.size, terms, bytes };
  }

  private entry(key: LeaseKey, namespace: string, name: string, record: PackedRecord, resumed: boolean): Entry {
    return { key, namespace, name, record, resumed, flagsSent: 0, flagsStale: true, rowDirty: 'change', rowSentAt: -renewalRowIntervalMs };
  }

  private drop(entry: Entry): void {
    this.entries.delete(entry.key);
    this.removedKeys.add(entry.key);
    if (entry.flagsSent !== 0) {
      this.clearedFlags.push({ key: entry.key, flags: [] });
    }
  }

  private markRow(entry: Entry, change: 'renewal' | 'change'): void {
    if (entry.rowDirty !== 'change') {
      entry.rowDirty = change;
    }
  }

  private input(entry: Entry, now: number, settings: HealthSettings): HealthRowInput {
    return {
      key: entry.key,
      context: this.context,
      namespace: entry.namespace,
      name: entry.name,
      record: entry.record,
      lease: entry.lease,
      now,
      settings: { ...settings, connected: this.unknownSince === undefined },
      unknownSince: this.unknownSince,
      clockSkew: this.clockSkew,
    };
  }

  private row(entry: Entry, now: number, settings: HealthSettings): HealthRow {
    return healthRow(this.input(entry, now, settings));
  }

  private flags(entry: Entry, now: number, settings: HealthSettings): HealthFlag[] {
    // The row's flags without the rest of the row: this runs for every Lease every few seconds.
    const flags = healthFlags(entry.record, entry.lease, now, { ...settings, connected: this.unknownSince === undefined });
    if (this.clockSkew) {
      flags.push('clock-skew');
    }
    return orderFlags(flags);
  }
}
