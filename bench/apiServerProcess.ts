// Starts the benchmark's API server process (apiServerMain.ts) and calls its operations.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ApiServerStart, ChildMessage, OpName, Ops, Ready, Reply } from './apiServerProtocol';
import { REPO_ROOT } from '../harness/repoRoot';

const root = REPO_ROOT;

export interface ApiServerProcess extends Ready {
  child: ChildProcess;
  pid: number;
  call<K extends OpName>(op: K, args: Ops[K]['args'], timeoutMs?: number): Promise<Ops[K]['result']>;
  close(): Promise<void>;
}

export async function startApiServerProcess(opts: ApiServerStart & { execArgv?: string[] }): Promise<ApiServerProcess> {
  const start: ApiServerStart = { tls: opts.tls, clusters: opts.clusters };
  const child = fork(join(__dirname, 'apiServerMain.ts'), [JSON.stringify(start)], {
    cwd: root,
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the API server process exited (${code}) before it was ready`));
    child.once('exit', onExit);
    child.on('message', (message: ChildMessage) => {
      if ('ready' in message) {
        child.off('exit', onExit);
        resolve(message.ready);
      } else {
        const reply: Reply = message.reply;
        const waiter = pending.get(reply.id);
        if (!waiter) {
          return;
        }
        pending.delete(reply.id);
        if (reply.ok) {
          waiter.resolve(reply.value);
        } else {
          waiter.reject(new Error(`API server process: ${reply.error}`));
        }
      }
    });
  });
  child.once('exit', () => {
    for (const waiter of pending.values()) {
      waiter.reject(new Error('the API server process exited'));
    }
    pending.clear();
  });
  const call = <K extends OpName>(op: K, args: Ops[K]['args'], timeoutMs = 120_000): Promise<Ops[K]['result']> =>
    new Promise<Ops[K]['result']>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`API server process: ${op} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as Ops[K]['result']);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      child.send({ id, op, args });
    });
  return {
    ...ready,
    child,
    pid: child.pid ?? 0,
    call,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      await Promise.race([call('close', null, 10_000).catch(() => undefined), exited]);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
