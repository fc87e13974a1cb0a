// Builders for what tests feed the product: Kubernetes objects as an API server stores and sends
// them (Lease, Pod), and the protocol values the product makes of them. A LeaseInfo is never
// written by hand: it is a Kubernetes Lease put through the server's own conversion
// (src/server/leases/convert.ts), so a test holds what the protocol really carries.
// A followed Lease's picture (FollowSnapshot, pods, log lines): followSnapshots.ts; kubeconfig
// files: kubeconfig.ts; the files of test/fixtures: fixtures.ts.
import assert from 'node:assert/strict';
import { formatMicroTime, parseMicroTime } from '../../src/core/microTime';
import { toLeaseInfo } from '../../src/server/leases/convert';
import type { LeaseBatch, LeaseSnapshot } from '../../src/shared/protocol';
import type { ContextState, KubeconfigState, LeaseInfo, LeaseSpec } from '../../src/shared/types';
import { fixtureLeaseObjects } from './fixtures';

// ------------------------------------------------------------------------------------------ times

/** Parses a MicroTime the test knows is valid. */
export function at(s: string): number {
  const t = parseMicroTime(s);
  assert.ok(t !== undefined, `test time ${s} must parse`);
  return t;
}

/** A MicroTime (six fractional digits) for ms since the epoch: the product's own formatter. */
export function microTime(ms: number): string {
  return formatMicroTime(ms);
}

/** The kube-scheduler Lease's renewTime in test/fixtures/leases.json: "now" for fixture tests. */
export const schedulerRenew = at('2026-11-21T00:41:17.924123Z');

// ----------------------------------------------------------------------------- Kubernetes objects

export interface LeaseMetadata {
  name: string;
  namespace: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
}

/** A coordination.k8s.io/v1 Lease; list items (leases.json) carry no kind or apiVersion. */
export interface LeaseObject {
  apiVersion?: string;
  kind?: string;
  metadata: LeaseMetadata;
  spec: LeaseSpec;
}

/** A Lease with this metadata and spec, as the API server returns it. */
export function kubeLease(metadata: LeaseMetadata, spec: LeaseSpec): LeaseObject {
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec };
}

export interface LeaseSeed {
  namespace: string;
  name: string;
  holder?: string;
  durationSeconds?: number;
  transitions?: number;
  /** ms since the epoch; now when absent */
  acquireTime?: number;
  /** ms since the epoch; now when absent */
  renewTime?: number;
  labels?: Record<string, string>;
}

/** A Lease for a local API server's store: acquired and renewed now unless told otherwise. */
export function leaseObject(seed: LeaseSeed): LeaseObject {
  const now = Date.now();
  return kubeLease(
    { name: seed.name, namespace: seed.namespace, labels: seed.labels },
    {
      holderIdentity: seed.holder,
      leaseDurationSeconds: seed.durationSeconds ?? 15,
      acquireTime: microTime(seed.acquireTime ?? now),
      renewTime: microTime(seed.renewTime ?? now),
      leaseTransitions: seed.transitions ?? 0,
    },
  );
}

/** A running Pod (phase, ready containers), optionally owned by a controller. */
export function podObject(opts: {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  owner?: { kind: string; name: string; uid: string };
  node?: string;
  containers?: string[];
}): Record<string, unknown> {
  const containers = opts.containers ?? ['manager'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: opts.name,
      namespace: opts.namespace,
      labels: opts.labels ?? {},
      ownerReferences: opts.owner ? [{ apiVersion: 'apps/v1', ...opts.owner, controller: true }] : [],
    },
    spec: { nodeName: opts.node ?? 'node-1', containers: containers.map((name) => ({ name })) },
    status: { phase: 'Running', containerStatuses: containers.map((name) => ({ name, restartCount: 0, ready: true })) },
  };
}

// -------------------------------------------------------------------------------- protocol values

/** What the Lease server sends for `lease`, seen in `context` at `observedAt` (its own conversion). */
export function toInfo(lease: LeaseObject, context: string, observedAt: number): LeaseInfo {
  const info = toLeaseInfo({ metadata: lease.metadata, spec: { ...lease.spec } }, context, observedAt);
  assert.ok(info, `the test Lease ${lease.metadata.namespace}/${lease.metadata.name} converts`);
  return info;
}

export interface LeaseInfoMeta extends Partial<LeaseMetadata> {
  context?: string;
}

let version = 0;

/**
 * The LeaseInfo of a Lease with `spec`, observed at `observedAt`. Unless `meta` says otherwise:
 * context `ctx`, namespace `ns`, name `lease`, uid `uid-<name>` and a new resourceVersion each time.
 */
export function leaseInfo(spec: LeaseSpec, observedAt: number, meta: LeaseInfoMeta = {}): LeaseInfo {
  const { context = 'ctx', namespace = 'ns', name = 'lease', ...rest } = meta;
  return toInfo(kubeLease({ name, namespace, uid: `uid-${name}`, resourceVersion: String(++version), ...rest }, spec), context, observedAt);
}

/**
 * The Leases of test/fixtures/leases.json as the server sends them for `context`, each observed
 * when its holder last renewed (no clock skew); one never renewed, a minute before schedulerRenew.
 */
export function fixtureLeases(context: string): LeaseInfo[] {
  return fixtureLeaseObjects().map((l) => toInfo(l, context, parseMicroTime(l.spec.renewTime) ?? schedulerRenew - 60_000));
}

/** One Lease of leases.json, as the server sends it for `context`, observed at `observedAt`. */
export function fixtureLease(namespace: string, name: string, context: string, observedAt: number): LeaseInfo {
  const lease = fixtureLeaseObjects().find((l) => l.metadata.namespace === namespace && l.metadata.name === name);
  assert.ok(lease, `leases.json holds ${namespace}/${name}`);
  return toInfo(lease, context, observedAt);
}

export function contextState(context: string, patch: Partial<ContextState> = {}): ContextState {
  return { context, current: false, phase: 'connected', synced: true, forbiddenNamespaces: [], ...patch };
}

export function kubeconfigState(contexts: ContextState[], patch: Partial<KubeconfigState> = {}): KubeconfigState {
  return {
    files: ['/home/me/.kube/config'],
    currentContext: contexts.find((c) => c.current)?.context,
    contexts,
    problems: [],
    ...patch,
  };
}

export function leaseSnapshot(context: string, leases: LeaseInfo[], state: Partial<ContextState> = {}): LeaseSnapshot {
  return { context, state: contextState(context, state), leases };
}

export function leaseBatch(context: string, deltas: LeaseBatch['deltas'], reset = false): LeaseBatch {
  return { context, deltas, reset, sentAt: schedulerRenew };
}
