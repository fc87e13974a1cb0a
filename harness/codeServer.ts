// code-server 4.100.3 (VS Code 1.100 served to a browser) for end-to-end tests: installs it into
// test/e2e/.cache/code-server/ following the steps below, installs the packaged
// extension into a fresh extensions dir per run, starts it on a free 127.0.0.1 port and stops it
// with its whole process group.
//
// The install, step by step (the recipe's three workarounds):
//  1. Debian packages libkrb5-dev (headers for the `kerberos` native module), ripgrep (see 2) and
//     chromium (the browser that drives the workbench): installed by scripts/setup.mjs before the
//     tiers run, only checked here.
//  2. @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds a cached download in
//     `$TMPDIR/vscode-ripgrep-cache-1.15.11/`; we put Debian's rg there as the tarball it expects.
//  3. `npm install code-server@4.100.3` with npm_config_yes=true (node-pty's postinstall runs
//     `npx node-gyp`) and npm_config_unsafe_perm=true (code-server's postinstall.sh refuses to run
//     as root without it; npm 11 no longer knows the option, says "Unknown env config", and passes
//     it on anyway, which is all the script checks).
//
// npm 11.19's install-script policy: a dependency's install scripts that are not covered by the
// `allowScripts` field of the project's package.json are reported ("npm warn install-scripts …
// not yet covered by allowScripts … Run `npm install-scripts approve`"). With the default
// strict-allow-scripts=false they still run; with strict-allow-scripts=true they fail the install.
// So that the install does not depend on that default, the folder's package.json approves exactly
// the two packages of code-server's tree that have install scripts, pinned to their versions
// (code-server ships an npm-shrinkwrap.json, so argon2's version is fixed by code-server's).
// code-server's postinstall then runs `npm install --omit=dev` in lib/vscode and
// lib/vscode/extensions; those nested projects have no allowScripts of their own, so their native
// modules (node-pty, kerberos, @vscode/spdlog, @vscode/ripgrep, …) rely on the default; we force
// it with npm_config_strict_allow_scripts=false. After the install we check the files that only
// the install scripts produce and fail with the log's path if one is missing.
import { waitFor } from './waiting';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { acquireLock, withLock } from './lock';
import { REPO_ROOT } from './repoRoot';

export const CODE_SERVER_VERSION = '4.100.3';
/** The one argon2 version code-server 4.100.3's npm-shrinkwrap.json resolves. */
const ARGON2_VERSION = '0.31.2';
/** @vscode/ripgrep version in code-server 4.100.3's lib/vscode, and the rg release it fetches. */
const VSCODE_RIPGREP_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

export { REPO_ROOT };
export const E2E_CACHE = join(REPO_ROOT, 'test', 'e2e', '.cache');
export const CODE_SERVER_DIR = join(E2E_CACHE, 'code-server');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');
export const VSIX_PATH = join(REPO_ROOT, 'lease-lens.vsix');
const PACKAGE_DIR = join(CODE_SERVER_DIR, 'node_modules', 'code-server');
const ENTRY = join(PACKAGE_DIR, 'out', 'node', 'entry.js');
const MARKER = join(CODE_SERVER_DIR, 'installed.json');
const INSTALL_LOG = join(CODE_SERVER_DIR, 'install.log');

type Log = (message: string) => void;
const defaultLog: Log = (message) => console.log(`[e2e] ${message}`);

// ---------------------------------------------------------------------------------------------
// Running commands

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; logFile?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(
        new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs} ms:\n${tail(Buffer.concat(chunks).toString())}`),
      );
    }, options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString();
      if (options.logFile) {
        writeFileSync(options.logFile, output);
      }
      resolve({ code, signal, output });
    });
  });
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------
// Install

/** The system packages are installed by scripts/setup.mjs before the tiers; here only checked. */
function checkSystemPackages(): void {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'setup.mjs'), '--check'], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`code-server's install needs system packages:\n${r.stderr}`);
  }
}

function ripgrepTarget(): string {
  switch (arch()) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new Error(`no ripgrep cache recipe for the architecture ${arch()}`);
  }
}

