// A leader-election candidate implementing client-go's tools/leaderelection with a LeaseLock (or
// the old ConfigMap/Endpoints locks, or a migration MultiLock: options.lock):
// acquire (retry with jitter until tryAcquireOrRenew succeeds), then renew every retry period
// and give up when no renewal succeeds within the renew deadline. A foreign holder is taken over
// only after leaseDurationSeconds of *locally observed* no change of the record (observedTime),
// never by comparing renewTime with the local clock.
import { EventEmitter } from 'node:events';
import { AbortScope } from './abortScope';
import { resolveElectorOptions, type ElectorOptions, type ResolvedElectorOptions } from './electorOptions';
import { EventRecorder } from './eventRecorder';
import { KubeRequestError } from './kubeError';
import type { LeaderElectionRecord } from './leaderElectionRecord';
import { leaderElectionLogs } from './leaderElectionLogs';
import { formatLogLine, type LogRecord } from './logFormat';
import { formatMicroTime } from './microTime';
import { leaderStartLines, ordinaryLine, startupLines } from './ordinaryLines';
import { newResourceLock, type ResourceLock } from './resourceLock';

/** client-go's wait.Jitter factor for the acquire loop. */
const JITTER_FACTOR = 1.2;

export type StopReason = 'released' | 'stopped' | 'lost';

export type ElectorState = 'new' | 'acquiring' | 'leading' | 'stopping' | 'stopped' | 'lost' | 'crashed';

export interface ElectorEvents {
  /** This candidate acquired the lease (OnStartedLeading). */
  leading: [];
  /** This candidate stopped leading (OnStoppedLeading); only after it had been leading. */
  stopped: [reason: StopReason];
  /** The observed holder changed (OnNewLeader); "" when the lease is released. */
  newLeader: [identity: string];
}

export class Elector extends EventEmitter<ElectorEvents> {
  readonly identity: string;
  readonly namespace: string;
  readonly name: string;
  private readonly o: ResolvedElectorOptions;
  /** The lock (options.lock; client-go's resourcelock). The demo reaches a MultiLock's `writePrimary` here. */
  readonly resourceLock: ResourceLock;
  private readonly events: EventRecorder | undefined;
  /** Aborted by stop() and crash(): cancels requests, sleeps and timers. */
  private readonly life = new AbortScope([]);
  private state_: ElectorState = 'new';
  private run_: Promise<void> | undefined;
  private release_ = false;
  private observed: LeaderElectionRecord | undefined;
  private observedRaw = '';
  private observedTime = 0;
  private reportedLeader = '';
  private chatterTimer: NodeJS.Timeout | undefined;
  private chatterCount = 0;

  constructor(options: ElectorOptions) {
    super();
    this.o = resolveElectorOptions(options);
    this.identity = this.o.identity;
    this.namespace = this.o.namespace;
    this.name = this.o.name;
    this.resourceLock = newResourceLock(this.o.lock, this.o.kubeconfig, this.o.namespace, this.o.name, this.o.identity);
    this.events = this.o.recordEvents
      ? new EventRecorder(this.o.kubeconfig, this.o.recordEvents, this.o.renewDeadlineMs, (m) =>
          this.write({
            severity: 'E',
            pkg: 'record',
            file: 'event.go',
            line: 368,
            text: m,
            msg: 'Server rejected event (will not retry!)',
            err: m,
          }),
        )
      : undefined;
  }

  get state(): ElectorState {
    return this.state_;
  }

  /** True while this candidate leads: it acquired the lease and the last record it saw names it. */
  isLeader(): boolean {
    return this.state_ === 'leading' && this.observed?.holderIdentity === this.identity;
  }

  /** The holder of the last record observed ("" if none), like client-go's GetLeader(). */
  leader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  /** Starts competing for the lease. Returns this. */
  start(): this {
    if (this.run_) {
      return this;
    }
    this.state_ = 'acquiring';
    this.run_ = this.run().catch((err: unknown) => {
      this.write({
        severity: 'E',
        pkg: 'runtime',
        file: 'runtime.go',
        line: 79,
        text: `Observed a panic: ${String(err)}`,
        msg: 'Observed a panic',
        err: String(err),
      });
    });
    return this;
  }

  /** Resolves when the election loop has ended (after stop(), crash() or a lost lease). */
  async done(): Promise<void> {
    await this.run_;
  }

  /**
   * Stops competing. With `release`, a leader gives the lease up the way client-go's
   * ReleaseOnCancel does (holderIdentity "", leaseDurationSeconds 1). Events are flushed.
   */
  async stop(opts: { release?: boolean } = {}): Promise<void> {
    if (this.state_ === 'new') {
      this.state_ = 'stopped';
    }
    if (this.state_ !== 'stopped' && this.state_ !== 'crashed' && this.state_ !== 'lost') {
      this.release_ = opts.release ?? false;
      this.state_ = 'stopping';
      this.life.abort('canceled');
    }
    this.stopChatter();
    await this.run_;
    await this.events?.flush();
    if (this.state_ === 'stopping') {
      this.state_ = 'stopped';
    }
  }

