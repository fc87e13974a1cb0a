// The read-only documents Lease Lens opens, addressed by Lease:
//   lease-lens-log:/<context>/<namespace>/<name>.lease-log[?preset=…&text=…&regex=1&case=1&invert=1]
//   lease-lens-yaml:/<context>/<namespace>/<name>.yaml
// The context is percent-encoded as one path segment (context names may hold '/'); namespaces and
// names never need it. The extension picks the language (lease-log, yaml). Pure: string in, string
// out, so that the Lease server can read the same paths.
import type { LogFilterState } from '../../shared/webviewProtocol';
import { parseLeaseKey, type LeaseKey } from '../../shared/types';
import { parseLogFilterState } from '../../shared/webviewMessages';
import { logDocumentScheme } from '../../core/logDocument';

export const logScheme = logDocumentScheme;
export const yamlScheme = 'lease-lens-yaml';
export const logExtension = '.lease-log';
export const yamlExtension = '.yaml';

/** `/<encoded context>/<namespace>/<name><extension>` */
export function leaseDocumentPath(key: LeaseKey, extension: string): string | undefined {
  const parsed = parseLeaseKey(key);
  if (!parsed) {
    return undefined;
  }
  return `/${encodeURIComponent(parsed.context)}/${parsed.namespace}/${parsed.name}${extension}`;
}

export function leaseKeyFromDocumentPath(path: string, extension: string): LeaseKey | undefined {
  if (!path.endsWith(extension)) {
    return undefined;
  }
  const parts = path.slice(0, -extension.length).split('/');
  if (parts.length !== 4 || parts[0] !== '') {
    return undefined;
  }
  const [, encoded, namespace, name] = parts;
  if (!encoded || !namespace || !name) {
    return undefined;
  }
  let context: string;
  try {
    context = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  const key = `${context}/${namespace}/${name}`;
  return parseLeaseKey(key) ? key : undefined;
}

/** The query of a filtered log document; '' for no filter (every line). */
export function logFilterQuery(filter: LogFilterState | undefined): string {
  if (!filter) {
    return '';
  }
  const params = new URLSearchParams();
  params.set('preset', filter.preset);
  if (filter.text !== '') {
    params.set('text', filter.text);
  }
  if (filter.regex) {
    params.set('regex', '1');
  }
  if (filter.caseSensitive) {
    params.set('case', '1');
  }
  if (filter.invert) {
    params.set('invert', '1');
  }
  return params.toString();
}

export function logFilterFromQuery(query: string): LogFilterState | undefined {
  if (query === '') {
    return undefined;
  }
  const params = new URLSearchParams(query);
  return parseLogFilterState({
    preset: params.get('preset') ?? 'all',
    text: params.get('text') ?? '',
    regex: params.get('regex') === '1',
    caseSensitive: params.get('case') === '1',
    invert: params.get('invert') === '1',
  });
}
