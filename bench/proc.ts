// CPU and memory of processes from /proc: utime+stime (of a process and its live descendants, so
// a launcher that starts the real binary as a child is still measured), VmRSS and VmHWM.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** sysconf(_SC_CLK_TCK): the unit of utime/stime in /proc/<pid>/stat. */
export function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** utime+stime of one process in seconds (undefined when it is gone). */
export function cpuSeconds(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / clockTicks();
}

function children(pid: number): number[] {
  const out: number[] = [];
  const tasks = read(`/proc/${pid}/task/${pid}/children`);
  if (tasks) {
    for (const p of tasks.trim().split(/\s+/)) {
      if (p) {
        out.push(Number(p));
      }
    }
  }
  return out;
}

/** utime+stime of a process and all its live descendants, in seconds. */
export function treeCpuSeconds(pid: number): number | undefined {
  const own = cpuSeconds(pid);
  if (own === undefined) {
    return undefined;
  }
  let total = own;
  for (const child of children(pid)) {
    total += treeCpuSeconds(child) ?? 0;
  }
  return total;
}

/** VmRSS and VmHWM (peak RSS since the process started) in bytes. */
export function memory(pid: number): { rss: number; hwm: number } | undefined {
  const status = read(`/proc/${pid}/status`);
  if (!status) {
    return undefined;
  }
  const kb = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

export interface ProcessFigures {
  /** CPU over the window as % of one core. */
  cpuPercent: number;
  /** CPU seconds spent in the window. */
  cpuSeconds: number;
  /** Highest CPU % over one sampling interval. */
  maxIntervalCpuPercent: number;
  /** Highest VmRSS sampled in the window (bytes). */
  peakRss: number;
  /** VmRSS at the window's first and last samples (bytes). */
  startRss: number;
  endRss: number;
  /** VmHWM at the end of the window: the peak since the process started (bytes). */
  hwm: number;
  samples: number;
}

interface Track {
  pid: number;
  tree: boolean;
  startCpu: number;
  lastCpu: number;
  lastAt: number;
  maxInterval: number;
  peakRss: number;
  startRss: number;
  endRss: number;
  hwm: number;
  samples: number;
}

/** Samples processes every `intervalMs` between start() and stop(). */
export class Sampler {
  private readonly tracks = new Map<string, Track>();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(
    private readonly pids: Record<string, { pid: number; tree?: boolean } | undefined>,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.startedAt = performance.now();
    for (const [name, p] of Object.entries(this.pids)) {
      if (!p) {
        continue;
      }
      const cpu = (p.tree ? treeCpuSeconds(p.pid) : cpuSeconds(p.pid)) ?? 0;
      const mem = memory(p.pid);
      this.tracks.set(name, {
        pid: p.pid,
        tree: p.tree ?? false,
        startCpu: cpu,
        lastCpu: cpu,
        lastAt: this.startedAt,
        maxInterval: 0,
        peakRss: mem?.rss ?? 0,
        startRss: mem?.rss ?? 0,
        endRss: mem?.rss ?? 0,
        hwm: mem?.hwm ?? 0,
        samples: 1,
      });
    }
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Takes a last sample and returns the figures per process name. */
  stop(): Record<string, ProcessFigures> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = undefined;
    this.sample();
    const seconds = (performance.now() - this.startedAt) / 1000;
    const out: Record<string, ProcessFigures> = {};
    for (const [name, t] of this.tracks) {
      const used = t.lastCpu - t.startCpu;
      out[name] = {
        cpuPercent: seconds > 0 ? (used / seconds) * 100 : 0,
        cpuSeconds: used,
        maxIntervalCpuPercent: t.maxInterval,
        peakRss: t.peakRss,
        startRss: t.startRss,
        endRss: t.endRss,
        hwm: t.hwm,
        samples: t.samples,
      };
    }
    return out;
  }

  private sample(): void {
    const now = performance.now();
    for (const t of this.tracks.values()) {
      const cpu = t.tree ? treeCpuSeconds(t.pid) : cpuSeconds(t.pid);
      const mem = memory(t.pid);
      if (cpu === undefined || !mem) {
        continue;
      }
      const dt = (now - t.lastAt) / 1000;
      if (dt > 0.1) {
        t.maxInterval = Math.max(t.maxInterval, ((cpu - t.lastCpu) / dt) * 100);
      }
      t.lastCpu = cpu;
      t.lastAt = now;
      t.peakRss = Math.max(t.peakRss, mem.rss);
      t.endRss = mem.rss;
      t.hwm = Math.max(t.hwm, mem.hwm);
      t.samples++;
    }
  }
}
