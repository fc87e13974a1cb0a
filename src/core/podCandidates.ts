// Holder identity → the pods whose logs tell the story: the holder's pod and every replica of its
// workload (the next leader is among them). Rules, first match wins:
//   selector            a label selector override (leaseLens.podSelectors) picks the pods
//   apiserver-identity  an API server identity lease: the static pod `<identity label>-<node>`
//   holder-pod          a pod named as the identity's hostname (client-go `<hostname>_<uuid>`;
//                       fabric8, Spring Cloud Kubernetes, kube-rs: the pod name / HOSTNAME)
//   user-at-host        kopf-style `<user>@<host>/<pid>…`: a pod named as the host
//   static-pod          the hostname is a node: host-network static pod `<lease name>-<node>`
//   host-network-node   the hostname is a node: a host-network pod (DaemonSet first) on it
//   pod-ip              the identity is an IP (`10.0.0.5`, `:port`, `10-0-0-5.ns.pod`): the pod with it
//   pod-name-prefix     the identity starts with a pod name and '-' (cert-manager, kube-rs `<pod>-<x>`)
//   pod-name-token      the longest pod name inside the identity as a whole word (`controller-<pod>`,
//                       `<pod>.<ns>.svc`, StatefulSet `web-0.web.ns.svc.cluster.local`, `<pod>_<uuid>_x`)
// Candidate pods may live in other namespaces than the Lease's: those of leaseLens.podNamespaces, and
// the one where a search by name found the holder's pod (`podSearchNames` says which names and
// namespaces an identity suggests; the server does the search). The message then says where and why.
// When none matches, the result lists the rules tried (`tried`, with the namespaces searched) and the
// message says them.
// Replicas: same controller ownerReference uid; for Deployment pods also the pods of the
// Deployment's other ReplicaSets; for static (Node-owned) pods the same `component` label or name
// prefix on every node.

import type { PodRef, PodResolution } from '../shared/types';
import { identityAddress, identityUserHost, isIpAddress, looksLikeHostname, parseHolderIdentity, shortHolder } from './identity';
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
  /** status.podIPs (or status.podIP), for identities that are an IP. */
  podIPs?: string[];
  /** spec.hostNetwork: the pod's hostname is its node's name. */
  hostNetwork?: boolean;
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
  /** The namespaces `pods` were listed from besides the Lease's (leaseLens.podNamespaces, a search's find). */
  namespaces?: readonly string[];
  /** Of those, the namespaces the user named in leaseLens.podNamespaces for this Lease. */
  settingNamespaces?: readonly string[];
  /** The search by name for the holder's pod in other namespaces, when one ran. */
  search?: PodNameSearch;
}

/** A search for the holder's pod by name in namespaces other than the ones listed. */
export interface PodNameSearch {
  /** The pod names looked for (from podSearchNames). */
  names: readonly string[];
  /** The namespaces searched, in order. */
  namespaces: readonly string[];
  /** Namespaces left out by the bound. */
  skipped: number;
  /** True when the namespaces came from listing them; false: from the settings (listing is forbidden). */
  listed: boolean;
  /** Still running. */
  running?: boolean;
  /** The namespace where a pod of one of the names was found. */
  foundIn?: string;
}

export type CandidateRule =
  | 'selector'
  | 'apiserver-identity'
  | 'holder-pod'
  | 'user-at-host'
  | 'static-pod'
  | 'host-network-node'
  | 'pod-ip'
  | 'pod-name-prefix'
  | 'pod-name-token'
  | 'other-namespaces';

/** A rule tried on the holder identity, and what it looked for (localised, untrusted parts clipped). */
export interface CandidateAttempt {
  rule: Exclude<CandidateRule, 'selector'>;
  text: string;
}

