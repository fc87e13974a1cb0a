// The kubeconfig context a Lease manifest is about: the one in the address of a read-only Lease
// YAML document (`lease-lens-yaml:/<context>/<namespace>/<name>.yaml`, the context percent-encoded
// as one segment), else the current context.
import type { LeaseLookup } from './leaseLookup';

export const leaseYamlScheme = 'lease-lens-yaml';

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The context named by a lease-lens-yaml URI, if `uri` is one. */
export function contextOfLeaseYamlUri(uri: string): string | undefined {
  const prefix = `${leaseYamlScheme}:`;
  if (!uri.toLowerCase().startsWith(prefix)) {
    return undefined;
  }
  let rest = uri.slice(prefix.length).replace(/[?#].*$/, '');
  if (rest.startsWith('//')) {
    rest = rest.slice(rest.indexOf('/', 2));
  }
  // The URI string encodes the path once more: undo that, then split and decode the segment.
  const path = decode(rest);
  const segments = path?.split('/');
  if (segments === undefined || segments.length !== 4 || segments[0] !== '' || !segments[1]) {
    return undefined;
  }
  return decode(segments[1]);
}

export function manifestContext(uri: string, lookup: LeaseLookup): string | undefined {
  return contextOfLeaseYamlUri(uri) ?? lookup.currentContext();
}
