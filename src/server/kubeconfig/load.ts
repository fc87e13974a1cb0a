// Loads kubeconfig files the way kubectl does: several files merged, the first definition of
// a name wins (later ones are reported, not fatal), current-context from the first file that
// sets one. Every problem names its file; whatever is sound still loads.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import * as yaml from 'js-yaml';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { errorMessage } from '../../shared/errors';
import { isRecord } from '../../shared/guards';
import type { KubeconfigProblem } from '../../shared/types';
import { t } from '../../shared/l10n';

export interface LoadedContext {
  name: string;
  file: string;
  cluster?: Cluster;
  user?: User;
  namespace?: string;
  /** Why this context cannot be used, when it cannot. */
  problem?: string;
}

export interface LoadedKubeconfig {
  files: string[];
  currentContext?: string;
  contexts: LoadedContext[];
  problems: KubeconfigProblem[];
}

/**
 * Which files to read: the setting, else KUBECONFIG, else ~/.kube/config. A relative path (and `~`)
 * is read from the home folder, never from this process's working directory, which is whatever
 * folder the editor was started in.
 */
export function kubeconfigFiles(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const list = setting?.trim() ? setting : env.KUBECONFIG;
  if (list?.trim()) {
    const files = list
      .split(delimiter)
      .map((f) => f.trim())
      .filter((f) => f.length > 0);
    return [...new Set(files.map((f) => resolve(homedir(), expandHome(f))))];
  }
  return [join(homedir(), '.kube', 'config')];
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/**
 * Relative paths inside a kubeconfig are read from its folder, as kubectl reads them: certificate
 * and key files, and an exec plugin's command when it holds a slash (a bare name is looked up on
 * the PATH).
 */
function resolveLocalPaths(kc: KubeConfig, folder: string): void {
  kc.makePathsAbsolute(folder);
  for (const user of kc.users) {
    const exec: unknown = user.exec;
    if (isRecord(exec) && typeof exec.command === 'string' && /[\\/]/.test(exec.command) && !isAbsolute(exec.command)) {
      exec.command = join(folder, exec.command);
    }
  }
}

/** For a missing file in the home folder: where relative paths are read from. */
function homeNote(file: string): string {
  const home = homedir();
  return file.startsWith(`${home}${sep}`)
    ? ` ${t('Relative paths in KUBECONFIG and leaseLens.kubeconfig are read from your home folder ({0}), not from the opened folder.', home)}`
    : '';
}

interface RawNamed {
  name?: unknown;
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((e: RawNamed) => (typeof e?.name === 'string' ? e.name : '')).filter((n) => n) : [];
}

interface ParsedFile {
  file: string;
  kc: KubeConfig;
  current?: string;
}

function parseFile(file: string, problems: KubeconfigProblem[], defaultFile: boolean): ParsedFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') {
      if (!defaultFile) {
        problems.push({
          file,
          message: `${t('{0} does not exist. Fix KUBECONFIG or the setting leaseLens.kubeconfig.', file)}${homeNote(file)}`,
        });
      }
    } else {
      problems.push({ file, message: t('{0} cannot be read: {1}', file, (err as Error).message) });
    }
    return undefined;
  }
  if (text.trim() === '') {
    problems.push({ file, message: t('{0} is empty: it defines no contexts.', file) });
    return undefined;
  }
  let raw: unknown;
  try {
    raw = yaml.load(text);
  } catch (err) {
    const reason = err instanceof yaml.YAMLException ? err.message.split('\n')[0] : String(err);
    problems.push({ file, message: t('{0} is not valid YAML: {1}', file, reason) });
    return undefined;
  }
  if (!isRecord(raw)) {
    problems.push({ file, message: t('{0} is not a kubeconfig: expected a mapping with clusters, users and contexts.', file) });
    return undefined;
  }
  const obj = raw;
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text, { onInvalidEntry: 'filter' });
    resolveLocalPaths(kc, dirname(file));
  } catch (err) {
    problems.push({ file, message: t('{0} could not be loaded: {1}', file, errorMessage(err)) });
    return undefined;
  }
  // Entries client-node filtered out as invalid (no server, no cluster/user reference, …).
  const kept = { clusters: kc.clusters.map((c) => c.name), users: kc.users.map((u) => u.name), contexts: kc.contexts.map((c) => c.name) };
  for (const section of ['clusters', 'users', 'contexts'] as const) {
    for (const name of names(obj[section])) {
      if (!kept[section].includes(name)) {
        problems.push({ file, message: t('{0} "{1}" in {2} is incomplete and was skipped.', section.slice(0, -1), name, file) });
      }
    }
    const list = obj[section];
    if (Array.isArray(list) && list.some((e: RawNamed) => typeof e?.name !== 'string')) {
      problems.push({ file, message: t('{0} has an entry in {1} without a name; it was skipped.', file, section) });
    }
  }
  const current = typeof obj['current-context'] === 'string' && obj['current-context'] ? obj['current-context'] : undefined;
  return { file, kc, current };
}

