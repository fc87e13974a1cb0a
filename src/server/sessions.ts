// The Lease server's state: the loaded kubeconfig, one ContextSession per watched context, one
// FollowSession per followed Lease. Protocol-agnostic: main.ts wires it to the connection.
import { unwatchFile, watchFile } from 'node:fs';
import type {
  HealthFlagsChanged,
  HealthRowsChanged,
  LeadershipEventsResult,
  IpcStats,
  LeaseBatch,
  LeaseSnapshot,
  ServerLogLevel,
  ServerStats,
} from '../shared/protocol';
import type { HealthDetail, HealthRow } from '../shared/health';
import {
  parseLeaseKey,
  type ContextState,
  type FollowSnapshot,
  type FollowUpdate,
  type KubeconfigState,
  type LeaseKey,
  type ServerSettings,
} from '../shared/types';
import { emptyFollowSnapshot } from '../core/followMerge';
import { renewalColumns } from '../core/leaseRenewal';
import { compileLeadershipPatterns, leadershipMatcher, type LeadershipMatcher } from '../core/leadershipPatterns';
import { settingTable } from '../shared/settings';
import { KubeClient } from './kube/client';
import { ExecCredentialCache } from './kube/execCredential';
import { redact } from './redact';
import { kubeConfigFor, kubeconfigFiles, loadKubeconfig, type LoadedContext, type LoadedKubeconfig } from './kubeconfig/load';
import { ContextSession } from './leases/contextSession';
import { FollowSession } from './follow/followSession';
import { HealthHub } from './health/healthHub';
import { useLogDocumentLeadership } from './language/logIndex';
import { t } from '../shared/l10n';

export interface ServerSink {
  kubeconfig(state: KubeconfigState): void;
  contextState(state: ContextState): void;
  leases(batch: LeaseBatch): void;
  follow(update: FollowUpdate): void;
  log(level: ServerLogLevel, message: string): void;
  healthRows(change: HealthRowsChanged): void;
  healthFlags(change: HealthFlagsChanged): void;
  leadershipEvents(result: LeadershipEventsResult): void;
}

export interface SessionsOptions {
  /** Where leadership records are persisted (InitializationOptions.storagePath); absent: memory only. */
  storagePath?: string;
  /** Bytes and messages written to the client so far (main.ts meters the connection's writer). */
  ipc?: () => Pick<IpcStats, 'bytesSent' | 'messagesSent'>;
}

/** leaseLens.podNamespaces' value: comma-separated namespaces, at most 10, each a valid name. */
function namespaceList(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(n));
  return [...new Set(names)].slice(0, 10);
}

/** leaseLens.exec.timeoutSeconds in ms, within the setting's bounds. */
function execTimeoutMs(settings: ServerSettings): number {
  const spec = settingTable.execTimeoutSeconds;
  const seconds = Number.isFinite(settings.execTimeoutSeconds) ? settings.execTimeoutSeconds : spec.default;
  return Math.min(spec.maximum, Math.max(spec.minimum, seconds)) * 1000;
}

