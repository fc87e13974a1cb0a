// Starts the real Lease server (dist/server.js) as the extension does, over IPC, and speaks its
// protocol. Keeps a mirror of what a client would hold, and lets tests wait for conditions
// re-checked on every notification (no sleeps).
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  ExitNotification,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { mergeFollowUpdate } from '../../src/core/followMerge';
import { Contexts, Follow, Kubeconfig, Leases, ServerLog } from '../../src/shared/protocol';
import type { LeaseBatch } from '../../src/shared/protocol';
import {
  defaultServerSettings,
  type ContextState,
  type FollowSnapshot,
  type FollowUpdate,
  type KubeconfigState,
  type LeaseInfo,
  type LeaseKey,
  type ServerSettings,
} from '../../src/shared/types';

const root = join(__dirname, '..', '..');

export interface LeaseServerProcess {
  conn: ProtocolConnection;
  child: ChildProcess;
  /** What a client holds: leases per key, from snapshots and batches. */
  leases: Map<LeaseKey, LeaseInfo>;
  states: Map<string, ContextState>;
  /** How many leases of a context the client held when it was first told the context is synced. */
  heldWhenSynced: Map<string, number>;
  kubeconfig?: KubeconfigState;
  batches: LeaseBatch[];
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

export async function startLeaseServer(opts: { env?: NodeJS.ProcessEnv; settings?: Partial<ServerSettings>; execArgv?: string[] } = {}): Promise<LeaseServerProcess> {
  const child = fork(join(root, 'dist', 'server.js'), ['--node-ipc'], {
    env: { ...process.env, KUBECONFIG: '', HOME: '/nonexistent-home', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: opts.execArgv ?? [],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  child.stdout?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const waiters = new Set<() => void>();
  const poke = (): void => {
    for (const w of [...waiters]) w();
  };
  const handle: LeaseServerProcess = {
    conn,
    child,
    leases: new Map(),
    states: new Map(),
    heldWhenSynced: new Map(),
    batches: [],
    followUpdates: [],
    follows: new Map(),
    logLines: [],
    stderr,
    waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const attempt = (): void => {
          let value: T | undefined | false;
          try {
            value = check();
          } catch (err) {
            finish();
            reject(err as Error);
            return;
          }
          if (value !== undefined && value !== false) {
            finish();
            resolve(value);
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nserver log:\n${handle.logLines.slice(-15).map((l) => `  ${l.level} ${l.message}`).join('\n')}`));
        }, timeoutMs);
        // Conditions can also turn true with the passing of time alone (a countdown); re-check
        // on a coarse tick as well as on every message.
        const tick = setInterval(attempt, 100);
        function finish(): void {
          clearTimeout(timer);
          clearInterval(tick);
          waiters.delete(attempt);
        }
        waiters.add(attempt);
        attempt();
      });
    },
    async watch(contexts) {
      const states = await conn.sendRequest(Contexts.watch, { contexts });
      for (const s of states) handle.states.set(s.context, s);
      for (const context of contexts) {
        const snap = await conn.sendRequest(Leases.snapshot, { context });
        for (const lease of snap.leases) handle.leases.set(lease.key, lease);
      }
      poke();
      return states;
    },
    async follow(key) {
      const snap = await conn.sendRequest(Follow.start, { key });
      handle.follows.set(key, snap);
      poke();
      return snap;
    },
    async close() {
      try {
        await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 3000))]);
        await conn.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      // Let the server exit by itself (a --cpu-prof profile is written then), then make sure.
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        const timer = setTimeout(() => child.kill('SIGTERM'), 2000);
        await exited;
        clearTimeout(timer);
      }
      conn.dispose();
    },
  };
  conn.onNotification(Leases.changed, (batch) => {
    handle.batches.push(batch);
    if (batch.reset) for (const key of [...handle.leases.keys()]) if (key.startsWith(`${batch.context}/`)) handle.leases.delete(key);
    for (const d of batch.deltas) {
      if (d.type === 'upsert') handle.leases.set(d.lease.key, d.lease);
      else handle.leases.delete(d.key);
    }
    poke();
  });
  conn.onNotification(Contexts.state, (state) => {
    if (state.synced && !handle.heldWhenSynced.has(state.context)) {
      handle.heldWhenSynced.set(state.context, [...handle.leases.keys()].filter((k) => k.startsWith(`${state.context}/`)).length);
    }
    handle.states.set(state.context, state);
    poke();
  });
  conn.onNotification(Kubeconfig.changed, (state) => {
    handle.kubeconfig = state;
    poke();
  });
  conn.onNotification(Follow.update, (update) => {
    handle.followUpdates.push(update);
    const snap = handle.follows.get(update.key);
    if (snap) handle.follows.set(update.key, mergeFollowUpdate(snap, update, Number.MAX_SAFE_INTEGER).snapshot);
    poke();
  });
  conn.onNotification(ServerLog.line, (line) => {
    handle.logLines.push(line);
    poke();
  });
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: { settings: { ...defaultServerSettings, ...opts.settings }, clientNow: Date.now() },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  handle.kubeconfig = await conn.sendRequest(Kubeconfig.get);
  return handle;
}
