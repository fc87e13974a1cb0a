// Exec credential plugins (a kubeconfig user's `exec`), run as kubectl runs them: with
// KUBERNETES_EXEC_INFO set, interactiveMode honoured (Lease Lens has no terminal), a time limit, and
// the credential cached until its expirationTimestamp — or, when the plugin gives none, until the
// API server answers 401 (`invalidate`). Concurrent requests share one run of the plugin; a failure
// is not cached, so the next request (a retry, Refresh) runs the plugin again.
import { spawn, type ChildProcess } from 'node:child_process';
import { clip } from '../redact';
import { t } from '../../shared/l10n';

export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
  installHint?: string;
}

/** What ExecCredential.spec.cluster carries when the plugin asks for cluster information. */
export interface ExecClusterInfo {
  server: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'proxy-url'?: string;
  'tls-server-name'?: string;
  config?: unknown;
}

export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** When the credential stops being valid (ms since the epoch); none: until a 401. */
  expiresAt?: number;
}

export type ExecFailure = 'timeout' | 'interactive' | 'failed' | 'output' | 'spawn';

/** A plugin that could not give a credential; `message` holds no secret (its stderr is clipped and redacted here). */
export class ExecCredentialError extends Error {
  constructor(
    readonly failure: ExecFailure,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ExecCredentialError';
  }
}

/** Most bytes of stdout read (an ExecCredential is small) and of stderr kept for the message. */
const maxStdout = 1024 * 1024;
const maxStderr = 4096;
/** A cached credential is renewed this long before it expires, so no request races the expiry. */
const expirySlackMs = 10_000;

interface Entry {
  user: string;
  credential?: ExecCredential;
  running?: Promise<ExecCredential>;
  /** The running plugin, so dispose() can stop it. */
  child?: ChildProcess;
}

/** The process's exec credentials: one per kubeconfig user and plugin, shared by every context of that user. */
export class ExecCredentialCache {
  private readonly entries = new Map<string, Entry>();

  /** `timeoutMs` is read at each run (the setting leaseLens.exec.timeoutSeconds may change). */
  constructor(private readonly timeoutMs: () => number) {}

  /** The credential for `user`, running its plugin when none is cached or the cached one expires. */
  get(user: string, context: string, exec: ExecConfig, cluster: ExecClusterInfo): Promise<ExecCredential> {
    // As client-go's cache: the plugin's configuration, and the cluster only when the plugin is given it.
    const key = JSON.stringify([
      user,
      exec.command,
      exec.args ?? [],
      exec.env ?? [],
      exec.apiVersion ?? '',
      exec.interactiveMode ?? '',
      exec.provideClusterInfo ? cluster : null,
    ]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { user };
      this.entries.set(key, entry);
    }
    const cached = entry.credential;
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - expirySlackMs > Date.now())) {
      return Promise.resolve(cached);
    }
    if (entry.running) {
      return entry.running;
    }
    const current = entry;
    current.running = runPlugin(exec, cluster, context, this.timeoutMs(), (child) => (current.child = child)).then(
      (credential) => {
        current.running = undefined;
        current.child = undefined;
        current.credential = credential;
        return credential;
      },
      (err: unknown) => {
        current.running = undefined;
        current.child = undefined;
        throw err;
      },
    );
    return current.running;
  }

  /**
   * Forgets `user`'s credential after the API server refused it (401), so the next request runs
   * the plugin again. With `credential`, only when that is still the one cached: a late 401 for an
   * old credential does not throw away a fresh one.
   */
  invalidate(user: string, credential?: ExecCredential): void {
    for (const entry of this.entries.values()) {
      if (entry.user === user && (credential === undefined || entry.credential === credential)) {
        entry.credential = undefined;
      }
    }
  }

  /** Stops plugins still running (the server is shutting down). */
  dispose(): void {
    for (const entry of this.entries.values()) {
      if (entry.child) {
        killGroup(entry.child);
      }
    }
    this.entries.clear();
  }
}

/** Kills a plugin and whatever it started (it runs in a process group of its own). */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) {
      process.kill(-child.pid, 'SIGKILL');
      return;
    }
  } catch {
    // Gone already, or no group: kill the child itself.
  }
  child.kill('SIGKILL');
}

