// One workbench measured over two windows, the churn going on through both (window 1: the tree
// shown and nothing else done; window 2: the palette opened once a second): code-server (with the
// packaged Lease Lens, or without any extension: the baseline), Chromium on it, and the figures of
// its processes. With Lease Lens: the Leases view open, the context expanded, one namespace expanded.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../harness/codeServer';
import { waitFor } from '../../harness/waiting';
import { exactly, Workbench } from '../../harness/workbench';
import type { ServerStats } from '../../src/shared/protocol';
import { Sampler, memory, type ProcessFigures } from '../proc';
import { median } from '../stats';
import { rssParts, findExtensionHost, findLeaseServer, findPageRenderer, writes } from './editorProcesses';
import { leaseServerStats, statsKeybinding } from './serverStats';
import { profileRenderer } from './rendererProfile';
import { burn, longTasks, openCdp, pageNow, probeScript, rendererMetrics, timePalette, type RendererMetrics } from './pageProbes';

export interface PhaseOptions {
  name: 'baseline' | 'leaseLens';
  /** The VSIX to install; null: the baseline without Lease Lens. */
  vsix: string | null;
  kubeconfig: string;
  /** The workspace folder (the same for both workbenches). */
  folder: string;
  /** The context to expand and the namespace under it (Lease Lens only). */
  context: string;
  namespace: string;
  /**
   * The fleet scenario (issue 18 §4): instead of one context and a namespace, each of these
   * contexts is expanded in turn (the time to its namespace rows is its first snapshot, drawn),
   * then collapsed again; all stay watched through the window.
   */
  contexts?: string[];
  /** Window 1, the churn with the tree shown (s). */
  seconds: number;
  /** Window 2: palette openings, one a second. */
  paletteRuns: number;
  /** Seconds to let start-up work settle before the window opens. */
  settleSeconds: number;
  resultsDir: string;
  /** After the window: a Chromium timeline of the page over this many seconds, written to resultsDir (0: none). */
  traceSeconds?: number;
  /** After the window: a CPU and allocation profile of the page's JavaScript over this many seconds (0: none). */
  profileSeconds?: number;
  log: (line: string) => void;
}

