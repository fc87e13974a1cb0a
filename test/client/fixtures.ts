// Protocol messages for the extension-host tests, built from test/fixtures/leases.json as the Lease
// server would send them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { leaseKindOf } from '../../src/core/leaseKind';
import { parseMicroTime } from '../../src/core/microTime';
import type { LeaseBatch, LeaseSnapshot } from '../../src/shared/protocol';
import type { ContextState, KubeconfigState, LeaseInfo, LeaseSpec } from '../../src/shared/types';
import { repoPath } from '../../harness/repoRoot';

interface RawLease {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
  };
  spec: LeaseSpec;
}

export function rawLeases(): RawLease[] {
  const text = readFileSync(repoPath('test', 'fixtures', 'leases.json'), 'utf8');
  return (JSON.parse(text) as { items: RawLease[] }).items;
}

export function at(s: string): number {
  const t = parseMicroTime(s);
  assert.ok(t !== undefined, `test time ${s} must parse`);
  return t;
}

/** The kube-scheduler lease's renewTime in the fixture. */
export const schedulerRenew = at('2026-11-21T00:41:17.924123Z');

export function toLeaseInfo(raw: RawLease, context: string, observedAt?: number): LeaseInfo {
  const m = raw.metadata;
  const labels = m.labels ?? {};
  return {
    key: `${context}/${m.namespace}/${m.name}`,
    context,
    namespace: m.namespace,
    name: m.name,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp,
    labels,
    kind: leaseKindOf(m.namespace, labels),
    spec: raw.spec,
    // The server stamps arrival; here: when the holder last renewed (no clock skew).
    observedAt: observedAt ?? parseMicroTime(raw.spec.renewTime) ?? schedulerRenew - 60_000,
  };
}

export function fixtureLeases(context: string): LeaseInfo[] {
  return rawLeases().map((raw) => toLeaseInfo(raw, context));
}

export function lease(context: string, namespace: string, name: string, spec: LeaseSpec, observedAt = schedulerRenew): LeaseInfo {
  return toLeaseInfo({ metadata: { name, namespace, uid: `uid-${name}`, resourceVersion: '1' }, spec }, context, observedAt);
}

export function contextState(context: string, patch: Partial<ContextState> = {}): ContextState {
  return { context, current: false, phase: 'connected', synced: true, forbiddenNamespaces: [], ...patch };
}

export function kubeconfig(contexts: ContextState[], patch: Partial<KubeconfigState> = {}): KubeconfigState {
  return {
    files: ['/home/me/.kube/config'],
    currentContext: contexts.find((c) => c.current)?.context,
    contexts,
    problems: [],
    ...patch,
  };
}

export function snapshot(context: string, leases: LeaseInfo[], state: Partial<ContextState> = {}): LeaseSnapshot {
  return { context, state: contextState(context, state), leases };
}

export function batch(context: string, deltas: LeaseBatch['deltas'], reset = false): LeaseBatch {
  return { context, deltas, reset, sentAt: schedulerRenew };
}