/** A context name as typed in a shell. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function execInfo(exec: ExecConfig, cluster: ExecClusterInfo): string {
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo) {
    spec.cluster = cluster;
  }
  return JSON.stringify({ kind: 'ExecCredential', apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1', spec });
}

function runPlugin(
  exec: ExecConfig,
  cluster: ExecClusterInfo,
  context: string,
  timeoutMs: number,
  started: (child: ChildProcess) => void,
): Promise<ExecCredential> {
  const command = clip(exec.command, 200);
  const kubectlOnce = t(
    'Run `kubectl --context {0} get leases` once in a terminal to log in, then choose Refresh.',
    clip(shellWord(context), 200),
  );
  if (exec.interactiveMode === 'Always') {
    // As kubectl without a terminal: a plugin that always needs one is not started at all.
    return Promise.reject(
      new ExecCredentialError(
        'interactive',
        t('the exec plugin {0} needs a terminal (interactiveMode: Always), and Lease Lens has none.', command),
        t(
          "{0} If the plugin can work without a terminal once you are logged in, set interactiveMode: IfAvailable in the exec entry of this context's user.",
          kubectlOnce,
        ),
      ),
    );
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const { name, value } of exec.env ?? []) {
    env[name] = value;
  }
  // Set last, as client-go does: the kubeconfig's env cannot replace it.
  env.KUBERNETES_EXEC_INFO = execInfo(exec, cluster);
  return new Promise<ExecCredential>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    let child: ChildProcess & { stdout: NonNullable<ChildProcess['stdout']>; stderr: NonNullable<ChildProcess['stderr']> };
    try {
      // stdin is /dev/null: a plugin that would prompt reads end-of-file instead of waiting forever.
      child = spawn(exec.command, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (err) {
      reject(
        new ExecCredentialError('spawn', t('the exec plugin {0} could not start: {1}', command, clip(String(err), 200)), installHint(exec)),
      );
      return;
    }
    started(child);
    let stderrCut = false;
    // What the plugin said, redacted; when stderr was cut, its last word goes too (it may be part of a secret).
    const said = (): string => {
      const kept = stderrCut ? stderr.replace(/\S*$/, '') : stderr;
      return kept.trim() ? clip(kept, 300) : '';
    };
    const finish = (outcome: { credential: ExecCredential } | { error: ExecCredentialError }): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      if ('credential' in outcome) {
        resolve(outcome.credential);
      } else {
        reject(outcome.error);
      }
    };
    const timer = setTimeout(() => {
      killGroup(child);
      finish({
        error: new ExecCredentialError(
          'timeout',
          said()
            ? t(
                'the exec plugin {0} gave no credential within {1} s and was stopped; it said: {2}.',
                command,
                Math.round(timeoutMs / 1000),
                said(),
              )
            : t('the exec plugin {0} gave no credential within {1} s and was stopped.', command, Math.round(timeoutMs / 1000)),
          t('It may be waiting for a login. {0} The time limit is the setting leaseLens.exec.timeoutSeconds.', kubectlOnce),
        ),
      });
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < maxStdout) {
        stdout += chunk;
      }
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < maxStderr) {
        stderr += chunk;
        if (stderr.length > maxStderr) {
          stderr = stderr.slice(0, maxStderr);
          stderrCut = true;
        }
      } else {
        stderrCut = true;
      }
    });
    child.on('error', (err) => {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      finish({
        error: new ExecCredentialError(
          'spawn',
          missing
            ? t('the exec plugin {0} is not installed or not on the PATH.', command)
            : t('the exec plugin {0} could not start: {1}', command, clip(err.message, 200)),
          installHint(exec),
        ),
      });
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        finish({
          error: new ExecCredentialError(
            'failed',
            said()
              ? t(
                  'the exec plugin {0} failed ({1}): {2}.',
                  command,
                  signal ? t('signal {0}', signal) : t('exit code {0}', String(code)),
                  said(),
                )
              : t('the exec plugin {0} failed ({1}).', command, signal ? t('signal {0}', signal) : t('exit code {0}', String(code))),
            t("{0} If kubectl fails too, fix the exec plugin of this context's user.", kubectlOnce),
          ),
        });
        return;
      }
      const credential = parseCredential(stdout, exec.apiVersion);
      if (credential) {
        finish({ credential });
      } else {
        finish({
          error: new ExecCredentialError(
            'output',
            exec.apiVersion
              ? t(
                  'the exec plugin {0} did not print an ExecCredential ({1}) with a token or a client certificate.',
                  command,
                  clip(exec.apiVersion, 80),
                )
              : t('the exec plugin {0} did not print an ExecCredential with a token or a client certificate.', command),
            t('Check the user entry of this context: its exec plugin must print an ExecCredential object (client.authentication.k8s.io).'),
          ),
        });
      }
    });
  });
}

function installHint(exec: ExecConfig): string {
  const given = exec.installHint ? `${clip(exec.installHint, 300)} ` : '';
  return `${given}${t('Install the exec plugin named in the user entry of this context (exec.command), then choose Refresh.')}`;
}

/** The credential in a plugin's output, or undefined when it is not an ExecCredential of the asked version. */
export function parseCredential(stdout: string, apiVersion: string | undefined): ExecCredential | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return undefined;
  }
  const obj = parsed as { kind?: unknown; apiVersion?: unknown; status?: Record<string, unknown> };
  if (obj.kind !== 'ExecCredential' || (apiVersion !== undefined && obj.apiVersion !== apiVersion)) {
    return undefined;
  }
  const status = obj.status;
  if (typeof status !== 'object' || status === null) {
    return undefined;
  }
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const credential: ExecCredential = {
    token: text(status.token),
    clientCertificateData: text(status.clientCertificateData),
    clientKeyData: text(status.clientKeyData),
  };
  // A certificate comes with its key (client-go refuses one without the other).
  if (Boolean(credential.clientCertificateData) !== Boolean(credential.clientKeyData)) {
    return undefined;
  }
  if (!credential.token && !credential.clientCertificateData) {
    return undefined;
  }
  const expiry = text(status.expirationTimestamp);
  if (expiry !== undefined) {
    const at = Date.parse(expiry);
    if (!Number.isNaN(at)) {
      credential.expiresAt = at;
    }
  }
  return credential;
}