export interface CandidateResult {
  resolution: PodResolution;
  /** Holder first, then by namespace and name. */
  pods: PodRef[];
  /** Why nothing was found, and what to do ('none' and 'error' only). */
  message?: string;
  /** Which rule found the pods. */
  rule?: CandidateRule;
  /** When no rule found the holder's pod (resolution 'none'): the rules tried, in order. */
  tried?: CandidateAttempt[];
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

/** Longest identity prefix searched for pod names as words; pod names have at most 253 characters. */
const TOKEN_SEARCH_MAX = 1024;
const WORD_CHAR = /[a-z0-9]/;

/** Value parts of an attempt's text: printable and short. */
function shown(s: string): string {
  return preview(s, 60);
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD_CHAR.test(c);
}

/** True when `name` occurs in `text` with no letter or digit right before or after it. */
function containsAsWord(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + name.length])) {
      return true;
    }
  }
  return false;
}

/** The lease name's words contain `name`'s, or the reverse (a DaemonSet `foo-agent` for a Lease `foo-agent-lock`). */
function relatedToLease(name: string | undefined, leaseName: string): boolean {
  return name !== undefined && name !== '' && (containsAsWord(leaseName, name) || containsAsWord(name, leaseName));
}

/**
 * The likeliest holder among pods that all fit a rule (several host-network pods on one node share
 * the node's name and IP): a live pod, related to the Lease by its owner's name, a DaemonSet's, in
 * the Lease's namespace, then by name.
 */
function likeliest(pods: PodSummary[], lease: CandidateLease): PodSummary | undefined {
  const leaseName = lease.name.toLowerCase();
  const score = (p: PodSummary): number => {
    const owner = controllerOwner(p);
    return (
      (p.deleting === true ? 0 : 16) +
      (p.phase === 'Succeeded' || p.phase === 'Failed' ? 0 : 8) +
      (relatedToLease(owner?.name.toLowerCase(), leaseName) || relatedToLease(p.name, leaseName) ? 4 : 0) +
      (owner?.kind === 'DaemonSet' ? 2 : 0) +
      (p.namespace === lease.namespace ? 1 : 0)
    );
  };
  let best: PodSummary | undefined;
  let bestScore = -1;
  for (const pod of pods) {
    const s = score(pod);
    if (s > bestScore || (s === bestScore && best !== undefined && pod.name < best.name)) {
      best = pod;
      bestScore = s;
    }
  }
  return best;
}

interface Search {
  lease: CandidateLease;
  pods: PodSummary[];
  tried: CandidateAttempt[];
}

/** The rules that read a host name (client-go's hostname or a `user@host` host). */
function byHost(search: Search, host: string, rule: 'holder-pod' | 'user-at-host'): Located | undefined {
  const { lease, pods, tried } = search;
  tried.push({
    rule,
    text: rule === 'holder-pod' ? t('pod named {0}', shown(host)) : t('pod named {0} (the host after @)', shown(host)),
  });
  const named = findByName(pods, host, lease.namespace);
  if (named !== undefined) {
    return { pod: named, rule };
  }
  const staticName = `${lease.name}-${host}`;
  tried.push({ rule: 'static-pod', text: t('static pod {0} on node {1}', shown(staticName), shown(host)) });
  const onNode =
    findByName(pods, staticName, lease.namespace) ??
    pods.find((p) => p.nodeName === host && isNodeOwned(p) && label(p.labels, 'component') === lease.name);
  if (onNode !== undefined) {
    return { pod: onNode, rule: 'static-pod', staticPrefix: `${lease.name}-` };
  }
  tried.push({ rule: 'host-network-node', text: t('host-network pod on node {0}', shown(host)) });
  const hostNetwork = likeliest(
    pods.filter((p) => p.hostNetwork === true && p.nodeName === host && !isNodeOwned(p)),
    lease,
  );
  return hostNetwork === undefined ? undefined : { pod: hostNetwork, rule: 'host-network-node' };
}

function byAddress(search: Search, address: string): Located | undefined {
  search.tried.push({ rule: 'pod-ip', text: t('pod with IP {0}', shown(address)) });
  const pod = likeliest(
    search.pods.filter((p) => p.podIPs?.some((ip) => ip.toLowerCase() === address) === true),
    search.lease,
  );
  return pod === undefined ? undefined : { pod, rule: 'pod-ip' };
}