export class Sessions {
  private loaded: LoadedKubeconfig = { files: [], contexts: [], problems: [] };
  private readonly sessions = new Map<string, ContextSession>();
  private readonly follows = new Map<LeaseKey, FollowSession>();
  private readonly watched = new Set<string>();
  private watchedFiles: string[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private fingerprint = '';
  /** Exec plugin credentials, one cache for the process: contexts of the same user share them. */
  private readonly execCredentials = new ExecCredentialCache(() => execTimeoutMs(this.settings));
  /** The leadership records of every watched context. */
  private readonly health: HealthHub;
  /** Log lines → leadership signals: leaseLens.logs.leadershipPatterns (compiled once per change), then the built-in phrases. */
  private leadership: LeadershipMatcher = leadershipMatcher([]);
  private leadershipPatternsSeen: string | undefined;
  /** The last LeaseInfo.id given per context: ids are never given twice in a server run. */
  private readonly lastIds = new Map<string, number>();
  private renewalsSent = 0;
  private upsertsSent = 0;

  constructor(
    private readonly sink: ServerSink,
    private settings: ServerSettings,
    private readonly options: SessionsOptions = {},
  ) {
    this.health = new HealthHub(
      {
        rowsChanged: (change) => sink.healthRows(change),
        flags: (change) => sink.healthFlags(change),
        events: (result) => sink.leadershipEvents(result),
        log: (level, message) => sink.log(level, message),
      },
      { storagePath: options.storagePath, settings: () => this.settings },
    );
    this.compileLeadershipPatterns();
  }

  /** Compiles leaseLens.logs.leadershipPatterns when it changed; each skipped pattern is logged once. */
  private compileLeadershipPatterns(): void {
    const setting = this.settings.leadershipPatterns ?? {};
    const seen = JSON.stringify(Object.entries(setting));
    if (seen === this.leadershipPatternsSeen) {
      return;
    }
    this.leadershipPatternsSeen = seen;
    const compiled = compileLeadershipPatterns(setting);
    for (const problem of compiled.problems) {
      this.sink.log('warn', problem);
    }
    this.leadership = leadershipMatcher(compiled.patterns);
    // The controller-log documents' index reads lines with the same matcher as the follow panel.
    useLogDocumentLeadership(this.leadership);
  }

  start(): void {
    this.reload(true);
  }

  kubeconfigState(): KubeconfigState {
    return {
      files: this.loaded.files,
      currentContext: this.loaded.currentContext,
      contexts: this.loaded.contexts.map((c) => this.contextState(c)),
      problems: this.loaded.problems,
    };
  }

  watchContexts(names: string[]): ContextState[] {
    for (const name of names) {
      this.watched.add(name);
      this.ensureSession(name);
    }
    return names.map((name) => this.stateOf(name));
  }

  async unwatchContexts(names: string[]): Promise<void> {
    for (const name of names) {
      this.watched.delete(name);
      await this.releaseSession(name);
    }
  }

  /**
   * Ends a context's session (its list/watch connections) once nothing needs it: the client does
   * not watch the context and no followed Lease lives in it. Following a Lease starts its
   * context's session; unfollowing the last one there ends it.
   */
  private async releaseSession(name: string): Promise<void> {
    const session = this.sessions.get(name);
    if (session && !this.watched.has(name) && ![...this.follows.keys()].some((k) => parseLeaseKey(k)?.context === name)) {
      this.sessions.delete(name);
      await Promise.all([session.dispose(), this.health.close(name)]);
    }
  }

  healthRows(contexts?: string[]): HealthRow[] {
    return this.health.rows(contexts);
  }

  healthSubscribe(rows: boolean): void {
    this.health.subscribe(rows);
  }

  healthDetail(key: LeaseKey): HealthDetail | null {
    return this.health.detail(key);
  }

  leadershipEvents(context: string): LeadershipEventsResult {
    return this.health.events(context);
  }

  refresh(names?: string[]): void {
    if (!names) {
      this.reload(false);
    }
    for (const [name, session] of this.sessions) {
      if (!names || names.includes(name)) {
        session.refresh();
      }
    }
  }

  snapshot(context: string): LeaseSnapshot {
    const session = this.sessions.get(context);
    return { context, state: this.stateOf(context), leases: session ? session.snapshot() : [] };
  }

  getLease(key: LeaseKey): ContextSession | undefined {
    const parsed = parseLeaseKey(key);
    return parsed ? this.sessions.get(parsed.context) : undefined;
  }

  follow(key: LeaseKey): FollowSnapshot {
    const existing = this.follows.get(key);
    if (existing) {
      return existing.snapshot();
    }
    const parsed = parseLeaseKey(key);
    const session = parsed ? this.ensureSession(parsed.context) : undefined;
    if (!parsed || !session) {
      const why = parsed
        ? (this.stateOf(parsed.context).message ?? t('Context {0} is not in the kubeconfig.', parsed.context))
        : t('"{0}" does not name a Lease.', key);
      return this.emptyFollow(key, why);
    }
    const selector = this.settings.podSelectors[key] ?? this.settings.podSelectors[`${parsed.namespace}/${parsed.name}`];
    const podNamespaces = this.settings.podNamespaces?.[key] ?? this.settings.podNamespaces?.[`${parsed.namespace}/${parsed.name}`];
    const contextNamespace = this.loaded.contexts.find((c) => c.name === parsed.context)?.namespace || 'default';
    const follow = new FollowSession({
      key,
      context: parsed.context,
      namespace: parsed.namespace,
      name: parsed.name,
      client: session.client,
      podSelector: selector?.trim() || undefined,
      podNamespaces: namespaceList(podNamespaces).filter((n) => n !== parsed.namespace),
      searchNamespaces: [contextNamespace, ...this.settings.namespaces],
      metricsPort: this.settings.metricsPorts?.[key] ?? this.settings.metricsPorts?.[`${parsed.namespace}/${parsed.name}`],
      tailLines: this.settings.logTailLines,
      bufferLines: this.settings.logBufferLines,
      update: (update) => this.sink.follow(update),
      recordTerms: () => this.health.detail(key)?.terms ?? [],
      note: (text) => this.sink.log('info', text),
      matchLeadership: (text) => this.leadership(text),
      lockKinds: this.settings.lockKinds,
    });
    this.follows.set(key, follow);
    follow.start();
    this.sink.log('info', `following ${key}`);
    return follow.snapshot();
  }

  followSnapshot(key: LeaseKey): FollowSnapshot | null {
    return this.follows.get(key)?.snapshot() ?? null;
  }

  stats(): ServerStats {
    const memory = process.memoryUsage();
    return {
      pid: process.pid,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      contexts: this.sessions.size,
      follows: [...this.follows].map(([key, f]) => {
        const s = f.stats();
        return { key, bufferedLines: s.bufferedLines, droppedLines: s.dropped, pods: s.pods };
      }),
      requests: [...this.sessions.values()].reduce((n, s) => n + s.client.sent.get, 0),
      health: this.health.stats(),
      ipc: {
        ...(this.options.ipc?.() ?? { bytesSent: 0, messagesSent: 0 }),
        renewalsSent: this.renewalsSent,
        upsertsSent: this.upsertsSent,
      },
    };
  }

  async unfollow(key: LeaseKey): Promise<void> {
    const follow = this.follows.get(key);
    if (!follow) {
      return;
    }
    this.follows.delete(key);
    await follow.stop();
    this.sink.log('info', `stopped following ${key}`);
    const context = parseLeaseKey(key)?.context;
    if (context !== undefined) {
      await this.releaseSession(context);
    }
  }

  async setSettings(settings: ServerSettings): Promise<void> {
    const before = this.settings;
    this.settings = settings;
    this.compileLeadershipPatterns();
    if ((before.kubeconfig ?? '') !== (settings.kubeconfig ?? '')) {
      this.reload(true);
      return;
    }
    for (const session of this.sessions.values()) {
      await session.setOptions(settings.namespaces, settings.nodeLeases);
      await session.setLockKinds(settings.lockKinds ?? settingTable.lockKinds.default);
    }
    this.health.settingsChanged();
  }

  async dispose(): Promise<void> {
    if (this.reloadTimer) {
      clearTimeout(this.reloadTimer);
    }
    for (const file of this.watchedFiles) {
      unwatchFile(file);
    }
    await Promise.all([...this.follows.values()].map((f) => f.stop()));
    await Promise.all([...this.sessions.values()].map((s) => s.dispose()));
    await this.health.dispose();
    this.follows.clear();
    this.sessions.clear();
    this.execCredentials.dispose();
  }

  private emptyFollow(key: LeaseKey, message: string): FollowSnapshot {
    return { ...emptyFollowSnapshot(key), eventsMessage: message, podResolution: 'error', podMessage: message };
  }

  private stateOf(name: string): ContextState {
    const session = this.sessions.get(name);
    if (session) {
      return session.state;
    }
    const ctx = this.loaded.contexts.find((c) => c.name === name);
    if (!ctx) {
      return {
        context: name,
        current: false,
        phase: 'misconfigured',
        synced: false,
        forbiddenNamespaces: [],
        message: t('Context "{0}" is not in the kubeconfig ({1}).', name, this.loaded.files.join(', ') || t('no files')),
        hint: t('Choose another context, or fix KUBECONFIG / leaseLens.kubeconfig.'),
      };
    }
    return this.contextState(ctx);
  }

  private contextState(ctx: LoadedContext): ContextState {
    const session = this.sessions.get(ctx.name);
    if (session) {
      return session.state;
    }
    return {
      context: ctx.name,
      cluster: ctx.cluster?.name,
      user: ctx.user?.name,
      namespace: ctx.namespace,
      server: ctx.cluster ? redact(ctx.cluster.server) : undefined,
      current: ctx.name === this.loaded.currentContext,
      phase: ctx.problem ? 'misconfigured' : 'idle',
      message: ctx.problem,
      hint: ctx.problem ? t('Fix the context in {0}.', ctx.file) : undefined,
      synced: false,
      forbiddenNamespaces: [],
    };
  }

  private ensureSession(name: string): ContextSession | undefined {
    const existing = this.sessions.get(name);
    if (existing) {
      return existing;
    }
    const ctx = this.loaded.contexts.find((c) => c.name === name);
    if (!ctx || ctx.problem) {
      return undefined;
    }
    const base = this.contextState(ctx);
    const client = new KubeClient({ context: name, make: () => kubeConfigFor(ctx), execCredentials: this.execCredentials });
    // Events of the Leases' namespaces when cluster-wide Events are forbidden.
    const namespaces = (): string[] => {
      const found = new Set([base.namespace || 'default', ...this.settings.namespaces, ...(session.watchedNamespaces() ?? [])]);
      for (const lease of session.snapshot()) {
        found.add(lease.namespace);
      }
      return [...found].sort();
    };
    const health = this.health.open(name, client, namespaces);
    const session: ContextSession = new ContextSession({
      client,
      base: { ...base, phase: 'connecting' },
      namespaces: this.settings.namespaces,
      nodeLeases: this.settings.nodeLeases,
      lockKinds: this.settings.lockKinds,
      nextId: () => {
        const id = (this.lastIds.get(name) ?? 0) + 1;
        this.lastIds.set(name, id);
        return id;
      },
      sink: {
        deltas: (context, deltas, reset, renewals = []) => {
          const flags = health.takeFlags();
          if (reset && renewals.length > 0) {
            // A reset batch replaces what the client holds: whole LeaseInfos only.
            deltas = [...deltas, ...renewals.map((lease) => ({ type: 'upsert' as const, lease }))];
            renewals = [];
          }
          if (deltas.length > 0 || renewals.length > 0 || reset || flags.length > 0) {
            const sentAt = Date.now();
            for (const d of deltas) {
              this.upsertsSent += d.type === 'upsert' ? 1 : 0;
            }
            this.renewalsSent += renewals.length;
            this.sink.leases({
              context,
              deltas,
              reset,
              sentAt,
              ...(renewals.length > 0 ? { renewals: renewalColumns(renewals, sentAt) } : {}),
              ...(flags.length > 0 ? { flags } : {}),
            });
          }
        },
        state: (state) => {
          health.state(state);
          this.sink.contextState(state);
        },
        note: (text) => this.sink.log('info', text),
        observed: (lease) => health.observed(lease),
        gone: (key, at, deleted) => health.gone(key, at, deleted),
      },
    });
    health.onFlags(() => session.requestBatch());
    this.sessions.set(name, session);
    session.start();
    return session;
  }

  /** Loads the kubeconfig again; restarts contexts whose definition changed. */
  private reload(force: boolean): void {
    const files = kubeconfigFiles(this.settings.kubeconfig);
    const loaded = loadKubeconfig(files, { defaultFile: !this.settings.kubeconfig && !process.env.KUBECONFIG });
    const fingerprint = JSON.stringify(loaded);
    if (!force && fingerprint === this.fingerprint) {
      return;
    }
    this.fingerprint = fingerprint;
    const previous = this.loaded;
    this.loaded = loaded;
    this.watchFiles(files);
    for (const problem of loaded.problems) {
      this.sink.log('warn', `kubeconfig: ${problem.message}`);
    }
    this.sink.log('info', `kubeconfig: ${loaded.contexts.length} contexts from ${files.join(', ')}`);
    // Restart sessions whose context changed or disappeared; keep the others running.
    for (const [name, session] of [...this.sessions]) {
      const before = previous.contexts.find((c) => c.name === name);
      const after = loaded.contexts.find((c) => c.name === name);
      if (
        !after ||
        JSON.stringify(before) !== JSON.stringify(after) ||
        (before && (before.name === loaded.currentContext) !== (before.name === previous.currentContext))
      ) {
        this.sessions.delete(name);
        void session.dispose();
        void this.health.close(name);
        // What the client holds for the context is no longer true: empty it (a restarted session lists again).
        this.sink.leases({ context: name, deltas: [], reset: true, sentAt: Date.now() });
        for (const [key, follow] of [...this.follows]) {
          if (parseLeaseKey(key)?.context === name) {
            this.follows.delete(key);
            void follow.stop().then(() => (after ? this.follow(key) : undefined));
          }
        }
      }
    }
    for (const name of this.watched) {
      this.ensureSession(name);
    }
    this.sink.kubeconfig(this.kubeconfigState());
  }

  private watchFiles(files: string[]): void {
    for (const file of this.watchedFiles) {
      if (!files.includes(file)) {
        unwatchFile(file);
      }
    }
    for (const file of files) {
      if (this.watchedFiles.includes(file)) {
        continue;
      }
      watchFile(file, { interval: 1000, persistent: false }, () => {
        if (this.reloadTimer) {
          clearTimeout(this.reloadTimer);
        }
        this.reloadTimer = setTimeout(() => this.reload(false), 200);
      });
    }
    this.watchedFiles = files;
  }
}
