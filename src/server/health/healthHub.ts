// The leadership records of every watched context, and what the protocol needs from them: rows,
// a Lease's detail, changed rows while a Health view is subscribed (one batch a second at most),
// changed flags always, the leadership Events of contexts a client listed, memory figures, and
// persistence under the storage path (loaded when a context is watched; saved at most every 30 s
// when a term changed, every 5 minutes when only renewals did, and when it is unwatched and at
// shutdown). Protocol-agnostic: Sessions wires it, main.ts sends.
import type { HealthSettings } from '../../core/healthFlags';
import type { HealthDetail, HealthFlag, HealthRow, HealthStats } from '../../shared/health';
import type {
  HealthFlagChange,
  HealthFlagsChanged,
  HealthRowsChanged,
  LeadershipEventsResult,
  ServerLogLevel,
} from '../../shared/protocol';
import { parseLeaseKey, type ContextState, type LeaseEvent, type LeaseInfo, type LeaseKey, type ServerSettings } from '../../shared/types';
import type { KubeClient } from '../kube/client';
import { ContextHealth, saveDue } from './contextHealth';
import { LeadershipEventsWatch } from './leadershipEventsWatch';
import {
  loadRecords,
  maxTotalBytes,
  pruneRecordFolder,
  recordFileName,
  recordFileText,
  saveRecords,
  type StoredRecord,
} from './recordFiles';

/** Rows, flags and Events go out at most this often (ms). */
export const healthFlushMs = 1000;
/** Time-based flags (expiry, late renewal, the end of a flapping window) are evaluated this often. */
export const flagsEvaluateMs = 2000;
/** Records whose terms changed are saved at most this often (ms); renewals alone: renewalsSaveIntervalMs. */
export const saveIntervalMs = 30_000;

export interface HealthSink {
  rowsChanged(change: HealthRowsChanged): void;
  flags(change: HealthFlagsChanged): void;
  events(result: LeadershipEventsResult): void;
  log(level: ServerLogLevel, message: string): void;
}

/** What a ContextSession tells the records. */
export interface ContextHealthHooks {
  observed(lease: LeaseInfo): void;
  gone(key: LeaseKey, at: number, deleted: boolean): void;
  state(state: ContextState): void;
  /** Called when flags changed: the context's next Lease batch should go out (it carries them). */
  onFlags(request: () => void): void;
  /** The flag changes waiting for the context's next batch (taken: the next call answers only newer ones). */
  takeFlags(): HealthFlagChange[];
}

interface Watched {
  health: ContextHealth;
  events: LeadershipEventsWatch;
  /** Events by Lease, made again when the Events change. */
  byLease: Map<LeaseKey, LeaseEvent[]> | undefined;
  /** A client listed this context's Events: tell it of changes. */
  listed: boolean;
  eventsChanged: boolean;
  /** Flag changes for the next Lease batch, by Lease (a later change replaces an unsent one). */
  pendingFlags: Map<LeaseKey, HealthFlag[]>;
  /** Asks the context's session to send a batch soon. */
  requestBatch: () => void;
}

export interface HealthHubOptions {
  storagePath?: string;
  settings(): ServerSettings;
}

