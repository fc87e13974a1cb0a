// What the workbench renderer's main thread did in a timeline written by `bench/editor/run.ts
// --trace S`: the time of each kind of top-level task (layout, paint, script by source, …), so a
// renderer cost in the report can be traced to its cause.
//   npx tsx bench/editor/traceSummary.ts test-results/bench-editor/trace-leaseLens.json [trace-baseline.json]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; frame?: string } };
}

/** Milliseconds by event name on the busiest CrRendererMain thread, nested events each counted under their own name. */
export function summarize(events: TraceEvent[]): { thread: string; totals: Map<string, { ms: number; count: number }> } {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busy = new Map<string, number>();
  for (const e of events) {
    if (e.ph === 'X' && e.name === 'RunTask' && e.dur !== undefined) {
      const k = `${e.pid}:${e.tid}`;
      busy.set(k, (busy.get(k) ?? 0) + e.dur);
    }
  }
  const candidates = mains.map((m) => `${m.pid}:${m.tid}`);
  const thread = candidates.sort((a, b) => (busy.get(b) ?? 0) - (busy.get(a) ?? 0))[0] ?? '';
  const totals = new Map<string, { ms: number; count: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || `${e.pid}:${e.tid}` !== thread) {
      continue;
    }
    const url = e.args?.data?.url;
    const name = e.name === 'FunctionCall' || e.name === 'EvaluateScript' ? `${e.name} ${url ? basename(url).slice(0, 40) : ''}` : e.name;
    const t = totals.get(name) ?? { ms: 0, count: 0 };
    t.ms += e.dur / 1000;
    t.count++;
    totals.set(name, t);
  }
  return { thread, totals };
}

/** The main thread's tasks over 50 ms, each with the events inside it that took longest. */
export function longTasks(events: TraceEvent[], thread: string): { ms: number; inside: string[] }[] {
  const own = events.filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts !== undefined && `${e.pid}:${e.tid}` === thread);
  const tasks = own.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 50_000);
  return tasks.map((task) => {
    const start = task.ts ?? 0;
    const end = start + (task.dur ?? 0);
    const inside = own
      .filter((e) => e !== task && (e.ts ?? 0) >= start && (e.ts ?? 0) < end)
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 6)
      .map(
        (e) =>
          `${e.name}${e.args?.data?.url ? ` ${basename(e.args.data.url)}` : ''}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} ${((e.dur ?? 0) / 1000).toFixed(0)} ms`,
      );
    return { ms: (task.dur ?? 0) / 1000, inside };
  });
}

function main(): void {
  for (const file of process.argv.slice(2)) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
    const events = Array.isArray(raw) ? raw : (raw.traceEvents ?? []);
    const { thread, totals } = summarize(events);
    console.log(`${file}: renderer main thread ${thread}`);
    for (const [name, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      console.log(`${t.ms.toFixed(0).padStart(8)} ms ${String(t.count).padStart(7)}  ${name}`);
    }
    for (const task of longTasks(events, thread)) {
      console.log(`long task ${task.ms.toFixed(0)} ms: ${task.inside.join('; ')}`);
    }
  }
}

if (require.main === module) {
  main();
}