export interface PhaseFigures {
  pids: { codeServer: number; extensionHost: number; leaseServer: number | null; renderer: number; renderers: number[] };
  processes: Record<string, ProcessFigures>;
  windowSeconds: number;
  extensionHost: { rssBytes: number; anonRssBytes: number };
  renderer: {
    rssBytes: number;
    /** The renderer's RSS at the end by kind (/proc/<pid>/status). */
    rssParts: { anon: number; file: number; shmem: number } | null;
    start: RendererMetrics;
    end: RendererMetrics;
    afterGc: RendererMetrics;
  };
  /** The Lease server's writes (/proc/<pid>/io: the IPC channel and the health records' file) and its own IPC count. */
  leaseServer: {
    rssBytes: number;
    bytesWritten: number;
    writeCalls: number;
    /** ServerStats.ipc over the window, from "Show Lease Server Statistics" run before and after it. */
    ipc: { bytesSent: number; messagesSent: number; renewalsSent: number; upsertsSent: number; seconds: number };
  } | null;
  longTasks: { count: number; totalMs: number; maxMs: number; durations: number[]; duringPalette: number };
  paletteMs: number[];
  paletteMedianMs: number;
  /** Window 2, after the churn window: the palette opened and closed once a second, the churn going on. */
  palette: { seconds: number; rendererPeakRss: number; rendererCpuPercent: number; end: RendererMetrics };
  /** Lease Lens: expanding the context → the namespace row shown (the first snapshot, drawn). */
  namespaceShownMs: number | null;
  /** Lease Lens: Lease rows shown under the namespace after expanding it. */
  leaseRowsShown: number | null;
  /** The fleet scenario: per context, expanding it → its namespace rows drawn (ms). */
  expansionsMs: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const VIEW = 'Leases';

/** Starts the workbench, prepares it, measures the window and stops everything it started. */
export async function runPhase(o: PhaseOptions): Promise<PhaseFigures> {
  let server: CodeServer | undefined;
  let bench: Workbench | undefined;
  try {
    server = await startCodeServer({
      name: `bench-editor-${o.name}`,
      vsix: o.vsix,
      env: { KUBECONFIG: o.kubeconfig },
      folder: o.folder,
      logsDir: join(o.resultsDir, 'logs', o.name),
      keybindings: [statsKeybinding],
      log: (m) => o.log(`${o.name}: ${m}`),
    });
    bench = await Workbench.open(server.url, { resultsDir: o.resultsDir, initScripts: [probeScript], timeoutMs: 120_000 });
    const page = bench.page;
    const cs = server;
    const extensionHost = await waitFor('the extension host process', () => findExtensionHost(cs.pid), 60_000, { everyMs: 200 });

    let namespaceShownMs: number | null = null;
    let leaseRowsShown: number | null = null;
    let leaseServer: number | undefined;
    let expansionsMs: number[] = [];
    if (o.vsix !== null && o.contexts) {
      await bench.openViewContainer('Lease Lens');
      expansionsMs = await expandEach(bench, o.contexts, o.log);
      leaseServer = await waitFor('the Lease server process', () => findLeaseServer(extensionHost), 60_000, { everyMs: 200 });
    } else if (o.vsix !== null) {
      await bench.openViewContainer('Lease Lens');
      const contextRow = await bench.shownTreeItem(VIEW, o.context);
      const t0 = performance.now();
      await bench.expand(contextRow);
      const tree = bench.tree(VIEW);
      const namespaceRows = tree.locator('.monaco-list-row[role="treeitem"][aria-level="2"]');
      await namespaceRows.first().waitFor({ timeout: 120_000 });
      namespaceShownMs = performance.now() - t0;
      // The first list is in once the view's progress bar is gone.
      await page.locator('#workbench\\.parts\\.sidebar .monaco-progress-container.active').waitFor({ state: 'detached', timeout: 120_000 });
      // Namespaces open expanded: collapse each but the one (scrolling down with End as rows go),
      // until that one, team-wide (it sorts last), is in view.
      const nsRow = bench.treeItem(VIEW, o.namespace).first();
      const others = namespaceRows
        .and(page.locator('[aria-expanded="true"]'))
        .filter({ hasNot: page.locator('.label-name', { hasText: exactly(o.namespace) }) });
      await waitFor(
        `every namespace but ${o.namespace} collapsed`,
        async () => {
          if ((await others.count()) > 0) {
            await others.first().locator('.monaco-tl-twistie').click();
            return false;
          }
          if (await nsRow.isVisible()) {
            return true;
          }
          await tree.focus();
          await page.keyboard.press('End');
          return false;
        },
        300_000,
        { everyMs: 50 },
      );
      await bench.expand(nsRow);
      const leaseLevel = Number((await nsRow.getAttribute('aria-level')) ?? '2') + 1;
      const b = bench;
      leaseRowsShown = await waitFor(
        'Lease rows under the expanded namespace',
        async () => {
          const n = await b.tree(VIEW).locator(`.monaco-list-row[role="treeitem"][aria-level="${leaseLevel}"]`).count();
          if (n >= 10) {
            return n; // a screenful (the quick run gathers 60)
          }
          // The namespace sorts last: End scrolls its last Leases into view.
          await tree.focus();
          await page.keyboard.press('End');
          return undefined;
        },
        60_000,
        { everyMs: 200 },
      );
      leaseServer = await waitFor('the Lease server process', () => findLeaseServer(extensionHost), 60_000, { everyMs: 200 });
      o.log(
        `${o.name}: namespace ${o.namespace} shown ${Math.round(namespaceShownMs)} ms after expanding ${o.context}; ${leaseRowsShown} Lease rows drawn`,
      );
    } else {
      // The baseline shows the Explorer of the same folder in the side bar, its rows drawn and its
      // list focused, as the Leases tree is with Lease Lens (End was pressed in it): the palette then
      // opens from a focused side-bar tree in both.
      const explorer = page.locator('#workbench\\.parts\\.sidebar .explorer-folders-view .monaco-list');
      await explorer.locator('.monaco-list-row').first().waitFor({ timeout: 60_000 });
      await explorer.focus();
    }
    const cdp = await openCdp(page);
    const renderer = await findPageRenderer(() => burn(page, 400));
    await bench.screenshot(`bench-editor-${o.name}`);
    // The palette's first opening builds its widget (a long task of ~90 ms with or without Lease
    // Lens): done once before the window, so the window compares openings a user makes all day.
    await timePalette(page);
    await sleep(o.settleSeconds * 1000);

    // Window 1, the churn: the tree shown (with Lease Lens) and nothing else done, as a user reads it.
    const sampler = new Sampler({
      extensionHost: { pid: extensionHost },
      renderer: { pid: renderer.pid },
      ...(leaseServer ? { leaseServer: { pid: leaseServer } } : {}),
    });
    const statsStart = leaseServer ? await leaseServerStats(bench, cs.userDataDir) : undefined;
    const ioStart = leaseServer ? writes(leaseServer) : undefined;
    // The setting up (the tree's first lists, screenshots, the palette's first opening) leaves
    // garbage in the page that window 1 would count at its start: collected first, in both workbenches.
    const startMetrics = await rendererMetrics(cdp, true);
    const pageFrom = await pageNow(page);
    const t0 = performance.now();
    sampler.start();
    await sleep(o.seconds * 1000);
    const processes = sampler.stop();
    const windowSeconds = (performance.now() - t0) / 1000;
    const ioEnd = leaseServer ? writes(leaseServer) : undefined;
    const statsEnd = leaseServer ? await leaseServerStats(bench, cs.userDataDir) : undefined;
    const endMetrics = await rendererMetrics(cdp);

    // Window 2, the palette: opened and closed once a second while the churn goes on. Its memory is
    // reported apart: each opening changes a dozen context keys, and VS Code's custom tree view works
    // out its item menus' context keys again for every row drawn on each change (garbage that window 1
    // would count as Lease Lens' memory, with the palette opened every few seconds).
    const paletteSampler = new Sampler({ renderer: { pid: renderer.pid } });
    const p0 = performance.now();
    paletteSampler.start();
    const paletteMs = await openPaletteEvery(page, o.paletteRuns, 1000);
    const paletteProcesses = paletteSampler.stop();
    const paletteSeconds = (performance.now() - p0) / 1000;
    const paletteEndMetrics = await rendererMetrics(cdp);
    const pageTo = await pageNow(page);
    const tasks = await longTasks(page, pageFrom, pageTo);
    const afterGc = await rendererMetrics(cdp, true);
    const ext = memory(extensionHost);
    const rend = memory(renderer.pid);
    const ls = leaseServer ? memory(leaseServer) : undefined;
    await bench.screenshot(`bench-editor-${o.name}-end`);
    if (o.traceSeconds) {
      // Outside the window: tracing costs the renderer too. bench/editor/traceSummary.ts reads it.
      const path = join(o.resultsDir, `trace-${o.name}.json`);
      await bench.browser.startTracing(page, { path, categories: ['devtools.timeline', 'v8.execute', 'toplevel'] });
      // The palette opened a few times in it too, so its long tasks show what ran inside them.
      await paletteOver(page, o.traceSeconds);
      await bench.browser.stopTracing();
      o.log(`${o.name}: timeline of ${o.traceSeconds} s written to ${path}`);
    }
    if (o.profileSeconds) {
      // Outside the window too; bench/editor/rendererProfile.ts reads it.
      const path = join(o.resultsDir, `profile-${o.name}.json`);
      const seconds = o.profileSeconds;
      writeFileSync(path, JSON.stringify(await profileRenderer(cdp, () => paletteOver(page, seconds))));
      o.log(`${o.name}: CPU and allocation profile of ${seconds} s written to ${path}`);
    }
    const durations = tasks.map((t) => t.duration);
    return {
      pids: { codeServer: cs.pid, extensionHost, leaseServer: leaseServer ?? null, renderer: renderer.pid, renderers: renderer.renderers },
      processes,
      windowSeconds,
      extensionHost: { rssBytes: ext?.rss ?? Number.NaN, anonRssBytes: rssParts(extensionHost)?.anon ?? Number.NaN },
      renderer: {
        rssBytes: rend?.rss ?? Number.NaN,
        rssParts: rssParts(renderer.pid) ?? null,
        start: startMetrics,
        end: endMetrics,
        afterGc,
      },
      leaseServer:
        leaseServer && ioStart && ioEnd && statsStart && statsEnd
          ? {
              rssBytes: ls?.rss ?? Number.NaN,
              bytesWritten: ioEnd.bytes - ioStart.bytes,
              writeCalls: ioEnd.calls - ioStart.calls,
              ipc: ipcOver(statsStart.stats, statsEnd.stats, (statsEnd.at - statsStart.at) / 1000),
            }
          : null,
      longTasks: {
        count: tasks.length,
        totalMs: durations.reduce((a, b) => a + b, 0),
        maxMs: durations.length ? Math.max(...durations) : 0,
        durations,
        duringPalette: tasks.filter((t) => t.palette).length,
      },
      paletteMs,
      paletteMedianMs: median(paletteMs),
      palette: {
        seconds: paletteSeconds,
        rendererPeakRss: paletteProcesses.renderer.peakRss,
        rendererCpuPercent: paletteProcesses.renderer.cpuPercent,
        end: paletteEndMetrics,
      },
      namespaceShownMs,
      leaseRowsShown,
      expansionsMs,
    };
  } catch (err) {
    await bench?.screenshot(`bench-editor-${o.name}-failed`).catch(() => undefined);
    throw err;
  } finally {
    await bench?.close().catch(() => undefined);
    await server?.stop();
  }
}

function ipcOver(a: ServerStats, b: ServerStats, seconds: number): NonNullable<PhaseFigures['leaseServer']>['ipc'] {
  const d = (f: (s: NonNullable<ServerStats['ipc']>) => number): number => (b.ipc && a.ipc ? f(b.ipc) - f(a.ipc) : Number.NaN);
  return {
    bytesSent: d((s) => s.bytesSent),
    messagesSent: d((s) => s.messagesSent),
    renewalsSent: d((s) => s.renewalsSent),
    upsertsSent: d((s) => s.upsertsSent),
    seconds,
  };
}

/**
 * Opens the palette `count` times, one every `stepMs` from now, and waits one step more; answers
 * each opening's F1 → drawn (ms).
 */
async function openPaletteEvery(page: Page, count: number, stepMs: number): Promise<number[]> {
  const t0 = performance.now();
  const times: number[] = [];
  for (let i = 1; i <= count; i++) {
    await sleep(Math.max(0, t0 + i * stepMs - performance.now()));
    times.push(await timePalette(page));
  }
  await sleep(Math.max(0, t0 + (count + 1) * stepMs - performance.now()));
  return times;
}

/** `seconds` of the page with the palette opened five times, evenly spread (the timeline and the profile). */
async function paletteOver(page: Page, seconds: number): Promise<void> {
  await openPaletteEvery(page, 5, (seconds * 1000) / 6);
}

/**
 * Expands each context row in turn, timing expand → its namespace rows drawn (the snapshot of a
 * context not watched before, through the Lease server, the extension host and the workbench),
 * and collapses it again so the next one's rows are the only namespace rows shown.
 */
async function expandEach(bench: Workbench, contexts: string[], log: (line: string) => void): Promise<number[]> {
  const out: number[] = [];
  const namespaceRows = bench.tree(VIEW).locator('.monaco-list-row[role="treeitem"][aria-level="2"]');
  for (const context of contexts) {
    const row = await bench.shownTreeItem(VIEW, context);
    await bench.collapse(row);
    await namespaceRows.first().waitFor({ state: 'detached', timeout: 60_000 });
    const t0 = performance.now();
    await bench.expand(row);
    await namespaceRows.first().waitFor({ timeout: 120_000 });
    out.push(performance.now() - t0);
    await bench.collapse(row);
  }
  log(`contexts expanded one by one, namespace rows drawn after (ms): ${out.map((x) => Math.round(x)).join(' ')}`);
  return out;
}
