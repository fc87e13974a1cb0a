// Holder identity → the pods whose logs tell the story: the holder's pod and every replica of its
// workload (the next leader is among them). Rules, first match wins:
//   selector            a label selector override (leaseLens.podSelectors) picks the pods
//   apiserver-identity  an API server identity lease: the static pod `<identity label>-<node>`
//   holder-pod          a pod named as the identity's hostname (client-go `<hostname>_<uuid>`)
//   static-pod          the hostname is a node: host-network static pod `<lease name>-<node>`
//   pod-name-prefix     the identity starts with a pod name and '-' (cert-manager style)
// Replicas: same controller ownerReference uid; for Deployment pods also the pods of the
// Deployment's other ReplicaSets; for static (Node-owned) pods the same `component` label or name
// prefix on every node.

import type { PodRef, PodResolution } from '../shared/types';
import { parseHolderIdentity, shortHolder } from './identity';
import { parseLabelSelector } from './labelSelector';
import { APISERVER_IDENTITY_LABEL } from './leaseKind';
import { preview } from './untrustedText';
import { t } from '../shared/l10n';

export interface PodSummary {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ownerReferences: { kind: string; name: string; uid: string; controller?: boolean }[];
  nodeName?: string;
  phase?: string;
  containers: string[];
  restarts: number;
  deleting?: boolean;
}

export interface CandidateLease {
  namespace: string;
  name: string;
  /** The holder, or for a released lease the last known holder. */
  holderIdentity?: string;
  /** The Lease's labels; lets API server identity leases find their kube-apiserver pod. */
  labels?: Record<string, string>;
}

export interface CandidateInput {
  lease: CandidateLease;
  /** The pods to choose from, normally those of the Lease's namespace. */
  pods: PodSummary[];
  /** A label selector override; blank means none. */
  selector?: string;
}

export type CandidateRule = 'selector' | 'apiserver-identity' | 'holder-pod' | 'static-pod' | 'pod-name-prefix';

export interface CandidateResult {
  resolution: PodResolution;
  /** Holder first, then by namespace and name. */
  pods: PodRef[];
  /** Why nothing was found, and what to do ('none' and 'error' only). */
  message?: string;
  /** Which rule found the pods. */
  rule?: CandidateRule;
  /** What the candidates have in common, e.g. "Deployment payments-api", "static pods kube-scheduler". */
  workload?: string;
}

interface Located {
  pod: PodSummary;
  rule: Exclude<CandidateRule, 'selector'>;
  /** For static pods: the name prefix shared by the replicas, with its trailing '-'. */
  staticPrefix?: string;
}

interface Group {
  pods: PodSummary[];
  workload: string;
}

const SAFE_HASH = /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/;