/** Puts Debian's rg where @vscode/ripgrep looks for a cached download: a .tar.gz holding `rg`. */
async function ensureRipgrepCache(): Promise<string> {
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) {
    throw new Error(`${rg} is missing: apt-get install -y ripgrep`);
  }
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${VSCODE_RIPGREP_VERSION}`);
  const tarball = join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${ripgrepTarget()}.tar.gz`);
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'lease-lens-rg-'));
  try {
    cpSync(rg, join(staging, 'rg'));
    const r = await run('tar', ['-czf', tarball, '-C', staging, 'rg'], { timeoutMs: 60_000 });
    if (r.code !== 0) {
      throw new Error(`could not write ${tarball}:\n${r.output}`);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return tarball;
}

interface Marker {
  version: string;
  node: string;
  arch: string;
  installedAt: string;
  installMs: number;
}

function readMarker(): Marker | undefined {
  try {
    return JSON.parse(readFileSync(MARKER, 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

function nodeMajor(): string {
  return process.versions.node.split('.')[0];
}

function installedOk(): boolean {
  const m = readMarker();
  return m !== undefined && m.version === CODE_SERVER_VERSION && m.node === nodeMajor() && m.arch === arch() && existsSync(ENTRY);
}

/** Files that exist only when the install scripts ran. */
function installScriptProducts(): string[] {
  const vscode = join(PACKAGE_DIR, 'lib', 'vscode');
  return [
    join(vscode, 'node_modules.asar'), // code-server's postinstall.sh
    join(vscode, 'bin', 'remote-cli', 'code-server'), // code-server's postinstall.sh
    join(vscode, 'extensions', 'node_modules'), // code-server's postinstall.sh (second npm install)
    join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    join(vscode, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    join(vscode, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
    join(vscode, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    join(CODE_SERVER_DIR, 'node_modules', 'argon2', 'lib', 'binding', 'napi-v3', 'argon2.node'),
  ];
}

export interface CodeServerInstall {
  /** code-server's entry script (run it with this Node, which must be Node 20). */
  entry: string;
  version: string;
  /** False when an earlier install was reused. */
  installed: boolean;
  /** Time spent here: the whole install, or only the check when it was already there. */
  ms: number;
}

/** Installs code-server 4.100.3 into test/e2e/.cache/code-server/ unless it is already there. */
export async function installCodeServer(log: Log = defaultLog): Promise<CodeServerInstall> {
  const started = Date.now();
  if (nodeMajor() !== '20') {
    throw new Error(`code-server ${CODE_SERVER_VERSION} runs on Node 20; this is Node ${process.versions.node}`);
  }
  mkdirSync(E2E_CACHE, { recursive: true });
  if (installedOk()) {
    return { entry: ENTRY, version: CODE_SERVER_VERSION, installed: false, ms: Date.now() - started };
  }
  return withLock(join(E2E_CACHE, 'code-server.lock'), 15 * 60_000, async () => {
    // Another test process may have installed it while we waited for the lock.
    if (installedOk()) {
      return { entry: ENTRY, version: CODE_SERVER_VERSION, installed: false, ms: Date.now() - started };
    }
    log(`installing code-server ${CODE_SERVER_VERSION} into ${relative(REPO_ROOT, CODE_SERVER_DIR)} (about 1–2 minutes)`);
    checkSystemPackages();
    const tarball = await ensureRipgrepCache();
    log(`ripgrep cache: ${tarball} (Debian's rg)`);

    rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
    mkdirSync(CODE_SERVER_DIR, { recursive: true });
    const manifest = {
      name: 'lease-lens-e2e-code-server',
      private: true,
      description: 'code-server for Lease Lens end-to-end tests; written by harness/codeServer.ts',
      dependencies: { 'code-server': CODE_SERVER_VERSION },
      allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, [`argon2@${ARGON2_VERSION}`]: true },
    };
    writeFileSync(join(CODE_SERVER_DIR, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_strict_allow_scripts: 'false',
      npm_config_ignore_scripts: 'false',
      // Show the install scripts' output in install.log instead of npm's spinner.
      npm_config_foreground_scripts: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_progress: 'false',
    };
    const npmStarted = Date.now();
    const r = await run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: CODE_SERVER_DIR,
      env,
      timeoutMs: 20 * 60_000,
      logFile: INSTALL_LOG,
    });
    const installMs = Date.now() - npmStarted;
    if (r.code !== 0) {
      throw new Error(
        `npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.code ?? r.signal}); log: ${INSTALL_LOG}\n${tail(r.output)}`,
      );
    }
    const missing = installScriptProducts().filter((path) => !existsSync(path));
    if (missing.length > 0) {
      throw new Error(
        `npm install finished but install scripts did not run (missing ${missing.map((p) => relative(CODE_SERVER_DIR, p)).join(', ')}). ` +
          `If npm reports "install-scripts … not yet covered by allowScripts", approve them in ${join(CODE_SERVER_DIR, 'package.json')}. Log: ${INSTALL_LOG}`,
      );
    }
    const marker: Marker = {
      version: CODE_SERVER_VERSION,
      node: nodeMajor(),
      arch: arch(),
      installedAt: new Date().toISOString(),
      installMs,
    };
    writeFileSync(MARKER, `${JSON.stringify(marker, null, 2)}\n`);
    log(`installed code-server ${CODE_SERVER_VERSION} in ${seconds(installMs)} (npm install; log: ${relative(REPO_ROOT, INSTALL_LOG)})`);
    return { entry: ENTRY, version: CODE_SERVER_VERSION, installed: true, ms: Date.now() - started };
  });
}

// ---------------------------------------------------------------------------------------------
// The packaged extension

/** Not part of the VSIX's inputs: README pictures (scripts/refresh-screenshots.mjs). */
const NOT_VSIX_INPUTS = new Set([join(REPO_ROOT, 'media', 'screenshots')]);

function newestMtime(path: string): number {
  if (NOT_VSIX_INPUTS.has(path)) {
    return 0;
  }
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) {
      continue;
    }
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** What the VSIX is made of; it is rebuilt when any of them is newer. */
const VSIX_INPUTS = [
  'dist',
  'src',
  'webview',
  'media',
  'l10n',
  'package.json',
  'package.nls.json',
  'package.nls.ru.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  '.vscodeignore',
];

function vsixStale(): boolean {
  if (!existsSync(VSIX_PATH)) {
    return true;
  }
  const built = statSync(VSIX_PATH).mtimeMs;
  return VSIX_INPUTS.some((input) => newestMtime(join(REPO_ROOT, input)) > built);
}

/**
 * `lease-lens.vsix`, built with `npm run package` when it is missing or older than its inputs.
 * LEASE_LENS_E2E_VSIX=<file> tests that VSIX as it is instead (a CI artifact, a release build).
 */
export async function ensureVsix(log: Log = defaultLog): Promise<string> {
  const given = process.env.LEASE_LENS_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) {
      throw new Error(`LEASE_LENS_E2E_VSIX=${given}: no such file`);
    }
    return given;
  }
  if (!vsixStale()) {
    return VSIX_PATH;
  }
  mkdirSync(E2E_CACHE, { recursive: true });
  return withLock(join(E2E_CACHE, 'vsix.lock'), 5 * 60_000, async () => {
    if (!vsixStale()) {
      return VSIX_PATH;
    }
    log(`${existsSync(VSIX_PATH) ? 'lease-lens.vsix is older than its sources' : 'lease-lens.vsix is missing'}: npm run package`);
    const started = Date.now();
    const r = await run('npm', ['run', 'package'], { timeoutMs: 5 * 60_000 });
    if (r.code !== 0 || !existsSync(VSIX_PATH)) {
      throw new Error(`npm run package failed (exit ${r.code ?? r.signal}):\n${tail(r.output)}`);
    }
    log(`packaged lease-lens.vsix in ${seconds(Date.now() - started)}`);
    return VSIX_PATH;
  });
}

// ---------------------------------------------------------------------------------------------
// Run

/** Settings that keep a fresh VS Code from covering the window with dialogs, tours and toasts. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'workbench.editor.restoreViewState': false,
  'terminal.integrated.enablePersistentSessions': false,
  // code-server offers to forward every port a process listens on (the demo API server, the
  // Lease server's helpers) with a toast; nothing here needs forwarding.
  'remote.autoForwardPorts': false,
};

export interface StartOptions {
  /** A short name for logs and artifacts (test-results/e2e/logs/<name>/). */
  name: string;
  /** Where stop() keeps code-server's logs instead of test-results/e2e/logs/<name>/. */
  logsDir?: string;
  /** The VSIX to install first; default lease-lens.vsix, built when stale. `null`: none. */
  vsix?: string | null;
  /** Added to code-server's environment (it reaches the extension host), e.g. KUBECONFIG. */
  env?: Readonly<Record<string, string>>;
  /** Merged over QUIET_SETTINGS into the user settings.json. */
  settings?: Readonly<Record<string, unknown>>;
  /** Files to create in the opened workspace folder (relative path → content). */
  files?: Readonly<Record<string, string>>;
  /**
   * The display language (`--locale`), e.g. `ru`. It takes effect only with a language pack for it
   * installed (see languagePack.ts and `extensions`).
   */
  locale?: string;
  /** More VSIX files to install before starting (e.g. a language pack). */
  extensions?: readonly string[];
  /** Runs after the installs, before code-server starts (e.g. registers a language pack). */
  beforeStart?: (dirs: { userDataDir: string; extensionsDir: string }) => void;
  /** Written as the user's keybindings.json, e.g. a key that runs a command at once (no palette). */
  keybindings?: readonly Readonly<Record<string, unknown>>[];
  /** The folder to open instead of a fresh empty one (it is not removed on stop). */
  folder?: string;
  /**
   * Workspace Trust on (security.workspace.trust.enabled, no --disable-workspace-trust): a folder
   * opens in Restricted Mode until it is trusted. Default off: every folder is trusted.
   */
  workspaceTrust?: boolean;
  startTimeoutMs?: number;
  log?: Log;
}

export interface CodeServer {
  /** The workbench URL, e.g. http://127.0.0.1:38211/?folder=… */
  url: string;
  port: number;
  pid: number;
  root: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  /** Installing the VSIX into the fresh extensions dir. */
  extensionInstallMs: number;
  /** From spawning code-server to its first HTTP answer. */
  startMs: number;
  /** code-server's own output so far. */
  output(): string;
  /** Stops the process group, keeps the logs under test-results/e2e/logs/<name>/, removes the temp dir. */
  stop(): Promise<void>;
}

function pidsInGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …; comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') {
        pids.push(Number(entry));
      }
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

/**
 * This process's environment minus what would steer code-server elsewhere: $PORT overrides
 * --bind-addr, $PASSWORD/$HASHED_PASSWORD, and VSCODE_* (set when tests run in a VS Code terminal,
 * they make code-server talk to that VS Code).
 */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'PORT' || key === 'PASSWORD' || key === 'HASHED_PASSWORD' || key.startsWith('VSCODE_')) {
      continue;
    }
    env[key] = value;
  }
  return env;
}

