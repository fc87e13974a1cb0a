// What the workbench renderer's JavaScript spends its time and its memory on: a CPU profile and a
// sampling heap profile (every allocation, kept or collected) of the page over a few seconds after
// the window (`bench/editor/run.ts --profile S`), each summed by function. Run for both workbenches,
// the two lists show what Lease Lens adds: a renderer memory peak made of garbage is named by the
// functions that allocated it, and the palette's extra time by the functions it ran.
//   npx tsx bench/editor/rendererProfile.ts test-results/bench-editor/profile-leaseLens.json [profile-baseline.json]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CDPSession } from 'playwright-core';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

export interface RendererProfile {
  seconds: number;
  cpu: CpuProfile;
  heap: { head: HeapNode };
}

export interface Top {
  name: string;
  value: number;
}

/** Profiles the page's JavaScript while `during` runs: CPU samples and every allocation sampled. */
export async function profileRenderer(cdp: CDPSession, during: () => Promise<void>): Promise<RendererProfile> {
  const t0 = performance.now();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 8192,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await cdp.send('Profiler.start');
  let profiles: { cpu: unknown; heap: unknown } | undefined;
  try {
    await during();
  } finally {
    const { profile: cpu } = await cdp.send('Profiler.stop');
    const { profile: heap } = await cdp.send('HeapProfiler.stopSampling');
    await cdp.send('Profiler.disable');
    profiles = { cpu, heap };
  }
  return { seconds: (performance.now() - t0) / 1000, cpu: profiles.cpu as CpuProfile, heap: profiles.heap as { head: HeapNode } };
}

function frameName(f: CallFrame): string {
  const where = f.url ? `${basename(f.url).slice(0, 32)}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

function top(totals: Map<string, number>, n: number): Top[] {
  return [...totals]
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value)
    .slice(0, n);
}

/** CPU time (ms) by function, its own time only. */
export function cpuByFunction(p: CpuProfile, n = 25): Top[] {
  const msPerHit = p.samples && p.samples.length > 0 ? (p.endTime - p.startTime) / 1000 / p.samples.length : 0;
  const totals = new Map<string, number>();
  for (const node of p.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits > 0) {
      const k = frameName(node.callFrame);
      totals.set(k, (totals.get(k) ?? 0) + hits * msPerHit);
    }
  }
  return top(totals, n);
}

/** Bytes allocated (sampled) by the allocating function, and by the nearest caller in a script (not a builtin). */
export function allocationsByFunction(head: HeapNode, n = 25): { self: Top[]; byScript: Top[]; totalBytes: number } {
  const self = new Map<string, number>();
  const byScript = new Map<string, number>();
  let totalBytes = 0;
  const walk = (node: HeapNode, scripted: string): void => {
    const name = frameName(node.callFrame);
    const here = node.callFrame.url ? name : scripted;
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      self.set(name, (self.get(name) ?? 0) + node.selfSize);
      byScript.set(here, (byScript.get(here) ?? 0) + node.selfSize);
    }
    for (const c of node.children) {
      walk(c, here);
    }
  };
  walk(head, '(no script)');
  return { self: top(self, n), byScript: top(byScript, n), totalBytes };
}

function print(file: string): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as RendererProfile;
  const cpu = cpuByFunction(p.cpu);
  const alloc = allocationsByFunction(p.heap.head);
  console.log(`${file}: ${p.seconds.toFixed(1)} s`);
  console.log(`  CPU by function (ms, own time; ${cpu.reduce((a, b) => a + b.value, 0).toFixed(0)} ms in these):`);
  for (const t of cpu) {
    console.log(`  ${t.value.toFixed(0).padStart(8)}  ${t.name}`);
  }
  console.log(
    `  allocated (sampled) ${(alloc.totalBytes / 1e6).toFixed(1)} MB, ${(alloc.totalBytes / 1e6 / p.seconds).toFixed(2)} MB/s; by the nearest script function (MB):`,
  );
  for (const t of alloc.byScript) {
    console.log(`  ${(t.value / 1e6).toFixed(2).padStart(8)}  ${t.name}`);
  }
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    print(file);
  }
}
