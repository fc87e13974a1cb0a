// Holder identities: what a Lease's `holderIdentity` says about who holds it.
//   client-go / controller-runtime: `<hostname>_<uuid>` (hostnames cannot contain '_')
//   API server identity leases:     `apiserver-<hash>_<uuid>`
//   others: free text, e.g. cert-manager's `<pod>-external-cert-manager-controller`,
//   or a bare node name in kube-node-lease; a pod IP (`10.244.1.7`, `10.244.1.7:8080`,
//   `[fd00::7]:8080`, the pod DNS form `10-244-1-7.ns.pod`); kopf-style `<user>@<host>/<pid>…`.

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

/** Longest identity prefix the shape parsers below look at; longer identities are cut first. */
const SHAPE_MAX = 300;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV4_DASHED = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.|$)/;
const IPV6 = /^[0-9a-f:.]{2,45}$/;
const PORT = /^\d{1,5}$/;

function ipv4(s: string): string | undefined {
  const m = IPV4.exec(s);
  return m && m.slice(1, 5).every((part) => Number(part) <= 255) ? s : undefined;
}

function ipv6(s: string): string | undefined {
  return IPV6.test(s) && s.split(':').length >= 3 && /[0-9a-f]/.test(s) ? s : undefined;
}

/**
 * The IP address an identity names, lower-cased: the whole identity (without client-go's `_<uuid>`)
 * is an IPv4 or IPv6 address, with or without a port (`10.0.0.5:8080`, `[fd00::5]:8080`), or starts
 * with the dashed pod DNS form (`10-0-0-5.ns.pod.cluster.local`). Undefined otherwise.
 */
export function identityAddress(id: string): string | undefined {
  if (id.length > SHAPE_MAX + 37) {
    return undefined;
  }
  const parsed = parseHolderIdentity(id);
  const base = (parsed.uuid === undefined ? id : id.slice(0, id.length - parsed.uuid.length - 1)).toLowerCase();
  if (base.length === 0) {
    return undefined;
  }
  const direct = ipv4(base) ?? ipv6(base);
  if (direct !== undefined) {
    return direct;
  }
  const bracket = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(base);
  if (bracket?.[1] !== undefined) {
    return ipv6(bracket[1]);
  }
  const colon = base.lastIndexOf(':');
  if (colon > 0 && PORT.test(base.slice(colon + 1))) {
    const host = ipv4(base.slice(0, colon));
    if (host !== undefined) {
      return host;
    }
  }
  const dashed = IPV4_DASHED.exec(base);
  return dashed ? ipv4(dashed.slice(1, 5).join('.')) : undefined;
}

/** True when `s` is an IPv4 or IPv6 address (no port). */
export function isIpAddress(s: string): boolean {
  return s.length <= 45 && (ipv4(s.toLowerCase()) ?? ipv6(s.toLowerCase())) !== undefined;
}

/**
 * The host of a `<user>@<host>` or `<user>@<host>/<more>` identity (kopf and other Python
 * operators), lower-cased, when it is a host name or an IP address; undefined otherwise.
 */
export function identityUserHost(id: string): string | undefined {
  const m = /^[^@\s/]{1,64}@([^@\s/]{1,253})(?:\/|$)/.exec(id.slice(0, SHAPE_MAX + 66));
  const host = m?.[1]?.toLowerCase();
  if (host === undefined) {
    return undefined;
  }
  const bracket = /^\[([0-9a-f:.]+)\]$/.exec(host);
  if (bracket?.[1] !== undefined) {
    return ipv6(bracket[1]);
  }
  return looksLikeHostname(host) || isIpAddress(host) ? host : undefined;
}
