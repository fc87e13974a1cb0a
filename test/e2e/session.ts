// One end-to-end session: the demo cluster in this process, code-server with the packaged
// extension and KUBECONFIG pointing at the demo, and Chromium on the workbench. The e2e files run
// one at a time (a lock), each with its own session; close() stops everything and checks that
// code-server's process group is gone.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type Demo, type DemoOptions } from '../../demo';
import { acquireSuiteLock, installCodeServer, leftovers, RESULTS_DIR, startCodeServer, type CodeServer } from '../../harness/codeServer';
import { languagePackVsix, registerLanguagePack } from './languagePack';
import { errorMessage } from '../../src/shared/errors';
import { Workbench } from '../../harness/workbench';

export interface SessionOptions {
  /** Names the logs (test-results/e2e/logs/<name>/) and the timings file. */
  name: string;
  demo?: DemoOptions;
  /** User settings over the quiet defaults. */
  settings?: Readonly<Record<string, unknown>>;
  /** The user's keybindings.json. */
  keybindings?: readonly Readonly<Record<string, unknown>>[];
  /** Runs against the demo before code-server starts (seed extra objects). */
  seed?: (demo: Demo) => void | Promise<void>;
  /** code-server's display language (`--locale`), e.g. `ru`, with an empty language pack for it (languagePack.ts). */
  locale?: string;
}

export interface Timings {
  /** Waiting for the other e2e file to finish. */
  lockWaitMs: number;
  codeServerInstallMs: number;
  codeServerInstalled: 'cold' | 'warm';
  demoStartMs: number;
  extensionInstallMs: number;
  codeServerStartMs: number;
  workbenchReadyMs: number;
}

export interface Session {
  demo: Demo;
  server: CodeServer;
  bench: Workbench;
  timings: Timings;
  /** Stops Chromium, code-server and the demo; returns pids left in code-server's group (none). */
  close(): Promise<number[]>;
}

export function openSession(options: SessionOptions): Promise<Session> {
  const log = (message: string): void => console.log(`[e2e ${options.name}] ${message}`);
  return openScoped(options.name, async ({ defer, lockWaitMs }) => {
    let t = Date.now();
    const install = await installCodeServer(log);
    const codeServerInstallMs = Date.now() - t;

    const scratch = mkdtempSync(join(tmpdir(), `lease-lens-e2e-demo-${options.name}-`));
    defer(() => rmSync(scratch, { recursive: true, force: true }));
    t = Date.now();
    const demo = await startDemo({
      port: 0,
      kubeconfigPath: join(scratch, 'kubeconfig.yaml'),
      crashEveryMs: 0,
      releaseEveryMs: 0,
      nodeCount: 5,
      note: () => undefined,
      ...options.demo,
    });
    defer(() => demo.stop());
    await options.seed?.(demo);
    const demoStartMs = Date.now() - t;

    const locale = options.locale;
    const server = await startCodeServer({
      name: options.name,
      env: { KUBECONFIG: demo.kubeconfigPath },
      settings: options.settings,
      keybindings: options.keybindings,
      locale: options.locale,
      extensions: locale ? [await languagePackVsix(locale)] : [],
      beforeStart: locale ? (dirs) => registerLanguagePack(locale, dirs) : undefined,
      log,
    });
    defer(() => server.stop());

    t = Date.now();
    const bench = await Workbench.open(server.url);
    defer(() => bench.close());
    const workbenchReadyMs = Date.now() - t;

    const timings: Timings = {
      lockWaitMs,
      codeServerInstallMs,
      codeServerInstalled: install.installed ? 'cold' : 'warm',
      demoStartMs,
      extensionInstallMs: server.extensionInstallMs,
      codeServerStartMs: server.startMs,
      workbenchReadyMs,
    };
    log(`timings: ${JSON.stringify(timings)}`);
    return { demo, server, bench, timings };
  });
}

/** What a scoped session's builder may do: register a cleanup (run newest first on close or failure). */
export interface SessionScope {
  defer: (cleanup: () => unknown) => void;
  /** How long the suite lock took to get (the other e2e files run meanwhile). */
  lockWaitMs: number;
}

/**
 * Runs `build` holding the e2e suite lock, with one stack of cleanups: if `build` throws they run
 * at once; otherwise the result's close() runs them and returns the pids left in code-server's
 * process group (none, when it stopped cleanly). Cleanup errors are logged, never thrown.
 */
export async function openScoped<T extends { server: CodeServer }>(
  name: string,
  build: (scope: SessionScope) => Promise<T>,
): Promise<T & { close(): Promise<number[]> }> {
  const started = Date.now();
  const release = await acquireSuiteLock();
  const lockWaitMs = Date.now() - started;
  const cleanups: (() => unknown)[] = [release];
  const cleanup = async (): Promise<void> => {
    for (const f of cleanups.splice(0).reverse()) {
      try {
        await f();
      } catch (err) {
        console.error(`[e2e ${name}] cleanup: ${errorMessage(err)}`);
      }
    }
  };
  try {
    const built = await build({ defer: (f) => cleanups.push(f), lockWaitMs });
    return {
      ...built,
      close: async () => {
        await cleanup();
        return leftovers(built.server.pid);
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/**
 * Ends a test file's session: a last screenshot, the workbench's console errors printed, everything
 * stopped, the timings written, and no process of code-server's left behind.
 */
export async function endSession(
  s: Session | undefined,
  opts: { name: string; screenshot: string; numbers: Readonly<Record<string, unknown>> },
): Promise<void> {
  if (!s) {
    return;
  }
  await s.bench.screenshot(opts.screenshot).catch(() => undefined);
  if (s.bench.consoleErrors.length > 0) {
    console.log(`[e2e ${opts.name}] console errors:\n  ${s.bench.consoleErrors.slice(0, 20).join('\n  ')}`);
  }
  const left = await s.close();
  writeTimings(opts.name, { ...s.timings, ...opts.numbers });
  assert.deepEqual(left, [], `code-server left processes behind: ${left.join(' ')}`);
}

/** Appends one file's numbers to test-results/e2e/timings-<name>.json. */
export function writeTimings(name: string, numbers: Readonly<Record<string, unknown>>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `timings-${name}.json`), `${JSON.stringify(numbers, null, 2)}\n`);
  console.log(`[e2e ${name}] ${JSON.stringify(numbers)}`);
}
