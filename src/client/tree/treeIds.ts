// Stable ids of the rows of the Leases view. A Lease row's id is its LeaseKey
// (`context/namespace/name`); every other row's id ends in `#<kind>`, which no LeaseKey can: the
// part after a LeaseKey's last '/' is a Lease name, and Kubernetes names never contain '#'.
// Stable ids let VS Code keep expanded rows expanded across refreshes and reloads.
import { nodeLeaseNamespace } from '../../shared/constants';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';

export { nodeLeaseNamespace };

/** Messages shown as rows under a context. */
export type ContextMessageKind = 'loading' | 'error' | 'hint' | 'empty' | 'no-match';

export type TreeId =
  | { kind: 'server' }
  | { kind: 'no-contexts' }
  | { kind: 'problem'; index: number }
  | { kind: 'context'; context: string }
  | { kind: 'message'; context: string; message: ContextMessageKind }
  | { kind: 'namespace'; context: string; namespace: string }
  | { kind: 'node-count'; context: string }
  | { kind: 'forbidden'; context: string; namespace: string }
  | { kind: 'lease'; key: LeaseKey; context: string; namespace: string; name: string }
  | { kind: 'candidate'; key: LeaseKey; context: string; namespace: string; name: string; candidate: string };

export const treeId = {
  server: '#server',
  noContexts: '#no-contexts',
  problem: (index: number): string => `#problem:${index}`,
  context: (context: string): string => `${context}#context`,
  message: (context: string, message: ContextMessageKind): string => `${context}#message:${message}`,
  namespace: (context: string, namespace: string): string => `${context}/${namespace}#namespace`,
  nodeCount: (context: string): string => `${context}/${nodeLeaseNamespace}#node-count`,
  forbidden: (context: string, namespace: string): string => `${context}/${namespace}#forbidden`,
  lease: (key: LeaseKey): string => key,
  /** A LeaseCandidate of a coordinated election, under its Lease (candidate names never hold '#' or '/'). */
  candidate: (key: LeaseKey, candidate: string): string => `${key}#candidate:${candidate}`,
};

const messageKinds: ReadonlySet<string> = new Set<ContextMessageKind>(['loading', 'error', 'hint', 'empty', 'no-match']);

function splitNamespace(head: string): { context: string; namespace: string } | undefined {
  const slash = head.lastIndexOf('/');
  if (slash <= 0 || slash === head.length - 1) {
    return undefined;
  }
  return { context: head.slice(0, slash), namespace: head.slice(slash + 1) };
}

export function parseTreeId(id: string): TreeId | undefined {
  const hash = id.lastIndexOf('#');
  const slash = id.lastIndexOf('/');
  if (hash === -1 || hash < slash) {
    const lease = parseLeaseKey(id);
    return lease ? { kind: 'lease', key: id, ...lease } : undefined;
  }
  const head = id.slice(0, hash);
  const suffix = id.slice(hash + 1);
  if (id === treeId.server) {
    return { kind: 'server' };
  }
  if (id === treeId.noContexts) {
    return { kind: 'no-contexts' };
  }
  if (head === '' && suffix.startsWith('problem:')) {
    const index = Number(suffix.slice('problem:'.length));
    return Number.isInteger(index) && index >= 0 ? { kind: 'problem', index } : undefined;
  }
  if (head === '') {
    return undefined;
  }
  if (suffix.startsWith('candidate:')) {
    const lease = parseLeaseKey(head);
    const candidate = suffix.slice('candidate:'.length);
    return lease && candidate !== '' ? { kind: 'candidate', key: head, ...lease, candidate } : undefined;
  }
  if (suffix === 'context') {
    return { kind: 'context', context: head };
  }
  if (suffix.startsWith('message:')) {
    const message = suffix.slice('message:'.length);
    return messageKinds.has(message) ? { kind: 'message', context: head, message: message as ContextMessageKind } : undefined;
  }
  const ns = splitNamespace(head);
  if (!ns) {
    return undefined;
  }
  switch (suffix) {
    case 'namespace':
      return { kind: 'namespace', ...ns };
    case 'forbidden':
      return { kind: 'forbidden', ...ns };
    case 'node-count':
      return ns.namespace === nodeLeaseNamespace ? { kind: 'node-count', context: ns.context } : undefined;
    default:
      return undefined;
  }
}
