// Loads kubeconfig files the way kubectl does: several files merged, the first definition of
// a name wins (later ones are reported, not fatal), current-context from the first file that
// sets one. Every problem names its file; whatever is sound still loads.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { errorMessage } from '../../shared/errors';
import { isRecord } from '../../shared/guards';
import type { KubeconfigProblem } from '../../shared/types';

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

/** Which files to read: the setting, else KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const list = setting?.trim() ? setting : env.KUBECONFIG;
  if (list?.trim()) {
    const files = list
      .split(delimiter)
      .map((f) => f.trim())
      .filter((f) => f.length > 0);
    return [...new Set(files.map((f) => resolve(expandHome(f))))];
  }
  return [join(homedir(), '.kube', 'config')];
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
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
        problems.push({ file, message: `${file} does not exist. Fix KUBECONFIG or the setting leaseLens.kubeconfig.` });
      }
    } else {
      problems.push({ file, message: `${file} cannot be read: ${(err as Error).message}` });
    }
    return undefined;
  }
  if (text.trim() === '') {
    problems.push({ file, message: `${file} is empty: it defines no contexts.` });
    return undefined;
  }
  let raw: unknown;
  try {
    raw = yaml.load(text);
  } catch (err) {
    const reason = err instanceof yaml.YAMLException ? err.message.split('\n')[0] : String(err);
    problems.push({ file, message: `${file} is not valid YAML: ${reason}` });
    return undefined;
  }
  if (!isRecord(raw)) {
    problems.push({ file, message: `${file} is not a kubeconfig: expected a mapping with clusters, users and contexts.` });
    return undefined;
  }
  const obj = raw;
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text, { onInvalidEntry: 'filter' });
    kc.makePathsAbsolute(dirname(file));
  } catch (err) {
    problems.push({ file, message: `${file} could not be loaded: ${errorMessage(err)}` });
    return undefined;
  }
  // Entries client-node filtered out as invalid (no server, no cluster/user reference, …).
  const kept = { clusters: kc.clusters.map((c) => c.name), users: kc.users.map((u) => u.name), contexts: kc.contexts.map((c) => c.name) };
  for (const section of ['clusters', 'users', 'contexts'] as const) {
    for (const name of names(obj[section])) {
      if (!kept[section].includes(name)) {
        problems.push({ file, message: `${section.slice(0, -1)} "${name}" in ${file} is incomplete and was skipped.` });
      }
    }
    const list = obj[section];
    if (Array.isArray(list) && list.some((e: RawNamed) => typeof e?.name !== 'string')) {
      problems.push({ file, message: `${file} has an entry in ${section} without a name; it was skipped.` });
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
    const missing = [!cluster ? `cluster "${ctx.cluster}"` : '', !user ? `user "${ctx.user}"` : ''].filter((m) => m).join(' and ');
    const problem = missing ? `Context "${name}" in ${file} refers to ${missing}, which no kubeconfig file defines.` : undefined;
    if (problem) {
      problems.push({ file, message: problem, context: name });
    }
    loaded.push({ name, file, cluster, user, namespace: ctx.namespace, problem });
  }
  if (currentContext && !contexts.has(currentContext)) {
    problems.push({ file: files[0] ?? '', message: `current-context "${currentContext}" is not defined in any kubeconfig file.` });
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
          message: `${what} "${entry.name}" is defined in ${existing.file} and again in ${file}; the first is used, as kubectl does.`,
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
    throw new Error(ctx.problem ?? `context ${ctx.name} is incomplete`);
  }
  kc.loadFromOptions({
    clusters: [{ ...ctx.cluster }],
    users: [{ ...ctx.user }],
    contexts: [{ name: ctx.name, cluster: ctx.cluster.name, user: ctx.user.name, namespace: ctx.namespace }],
    currentContext: ctx.name,
  });
  return kc;
}
