// What the benchmark measures inside the workbench page: long tasks (a PerformanceObserver of
// 'longtask' entries, installed before the workbench's own scripts run), the time from the F1 key
// to the first frame that shows the command palette, and the renderer's own metrics over the
// Chrome DevTools Protocol (Performance.getMetrics: JS heap, script and task time).
import type { CDPSession, Page } from 'playwright-core';

/** A long task the page's main thread ran (ms, page time). */
export interface LongTask {
  start: number;
  duration: number;
}

interface ProbeWindow {
  __leaseLensBench?: { longTasks: LongTask[]; palette: number[]; paletteAt: number[] };
}

/**
 * Runs in every frame before its scripts (Workbench's initScripts); acts in the top frame only.
 * Long tasks: every 'longtask' entry (> 50 ms by definition), buffered from the start. Palette:
 * a capture listener sees F1's keydown first (its timeStamp is when the input event was made, so a
 * busy main thread's queueing counts), then each animation frame looks for the quick input
 * widget; the first frame that shows it ends the measurement.
 */
export const probeScript = `(() => {
  if (window.top !== window) { return; }
  const state = { longTasks: [], palette: [], paletteAt: [] };
  window.__leaseLensBench = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { state.longTasks.push({ start: e.startTime, duration: e.duration }); }
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) { console.warn('longtask observer: ' + err); }
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'F1') { return; }
    const from = event.timeStamp;
    state.paletteAt.push(from);
    const look = (now) => {
      const w = document.querySelector('.quick-input-widget');
      if (w && w.offsetHeight > 0 && getComputedStyle(w).display !== 'none') {
        state.palette.push(now - from);
        return;
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, true);
})();`;

/** The page's clock now (ms, performance.now()). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Long tasks that started between `from` and `to` (page time), each marked when it began within 1 s of an F1 press. */
export async function longTasks(page: Page, from: number, to: number): Promise<(LongTask & { palette: boolean })[]> {
  const probe = await page.evaluate(() => (globalThis as unknown as ProbeWindow).__leaseLensBench ?? null);
  if (probe === null) {
    throw new Error('the long-task probe is not installed in the workbench page');
  }
  return probe.longTasks
    .filter((t) => t.start >= from && t.start < to)
    .map((t) => ({ ...t, palette: probe.paletteAt.some((at) => t.start >= at - 50 && t.start < at + 1000) }));
}

/** Opens the command palette with F1 and closes it again; returns F1 → palette drawn (ms). */
export async function timePalette(page: Page, timeoutMs = 30_000): Promise<number> {
  const count = await page.evaluate(() => (globalThis as unknown as ProbeWindow).__leaseLensBench?.palette.length ?? -1);
  if (count < 0) {
    throw new Error('the palette probe is not installed in the workbench page');
  }
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  const handle = await page.waitForFunction(
    (n) => {
      const times = (globalThis as unknown as ProbeWindow).__leaseLensBench?.palette ?? [];
      return times.length > n ? times[n] : false;
    },
    count,
    { timeout: timeoutMs },
  );
  const ms = (await handle.jsonValue()) as number;
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Escape');
  await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
  return ms;
}

/** Keeps the page's main thread busy for `ms` (to find its renderer process by its CPU time). */
export async function burn(page: Page, ms: number): Promise<void> {
  await page.evaluate((d) => {
    const end = performance.now() + d;
    let x = 0;
    while (performance.now() < end) {
      x += Math.sqrt(x + 1);
    }
    return x;
  }, ms);
}

export interface RendererMetrics {
  jsHeapUsedBytes: number;
  jsHeapTotalBytes: number;
  /** Cumulative seconds the renderer's main thread spent in scripts and in tasks. */
  scriptSeconds: number;
  taskSeconds: number;
  domNodes: number;
}

/** Performance.getMetrics of the page (after a full GC with `collectGarbage`). */
export async function rendererMetrics(cdp: CDPSession, collectGarbage = false): Promise<RendererMetrics> {
  if (collectGarbage) {
    await cdp.send('HeapProfiler.collectGarbage');
  }
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = new Map(metrics.map((x) => [x.name, x.value]));
  const need = (name: string): number => {
    const v = m.get(name);
    if (v === undefined) {
      throw new Error(`Performance.getMetrics has no ${name}`);
    }
    return v;
  };
  return {
    jsHeapUsedBytes: need('JSHeapUsedSize'),
    jsHeapTotalBytes: need('JSHeapTotalSize'),
    scriptSeconds: need('ScriptDuration'),
    taskSeconds: need('TaskDuration'),
    domNodes: need('Nodes'),
  };
}

/** A CDP session on the page with the Performance domain on. */
export async function openCdp(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return cdp;
}
