// The leadership health the host holds for one run of the Lease server: every Lease's flags (the
// server sends Health.flags always: tree decorations, the status bar's count, flapping alerts) and,
// while a Health view is open, every row (Health.subscribe {rows: true}, a Health.rows request for
// the reset, then Health.rowsChanged). A new server run starts empty and is asked again. Speaks to
// the server through a small port (healthPort.ts on the language client; a test's connection), so
// it runs without VS Code.
import type { HealthDetail, HealthFlag, HealthRow } from '../../shared/health';
import { Health, type HealthFlagChange } from '../../shared/protocol';
import type { LeaseKey } from '../../shared/types';
import { Emitter, type DisposableLike } from '../lifecycle';
import type { NotificationSource } from '../leases/leaseSync';

/** One run of the server, as the health state asks it. */
export interface HealthRun {
  rows(): Promise<HealthRow[]>;
  detail(key: LeaseKey): Promise<HealthDetail | null>;
  subscribe(rows: boolean): void;
  /** The run ended: what it still answers is dropped. */
  readonly ended: boolean;
}

export type HealthChange =
  /** These Leases' flags changed (all of them when `reset`). */
  | { kind: 'flags'; keys: LeaseKey[]; reset: boolean }
  /** Rows for the open view: `reset` replaces every row. */
  | { kind: 'rows'; reset: boolean; rows: HealthRow[]; removed: LeaseKey[] };

function sameFlags(a: readonly HealthFlag[] | undefined, b: readonly HealthFlag[]): boolean {
  return (a ?? []).join(',') === b.join(',');
}

export class HealthState implements DisposableLike {
  private readonly flagMap = new Map<LeaseKey, HealthFlag[]>();
  private readonly rowMap = new Map<LeaseKey, HealthRow>();
  private run: HealthRun | undefined;
  private viewers = 0;
  private readonly emitter = new Emitter<HealthChange>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly logError: (message: string) => void = () => undefined) {}

  /** Applies the server's health notifications until disposed. */
  /** Flags that rode with a context's Lease batch. */
  applyFlags(changes: readonly HealthFlagChange[]): void {
    this.setFlags(changes.map((c) => [c.key, c.flags]));
  }

  listen(source: NotificationSource): DisposableLike[] {
    return [
      source.onNotification(Health.flags, ({ changes }) => this.setFlags(changes.map((c) => [c.key, c.flags]))),
      source.onNotification(Health.rowsChanged, ({ rows, removed }) => this.rowsChanged(rows, removed)),
    ];
  }

  /** A new server run: forget the old one's picture; ask again for rows when a view is open. */
  startRun(run: HealthRun): void {
    this.run = run;
    const had = [...this.flagMap.keys()];
    this.flagMap.clear();
    this.rowMap.clear();
    if (had.length > 0) {
      this.emitter.fire({ kind: 'flags', keys: had, reset: true });
    }
    if (this.viewers > 0) {
      this.emitter.fire({ kind: 'rows', reset: true, rows: [], removed: [] });
      run.subscribe(true);
      void this.loadRows(run);
    }
  }

  get viewOpen(): boolean {
    return this.viewers > 0;
  }

  /** A Health view opened: rows are pushed from now on, starting with all of them. */
  openView(): DisposableLike {
    this.viewers++;
    if (this.viewers === 1 && this.run && !this.run.ended) {
      this.run.subscribe(true);
      void this.loadRows(this.run);
    }
    let closed = false;
    return {
      dispose: () => {
        if (closed) {
          return;
        }
        closed = true;
        this.viewers--;
        if (this.viewers === 0) {
          this.rowMap.clear();
          if (this.run && !this.run.ended) {
            this.run.subscribe(false);
          }
        }
      },
    };
  }

  /** Asks the server for every row again (a view's `ready`). */
  async reloadRows(): Promise<void> {
    if (this.run && !this.run.ended) {
      await this.loadRows(this.run);
    }
  }

  rows(): HealthRow[] {
    return [...this.rowMap.values()];
  }

  row(key: LeaseKey): HealthRow | undefined {
    return this.rowMap.get(key);
  }

  flagsOf(key: LeaseKey): readonly HealthFlag[] {
    return this.flagMap.get(key) ?? [];
  }

  /** Leases flagged now with `flag`. */
  flagged(flag: HealthFlag): LeaseKey[] {
    return [...this.flagMap].filter(([, flags]) => flags.includes(flag)).map(([key]) => key);
  }

  /** One Lease's detail from the running server; null when it keeps none or none runs. */
  async detail(key: LeaseKey): Promise<HealthDetail | null> {
    const run = this.run;
    if (!run || run.ended) {
      return null;
    }
    return run.detail(key);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  private setFlags(changes: Array<[LeaseKey, HealthFlag[]]>): void {
    const keys: LeaseKey[] = [];
    for (const [key, flags] of changes) {
      if (sameFlags(this.flagMap.get(key), flags)) {
        continue;
      }
      if (flags.length === 0) {
        this.flagMap.delete(key);
      } else {
        this.flagMap.set(key, [...flags]);
      }
      keys.push(key);
    }
    if (keys.length > 0) {
      this.emitter.fire({ kind: 'flags', keys, reset: false });
    }
  }

  private rowsChanged(rows: HealthRow[], removed: LeaseKey[]): void {
    if (this.viewers > 0) {
      for (const row of rows) {
        this.rowMap.set(row.key, row);
      }
      for (const key of removed) {
        this.rowMap.delete(key);
      }
      this.emitter.fire({ kind: 'rows', reset: false, rows, removed });
    }
    this.setFlags([
      ...rows.map((r): [LeaseKey, HealthFlag[]] => [r.key, r.flags]),
      ...removed.map((k): [LeaseKey, HealthFlag[]] => [k, []]),
    ]);
  }

  private async loadRows(run: HealthRun): Promise<void> {
    try {
      const rows = await run.rows();
      if (run.ended || run !== this.run || this.viewers === 0) {
        return;
      }
      this.rowMap.clear();
      for (const row of rows) {
        this.rowMap.set(row.key, row);
      }
      this.emitter.fire({ kind: 'rows', reset: true, rows, removed: [] });
      this.setFlags(rows.map((r) => [r.key, r.flags]));
    } catch (err) {
      if (!run.ended) {
        this.logError(`Could not read the health rows: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
