// The fate of the old leader: from the evidence about the holder's pod around the end of its term
// (pod, containers' last termination, node, Events, a rollout, the holder's last leadership log
// lines) to one cause and the evidence it rests on. Rules, first match wins:
//   evicted         the pod's status.reason is Evicted, or an Evicted Event in the window
//   oom-killed      a container terminated OOMKilled in the window (or an OOMKilling Event)
//   crashed         a container terminated otherwise in the window (Error, exit code)
//   node-gone       the pod's node no longer exists
//   node-not-ready  the node is NotReady since before the end, or a NodeNotReady Event in the window
//   rollout         the pod's ReplicaSet was replaced by a newer one of the same Deployment
//   deleted         the pod is gone or being deleted
//   lost-lease      the pod still runs; its last leadership line lost or failed to renew the lease
//   running         the pod still runs, nothing else found
//   unknown         the pod could not be read
// A crash during a rollout is a crash: the rollout only explains an end without one. Pure.
import type { FateCause, FateEvidence, TermFate } from '../shared/fate';
import type { LeadershipSignal } from '../shared/types';
import { t } from '../shared/l10n';
import { clipText } from './untrustedText';

/** How far before the last renewal and after the end evidence still counts. */
export const FATE_WINDOW_BEFORE_MS = 120_000;
export const FATE_WINDOW_AFTER_MS = 120_000;
/** A newer ReplicaSet created at most this long before the end makes the end a rollout's. */
export const ROLLOUT_WINDOW_MS = 15 * 60_000;
/** Most log lines and Events in the evidence. */
export const MAX_FATE_LOG_LINES = 5;
export const MAX_FATE_EVENTS = 8;
const TEXT_MAX = 300;

export interface FateTerm {
  holder: string;
  acquiredAt?: number;
  lastRenewedAt?: number;
  lostAt?: number;
  end?: 'taken-over' | 'released' | 'expired';
}

export interface ContainerEvidence {
  name: string;
  restartCount: number;
  /** lastState.terminated, or state.terminated when it is not running. */
  terminated?: { reason?: string; exitCode?: number; finishedAt?: number; startedAt?: number; current?: boolean };
  waitingReason?: string;
  runningSince?: number;
}

export interface PodEvidence {
  name: string;
  phase?: string;
  reason?: string;
  message?: string;
  deletionTimestamp?: number;
  nodeName?: string;
  containers: ContainerEvidence[];
}

export interface NodeEvidence {
  name: string;
  /** The Ready condition: true, false, or undefined when unknown. */
  ready?: boolean;
  /** When the Ready condition last changed (ms). */
  since?: number;
  reason?: string;
}

export interface EventEvidence {
  at: number;
  kind: string;
  name: string;
  reason: string;
  message: string;
  count?: number;
  type?: string;
}

export interface RolloutEvidence {
  deployment: string;
  replicaSet: string;
  /** The newest other ReplicaSet of the Deployment, when newer than the pod's. */
  newer?: { name: string; createdAt?: number; replicas?: number };
  /** The pod's ReplicaSet's desired replicas now. */
  replicas?: number;
}

export interface LogEvidence {
  at: number;
  text: string;
  signal?: LeadershipSignal;
  /** From the previous container instance. */
  previous: boolean;
}

export interface FateInput {
  term: FateTerm;
  /** The pod's name, when known (found, or guessed from the identity). */
  podName?: string;
  /** The pod's node as last seen, when the pod is gone. */
  nodeName?: string;
  /** The pod now; 'gone' after a 404; 'unknown' when it could not be read (notes say why). */
  pod: PodEvidence | 'gone' | 'unknown';
  /** The pod's node; 'gone' after a 404; undefined when not read (notes say why). */
  node?: NodeEvidence | 'gone';
  events: readonly EventEvidence[];
  rollout?: RolloutEvidence;
  logs: readonly LogEvidence[];
  /** What could not be read, already worded. */
  notes: readonly string[];
  /** No further look is coming. */
  settled: boolean;
}

interface Window {
  from: number;
  to: number;
}

function windowOf(term: FateTerm): Window | undefined {
  const end = term.lostAt ?? term.lastRenewedAt;
  const start = term.lastRenewedAt ?? term.lostAt;
  if (end === undefined || start === undefined) {
    return undefined;
  }
  return { from: Math.min(start, end) - FATE_WINDOW_BEFORE_MS, to: end + FATE_WINDOW_AFTER_MS };
}

