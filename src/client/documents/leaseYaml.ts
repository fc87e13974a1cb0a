// The text of a read-only Lease YAML document. Pure.
import { dump } from 'js-yaml';
import type { LeaseInfo, LeaseKey } from '../../shared/types';
import { stripControlCharacters } from '../../core/untrustedText';
import { t } from '../../shared/l10n';

/** A Lease object as `kubectl get -o yaml` shows it, from what the server keeps. */
export function leaseObject(lease: LeaseInfo): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: lease.name,
    namespace: lease.namespace,
    uid: lease.uid,
    resourceVersion: lease.resourceVersion,
  };
  if (lease.creationTimestamp) {
    metadata.creationTimestamp = lease.creationTimestamp;
  }
  if (Object.keys(lease.labels).length > 0) {
    metadata.labels = lease.labels;
  }
  return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec: lease.spec };
}

function comment(text: string): string {
  return `# ${stripControlCharacters(text.replace(/[\r\n]+/g, ' '))}`;
}

export function renderLeaseYaml(key: LeaseKey, result: { lease?: LeaseInfo; raw?: unknown; message?: string }, now: number): string {
  const header = [comment(t('Lease {0} (read-only; updates while open)', key))];
  if (result.lease) {
    header.push(comment(t('Observed {0}, shown {1}', new Date(result.lease.observedAt).toISOString(), new Date(now).toISOString())));
  }
  const object = result.raw ?? (result.lease ? leaseObject(result.lease) : undefined);
  if (object === undefined || object === null) {
    header.push(comment(result.message ?? t('The Lease is not in the cache; it may have been deleted.')));
    return `${header.join('\n')}\n`;
  }
  if (result.message) {
    header.push(comment(result.message));
  }
  const body = dump(object, { noRefs: true, lineWidth: -1, sortKeys: false, skipInvalid: true });
  return `${header.join('\n')}\n${body}`;
}