function label(labels: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function controllerOwner(pod: PodSummary): PodSummary['ownerReferences'][number] | undefined {
  return pod.ownerReferences.find((o) => o.controller === true) ?? pod.ownerReferences[0];
}

function isNodeOwned(pod: PodSummary): boolean {
  return pod.ownerReferences.some((o) => o.kind === 'Node');
}

/** The pod named `name`, preferring `namespace`, then the first namespace in order. */
function findByName(pods: PodSummary[], name: string, namespace: string): PodSummary | undefined {
  let elsewhere: PodSummary | undefined;
  for (const pod of pods) {
    if (pod.name !== name) {
      continue;
    }
    if (pod.namespace === namespace) {
      return pod;
    }
    if (elsewhere === undefined || pod.namespace < elsewhere.namespace) {
      elsewhere = pod;
    }
  }
  return elsewhere;
}

/** The Deployment a ReplicaSet-owned pod belongs to: its ReplicaSet name without `-<pod-template-hash>`. */
function deploymentOf(pod: PodSummary, replicaSet: string): string | undefined {
  const hash = label(pod.labels, 'pod-template-hash');
  if (hash !== undefined) {
    return hash !== '' && replicaSet.length > hash.length + 1 && replicaSet.endsWith(`-${hash}`)
      ? replicaSet.slice(0, replicaSet.length - hash.length - 1)
      : undefined;
  }
  const dash = replicaSet.lastIndexOf('-');
  return dash > 0 && SAFE_HASH.test(replicaSet.slice(dash + 1)) ? replicaSet.slice(0, dash) : undefined;
}

function staticPrefixOf(pod: PodSummary): string {
  const node = pod.nodeName;
  if (node !== undefined && node !== '' && pod.name.length > node.length + 1 && pod.name.endsWith(`-${node}`)) {
    return pod.name.slice(0, pod.name.length - node.length);
  }
  return `${pod.name}-`;
}

function staticGroup(holder: PodSummary, pods: PodSummary[], prefix: string): Group {
  const component = label(holder.labels, 'component');
  const members = pods.filter(
    (p) =>
      p.namespace === holder.namespace &&
      isNodeOwned(p) &&
      ((component !== undefined && label(p.labels, 'component') === component) || p.name.startsWith(prefix)),
  );
  return { pods: [holder, ...members], workload: `static pods ${component ?? prefix.slice(0, -1)}` };
}

function replicasOf(located: Located, pods: PodSummary[]): Group {
  const holder = located.pod;
  const owner = controllerOwner(holder);
  if (owner === undefined) {
    return { pods: [holder], workload: `pod ${holder.name}` };
  }
  if (owner.kind === 'Node') {
    return staticGroup(holder, pods, located.staticPrefix ?? staticPrefixOf(holder));
  }
  const sameNamespace = pods.filter((p) => p.namespace === holder.namespace);
  if (owner.kind === 'ReplicaSet') {
    const deployment = deploymentOf(holder, owner.name);
    if (deployment !== undefined) {
      const members = sameNamespace.filter((p) => {
        const o = controllerOwner(p);
        return o !== undefined && (o.uid === owner.uid || (o.kind === 'ReplicaSet' && deploymentOf(p, o.name) === deployment));
      });
      return { pods: [holder, ...members], workload: `Deployment ${deployment}` };
    }
  }
  const members = sameNamespace.filter((p) => controllerOwner(p)?.uid === owner.uid);
  return { pods: [holder, ...members], workload: `${owner.kind} ${owner.name}` };
}

/** Identity base (without `_<uuid>`) lower-cased, for prefix matching. */
function identityBase(identity: string, uuid: string | undefined): string {
  return (uuid === undefined ? identity : identity.slice(0, identity.length - uuid.length - 1)).toLowerCase();
}

function locateHolder(lease: CandidateLease, pods: PodSummary[]): { located?: Located; tried: string[] } {
  const tried: string[] = [];
  const labels = lease.labels ?? {};
  const apiserver = label(labels, APISERVER_IDENTITY_LABEL);
  const apiserverNode = label(labels, 'kubernetes.io/hostname');
  if (apiserver !== undefined && apiserver !== '' && apiserverNode !== undefined && apiserverNode !== '') {
    const name = `${apiserver}-${apiserverNode}`;
    tried.push(name);
    const pod = findByName(pods, name, lease.namespace);
    if (pod !== undefined) {
      return { located: { pod, rule: 'apiserver-identity', staticPrefix: `${apiserver}-` }, tried };
    }
    // The identity (`apiserver-<hash>_<uuid>`) names no pod: nothing else to try.
    return { tried };
  }

  const identity = lease.holderIdentity ?? '';
  if (identity === '') {
    return { tried };
  }
  const parsed = parseHolderIdentity(identity);
  const hostname = parsed.hostname?.toLowerCase();
  if (hostname !== undefined) {
    tried.push(hostname);
    const named = findByName(pods, hostname, lease.namespace);
    if (named !== undefined) {
      return { located: { pod: named, rule: 'holder-pod' }, tried };
    }
    const staticName = `${lease.name}-${hostname}`;
    tried.push(staticName);
    const onNode =
      findByName(pods, staticName, lease.namespace) ??
      pods.find((p) => p.nodeName === hostname && isNodeOwned(p) && label(p.labels, 'component') === lease.name);
    if (onNode !== undefined) {
      return { located: { pod: onNode, rule: 'static-pod', staticPrefix: `${lease.name}-` }, tried };
    }
  }

  const base = identityBase(identity, parsed.uuid);
  let best: PodSummary | undefined;
  for (const pod of pods) {
    if (pod.name.length === 0 || isNodeOwned(pod) || !base.startsWith(`${pod.name}-`)) {
      continue;
    }
    const better =
      best === undefined ||
      pod.name.length > best.name.length ||
      (pod.name.length === best.name.length && pod.namespace === lease.namespace && best.namespace !== lease.namespace);
    if (better) {
      best = pod;
    }
  }
  return best === undefined ? { tried } : { located: { pod: best, rule: 'pod-name-prefix' }, tried };
}

function toRef(pod: PodSummary, holder: boolean): PodRef {
  const ref: PodRef = { namespace: pod.namespace, name: pod.name, containers: [...pod.containers], holder, restarts: pod.restarts };
  if (pod.nodeName !== undefined) {
    ref.node = pod.nodeName;
  }
  if (pod.phase !== undefined) {
    ref.phase = pod.phase;
  }
  return ref;
}

function compareRefs(a: PodRef, b: PodRef): number {
  if (a.holder !== b.holder) {
    return a.holder ? -1 : 1;
  }
  if (a.namespace !== b.namespace) {
    return a.namespace < b.namespace ? -1 : 1;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function found(pods: PodSummary[], holder: PodSummary | undefined, rule: CandidateRule, workload: string): CandidateResult {
  const unique = [...new Set(pods)];
  const refs = unique.map((p) => toRef(p, p === holder)).sort(compareRefs);
  return { resolution: 'found', pods: refs, rule, workload };
}

export function resolveCandidatePods(input: CandidateInput): CandidateResult {
  const { lease, pods } = input;
  const setting = `leaseLens.podSelectors["${lease.namespace}/${lease.name}"]`;
  const hint = t('set {0} to a label selector', setting);
  const { located, tried } = locateHolder(lease, pods);

  if (input.selector !== undefined && input.selector.trim() !== '') {
    const selector = parseLabelSelector(input.selector);
    if (!selector.ok) {
      return {
        resolution: 'error',
        pods: [],
        rule: 'selector',
        message: t('{0} is not a valid label selector: {1}', setting, selector.error),
      };
    }
    const matched = pods.filter((p) => selector.matches(p.labels));
    if (matched.length === 0) {
      return {
        resolution: 'none',
        pods: [],
        rule: 'selector',
        message: t('No pod matches the label selector "{0}" of {1}', preview(input.selector, 120), setting),
      };
    }
    return found(matched, located?.pod, 'selector', `pods matching ${preview(input.selector.trim(), 120)}`);
  }

  if (located !== undefined) {
    const group = replicasOf(located, pods);
    return found(group.pods, located.pod, located.rule, group.workload);
  }

  const identity = lease.holderIdentity ?? '';
  let message: string;
  if (tried.length > 0) {
    message = t('No pod named {0} in {1}; {2}', tried.join(t(' or ')), lease.namespace, hint);
  } else if (identity === '') {
    message = t('{0}/{1} has no holder, so no pod to follow; {2}', lease.namespace, lease.name, hint);
  } else {
    message = t('Holder identity "{0}" does not name a pod; {1}', shortHolder(identity), hint);
  }
  return { resolution: 'none', pods: [], message };
}
