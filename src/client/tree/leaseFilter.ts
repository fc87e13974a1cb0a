// The Leases view filter: free text and `ns:<namespace>` terms. Pure.
//   `sched`                 Leases whose name, namespace or holder contains "sched"
//   `ns:kube-system`        Leases in kube-system
//   `ns:kube-system sched`  both (terms AND together; several ns: terms OR together)
import type { LeaseInfo } from '../../shared/types';

export interface LeaseFilter {
  /** The text as typed, trimmed. */
  text: string;
  /** Lower-cased namespaces from `ns:` terms; empty: any namespace. */
  namespaces: string[];
  /** Lower-cased free-text terms; all must match. */
  terms: string[];
}

/** Undefined when the text filters nothing. */
export function parseLeaseFilter(input: string): LeaseFilter | undefined {
  const text = input.trim();
  if (text === '') {
    return undefined;
  }
  const namespaces: string[] = [];
  const terms: string[] = [];
  for (const token of text.split(/\s+/)) {
    const lower = token.toLowerCase();
    if (lower.startsWith('ns:')) {
      const ns = lower.slice(3);
      if (ns !== '') {
        namespaces.push(ns);
      }
    } else {
      terms.push(lower);
    }
  }
  if (namespaces.length === 0 && terms.length === 0) {
    return undefined;
  }
  return { text, namespaces, terms };
}

export function namespaceAllowed(filter: LeaseFilter | undefined, namespace: string): boolean {
  return !filter || filter.namespaces.length === 0 || filter.namespaces.includes(namespace.toLowerCase());
}

export function matchesLease(filter: LeaseFilter | undefined, lease: LeaseInfo): boolean {
  if (!filter) {
    return true;
  }
  if (!namespaceAllowed(filter, lease.namespace)) {
    return false;
  }
  if (filter.terms.length === 0) {
    return true;
  }
  const haystack = `${lease.name}\n${lease.namespace}\n${lease.spec.holderIdentity ?? ''}`.toLowerCase();
  return filter.terms.every((term) => haystack.includes(term));
}
