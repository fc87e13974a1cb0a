// k9s, headless, in a pseudo-terminal of a fixed size (bench/peers/ptyRun.py: the terminal's output
// is read and dropped, nothing is ever typed), on its Lease view for all namespaces
// (`-A -c leases`), with its own config, data, state and cache directories so that no user's
// k9s settings or clusters change what it does, read-only, and no check for a newer release.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ptyRun = join(here, 'ptyRun.py');

export const k9sColumns = 200;
export const k9sRows = 50;

export interface K9sOptions {
  binary: string;
  kubeconfig: string;
  context: string;
  /** A fresh directory for k9s' home, config, data, state, cache and log. */
  dir: string;
  /** Texts to look for on k9s' screen (escape sequences and spaces removed); `seen(i)` says when. */
  needles: string[];
  /** k9s' refresh rate in seconds (its default: 2). */
  refreshSeconds?: number;
}

export interface K9sProcess {
  /** The k9s process itself (not the pty helper). */
  pid: number;
  /** Whether needle `i` has appeared on the screen. */
  seen(i: number): boolean;
  /** Its exit code once it ended, else undefined. */
  exitCode(): number | undefined;
  output(): string;
  stop(): Promise<void>;
}

/** The k9s config.yaml: k9s checks it against its schema (internal/config/json/schemas/k9s.json). */
function config(refreshSeconds: number): string {
  return [
    'k9s:',
    `  refreshRate: ${refreshSeconds}`,
    '  readOnly: true',
    '  skipLatestRevCheck: true',
    '  ui:',
    '    headless: true',
    '    logoless: true',
    '    splashless: true',
    '    noIcons: true',
    '    enableMouse: false',
    '',
  ].join('\n');
}

export async function startK9s(opts: K9sOptions): Promise<K9sProcess> {
  const home = join(opts.dir, 'home');
  const xdg = (name: string): string => join(home, name);
  for (const d of ['config/k9s', 'data', 'state', 'cache', 'logs']) {
    mkdirSync(xdg(d), { recursive: true });
  }
  const refresh = opts.refreshSeconds ?? 2;
  writeFileSync(join(xdg('config/k9s'), 'config.yaml'), config(refresh));
  const needleFile = join(opts.dir, 'needles.txt');
  writeFileSync(needleFile, opts.needles.map((n) => `${n}\n`).join(''));
  const args = [
    ptyRun,
    String(k9sColumns),
    String(k9sRows),
    needleFile,
    '--',
    opts.binary,
    '--kubeconfig',
    opts.kubeconfig,
    '--context',
    opts.context,
    '-A',
    '-c',
    'leases',
    '--headless',
    '--logoless',
    '--splashless',
    '--readonly',
    '--refresh',
    String(refresh),
    '--logFile',
    join(xdg('logs'), 'k9s.log'),
  ];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TERM: 'xterm-256color',
    COLUMNS: String(k9sColumns),
    LINES: String(k9sRows),
    LANG: 'C.UTF-8',
    K9S_CONFIG_DIR: xdg('config/k9s'),
    K9S_LOGS_DIR: xdg('logs'),
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_STATE_HOME: xdg('state'),
    XDG_CACHE_HOME: xdg('cache'),
  };
  const child: ChildProcess = spawn('python3', args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  const seen = new Set<number>();
  const lines: string[] = [];
  let pid = 0;
  let exit: number | undefined;
  let resolvePid: (p: number) => void = () => undefined;
  let rejectPid: (e: Error) => void = () => undefined;
  const started = new Promise<number>((resolve, reject) => {
    resolvePid = resolve;
    rejectPid = reject;
  });
  let buffered = '';
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString('utf8');
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(line);
      const [word, value] = line.split(' ');
      if (word === 'pid') {
        pid = Number(value);
        resolvePid(pid);
      } else if (word === 'seen') {
        seen.add(Number(value));
      } else if (word === 'exit') {
        exit = Number(value);
      }
    }
  });
  child.stderr?.on('data', (d: Buffer) => lines.push(d.toString('utf8')));
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => rejectPid(err));
  void ended.then(() => rejectPid(new Error(`the pty helper ended before k9s started: ${lines.join('\n')}`)));
  await started;
  return {
    pid,
    seen: (i) => seen.has(i),
    exitCode: () => exit,
    output: () => lines.join('\n'),
    async stop() {
      child.stdin?.end(); // the helper sends k9s' process group SIGTERM and waits for it
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
        child.kill('SIGKILL');
      }, 10_000);
      await ended;
      clearTimeout(timer);
    },
  };
}