export async function installVsix(entry: string, vsix: string, extensionsDir: string, userDataDir: string): Promise<number> {
  const started = Date.now();
  const r = await run(
    process.execPath,
    [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'],
    {
      env: { ...serverEnv(), XDG_CONFIG_HOME: join(userDataDir, '..', 'xdg-config'), XDG_DATA_HOME: join(userDataDir, '..', 'xdg-data') },
      timeoutMs: 120_000,
    },
  );
  if (r.code !== 0 || !/successfully installed/i.test(r.output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.code ?? r.signal}):\n${tail(r.output)}`);
  }
  return Date.now() - started;
}

/** Starts code-server with a fresh user-data-dir and extensions-dir, the VSIX installed first. */
export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const log = options.log ?? defaultLog;
  const { entry } = await installCodeServer(log);
  const vsix = options.vsix === null ? undefined : (options.vsix ?? (await ensureVsix(log)));

  const root = mkdtempSync(join(tmpdir(), `lease-lens-e2e-${options.name}-`));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const workspace = options.folder ?? join(root, 'workspace');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, workspace, join(root, 'xdg-config'), join(root, 'xdg-data')]) {
    mkdirSync(dir, { recursive: true });
  }
  const trust = options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {};
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...options.settings }, null, 2)}\n`,
  );
  if (options.keybindings) {
    writeFileSync(join(userDataDir, 'User', 'keybindings.json'), `${JSON.stringify(options.keybindings, null, 2)}\n`);
  }
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  // Our own config file, so code-server does not write one into ~/.config/code-server.
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');

  let extensionInstallMs = vsix ? await installVsix(entry, vsix, extensionsDir, userDataDir) : 0;
  for (const extra of options.extensions ?? []) {
    extensionInstallMs += await installVsix(entry, extra, extensionsDir, userDataDir);
  }
  options.beforeStart?.({ userDataDir, extensionsDir });

  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      entry,
      '--config',
      config,
      '--auth',
      'none',
      // Port 0: the kernel picks a free port, code-server prints it.
      '--bind-addr',
      '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      ...(options.locale ? ['--locale', options.locale] : []),
      workspace,
    ],
    {
      cwd: root,
      env: { ...serverEnv(), ...options.env, XDG_CONFIG_HOME: join(root, 'xdg-config'), XDG_DATA_HOME: join(root, 'xdg-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: stop() signals the group, helpers and extension host included.
      detached: true,
    },
  );
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error('could not spawn code-server');
  }
  let output = '';
  let exited: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
  const exitedPromise = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = `exit ${code ?? signal}`;
      resolve();
    }),
  );
  // Should this process die without stop(), do not leave code-server behind.
  const onExit = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      killGroup(child, 'SIGTERM');
      try {
        await waitFor('code-server to stop', () => exited !== undefined && pidsInGroup(pid).length === 0, 10_000, { everyMs: 100 });
      } catch {
        killGroup(child, 'SIGKILL');
        await waitFor(`code-server's process group ${pid} to end after SIGKILL`, () => pidsInGroup(pid).length === 0, 10_000, {
          everyMs: 100,
          detail: () => `still there: ${pidsInGroup(pid).join(' ')}`,
        });
      }
      await exitedPromise;
      process.off('exit', onExit);
      const logs = options.logsDir ?? join(RESULTS_DIR, 'logs', options.name);
      rmSync(logs, { recursive: true, force: true });
      mkdirSync(logs, { recursive: true });
      writeFileSync(join(logs, 'code-server.log'), output);
      if (existsSync(join(userDataDir, 'logs'))) {
        cpSync(join(userDataDir, 'logs'), join(logs, 'vscode'), { recursive: true });
      }
      rmSync(root, { recursive: true, force: true });
    })());

  try {
    const startTimeoutMs = options.startTimeoutMs ?? 60_000;
    let base: string | undefined;
    await waitFor(
      'code-server to report its address',
      () => {
        if (exited) {
          throw new Error(`code-server ended before listening (${exited}):\n${tail(output)}`);
        }
        base = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
        return base !== undefined;
      },
      startTimeoutMs,
      { everyMs: 100, detail: () => tail(output) },
    );
    const origin = base ?? '';
    await waitFor(`code-server at ${origin} to answer HTTP`, () => answers(`${origin}/healthz`), startTimeoutMs, {
      everyMs: 200,
      detail: () => tail(output),
    });
    const startMs = Date.now() - started;
    const port = Number(new URL(origin).port);
    log(`code-server ${CODE_SERVER_VERSION} answers at ${origin} after ${seconds(startMs)} (pid ${pid})`);
    return {
      url: `${origin}/?folder=${encodeURIComponent(workspace)}`,
      port,
      pid,
      root,
      userDataDir,
      extensionsDir,
      workspace,
      extensionInstallMs,
      startMs,
      output: () => output,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** pids left in a process group, for tests that check nothing leaked. */
export function leftovers(pgid: number): number[] {
  return pidsInGroup(pgid);
}

/** Holds the e2e files to one at a time (each runs a code-server and a Chromium). */
export function acquireSuiteLock(): Promise<() => void> {
  mkdirSync(E2E_CACHE, { recursive: true });
  return acquireLock(join(E2E_CACHE, 'suite.lock'), 20 * 60_000, 'e2e suite');
}