const inWindow = (at: number | undefined, w: Window | undefined): boolean =>
  at !== undefined && (w === undefined || (at >= w.from && at <= w.to));

const text = (s: string): string => clipText(s, TEXT_MAX);

function terminatedIn(pod: PodEvidence, w: Window | undefined): ContainerEvidence | undefined {
  let best: ContainerEvidence | undefined;
  for (const c of pod.containers) {
    const at = c.terminated?.finishedAt;
    if (inWindow(at, w) && (best === undefined || (best.terminated?.finishedAt ?? 0) < (at ?? 0))) {
      best = c;
    }
  }
  return best;
}

function eventIn(events: readonly EventEvidence[], w: Window | undefined, ...reasons: string[]): EventEvidence | undefined {
  return events.filter((e) => reasons.includes(e.reason) && inWindow(e.at, w)).sort((a, b) => a.at - b.at)[0];
}

const lossSignals: ReadonlySet<LeadershipSignal> = new Set(['lost', 'renew-failed', 'lock-update-failed', 'lock-get-failed']);

/** The leadership lines up to the end of the window, oldest first, the newest `MAX_FATE_LOG_LINES`. */
function leadershipLines(logs: readonly LogEvidence[], w: Window | undefined): LogEvidence[] {
  const lines = logs.filter((l) => l.signal !== undefined && (w === undefined || l.at <= w.to)).sort((a, b) => a.at - b.at);
  return lines.slice(Math.max(0, lines.length - MAX_FATE_LOG_LINES));
}

function podEvidence(pod: PodEvidence): FateEvidence[] {
  const out: FateEvidence[] = [];
  const state = [pod.phase ?? t('phase unknown'), pod.reason, pod.message]
    .filter((s): s is string => !!s)
    .map(text)
    .join(' · ');
  out.push({ source: 'pod', text: t('Pod {0}: {1}', text(pod.name), state) });
  if (pod.deletionTimestamp !== undefined) {
    out.push({ source: 'pod', at: pod.deletionTimestamp, text: t('Pod {0} is being deleted', text(pod.name)) });
  }
  for (const c of pod.containers) {
    const term = c.terminated;
    if (term) {
      out.push({
        source: 'container',
        at: term.finishedAt,
        text: t(
          'Container {0} terminated: {1}, exit code {2}',
          text(c.name),
          text(term.reason ?? t('no reason')),
          term.exitCode === undefined ? '?' : String(term.exitCode),
        ),
      });
    }
    if (c.waitingReason) {
      out.push({ source: 'container', text: t('Container {0} waiting: {1}', text(c.name), text(c.waitingReason)) });
    } else if (c.runningSince !== undefined) {
      out.push({ source: 'container', at: c.runningSince, text: t('Container {0} running again', text(c.name)) });
    }
    if (c.restartCount > 0) {
      out.push({ source: 'container', text: t('Container {0}: {1} restarts', text(c.name), String(c.restartCount)) });
    }
  }
  return out;
}

function nodeEvidence(node: NodeEvidence | 'gone' | undefined, name: string | undefined): FateEvidence[] {
  if (node === 'gone') {
    return name ? [{ source: 'node', text: t('Node {0} no longer exists', text(name)) }] : [];
  }
  if (node === undefined) {
    return [];
  }
  const state = node.ready === true ? t('Ready') : node.ready === false ? t('NotReady') : t('readiness unknown');
  return [
    {
      source: 'node',
      at: node.since,
      text: t(
        'Node {0}: {1}',
        text(node.name),
        [state, node.reason]
          .filter((s) => !!s)
          .map((s) => text(s!))
          .join(' · '),
      ),
    },
  ];
}

function eventsEvidence(events: readonly EventEvidence[], w: Window | undefined): FateEvidence[] {
  const inside = events.filter((e) => inWindow(e.at, w)).sort((a, b) => a.at - b.at);
  return inside.slice(Math.max(0, inside.length - MAX_FATE_EVENTS)).map((e) => ({
    source: 'event' as const,
    at: e.at,
    text: `${text(e.kind)}/${text(e.name)} ${text(e.reason)}: ${text(e.message)}${e.count !== undefined && e.count > 1 ? ` (×${e.count})` : ''}`,
  }));
}

