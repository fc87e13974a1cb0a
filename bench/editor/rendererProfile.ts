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
  nodes: { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }[];
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

/** A function as the profiles name it: name, script and position (minified scripts hold many functions per line). */
function frameName(f: CallFrame): string {
  const where = f.url ? `${basename(f.url).slice(0, 32)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

function top(totals: Map<string, number>, n: number): Top[] {
  return [...totals]
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => b.value - a.value)
    .slice(0, n);
}

function add(totals: Map<string, number>, name: string, value: number): void {
  totals.set(name, (totals.get(name) ?? 0) + value);
}

/**
 * CPU time (ms) by function: `self` its own time, `total` with what it called (a function counted once
 * per sample however often it recurs), which is what names an event handler's whole cost.
 */
export function cpuByFunction(p: CpuProfile, n = 25): { self: Top[]; total: Top[] } {
  const msPerHit = p.samples && p.samples.length > 0 ? (p.endTime - p.startTime) / 1000 / p.samples.length : 0;
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of p.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const node of p.nodes) {
    const ms = (node.hitCount ?? 0) * msPerHit;
    if (ms === 0) {
      continue;
    }
    add(self, frameName(node.callFrame), ms);
    const seen = new Set<string>();
    for (let at: number | undefined = node.id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      const name = frame ? frameName(frame.callFrame) : '';
      if (frame && !seen.has(name)) {
        seen.add(name);
        add(total, name, ms);
      }
    }
  }
  return { self: top(self, n), total: top(total, n) };
}

/**
 * Bytes allocated (sampled): `byScript` by the nearest function in a script (a builtin's allocation
 * goes to its caller), `total` by every function on the allocating stack (counted once per stack).
 */
export function allocationsByFunction(head: HeapNode, n = 25): { byScript: Top[]; total: Top[]; totalBytes: number } {
  const byScript = new Map<string, number>();
  const total = new Map<string, number>();
  let totalBytes = 0;
  const walk = (node: HeapNode, scripted: string, stack: Set<string>): void => {
    const name = frameName(node.callFrame);
    const here = node.callFrame.url ? name : scripted;
    const added = !stack.has(name);
    stack.add(name);
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      add(byScript, here, node.selfSize);
      for (const f of stack) {
        add(total, f, node.selfSize);
      }
    }
    for (const c of node.children) {
      walk(c, here, stack);
    }
    if (added) {
      stack.delete(name);
    }
  };
  walk(head, '(no script)', new Set());
  return { byScript: top(byScript, n), total: top(total, n), totalBytes };
}

function print(file: string): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as RendererProfile;
  const cpu = cpuByFunction(p.cpu);
  const alloc = allocationsByFunction(p.heap.head);
  const list = (title: string, rows: Top[], value: (v: number) => string): void => {
    console.log(`  ${title}:`);
    for (const t of rows) {
      console.log(`  ${value(t.value).padStart(8)}  ${t.name}`);
    }
  };
  const ms = (v: number): string => v.toFixed(0);
  const megabytes = (v: number): string => (v / 1e6).toFixed(2);
  console.log(`${file}: ${p.seconds.toFixed(1)} s`);
  list('CPU by function, own time (ms)', cpu.self, ms);
  list('CPU by function, with what it called (ms)', cpu.total, ms);
  console.log(`  allocated (sampled) ${megabytes(alloc.totalBytes)} MB, ${(alloc.totalBytes / 1e6 / p.seconds).toFixed(2)} MB/s`);
  list('by the nearest script function (MB)', alloc.byScript, megabytes);
  list('by every function on the allocating stack (MB)', alloc.total, megabytes);
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    print(file);
  }
}