  /** Dies on the spot like a killed process: no release, no event, no more requests or lines. */
  async crash(): Promise<void> {
    if (this.state_ === 'stopped' || this.state_ === 'lost' || this.state_ === 'crashed') {
      return;
    }
    this.state_ = 'crashed';
    this.life.abort('canceled');
    this.events?.abort();
    this.stopChatter();
    await this.run_;
    await this.events?.flush();
  }

  private crashed(): boolean {
    return this.state_ === 'crashed';
  }

  private get halted(): boolean {
    return this.life.aborted;
  }

  private async run(): Promise<void> {
    this.startChatter();
    this.write(leaderElectionLogs.attempting(this.o.logFormat, this.resourceLock.describe()));
    if (!(await this.acquire())) {
      return;
    }
    this.state_ = 'leading';
    this.recordEvent('became leader');
    this.write(leaderElectionLogs.acquired(this.o.logFormat, this.resourceLock.describe()));
    this.safeEmit('leading');
    for (const t of leaderStartLines) {
      if (this.o.chatterEveryMs > 0) {
        this.write(t(this.o.chatter, 0));
      }
    }

    const outcome = await this.renew();
    if (this.crashed()) {
      return;
    }
    if (outcome === 'lost') {
      this.write(leaderElectionLogs.renewFailed(this.o.logFormat, this.resourceLock.describe()));
    }
    if (outcome === 'halted' && this.release_) {
      await this.release();
    }
    this.recordEvent('stopped leading');
    if (outcome === 'lost') {
      this.state_ = 'lost';
      this.stopChatter();
      this.safeEmit('stopped', 'lost');
      this.write(leaderElectionLogs.lost(this.o.logFormat, this.o.appFile));
      await this.events?.flush();
    } else {
      this.safeEmit('stopped', this.release_ ? 'released' : 'stopped');
    }
  }