function rolloutEvidence(r: RolloutEvidence | undefined): FateEvidence[] {
  if (!r) {
    return [];
  }
  if (!r.newer) {
    return [
      { source: 'rollout', text: t('ReplicaSet {0} of Deployment {1}: no newer ReplicaSet', text(r.replicaSet), text(r.deployment)) },
    ];
  }
  return [
    {
      source: 'rollout',
      at: r.newer.createdAt,
      text: t(
        'Deployment {0}: ReplicaSet {1} ({2} replicas) replaced by {3} ({4} replicas)',
        text(r.deployment),
        text(r.replicaSet),
        r.replicas === undefined ? '?' : String(r.replicas),
        text(r.newer.name),
        r.newer.replicas === undefined ? '?' : String(r.newer.replicas),
      ),
    },
  ];
}

function isRollout(r: RolloutEvidence | undefined, term: FateTerm): boolean {
  const created = r?.newer?.createdAt;
  const end = term.lostAt ?? term.lastRenewedAt;
  if (!r?.newer) {
    return false;
  }
  if (created === undefined || end === undefined) {
    return true;
  }
  return created <= end + FATE_WINDOW_AFTER_MS && created >= end - ROLLOUT_WINDOW_MS;
}

/** The fate of one ended term from the evidence about its holder's pod. */
export function deriveFate(input: FateInput): TermFate {
  const { term } = input;
  const w = windowOf(term);
  const pod = typeof input.pod === 'object' ? input.pod : undefined;
  const nodeName = pod?.nodeName ?? input.nodeName ?? (typeof input.node === 'object' ? input.node.name : undefined);
  const fate: TermFate = { holder: term.holder, cause: 'unknown', evidence: [], settled: input.settled };
  if (term.acquiredAt !== undefined) {
    fate.acquiredAt = term.acquiredAt;
  }
  if (term.lostAt !== undefined) {
    fate.lostAt = term.lostAt;
  }
  if (term.end !== undefined) {
    fate.end = term.end;
  }
  const podName = pod?.name ?? input.podName;
  if (podName !== undefined) {
    fate.pod = text(podName);
  }
  if (nodeName !== undefined) {
    fate.node = text(nodeName);
  }

  const lines = leadershipLines(input.logs, w);
  const last = lines.at(-1);
  if (last?.signal !== undefined) {
    fate.lastLog = { at: last.at, text: text(last.text), signal: last.signal, previous: last.previous };
  }

  const set = (cause: FateCause, at?: number): void => {
    fate.cause = cause;
    if (at !== undefined) {
      fate.at = at;
    }
  };
  const evicted = eventIn(input.events, w, 'Evicted');
  const crashed = pod ? terminatedIn(pod, w) : undefined;
  const oomEvent = eventIn(input.events, w, 'OOMKilling');
  const nodeNotReady = eventIn(input.events, w, 'NodeNotReady');
  const node = typeof input.node === 'object' ? input.node : undefined;
  const killing = eventIn(input.events, w, 'Killing');

  if (pod?.reason === 'Evicted' || evicted) {
    set('evicted', evicted?.at);
    fate.reason = 'Evicted';
  } else if (crashed?.terminated) {
    const term_ = crashed.terminated;
    set(term_.reason === 'OOMKilled' ? 'oom-killed' : 'crashed', term_.finishedAt);
    if (term_.reason) {
      fate.reason = text(term_.reason);
    }
    if (term_.exitCode !== undefined) {
      fate.exitCode = term_.exitCode;
    }
    fate.restarted = crashed.runningSince !== undefined || (!term_.current && crashed.restartCount > 0);
    fate.crashLoop = crashed.waitingReason === 'CrashLoopBackOff' || eventIn(input.events, w, 'BackOff') !== undefined;
  } else if (oomEvent) {
    set('oom-killed', oomEvent.at);
    fate.reason = 'OOMKilled';
  } else if (input.node === 'gone' && nodeName !== undefined) {
    set('node-gone');
  } else if ((node?.ready === false && (w === undefined || node.since === undefined || node.since <= w.to)) || nodeNotReady) {
    set('node-not-ready', nodeNotReady?.at ?? node?.since);
  } else if (isRollout(input.rollout, term)) {
    set('rollout', input.rollout?.newer?.createdAt);
    fate.deployment = text(input.rollout!.deployment);
    fate.fromReplicaSet = text(input.rollout!.replicaSet);
    fate.toReplicaSet = text(input.rollout!.newer!.name);
  } else if (input.pod === 'gone' || pod?.deletionTimestamp !== undefined) {
    set('deleted', pod?.deletionTimestamp ?? killing?.at);
  } else if (pod) {
    if (last?.signal !== undefined && lossSignals.has(last.signal)) {
      set('lost-lease', last.at);
    } else {
      set('running');
    }
  }

  const evidence: FateEvidence[] = [];
  if (pod) {
    evidence.push(...podEvidence(pod));
  } else if (input.pod === 'gone' && podName !== undefined) {
    evidence.push({ source: 'pod', text: t('Pod {0} no longer exists', text(podName)) });
  }
  evidence.push(...nodeEvidence(input.node, nodeName));
  evidence.push(...eventsEvidence(input.events, w));
  evidence.push(...rolloutEvidence(input.rollout));
  for (const l of lines) {
    evidence.push({ source: 'log', at: l.at, text: text(l.text), ...(l.previous ? { previous: true } : {}) });
  }
  for (const n of input.notes) {
    evidence.push({ source: 'note', text: text(n) });
  }
  fate.evidence = evidence;
  return fate;
}

