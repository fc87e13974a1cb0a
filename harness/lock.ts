// A lock between test processes (node's test runner runs each file in its own process): a
// directory created atomically with mkdir, holding the owner's pid. A lock whose owner has died is
// taken over. Used for the real control plane build, the code-server install, the VSIX build and
// to run e2e files one at a time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function owner(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock at `dir`, waiting up to `timeoutMs` for its holder; returns the release. */
export async function acquireLock(dir: string, timeoutMs: number, what = dir): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  let pause = 50;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      let released = false;
      return () => {
        if (released) {
          return;
        }
        released = true;
        rmSync(dir, { recursive: true, force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
    }
    const pid = owner(dir);
    // A directory without a pid file is a lock being taken right now; give it a moment.
    if (pid !== undefined && !alive(pid)) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for the lock ${what} (held by pid ${pid ?? '?'}); remove ${dir} if that process is gone`,
      );
    }
    await delay(pause);
    pause = Math.min(pause * 2, 1000);
  }
}

export async function withLock<T>(dir: string, timeoutMs: number, body: () => Promise<T>): Promise<T> {
  const release = await acquireLock(dir, timeoutMs);
  try {
    return await body();
  } finally {
    release();
  }
}