  /** client-go acquire(): JitterUntil(tryAcquireOrRenew, retryPeriod, 1.2). */
  private async acquire(): Promise<boolean> {
    while (!this.halted) {
      const ok = await this.tryAcquireOrRenew(this.life);
      this.maybeReportTransition();
      if (ok && !this.halted) {
        return true;
      }
      await this.life.sleep(this.o.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR));
    }
    return false;
  }

  /** client-go renew(): every retry period, poll tryAcquireOrRenew until it succeeds or the renew deadline passes. */
  private async renew(): Promise<'lost' | 'halted'> {
    while (!this.halted) {
      const deadline = new AbortScope([this.life], this.o.renewDeadlineMs);
      let ok = false;
      try {
        while (!deadline.aborted) {
          ok = await this.tryAcquireOrRenew(deadline);
          if (ok || deadline.aborted) {
            break;
          }
          await deadline.sleep(this.o.retryPeriodMs);
        }
      } finally {
        deadline.dispose();
      }
      this.maybeReportTransition();
      if (this.halted) {
        return 'halted';
      }
      if (!ok) {
        return 'lost';
      }
      await this.life.sleep(this.o.retryPeriodMs);
    }
    return 'halted';
  }

  /** client-go tryAcquireOrRenew(), step by step. */
  private async tryAcquireOrRenew(parent: AbortScope): Promise<boolean> {
    const now = this.o.clock();
    const desired: LeaderElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.o.leaseDurationSeconds,
      acquireTime: formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: 0,
    };

    // 1. Fast path: the leader updates optimistically, assuming the record it saw last is current.
    if (this.observedLeader() && this.isLeaseValid(now) && this.observed) {
      desired.acquireTime = this.observed.acquireTime;
      desired.leaseTransitions = this.observed.leaseTransitions;
      const err = await this.call(parent, (scope) => this.resourceLock.update(desired, scope));
      if (err === undefined) {
        this.setObserved(desired);
        return true;
      }
      if (this.halted) {
        return false;
      }
      this.write(leaderElectionLogs.optimisticUpdateFailed(this.o.logFormat, err.message));
    }

    // 2. Obtain or create the record.
    let current: LeaderElectionRecord | undefined;
    const getErr = await this.call(parent, async (scope) => {
      current = await this.resourceLock.get(scope);
    });
    if (getErr) {
      if (!this.halted) {
        this.write(leaderElectionLogs.getFailed(this.o.logFormat, this.resourceLock.describe(), getErr.message));
      }
      return false;
    }
    if (!current) {
      const createErr = await this.call(parent, (scope) => this.resourceLock.create(desired, scope));
      if (createErr) {
        if (!this.halted) {
          this.write(leaderElectionLogs.createFailed(this.o.logFormat, createErr.message));
        }
        return false;
      }
      this.setObserved(desired);
      return true;
    }

    // 3. Record obtained: note when it last changed, and respect an unexpired foreign holder.
    const raw = this.resourceLock.raw();
    if (raw !== this.observedRaw) {
      this.setObserved(current);
      this.observedRaw = raw;
    }
    if (current.holderIdentity !== '' && this.isLeaseValid(now) && !this.observedLeader()) {
      return false;
    }

    // 4. Update: keep acquireTime/transitions when renewing, bump transitions when taking over.
    if (this.observedLeader()) {
      desired.acquireTime = current.acquireTime;
      desired.leaseTransitions = current.leaseTransitions;
    } else {
      desired.leaseTransitions = current.leaseTransitions + 1;
    }
    const updateErr = await this.call(parent, (scope) => this.resourceLock.update(desired, scope));
    if (updateErr) {
      if (!this.halted) {
        this.write(leaderElectionLogs.updateFailed(this.o.logFormat, updateErr.message));
      }
      return false;
    }
    this.setObserved(desired);
    return true;
  }

  /** client-go release(): refresh the resourceVersion, then write an empty holder with a 1 s duration. */
  private async release(): Promise<void> {
    const scope = new AbortScope([], this.o.renewDeadlineMs);
    try {
      const current = await this.resourceLock.get(scope);
      if (!current) {
        this.write(leaderElectionLogs.releaseNotFound(this.o.logFormat, this.resourceLock.describe()));
        return;
      }
      if (!this.observedLeader() || current.holderIdentity !== this.identity) {
        return;
      }
      const now = formatMicroTime(this.o.clock());
      const released: LeaderElectionRecord = {
        holderIdentity: '',
        leaseDurationSeconds: 1,
        renewTime: now,
        acquireTime: now,
        leaseTransitions: this.observed?.leaseTransitions ?? current.leaseTransitions,
      };
      await this.resourceLock.update(released, scope);
      this.setObserved(released);
    } catch (err) {
      const message = err instanceof KubeRequestError ? err.message : String(err);
      this.write(leaderElectionLogs.releaseFailed(this.o.logFormat, message));
    } finally {
      scope.dispose();
    }
  }

  /** Runs one request in a scope with the request timeout; returns its error, if any. */
  private async call(parent: AbortScope, f: (scope: AbortScope) => Promise<void>): Promise<KubeRequestError | undefined> {
    const scope = new AbortScope([parent], this.o.requestTimeoutMs);
    try {
      await f(scope);
      return undefined;
    } catch (err) {
      return err instanceof KubeRequestError ? err : new KubeRequestError(undefined, undefined, String(err));
    } finally {
      scope.dispose();
    }
  }

  private observedLeader(): boolean {
    return this.observed?.holderIdentity === this.identity;
  }

  private isLeaseValid(now: number): boolean {
    return this.observedTime + (this.observed?.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  private setObserved(record: LeaderElectionRecord): void {
    this.observed = record;
    this.observedTime = this.o.clock();
  }

  private maybeReportTransition(): void {
    const holder = this.observed?.holderIdentity ?? '';
    if (holder === this.reportedLeader || this.halted) {
      return;
    }
    this.reportedLeader = holder;
    this.safeEmit('newLeader', holder);
  }

  private recordEvent(what: 'became leader' | 'stopped leading'): void {
    for (const ref of this.resourceLock.refs()) {
      this.events?.record(ref, `${this.identity} ${what}`, this.o.clock());
    }
  }

  private safeEmit<K extends keyof ElectorEvents>(event: K, ...args: ElectorEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: ElectorEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.write({
        severity: 'E',
        pkg: 'runtime',
        file: 'runtime.go',
        line: 79,
        text: `Observed a panic in a callback: ${String(err)}`,
        msg: 'Observed a panic',
        err: String(err),
      });
    }
  }

  private write(rec: LogRecord): void {
    if (this.crashed()) {
      return;
    }
    const now = this.o.clock();
    try {
      this.o.log(formatLogLine(this.o.logFormat, now, rec), new Date(now));
    } catch {
      // A failing log sink must not stop the election (a full disk does not stop client-go either).
    }
  }

  private startChatter(): void {
    if (this.o.chatterEveryMs <= 0) {
      return;
    }
    for (const t of startupLines) {
      this.write(t(this.o.chatter, 0));
    }
    const tick = (): void => {
      const rec = ordinaryLine(this.o.chatter, this.isLeader(), ++this.chatterCount);
      if (rec) {
        this.write(rec);
      }
      this.chatterTimer = setTimeout(tick, this.o.chatterEveryMs * (0.5 + Math.random()));
    };
    this.chatterTimer = setTimeout(tick, this.o.chatterEveryMs * Math.random());
  }

  private stopChatter(): void {
    if (this.chatterTimer) {
      clearTimeout(this.chatterTimer);
    }
    this.chatterTimer = undefined;
  }
}
