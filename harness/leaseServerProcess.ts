// Starts the real Lease server (dist/server.js) as the extension does, over IPC, and speaks its
// protocol. Keeps a mirror of what a client would hold, and lets tests wait for conditions
// re-checked on every notification (no sleeps).
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startLspProcess } from './lspProcess';
import { Waits } from './waits';
import { mergeFollowUpdate } from '../src/core/followMerge';
import { LeaseIdIndex, renewalsOf } from '../src/core/leaseRenewal';
import { Contexts, Follow, Health, Kubeconfig, Leases, ServerLog } from '../src/shared/protocol';
import type { HealthFlagsChanged, LeaseBatch } from '../src/shared/protocol';
import {
  defaultServerSettings,
  type ContextState,
  type FollowSnapshot,
  type FollowUpdate,
  type KubeconfigState,
  type LeaseInfo,
  type LeaseKey,
  type ServerSettings,
} from '../src/shared/types';
import type { L10nSettings } from '../src/shared/l10n';
import { leaseServerExecArgv } from '../src/shared/constants';
import { REPO_ROOT } from './repoRoot';

const root = REPO_ROOT;

export interface LeaseServerProcess {
  conn: ProtocolConnection;
  child: ChildProcess;
  /** What a client holds: leases per key, from snapshots and batches. */
  leases: Map<LeaseKey, LeaseInfo>;
  states: Map<string, ContextState>;
  /** How many leases of a context the client held when it was first told the context is synced. */
  heldWhenSynced: Map<string, number>;
  readonly kubeconfig?: KubeconfigState;
  batches: LeaseBatch[];
  /** Health flag changes, from Lease batches (LeaseBatch.flags) and Health.flags, in arrival order. */
  healthFlags: HealthFlagsChanged[];
  followUpdates: FollowUpdate[];
  /** Followed leases as a client would hold them: snapshot plus updates. */
  follows: Map<LeaseKey, FollowSnapshot>;
  logLines: { level: string; message: string }[];
  stderr: string[];
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  watch(contexts: string[]): Promise<ContextState[]>;
  follow(key: LeaseKey): Promise<FollowSnapshot>;
  close(): Promise<void>;
}

export async function startLeaseServer(
  opts: {
    env?: NodeJS.ProcessEnv;
    settings?: Partial<ServerSettings>;
    execArgv?: string[];
    l10n?: L10nSettings;
    /** InitializationOptions.storagePath: where the server persists its leadership records. */
    storagePath?: string;
  } = {},
): Promise<LeaseServerProcess> {
  const waits = new Waits();
  /** Renewals (LeaseBatch.renewals) name Leases by id: the mirror's Leases by id. */
  const ids = new LeaseIdIndex();
  const mirror = {
    leases: new Map<LeaseKey, LeaseInfo>(),
    states: new Map<string, ContextState>(),
    heldWhenSynced: new Map<string, number>(),
    batches: [] as LeaseBatch[],
    /** Health flag changes, from Lease batches (LeaseBatch.flags) and Health.flags, in arrival order. */
    healthFlags: [] as HealthFlagsChanged[],
    followUpdates: [] as FollowUpdate[],
    follows: new Map<LeaseKey, FollowSnapshot>(),
    logLines: [] as { level: string; message: string }[],
    kubeconfig: undefined as KubeconfigState | undefined,
  };
  const listen = (conn: ProtocolConnection): void => {
    conn.onNotification(Leases.changed, (batch) => {
      mirror.batches.push(batch);
      if (batch.flags && batch.flags.length > 0) {
        mirror.healthFlags.push({ changes: batch.flags });
      }
      if (batch.reset) {
        ids.clear(batch.context);
        for (const key of [...mirror.leases.keys()]) {
          if (key.startsWith(`${batch.context}/`)) {
            mirror.leases.delete(key);
          }
        }
      }
      for (const d of batch.deltas) {
        if (d.type === 'upsert') {
          ids.dropped(mirror.leases.get(d.lease.key));
          ids.held(d.lease);
          mirror.leases.set(d.lease.key, d.lease);
        } else {
          ids.dropped(mirror.leases.get(d.key));
          mirror.leases.delete(d.key);
        }
      }
      for (const r of renewalsOf(batch.renewals, batch.sentAt)) {
        const lease = ids.renew(batch.context, r);
        if (lease) {
          mirror.leases.set(lease.key, lease);
        }
      }
      waits.poke();
    });
    conn.onNotification(Contexts.state, (state) => {
      if (state.synced && !mirror.heldWhenSynced.has(state.context)) {
        mirror.heldWhenSynced.set(state.context, [...mirror.leases.keys()].filter((k) => k.startsWith(`${state.context}/`)).length);
      }
      mirror.states.set(state.context, state);
      waits.poke();
    });
    conn.onNotification(Kubeconfig.changed, (state) => {
      mirror.kubeconfig = state;
      waits.poke();
    });
    conn.onNotification(Follow.update, (update) => {
      mirror.followUpdates.push(update);
      const snap = mirror.follows.get(update.key);
      if (snap) {
        mirror.follows.set(update.key, mergeFollowUpdate(snap, update, Number.MAX_SAFE_INTEGER).snapshot);
      }
      waits.poke();
    });
    conn.onNotification(Health.flags, (change) => {
      mirror.healthFlags.push(change);
      waits.poke();
    });
    conn.onNotification(ServerLog.line, (line) => {
      mirror.logLines.push(line);
      waits.poke();
    });
  };
  const proc = await startLspProcess({
    module: join(root, 'dist', 'server.js'),
    env: { ...process.env, KUBECONFIG: '', HOME: '/nonexistent-home', ...opts.env },
    // The V8 flags the extension starts it with, then the caller's.
    execArgv: [...leaseServerExecArgv, ...(opts.execArgv ?? [])],
    initializationOptions: {
      settings: { ...defaultServerSettings, ...opts.settings },
      clientNow: Date.now(),
      l10n: opts.l10n,
      storagePath: opts.storagePath,
    },
    listen,
  });
  const { conn } = proc;
  const { kubeconfig: _initial, ...held } = mirror;
  const handle: LeaseServerProcess = {
    ...held,
    get kubeconfig() {
      return mirror.kubeconfig;
    },
    conn,
    child: proc.child,
    stderr: proc.output,
    waitFor: (what, check, timeoutMs) =>
      waits.waitFor(what, check, timeoutMs, {
        detail: () =>
          `server log:\n${mirror.logLines
            .slice(-15)
            .map((l) => `  ${l.level} ${l.message}`)
            .join('\n')}`,
      }),
    async watch(contexts) {
      const states = await conn.sendRequest(Contexts.watch, { contexts });
      for (const s of states) {
        mirror.states.set(s.context, s);
      }
      for (const context of contexts) {
        const snap = await conn.sendRequest(Leases.snapshot, { context });
        for (const lease of snap.leases) {
          ids.held(lease);
          mirror.leases.set(lease.key, lease);
        }
      }
      waits.poke();
      return states;
    },
    async follow(key) {
      const snap = await conn.sendRequest(Follow.start, { key });
      mirror.follows.set(key, snap);
      waits.poke();
      return snap;
    },
    close: () => proc.close(),
  };
  mirror.kubeconfig ??= await conn.sendRequest(Kubeconfig.get);
  return handle;
}