export class HealthHub {
  private readonly contexts = new Map<string, Watched>();
  /** Records of contexts closed while their save is under way: a context watched again starts from them. */
  private readonly parked = new Map<string, Map<LeaseKey, StoredRecord>>();
  private readonly persisted = new Map<string, number>();
  private readonly saving = new Map<string, Promise<void>>();
  private subscribed = false;
  private ticks = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: HealthSink,
    private readonly opts: HealthHubOptions,
  ) {
    this.timer = setInterval(() => this.tick(), healthFlushMs);
    this.timer.unref();
  }

  /** Starts the records (and the Events watch) of a context now watched; answers what its session tells them. */
  open(context: string, client: KubeClient, namespaces: () => string[]): ContextHealthHooks {
    void this.close(context, false);
    const watched: Watched = {
      health: new ContextHealth(context, (key) => this.eventsOf(context, key)),
      events: new LeadershipEventsWatch({
        context,
        client,
        namespaces,
        sink: {
          changed: (leases) => this.eventsChanged(context, leases),
          note: (message) => this.sink.log('info', message),
        },
      }),
      byLease: undefined,
      listed: false,
      eventsChanged: false,
      pendingFlags: new Map(),
      requestBatch: () => undefined,
    };
    this.contexts.set(context, watched);
    watched.health.load(this.parked.get(context) ?? this.load(context));
    watched.events.start();
    const health = watched.health;
    return {
      observed: (lease) => health.observed(lease),
      gone: (key, at, deleted) => health.gone(key, at, deleted),
      state: (state) => {
        health.state(state);
        watched.events.syncNamespaces();
      },
      onFlags: (request) => {
        watched.requestBatch = request;
      },
      takeFlags: () => {
        const changes = [...watched.pendingFlags].map(([key, flags]) => ({ key, flags }));
        watched.pendingFlags.clear();
        return changes;
      },
    };
  }

  /** A context is no longer watched: its records are saved, then freed; its rows go. */
  async close(context: string, send = true): Promise<void> {
    const watched = this.contexts.get(context);
    if (!watched) {
      return;
    }
    this.contexts.delete(context);
    if (this.opts.storagePath !== undefined) {
      // Watched again before the save below is done: it starts from these.
      this.parked.set(context, watched.health.storedMap());
    }
    await watched.events.stop();
    if (send && this.subscribed) {
      this.sink.rowsChanged({ rows: [], removed: watched.health.keys() });
    }
    const flagged = watched.health.flagged();
    if (send && flagged.length > 0) {
      // Its Leases are no longer judged: their decorations and counts clear.
      this.sink.flags({ changes: flagged.map((key) => ({ key, flags: [] })) });
    }
    await this.save(watched.health);
  }

  subscribe(rows: boolean): void {
    this.subscribed = rows;
    if (!rows) {
      for (const watched of this.contexts.values()) {
        watched.health.discardRows();
      }
    }
  }

  rows(contexts?: string[]): HealthRow[] {
    const now = Date.now();
    const settings = this.healthSettings();
    const rows: HealthRow[] = [];
    for (const [name, watched] of this.contexts) {
      if (!contexts || contexts.includes(name)) {
        rows.push(...watched.health.rows(now, settings));
      }
    }
    return rows;
  }

  detail(key: LeaseKey): HealthDetail | null {
    const context = parseLeaseKey(key)?.context;
    const watched = context === undefined ? undefined : this.contexts.get(context);
    return watched?.health.detail(key, Date.now(), this.healthSettings()) ?? null;
  }

  events(context: string): LeadershipEventsResult {
    const watched = this.contexts.get(context);
    if (!watched) {
      return { context, events: [] };
    }
    watched.listed = true;
    return this.eventsResult(context, watched);
  }

  stats(): HealthStats {
    const stats: HealthStats = { leases: 0, terms: 0, bytes: 0, events: 0, persistedBytes: 0 };
    for (const watched of this.contexts.values()) {
      const s = watched.health.stats();
      stats.leases += s.leases;
      stats.terms += s.terms;
      stats.bytes += s.bytes;
      stats.events += watched.events.size;
    }
    for (const bytes of this.persisted.values()) {
      stats.persistedBytes += bytes;
    }
    return stats;
  }

  /** Settings changed (flapping rule, expiring seconds): every flag is evaluated again now. */
  settingsChanged(): void {
    this.flush(true);
  }

  async dispose(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.contexts.keys()].map((context) => this.close(context, false)));
    await Promise.all([...this.saving.values()]);
  }

  private healthSettings(): HealthSettings {
    const s = this.opts.settings();
    return { connected: true, flapChanges: s.flapChanges, flapWindowMinutes: s.flapWindowMinutes, expiringSeconds: s.expiringSeconds };
  }

  private eventsOf(context: string, key: LeaseKey): readonly LeaseEvent[] {
    const watched = this.contexts.get(context);
    if (!watched) {
      return [];
    }
    watched.byLease ??= watched.events.byLease();
    return watched.byLease.get(key) ?? [];
  }

  private eventsChanged(context: string, leases: Set<LeaseKey>): void {
    const watched = this.contexts.get(context);
    if (!watched) {
      return;
    }
    watched.byLease = undefined;
    watched.eventsChanged = true;
    for (const key of leases) {
      watched.health.seed(key);
    }
  }

  private eventsResult(context: string, watched: Watched): LeadershipEventsResult {
    const result: LeadershipEventsResult = { context, events: watched.events.list() };
    const message = watched.events.message();
    if (message !== undefined) {
      result.message = message;
    }
    return result;
  }

  private tick(): void {
    this.ticks++;
    this.flush(this.ticks % (flagsEvaluateMs / healthFlushMs) === 0);
    if (this.ticks % (saveIntervalMs / healthFlushMs) === 0) {
      const now = Date.now();
      for (const watched of this.contexts.values()) {
        if (saveDue(watched.health.unsaved, now - watched.health.savedAt)) {
          void this.save(watched.health);
        }
      }
    }
  }

  private flush(allFlags: boolean): void {
    const now = Date.now();
    const settings = this.healthSettings();
    const rows: HealthRow[] = [];
    const removed: LeaseKey[] = [];
    for (const [context, watched] of this.contexts) {
      const flagChanges = watched.health.takeFlags(now, settings, allFlags);
      if (flagChanges.length > 0) {
        for (const change of flagChanges) {
          watched.pendingFlags.set(change.key, change.flags);
        }
        watched.requestBatch();
      }
      if (this.subscribed) {
        const changes = watched.health.takeRows(now, settings);
        rows.push(...changes.rows);
        removed.push(...changes.removed);
      }
      if (watched.eventsChanged && watched.listed) {
        watched.eventsChanged = false;
        this.sink.events(this.eventsResult(context, watched));
      }
    }
    if (rows.length > 0 || removed.length > 0) {
      this.sink.rowsChanged({ rows, removed });
    }
  }

  private load(context: string): Map<LeaseKey, StoredRecord> {
    if (this.opts.storagePath === undefined) {
      return new Map();
    }
    const loaded = loadRecords(this.opts.storagePath, context);
    if (loaded.kind === 'ignored') {
      this.sink.log('warn', `[${context}] leadership records not loaded, the file is ignored: ${loaded.why}`);
      return new Map();
    }
    if (loaded.kind === 'none') {
      return new Map();
    }
    this.persisted.set(context, loaded.bytes);
    this.sink.log('info', `[${context}] ${loaded.records.size} leadership records loaded`);
    return loaded.records;
  }

  /** Saves a context's records (one write at a time per context; the latest state wins). */
  private async save(health: ContextHealth): Promise<void> {
    const context = health.context;
    const storagePath = this.opts.storagePath;
    health.saved(Date.now());
    if (storagePath === undefined) {
      return;
    }
    const records = health.storedMap();
    const text = recordFileText(context, records.values());
    const closed = this.contexts.get(context)?.health !== health;
    if (closed) {
      this.parked.set(context, records);
    }
    const previous = this.saving.get(context) ?? Promise.resolve();
    const write = previous
      .then(() => saveRecords(storagePath, context, text))
      .then(async (bytes) => {
        this.persisted.set(context, bytes);
        const keep = new Set([...this.contexts.keys(), context].map(recordFileName));
        for (const name of await pruneRecordFolder(storagePath, keep)) {
          this.sink.log('info', `leadership records: ${name} removed (all contexts' records together stay within ${maxTotalBytes} bytes)`);
        }
      })
      .catch((err: unknown) => {
        this.sink.log('warn', `[${context}] leadership records not saved: ${String(err)}`);
      })
      .finally(() => {
        if (this.saving.get(context) === write) {
          this.saving.delete(context);
          if (closed && this.parked.get(context) === records) {
            this.parked.delete(context);
          }
        }
      });
    this.saving.set(context, write);
    await write;
  }
}
