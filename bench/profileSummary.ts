// Summarises a V8 CPU profile (node --cpu-prof, as `run.ts --profile` writes for the Lease server):
// self time by function, and time by file, busiest first.
//   npx tsx bench/profileSummary.ts test-results/bench-profiles/<file>.cpuprofile [--top 30]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  percent: number;
}

/** Self time per function and per file, in ms, with its share of the busy (non-idle) time. */
export function summarise(profile: CpuProfile): { busyMs: number; totalMs: number; functions: ProfileLine[]; files: ProfileLine[] } {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the delta to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) {
      continue;
    }
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      continue;
    }
    busy += us;
    const file = url ? url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules\/|dist\/|src\/)/, '$1') : '(native)';
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
  }
  const lines = (m: Map<string, number>): ProfileLine[] =>
    [...m]
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: busy > 0 ? (us / busy) * 100 : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return { busyMs: busy / 1000, totalMs: (profile.endTime - profile.startTime) / 1000, functions: lines(byFunction), files: lines(byFile) };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
  const top = Number(values.top) || 30;
  for (const file of positionals) {
    const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    console.log(`${file}: busy ${s.busyMs.toFixed(0)} ms of ${s.totalMs.toFixed(0)} ms`);
    console.log('\nself time by function:');
    for (const l of s.functions.slice(0, top)) {
      console.log(`${l.selfMs.toFixed(1).padStart(9)} ms ${l.percent.toFixed(1).padStart(5)} %  ${l.name}`);
    }
    console.log('\nself time by file:');
    for (const l of s.files.slice(0, 15)) {
      console.log(`${l.selfMs.toFixed(1).padStart(9)} ms ${l.percent.toFixed(1).padStart(5)} %  ${l.name}`);
    }
  }
}

if (require.main === module) {
  main();
}