function byPrefix(search: Search, base: string): Located | undefined {
  const { lease, pods, tried } = search;
  tried.push({ rule: 'pod-name-prefix', text: t('pod name at the start of the identity') });
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
  return best === undefined ? undefined : { pod: best, rule: 'pod-name-prefix' };
}

function byWord(search: Search, identity: string): Located | undefined {
  const { lease, pods, tried } = search;
  tried.push({ rule: 'pod-name-token', text: t('pod name as a word in the identity') });
  const text = identity.slice(0, TOKEN_SEARCH_MAX).toLowerCase();
  let best: PodSummary | undefined;
  for (const pod of pods) {
    if (pod.name.length === 0 || (best !== undefined && pod.name.length < best.name.length) || !containsAsWord(text, pod.name)) {
      continue;
    }
    const better =
      best === undefined ||
      pod.name.length > best.name.length ||
      (pod.namespace === lease.namespace && best.namespace !== lease.namespace) ||
      (pod.namespace === best.namespace && pod.name < best.name);
    if (better) {
      best = pod;
    }
  }
  return best === undefined ? undefined : { pod: best, rule: 'pod-name-token' };
}

function locateHolder(lease: CandidateLease, pods: PodSummary[]): { located?: Located; tried: CandidateAttempt[] } {
  const tried: CandidateAttempt[] = [];
  const labels = lease.labels ?? {};
  const apiserver = label(labels, APISERVER_IDENTITY_LABEL);
  const apiserverNode = label(labels, 'kubernetes.io/hostname');
  if (apiserver !== undefined && apiserver !== '' && apiserverNode !== undefined && apiserverNode !== '') {
    const name = `${apiserver}-${apiserverNode}`;
    tried.push({ rule: 'apiserver-identity', text: t('API server pod {0}', shown(name)) });
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
  const search: Search = { lease, pods, tried };
  const parsed = parseHolderIdentity(identity);
  const address = identityAddress(identity);
  const hostname = parsed.hostname?.toLowerCase();
  const userHost = hostname === undefined ? identityUserHost(identity) : undefined;
  // An IP is looked up as an IP first (a node may still be named like one).
  const located =
    (address !== undefined ? byAddress(search, address) : undefined) ??
    (hostname !== undefined ? byHost(search, hostname, 'holder-pod') : undefined) ??
    (userHost !== undefined && isIpAddress(userHost) ? byAddress(search, userHost) : undefined) ??
    (userHost !== undefined && !isIpAddress(userHost) ? byHost(search, userHost, 'user-at-host') : undefined) ??
    byPrefix(search, identityBase(identity, parsed.uuid)) ??
    byWord(search, identity);
  return located === undefined ? { tried } : { located, tried };
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

/** At most this many pod names are searched for. */
const MAX_SEARCH_NAMES = 3;
/** At most this many namespaces are shown by name in a message. */
const SHOWN_NAMESPACES = 12;
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The pod names a holder identity could be, for a search by name in other namespaces (the
 * hostname of `<hostname>_<uuid>`, the host of `user@host`, and the first label of a dotted one
 * such as `web-0.web.ns.svc`), and the namespaces the identity itself names (the label before
 * `svc`). Nothing for an IP, an API server identity lease or an empty holder.
 */
export function podSearchNames(lease: CandidateLease): { names: string[]; namespaces: string[] } {
  const labels = lease.labels ?? {};
  const identity = lease.holderIdentity ?? '';
  if (identity === '' || label(labels, APISERVER_IDENTITY_LABEL) !== undefined || identityAddress(identity) !== undefined) {
    return { names: [], namespaces: [] };
  }
  const hosts = [parseHolderIdentity(identity).hostname?.toLowerCase(), identityUserHost(identity)].filter(
    (h): h is string => h !== undefined && !isIpAddress(h) && looksLikeHostname(h),
  );
  const names: string[] = [];
  const namespaces: string[] = [];
  for (const host of hosts) {
    const parts = host.split('.');
    for (const name of [host, parts[0] ?? '']) {
      if (name !== '' && !names.includes(name)) {
        names.push(name);
      }
    }
    const svc = parts.indexOf('svc');
    const ns = svc >= 2 ? parts[svc - 1] : undefined;
    if (ns !== undefined && NAMESPACE.test(ns) && !namespaces.includes(ns)) {
      namespaces.push(ns);
    }
  }
  return { names: names.slice(0, MAX_SEARCH_NAMES), namespaces };
}

/** Namespaces for a message: the first few, then how many more. */
function namespaceList(namespaces: readonly string[], more = 0): string {
  const shownNames = namespaces.slice(0, SHOWN_NAMESPACES).map((n) => shown(n));
  const rest = namespaces.length - shownNames.length + more;
  return rest > 0 ? t('{0} and {1} more', shownNames.join(', '), rest) : shownNames.join(', ');
}

/** Why the holder's pod is in another namespace than the Lease's (undefined when it is not). */
function whereFound(input: CandidateInput, holder: PodSummary | undefined): string | undefined {
  const { lease } = input;
  if (holder === undefined || holder.namespace === lease.namespace) {
    return undefined;
  }
  const pod = shown(holder.name);
  const ns = shown(holder.namespace);
  if (input.settingNamespaces?.includes(holder.namespace) === true) {
    return t(
      'The holder’s pod {0} and its replicas are in namespace {1}, which leaseLens.podNamespaces["{2}"] names.',
      pod,
      ns,
      `${lease.namespace}/${lease.name}`,
    );
  }
  if (input.search?.foundIn === holder.namespace) {
    return t(
      'The holder’s pod {0} and its replicas are in namespace {1}: no pod in {2} matched the holder, so Lease Lens looked for a pod named {0} in {3} and found it there.',
      pod,
      ns,
      lease.namespace,
      input.search.listed ? t('the namespaces you may list') : t('the namespaces of the settings'),
    );
  }
  return t('The holder’s pod {0} and its replicas are in namespace {1}.', pod, ns);
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
    const result = found(group.pods, located.pod, located.rule, group.workload);
    const where = whereFound(input, located.pod);
    return where === undefined ? result : { ...result, message: where };
  }

  const identity = lease.holderIdentity ?? '';
  if (identity === '' && tried.length === 0) {
    return {
      resolution: 'none',
      pods: [],
      message: t('{0}/{1} has no holder, so no pod to follow; {2}', lease.namespace, lease.name, hint),
    };
  }
  const holder = identity === '' ? `${lease.namespace}/${lease.name}` : shortHolder(identity);
  const listedIn = namespaceList([lease.namespace, ...(input.namespaces ?? []).filter((n) => n !== lease.namespace)]);
  const search = input.search;
  if (search?.running === true) {
    return {
      resolution: 'resolving',
      pods: [],
      message: t(
        'No pod in {0} matches holder "{1}"; looking for a pod named {2} in other namespaces…',
        listedIn,
        holder,
        search.names.map(shown).join(', '),
      ),
    };
  }
  if (search !== undefined && search.names.length > 0) {
    const names = search.names.map(shown).join(t(' or '));
    tried.push({
      rule: 'other-namespaces',
      text:
        search.namespaces.length === 0
          ? search.listed
            ? t('pod named {0} in other namespaces (there are none you may list)', names)
            : t('pod named {0} in other namespaces (none listed: you may not list namespaces; name them in leaseLens.namespaces)', names)
          : search.listed
            ? t('pod named {0} in the other namespaces you may list: {1}', names, namespaceList(search.namespaces, search.skipped))
            : t(
                'pod named {0} in the namespaces of the settings (you may not list namespaces): {1}',
                names,
                namespaceList(search.namespaces, search.skipped),
              ),
    });
  }
  const rules = tried.map((a) => a.text).join('; ');
  return {
    resolution: 'none',
    pods: [],
    tried,
    message: t('No pod found for holder "{0}" in {1}. Tried: {2}. To choose the pods, {3}', holder, listedIn, rules, hint),
  };
}