export function loadKubeconfig(files: string[], opts: { defaultFile?: boolean } = {}): LoadedKubeconfig {
  const problems: KubeconfigProblem[] = [];
  const clusters = new Map<string, { value: Cluster; file: string }>();
  const users = new Map<string, { value: User; file: string }>();
  const contexts = new Map<string, { value: Context; file: string }>();
  let currentContext: string | undefined;
  for (const file of files) {
    const parsed = parseFile(file, problems, opts.defaultFile ?? false);
    if (!parsed) {
      continue;
    }
    currentContext ??= parsed.current;
    mergeInto(clusters, parsed.kc.clusters, 'cluster', parsed.file, problems);
    mergeInto(users, parsed.kc.users, 'user', parsed.file, problems);
    mergeInto(contexts, parsed.kc.contexts, 'context', parsed.file, problems);
  }
  const loaded: LoadedContext[] = [];
  for (const [name, { value: ctx, file }] of contexts) {
    const cluster = clusters.get(ctx.cluster)?.value;
    const user = users.get(ctx.user)?.value;
    const missing = [!cluster ? t('cluster "{0}"', ctx.cluster) : '', !user ? t('user "{0}"', ctx.user) : ''].filter((m) => m);
    const problem =
      missing.length > 0
        ? t('Context "{0}" in {1} refers to {2}, which no kubeconfig file defines.', name, file, missing.join(t(' and ')))
        : undefined;
    if (problem) {
      problems.push({ file, message: problem, context: name });
    }
    loaded.push({ name, file, cluster, user, namespace: ctx.namespace, problem });
  }
  if (currentContext && !contexts.has(currentContext)) {
    problems.push({ file: files[0] ?? '', message: t('current-context "{0}" is not defined in any kubeconfig file.', currentContext) });
  }
  return { files, currentContext, contexts: loaded, problems };
}

function mergeInto<T extends { name: string }>(
  into: Map<string, { value: T; file: string }>,
  entries: T[],
  what: string,
  file: string,
  problems: KubeconfigProblem[],
): void {
  for (const entry of entries) {
    const existing = into.get(entry.name);
    if (existing) {
      if (existing.file !== file) {
        problems.push({
          file,
          message: t(
            '{0} "{1}" is defined in {2} and again in {3}; the first is used, as kubectl does.',
            what,
            entry.name,
            existing.file,
            file,
          ),
        });
      }
      continue;
    }
    into.set(entry.name, { value: entry, file });
  }
}

/** A KubeConfig holding only one context, made afresh each time (fresh credential caches). */
export function kubeConfigFor(ctx: LoadedContext): KubeConfig {
  const kc = new KubeConfig();
  if (!ctx.cluster || !ctx.user) {
    throw new Error(ctx.problem ?? t('context {0} is incomplete', ctx.name));
  }
  kc.loadFromOptions({
    clusters: [{ ...ctx.cluster }],
    users: [{ ...ctx.user }],
    contexts: [{ name: ctx.name, cluster: ctx.cluster.name, user: ctx.user.name, namespace: ctx.namespace }],
    currentContext: ctx.name,
  });
  return kc;
}
