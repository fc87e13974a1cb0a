// Holder identities: what a Lease's `holderIdentity` says about who holds it.
//   client-go / controller-runtime: `<hostname>_<uuid>` (hostnames cannot contain '_')
//   API server identity leases:     `apiserver-<hash>_<uuid>`
//   others: free text, e.g. cert-manager's `<pod>-external-cert-manager-controller`,
//   or a bare node name in kube-node-lease.

import { preview, stripControlCharacters, truncate } from './untrustedText';

export interface HolderIdentity {
  /** The identity as the Lease holds it. */
  raw: string;
  /** The host (pod or node) name the identity names, when it has the shape of one. */
  hostname?: string;
  /** The per-process UUID client-go appends. */
  uuid?: string;
}

/** Longest display form of an identity, in code points. */
export const SHORT_HOLDER_MAX = 40;

const UUID_SUFFIX = /_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`, 'i');

/** True when `s` has the shape of a DNS host name (RFC 1123 labels, at most 253 characters). */
export function looksLikeHostname(s: string): boolean {
  return s.length > 0 && s.length <= 253 && HOSTNAME.test(s);
}

export function parseHolderIdentity(id: string): HolderIdentity {
  const m = UUID_SUFFIX.exec(id);
  if (m && m.index > 0 && m[1] !== undefined) {
    const prefix = id.slice(0, m.index);
    return looksLikeHostname(prefix) ? { raw: id, hostname: prefix, uuid: m[1] } : { raw: id, uuid: m[1] };
  }
  return looksLikeHostname(id) ? { raw: id, hostname: id } : { raw: id };
}

/**
 * The identity for display: the hostname without the UUID, or the identity itself, without
 * control characters and at most 40 code points long (ending in '…' when cut). '' when absent.
 */
export function shortHolder(id: string | undefined): string {
  if (!id) {
    return '';
  }
  const parsed = parseHolderIdentity(id);
  const base = parsed.hostname ?? (parsed.uuid !== undefined ? id.slice(0, id.length - parsed.uuid.length - 1) : id);
  const shown = truncate(stripControlCharacters(base).trim(), SHORT_HOLDER_MAX);
  return shown === '' ? preview(id) || '(unprintable)' : shown;
}
