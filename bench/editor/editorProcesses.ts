// Finding the editor's processes by pid, from /proc: code-server's extension host (in code-server's
// process group, `--type=extensionHost`), the Lease server (the extension host's descendant running
// the extension's dist/server.js), and the Chromium renderer that draws the workbench page.
import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds } from '../proc';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A process's command line, its arguments joined by spaces ('' when it is gone). */
export function commandLine(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
}

/** Every live pid on the machine. */
function allPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number);
}

/** The parent pid of a process (undefined when it is gone). */
function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) {
    return undefined;
  }
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The live descendants of `root` (not `root` itself). */
export function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const pid of allPids()) {
    const ppid = parentOf(pid);
    if (ppid !== undefined) {
      parents.set(pid, ppid);
    }
  }
  const out: number[] = [];
  for (const pid of parents.keys()) {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out.sort((a, b) => a - b);
}

/** code-server's extension host: the descendant of code-server started with `--type=extensionHost`. */
export function findExtensionHost(codeServerPid: number): number | undefined {
  return descendants(codeServerPid).find((pid) => /--type=extensionHost/.test(commandLine(pid)));
}

/** The Lease server: the extension host's descendant whose command line runs Lease Lens' dist/server.js. */
export function findLeaseServer(extensionHostPid: number): number | undefined {
  return descendants(extensionHostPid).find((pid) => /lease-lens[^ ]*[/\\]dist[/\\]server\.js/.test(commandLine(pid)));
}

/** Chromium's renderer processes started by this process (through Playwright). */
export function chromiumRenderers(): number[] {
  return descendants(process.pid).filter((pid) => /--type=renderer/.test(commandLine(pid)));
}

/**
 * The renderer that runs the page: with one renderer, that one; with several (out-of-process
 * frames, a web worker extension host's iframe), the one whose CPU time grows while `burn` keeps
 * the page's main thread busy (Chromium's process model: one renderer per site instance, and the
 * page's main frame runs in exactly one of them).
 */
export async function findPageRenderer(burn: () => Promise<void>): Promise<{ pid: number; renderers: number[] }> {
  const renderers = chromiumRenderers();
  if (renderers.length === 0) {
    throw new Error('no Chromium renderer process found among this process’s descendants');
  }
  if (renderers.length === 1) {
    return { pid: renderers[0], renderers };
  }
  const before = new Map(renderers.map((pid) => [pid, cpuSeconds(pid) ?? 0]));
  await burn();
  let best = renderers[0];
  let most = -1;
  for (const pid of renderers) {
    const used = (cpuSeconds(pid) ?? 0) - (before.get(pid) ?? 0);
    if (used > most) {
      most = used;
      best = pid;
    }
  }
  return { pid: best, renderers };
}

/** Bytes and write calls a process has written (to files, pipes and sockets: /proc/<pid>/io wchar, syscw). */
export function writes(pid: number): { bytes: number; calls: number } | undefined {
  const io = read(`/proc/${pid}/io`);
  if (!io) {
    return undefined;
  }
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(io)?.[1] ?? Number.NaN);
  return { bytes: field('wchar'), calls: field('syscw') };
}

/** Anonymous resident memory (heap, stacks, malloc arenas: RssAnon) in bytes. */
/** RssAnon (heap, malloc), RssFile (mapped files) and RssShmem (shared memory: a renderer's raster tiles) of a process, bytes. */
export function rssParts(pid: number): { anon: number; file: number; shmem: number } | undefined {
  const status = read(`/proc/${pid}/status`);
  const field = (name: string): number | undefined => {
    const kb = status ? new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] : undefined;
    return kb === undefined ? undefined : Number(kb) * 1024;
  };
  const anon = field('RssAnon');
  const file = field('RssFile');
  const shmem = field('RssShmem');
  return anon === undefined || file === undefined || shmem === undefined ? undefined : { anon, file, shmem };
}