const endLabels: Record<NonNullable<TermFate['end']>, () => string> = {
  'taken-over': () => t('taken over'),
  released: () => t('released'),
  expired: () => t('expired'),
};

function exit(fate: TermFate): string {
  return fate.exitCode === undefined ? '' : ` ${t('(exit {0})', String(fate.exitCode))}`;
}

/** The cause in words, without the end: "pod OOMKilled at 15:20:11 (exit 137), restarted". */
export function fateCauseText(fate: TermFate, time: (ms: number) => string): string {
  const at = fate.at;
  const parts: string[] = [];
  switch (fate.cause) {
    case 'oom-killed':
      parts.push((at !== undefined ? t('pod OOMKilled at {0}', time(at)) : t('pod OOMKilled')) + exit(fate));
      break;
    case 'crashed':
      parts.push(
        (at !== undefined
          ? t('container exited at {0} ({1})', time(at), fate.reason ?? 'Error')
          : t('container exited ({0})', fate.reason ?? 'Error')) + exit(fate),
      );
      break;
    case 'evicted':
      parts.push(at !== undefined ? t('pod evicted at {0}', time(at)) : t('pod evicted'));
      break;
    case 'deleted':
      parts.push(at !== undefined ? t('pod deleted at {0}', time(at)) : t('pod deleted'));
      break;
    case 'node-gone':
      parts.push(t('node {0} is gone', fate.node ?? '?'));
      break;
    case 'node-not-ready':
      parts.push(
        at !== undefined ? t('node {0} NotReady since {1}', fate.node ?? '?', time(at)) : t('node {0} NotReady', fate.node ?? '?'),
      );
      break;
    case 'rollout':
      parts.push(
        t(
          'handed over in a rollout of Deployment {0} ({1} → {2})',
          fate.deployment ?? '?',
          fate.fromReplicaSet ?? '?',
          fate.toReplicaSet ?? '?',
        ),
      );
      break;
    case 'lost-lease':
      parts.push(
        fate.lastLog
          ? t('pod still running; its log says “{0}” at {1}', clipText(fate.lastLog.text, 80), time(fate.lastLog.at))
          : t('pod still running; it lost the lease'),
      );
      break;
    case 'running':
      parts.push(t('pod still running, no restart'));
      break;
    case 'unknown':
      parts.push(t('no trace of the pod found'));
      break;
  }
  if (fate.restarted) {
    parts.push(t('restarted'));
  }
  if (fate.crashLoop) {
    parts.push(t('now in CrashLoopBackOff'));
  }
  return parts.join(', ');
}

/** The history's one line: "expired: pod OOMKilled at 15:20:11 (exit 137), restarted". */
export function fateLine(fate: TermFate, time: (ms: number) => string): string {
  const cause = fateCauseText(fate, time);
  return fate.end ? t('{0}: {1}', endLabels[fate.end](), cause) : cause;
}
